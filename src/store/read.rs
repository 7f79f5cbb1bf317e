//! Bounded reading: only regular files are opened, and no more than a limit is read.

use std::io::Read;
use std::path::Path;

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
pub(super) fn open_regular(
    path: &Path,
    limit: u64,
) -> Result<(std::fs::File, std::fs::Metadata), ReadError> {
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
