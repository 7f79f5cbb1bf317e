//! The body of `word/document.xml` read tag by tag into paragraphs and tables.

use super::drawings::{table_parts, CellItem, Drawing, Drawn};
use super::xml::{attr, canonical, prefixes, symbol, unescape};
use super::Part;
use crate::import::table::RawCell;

/// What the body of a document holds, in order, and what is known of its page.
#[derive(Debug, Default)]
pub(super) struct Body {
    pub parts: Vec<Part>,
    /// Drawings that are no picture: charts, SmartArt, shapes (text boxes excluded).
    pub shapes: usize,
    /// Pictures drawn anywhere, whether they come in or not.
    pub drawings: usize,
    /// The document part ends before its closing tag.
    pub cut_short: bool,
    /// The width between the margins of the (first) section, in EMU (1/914400 in).
    pub text_width_emu: Option<u64>,
}

/// A paragraph being read: its text, style marks, and the pictures drawn in it with
/// where in the text they stand.
#[derive(Debug, Default)]
struct Para {
    text: String,
    heading: bool,
    centred: bool,
    pictures: Vec<(usize, Drawn)>,
}

impl Para {
    /// The paragraph as parts in reading order: its text cut where pictures stand;
    /// pictures with nothing but spaces between them (no line break) drawn together.
    fn into_parts(self) -> Vec<Part> {
        let text_part = |t: &str| Part::Paragraph {
            text: t.trim().to_string(),
            heading: self.heading,
            centred: self.centred,
        };
        let mut out = Vec::new();
        let mut from = 0;
        let mut group: Vec<Drawn> = Vec::new();
        for (at, d) in self.pictures {
            let between = self.text.get(from..at).unwrap_or("");
            if !between.trim().is_empty() || between.contains('\n') {
                if !group.is_empty() {
                    out.push(Part::Pictures(std::mem::take(&mut group)));
                }
                if !between.trim().is_empty() {
                    out.push(text_part(between));
                }
            }
            group.push(d);
            from = at;
        }
        if !group.is_empty() {
            out.push(Part::Pictures(group));
        }
        let rest = self.text.get(from..).unwrap_or("");
        if !rest.trim().is_empty() {
            out.push(text_part(rest));
        }
        out
    }
}

/// Paragraphs, tables and pictures in WordprocessingML, whatever
/// prefix the document gives its namespace. Of an mc:AlternateContent the first
/// mc:Choice is read, or the mc:Fallback when there is no Choice, never both (Word
/// writes a text box twice). Hidden runs (w:vanish), deleted text, field codes and
/// comments (kept in another part) are skipped; w:tab, w:ptab, w:cr, w:br,
/// w:noBreakHyphen and w:sym become their characters.
pub(super) fn parse_document(xml: &str) -> Body {
    let ns = prefixes(xml);
    let w_attr = |tag: &str, local: &str| {
        if ns.w.is_empty() {
            attr(tag, local)
        } else {
            attr(tag, &format!("{}:{local}", ns.w))
        }
    };
    let mut body = Body::default();
    let mut parts = Vec::new();
    // Paragraphs nest (a text box's paragraphs sit inside a run of the outer one).
    let mut paras: Vec<Para> = Vec::new();
    let mut in_text = false;
    let mut in_ppr = false;
    let mut hidden_run = false;
    // For each open mc:AlternateContent, whether one of its branches was read.
    let mut alternates: Vec<bool> = Vec::new();
    // The branch being skipped (its name as written) and how deep in same-named
    // elements.
    let mut skipping: Option<(String, usize)> = None;
    // Drawings nest too (a picture in a text box's paragraph).
    let mut drawings: Vec<Drawing> = Vec::new();
    // Page width and side margins (twips) of the first section.
    let mut page: (Option<u64>, Option<u64>, Option<u64>) = (None, None, None);
    let mut tables: Vec<Vec<Vec<RawCell>>> = Vec::new();
    // Beside the cells' text: each cell's paragraphs and pictures in order, for the
    // tables that lay out photos with their captions.
    let mut table_items: Vec<Vec<Vec<Vec<CellItem>>>> = Vec::new();
    let mut row_items: Vec<Vec<Vec<CellItem>>> = Vec::new();
    let mut cell_items: Vec<Vec<CellItem>> = Vec::new();
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut cells: Vec<RawCell> = Vec::new();
    // Whether the row being read repeats as a header (w:tblHeader).
    let mut header_rows: Vec<bool> = Vec::new();
    let mut closed = false;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text && skipping.is_none() && !hidden_run {
            if let Some(p) = paras.last_mut() {
                p.text.push_str(&unescape(&rest[..lt]));
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
        let push = |paras: &mut Vec<Para>, c: char| {
            if let Some(p) = paras.last_mut() {
                p.text.push(c);
            }
        };
        // Inside a drawing, its own elements (any prefix) say what it holds.
        if let Some(d) = drawings.last_mut() {
            if !closing {
                d.read(written, tag);
            }
        }
        match (name, closing) {
            ("w:p", false) if !empty => paras.push(Para::default()),
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
                    p.heading = heading;
                }
            }
            ("w:outlineLvl", false) if in_ppr && w_attr(tag, "val").as_deref() == Some("0") => {
                if let Some(p) = paras.last_mut() {
                    p.heading = true;
                }
            }
            ("w:jc", false) if in_ppr => {
                let centred = w_attr(tag, "val").as_deref() == Some("center");
                if let Some(p) = paras.last_mut() {
                    p.centred = centred;
                }
            }
            // A drawing (DrawingML), or a VML picture or embedded object (w:pict,
            // w:object): a picture unless it holds a text box.
            ("w:drawing" | "w:pict" | "w:object", false) if !empty => {
                drawings.push(Drawing::default())
            }
            ("w:drawing" | "w:pict" | "w:object", true) => {
                let Some(d) = drawings.pop() else {
                    continue;
                };
                let pictures = d.pictures();
                if pictures.is_empty() {
                    body.shapes += usize::from(!d.textbox);
                }
                body.drawings += pictures.len();
                if let Some(p) = paras.last_mut() {
                    let at = p.text.len();
                    p.pictures.extend(pictures.into_iter().map(|d| (at, d)));
                }
            }
            ("w:pgSz", false) if page.0.is_none() => {
                page.0 = w_attr(tag, "w").and_then(|v| v.parse().ok());
            }
            ("w:pgMar", false) if page.1.is_none() => {
                page.1 = w_attr(tag, "left").and_then(|v| v.parse().ok());
                page.2 = w_attr(tag, "right").and_then(|v| v.parse().ok());
            }
            ("w:p", true) => {
                let Some(para) = paras.pop() else {
                    continue;
                };
                if let (false, Some(cell)) = (tables.is_empty(), cells.last_mut()) {
                    let text = para.text.trim();
                    if !cell.text.is_empty() && !text.is_empty() {
                        cell.text.push('\u{3000}');
                    }
                    cell.text.push_str(text);
                    if let Some(items) = cell_items.last_mut() {
                        for part in para.into_parts() {
                            match part {
                                Part::Paragraph { text, .. } => items.push(CellItem::Text(text)),
                                Part::Pictures(ds) => {
                                    items.extend(ds.into_iter().map(CellItem::Picture))
                                }
                                _ => {}
                            }
                        }
                    }
                } else {
                    parts.extend(para.into_parts());
                }
            }
            ("w:tbl", false) if !empty => {
                tables.push(Vec::new());
                table_items.push(Vec::new());
            }
            ("w:tbl", true) => {
                let items = table_items.pop().unwrap_or_default();
                if let Some(t) = tables.pop() {
                    parts.extend(table_parts(t, items));
                }
            }
            ("w:tr", false) if !empty => {
                rows.push(Vec::new());
                row_items.push(Vec::new());
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
                if let (Some(r), Some(t)) = (row_items.pop(), table_items.last_mut()) {
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
            ("w:tc", false) if !empty => {
                cells.push(RawCell::new(""));
                cell_items.push(Vec::new());
            }
            ("w:tc", true) => {
                if let (Some(c), Some(r)) = (cells.pop(), rows.last_mut()) {
                    r.push(c);
                }
                if let (Some(c), Some(r)) = (cell_items.pop(), row_items.last_mut()) {
                    r.push(c);
                }
            }
            _ => {}
        }
    }
    if !closed {
        // Paragraphs still open where the file was cut keep their text.
        for para in paras {
            parts.extend(para.into_parts());
        }
    }
    // Twips to EMU: 635.
    if let (Some(w), Some(l), Some(r)) = page {
        body.text_width_emu = w.checked_sub(l + r).filter(|&t| t > 0).map(|t| t * 635);
    }
    body.parts = parts;
    body.cut_short = !closed;
    body
}
