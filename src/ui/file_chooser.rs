//! Asking the user for a file: the desktop's own dialog first, our own chooser when the
//! desktop has none.
//!
//! On Linux rfd shows the file dialog through the xdg desktop portal, or else through
//! `zenity`. A desktop with neither (a bare X server, a minimal window manager, a
//! container) makes rfd log an error and return `None` — exactly what a user's 取消
//! returns — so 保存 would silently "cancel" and a new issue could never be saved. Here a
//! dialog that could not be shown is told apart from a cancel (see [`ask_native`]), and
//! the in-app chooser ([`Chooser`], drawn with egui) opens instead. A failure is never
//! reported as 已取消.
//!
//! Every file question goes through [`App::ask_file`] with what to do with the chosen
//! path (`Then`, run on a worker like any task), so the same continuation serves rfd,
//! the in-app chooser and the paths a test gives.

use super::{App, TaskResult};
use eframe::egui;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

/// Where file paths come from. Tests choose a variant to drive either chooser.
pub enum Prompts {
    /// The desktop's dialog (rfd); the in-app chooser when the desktop cannot show one.
    Native,
    /// Always the in-app chooser (after the desktop's dialog failed once, and in tests).
    InApp,
    /// Paths a test gives, one per question; an empty queue answers like a cancel.
    Given(VecDeque<PathBuf>),
}

/// What happens with the chosen path, on a worker thread (saving, reading, exporting).
pub type Then = Box<dyn FnOnce(PathBuf) -> Option<TaskResult> + Send>;

/// Whether a file is read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Open,
    Save,
}

/// One question for a file, as both choosers understand it.
#[derive(Debug, Clone)]
pub struct FileQuestion {
    /// The window's title, e.g. 保存简报.
    pub title: &'static str,
    pub mode: Mode,
    /// What the listed files are called, e.g. 简报文件.
    pub filter_name: &'static str,
    /// Extensions (lower case, no dot) of the files offered; the first is added to a
    /// saved name that has none of them.
    pub extensions: &'static [&'static str],
    /// The name offered when saving.
    pub suggested_name: String,
    /// The folder to start in (the current file's, when it has one).
    pub folder: Option<PathBuf>,
}

impl FileQuestion {
    /// 打开简报.
    pub fn open_issue() -> FileQuestion {
        FileQuestion {
            title: "打开简报",
            mode: Mode::Open,
            filter_name: "简报文件",
            extensions: &[crate::model::EXTENSION],
            suggested_name: String::new(),
            folder: None,
        }
    }

    /// A text, Word or web-page file to import.
    pub fn open_text(title: &'static str) -> FileQuestion {
        FileQuestion {
            title,
            mode: Mode::Open,
            filter_name: "Word 文档、网页和文本文件",
            extensions: &["docx", "html", "htm", "txt", "text"],
            suggested_name: String::new(),
            folder: None,
        }
    }

    /// 保存简报 as `name`, next to the current file if there is one.
    pub fn save_issue(name: String, current: Option<&Path>) -> FileQuestion {
        FileQuestion {
            title: "保存简报",
            mode: Mode::Save,
            filter_name: "简报文件",
            extensions: &[crate::model::EXTENSION],
            suggested_name: name,
            folder: current.and_then(Path::parent).map(Path::to_path_buf),
        }
    }

    /// 导出 PDF as `name`, next to the current file if there is one.
    pub fn export_pdf(name: String, current: Option<&Path>) -> FileQuestion {
        FileQuestion {
            title: "导出 PDF",
            mode: Mode::Save,
            filter_name: "PDF",
            extensions: &["pdf"],
            suggested_name: name,
            folder: current.and_then(Path::parent).map(Path::to_path_buf),
        }
    }

    /// Whether `name` has one of the offered extensions.
    fn matches(&self, name: &str) -> bool {
        Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }
}

/// How the desktop's dialog ended.
#[derive(Debug, PartialEq, Eq)]
pub enum NativeAnswer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog could be shown: the in-app chooser must ask instead.
    Unavailable,
}

/// A `None` from rfd sooner than this after the call cannot be a person's 取消: the
/// dialog has to appear (a few hundred ms for a portal or zenity) and be read first.
const FASTER_THAN_A_PERSON: Duration = Duration::from_millis(300);

/// Asks with the desktop's dialog (blocks; call it on a worker thread).
///
/// A dialog that could not be shown is recognised three ways, any one of which is
/// enough, so no single signal has to be perfect:
/// 1. before calling: on Linux, neither a session D-Bus (where the portal lives) nor a
///    `zenity` on `PATH` — rfd has nothing to show a dialog with ([`linux_can_show`]);
/// 2. during the call: rfd reports its failure only through the `log` crate (“Failed
///    to pick file with zenity”, “OpenFile failed”), so an error record from rfd on this
///    thread marks the `None` as a failure ([`rfd_errors::watch`]);
/// 3. after the call: a `None` returned faster than a person could read and cancel a
///    dialog ([`FASTER_THAN_A_PERSON`]) — this also catches a `zenity` that starts and
///    dies at once (no display), which rfd does not log.
///
/// A false "unavailable" only shows our chooser after a very quick cancel; a false
/// "cancelled" would lose the user's save, so the rules lean towards the first.
pub fn ask_native(question: &FileQuestion) -> NativeAnswer {
    if !native_dialogs_possible() {
        return NativeAnswer::Unavailable;
    }
    let mut dialog = rfd::FileDialog::new()
        .set_title(question.title)
        .add_filter(question.filter_name, question.extensions);
    if question.mode == Mode::Open && question.extensions.len() > 1 {
        dialog = dialog.add_filter("所有文件", &["*"]);
    }
    if let Some(folder) = &question.folder {
        dialog = dialog.set_directory(folder);
    }
    if question.mode == Mode::Save {
        dialog = dialog.set_file_name(&question.suggested_name);
    }
    let started = Instant::now();
    let (picked, rfd_failed) = rfd_errors::watch(|| match question.mode {
        Mode::Open => dialog.pick_file(),
        Mode::Save => dialog.save_file(),
    });
    match picked {
        Some(path) => NativeAnswer::Picked(path),
        None if rfd_failed || started.elapsed() < FASTER_THAN_A_PERSON => NativeAnswer::Unavailable,
        None => NativeAnswer::Cancelled,
    }
}

/// Whether the desktop may be able to show a file dialog at all.
fn native_dialogs_possible() -> bool {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        linux_can_show()
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        // Windows and macOS always have their system dialog.
        true
    }
}

/// Linux and the BSDs: the portal needs a session bus; zenity needs its program.
#[cfg(all(unix, not(target_os = "macos")))]
fn linux_can_show() -> bool {
    can_show(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS"),
        std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
        program_on_path,
    )
}

/// Whether a session bus is reachable (its address set, or the usual socket in the
/// runtime folder) or `zenity` is installed.
#[cfg(all(unix, not(target_os = "macos")))]
fn can_show(
    bus_address: Option<std::ffi::OsString>,
    runtime_dir: Option<PathBuf>,
    installed: impl Fn(&str) -> bool,
) -> bool {
    let session_bus = bus_address.is_some_and(|a| !a.is_empty())
        || runtime_dir.is_some_and(|dir| dir.join("bus").exists());
    session_bus || installed("zenity")
}

/// Whether an executable file `name` is in one of `PATH`'s folders.
#[cfg(all(unix, not(target_os = "macos")))]
fn program_on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        std::fs::metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// rfd's failures, which it only logs: a logger that notes error records from rfd on
/// the thread that is waiting for a dialog (and passes other records to stderr when
/// they are errors, as the program printed nothing before).
mod rfd_errors {
    use std::cell::Cell;

    thread_local! {
        /// Set while this thread waits in rfd; becomes true when rfd logs an error.
        static WATCHING: Cell<Option<bool>> = const { Cell::new(None) };
    }

    struct Logger;

    impl log::Log for Logger {
        fn enabled(&self, metadata: &log::Metadata) -> bool {
            metadata.level() <= log::Level::Error
        }

        fn log(&self, record: &log::Record) {
            if record.level() > log::Level::Error {
                return;
            }
            if record.target().starts_with("rfd") {
                WATCHING.with(|w| {
                    if w.get().is_some() {
                        w.set(Some(true));
                    }
                });
            }
            eprintln!("jianbao: {}: {}", record.target(), record.args());
        }

        fn flush(&self) {}
    }

    static LOGGER: Logger = Logger;

    /// Runs `f` (an rfd call) and says whether rfd logged an error meanwhile.
    pub fn watch<T>(f: impl FnOnce() -> T) -> (T, bool) {
        // Another logger may already be set (then the timing rule still applies).
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(log::LevelFilter::Error);
        }
        WATCHING.with(|w| w.set(Some(false)));
        let value = f();
        let failed = WATCHING.with(|w| w.replace(None)).unwrap_or(false);
        (value, failed)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn an_rfd_error_on_this_thread_is_noticed_and_others_are_not() {
            let ((), failed) = super::watch(|| {
                log::error!(target: "rfd::backend", "Failed to pick file with zenity");
            });
            assert!(failed);
            let ((), failed) = super::watch(|| {
                log::error!(target: "winit", "something else");
            });
            assert!(!failed);
            // Another thread's rfd error is not this dialog's failure.
            let ((), failed) = super::watch(|| {
                let _ = std::thread::spawn(|| log::error!(target: "rfd", "elsewhere")).join();
            });
            assert!(!failed);
        }
    }
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: String,
    is_dir: bool,
}

/// What the chooser's file-system work reports back.
enum Reply {
    Listing {
        generation: u64,
        folder: PathBuf,
        entries: Result<Vec<Entry>, String>,
    },
    Checked(Check),
}

/// What is at the path the user confirmed.
#[derive(Debug)]
struct Check {
    /// The path as typed is a folder: go into it.
    folder: Option<PathBuf>,
    /// The file to use (with the extension added when saving).
    target: PathBuf,
    exists: bool,
    /// The folder the file would go in exists.
    parent_exists: bool,
}

/// Lists `folder`: sub-folders and files (hidden ones left out), folders first, each
/// group by name.
fn list_folder(folder: &Path) -> Result<Vec<Entry>, String> {
    let read = std::fs::read_dir(folder).map_err(|e| {
        format!(
            "无法打开文件夹 {}：{}",
            folder.display(),
            super::io_chinese(&e)
        )
    })?;
    let mut entries: Vec<Entry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            // A link to a folder is a folder to the user.
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            Some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    Ok(entries)
}

/// Looks at what the user confirmed (on the chooser's worker).
fn check(typed: PathBuf, save_extension: Option<&str>) -> Check {
    if typed.is_dir() {
        return Check {
            folder: Some(typed.clone()),
            target: typed,
            exists: true,
            parent_exists: true,
        };
    }
    let mut target = typed;
    if let Some(ext) = save_extension {
        target = with_extension(target, ext);
    }
    let parent_exists = target
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir());
    Check {
        folder: None,
        exists: target.exists(),
        target,
        parent_exists,
    }
}

/// `path` with `.ext` added unless it already ends so (names with dots keep them:
/// “2026.9 简报” becomes “2026.9 简报.jianbao”).
fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    let has = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has {
        return path;
    }
    let mut name = path.into_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// The user's home folder (where the chooser starts without a better place).
fn home_folder() -> PathBuf {
    std::env::home_dir().unwrap_or_else(|| PathBuf::from("/"))
}

/// `typed` as a path: `~` is the home folder, a relative path is in `folder`.
fn resolve(folder: &Path, typed: &str) -> PathBuf {
    let typed = typed.trim();
    let path = if typed == "~" {
        home_folder()
    } else if let Some(rest) = typed.strip_prefix("~/") {
        home_folder().join(rest)
    } else {
        PathBuf::from(typed)
    };
    if path.is_absolute() {
        path
    } else {
        folder.join(path)
    }
}

/// The listing shown.
enum Listing {
    Loading,
    Ready(Vec<Entry>),
    Failed(String),
}

/// The in-app file chooser: a modal window with the folder, its folders and matching
/// files, a name field and 保存/打开 · 取消. Folders are read and paths checked off the
/// UI thread; the window shows 正在读取… meanwhile.
pub struct Chooser {
    question: FileQuestion,
    /// The status-bar text while `then` runs.
    busy: String,
    then: Option<Then>,
    folder: PathBuf,
    folder_text: String,
    name: String,
    listing: Listing,
    show_all: bool,
    /// Index into the listing of the highlighted entry.
    highlighted: Option<usize>,
    /// A file the user is asked to overwrite (覆盖？).
    overwrite: Option<PathBuf>,
    /// A message under the name field (a missing folder, an empty name).
    problem: Option<String>,
    /// Waiting for a check of what was confirmed.
    checking: bool,
    generation: u64,
    tx: Sender<Reply>,
    rx: Receiver<Reply>,
    /// Put the keyboard in the name field on the next frame.
    focus_name: bool,
    /// Put the keyboard on 不覆盖 when the overwrite question appears.
    focus_keep: bool,
    /// Scroll the highlighted entry into view (it was moved with the arrow keys).
    scroll_to_highlight: bool,
}

impl Chooser {
    /// A chooser for `question`; `folder` is where it starts.
    fn new(question: FileQuestion, folder: PathBuf, busy: String, then: Then) -> Chooser {
        let (tx, rx) = channel();
        Chooser {
            name: question.suggested_name.clone(),
            question,
            busy,
            then: Some(then),
            folder_text: folder.display().to_string(),
            folder,
            listing: Listing::Loading,
            show_all: false,
            highlighted: None,
            overwrite: None,
            problem: None,
            checking: false,
            generation: 0,
            tx,
            rx,
            focus_name: true,
            focus_keep: false,
            scroll_to_highlight: false,
        }
    }

    /// Runs file-system work off the UI thread (at once in tests) and wakes the UI with
    /// its reply.
    fn background(
        &self,
        inline: bool,
        ctx: &egui::Context,
        work: impl FnOnce() -> Reply + Send + 'static,
    ) {
        if inline {
            let _ = self.tx.send(work());
            return;
        }
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-chooser".into())
            .spawn(move || {
                let _ = tx.send(work());
                ctx.request_repaint();
            });
        if spawned.is_err() {
            let _ = self.tx.send(Reply::Listing {
                generation: self.generation,
                folder: self.folder.clone(),
                entries: Err("无法启动读取文件夹的后台线程".into()),
            });
        }
    }

    /// Shows `folder` (read off the UI thread).
    fn go_to(&mut self, folder: PathBuf, inline: bool, ctx: &egui::Context) {
        self.generation += 1;
        self.folder_text = folder.display().to_string();
        self.folder = folder.clone();
        self.listing = Listing::Loading;
        self.highlighted = None;
        self.problem = None;
        // The keyboard goes back to the name field, ready to type or press Enter.
        self.focus_name = true;
        let generation = self.generation;
        self.background(inline, ctx, move || Reply::Listing {
            generation,
            entries: list_folder(&folder),
            folder,
        });
    }

    /// Checks what the name field names, then uses it, enters it or asks 覆盖？.
    fn confirm(&mut self, inline: bool, ctx: &egui::Context) {
        if self.name.trim().is_empty() {
            self.problem = Some(match self.question.mode {
                Mode::Save => "请输入文件名。".into(),
                Mode::Open => "请选择一个文件。".into(),
            });
            return;
        }
        let typed = resolve(&self.folder, &self.name);
        let ext = (self.question.mode == Mode::Save)
            .then(|| self.question.extensions.first().map(|e| e.to_string()))
            .flatten();
        self.checking = true;
        self.problem = None;
        self.background(inline, ctx, move || {
            Reply::Checked(check(typed, ext.as_deref()))
        });
    }

    /// Takes replies of the background work; `Some(path)` when the choice is made.
    fn poll(&mut self, inline: bool, ctx: &egui::Context) -> Option<PathBuf> {
        while let Ok(reply) = self.rx.try_recv() {
            match reply {
                Reply::Listing {
                    generation,
                    folder,
                    entries,
                } => {
                    if generation != self.generation || folder != self.folder {
                        continue; // an older folder's listing
                    }
                    self.listing = match entries {
                        Ok(e) => Listing::Ready(e),
                        Err(e) => Listing::Failed(e),
                    };
                }
                Reply::Checked(check) => {
                    self.checking = false;
                    if let Some(folder) = check.folder {
                        // A folder was typed or chosen: go in, keep the offered name.
                        self.name = self.question.suggested_name.clone();
                        self.go_to(folder, inline, ctx);
                        continue;
                    }
                    match self.question.mode {
                        Mode::Open if check.exists => return Some(check.target),
                        Mode::Open => {
                            self.problem = Some(format!("找不到文件：{}", check.target.display()))
                        }
                        Mode::Save if !check.parent_exists => {
                            let parent = check.target.parent().unwrap_or(Path::new(""));
                            self.problem = Some(format!("文件夹不存在：{}", parent.display()));
                        }
                        Mode::Save if check.exists => {
                            self.overwrite = Some(check.target);
                            self.focus_keep = true;
                        }
                        Mode::Save => return Some(check.target),
                    }
                }
            }
        }
        None
    }

    /// Moves the highlight `by` rows through the shown entries; a file's name goes
    /// into the name field.
    fn step_highlight(&mut self, by: isize) {
        let visible: Vec<(usize, Entry)> = self
            .visible()
            .into_iter()
            .map(|(i, e)| (i, e.clone()))
            .collect();
        if visible.is_empty() {
            return;
        }
        let at = self
            .highlighted
            .and_then(|h| visible.iter().position(|(i, _)| *i == h));
        let next = match at {
            Some(p) => p.saturating_add_signed(by).min(visible.len() - 1),
            None if by > 0 => 0,
            None => visible.len() - 1,
        };
        let (index, entry) = &visible[next];
        self.highlighted = Some(*index);
        self.scroll_to_highlight = true;
        if !entry.is_dir {
            self.name = entry.name.clone();
            self.problem = None;
        }
    }

    /// The highlighted entry, if it is shown.
    fn highlighted_entry(&self) -> Option<Entry> {
        let h = self.highlighted?;
        self.visible()
            .into_iter()
            .find(|(i, _)| *i == h)
            .map(|(_, e)| e.clone())
    }

    /// The files and folders shown, with their index in the listing.
    fn visible(&self) -> Vec<(usize, &Entry)> {
        match &self.listing {
            Listing::Ready(entries) => entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.is_dir || self.show_all || self.question.matches(&e.name))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// What the user did in the chooser this frame.
enum Action {
    Confirm,
    Cancel,
    Enter(PathBuf),
    Overwrite,
    KeepFile,
}

impl App {
    /// Asks for a file for `question`, then runs `then` with it on a worker (status
    /// `busy`). A cancel says 已取消; a desktop without dialogs gets the in-app chooser.
    pub(super) fn ask_file(
        &mut self,
        ctx: &egui::Context,
        question: FileQuestion,
        busy: &str,
        then: Then,
    ) {
        if self.busy.is_some() || self.chooser.is_some() {
            self.status = "请等当前操作完成".to_string();
            return;
        }
        match &mut self.prompts {
            Prompts::Given(queue) => match queue.pop_front() {
                Some(path) => self.run_task(ctx, busy, move || then(path)),
                None => self.status = "已取消".to_string(),
            },
            Prompts::InApp => self.open_chooser(ctx, question, busy.to_string(), then),
            Prompts::Native => {
                let busy_text = busy.to_string();
                self.run_task(ctx, busy, move || match ask_native(&question) {
                    NativeAnswer::Picked(path) => then(path),
                    NativeAnswer::Cancelled => Some(TaskResult::Cancelled),
                    NativeAnswer::Unavailable => Some(TaskResult::NoNativeDialog(Box::new((
                        question, busy_text, then,
                    )))),
                });
            }
        }
    }

    /// The desktop could not show its dialog: ours asks instead, from now on at once.
    pub(super) fn no_native_dialog(
        &mut self,
        ctx: &egui::Context,
        question: FileQuestion,
        busy: String,
        then: Then,
    ) {
        self.prompts = Prompts::InApp;
        self.status = "系统的文件对话框无法打开，已改用简报编排自带的文件选择窗口".to_string();
        self.open_chooser(ctx, question, busy, then);
    }

    fn open_chooser(
        &mut self,
        ctx: &egui::Context,
        question: FileQuestion,
        busy: String,
        then: Then,
    ) {
        let folder = question
            .folder
            .clone()
            .or_else(|| self.chooser_folder.clone())
            .unwrap_or_else(home_folder);
        let mut chooser = Chooser::new(question, folder.clone(), busy, then);
        chooser.go_to(folder, self.testing.inline_tasks, ctx);
        self.chooser = Some(chooser);
    }

    /// Closes the in-app chooser as if 取消 was pressed.
    pub(super) fn cancel_chooser(&mut self) {
        if self.chooser.take().is_some() {
            self.status = "已取消".to_string();
        }
    }

    /// Whether the in-app chooser is open (keys then belong to it).
    pub(super) fn chooser_open(&self) -> bool {
        self.chooser.is_some()
    }
}

/// Draws the in-app chooser when one is open, and acts on what the user did.
pub fn show(app: &mut App, ctx: &egui::Context) {
    let inline = app.testing.inline_tasks;
    let Some(chooser) = app.chooser.as_mut() else {
        return;
    };
    if let Some(path) = chooser.poll(inline, ctx) {
        finish(app, ctx, Some(path));
        return;
    }
    let mut action = None;
    let mut folder_focused = false;
    // Whether the keyboard is on an entry of the list (Enter then confirms too).
    let mut list_focused = false;
    let verb = match chooser.question.mode {
        Mode::Open => "打开",
        Mode::Save => "保存",
    };
    egui::Modal::new(egui::Id::unique("in-app-file-chooser")).show(ctx, |ui| {
        ui.set_width(560f32.min(ctx.content_rect().width() - 60.0).max(240.0));
        ui.heading(chooser.question.title);
        ui.horizontal(|ui| {
            if ui
                .button("↑ 上一级")
                .on_hover_text("到上一级文件夹")
                .clicked()
            {
                if let Some(parent) = chooser.folder.parent() {
                    action = Some(Action::Enter(parent.to_path_buf()));
                }
            }
            if ui
                .button("主文件夹")
                .on_hover_text("到您的主文件夹")
                .clicked()
            {
                action = Some(Action::Enter(home_folder()));
            }
            let l = ui.label("文件夹：");
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut chooser.folder_text)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .on_hover_text("输入文件夹的路径，按回车前往");
            folder_focused = r.has_focus();
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let typed = resolve(&chooser.folder, &chooser.folder_text);
                action = Some(Action::Enter(typed));
            }
        });
        ui.separator();
        let rows = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let list_frame = egui::Frame::new()
            .fill(ui.visuals().extreme_bg_color)
            .stroke(ui.visuals().widgets.noninteractive.bg_stroke)
            .inner_margin(4.0);
        list_frame.show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(rows * 12.0)
                .min_scrolled_height(rows * 12.0)
                .auto_shrink([false, false])
                .show(ui, |ui| match &chooser.listing {
                    Listing::Loading => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("正在读取文件夹……");
                        });
                    }
                    Listing::Failed(message) => {
                        ui.colored_label(ui.visuals().error_fg_color, message);
                    }
                    Listing::Ready(_) => {
                        let scroll = std::mem::take(&mut chooser.scroll_to_highlight);
                        let visible = chooser.visible();
                        if visible.is_empty() {
                            ui.weak("（这个文件夹里没有可选的文件）");
                        }
                        let mut clicked = None;
                        for (index, entry) in visible {
                            // Folders end in “/”, as in a path (no icon font needed).
                            let text = if entry.is_dir {
                                format!("{}/", entry.name)
                            } else {
                                entry.name.clone()
                            };
                            let r = ui.selectable_label(chooser.highlighted == Some(index), text);
                            list_focused |= r.has_focus();
                            if scroll && chooser.highlighted == Some(index) {
                                r.scroll_to_me(None);
                            }
                            if r.double_clicked() {
                                clicked = Some((index, entry.clone(), true));
                            } else if r.clicked() {
                                clicked = Some((index, entry.clone(), false));
                            }
                        }
                        if let Some((index, entry, double)) = clicked {
                            chooser.highlighted = Some(index);
                            if entry.is_dir {
                                if double {
                                    action = Some(Action::Enter(chooser.folder.join(&entry.name)));
                                }
                            } else {
                                chooser.name = entry.name.clone();
                                chooser.problem = None;
                                if double {
                                    action = Some(Action::Confirm);
                                }
                            }
                        }
                    }
                })
        });
        ui.separator();
        ui.horizontal(|ui| {
            let l = ui.label("文件名：");
            // ↑ ↓ stay with the chooser (they move through the list) instead of
            // moving the keyboard to another widget.
            let keys = egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                ..Default::default()
            };
            let mut edit = egui::TextEdit::singleline(&mut chooser.name)
                .desired_width(f32::INFINITY)
                .event_filter(keys)
                .show(ui);
            let r = edit.response.response.clone().labelled_by(l.id);
            if std::mem::take(&mut chooser.focus_name) {
                // The name without its extension is selected, so typing replaces it
                // (as in the system's save dialogs).
                r.request_focus();
                let stem = Path::new(&chooser.name)
                    .file_stem()
                    .map_or(0, |s| s.to_string_lossy().chars().count());
                edit.state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::two(
                        egui::text::CCursor::new(0),
                        egui::text::CCursor::new(stem),
                    )));
                edit.state.store(ui.ctx(), r.id);
            }
            if r.changed() {
                chooser.problem = None;
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                action = Some(Action::Confirm);
            }
        });
        ui.horizontal(|ui| {
            let all = format!(
                "{}（*.{}）",
                chooser.question.filter_name,
                chooser.question.extensions.join("、*.")
            );
            ui.label("文件类型：");
            egui::ComboBox::from_id_salt("chooser-filter")
                .selected_text(if chooser.show_all {
                    "所有文件".to_string()
                } else {
                    all.clone()
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chooser.show_all, false, all);
                    ui.selectable_value(&mut chooser.show_all, true, "所有文件");
                });
        });
        if let Some(problem) = &chooser.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        if let Some(target) = &chooser.overwrite {
            ui.separator();
            let name = target.file_name().map_or_else(
                || target.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(egui::RichText::new(format!("“{name}”已存在。覆盖？")).strong());
            ui.label("覆盖后，原来的文件内容将被替换。");
            ui.horizontal(|ui| {
                if ui.button("覆盖").clicked() {
                    action = Some(Action::Overwrite);
                }
                let keep = ui.button("不覆盖").on_hover_text("换一个文件名");
                if std::mem::take(&mut chooser.focus_keep) {
                    keep.request_focus();
                }
                if keep.clicked() {
                    action = Some(Action::KeepFile);
                }
            });
        } else {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let enabled = !chooser.checking;
                if ui.add_enabled(enabled, egui::Button::new(verb)).clicked() {
                    action = Some(Action::Confirm);
                }
                if ui.button("取消").clicked() {
                    action = Some(Action::Cancel);
                }
                if chooser.checking {
                    ui.spinner();
                }
            });
        }
    });
    // ↑ ↓ move through the list (outside the folder field); Enter with no field or
    // button focused enters the highlighted folder or confirms, as it does from the
    // name field.
    if action.is_none() && chooser.overwrite.is_none() && !folder_focused {
        let (up, down, enter) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::Enter),
            )
        });
        if up || down {
            chooser.step_highlight(if down { 1 } else { -1 });
        }
        if enter && (list_focused || ctx.memory(|m| m.focused().is_none())) {
            action = Some(match chooser.highlighted_entry() {
                Some(entry) if entry.is_dir => Action::Enter(chooser.folder.join(&entry.name)),
                _ => Action::Confirm,
            });
        }
    }
    // Esc leaves the overwrite question (keeping the file), otherwise the chooser.
    // On the overwrite question Enter presses the focused button, which starts on
    // 不覆盖 (as the system dialogs do).
    if action.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        action = Some(if chooser.overwrite.is_some() {
            Action::KeepFile
        } else {
            Action::Cancel
        });
    }
    match action {
        None => {}
        Some(Action::Cancel) => finish(app, ctx, None),
        Some(Action::Confirm) => chooser.confirm(inline, ctx),
        Some(Action::Enter(folder)) => chooser.go_to(folder, inline, ctx),
        Some(Action::Overwrite) => {
            let target = chooser.overwrite.take();
            finish(app, ctx, target);
        }
        Some(Action::KeepFile) => {
            chooser.overwrite = None;
            chooser.focus_name = true;
        }
    }
}

/// Closes the chooser: runs the waiting work with the chosen path, or says 已取消.
fn finish(app: &mut App, ctx: &egui::Context, path: Option<PathBuf>) {
    let Some(mut chooser) = app.chooser.take() else {
        return;
    };
    let then = chooser.then.take();
    match (path, then) {
        (Some(path), Some(then)) => {
            app.chooser_folder = path.parent().map(Path::to_path_buf);
            let busy = chooser.busy.clone();
            app.run_task(ctx, &busy, move || then(path));
        }
        _ => app.status = "已取消".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_name_gets_the_extension_once() {
        let p = with_extension(PathBuf::from("/a/2026.9 简报"), "jianbao");
        assert_eq!(p, PathBuf::from("/a/2026.9 简报.jianbao"));
        let p = with_extension(PathBuf::from("/a/b.JIANBAO"), "jianbao");
        assert_eq!(p, PathBuf::from("/a/b.JIANBAO"));
    }

    #[test]
    fn typed_names_resolve_in_the_shown_folder_or_as_given() {
        let folder = Path::new("/srv/简报");
        assert_eq!(resolve(folder, " 九月.pdf "), folder.join("九月.pdf"));
        assert_eq!(resolve(folder, "/tmp/x.pdf"), PathBuf::from("/tmp/x.pdf"));
        assert_eq!(resolve(folder, "sub/x.pdf"), folder.join("sub/x.pdf"));
        assert_eq!(resolve(folder, "~/x.pdf"), home_folder().join("x.pdf"));
    }

    #[test]
    fn a_listing_puts_folders_first_and_hides_dot_files() {
        let dir = std::env::temp_dir().join(format!("jianbao-chooser-list-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("z 文件夹")).expect("dir");
        std::fs::write(dir.join("a.jianbao"), b"{}").expect("file");
        std::fs::write(dir.join("B.txt"), b"x").expect("file");
        std::fs::write(dir.join(".hidden"), b"x").expect("file");
        let entries = list_folder(&dir).expect("listed");
        let names: Vec<_> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.is_dir))
            .collect();
        assert_eq!(
            names,
            [("z 文件夹", true), ("a.jianbao", false), ("B.txt", false)]
        );
        let missing = list_folder(&dir.join("没有")).expect_err("no such folder");
        assert!(missing.contains("文件或文件夹不存在"), "{missing}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_filter_matches_extensions_in_any_case() {
        let q = FileQuestion::open_text("导入");
        assert!(q.matches("稿件.DOCX"));
        assert!(q.matches("a.txt"));
        assert!(!q.matches("a.pdf"));
        assert!(!q.matches("txt"));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn without_a_session_bus_or_zenity_no_desktop_dialog_is_tried() {
        let nowhere = Some(PathBuf::from("/nonexistent-jianbao"));
        assert!(!can_show(None, nowhere.clone(), |_| false));
        assert!(!can_show(Some("".into()), None, |_| false));
        assert!(can_show(None, nowhere.clone(), |p| p == "zenity"));
        assert!(can_show(
            Some("unix:path=/run/user/1/bus".into()),
            nowhere,
            |_| false
        ));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn programs_are_found_on_path_only_when_executable() {
        assert!(program_on_path("sh"));
        assert!(!program_on_path("no-such-program-jianbao"));
    }
}

/// The in-app chooser driven as a user would: keys, clicks and typing.
#[cfg(test)]
mod kittests {
    use super::super::tests::{harness, temp_dir};
    use super::super::{Command, Prompts};
    use super::*;
    use crate::model::Issue;
    use egui_kittest::kittest::Queryable;

    /// An editor whose questions go to the in-app chooser, starting in `dir`.
    fn chooser_harness(issue: Issue, dir: &Path) -> egui_kittest::Harness<'static, App> {
        let mut h = harness(issue, dir);
        h.state_mut().prompts = Prompts::InApp;
        h.state_mut().chooser_folder = Some(dir.to_path_buf());
        h
    }

    fn new_issue() -> Issue {
        let mut issue = Issue::sample();
        issue.front.truncate(1);
        issue.sections.clear();
        issue
    }

    #[test]
    fn ctrl_s_on_a_new_issue_saves_where_the_typed_path_says() {
        let dir = temp_dir("chooser-save");
        std::fs::create_dir_all(dir.join("期刊")).expect("dir");
        let mut h = chooser_harness(new_issue(), &dir);
        h.state_mut()
            .doc
            .change("x", crate::edit::Field::Step, |i| {
                i.meta.bulletin_name = "新".into()
            });
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        h.run_steps(3);
        assert!(
            h.state().chooser_open(),
            "the chooser asks: {}",
            h.state().status
        );
        // It lists the folder and offers the issue's own name.
        h.get_by_label("期刊/");
        let offered = h.state().chooser.as_ref().map(|c| c.name.clone());
        assert!(offered.is_some_and(|n| n.ends_with(".jianbao")));
        // The offered name's stem is selected: typing replaces it, the extension stays.
        h.get_by_label("文件名：").type_text("草稿");
        h.run_steps(1);
        let name = h.state().chooser.as_ref().map(|c| c.name.clone());
        assert_eq!(name.as_deref(), Some("草稿.jianbao"));
        // A path typed over the name: into the sub-folder, the extension added.
        h.get_by_label("文件名：").focus();
        h.run_steps(1);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run_steps(1);
        let target = dir.join("期刊").join("九月号");
        h.get_by_label("文件名：")
            .type_text(&target.display().to_string());
        h.run_steps(1);
        h.key_press(egui::Key::Enter);
        h.run_steps(4);
        let saved = dir.join("期刊").join("九月号.jianbao");
        assert!(!h.state().chooser_open());
        assert_eq!(
            h.state().doc.path.as_deref(),
            Some(saved.as_path()),
            "{}",
            h.state().status
        );
        assert!(!h.state().doc.is_dirty());
        assert_eq!(
            Issue::load(&saved).expect("a valid issue"),
            h.state().doc.issue
        );
        // The next question starts where this file went.
        assert_eq!(
            h.state().chooser_folder.as_deref(),
            Some(dir.join("期刊").as_path())
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn esc_cancels_and_says_so_and_a_missing_folder_is_named() {
        let dir = temp_dir("chooser-cancel");
        let mut h = chooser_harness(new_issue(), &dir);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
        h.run_steps(3);
        assert!(h.state().chooser_open());
        h.get_by_label("文件名：").focus();
        h.run_steps(1);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.run_steps(1);
        h.get_by_label("文件名：").type_text("没有这个文件夹/x.pdf");
        h.run_steps(1);
        h.get_by_label("保存").click();
        h.run_steps(3);
        assert!(h.state().chooser_open(), "still asking");
        h.get_by_label_contains("文件夹不存在");
        assert!(!dir.join("没有这个文件夹").exists());
        h.key_press(egui::Key::Escape);
        h.run_steps(2);
        assert!(!h.state().chooser_open());
        assert_eq!(h.state().status, "已取消");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_existing_file_is_overwritten_only_after_the_question() {
        let dir = temp_dir("chooser-overwrite");
        let existing = dir.join("旧.jianbao");
        std::fs::write(&existing, b"old").expect("file");
        let mut h = chooser_harness(new_issue(), &dir);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        h.run_steps(3);
        // Picking the file in the list puts its name in the name field.
        h.get_by_label("旧.jianbao").click();
        h.run_steps(2);
        h.get_by_label("保存").click();
        h.run_steps(3);
        h.get_by_label_contains("已存在。覆盖？");
        // 不覆盖 (also what Esc does) leaves the file alone and keeps asking.
        h.get_by_label("不覆盖").click();
        h.run_steps(2);
        assert_eq!(std::fs::read(&existing).expect("file"), b"old");
        assert!(h.state().chooser_open());
        // (Time passes: two clicks within egui's double-click time are one double click.)
        h.run_steps(20);
        h.get_by_label("保存").click();
        h.run_steps(3);
        assert!(
            h.state()
                .chooser
                .as_ref()
                .is_some_and(|c| c.overwrite.is_some()),
            "asked again"
        );
        h.key_press(egui::Key::Escape);
        h.run_steps(2);
        assert!(
            h.state().chooser_open(),
            "Esc answered the question only: {}",
            h.state().status
        );
        assert_eq!(std::fs::read(&existing).expect("file"), b"old");
        h.get_by_label("保存").click();
        h.run_steps(3);
        h.get_by_label("覆盖").click();
        h.run_steps(3);
        assert!(!h.state().chooser_open());
        assert_eq!(
            Issue::load(&existing).expect("overwritten"),
            h.state().doc.issue
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn open_with_unsaved_work_asks_first_then_the_chooser_opens_the_file() {
        let dir = temp_dir("chooser-open");
        let other = dir.join("十月.jianbao");
        let mut theirs = Issue::sample();
        theirs.meta.bulletin_name = "另一期".into();
        crate::store::save_issue(&theirs, &other).expect("saved");
        std::fs::write(dir.join("说明.txt"), b"x").expect("file");
        let mut h = chooser_harness(Issue::sample(), &dir);
        h.state_mut()
            .doc
            .change("x", crate::edit::Field::Step, |i| {
                i.meta.bulletin_name = "改".into()
            });
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
        h.run_steps(2);
        assert_eq!(h.state().panels.unsaved_question, Some(Command::Open));
        assert!(!h.state().chooser_open(), "the question comes first");
        h.get_by_label("不保存").click();
        h.run_steps(3);
        assert!(h.state().chooser_open());
        // Only issue files are listed for 打开.
        assert!(h.query_by_label("说明.txt").is_none());
        // Keys alone, from the name field: ↓ ↓ highlights the second entry (after the
        // folder `home/`, the only issue file) and puts its name in the field, Enter
        // opens it.
        h.key_press(egui::Key::ArrowDown);
        h.run_steps(1);
        h.key_press(egui::Key::ArrowDown);
        h.run_steps(1);
        let name = h.state().chooser.as_ref().map(|c| c.name.clone());
        assert_eq!(name.as_deref(), Some("十月.jianbao"));
        h.key_press(egui::Key::Enter);
        h.run_steps(4);
        assert_eq!(h.state().doc.path.as_deref(), Some(other.as_path()));
        assert_eq!(h.state().doc.issue.meta.bulletin_name, "另一期");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn closing_the_window_at_the_chooser_cancels_it_and_asks_about_unsaved_work() {
        let dir = temp_dir("chooser-close");
        let mut h = chooser_harness(new_issue(), &dir);
        h.state_mut()
            .doc
            .change("x", crate::edit::Field::Step, |i| {
                i.meta.bulletin_name = "改".into()
            });
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        h.run_steps(3);
        assert!(h.state().chooser_open());
        h.input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        h.run_steps(2);
        assert!(!h.state().chooser_open());
        assert_eq!(h.state().panels.unsaved_question, Some(Command::Quit));
        // 保存 now asks for a file again, in the chooser.
        h.get_by_label("保存").click();
        h.run_steps(3);
        assert!(h.state().chooser_open(), "{}", h.state().status);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_desktop_without_dialogs_gets_the_chooser_not_a_cancel() {
        let dir = temp_dir("chooser-fallback");
        let mut h = harness(new_issue(), &dir);
        let question = FileQuestion::save_issue("x.jianbao".into(), None);
        let result = TaskResult::NoNativeDialog(Box::new((
            question,
            "正在保存……".into(),
            Box::new(|_| None),
        )));
        let ctx = h.ctx.clone();
        h.state_mut().finish(&ctx, result);
        h.run_steps(2);
        assert!(h.state().chooser_open());
        assert_ne!(h.state().status, "已取消");
        assert!(
            matches!(h.state().prompts, Prompts::InApp),
            "asks ours at once next time"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
