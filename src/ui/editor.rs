//! The centre panel: the editor of whatever the outline has selected — an article (title,
//! subtitle, paragraphs, award lists, byline), the masthead, a section, the distribution
//! block or the style. Every change goes through `Document::change`, so it can be undone.

use super::{App, Selection};
use crate::edit::{ArticleRef, Field};
use crate::model::{
    Article, Attribution, AttributionKind, AwardCategory, AwardRow, Block, Date, Placement,
    RecipientGroup, RecipientLine,
};
use crate::style::{Profile, PunctScheme, Strictness, Style};
use eframe::egui;

/// Characters of an article's text (title, paragraphs, list rows), for the outline.
pub fn article_chars(a: &Article) -> usize {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let mut n = count(&a.title);
    for b in &a.blocks {
        match b {
            Block::Paragraph { text } | Block::ListIntro { text } => n += count(text),
            Block::AwardList { categories } => {
                for c in categories {
                    for r in &c.rows {
                        n += match r {
                            AwardRow::Person { name, org, award } => {
                                count(name) + count(org) + count(award)
                            }
                            AwardRow::Org { org } => count(org),
                        };
                    }
                }
            }
        }
    }
    n
}

pub fn editor(app: &mut App, ui: &mut egui::Ui) {
    match app.selection {
        Selection::Article(r) => article_editor(app, ui, r),
        Selection::Masthead => masthead_editor(app, ui),
        Selection::Section(s) => section_editor(app, ui, s),
        Selection::Distribution => distribution_editor(app, ui),
        Selection::Style => style_editor(app, ui),
    }
}

/// A labelled single-line field; returns the new text when the user changed it.
fn line_field(ui: &mut egui::Ui, label: &str, value: &str, hint: &str) -> Option<String> {
    let mut text = value.to_string();
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    r.changed().then_some(text)
}

fn take_focus(app: &mut App, response: &egui::Response) {
    if std::mem::take(&mut app.panels.focus_editor) {
        response.request_focus();
    }
}

fn section_editor(app: &mut App, ui: &mut egui::Ui, s: usize) {
    ui.heading("栏目");
    let Some(label) = app.doc.issue.sections.get(s).map(|x| x.label.clone()) else {
        return;
    };
    let l = ui.label("栏目名称（印成【…】）");
    let mut text = label;
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    take_focus(app, &r);
    if r.changed() {
        app.doc.rename_section(s, text.trim_matches(['【', '】']));
    }
    let n = app.doc.issue.sections[s].articles.len();
    ui.label(format!("本栏目有 {n} 篇文章。"));
    if ui.button("在本栏目添加文章").clicked() {
        let r = app.doc.add_article(Some(s), None);
        app.selection = Selection::Article(r);
    }
}

fn article_editor(app: &mut App, ui: &mut egui::Ui, r: ArticleRef) {
    let Some(article) = app.doc.article(r).cloned() else {
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
        app.doc
            .change_article(r, "修改标题", key("title"), |a| a.title = title);
    }
    let sub = article.subtitle.clone().unwrap_or_default();
    if let Some(t) = line_field(
        ui,
        "副题（可不填）",
        &sub,
        "例如：书法、绘画作品评选结果揭晓",
    ) {
        app.doc.change_article(r, "修改副题", key("subtitle"), |a| {
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
        paragraph_run(app, ui, r, 0, 0, &[]);
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
                paragraph_run(app, ui, r, start, i, &texts);
            }
            Block::ListIntro { text } => {
                if let Some(t) = line_field(ui, "名单引导语", text, "获奖作者名单：") {
                    let at = i;
                    app.doc
                        .change_article(r, "修改引导语", key(&format!("intro{at}")), |a| {
                            a.blocks[at] = Block::ListIntro { text: t }
                        });
                }
                i += 1;
            }
            Block::AwardList { categories } => {
                award_list_editor(app, ui, r, i, categories);
                i += 1;
            }
        }
    }
    if let Some((run_r, start, end)) = app.panels_join_offer() {
        if run_r == r {
            ui.horizontal(|ui| {
                ui.label("粘贴的文字里有硬换行（行末没有句号等标点）。");
                if ui
                    .button("整理粘贴文本")
                    .on_hover_text("把断开的行接成段落，去掉汉字与数字、英文之间多余的空格")
                    .clicked()
                {
                    app.doc.change_article(r, "整理粘贴文本", Field::Step, |a| {
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
                    app.set_join_offer(None);
                }
                if ui.button("保持原样").clicked() {
                    app.set_join_offer(None);
                }
            });
        }
    }

    ui.separator();
    attribution_editor(app, ui, r, &article);
}

/// Paragraphs `start..end` of an article as one multi-line text.
fn paragraph_run(
    app: &mut App,
    ui: &mut egui::Ui,
    r: ArticleRef,
    start: usize,
    end: usize,
    texts: &[String],
) {
    let before_lines = texts.len();
    let l = ui.label("段落");
    let id = ui.make_persistent_id(("paragraphs", r.section, r.index, start));
    let (resp, typed) = super::lines::unit_field(
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
        app.doc.change_article(
            r,
            "修改正文",
            Field::Text(format!("{:?}/{}/para{start}", r.section, r.index)),
            |a| {
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
            app.set_join_offer(Some((r, start, start + new_count)));
        }
    }
}

fn ends_sentence(line: &str) -> bool {
    crate::import::ends_sentence(line)
}

/// 整理粘贴文本: stray spaces removed and hard line breaks joined into paragraphs
/// (the same repair as importing a text file).
pub fn join_hard_breaks(lines: &[String]) -> Vec<String> {
    let cleaned: Vec<String> = lines
        .iter()
        .map(|l| crate::import::fix_spaces(l))
        .filter(|l| !l.is_empty())
        .collect();
    crate::import::join_lines(&cleaned)
}

fn attribution_editor(app: &mut App, ui: &mut egui::Ui, r: ArticleRef, article: &Article) {
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
        app.doc.change_article(
            r,
            "修改署名",
            Field::Text(format!("{:?}/{}/byline", r.section, r.index)),
            |a| a.attribution = attribution,
        );
    }
}

/// A structural change to an award list, chosen by a button and applied as one step.
type ListEdit = Box<dyn FnOnce(&mut Vec<AwardCategory>)>;

fn award_list_editor(
    app: &mut App,
    ui: &mut egui::Ui,
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
                    app.doc
                        .change_article(r, "修改分类", key(format!("c{ci}")), |a| {
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
                            app.doc.change_article(
                                r,
                                "修改名单",
                                key(format!("c{ci}r{ri}")),
                                |a| {
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
        app.doc.change_article(r, "修改获奖名单", Field::Step, |a| {
            if let Some(Block::AwardList { categories }) = a.blocks.get_mut(block) {
                act(categories);
            }
        });
    }
}

/// Text widths of an award list's editable cells: the name and award cells as wide as
/// their longest entry (at least four characters), the organisation cell the rest of the
/// row, so long names of companies show whole where the window allows.
struct AwardColumns {
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
fn new_category() -> AwardCategory {
    AwardCategory {
        name: "新分类".into(),
        rows: Vec::new(),
    }
}

/// The categories of an article's last award list, if it has one.
fn last_award_list(a: &mut Article) -> Option<&mut Vec<AwardCategory>> {
    a.blocks.iter_mut().rev().find_map(|b| match b {
        Block::AwardList { categories } => Some(categories),
        _ => None,
    })
}

/// 插入 → 获奖名单.
pub fn insert_award_list(app: &mut App) {
    if let Selection::Article(r) = app.selection {
        app.doc.change_article(r, "添加获奖名单", Field::Step, |a| {
            a.blocks.push(Block::ListIntro {
                text: "获奖名单：".into(),
            });
            a.blocks.push(Block::AwardList {
                categories: vec![new_category()],
            });
        });
    }
}

/// 插入 → 分类 (in the article's last award list; a list is made if there is none).
pub fn insert_category(app: &mut App) {
    let Selection::Article(r) = app.selection else {
        return;
    };
    let mut article = app.doc.article(r).cloned();
    if article.as_mut().and_then(last_award_list).is_none() {
        insert_award_list(app);
        return;
    }
    app.doc.change_article(r, "添加分类", Field::Step, |a| {
        if let Some(categories) = last_award_list(a) {
            categories.push(new_category());
        }
    });
}

/// 插入 → 名单行 (in the last category of the article's last award list).
pub fn insert_row(app: &mut App) {
    let Selection::Article(r) = app.selection else {
        return;
    };
    let mut article = app.doc.article(r).cloned();
    if article
        .as_mut()
        .and_then(last_award_list)
        .is_none_or(|c| c.is_empty())
    {
        insert_category(app);
    }
    app.doc.change_article(r, "添加名单行", Field::Step, |a| {
        if let Some(c) = last_award_list(a).and_then(|cs| cs.last_mut()) {
            c.rows.push(AwardRow::Person {
                name: String::new(),
                org: String::new(),
                award: String::new(),
            });
        }
    });
}

fn masthead_editor(app: &mut App, ui: &mut egui::Ui) {
    ui.heading("报头");
    let m = app.doc.issue.meta.clone();
    let key = |what: &str| Field::Text(format!("meta/{what}"));
    if let Some(t) = line_field(ui, "简报名称", &m.bulletin_name, "工作信息") {
        app.doc.change("修改简报名称", key("name"), |i| {
            i.meta.bulletin_name = t
        });
    }
    ui.horizontal(|ui| {
        let mut no = m.issue_no;
        let l = ui.label("期号：第");
        if ui
            .add(egui::DragValue::new(&mut no).range(1..=999))
            .labelled_by(l.id)
            .changed()
        {
            app.doc
                .change("修改期号", key("no"), |i| i.meta.issue_no = no);
        }
        ui.label("期");
        let mut has_total = m.total_no.is_some();
        if ui.checkbox(&mut has_total, "总第").changed() {
            let t = has_total.then_some(m.total_no.unwrap_or(m.issue_no));
            app.doc
                .change("修改总期号", Field::Step, |i| i.meta.total_no = t);
        }
        if let Some(mut total) = m.total_no {
            let l = ui.label("总期号");
            if ui
                .add(egui::DragValue::new(&mut total).range(1..=99_999))
                .labelled_by(l.id)
                .changed()
            {
                app.doc.change("修改总期号", key("total"), |i| {
                    i.meta.total_no = Some(total)
                });
            }
            ui.label("期");
        }
        let mut sup = m.supplement;
        if ui.checkbox(&mut sup, "增刊").changed() {
            app.doc
                .change("修改增刊", Field::Step, |i| i.meta.supplement = sup);
        }
    });
    if let Some(t) = line_field(ui, "编发单位", &m.editor_org, "山西省通信行业协会") {
        app.doc
            .change("修改编发单位", key("org"), |i| i.meta.editor_org = t);
    }
    ui.horizontal(|ui| {
        ui.label("日期");
        if let Some(d) = date_picker(ui, m.date) {
            app.doc.change("修改日期", Field::Step, |i| {
                i.meta.date = d;
                i.meta.year = d.year;
            });
        }
    });
    let class = m.classification.clone().unwrap_or_default();
    if let Some(t) = line_field(ui, "密级或标志（可不填）", &class, "内部资料") {
        app.doc.change("修改密级标志", key("class"), |i| {
            i.meta.classification = (!t.trim().is_empty()).then_some(t)
        });
    }
    print_count(app, ui);
}

fn print_count(app: &mut App, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let current = app.doc.issue.distribution.print_count;
        let mut on = current.is_some();
        if ui.checkbox(&mut on, "印数（共印X份）").changed() {
            let v = on.then_some(current.unwrap_or(100));
            app.doc.change("修改印数", Field::Step, |i| {
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
                app.doc
                    .change("修改印数", Field::Text("print".into()), |i| {
                        i.distribution.print_count = Some(n)
                    });
            }
            ui.label("份");
        }
    });
}

/// The weekday header of the calendar, Monday first as Chinese calendars print it.
const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// 0 for Monday … 6 for Sunday (Sakamoto's method on the proleptic Gregorian calendar).
fn weekday_from_monday(year: i32, month: u32, day: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let m = month.clamp(1, 12) as usize;
    let sunday_based =
        (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + T[m - 1] + day as i32)
            .rem_euclid(7);
    ((sunday_based + 6) % 7) as u32
}

/// The month as calendar rows Monday to Sunday: each day in its weekday's column,
/// blanks before the 1st and after the last day.
fn month_weeks(year: i32, month: u32) -> Vec<[Option<u32>; 7]> {
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut column = weekday_from_monday(year, month, 1) as usize;
    for day in (1..=31).take_while(|&d| Date::new(year, month, d).is_some()) {
        week[column] = Some(day);
        column += 1;
        if column == 7 {
            weeks.push(week);
            week = [None; 7];
            column = 0;
        }
    }
    if column > 0 {
        weeks.push(week);
    }
    weeks
}

#[cfg(test)]
mod calendar_tests {
    use super::*;

    #[test]
    fn the_first_of_the_month_sits_under_its_weekday() {
        // Checked against a printed calendar; months starting on every weekday,
        // leap and century years, and both ends of the year.
        for (year, month, column) in [
            (2024, 7, 0),  // Monday
            (2026, 12, 1), // Tuesday
            (2021, 9, 2),  // Wednesday
            (2024, 2, 3),  // Thursday (leap year)
            (2000, 3, 2),  // Wednesday (after a century leap day)
            (2021, 1, 4),  // Friday
            (2022, 1, 5),  // Saturday
            (2023, 10, 6), // Sunday
            (1900, 3, 3),  // Thursday (1900 is not a leap year)
        ] {
            let weeks = month_weeks(year, month);
            assert_eq!(
                weeks[0].iter().position(|d| *d == Some(1)),
                Some(column),
                "{year}-{month}"
            );
            assert!(weeks[0][..column].iter().all(Option::is_none));
        }
    }

    #[test]
    fn every_day_appears_once_and_consecutive_days_follow_each_other() {
        for year in [1999, 2000, 2024, 2025, 2100] {
            for month in 1..=12 {
                let days: Vec<u32> = month_weeks(year, month)
                    .iter()
                    .flatten()
                    .flatten()
                    .copied()
                    .collect();
                let last = (28..=31)
                    .rev()
                    .find(|&d| Date::new(year, month, d).is_some())
                    .unwrap_or(28);
                assert_eq!(days, (1..=last).collect::<Vec<_>>(), "{year}-{month}");
                // The last day's column is the next month's 1st's column minus one.
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let last_column = month_weeks(year, month)
                    .last()
                    .and_then(|w| w.iter().rposition(Option::is_some))
                    .unwrap_or(0);
                assert_eq!(
                    (last_column + 1) % 7,
                    weekday_from_monday(ny, nm, 1) as usize,
                    "{year}-{month}"
                );
            }
        }
    }
}

/// A small calendar: month steppers, the weekday header and the days of the month,
/// each under its weekday.
fn date_picker(ui: &mut egui::Ui, date: Date) -> Option<Date> {
    let mut out = None;
    let label = date.chinese();
    ui.menu_button(format!("{label}（点击选择）"), |ui| {
        let mut y = date.year;
        let mut m = date.month;
        ui.horizontal(|ui| {
            if ui.button("上个月").clicked() {
                (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            }
            ui.label(format!("{y}年{m}月"));
            if ui.button("下个月").clicked() {
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
            if ui.button("今天").clicked() {
                out = Some(Date::today());
            }
        });
        if (y, m) != (date.year, date.month) {
            let day = date.day.min(28);
            out = Date::new(y, m, day);
        }
        ui.separator();
        egui::Grid::new("days")
            .min_col_width(26.0)
            .spacing([2.0, 2.0])
            .show(ui, |ui| {
                for name in WEEKDAYS {
                    ui.vertical_centered(|ui| ui.label(egui::RichText::new(name).strong()));
                }
                ui.end_row();
                for week in month_weeks(y, m) {
                    for cell in week {
                        match cell.and_then(|d| Date::new(y, m, d)) {
                            Some(day) => {
                                let picked = day == date;
                                let button = egui::Button::selectable(picked, day.day.to_string())
                                    .min_size(egui::vec2(26.0, 0.0));
                                if ui.add(button).clicked() {
                                    out = Some(day);
                                    ui.close();
                                }
                            }
                            None => {
                                ui.label("");
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    });
    out
}

fn distribution_editor(app: &mut App, ui: &mut egui::Ui) {
    ui.heading("版记（报 / 发 / 送）");
    ui.label("每一行是一个标签（报、发、送）和若干组收文单位；每组另起一行印出。");
    let lines = app.doc.issue.distribution.lines.clone();
    let book = app.address_book.clone();
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
                    app.doc.change(
                        "修改版记标签",
                        Field::Text(format!("dist{li}label")),
                        |i| i.distribution.lines[li].label = label,
                    );
                }
                if ui.small_button("删除这一行").clicked() {
                    app.doc.change("删除版记行", Field::Step, |i| {
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
                    let (resp, typed) = super::lines::unit_field(
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
                        app.doc.change(
                            "修改收文单位",
                            Field::Text(format!("dist{li}g{gi}")),
                            |i| i.distribution.lines[li].groups[gi].names = names,
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
                                    app.doc.change("按通讯录更新", Field::Step, |i| {
                                        i.distribution.lines[li].groups[gi].names = names
                                    });
                                }
                            }
                        }
                        if ui.small_button("删除这一组").clicked() {
                            app.doc.change("删除收文组", Field::Step, |i| {
                                i.distribution.lines[li].groups.remove(gi);
                            });
                        }
                    });
                });
            }
            ui.horizontal(|ui| {
                if ui.button("添加一组").clicked() {
                    app.doc.change("添加收文组", Field::Step, |i| {
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
                            app.doc.change("从通讯录添加", Field::Step, |i| {
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
        app.doc.change("添加版记行", Field::Step, |i| {
            i.distribution.lines.push(RecipientLine {
                label: "送".into(),
                groups: vec![RecipientGroup::default()],
            })
        });
    }
    let extra = app.doc.issue.distribution.extra.join("、");
    if let Some(t) = line_field(ui, "本期增发（用顿号分开，可不填）", &extra, "") {
        let names: Vec<String> = t
            .split(['、', ','])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        app.doc
            .change("修改本期增发", Field::Text("extra".into()), |i| {
                i.distribution.extra = names
            });
    }
    print_count(app, ui);
    if ui.button("编辑通讯录…").clicked() {
        app.panels.address_book_open = true;
    }
}

fn style_editor(app: &mut App, ui: &mut egui::Ui) {
    ui.heading("版式");
    let style = app.doc.issue.style.clone().unwrap_or_default();
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
        num(ui, "正文字号（磅）", &mut s.body_size, 9.0..=24.0);
        num(ui, "标题字号（磅）", &mut s.title_size, 12.0..=36.0);
        num(
            ui,
            "报头名称字号（磅）",
            &mut s.masthead_name_size,
            20.0..=72.0,
        );
        num(
            ui,
            "红色分隔线粗细（磅）",
            &mut s.masthead_rule_pt,
            0.25..=4.0,
        );
        num(ui, "天头（毫米）", &mut s.margin_top_mm, 10.0..=60.0);
        num(ui, "地脚（毫米）", &mut s.margin_bottom_mm, 10.0..=60.0);
        num(ui, "订口（毫米）", &mut s.margin_inner_mm, 10.0..=60.0);
        num(ui, "切口（毫米）", &mut s.margin_outer_mm, 10.0..=60.0);
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
    let installed = app.book.clone();
    if !std::mem::replace(&mut app.panels.installed_families_asked, true) {
        app.read_installed_families();
    }
    let reading = app.panels.installed_families.is_none();
    let choices = app.panels.installed_families.clone().unwrap_or_default();
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
            let (resp, typed) = super::lines::unit_field(ui, id, list, names_only, |text| {
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
        app.doc
            .change("修改版式", Field::Text("style".into()), |i| {
                i.style = Some(s.clone())
            });
    }
    ui.horizontal(|ui| {
        if ui
            .button("设为我的默认版式")
            .on_hover_text("以后新建的简报都用这个版式")
            .clicked()
        {
            app.settings.default_style = Some(s.clone());
            app.status = if app.places.is_some() {
                app.save_settings("默认版式未能保存");
                "已设为默认版式".into()
            } else {
                "找不到用户设置文件夹，默认版式只在本次有效".into()
            };
        }
        if ui.button("恢复此版式的默认值").clicked() {
            let fresh = Style::of(s.profile);
            app.doc
                .change("恢复默认版式", Field::Step, |i| i.style = Some(fresh));
        }
    });
}

/// A labelled whole-number setting on a grid row.
fn count<T: egui::emath::Numeric>(
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
fn choice<T: Copy + PartialEq>(
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

fn strictness_name(s: Strictness) -> &'static str {
    match s {
        Strictness::None => "无",
        Strictness::Basic => "基本",
        Strictness::GbStyle => "国标（默认）",
        Strictness::Strict => "严格",
    }
}

fn punct_name(p: PunctScheme) -> &'static str {
    match p {
        PunctScheme::Quanjiao => "全角式（默认）",
        PunctScheme::Kaiming => "开明式",
        PunctScheme::Banjiao => "半角式",
        PunctScheme::Plain => "不挤压",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_line_breaks_from_a_pdf_join_into_paragraphs() {
        let lines: Vec<String> = [
            "继8月13日山西省委副书记、省长蓝佛安一行赴山西联通调研数字",
            "经济发展后，9月16日，蓝佛安又到山西移动。",
            "",
            "蓝佛安听取了汇报。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let joined = join_hard_breaks(&lines);
        assert_eq!(joined.len(), 2);
        assert!(joined[0].starts_with("继8月") && joined[0].ends_with("山西移动。"));
    }
}
