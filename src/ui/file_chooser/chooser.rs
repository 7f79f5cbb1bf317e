//! The in-app file chooser: its state ([`Chooser`]) and its modal window ([`show`]).

use super::folder::{check, home_folder, list_folder, resolve, Entry, Reply};
use super::{FileQuestion, Mode, Then};
use crate::ui::Command;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};

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
    pub(super) name: String,
    listing: Listing,
    show_all: bool,
    /// Index into the listing of the highlighted entry.
    highlighted: Option<usize>,
    /// A file the user is asked to overwrite (覆盖？).
    pub(super) overwrite: Option<PathBuf>,
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
    pub(super) fn new(
        question: FileQuestion,
        folder: PathBuf,
        busy: String,
        then: Then,
    ) -> Chooser {
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

    /// Whether a folder is being chosen rather than a file.
    pub(super) fn chooses_folder(&self) -> bool {
        self.question.mode == Mode::Folder
    }

    /// The work waiting for the chosen path, with its status-bar text (once).
    pub(super) fn take_work(&mut self) -> Option<(String, Then)> {
        Some((self.busy.clone(), self.then.take()?))
    }

    /// Shows `folder` (read off the UI thread).
    pub(super) fn go_to(&mut self, folder: PathBuf, inline: bool, ctx: &egui::Context) {
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
    /// Choosing a folder with the name field empty chooses the folder shown.
    fn confirm(&mut self, inline: bool, ctx: &egui::Context) {
        let typed = match self.question.mode {
            Mode::Folder if self.name.trim().is_empty() => self.folder.clone(),
            _ if self.name.trim().is_empty() => {
                self.problem = Some(match self.question.mode {
                    Mode::Open => "请选择一个文件。".into(),
                    _ => "请输入文件名。".into(),
                });
                return;
            }
            _ => resolve(&self.folder, &self.name),
        };
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
                        if self.question.mode == Mode::Folder {
                            return Some(folder);
                        }
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
                        Mode::Folder if check.exists => {
                            self.problem =
                                Some(format!("{} 是文件，不是文件夹", check.target.display()))
                        }
                        // A new folder, made when the files are written.
                        Mode::Folder if check.parent_exists => return Some(check.target),
                        Mode::Folder => {
                            let parent = check.target.parent().unwrap_or(Path::new(""));
                            self.problem = Some(format!("文件夹不存在：{}", parent.display()));
                        }
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
                .filter(|(_, e)| {
                    e.is_dir
                        || (self.question.mode != Mode::Folder
                            && (self.show_all || self.question.matches(&e.name)))
                })
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

/// Draws the in-app chooser and moves it along (folders, highlight, the overwrite
/// question: its own state); returns [`Command::CloseChooser`] once the user chose a
/// file or cancelled. `inline`: do the file-system work at once (tests).
pub fn show(chooser: &mut Chooser, inline: bool, ctx: &egui::Context) -> Option<Command> {
    if let Some(path) = chooser.poll(inline, ctx) {
        return Some(Command::CloseChooser(Some(path)));
    }
    let mut action = None;
    let mut folder_focused = false;
    // Whether the keyboard is on an entry of the list (Enter then confirms too).
    let mut list_focused = false;
    let verb = match chooser.question.mode {
        Mode::Open => "打开",
        Mode::Save => "保存",
        Mode::Folder => "选择这个文件夹",
    };
    let choosing_folder = chooser.question.mode == Mode::Folder;
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
            let l = ui.label(if choosing_folder {
                "新文件夹名："
            } else {
                "文件名："
            });
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
        if choosing_folder {
            ui.weak("选中的是上面显示的文件夹；填了新文件夹名时，在其中新建这个文件夹。");
        }
        if !choosing_folder {
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
        }
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
        Some(Action::Cancel) => return Some(Command::CloseChooser(None)),
        Some(Action::Confirm) => chooser.confirm(inline, ctx),
        Some(Action::Enter(folder)) => chooser.go_to(folder, inline, ctx),
        Some(Action::Overwrite) => return Some(Command::CloseChooser(chooser.overwrite.take())),
        Some(Action::KeepFile) => {
            chooser.overwrite = None;
            chooser.focus_name = true;
        }
    }
    None
}
