//! The file commands (新建, 打开, 保存, 另存为, 导出 PDF, 从文件导入文章) and the work
//! they hand to a task.

use super::{file_chooser, io_chinese, App, Command, Selection, TaskResult};
use crate::edit::Document;
use crate::fonts::SharedFontBook;
use crate::layout::Pages;
use crate::model::Issue;
use crate::style::Style;
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl App {
    /// 新建: an empty issue with this issue's masthead, sections and distribution.
    pub fn new_issue(&mut self) {
        let mut issue = self
            .session
            .doc
            .issue
            .next_issue(crate::model::Date::today());
        issue.meta.total_no = self.session.doc.issue.meta.total_no;
        issue.meta.issue_no = self.session.doc.issue.meta.issue_no;
        // A new issue is a regular one even when made from a 增刊 (only 新建下一期
        // continues the supplement series).
        issue.meta.supplement = false;
        issue.sections.clear();
        if let Some(style) = self.profile.settings.default_style.clone() {
            issue.style = Some(style);
        }
        self.start_fresh(issue, "已新建简报");
    }

    /// 新建下一期.
    pub fn new_next_issue(&mut self) {
        let issue = self
            .session
            .doc
            .issue
            .next_issue(crate::model::Date::today());
        self.start_fresh(issue, "已新建下一期：期号加一，日期为今天，文章已清空");
    }

    /// Replaces the document with a new issue (its unsaved work was already dealt with).
    pub(super) fn start_fresh(&mut self, issue: Issue, status: &str) {
        // The unsaved-changes question came first (see `run_command`): the old
        // document was saved or its changes let go.
        self.replace_document(Document::new(issue, None), status.to_string());
        self.view.selection = Selection::Masthead;
    }

    /// 打开: asks for an issue file and reads it on a task.
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

    /// 保存: to the issue's own file, or asks where when it has none.
    pub fn save(&mut self, ctx: &egui::Context) {
        match self.session.doc.path.clone() {
            Some(path) => self.save_to(ctx, path, None),
            None => self.save_as(ctx),
        }
    }

    /// 另存为: asks where, then saves.
    pub fn save_as(&mut self, ctx: &egui::Context) {
        self.save_as_then(ctx, None);
    }

    /// Asks where to save, saves, then runs `then` (e.g. the command that asked for the save).
    pub(super) fn save_as_then(&mut self, ctx: &egui::Context, then: Option<Command>) {
        let name = format!(
            "{}.{}",
            self.session.doc.issue.default_stem(),
            crate::model::EXTENSION
        );
        let question =
            file_chooser::FileQuestion::save_issue(name, self.session.doc.path.as_deref());
        let issue = self.session.doc.issue.clone();
        let revision = self.session.doc.revision();
        self.ask_file(
            ctx,
            question,
            "正在保存……",
            Box::new(move |path| Some(save_task(&issue, path, revision, then))),
        );
    }

    /// Saves to `path` on a task, then runs `then`.
    pub(super) fn save_to(&mut self, ctx: &egui::Context, path: PathBuf, then: Option<Command>) {
        let issue = self.session.doc.issue.clone();
        let revision = self.session.doc.revision();
        self.run_task(ctx, "正在保存……", move || {
            Some(save_task(&issue, path, revision, then))
        });
    }

    /// 导出 PDF: asks where, then lays out (if the screen is behind) and writes the PDF on a task.
    pub fn export(&mut self, ctx: &egui::Context) {
        let name = format!("{}.pdf", self.session.doc.issue.default_stem());
        let question =
            file_chooser::FileQuestion::export_pdf(name, self.session.doc.path.as_deref());
        let job = self.export_job();
        self.ask_file(
            ctx,
            question,
            "正在导出 PDF……",
            Box::new(move |path| {
                let pdf = job.pdf(&job.pages());
                Some(job.written(path, pdf, crate::store::write_pdf))
            }),
        );
    }

    /// 文件 → 导出为…: a Word document or web page (written from the issue and its
    /// style), or a saddle-stitch booklet (made from the PDF's pages), on a task.
    pub fn export_as(&mut self, ctx: &egui::Context, format: crate::export::Format) {
        use crate::export::Format;
        if format == Format::Pdf {
            return self.export(ctx);
        }
        let stem = self.session.doc.issue.default_stem();
        let name = match format {
            Format::Booklet => format!("{stem}-小册子.pdf"),
            other => format!("{stem}.{}", other.extension()),
        };
        let question =
            file_chooser::FileQuestion::export_as(format, name, self.session.doc.path.as_deref());
        let job = self.export_job();
        let busy = format!("正在导出{}……", format.chinese());
        self.ask_file(
            ctx,
            question,
            &busy,
            Box::new(move |path| {
                let bytes = match format {
                    Format::Docx => {
                        crate::export::docx::docx(&job.issue, &job.style).map_err(|e| e.chinese())
                    }
                    Format::Html => {
                        Ok(crate::export::html::issue_page(&job.issue, &job.style).into_bytes())
                    }
                    Format::Booklet | Format::Pdf => {
                        let pages = job.pages();
                        job.pdf(&pages).and_then(|pdf| {
                            use crate::pdf::booklet::{booklet, distribution_page, BookletOptions};
                            let options = BookletOptions {
                                crop_marks: false,
                                distribution_page: distribution_page(&pages),
                            };
                            booklet(&pdf, options).map_err(|e| e.chinese())
                        })
                    }
                };
                Some(job.written(path, bytes, |path, bytes, source| {
                    crate::export::write_output(path, bytes, source, format)
                }))
            }),
        );
    }

    /// What an export task needs, taken from the editor when the user asks.
    fn export_job(&self) -> ExportJob {
        // The pages on screen may be a keystroke behind (a long issue is laid out on
        // the worker): then the task lays out the text as it is now.
        let shown = (self.typeset.pages_revision == Some(self.session.doc.revision()))
            .then(|| Arc::clone(&self.typeset.pages));
        ExportJob {
            shown,
            book: Arc::clone(&self.fonts.book),
            issue: self.session.doc.issue.clone(),
            style: self.style(),
            source: self.session.doc.path.clone(),
        }
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
        match crate::import::import_file(&bytes, path.parent()) {
            Ok(file) => {
                crate::import::add_pictures(&file.pictures, &mut issue);
                issue.front = file.articles;
            }
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
    match crate::import::import_file(&bytes, path.parent()) {
        Ok(file) if file.articles.is_empty() => failed(format!("{shown}：没有找到文章内容。")),
        Ok(crate::import::ImportedFile {
            articles,
            pictures,
            notes,
        }) => {
            if notes.is_empty() {
                TaskResult::Imported(path, articles, pictures)
            } else {
                TaskResult::ImportedWithNotes(
                    path,
                    articles,
                    pictures,
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

/// The issue as it was when the user asked for an export: every export format reads
/// the same snapshot, so the task never sees the editor change under it.
struct ExportJob {
    /// The pages on screen, when they show the text as it is now.
    shown: Option<Arc<Pages>>,
    book: SharedFontBook,
    issue: Issue,
    style: Style,
    /// The issue's own file, which no export may overwrite.
    source: Option<PathBuf>,
}

impl ExportJob {
    /// The pages to print: those on screen, or the text laid out now.
    fn pages(&self) -> Arc<Pages> {
        self.shown.clone().unwrap_or_else(|| {
            Arc::new(crate::layout::layout(&self.issue, &self.style, &self.book))
        })
    }

    /// The PDF of `pages`, or why not (in Chinese).
    fn pdf(&self, pages: &Pages) -> Result<Vec<u8>, String> {
        let options = crate::pdf::PdfOptions::from_style(&self.style);
        crate::pdf::export_with(pages, &self.issue, &self.book, &options).map_err(|e| e.chinese())
    }

    /// The task's result: `bytes` written to `path` by `write` (which refuses to
    /// overwrite the issue's own file), or why not.
    fn written(
        &self,
        path: PathBuf,
        bytes: Result<Vec<u8>, String>,
        write: impl FnOnce(&Path, &[u8], Option<&Path>) -> std::io::Result<()>,
    ) -> TaskResult {
        let failed = |why: String| TaskResult::Failed("导出失败".into(), why);
        match bytes {
            Ok(bytes) => match write(&path, &bytes, self.source.as_deref()) {
                Ok(()) => TaskResult::Exported(path, bytes.len()),
                Err(e) => failed(format!("无法写入 {}：{}", path.display(), io_chinese(&e))),
            },
            Err(why) => failed(why),
        }
    }
}
