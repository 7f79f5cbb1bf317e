//! The outline (left): 报头, the lead articles, each section with its articles, 版记 and
//! 版式. Click selects; ↑ ↓ and drag and drop reorder; ✕ deletes (undo brings it back).

use super::{App, Selection};
use crate::edit::ArticleRef;
use crate::layout::Source;
use eframe::egui;

/// What is dragged in the outline.
#[derive(Clone, Copy)]
struct Dragged(ArticleRef);

/// A section dragged in the outline (dropped on another section's heading: before it).
#[derive(Clone, Copy)]
struct DraggedSection(usize);

pub fn outline(app: &mut App, ui: &mut egui::Ui) {
    ui.heading("目录");
    ui.horizontal(|ui| {
        if ui
            .button("＋栏目")
            .on_hover_text("添加栏目（插入 → 栏目）")
            .clicked()
        {
            app.insert_section();
        }
        if ui
            .button("＋文章")
            .on_hover_text("添加文章（插入 → 文章）")
            .clicked()
        {
            app.insert_article();
        }
        let movable = matches!(app.selection, Selection::Article(_) | Selection::Section(_));
        if ui
            .add_enabled(movable, egui::Button::new("↑"))
            .on_hover_text("上移（Alt+↑）")
            .clicked()
        {
            app.move_selected(-1);
        }
        if ui
            .add_enabled(movable, egui::Button::new("↓"))
            .on_hover_text("下移（Alt+↓）")
            .clicked()
        {
            app.move_selected(1);
        }
        if ui
            .add_enabled(movable, egui::Button::new("删除"))
            .on_hover_text("删除选中的栏目或文章（可撤销）")
            .clicked()
        {
            app.delete_selected();
        }
    });
    ui.separator();

    // Articles that have a warning get a mark.
    let warned: std::collections::HashSet<usize> = app
        .pages
        .warnings
        .iter()
        .filter_map(|w| match w.source {
            Source::Article(n) => Some(n),
            _ => None,
        })
        .chain(app.findings.iter().filter_map(|f| f.place.article))
        .collect();
    let mut drop: Option<(ArticleRef, Option<usize>, usize)> = None;
    let mut section_drop: Option<(usize, usize)> = None;

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            select_row(app, ui, Selection::Masthead, "报头");
            ui.label(egui::RichText::new("头条").weak());
            let lead = app.doc.issue.front.len();
            // Print-order number of the next article.
            let mut number = 0;
            for index in 0..lead {
                let r = ArticleRef {
                    section: None,
                    index,
                };
                article_row(app, ui, r, number, &warned, &mut drop);
                number += 1;
            }
            drop_gap(ui, None, lead, &mut drop);
            for s in 0..app.doc.issue.sections.len() {
                let label = app.doc.issue.sections[s].label.clone();
                let shown = if label.trim().is_empty() {
                    "（无名栏目）".to_string()
                } else {
                    format!("【{label}】")
                };
                section_row(app, ui, s, &shown, &mut section_drop);
                let n = app.doc.issue.sections[s].articles.len();
                ui.indent(("section", s), |ui| {
                    for index in 0..n {
                        let r = ArticleRef {
                            section: Some(s),
                            index,
                        };
                        article_row(app, ui, r, number, &warned, &mut drop);
                        number += 1;
                    }
                    drop_gap(ui, Some(s), n, &mut drop);
                });
            }
            select_row(app, ui, Selection::Distribution, "版记（报 / 发 / 送）");
            select_row(app, ui, Selection::Style, "版式");
        });

    if let Some((from, section, index)) = drop {
        let to = app.doc.move_article_to(from, section, index);
        app.selection = Selection::Article(to);
    }
    if let Some((from, before)) = section_drop {
        let to = app.doc.move_section_to(from, before);
        app.selection = Selection::Section(to);
    }
}

/// A section heading: selectable, draggable, and a place to drop another section.
fn section_row(
    app: &mut App,
    ui: &mut egui::Ui,
    s: usize,
    text: &str,
    drop: &mut Option<(usize, usize)>,
) {
    let id = egui::Id::unique(("section-row", s));
    let (_, payload) = ui.dnd_drop_zone::<DraggedSection, _>(egui::Frame::NONE, |ui| {
        let response = ui
            .dnd_drag_source(id, DraggedSection(s), |ui| {
                ui.selectable_label(app.selection == Selection::Section(s), text)
            })
            .inner;
        if response.clicked() {
            app.selection = Selection::Section(s);
            app.doc.seal();
        }
        response.on_hover_text("拖动可调整栏目顺序");
    });
    if let Some(p) = payload {
        *drop = Some((p.0, s));
    }
}

fn select_row(app: &mut App, ui: &mut egui::Ui, sel: Selection, text: &str) {
    if ui.selectable_label(app.selection == sel, text).clicked() {
        app.selection = sel;
        app.doc.seal();
    }
}

fn article_row(
    app: &mut App,
    ui: &mut egui::Ui,
    r: ArticleRef,
    number: usize,
    warned: &std::collections::HashSet<usize>,
    drop: &mut Option<(ArticleRef, Option<usize>, usize)>,
) {
    let chars = app.char_counts().get(number).copied().unwrap_or(0);
    let Some(a) = app.doc.article(r) else { return };
    let title: String = a.title.replace('\n', "");
    let short: String = title.chars().take(18).collect();
    let more = if title.chars().count() > 18 {
        "…"
    } else {
        ""
    };
    let mark = if warned.contains(&number) { "！" } else { "" };
    let text = format!("{mark}{short}{more}  {chars}字");
    let id = egui::Id::unique(("article", r.section, r.index));
    // A drop on the upper half of a row puts the article before it.
    let (_, payload) = ui.dnd_drop_zone::<Dragged, _>(egui::Frame::NONE, |ui| {
        let response = ui
            .dnd_drag_source(id, Dragged(r), |ui| {
                ui.selectable_label(app.selection == Selection::Article(r), &text)
            })
            .inner;
        if response.clicked() {
            app.selection = Selection::Article(r);
            app.doc.seal();
        }
        response.on_hover_text(format!("{title}\n拖动可调整顺序"));
    });
    if let Some(p) = payload {
        *drop = Some((p.0, r.section, r.index));
    }
}

/// A drop target after the last article of a section (or of the lead).
fn drop_gap(
    ui: &mut egui::Ui,
    section: Option<usize>,
    index: usize,
    drop: &mut Option<(ArticleRef, Option<usize>, usize)>,
) {
    if !egui::DragAndDrop::has_payload_of_type::<Dragged>(ui.ctx()) {
        return;
    }
    let (_, payload) = ui.dnd_drop_zone::<Dragged, _>(egui::Frame::NONE, |ui| {
        ui.label(egui::RichText::new("（放到这里）").weak());
    });
    if let Some(p) = payload {
        *drop = Some((p.0, section, index));
    }
}
