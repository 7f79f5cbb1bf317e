//! Files on disk: atomic writes with a backup of the previous version.
//!
//! A save never leaves a half-written file: the bytes go to a temporary file in the same
//! folder, are flushed to disk, and only then renamed over the target. The version that
//! was there before is kept as `NAME~` (for `.jianbao` files) so one bad save is never
//! the end of an issue.

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
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if backup && path.exists() {
            let bak = dir.join(format!("{name}~"));
            // Copy, not rename: the target must exist at every moment.
            std::fs::copy(path, &bak)?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Saves an issue as pretty JSON, atomically, keeping a backup of the previous version.
pub fn save_issue(issue: &crate::model::Issue, path: &Path) -> std::io::Result<()> {
    write_atomic(path, issue.to_json().as_bytes(), true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Issue;

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
}
