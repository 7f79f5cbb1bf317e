//! The award-list editor (categories and rows of 获奖名单), and the helpers the 插入
//! menu's award-list commands share with it.

use crate::edit::{ArticleRef, Field};
use crate::model::{Article, AwardCategory, AwardRow, Block};
use crate::ui::edits::EditBuffer;
use eframe::egui;

/// A structural change to an award list, chosen by a button and applied as one step.
pub(super) type ListEdit = Box<dyn FnOnce(&mut Vec<AwardCategory>)>;

/// One award list in an article, edited as a table so rows stay aligned as printed.
pub(super) fn award_list_editor(
    ui: &mut egui::Ui,
    buf: &mut EditBuffer,
    r: ArticleRef,
    block: usize,
    categories: &[AwardCategory],
) {
    ui.label(egui::RichText::new("获奖名单").strong());
    let key =
        |what: String| Field::Text(format!("{:?}/{}/award{block}/{what}", r.section, r.index));
    let mut action: Option<ListEdit> = None;
    for (ci, c) in categories.iter().enumerate() {
        ui.push_id(("cat", block, ci), |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("{}、", crate::layout::flow::chinese_number(ci + 1)));
                let mut name = c.name.clone();
                let l = ui.label("分类名称");
                if ui
                    .add(egui::TextEdit::singleline(&mut name).desired_width(120.0))
                    .labelled_by(l.id)
                    .changed()
                {
                    let n = name.clone();
                    buf.change_article(r, "修改分类", key(format!("c{ci}")), move |a| {
                        if let Some(Block::AwardList { categories }) = a.blocks.get_mut(block) {
                            categories[ci].name = n;
                        }
                    });
                }
                if ui.small_button("↑").on_hover_text("分类上移").clicked() && ci > 0 {
                    action = Some(Box::new(move |cs| cs.swap(ci, ci - 1)));
                }
                if ui.small_button("↓").on_hover_text("分类下移").clicked()
                    && ci + 1 < categories.len()
                {
                    action = Some(Box::new(move |cs| cs.swap(ci, ci + 1)));
                }
                if ui
                    .small_button("删")
                    .on_hover_text("删除分类（可撤销）")
                    .clicked()
                {
                    action = Some(Box::new(move |cs| {
                        cs.remove(ci);
                    }));
                }
            });
            let rest_id = ui.make_persistent_id("award-rest");
            let rest = ui.data(|d| d.get_temp::<f32>(rest_id));
            let widths = AwardColumns::measure(ui, &c.rows, rest);
            let grid = egui::Grid::new(("rows", block, ci))
                .striped(true)
                .show(ui, |ui| {
                    let name_l = ui.label("姓名").id;
                    let org_l = ui.label("单位").id;
                    let award_l = ui.label("奖项").id;
                    ui.label("");
                    ui.end_row();
                    for (ri, row) in c.rows.iter().enumerate() {
                        let (mut name, mut org, mut award, person) = match row {
                            AwardRow::Person { name, org, award } => {
                                (name.clone(), org.clone(), award.clone(), true)
                            }
                            AwardRow::Org { org } => {
                                (String::new(), org.clone(), String::new(), false)
                            }
                        };
                        let mut edited = false;
                        if person {
                            edited |= ui
                                .add_sized(
                                    [widths.name, widths.height],
                                    egui::TextEdit::singleline(&mut name),
                                )
                                .labelled_by(name_l)
                                .changed();
                        } else {
                            ui.label("（单位）");
                        }
                        edited |= ui
                            .add_sized(
                                [widths.org, widths.height],
                                egui::TextEdit::singleline(&mut org),
                            )
                            .labelled_by(org_l)
                            .changed();
                        if person {
                            edited |= ui
                                .add_sized(
                                    [widths.award, widths.height],
                                    egui::TextEdit::singleline(&mut award),
                                )
                                .labelled_by(award_l)
                                .changed();
                        } else {
                            ui.label("");
                        }
                        ui.horizontal(|ui| {
                            if ui.small_button("↑").on_hover_text("上移").clicked() && ri > 0 {
                                action = Some(Box::new(move |cs| cs[ci].rows.swap(ri, ri - 1)));
                            }
                            if ui.small_button("↓").on_hover_text("下移").clicked()
                                && ri + 1 < c.rows.len()
                            {
                                action = Some(Box::new(move |cs| cs[ci].rows.swap(ri, ri + 1)));
                            }
                            if ui
                                .small_button("删")
                                .on_hover_text("删除这一行（可撤销）")
                                .clicked()
                            {
                                action = Some(Box::new(move |cs| {
                                    cs[ci].rows.remove(ri);
                                }));
                            }
                        });
                        ui.end_row();
                        if edited {
                            let new = if person {
                                AwardRow::Person { name, org, award }
                            } else {
                                AwardRow::Org { org }
                            };
                            buf.change_article(
                                r,
                                "修改名单",
                                key(format!("c{ci}r{ri}")),
                                move |a| {
                                    if let Some(Block::AwardList { categories }) =
                                        a.blocks.get_mut(block)
                                    {
                                        categories[ci].rows[ri] = new;
                                    }
                                },
                            );
                        }
                    }
                });
            // What a row holds besides its three text cells (labels, buttons, gaps), as
            // drawn, so the organisation cell ends at the row's end from the next frame on.
            let drawn = grid.response.rect.width() - widths.name - widths.org - widths.award;
            if !c.rows.is_empty() {
                ui.data_mut(|d| d.insert_temp(rest_id, drawn.max(0.0)));
            }
            ui.horizontal(|ui| {
                if ui.button("添加一行").clicked() {
                    action = Some(Box::new(move |cs| {
                        let award = cs[ci]
                            .rows
                            .iter()
                            .rev()
                            .find_map(|r| match r {
                                AwardRow::Person { award, .. } => Some(award.clone()),
                                AwardRow::Org { .. } => None,
                            })
                            .unwrap_or_default();
                        cs[ci].rows.push(AwardRow::Person {
                            name: String::new(),
                            org: String::new(),
                            award,
                        });
                    }));
                }
                if ui
                    .button("添加单位行")
                    .on_hover_text("只有单位名称的一行（如组织奖）")
                    .clicked()
                {
                    action = Some(Box::new(move |cs| {
                        cs[ci].rows.push(AwardRow::Org { org: String::new() });
                    }));
                }
            });
        });
    }
    if ui.button("添加分类").clicked() {
        action = Some(Box::new(|cs| {
            cs.push(AwardCategory {
                name: "新分类".into(),
                rows: Vec::new(),
            })
        }));
    }
    if let Some(act) = action {
        buf.change_article(r, "修改获奖名单", Field::Step, move |a| {
            if let Some(Block::AwardList { categories }) = a.blocks.get_mut(block) {
                act(categories);
            }
        });
    }
}

/// Text widths of an award list's editable cells: the name and award cells as wide as
/// their longest entry (at least four characters), the organisation cell the rest of the
/// row, so long names of companies show whole where the window allows.
pub(super) struct AwardColumns {
    name: f32,
    org: f32,
    award: f32,
    height: f32,
}

impl AwardColumns {
    /// `rest`: the width the row's other cells took last frame, if drawn before.
    fn measure(ui: &egui::Ui, rows: &[AwardRow], rest: Option<f32>) -> AwardColumns {
        let font = egui::TextStyle::Body.resolve(ui.style());
        let width = |text: &str| {
            ui.ctx().fonts_mut(|f| {
                f.layout_no_wrap(text.to_string(), font.clone(), egui::Color32::PLACEHOLDER)
                    .size()
                    .x
            })
        };
        let at_least = width("四个汉字");
        let (mut name, mut award) = (at_least, at_least);
        for row in rows {
            if let AwardRow::Person {
                name: n, award: a, ..
            } = row
            {
                name = name.max(width(n));
                award = award.max(width(a));
            }
        }
        // The text edit's inner margins and the caret.
        let pad = 2.0 * ui.spacing().button_padding.x + 6.0;
        let available = ui.available_width();
        // Neither short column may squeeze the organisation below a third of the row.
        let cap = available / 3.0;
        let (name, award) = ((name + pad).min(cap), (award + pad).min(cap));
        // The row's move and delete buttons and the gaps between the four columns: as
        // drawn last frame, or estimated on the first.
        let rest = rest.unwrap_or_else(|| {
            3.0 * (width("删") + 2.0 * ui.spacing().button_padding.x)
                + 5.0 * ui.spacing().item_spacing.x
        });
        let org = (available - name - award - rest).max(at_least * 2.0);
        AwardColumns {
            name,
            org,
            award,
            height: ui.spacing().interact_size.y,
        }
    }
}

/// A new, empty award category.
pub fn new_category() -> AwardCategory {
    AwardCategory {
        name: "新分类".into(),
        rows: Vec::new(),
    }
}

/// The categories of an article's last award list, if it has one.
pub fn last_award_list(a: &mut Article) -> Option<&mut Vec<AwardCategory>> {
    a.blocks.iter_mut().rev().find_map(|b| match b {
        Block::AwardList { categories } => Some(categories),
        _ => None,
    })
}
