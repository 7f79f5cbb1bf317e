//! Word documents (.docx): the zip container read with a size limit (a damaged file or
//! a zip bomb gives an error, never a panic or an exhausted machine), and the text of
//! `word/document.xml` read paragraph by paragraph: headings and the first paragraph as
//! the title, bold ignored, three-column tables offered as award lists, pictures placed
//! as figures with their captions.

use super::lines::{Hint, Source, SourceLine};
use super::structure::{recognise, Mode};
use super::table::{flatten, is_award_table, merged_name, table_block, RawCell};

mod body;
mod drawings;
mod xml;
mod zip;

use super::pictures::{captions_for, figures, is_caption, Found, Placed};
use crate::model::{Article, Block, PictureId};
use body::parse_document;
use drawings::{Drawn, Media};
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

/// One paragraph, table or group of pictures of the document, as read.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Paragraph {
        text: String,
        heading: bool,
        centred: bool,
    },
    Table(Vec<Vec<RawCell>>),
    /// Pictures drawn in one paragraph with nothing but spaces between them.
    Pictures(Vec<Drawn>),
    /// The pictures of a table laying out photos, each with the caption under it.
    Captioned(Vec<(Drawn, String)>),
}

/// What a .docx held: the article, the pictures it places, and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct DocxArticle {
    pub article: Article,
    /// The pictures the article's figures show, and the pictures left out (named,
    /// with where they were and why).
    pub found: Found,
    /// Drawings that are no picture (charts, SmartArt, shapes): left out.
    pub shapes: usize,
    /// The document part ends before its closing tag (a file cut short in copying or
    /// by a full disk): what was there is imported, and the user is told text may be
    /// missing at the end.
    pub cut_short: bool,
    /// Tables whose merged cells were split (named by their first cells).
    pub merged_tables: Vec<String>,
}

/// An article from the bytes of a .docx file: Word's paragraphs, tables and pictures
/// read by the same recogniser as text (a heading style or centred first paragraph is
/// the title; a picture's caption is the paragraph under it when it reads like one).
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
    let body = parse_document(&xml);
    let mut media = Media::new(bytes, body.text_width_emu);
    let mut lines: Vec<SourceLine> = Vec::new();
    let mut merged_tables = Vec::new();
    // The end of the text read last, to say where a left-out picture was.
    let mut last_text = String::new();
    let line = |text: &str, hint: Hint| SourceLine {
        width: super::lines::width(text),
        text: super::fix_spaces(text),
        raw: text.trim().to_string(),
        starts_paragraph: true,
        blank_before: false,
        indented: false,
        hint,
    };
    let figure_lines = |placed: Vec<Placed>, lines: &mut Vec<SourceLine>| {
        for f in figures(placed) {
            // No text: a figure is never read as a title, byline or list row.
            lines.push(line("", Hint::Figure(Box::new(f))));
        }
    };
    let mut parts = body.parts.into_iter().peekable();
    while let Some(part) = parts.next() {
        match part {
            Part::Paragraph {
                text,
                heading,
                centred,
            } => {
                last_text.clone_from(&text);
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
            Part::Pictures(drawn) => {
                let placed: Vec<(PictureId, Option<f32>)> = drawn
                    .iter()
                    .filter_map(|d| media.place(d, &last_text))
                    .collect();
                if placed.is_empty() {
                    continue;
                }
                // The caption: the paragraph under the pictures (its first line), when
                // it reads like one.
                let mut caption = None;
                if let Some(Part::Paragraph {
                    text,
                    heading: false,
                    centred,
                }) = parts.peek_mut()
                {
                    let first = text.trim().split('\n').next().unwrap_or("").to_string();
                    if is_caption(&first, *centred) {
                        let rest = text.trim()[first.len()..].trim().to_string();
                        if rest.is_empty() {
                            parts.next();
                        } else {
                            *text = rest;
                        }
                        caption = Some(first.trim().to_string());
                    }
                }
                let n = placed.len();
                let captions = captions_for(caption, n);
                let placed = placed
                    .into_iter()
                    .zip(captions)
                    .map(|((picture, share), caption)| Placed {
                        picture,
                        caption,
                        share,
                    })
                    .collect();
                figure_lines(placed, &mut lines);
            }
            Part::Captioned(drawn) => {
                let placed = drawn
                    .iter()
                    .filter_map(|(d, caption)| {
                        media.place(d, &last_text).map(|(picture, share)| Placed {
                            picture,
                            caption: caption.clone(),
                            share,
                        })
                    })
                    .collect();
                figure_lines(placed, &mut lines);
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
                    last_text.clone_from(&text);
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
                    last_text = cells.join("\u{3000}");
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
        return Err(DocxError::Empty {
            images: body.drawings + body.shapes,
        });
    }
    Ok(DocxArticle {
        article,
        found: media.found,
        shapes: body.shapes,
        cut_short: body.cut_short,
        merged_tables,
    })
}

#[cfg(test)]
mod picture_tests;
#[cfg(test)]
pub(crate) mod tests;
