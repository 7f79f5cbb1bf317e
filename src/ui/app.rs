//! The editor window: the [`App`] that eframe runs, and one frame of it (which panel
//! goes where, in which order). Each panel and each kind of work lives in its own file.

use super::font_loading::FontState;
use super::profile::Profile;
use super::session::Session;
use super::tasks::Tasks;
use super::view::ViewState;
use super::{
    desktop, dialogs, editor, file_chooser, menu, outline, preview, shortcuts, status, warnings,
    Selection, Typeset,
};
use crate::edit::Document;
use crate::fonts::FontBook;
use crate::model::Issue;
use crate::store::Places;
use crate::style::Style;
use eframe::egui;
use std::path::PathBuf;
use std::time::Instant;

/// The application: the open document, how it is shown, and the work around it.
pub struct App {
    /// The open issue with its path, undo history, saved state and recovery bookkeeping.
    pub session: Session,
    /// The issue as last laid out: pages, findings and counts, and for which revision.
    pub typeset: Typeset,
    /// The font book in use and its rebuilding.
    pub fonts: FontState,
    /// What is selected, the preview's zoom and scrolling, which panels are open.
    pub view: ViewState,
    /// Questions waiting for an answer (unsaved work, an import to confirm).
    pub questions: dialogs::Questions,
    /// The user's own files: settings, address book, where they live.
    pub profile: Profile,
    /// File dialogs or the in-app chooser.
    pub asking: file_chooser::FileAsking,
    /// The task runner: one slow job at a time, its results coming back each frame.
    pub(super) tasks: Tasks,
    /// The print system and the print dialog while it is open.
    pub printing: super::print_dialog::Printing,
    /// 导出页面图片: the dialog while it is open.
    pub(super) page_images_dialog: Option<super::page_images_dialog::PageImagesDialog>,
    /// What the status bar says about the last action (已保存, 已撤销…).
    pub status: String,
    /// An error to show in the window (Chinese, names what and where).
    pub error: Option<String>,
    /// `JIANBAO_TIMING`: report the first frame and frame times on stderr.
    pub(super) timing: Option<Timing>,
    /// Small previews of the issue's pictures for the block editor.
    pub(super) thumbnails: super::pictures::Thumbnails,
}

/// How an editor runs its work. The window uses the defaults; headless use and tests
/// (see the test harness) run everything at once so a frame after an action sees its
/// result.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options {
    /// Run tasks, layout and disk work on the UI thread instead of on workers.
    pub inline_tasks: bool,
    /// Keep the font book as given even when the style names other families.
    pub fixed_fonts: bool,
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
        let mut app = App::with_fonts(ctx, doc, places, FontBook::bundled(), Options::default());
        let bundled = FontBook::bundled();
        if families.iter().any(|f| bundled.family(f).is_none()) {
            app.build_fonts(ctx, families);
        }
        app
    }
    /// An editor with a given font book, running its work as `options` say (tests use
    /// the bundled faces only).
    pub fn with_fonts(
        ctx: &egui::Context,
        doc: Document,
        places: Option<Places>,
        book: FontBook,
        options: Options,
    ) -> App {
        // Settings, the address book and any work ended editors left are read on the
        // disk worker when the first frame starts (see `load_user_files`).
        let profile = Profile::new(places, ctx);
        desktop::apply_theme(ctx, profile.settings.theme);
        let book_families = doc
            .issue
            .style
            .as_ref()
            .map(|s| s.fonts.all_families())
            .unwrap_or_else(|| Style::default().fonts.all_families());
        let fonts = FontState::new(book, book_families, !options.fixed_fonts);
        preview::install_fonts(ctx, &fonts.book);
        let mut app = App {
            session: Session::new(doc),
            typeset: Typeset::default(),
            fonts,
            view: ViewState::default(),
            questions: dialogs::Questions::default(),
            profile,
            asking: file_chooser::FileAsking::default(),
            tasks: Tasks::new(options.inline_tasks),
            printing: Default::default(),
            page_images_dialog: None,
            status: "就绪".to_string(),
            error: None,
            timing: std::env::var_os("JIANBAO_TIMING").map(|_| Timing {
                started: process_start(),
                frames: 0,
                slowest_ms: 0.0,
                total_ms: 0.0,
            }),
            thumbnails: Default::default(),
        };
        if let Some(a) = app.session.doc.article_at(0) {
            app.view.selection = Selection::Article(a);
        }
        app.relayout_if_needed();
        app
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
        if std::mem::take(&mut self.fonts.reinstall) {
            preview::install_fonts(&ctx, &self.fonts.book);
        }
        if !std::mem::replace(&mut self.profile.files_asked, true) {
            self.load_user_files();
        }
        if self.profile.theme_applied != self.profile.settings.theme {
            self.profile.theme_applied = self.profile.settings.theme;
            desktop::apply_theme(&ctx, self.profile.settings.theme);
        }
        self.poll_tasks(&ctx);
        self.poll_fonts(&ctx);
        self.poll_layout(&ctx);
        let keys = shortcuts::shortcuts(self, &ctx);
        self.run_commands(&ctx, keys);
        let dropped = self.dropped_and_pasted(&ctx);
        self.run_commands(&ctx, dropped);
        if ctx.input(|i| i.events.contains(&egui::Event::WindowFocused(false))) {
            self.autosave(&ctx, true);
        } else {
            self.autosave(&ctx, false);
        }
        self.handle_close(&ctx);
        desktop::update_title(
            &ctx,
            desktop::window_title(
                self.session.doc.path.as_deref(),
                self.session.doc.is_dirty(),
            ),
        );

        // Each panel draws from the state as it is and returns what the user asked
        // for; the commands run right after it, before the next panel draws.
        self.count_chars();
        let asked = menu::menu_bar(self, ui);
        self.run_commands(&ctx, asked);
        let asked = status::status_bar(self, ui);
        self.run_commands(&ctx, asked);
        if self.view.warnings_open {
            let asked = warnings::warnings_panel(self, ui);
            self.run_commands(&ctx, asked);
        }
        // On a small window the side panels give way, so the editor in the centre
        // always keeps room to type (at 800 px: at most 240 + 320 px for the sides).
        let width = ui.available_width();
        let asked = egui::Panel::left("outline")
            .resizable(true)
            .default_size(260f32.min(width * 0.22))
            .max_size((width * 0.3).max(120.0))
            .show(ui, |ui| outline::outline(self, ui))
            .inner;
        self.run_commands(&ctx, asked);
        // The desk the pages lie on: mid grey in the light theme, dark in the dark one,
        // so the preview's own buttons stay legible in both.
        let desk = if ui.visuals().dark_mode {
            egui::Color32::from_gray(45)
        } else {
            egui::Color32::from_gray(200)
        };
        // Edits happen in the centre; lay out before the preview draws.
        let asked = egui::Panel::right("preview")
            .resizable(true)
            .default_size(560f32.min(width * 0.4))
            .max_size((width * 0.4).max(160.0))
            .frame(egui::Frame::new().fill(desk))
            .show(ui, |ui| {
                self.relayout_if_needed();
                // The page images the preview keeps, lent to the panel.
                let mut images = std::mem::take(&mut self.fonts.page_images);
                let asked = preview::preview_panel(self, &mut images, ui);
                self.fonts.page_images = images;
                asked
            })
            .inner;
        self.run_commands(&ctx, asked);
        let typed = egui::CentralPanel::default()
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| editor::editor(self, ui))
                    .inner
            })
            .inner;
        // The focus wish is for one drawing of the editor.
        self.view.focus_editor = false;
        let asked = typed.apply(&mut self.session.doc);
        self.run_commands(&ctx, asked);
        self.relayout_if_needed();
        self.windows(&ctx);
    }

    /// Floating windows, drawn last so they sit on top. Each draws from the app and returns
    /// what the user answered or asked for, run right after it. What a window lets the user
    /// type is its own buffer: the import review's titles and choices, the find text, a copy
    /// of the address book, the file chooser's folder and name.
    pub(super) fn windows(&mut self, ctx: &egui::Context) {
        if let Some(message) = &self.error {
            let asked = dialogs::error_window(message, ctx);
            self.run_commands(ctx, asked);
            return;
        }
        if !self.session.recovery_offers.is_empty() {
            let asked = super::recovery::offer(self, ctx);
            self.run_commands(ctx, asked);
            return;
        }
        let asked = dialogs::unsaved_question(self, ctx);
        self.run_commands(ctx, asked);
        let inline = self.tasks.inline;
        if let Some(chooser) = self.asking.chooser.as_mut() {
            let asked = file_chooser::show(chooser, inline, ctx);
            self.run_commands(ctx, asked.into_iter().collect());
        }
        if let Some(dialog) = self.printing.dialog.as_mut() {
            let asked = super::print_dialog::print_window(dialog, ctx);
            self.run_commands(ctx, asked);
        }
        if let Some(dialog) = self.page_images_dialog.as_mut() {
            let asked = super::page_images_dialog::page_images_window(dialog, ctx);
            self.run_commands(ctx, asked);
        }
        if let Some(review) = self.questions.import_review.as_mut() {
            let asked = dialogs::import_review_window(review, ctx);
            self.run_commands(ctx, asked);
        }
        if self.view.find_open {
            let asked = dialogs::find_window(&self.session.doc, &mut self.view.find_text, ctx);
            self.run_commands(ctx, asked);
        }
        if self.view.address_book_open {
            let asked = dialogs::address_book_window(&self.profile.address_book, ctx);
            self.run_commands(ctx, asked);
        }
        let asked = dialogs::help_windows(&self.view, ctx);
        self.run_commands(ctx, asked);
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
