//! The small windows and their state: errors, recovery, the close question, import
//! review, find, the address book, shortcuts and about.

use super::view::{ViewChange, Window};
use super::{App, Command, Selection, UnsavedAnswer, ViewState};
use crate::edit::Document;
use crate::store::AddressBook;
use crate::store::AddressGroup;
use eframe::egui;
use std::path::PathBuf;

/// Questions the editor is waiting on an answer to, and whether it is closing.
#[derive(Default)]
pub struct Questions {
    /// A command waiting for the answer to 保存 / 不保存 / 取消.
    pub unsaved_question: Option<Command>,
    /// The window closes on the next frame (the user answered, or nothing was unsaved).
    pub quit_now: bool,
    /// Articles read from a file, waiting for the user to confirm what was recognised.
    pub import_review: Option<ImportReview>,
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
    /// The pictures the articles' figures show, added to the issue with them.
    pub pictures: crate::model::Pictures,
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
            pictures: crate::model::Pictures::default(),
        }
    }
}

/// An error, as a modal window: 确定 closes it.
pub(super) fn error_window(message: &str, ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
        ui.heading("出错了");
        ui.label(message);
        ui.label("您的工作没有丢失。");
        if ui.button("确定").clicked() {
            out.push(Command::DismissError);
        }
    });
    out
}

/// 帮助 → 快捷键 and 帮助 → 关于.
pub(super) fn help_windows(view: &ViewState, ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    let mut open = view.shortcuts_open;
    egui::Window::new("快捷键").open(&mut open).show(ctx, |ui| {
        egui::Grid::new("keys").show(ui, |ui| {
            for (k, what) in [
                ("Ctrl+N", "新建"),
                ("Ctrl+O", "打开"),
                ("Ctrl+S", "保存"),
                ("Ctrl+Shift+S", "另存为"),
                ("Ctrl+E", "导出 PDF"),
                ("Ctrl+P", "打印"),
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
    if view.shortcuts_open && !open {
        out.push(Command::View(ViewChange::Close(Window::Shortcuts)));
    }
    let mut open = view.about_open;
    egui::Window::new("关于简报编排")
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(format!("简报编排 jianbao {}", env!("CARGO_PKG_VERSION")));
            ui.label("按简报版式排版并导出可印刷的 PDF。随附字体：Noto CJK（SIL OFL）、霞鹜文楷（SIL OFL）。");
        });
    if view.about_open && !open {
        out.push(Command::View(ViewChange::Close(Window::About)));
    }
    out
}

/// The import's findings, for the user to confirm: each article's title (editable),
/// subtitle, byline, paragraphs and lists, with a choice to leave any out.
pub(super) fn import_review_window(review: &mut ImportReview, ctx: &egui::Context) -> Vec<Command> {
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
                    let count = |is: fn(&crate::model::Block) -> bool| {
                        a.blocks.iter().filter(|b| is(b)).count()
                    };
                    let lists = count(|b| matches!(b, crate::model::Block::AwardList { .. }));
                    let figures = count(|b| matches!(b, crate::model::Block::Figure(_)));
                    let tables = count(|b| matches!(b, crate::model::Block::Table(_)));
                    let mut summary = format!("{paragraphs} 段正文");
                    for (n, what) in [
                        (lists, "个获奖名单"),
                        (figures, "幅图片"),
                        (tables, "个表格"),
                    ] {
                        if n > 0 {
                            summary.push_str(&format!("，{n} {what}"));
                        }
                    }
                    ui.label(summary);
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
    done.map(|insert| Command::FinishImport { insert })
        .into_iter()
        .collect()
}

/// 查找: the articles that contain the text, each a link to it. `text` is the find
/// field's own buffer (typed into in place).
pub(super) fn find_window(doc: &Document, text: &mut String, ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    let mut open = true;
    egui::Window::new("查找").open(&mut open).show(ctx, |ui| {
        let label = ui.label("查找内容");
        ui.text_edit_singleline(text)
            .labelled_by(label.id)
            .request_focus();
        let needle = text.trim().to_string();
        if needle.is_empty() {
            return;
        }
        let mut hits = 0;
        for r in doc.article_refs() {
            let Some(a) = doc.article(r) else {
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
                    out.push(Command::Select(Selection::Article(r)));
                }
            }
        }
        ui.label(if hits == 0 {
            "没有找到".to_string()
        } else {
            format!("共 {hits} 处")
        });
    });
    if !open {
        out.push(Command::View(ViewChange::Close(Window::Find)));
    }
    out
}

/// 通讯录: groups of recipients, edited on a copy that goes back whole when changed.
pub(super) fn address_book_window(book: &AddressBook, ctx: &egui::Context) -> Vec<Command> {
    let mut out = Vec::new();
    let mut book = book.clone();
    let mut open = true;
    let mut changed = false;
    egui::Window::new("通讯录")
        .open(&mut open)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.label("每个分组是一串收文单位（每行一个）。在“版记”里可以按分组添加，简报保存自己的一份名单。");
            let mut remove = None;
            for (gi, group) in book.groups.iter_mut().enumerate() {
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
                book.groups.remove(gi);
                changed = true;
            }
            ui.separator();
            if ui.button("添加分组").clicked() {
                book.groups.push(AddressGroup {
                    name: format!("新分组{}", book.groups.len() + 1),
                    names: Vec::new(),
                });
                changed = true;
            }
        });
    if changed {
        out.push(Command::SetAddressBook(Box::new(book)));
    }
    if !open {
        out.push(Command::View(ViewChange::Close(Window::AddressBook)));
    }
    out
}

/// The unsaved-changes question, as a modal window over the editor.
pub fn unsaved_question(app: &App, ctx: &egui::Context) -> Vec<Command> {
    let Some(command) = &app.questions.unsaved_question else {
        return Vec::new();
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("unsaved-question")).show(ctx, |ui| {
        ui.heading(if *command == Command::Quit {
            "关闭前保存修改吗？"
        } else {
            "保存对当前简报的修改吗？"
        });
        ui.label(format!(
            "您要{}，当前简报有未保存的修改。如果不保存，这些修改将会丢失。",
            command.doing()
        ));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("保存").on_hover_text("先保存，再继续").clicked() {
                answer = Some(UnsavedAnswer::Save);
            }
            if ui
                .button("不保存")
                .on_hover_text("放弃这些修改，继续")
                .clicked()
            {
                answer = Some(UnsavedAnswer::Discard);
            }
            if ui
                .button("取消")
                .on_hover_text("回到编辑，什么也不做")
                .clicked()
            {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(UnsavedAnswer::Cancel);
        }
    });
    answer.map(Command::AnswerUnsaved).into_iter().collect()
}
