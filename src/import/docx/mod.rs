//! Word documents (.docx): the zip container read with a size limit (a damaged file or
//! a zip bomb gives an error, never a panic or an exhausted machine), and the text of
//! `word/document.xml` read paragraph by paragraph: headings and the first paragraph as
//! the title, bold ignored, three-column tables offered as award lists, images noted.

use super::lines::{Hint, Source, SourceLine};
use super::structure::{recognise, Mode};
use super::table::{flatten, is_award_table, merged_name, table_block, RawCell};
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
    Table(Vec<Vec<RawCell>>),
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
    /// Tables whose merged cells were split (named by their first cells).
    pub merged_tables: Vec<String>,
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
    let mut merged_tables = Vec::new();
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
            Part::Table(raw) => {
                let flat = flatten(&raw);
                if !is_award_table(&flat.rows) {
                    let table = table_block(flat);
                    if table.rows.is_empty() {
                        continue;
                    }
                    if raw
                        .iter()
                        .flatten()
                        .any(|c| c.colspan > 1 || c.rowspan > 1 || c.continues)
                    {
                        merged_tables.push(merged_name(&table));
                    }
                    let text = table.rows.concat().join("\u{3000}");
                    lines.push(line(&text, Hint::Table(Box::new(table))));
                    continue;
                }
                let rows: Vec<Vec<String>> = raw
                    .iter()
                    .map(|r| r.iter().map(|c| c.text.clone()).collect())
                    .collect();
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
        merged_tables,
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
pub(crate) mod tests;
