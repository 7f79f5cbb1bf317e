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

mod chooser;
mod folder;
#[cfg(test)]
mod kittests;
mod native;

pub use chooser::{show, Chooser};
pub use native::{ask_native, NativeAnswer};

use super::{App, TaskResult};
use eframe::egui;
use folder::home_folder;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Where file paths come from. Tests choose a variant to drive either chooser.
pub enum Prompts {
    /// The desktop's dialog (rfd); the in-app chooser when the desktop cannot show one.
    Native,
    /// Always the in-app chooser (after the desktop's dialog failed once, and in tests).
    InApp,
    /// Paths a test gives, one per question; an empty queue answers like a cancel.
    Given(VecDeque<PathBuf>),
}

/// How the editor asks for files, and the in-app chooser while it asks.
pub struct FileAsking {
    /// File dialogs, or paths given by a test.
    pub prompts: Prompts,
    /// The in-app file chooser, while it is open.
    pub(crate) chooser: Option<Chooser>,
    /// Where the in-app chooser last found a file (it starts there next time).
    pub(crate) chooser_folder: Option<PathBuf>,
}

impl Default for FileAsking {
    fn default() -> Self {
        FileAsking {
            prompts: Prompts::Native,
            chooser: None,
            chooser_folder: None,
        }
    }
}

/// What happens with the chosen path, on a worker thread (saving, reading, exporting).
pub type Then = Box<dyn FnOnce(PathBuf) -> Option<TaskResult> + Send>;

/// Whether a file is read or written, or a folder is chosen to write files into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Open,
    Save,
    /// A folder (existing, or a new one in an existing folder) for several files.
    Folder,
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

    /// 导出为 Word 文档 / 网页 / 小册子 PDF as `name`, next to the current file.
    pub fn export_as(
        format: crate::export::Format,
        name: String,
        current: Option<&Path>,
    ) -> FileQuestion {
        use crate::export::Format;
        let (title, filter_name, extensions): (_, _, &'static [&'static str]) = match format {
            Format::Docx => ("导出为 Word 文档", "Word 文档", &["docx"]),
            Format::Html => ("导出为网页", "网页", &["html", "htm"]),
            Format::Booklet => ("导出为小册子 PDF", "PDF", &["pdf"]),
            Format::Pdf => ("导出 PDF", "PDF", &["pdf"]),
        };
        FileQuestion {
            title,
            mode: Mode::Save,
            filter_name,
            extensions,
            suggested_name: name,
            folder: current.and_then(Path::parent).map(Path::to_path_buf),
        }
    }

    /// A folder to write several files into (页面图片), starting next to the
    /// current file.
    pub fn folder(title: &'static str, current: Option<&Path>) -> FileQuestion {
        FileQuestion {
            title,
            mode: Mode::Folder,
            filter_name: "文件夹",
            extensions: &[],
            suggested_name: String::new(),
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
        if self.tasks.busy.is_some() || self.asking.chooser.is_some() {
            self.status = "请等当前操作完成".to_string();
            return;
        }
        match &mut self.asking.prompts {
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
        self.asking.prompts = Prompts::InApp;
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
            .or_else(|| self.asking.chooser_folder.clone())
            .unwrap_or_else(home_folder);
        let mut chooser = Chooser::new(question, folder.clone(), busy, then);
        chooser.go_to(folder, self.tasks.inline, ctx);
        self.asking.chooser = Some(chooser);
    }

    /// Closes the in-app chooser as if 取消 was pressed.
    pub(super) fn cancel_chooser(&mut self) {
        if self.asking.chooser.take().is_some() {
            self.status = "已取消".to_string();
        }
    }

    /// Closes the in-app chooser: runs the waiting work with the chosen path, or says
    /// 已取消.
    pub(super) fn close_chooser(&mut self, ctx: &egui::Context, path: Option<PathBuf>) {
        let Some(mut chooser) = self.asking.chooser.take() else {
            return;
        };
        let chose_folder = chooser.chooses_folder();
        match (path, chooser.take_work()) {
            (Some(path), Some((busy, then))) => {
                // A chosen folder is where the next question starts; a file's folder
                // for files.
                self.asking.chooser_folder = if chose_folder {
                    Some(path.clone())
                } else {
                    path.parent().map(Path::to_path_buf)
                };
                self.run_task(ctx, &busy, move || then(path));
            }
            _ => self.status = "已取消".to_string(),
        }
    }

    /// Whether the in-app chooser is open (keys then belong to it).
    pub(super) fn chooser_open(&self) -> bool {
        self.asking.chooser.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_matches_extensions_in_any_case() {
        let q = FileQuestion::open_text("导入");
        assert!(q.matches("稿件.DOCX"));
        assert!(q.matches("a.txt"));
        assert!(!q.matches("a.pdf"));
        assert!(!q.matches("txt"));
    }
}
