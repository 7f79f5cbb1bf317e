//! The article editor: title, subtitle, paragraphs (edited as runs between award
//! lists), the award lists in their place, and the byline.

use super::awards::award_list_editor;
use super::figure::figure_editor;
use super::text::{ends_sentence, join_hard_breaks};
use super::{line_field, take_focus};
use crate::edit::{ArticleRef, Field};
use crate::model::{Article, Attribution, AttributionKind, Block, Placement};
use crate::ui::edits::EditBuffer;
use crate::ui::view::ViewChange;
use crate::ui::{App, Command};
use eframe::egui;

/// The selected article: every field of it, each change one undoable step.
pub(super) fn article_editor(app: &App, ui: &mut egui::Ui, buf: &mut EditBuffer, r: ArticleRef) {
    let Some(article) = app.session.doc.article(r).cloned() else {
        return;
    };
    let key = |what: &str| Field::Text(format!("{:?}/{}/{what}", r.section, r.index));
    ui.heading("文章");

    let l = ui.label("标题（回车可强制换行）");
    let mut title = article.title.clone();
    let resp = ui
        .add(
            egui::TextEdit::multiline(&mut title)
                .desired_rows(1)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    take_focus(app, &resp);
    if resp.changed() {
        buf.change_article(r, "修改标题", key("title"), move |a| a.title = title);
    }
    let sub = article.subtitle.clone().unwrap_or_default();
    if let Some(t) = line_field(
        ui,
        "副题（可不填）",
        &sub,
        "例如：书法、绘画作品评选结果揭晓",
    ) {
        buf.change_article(r, "修改副题", key("subtitle"), move |a| {
            a.subtitle = (!t.trim().is_empty()).then_some(t)
        });
    }

    ui.separator();
    ui.label("正文：每行一段。");
    // Consecutive paragraphs are edited together as lines of one text; lists in between
    // get their own editors.
    let mut i = 0;
    let blocks = article.blocks.clone();
    if blocks.is_empty() {
        paragraph_run(ui, buf, r, 0, 0, &[]);
    }
    while i < blocks.len() {
        match &blocks[i] {
            Block::Paragraph { .. } => {
                let start = i;
                while i < blocks.len() && matches!(blocks[i], Block::Paragraph { .. }) {
                    i += 1;
                }
                let texts: Vec<String> = blocks[start..i]
                    .iter()
                    .filter_map(|b| match b {
                        Block::Paragraph { text } => Some(text.clone()),
                        _ => None,
                    })
                    .collect();
                paragraph_run(ui, buf, r, start, i, &texts);
            }
            Block::ListIntro { text } => {
                if let Some(t) = line_field(ui, "名单引导语", text, "获奖作者名单：") {
                    let at = i;
                    buf.change_article(
                        r,
                        "修改引导语",
                        key(&format!("intro{at}")),
                        move |a| a.blocks[at] = Block::ListIntro { text: t },
                    );
                }
                i += 1;
            }
            Block::AwardList { categories } => {
                award_list_editor(ui, buf, r, i, categories);
                i += 1;
            }
            Block::Figure(figure) => {
                figure_editor(app, ui, buf, r, i, blocks.len(), figure);
                i += 1;
            }
            Block::Table(t) => {
                ui.separator();
                super::table::table_editor(ui, buf, r, i, t);
                ui.separator();
                i += 1;
            }
        }
    }
    if let Some((run_r, start, end)) = app.view.join_offer {
        if run_r == r {
            ui.horizontal(|ui| {
                ui.label("粘贴的文字里有硬换行（行末没有句号等标点）。");
                if ui
                    .button("整理粘贴文本")
                    .on_hover_text("把断开的行接成段落，去掉汉字与数字、英文之间多余的空格")
                    .clicked()
                {
                    buf.change_article(r, "整理粘贴文本", Field::Step, move |a| {
                        let texts: Vec<String> = a.blocks[start..end.min(a.blocks.len())]
                            .iter()
                            .filter_map(|b| match b {
                                Block::Paragraph { text } => Some(text.clone()),
                                _ => None,
                            })
                            .collect();
                        let joined = join_hard_breaks(&texts);
                        let new: Vec<Block> = joined
                            .into_iter()
                            .map(|text| Block::Paragraph { text })
                            .collect();
                        a.blocks.splice(start..end.min(a.blocks.len()), new);
                    });
                    buf.command(Command::View(ViewChange::JoinOffer(None)));
                }
                if ui.button("保持原样").clicked() {
                    buf.command(Command::View(ViewChange::JoinOffer(None)));
                }
            });
        }
    }

    ui.separator();
    attribution_editor(ui, buf, r, &article);
}

/// Paragraphs `start..end` of an article as one multi-line text.
pub(super) fn paragraph_run(
    ui: &mut egui::Ui,
    buf: &mut EditBuffer,
    r: ArticleRef,
    start: usize,
    end: usize,
    texts: &[String],
) {
    let before_lines = texts.len();
    let l = ui.label("段落");
    let id = ui.make_persistent_id(("paragraphs", r.section, r.index, start));
    let (resp, typed) = crate::ui::lines::unit_field(
        ui,
        id,
        texts,
        |u| u,
        |text| {
            egui::TextEdit::multiline(text)
                .desired_rows(8)
                .desired_width(f32::INFINITY)
        },
    );
    resp.labelled_by(l.id);
    if let Some(lines) = typed {
        let texts_now = lines.clone();
        let new_count = lines.len();
        buf.change_article(
            r,
            "修改正文",
            Field::Text(format!("{:?}/{}/para{start}", r.section, r.index)),
            move |a| {
                let new: Vec<Block> = lines
                    .into_iter()
                    .map(|text| Block::Paragraph { text })
                    .collect();
                let end = end.min(a.blocks.len());
                a.blocks.splice(start..end, new);
            },
        );
        // Several lines arriving at once without final punctuation: a paste from a PDF.
        let ragged = texts_now
            .iter()
            .take(texts_now.len().saturating_sub(1))
            .filter(|t| !t.trim().is_empty() && !ends_sentence(t))
            .count();
        if new_count >= before_lines + 2 && ragged >= 2 {
            buf.command(Command::View(ViewChange::JoinOffer(Some((
                r,
                start,
                start + new_count,
            )))));
        }
    }
}

/// The byline (署名, 供稿 or 来源) and where it is set.
pub(super) fn attribution_editor(
    ui: &mut egui::Ui,
    buf: &mut EditBuffer,
    r: ArticleRef,
    article: &Article,
) {
    ui.label("署名");
    let (mut kind, mut text, mut placement) = match &article.attribution {
        None => (0, String::new(), Placement::Auto),
        Some(Attribution {
            kind: AttributionKind::Author { names },
            placement,
        }) => (1, names.join(" "), *placement),
        Some(Attribution {
            kind: AttributionKind::Source { text },
            placement,
        }) => (2, text.clone(), *placement),
    };
    let mut changed = false;
    ui.horizontal(|ui| {
        changed |= ui.radio_value(&mut kind, 0, "无").changed();
        changed |= ui.radio_value(&mut kind, 1, "作者").changed();
        changed |= ui.radio_value(&mut kind, 2, "来源（据…）").changed();
    });
    if kind > 0 {
        let (label, hint) = if kind == 1 {
            ("作者姓名（多人用空格分开）", "王婧")
        } else {
            ("来源", "据国资网")
        };
        if let Some(t) = line_field(ui, label, &text, hint) {
            text = t;
            changed = true;
        }
        ui.horizontal(|ui| {
            ui.label("位置");
            changed |= ui
                .radio_value(&mut placement, Placement::Auto, "自动")
                .on_hover_text("作者排在末行行尾（放得下时），来源单独一行")
                .changed();
            changed |= ui
                .radio_value(&mut placement, Placement::Inline, "末行行尾")
                .changed();
            changed |= ui
                .radio_value(&mut placement, Placement::OwnLine, "单独一行")
                .changed();
        });
    }
    if changed {
        let attribution = match kind {
            1 => Some(Attribution {
                kind: AttributionKind::Author {
                    names: text.split_whitespace().map(str::to_string).collect(),
                },
                placement,
            }),
            2 => Some(Attribution {
                kind: AttributionKind::Source {
                    text: text.trim().to_string(),
                },
                placement,
            }),
            _ => None,
        };
        buf.change_article(
            r,
            "修改署名",
            Field::Text(format!("{:?}/{}/byline", r.section, r.index)),
            move |a| a.attribution = attribution,
        );
    }
}
