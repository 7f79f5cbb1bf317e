//! Keeping the font book in step with the style's font lists: installed faces are
//! found on a worker and swapped in once the user stopped typing in a font list.

use super::App;
use crate::fonts::FontBook;
use crate::store::Places;
use eframe::egui;
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::Duration;

/// A font list is made into a font book this long after the user stopped editing it.
const FONT_REBUILD_AFTER: Duration = Duration::from_millis(300);

impl App {
    /// Keeps the font book in step with the style's font lists: takes a finished
    /// rebuild, and starts one when the lists have been left alone for
    /// [`FONT_REBUILD_AFTER`] (not on every keystroke in a font list).
    pub(super) fn poll_fonts(&mut self, ctx: &egui::Context) {
        if let Some((families, rx)) = &self.fonts_loading {
            match rx.try_recv() {
                Ok(book) => {
                    let families = families.clone();
                    self.fonts_loading = None;
                    self.take_book(families, book);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(50));
                    return;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.fonts_loading = None,
            }
        }
        if self.testing.fixed_fonts {
            return;
        }
        let families = self.style().fonts.all_families();
        if families == self.book_families {
            self.fonts_wanted = None;
            return;
        }
        let now = ctx.input(|i| i.time);
        let wait = FONT_REBUILD_AFTER.as_secs_f64();
        match &self.fonts_wanted {
            Some((wanted, since)) if *wanted == families => {
                let waited = now - since;
                if waited >= wait {
                    self.fonts_wanted = None;
                    self.build_fonts(ctx, families);
                } else {
                    ctx.request_repaint_after(Duration::from_secs_f64(wait - waited));
                }
            }
            _ => {
                self.fonts_wanted = Some((families, now));
                ctx.request_repaint_after(FONT_REBUILD_AFTER);
            }
        }
    }

    /// Makes the font book for `families` on a worker (at once in tests): reading the
    /// font index and any font file is disk work the UI thread never does.
    pub(super) fn build_fonts(&mut self, ctx: &egui::Context, families: Vec<String>) {
        let index = self.places.as_ref().map(Places::font_index_file);
        if self.testing.inline_tasks {
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
            Ok(_) => self.fonts_loading = Some((families, rx)),
            Err(e) => {
                // Keep the faces there are; do not try again every frame.
                self.book_families = families;
                self.status = format!("无法在后台查找字体：{e}");
            }
        }
    }

    /// Puts a rebuilt font book in use and lays the issue out with it. (If the lists
    /// changed again meanwhile, the next poll builds for them.)
    pub(super) fn take_book(&mut self, families: Vec<String>, book: FontBook) {
        self.book_families = families;
        self.book = Arc::new(book);
        self.fonts_dirty();
        self.typeset.laid_out = None;
        self.font_books_taken += 1;
    }

    /// The font book changed: egui needs the new faces before the next paint.
    pub(super) fn fonts_dirty(&mut self) {
        self.panels.reinstall_fonts = true;
    }
}
