//! Word documents (.docx): the zip container read with a size limit (a damaged file or
//! a zip bomb gives an error, never a panic or an exhausted machine), and the text of
//! `word/document.xml` read paragraph by paragraph: headings and the first paragraph as
//! the title, bold ignored, three-column tables offered as award lists, images noted.

use crate::model::{Article, AwardCategory, AwardRow, Block};

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
    Paragraph { text: String, heading: bool },
    Table(Vec<Vec<String>>),
}

/// What a .docx held: the article, and the images it had (reported, not imported).
#[derive(Debug, Clone, PartialEq)]
pub struct DocxArticle {
    pub article: Article,
    pub images: usize,
}

/// An article from the bytes of a .docx file.
pub fn read_docx(bytes: &[u8]) -> Result<DocxArticle, DocxError> {
    let xml = zip_entry(bytes, "word/document.xml")?.ok_or(DocxError::NotWord)?;
    let xml = String::from_utf8_lossy(&xml);
    let (parts, images) = parse_document(&xml);
    let mut article = Article {
        title: String::new(),
        subtitle: None,
        blocks: Vec::new(),
        attribution: None,
    };
    // The title: the first heading, else the first paragraph (if short).
    let title_at = parts
        .iter()
        .position(|p| matches!(p, Part::Paragraph { heading: true, .. }))
        .or_else(|| {
            parts.iter().position(|p| {
                matches!(p, Part::Paragraph { text, .. } if !text.trim().is_empty() && text.chars().count() <= 40 && !super::ends_sentence(text))
            })
        });
    for (i, part) in parts.into_iter().enumerate() {
        match part {
            Part::Paragraph { text, .. } if Some(i) == title_at => article.title = text,
            Part::Paragraph { text, .. } => {
                let text = super::fix_spaces(&text);
                if text.is_empty() {
                    continue;
                }
                if let Some((before, a)) = super::split_attribution(&text) {
                    if !before.is_empty() {
                        article.blocks.push(Block::Paragraph { text: before });
                    }
                    article.attribution = Some(a);
                    continue;
                }
                article.blocks.push(Block::Paragraph { text });
            }
            Part::Table(rows) => {
                // A table of three columns is an award list: name, organisation, award.
                let three = rows.iter().all(|r| r.len() == 3);
                if three && !rows.is_empty() {
                    let rows: Vec<AwardRow> = rows
                        .into_iter()
                        .filter(|r| !(r[0] == "姓名" || r[2] == "奖项"))
                        .map(|r| AwardRow::Person {
                            name: r[0].clone(),
                            org: r[1].clone(),
                            award: r[2].clone(),
                        })
                        .collect();
                    article.blocks.push(Block::AwardList {
                        categories: vec![AwardCategory {
                            name: "获奖名单".into(),
                            rows,
                        }],
                    });
                } else {
                    for r in rows {
                        let text = r.join("　");
                        if !text.trim().is_empty() {
                            article.blocks.push(Block::Paragraph { text });
                        }
                    }
                }
            }
        }
    }
    Ok(DocxArticle { article, images })
}

/// Paragraphs, tables and the number of images in WordprocessingML.
fn parse_document(xml: &str) -> (Vec<Part>, usize) {
    let mut parts = Vec::new();
    let mut images = 0;
    let mut para = String::new();
    let mut heading = false;
    let mut in_text = false;
    let mut table: Option<Vec<Vec<String>>> = None;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut depth_tc = 0usize;
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text {
            para.push_str(&unescape(&rest[..lt]));
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        let closing = tag.starts_with('/');
        let empty = tag.ends_with('/');
        match (name, closing) {
            ("w:t", false) if !empty => in_text = true,
            ("w:t", true) => in_text = false,
            ("w:tab", false) => para.push('\t'),
            ("w:br", false) => para.push('\n'),
            ("w:pStyle", false) => {
                let v = attr(tag, "w:val").unwrap_or_default().to_ascii_lowercase();
                heading = v.starts_with("heading")
                    || v.starts_with("title")
                    || v == "1"
                    || v.contains("标题");
            }
            ("w:drawing" | "w:pict", false) => images += 1,
            ("w:p", true) => {
                let text = para.trim().to_string();
                if depth_tc > 0 {
                    if !cell.is_empty() && !text.is_empty() {
                        cell.push('　');
                    }
                    cell.push_str(&text);
                } else if !text.is_empty() {
                    parts.push(Part::Paragraph { text, heading });
                }
                para.clear();
                heading = false;
            }
            ("w:tbl", false) if !empty => table = Some(Vec::new()),
            ("w:tbl", true) => {
                if let Some(t) = table.take() {
                    parts.push(Part::Table(t));
                }
            }
            ("w:tr", true) => {
                if let Some(t) = table.as_mut() {
                    t.push(std::mem::take(&mut row));
                }
            }
            ("w:tc", false) if !empty => depth_tc += 1,
            ("w:tc", true) => {
                depth_tc = depth_tc.saturating_sub(1);
                row.push(std::mem::take(&mut cell));
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
