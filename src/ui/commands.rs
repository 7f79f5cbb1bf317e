//! One door for the user's actions.
//!
//! Menus, shortcuts, buttons, the window's close button and the tests all ask for a
//! [`Command`] through [`App::run_command`]. Whatever would replace or close the document
//! (new, next issue, open, open recent, import as a new issue, quit) first asks about
//! unsaved work — 保存 / 不保存 / 取消 — so no path can drop an afternoon's typing
//! without a question. 保存 carries the command along and runs it once the save has
//! succeeded; a failed or cancelled save runs nothing.

use super::{App, Selection, TaskResult};
use crate::edit::Document;
use eframe::egui;
use std::path::PathBuf;

/// Something the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 新建: an empty issue with this issue's masthead and distribution.
    New,
    /// 新建下一期.
    NextIssue,
    /// 打开…: asks for a file.
    Open,
    /// 最近打开 (and a file given on the command line).
    OpenRecent(PathBuf),
    /// 导入为新简报…: a text or Word file becomes a new issue.
    ImportAsNew,
    /// 退出, or the window's close button.
    Quit,
    Save,
    SaveAs,
    /// 导出 PDF….
    Export,
    Undo,
    Redo,
    /// 插入 → 从文件导入文章….
    ImportArticles,
}

impl Command {
    /// Whether running it replaces or closes the document, so unsaved work must be
    /// asked about first.
    pub fn replaces_document(&self) -> bool {
        matches!(
            self,
            Command::New
                | Command::NextIssue
                | Command::Open
                | Command::OpenRecent(_)
                | Command::ImportAsNew
                | Command::Quit
        )
    }

    /// What the command does, for the unsaved-changes question (“您要…”).
    fn doing(&self) -> &'static str {
        match self {
            Command::New => "新建简报",
            Command::NextIssue => "新建下一期",
            Command::Open | Command::OpenRecent(_) => "打开另一期简报",
            Command::ImportAsNew => "把文件导入为新简报",
            Command::Quit => "关闭窗口",
            _ => "继续",
        }
    }
}

/// The answer to the unsaved-changes question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedAnswer {
    /// 保存, then go on with the command.
    Save,
    /// 不保存: go on and let the changes go.
    Discard,
    /// 取消: do nothing.
    Cancel,
}

impl App {
    /// Runs a user action, first asking about unsaved work when the action would
    /// replace or close the document.
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        if command.replaces_document() && self.session.doc.is_dirty() {
            // Whatever the answer, the work is in the recovery file first.
            self.autosave(ctx, true);
            self.questions.unsaved_question = Some(command);
            return;
        }
        self.execute(ctx, command);
    }

    /// Runs a command without asking (the question was answered, or nothing is unsaved).
    fn execute(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.new_issue(),
            Command::NextIssue => self.new_next_issue(),
            Command::Open => self.open(ctx),
            Command::OpenRecent(path) => self.open_path(ctx, path),
            Command::ImportAsNew => self.import_as_new(ctx),
            Command::Quit => self.quit(ctx),
            Command::Save => self.save(ctx),
            Command::SaveAs => self.save_as(ctx),
            Command::Export => self.export(ctx),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::ImportArticles => self.import_articles(ctx),
        }
    }

    /// The user answered the unsaved-changes question about `command`.
    pub fn answer_unsaved(&mut self, ctx: &egui::Context, answer: UnsavedAnswer) {
        let Some(command) = self.questions.unsaved_question.take() else {
            return;
        };
        match answer {
            UnsavedAnswer::Save => match self.session.doc.path.clone() {
                Some(path) => self.save_to(ctx, path, Some(command)),
                None => self.save_as_then(ctx, Some(command)),
            },
            UnsavedAnswer::Discard => self.execute(ctx, command),
            UnsavedAnswer::Cancel => self.status = "已取消".to_string(),
        }
    }

    /// Ends the program: the document is saved or its changes were let go, so this
    /// instance's recovery file goes too.
    fn quit(&mut self, ctx: &egui::Context) {
        self.disk_job(Box::new(|disk| {
            let _ = disk.release_own();
            None
        }));
        self.questions.quit_now = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }

    /// The window's close button (or the system closing it): ends at once when nothing
    /// is unsaved, otherwise asks, keeping the window open meanwhile.
    pub(super) fn handle_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.questions.quit_now {
            return;
        }
        // A file chooser open at that moment is answered 取消 (its save or export does
        // not happen); the question about unsaved work comes next.
        if self.chooser_open() {
            self.cancel_chooser();
        }
        if self.session.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            if self.questions.unsaved_question.is_none() {
                self.run_command(ctx, Command::Quit);
            }
        } else {
            // Closing leaves any recovery offer's file alone: it belongs to another
            // (ended) editor and stays until the user answers the offer.
            self.disk_job(Box::new(|disk| {
                let _ = disk.release_own();
                None
            }));
            self.questions.quit_now = true;
        }
    }

    /// Puts a freshly opened, imported or new issue in place of the current document
    /// (whose unsaved work the user already saved or let go).
    pub(super) fn replace_document(&mut self, doc: Document, status: String) {
        self.session.replace(doc);
        self.view.selection = match self.session.doc.article_at(0) {
            Some(a) => Selection::Article(a),
            None => Selection::Masthead,
        };
        self.forget_own_recovery();
        self.status = status;
    }

    /// 文件 → 导入为新简报…: a text file's whole issue (masthead, sections, articles,
    /// distribution when the text has them) or a Word document's article, on top of this
    /// issue's masthead, distribution and style.
    pub fn import_as_new(&mut self, ctx: &egui::Context) {
        let question = super::file_chooser::FileQuestion::open_text("导入为新简报");
        let mut template = self.session.doc.issue.clone();
        template.front.clear();
        template.sections.clear();
        self.ask_file(
            ctx,
            question,
            "正在导入……",
            Box::new(move |path| Some(issue_from_file(path, &template))),
        );
    }
}

/// A new issue from a text or Word file (on a worker thread).
fn issue_from_file(path: PathBuf, template: &crate::model::Issue) -> TaskResult {
    let failed = |msg: String| TaskResult::Failed("导入失败，当前内容未改变".into(), msg);
    let bytes = match crate::import::read_source(&path) {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    let mut issue = template.clone();
    let is_page = crate::import::decode(&bytes).is_ok_and(|(text, _)| {
        crate::import::html::looks_like_html(&text) || crate::import::looks_like_issue(&text)
    });
    if bytes.starts_with(b"PK\x03\x04") || is_page {
        match crate::import::articles_from_file(&bytes) {
            Ok((articles, _)) => issue.front = articles,
            Err(e) => return failed(format!("{}：{}", path.display(), e.chinese())),
        }
    } else {
        match crate::import::decode(&bytes) {
            Ok((text, _)) => issue = crate::import::issue_from_text(&text, template),
            Err(e) => return failed(format!("{}：{}", path.display(), e.chinese())),
        }
    }
    if issue.articles().count() == 0 {
        return failed(format!("{}：没有找到文章内容。", path.display()));
    }
    TaskResult::ImportedIssue(path, Box::new(issue))
}

/// The unsaved-changes question, as a modal window over the editor.
pub fn unsaved_question(app: &mut App, ctx: &egui::Context) {
    let Some(command) = app.questions.unsaved_question.clone() else {
        return;
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved-question")).show(ctx, |ui| {
        ui.heading(if command == Command::Quit {
            "关闭前保存修改吗？"
        } else {
            "保存对当前简报的修改吗？"
        });
        ui.label(format!(
            "您要{}，当前简报有未保存的修改。如果不保存，这些修改将会丢失。",
            command.doing()
        ));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("保存").on_hover_text("先保存，再继续").clicked() {
                answer = Some(UnsavedAnswer::Save);
            }
            if ui
                .button("不保存")
                .on_hover_text("放弃这些修改，继续")
                .clicked()
            {
                answer = Some(UnsavedAnswer::Discard);
            }
            if ui
                .button("取消")
                .on_hover_text("回到编辑，什么也不做")
                .clicked()
            {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(UnsavedAnswer::Cancel);
        }
    });
    if let Some(a) = answer {
        app.answer_unsaved(ctx, a);
    }
}
