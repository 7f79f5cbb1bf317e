//! Reading an issue file: the size limit, refusing files of another kind or a newer
//! version, and naming what is wrong and where (English and Chinese).

use super::{Issue, FORMAT_TAG, FORMAT_VERSION};
use std::fmt;

#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// Not JSON, or JSON that does not match the issue format.
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON file of another kind.
    WrongType { path: String, found: String },
    /// Written by a newer jianbao.
    TooNew { path: String, version: u32 },
    /// Larger than any issue can be (see [`MAX_ISSUE_FILE_BYTES`]).
    TooLarge { path: String, bytes: u64 },
    /// A container (an issue with pictures) that cannot be read: damaged, or a zip of
    /// another kind; the message names what is wrong.
    Container { path: String, message: String },
    /// A directory, FIFO, device or socket given as an issue.
    NotAFile {
        path: String,
        kind: crate::store::FileKind,
    },
    /// The issue's own style holds numbers outside their ranges: laying it out would
    /// give pages off the paper or lines on top of each other, so it is refused whole,
    /// with every field named so a hand-edited file is fixed in one go.
    Style {
        path: String,
        errors: Vec<crate::style::StyleError>,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => write!(f, "cannot read {path}: {source}"),
            LoadError::NotAFile { path, kind } => write!(
                f,
                "{path} is {}, not an issue file; nothing was read",
                kind.en()
            ),
            LoadError::Syntax {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "{path}: line {line}, column {column}: {message}"
            ),
            LoadError::WrongType { path, found } => write!(
                f,
                "{path} is not a jianbao issue (its \"format\" is {found}, expected \"{FORMAT_TAG}\")"
            ),
            LoadError::TooLarge { path, bytes } => write!(
                f,
                "{path}: the file is {} MB, too large for an issue (the limit is {} MB; a long issue is a few MB); it was not read",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(limit_for(*bytes))
            ),
            LoadError::Container { path, message } => {
                write!(f, "{path} cannot be opened: {message}")
            }
            LoadError::Style { path, errors } => {
                let all: Vec<String> = errors.iter().map(|e| e.en_in(path)).collect();
                write!(
                    f,
                    "{path}: the issue's style is not usable, so it was not opened: {}",
                    all.join("; ")
                )
            }
            LoadError::TooNew { path, version } => write!(
                f,
                "{path} was written by a newer jianbao (file version {version}, this program reads up to {FORMAT_VERSION}); update jianbao to open it"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// The same error in Chinese, for the editor's message box.
    pub fn chinese(&self) -> String {
        match self {
            LoadError::Io { path, source } => format!("无法读取文件 {path}：{source}"),
            LoadError::NotAFile { path, kind } => {
                format!("{path} 是{}，不是简报文件，未读取", kind.zh())
            }
            LoadError::Syntax {
                path,
                line,
                column,
                message,
            } => format!("文件 {path} 已损坏或格式不对：第 {line} 行第 {column} 列，{message}"),
            LoadError::WrongType { path, found } => {
                format!("{path} 不是简报文件（format 为 {found}）")
            }
            LoadError::TooLarge { path, bytes } => format!(
                "文件 {path} 有 {} MB，太大，不像简报文件（上限 {} MB，很长的一期也只有几 MB），未读取",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(limit_for(*bytes))
            ),
            LoadError::Container { path, message } => {
                format!("无法打开 {path}：{}", container_chinese(message))
            }
            LoadError::Style { path, errors } => {
                let all: Vec<String> = errors.iter().map(|e| e.chinese()).collect();
                format!("{path} 的版式数值不可用，未打开：{}", all.join("；"))
            }
            LoadError::TooNew { path, version } => format!(
                "{path} 由更新版本的简报编排保存（文件版本 {version}，本程序最高支持 {FORMAT_VERSION}），请升级后再打开"
            ),
        }
    }
}

/// The largest issue file read: the sample is 60 KB and its body set 120 times over
/// (about a million characters, 1,977 pages) is 4.6 MB, so this leaves room for any
/// real issue, while an issue of this size in the shapes layout finds hardest (one
/// glyph per byte, one word of the whole file) still lays out and exports within 1 GB
/// and 10 s on two cores (measured: 16 MB of Latin text peaked at 1.01 GB; 64 MB at
/// 3.5 GB; see the test `the_largest_accepted_issue_lays_out_within_1_gb_and_10_s`).
pub const MAX_ISSUE_FILE_BYTES: u64 = 10 << 20;

/// The limit a file of `bytes` went over: the container's when it is larger than that
/// (only a container may be), the text limit otherwise.
fn limit_for(bytes: u64) -> u64 {
    if bytes > super::container::MAX_CONTAINER_BYTES {
        super::container::MAX_CONTAINER_BYTES
    } else {
        MAX_ISSUE_FILE_BYTES
    }
}

/// The Chinese for a container message (which names the entry or the damage in
/// English words that are kept as they are).
fn container_chinese(message: &str) -> String {
    if message.starts_with("it is a zip archive without") {
        format!(
            "这是一个 zip 压缩包，但里面没有 {}，不是简报文件（是 Word 文档或别的压缩包？）",
            super::container::ISSUE_ENTRY
        )
    } else {
        format!("文件已损坏（{message}）")
    }
}

impl Issue {
    /// Parses an issue from JSON text; `path` is only used in error messages.
    pub fn from_json(text: &str, path: &str) -> Result<Issue, LoadError> {
        // A byte-order mark is what Windows Notepad puts before UTF-8 (twice, when a
        // file was saved through two programs); it is not content.
        let text = text.trim_start_matches('\u{feff}');
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax(path, &e))?;
        let format = value
            .get("format")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        if format.as_str() != Some(FORMAT_TAG) {
            return Err(LoadError::WrongType {
                path: path.to_string(),
                found: crate::quote::text(&format.to_string()),
            });
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(FORMAT_VERSION) {
            return Err(LoadError::TooNew {
                path: path.to_string(),
                version: u32::try_from(version).unwrap_or(u32::MAX),
            });
        }
        // Parse the text again (not the Value) so errors carry line and column.
        let mut issue = serde_json::from_str::<Issue>(text).map_err(|e| syntax(path, &e))?;
        // A field this version does not know would be dropped silently by the next save,
        // so it is named instead (a typo such as "subtitel", or another program's data).
        let kept = serde_json::to_value(&issue).unwrap_or(serde_json::Value::Null);
        let mut dropped = Vec::new();
        dropped_fields(&value, &kept, "", &mut dropped);
        if let Some((key, place)) = dropped.first() {
            let (line, column) = key_position(text, key);
            return Err(LoadError::Syntax {
                path: path.to_string(),
                line,
                column,
                message: format!(
                    "unknown field `{}` in {}; this version of jianbao does not read it and would drop it on saving",
                    crate::quote::text(key),
                    crate::quote::message(place)
                ),
            });
        }
        if let Some(Err(errors)) = issue.style.as_ref().map(crate::style::Style::validate) {
            return Err(LoadError::Style {
                path: path.to_string(),
                errors,
            });
        }
        // Older files are read into the current model and saved in the current version.
        issue.version = FORMAT_VERSION;
        Ok(issue)
    }

    /// Reads an issue file (plain JSON, or the container with pictures).
    pub fn load(path: &std::path::Path) -> Result<Issue, LoadError> {
        let shown = crate::quote::path(path);
        // Refused before reading (parsing takes several times a file's size in memory),
        // and stopped at the limit if the file turns out longer than it said. Only a
        // container (an issue with pictures) may be larger than the text limit.
        let limit = if starts_as_container(path) {
            super::container::MAX_CONTAINER_BYTES
        } else {
            MAX_ISSUE_FILE_BYTES
        };
        let bytes = crate::store::read_bounded(path, limit).map_err(|e| match e {
            crate::store::ReadError::NotAFile(kind) => LoadError::NotAFile {
                path: shown.clone(),
                kind,
            },
            crate::store::ReadError::TooLarge { bytes, .. } => LoadError::TooLarge {
                path: shown.clone(),
                bytes,
            },
            crate::store::ReadError::Io(source) => LoadError::Io {
                path: shown.clone(),
                source,
            },
        })?;
        Issue::from_file_bytes(bytes, &shown)
    }
}

/// Whether a regular file starts as a zip (the container of an issue with pictures),
/// so that only such a file is read up to the container's limit.
fn starts_as_container(path: &std::path::Path) -> bool {
    use std::io::Read;
    let is_file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let mut head = [0u8; 4];
    is_file
        && std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok()
        && head == *b"PK\x03\x04"
}

/// An issue from the bytes of a plain JSON file: other kinds of file and text that is
/// not UTF-8 named as such.
pub(super) fn from_text_bytes(bytes: Vec<u8>, shown: &str) -> Result<Issue, LoadError> {
    if let Some(what) = other_kind(&bytes) {
        return Err(LoadError::Syntax {
            path: shown.to_string(),
            line: 1,
            column: 1,
            message: what.to_string(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(shown, e))?;
    Issue::from_json(&text, shown)
}

/// What a file given as an issue is when its first bytes say it is no JSON text at all
/// (JSON never starts with these), so the message names it: opening the exported PDF
/// instead of the issue is an easy slip.
fn other_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    Some(if starts(b"%PDF") {
        "this is a PDF document, not a jianbao issue"
    } else if starts(b"\x89PNG") {
        "this is a PNG image, not a jianbao issue"
    } else if starts(b"\xFF\xD8\xFF") {
        "this is a JPEG image, not a jianbao issue"
    } else if starts(b"PK\x03\x04") {
        "this is a zip archive (a Word .docx or another Office file), not a jianbao issue"
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "this is an old Office document (.doc, .wps, .xls), not a jianbao issue"
    } else if starts(&[0xFF, 0xFE])
        || starts(&[0xFE, 0xFF])
        || bytes.iter().take(2).any(|&b| b == 0)
    {
        "this is text saved as UTF-16; jianbao issues are UTF-8 (save it as UTF-8)"
    } else {
        return None;
    })
}

/// The error for bytes that are not UTF-8, with the place of the first bad byte and
/// the likely cause (a file cut off mid-character, or text saved as GBK).
fn not_utf8(path: &str, e: std::string::FromUtf8Error) -> LoadError {
    let bytes = e.as_bytes();
    let at = e.utf8_error().valid_up_to();
    // The valid prefix gives the line and column (in characters) of the bad byte.
    let good = String::from_utf8_lossy(&bytes[..at]);
    let line = good.matches('\n').count() + 1;
    let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let message = if e.utf8_error().error_len().is_none() {
        "the file ends in the middle of a character: it was cut off (not saved completely?)"
            .to_string()
    } else if !encoding_rs::GB18030.decode_without_bom_handling(bytes).1 {
        "not UTF-8 text: this looks like text saved as GBK/GB18030 (save it as UTF-8)".to_string()
    } else {
        format!("not UTF-8 text (invalid byte 0x{:02X})", bytes[at])
    };
    LoadError::Syntax {
        path: path.to_string(),
        line,
        column,
        message,
    }
}

/// Fields of `read` (the file) missing from `kept` (the issue as it would be saved), as
/// (key, place). Only objects are compared, and arrays of equal length element by
/// element (a version 1 name list becomes an object and is not compared); a null value
/// holds nothing to lose.
fn dropped_fields(
    read: &serde_json::Value,
    kept: &serde_json::Value,
    place: &str,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match (read, kept) {
        (Value::Object(r), Value::Object(k)) => {
            for (key, v) in r {
                let here = if place.is_empty() {
                    key.clone()
                } else {
                    format!("{place}.{key}")
                };
                match k.get(key) {
                    Some(kv) => dropped_fields(v, kv, &here, out),
                    None if !v.is_null() => out.push((
                        key.clone(),
                        if place.is_empty() { "the issue" } else { place }.to_string(),
                    )),
                    None => {}
                }
            }
        }
        (Value::Array(r), Value::Array(k)) if r.len() == k.len() => {
            for (i, (rv, kv)) in r.iter().zip(k).enumerate() {
                dropped_fields(rv, kv, &format!("{place}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Line and column (1-based, in characters) where `"key":` first appears in `text`.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    // As written raw, or as JSON escapes it (a key holding control characters).
    let written = [
        format!("\"{key}\""),
        serde_json::to_string(key).unwrap_or_default(),
    ];
    let at = written
        .iter()
        .filter(|quoted| !quoted.is_empty())
        .find_map(|quoted| {
            text.match_indices(quoted.as_str())
                .map(|(i, _)| i)
                .find(|&i| text[i + quoted.len()..].trim_start().starts_with(':'))
        })
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn syntax(path: &str, e: &serde_json::Error) -> LoadError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => &message,
    };
    // serde_json quotes the offending value, which may be long or hold control characters.
    let message = crate::quote::message(message);
    LoadError::Syntax {
        path: path.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}
