//! Reading the user's files at start, and offering back the work of editors that ended
//! without saving (发现上次没有保存的工作).
//!
//! Each running editor writes its own recovery file (see [`crate::store::RecoverySlot`]);
//! at start an editor looks for the files of editors that are no longer running and
//! offers them one at a time. A file is deleted only after the user chose 丢弃, or chose
//! 恢复 and the work is safe again in this editor's own recovery file. Closing the window
//! while the offer shows keeps the file for the next start.

use super::disk::Job;
use super::{App, Command, Selection, TaskResult, UserFiles};
use crate::edit::{Document, Field};
use crate::store::{find_orphans, AddressBook, Orphan, Recovery, Settings};
use eframe::egui;

impl App {
    /// Reads settings, the address book and ended editors' work on the disk worker.
    pub(super) fn load_user_files(&mut self) {
        let job: Job = Box::new(|disk| {
            Some(TaskResult::UserFiles(Box::new(UserFiles {
                settings: Settings::load(&disk.places),
                address_book: AddressBook::load(&disk.places),
                orphans: find_orphans(&disk.places),
            })))
        });
        self.disk_job(job);
    }

    /// Takes what `load_user_files` read; damaged files are named, defaults kept.
    pub(super) fn take_user_files(&mut self, files: UserFiles) {
        let mut errors = Vec::new();
        match files.settings {
            Ok(settings) => {
                // Files opened in the moment before the settings arrived stay first.
                let recent = std::mem::take(&mut self.profile.settings.recent);
                self.profile.settings = settings;
                for path in recent.iter().rev() {
                    self.profile.settings.remember(path);
                }
            }
            Err(e) => errors.push(format!("设置文件已损坏，已使用默认设置：{e}")),
        }
        match files.address_book {
            Ok(book) if !book.groups.is_empty() => self.profile.address_book = book,
            Ok(_) => {}
            Err(e) => {
                errors.push(format!("通讯录文件已损坏，未载入：{e}"));
                self.profile.address_book = AddressBook::default();
            }
        }
        self.session.recovery_offers.extend(files.orphans);
        if !errors.is_empty() {
            self.error = Some(errors.join("\n"));
        }
    }

    /// 恢复: the ended editor's work becomes the document (unsaved), goes into this
    /// editor's own recovery file, and only then is the ended editor's file deleted.
    pub(super) fn restore(&mut self, orphan: Orphan, recovery: Recovery) {
        let mut doc = Document::new(recovery.issue.clone(), recovery.original.clone());
        // Restored work is not in its file yet: closing must ask.
        doc.change("恢复", Field::Step, |_| {});
        self.session.replace(doc);
        self.view.selection = match self.session.doc.article_at(0) {
            Some(a) => Selection::Article(a),
            None => Selection::Masthead,
        };
        self.status = "已恢复上次未保存的工作，请保存".to_string();
        self.disk_job(Box::new(move |disk| {
            Some(match disk.autosave(&recovery) {
                Ok(()) => match orphan.remove() {
                    Ok(()) => TaskResult::Autosaved,
                    Err(e) => TaskResult::Failed(
                        "旧的恢复文件未能删除".into(),
                        format!(
                            "工作已恢复，但旧的恢复文件未能删除，下次启动还会询问：{}",
                            super::io_chinese(&e)
                        ),
                    ),
                },
                // The ended editor's file stays (its claim ends with this job).
                Err(e) => TaskResult::Failed(
                    "自动保存失败".into(),
                    format!(
                        "恢复的工作已载入，但未能写入恢复文件（原来的恢复文件保留）：{}",
                        super::io_chinese(&e)
                    ),
                ),
            })
        }));
    }

    /// 丢弃: the ended editor's file goes.
    pub(super) fn discard_orphan(&mut self, orphan: Orphan) {
        self.disk_job(Box::new(move |_| {
            orphan.remove().err().map(|e| {
                TaskResult::Failed(
                    "恢复文件未能删除".into(),
                    format!("恢复文件未能删除：{}", super::io_chinese(&e)),
                )
            })
        }));
        self.status = "已丢弃上次未保存的工作".to_string();
    }

    /// The user's answer to the first recovery offer.
    pub(super) fn answer_recovery(&mut self, answer: RecoveryAnswer) {
        if self.session.recovery_offers.is_empty() {
            return;
        }
        let orphan = self.session.recovery_offers.remove(0);
        match answer {
            RecoveryAnswer::Restore => match orphan.found.clone() {
                Ok(recovery) => {
                    self.restore(orphan, recovery);
                    // One window holds one issue: the others are let go (unclaimed),
                    // so another window of the program, or the next start, offers them.
                    let others = std::mem::take(&mut self.session.recovery_offers).len();
                    if others > 0 {
                        self.status = format!(
                        "已恢复上次未保存的工作，请保存；另外 {others} 份可在新开的窗口或下次启动时恢复"
                    );
                    }
                }
                Err(_) => self.session.recovery_offers.insert(0, orphan),
            },
            RecoveryAnswer::Discard => self.discard_orphan(orphan),
            RecoveryAnswer::Keep => drop(orphan),
        }
    }
}

/// What the user answered to an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryAnswer {
    Restore,
    Discard,
    /// Keep the (unreadable) file and go on.
    Keep,
}

/// The first offer, as a modal window (nothing else is drawn over it); returns the
/// user's answer.
pub fn offer(app: &App, ctx: &egui::Context) -> Vec<Command> {
    let Some(orphan) = app.session.recovery_offers.first() else {
        return Vec::new();
    };
    let more = app.session.recovery_offers.len() - 1;
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading("发现上次没有保存的工作");
        match &orphan.found {
            Ok(r) => {
                let from = r
                    .original
                    .as_ref()
                    .map_or("（尚未保存为文件）".to_string(), |p| {
                        p.display().to_string()
                    });
                ui.label(format!(
                    "上次编辑时程序没有正常退出。自动保存的内容：{}，来自 {from}。",
                    r.issue.default_stem()
                ));
                ui.label(
                    egui::RichText::new(format!("恢复文件：{}", orphan.file.display())).weak(),
                );
                if more > 0 {
                    ui.label(format!(
                        "（另外还有 {more} 份。丢弃这一份后逐一询问；恢复这一份后，可在新开的窗口里恢复其他的。）"
                    ));
                }
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    if ui
                        .button("恢复")
                        .on_hover_text("载入自动保存的内容")
                        .clicked()
                    {
                        answer = Some(RecoveryAnswer::Restore);
                    }
                    if ui
                        .button("丢弃")
                        .on_hover_text("删除自动保存的内容")
                        .clicked()
                    {
                        answer = Some(RecoveryAnswer::Discard);
                    }
                });
            }
            Err(e) => {
                ui.label(format!("一份自动保存的内容无法读取：{e}"));
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    if ui
                        .button("保留文件")
                        .on_hover_text("文件留在原处，下次启动再问")
                        .clicked()
                    {
                        answer = Some(RecoveryAnswer::Keep);
                    }
                    if ui
                        .button("丢弃")
                        .on_hover_text("删除这个恢复文件")
                        .clicked()
                    {
                        answer = Some(RecoveryAnswer::Discard);
                    }
                });
            }
        }
    });
    answer.map(Command::AnswerRecovery).into_iter().collect()
}
