//! Reading a file's bytes as text: its encoding found, and binary files, Office
//! containers and files in disguise told apart with a reason the editor can act on.

use super::encoding::{self, Encoding, Foreign};

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

/// What an OLE compound file (the container of .doc, .wps, .xls, .ppt and of
/// password-protected .docx) holds, by the names of its streams.
pub(super) fn ole_kind(bytes: &[u8]) -> ImportError {
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
