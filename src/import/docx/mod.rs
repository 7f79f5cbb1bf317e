//! Word documents (.docx): the zip container read with a size limit (a damaged file or
//! a zip bomb gives an error, never a panic or an exhausted machine), and the text of
//! `word/document.xml` read paragraph by paragraph: headings and the first paragraph as
//! the title, bold ignored, three-column tables offered as award lists, images noted.

use super::lines::{Hint, Source, SourceLine};
use super::structure::{recognise, Mode};
use super::table::{flatten, is_award_table, merged_name, table_block, RawCell};

mod body;
mod xml;
mod zip;

use crate::model::{Article, Block};
use body::parse_document;
use xml::xml_text;
pub use zip::{crc32, zip_entry};

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

#[cfg(test)]
pub(crate) mod tests;
