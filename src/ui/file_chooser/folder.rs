//! The in-app chooser's file-system work (run off the UI thread): listing a folder,
//! checking what the user confirmed, resolving typed paths.

use std::path::{Path, PathBuf};

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) name: String,
    pub(super) is_dir: bool,
}

/// What the chooser's file-system work reports back.
pub(super) enum Reply {
    Listing {
        generation: u64,
        folder: PathBuf,
        entries: Result<Vec<Entry>, String>,
    },
    Checked(Check),
}

/// What is at the path the user confirmed.
#[derive(Debug)]
pub(super) struct Check {
    /// The path as typed is a folder: go into it.
    pub(super) folder: Option<PathBuf>,
    /// The file to use (with the extension added when saving).
    pub(super) target: PathBuf,
    pub(super) exists: bool,
    /// The folder the file would go in exists.
    pub(super) parent_exists: bool,
}

/// Lists `folder`: sub-folders and files (hidden ones left out), folders first, each
/// group by name.
pub(super) fn list_folder(folder: &Path) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(folder).map_err(|e| {
        format!(
            "无法打开文件夹 {}：{}",
            folder.display(),
            crate::ui::io_chinese(&e)
        )
    })?;
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            // A link to a folder is a folder to the user.
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            Some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

/// Looks at what the user confirmed (on the chooser's worker).
pub(super) fn check(typed: PathBuf, save_extension: Option<&str>) -> Check {
    if typed.is_dir() {
        return Check {
            folder: Some(typed.clone()),
            target: typed,
            exists: true,
            parent_exists: true,
        };
    }
    let mut target = typed;
    if let Some(ext) = save_extension {
        target = with_extension(target, ext);
    }
    let parent_exists = target
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir());
    Check {
        folder: None,
        exists: target.exists(),
        target,
        parent_exists,
    }
}

/// `path` with `.ext` added unless it already ends so (names with dots keep them:
/// “2026.9 简报” becomes “2026.9 简报.jianbao”).
pub(super) fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    let has = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has {
        return path;
    }
    let mut name = path.into_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// The user's home folder (where the chooser starts without a better place).
pub(super) fn home_folder() -> PathBuf {
    std::env::home_dir().unwrap_or_else(|| PathBuf::from("/"))
}

/// `typed` as a path: `~` is the home folder, a relative path is in `folder`.
pub(super) fn resolve(folder: &Path, typed: &str) -> PathBuf {
    let typed = typed.trim();
    let path = if typed == "~" {
        home_folder()
    } else if let Some(rest) = typed.strip_prefix("~/") {
        home_folder().join(rest)
    } else {
        PathBuf::from(typed)
    };
    if path.is_absolute() {
        path
    } else {
        folder.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_name_gets_the_extension_once() {
        let p = with_extension(PathBuf::from("/a/2026.9 简报"), "jianbao");
        assert_eq!(p, PathBuf::from("/a/2026.9 简报.jianbao"));
        let p = with_extension(PathBuf::from("/a/b.JIANBAO"), "jianbao");
        assert_eq!(p, PathBuf::from("/a/b.JIANBAO"));
    }

    #[test]
    fn typed_names_resolve_in_the_shown_folder_or_as_given() {
        let folder = Path::new("/srv/简报");
        assert_eq!(resolve(folder, " 九月.pdf "), folder.join("九月.pdf"));
        assert_eq!(resolve(folder, "/tmp/x.pdf"), PathBuf::from("/tmp/x.pdf"));
        assert_eq!(resolve(folder, "sub/x.pdf"), folder.join("sub/x.pdf"));
        assert_eq!(resolve(folder, "~/x.pdf"), home_folder().join("x.pdf"));
    }

    #[test]
    fn a_listing_puts_folders_first_and_hides_dot_files() {
        let dir = std::env::temp_dir().join(format!("jianbao-chooser-list-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("z 文件夹")).expect("dir");
        std::fs::write(dir.join("a.jianbao"), b"{}").expect("file");
        std::fs::write(dir.join("B.txt"), b"x").expect("file");
        std::fs::write(dir.join(".hidden"), b"x").expect("file");
        let entries = list_folder(&dir).expect("listed");
        let names: Vec<_> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.is_dir))
            .collect();
        assert_eq!(
            names,
            [("z 文件夹", true), ("a.jianbao", false), ("B.txt", false)]
        );
        let missing = list_folder(&dir.join("没有")).expect_err("no such folder");
        assert!(missing.contains("文件或文件夹不存在"), "{missing}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
