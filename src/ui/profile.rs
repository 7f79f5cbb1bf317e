//! The user's own files ([`Profile`]): where they live, the settings and address book
//! they hold, and the disk worker that reads and writes them — apart from the document,
//! which has its own file and its own [`super::Session`].

use super::disk::Disk;
use crate::model::Issue;
use crate::store::{AddressBook, Places, Settings, Theme};
use eframe::egui;

/// What the editor keeps for the user between issues.
pub struct Profile {
    /// Where settings, the address book and recovery files live (`None`: remember
    /// nothing).
    pub(super) places: Option<Places>,
    /// Recent files, theme, default style.
    pub settings: Settings,
    /// Groups of recipients the 版记 picks from.
    pub address_book: AddressBook,
    /// Reads and writes the user's files off the UI thread, in order.
    pub(super) disk: Disk,
    /// Whether the files were asked for (on the first frame).
    pub(super) files_asked: bool,
    /// The colours in use (the settings, read later, may name others).
    pub(super) theme_applied: Theme,
}

impl Profile {
    /// Defaults until the files are read (on the first frame, on the disk worker).
    pub(super) fn new(places: Option<Places>, ctx: &egui::Context) -> Profile {
        let settings = Settings::default();
        Profile {
            disk: Disk::new(places.clone(), ctx.clone()),
            places,
            theme_applied: settings.theme,
            settings,
            address_book: AddressBook::from_issue(&Issue::sample()),
            files_asked: false,
        }
    }
}
