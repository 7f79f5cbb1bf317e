//! The outline (left): 报头, the lead articles, each section with its articles, 版记 and
//! 版式. A click selects (articles and sections alike) and never moves anything; ↑ ↓
//! and dragging reorder; 删除 deletes (undo brings it back).
//!
//! A drag starts only once the pointer has moved past egui's click distance while
//! pressed, so a click of any length stays a click. While dragging, a line shows where
//! the row will go; releasing puts it there, Esc cancels.

use super::{App, Command, Selection};
use crate::edit::ArticleRef;
use crate::layout::Source;
use eframe::egui;

/// What is being dragged in the outline.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Dragged {
    Article(ArticleRef),
    Section(usize),
}

/// Where a dragged row would go, and the line that shows it.
#[derive(Clone, Copy, Debug)]
enum Spot {
    /// Before article `index` of `section` (the lead when `None`).
    Article(Option<usize>, usize),
    /// Before section `index`.
    Section(usize),
}

/// The rows drawn this frame, for finding where a drag points.
#[derive(Default)]
struct Rows {
    /// Article rows (and section headings, which take articles at their start).
    articles: Vec<(egui::Rect, Option<usize>, usize, bool)>,
    sections: Vec<(egui::Rect, usize)>,
}

fn drag_id() -> egui::Id {
    egui::Id::unique("outline-drag")
}

/// Draws the outline; returns what the user selected, moved, added or deleted.
pub fn outline(app: &App, ui: &mut egui::Ui) -> Vec<Command> {
    let mut out = Vec::new();
    ui.heading("目录");
    ui.horizontal(|ui| {
        if ui
            .button("＋栏目")
            .on_hover_text("添加栏目（插入 → 栏目）")
            .clicked()
        {
            out.push(Command::InsertSection);
        }
        if ui
            .button("＋文章")
            .on_hover_text("添加文章（插入 → 文章）")
            .clicked()
        {
            out.push(Command::InsertArticle);
        }
        let movable = matches!(
            app.view.selection,
            Selection::Article(_) | Selection::Section(_)
        );
        if ui
            .add_enabled(movable, egui::Button::new("↑"))
            .on_hover_text("上移（Alt+↑）")
            .clicked()
        {
            out.push(Command::MoveSelected(-1));
        }
        if ui
            .add_enabled(movable, egui::Button::new("↓"))
            .on_hover_text("下移（Alt+↓）")
            .clicked()
        {
            out.push(Command::MoveSelected(1));
        }
        if ui
            .add_enabled(movable, egui::Button::new("删除"))
            .on_hover_text("删除选中的栏目或文章（可撤销）")
            .clicked()
        {
            out.push(Command::DeleteSelected);
        }
    });
    ui.separator();

    // Articles that have a warning get a mark.
    let warned: std::collections::HashSet<usize> = app
        .typeset
        .pages
        .warnings
        .iter()
        .filter_map(|w| match w.source {
            Source::Article(n) => Some(n),
            _ => None,
        })
        .chain(app.typeset.findings.iter().filter_map(|f| f.place.article))
        .collect();
    let mut rows = Rows::default();
    let mut dragging: Option<Dragged> = ui.data(|d| d.get_temp(drag_id()));

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            select_row(app, ui, &mut out, Selection::Masthead, "报头");
            ui.label(egui::RichText::new("头条").weak());
            let lead = app.session.doc.issue.front.len();
            // Print-order number of the next article.
            let mut number = 0;
            for index in 0..lead {
                let r = ArticleRef {
                    section: None,
                    index,
                };
                article_row(
                    app,
                    ui,
                    &mut out,
                    r,
                    number,
                    &warned,
                    &mut rows,
                    &mut dragging,
                );
                number += 1;
            }
            for s in 0..app.session.doc.issue.sections.len() {
                let label = app.session.doc.issue.sections[s].label.clone();
                let shown = if label.trim().is_empty() {
                    "（无名栏目）".to_string()
                } else {
                    format!("【{label}】")
                };
                section_row(app, ui, &mut out, s, &shown, &mut rows, &mut dragging);
                let n = app.session.doc.issue.sections[s].articles.len();
                ui.indent(("section", s), |ui| {
                    for index in 0..n {
                        let r = ArticleRef {
                            section: Some(s),
                            index,
                        };
                        article_row(
                            app,
                            ui,
                            &mut out,
                            r,
                            number,
                            &warned,
                            &mut rows,
                            &mut dragging,
                        );
                        number += 1;
                    }
                });
            }
            select_row(
                app,
                ui,
                &mut out,
                Selection::Distribution,
                "版记（报 / 发 / 送）",
            );
            select_row(app, ui, &mut out, Selection::Style, "版式");
        });

    out.extend(finish_drag(ui, &rows, dragging));
    out
}

/// Follows a drag: shows where the row would go, moves it on release, forgets it on Esc.
fn finish_drag(ui: &mut egui::Ui, rows: &Rows, dragging: Option<Dragged>) -> Option<Command> {
    let Some(dragged) = dragging else {
        ui.data_mut(|d| d.remove::<Dragged>(drag_id()));
        return None;
    };
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        ui.data_mut(|d| d.remove::<Dragged>(drag_id()));
        return Some(Command::Status("已取消拖动".to_string()));
    }
    let pointer = ui.input(|i| i.pointer.interact_pos());
    let spot = pointer.and_then(|p| spot_at(rows, dragged, p));
    if let Some((_, y, x0, x1)) = spot {
        // The insertion marker: a line between the rows, over everything else.
        let stroke = egui::Stroke::new(3.0, ui.visuals().selection.bg_fill);
        ui.painter()
            .clone()
            .with_layer_id(egui::LayerId::new(egui::Order::Foreground, drag_id()))
            .hline(x0..=x1, y, stroke);
    }
    if !ui.input(|i| i.pointer.any_released() || !i.pointer.any_down()) {
        ui.data_mut(|d| d.insert_temp(drag_id(), dragged));
        ui.ctx().request_repaint();
        return None;
    }
    ui.data_mut(|d| d.remove::<Dragged>(drag_id()));
    match (dragged, spot?.0) {
        (Dragged::Article(from), Spot::Article(section, index)) => {
            let same = section == from.section && (index == from.index || index == from.index + 1);
            (!same).then_some(Command::MoveArticleTo {
                from,
                section,
                index,
            })
        }
        (Dragged::Section(from), Spot::Section(before)) if before != from && before != from + 1 => {
            Some(Command::MoveSectionTo { from, before })
        }
        _ => None,
    }
}

/// Where the pointer at `p` would put `dragged`: the spot and the marker line (y, x
/// range).
fn spot_at(rows: &Rows, dragged: Dragged, p: egui::Pos2) -> Option<(Spot, f32, f32, f32)> {
    match dragged {
        Dragged::Article(_) => {
            let &(rect, section, index, heading) = rows
                .articles
                .iter()
                .min_by(|a, b| distance(a.0, p).total_cmp(&distance(b.0, p)))?;
            if heading || p.y < rect.center().y {
                let y = if heading { rect.bottom() } else { rect.top() };
                Some((Spot::Article(section, index), y, rect.left(), rect.right()))
            } else {
                Some((
                    Spot::Article(section, index + 1),
                    rect.bottom(),
                    rect.left(),
                    rect.right(),
                ))
            }
        }
        Dragged::Section(_) => {
            let &(rect, s) = rows
                .sections
                .iter()
                .min_by(|a, b| distance(a.0, p).total_cmp(&distance(b.0, p)))?;
            if p.y < rect.center().y {
                Some((Spot::Section(s), rect.top(), rect.left(), rect.right()))
            } else {
                Some((
                    Spot::Section(s + 1),
                    rect.bottom(),
                    rect.left(),
                    rect.right(),
                ))
            }
        }
    }
}

/// How far a row is from the pointer, up or down.
fn distance(rect: egui::Rect, p: egui::Pos2) -> f32 {
    (rect.center().y - p.y).abs()
}

/// A row that selects on click and starts a drag once the pointer moved far enough.
fn row(
    ui: &mut egui::Ui,
    selected: bool,
    text: impl Into<egui::WidgetText>,
    what: Dragged,
    dragging: &mut Option<Dragged>,
) -> egui::Response {
    let response =
        ui.add(egui::Button::selectable(selected, text).sense(egui::Sense::click_and_drag()));
    if response.drag_started() && dragging.is_none() {
        *dragging = Some(what);
        ui.data_mut(|d| d.insert_temp(drag_id(), what));
    }
    if *dragging == Some(what) {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    }
    response
}

/// A section heading: selectable by click like an article, draggable among sections,
/// and a place to drop an article (at the start of the section).
fn section_row(
    app: &App,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
    s: usize,
    text: &str,
    rows: &mut Rows,
    dragging: &mut Option<Dragged>,
) {
    let selected = app.view.selection == Selection::Section(s);
    let response = row(ui, selected, text, Dragged::Section(s), dragging);
    if response.clicked() {
        out.push(Command::Select(Selection::Section(s)));
    }
    rows.sections.push((response.rect, s));
    rows.articles.push((response.rect, Some(s), 0, true));
    response.on_hover_text("点击选中；按住拖动可调整栏目顺序");
}

fn select_row(app: &App, ui: &mut egui::Ui, out: &mut Vec<Command>, sel: Selection, text: &str) {
    if ui
        .selectable_label(app.view.selection == sel, text)
        .clicked()
    {
        out.push(Command::Select(sel));
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row of the outline: where it draws, what it returns, and the drag it takes part in"
)]
fn article_row(
    app: &App,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
    r: ArticleRef,
    number: usize,
    warned: &std::collections::HashSet<usize>,
    rows: &mut Rows,
    dragging: &mut Option<Dragged>,
) {
    let chars = app.char_counts().get(number).copied().unwrap_or(0);
    let Some(a) = app.session.doc.article(r) else {
        return;
    };
    let title: String = a.title.replace('\n', "");
    let short: String = title.chars().take(18).collect();
    let more = if title.chars().count() > 18 {
        "…"
    } else {
        ""
    };
    let mark = if warned.contains(&number) { "！" } else { "" };
    let text = format!("{mark}{short}{more}  {chars}字");
    let selected = app.view.selection == Selection::Article(r);
    let response = row(ui, selected, text, Dragged::Article(r), dragging);
    if response.clicked() {
        out.push(Command::Select(Selection::Article(r)));
    }
    rows.articles
        .push((response.rect, r.section, r.index, false));
    response.on_hover_text(format!("{title}\n点击选中；按住拖动可调整顺序"));
}
