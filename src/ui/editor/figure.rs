//! A figure in the article editor: its picture(s) as small previews, the caption of
//! each, the width (通栏, 半栏, two pictures side by side), 替换图片…, 删除, and moving
//! it among the article's blocks. Every change is one undoable step.

use super::line_field;
use crate::edit::{ArticleRef, Field};
use crate::model::{Block, Figure, FigureWidth};
use crate::ui::edits::EditBuffer;
use crate::ui::pictures::PictureTarget;
use crate::ui::{App, Command};
use eframe::egui;

/// How the figure is set, as the editor offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    Full,
    Half,
    Pair,
}

/// The figure that is block `at` of the article (`count` blocks in all).
pub(super) fn figure_editor(
    app: &App,
    ui: &mut egui::Ui,
    buf: &mut EditBuffer,
    r: ArticleRef,
    at: usize,
    count: usize,
    figure: &Figure,
) {
    let key = |what: &str| Field::Text(format!("{:?}/{}/figure{at}/{what}", r.section, r.index));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.strong(if figure.second.is_some() {
                "图片（两图并排）"
            } else {
                "图片"
            });
            if ui
                .add_enabled(at > 0, egui::Button::new("↑ 上移").small())
                .on_hover_text("图片上移（移到前一段之前）")
                .clicked()
            {
                buf.change_article(r, "图片上移", Field::Step, move |a| {
                    if at > 0 && at < a.blocks.len() {
                        a.blocks.swap(at, at - 1);
                    }
                });
            }
            if ui
                .add_enabled(at + 1 < count, egui::Button::new("↓ 下移").small())
                .on_hover_text("图片下移（移到后一段之后）")
                .clicked()
            {
                buf.change_article(r, "图片下移", Field::Step, move |a| {
                    if at + 1 < a.blocks.len() {
                        a.blocks.swap(at, at + 1);
                    }
                });
            }
            if ui
                .small_button("删除图片")
                .on_hover_text("删除这幅图片和图注（可撤销）")
                .clicked()
            {
                buf.change_article(r, "删除图片", Field::Step, move |a| {
                    if matches!(a.blocks.get(at), Some(Block::Figure(_))) {
                        a.blocks.remove(at);
                    }
                });
            }
        });
        let setting = match (&figure.second, figure.width) {
            (Some(_), _) => Setting::Pair,
            (None, FigureWidth::Full) => Setting::Full,
            (None, FigureWidth::Half) => Setting::Half,
        };
        let mut chosen = setting;
        ui.horizontal(|ui| {
            ui.label("宽度");
            ui.radio_value(&mut chosen, Setting::Full, "通栏")
                .on_hover_text("与版心同宽");
            ui.radio_value(&mut chosen, Setting::Half, "半栏")
                .on_hover_text("版心的一半宽，居中");
            ui.radio_value(&mut chosen, Setting::Pair, "两图并排")
                .on_hover_text("再选一张图片，两图等高并排，各有图注");
        });
        if chosen != setting {
            match chosen {
                Setting::Pair => buf.command(Command::ReplacePicture(PictureTarget::Slot {
                    article: r,
                    block: at,
                    slot: 1,
                })),
                Setting::Full | Setting::Half => {
                    let width = if chosen == Setting::Full {
                        FigureWidth::Full
                    } else {
                        FigureWidth::Half
                    };
                    let label = if setting == Setting::Pair {
                        "改为单图"
                    } else {
                        "修改图片宽度"
                    };
                    buf.change_article(r, label, Field::Step, move |a| {
                        if let Some(Block::Figure(f)) = a.blocks.get_mut(at) {
                            f.width = width;
                            f.second = None;
                        }
                    });
                }
            }
        }
        ui.horizontal_top(|ui| {
            for (slot, captioned) in figure.pictures().enumerate() {
                ui.vertical(|ui| {
                    ui.set_max_width(if figure.second.is_some() {
                        260.0
                    } else {
                        420.0
                    });
                    picture_preview(app, ui, &captioned.picture);
                    let label = match (figure.second.is_some(), slot) {
                        (false, _) => "图注（印在图片下方，可不填）",
                        (true, 0) => "左图图注",
                        (true, _) => "右图图注",
                    };
                    if let Some(t) = line_field(ui, label, &captioned.caption, "图1 会议现场")
                    {
                        buf.change_article(
                            r,
                            "修改图注",
                            key(&format!("caption{slot}")),
                            move |a| {
                                if let Some(Block::Figure(f)) = a.blocks.get_mut(at) {
                                    match slot {
                                        0 => f.first.caption = t,
                                        _ => {
                                            if let Some(s) = f.second.as_mut() {
                                                s.caption = t;
                                            }
                                        }
                                    }
                                }
                            },
                        );
                    }
                    ui.horizontal(|ui| {
                        let replace = if figure.second.is_some() {
                            if slot == 0 {
                                "替换左图…"
                            } else {
                                "替换右图…"
                            }
                        } else {
                            "替换图片…"
                        };
                        if ui
                            .button(replace)
                            .on_hover_text("换成另一个图片文件，图注不变（可撤销）")
                            .clicked()
                        {
                            buf.command(Command::ReplacePicture(PictureTarget::Slot {
                                article: r,
                                block: at,
                                slot,
                            }));
                        }
                        if figure.second.is_some()
                            && ui
                                .button(if slot == 0 {
                                    "去掉左图"
                                } else {
                                    "去掉右图"
                                })
                                .on_hover_text("只留另一张图片（可撤销）")
                                .clicked()
                        {
                            buf.change_article(r, "去掉一张图片", Field::Step, move |a| {
                                if let Some(Block::Figure(f)) = a.blocks.get_mut(at) {
                                    if let Some(second) = f.second.take() {
                                        if slot == 0 {
                                            f.first = second;
                                        }
                                    }
                                }
                            });
                        }
                    });
                });
            }
        });
    });
}

/// The picture small, with its file name and pixel size; a note where it cannot be
/// shown.
fn picture_preview(app: &App, ui: &mut egui::Ui, id: &crate::model::PictureId) {
    let Some(picture) = app.session.doc.issue.pictures.get(id) else {
        ui.colored_label(ui.visuals().warn_fg_color, "（图片不在简报文件里）");
        return;
    };
    let size = preview_size(&picture.info, ui.max_rect().width().clamp(80.0, 420.0));
    match app.thumbnails.get(ui.ctx(), id, &picture.bytes) {
        Ok(Some(texture)) => {
            ui.add(
                egui::Image::new((texture.id(), size)).alt_text(format!("图片 {}", picture.name)),
            );
        }
        Ok(None) => {
            // The picture's own size while it is decoded: the caption field and the
            // buttons below stay where they are when it arrives, so a click aimed at
            // them a moment before still lands on them.
            ui.add_sized(size, egui::Spinner::new());
        }
        Err(()) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                if picture.bytes.is_empty() {
                    "（图片文件缺失，请替换图片）"
                } else {
                    "（图片无法显示，请替换图片）"
                },
            );
        }
    }
    ui.weak(format!(
        "{} · {} × {} 像素",
        picture.name, picture.info.width_px, picture.info.height_px
    ));
}

/// The size a picture's preview is drawn at: its thumbnail's (at most
/// [`crate::ui::pictures::THUMBNAIL_SIDE`] on the longer side) scaled down to `width` and
/// 200 points high, known from the picture's facts before it is decoded.
pub(crate) fn preview_size(info: &crate::picture::PictureInfo, width: f32) -> egui::Vec2 {
    let (w, h) = (info.width_px.max(1) as f32, info.height_px.max(1) as f32);
    let thumb = (crate::ui::pictures::THUMBNAIL_SIDE as f32 / w.max(h)).min(1.0);
    let (w, h) = (w * thumb, h * thumb);
    let scale = (width / w).min(200.0 / h).min(1.0);
    egui::vec2(w * scale, h * scale)
}
