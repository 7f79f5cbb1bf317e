//! Files on disk: atomic writes with a backup, and the user's own files (settings with
//! recent files and the default style, the address book, the recovery file).
//!
//! A save never leaves a half-written file: the bytes go to a temporary file in the same
//! folder, are flushed to disk, and only then renamed over the target. The version that
//! was there before is kept as `NAME~` (for `.jianbao` files) so one bad save is never
//! the end of an issue.
//!
//! The user's files live in the platform's standard folders (on Linux
//! `~/.config/jianbao` and `~/.local/share/jianbao`); `JIANBAO_HOME` puts them all in
//! one folder instead (tests, portable use).

use crate::model::{Issue, LoadError};
use crate::style::Style;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically; when `backup` is set, the previous file is kept
/// next to it with a `~` appended to its name.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let bak_tmp = dir.join(format!(".{name}~.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if backup && path.exists() {
            let bak = dir.join(format!("{name}~"));
            // Copy, not rename: the target must exist at every moment. The copy is made
            // under a temporary name and renamed, so a crash in the middle of it cannot
            // leave a cut-off backup in place of the good one.
            std::fs::copy(path, &bak_tmp)?;
            std::fs::rename(&bak_tmp, &bak)?;
        }
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable (a crash right after must not undo it).
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(&bak_tmp);
    }
    result
}

/// Saves an issue as pretty JSON, atomically, keeping a backup of the previous version.
pub fn save_issue(issue: &crate::model::Issue, path: &Path) -> std::io::Result<()> {
    write_atomic(path, issue.to_json().as_bytes(), true)
}

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

    fn write(&self, path: &Path, text: &str) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_atomic(path, text.as_bytes(), false)
    }
}

/// Reads a JSON settings-like file; a missing file is the default, a damaged one an error
/// that names it (the caller keeps the default and tells the user).
fn read_json<T: for<'de> Deserialize<'de> + Default>(path: &Path) -> Result<T, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}：第{}行第{}列：{e}",
                path.display(),
                e.line(),
                e.column()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => Err(format!("{}：{e}", path.display())),
    }
}

/// The user's settings: recently opened files and the default style for new issues.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// The style new issues start from (None: profile H).
    pub default_style: Option<Style>,
    /// The editor's colours (视图 → 外观).
    pub theme: Theme,
}

/// The editor's colours: the desktop's preference (light when the desktop states
/// none), or always light, or always dark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Recent files remembered.
pub const RECENT_MAX: usize = 10;

impl Settings {
    pub fn load(places: &Places) -> Result<Settings, String> {
        read_json(&places.settings_file())
    }
    pub fn save(&self, places: &Places) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        places.write(&places.settings_file(), &text)
    }
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_MAX);
    }
}

/// Named recipient groups (上级主管单位, 理事单位, 兄弟协会 …) that an issue's
/// distribution lines pick from. Issues copy the names; see [`crate::model::RecipientGroup`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressBook {
    pub groups: Vec<AddressGroup>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddressGroup {
    pub name: String,
    pub names: Vec<String>,
}

impl AddressBook {
    pub fn load(places: &Places) -> Result<AddressBook, String> {
        read_json(&places.address_book_file())
    }
    pub fn save(&self, places: &Places) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        places.write(&places.address_book_file(), &text)
    }
    pub fn group(&self, name: &str) -> Option<&AddressGroup> {
        self.groups.iter().find(|g| g.name == name)
    }
    /// A starting address book taken from an issue's distribution lines, so a new user
    /// finds the groups the sample issue uses.
    pub fn from_issue(issue: &Issue) -> AddressBook {
        let mut book = AddressBook::default();
        for line in &issue.distribution.lines {
            for (k, g) in line.groups.iter().enumerate() {
                let name = g.from.clone().unwrap_or_else(|| {
                    format!(
                        "{}{}",
                        line.label,
                        if k == 0 {
                            String::new()
                        } else {
                            format!("（{}）", k + 1)
                        }
                    )
                });
                if book.group(&name).is_none() && !g.is_empty() {
                    book.groups.push(AddressGroup {
                        name,
                        names: g.names.clone(),
                    });
                }
            }
        }
        book
    }
}

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
    pub fn write(&self, recovery: &Recovery) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(recovery).unwrap_or_default();
        write_atomic(&self.file, text.as_bytes(), false)
    }

    /// Removes the work (it was saved, or the user let it go); the claim stays.
    pub fn clear(&self) -> std::io::Result<()> {
        remove_if_there(&self.file)
    }

    /// The recovery file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// A clean exit: the work and the lock file go.
    pub fn release(self) -> std::io::Result<()> {
        remove_if_there(&self.file)?;
        remove_if_there(&self.lock_path)
    }
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
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
fn process_alive(pid: u32) -> bool {
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

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(std::time::UNIX_EPOCH)
}

fn read_orphan(file: PathBuf, claim: Option<(PathBuf, std::fs::File)>) -> Orphan {
    let found = match std::fs::read_to_string(&file) {
        Ok(text) => recovery_from_json(&text, &file),
        Err(e) => Err(format!("{}：{e}", file.display())),
    };
    Orphan { file, found, claim }
}

fn recovery_from_json(text: &str, path: &Path) -> Result<Recovery, String> {
    #[derive(Deserialize)]
    struct Raw {
        original: Option<PathBuf>,
        issue: serde_json::Value,
    }
    let raw: Raw = serde_json::from_str(text).map_err(|e| format!("{}：{e}", path.display()))?;
    let issue_text = raw.issue.to_string();
    let issue = Issue::from_json(&issue_text, &path.display().to_string())
        .map_err(|e: LoadError| e.chinese())?;
    Ok(Recovery {
        original: raw.original,
        issue,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_are_atomic_and_keep_a_backup() {
        let dir = std::env::temp_dir().join(format!("jianbao-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("issue.jianbao");
        let mut issue = Issue::sample();
        save_issue(&issue, &path).unwrap();
        assert_eq!(Issue::load(&path).unwrap(), issue);
        issue.meta.issue_no = 10;
        save_issue(&issue, &path).unwrap();
        assert_eq!(Issue::load(&path).unwrap().meta.issue_no, 10);
        let backup = dir.join("issue.jianbao~");
        assert_eq!(Issue::load(&backup).unwrap().meta.issue_no, 9);
        // No temporary files are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        // Writing into a folder that does not exist fails cleanly.
        assert!(save_issue(&issue, &dir.join("missing/x.jianbao")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn temp_places(tag: &str) -> (PathBuf, Places) {
        let dir = std::env::temp_dir().join(format!("jianbao-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        (dir.clone(), Places::at(&dir.join("home")))
    }

    #[test]
    fn settings_address_book_and_recovery_round_trip() {
        let (dir, places) = temp_places("places");
        // Nothing saved yet: defaults, no recovery.
        assert_eq!(Settings::load(&places).unwrap(), Settings::default());
        assert!(Recovery::find(&places).is_none());

        let mut settings = Settings::default();
        for i in 0..15 {
            settings.remember(Path::new(&format!("/x/{i}.jianbao")));
        }
        settings.remember(Path::new("/x/3.jianbao"));
        assert_eq!(settings.recent.len(), RECENT_MAX);
        assert_eq!(settings.recent[0], Path::new("/x/3.jianbao"));
        settings.theme = Theme::Dark;
        settings.save(&places).unwrap();
        assert_eq!(Settings::load(&places).unwrap(), settings);
        // A settings file from before the theme setting follows the desktop.
        std::fs::write(places.settings_file(), r#"{"recent": []}"#).unwrap();
        assert_eq!(Settings::load(&places).unwrap().theme, Theme::System);
        settings.save(&places).unwrap();

        let book = AddressBook::from_issue(&Issue::sample());
        assert!(book.groups.len() >= 3, "{:?}", book.groups);
        book.save(&places).unwrap();
        assert_eq!(AddressBook::load(&places).unwrap(), book);

        let mut issue = Issue::sample();
        issue.meta.issue_no = 42;
        let slot = RecoverySlot::claim(&places).unwrap();
        slot.write(&Recovery {
            original: Some(PathBuf::from("/x/a.jianbao")),
            issue: issue.clone(),
        })
        .unwrap();
        drop(slot);
        let found = Recovery::find(&places).unwrap().unwrap();
        assert_eq!(found.issue, issue);
        for orphan in find_orphans(&places) {
            orphan.remove().unwrap();
        }
        assert!(Recovery::find(&places).is_none());

        // A damaged settings file is named, not a panic.
        std::fs::write(places.settings_file(), "{ not json").unwrap();
        let err = Settings::load(&places).unwrap_err();
        assert!(err.contains("settings.json"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn recovery_with(no: u32) -> Recovery {
        let mut issue = Issue::sample();
        issue.meta.issue_no = no;
        Recovery {
            original: None,
            issue,
        }
    }

    /// Each running editor has its own recovery file; a running editor's file is never
    /// offered to another, an ended one's is (once: the finder claims it while it
    /// offers it), and the file stays until it is removed on purpose.
    #[test]
    fn recovery_files_are_per_editor_and_only_ended_ones_are_found() {
        let (dir, places) = temp_places("orphans");
        let first = RecoverySlot::claim(&places).unwrap();
        let second = RecoverySlot::claim(&places).unwrap();
        assert_ne!(first.file(), second.file());
        first.write(&recovery_with(1)).unwrap();
        second.write(&recovery_with(2)).unwrap();
        assert!(find_orphans(&places).is_empty(), "both are running");

        // The second "crashes": its work is found, and only by one finder at a time.
        drop(second);
        let offered = find_orphans(&places);
        assert_eq!(offered.len(), 1);
        let Ok(work) = &offered[0].found else {
            panic!("readable")
        };
        assert_eq!(work.issue.meta.issue_no, 2);
        assert!(find_orphans(&places).is_empty(), "claimed while offered");
        // Closing at the offer (the claim ends) keeps it for the next start.
        drop(offered);
        let again = find_orphans(&places);
        assert_eq!(again.len(), 1);
        // 丢弃 (or 恢复 once the work is safe) removes file and lock.
        for orphan in again {
            orphan.remove().unwrap();
        }
        assert!(find_orphans(&places).is_empty());

        // A clean exit leaves nothing; a cleared slot offers nothing.
        first.clear().unwrap();
        assert!(!first.file().exists());
        first.release().unwrap();
        // An editor that ended before its first autosave leaves a lock file only,
        // which the next start tidies away.
        let early = RecoverySlot::claim(&places).unwrap();
        drop(early);
        assert!(find_orphans(&places).is_empty());
        let left: Vec<_> = std::fs::read_dir(places.recovery_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "{left:?}");

        // The single file of older versions is still offered.
        std::fs::write(
            places.recovery_file(),
            serde_json::to_string(&recovery_with(7)).unwrap(),
        )
        .unwrap();
        let legacy = find_orphans(&places);
        assert_eq!(legacy.len(), 1);
        assert!(legacy[0].found.is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
