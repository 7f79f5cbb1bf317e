//! The status bar: pages, characters, warnings, saved or not, the file, what runs.

use super::view::ViewChange;
use super::{App, Command};
use eframe::egui;

/// Draws the status bar at the bottom of the window; a click on the warning count
/// opens or closes the warnings panel.
pub(super) fn status_bar(app: &App, ui: &mut egui::Ui) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(format!("共 {} 页", app.typeset.pages.pages.len()));
            if app.typeset.relayout.busy() {
                ui.spinner();
                ui.label("排版中…");
            }
            if app.fonts.loading.is_some() {
                ui.label("正在查找已安装的字体…");
            }
            ui.separator();
            let chars: usize = app.char_counts().iter().sum();
            ui.label(format!("{chars} 字"));
            ui.separator();
            let n = app.typeset.pages.warnings.len() + app.typeset.findings.len();
            let label = if n == 0 {
                "无警告".to_string()
            } else {
                format!("{n} 条警告和校对提示")
            };
            if ui
                .selectable_label(app.view.warnings_open, label)
                .on_hover_text("点击查看警告列表")
                .clicked()
            {
                out.push(Command::View(ViewChange::ToggleWarnings));
            }
            ui.separator();
            ui.label(if app.session.doc.is_dirty() {
                "未保存"
            } else {
                "已保存"
            });
            ui.separator();
            ui.label(match &app.session.doc.path {
                Some(p) => p.display().to_string(),
                None => "（尚未保存为文件）".to_string(),
            });
            ui.separator();
            match &app.tasks.busy {
                Some(what) => {
                    ui.spinner();
                    ui.label(what);
                }
                None => {
                    ui.label(&app.status);
                }
            }
        });
    });
    out
}
