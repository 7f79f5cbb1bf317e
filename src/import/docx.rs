//! Word documents (.docx): the zip container read with a size limit (a damaged file or
//! a zip bomb gives an error, never a panic or an exhausted machine), and the text of
//! `word/document.xml` read paragraph by paragraph: headings and the first paragraph as
//! the title, bold ignored, three-column tables offered as award lists, images noted.

use super::lines::{Hint, Source, SourceLine};
use super::structure::{recognise, Mode};
use crate::model::{Article, Block};

/// The most a document part may inflate to (a 200-page Word file is far smaller).
const MAX_PART: usize = 64 * 1024 * 1024;

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip file, or a damaged one.
    NotZip(String),
    /// A zip, but not a Word document (no word/document.xml).
    NotWord,
    /// A part inflates beyond the limit (a zip bomb or a damaged size).
    TooLarge,
    /// Entries encrypted with a password (zip encryption).
    Encrypted,
    /// An OpenDocument text (.odt), a zip of another format.
    OpenDocument,
    /// Not a zip but an old Office file (a .doc or an encrypted document renamed).
    Legacy(super::ImportError),
    /// No text in the document: an empty body, or pictures only.
    Empty { images: usize },
}

impl DocxError {
    pub fn chinese(&self) -> String {
        match self {
            DocxError::NotZip(why) => format!("这个 .docx 文件已损坏，无法打开（{why}）。"),
            DocxError::NotWord => {
                "这个文件不是 Word 文档（缺少正文部分 word/document.xml）。".into()
            }
            DocxError::TooLarge => "这个 .docx 文件解压后过大，可能已损坏，已停止读取。".into(),
            DocxError::Encrypted => super::ImportError::Encrypted.chinese(),
            DocxError::OpenDocument => {
                super::ImportError::Disguised(super::Disguise::OpenDocument).chinese()
            }
            DocxError::Legacy(e) => e.chinese(),
            DocxError::Empty { images } => {
                super::FileError::NoArticle { images: *images }.chinese()
            }
        }
    }
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotZip(why) => write!(f, "the .docx is damaged ({why})"),
            DocxError::NotWord => f.write_str("not a Word document (no word/document.xml)"),
            DocxError::TooLarge => f.write_str("a part of the .docx inflates beyond 64 MB"),
            DocxError::Encrypted => super::ImportError::Encrypted.fmt(f),
            DocxError::OpenDocument => {
                super::ImportError::Disguised(super::Disguise::OpenDocument).fmt(f)
            }
            DocxError::Legacy(e) => e.fmt(f),
            DocxError::Empty { images } => super::FileError::NoArticle { images: *images }.fmt(f),
        }
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

fn u64_at(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?)).ok()
}

/// Where the central directory is and how many entries it has, from the end of
/// central directory record, or from its zip64 form when the record says so (counts
/// or offsets of all ones, as zip64 writers leave them).
fn central_directory(zip: &[u8]) -> Result<(usize, usize), DocxError> {
    let bad = |why: &str| DocxError::NotZip(why.to_string());
    // End of central directory: the last "PK\5\6" within the final 64 KB.
    let tail = zip.len().saturating_sub(65_557);
    let eocd = (tail..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(|| bad("no central directory"))?;
    let count = u16_at(zip, eocd + 10).ok_or_else(|| bad("truncated"))?;
    let at = u32_at(zip, eocd + 16).ok_or_else(|| bad("truncated"))?;
    if count != 0xFFFF && at != 0xFFFF_FFFF {
        return Ok((at, count));
    }
    // Zip64: a locator just before the record points at the zip64 record.
    let locator = eocd
        .checked_sub(20)
        .filter(|&l| zip[l..].starts_with(b"PK\x06\x07"))
        .ok_or_else(|| bad("zip64 locator missing"))?;
    let record = u64_at(zip, locator + 8).ok_or_else(|| bad("truncated"))?;
    if !zip
        .get(record..)
        .is_some_and(|r| r.starts_with(b"PK\x06\x06"))
    {
        return Err(bad("damaged zip64 record"));
    }
    let count = u64_at(zip, record + 32).ok_or_else(|| bad("truncated"))?;
    let at = u64_at(zip, record + 48).ok_or_else(|| bad("truncated"))?;
    Ok((at, count))
}

/// The zip64 extra field (0x0001) of a central entry: the 64-bit values of the
/// fields its 32-bit header left at all ones, in their order (uncompressed size,
/// compressed size, local header offset).
fn zip64_values(extra: &[u8]) -> Vec<usize> {
    let mut k = 0;
    while k + 4 <= extra.len() {
        let id = u16::from_le_bytes([extra[k], extra[k + 1]]);
        let len = usize::from(u16::from_le_bytes([extra[k + 2], extra[k + 3]]));
        let body = extra.get(k + 4..k + 4 + len).unwrap_or_default();
        if id == 1 {
            return body
                .chunks_exact(8)
                .filter_map(|c| usize::try_from(u64::from_le_bytes(c.try_into().ok()?)).ok())
                .collect();
        }
        k += 4 + len;
    }
    Vec::new()
}

/// The bytes of one file inside a zip archive (zip64 archives included).
pub fn zip_entry(zip: &[u8], name: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let bad = |why: &str| DocxError::NotZip(why.to_string());
    if !zip.starts_with(b"PK\x03\x04") && !zip.starts_with(b"PK\x05\x06") {
        return Err(bad("not a zip archive"));
    }
    let (mut at, count) = central_directory(zip)?;
    for _ in 0..count {
        if !zip.get(at..).is_some_and(|r| r.starts_with(b"PK\x01\x02")) {
            return Err(bad("damaged central directory"));
        }
        let field = |off: usize| u32_at(zip, at + off).ok_or_else(|| bad("truncated"));
        let flags = u16_at(zip, at + 8).ok_or_else(|| bad("truncated"))?;
        let method = u16_at(zip, at + 10).ok_or_else(|| bad("truncated"))?;
        let crc = field(16)?;
        let mut csize = field(20)?;
        let mut usize_ = field(24)?;
        let nlen = u16_at(zip, at + 28).ok_or_else(|| bad("truncated"))?;
        let xlen = u16_at(zip, at + 30).ok_or_else(|| bad("truncated"))?;
        let clen = u16_at(zip, at + 32).ok_or_else(|| bad("truncated"))?;
        let mut local = field(42)?;
        let entry_name = zip
            .get(at + 46..at + 46 + nlen)
            .ok_or_else(|| bad("truncated"))?;
        let extra = zip
            .get(at + 46 + nlen..at + 46 + nlen + xlen)
            .ok_or_else(|| bad("truncated"))?;
        at += 46 + nlen + xlen + clen;
        if entry_name != name.as_bytes() {
            continue;
        }
        // Bit 0: the entry is encrypted (a password-protected archive).
        if flags & 1 != 0 {
            return Err(DocxError::Encrypted);
        }
        let mut wide = zip64_values(extra).into_iter();
        for v in [&mut usize_, &mut csize, &mut local] {
            if *v == 0xFFFF_FFFF {
                *v = wide.next().ok_or_else(|| bad("zip64 sizes missing"))?;
            }
        }
        if usize_ > MAX_PART {
            return Err(DocxError::TooLarge);
        }
        let lnlen = u16_at(zip, local + 26).ok_or_else(|| bad("truncated"))?;
        let lxlen = u16_at(zip, local + 28).ok_or_else(|| bad("truncated"))?;
        let start = local + 30 + lnlen + lxlen;
        let data = start
            .checked_add(csize)
            .and_then(|end| zip.get(start..end))
            .ok_or_else(|| bad("entry outside the file"))?;
        use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
        let data = match method {
            0 => data.to_vec(),
            8 => decompress_to_vec_with_limit(data, MAX_PART).map_err(|e| match e.status {
                TINFLStatus::HasMoreOutput => DocxError::TooLarge,
                _ => bad("damaged compressed data"),
            })?,
            _ => return Err(bad("unsupported compression")),
        };
        // Damaged compressed data often still inflates (to garbage); the checksum the
        // zip records for each entry tells.
        if crc32(&data) as usize != crc {
            return Err(bad("damaged data: checksum mismatch"));
        }
        return Ok(Some(data));
    }
    Ok(None)
}

/// CRC-32 (IEEE), the checksum a zip records for each entry (also what tests use to
/// write archives).
pub fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    !data.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// One paragraph or table of the document, as read.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Paragraph {
        text: String,
        heading: bool,
        centred: bool,
    },
    Table(Vec<Vec<String>>),
}

/// What a .docx held: the article, and the images it had (reported, not imported).
#[derive(Debug, Clone, PartialEq)]
pub struct DocxArticle {
    pub article: Article,
    pub images: usize,
    /// The document part ends before its closing tag (a file cut short in copying or
    /// by a full disk): what was there is imported, and the user is told text may be
    /// missing at the end.
    pub cut_short: bool,
}

/// An article from the bytes of a .docx file: Word's paragraphs and tables read by the
/// same recogniser as text (a heading style or centred first paragraph is the title).
pub fn read_docx(bytes: &[u8]) -> Result<DocxArticle, DocxError> {
    // An old Office file named .docx (a .doc, or a password-protected document,
    // which Word keeps in the old container).
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(match super::ole_kind(bytes) {
            super::ImportError::Encrypted => DocxError::Encrypted,
            e => DocxError::Legacy(e),
        });
    }
    let Some(xml) = zip_entry(bytes, "word/document.xml")? else {
        let mimetype = zip_entry(bytes, "mimetype")
            .ok()
            .flatten()
            .unwrap_or_default();
        return Err(
            if mimetype.starts_with(b"application/vnd.oasis.opendocument") {
                DocxError::OpenDocument
            } else {
                DocxError::NotWord
            },
        );
    };
    let xml = xml_text(&xml);
    let (parts, images, cut_short) = parse_document(&xml);
    let mut lines: Vec<SourceLine> = Vec::new();
    let line = |text: &str, hint: Hint| SourceLine {
        width: super::lines::width(text),
        text: super::fix_spaces(text),
        raw: text.trim().to_string(),
        starts_paragraph: true,
        blank_before: false,
        indented: false,
        hint,
    };
    for part in parts {
        match part {
            Part::Paragraph {
                text,
                heading,
                centred,
            } => {
                // A line break inside a paragraph (w:br, w:cr) is a paragraph break in
                // text pasted into Word.
                for (k, piece) in text
                    .split('\n')
                    .filter(|p| !p.trim().is_empty())
                    .enumerate()
                {
                    let hint = match (k, heading, centred) {
                        (0, true, _) => Hint::Heading,
                        (0, false, true) => Hint::Centred,
                        _ => Hint::None,
                    };
                    lines.push(line(piece, hint));
                }
            }
            Part::Table(rows) => {
                for cells in rows {
                    let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
                    if cells.iter().all(String::is_empty) {
                        continue;
                    }
                    lines.push(line(&cells.join("\u{3000}"), Hint::Cells(cells)));
                }
            }
        }
    }
    let source = Source {
        lines,
        ..Source::default()
    };
    let imported = recognise(&source, Mode::Article);
    let mut articles = imported.articles_front.into_iter();
    let mut article = articles.next().unwrap_or(Article {
        title: String::new(),
        subtitle: None,
        blocks: Vec::new(),
        attribution: None,
    });
    // A Word file is one article: anything after a closing byline is kept in it.
    for more in articles {
        if !more.title.is_empty() {
            article.blocks.push(Block::Paragraph { text: more.title });
        }
        article.blocks.extend(more.blocks);
        if article.attribution.is_none() {
            article.attribution = more.attribution;
        }
    }
    if article.title.trim().is_empty() && article.blocks.is_empty() {
        return Err(DocxError::Empty { images });
    }
    Ok(DocxArticle {
        article,
        images,
        cut_short,
    })
}

/// The text of an XML part: UTF-16 when it says so by its mark or its first bytes
/// (`<` and a zero), else UTF-8.
fn xml_text(bytes: &[u8]) -> String {
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8]| {
        enc.decode_without_bom_handling(body).0.into_owned()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(encoding_rs::UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(encoding_rs::UTF_16BE, rest),
        [b'<', 0, ..] => utf16(encoding_rs::UTF_16LE, bytes),
        [0, b'<', ..] => utf16(encoding_rs::UTF_16BE, bytes),
        _ => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            String::from_utf8_lossy(body).into_owned()
        }
    }
}

/// The prefixes a document binds to WordprocessingML and to markup compatibility
/// (`w` and `mc` in what Word writes; any prefix, or none, in what other programs
/// write), read from the namespace declarations.
#[derive(Debug, Clone, PartialEq)]
struct Prefixes {
    w: String,
    mc: String,
}

fn prefixes(xml: &str) -> Prefixes {
    const MAIN: [&str; 2] = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ];
    const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
    let mut found = Prefixes {
        w: "w".into(),
        mc: "mc".into(),
    };
    // Declarations sit on the root element (the first tags).
    // Cut at a character boundary: a long first paragraph of Chinese text reaches
    // past 16 KB mid-character.
    let mut end = xml.len().min(16 * 1024);
    while !xml.is_char_boundary(end) {
        end -= 1;
    }
    let head = &xml[..end];
    for decl in head.split("xmlns").skip(1) {
        let (prefix, rest) = match decl.strip_prefix(':') {
            Some(r) => match r.split_once('=') {
                Some((p, rest)) => (p.trim(), rest),
                None => continue,
            },
            None => match decl.trim_start().strip_prefix('=') {
                Some(rest) => ("", rest),
                None => continue,
            },
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let uri = rest[1..].split(quote).next().unwrap_or("");
        if MAIN.contains(&uri) {
            found.w = prefix.to_string();
        } else if uri == MC {
            found.mc = prefix.to_string();
        }
    }
    found
}

/// An element or attribute name with the document's prefixes put in Word's form
/// (`ns0:p` → `w:p`, `p` in the default namespace → `w:p`).
fn canonical<'a>(name: &'a str, p: &Prefixes) -> std::borrow::Cow<'a, str> {
    match name.split_once(':') {
        Some((pre, local)) if pre == p.w && pre != "w" => format!("w:{local}").into(),
        Some((pre, local)) if pre == p.mc && pre != "mc" => format!("mc:{local}").into(),
        None if p.w.is_empty() => format!("w:{name}").into(),
        _ => name.into(),
    }
}

/// A character of a symbol font (w:sym): Symbol's and Wingdings' common marks, and
/// the character itself for other fonts.
fn symbol(font: &str, code: u32) -> Option<char> {
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.to_ascii_lowercase();
    let mapped = if font.contains("wingdings") {
        match code {
            0x6C | 0x6E | 0x9F | 0xA1 | 0xA7 => '•',
            0xA8 | 0x6F => '□',
            0xFC => '✓',
            0xFB | 0xFD => '×',
            0xE0 | 0xE8 => '→',
            _ => '•',
        }
    } else if font.contains("symbol") {
        match code {
            0xB7 => '•',
            0xB4 => '×',
            0xB8 => '÷',
            0xB0 => '°',
            0xB1 => '±',
            0xAE => '→',
            0xAC => '←',
            0xA3 => '≤',
            0xB3 => '≥',
            0xB9 => '≠',
            0x61..=0x7A => char::from_u32(0x3B1 + code - 0x61)?,
            _ => char::from_u32(code)?,
        }
    } else {
        char::from_u32(code)?
    };
    Some(mapped)
}

/// Paragraphs, tables and the number of images in WordprocessingML, whatever
/// prefix the document gives its namespace. Of an mc:AlternateContent the first
/// mc:Choice is read, or the mc:Fallback when there is no Choice, never both (Word
/// writes a text box twice). Hidden runs (w:vanish), deleted text, field codes and
/// comments (kept in another part) are skipped; w:tab, w:ptab, w:cr, w:br,
/// w:noBreakHyphen and w:sym become their characters.
fn parse_document(xml: &str) -> (Vec<Part>, usize, bool) {
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
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
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
                    if !cell.is_empty() && !text.is_empty() {
                        cell.push('\u{3000}');
                    }
                    cell.push_str(&text);
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
            ("w:tr", false) if !empty => rows.push(Vec::new()),
            ("w:tr", true) => {
                if let (Some(r), Some(t)) = (rows.pop(), tables.last_mut()) {
                    t.push(r);
                }
            }
            ("w:tc", false) if !empty => cells.push(String::new()),
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

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + end]))
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|&k| k <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=semi]),
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::AttributionKind;

    /// The checksum is the standard CRC-32: its published check value, and the
    /// checksum Python's zlib gives for UTF-8 text.
    #[test]
    fn crc32_is_the_zip_checksum() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32("简报".as_bytes()), 0x5272_96E1);
    }

    /// A zip archive of `files`, stored or deflated.
    pub(crate) fn zip(files: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let (method, body) = if deflate {
                (8u16, miniz_oxide::deflate::compress_to_vec(data, 6))
            } else {
                (0u16, data.to_vec())
            };
            let offset = out.len() as u32;
            let crc = crc32(data);
            let header = |sig: &[u8], central: bool| {
                let mut h = sig.to_vec();
                if central {
                    h.extend(20u16.to_le_bytes());
                }
                h.extend(20u16.to_le_bytes());
                h.extend(0u16.to_le_bytes());
                h.extend(method.to_le_bytes());
                h.extend([0u8; 4]);
                h.extend(crc.to_le_bytes());
                h.extend((body.len() as u32).to_le_bytes());
                h.extend((data.len() as u32).to_le_bytes());
                h.extend((name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes());
                if central {
                    // Comment length, disk, internal and external attributes.
                    h.extend([0u8; 10]);
                    h.extend(offset.to_le_bytes());
                }
                h.extend(name.as_bytes());
                h
            };
            out.extend(header(b"PK\x03\x04", false));
            out.extend(&body);
            central.extend(header(b"PK\x01\x02", true));
        }
        let cd_offset = out.len() as u32;
        out.extend(&central);
        out.extend(b"PK\x05\x06");
        out.extend([0u8; 4]);
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((files.len() as u16).to_le_bytes());
        out.extend((central.len() as u32).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out
    }

    fn para(text: &str, style: Option<&str>, bold: bool) -> String {
        let style = style.map_or(String::new(), |s| {
            format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
        });
        let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        format!("<w:p>{style}<w:r>{rpr}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    pub(crate) fn sample_docx(deflate: bool) -> Vec<u8> {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let row =
            |a: &str, b: &str, c: &str| format!("<w:tr>{}{}{}</w:tr>", cell(a), cell(b), cell(c));
        let body = [
            para("山西移动召开“数智移动　实事为民”启动会", Some("Heading1"), true),
            para("近日，山西移动召开启动会。人民网、新华网等&amp;媒体记者应邀参会。", None, false),
            "<w:p><w:r><w:t>活动中，</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>媒体记者</w:t></w:r><w:r><w:t>奔赴基层。</w:t></w:r></w:p>".to_string(),
            format!("<w:tbl>{}{}{}</w:tbl>", row("姓名", "单位", "奖项"), row("薛亥申", "山西省通信行业协会", "特等奖"), row("徐媛", "山西邮政", "二等奖")),
            "<w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p>".to_string(),
            para("（王婧）", None, false),
        ]
        .concat();
        let doc =
            format!("<?xml version=\"1.0\"?><w:document><w:body>{body}</w:body></w:document>");
        zip(
            &[
                ("[Content_Types].xml", b"<Types/>"),
                ("word/document.xml", doc.as_bytes()),
            ],
            deflate,
        )
    }

    #[test]
    fn a_word_document_imports_as_an_article() {
        for deflate in [false, true] {
            let got = read_docx(&sample_docx(deflate)).expect("reads");
            let a = &got.article;
            assert_eq!(a.title, "山西移动召开“数智移动　实事为民”启动会");
            assert_eq!(
                a.blocks[0],
                Block::Paragraph {
                    text: "近日，山西移动召开启动会。人民网、新华网等&媒体记者应邀参会。".into()
                }
            );
            // Bold runs are plain text.
            assert_eq!(
                a.blocks[1],
                Block::Paragraph {
                    text: "活动中，媒体记者奔赴基层。".into()
                }
            );
            let Block::AwardList { categories } = &a.blocks[2] else {
                panic!("the three-column table is an award list: {:?}", a.blocks);
            };
            assert_eq!(categories[0].rows.len(), 2, "header row dropped");
            assert_eq!(got.images, 1);
            assert_eq!(
                a.attribution.as_ref().map(|x| &x.kind),
                Some(&AttributionKind::Author {
                    names: vec!["王婧".into()]
                })
            );
        }
    }

    /// A zip64 archive as streaming writers make it: every size and offset in the
    /// central directory left at all ones with the values in the zip64 extra field,
    /// and a zip64 end record with its locator.
    fn zip64(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let offset = out.len() as u64;
            let crc = crc32(data);
            out.extend(b"PK\x03\x04");
            out.extend([45u8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend(crc.to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(name.as_bytes());
            out.extend(*data);
            central.extend(b"PK\x01\x02");
            central.extend([45u8, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend(crc.to_le_bytes());
            central.extend([0xFF; 8]);
            central.extend((name.len() as u16).to_le_bytes());
            central.extend(28u16.to_le_bytes());
            central.extend([0u8; 10]);
            central.extend([0xFF; 4]);
            central.extend(name.as_bytes());
            central.extend(1u16.to_le_bytes());
            central.extend(24u16.to_le_bytes());
            central.extend((data.len() as u64).to_le_bytes());
            central.extend((data.len() as u64).to_le_bytes());
            central.extend(offset.to_le_bytes());
        }
        let cd_offset = out.len() as u64;
        out.extend(&central);
        let record = out.len() as u64;
        out.extend(b"PK\x06\x06");
        out.extend(44u64.to_le_bytes());
        out.extend([45u8, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend((files.len() as u64).to_le_bytes());
        out.extend((files.len() as u64).to_le_bytes());
        out.extend((central.len() as u64).to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend(b"PK\x06\x07");
        out.extend(0u32.to_le_bytes());
        out.extend(record.to_le_bytes());
        out.extend(1u32.to_le_bytes());
        out.extend(b"PK\x05\x06");
        out.extend([0u8; 4]);
        out.extend([0xFF; 16]);
        out.extend(0u16.to_le_bytes());
        out
    }

    fn docx_of(xml: &str) -> Vec<u8> {
        zip(&[("word/document.xml", xml.as_bytes())], true)
    }

    fn texts(a: &Article) -> Vec<String> {
        let mut out = vec![a.title.clone()];
        for b in &a.blocks {
            if let Block::Paragraph { text } = b {
                out.push(text.clone());
            }
        }
        out
    }

    const MAIN_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A first paragraph of Chinese text that runs past the 16 KB where namespace
    /// declarations are looked for (the cut fell inside a character and panicked;
    /// found by the acceptance run of hostile inputs).
    #[test]
    fn a_long_first_paragraph_is_cut_at_a_character_boundary() {
        for pad in 0..3 {
            let text = format!("{}{}", "a".repeat(pad), "测".repeat(8_000));
            let xml = format!(
                "<w:document xmlns:w=\"{MAIN_NS}\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
            );
            let a = read_docx(&docx_of(&xml)).expect("reads").article;
            assert_eq!(texts(&a).concat(), text);
        }
    }

    /// Any prefix, or the default namespace, and UTF-16 parts read as Word's own.
    #[test]
    fn any_prefix_and_utf16_parts_are_read() {
        let body = |p: &str| {
            format!(
                "<{p}body><{p}p><{p}pPr><{p}pStyle {p}val=\"Title\"/></{p}pPr><{p}r><{p}t>协会召开理事会</{p}t></{p}r></{p}p><{p}p><{p}r><{p}t>会议审议了工作报告。</{p}t></{p}r></{p}p></{p}body>"
            )
        };
        let want = ["协会召开理事会", "会议审议了工作报告。"];
        let forms = [
            format!(
                "<?xml version=\"1.0\"?><ns0:document xmlns:ns0=\"{MAIN_NS}\">{}</ns0:document>",
                body("ns0:")
            ),
            format!(
                "<?xml version=\"1.0\"?><document xmlns=\"{MAIN_NS}\">{}</document>",
                body("")
            ),
            format!(
                "<w:document xmlns:w=\"{MAIN_NS}\">{}</w:document>",
                body("w:")
            ),
        ];
        for xml in &forms {
            let a = read_docx(&docx_of(xml)).expect("reads").article;
            assert_eq!(texts(&a), want, "{xml}");
        }
        for big_endian in [false, true] {
            let xml = forms[0].replace("version=\"1.0\"", "version=\"1.0\" encoding=\"UTF-16\"");
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            bytes.extend(xml.encode_utf16().flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            }));
            let d = zip(&[("word/document.xml", &bytes)], true);
            assert_eq!(texts(&read_docx(&d).expect("reads").article), want);
        }
    }

    /// Text boxes once (Choice, else Fallback), hidden text and comments never,
    /// special characters as their characters.
    #[test]
    fn text_boxes_once_hidden_text_and_comments_never() {
        let box_ = |t: &str| {
            format!("<w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent>")
        };
        let alt = |choice: bool, fallback: bool| {
            let c = if choice {
                format!("<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice>", box_("框中文字。"))
            } else {
                String::new()
            };
            let f = if fallback {
                format!(
                    "<mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback>",
                    box_("框中文字。")
                )
            } else {
                String::new()
            };
            format!("<w:p><w:r><mc:AlternateContent>{c}{f}</mc:AlternateContent></w:r></w:p>")
        };
        for (choice, fallback) in [(true, true), (true, false), (false, true)] {
            let xml = format!(
                "<w:document xmlns:w=\"{MAIN_NS}\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{}{}<w:p><w:r><w:t>正文。</w:t></w:r></w:p></w:body></w:document>",
                para("标题", Some("Heading1"), false),
                alt(choice, fallback)
            );
            let a = read_docx(&docx_of(&xml)).expect("reads").article;
            assert_eq!(
                texts(&a),
                ["标题", "框中文字。", "正文。"],
                "{choice} {fallback}"
            );
        }
        // Another prefix for markup compatibility, too.
        let xml = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\" xmlns:m2=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{}{}</w:body></w:document>",
            para("标题", Some("Heading1"), false),
            alt(true, true).replace("mc:", "m2:")
        );
        assert_eq!(
            texts(&read_docx(&docx_of(&xml)).expect("reads").article),
            ["标题", "框中文字。"]
        );
        let xml = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\"><w:body>{}<w:p><w:r><w:t>会议</w:t></w:r><w:commentRangeStart w:id=\"0\"/><w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏的意见）</w:t></w:r><w:r><w:t>要求</w:t></w:r><w:r><w:tab/><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t><w:sym w:font=\"Symbol\" w:char=\"F0B3\"/><w:t>5。</w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p></w:body></w:document>",
            para("标题", Some("Heading1"), false)
        );
        let d = zip(
            &[
                ("word/document.xml", xml.as_bytes()),
                ("word/comments.xml", "<w:comments><w:comment w:id=\"0\"><w:p><w:r><w:t>批注文字</w:t></w:r></w:p></w:comment></w:comments>".as_bytes()),
            ],
            true,
        );
        let a = read_docx(&d).expect("reads").article;
        assert_eq!(texts(&a), ["标题", "会议要求A-B≥5。"]);
    }

    #[test]
    fn zip64_encrypted_entries_and_opendocument() {
        let xml = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\"><w:body>{}{}</w:body></w:document>",
            para("协会召开理事会", Some("Heading1"), false),
            para("会议审议了工作报告。", None, false)
        );
        let d = zip64(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", xml.as_bytes()),
        ]);
        assert_eq!(
            texts(&read_docx(&d).expect("zip64 reads").article),
            ["协会召开理事会", "会议审议了工作报告。"]
        );
        // General-purpose flag bit 0: the entry is encrypted.
        let mut enc = docx_of(&xml);
        let cd = enc
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("central entry");
        enc[cd + 8] |= 1;
        assert_eq!(read_docx(&enc), Err(DocxError::Encrypted));
        let odt = zip(
            &[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<x/>"),
            ],
            false,
        );
        assert_eq!(read_docx(&odt), Err(DocxError::OpenDocument));
    }

    #[test]
    fn damaged_documents_and_zip_bombs_are_errors() {
        assert!(matches!(read_docx(b"not a zip"), Err(DocxError::NotZip(_))));
        let good = sample_docx(true);
        for cut in [10, good.len() / 2, good.len() - 5] {
            assert!(read_docx(&good[..cut]).is_err(), "cut at {cut}");
        }
        let other = zip(&[("a.txt", b"hello")], false);
        assert_eq!(read_docx(&other), Err(DocxError::NotWord));
        // 100 MB of zeros compresses to ~100 KB: refused at the limit, not inflated.
        let zeros = vec![0u8; 100 * 1024 * 1024];
        let bomb = zip(&[("word/document.xml", &zeros)], true);
        assert_eq!(read_docx(&bomb), Err(DocxError::TooLarge));
        // Arbitrary bytes after a zip signature never panic.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200 {
            let mut bytes = b"PK\x03\x04".to_vec();
            for _ in 0..300 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                bytes.push((x >> 32) as u8);
            }
            let _ = read_docx(&bytes);
        }
    }
}
