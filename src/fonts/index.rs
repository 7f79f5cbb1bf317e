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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FontIndex {
    files: HashMap<PathBuf, IndexedFile>,
}

impl FontIndex {
    /// The installed fonts now: the index at `cache` brought up to date (and saved back
    /// when it changed). Without a cache path every file is read.
    pub fn current(cache: Option<&Path>) -> FontIndex {
        let old: FontIndex = cache
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        let mut new = FontIndex::default();
        for dir in font_dirs() {
            walk(&dir, 0, &mut |path| {
                let Ok(meta) = std::fs::metadata(path) else {
                    return;
                };
                let size = meta.len();
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_secs());
                let file = match old.files.get(path) {
                    Some(f) if f.size == size && f.modified == modified => f.clone(),
                    _ => IndexedFile {
                        size,
                        modified,
                        faces: read_faces(path),
                    },
                };
                new.files.insert(path.to_path_buf(), file);
            });
        }
        if let Some(p) = cache {
            if new != old {
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

    /// The file and face index of `family`, preferring a regular upright face.
    pub fn find(&self, family: &str) -> Option<(PathBuf, u32)> {
        let mut best: Option<(PathBuf, u32)> = None;
        let mut paths: Vec<&PathBuf> = self.files.keys().collect();
        paths.sort();
        for path in paths {
            for face in &self.files[path].faces {
                if face.families.iter().any(|f| f == family) {
                    if face.regular {
                        return Some((path.clone(), face.index));
                    }
                    best.get_or_insert((path.clone(), face.index));
                }
            }
        }
        best
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

/// Calls `f` on every font file under `dir` (not following links more than 8 deep).
fn walk(dir: &Path, depth: u32, f: &mut dyn FnMut(&Path)) {
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, depth + 1, f);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        }) {
            f(&path);
        }
    }
}

/// The faces of one font file: family names and whether each is regular.
fn read_faces(path: &Path) -> Vec<IndexedFace> {
    let Ok(data) = std::fs::read(path) else {
        return Vec::new();
    };
    let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        )));
        assert!(
            faces[0].families.iter().any(|f| f == "LXGW WenKai"),
            "{faces:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
