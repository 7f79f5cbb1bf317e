//! One door for the user's actions.
//!
//! Menus, shortcuts, buttons, the window's close button and the tests all ask for a
//! [`Command`] through [`App::run_command`]. Whatever would replace or close the document
//! (new, next issue, open, open recent, import as a new issue, quit) first asks about
//! unsaved work — 保存 / 不保存 / 取消 — so no path can drop an afternoon's typing
//! without a question. 保存 carries the command along and runs it once the save has
//! succeeded; a failed or cancelled save runs nothing.

use super::view::ViewChange;
use super::{App, RecoveryAnswer, Selection};
use crate::edit::{ArticleRef, Document};
use crate::layout::Source;
use crate::store::{AddressBook, Theme};
use crate::style::Style;
use eframe::egui;
use std::path::PathBuf;

/// Something the user asked for. Panels, menus, shortcuts and buttons only return
/// these; [`App::run_command`] is the one place they change the editor.
///
/// Adding an action: a variant here, an arm in `execute`, and a button or menu item
/// that returns it.
#[derive(Debug, Clone, PartialEq)]
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
    /// 导出为 → Word 文档 / 网页 / 小册子 PDF….
    ExportAs(crate::export::Format),
    /// 打印… and its dialog.
    Print(super::PrintStep),
    /// 导出页面图片… and its dialog.
    PageImages(super::PageImagesStep),
    Undo,
    Redo,
    /// 插入 → 从文件导入文章….
    ImportArticles,
    /// 插入 → 图片…: asks for a picture file for the end of the selected article.
    InsertPicture,
    /// A picture file dropped on the window (or given by a test): placed at the end of
    /// the selected article.
    InsertPictureFile(PathBuf),
    /// A picture pasted from the clipboard, placed like a dropped file.
    PastePicture(std::sync::Arc<egui::ColorImage>),
    /// 替换图片… or the right picture of a pair: asks for a picture file for a slot.
    ReplacePicture(super::pictures::PictureTarget),
    /// 插入 → 栏目 (after the selected one).
    InsertSection,
    /// 插入 → 文章 (after the selected one).
    InsertArticle,
    /// A new article at the end of this section (the section editor's button).
    AddArticleTo(usize),
    /// 插入 → 获奖名单 / 分类 / 名单行, in the selected article.
    InsertAwardList,
    InsertCategory,
    InsertAwardRow,
    /// 插入 → 表格…: an empty table of `rows` × `columns` (the first row a header) at
    /// the end of the selected article.
    InsertTable {
        rows: usize,
        columns: usize,
    },
    /// ↑ ↓ and Alt+↑ ↓: the selected section or article one place up (-1) or down (+1).
    MoveSelected(isize),
    /// 删除 the selected section or article (undo brings it back).
    DeleteSelected,
    /// An outline drag let go: `from` goes before article `index` of `section`.
    MoveArticleTo {
        from: ArticleRef,
        section: Option<usize>,
        index: usize,
    },
    /// An outline drag let go: section `from` goes before section `before`.
    MoveSectionTo {
        from: usize,
        before: usize,
    },
    /// A click in the outline: selects, and ends the merging of typing into one step.
    Select(Selection),
    /// A click on the preview or a warning: selects what made that place.
    Show(Source),
    /// 修正: applies proofreading finding number `n` (refused when the text moved on).
    ApplyFinding(usize),
    /// Zoom, pages, open panels: how the window shows the issue.
    View(ViewChange),
    /// 视图 → 外观.
    SetTheme(Theme),
    /// 设为我的默认版式.
    SetDefaultStyle(Box<Style>),
    /// The style editor wants the installed font families (read once, on the disk worker).
    ReadInstalledFamilies,
    /// Says something in the status bar.
    Status(String),
    /// 确定 on the error window.
    DismissError,
    /// The answer to 保存 / 不保存 / 取消 about unsaved work.
    AnswerUnsaved(UnsavedAnswer),
    /// The answer to the first offer of an ended editor's unsaved work.
    AnswerRecovery(RecoveryAnswer),
    /// 导入选中的文章 (`insert`) or 取消 on the import review.
    FinishImport {
        insert: bool,
    },
    /// The address book as edited in its window (kept in the user's files).
    SetAddressBook(Box<AddressBook>),
    /// The in-app file chooser is done: the file chosen, or `None` for 取消.
    CloseChooser(Option<PathBuf>),
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
    pub(super) fn doing(&self) -> &'static str {
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
            Command::ExportAs(format) => self.export_as(ctx, format),
            Command::Print(step) => self.print_step(ctx, step),
            Command::PageImages(step) => self.page_images_step(ctx, step),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::ImportArticles => self.import_articles(ctx),
            Command::InsertPicture => self.insert_picture(ctx),
            Command::InsertPictureFile(path) => self.insert_picture_file(ctx, path),
            Command::PastePicture(image) => self.paste_picture(ctx, image),
            Command::ReplacePicture(target) => self.ask_picture(ctx, "替换图片", target),
            Command::InsertSection => self.insert_section(),
            Command::InsertArticle => self.insert_article(),
            Command::AddArticleTo(section) => {
                let r = self.session.doc.add_article(Some(section), None);
                self.view.selection = Selection::Article(r);
            }
            Command::InsertAwardList => self.insert_award_list(),
            Command::InsertCategory => self.insert_category(),
            Command::InsertAwardRow => self.insert_award_row(),
            Command::InsertTable { rows, columns } => self.insert_table(rows, columns),
            Command::MoveSelected(delta) => self.move_selected(delta),
            Command::DeleteSelected => self.delete_selected(),
            Command::MoveArticleTo {
                from,
                section,
                index,
            } => {
                let to = self.session.doc.move_article_to(from, section, index);
                self.view.selection = Selection::Article(to);
            }
            Command::MoveSectionTo { from, before } => {
                let to = self.session.doc.move_section_to(from, before);
                self.view.selection = Selection::Section(to);
            }
            Command::Select(selection) => {
                self.view.selection = selection;
                self.session.doc.seal();
            }
            Command::Show(source) => self.select_source(Some(source)),
            Command::ApplyFinding(n) => self.apply_finding(n),
            Command::View(change) => self.view.apply(change),
            Command::SetTheme(theme) => {
                self.profile.settings.theme = theme;
                self.profile.theme_applied = theme;
                super::desktop::apply_theme(ctx, theme);
                self.save_settings("外观设置未能保存");
            }
            Command::SetDefaultStyle(style) => {
                self.profile.settings.default_style = Some(*style);
                self.status = if self.profile.places.is_some() {
                    self.save_settings("默认版式未能保存");
                    "已设为默认版式".into()
                } else {
                    "找不到用户设置文件夹，默认版式只在本次有效".into()
                };
            }
            Command::ReadInstalledFamilies => {
                if !std::mem::replace(&mut self.fonts.installed_families_asked, true) {
                    self.read_installed_families();
                }
            }
            Command::Status(text) => self.status = text,
            Command::DismissError => self.error = None,
            Command::AnswerUnsaved(answer) => self.answer_unsaved(ctx, answer),
            Command::AnswerRecovery(answer) => self.answer_recovery(answer),
            Command::FinishImport { insert } => self.finish_import(insert),
            Command::SetAddressBook(book) => {
                self.profile.address_book = *book;
                self.save_address_book();
            }
            Command::CloseChooser(path) => self.close_chooser(ctx, path),
        }
    }

    /// Runs what a panel returned, in order.
    pub(super) fn run_commands(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        if commands.is_empty() {
            return;
        }
        for command in commands {
            self.run_command(ctx, command);
        }
        self.count_chars();
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
}
