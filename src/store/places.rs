//! The folders of the user's own files, and how settings-like JSON files are read.

use super::{read_bounded, write_atomic, ReadError};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The largest settings or address-book file read (a few KB in use).
pub const MAX_SETTINGS_BYTES: u64 = 16 << 20;

/// Where the user's own files are.
#[derive(Debug, Clone)]
pub struct Places {
    /// Settings and the address book.
    pub config: PathBuf,
    /// The recovery file.
    pub data: PathBuf,
    /// The index of installed fonts (rebuilt when lost).
    pub cache: PathBuf,
}

impl Places {
    /// The standard folders, or `JIANBAO_HOME` when set; `None` if the platform has no
    /// home folder (then nothing is remembered, and the editor says so).
    pub fn standard() -> Option<Places> {
        if let Some(home) = std::env::var_os("JIANBAO_HOME").filter(|h| !h.is_empty()) {
            return Some(Places::at(Path::new(&home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "jianbao")?;
        Some(Places {
            config: dirs.config_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
        })
    }

    /// Everything in one folder.
    pub fn at(dir: &Path) -> Places {
        Places {
            config: dir.to_path_buf(),
            data: dir.to_path_buf(),
            cache: dir.to_path_buf(),
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }
    pub fn address_book_file(&self) -> PathBuf {
        self.config.join("address-book.json")
    }
    /// The single recovery file of versions before one per editor (still offered).
    pub fn recovery_file(&self) -> PathBuf {
        self.data.join("recovery.jianbao")
    }
    pub fn font_index_file(&self) -> PathBuf {
        self.cache.join("installed-fonts.json")
    }

    pub(super) fn write(&self, path: &Path, text: &str) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_atomic(path, text.as_bytes(), false)
    }
}

/// Reads a JSON settings-like file; a missing file is the default, a damaged one an error
/// that names it (the caller keeps the default and tells the user).
pub(super) fn read_json<T: for<'de> Deserialize<'de> + Default>(path: &Path) -> Result<T, String> {
    let shown = crate::quote::path(path);
    match read_bounded(path, MAX_SETTINGS_BYTES) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            let message = crate::quote::message(&e.to_string());
            format!("{shown}：第{}行第{}列：{message}", e.line(), e.column())
        }),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(format!("{shown}：{}", e.chinese())),
    }
}
