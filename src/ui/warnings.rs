//! The warnings panel: layout warnings, tightened lines and proofreading findings, each
//! a click away from its place in the editor and a fix where there is one.

use super::view::{ViewChange, Window};
use super::{App, Command};
use crate::layout::Source;
use eframe::egui;

/// Lists what layout and proofreading found, so the editor can go to each place;
/// returns where the user wants to go and which fix to make.
pub fn warnings_panel(app: &App, ui: &mut egui::Ui) -> Vec<Command> {
    let mut out = Vec::new();
    let warnings = &app.typeset.pages.warnings;
    let mut jump: Option<crate::check::Place> = None;
    // Sized in rows of text: opens showing five, drags from two up to most of the
    // window (never fewer than eight).
    let row = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    let heading = row + 2.0 * ui.spacing().item_spacing.y + 8.0;
    let most = (ui.ctx().content_rect().height() * 0.6).max(heading + 8.5 * row);
    egui::Panel::bottom("warnings")
        .resizable(true)
        .default_size(heading + 5.5 * row)
        .size_range(heading + 2.0 * row..=most)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let n =
                    warnings.len() + app.typeset.findings.len() + app.typeset.pages.tightened.len();
                ui.strong(format!("警告和校对提示（{n} 条）"));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button("关闭")
                        .on_hover_text("收起警告列表（点击状态栏的警告数可再打开）")
                        .clicked()
                    {
                        out.push(Command::View(ViewChange::Close(Window::Warnings)));
                    }
                });
            });
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if warnings.is_empty() {
                        ui.label("没有警告。");
                    }
                    for w in warnings {
                        let place = w.page.map(|p| format!("第{p}页 ")).unwrap_or_default();
                        if ui
                            .link(format!("{place}{}", w.zh))
                            .on_hover_text("转到出问题的地方")
                            .clicked()
                        {
                            out.push(Command::Show(w.source));
                            if let Some(p) = w.page {
                                out.push(Command::View(ViewChange::GotoPage(p.saturating_sub(1))));
                            }
                        }
                    }
                    let mut apply = None;
                    for (k, f) in app.typeset.findings.iter().enumerate() {
                        ui.horizontal(|ui| {
                            if ui
                                .link(format!("校对：{}", f.zh))
                                .on_hover_text("转到这篇文章")
                                .clicked()
                            {
                                jump = Some(f.place);
                            }
                            if f.fix.is_some()
                                && ui
                                    .small_button("修正")
                                    .on_hover_text("按提示改正这一处（可撤销）")
                                    .clicked()
                            {
                                apply = Some(k);
                            }
                        });
                    }
                    if let Some(k) = apply {
                        out.push(Command::ApplyFinding(k));
                    }
                    for (place, source) in &app.typeset.pages.tightened {
                        if ui.link(format!("为排版紧凑少排一行：{place}")).clicked() {
                            out.push(Command::Show(*source));
                        }
                    }
                });
        });
    if let Some(place) = jump {
        if let Some(n) = place.article {
            out.push(Command::Show(Source::Article(n)));
        } else if let Some(s) = place.section {
            out.push(Command::Show(Source::Section(s)));
        }
    }
    out
}
