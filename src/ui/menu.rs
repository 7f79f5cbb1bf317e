//! The menu bar (文件, 编辑, 插入, 视图, 帮助): each item returns a [`Command`] (a view
//! change among them); greyed out when it cannot act.
//!
//! Adding an entry: one line (text, shortcut, tooltip, enabled, command) in its
//! menu's list of [`items`].

use super::view::{Fit, ViewChange, Window};
use super::{App, Command, Selection};
use crate::store::Theme;
use eframe::egui;

/// One menu entry: its text, the shortcut shown beside it, its tooltip, whether it
/// can act now, and the command it gives.
type Entry<'a> = (&'a str, &'a str, &'a str, bool, Command);

/// A run of menu items in order, each with its shortcut shown and a tooltip; the
/// command of the one clicked goes to `out`.
fn items<'a>(
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
    entries: impl IntoIterator<Item = Entry<'a>>,
) {
    for (text, shortcut, tip, enabled, command) in entries {
        let button = egui::Button::new(text).shortcut_text(shortcut);
        if ui.add_enabled(enabled, button).on_hover_text(tip).clicked() {
            out.push(command);
        }
    }
}

/// The menu bar: every command is reachable from here, with its shortcut shown.
/// Returns what the user chose.
pub fn menu_bar(app: &App, ui: &mut egui::Ui) -> Vec<Command> {
    use crate::export::Format;
    let mut out = Vec::new();
    let idle = app.tasks.busy.is_none();
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                items(ui, &mut out, [
                    ("新建", "Ctrl+N", "新建一期空白简报（报头、版记沿用当前的）", true, Command::New),
                    ("新建下一期", "", "期号、总期号加一，日期为今天，保留栏目和版记，清空文章", true, Command::NextIssue),
                    ("打开…", "Ctrl+O", "打开一个 .jianbao 简报文件", idle, Command::Open),
                ]);
                ui.menu_button("最近打开", |ui| {
                    if app.profile.settings.recent.is_empty() {
                        ui.label("（没有）");
                    }
                    for path in app.profile.settings.recent.clone() {
                        if ui
                            .button(path.display().to_string())
                            .on_hover_text("打开这个文件")
                            .clicked()
                        {
                            out.push(Command::OpenRecent(path));
                        }
                    }
                });
                items(ui, &mut out, [(
                    "导入为新简报…",
                    "",
                    "把一整期的文字（文本文件）或一篇 Word 文档导入成一期新简报，沿用当前的报头、版记和版式",
                    idle,
                    Command::ImportAsNew,
                )]);
                ui.separator();
                // Flat entries beside 导出 PDF (a submenu hides them one hover deeper).
                items(ui, &mut out, [
                    ("保存", "Ctrl+S", "保存到当前文件（原子写入，保留上一版本为 ~ 备份）", idle, Command::Save),
                    ("另存为…", "Ctrl+Shift+S", "保存到另一个文件", idle, Command::SaveAs),
                    ("导出 PDF…", "Ctrl+E", "把各页导出为可印刷的 A4 PDF", idle, Command::Export),
                    ("导出为 Word 文档…", "", "本刊版式的 Word 文档（.docx），供上级单位编辑", idle, Command::ExportAs(Format::Docx)),
                    ("导出为网页…", "", "一个网页文件（.html），在浏览器里全选复制后可粘贴到微信公众号编辑器", idle, Command::ExportAs(Format::Html)),
                    ("导出为小册子 PDF…", "", "骑马钉小册子：两页并排在 A3 横向纸上，按折页顺序排好", idle, Command::ExportAs(Format::Booklet)),
                    ("导出页面图片…", "", "把各页（或选定的页）存成 PNG 图片，可选分辨率", idle, Command::PageImages(super::PageImagesStep::Open)),
                ]);
                ui.separator();
                items(ui, &mut out, [(
                    "打印…",
                    "Ctrl+P",
                    "选择打印机、份数和页码，把各页按预览的样子送去打印",
                    idle,
                    Command::Print(super::PrintStep::Open),
                )]);
                ui.separator();
                items(ui, &mut out, [("退出", "", "关闭窗口（有未保存的修改时会先询问）", true, Command::Quit)]);
            });
            ui.menu_button("编辑", |ui| {
                let undo = app.session.doc.undo_label().map(|l| format!("撤销“{l}”"));
                let redo = app.session.doc.redo_label().map(|l| format!("重做“{l}”"));
                items(ui, &mut out, [
                    (undo.as_deref().unwrap_or("撤销"), "Ctrl+Z", "撤销上一步修改", undo.is_some(), Command::Undo),
                    (redo.as_deref().unwrap_or("重做"), "Ctrl+Shift+Z / Ctrl+Y", "重做撤销掉的修改", redo.is_some(), Command::Redo),
                ]);
                ui.separator();
                items(ui, &mut out, [
                    ("查找…", "Ctrl+F", "在全部文章中查找文字", true, Command::View(ViewChange::Open(Window::Find))),
                    ("通讯录…", "", "编辑报、发、送的收文单位分组", true, Command::View(ViewChange::Open(Window::AddressBook))),
                ]);
            });
            ui.menu_button("插入", |ui| {
                let article = matches!(app.view.selection, Selection::Article(_));
                items(ui, &mut out, [
                    ("栏目", "", "在选中的栏目后面添加一个栏目", true, Command::InsertSection),
                    ("文章", "", "在选中的文章后面（或选中栏目的末尾）添加一篇文章", true, Command::InsertArticle),
                    ("从文件导入文章…", "", "导入 Word 文档（.docx）或文本文件（UTF-8、UTF-16 或 GBK）中的文章：自动接好断行、认出标题、署名和获奖名单", idle, Command::ImportArticles),
                    ("图片…", "", "在选中文章的末尾插入一幅 JPEG 或 PNG 图片（也可以把图片文件拖进窗口，或粘贴截图）", article && idle, Command::InsertPicture),
                ]);
                ui.separator();
                items(ui, &mut out, [
                    ("获奖名单", "", "在选中文章的末尾添加获奖名单", article, Command::InsertAwardList),
                    ("分类", "", "在选中文章的获奖名单末尾添加一个分类", article, Command::InsertCategory),
                    ("名单行", "", "在获奖名单最后一个分类末尾添加一行", article, Command::InsertAwardRow),
                ]);
                ui.separator();
                ui.add_enabled_ui(article, |ui| {
                    ui.menu_button("表格…", |ui| {
                        let id = ui.make_persistent_id("insert-table-size");
                        let (mut rows, mut columns) =
                            ui.data(|d| d.get_temp::<(usize, usize)>(id)).unwrap_or((3, 4));
                        ui.horizontal(|ui| {
                            let l = ui.label("行数");
                            ui.add(egui::DragValue::new(&mut rows).range(1..=200))
                                .labelled_by(l.id);
                            ui.label("×");
                            let l = ui.label("列数");
                            ui.add(egui::DragValue::new(&mut columns).range(1..=20))
                                .labelled_by(l.id);
                        });
                        ui.data_mut(|d| d.insert_temp(id, (rows, columns)));
                        if ui
                            .button("插入表格")
                            .on_hover_text("在选中文章的末尾插入表格（首行为表头）")
                            .clicked()
                        {
                            out.push(Command::InsertTable { rows, columns });
                            ui.close();
                        }
                    });
                });
            });
            ui.menu_button("视图", |ui| {
                items(ui, &mut out, [
                    ("放大", "", "放大预览", true, Command::View(ViewChange::ZoomIn)),
                    ("缩小", "", "缩小预览", true, Command::View(ViewChange::ZoomOut(0.1))),
                    ("适合宽度", "", "让页面宽度适合预览区", true, Command::View(ViewChange::Fit(Fit::Width))),
                    ("整页", "", "缩放到能看见整页", true, Command::View(ViewChange::Fit(Fit::Page))),
                ]);
                ui.separator();
                let mut two_up = app.view.pages.two_up;
                ui.radio_value(&mut two_up, false, "单页")
                    .on_hover_text("一页一页往下排");
                ui.radio_value(&mut two_up, true, "双页")
                    .on_hover_text("像翻开的刊物一样两页并排");
                if two_up != app.view.pages.two_up {
                    out.push(Command::View(ViewChange::TwoUp(two_up)));
                }
                let mut grid = app.view.pages.show_grid;
                ui.checkbox(&mut grid, "显示版心网格")
                    .on_hover_text("显示版心和每一行的位置");
                if grid != app.view.pages.show_grid {
                    out.push(Command::View(ViewChange::ShowGrid(grid)));
                }
                ui.separator();
                out.extend(theme_choice(app, ui));
            });
            ui.menu_button("帮助", |ui| {
                items(ui, &mut out, [
                    ("快捷键", "", "列出全部快捷键", true, Command::View(ViewChange::Open(Window::Shortcuts))),
                    ("关于", "", "版本和许可", true, Command::View(ViewChange::Open(Window::About))),
                ]);
            });
        });
    });
    out
}

/// 视图 → 外观: the editor's colours, remembered in the settings.
fn theme_choice(app: &App, ui: &mut egui::Ui) -> Option<Command> {
    ui.label(egui::RichText::new("外观").weak());
    let mut chosen = None;
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
            .radio(app.profile.settings.theme == theme, label)
            .on_hover_text(tip)
            .clicked()
            && app.profile.settings.theme != theme
        {
            chosen = Some(Command::SetTheme(theme));
        }
    }
    chosen
}
