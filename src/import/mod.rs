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
pub mod docx;
mod encoding;
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

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    /// Not text in any encoding read (e.g. an image or a program).
    NotText,
    /// An old binary Word (.doc) or WPS document: save it as .docx first.
    OldWordFormat,
    /// Another old binary Office file (a spreadsheet or a presentation).
    OldOffice(OfficeKind),
    /// A document format that is not read, recognised by its content whatever its
    /// name: the user saves it as .docx.
    Disguised(Disguise),
    /// A Word document with an opening password.
    Encrypted,
    /// Text in a legacy encoding of another language (Japanese, Korean).
    OtherLanguage(Foreign),
    /// Larger than any article or issue text can be (see [`MAX_SOURCE_BYTES`]).
    TooLarge(u64),
}

/// Old binary Office files that are not Word documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeKind {
    Spreadsheet,
    Presentation,
}

/// Formats recognised by their content and refused with advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disguise {
    /// Rich Text Format (Word and WordPad write it, often named .doc).
    Rtf,
    /// A web archive (.mht, .mhtml), often named .doc by Word.
    Mht,
    /// Word 2003 XML or Word's flat XML (.xml, often named .doc).
    WordXml,
    /// An OpenDocument text (.odt) from LibreOffice or WPS.
    OpenDocument,
    /// A PDF.
    Pdf,
}

/// The largest file imported: a whole issue's text is well under 1 MB and a Word
/// document with photos a few MB; anything past this is not an article.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// Reads a file to import: only a regular file (a FIFO or a device is named and refused
/// before it is opened), stopped at [`MAX_SOURCE_BYTES`] actually read.
pub fn read_source(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let shown = crate::quote::path(path);
    crate::store::read_bounded(path, MAX_SOURCE_BYTES).map_err(|e| match e {
        crate::store::ReadError::TooLarge { bytes, .. } => {
            format!("{shown}: {}", ImportError::TooLarge(bytes))
        }
        crate::store::ReadError::NotAFile(_) => format!("{shown}: {e}"),
        crate::store::ReadError::Io(e) => format!("cannot read {shown}: {e}"),
    })
}

impl ImportError {
    /// The message for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        const SAVE_AS: &str = "请在 Word 或 WPS 中打开，“另存为”.docx 格式后再导入。";
        match self {
            ImportError::Empty => "文件是空的，没有可导入的文字。".into(),
            ImportError::NotText => "这个文件不是文本（不是 UTF-8、UTF-16、UTF-32、GBK/GB18030 或 Big5 编码的文字），无法导入。".into(),
            ImportError::OldWordFormat => {
                format!("这是旧版 Word（.doc）或 WPS（.wps）二进制文件，无法直接读取。{SAVE_AS}")
            }
            ImportError::OldOffice(OfficeKind::Spreadsheet) => "这是旧版 Excel 表格文件（.xls），不是文章。请把表格复制到 Word 中另存为 .docx，或复制为文本后再导入。".into(),
            ImportError::OldOffice(OfficeKind::Presentation) => "这是旧版 PowerPoint 演示文稿（.ppt），不是文章，无法导入。".into(),
            ImportError::Disguised(d) => {
                let what = match d {
                    Disguise::Rtf => "RTF 格式的文件",
                    Disguise::Mht => "单个网页文件（.mht）",
                    Disguise::WordXml => "Word XML 格式（2003 版 XML）的文件",
                    Disguise::OpenDocument => "OpenDocument 文档（.odt）",
                    Disguise::Pdf => {
                        return "这是 PDF 文件，无法直接导入。请在 PDF 阅读器中全选并复制文字，粘贴为文本文件后再导入。".into()
                    }
                };
                format!("这是{what}（不论扩展名是什么），无法直接读取。{SAVE_AS}")
            }
            ImportError::Encrypted => "这个 Word 文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中打开，取消密码后另存为 .docx 再导入。".into(),
            ImportError::OtherLanguage(f) => {
                let (enc, zh, _) = f.names();
                format!("这个文件是{zh}文字（{enc} 编码），不是中文，未导入（按中文读会变成乱码）。")
            }
            ImportError::TooLarge(bytes) => format!(
                "文件有 {} MB，太大，不像文章（上限 {} MB），未导入。",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(MAX_SOURCE_BYTES)
            ),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SAVE_AS: &str = "open it in Word or WPS and save it as .docx, then import that";
        match self {
            ImportError::Empty => f.write_str("the file is empty"),
            ImportError::NotText => f.write_str(
                "the file is not text in UTF-8, UTF-16, UTF-32, GBK/GB18030 or Big5",
            ),
            ImportError::OldWordFormat => write!(
                f,
                "this is an old binary Word (.doc) or WPS (.wps) file, which is not read; {SAVE_AS}"
            ),
            ImportError::OldOffice(OfficeKind::Spreadsheet) => f.write_str(
                "this is an old Excel spreadsheet (.xls), not an article; copy the table into Word and save it as .docx, or paste it as text",
            ),
            ImportError::OldOffice(OfficeKind::Presentation) => {
                f.write_str("this is an old PowerPoint presentation (.ppt), not an article")
            }
            ImportError::Disguised(Disguise::Pdf) => f.write_str(
                "this is a PDF, which is not read; select and copy its text in a PDF reader, save it as a text file and import that",
            ),
            ImportError::Disguised(d) => {
                let what = match d {
                    Disguise::Rtf => "an RTF document",
                    Disguise::Mht => "a web archive (.mht)",
                    Disguise::WordXml => "a Word XML document (Word 2003 XML)",
                    _ => "an OpenDocument text (.odt)",
                };
                write!(f, "this is {what} whatever its name says, which is not read; {SAVE_AS}")
            }
            ImportError::Encrypted => f.write_str(
                "this Word document is protected by a password (encrypted) and cannot be read; open it in Word or WPS, remove the password and save it as .docx",
            ),
            ImportError::OtherLanguage(e) => {
                let (enc, _, en) = e.names();
                write!(
                    f,
                    "the file is {en} text in {enc}, not Chinese; it was not imported (read as Chinese it would be garbage)"
                )
            }
            ImportError::TooLarge(bytes) => write!(
                f,
                "the file is {} MB, too large to be an article (the limit is {} MB); it was not read",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(MAX_SOURCE_BYTES)
            ),
        }
    }
}

pub use encoding::{Encoding, Foreign};

/// What an OLE compound file (the container of .doc, .wps, .xls, .ppt and of
/// password-protected .docx) holds, by the names of its streams.
fn ole_kind(bytes: &[u8]) -> ImportError {
    let has = |name: &str| {
        let wide: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(wide.len()).any(|w| w == wide.as_slice())
    };
    if has("EncryptedPackage") || has("EncryptionInfo") {
        ImportError::Encrypted
    } else if has("WordDocument") {
        ImportError::OldWordFormat
    } else if has("Workbook") || has("Book") {
        ImportError::OldOffice(OfficeKind::Spreadsheet)
    } else if has("PowerPoint Document") {
        ImportError::OldOffice(OfficeKind::Presentation)
    } else {
        ImportError::OldWordFormat
    }
}

/// A document format recognised by the start of its text.
fn disguise(text: &str) -> Option<Disguise> {
    let head: String = text
        .trim_start_matches(|c: char| c == '\u{FEFF}' || c.is_whitespace())
        .chars()
        .take(4096)
        .collect();
    let lower = head.to_ascii_lowercase();
    if head.starts_with("{\\rtf") {
        return Some(Disguise::Rtf);
    }
    if lower.contains("mime-version:") && lower.contains("multipart/related") {
        return Some(Disguise::Mht);
    }
    if lower.starts_with("<?xml")
        && (lower.contains("<w:worddocument")
            || lower.contains("progid=\"word.document\"")
            || lower.contains("<pkg:package"))
    {
        return Some(Disguise::WordXml);
    }
    None
}

/// Decodes a text file: UTF-8, UTF-16 and UTF-32 (with or without a mark),
/// GBK/GB18030 and Big5 (see `encoding`); Japanese and Korean legacy encodings are
/// named and refused, and so are documents of other formats whatever their name.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    // OLE compound file: .doc, .wps, .xls, .ppt, or an encrypted .docx.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(ole_kind(bytes));
    }
    if bytes.starts_with(b"%PDF-") {
        return Err(ImportError::Disguised(Disguise::Pdf));
    }
    let (text, enc) = match encoding::detect(bytes) {
        encoding::Detected::Text(t, e) => (t, e),
        encoding::Detected::Foreign(f) => return Err(ImportError::OtherLanguage(f)),
        encoding::Detected::Undecodable => return Err(ImportError::NotText),
    };
    if let Some(d) = disguise(&text) {
        return Err(ImportError::Disguised(d));
    }
    // Marks repeated at the start (a file saved twice with a BOM) are not text.
    let text = match text.trim_start_matches('\u{FEFF}') {
        t if t.len() == text.len() => text,
        t => t.to_string(),
    };
    text_or_binary(text, enc)
}

/// Refuses decoded "text" full of control characters (a binary file that happened to
/// decode).
fn text_or_binary(text: String, enc: Encoding) -> Result<(String, Encoding), ImportError> {
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}' | '\u{85}'))
        .count();
    if control * 20 > text.chars().count().max(1) {
        return Err(ImportError::NotText);
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, enc))
}

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

/// Why a file to import gave no articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Text(ImportError),
    Docx(docx::DocxError),
    /// A web page with no paragraphs or headings in it.
    EmptyPage,
    /// A document with no text (an empty body, or only pictures).
    NoArticle {
        images: usize,
    },
    /// A jianbao issue file that cannot be read (English, Chinese).
    BadIssue(String, String),
}

impl FileError {
    /// The message for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            FileError::Text(e) => e.chinese(),
            FileError::Docx(e) => e.chinese(),
            FileError::EmptyPage => "网页里没有找到正文（没有 <p>、<h1> 等段落）。".into(),
            FileError::NoArticle { images: 0 } => {
                "文件里没有找到文章（没有标题或正文文字）。".into()
            }
            FileError::NoArticle { images } => {
                format!("文件里没有找到文章：只有 {images} 张图片，没有文字。")
            }
            FileError::BadIssue(_, zh) => zh.clone(),
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Text(e) => e.fmt(f),
            FileError::Docx(e) => e.fmt(f),
            FileError::EmptyPage => f.write_str("the web page has no paragraphs (<p>, <h1>)"),
            FileError::NoArticle { images: 0 } => {
                f.write_str("no article found (no title or text in the file)")
            }
            FileError::NoArticle { images } => write!(
                f,
                "no article found: the file holds {images} picture(s) and no text"
            ),
            FileError::BadIssue(en, _) => f.write_str(en),
        }
    }
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
