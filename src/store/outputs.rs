//! Where exports and saved issues land: what an export may replace (never the input,
//! an issue or another program's file) and the size check before an issue is saved.

use super::read::open_regular;
use super::{same_file, write_atomic, FileKind, ReadError, WriteRefused};
use std::io::Read;
use std::path::Path;

/// Whether the start of a file says it is a jianbao issue (any name).
fn looks_like_issue(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    text.contains(&format!("\"{}\"", crate::model::FORMAT_TAG))
}

/// Checks where a PDF is about to be written: not onto the issue it was made from
/// (`input`, however the path is spelt), not onto any jianbao issue (by its name or
/// its content), not onto a directory, device, FIFO or socket, and not over a file of
/// another kind (only an earlier PDF or an empty file is replaced).
pub fn check_pdf_output(path: &Path, input: Option<&Path>) -> Result<(), WriteRefused> {
    check_export_output(path, input, crate::export::Format::Pdf)
}

/// [`check_pdf_output`] for any export format: an existing file is replaced only when
/// it is an earlier export of the same format (or empty).
pub fn check_export_output(
    path: &Path,
    input: Option<&Path>,
    format: crate::export::Format,
) -> Result<(), WriteRefused> {
    if let Some(input) = input {
        if same_file(path, input) {
            return Err(WriteRefused::IsTheInput);
        }
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(_) => return Ok(()),
    };
    if let Some(kind) = FileKind::of(&meta) {
        return Err(WriteRefused::NotAFile(kind));
    }
    let is_issue_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(crate::model::EXTENSION));
    let mut head = Vec::new();
    match open_regular(path, u64::MAX) {
        Ok((f, _)) => {
            // A Word file is known by a part at its end (bounded: 64 MB).
            let look = if format == crate::export::Format::Docx {
                64 << 20
            } else {
                4096
            };
            let _ = f.take(look).read_to_end(&mut head);
        }
        // Swapped for a FIFO or device since the look above.
        Err(ReadError::NotAFile(kind)) => return Err(WriteRefused::NotAFile(kind)),
        Err(_) => {}
    }
    if is_issue_name || looks_like_issue(&head) {
        return Err(WriteRefused::IsAnIssue);
    }
    if !head.is_empty() && !format.recognises(&head) {
        return Err(match format {
            crate::export::Format::Pdf | crate::export::Format::Booklet => WriteRefused::NotAPdf,
            other => WriteRefused::NotThisFormat(other),
        });
    }
    Ok(())
}

/// Writes an export after [`check_export_output`] (atomically, like every write).
pub fn write_export(
    path: &Path,
    bytes: &[u8],
    input: Option<&Path>,
    format: crate::export::Format,
) -> std::io::Result<()> {
    check_export_output(path, input, format).map_err(WriteRefused::into_io)?;
    write_atomic(path, bytes, false)
}

/// Writes an exported PDF after [`check_pdf_output`] (atomically, like every write).
pub fn write_pdf(path: &Path, bytes: &[u8], input: Option<&Path>) -> std::io::Result<()> {
    check_pdf_output(path, input).map_err(WriteRefused::into_io)?;
    write_atomic(path, bytes, false)
}

/// Saves an issue (pretty JSON, or the container when it has pictures: see
/// [`crate::model::Issue::to_file_bytes`]), atomically, keeping a backup of the
/// previous version. An issue larger than jianbao opens (see
/// [`crate::model::MAX_ISSUE_FILE_BYTES`] and [`crate::model::MAX_PICTURE_BYTES`]) is
/// refused: a file that cannot be opened again is worse than an error now.
pub fn save_issue(issue: &crate::model::Issue, path: &Path) -> std::io::Result<()> {
    let bytes = issue.to_file_bytes().map_err(|e| {
        match e {
            crate::model::SaveError::TextTooLarge { bytes } => {
                WriteRefused::IssueTooLarge { bytes }
            }
            crate::model::SaveError::PicturesTooLarge { bytes } => {
                WriteRefused::PicturesTooLarge { bytes }
            }
        }
        .into_io()
    })?;
    write_atomic(path, &bytes, true)
}
