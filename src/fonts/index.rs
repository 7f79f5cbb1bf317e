//! Which installed font files hold which families, remembered between runs.
//!
//! Reading the name table of every installed font takes 0.2–0.5 s on a machine with
//! the CJK font packages; the editor must show its first frame sooner than that, and the
//! command line must export in well under that. So the families of each file are kept
//! in a small index file, keyed by path, size and modification time; a run lists the font
//! folders (a few milliseconds), reuses what is unchanged and reads only new files.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// One face of an installed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexedFace {
    pub index: u32,
    /// Family names in every language the file gives (仿宋 and FangSong alike).
    pub families: Vec<String>,
    /// Regular upright faces are preferred when a family has several.
    pub regular: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct IndexedFile {
    size: u64,
    modified: u64,
    faces: Vec<IndexedFace>,
}

/// The index: font file → its faces.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FontIndex {
    files: HashMap<PathBuf, IndexedFile>,
    /// Entries of the font folders that were passed over this run, and why (a FIFO
    /// or a device named `*.ttf`, a file over [`MAX_FONT_FILE_BYTES`]): never saved,
    /// so they are named again on every run until they are gone.
    #[serde(skip)]
    skipped: Vec<String>,
}

impl PartialEq for FontIndex {
    /// Two indexes are the same when they know the same files (what was skipped is
    /// not part of what is saved).
    fn eq(&self, other: &FontIndex) -> bool {
        self.files == other.files
    }
}

/// The largest font file read: a CJK collection with every weight (Source Han's
/// "Super OTC") is about 120 MB; past this a file is not a font one would use.
pub const MAX_FONT_FILE_BYTES: u64 = 256 << 20;

/// The largest index file read back (a few hundred KB with thousands of fonts).
const MAX_INDEX_BYTES: u64 = 64 << 20;

impl FontIndex {
    /// The installed fonts now: the index at `cache` brought up to date (and saved back
    /// when it changed). Without a cache path every file is read.
    pub fn current(cache: Option<&Path>) -> FontIndex {
        let old: FontIndex = cache
            .and_then(|p| crate::store::read_bounded(p, MAX_INDEX_BYTES).ok())
            .and_then(|t| serde_json::from_slice(&t).ok())
            .unwrap_or_default();
        FontIndex::scan(&font_dirs(), &old, cache)
    }

    /// [`FontIndex::current`] over the given folders.
    fn scan(dirs: &[PathBuf], old: &FontIndex, cache: Option<&Path>) -> FontIndex {
        let mut new = FontIndex::default();
        let mut not_files = Vec::new();
        let mut unreadable = Vec::new();
        for dir in dirs {
            walk(dir, 0, &mut not_files, &mut |path, meta| {
                let size = meta.len();
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs());
                let file = match old.files.get(path) {
                    Some(f) if f.size == size && f.modified == modified => f.clone(),
                    _ => match read_faces(path) {
                        Ok(faces) => IndexedFile {
                            size,
                            modified,
                            faces,
                        },
                        Err(why) => {
                            unreadable.push(why);
                            return;
                        }
                    },
                };
                new.files.insert(path.to_path_buf(), file);
            });
        }
        not_files.append(&mut unreadable);
        new.skipped = not_files;
        if let Some(p) = cache {
            if new != *old {
                if let Some(dir) = p.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                if let Ok(text) = serde_json::to_string(&new) {
                    // A cache: failing to write it only costs time on the next run.
                    let _ = crate::store::write_atomic(p, text.as_bytes(), false);
                }
            }
        }
        new
    }

    /// Font-folder entries passed over in this run, each a sentence naming the path and
    /// why (for a warning).
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// The file and face index of each of `families` that is installed, preferring a
    /// regular upright face: one pass over the index, however long a style's font
    /// lists are (a hand-edited file with 100,000 names made one pass per name).
    pub fn find_all(&self, families: &[&String]) -> Vec<(String, PathBuf, u32)> {
        let wanted: std::collections::HashSet<&str> = families.iter().map(|f| f.as_str()).collect();
        let mut best: std::collections::HashMap<&str, (&PathBuf, u32, bool)> =
            std::collections::HashMap::new();
        let mut paths: Vec<&PathBuf> = self.files.keys().collect();
        paths.sort();
        for path in paths {
            for face in &self.files[path].faces {
                for name in &face.families {
                    let Some(&key) = wanted.get(name.as_str()) else {
                        continue;
                    };
                    match best.get(key) {
                        Some((_, _, true)) => {}
                        Some((_, _, false)) if !face.regular => {}
                        _ => {
                            best.insert(key, (path, face.index, face.regular));
                        }
                    }
                }
            }
        }
        families
            .iter()
            .filter_map(|f| {
                let (path, index, _) = best.get(f.as_str())?;
                Some(((*f).clone(), (*path).clone(), *index))
            })
            .collect()
    }

    /// The file and face index of `family`, preferring a regular upright face.
    pub fn find(&self, family: &str) -> Option<(PathBuf, u32)> {
        let family = family.to_string();
        let (_, path, index) = self.find_all(&[&family]).into_iter().next()?;
        Some((path, index))
    }

    /// Every family name installed, sorted (for the style editor's choices).
    pub fn families(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .files
            .values()
            .flat_map(|f| f.faces.iter().flat_map(|x| x.families.iter().cloned()))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The platform's font folders (those fontconfig, Windows and macOS use by default).
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(target_os = "windows") {
        if let Some(w) = std::env::var_os("WINDIR") {
            dirs.push(PathBuf::from(w).join("Fonts"));
        }
        if let Some(l) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(l).join("Microsoft\\Windows\\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.push(PathBuf::from("/System/Library/Fonts"));
        dirs.push(PathBuf::from("/Library/Fonts"));
        if let Some(h) = &home {
            dirs.push(h.join("Library/Fonts"));
        }
    } else {
        dirs.push(PathBuf::from("/usr/share/fonts"));
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
        if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
            dirs.push(PathBuf::from(d).join("fonts"));
        } else if let Some(h) = &home {
            dirs.push(h.join(".local/share/fonts"));
        }
        if let Some(h) = &home {
            dirs.push(h.join(".fonts"));
        }
    }
    dirs
}

/// Whether a file name is a font's (`.ttf`, `.otf`, `.ttc`, `.otc`, any case).
fn is_font_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// Calls `f` on every regular font file under `dir` with its metadata (links followed,
/// not more than 8 folders deep). A FIFO, device or socket with a font's name is noted
/// in `skipped` and never opened: reading one would block or never end.
fn walk(
    dir: &Path,
    depth: u32,
    skipped: &mut Vec<String>,
    f: &mut dyn FnMut(&Path, &std::fs::Metadata),
) {
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        match crate::store::FileKind::of(&meta) {
            None if is_font_name(&path) => f(&path, &meta),
            None => {}
            Some(crate::store::FileKind::Directory) => walk(&path, depth + 1, skipped, f),
            Some(kind) if is_font_name(&path) => skipped.push(format!(
                "{} is {}, not a font file; skipped",
                crate::quote::path(&path),
                kind.en()
            )),
            Some(_) => {}
        }
    }
}

/// The faces of one font file: family names and whether each is regular; why not when
/// the file cannot be read (a sentence naming it).
fn read_faces(path: &Path) -> Result<Vec<IndexedFace>, String> {
    let data = match crate::store::read_bounded(path, MAX_FONT_FILE_BYTES) {
        Ok(data) => data,
        // Unreadable (no permission): indexed without faces, as a file that is no font.
        Err(crate::store::ReadError::Io(_)) => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}; skipped", crate::quote::path(path))),
    };
    // A collection's header may claim up to 4 billion faces; each needs a 4-byte offset
    // after the 12-byte header. A header claiming more than the file holds is damaged
    // (u32::MAX faces took minutes, one failed parse each): no faces.
    let room = u32::try_from(data.len().saturating_sub(12) / 4).unwrap_or(u32::MAX);
    let count = match ttf_parser::fonts_in_collection(&data) {
        Some(claimed) if claimed > room => return Ok(Vec::new()),
        Some(claimed) => claimed,
        None => 1,
    };
    let mut out = Vec::new();
    for index in 0..count {
        let Ok(face) = ttf_parser::Face::parse(&data, index) else {
            continue;
        };
        let mut families: Vec<String> = Vec::new();
        for name in face.names() {
            if name.name_id == ttf_parser::name_id::FAMILY
                || name.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
                || name.name_id == ttf_parser::name_id::FULL_NAME
            {
                if let Some(n) = name.to_string() {
                    if !families.contains(&n) {
                        families.push(n);
                    }
                }
            }
        }
        let regular = face.weight() == ttf_parser::Weight::Normal && !face.is_italic();
        out.push(IndexedFace {
            index,
            families,
            regular,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the acceptance run of hostile fonts: a collection header claiming
    /// u32::MAX faces in a few bytes hung the font scan of every export.
    #[test]
    fn a_collection_claiming_billions_of_faces_is_read_at_once() {
        let dir = std::env::temp_dir().join(format!("jianbao-ttc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("huge-count.ttc");
        let mut data = b"ttcf\x00\x01\x00\x00\xff\xff\xff\xff".to_vec();
        data.extend([0u8; 64]);
        std::fs::write(&path, &data).unwrap();
        let started = std::time::Instant::now();
        let faces = read_faces(&path).unwrap();
        assert!(faces.is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_index_is_reused_when_nothing_changed() {
        let dir = std::env::temp_dir().join(format!("jianbao-fontindex-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let cache = dir.join("fonts.json");
        let first = FontIndex::current(Some(&cache));
        let again = FontIndex::current(Some(&cache));
        assert_eq!(first, again);
        // The bundled WenKai read as if installed: its families are found.
        let faces = read_faces(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/LXGWWenKai-Regular.ttf"
        )))
        .unwrap();
        assert!(
            faces[0].families.iter().any(|f| f == "LXGW WenKai"),
            "{faces:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A FIFO, a link to /dev/zero and a directory named like fonts in a font folder
    /// are passed over with a note naming them, at once (reading either would block or
    /// never end); the real font next to them is indexed, and the notes are not saved.
    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_named_like_fonts_are_skipped_with_a_note() {
        let dir = std::env::temp_dir().join(format!("jianbao-fontpipe-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let fonts = dir.join("fonts");
        std::fs::create_dir_all(fonts.join("folder.ttf")).unwrap();
        let fifo = fonts.join("pipe.ttf");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        std::os::unix::fs::symlink("/dev/zero", fonts.join("zero.otf")).unwrap();
        let real = fonts.join("WenKai.ttf");
        std::fs::copy(
            concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/LXGWWenKai-Regular.ttf"),
            &real,
        )
        .unwrap();
        let cache = dir.join("index.json");
        let t = std::time::Instant::now();
        let index = FontIndex::scan(
            std::slice::from_ref(&fonts),
            &FontIndex::default(),
            Some(&cache),
        );
        assert!(t.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(
            index.find("LXGW WenKai").map(|(p, _)| p),
            Some(real.clone())
        );
        // A style listing 500,000 names (found by the acceptance run: one pass over
        // the index per name hung the export) is looked up in one pass.
        let many: Vec<String> = (0..500_000)
            .map(|i| format!("x{i}"))
            .chain(["LXGW WenKai".to_string()])
            .collect();
        let refs: Vec<&String> = many.iter().collect();
        let t = std::time::Instant::now();
        let found = index.find_all(&refs);
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(found, vec![("LXGW WenKai".to_string(), real, 0)]);
        let notes = index.skipped().join("\n");
        assert_eq!(index.skipped().len(), 2, "{notes}");
        assert!(
            notes.contains("pipe.ttf is a FIFO (named pipe), not a font file"),
            "{notes}"
        );
        assert!(notes.contains("zero.otf is a character device"), "{notes}");
        let saved = String::from_utf8(std::fs::read(&cache).unwrap()).unwrap();
        assert!(!saved.contains("pipe.ttf") && saved.contains("WenKai.ttf"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
