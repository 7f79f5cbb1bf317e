//! The editor window (eframe/egui, Chinese interface).
//!
//! This first window shows an issue's pages as laid out for print, lets the user open a
//! `.jianbao` file and export the PDF. Slow work (file dialogs, reading files, writing
//! the PDF) runs on worker threads; the UI thread only lays out and draws.

pub mod preview;

use crate::fonts::{FontBook, SharedFontBook};
use crate::layout::{self, Pages, Source};
use crate::model::Issue;
use crate::style::Style;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

/// Results of background work, sent back to the UI thread.
enum TaskResult {
    Opened(PathBuf, Box<Issue>),
    OpenFailed(String),
    Exported(PathBuf, usize),
    ExportFailed(String),
    Cancelled,
}

/// The application state.
pub struct App {
    issue: Issue,
    style: Style,
    book: SharedFontBook,
    pages: Arc<Pages>,
    path: Option<PathBuf>,
    zoom: f32,
    fit: Fit,
    /// Page (0-based) to scroll to on the next frame.
    goto_page: Option<usize>,
    /// Page (0-based) at the top of the view.
    current_page: usize,
    show_grid: bool,
    selected: Option<Source>,
    status: String,
    error: Option<String>,
    busy: bool,
    tx: Sender<TaskResult>,
    rx: Receiver<TaskResult>,
    baselines: HashMap<(crate::fonts::FontId, u32), f32>,
    show_warnings: bool,
}

impl App {
    /// A window on `issue` (the sample when none is given).
    pub fn new(cc: &eframe::CreationContext<'_>, issue: Issue, path: Option<PathBuf>) -> App {
        let style = issue.style.clone().unwrap_or_default();
        let book: SharedFontBook = Arc::new(FontBook::with_system(&style.fonts.all_families()));
        preview::install_fonts(&cc.egui_ctx, &book);
        let pages = Arc::new(layout::layout(&issue, &style, &book));
        let (tx, rx) = channel();
        App {
            issue,
            style,
            book,
            pages,
            path,
            zoom: 1.0,
            fit: Fit::Page,
            goto_page: None,
            current_page: 0,
            show_grid: false,
            selected: None,
            status: "就绪".to_string(),
            error: None,
            busy: false,
            tx,
            rx,
            baselines: HashMap::new(),
            show_warnings: false,
        }
    }

    fn relayout(&mut self) {
        self.style = self.issue.style.clone().unwrap_or_default();
        self.pages = Arc::new(layout::layout(&self.issue, &self.style, &self.book));
        self.baselines.clear();
    }

    fn open_dialog(&mut self, ctx: &egui::Context) {
        if self.busy {
            return;
        }
        self.busy = true;
        self.status = "正在打开……".to_string();
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let picked = rfd::FileDialog::new()
                .set_title("打开简报")
                .add_filter("简报文件", &[crate::model::EXTENSION])
                .pick_file();
            let result = match picked {
                None => TaskResult::Cancelled,
                Some(path) => match Issue::load(&path) {
                    Ok(issue) => TaskResult::Opened(path, Box::new(issue)),
                    Err(e) => TaskResult::OpenFailed(e.chinese()),
                },
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
    }

    fn export_dialog(&mut self, ctx: &egui::Context) {
        if self.busy {
            return;
        }
        self.busy = true;
        self.status = "正在导出 PDF……".to_string();
        let tx = self.tx.clone();
        let ctx = ctx.clone();
        let pages = Arc::clone(&self.pages);
        let book = Arc::clone(&self.book);
        let issue = self.issue.clone();
        let default_name = format!("{}.pdf", issue.default_stem());
        let dir = self
            .path
            .as_ref()
            .and_then(|p| p.parent().map(|d| d.to_path_buf()));
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new()
                .set_title("导出 PDF")
                .add_filter("PDF", &["pdf"])
                .set_file_name(default_name);
            if let Some(d) = dir {
                dialog = dialog.set_directory(d);
            }
            let result = match dialog.save_file() {
                None => TaskResult::Cancelled,
                Some(path) => match crate::pdf::export(&pages, &issue, &book) {
                    Ok(bytes) => match crate::store::write_atomic(&path, &bytes, false) {
                        Ok(()) => TaskResult::Exported(path, bytes.len()),
                        Err(e) => {
                            TaskResult::ExportFailed(format!("无法写入 {}：{e}", path.display()))
                        }
                    },
                    Err(e) => TaskResult::ExportFailed(e.chinese()),
                },
            };
            let _ = tx.send(result);
            ctx.request_repaint();
        });
    }

    fn poll_tasks(&mut self) {
        while let Ok(result) = self.rx.try_recv() {
            self.busy = false;
            match result {
                TaskResult::Opened(path, issue) => {
                    self.issue = *issue;
                    self.status = format!("已打开 {}", path.display());
                    self.path = Some(path);
                    self.selected = None;
                    self.relayout();
                }
                TaskResult::OpenFailed(msg) => {
                    self.status = "打开失败，当前内容未改变".to_string();
                    self.error = Some(msg);
                }
                TaskResult::Exported(path, bytes) => {
                    self.status = format!("已导出 {}（{} KB）", path.display(), bytes / 1024);
                }
                TaskResult::ExportFailed(msg) => {
                    self.status = "导出失败".to_string();
                    self.error = Some(msg);
                }
                TaskResult::Cancelled => self.status = "已取消".to_string(),
            }
        }
    }
}

/// How the preview's zoom follows the window.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// A whole page is visible.
    Page,
    /// The page width fills the view.
    Width,
    /// The zoom the user chose.
    Free,
}

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_tasks();
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.open_dialog(&ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&EXPORT)) {
            self.export_dialog(&ctx);
        }
        let last_page = self.pages.pages.len().saturating_sub(1);
        if ctx.input(|i| i.key_pressed(Key::PageDown)) {
            self.goto_page = Some((self.current_page + 1).min(last_page));
        }
        if ctx.input(|i| i.key_pressed(Key::PageUp)) {
            self.goto_page = Some(self.current_page.saturating_sub(1));
        }

        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!self.busy, egui::Button::new("打开…"))
                    .on_hover_text("打开一个 .jianbao 简报文件（Ctrl+O）")
                    .clicked()
                {
                    self.open_dialog(&ctx);
                }
                if ui
                    .add_enabled(!self.busy, egui::Button::new("导出 PDF…"))
                    .on_hover_text("把当前各页导出为可印刷的 A4 PDF（Ctrl+E）")
                    .clicked()
                {
                    self.export_dialog(&ctx);
                }
                if ui
                    .button("示例简报")
                    .on_hover_text("载入内置的示例简报")
                    .clicked()
                {
                    self.issue = Issue::sample();
                    self.path = None;
                    self.relayout();
                    self.status = "已载入示例简报".to_string();
                }
                ui.separator();
                if ui.button("－").on_hover_text("缩小").clicked() {
                    self.fit = Fit::Free;
                    self.zoom = (self.zoom / 1.25).max(0.2);
                }
                ui.label(format!("{:.0}%", self.zoom * 100.0));
                if ui.button("＋").on_hover_text("放大").clicked() {
                    self.fit = Fit::Free;
                    self.zoom = (self.zoom * 1.25).min(5.0);
                }
                ui.selectable_value(&mut self.fit, Fit::Page, "整页")
                    .on_hover_text("缩放到能看见整页");
                ui.selectable_value(&mut self.fit, Fit::Width, "适合宽度")
                    .on_hover_text("让页面宽度适合窗口");
                ui.toggle_value(&mut self.show_grid, "版心网格")
                    .on_hover_text("显示版心和行格");
                ui.separator();
                let count = self.pages.pages.len();
                if ui
                    .button("上一页")
                    .on_hover_text("上一页（PageUp）")
                    .clicked()
                {
                    self.goto_page = Some(self.current_page.saturating_sub(1));
                }
                ui.label(format!("第 {} / {} 页", self.current_page + 1, count));
                if ui
                    .button("下一页")
                    .on_hover_text("下一页（PageDown）")
                    .clicked()
                {
                    self.goto_page = Some((self.current_page + 1).min(count.saturating_sub(1)));
                }
            });
        });

        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("共 {} 页", self.pages.pages.len()));
                ui.separator();
                let n = self.pages.warnings.len();
                let label = if n == 0 {
                    "无警告".to_string()
                } else {
                    format!("{n} 条警告")
                };
                if ui.selectable_label(self.show_warnings, label).clicked() {
                    self.show_warnings = !self.show_warnings;
                }
                ui.separator();
                ui.label(match &self.path {
                    Some(p) => p.display().to_string(),
                    None => "示例简报（未保存）".to_string(),
                });
                ui.separator();
                ui.label(&self.status);
            });
        });

        if self.show_warnings {
            egui::Panel::bottom("warnings")
                .resizable(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(160.0)
                        .show(ui, |ui| {
                            if self.pages.warnings.is_empty() {
                                ui.label("没有警告。");
                            }
                            for w in &self.pages.warnings {
                                let place = w.page.map(|p| format!("第{p}页 ")).unwrap_or_default();
                                ui.label(format!("{place}{}", w.zh));
                            }
                        });
                });
        }

        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(egui::Color32::from_gray(200)))
            .show(ui, |ui| {
                let pages = Arc::clone(&self.pages);
                let avail = ui.available_size();
                let avail_w = avail.x;
                egui::ScrollArea::both()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        let (page_w, page_h) = pages
                            .pages
                            .first()
                            .map_or((595.0, 842.0), |p| (p.width, p.height));
                        match self.fit {
                            Fit::Width => self.zoom = ((avail_w - 40.0) / page_w).clamp(0.2, 5.0),
                            Fit::Page => {
                                self.zoom = ((avail_w - 40.0) / page_w)
                                    .min((avail.y - 40.0) / page_h)
                                    .clamp(0.2, 5.0)
                            }
                            Fit::Free => {}
                        }
                        let scale = self.zoom;
                        let grid = self
                            .show_grid
                            .then(|| (self.style.lines_per_page, self.style.line_pitch()));
                        ui.add_space(16.0);
                        let view_top = ui.clip_rect().top();
                        for (index, page) in pages.pages.iter().enumerate() {
                            let size = egui::vec2(page.width * scale, page.height * scale);
                            let (rect, response) = ui.allocate_exact_size(
                                egui::vec2(avail_w.max(size.x + 40.0), size.y + 24.0),
                                egui::Sense::click(),
                            );
                            let origin = egui::pos2(rect.center().x - size.x / 2.0, rect.top());
                            if self.goto_page == Some(index) {
                                ui.scroll_to_rect(rect, Some(egui::Align::TOP));
                                self.goto_page = None;
                            }
                            if rect.top() <= view_top + rect.height() / 2.0 {
                                self.current_page = index;
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
                                    self.selected = preview::hit(page, origin, scale, pos);
                                    self.status = match self.selected {
                                        Some(Source::Article(i)) => {
                                            let title = self
                                                .issue
                                                .articles()
                                                .nth(i)
                                                .map(|a| a.title.replace('\n', ""))
                                                .unwrap_or_default();
                                            format!("选中文章：{title}")
                                        }
                                        Some(Source::Section(i)) => format!(
                                            "选中栏目：{}",
                                            self.issue
                                                .sections
                                                .get(i)
                                                .map_or("", |s| s.label.as_str())
                                        ),
                                        Some(Source::Masthead) => "选中报头".to_string(),
                                        Some(Source::Distribution) => "选中版记".to_string(),
                                        Some(Source::PageNumber) | None => "就绪".to_string(),
                                    };
                                }
                            }
                        }
                    });
            });

        if let Some(msg) = self.error.clone() {
            egui::Window::new("出错了")
                .collapsible(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(&ctx, |ui| {
                    ui.label(msg);
                    ui.label("您的工作没有丢失。");
                    if ui.button("确定").clicked() {
                        self.error = None;
                    }
                });
        }
    }
}

/// Opens the editor window; blocks until it is closed.
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    let (issue, path, startup_error) = match file {
        None => (Issue::sample(), None, None),
        Some(p) => match Issue::load(&p) {
            Ok(i) => (i, Some(p), None),
            Err(e) => (Issue::sample(), None, Some(e.chinese())),
        },
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("简报编排")
            .with_inner_size([1100.0, 860.0]),
        ..Default::default()
    };
    eframe::run_native(
        "简报编排",
        options,
        Box::new(move |cc| {
            let mut app = App::new(cc, issue, path);
            app.error = startup_error;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}
