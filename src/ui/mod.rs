//! The editor window (eframe/egui, Chinese interface).
//!
//! One [`App`] holds the document being edited ([`crate::edit::Document`]), the laid-out
//! pages and the state of the panels. Each frame it re-lays out the issue if it changed
//! (a few milliseconds), then draws: menu bar, outline (left), the editor of the selected
//! item (centre), the live preview (right) and the status bar. Panels live in their own
//! files and only read the app or call its commands. Slow work (file dialogs, reading,
//! writing the PDF, autosave) runs on worker threads; the UI thread never waits on disk.

mod commands;
mod desktop;
mod dialogs;
mod disk;
mod editor;
mod file_chooser;
mod lines;
#[cfg(test)]
mod looks_tests;
mod outline;
pub mod preview;
mod recovery;
mod relayout;
#[cfg(test)]
mod tests;

use crate::edit::{ArticleRef, Document};
use crate::fonts::{FontBook, SharedFontBook};
use crate::layout::{Pages, Source};
use crate::model::Issue;
use crate::store::{AddressBook, Orphan, Places, Recovery, Settings};
use crate::style::Style;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use commands::{Command, UnsavedAnswer};
pub use file_chooser::Prompts;

/// A font list is made into a font book this long after the user stopped editing it.
const FONT_REBUILD_AFTER: Duration = Duration::from_millis(300);

/// Unsaved work is written to the recovery file this often (and on focus loss).
const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// What the centre panel edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    Masthead,
    Section(usize),
    Article(ArticleRef),
    Distribution,
    Style,
}

/// Results of background work, sent back to the UI thread.
enum TaskResult {
    Opened(PathBuf, Box<Issue>),
    /// Saved at a revision; the command waiting for the save runs next.
    Saved(PathBuf, u64, Option<Command>),
    /// A whole issue read from a text or Word file (导入为新简报).
    ImportedIssue(PathBuf, Box<Issue>),
    /// The user cancelled a file dialog.
    Cancelled,
    /// The desktop could not show its file dialog: the in-app chooser asks instead,
    /// then runs the same work.
    NoNativeDialog(Box<(file_chooser::FileQuestion, String, file_chooser::Then)>),
    Exported(PathBuf, usize),
    Imported(PathBuf, Vec<crate::model::Article>),
    ImportedWithNotes(PathBuf, Vec<crate::model::Article>, String),
    Failed(String, String),
    Autosaved,
    /// The user's files read at start.
    UserFiles(Box<UserFiles>),
    /// The installed font families (for the style editor's font menus).
    InstalledFamilies(Vec<String>),
    /// A result of the disk worker (which never holds up the busy mark of a task).
    FromDisk(Box<TaskResult>),
}

/// What the editor reads of the user's own files at start (on the disk worker).
struct UserFiles {
    settings: Result<Settings, String>,
    address_book: Result<AddressBook, String>,
    /// Work ended editors left, to offer back.
    orphans: Vec<Orphan>,
}

/// How the preview's zoom follows the window.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// A whole page (or spread) is visible.
    Page,
    /// The page width fills the view.
    Width,
    /// The zoom the user chose.
    Free,
}

/// Preview settings.
struct View {
    zoom: f32,
    fit: Fit,
    two_up: bool,
    show_grid: bool,
    goto_page: Option<usize>,
    current_page: usize,
}

/// The application: the document, its pages and every panel's state.
pub struct App {
    pub doc: Document,
    book: SharedFontBook,
    pages: Arc<Pages>,
    /// The document revision the pages were laid out from (`None`: lay out again,
    /// e.g. with a new font book).
    laid_out: Option<u64>,
    /// The document revision `pages` shows (the worker may still be setting a newer
    /// one): export lays the issue out afresh when it is behind.
    pages_revision: Option<u64>,
    pub selection: Selection,
    view: View,
    places: Option<Places>,
    pub settings: Settings,
    pub address_book: AddressBook,
    /// Reads and writes the user's files off the UI thread, in order.
    disk: disk::Disk,
    /// Whether the user's files were asked for (on the first frame).
    user_files_asked: bool,
    /// The colours in use (the settings, read later, may name others).
    theme_applied: crate::store::Theme,
    /// File dialogs, or paths given by a test.
    pub prompts: Prompts,
    /// The in-app file chooser, while it is open.
    chooser: Option<file_chooser::Chooser>,
    /// Where the in-app chooser last found a file (it starts there next time).
    chooser_folder: Option<PathBuf>,
    tx: Sender<TaskResult>,
    rx: Receiver<TaskResult>,
    /// What a running task is doing, shown in the status bar.
    busy: Option<String>,
    pub status: String,
    /// An error to show in the window (Chinese, names what and where).
    pub error: Option<String>,
    panels: dialogs::Panels,
    last_autosave: (u64, Instant),
    baselines: HashMap<(crate::fonts::FontId, u32), f32>,
    /// Milliseconds the last re-layout took.
    pub layout_ms: f32,
    /// Lays out on this thread or a worker, with a cache of unchanged articles.
    relayout: relayout::Relayout,
    /// Characters per article in print order, for the revision they were counted at
    /// (the outline and status bar show them every frame; counting a long issue is not
    /// free).
    char_counts: (u64, Vec<usize>),
    /// The font lists the font book was made for.
    book_families: Vec<String>,
    /// A font book being made on a worker for these font lists (the current book is
    /// used meanwhile).
    fonts_loading: Option<(Vec<String>, Receiver<FontBook>)>,
    /// Font lists that changed, and when (egui time): rebuilt once left alone.
    fonts_wanted: Option<(Vec<String>, f64)>,
    /// How many rebuilt font books were put in use (tests read it).
    font_books_taken: u32,
    /// Proofreading findings for the current text (rechecked with every layout).
    pub findings: Vec<crate::check::Finding>,
    /// Run tasks on the UI thread (tests), so a frame after a command sees its result.
    pub inline_tasks: bool,
    /// Keep the font book as given even when the style names other families (tests).
    pub fixed_fonts: bool,
    /// `JIANBAO_TIMING`: report the first frame and frame times on stderr.
    timing: Option<Timing>,
}

/// Frame timing for `JIANBAO_TIMING=1` (the GUI smoke test reads it).
struct Timing {
    started: Instant,
    frames: u32,
    slowest_ms: f32,
    total_ms: f32,
}

const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const MOVE_UP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp);
const MOVE_DOWN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown);

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

    /// Characters per article in print order (whitespace not counted).
    pub fn char_counts(&mut self) -> &[usize] {
        let revision = self.doc.revision();
        if self.char_counts.0 != revision {
            let counts = self
                .doc
                .issue
                .articles()
                .map(editor::article_chars)
                .collect();
            self.char_counts = (revision, counts);
        }
        &self.char_counts.1
    }

    /// Keeps the font book in step with the style's font lists: takes a finished
    /// rebuild, and starts one when the lists have been left alone for
    /// [`FONT_REBUILD_AFTER`] (not on every keystroke in a font list).
    fn poll_fonts(&mut self, ctx: &egui::Context) {
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
        if self.fixed_fonts {
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
    fn build_fonts(&mut self, ctx: &egui::Context, families: Vec<String>) {
        let index = self.places.as_ref().map(Places::font_index_file);
        if self.inline_tasks {
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
    fn take_book(&mut self, families: Vec<String>, book: FontBook) {
        self.book_families = families;
        self.book = Arc::new(book);
        self.fonts_dirty();
        self.laid_out = None;
        self.font_books_taken += 1;
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
            pages: Arc::new(Pages::default()),
            pages_revision: None,
            laid_out: None,
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
            layout_ms: 0.0,
            relayout: relayout::Relayout::default(),
            book_families,
            fonts_loading: None,
            fonts_wanted: None,
            font_books_taken: 0,
            char_counts: (u64::MAX, Vec::new()),
            findings: Vec::new(),
            inline_tasks: false,
            fixed_fonts: false,
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

    fn panels_join_offer(&self) -> Option<(ArticleRef, usize, usize)> {
        self.panels.join_offer
    }
    fn set_join_offer(&mut self, offer: Option<(ArticleRef, usize, usize)>) {
        self.panels.join_offer = offer;
    }

    /// The laid-out pages of the current document.
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    fn style(&self) -> Style {
        self.doc.issue.style.clone().unwrap_or_default()
    }

    /// Lays the issue out again when it changed since the last frame.
    fn relayout_if_needed(&mut self) {
        if self.laid_out == Some(self.doc.revision()) {
            return;
        }
        let style = self.style();
        let revision = self.doc.revision();
        self.laid_out = Some(revision);
        let laid = self.relayout.request(
            revision,
            &self.doc.issue,
            &style,
            &self.book,
            self.inline_tasks,
        );
        if let Some(laid) = laid {
            self.take_layout(laid);
        }
    }

    /// Shows a finished layout (from this frame or from the worker).
    fn take_layout(&mut self, laid: relayout::Laid) {
        self.pages = laid.pages;
        self.pages_revision = Some(laid.revision);
        self.findings = laid.findings;
        self.layout_ms = laid.ms;
        self.baselines.clear();
    }

    /// Takes a layout the worker finished; keeps frames coming while it works.
    fn poll_layout(&mut self, ctx: &egui::Context) {
        if let Some(laid) = self.relayout.poll() {
            self.take_layout(laid);
        }
        if self.relayout.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(15));
        }
    }

    /// The font book changed: egui needs the new faces before the next paint.
    fn fonts_dirty(&mut self) {
        self.panels.reinstall_fonts = true;
    }

    // ---- commands ------------------------------------------------------------------

    /// 新建: an empty issue with this issue's masthead, sections and distribution.
    pub fn new_issue(&mut self) {
        let mut issue = self.doc.issue.next_issue(crate::model::Date::today());
        issue.meta.total_no = self.doc.issue.meta.total_no;
        issue.meta.issue_no = self.doc.issue.meta.issue_no;
        // A new issue is a regular one even when made from a 增刊 (only 新建下一期
        // continues the supplement series).
        issue.meta.supplement = false;
        issue.sections.clear();
        if let Some(style) = self.settings.default_style.clone() {
            issue.style = Some(style);
        }
        self.start_fresh(issue, "已新建简报");
    }

    /// 新建下一期.
    pub fn new_next_issue(&mut self) {
        let issue = self.doc.issue.next_issue(crate::model::Date::today());
        self.start_fresh(issue, "已新建下一期：期号加一，日期为今天，文章已清空");
    }

    fn start_fresh(&mut self, issue: Issue, status: &str) {
        // The unsaved-changes question came first (see `run_command`): the old
        // document was saved or its changes let go.
        self.replace_document(Document::new(issue, None), status.to_string());
        self.selection = Selection::Masthead;
    }

    pub fn open(&mut self, ctx: &egui::Context) {
        let question = file_chooser::FileQuestion::open_issue();
        self.ask_file(
            ctx,
            question,
            "正在打开……",
            Box::new(|path| {
                Some(match Issue::load(&path) {
                    Ok(issue) => TaskResult::Opened(path, Box::new(issue)),
                    Err(e) => TaskResult::Failed("打开失败，当前内容未改变".into(), e.chinese()),
                })
            }),
        );
    }

    /// Opens `path` (recent files, command line).
    pub fn open_path(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.run_task(ctx, "正在打开……", move || {
            Some(match Issue::load(&path) {
                Ok(issue) => TaskResult::Opened(path, Box::new(issue)),
                Err(e) => TaskResult::Failed("打开失败，当前内容未改变".into(), e.chinese()),
            })
        });
    }

    pub fn save(&mut self, ctx: &egui::Context) {
        match self.doc.path.clone() {
            Some(path) => self.save_to(ctx, path, None),
            None => self.save_as(ctx),
        }
    }

    pub fn save_as(&mut self, ctx: &egui::Context) {
        self.save_as_then(ctx, None);
    }

    fn save_as_then(&mut self, ctx: &egui::Context, then: Option<Command>) {
        let name = format!(
            "{}.{}",
            self.doc.issue.default_stem(),
            crate::model::EXTENSION
        );
        let question = file_chooser::FileQuestion::save_issue(name, self.doc.path.as_deref());
        let issue = self.doc.issue.clone();
        let revision = self.doc.revision();
        self.ask_file(
            ctx,
            question,
            "正在保存……",
            Box::new(move |path| Some(save_task(&issue, path, revision, then))),
        );
    }

    fn save_to(&mut self, ctx: &egui::Context, path: PathBuf, then: Option<Command>) {
        let issue = self.doc.issue.clone();
        let revision = self.doc.revision();
        self.run_task(ctx, "正在保存……", move || {
            Some(save_task(&issue, path, revision, then))
        });
    }

    pub fn export(&mut self, ctx: &egui::Context) {
        let name = format!("{}.pdf", self.doc.issue.default_stem());
        let question = file_chooser::FileQuestion::export_pdf(name, self.doc.path.as_deref());
        // The pages on screen may be a keystroke behind (a long issue is laid out on
        // the worker): then the task lays out the text as it is now.
        let shown =
            (self.pages_revision == Some(self.doc.revision())).then(|| Arc::clone(&self.pages));
        let book = Arc::clone(&self.book);
        let issue = self.doc.issue.clone();
        let style = self.style();
        let source = self.doc.path.clone();
        self.ask_file(
            ctx,
            question,
            "正在导出 PDF……",
            Box::new(move |path| {
                let pages =
                    shown.unwrap_or_else(|| Arc::new(crate::layout::layout(&issue, &style, &book)));
                Some(match crate::pdf::export(&pages, &issue, &book) {
                    Ok(bytes) => match crate::store::write_pdf(&path, &bytes, source.as_deref()) {
                        Ok(()) => TaskResult::Exported(path, bytes.len()),
                        Err(e) => TaskResult::Failed(
                            "导出失败".into(),
                            format!("无法写入 {}：{}", path.display(), io_chinese(&e)),
                        ),
                    },
                    Err(e) => TaskResult::Failed("导出失败".into(), e.chinese()),
                })
            }),
        );
    }

    /// 插入 → 从文件导入文章: the articles of a text file, after the selection.
    pub fn import_articles(&mut self, ctx: &egui::Context) {
        let question = file_chooser::FileQuestion::open_text("从文件导入文章");
        self.ask_file(
            ctx,
            question,
            "正在导入……",
            Box::new(|path| Some(import_task(path))),
        );
    }

    /// Puts imported articles after the selected article (or at the end of the selected
    /// or last section), as one undoable step, and selects the first.
    pub(crate) fn insert_imported(&mut self, articles: Vec<crate::model::Article>) -> usize {
        let (section, at) = match self.selection {
            Selection::Article(r) => (r.section, r.index + 1),
            Selection::Section(s) => (
                Some(s),
                self.doc
                    .issue
                    .sections
                    .get(s)
                    .map_or(0, |x| x.articles.len()),
            ),
            _ => {
                let last = self.doc.issue.sections.len().checked_sub(1);
                let len = match last {
                    Some(s) => self.doc.issue.sections[s].articles.len(),
                    None => self.doc.issue.front.len(),
                };
                (last, len)
            }
        };
        let n = articles.len();
        self.doc
            .change("导入文章", crate::edit::Field::Step, |issue| {
                let list = match section {
                    Some(s) => issue.sections.get_mut(s).map(|x| &mut x.articles),
                    None => Some(&mut issue.front),
                };
                if let Some(list) = list {
                    let at = at.min(list.len());
                    list.splice(at..at, articles);
                }
            });
        if n > 0 {
            self.selection = Selection::Article(ArticleRef { section, index: at });
        }
        n
    }

    pub fn undo(&mut self) {
        self.status = match self.doc.undo() {
            Some(label) => format!("已撤销：{label}"),
            None => "没有可撤销的操作".to_string(),
        };
        self.keep_selection_valid();
    }

    pub fn redo(&mut self) {
        self.status = match self.doc.redo() {
            Some(label) => format!("已重做：{label}"),
            None => "没有可重做的操作".to_string(),
        };
        self.keep_selection_valid();
    }

    /// After structural changes (undo of an add, delete) the selection may point nowhere.
    fn keep_selection_valid(&mut self) {
        let ok = match self.selection {
            Selection::Article(r) => self.doc.article(r).is_some(),
            Selection::Section(s) => s < self.doc.issue.sections.len(),
            _ => true,
        };
        if !ok {
            self.selection = Selection::Masthead;
        }
    }

    /// 插入 → 栏目: after the selected section (or at the end), selected for renaming.
    pub fn insert_section(&mut self) {
        let after = match self.selection {
            Selection::Section(s) => Some(s),
            Selection::Article(ArticleRef {
                section: Some(s), ..
            }) => Some(s),
            _ => None,
        };
        let s = self.doc.add_section(after, "新栏目");
        self.selection = Selection::Section(s);
        self.panels.focus_editor = true;
    }

    /// 插入 → 文章: after the selected article, or at the end of the selected section.
    pub fn insert_article(&mut self) {
        let r = match self.selection {
            Selection::Article(r) => self.doc.add_article(r.section, Some(r.index)),
            Selection::Section(s) => self.doc.add_article(Some(s), None),
            _ => {
                let last = self.doc.issue.sections.len().checked_sub(1);
                self.doc.add_article(last, None)
            }
        };
        self.selection = Selection::Article(r);
        self.panels.focus_editor = true;
    }

    /// Moves the selected section or article up (-1) or down (+1).
    pub fn move_selected(&mut self, delta: isize) {
        match self.selection {
            Selection::Article(r) => {
                self.selection = Selection::Article(self.doc.move_article(r, delta));
            }
            Selection::Section(s) => {
                self.selection = Selection::Section(self.doc.move_section(s, delta));
            }
            _ => {}
        }
    }

    /// Deletes the selected section or article (undo brings it back; no question asked).
    pub fn delete_selected(&mut self) {
        match self.selection {
            Selection::Article(r) => {
                self.doc.remove_article(r);
                self.status = "已删除文章（可撤销）".to_string();
            }
            Selection::Section(s) => {
                self.doc.remove_section(s);
                self.status = "已删除栏目（可撤销）".to_string();
            }
            _ => {}
        }
        self.keep_selection_valid();
    }

    fn run_task(
        &mut self,
        ctx: &egui::Context,
        what: &str,
        work: impl FnOnce() -> Option<TaskResult> + Send + 'static,
    ) {
        if self.busy.is_some() {
            self.status = "请等当前操作完成".to_string();
            return;
        }
        if self.inline_tasks {
            if let Some(r) = work() {
                self.finish(ctx, r);
            }
            return;
        }
        self.busy = Some(what.to_string());
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = work();
            // The UI may be gone already (closing); nothing to report to then.
            let _ = tx.send(result.unwrap_or(TaskResult::Cancelled));
            ctx.request_repaint();
        });
    }

    fn poll_tasks(&mut self, ctx: &egui::Context) {
        while let Ok(result) = self.rx.try_recv() {
            let result = match result {
                TaskResult::FromDisk(r) => *r,
                r => {
                    self.busy = None;
                    r
                }
            };
            self.finish(ctx, result);
        }
        if self.panels.quit_now {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn finish(&mut self, ctx: &egui::Context, result: TaskResult) {
        match result {
            TaskResult::Opened(path, issue) => {
                let doc = Document::new(*issue, Some(path.clone()));
                self.replace_document(doc, format!("已打开 {}", path.display()));
                self.remember(&path);
            }
            TaskResult::ImportedIssue(path, issue) => {
                let mut doc = Document::new(*issue, None);
                // The imported issue is not on disk yet: closing must ask.
                doc.change("导入为新简报", crate::edit::Field::Step, |_| {});
                self.replace_document(
                    doc,
                    format!("已把 {} 导入为新简报，请核对后保存", path.display()),
                );
            }
            TaskResult::Cancelled => self.status = "已取消".to_string(),
            TaskResult::NoNativeDialog(asked) => {
                let (question, busy, then) = *asked;
                self.no_native_dialog(ctx, question, busy, then);
            }
            TaskResult::Saved(path, revision, then) => {
                if self.doc.revision() == revision {
                    self.doc.mark_saved(path.clone());
                    // Only when no edit arrived during the save: otherwise the
                    // recovery file holds work the saved file does not.
                    self.forget_own_recovery();
                } else {
                    // Edits made while saving stay unsaved.
                    self.doc.path = Some(path.clone());
                }
                self.status = format!("已保存 {}", path.display());
                self.remember(&path);
                if let Some(command) = then {
                    // Asks again if edits arrived during the save.
                    self.run_command(ctx, command);
                }
            }
            TaskResult::Imported(path, articles) => {
                self.panels.import_review = Some(dialogs::ImportReview::new(path, articles, None));
            }
            TaskResult::ImportedWithNotes(path, articles, notes) => {
                self.panels.import_review =
                    Some(dialogs::ImportReview::new(path, articles, Some(notes)));
            }
            TaskResult::Exported(path, bytes) => {
                self.status = format!("已导出 {}（{} KB）", path.display(), bytes / 1024);
            }
            TaskResult::Failed(status, message) => {
                self.status = status;
                if !message.is_empty() {
                    self.error = Some(message);
                }
            }
            TaskResult::Autosaved => {}
            r @ (TaskResult::UserFiles(_)
            | TaskResult::InstalledFamilies(_)
            | TaskResult::FromDisk(_)) => self.finish_disk(r),
        }
    }

    fn remember(&mut self, path: &std::path::Path) {
        self.settings.remember(path);
        self.save_settings("最近打开的文件未能记下");
    }

    /// Writes the settings on the disk worker; `failed` says what was not kept if the
    /// write fails.
    pub(crate) fn save_settings(&mut self, failed: &'static str) {
        let settings = self.settings.clone();
        self.disk_job(Box::new(move |disk| {
            let e = settings.save(&disk.places).err()?;
            Some(TaskResult::Failed(
                failed.to_string(),
                format!("{failed}：{}", io_chinese(&e)),
            ))
        }));
    }

    /// Reads the installed font families on the disk worker (the font index brought
    /// up to date reads every new font file's names).
    pub(crate) fn read_installed_families(&mut self) {
        self.disk_job(Box::new(|disk| {
            let index = disk.places.font_index_file();
            Some(TaskResult::InstalledFamilies(
                crate::fonts::FontIndex::current(Some(&index)).families(),
            ))
        }));
        if self.places.is_none() {
            // Nothing is remembered, so the disk worker does nothing: no choices.
            self.panels.installed_families = Some(Vec::new());
        }
    }

    /// Writes the address book on the disk worker.
    pub(crate) fn save_address_book(&mut self) {
        let book = self.address_book.clone();
        self.disk_job(Box::new(move |disk| {
            let e = book.save(&disk.places).err()?;
            Some(TaskResult::Failed(
                "通讯录未能保存".to_string(),
                format!("通讯录未能保存：{}", io_chinese(&e)),
            ))
        }));
    }

    /// Writes unsaved work to the recovery file (every 30 s and on focus loss).
    fn autosave(&mut self, ctx: &egui::Context, force: bool) {
        if self.places.is_none() {
            return;
        }
        let due = force || self.last_autosave.1.elapsed() >= AUTOSAVE_EVERY;
        if !due || !self.doc.is_dirty() || self.last_autosave.0 == self.doc.revision() {
            if !force {
                ctx.request_repaint_after(AUTOSAVE_EVERY);
            }
            return;
        }
        self.last_autosave = (self.doc.revision(), Instant::now());
        let recovery = Recovery {
            original: self.doc.path.clone(),
            issue: self.doc.issue.clone(),
        };
        self.disk_job(Box::new(move |disk| {
            Some(match disk.autosave(&recovery) {
                Ok(()) => TaskResult::Autosaved,
                Err(e) => TaskResult::Failed(
                    "自动保存失败".into(),
                    format!("无法写入恢复文件：{}", io_chinese(&e)),
                ),
            })
        }));
        ctx.request_repaint_after(AUTOSAVE_EVERY);
    }

    /// Removes this instance's recovery file: its work is saved or was let go.
    fn forget_own_recovery(&mut self) {
        // (A recovery file that cannot be deleted is only offered once too often.)
        self.disk_job(Box::new(|disk| {
            let _ = disk.clear_own();
            None
        }));
    }

    /// Hands disk work to the disk worker (or runs it now in tests); its result comes
    /// back like a task's, without touching the busy mark.
    fn disk_job(&mut self, job: disk::Job) {
        let job: disk::Job =
            Box::new(move |disk| job(disk).map(|r| TaskResult::FromDisk(Box::new(r))));
        if let Some(result) = self.disk.run(self.inline_tasks, &self.tx, job) {
            self.finish_disk(result);
        }
    }

    /// What the disk worker reports: autosaves, the user's files, failures.
    fn finish_disk(&mut self, result: TaskResult) {
        match result {
            TaskResult::FromDisk(r) => self.finish_disk(*r),
            TaskResult::UserFiles(files) => self.take_user_files(*files),
            TaskResult::InstalledFamilies(families) => {
                self.panels.installed_families = Some(families);
            }
            TaskResult::Failed(status, message) => {
                self.status = status;
                if !message.is_empty() {
                    self.error = Some(message);
                }
            }
            _ => {}
        }
    }

    /// Writes the recovery file now (tests, and the focus-loss path).
    pub fn autosave_now(&mut self, ctx: &egui::Context) {
        self.autosave(ctx, true);
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.panels.unsaved_question.is_some()
            || self.chooser_open()
            || !self.panels.orphans.is_empty()
            || self.error.is_some()
        {
            // A question is open: keys answer it, they start nothing new.
            return;
        }
        let pressed = |s: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(s));
        // Longer combinations first: Ctrl+Shift+S before Ctrl+S.
        let mut commands = Vec::new();
        if pressed(&SAVE_AS) {
            commands.push(Command::SaveAs);
        } else if pressed(&SAVE) {
            commands.push(Command::Save);
        }
        if pressed(&REDO) || pressed(&REDO_Y) {
            commands.push(Command::Redo);
        } else if pressed(&UNDO) {
            commands.push(Command::Undo);
        }
        if pressed(&NEW) {
            commands.push(Command::New);
        }
        if pressed(&OPEN) {
            commands.push(Command::Open);
        }
        if pressed(&EXPORT) {
            commands.push(Command::Export);
        }
        for command in commands {
            self.run_command(ctx, command);
        }
        if pressed(&FIND) {
            self.panels.find_open = true;
        }
        if pressed(&MOVE_UP) {
            self.move_selected(-1);
        }
        if pressed(&MOVE_DOWN) {
            self.move_selected(1);
        }
        let last_page = self.pages.pages.len().saturating_sub(1);
        if ctx.input(|i| i.key_pressed(Key::PageDown)) {
            self.view.goto_page = Some((self.view.current_page + 1).min(last_page));
        }
        if ctx.input(|i| i.key_pressed(Key::PageUp)) {
            self.view.goto_page = Some(self.view.current_page.saturating_sub(1));
        }
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
                    self.layout_ms
                );
            }
        }
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
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

        dialogs::menu_bar(self, ui);
        self.status_bar(ui);
        if self.panels.warnings_open {
            dialogs::warnings_panel(self, ui);
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

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("共 {} 页", self.pages.pages.len()));
                if self.relayout.busy() {
                    ui.spinner();
                    ui.label("排版中…");
                }
                if self.fonts_loading.is_some() {
                    ui.label("正在查找已安装的字体…");
                }
                ui.separator();
                let chars: usize = self.char_counts().iter().sum();
                ui.label(format!("{chars} 字"));
                ui.separator();
                let n = self.pages.warnings.len() + self.findings.len();
                let label = if n == 0 {
                    "无警告".to_string()
                } else {
                    format!("{n} 条警告和校对提示")
                };
                if ui
                    .selectable_label(self.panels.warnings_open, label)
                    .on_hover_text("点击查看警告列表")
                    .clicked()
                {
                    self.panels.warnings_open = !self.panels.warnings_open;
                }
                ui.separator();
                ui.label(if self.doc.is_dirty() {
                    "未保存"
                } else {
                    "已保存"
                });
                ui.separator();
                ui.label(match &self.doc.path {
                    Some(p) => p.display().to_string(),
                    None => "（尚未保存为文件）".to_string(),
                });
                ui.separator();
                match &self.busy {
                    Some(what) => {
                        ui.spinner();
                        ui.label(what);
                    }
                    None => {
                        ui.label(&self.status);
                    }
                }
            });
        });
    }

    /// Selects what a click on the preview hit.
    fn select_source(&mut self, source: Option<Source>) {
        match source {
            Some(Source::Article(n)) => {
                if let Some(r) = self.doc.article_at(n) {
                    self.selection = Selection::Article(r);
                }
            }
            Some(Source::Section(s)) => self.selection = Selection::Section(s),
            Some(Source::Masthead) => self.selection = Selection::Masthead,
            Some(Source::Distribution) => self.selection = Selection::Distribution,
            Some(Source::Style) => self.selection = Selection::Style,
            Some(Source::PageNumber) | None => {}
        }
    }

    fn preview(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui.button("－").on_hover_text("缩小").clicked() {
                self.view.fit = Fit::Free;
                self.view.zoom = (self.view.zoom / 1.25).max(0.2);
            }
            ui.label(format!("{:.0}%", self.view.zoom * 100.0));
            if ui.button("＋").on_hover_text("放大").clicked() {
                self.view.fit = Fit::Free;
                self.view.zoom = (self.view.zoom * 1.25).min(5.0);
            }
            ui.selectable_value(&mut self.view.fit, Fit::Page, "整页")
                .on_hover_text("缩放到能看见整页");
            ui.selectable_value(&mut self.view.fit, Fit::Width, "适合宽度")
                .on_hover_text("让页面宽度适合预览区");
            let count = self.pages.pages.len();
            if ui
                .button("上一页")
                .on_hover_text("上一页（PageUp）")
                .clicked()
            {
                self.view.goto_page = Some(self.view.current_page.saturating_sub(1));
            }
            ui.label(format!("{}/{}", self.view.current_page + 1, count));
            if ui
                .button("下一页")
                .on_hover_text("下一页（PageDown）")
                .clicked()
            {
                self.view.goto_page =
                    Some((self.view.current_page + 1).min(count.saturating_sub(1)));
            }
        });
        let pages = Arc::clone(&self.pages);
        let style = self.style();
        let avail = ui.available_size();
        let per_row = if self.view.two_up { 2 } else { 1 };
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let (page_w, page_h) = pages
                    .pages
                    .first()
                    .map_or((595.0, 842.0), |p| (p.width, p.height));
                let row_w = page_w * per_row as f32 + 12.0 * (per_row - 1) as f32;
                match self.view.fit {
                    Fit::Width => self.view.zoom = ((avail.x - 24.0) / row_w).clamp(0.1, 5.0),
                    Fit::Page => {
                        self.view.zoom = ((avail.x - 24.0) / row_w)
                            .min((avail.y - 60.0) / page_h)
                            .clamp(0.1, 5.0)
                    }
                    Fit::Free => {}
                }
                let scale = self.view.zoom;
                let grid = self
                    .view
                    .show_grid
                    .then(|| (style.lines_per_page, style.line_pitch()));
                let view_top = ui.clip_rect().top();
                // Spreads: page 1 alone on the right, then 2–3, 4–5 … as printed.
                let mut rows: Vec<Vec<usize>> = Vec::new();
                if per_row == 2 {
                    rows.push(vec![0]);
                    let mut i = 1;
                    while i < pages.pages.len() {
                        rows.push((i..(i + 2).min(pages.pages.len())).collect());
                        i += 2;
                    }
                } else {
                    rows = (0..pages.pages.len()).map(|i| vec![i]).collect();
                }
                ui.add_space(8.0);
                for row in rows {
                    let size = egui::vec2(page_w * scale, page_h * scale);
                    let (rect, response) = ui.allocate_exact_size(
                        egui::vec2(avail.x.max(row_w * scale + 24.0), size.y + 12.0),
                        egui::Sense::click(),
                    );
                    let left = rect.center().x - row_w * scale / 2.0;
                    for (k, &index) in row.iter().enumerate() {
                        let slot = if per_row == 2 && index == 0 { 1 } else { k };
                        let origin =
                            egui::pos2(left + slot as f32 * (page_w + 12.0) * scale, rect.top());
                        let page = &pages.pages[index];
                        if self.view.goto_page == Some(index) {
                            ui.scroll_to_rect(rect, Some(egui::Align::TOP));
                            self.view.goto_page = None;
                        }
                        if rect.top() <= view_top + rect.height() / 2.0 {
                            self.view.current_page = index;
                        }
                        if ui.is_rect_visible(rect) {
                            preview::paint_page(
                                ui.painter(),
                                page,
                                origin,
                                scale,
                                grid,
                                &mut self.baselines,
                            );
                        }
                        if response.clicked() {
                            if let Some(pos) = response.interact_pointer_pos() {
                                let page_rect = egui::Rect::from_min_size(origin, size);
                                if page_rect.contains(pos) {
                                    let hit = preview::hit(page, origin, scale, pos);
                                    self.select_source(hit);
                                }
                            }
                        }
                    }
                }
            });
    }
}

fn import_task(path: PathBuf) -> TaskResult {
    let failed = |msg: String| TaskResult::Failed("导入失败".into(), msg);
    let shown = crate::quote::path(&path);
    let bytes = match crate::store::read_bounded(&path, crate::import::MAX_SOURCE_BYTES) {
        Ok(b) => b,
        Err(crate::store::ReadError::TooLarge { bytes, .. }) => {
            let e = crate::import::ImportError::TooLarge(bytes);
            return failed(format!("{}：{}", shown, e.chinese()));
        }
        Err(crate::store::ReadError::Io(e)) => {
            return failed(format!("无法读取 {}：{}", shown, io_chinese(&e)))
        }
        Err(e) => return failed(format!("{}：{}", shown, e.chinese())),
    };
    match crate::import::articles_from_file(&bytes) {
        Ok((articles, _)) if articles.is_empty() => failed(format!("{shown}：没有找到文章内容。")),
        Ok((articles, notes)) => {
            if notes.is_empty() {
                TaskResult::Imported(path, articles)
            } else {
                TaskResult::ImportedWithNotes(
                    path,
                    articles,
                    notes
                        .iter()
                        .map(|n| n.chinese())
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            }
        }
        Err(e) => failed(format!("{}：{}", shown, e.chinese())),
    }
}

fn save_task(issue: &Issue, path: PathBuf, revision: u64, then: Option<Command>) -> TaskResult {
    let mut issue = issue.clone();
    issue.version = crate::model::FORMAT_VERSION;
    match crate::store::save_issue(&issue, &path) {
        Ok(()) => TaskResult::Saved(path, revision, then),
        Err(e) => TaskResult::Failed(
            "保存失败，内容仍在编辑器中".into(),
            format!(
                "无法保存到 {}：{}",
                crate::quote::path(&path),
                io_chinese(&e)
            ),
        ),
    }
}

/// A file-system error in Chinese, with the system's own words after it.
pub fn io_chinese(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if let Some(refused) = crate::store::refusal(e) {
        return refused.chinese();
    }
    let what = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::StorageFull => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::AlreadyExists => "文件已存在",
        _ => "读写出错",
    };
    format!("{what}（{e}）")
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
