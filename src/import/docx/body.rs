//! The body of `word/document.xml` read tag by tag into paragraphs and tables.

use super::xml::{attr, canonical, prefixes, symbol, unescape};
use super::Part;
use crate::import::table::RawCell;

/// Paragraphs, tables and the number of images in WordprocessingML, whatever
/// prefix the document gives its namespace. Of an mc:AlternateContent the first
/// mc:Choice is read, or the mc:Fallback when there is no Choice, never both (Word
/// writes a text box twice). Hidden runs (w:vanish), deleted text, field codes and
/// comments (kept in another part) are skipped; w:tab, w:ptab, w:cr, w:br,
/// w:noBreakHyphen and w:sym become their characters.
pub(super) fn parse_document(xml: &str) -> (Vec<Part>, usize, bool) {
    let ns = prefixes(xml);
    let w_attr = |tag: &str, local: &str| {
        if ns.w.is_empty() {
            attr(tag, local)
        } else {
            attr(tag, &format!("{}:{local}", ns.w))
        }
    };
    let mut parts = Vec::new();
    let mut images = 0;
    // Paragraphs nest (a text box's paragraphs sit inside a run of the outer one).
    let mut paras: Vec<(String, bool, bool)> = Vec::new();
    let mut in_text = false;
    let mut in_ppr = false;
    let mut hidden_run = false;
    // For each open mc:AlternateContent, whether one of its branches was read.
    let mut alternates: Vec<bool> = Vec::new();
    // The branch being skipped (its name as written) and how deep in same-named
    // elements.
    let mut skipping: Option<(String, usize)> = None;
    let mut drawing: Option<bool> = None;
    let mut tables: Vec<Vec<Vec<RawCell>>> = Vec::new();
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut cells: Vec<RawCell> = Vec::new();
    // Whether the row being read repeats as a header (w:tblHeader).
    let mut header_rows: Vec<bool> = Vec::new();
    let mut closed = false;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text && skipping.is_none() && !hidden_run {
            if let Some(p) = paras.last_mut() {
                p.0.push_str(&unescape(&rest[..lt]));
            }
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        let written = tag
            .trim_start_matches('/')
            .split([' ', '/', '\t', '\n', '\r'])
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let empty = tag.ends_with('/');
        if let Some((skipped, depth)) = skipping.as_mut() {
            if written == skipped.as_str() && !empty {
                if closing {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    skipping = None;
                }
            }
            continue;
        }
        let name = canonical(written, &ns);
        let name = name.as_ref();
        match (name, closing) {
            ("mc:AlternateContent", false) if !empty => alternates.push(false),
            ("mc:AlternateContent", true) => {
                alternates.pop();
            }
            ("mc:Choice" | "mc:Fallback", false) if !empty => {
                match alternates.last_mut() {
                    Some(true) => skipping = Some((written.to_string(), 1)),
                    Some(taken) => *taken = true,
                    None => {}
                }
                continue;
            }
            _ => {}
        }
        let push = |paras: &mut Vec<(String, bool, bool)>, c: char| {
            if let Some(p) = paras.last_mut() {
                p.0.push(c);
            }
        };
        match (name, closing) {
            ("w:p", false) if !empty => paras.push((String::new(), false, false)),
            ("w:pPr", false) if !empty => in_ppr = true,
            ("w:pPr", true) => in_ppr = false,
            ("w:r", false) if !empty => hidden_run = false,
            ("w:r", true) => hidden_run = false,
            ("w:vanish", false) if !in_ppr => {
                let off = matches!(w_attr(tag, "val").as_deref(), Some("0" | "false" | "off"));
                hidden_run = !off;
            }
            ("w:document", true) => closed = true,
            ("w:t", false) if !empty => in_text = true,
            ("w:t", true) => in_text = false,
            _ if hidden_run => {}
            ("w:tab" | "w:ptab", false) if !in_ppr => push(&mut paras, '\t'),
            ("w:br" | "w:cr", false) => push(&mut paras, '\n'),
            ("w:noBreakHyphen", false) => push(&mut paras, '-'),
            ("w:sym", false) => {
                let font = w_attr(tag, "font").unwrap_or_default();
                let code = w_attr(tag, "char").and_then(|c| u32::from_str_radix(&c, 16).ok());
                if let Some(c) = code.and_then(|code| symbol(&font, code)) {
                    push(&mut paras, c);
                }
            }
            ("w:pStyle", false) => {
                let v = w_attr(tag, "val").unwrap_or_default().to_ascii_lowercase();
                let heading = v.starts_with("heading")
                    || v.starts_with("title")
                    || v == "1"
                    || v.contains("标题");
                if let Some(p) = paras.last_mut() {
                    p.1 = heading;
                }
            }
            ("w:outlineLvl", false) if in_ppr && w_attr(tag, "val").as_deref() == Some("0") => {
                if let Some(p) = paras.last_mut() {
                    p.1 = true;
                }
            }
            ("w:jc", false) if in_ppr => {
                let centred = w_attr(tag, "val").as_deref() == Some("center");
                if let Some(p) = paras.last_mut() {
                    p.2 = centred;
                }
            }
            // A drawing is a picture unless it holds a text box.
            ("w:drawing", false) if !empty => drawing = Some(false),
            ("w:txbxContent", false) => {
                if let Some(d) = drawing.as_mut() {
                    *d = true;
                }
            }
            ("w:drawing", true) if drawing.take() == Some(false) => images += 1,
            ("v:imagedata", false) => images += 1,
            ("w:p", true) => {
                let Some((text, heading, centred)) = paras.pop() else {
                    continue;
                };
                let text = text.trim().to_string();
                if let (false, Some(cell)) = (tables.is_empty(), cells.last_mut()) {
                    if !cell.text.is_empty() && !text.is_empty() {
                        cell.text.push('\u{3000}');
                    }
                    cell.text.push_str(&text);
                } else if !text.is_empty() {
                    parts.push(Part::Paragraph {
                        text,
                        heading,
                        centred,
                    });
                }
            }
            ("w:tbl", false) if !empty => tables.push(Vec::new()),
            ("w:tbl", true) => {
                if let Some(t) = tables.pop() {
                    parts.push(Part::Table(t));
                }
            }
            ("w:tr", false) if !empty => {
                rows.push(Vec::new());
                header_rows.push(false);
            }
            ("w:tblHeader", false) => {
                let off = matches!(w_attr(tag, "val").as_deref(), Some("0" | "false" | "off"));
                if let Some(h) = header_rows.last_mut() {
                    *h = !off;
                }
            }
            ("w:tr", true) => {
                let head = header_rows.pop().unwrap_or(false);
                if let (Some(mut r), Some(t)) = (rows.pop(), tables.last_mut()) {
                    for c in &mut r {
                        c.head = head;
                    }
                    t.push(r);
                }
            }
            ("w:gridSpan", false) => {
                let span = w_attr(tag, "val").and_then(|v| v.parse::<usize>().ok());
                if let (Some(span), Some(c)) = (span, cells.last_mut()) {
                    c.colspan = span.max(1);
                }
            }
            ("w:vMerge", false) => {
                let restart = w_attr(tag, "val").as_deref() == Some("restart");
                if let Some(c) = cells.last_mut() {
                    c.continues = !restart;
                }
            }
            ("w:tc", false) if !empty => cells.push(RawCell::new("")),
            ("w:tc", true) => {
                if let (Some(c), Some(r)) = (cells.pop(), rows.last_mut()) {
                    r.push(c);
                }
            }
            _ => {}
        }
    }
    if !closed {
        // Paragraphs still open where the file was cut keep their text.
        for (text, heading, centred) in paras {
            let text = text.trim().to_string();
            if !text.is_empty() {
                parts.push(Part::Paragraph {
                    text,
                    heading,
                    centred,
                });
            }
        }
    }
    (parts, images, !closed)
}
