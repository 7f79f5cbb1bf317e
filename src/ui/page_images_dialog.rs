//! 文件 → 导出页面图片…: resolution and pages in a small dialog, then a folder asked
//! for like every other export (the desktop's dialog or the in-app chooser), then the
//! PNG files drawn and written on a task.

use super::print_dialog::{PageChoice, Snapshot};
use super::{file_chooser, io_chinese, App, Command, TaskResult};
use crate::raster::{MAX_DPI, MIN_DPI};
use eframe::egui;
use std::path::{Path, PathBuf};

/// The resolution offered first: sharp enough to read a page in a chat, small to send.
const DEFAULT_DPI: u32 = 150;

/// What the page images dialog asks the editor to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PageImagesStep {
    /// 文件 → 导出页面图片…: open the dialog.
    Open,
    /// 选择文件夹并导出…: these pages (1-based, inclusive; `None` all) at this dpi.
    Export {
        dpi: u32,
        pages: Option<(usize, usize)>,
    },
    /// 取消.
    Close,
}

/// The dialog's own state: what the user typed.
pub(super) struct PageImagesDialog {
    dpi: String,
    pages: PageChoice,
    page_count: usize,
    problem: Option<String>,
}

impl App {
    /// Runs a step of the page images dialog.
    pub(super) fn page_images_step(&mut self, ctx: &egui::Context, step: PageImagesStep) {
        match step {
            PageImagesStep::Open => {
                let page_count = self.typeset.pages.pages.len().max(1);
                self.page_images_dialog = Some(PageImagesDialog {
                    dpi: DEFAULT_DPI.to_string(),
                    pages: PageChoice::every(page_count),
                    page_count,
                    problem: None,
                });
            }
            PageImagesStep::Close => {
                self.page_images_dialog = None;
                self.status = "已取消".into();
            }
            PageImagesStep::Export { dpi, pages } => {
                self.page_images_dialog = None;
                self.export_page_images(ctx, dpi, pages);
            }
        }
    }

    /// Asks for a folder, then writes the chosen pages there as PNG files on a task.
    fn export_page_images(&mut self, ctx: &egui::Context, dpi: u32, pages: Option<(usize, usize)>) {
        let question =
            file_chooser::FileQuestion::folder("导出页面图片", self.session.doc.path.as_deref());
        let snapshot = self.snapshot();
        // Files are named after the issue's file, or the issue when it has none.
        let stem = self
            .session
            .doc
            .path
            .as_deref()
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.session.doc.issue.default_stem());
        self.ask_file(
            ctx,
            question,
            "正在导出页面图片……",
            Box::new(move |folder| {
                Some(
                    match write_page_images(&snapshot, pages, dpi, &folder, &stem) {
                        Ok(written) => TaskResult::Done(format!(
                            "已导出 {written} 张页面图片（{dpi} dpi）到 {}",
                            folder.display()
                        )),
                        Err(why) => TaskResult::Failed("页面图片导出失败".into(), why),
                    },
                )
            }),
        );
    }
}

/// Draws pages `pages` (all when `None`) at `dpi` into `folder` (made if missing) as
/// `<stem>-p01.png` …; the number written, or what went wrong and where (Chinese).
fn write_page_images(
    snapshot: &Snapshot,
    pages: Option<(usize, usize)>,
    dpi: u32,
    folder: &Path,
    stem: &str,
) -> Result<usize, String> {
    let laid_out = snapshot.pages();
    let count = laid_out.pages.len();
    let (first, last) = pages.unwrap_or((1, count));
    if first == 0 || last < first || last > count {
        return Err(format!("没有第 {first}–{last} 页：这期简报共 {count} 页"));
    }
    if folder.exists() && !folder.is_dir() {
        return Err(format!("{} 是一个文件，不是文件夹", folder.display()));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("无法建立文件夹 {}：{}", folder.display(), io_chinese(&e)))?;
    let mut outlines = crate::raster::Outlines::new(&snapshot.book);
    for page in &laid_out.pages[first - 1..last] {
        let bytes = crate::raster::page_png(page, &mut outlines, dpi)
            .map_err(|e| format!("第 {} 页无法生成图片：{e}", page.number))?;
        let path: PathBuf = folder.join(crate::raster::file_name(stem, page.number, count));
        crate::store::write_atomic(&path, &bytes, false)
            .map_err(|e| format!("无法写入 {}：{}", path.display(), io_chinese(&e)))?;
    }
    Ok(last + 1 - first)
}

/// Draws the dialog and returns what the user asked for.
pub(super) fn page_images_window(
    dialog: &mut PageImagesDialog,
    ctx: &egui::Context,
) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Modal::new(egui::Id::unique("page-images-dialog")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("导出页面图片");
        ui.label("把各页存成 PNG 图片（与 PDF 排版相同），便于在聊天中转发或插入文档。");
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let l = ui.label("分辨率：");
            ui.add(egui::TextEdit::singleline(&mut dialog.dpi).desired_width(48.0))
                .labelled_by(l.id)
                .on_hover_text(format!("{MIN_DPI}–{MAX_DPI} dpi"));
            ui.label("dpi");
            ui.weak("（72 适合屏幕，150 适合转发，300 适合打印）");
        });
        dialog.pages.ui(ui, dialog.page_count);
        if let Some(problem) = &dialog.problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("选择文件夹并导出…").clicked() {
                match dialog.step() {
                    Ok(step) => out.push(Command::PageImages(step)),
                    Err(why) => dialog.problem = Some(why),
                }
            }
            if ui.button("取消").clicked() {
                out.push(Command::PageImages(PageImagesStep::Close));
            }
        });
    });
    if out.is_empty() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        out.push(Command::PageImages(PageImagesStep::Close));
    }
    out
}

impl PageImagesDialog {
    /// The export the dialog describes, or what is wrong with it (Chinese).
    fn step(&self) -> Result<PageImagesStep, String> {
        let dpi = match self.dpi.trim().parse::<u32>() {
            Ok(d) if (MIN_DPI..=MAX_DPI).contains(&d) => d,
            _ => {
                return Err(format!(
                    "分辨率“{}”不对：请填 {MIN_DPI} 到 {MAX_DPI} 之间的数",
                    self.dpi.trim()
                ))
            }
        };
        Ok(PageImagesStep::Export {
            dpi,
            pages: self.pages.range(self.page_count)?,
        })
    }
}
