//! The status bar: pages, characters, warnings, saved or not, the file, what runs.

use super::App;
use eframe::egui;

impl App {
    /// Draws the status bar at the bottom of the window.
    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("共 {} 页", self.typeset.pages.pages.len()));
                if self.typeset.relayout.busy() {
                    ui.spinner();
                    ui.label("排版中…");
                }
                if self.fonts.loading.is_some() {
                    ui.label("正在查找已安装的字体…");
                }
                ui.separator();
                let chars: usize = self.char_counts().iter().sum();
                ui.label(format!("{chars} 字"));
                ui.separator();
                let n = self.typeset.pages.warnings.len() + self.typeset.findings.len();
                let label = if n == 0 {
                    "无警告".to_string()
                } else {
                    format!("{n} 条警告和校对提示")
                };
                if ui
                    .selectable_label(self.view.warnings_open, label)
                    .on_hover_text("点击查看警告列表")
                    .clicked()
                {
                    self.view.warnings_open = !self.view.warnings_open;
                }
                ui.separator();
                ui.label(if self.session.doc.is_dirty() {
                    "未保存"
                } else {
                    "已保存"
                });
                ui.separator();
                ui.label(match &self.session.doc.path {
                    Some(p) => p.display().to_string(),
                    None => "（尚未保存为文件）".to_string(),
                });
                ui.separator();
                match &self.tasks.busy {
                    Some(what) => {
                        ui.spinner();
                        ui.label(what);
                    }
                    None => {
                        ui.label(&self.status);
                    }
                }
            });
        });
    }
}
