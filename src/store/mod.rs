//! Files on disk: bounded reads, checked and atomic writes with a backup, and the user's
//! own files (settings with recent files and the default style, the address book, the
//! recovery file).
//!
//! Every read of a file a user or another program controls (issues, imports, fonts,
//! settings, the font index, recovery files) goes through [`read_bounded`]: only a
//! regular file is opened (a FIFO would block forever, `/dev/zero` never ends), and the
//! bytes actually read are counted, so a file that grows or lies about its length is
//! still stopped at the limit.
//!
//! A save never leaves a half-written file: the bytes go to a temporary file in the same
//! folder, are flushed to disk, and only then renamed over the target. The version that
//! was there before is kept as `NAME~` (for `.jianbao` files) so one bad save is never
//! the end of an issue. A symbolic link is written through: the file it points to gets
//! the new content (atomically, with its permissions kept) and the link stays a link,
//! as text editors do. Only regular files are replaced; a directory, device, FIFO or
//! socket is refused.
//!
//! The user's files live in the platform's standard folders (on Linux
//! `~/.config/jianbao` and `~/.local/share/jianbao`); `JIANBAO_HOME` puts them all in
//! one folder instead (tests, portable use).

use crate::model::{Issue, LoadError};
use crate::style::Style;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What a path is when it is not a regular file: named in messages, since "cannot read"
/// says nothing about why a FIFO or a device was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    /// A named pipe (`mkfifo`): reading waits for a writer that may never come.
    Fifo,
    /// A character device such as `/dev/zero`, `/dev/null` or a terminal.
    CharDevice,
    BlockDevice,
    Socket,
    /// Anything else the platform has.
    Other,
}

impl FileKind {
    /// The kind of a file from its metadata (symbolic links already followed); `None`
    /// for a regular file.
    pub fn of(meta: &std::fs::Metadata) -> Option<FileKind> {
        let t = meta.file_type();
        if t.is_file() {
            return None;
        }
        if t.is_dir() {
            return Some(FileKind::Directory);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Some(FileKind::Fifo);
            }
            if t.is_char_device() {
                return Some(FileKind::CharDevice);
            }
            if t.is_block_device() {
                return Some(FileKind::BlockDevice);
            }
            if t.is_socket() {
                return Some(FileKind::Socket);
            }
        }
        Some(FileKind::Other)
    }

    /// In English, with an article: "a FIFO (named pipe)".
    pub fn en(self) -> &'static str {
        match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Other => "not a regular file",
        }
    }

    /// In Chinese: "命名管道（FIFO）".
    pub fn zh(self) -> &'static str {
        match self {
            FileKind::Directory => "文件夹",
            FileKind::Fifo => "命名管道（FIFO）",
            FileKind::CharDevice => "字符设备",
            FileKind::BlockDevice => "块设备",
            FileKind::Socket => "套接字（socket）",
            FileKind::Other => "特殊文件",
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file (after following symbolic links).
    NotAFile(FileKind),
    /// More bytes than the limit: `bytes` is the size reported, or what was read before
    /// stopping (then at least the limit plus one).
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotAFile(kind) => {
                write!(f, "this is {}, not a file; nothing was read", kind.en())
            }
            ReadError::TooLarge { bytes, limit } => write!(
                f,
                "the file has {} MB or more, over the limit of {} MB; it was not read",
                megabytes(*bytes),
                megabytes(*limit)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Sizes in messages with one decimal, so a file just over a limit does not read as
/// exactly the limit ("10.1 MB, over the limit of 10 MB").
pub fn megabytes(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10) / (1 << 20);
    if tenths.is_multiple_of(10) {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

impl ReadError {
    /// The same in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            ReadError::NotAFile(kind) => format!("这是{}，不是文件，未读取", kind.zh()),
            ReadError::TooLarge { bytes, limit } => format!(
                "文件至少有 {} MB，超过上限 {} MB，未读取",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(*limit)
            ),
            ReadError::Io(e) => e.to_string(),
        }
    }
}

/// Reads a whole file a user controls, refusing anything that is not a regular file
/// (symbolic links followed first: a link to `/dev/zero` is a device) and stopping at
/// `limit` bytes actually read.
///
/// The kind is checked before opening (opening a tape device may rewind it, opening a
/// FIFO blocks), the file is opened without blocking on Unix and checked again on the
/// open handle (it may have been swapped in between).
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path, limit)?;
    let expected = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Opens a regular file for reading, refusing anything else, and one reported larger
/// than `limit`, before reading a byte (see [`read_bounded`]).
fn open_regular(path: &Path, limit: u64) -> Result<(std::fs::File, std::fs::Metadata), ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = FileKind::of(&meta) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = FileKind::of(&meta) {
        return Err(ReadError::NotAFile(kind));
    }
    Ok((file, meta))
}

/// The largest settings or address-book file read (a few KB in use).
pub const MAX_SETTINGS_BYTES: u64 = 16 << 20;

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
            WriteRefused::ReadOnly => "目标文件是只读的（没有写入权限），未写入".into(),
        }
    }

    fn into_io(self) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, self)
    }
}

/// The refusal inside an error from [`write_atomic`], [`save_issue`] or [`write_pdf`],
/// if that is why it failed (for a message in the user's language).
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
fn temporary_name(name: &str, tag: &str) -> String {
    fitted(".", name, &format!("{tag}.{}.tmp", std::process::id()))
}

/// The process id in a temporary name of ours (`.NAME.PID.tmp`), if it is one.
fn temporary_owner(file_name: &str) -> Option<u32> {
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

/// Saves an issue as pretty JSON, atomically, keeping a backup of the previous version.
/// An issue larger than jianbao opens (see [`crate::model::MAX_ISSUE_FILE_BYTES`]) is
/// refused: a file that cannot be opened again is worse than an error now.
pub fn save_issue(issue: &crate::model::Issue, path: &Path) -> std::io::Result<()> {
    let json = issue.to_json();
    if json.len() as u64 > crate::model::MAX_ISSUE_FILE_BYTES {
        return Err(WriteRefused::IssueTooLarge {
            bytes: json.len() as u64,
        }
        .into_io());
    }
    write_atomic(path, json.as_bytes(), true)
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
    // The recovery file holds an issue and the path it belongs to.
    let limit = crate::model::MAX_ISSUE_FILE_BYTES + (1 << 20);
    let found = match read_bounded(&file, limit) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => recovery_from_json(&text, &file),
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

    fn scratch(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jianbao-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo").arg(path).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "mkfifo {}",
            path.display()
        );
    }

    /// Only regular files are read: a FIFO (which would block), a link to /dev/zero
    /// (which never ends), a directory and a socket are named and refused at once; a
    /// file is read up to its limit and refused past it, also when its reported length
    /// is 0 (files in /proc) — the bytes read count, not the size reported.
    #[cfg(unix)]
    #[test]
    fn reads_refuse_what_is_not_a_regular_file_and_stop_at_the_limit() {
        let dir = scratch("reads");
        let fifo = dir.join("f.jianbao");
        mkfifo(&fifo);
        let zero = dir.join("x.jianbao");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let socket = dir.join("s.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let t = std::time::Instant::now();
        for (path, kind) in [
            (&fifo, FileKind::Fifo),
            (&zero, FileKind::CharDevice),
            (&dir, FileKind::Directory),
            (&socket, FileKind::Socket),
        ] {
            match read_bounded(path, 1 << 20) {
                Err(ReadError::NotAFile(k)) => assert_eq!(k, kind, "{}", path.display()),
                other => panic!("{}: {other:?}", path.display()),
            }
        }
        assert!(t.elapsed() < std::time::Duration::from_secs(1));
        let e = ReadError::NotAFile(FileKind::Fifo);
        assert!(e.to_string().contains("FIFO") && e.chinese().contains("命名管道"));

        let file = dir.join("ten.txt");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_bounded(&file, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_bounded(&file, 9),
            Err(ReadError::TooLarge {
                bytes: 10,
                limit: 9
            })
        ));
        // Reported as 0 bytes long, yet longer than 16 bytes.
        let status = Path::new("/proc/self/status");
        if std::fs::metadata(status).is_ok_and(|m| m.len() == 0) {
            match read_bounded(status, 16) {
                Err(ReadError::TooLarge { bytes, limit: 16 }) => assert_eq!(bytes, 17),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            read_bounded(&dir.join("missing"), 10),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Writes replace regular files only: a device (as root, renaming over /dev/null
    /// would replace it), a FIFO (which must not block either), a directory and a socket
    /// are refused with the kind named, and stay what they were.
    #[cfg(unix)]
    #[test]
    fn writes_refuse_devices_pipes_directories_and_sockets() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("write-kinds");
        let fifo = dir.join("out.pdf");
        mkfifo(&fifo);
        let socket = dir.join("s.pdf");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let null_link = dir.join("null.pdf");
        std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
        for (path, kind) in [
            (Path::new("/dev/null"), FileKind::CharDevice),
            (&null_link, FileKind::CharDevice),
            (&fifo, FileKind::Fifo),
            (&dir, FileKind::Directory),
            (&socket, FileKind::Socket),
        ] {
            let e = write_atomic(path, b"%PDF-1.7", false).expect_err("refused");
            assert_eq!(refusal(&e), Some(&WriteRefused::NotAFile(kind)), "{e}");
            assert!(e.to_string().contains(kind.en()), "{e}");
        }
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
        assert!(std::fs::symlink_metadata(&null_link).unwrap().is_symlink());
        let loop_a = dir.join("a.pdf");
        std::os::unix::fs::symlink("b.pdf", &loop_a).unwrap();
        std::os::unix::fs::symlink("a.pdf", dir.join("b.pdf")).unwrap();
        let e = write_atomic(&loop_a, b"x", false).expect_err("a loop");
        assert_eq!(refusal(&e), Some(&WriteRefused::LinkLoop), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// An existing file keeps its permissions; a symbolic link stays a link and the file
    /// it names gets the content (a dangling link creates it), with the backup next to
    /// the file, not the link.
    #[cfg(unix)]
    #[test]
    fn writes_keep_permissions_and_write_through_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("write-links");
        let out = dir.join("private.pdf");
        std::fs::write(&out, b"old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&out, b"new", false).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        let real_dir = dir.join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("issue.jianbao");
        save_issue(&Issue::sample(), &real).unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.jianbao");
        std::os::unix::fs::symlink("real/issue.jianbao", &link).unwrap();
        let mut issue = Issue::sample();
        issue.meta.issue_no = 10;
        save_issue(&issue, &link).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(Issue::load(&real).unwrap().meta.issue_no, 10);
        assert_eq!(
            std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            Issue::load(&real_dir.join("issue.jianbao~"))
                .unwrap()
                .meta
                .issue_no,
            9
        );
        assert!(!dir.join("link.jianbao~").exists());

        let dangling = dir.join("new.pdf");
        std::os::unix::fs::symlink("real/made.pdf", &dangling).unwrap();
        write_atomic(&dangling, b"%PDF", false).unwrap();
        assert_eq!(std::fs::read(real_dir.join("made.pdf")).unwrap(), b"%PDF");
        assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A read-only file is not replaced even though its folder is writable (the rename
    /// would succeed): the owner said no. Found by the acceptance run of hostile inputs
    /// (an issue given to `--into` and a PDF of mode 000 were replaced by another user).
    #[cfg(unix)]
    #[test]
    fn read_only_files_are_not_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("read-only");
        for (name, mode) in [("kept.pdf", 0o444), ("locked.jianbao", 0o000)] {
            let path = dir.join(name);
            std::fs::write(&path, b"keep me").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let err = write_atomic(&path, b"new", true).unwrap_err();
            assert_eq!(refusal(&err), Some(&WriteRefused::ReadOnly), "{name}");
            assert!(err.to_string().contains("read-only"), "{err}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
            let left: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .collect();
            assert_eq!(
                left.len(),
                1,
                "only {name} in the folder, no backup or temporary"
            );
            std::fs::remove_file(&path).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Output names of every length up to the 255-byte limit (ASCII and three-byte
    /// Chinese characters) are written, twice (so the backup is made too), and leave no
    /// temporary file.
    #[test]
    fn names_up_to_255_bytes_are_written_with_their_backups() {
        let dir = scratch("long-names");
        for len in (240..=255).chain([9, 100]) {
            for unit in ["a", "字"] {
                let stem_len = len - ".jianbao".len();
                let mut stem: String = unit.repeat(stem_len / unit.len());
                stem.push_str(&"b".repeat(stem_len - stem.len()));
                let name = format!("{stem}.jianbao");
                assert_eq!(name.len(), len);
                let path = dir.join(&name);
                save_issue(&Issue::sample(), &path).unwrap_or_else(|e| panic!("{len}: {e}"));
                save_issue(&Issue::sample(), &path).unwrap_or_else(|e| panic!("{len}: {e}"));
                let names: Vec<String> = std::fs::read_dir(&dir)
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
                assert_eq!(names.len(), 2, "{len}: {names:?}");
                let backup = names.iter().find(|n| **n != name).unwrap();
                assert!(
                    backup.ends_with(".jianbao~") && backup.len() <= 255,
                    "{backup}"
                );
                Issue::load(&dir.join(backup)).unwrap();
                for n in names {
                    std::fs::remove_file(dir.join(n)).unwrap();
                }
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Temporary files of ours whose process is gone are removed by the next write to
    /// the folder; one of a running process, a fresh one and other people's files stay.
    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporaries_go_on_the_next_write() {
        let dir = scratch("stale");
        // Process ids above the kernel's limit (2^22) are never alive.
        let dead = [".issue.jianbao.4194400.tmp", ".issue.jianbao~.4194401.tmp"];
        let kept = [
            format!(".issue.jianbao.{}.tmp", std::process::id()), // ours, running
            ".fresh.pdf.4194402.tmp".to_string(),                 // too new to judge
            ".notes.tmp".to_string(),                             // not our pattern
            "report.4194403.tmp".to_string(),                     // no leading dot
            ".x.abc.tmp".to_string(),
        ];
        let old = std::time::SystemTime::now() - 2 * STALE_TEMPORARY_AGE;
        for name in dead.iter().copied().chain(kept.iter().map(String::as_str)) {
            let f = std::fs::File::create(dir.join(name)).unwrap();
            if !name.starts_with(".fresh") {
                f.set_modified(old).unwrap();
            }
        }
        // Our own running process is alive: pretend its file is old but keep it.
        std::fs::write(dir.join("a.pdf"), b"%PDF").unwrap();
        write_atomic(&dir.join("a.pdf"), b"%PDF-new", false).unwrap();
        for name in dead {
            assert!(!dir.join(name).exists(), "{name} left");
        }
        for name in &kept {
            assert!(dir.join(name).exists(), "{name} removed");
        }
        assert_eq!(temporary_owner(".a.pdf.123.tmp"), Some(123));
        assert_eq!(
            temporary_owner(&temporary_name(&"字".repeat(85), "~")),
            Some(std::process::id())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A PDF never replaces the issue it came from (however the path is spelt or
    /// linked), any other issue (by name or by content) or another program's file; an
    /// earlier PDF, an empty file and a new name are fine.
    #[cfg(unix)]
    #[test]
    fn pdf_outputs_are_checked_against_the_input_and_issues() {
        let dir = scratch("pdf-out");
        let input = dir.join("a.jianbao");
        save_issue(&Issue::sample(), &input).unwrap();
        std::fs::hard_link(&input, dir.join("hard.pdf")).unwrap();
        std::os::unix::fs::symlink("a.jianbao", dir.join("soft.pdf")).unwrap();
        let spelt = dir.join("sub/../a.jianbao");
        std::fs::create_dir(dir.join("sub")).unwrap();
        for out in [
            input.clone(),
            dir.join("hard.pdf"),
            dir.join("soft.pdf"),
            spelt,
        ] {
            assert_eq!(
                check_pdf_output(&out, Some(&input)),
                Err(WriteRefused::IsTheInput),
                "{}",
                out.display()
            );
        }
        let other = dir.join("b.jianbao");
        save_issue(&Issue::sample(), &other).unwrap();
        let disguised = dir.join("issue-named.pdf");
        std::fs::copy(&input, &disguised).unwrap();
        std::fs::write(dir.join("empty.JIANBAO"), b"").unwrap();
        for out in [other, disguised, dir.join("empty.JIANBAO")] {
            assert_eq!(
                check_pdf_output(&out, Some(&input)),
                Err(WriteRefused::IsAnIssue),
                "{}",
                out.display()
            );
        }
        std::fs::write(dir.join("notes.txt"), b"minutes of the meeting").unwrap();
        assert_eq!(
            check_pdf_output(&dir.join("notes.txt"), None),
            Err(WriteRefused::NotAPdf)
        );
        std::fs::write(dir.join("old.pdf"), b"%PDF-1.7 old").unwrap();
        std::fs::write(dir.join("empty.pdf"), b"").unwrap();
        for ok in ["old.pdf", "empty.pdf", "new.pdf"] {
            write_pdf(&dir.join(ok), b"%PDF-1.7 new", Some(&input)).unwrap();
        }
        let e = write_pdf(&dir.join("b.jianbao"), b"%PDF", Some(&input)).unwrap_err();
        assert_eq!(refusal(&e), Some(&WriteRefused::IsAnIssue));
        assert!(WriteRefused::IsAnIssue.chinese().contains("简报文件"));
        Issue::load(&dir.join("b.jianbao")).unwrap();
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
