//! The editor window (eframe/egui, Chinese interface).
//!
//! One [`App`] holds the open document ([`Session`]), the laid-out pages ([`Typeset`]),
//! the font book ([`font_loading::FontState`]) and how the window shows them
//! ([`ViewState`]). Each frame it re-lays out the issue if it changed
//! (a few milliseconds), then draws: menu bar, outline (left), the editor of the selected
//! item (centre), the live preview (right) and the status bar. Each panel lives in its
//! own file, draws from the app read-only and returns the [`Command`]s the user asked
//! for; `App::run_command` is the one place they change anything. Text typed into the
//! centre editors goes through their [`edits::EditBuffer`]; what a small window lets
//! the user type is that window's own state. Slow work (file dialogs, reading, writing
//! the PDF, autosave) runs on worker threads; the UI thread never waits on disk.
//!
//! Where things are:
//! - `app`: the [`App`] struct, its [`Options`] and one frame (which panel goes where);
//! - `session`: [`Session`], the document with its history and autosave bookkeeping;
//! - `profile`: [`Profile`], the user's settings and address book and their files;
//! - `view`: [`ViewState`], selection, zoom, scrolling and open panels;
//! - `typeset`: [`Typeset`], the issue as last laid out (pages, findings, counts);
//! - `commands`: [`Command`], the one door through which menus, shortcuts and buttons act;
//! - `edits`: the centre editors' edit buffer, applied as undoable steps;
//! - `file_actions`, `edit_actions`: what the commands do to files and to the document;
//! - `tasks`, `disk`, `relayout`, `font_loading`: work off the UI thread;
//! - `pictures`: pictures inserted, dropped, pasted and replaced, and their previews;
//! - panels: `menu`, `warnings`, `dialogs` (the small windows), `outline`, `editor`, `preview`,
//!   `status`, `file_chooser`, `recovery`; keys in `shortcuts`.

mod app;
mod commands;
mod desktop;
mod dialogs;
mod disk;
mod edit_actions;
mod editor;
mod edits;
mod file_actions;
mod file_chooser;
mod font_loading;
mod lines;
#[cfg(test)]
mod looks_tests;
mod menu;
mod outline;
mod page_images;
mod page_images_dialog;
#[cfg(test)]
mod picture_tests;
mod pictures;
pub mod preview;
mod print_dialog;
mod profile;
#[cfg(test)]
mod publish_tests;
mod recovery;
mod relayout;
mod session;
mod shortcuts;
mod status;
mod tasks;
#[cfg(test)]
mod test_harness;
#[cfg(test)]
mod tests;
mod typeset;
mod view;
mod warnings;

pub use app::{run, App, Options};
pub use commands::{Command, UnsavedAnswer};
pub use file_chooser::{FileAsking, Prompts};
pub use page_images_dialog::PageImagesStep;
pub use pictures::PictureTarget;
pub use print_dialog::{PrintStep, Printing};
pub use profile::Profile;
pub use recovery::RecoveryAnswer;
pub use session::Session;
pub use tasks::io_chinese;
use tasks::{TaskResult, UserFiles};
pub use typeset::Typeset;
pub use view::{Selection, ViewState};
