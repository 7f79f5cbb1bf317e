//! The distribution editor (版记: 报 / 发 / 送 groups, drawn from the address book).

use super::line_field;
use crate::edit::Field;
use crate::model::{RecipientGroup, RecipientLine};
use crate::ui::edits::EditBuffer;
use crate::ui::view::{ViewChange, Window};
use crate::ui::{App, Command};
use eframe::egui;

/// The distribution block (版记), with recipients picked from the address book.
pub(super) fn distribution_editor(app: &App, ui: &mut egui::Ui, buf: &mut EditBuffer) {
    ui.heading("版记（报 / 发 / 送）");
    ui.label("每一行是一个标签（报、发、送）和若干组收文单位；每组另起一行印出。");
    let lines = app.session.doc.issue.distribution.lines.clone();
    let book = app.profile.address_book.clone();
    for (li, line) in lines.iter().enumerate() {
        ui.push_id(("dist", li), |ui| {
            ui.separator();
            ui.horizontal(|ui| {
                let l = ui.label("标签");
                let mut label = line.label.clone();
                if ui
                    .add(egui::TextEdit::singleline(&mut label).desired_width(40.0))
                    .labelled_by(l.id)
                    .changed()
                {
                    buf.change(
                        "修改版记标签",
                        Field::Text(format!("dist{li}label")),
                        move |i| i.distribution.lines[li].label = label,
                    );
                }
                if ui.small_button("删除这一行").clicked() {
                    buf.change("删除版记行", Field::Step, move |i| {
                        i.distribution.lines.remove(li);
                    });
                }
            });
            for (gi, group) in line.groups.iter().enumerate() {
                ui.push_id(gi, |ui| {
                    let from = group.from.clone();
                    let l = ui.label(match &from {
                        Some(name) => format!(
                            "{}：第{}组（来自通讯录“{name}”，每行一个单位）",
                            line.label,
                            gi + 1
                        ),
                        None => format!("{}：第{}组（每行一个单位）", line.label, gi + 1),
                    });
                    let id = ui.make_persistent_id("recipients");
                    let (resp, typed) = crate::ui::lines::unit_field(
                        ui,
                        id,
                        &group.names,
                        |u| u,
                        |text| {
                            egui::TextEdit::multiline(text)
                                .desired_rows(2)
                                .desired_width(f32::INFINITY)
                        },
                    );
                    resp.labelled_by(l.id);
                    if let Some(names) = typed {
                        buf.change(
                            "修改收文单位",
                            Field::Text(format!("dist{li}g{gi}")),
                            move |i| i.distribution.lines[li].groups[gi].names = names,
                        );
                    }
                    ui.horizontal(|ui| {
                        if let Some(g) = from.as_ref().and_then(|n| book.group(n)) {
                            let clean = |v: &[String]| -> Vec<String> {
                                v.iter()
                                    .map(|s| s.trim().to_string())
                                    .filter(|s| !s.is_empty())
                                    .collect()
                            };
                            if clean(&g.names) != clean(&group.names) {
                                ui.colored_label(
                                    egui::Color32::from_rgb(200, 120, 0),
                                    "！与通讯录不同",
                                );
                                if ui.button("按通讯录更新").clicked() {
                                    let names = g.names.clone();
                                    buf.change("按通讯录更新", Field::Step, move |i| {
                                        i.distribution.lines[li].groups[gi].names = names
                                    });
                                }
                            }
                        }
                        if ui.small_button("删除这一组").clicked() {
                            buf.change("删除收文组", Field::Step, move |i| {
                                i.distribution.lines[li].groups.remove(gi);
                            });
                        }
                    });
                });
            }
            ui.horizontal(|ui| {
                if ui.button("添加一组").clicked() {
                    buf.change("添加收文组", Field::Step, move |i| {
                        i.distribution.lines[li]
                            .groups
                            .push(RecipientGroup::default())
                    });
                }
                ui.menu_button("从通讯录添加…", |ui| {
                    if book.groups.is_empty() {
                        ui.label("通讯录是空的（编辑 → 通讯录…）");
                    }
                    for g in &book.groups {
                        if ui
                            .button(&g.name)
                            .on_hover_text(g.names.join("、"))
                            .clicked()
                        {
                            let group = RecipientGroup {
                                names: g.names.clone(),
                                from: Some(g.name.clone()),
                            };
                            buf.change("从通讯录添加", Field::Step, move |i| {
                                i.distribution.lines[li].groups.push(group)
                            });
                            ui.close();
                        }
                    }
                });
            });
        });
    }
    ui.separator();
    if ui.button("添加一行（标签）").clicked() {
        buf.change("添加版记行", Field::Step, move |i| {
            i.distribution.lines.push(RecipientLine {
                label: "送".into(),
                groups: vec![RecipientGroup::default()],
            })
        });
    }
    let extra = app.session.doc.issue.distribution.extra.join("、");
    if let Some(t) = line_field(ui, "本期增发（用顿号分开，可不填）", &extra, "") {
        let names: Vec<String> = t
            .split(['、', ','])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        buf.change(
            "修改本期增发",
            Field::Text("extra".into()),
            move |i| i.distribution.extra = names,
        );
    }
    print_count(app, ui, buf);
    if ui.button("编辑通讯录…").clicked() {
        buf.command(Command::View(ViewChange::Open(Window::AddressBook)));
    }
}

/// The print count (印数) field, shown with the masthead and with the distribution block.
pub(super) fn print_count(app: &App, ui: &mut egui::Ui, buf: &mut EditBuffer) {
    ui.horizontal(|ui| {
        let current = app.session.doc.issue.distribution.print_count;
        let mut on = current.is_some();
        if ui.checkbox(&mut on, "印数（共印X份）").changed() {
            let v = on.then_some(current.unwrap_or(100));
            buf.change("修改印数", Field::Step, move |i| {
                i.distribution.print_count = v
            });
        }
        if let Some(mut n) = current {
            let l = ui.label("份数");
            if ui
                .add(egui::DragValue::new(&mut n).range(1..=100_000))
                .labelled_by(l.id)
                .changed()
            {
                buf.change("修改印数", Field::Text("print".into()), move |i| {
                    i.distribution.print_count = Some(n)
                });
            }
            ui.label("份");
        }
    });
}
