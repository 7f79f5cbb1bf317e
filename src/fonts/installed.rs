//! Installed font files: read once per version and kept, parsed once and shared
//! between font books, and refused with a reason when damaged.

use super::{Face, MAX_FONT_FILE_BYTES};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// The bytes of an installed font file, read at most once per version of the file
/// (path, size, modification time) for the life of the program.
///
/// Why kept and not freed: the preview gives the bytes to egui as `'static` font data,
/// which egui holds until the window closes. Keeping one copy per file version (instead
/// of one per font-book rebuild, as before) bounds this to the installed files the
/// user's font lists ever named; rebuilding the book for every keystroke in a font list
/// costs nothing more.
pub fn installed_file(path: &Path) -> Option<&'static [u8]> {
    let version = FileVersion::of(path)?;
    let files = FILES.get_or_init(Mutex::default);
    if let Some(data) = files.lock().ok()?.get(&version) {
        return Some(data);
    }
    // Read without holding the lock (a large collection takes a moment).
    // Bounded, and only a regular file: the index may be older than the folder, and
    // the path a FIFO or device now.
    let bytes = crate::store::read_bounded(path, MAX_FONT_FILE_BYTES).ok()?;
    let mut files = files.lock().ok()?;
    if let Some(data) = files.get(&version) {
        return Some(data); // another thread read it meanwhile
    }
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    files.insert(version, data);
    Some(data)
}

/// Installed font files read so far, one entry per version.
static FILES: OnceLock<Mutex<HashMap<FileVersion, &'static [u8]>>> = OnceLock::new();

/// How many versions of the file at `path` are held in memory.
#[cfg(test)]
pub(super) fn loaded_versions(path: &Path) -> usize {
    FILES
        .get()
        .and_then(|f| f.lock().ok())
        .map_or(0, |f| f.keys().filter(|v| v.path == path).count())
}

/// A font file as it is on disk now: an edited or replaced file is read again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FileVersion {
    path: PathBuf,
    size: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileVersion {
    fn of(path: &Path) -> Option<FileVersion> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileVersion {
            path: path.to_path_buf(),
            size: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// The parsed face of an installed file under a family name, shared with every book
/// that already has it (parsing and the glyph cache are then not redone).
///
/// `Err` says why the file is passed over (a sentence part for a warning): a damaged
/// face is refused here, so its role falls back to the next family, rather than the
/// export failing when the face is embedded.
pub(super) fn installed_face(family: &str, path: &Path, index: u32) -> Result<Arc<Face>, String> {
    type Key = (String, FileVersion, u32);
    static FACES: OnceLock<Mutex<HashMap<Key, Weak<Face>>>> = OnceLock::new();
    let gone = || "it can no longer be read".to_string();
    let key = (
        family.to_string(),
        FileVersion::of(path).ok_or_else(gone)?,
        index,
    );
    let faces = FACES.get_or_init(Mutex::default);
    if let Some(face) = faces
        .lock()
        .map_err(|_| gone())?
        .get(&key)
        .and_then(Weak::upgrade)
    {
        return Ok(face);
    }
    let data = installed_file(path).ok_or_else(gone)?;
    let face = Face::new(
        family.to_string(),
        path.display().to_string(),
        false,
        data,
        index,
    )
    .ok_or_else(|| "it is not a font jianbao can read".to_string())?;
    if let Some(damage) = damage(&face.parsed, data.len()) {
        return Err(damage);
    }
    let face = Arc::new(face);
    let mut faces = faces.lock().map_err(|_| gone())?;
    // Faces no book holds any more are forgotten (their bytes stay, see above).
    faces.retain(|_, f| f.strong_count() > 0);
    faces.insert(key, Arc::downgrade(&face));
    Ok(face)
}

/// What would make a parsed face fail when it is embedded (the parser is lenient; the
/// subsetter is not): a table that runs past the end of the file, or outlines without
/// horizontal metrics. `None` for a sound face.
pub(super) fn damage(face: &ttf_parser::Face<'_>, file_len: usize) -> Option<String> {
    let raw = face.raw_face();
    for record in raw.table_records {
        let end = u64::from(record.offset) + u64::from(record.length);
        if end > file_len as u64 {
            let tag = String::from_utf8_lossy(&record.tag.to_bytes())
                .trim()
                .to_string();
            return Some(format!(
                "its {} table runs past the end of the file (damaged or cut short)",
                crate::quote::text(&tag)
            ));
        }
    }
    let metrics = raw
        .table(ttf_parser::Tag::from_bytes(b"hhea"))
        .and_then(|h| h.get(34..36))
        .map(|b| u16::from_be_bytes([b[0], b[1]]));
    if raw.table(ttf_parser::Tag::from_bytes(b"glyf")).is_some() && metrics.unwrap_or(0) == 0 {
        return Some("its hhea table gives no horizontal metrics (damaged)".to_string());
    }
    None
}
