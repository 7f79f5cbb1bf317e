//! 文件 → 打印…: the print dialog (printer, copies, pages) and the job it sends.
//!
//! The printers are listed off the UI thread when the dialog opens (a print system
//! that hangs only leaves the list at 正在查找打印机…, the editor keeps working); the
//! job — the PDF of the issue as the preview shows it, then `lp` or Windows' print
//! verb — runs as a task. Where no print system exists or no printer is set up, the
//! dialog says so in Chinese instead of offering a button that cannot work.

use super::{io_chinese, App, Command, TaskResult};
use crate::export::print::{PrintError, PrintJob, PrintSystem, Printer, USES_PRINT_VERB};
use crate::fonts::FontBook;
use crate::layout::Pages;
use crate::model::Issue;
use crate::style::Style;
use eframe::egui;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

/// Printing: the print system asked and the dialog while it is open.
#[derive(Default)]
pub struct Printing {
    /// Where `lp`/`lpstat` are looked up (tests put fakes on its search path).
    pub system: PrintSystem,
    pub(super) dialog: Option<PrintDialog>,
}

/// What the print dialog asks the editor to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintStep {
    /// 文件 → 打印…: open the dialog and list the printers.
    Open,
    /// 打印: send this job (the dialog closes).
    Send(PrintJob),
    /// 取消.
    Close,
}

/// The printer list as far as it is known.
enum PrinterList {
    Loading(Receiver<Result<Vec<Printer>, PrintError>>),
    Ready(Vec<Printer>),
    Failed(PrintError),
}

/// The print dialog's own state: what the user chose so far.
pub(super) struct PrintDialog {
    printers: PrinterList,
    /// The chosen printer's name.
    chosen: Option<String>,
    copies: String,
    pages: PageChoice,
    /// Pages of the issue when the dialog opened.
    page_count: usize,
    problem: Option<String>,
}

/// 全部 or 从 … 到 … 页: a page range as the user types it (both dialogs use it).
#[derive(Debug, Clone, Default)]
pub(super) struct PageChoice {
    pub(super) all: bool,
    pub(super) from: String,
    pub(super) to: String,
}

impl PageChoice {
    /// Every page of an issue of `count` pages, offered as 1 to `count`.
    pub(super) fn every(count: usize) -> PageChoice {
        PageChoice {
            all: true,
            from: "1".into(),
            to: count.max(1).to_string(),
        }
    }

    /// The chosen pages (1-based, inclusive; `None` for all), or why they are not
    /// pages of an issue of `count` pages (Chinese).
    pub(super) fn range(&self, count: usize) -> Result<Option<(usize, usize)>, String> {
        if self.all {
            return Ok(None);
        }
        let number = |text: &str, which: &str| -> Result<usize, String> {
            match text.trim().parse::<usize>() {
                Ok(0) => Err(format!("{which}页码要从 1 开始")),
                Ok(n) if n > count => Err(format!("没有第 {n} 页：这期简报共 {count} 页")),
                Ok(n) => Ok(n),
                Err(_) => Err(format!(
                    "{which}页码“{}”不是数字，请填 1 到 {count} 之间的页码",
                    text.trim()
                )),
            }
        };
        let from = number(&self.from, "起始")?;
        let to = number(&self.to, "结束")?;
        if from > to {
            return Err(format!("页码范围 {from}–{to} 前后颠倒了，应为 {to}–{from}"));
        }
        Ok(Some((from, to)))
    }

    /// The radio buttons and the two page fields.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, count: usize) {
        ui.horizontal(|ui| {
            ui.label("页码范围：");
            ui.radio_value(&mut self.all, true, format!("全部（共 {count} 页）"));
            ui.radio_value(&mut self.all, false, "选定页");
        });
        ui.horizontal(|ui| {
            ui.add_space(24.0);
            let from = ui.label("从第");
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.from).desired_width(40.0))
                .labelled_by(from.id);
            let mut typed = r.changed();
            let to = ui.label("页到第");
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.to).desired_width(40.0))
                .labelled_by(to.id);
            typed |= r.changed();
            ui.label("页");
            // Typing a page number means these pages, not all.
            if typed {
                self.all = false;
            }
        });
    }
}

/// The issue as it is now, for work off the UI thread: the pages on screen when they
/// are current, otherwise laid out again by the task.
pub(super) struct Snapshot {
    shown: Option<Arc<Pages>>,
    pub(super) issue: Issue,
    style: Style,
    pub(super) book: Arc<FontBook>,
}

impl Snapshot {
    /// The pages as the preview shows them (laid out here if the screen is behind).
    pub(super) fn pages(&self) -> Arc<Pages> {
        self.shown.clone().unwrap_or_else(|| {
            Arc::new(crate::layout::layout(&self.issue, &self.style, &self.book))
        })
    }
}

impl App {
    /// What a task needs to draw or print the issue as it is now.
    pub(super) fn snapshot(&self) -> Snapshot {
        Snapshot {
            shown: (self.typeset.pages_revision == Some(self.session.doc.revision()))
                .then(|| Arc::clone(&self.typeset.pages)),
            issue: self.session.doc.issue.clone(),
            style: self.style(),
            book: Arc::clone(&self.fonts.book),
        }
    }

    /// Runs a step of the print dialog.
    pub(super) fn print_step(&mut self, ctx: &egui::Context, step: PrintStep) {
        match step {
            PrintStep::Open => self.open_print_dialog(ctx),
            PrintStep::Close => {
                self.printing.dialog = None;
                self.status = "已取消打印".into();
            }
            PrintStep::Send(job) => {
                self.printing.dialog = None;
                self.send_print_job(ctx, job);
            }
        }
    }

    fn open_print_dialog(&mut self, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let system = self.printing.system.clone();
        let list = move || {
            let _ = tx.send(system.printers());
        };
        if self.tasks.inline {
            list();
        } else {
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("printers".into())
                .spawn(move || {
                    list();
                    ctx.request_repaint();
                });
            if let Err(e) = spawned {
                self.status = format!("无法查找打印机：{e}");
                return;
            }
        }
        let page_count = self.typeset.pages.pages.len().max(1);
        self.printing.dialog = Some(PrintDialog {
            printers: PrinterList::Loading(rx),
            chosen: None,
            copies: "1".into(),
            pages: PageChoice::every(page_count),
            page_count,
            problem: None,
        });
    }

    /// Makes the PDF and hands it to the print system, on a task.
    fn send_print_job(&mut self, ctx: &egui::Context, mut job: PrintJob) {
        // The job's name in the printer's queue: the issue's file name.
        if job.title.trim().is_empty() {
            job.title = self.session.doc.issue.default_stem();
        }
        let snapshot = self.snapshot();
        let system = self.printing.system.clone();
        self.run_task(ctx, "正在发送到打印机……", move || {
            Some(match print_now(&snapshot, &system, &job) {
                Ok(answer) => TaskResult::Done(sent_status(&job, &answer)),
                Err(message) => TaskResult::Failed("打印失败".into(), message),
            })
        });
    }
}

/// The status-bar line for a job the print system took.
fn sent_status(job: &PrintJob, answer: &str) -> String {
    let printer = match &job.printer {
        Some(name) => format!("打印机“{name}”"),
        None => "默认打印机".to_string(),
    };
    let pages = match job.pages {
        Some((a, b)) if a == b => format!("第 {a} 页"),
        Some((a, b)) => format!("第 {a}–{b} 页"),
        None => "全部页".to_string(),
    };
    let mut text = format!("已发送到{printer}：{pages}，{} 份", job.copies);
    if !answer.is_empty() {
        text.push_str(&format!("（打印系统：{answer}）"));
    }
    text
}

/// Prints the issue: the PDF of its pages as laid out, to `lp` (which takes the page
/// range itself) or, on Windows, as a file of just the chosen pages for the print verb.
fn print_now(snapshot: &Snapshot, system: &PrintSystem, job: &PrintJob) -> Result<String, String> {
    let pages = snapshot.pages();
    if !USES_PRINT_VERB {
        let pdf =
            crate::pdf::export(&pages, &snapshot.issue, &snapshot.book).map_err(|e| e.chinese())?;
        return system.print(&pdf, job).map_err(|e| e.chinese());
    }
    let mut chosen = (*pages).clone();
    if let Some((first, last)) = job.pages {
        let (first, last) = (first as usize, last as usize);
        let count = chosen.pages.len();
        if first == 0 || last < first || last > count {
            return Err(PrintError::BadJob(format!("没有第 {first}–{last} 页")).chinese());
        }
        chosen.pages = chosen.pages[first - 1..last].to_vec();
    }
    let pdf =
        crate::pdf::export(&chosen, &snapshot.issue, &snapshot.book).map_err(|e| e.chinese())?;
    // The PDF program reads the file after this returns: it stays in the temporary
    // folder (one per issue name, replaced by the next print of it).
    let folder = std::env::temp_dir().join("jianbao-print");
    let file = folder.join(format!("{}.pdf", snapshot.issue.default_stem()));
    std::fs::create_dir_all(&folder)
        .and_then(|()| crate::store::write_atomic(&file, &pdf, false))
        .map_err(|e| {
            format!(
                "无法写入打印用的临时文件 {}：{}",
                file.display(),
                io_chinese(&e)
            )
        })?;
    system.print_file(&file, job).map_err(|e| e.chinese())
}

/// Draws the print dialog (when open) and returns what the user asked for.
pub(super) fn print_window(dialog: &mut PrintDialog, ctx: &egui::Context) -> Vec<Command> {
    if let PrinterList::Loading(rx) = &dialog.printers {
        if let Ok(listed) = rx.try_recv() {
            dialog.printers = match listed {
                Ok(printers) => {
                    dialog.chosen = printers.first().map(|p| p.name.clone());
                    PrinterList::Ready(printers)
                }
                Err(e) => PrinterList::Failed(e),
            };
        }
    }
    let mut out = Vec::new();
    egui::Modal::new(egui::Id::unique("print-dialog")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("打印");
        let mut can_print = false;
        match &dialog.printers {
            PrinterList::Loading(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("正在查找打印机……");
                });
            }
            PrinterList::Failed(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e.chinese());
            }
            PrinterList::Ready(printers) if printers.is_empty() => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "没有找到打印机。请先在系统设置里添加打印机，或导出 PDF 后用 PDF 阅读器打印。",
                );
            }
            PrinterList::Ready(printers) => {
                can_print = true;
                ui.horizontal(|ui| {
                    let l = ui.label("打印机：");
                    let shown = dialog.chosen.clone().unwrap_or_default();
                    egui::ComboBox::from_id_salt("printer")
                        .selected_text(shown)
                        .width(300.0)
                        .show_ui(ui, |ui| {
                            for p in printers {
                                let text = if p.is_default {
                                    format!("{}（默认）", p.name)
                                } else {
                                    p.name.clone()
                                };
                                ui.selectable_value(&mut dialog.chosen, Some(p.name.clone()), text);
                            }
                        })
                        .response
                        .labelled_by(l.id);
                });
            }
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let l = ui.label("份数：");
            ui.add(egui::TextEdit::singleline(&mut dialog.copies).desired_width(40.0))
                .labelled_by(l.id);
        });
        dialog.pages.ui(ui, dialog.page_count);
        if USES_PRINT_VERB {
            ui.weak("将由系统中打开 PDF 的程序打印。");
        }
        if let Some(problem) = &dialog.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(can_print, egui::Button::new("打印"))
                .clicked()
            {
                match dialog.job() {
                    Ok(job) => out.push(Command::Print(PrintStep::Send(job))),
                    Err(why) => dialog.problem = Some(why),
                }
            }
            if ui.button("取消").clicked() {
                out.push(Command::Print(PrintStep::Close));
            }
        });
    });
    if out.is_empty() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        out.push(Command::Print(PrintStep::Close));
    }
    out
}

/// The most copies one job asks for (a typo of 1000 should not empty the paper tray).
const MAX_COPIES: u32 = 999;

impl PrintDialog {
    /// The job the dialog describes, or what is wrong with it (Chinese).
    fn job(&self) -> Result<PrintJob, String> {
        let copies = match self.copies.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_COPIES).contains(&n) => n,
            _ => {
                return Err(format!(
                    "份数“{}”不对：请填 1 到 {MAX_COPIES} 之间的数",
                    self.copies.trim()
                ))
            }
        };
        let pages = self
            .pages
            .range(self.page_count)?
            .map(|(a, b)| (a as u32, b as u32));
        Ok(PrintJob {
            printer: self.chosen.clone(),
            copies,
            pages,
            title: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_page_ranges_are_checked_against_the_issue() {
        let mut c = PageChoice::every(11);
        assert_eq!(c.range(11), Ok(None));
        c.all = false;
        assert_eq!(c.range(11), Ok(Some((1, 11))));
        c.from = " 3 ".into();
        c.to = "3".into();
        assert_eq!(c.range(11), Ok(Some((3, 3))));
        c.to = "12".into();
        assert!(c.range(11).unwrap_err().contains("没有第 12 页"));
        c.to = "2".into();
        assert!(c.range(11).unwrap_err().contains("颠倒"));
        c.from = "0".into();
        assert!(c.range(11).unwrap_err().contains("从 1 开始"));
        c.from = "三".into();
        assert!(c.range(11).unwrap_err().contains("不是数字"));
    }

    #[test]
    fn the_status_names_printer_pages_copies_and_the_systems_answer() {
        let job = PrintJob {
            printer: Some("Office".into()),
            copies: 2,
            pages: Some((2, 5)),
            title: String::new(),
        };
        assert_eq!(
            sent_status(&job, "request id is Office-3"),
            "已发送到打印机“Office”：第 2–5 页，2 份（打印系统：request id is Office-3）"
        );
        let all = PrintJob {
            printer: None,
            pages: None,
            copies: 1,
            ..job
        };
        assert_eq!(sent_status(&all, ""), "已发送到默认打印机：全部页，1 份");
    }
}
