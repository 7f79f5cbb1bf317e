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
}

impl DocxError {
    pub fn chinese(&self) -> String {
        match self {
            DocxError::NotZip(why) => format!("这个 .docx 文件已损坏，无法打开（{why}）。"),
            DocxError::NotWord => {
                "这个文件不是 Word 文档（缺少正文部分 word/document.xml）。".into()
            }
            DocxError::TooLarge => "这个 .docx 文件解压后过大，可能已损坏，已停止读取。".into(),
        }
    }
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotZip(why) => write!(f, "the .docx is damaged ({why})"),
            DocxError::NotWord => f.write_str("not a Word document (no word/document.xml)"),
            DocxError::TooLarge => f.write_str("a part of the .docx inflates beyond 64 MB"),
        }
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The bytes of one file inside a zip archive.
pub fn zip_entry(zip: &[u8], name: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let bad = |why: &str| DocxError::NotZip(why.to_string());
    if !zip.starts_with(b"PK\x03\x04") {
        return Err(bad("not a zip archive"));
    }
    // End of central directory: the last "PK\5\6" within the final 64 KB.
    let tail = zip.len().saturating_sub(65_557);
    let eocd = (tail..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(|| bad("no central directory"))?;
    let count = u16_at(zip, eocd + 10).ok_or_else(|| bad("truncated"))?;
    let mut at = u32_at(zip, eocd + 16).ok_or_else(|| bad("truncated"))?;
    for _ in 0..count {
        if !zip.get(at..).is_some_and(|r| r.starts_with(b"PK\x01\x02")) {
            return Err(bad("damaged central directory"));
        }
        let method = u16_at(zip, at + 10).ok_or_else(|| bad("truncated"))?;
        let crc = u32_at(zip, at + 16).ok_or_else(|| bad("truncated"))?;
        let csize = u32_at(zip, at + 20).ok_or_else(|| bad("truncated"))?;
        let usize_ = u32_at(zip, at + 24).ok_or_else(|| bad("truncated"))?;
        let nlen = u16_at(zip, at + 28).ok_or_else(|| bad("truncated"))?;
        let xlen = u16_at(zip, at + 30).ok_or_else(|| bad("truncated"))?;
        let clen = u16_at(zip, at + 32).ok_or_else(|| bad("truncated"))?;
        let local = u32_at(zip, at + 42).ok_or_else(|| bad("truncated"))?;
        let entry_name = zip
            .get(at + 46..at + 46 + nlen)
            .ok_or_else(|| bad("truncated"))?;
        at += 46 + nlen + xlen + clen;
        if entry_name != name.as_bytes() {
            continue;
        }
        if usize_ > MAX_PART {
            return Err(DocxError::TooLarge);
        }
        let lnlen = u16_at(zip, local + 26).ok_or_else(|| bad("truncated"))?;
        let lxlen = u16_at(zip, local + 28).ok_or_else(|| bad("truncated"))?;
        let start = local + 30 + lnlen + lxlen;
        let data = zip
            .get(start..start + csize)
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
}

/// An article from the bytes of a .docx file: Word's paragraphs and tables read by the
/// same recogniser as text (a heading style or centred first paragraph is the title).
pub fn read_docx(bytes: &[u8]) -> Result<DocxArticle, DocxError> {
    let xml = zip_entry(bytes, "word/document.xml")?.ok_or(DocxError::NotWord)?;
    let xml = String::from_utf8_lossy(&xml);
    let (parts, images) = parse_document(&xml);
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
    Ok(DocxArticle { article, images })
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

/// Paragraphs, tables and the number of images in WordprocessingML. Text boxes are
/// read once (from mc:Choice; mc:Fallback repeats them), hidden runs (w:vanish),
/// deleted text and field codes are skipped; w:tab, w:cr, w:br, w:noBreakHyphen and
/// w:sym become their characters.
fn parse_document(xml: &str) -> (Vec<Part>, usize) {
    let mut parts = Vec::new();
    let mut images = 0;
    // Paragraphs nest (a text box's paragraphs sit inside a run of the outer one).
    let mut paras: Vec<(String, bool, bool)> = Vec::new();
    let mut in_text = false;
    let mut in_ppr = false;
    let mut hidden_run = false;
    let mut fallback_depth = 0usize;
    let mut drawing: Option<bool> = None;
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text && fallback_depth == 0 && !hidden_run {
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
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/', '\t', '\n', '\r'])
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let empty = tag.ends_with('/');
        if name == "mc:Fallback" {
            if closing {
                fallback_depth = fallback_depth.saturating_sub(1);
            } else if !empty {
                fallback_depth += 1;
            }
            continue;
        }
        if fallback_depth > 0 {
            continue;
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
                let off = matches!(attr(tag, "w:val").as_deref(), Some("0" | "false" | "off"));
                hidden_run = !off;
            }
            ("w:t", false) if !empty => in_text = true,
            ("w:t", true) => in_text = false,
            _ if hidden_run => {}
            ("w:tab", false) if !in_ppr => push(&mut paras, '\t'),
            ("w:br" | "w:cr", false) => push(&mut paras, '\n'),
            ("w:noBreakHyphen", false) => push(&mut paras, '-'),
            ("w:sym", false) => {
                let font = attr(tag, "w:font").unwrap_or_default();
                let code = attr(tag, "w:char").and_then(|c| u32::from_str_radix(&c, 16).ok());
                if let Some(c) = code.and_then(|code| symbol(&font, code)) {
                    push(&mut paras, c);
                }
            }
            ("w:pStyle", false) => {
                let v = attr(tag, "w:val").unwrap_or_default().to_ascii_lowercase();
                let heading = v.starts_with("heading")
                    || v.starts_with("title")
                    || v == "1"
                    || v.contains("标题");
                if let Some(p) = paras.last_mut() {
                    p.1 = heading;
                }
            }
            ("w:outlineLvl", false) if in_ppr && attr(tag, "w:val").as_deref() == Some("0") => {
                if let Some(p) = paras.last_mut() {
                    p.1 = true;
                }
            }
            ("w:jc", false) if in_ppr => {
                let centred = attr(tag, "w:val").as_deref() == Some("center");
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
    (parts, images)
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
