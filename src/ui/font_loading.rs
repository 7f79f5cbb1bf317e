//! The faces the editor sets type with ([`FontState`]), kept in step with the style's
//! font lists: installed faces are found on a worker and swapped in once the user
//! stopped typing in a font list.

use super::App;
use crate::fonts::{FontBook, SharedFontBook};
use crate::store::Places;
use eframe::egui;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::Duration;

/// The font book in use and its rebuilding, apart from the document and the panels:
/// layout, export and the preview read the book; only this file replaces it.
pub struct FontState {
    /// The faces layout, export and the preview use.
    pub(super) book: SharedFontBook,
    /// The font lists the book was made for.
    pub(super) families: Vec<String>,
    /// A font book being made on a worker for these font lists (the current book is
    /// used meanwhile).
    pub(super) loading: Option<(Vec<String>, Receiver<FontBook>)>,
    /// Font lists that changed, and when (egui time): rebuilt once left alone.
    pub(super) wanted: Option<(Vec<String>, f64)>,
    /// How many rebuilt font books were put in use (tests read it).
    pub(super) books_taken: u32,
    /// Whether the book follows the style's font lists (tests may keep the one given).
    pub(super) follow_style: bool,
    /// egui needs the book's faces again before the next paint.
    pub(super) reinstall: bool,
    /// Installed font families for the style editor, read once when first needed.
    pub(super) installed_families: Option<Vec<String>>,
    /// Whether they were asked for (they are read on the disk worker).
    pub(super) installed_families_asked: bool,
    /// The preview's page images, drawn from this book's faces.
    pub(super) page_images: super::page_images::PageImages,
}

impl FontState {
    /// `book`, made for the font lists `families`.
    pub(super) fn new(book: FontBook, families: Vec<String>, follow_style: bool) -> FontState {
        FontState {
            book: Arc::new(book),
            families,
            loading: None,
            wanted: None,
            books_taken: 0,
            follow_style,
            reinstall: false,
            installed_families: None,
            installed_families_asked: false,
            page_images: Default::default(),
        }
    }
}

/// A font list is made into a font book this long after the user stopped editing it.
const FONT_REBUILD_AFTER: Duration = Duration::from_millis(300);

impl App {
    /// Keeps the font book in step with the style's font lists: takes a finished
    /// rebuild, and starts one when the lists have been left alone for
    /// [`FONT_REBUILD_AFTER`] (not on every keystroke in a font list).
    pub(super) fn poll_fonts(&mut self, ctx: &egui::Context) {
        if let Some((families, rx)) = &self.fonts.loading {
            match rx.try_recv() {
                Ok(book) => {
                    let families = families.clone();
                    self.fonts.loading = None;
                    self.take_book(families, book);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(50));
                    return;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.fonts.loading = None,
            }
        }
        if !self.fonts.follow_style {
            return;
        }
        let families = self.style().fonts.all_families();
        if families == self.fonts.families {
            self.fonts.wanted = None;
            return;
        }
        let now = ctx.input(|i| i.time);
        let wait = FONT_REBUILD_AFTER.as_secs_f64();
        match &self.fonts.wanted {
            Some((wanted, since)) if *wanted == families => {
                let waited = now - since;
                if waited >= wait {
                    self.fonts.wanted = None;
                    self.build_fonts(ctx, families);
                } else {
                    ctx.request_repaint_after(Duration::from_secs_f64(wait - waited));
                }
            }
            _ => {
                self.fonts.wanted = Some((families, now));
                ctx.request_repaint_after(FONT_REBUILD_AFTER);
            }
        }
    }

    /// Makes the font book for `families` on a worker (at once in tests): reading the
    /// font index and any font file is disk work the UI thread never does.
    pub(super) fn build_fonts(&mut self, ctx: &egui::Context, families: Vec<String>) {
        let index = self.profile.places.as_ref().map(Places::font_index_file);
        if self.tasks.inline {
            let book = FontBook::with_system(&families, index.as_deref());
            self.take_book(families, book);
            return;
        }
        let (tx, rx) = channel();
        let wanted = families.clone();
        let wake = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("fonts".into())
            .spawn(move || {
                let _ = tx.send(FontBook::with_system(&wanted, index.as_deref()));
                wake.request_repaint();
            });
        match spawned {
            Ok(_) => self.fonts.loading = Some((families, rx)),
            Err(e) => {
                // Keep the faces there are; do not try again every frame.
                self.fonts.families = families;
                self.status = format!("无法在后台查找字体：{e}");
            }
        }
    }

    /// Puts a rebuilt font book in use and lays the issue out with it. (If the lists
    /// changed again meanwhile, the next poll builds for them.)
    pub(super) fn take_book(&mut self, families: Vec<String>, book: FontBook) {
        self.fonts.families = families;
        self.fonts.book = Arc::new(book);
        self.fonts_dirty();
        self.typeset.laid_out = None;
        self.fonts.books_taken += 1;
    }

    /// The font book changed: egui needs the new faces before the next paint.
    pub(super) fn fonts_dirty(&mut self) {
        self.fonts.reinstall = true;
    }
}
