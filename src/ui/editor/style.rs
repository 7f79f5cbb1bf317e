//! The style editor (版式: page, fonts, sizes, punctuation, line breaking), saved with
//! the issue.

use super::line_field;
use crate::edit::Field;
use crate::style::{Profile, PunctScheme, Strictness, Style};
use crate::ui::edits::EditBuffer;
use crate::ui::{App, Command};
use eframe::egui;

/// The house style of this issue, changed in place and seen at once in the preview.
pub(super) fn style_editor(app: &App, ui: &mut egui::Ui, buf: &mut EditBuffer) {
    ui.heading("版式");
    let style = app.session.doc.issue.style.clone().unwrap_or_default();
    let mut s = style.clone();
    ui.horizontal(|ui| {
        ui.label("版式");
        let mut profile = s.profile;
        ui.radio_value(&mut profile, Profile::H, "H：本简报版式（四号 32×29）");
        ui.radio_value(&mut profile, Profile::G, "G：国标公文版式（三号 28×22）");
        if profile != s.profile {
            s = Style::of(profile);
        }
    });
    egui::Grid::new("style").num_columns(2).show(ui, |ui| {
        let num =
            |ui: &mut egui::Ui, label: &str, v: &mut f32, range: std::ops::RangeInclusive<f32>| {
                let l = ui.label(label);
                ui.add(egui::DragValue::new(v).range(range).speed(0.1))
                    .labelled_by(l.id);
                ui.end_row();
            };
        num(ui, "正文字号（磅）", &mut s.body_size.0, 9.0..=24.0);
        num(ui, "标题字号（磅）", &mut s.title_size.0, 12.0..=36.0);
        num(
            ui,
            "报头名称字号（磅）",
            &mut s.masthead_name_size.0,
            20.0..=72.0,
        );
        num(
            ui,
            "红色分隔线粗细（磅）",
            &mut s.masthead_rule_pt.0,
            0.25..=4.0,
        );
        num(ui, "天头（毫米）", &mut s.margin_top_mm.0, 10.0..=60.0);
        num(ui, "地脚（毫米）", &mut s.margin_bottom_mm.0, 10.0..=60.0);
        num(ui, "订口（毫米）", &mut s.margin_inner_mm.0, 10.0..=60.0);
        num(ui, "切口（毫米）", &mut s.margin_outer_mm.0, 10.0..=60.0);
        count(ui, "每行字数", &mut s.chars_per_line, 10..=50);
        count(ui, "每页行数", &mut s.lines_per_page, 10..=50);
        choice(
            ui,
            "禁则",
            &mut s.strictness,
            &[
                Strictness::None,
                Strictness::Basic,
                Strictness::GbStyle,
                Strictness::Strict,
            ],
            strictness_name,
        );
        choice(
            ui,
            "标点",
            &mut s.punctuation,
            &[
                PunctScheme::Quanjiao,
                PunctScheme::Kaiming,
                PunctScheme::Banjiao,
                PunctScheme::Plain,
            ],
            punct_name,
        );
        count(ui, "紧排最多段数", &mut s.fit_max_paragraphs, 0..=30);
        count(
            ui,
            "图片最高分辨率（dpi）",
            &mut s.picture_max_dpi,
            72..=1200,
        );
        ui.label("双面印刷");
        ui.checkbox(&mut s.duplex, "页码和页边距单双页对调");
        ui.end_row();
    });
    let mut order = s.distribution_order.join(" ");
    if let Some(t) = line_field(ui, "版记顺序（空格分开）", &order, "报 发 送") {
        order = t;
        s.distribution_order = order.split_whitespace().map(str::to_string).collect();
    }
    ui.label("字体（每行一个字体名称，先用前面的；本机没有的自动跳过）：");
    let installed = app.fonts.book.clone();
    if !app.fonts.installed_families_asked {
        buf.command(Command::ReadInstalledFamilies);
    }
    let reading = app.fonts.installed_families.is_none();
    let choices = app.fonts.installed_families.clone().unwrap_or_default();
    for (name, list) in [
        ("标题", &mut s.fonts.title),
        ("正文", &mut s.fonts.body),
        ("黑体", &mut s.fonts.hei),
        ("楷体", &mut s.fonts.kai),
        ("宋体", &mut s.fonts.song),
        ("西文和数字", &mut s.fonts.latin),
    ] {
        ui.push_id(name, |ui| {
            let used = list
                .iter()
                .find(|f| installed.family(f).is_some())
                .cloned()
                .unwrap_or_else(|| "（随附字体）".into());
            let l = ui.label(format!("{name}：现在用 {used}"));
            let id = ui.make_persistent_id("font-list");
            let names_only = |units: Vec<String>| -> Vec<String> {
                units
                    .into_iter()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect()
            };
            let (resp, typed) = crate::ui::lines::unit_field(ui, id, list, names_only, |text| {
                egui::TextEdit::multiline(text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
            });
            resp.labelled_by(l.id);
            if let Some(names) = typed {
                *list = names;
            }
            ui.menu_button("添加已安装的字体…", |ui| {
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        if reading {
                            ui.label("正在查找本机安装的字体……");
                        } else if choices.is_empty() {
                            ui.label("（本机没有找到其他字体）");
                        }
                        for family in &choices {
                            if ui.button(family).clicked() {
                                // First in the list: the chosen face is used before the others.
                                list.retain(|f| f != family);
                                list.insert(0, family.clone());
                                ui.close();
                            }
                        }
                    });
            });
        });
    }
    if s != style {
        let changed = s.clone();
        buf.change("修改版式", Field::Text("style".into()), move |i| {
            i.style = Some(changed)
        });
    }
    ui.horizontal(|ui| {
        if ui
            .button("设为我的默认版式")
            .on_hover_text("以后新建的简报都用这个版式")
            .clicked()
        {
            buf.command(Command::SetDefaultStyle(Box::new(s.clone())));
        }
        if ui.button("恢复此版式的默认值").clicked() {
            let fresh = Style::of(s.profile);
            buf.change("恢复默认版式", Field::Step, move |i| {
                i.style = Some(fresh)
            });
        }
    });
}

/// A labelled whole-number setting on a grid row.
pub(super) fn count<T: egui::emath::Numeric>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    range: std::ops::RangeInclusive<T>,
) {
    let l = ui.label(label);
    ui.add(egui::DragValue::new(value).range(range))
        .labelled_by(l.id);
    ui.end_row();
}

/// A labelled choice among `options` on a grid row.
pub(super) fn choice<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    options: &[T],
    name: fn(T) -> &'static str,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .show_ui(ui, |ui| {
            for &v in options {
                ui.selectable_value(value, v, name(v));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

/// The Chinese name of a line-breaking strictness, for its menu.
pub(super) fn strictness_name(s: Strictness) -> &'static str {
    match s {
        Strictness::None => "无",
        Strictness::Basic => "基本",
        Strictness::GbStyle => "国标（默认）",
        Strictness::Strict => "严格",
    }
}

/// The Chinese name of a punctuation scheme, for its menu.
pub(super) fn punct_name(p: PunctScheme) -> &'static str {
    match p {
        PunctScheme::Quanjiao => "全角式（默认）",
        PunctScheme::Kaiming => "开明式",
        PunctScheme::Banjiao => "半角式",
        PunctScheme::Plain => "不挤压",
    }
}
