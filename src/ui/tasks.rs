//! Background work: the task runner (one task at a time, shown in the status bar), the
//! results it hands back, the disk worker's jobs and autosave to the recovery file.

use super::session::AUTOSAVE_EVERY;
use super::{dialogs, disk, file_chooser, App, Command};
use crate::edit::Document;
use crate::model::Issue;
use crate::store::{AddressBook, Orphan, Settings};
use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};

/// The task runner's state: one task at a time, its results coming back on a channel.
pub(super) struct Tasks {
    tx: Sender<TaskResult>,
    rx: Receiver<TaskResult>,
    /// What a running task is doing, shown in the status bar.
    pub(super) busy: Option<String>,
    /// Run work at once on the UI thread, so a frame after a command sees its result
    /// (headless use and tests); otherwise on worker threads.
    pub(super) inline: bool,
}

impl Tasks {
    pub(super) fn new(inline: bool) -> Tasks {
        let (tx, rx) = channel();
        Tasks {
            tx,
            rx,
            busy: None,
            inline,
        }
    }
}

/// Results of background work, sent back to the UI thread.
pub(super) enum TaskResult {
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
    /// Articles read from a file, with the pictures their figures show.
    Imported(PathBuf, Vec<crate::model::Article>, crate::model::Pictures),
    /// A picture file read and checked, with where it goes and its file name.
    PictureRead {
        target: super::pictures::PictureTarget,
        name: String,
        bytes: std::sync::Arc<[u8]>,
    },
    ImportedWithNotes(
        PathBuf,
        Vec<crate::model::Article>,
        crate::model::Pictures,
        String,
    ),
    Failed(String, String),
    /// Work that ended well: what the status bar says about it.
    Done(String),
    Autosaved,
    /// The user's files read at start.
    UserFiles(Box<UserFiles>),
    /// The installed font families (for the style editor's font menus).
    InstalledFamilies(Vec<String>),
    /// A result of the disk worker (which never holds up the busy mark of a task).
    FromDisk(Box<TaskResult>),
}

/// What the editor reads of the user's own files at start (on the disk worker).
pub(super) struct UserFiles {
    pub(super) settings: Result<Settings, String>,
    pub(super) address_book: Result<AddressBook, String>,
    /// Work ended editors left, to offer back.
    pub(super) orphans: Vec<Orphan>,
}

impl App {
    /// Runs slow work on a thread (one at a time, shown as busy); tests run it at once.
    pub(super) fn run_task(
        &mut self,
        ctx: &egui::Context,
        what: &str,
        work: impl FnOnce() -> Option<TaskResult> + Send + 'static,
    ) {
        if self.tasks.busy.is_some() {
            self.status = "请等当前操作完成".to_string();
            return;
        }
        if self.tasks.inline {
            if let Some(r) = work() {
                self.finish(ctx, r);
            }
            return;
        }
        self.tasks.busy = Some(what.to_string());
        let tx = self.tasks.tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = work();
            // The UI may be gone already (closing); nothing to report to then.
            let _ = tx.send(result.unwrap_or(TaskResult::Cancelled));
            ctx.request_repaint();
        });
    }

    /// Takes the results of finished tasks (each frame).
    pub(super) fn poll_tasks(&mut self, ctx: &egui::Context) {
        while let Ok(result) = self.tasks.rx.try_recv() {
            let result = match result {
                TaskResult::FromDisk(r) => *r,
                r => {
                    self.tasks.busy = None;
                    r
                }
            };
            self.finish(ctx, result);
        }
        if self.questions.quit_now {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Applies a task's result to the editor: the one place results land.
    pub(super) fn finish(&mut self, ctx: &egui::Context, result: TaskResult) {
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
                if self.session.doc.revision() == revision {
                    self.session.doc.mark_saved(path.clone());
                    // Only when no edit arrived during the save: otherwise the
                    // recovery file holds work the saved file does not.
                    self.forget_own_recovery();
                } else {
                    // Edits made while saving stay unsaved.
                    self.session.doc.path = Some(path.clone());
                }
                self.status = format!("已保存 {}", path.display());
                self.remember(&path);
                if let Some(command) = then {
                    // Asks again if edits arrived during the save.
                    self.run_command(ctx, command);
                }
            }
            TaskResult::Imported(path, articles, pictures) => {
                self.questions.import_review = Some(dialogs::ImportReview {
                    pictures,
                    ..dialogs::ImportReview::new(path, articles, None)
                });
            }
            TaskResult::ImportedWithNotes(path, articles, pictures, notes) => {
                self.questions.import_review = Some(dialogs::ImportReview {
                    pictures,
                    ..dialogs::ImportReview::new(path, articles, Some(notes))
                });
            }
            TaskResult::PictureRead {
                target,
                name,
                bytes,
            } => self.place_picture(target, &name, bytes),
            TaskResult::Exported(path, bytes) => {
                self.status = format!("已导出 {}（{} KB）", path.display(), bytes / 1024);
            }
            TaskResult::Failed(status, message) => {
                self.status = status;
                if !message.is_empty() {
                    self.error = Some(message);
                }
            }
            TaskResult::Done(status) => self.status = status,
            TaskResult::Autosaved => {}
            r @ (TaskResult::UserFiles(_)
            | TaskResult::InstalledFamilies(_)
            | TaskResult::FromDisk(_)) => self.finish_disk(r),
        }
    }

    /// Adds a file to the recent files and keeps the settings.
    pub(super) fn remember(&mut self, path: &std::path::Path) {
        self.profile.settings.remember(path);
        self.save_settings("最近打开的文件未能记下");
    }

    /// Writes the settings on the disk worker; `failed` says what was not kept if the
    /// write fails.
    pub(crate) fn save_settings(&mut self, failed: &'static str) {
        let settings = self.profile.settings.clone();
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
        if self.profile.places.is_none() {
            // Nothing is remembered, so the disk worker does nothing: no choices.
            self.fonts.installed_families = Some(Vec::new());
        }
    }

    /// Writes the address book on the disk worker.
    pub(crate) fn save_address_book(&mut self) {
        let book = self.profile.address_book.clone();
        self.disk_job(Box::new(move |disk| {
            let e = book.save(&disk.places).err()?;
            Some(TaskResult::Failed(
                "通讯录未能保存".to_string(),
                format!("通讯录未能保存：{}", io_chinese(&e)),
            ))
        }));
    }

    /// Writes unsaved work to the recovery file (every 30 s and on focus loss).
    pub(super) fn autosave(&mut self, ctx: &egui::Context, force: bool) {
        if self.profile.places.is_none() {
            return;
        }
        let Some(recovery) = self.session.autosave_due(force) else {
            if !force {
                ctx.request_repaint_after(AUTOSAVE_EVERY);
            }
            return;
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
    pub(super) fn forget_own_recovery(&mut self) {
        // (A recovery file that cannot be deleted is only offered once too often.)
        self.disk_job(Box::new(|disk| {
            let _ = disk.clear_own();
            None
        }));
    }

    /// Hands disk work to the disk worker (or runs it now in tests); its result comes
    /// back like a task's, without touching the busy mark.
    pub(super) fn disk_job(&mut self, job: disk::Job) {
        let job: disk::Job =
            Box::new(move |disk| job(disk).map(|r| TaskResult::FromDisk(Box::new(r))));
        if let Some(result) = self
            .profile
            .disk
            .run(self.tasks.inline, &self.tasks.tx, job)
        {
            self.finish_disk(result);
        }
    }

    /// What the disk worker reports: autosaves, the user's files, failures.
    pub(super) fn finish_disk(&mut self, result: TaskResult) {
        match result {
            TaskResult::FromDisk(r) => self.finish_disk(*r),
            TaskResult::UserFiles(files) => self.take_user_files(*files),
            TaskResult::InstalledFamilies(families) => {
                self.fonts.installed_families = Some(families);
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
