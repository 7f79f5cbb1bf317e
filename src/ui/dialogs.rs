//! Menus, file prompts and the small windows: errors, recovery, the close question,
//! find, the address book, shortcuts and about.

use super::{App, Command, Selection};
use crate::store::{AddressGroup, Orphan, Theme};
use eframe::egui;
use std::path::PathBuf;

/// Which windows and panels are open.
#[derive(Default)]
pub struct Panels {
    pub warnings_open: bool,
    pub find_open: bool,
    pub find_text: String,
    pub address_book_open: bool,
    pub shortcuts_open: bool,
    pub about_open: bool,
    /// A command waiting for the answer to 保存 / 不保存 / 取消.
    pub unsaved_question: Option<Command>,
    pub quit_now: bool,
    /// Work of editors that ended without saving, offered one at a time.
    pub orphans: Vec<Orphan>,
    /// Articles read from a file, waiting for the user to confirm what was recognised.
    pub import_review: Option<ImportReview>,
    pub reinstall_fonts: bool,
    /// Put the keyboard in the editor's first field on the next frame.
    pub focus_editor: bool,
    /// Paragraphs `start..end` of an article just received pasted text with hard line
    /// breaks: the editor offers to join them.
    pub join_offer: Option<(crate::edit::ArticleRef, usize, usize)>,
    /// Installed font families for the style editor, read once when first needed.
    pub installed_families: Option<Vec<String>>,
    /// Whether they were asked for (they are read on the disk worker).
    pub installed_families_asked: bool,
}

/// What an import recognised, shown for confirmation before anything is inserted.
pub struct ImportReview {
    pub path: PathBuf,
    pub articles: Vec<crate::model::Article>,
    /// Per article: insert it.
    pub keep: Vec<bool>,
    /// Per article: keep the recognised byline.
    pub keep_byline: Vec<bool>,
    pub notes: Option<String>,
}

impl ImportReview {
    pub fn new(path: PathBuf, articles: Vec<crate::model::Article>, notes: Option<String>) -> Self {
        let n = articles.len();
        ImportReview {
            path,
            articles,
            keep: vec![true; n],
            keep_byline: vec![true; n],
            notes,
        }
    }
}

fn item(ui: &mut egui::Ui, text: &str, shortcut: &str, tip: &str, enabled: bool) -> bool {
    let button = egui::Button::new(text).shortcut_text(shortcut);
    ui.add_enabled(enabled, button).on_hover_text(tip).clicked()
}

pub fn menu_bar(app: &mut App, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    let idle = app.busy.is_none();
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                if item(
                    ui,
                    "新建",
                    "Ctrl+N",
                    "新建一期空白简报（报头、版记沿用当前的）",
                    true,
                ) {
                    app.run_command(&ctx, Command::New);
                }
                if item(
                    ui,
                    "新建下一期",
                    "",
                    "期号、总期号加一，日期为今天，保留栏目和版记，清空文章",
                    true,
                ) {
                    app.run_command(&ctx, Command::NextIssue);
                }
                if item(ui, "打开…", "Ctrl+O", "打开一个 .jianbao 简报文件", idle) {
                    app.run_command(&ctx, Command::Open);
                }
                ui.menu_button("最近打开", |ui| {
                    if app.settings.recent.is_empty() {
                        ui.label("（没有）");
                    }
                    for path in app.settings.recent.clone() {
                        if ui
                            .button(path.display().to_string())
                            .on_hover_text("打开这个文件")
                            .clicked()
                        {
                            app.run_command(&ctx, Command::OpenRecent(path));
                        }
                    }
                });
                if item(
                    ui,
                    "导入为新简报…",
                    "",
                    "把一整期的文字（文本文件）或一篇 Word 文档导入成一期新简报，沿用当前的报头、版记和版式",
                    idle,
                ) {
                    app.run_command(&ctx, Command::ImportAsNew);
                }
                ui.separator();
                if item(
                    ui,
                    "保存",
                    "Ctrl+S",
                    "保存到当前文件（原子写入，保留上一版本为 ~ 备份）",
                    idle,
                ) {
                    app.run_command(&ctx, Command::Save);
                }
                if item(ui, "另存为…", "Ctrl+Shift+S", "保存到另一个文件", idle) {
                    app.run_command(&ctx, Command::SaveAs);
                }
                if item(
                    ui,
                    "导出 PDF…",
                    "Ctrl+E",
                    "把各页导出为可印刷的 A4 PDF",
                    idle,
                ) {
                    app.run_command(&ctx, Command::Export);
                }
                ui.separator();
                if item(ui, "退出", "", "关闭窗口（有未保存的修改时会先询问）", true)
                {
                    app.run_command(&ctx, Command::Quit);
                }
            });
            ui.menu_button("编辑", |ui| {
                let undo = app.doc.undo_label().map(|l| format!("撤销“{l}”"));
                if item(
                    ui,
                    undo.as_deref().unwrap_or("撤销"),
                    "Ctrl+Z",
                    "撤销上一步修改",
                    undo.is_some(),
                ) {
                    app.run_command(&ctx, Command::Undo);
                }
                let redo = app.doc.redo_label().map(|l| format!("重做“{l}”"));
                if item(
                    ui,
                    redo.as_deref().unwrap_or("重做"),
                    "Ctrl+Shift+Z / Ctrl+Y",
                    "重做撤销掉的修改",
                    redo.is_some(),
                ) {
                    app.run_command(&ctx, Command::Redo);
                }
                ui.separator();
                if item(ui, "查找…", "Ctrl+F", "在全部文章中查找文字", true) {
                    app.panels.find_open = true;
                }
                if item(ui, "通讯录…", "", "编辑报、发、送的收文单位分组", true)
                {
                    app.panels.address_book_open = true;
                }
            });
            ui.menu_button("插入", |ui| {
                if item(ui, "栏目", "", "在选中的栏目后面添加一个栏目", true) {
                    app.insert_section();
                }
                if item(
                    ui,
                    "文章",
                    "",
                    "在选中的文章后面（或选中栏目的末尾）添加一篇文章",
                    true,
                ) {
                    app.insert_article();
                }
                let article = matches!(app.selection, Selection::Article(_));
                if item(
                    ui,
                    "从文件导入文章…",
                    "",
                    "导入 Word 文档（.docx）或文本文件（UTF-8、UTF-16 或 GBK）中的文章：自动接好断行、认出标题、署名和获奖名单",
                    idle,
                ) {
                    app.run_command(&ctx, Command::ImportArticles);
                }
                ui.separator();
                if item(ui, "获奖名单", "", "在选中文章的末尾添加获奖名单", article)
                {
                    super::editor::insert_award_list(app);
                }
                if item(
                    ui,
                    "分类",
                    "",
                    "在选中文章的获奖名单末尾添加一个分类",
                    article,
                ) {
                    super::editor::insert_category(app);
                }
                if item(
                    ui,
                    "名单行",
                    "",
                    "在获奖名单最后一个分类末尾添加一行",
                    article,
                ) {
                    super::editor::insert_row(app);
                }
            });
            ui.menu_button("视图", |ui| {
                if item(ui, "放大", "", "放大预览", true) {
                    app.view.fit = super::preview::Fit::Free;
                    app.view.zoom = (app.view.zoom * 1.25).min(5.0);
                }
                if item(ui, "缩小", "", "缩小预览", true) {
                    app.view.fit = super::preview::Fit::Free;
                    app.view.zoom = (app.view.zoom / 1.25).max(0.1);
                }
                if item(ui, "适合宽度", "", "让页面宽度适合预览区", true) {
                    app.view.fit = super::preview::Fit::Width;
                }
                if item(ui, "整页", "", "缩放到能看见整页", true) {
                    app.view.fit = super::preview::Fit::Page;
                }
                ui.separator();
                ui.radio_value(&mut app.view.two_up, false, "单页")
                    .on_hover_text("一页一页往下排");
                ui.radio_value(&mut app.view.two_up, true, "双页")
                    .on_hover_text("像翻开的刊物一样两页并排");
                ui.checkbox(&mut app.view.show_grid, "显示版心网格")
                    .on_hover_text("显示版心和每一行的位置");
                ui.separator();
                theme_choice(app, ui);
            });
            ui.menu_button("帮助", |ui| {
                if item(ui, "快捷键", "", "列出全部快捷键", true) {
                    app.panels.shortcuts_open = true;
                }
                if item(ui, "关于", "", "版本和许可", true) {
                    app.panels.about_open = true;
                }
            });
        });
    });
}

/// 视图 → 外观: the editor's colours, remembered in the settings.
fn theme_choice(app: &mut App, ui: &mut egui::Ui) {
    ui.label(egui::RichText::new("外观").weak());
    for (theme, label, tip) in [
        (
            Theme::System,
            "跟随系统",
            "按操作系统的浅色或深色设置（没有设置时用浅色）",
        ),
        (Theme::Light, "浅色", "白底黑字"),
        (Theme::Dark, "深色", "深色底浅色字"),
    ] {
        if ui
            .radio(app.settings.theme == theme, label)
            .on_hover_text(tip)
            .clicked()
            && app.settings.theme != theme
        {
            app.settings.theme = theme;
            super::desktop::apply_theme(ui.ctx(), theme);
            app.save_settings("外观设置未能保存");
        }
    }
}

pub fn warnings_panel(app: &mut App, ui: &mut egui::Ui) {
    let warnings = app.typeset.pages.warnings.clone();
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
                        app.panels.warnings_open = false;
                    }
                });
            });
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if warnings.is_empty() {
                        ui.label("没有警告。");
                    }
                    for w in &warnings {
                        let place = w.page.map(|p| format!("第{p}页 ")).unwrap_or_default();
                        if ui
                            .link(format!("{place}{}", w.zh))
                            .on_hover_text("转到出问题的地方")
                            .clicked()
                        {
                            app.select_source(Some(w.source));
                            if let Some(p) = w.page {
                                app.view.goto_page = Some(p.saturating_sub(1));
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
                        let f = app.typeset.findings[k].clone();
                        // A stale finding (the text changed since) is refused, not
                        // applied at a shifted place; the findings are made afresh.
                        match crate::check::verify(&app.doc.issue, &f) {
                            Ok(()) => {
                                let _ = app.doc.change(
                                    "校对修正",
                                    crate::edit::Field::Step,
                                    |issue| crate::check::apply(issue, &f),
                                );
                                app.status = "已修正（可撤销）".into();
                            }
                            Err(e) => {
                                app.status = format!("未修正：{}", e.chinese());
                                app.typeset.findings = crate::check::proofread(&app.doc.issue);
                            }
                        }
                    }
                    for (place, source) in &app.typeset.pages.tightened.clone() {
                        if ui.link(format!("为排版紧凑少排一行：{place}")).clicked() {
                            app.select_source(Some(*source));
                        }
                    }
                });
        });
    if let Some(place) = jump {
        if let Some(n) = place.article {
            app.select_source(Some(crate::layout::Source::Article(n)));
        } else if let Some(s) = place.section {
            app.selection = Selection::Section(s);
        }
    }
}

/// Floating windows, drawn last so they sit on top.
pub fn windows(app: &mut App, ctx: &egui::Context) {
    if let Some(msg) = app.error.clone() {
        egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
            ui.heading("出错了");
            ui.label(msg);
            ui.label("您的工作没有丢失。");
            if ui.button("确定").clicked() {
                app.error = None;
            }
        });
        return;
    }
    if super::recovery::offer(app, ctx) {
        return;
    }
    super::commands::unsaved_question(app, ctx);
    super::file_chooser::show(app, ctx);
    import_review_window(app, ctx);
    find_window(app, ctx);
    address_book_window(app, ctx);
    egui::Window::new("快捷键")
        .open(&mut app.panels.shortcuts_open)
        .show(ctx, |ui| {
            egui::Grid::new("keys").show(ui, |ui| {
                for (k, what) in [
                    ("Ctrl+N", "新建"),
                    ("Ctrl+O", "打开"),
                    ("Ctrl+S", "保存"),
                    ("Ctrl+Shift+S", "另存为"),
                    ("Ctrl+E", "导出 PDF"),
                    ("Ctrl+Z", "撤销"),
                    ("Ctrl+Shift+Z / Ctrl+Y", "重做"),
                    ("Ctrl+F", "查找"),
                    ("Alt+↑ / Alt+↓", "上移 / 下移选中的栏目或文章"),
                    ("PageUp / PageDown", "预览翻页"),
                ] {
                    ui.label(k);
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
    egui::Window::new("关于简报编排")
        .open(&mut app.panels.about_open)
        .show(ctx, |ui| {
            ui.label(format!("简报编排 jianbao {}", env!("CARGO_PKG_VERSION")));
            ui.label("按简报版式排版并导出可印刷的 PDF。随附字体：Noto CJK（SIL OFL）、霞鹜文楷（SIL OFL）。");
        });
}

/// The import's findings, for the user to confirm: each article's title (editable),
/// subtitle, byline, paragraphs and lists, with a choice to leave any out.
fn import_review_window(app: &mut App, ctx: &egui::Context) {
    let Some(review) = app.panels.import_review.as_mut() else {
        return;
    };
    let mut done: Option<bool> = None;
    egui::Modal::new(egui::Id::unique("import-review")).show(ctx, |ui| {
        ui.heading("导入前请核对");
        ui.label(format!(
            "从 {} 认出 {} 篇文章。可以修改标题，去掉不要的文章或署名。",
            review.path.display(),
            review.articles.len()
        ));
        if let Some(notes) = &review.notes {
            ui.colored_label(egui::Color32::from_rgb(200, 120, 0), notes);
        }
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                for (k, a) in review.articles.iter_mut().enumerate() {
                    ui.separator();
                    ui.checkbox(&mut review.keep[k], format!("导入第 {} 篇", k + 1));
                    let l = ui.label("标题");
                    ui.add(egui::TextEdit::singleline(&mut a.title).desired_width(420.0))
                        .labelled_by(l.id);
                    if let Some(sub) = &a.subtitle {
                        ui.label(format!("副题：{sub}"));
                    }
                    let paragraphs = a
                        .blocks
                        .iter()
                        .filter(|b| matches!(b, crate::model::Block::Paragraph { .. }))
                        .count();
                    let lists = a
                        .blocks
                        .iter()
                        .filter(|b| matches!(b, crate::model::Block::AwardList { .. }))
                        .count();
                    ui.label(format!(
                        "{paragraphs} 段正文{}",
                        if lists > 0 {
                            format!("，{lists} 个获奖名单")
                        } else {
                            String::new()
                        }
                    ));
                    if let Some(first) = a.blocks.iter().find_map(|b| match b {
                        crate::model::Block::Paragraph { text } => {
                            Some(text.chars().take(40).collect::<String>())
                        }
                        _ => None,
                    }) {
                        ui.label(egui::RichText::new(format!("{first}…")).weak());
                    }
                    if let Some(by) = &a.attribution {
                        ui.checkbox(
                            &mut review.keep_byline[k],
                            format!("署名：{}", by.printed()),
                        );
                    }
                }
            });
        ui.horizontal(|ui| {
            if ui.button("导入选中的文章").clicked() {
                done = Some(true);
            }
            if ui.button("取消").clicked() {
                done = Some(false);
            }
        });
    });
    match done {
        Some(true) => {
            if let Some(review) = app.panels.import_review.take() {
                let chosen: Vec<crate::model::Article> = review
                    .articles
                    .into_iter()
                    .zip(review.keep.iter().zip(&review.keep_byline))
                    .filter(|(_, (keep, _))| **keep)
                    .map(|(mut a, (_, byline))| {
                        if !byline {
                            a.attribution = None;
                        }
                        a
                    })
                    .collect();
                let n = app.insert_imported(chosen);
                app.status = format!("已导入 {n} 篇文章（可撤销）");
            }
        }
        Some(false) => {
            app.panels.import_review = None;
            app.status = "已取消导入".into();
        }
        None => {}
    }
}

fn find_window(app: &mut App, ctx: &egui::Context) {
    if !app.panels.find_open {
        return;
    }
    let mut open = true;
    egui::Window::new("查找").open(&mut open).show(ctx, |ui| {
        let label = ui.label("查找内容");
        ui.text_edit_singleline(&mut app.panels.find_text)
            .labelled_by(label.id)
            .request_focus();
        let needle = app.panels.find_text.trim().to_string();
        if needle.is_empty() {
            return;
        }
        let mut hits = 0;
        for r in app.doc.article_refs() {
            let Some(a) = app.doc.article(r) else {
                continue;
            };
            let mut count = a.title.matches(&needle).count();
            for b in &a.blocks {
                if let crate::model::Block::Paragraph { text }
                | crate::model::Block::ListIntro { text } = b
                {
                    count += text.matches(&needle).count();
                }
            }
            if count > 0 {
                hits += count;
                let title = a.title.replace('\n', "");
                if ui.link(format!("{title}（{count} 处）")).clicked() {
                    app.selection = Selection::Article(r);
                }
            }
        }
        ui.label(if hits == 0 {
            "没有找到".to_string()
        } else {
            format!("共 {hits} 处")
        });
    });
    app.panels.find_open = open;
}

fn address_book_window(app: &mut App, ctx: &egui::Context) {
    if !app.panels.address_book_open {
        return;
    }
    let mut open = true;
    let mut changed = false;
    egui::Window::new("通讯录")
        .open(&mut open)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.label("每个分组是一串收文单位（每行一个）。在“版记”里可以按分组添加，简报保存自己的一份名单。");
            let mut remove = None;
            for (gi, group) in app.address_book.groups.iter_mut().enumerate() {
                ui.separator();
                ui.horizontal(|ui| {
                    let l = ui.label("分组名称");
                    changed |= ui
                        .text_edit_singleline(&mut group.name)
                        .labelled_by(l.id)
                        .changed();
                    if ui.button("删除分组").clicked() {
                        remove = Some(gi);
                    }
                });
                let l = ui.label(format!("“{}”的单位（每行一个）", group.name));
                let id = ui.make_persistent_id(("address-group", gi));
                let (resp, typed) = super::lines::unit_field(ui, id, &group.names, |u| u, |t| {
                    egui::TextEdit::multiline(t).desired_rows(3)
                });
                resp.labelled_by(l.id);
                if let Some(names) = typed {
                    group.names = names;
                    changed = true;
                }
            }
            if let Some(gi) = remove {
                app.address_book.groups.remove(gi);
                changed = true;
            }
            ui.separator();
            if ui.button("添加分组").clicked() {
                app.address_book.groups.push(AddressGroup {
                    name: format!("新分组{}", app.address_book.groups.len() + 1),
                    names: Vec::new(),
                });
                changed = true;
            }
        });
    if changed {
        app.save_address_book();
    }
    app.panels.address_book_open = open;
}
