//! Atomic writes: a temporary file renamed over the target, a backup of the previous
//! version, links written through, and what jianbao refuses to overwrite.

use super::recovery::process_alive;
use super::FileKind;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why jianbao will not write to a path (carried inside the `std::io::Error` the
/// writers return; see [`refusal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteRefused {
    /// Only regular files are replaced: renaming over `/dev/null` as root would replace
    /// the device with a file, and a FIFO or directory is no place for a document.
    NotAFile(FileKind),
    /// The output is the file being read (the same file, also through a link or
    /// another spelling of its path).
    IsTheInput,
    /// An export would replace a jianbao issue.
    IsAnIssue,
    /// An existing file that is not a PDF (another program's document): only an earlier
    /// export, or an empty file, is replaced by an export.
    NotAPdf,
    /// The same for a Word file or web page: an existing file that is not an earlier
    /// export of that format.
    NotThisFormat(crate::export::Format),
    /// Symbolic links that point in a circle (or more than 40 deep).
    LinkLoop,
    /// The issue would be larger than the largest file jianbao opens.
    IssueTooLarge { bytes: u64 },
    /// The issue's pictures together would be larger than jianbao opens.
    PicturesTooLarge { bytes: u64 },
    /// The existing file may not be written by this user (no write permission): the
    /// folder may allow replacing it, but a read-only document is the owner saying no,
    /// as editors take it.
    ReadOnly,
}

impl std::fmt::Display for WriteRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteRefused::NotAFile(kind) => write!(
                f,
                "it is {}; jianbao writes only regular files (nothing written)",
                kind.en()
            ),
            WriteRefused::IsTheInput => write!(
                f,
                "it is the file being read; choose another name (nothing written)"
            ),
            WriteRefused::IsAnIssue => write!(
                f,
                "it is a jianbao issue, which the PDF would replace; choose another name (nothing written)"
            ),
            WriteRefused::NotAPdf => write!(
                f,
                "it exists and is not a PDF; jianbao replaces only an earlier PDF (remove it or choose another name; nothing written)"
            ),
            WriteRefused::NotThisFormat(format) => write!(
                f,
                "it exists and is not a {}; jianbao replaces only an earlier export (remove it or choose another name; nothing written)",
                format.en()
            ),
            WriteRefused::LinkLoop => write!(
                f,
                "its symbolic links point in a circle (nothing written)"
            ),
            WriteRefused::IssueTooLarge { bytes } => write!(
                f,
                "the issue would be {} MB, more than the {} MB jianbao opens (nothing written)",
                bytes.div_ceil(1 << 20),
                crate::model::MAX_ISSUE_FILE_BYTES >> 20
            ),
            WriteRefused::PicturesTooLarge { bytes } => write!(
                f,
                "the issue's pictures would be {} MB, more than the {} MB jianbao opens (nothing written); use smaller copies of the largest photos",
                bytes.div_ceil(1 << 20),
                crate::model::MAX_PICTURE_BYTES >> 20
            ),
            WriteRefused::ReadOnly => write!(
                f,
                "it is read-only for you (no write permission); nothing written"
            ),
        }
    }
}

impl std::error::Error for WriteRefused {}

impl WriteRefused {
    /// The same in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            WriteRefused::NotAFile(kind) => {
                format!("目标是{}，简报编排只写普通文件，未写入", kind.zh())
            }
            WriteRefused::IsTheInput => "目标就是正在读取的文件，请换一个文件名，未写入".into(),
            WriteRefused::IsAnIssue => {
                "目标是一份简报文件，导出的 PDF 会覆盖它，请换一个文件名，未写入".into()
            }
            WriteRefused::NotAPdf => {
                "目标文件已存在且不是 PDF，只会替换以前导出的 PDF（请删除它或换一个文件名），未写入"
                    .into()
            }
            WriteRefused::NotThisFormat(format) => format!(
                "目标文件已存在且不是{}，只会替换以前导出的同类文件（请删除它或换一个文件名），未写入",
                format.chinese()
            ),
            WriteRefused::LinkLoop => "目标的符号链接形成循环，未写入".into(),
            WriteRefused::IssueTooLarge { bytes } => format!(
                "这一期会有 {} MB，超过简报编排能打开的 {} MB，未写入",
                bytes.div_ceil(1 << 20),
                crate::model::MAX_ISSUE_FILE_BYTES >> 20
            ),
            WriteRefused::PicturesTooLarge { bytes } => format!(
                "这一期的图片共 {} MB，超过简报编排能打开的 {} MB，未写入；请换用较小的照片",
                bytes.div_ceil(1 << 20),
                crate::model::MAX_PICTURE_BYTES >> 20
            ),
            WriteRefused::ReadOnly => "目标文件是只读的（没有写入权限），未写入".into(),
        }
    }

    pub(super) fn into_io(self) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, self)
    }
}

/// The refusal inside an error from [`write_atomic`], [`save_issue`](super::save_issue)
/// or [`write_pdf`](super::write_pdf), if that is why it failed (for a message in the
/// user's language).
pub fn refusal(e: &std::io::Error) -> Option<&WriteRefused> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<WriteRefused>())
}

/// The longest file name (in bytes) the common file systems allow (ext4, NTFS, APFS).
const NAME_MAX: usize = 255;

/// `prefix + name + suffix`, with `name` shortened (at a character boundary) so the
/// whole fits in [`NAME_MAX`] bytes: an output name of 250 bytes must still get a
/// temporary name.
fn fitted(prefix: &str, name: &str, suffix: &str) -> String {
    let room = NAME_MAX.saturating_sub(prefix.len() + suffix.len());
    let mut end = name.len().min(room);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!("{prefix}{}{suffix}", &name[..end])
}

/// The backup's name, `NAME~`; for a name already at the limit the part before the
/// extension is shortened so the backup keeps the extension.
fn backup_name(name: &str) -> String {
    if name.len() < NAME_MAX {
        return format!("{name}~");
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() + 2 < NAME_MAX => {
            fitted("", stem, &format!(".{ext}~"))
        }
        _ => fitted("", name, "~"),
    }
}

/// The temporary name a write of `name` uses in this process: `.NAME.PID.tmp`, or
/// `.NAME~.PID.tmp` for the backup's copy (`tag` "~"), with NAME shortened to fit (the
/// tag is kept, so the two never meet); a pattern [`remove_stale_temporaries`] knows.
pub(super) fn temporary_name(name: &str, tag: &str) -> String {
    fitted(".", name, &format!("{tag}.{}.tmp", std::process::id()))
}

/// The process id in a temporary name of ours (`.NAME.PID.tmp`), if it is one.
pub(super) fn temporary_owner(file_name: &str) -> Option<u32> {
    let inner = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, pid) = inner.rsplit_once('.')?;
    if name.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// How long a temporary file must have been left untouched before it is taken as
/// stale: a write takes seconds at most, and a process of the same id on another
/// machine sharing the folder is not visible here.
pub const STALE_TEMPORARY_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes our temporary files in `dir` left by runs that were killed: the process in
/// the name is gone (on Linux; elsewhere, where that cannot be asked, files a day old)
/// and the file is older than [`STALE_TEMPORARY_AGE`]. Returns how many went.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_owner) else {
            continue;
        };
        // Not followed: a link named like ours is left alone.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        let gone = if cfg!(target_os = "linux") {
            !process_alive(pid) && age >= STALE_TEMPORARY_AGE
        } else {
            age >= std::time::Duration::from_secs(24 * 3600)
        };
        if meta.is_file() && gone && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The file a write to `path` lands in: symbolic links followed to their end (the link
/// is kept and the file it names is replaced, as editors do; a dangling link creates
/// its target). Refuses a path that is, or leads to, anything but a regular file.
fn write_target(path: &Path) -> std::io::Result<(PathBuf, Option<std::fs::Metadata>)> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&target)?;
                target = if next.is_absolute() {
                    next
                } else {
                    match target.parent() {
                        Some(dir) => dir.join(next),
                        None => next,
                    }
                };
            }
            Ok(meta) => {
                return match FileKind::of(&meta) {
                    Some(kind) => Err(WriteRefused::NotAFile(kind).into_io()),
                    None => Ok((target, Some(meta))),
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((target, None)),
            Err(e) => return Err(e),
        }
    }
    Err(WriteRefused::LinkLoop.into_io())
}

/// Writes `bytes` to `path` atomically; when `backup` is set, the previous file is kept
/// next to it with a `~` appended to its name.
///
/// Only a regular file (or a new one) is written; through a symbolic link the file it
/// points to is replaced. An existing file keeps its permissions (and, where allowed,
/// its owner). Temporary files that killed runs left in the folder are removed first.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> std::io::Result<()> {
    // `metadata` follows links the way the kernel does (also /proc's magic links such
    // as /dev/stdout), so a device or pipe behind any link is refused here.
    if let Ok(meta) = std::fs::metadata(path) {
        if let Some(kind) = FileKind::of(&meta) {
            return Err(WriteRefused::NotAFile(kind).into_io());
        }
    }
    let (target, existing) = write_target(path)?;
    if let Some(meta) = &existing {
        // A file nobody may write (mode 0444) is refused even for root, as editors ask
        // before; otherwise opening for writing (without truncating) asks the system
        // whether this user may change the file: the rename below would only ask
        // about the folder.
        let denied = std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
        if meta.permissions().readonly() || denied {
            return Err(WriteRefused::ReadOnly.into_io());
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    remove_stale_temporaries(&dir);
    let tmp = dir.join(temporary_name(&name, ""));
    let bak_tmp = dir.join(temporary_name(&name, "~"));
    let result = (|| {
        // A leftover of an earlier process with the same id; never written through.
        remove_if_there(&tmp)?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        if let Some(meta) = &existing {
            // Best effort: some network shares refuse to change modes, and a save must
            // not fail for that.
            let _ = f.set_permissions(meta.permissions());
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Only root may give a file away; for anyone else it is already theirs.
                let _ = std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()));
            }
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if backup && existing.is_some() {
            let bak = dir.join(backup_name(&name));
            // Copy, not rename: the target must exist at every moment. The copy is made
            // under a temporary name and renamed, so a crash in the middle of it cannot
            // leave a cut-off backup in place of the good one.
            remove_if_there(&bak_tmp)?;
            std::fs::copy(&target, &bak_tmp)?;
            std::fs::rename(&bak_tmp, &bak)?;
        }
        std::fs::rename(&tmp, &target)?;
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

/// Whether two paths name the same file (the same inode on Unix, whatever links or
/// spellings lead there); false when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// Removes a file; one that is not there is no error.
pub(super) fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
