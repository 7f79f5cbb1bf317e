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
//!
//! Parts: `read` (bounded reading), `write` (atomic writes and what is refused),
//! `outputs` (where exports and issues may be written), `places` (the user's folders),
//! `settings`, `address_book`, and `recovery` (autosaved work and its locks).

mod address_book;
mod outputs;
mod places;
mod read;
mod recovery;
mod settings;
mod write;

pub use address_book::{AddressBook, AddressGroup};
pub use outputs::{check_export_output, check_pdf_output, save_issue, write_export, write_pdf};
pub use places::{Places, MAX_SETTINGS_BYTES};
pub use read::{megabytes, read_bounded, FileKind, ReadError};
pub use recovery::{find_orphans, Orphan, Recovery, RecoverySlot};
pub use settings::{Settings, Theme, RECENT_MAX};
pub use write::{
    refusal, remove_stale_temporaries, same_file, write_atomic, WriteRefused, STALE_TEMPORARY_AGE,
};

#[cfg(test)]
mod tests;
