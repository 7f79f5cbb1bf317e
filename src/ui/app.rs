//! The editor window: the [`App`] that eframe runs, and one frame of it (which panel
//! goes where, in which order). Each panel and each kind of work lives in its own file.

use super::preview::{Fit, View};
use super::{
    desktop, dialogs, disk, editor, file_chooser, menu, outline, preview, warnings, Prompts,
    TaskResult, Typeset,
};
use crate::edit::{ArticleRef, Document};
use crate::fonts::{FontBook, SharedFontBook};
use crate::model::Issue;
use crate::store::{AddressBook, Places, Settings};
use crate::style::Style;
use eframe::egui;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

/// What the centre panel edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    Masthead,
    Section(usize),
    Article(ArticleRef),
    Distribution,
    Style,
}

/// The application: the document, its pages and every panel's state.
pub struct App {
    pub doc: Document,
    pub(super) book: SharedFontBook,
    /// The issue as last laid out: pages, findings and counts, and for which revision.
    pub typeset: Typeset,
    pub selection: Selection,
    pub(super) view: View,
    pub(super) places: Option<Places>,
    pub settings: Settings,
    pub address_book: AddressBook,
    /// Reads and writes the user's files off the UI thread, in order.
    pub(super) disk: disk::Disk,
    /// Whether the user's files were asked for (on the first frame).
    pub(super) user_files_asked: bool,
    /// The colours in use (the settings, read later, may name others).
    pub(super) theme_applied: crate::store::Theme,
    /// File dialogs, or paths given by a test.
    pub prompts: Prompts,
    /// The in-app file chooser, while it is open.
    pub(super) chooser: Option<file_chooser::Chooser>,
    /// Where the in-app chooser last found a file (it starts there next time).
    pub(super) chooser_folder: Option<PathBuf>,
    pub(super) tx: Sender<TaskResult>,
    pub(super) rx: Receiver<TaskResult>,
    /// What a running task is doing, shown in the status bar.
    pub(super) busy: Option<String>,
    pub status: String,
    /// An error to show in the window (Chinese, names what and where).
    pub error: Option<String>,
    pub(super) panels: dialogs::Panels,
    pub(super) last_autosave: (u64, Instant),
    pub(super) baselines: HashMap<(crate::fonts::FontId, u32), f32>,
    /// The font lists the font book was made for.
    pub(super) book_families: Vec<String>,
    /// A font book being made on a worker for these font lists (the current book is
    /// used meanwhile).
    pub(super) fonts_loading: Option<(Vec<String>, Receiver<FontBook>)>,
    /// Font lists that changed, and when (egui time): rebuilt once left alone.
    pub(super) fonts_wanted: Option<(Vec<String>, f64)>,
    /// How many rebuilt font books were put in use (tests read it).
    pub(super) font_books_taken: u32,
    /// Switches only tests turn on.
    pub testing: TestSwitches,
    /// `JIANBAO_TIMING`: report the first frame and frame times on stderr.
    pub(super) timing: Option<Timing>,
}

/// Frame timing for `JIANBAO_TIMING=1` (the GUI smoke test reads it).
pub(super) struct Timing {
    pub(super) started: Instant,
    pub(super) frames: u32,
    pub(super) slowest_ms: f32,
    pub(super) total_ms: f32,
}

impl App {
    /// An editor on `doc`. `places` is where settings, the address book and the recovery
    /// file live (`None`: remember nothing).
    pub fn new(ctx: &egui::Context, doc: Document, places: Option<Places>) -> App {
        let families = doc
            .issue
            .style
            .as_ref()
            .map(|s| s.fonts.all_families())
            .unwrap_or_else(|| Style::default().fonts.all_families());
        // The window appears on the bundled faces; installed ones the style names are
        // found (the index read, the files loaded) on a worker and swapped in.
        let mut app = App::with_fonts(ctx, doc, places, FontBook::bundled());
        let bundled = FontBook::bundled();
        if families.iter().any(|f| bundled.family(f).is_none()) {
            app.build_fonts(ctx, families);
        }
        app
    }
    /// An editor with a given font book (tests use the bundled faces only).
    pub fn with_fonts(
        ctx: &egui::Context,
        doc: Document,
        places: Option<Places>,
        book: FontBook,
    ) -> App {
        let book: SharedFontBook = Arc::new(book);
        preview::install_fonts(ctx, &book);
        let (tx, rx) = channel();
        // Settings, the address book and any work ended editors left are read on the
        // disk worker when the first frame starts (see `load_user_files`).
        let settings = Settings::default();
        desktop::apply_theme(ctx, settings.theme);
        let address_book = AddressBook::from_issue(&Issue::sample());
        let panels = dialogs::Panels::default();
        let revision = doc.revision();
        let book_families = doc
            .issue
            .style
            .as_ref()
            .map(|s| s.fonts.all_families())
            .unwrap_or_else(|| Style::default().fonts.all_families());
        let mut app = App {
            doc,
            book,
            typeset: Typeset::default(),
            selection: Selection::Masthead,
            view: View {
                zoom: 1.0,
                fit: Fit::Width,
                two_up: false,
                show_grid: false,
                goto_page: None,
                current_page: 0,
            },
            disk: disk::Disk::new(places.clone(), ctx.clone()),
            user_files_asked: false,
            theme_applied: settings.theme,
            places,
            settings,
            address_book,
            prompts: Prompts::Native,
            chooser: None,
            chooser_folder: None,
            tx,
            rx,
            busy: None,
            status: "就绪".to_string(),
            error: None,
            panels,
            last_autosave: (revision, Instant::now()),
            baselines: HashMap::new(),
            book_families,
            fonts_loading: None,
            fonts_wanted: None,
            font_books_taken: 0,
            testing: TestSwitches::default(),
            timing: std::env::var_os("JIANBAO_TIMING").map(|_| Timing {
                started: process_start(),
                frames: 0,
                slowest_ms: 0.0,
                total_ms: 0.0,
            }),
        };
        if let Some(a) = app.doc.article_at(0) {
            app.selection = Selection::Article(a);
        }
        app.relayout_if_needed();
        app
    }

    /// The paragraph join the article editor offers (kept across frames).
    pub(super) fn panels_join_offer(&self) -> Option<(ArticleRef, usize, usize)> {
        self.panels.join_offer
    }
    /// Remembers or clears the offered paragraph join.
    pub(super) fn set_join_offer(&mut self, offer: Option<(ArticleRef, usize, usize)>) {
        self.panels.join_offer = offer;
    }

    /// One frame of the whole window.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let t = Instant::now();
        self.frame(ui);
        if let Some(timing) = &mut self.timing {
            let ms = t.elapsed().as_secs_f32() * 1000.0;
            timing.frames += 1;
            if timing.frames == 1 {
                eprintln!(
                    "timing: first frame drawn {:.0} ms after start",
                    timing.started.elapsed().as_secs_f32() * 1000.0
                );
            } else {
                timing.slowest_ms = timing.slowest_ms.max(ms);
                timing.total_ms += ms;
            }
            if timing.frames % 100 == 0 {
                eprintln!(
                    "timing: {} frames, mean {:.1} ms, slowest {:.1} ms, last layout {:.1} ms",
                    timing.frames,
                    timing.total_ms / (timing.frames - 1) as f32,
                    timing.slowest_ms,
                    self.typeset.layout_ms
                );
            }
        }
    }

    /// Polls background work, answers keys and closing, then draws every panel.
    pub(super) fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if std::mem::take(&mut self.panels.reinstall_fonts) {
            preview::install_fonts(&ctx, &self.book);
        }
        if !std::mem::replace(&mut self.user_files_asked, true) {
            self.load_user_files();
        }
        if self.theme_applied != self.settings.theme {
            self.theme_applied = self.settings.theme;
            desktop::apply_theme(&ctx, self.settings.theme);
        }
        self.poll_tasks(&ctx);
        self.poll_fonts(&ctx);
        self.poll_layout(&ctx);
        self.shortcuts(&ctx);
        if ctx.input(|i| i.events.contains(&egui::Event::WindowFocused(false))) {
            self.autosave(&ctx, true);
        } else {
            self.autosave(&ctx, false);
        }
        self.handle_close(&ctx);
        desktop::update_title(
            &ctx,
            desktop::window_title(self.doc.path.as_deref(), self.doc.is_dirty()),
        );

        menu::menu_bar(self, ui);
        self.status_bar(ui);
        if self.panels.warnings_open {
            warnings::warnings_panel(self, ui);
        }
        // On a small window the side panels give way, so the editor in the centre
        // always keeps room to type (at 800 px: at most 240 + 320 px for the sides).
        let width = ui.available_width();
        egui::Panel::left("outline")
            .resizable(true)
            .default_size(260f32.min(width * 0.22))
            .max_size((width * 0.3).max(120.0))
            .show(ui, |ui| outline::outline(self, ui));
        // The desk the pages lie on: mid grey in the light theme, dark in the dark one,
        // so the preview's own buttons stay legible in both.
        let desk = if ui.visuals().dark_mode {
            egui::Color32::from_gray(45)
        } else {
            egui::Color32::from_gray(200)
        };
        // Edits happen in the centre; lay out before the preview draws.
        egui::Panel::right("preview")
            .resizable(true)
            .default_size(560f32.min(width * 0.4))
            .max_size((width * 0.4).max(160.0))
            .frame(egui::Frame::new().fill(desk))
            .show(ui, |ui| {
                self.relayout_if_needed();
                self.preview(ui);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| editor::editor(self, ui));
        });
        self.relayout_if_needed();
        dialogs::windows(self, &ctx);
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

/// When the process started (for the first-frame timing).
fn process_start() -> Instant {
    *START.get_or_init(Instant::now)
}

static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Opens the editor window; blocks until it is closed.
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    process_start();
    let (issue, path, startup_error) = match file {
        None => (Issue::sample(), None, None),
        Some(p) => match Issue::load(&p) {
            Ok(i) => (i, Some(p), None),
            Err(e) => (Issue::sample(), None, Some(e.chinese())),
        },
    };
    let options = eframe::NativeOptions {
        viewport: desktop::identify(
            egui::ViewportBuilder::default()
                .with_title("简报编排")
                .with_inner_size([1400.0, 900.0]),
        ),
        ..Default::default()
    };
    eframe::run_native(
        "简报编排",
        options,
        Box::new(move |cc| {
            let mut app = App::new(&cc.egui_ctx, Document::new(issue, path), Places::standard());
            if let Some(e) = startup_error {
                app.error = Some(e);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

/// Switches only tests turn on, kept out of the app's own state so it reads cleanly.
#[derive(Debug, Default, Clone, Copy)]
pub struct TestSwitches {
    /// Run tasks on the UI thread, so a frame after a command sees its result.
    pub inline_tasks: bool,
    /// Keep the font book as given even when the style names other families.
    pub fixed_fonts: bool,
}
