//! Recovery of unsaved work: each running editor's own recovery file under an OS lock,
//! and finding the work of editors that ended without saving.

use super::write::remove_if_there;
use super::{read_bounded, write_atomic, Places};
use crate::model::{Issue, LoadError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Unsaved work written aside every 30 seconds, so a crash loses at most that much.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recovery {
    /// The file the work belongs to, if it had been saved before.
    pub original: Option<PathBuf>,
    pub issue: Issue,
}

impl Recovery {
    /// The work of the first editor that ended without saving (see [`find_orphans`]),
    /// if any; its claim is let go at once.
    pub fn find(places: &Places) -> Option<Result<Recovery, String>> {
        find_orphans(places).into_iter().next().map(|o| o.found)
    }
}

impl Places {
    /// The folder of the running editors' recovery files, one per editor.
    pub fn recovery_dir(&self) -> PathBuf {
        self.data.join("recovery")
    }
}

/// This running editor's own recovery file, and the lock that tells other editors it
/// is alive: several copies may run at once, each with its own file, and a file whose
/// lock nobody holds was left by an editor that ended without saving.
///
/// The lock is an OS file lock ([`std::fs::File::try_lock`]: `flock` on Linux and
/// macOS, `LockFileEx` on Windows), so it goes away with the process however it ends,
/// even with `kill -9`; a process id in a name could be reused by an unrelated process.
pub struct RecoverySlot {
    file: PathBuf,
    lock_path: PathBuf,
    _lock: std::fs::File,
}

impl RecoverySlot {
    /// Claims a new slot: a lock file named after this process and the time, locked
    /// before it gets its final name, so no other editor ever sees it unlocked.
    pub fn claim(places: &Places) -> std::io::Result<RecoverySlot> {
        let dir = places.recovery_dir();
        std::fs::create_dir_all(&dir)?;
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let id = format!(
            "{}-{}{:09}",
            std::process::id(),
            since_epoch.as_secs(),
            since_epoch.subsec_nanos()
        );
        let claiming = dir.join(format!(".{id}.lock.tmp"));
        let lock = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&claiming)?;
        if lock_state(&lock) == LockState::HeldElsewhere {
            return Err(std::io::Error::other("a brand-new lock file is locked"));
        }
        let lock_path = dir.join(format!("{id}.lock"));
        std::fs::rename(&claiming, &lock_path)?;
        Ok(RecoverySlot {
            file: dir.join(format!("{id}.{}", crate::model::EXTENSION)),
            lock_path,
            _lock: lock,
        })
    }

    /// Writes the work (atomically: a crash during the write keeps the previous one).
    /// Pictures go into a folder beside the file, each written once under its content
    /// hash: an autosave every 30 seconds rewrites the small JSON, not 50 MB of photos.
    pub fn write(&self, recovery: &Recovery) -> std::io::Result<()> {
        write_pictures(&pictures_dir(&self.file), &recovery.issue)?;
        let text = serde_json::to_string_pretty(recovery).unwrap_or_default();
        write_atomic(&self.file, text.as_bytes(), false)
    }

    /// Removes the work (it was saved, or the user let it go); the claim stays.
    pub fn clear(&self) -> std::io::Result<()> {
        remove_pictures(&self.file)?;
        remove_if_there(&self.file)
    }

    /// The recovery file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// A clean exit: the work and the lock file go.
    pub fn release(self) -> std::io::Result<()> {
        remove_pictures(&self.file)?;
        remove_if_there(&self.file)?;
        remove_if_there(&self.lock_path)
    }
}

/// Whether another process (or another open file in this one) holds a lock.
#[derive(Debug, PartialEq, Eq)]
enum LockState {
    /// We hold it now.
    Taken,
    HeldElsewhere,
    /// The file system cannot lock (some network shares).
    Unsupported,
}

/// Tries to take the lock of an open lock file; the one place that locks.
fn lock_state(file: &std::fs::File) -> LockState {
    match file.try_lock() {
        Ok(()) => LockState::Taken,
        Err(std::fs::TryLockError::WouldBlock) => LockState::HeldElsewhere,
        Err(std::fs::TryLockError::Error(_)) => LockState::Unsupported,
    }
}

/// Whether the process that wrote a recovery file is still running, where locks do not
/// work: on Linux by its process id (the first part of the file's name); elsewhere it
/// is taken as ended, since a needless offer is better than lost work.
pub(super) fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// Work left by an editor that ended without saving (a crash, a kill, a power cut),
/// claimed by this editor while it is offered so that a third copy does not offer it
/// too; the claim ends with this editor, so closing at the offer keeps the file.
pub struct Orphan {
    /// The recovery file.
    pub file: PathBuf,
    /// Its content, or why it cannot be read (named by the file).
    pub found: Result<Recovery, String>,
    /// The lock file and the open lock held while offering (none for the single
    /// recovery file of older versions).
    claim: Option<(PathBuf, std::fs::File)>,
}

impl Orphan {
    /// Deletes the file and its lock (after 恢复 has put the work in this editor's own
    /// recovery file or in a saved file, or after 丢弃).
    pub fn remove(self) -> std::io::Result<()> {
        remove_pictures(&self.file)?;
        remove_if_there(&self.file)?;
        if let Some((lock_path, _lock)) = &self.claim {
            remove_if_there(lock_path)?;
        }
        Ok(())
    }
}

/// The recovery files of editors that are no longer running, newest first (plus the
/// single file older versions wrote). Files of running editors are left alone. Lock
/// files without work (an editor that ended before its first autosave) are tidied away.
pub fn find_orphans(places: &Places) -> Vec<Orphan> {
    let mut found: Vec<(std::time::SystemTime, Orphan)> = Vec::new();
    let legacy = places.recovery_file();
    if legacy.exists() {
        let modified = modified(&legacy);
        found.push((modified, read_orphan(legacy, None)));
    }
    let dir = places.recovery_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return found.into_iter().map(|(_, o)| o).collect();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let suffix = format!(".{}", crate::model::EXTENSION);
    for name in &names {
        if let Some(id) = name.strip_suffix(".lock") {
            if !names.contains(&format!("{id}{suffix}")) {
                let path = dir.join(name);
                if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&path) {
                    if lock_state(&f) == LockState::Taken {
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
            continue;
        }
        let Some(id) = name.strip_suffix(&suffix) else {
            continue;
        };
        let lock_path = dir.join(format!("{id}.lock"));
        let Ok(lock) = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
        else {
            continue;
        };
        let ended = match lock_state(&lock) {
            LockState::Taken => true,
            LockState::HeldElsewhere => false,
            LockState::Unsupported => id
                .split('-')
                .next()
                .and_then(|p| p.parse().ok())
                .is_none_or(|pid| !process_alive(pid)),
        };
        if ended {
            let file = dir.join(name);
            let modified = modified(&file);
            found.push((modified, read_orphan(file, Some((lock_path, lock)))));
        }
    }
    found.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    found.into_iter().map(|(_, o)| o).collect()
}

/// The folder of a recovery file's pictures: `<file>.pictures`.
fn pictures_dir(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".pictures");
    PathBuf::from(name)
}

/// Writes the issue's pictures that are not in `dir` yet, and removes the ones the
/// issue no longer carries.
fn write_pictures(dir: &Path, issue: &Issue) -> std::io::Result<()> {
    if issue.pictures.is_empty() && !dir.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let mut wanted = std::collections::BTreeSet::new();
    for p in issue.pictures.iter().filter(|p| p.is_present()) {
        let name = format!("{}.{}", p.id, p.info.format.extension());
        let path = dir.join(&name);
        if !path.exists() {
            write_atomic(&path, &p.bytes, false)?;
        }
        wanted.insert(std::ffi::OsString::from(name));
    }
    for entry in std::fs::read_dir(dir)?.filter_map(|e| e.ok()) {
        if !wanted.contains(&entry.file_name()) {
            remove_if_there(&entry.path())?;
        }
    }
    Ok(())
}

/// Gives the pictures of a recovered issue their bytes back from the folder beside its
/// file (a picture whose file is gone or altered stays empty: layout names it).
fn read_pictures(dir: &Path, issue: &mut Issue) {
    let ids: Vec<crate::model::PictureId> = issue.pictures.iter().map(|p| p.id.clone()).collect();
    for id in ids {
        let Some(p) = issue.pictures.get_mut(&id) else {
            continue;
        };
        let path = dir.join(format!("{}.{}", p.id, p.info.format.extension()));
        if let Ok(bytes) = read_bounded(&path, crate::model::MAX_PICTURE_BYTES) {
            if crate::model::PictureId::of(&bytes) == id {
                p.bytes = bytes.into();
            }
        }
    }
}

fn remove_pictures(file: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(pictures_dir(file)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(std::time::UNIX_EPOCH)
}

fn read_orphan(file: PathBuf, claim: Option<(PathBuf, std::fs::File)>) -> Orphan {
    // The recovery file holds an issue and the path it belongs to.
    let limit = crate::model::MAX_ISSUE_FILE_BYTES + (1 << 20);
    let found = match read_bounded(&file, limit) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => recovery_from_json(&text, &file).map(|mut r| {
                read_pictures(&pictures_dir(&file), &mut r.issue);
                r
            }),
            Err(_) => Err(format!("{}：不是 UTF-8 文字", crate::quote::path(&file))),
        },
        Err(e) => Err(format!("{}：{}", crate::quote::path(&file), e.chinese())),
    };
    Orphan { file, found, claim }
}

fn recovery_from_json(text: &str, path: &Path) -> Result<Recovery, String> {
    #[derive(Deserialize)]
    struct Raw {
        original: Option<PathBuf>,
        issue: serde_json::Value,
    }
    let shown = crate::quote::path(path);
    let raw: Raw = serde_json::from_str(text)
        .map_err(|e| format!("{shown}：{}", crate::quote::message(&e.to_string())))?;
    let issue_text = raw.issue.to_string();
    let issue = Issue::from_json(&issue_text, &shown).map_err(|e: LoadError| e.chinese())?;
    Ok(Recovery {
        original: raw.original,
        issue,
    })
}
