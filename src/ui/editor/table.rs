//! The grid editor of a table: its title, whether the first row is a header, the
//! cells, and per row and column the buttons that add, remove and move them, and a
//! column's width (自动 or a number of 字). Every change goes through the article's
//! history, so each is undone with Ctrl+Z; typing into one cell merges into one step.

use crate::edit::{ArticleRef, Field};
use crate::model::{Block, Table};
use crate::ui::edits::EditBuffer;
use crate::units::Em;
use eframe::egui;

/// A structural change to a table, chosen by a button and applied as one step.
type TableEdit = Box<dyn FnOnce(&mut Table)>;

/// One table of an article.
pub(super) fn table_editor(
    ui: &mut egui::Ui,
    buf: &mut EditBuffer,
    r: ArticleRef,
    block: usize,
    table: &Table,
) {
    let key =
        |what: String| Field::Text(format!("{:?}/{}/table{block}/{what}", r.section, r.index));
    let mut action: Option<(&'static str, TableEdit)> = None;
    ui.push_id(("table", block), |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("表格").strong());
            if ui.small_button("↑").on_hover_text("表格上移").clicked() {
                buf.change_article(r, "移动表格", Field::Step, move |a| {
                    if block > 0 && block < a.blocks.len() {
                        a.blocks.swap(block, block - 1);
                    }
                });
            }
            if ui.small_button("↓").on_hover_text("表格下移").clicked() {
                buf.change_article(r, "移动表格", Field::Step, move |a| {
                    if block + 1 < a.blocks.len() {
                        a.blocks.swap(block, block + 1);
                    }
                });
            }
            if ui
                .small_button("删除表格")
                .on_hover_text("删除整个表格（可撤销）")
                .clicked()
            {
                buf.change_article(r, "删除表格", Field::Step, move |a| {
                    if matches!(a.blocks.get(block), Some(Block::Table(_))) {
                        a.blocks.remove(block);
                    }
                });
            }
        });
        let mut caption = table.caption.clone();
        ui.horizontal(|ui| {
            let l = ui.label("表格标题");
            if ui
                .add(
                    egui::TextEdit::singleline(&mut caption)
                        .hint_text("可空，例如：表1　各市业务量")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id)
                .changed()
            {
                buf.change_article(r, "修改表格标题", key("caption".into()), move |a| {
                    if let Some(Block::Table(t)) = a.blocks.get_mut(block) {
                        t.caption = caption;
                    }
                });
            }
        });
        let mut header = table.header;
        if ui
            .checkbox(&mut header, "首行为表头")
            .on_hover_text("表头用黑体，表格跨页时在下一页顶部重复")
            .changed()
        {
            action = Some(("表头开关", Box::new(move |t| t.header = header)));
        }
        let columns = table.columns().max(1);
        let rows = table.rows.len();
        egui::ScrollArea::horizontal().show(ui, |ui| {
            egui::Grid::new(("cells", block))
                .striped(true)
                .show(ui, |ui| {
                    // Column controls: move, remove, width.
                    ui.label("");
                    for c in 0..columns {
                        ui.vertical(|ui| {
                            ui.horizontal(|ui| {
                                ui.label(format!("第{}列", c + 1));
                                if ui.small_button("←").on_hover_text("本列左移").clicked() && c > 0
                                {
                                    action = Some((
                                        "移动列",
                                        Box::new(move |t| t.move_column_right(c - 1)),
                                    ));
                                }
                                if ui.small_button("→").on_hover_text("本列右移").clicked()
                                    && c + 1 < columns
                                {
                                    action =
                                        Some(("移动列", Box::new(move |t| t.move_column_right(c))));
                                }
                                if ui
                                    .small_button("删")
                                    .on_hover_text("删除本列（可撤销）")
                                    .clicked()
                                {
                                    action =
                                        Some(("删除列", Box::new(move |t| t.remove_column(c))));
                                }
                            });
                            let mut w = table.width(c).map_or(0.0, |e| e.0);
                            let l = ui.label("列宽");
                            let changed = ui
                                .add(
                                    egui::DragValue::new(&mut w)
                                        .range(0.0..=60.0)
                                        .speed(0.25)
                                        .custom_formatter(|v, _| {
                                            if v <= 0.0 {
                                                "自动".into()
                                            } else {
                                                format!("{v:.1} 字")
                                            }
                                        }),
                                )
                                .labelled_by(l.id)
                                .on_hover_text("拖动或输入列宽（字）；0 为按内容自动")
                                .changed();
                            if changed {
                                let width = (w > 0.0).then_some(Em(w));
                                buf.change_article(
                                    r,
                                    "修改列宽",
                                    key(format!("w{c}")),
                                    move |a| {
                                        if let Some(Block::Table(t)) = a.blocks.get_mut(block) {
                                            t.set_width(c, width);
                                        }
                                    },
                                );
                            }
                        });
                    }
                    ui.end_row();
                    for (ri, row) in table.rows.iter().enumerate() {
                        let is_header = table.header && ri == 0;
                        let name = if is_header {
                            "表头".to_string()
                        } else {
                            format!("第{}行", ri + 1)
                        };
                        let row_label = ui.label(name).id;
                        for c in 0..columns {
                            let mut text = row.get(c).cloned().unwrap_or_default();
                            let mut edit =
                                egui::TextEdit::singleline(&mut text).desired_width(100.0);
                            if is_header {
                                edit = edit.font(egui::TextStyle::Heading);
                            }
                            if ui.add(edit).labelled_by(row_label).changed() {
                                buf.change_article(
                                    r,
                                    "修改表格",
                                    key(format!("r{ri}c{c}")),
                                    move |a| {
                                        if let Some(Block::Table(t)) = a.blocks.get_mut(block) {
                                            t.normalise();
                                            if let Some(cell) =
                                                t.rows.get_mut(ri).and_then(|row| row.get_mut(c))
                                            {
                                                *cell = text;
                                            }
                                        }
                                    },
                                );
                            }
                        }
                        ui.horizontal(|ui| {
                            if ui.small_button("↑").on_hover_text("本行上移").clicked() && ri > 0
                            {
                                action =
                                    Some(("移动行", Box::new(move |t| t.move_row_down(ri - 1))));
                            }
                            if ui.small_button("↓").on_hover_text("本行下移").clicked()
                                && ri + 1 < rows
                            {
                                action = Some(("移动行", Box::new(move |t| t.move_row_down(ri))));
                            }
                            if ui
                                .small_button("删")
                                .on_hover_text("删除本行（可撤销）")
                                .clicked()
                            {
                                action = Some(("删除行", Box::new(move |t| t.remove_row(ri))));
                            }
                        });
                        ui.end_row();
                    }
                });
        });
        ui.horizontal(|ui| {
            if ui.button("添加行").clicked() {
                action = Some(("添加行", Box::new(move |t| t.insert_row(usize::MAX))));
            }
            if ui.button("添加列").clicked() {
                action = Some(("添加列", Box::new(move |t| t.insert_column(usize::MAX))));
            }
        });
    });
    if let Some((label, act)) = action {
        buf.change_article(r, label, Field::Step, move |a| {
            if let Some(Block::Table(t)) = a.blocks.get_mut(block) {
                t.normalise();
                act(t);
            }
        });
    }
}
