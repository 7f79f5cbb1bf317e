//! Bringing text in: decoding files in the encodings member units use, repairing text
//! copied out of PDFs (hard line breaks, page-start artefacts, stray spaces), and
//! recognising an article's or a whole issue's structure (house-format.md §6).
//!
//! Everything here is a suggestion the editor shows before it is applied; nothing is
//! rewritten silently. The functions take bytes or text and return model values, so the
//! editor, the command line and the tests share them.

mod byline;
#[cfg(test)]
mod corpus_tests;
mod decode;
pub mod docx;
mod encoding;
mod file_error;
pub mod html;
mod lines;
mod lists;
mod notes;
pub mod pictures;
mod structure;
mod table;

use crate::model::{Article, Issue, Pictures};
pub use notes::ImportNote;
pub use pictures::{LeftOutPicture, LeftOutWhy};

use decode::ole_kind;
pub use decode::{decode, read_source, Disguise, ImportError, OfficeKind, MAX_SOURCE_BYTES};
pub use encoding::{Encoding, Foreign};
pub use file_error::FileError;

pub use byline::split_attribution;
pub use lines::{ends_sentence, fix_spaces, join_lines};
pub use structure::{ImportedText, Masthead};

/// Reads the structure of a whole issue (or of one article) from plain text such as
/// the text of a PDF: masthead, 【…】 section headings, titles, subtitles, paragraphs
/// (joined across hard line breaks where the text is wrapped), bylines, award lists
/// and the 报/发/送 lines.
pub fn read_issue_text(text: &str) -> ImportedText {
    structure::recognise(&lines::text_source(text), structure::Mode::Issue)
}

/// Whether decoded text is a jianbao issue file (JSON with its format tag), which
/// import reads for its articles.
pub fn looks_like_issue(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c == '\u{FEFF}' || c.is_whitespace());
    let head: String = t.chars().take(4096).collect();
    t.starts_with('{') && head.contains(crate::model::FORMAT_TAG)
}

/// The articles of an issue file given to import: all of them, in print order.
fn articles_from_issue(
    loaded: Result<Issue, crate::model::LoadError>,
) -> Result<ImportedFile, FileError> {
    use crate::model::LoadError;
    let issue = loaded.map_err(|e| match e {
        LoadError::Syntax {
            line,
            column,
            message,
            ..
        } => FileError::BadIssue(
            format!("it is a jianbao issue file, damaged at line {line}, column {column}: {message}"),
            format!("这是简报文件，但已损坏：第 {line} 行第 {column} 列，{message}"),
        ),
        LoadError::TooNew { version, .. } => FileError::BadIssue(
            format!("it is a jianbao issue file written by a newer jianbao (file version {version}); update jianbao to read it"),
            format!("这是更新版本的简报编排保存的简报文件（文件版本 {version}），请升级后再导入"),
        ),
        other => FileError::BadIssue(
            format!("it is a jianbao issue file that cannot be read: {other}"),
            format!("这是简报文件，但无法读取：{}", other.chinese()),
        ),
    })?;
    let articles: Vec<Article> = issue.articles().cloned().collect();
    if articles.is_empty() {
        return Err(FileError::NoArticle { images: 0 });
    }
    let note = ImportNote::FromIssue {
        articles: articles.len(),
        sections: issue.sections.len(),
    };
    Ok(ImportedFile {
        articles,
        pictures: issue.pictures,
        notes: vec![note],
    })
}

/// Whether an article holds anything (a title or a block).
fn has_content(a: &Article) -> bool {
    !a.title.trim().is_empty() || !a.blocks.is_empty()
}

/// What an import brings: the articles, the pictures their figures show (to go into
/// the issue with them), and notes for the user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedFile {
    pub articles: Vec<Article>,
    pub pictures: Pictures,
    pub notes: Vec<ImportNote>,
}

/// Puts imported pictures into an issue's table, so the figures of the articles added
/// to it find them (a picture the issue has already keeps its first name).
pub fn add_pictures(pictures: &Pictures, issue: &mut Issue) {
    for p in pictures.iter() {
        if issue
            .pictures
            .get(&p.id)
            .is_none_or(|had| !had.is_present())
        {
            issue.pictures.insert(p.clone());
        }
    }
}

/// Everything an editor receives, as articles with their pictures: a .docx, a saved
/// web page (.html, .htm, a WeChat article), text in any supported encoding, or another
/// jianbao issue (its articles, with their pictures), all recognised by content
/// whatever the file's name. `folder` is where the file was, for the pictures a web
/// page names by relative address. A file with no text is an error, never an empty
/// article.
pub fn import_file(
    bytes: &[u8],
    folder: Option<&std::path::Path>,
) -> Result<ImportedFile, FileError> {
    let mut file = file_as_read(bytes, folder)?;
    let removed: usize = file.articles.iter_mut().map(clean_article).sum();
    if removed > 0 {
        file.notes.push(ImportNote::Removed(removed));
    }
    // Only the pictures some figure shows (a figure the recogniser dropped with a
    // page's furniture leaves its picture behind).
    let mut used = std::collections::BTreeSet::new();
    for a in &file.articles {
        for b in &a.blocks {
            if let crate::model::Block::Figure(f) = b {
                used.extend(f.pictures().map(|c| c.picture.clone()));
            }
        }
    }
    file.pictures.retain(&used);
    Ok(file)
}

/// The articles and notes of a file, for checks that look at text only (pictures a
/// web page names by relative address are not looked for). To add articles to an
/// issue use [`import_file`], which brings their pictures.
pub fn articles_from_file(bytes: &[u8]) -> Result<(Vec<Article>, Vec<ImportNote>), FileError> {
    import_file(bytes, None).map(|f| (f.articles, f.notes))
}

/// Whether a character has no place in an article's text: C0/C1 controls other than
/// the line break and tab the model uses, and U+FFFD, which stands for a character
/// that was lost before jianbao saw it.
fn unwanted(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFD}'
}

/// Takes unwanted characters out of every string of an article, whatever its block
/// kinds (walked through its serialised form, so a new block kind is covered without
/// a change here); returns how many were taken out.
fn clean_article(article: &mut Article) -> usize {
    fn walk(v: &mut serde_json::Value, removed: &mut usize) {
        match v {
            serde_json::Value::String(s) if s.chars().any(unwanted) => {
                *removed += s.chars().filter(|&c| unwanted(c)).count();
                s.retain(|c| !unwanted(c));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| walk(i, removed)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| walk(i, removed)),
            _ => {}
        }
    }
    let Ok(mut value) = serde_json::to_value(&*article) else {
        return 0;
    };
    let mut removed = 0;
    walk(&mut value, &mut removed);
    if removed > 0 {
        if let Ok(clean) = serde_json::from_value(value) {
            *article = clean;
        }
    }
    removed
}

/// The articles of a file as its reader gave them, before the text is cleaned.
fn file_as_read(bytes: &[u8], folder: Option<&std::path::Path>) -> Result<ImportedFile, FileError> {
    let picture_notes = |found: &pictures::Found, notes: &mut Vec<ImportNote>| {
        if !found.left_out.is_empty() {
            notes.push(ImportNote::PicturesLeftOut(found.left_out.clone()));
        }
    };
    // An issue file with pictures (a zip holding issue.json): its articles and pictures.
    if bytes.starts_with(b"PK\x03\x04")
        && docx::zip_entry(bytes, crate::model::ISSUE_ENTRY).is_ok_and(|e| e.is_some())
    {
        return articles_from_issue(Issue::from_file_bytes(bytes.to_vec(), ""));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let d = docx::read_docx(bytes).map_err(|e| match e {
            docx::DocxError::Encrypted => FileError::Text(ImportError::Encrypted),
            docx::DocxError::OpenDocument => {
                FileError::Text(ImportError::Disguised(Disguise::OpenDocument))
            }
            docx::DocxError::Legacy(e) => FileError::Text(e),
            docx::DocxError::Empty { images } => FileError::NoArticle { images },
            e => FileError::Docx(e),
        })?;
        let mut notes = Vec::new();
        picture_notes(&d.found, &mut notes);
        if d.shapes > 0 {
            notes.push(ImportNote::ShapesLeftOut(d.shapes));
        }
        if d.cut_short {
            notes.push(ImportNote::CutShort);
        }
        if !d.merged_tables.is_empty() {
            notes.push(ImportNote::MergedCells(d.merged_tables));
        }
        return Ok(ImportedFile {
            articles: vec![d.article],
            pictures: d.found.pictures,
            notes,
        });
    }
    let (text, enc) = decode(bytes).map_err(FileError::Text)?;
    let mut notes = Vec::new();
    if enc == Encoding::Big5 {
        notes.push(ImportNote::Traditional);
    }
    if looks_like_issue(&text) {
        return articles_from_issue(Issue::from_json(&text, ""));
    }
    if html::looks_like_html(&text) {
        let page = html::read_html_in(&text, folder);
        if page.articles.is_empty() {
            return Err(if page.images > 0 {
                FileError::NoArticle {
                    images: page.images,
                }
            } else {
                FileError::EmptyPage
            });
        }
        picture_notes(&page.found, &mut notes);
        if !page.merged_tables.is_empty() {
            notes.push(ImportNote::MergedCells(page.merged_tables));
        }
        return Ok(ImportedFile {
            articles: page.articles,
            pictures: page.found.pictures,
            notes,
        });
    }
    let articles: Vec<Article> = articles_from_text(&text)
        .into_iter()
        .filter(has_content)
        .collect();
    if articles.is_empty() {
        return Err(FileError::NoArticle { images: 0 });
    }
    Ok(ImportedFile {
        articles,
        pictures: Pictures::default(),
        notes,
    })
}

/// An issue built from imported text on top of `template` (its masthead and style).
pub fn issue_from_text(text: &str, template: &Issue) -> Issue {
    let imported = read_issue_text(text);
    let mut issue = template.clone();
    issue.front = imported.articles_front;
    issue.sections = imported.sections;
    if let Some(m) = imported.masthead {
        let meta = &mut issue.meta;
        if let Some(name) = m.bulletin_name.filter(|n| !n.is_empty()) {
            meta.bulletin_name = name;
        }
        meta.issue_no = m.issue_no;
        meta.total_no = m.total_no;
        meta.supplement = m.supplement;
        if let Some(org) = m.editor_org {
            meta.editor_org = org;
        }
        if let Some(date) = m.date {
            meta.date = date;
            meta.year = date.year;
        }
    }
    if !imported.distribution.lines.is_empty() {
        issue.distribution = imported.distribution;
    }
    issue
}

/// The articles of a text (an article file or a paste), for adding to an issue. A text
/// with 【…】 sections or a masthead is read as a whole issue; otherwise the first
/// line is the title and a short line mid-text is part of the body.
pub fn articles_from_text(text: &str) -> Vec<Article> {
    let source = lines::text_source(text);
    let issue_like = source
        .lines
        .iter()
        .any(|l| structure::is_section_label(&l.text));
    let mode = if issue_like {
        structure::Mode::Issue
    } else {
        structure::Mode::Article
    };
    let imported = structure::recognise(&source, mode);
    let mut out = imported.articles_front;
    for s in imported.sections {
        out.extend(s.articles);
    }
    out
}

#[cfg(test)]
mod tests;
