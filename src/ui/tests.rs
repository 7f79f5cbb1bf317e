//! The editor's main flows, driven headlessly through egui's accessibility tree
//! (egui_kittest): what a user clicks and types, and what the issue holds afterwards.

use super::{App, Command, Prompts, Selection};
use crate::edit::ArticleRef;
use crate::model::{Block, Issue};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

pub(super) fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jianbao-ui-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// An editor on `issue` with bundled fonts, tasks run inline, and user files in `dir`.
pub(super) fn harness(issue: Issue, dir: &std::path::Path) -> Harness<'static, App> {
    super::test_harness::TestEditor::new(issue, dir).harness()
}

fn empty_issue() -> Issue {
    let mut issue = Issue::sample();
    issue.front.clear();
    issue.sections.clear();
    issue
}

/// Clicks the text field named `label` and types `text` into it.
pub(super) fn type_into(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
    h.get_by_label(label).type_text(text);
    h.run_steps(2);
}

#[test]
fn add_a_section_and_an_article_type_and_undo_redo() {
    let dir = temp_dir("compose");
    let mut h = harness(empty_issue(), &dir);
    h.get_by_label("＋栏目").click();
    h.run_steps(2);
    assert_eq!(h.state().session.doc.issue.sections.len(), 1);
    type_into(&mut h, "栏目名称（印成【…】）", "会员");
    assert!(h.state().session.doc.issue.sections[0]
        .label
        .starts_with("新栏目会员"));

    h.get_by_label("＋文章").click();
    h.run_steps(2);
    let r = ArticleRef {
        section: Some(0),
        index: 0,
    };
    assert_eq!(h.state().view.selection, Selection::Article(r));
    type_into(&mut h, "标题（回车可强制换行）", "山西移动召开会议");
    type_into(&mut h, "段落", "近日，山西移动召开会议。");
    {
        let doc = &h.state().session.doc;
        let a = doc.article(r).expect("the new article");
        assert!(a.title.ends_with("山西移动召开会议"), "{}", a.title);
        assert_eq!(
            a.blocks,
            vec![Block::Paragraph {
                text: "近日，山西移动召开会议。".into()
            }]
        );
    }
    // The preview follows: the new title is on page 1.
    let on_page: String = h
        .state()
        .pages()
        .lines(0)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(on_page.contains("山西移动召开会议"));

    // Undo takes back the typing, then redo restores it (Ctrl+Z, Ctrl+Y).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(h.state().session.doc.article(r).unwrap().blocks.is_empty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().session.doc.article(r).unwrap().blocks.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reorder_articles_with_buttons_and_keys() {
    let dir = temp_dir("reorder");
    let mut h = harness(Issue::sample(), &dir);
    let second = h.state().session.doc.issue.sections[1].articles[1]
        .title
        .clone();
    h.state_mut().view.selection = Selection::Article(ArticleRef {
        section: Some(1),
        index: 1,
    });
    h.run_steps(1);
    h.get_by_label("↑").click();
    h.run_steps(2);
    assert_eq!(
        h.state().session.doc.issue.sections[1].articles[0].title,
        second
    );
    // Alt+↓ moves it back.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(
        h.state().session.doc.issue.sections[1].articles[1].title,
        second
    );
    // Deleting asks nothing and undo brings the article back.
    let count = h.state().session.doc.issue.articles().count();
    h.get_by_label("删除").click();
    h.run_steps(2);
    assert_eq!(h.state().session.doc.issue.articles().count(), count - 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().session.doc.issue.articles().count(), count);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn edit_the_award_list() {
    let dir = temp_dir("award");
    let mut h = harness(empty_issue(), &dir);
    h.get_by_label("＋栏目").click();
    h.run_steps(1);
    h.get_by_label("＋文章").click();
    h.run_steps(2);
    h.get_by_label("插入").click();
    h.run();
    h.get_by_label_contains("获奖名单").click();
    h.run_steps(2);
    h.get_by_label("添加一行").click();
    h.run_steps(2);
    let lists = |h: &Harness<'static, App>| -> Vec<crate::model::AwardCategory> {
        let r = ArticleRef {
            section: Some(0),
            index: 0,
        };
        h.state()
            .session
            .doc
            .article(r)
            .unwrap()
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::AwardList { categories } => Some(categories.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    assert_eq!(lists(&h)[0].rows.len(), 1);
    type_into(&mut h, "分类名称", "书法");
    assert!(lists(&h)[0].name.ends_with("书法"));
    h.get_by_label("添加单位行").click();
    h.run_steps(2);
    assert_eq!(lists(&h)[0].rows.len(), 2);
    h.get_by_label("添加分类").click();
    h.run_steps(2);
    assert_eq!(lists(&h).len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pick_a_recipient_group_from_the_address_book() {
    let dir = temp_dir("address");
    let mut h = harness(Issue::sample(), &dir);
    let book_group = h.state().profile.address_book.groups[0].clone();
    h.state_mut().view.selection = Selection::Distribution;
    h.run_steps(2);
    let before = h.state().session.doc.issue.distribution.lines[0]
        .groups
        .len();
    h.get_all_by_label("从通讯录添加…")
        .next()
        .expect("a picker")
        .click();
    h.run();
    h.get_by_label(&book_group.name).click();
    h.run_steps(2);
    let line = &h.state().session.doc.issue.distribution.lines[0];
    assert_eq!(line.groups.len(), before + 1);
    let added = line.groups.last().unwrap();
    assert_eq!(added.names, book_group.names);
    assert_eq!(added.from.as_deref(), Some(book_group.name.as_str()));
    // Changing the address book does not change the issue; the editor offers an update.
    h.state_mut().profile.address_book.groups[0]
        .names
        .push("新单位".into());
    h.run_steps(2);
    assert_eq!(
        h.state().session.doc.issue.distribution.lines[0]
            .groups
            .last()
            .unwrap()
            .names,
        book_group.names
    );
    h.get_all_by_label("按通讯录更新")
        .next()
        .expect("an update offer")
        .click();
    h.run_steps(2);
    assert!(h.state().session.doc.issue.distribution.lines[0]
        .groups
        .last()
        .unwrap()
        .names
        .contains(&"新单位".to_string()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_next_issue_save_reopen_and_export_without_dialogs() {
    let dir = temp_dir("files");
    let mut h = harness(Issue::sample(), &dir);
    let old_no = h.state().session.doc.issue.meta.issue_no;
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("新建下一期").click();
    h.run_steps(2);
    {
        let issue = &h.state().session.doc.issue;
        assert!(issue.meta.issue_no == old_no + 1 || issue.meta.issue_no == 1);
        assert_eq!(issue.articles().count(), 0);
        assert!(!issue.distribution.lines.is_empty());
    }
    // The old issue had no unsaved changes, so nothing was asked; the new one is a
    // document of its own, not yet a file.
    assert_eq!(h.state().questions.unsaved_question, None);
    assert_eq!(h.state().session.doc.path, None);

    let file = dir.join("下一期.jianbao");
    let pdf = dir.join("下一期.pdf");
    h.state_mut().asking.prompts =
        Prompts::Given(VecDeque::from([file.clone(), pdf.clone(), file.clone()]));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(!h.state().session.doc.is_dirty(), "{}", h.state().status);
    assert_eq!(h.state().session.doc.path.as_deref(), Some(file.as_path()));
    assert_eq!(h.state().profile.settings.recent.first(), Some(&file));
    let saved = Issue::load(&file).expect("the saved file opens");
    assert_eq!(saved, h.state().session.doc.issue);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(2);
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"));

    // Change something, then ask to reopen the saved file: the editor asks first, and
    // 取消 keeps the change (and its undo) without touching the file prompt.
    h.state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| {
            i.meta.bulletin_name = "改".into()
        });
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, Some(Command::Open));
    assert_eq!(h.state().session.doc.issue.meta.bulletin_name, "改");
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, None);
    assert_eq!(h.state().session.doc.issue.meta.bulletin_name, "改");
    assert!(h.state().session.doc.is_dirty());
    assert!(
        h.state().session.doc.undo_label().is_some(),
        "undo still offered"
    );
    // 不保存 lets the change go and opens the file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run_steps(2);
    h.get_by_label("不保存").click();
    h.run_steps(2);
    assert_eq!(h.state().session.doc.issue, saved);
    assert!(!h.state().session.doc.is_dirty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// An editor whose document has an unsaved change (the bulletin's name), no file yet.
fn edited_harness(dir: &std::path::Path) -> Harness<'static, App> {
    let mut h = harness(Issue::sample(), dir);
    h.state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| {
            i.meta.bulletin_name = "改过的简报".into()
        });
    h.run_steps(1);
    h
}

/// Whether `command` went ahead, judged by what it leaves behind.
fn went_ahead(h: &Harness<'static, App>, command: &Command, other: &std::path::Path) -> bool {
    let app = h.state();
    match command {
        Command::New | Command::NextIssue => {
            app.session.doc.issue.articles().count() == 0 && app.session.doc.path.is_none()
        }
        Command::Open | Command::OpenRecent(_) => app.session.doc.path.as_deref() == Some(other),
        Command::ImportAsNew => {
            app.session.doc.path.is_none()
                && app.session.doc.is_dirty()
                && app
                    .session
                    .doc
                    .issue
                    .articles()
                    .any(|a| a.title == "山西移动召开会议")
        }
        Command::Quit => app.questions.quit_now,
        _ => unreachable!("not a command that replaces the document"),
    }
}

/// Every command that replaces or closes the document asks about unsaved work:
/// 取消 keeps the work, 不保存 goes ahead, 保存 saves and then goes ahead.
#[test]
fn every_replacing_command_asks_about_unsaved_work() {
    let dir = temp_dir("unsaved");
    let other = dir.join("另一期.jianbao");
    let mut other_issue = Issue::sample();
    other_issue.meta.bulletin_name = "另一期".into();
    crate::store::save_issue(&other_issue, &other).expect("write the other issue");
    let text = dir.join("来稿.txt");
    std::fs::write(
        &text,
        "山西移动召开会议\n近日，山西移动召开主题宣传活动启动会。\n（王婧）\n",
    )
    .expect("write the text");
    let commands = [
        Command::New,
        Command::NextIssue,
        Command::Open,
        Command::OpenRecent(other.clone()),
        Command::ImportAsNew,
        Command::Quit,
    ];
    for (command_no, command) in commands.into_iter().enumerate() {
        // The file the command itself asks for, if any.
        let asked: Vec<PathBuf> = match command {
            Command::Open => vec![other.clone()],
            Command::ImportAsNew => vec![text.clone()],
            _ => vec![],
        };
        for answer in ["取消", "不保存", "保存"] {
            // Each editor its own user files: an ended one leaves its recovery file.
            let mut h = edited_harness(&dir.join(format!("{command_no}-{answer}")));
            let saved_to = dir.join(format!("保存-{}-{answer}.jianbao", command_no));
            let mut prompts: VecDeque<PathBuf> = asked.iter().cloned().collect();
            if answer == "保存" {
                prompts.push_front(saved_to.clone());
            }
            h.state_mut().asking.prompts = Prompts::Given(prompts);
            let ctx = h.ctx.clone();
            h.state_mut().run_command(&ctx, command.clone());
            h.run_steps(2);
            let what = format!("{command:?} answered {answer}: {}", h.state().status);
            assert_eq!(
                h.state().questions.unsaved_question.as_ref(),
                Some(&command),
                "{what}"
            );
            assert!(!went_ahead(&h, &command, &other), "{what}: asked first");
            h.get_by_label(answer).click();
            h.run_steps(3);
            assert_eq!(h.state().questions.unsaved_question, None, "{what}");
            match answer {
                "取消" => {
                    assert!(!went_ahead(&h, &command, &other), "{what}");
                    assert_eq!(h.state().session.doc.issue.meta.bulletin_name, "改过的简报");
                    assert!(h.state().session.doc.is_dirty(), "{what}");
                }
                "不保存" => assert!(went_ahead(&h, &command, &other), "{what}"),
                _ => {
                    let on_disk = Issue::load(&saved_to).expect("saved before going ahead");
                    assert_eq!(on_disk.meta.bulletin_name, "改过的简报", "{what}");
                    assert!(went_ahead(&h, &command, &other), "{what}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The menu entries, the shortcut and the window's close button all go through the
/// question; a save that fails or is cancelled does not go on with the command.
#[test]
fn menus_shortcuts_and_the_close_button_ask_and_a_failed_save_stops() {
    let dir = temp_dir("door");
    let other = dir.join("另一期.jianbao");
    crate::store::save_issue(&Issue::sample(), &other).expect("write");
    let mut h = edited_harness(&dir);
    h.state_mut().profile.settings.recent = vec![other.clone()];
    // 文件 → 最近打开 → the file.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("最近打开").click();
    h.run();
    h.get_by_label(&other.display().to_string()).click();
    h.run_steps(2);
    assert_eq!(
        h.state().questions.unsaved_question,
        Some(Command::OpenRecent(other.clone()))
    );
    h.get_by_label("取消").click();
    h.run_steps(2);
    // 文件 → 新建 and Ctrl+N.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("新建 Ctrl+N").click();
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, Some(Command::New));
    h.get_by_label("取消").click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, Some(Command::New));
    // 保存 into a folder that does not exist: the save fails, nothing new is made.
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([dir.join("没有/x.jianbao")]));
    h.get_by_label("保存").click();
    h.run_steps(3);
    assert!(h.state().error.is_some(), "the failure is shown");
    assert_eq!(h.state().session.doc.issue.meta.bulletin_name, "改过的简报");
    assert!(
        h.state().session.doc.issue.articles().count() > 0,
        "not replaced"
    );
    h.state_mut().error = None;
    // 保存 whose file dialog is cancelled: nothing new either.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_steps(2);
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::new());
    h.get_by_label("保存").click();
    h.run_steps(3);
    assert_eq!(h.state().status, "已取消");
    assert!(
        h.state().session.doc.issue.articles().count() > 0,
        "not replaced"
    );
    // The window's close button asks too, and 取消 keeps the window.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, Some(Command::Quit));
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert!(!h.state().questions.quit_now);
    // 文件 → 退出, 不保存: the editor ends.
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("退出").click();
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, Some(Command::Quit));
    h.get_by_label("不保存").click();
    h.run_steps(2);
    assert!(h.state().questions.quit_now);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unsaved_work_is_autosaved_and_offered_back_after_a_crash() {
    let dir = temp_dir("recover");
    let mut h = harness(Issue::sample(), &dir);
    h.state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| i.meta.issue_no = 77);
    let ctx = h.ctx.clone();
    h.state_mut().autosave_now(&ctx);
    let crashed_file = h
        .state()
        .profile
        .disk
        .own_file()
        .expect("an own recovery file");
    assert!(crashed_file.exists());
    // "Crash": drop the editor without saving, start a new one on the same user files.
    drop(h);
    let mut h = harness(Issue::sample(), &dir);
    assert_eq!(
        h.state().session.recovery_offers.len(),
        1,
        "a recovery is offered"
    );
    h.get_by_label("恢复").click();
    h.run_steps(2);
    assert_eq!(h.state().session.doc.issue.meta.issue_no, 77);
    assert!(
        h.state().session.doc.is_dirty(),
        "restored work still needs saving"
    );
    // The work is safe in this editor's own recovery file before the old one goes.
    let own = h
        .state()
        .profile
        .disk
        .own_file()
        .expect("restored work is autosaved");
    let text = std::fs::read_to_string(&own).expect("own recovery file");
    assert!(text.contains("77"), "the restored work is in it");
    assert!(!crashed_file.exists(), "the ended editor's file is gone");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two editors at once: neither is offered the other's live work, a crashed one's
/// work is offered, closing at the offer keeps it, and only 丢弃 deletes it.
#[test]
fn two_editors_and_closing_at_the_recovery_offer() {
    let dir = temp_dir("instances");
    let mut first = harness(Issue::sample(), &dir);
    first
        .state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| i.meta.issue_no = 55);
    let ctx = first.ctx.clone();
    first.state_mut().autosave_now(&ctx);
    let mut second = harness(Issue::sample(), &dir);
    assert!(
        second.state().session.recovery_offers.is_empty(),
        "the first is running"
    );
    second
        .state_mut()
        .session
        .doc
        .change("y", crate::edit::Field::Step, |i| i.meta.issue_no = 66);
    let ctx = second.ctx.clone();
    second.state_mut().autosave_now(&ctx);
    assert_ne!(
        first.state().profile.disk.own_file(),
        second.state().profile.disk.own_file()
    );

    // The first crashes; a third editor is offered its work, not the second's.
    drop(first);
    let mut third = harness(Issue::sample(), &dir);
    assert_eq!(third.state().session.recovery_offers.len(), 1);
    let offered = third.state().session.recovery_offers[0]
        .found
        .as_ref()
        .map(|r| r.issue.meta.issue_no);
    assert_eq!(offered, Ok(55));
    // Closing the third at the offer keeps the file.
    third
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    third.run_steps(2);
    assert!(
        third.state().questions.quit_now,
        "a clean editor closes at once"
    );
    drop(third);
    let mut fourth = harness(Issue::sample(), &dir);
    assert_eq!(
        fourth.state().session.recovery_offers.len(),
        1,
        "still offered"
    );
    fourth.get_by_label("丢弃").click();
    fourth.run_steps(2);
    assert!(fourth.state().session.recovery_offers.is_empty());
    drop(fourth);
    let fifth = harness(Issue::sample(), &dir);
    assert!(
        fifth.state().session.recovery_offers.is_empty(),
        "丢弃 deleted it"
    );
    // The second, still running, never saw any offer and keeps its file.
    assert!(second.state().session.recovery_offers.is_empty());
    assert!(second
        .state()
        .profile
        .disk
        .own_file()
        .is_some_and(|f| f.exists()));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A save clears the recovery file only when no edit arrived while it was written.
#[test]
fn a_save_keeps_the_recovery_file_when_edits_arrived_meanwhile() {
    let dir = temp_dir("save-during-edit");
    let mut h = edited_harness(&dir);
    let ctx = h.ctx.clone();
    h.state_mut().autosave_now(&ctx);
    let own = h.state().profile.disk.own_file().expect("autosaved");
    let saved_at = h.state().session.doc.revision();
    // An edit arrives while the save (of revision `saved_at`) is being written.
    h.state_mut()
        .session
        .doc
        .change("z", crate::edit::Field::Step, |i| i.meta.issue_no = 99);
    let file = dir.join("期间.jianbao");
    h.state_mut()
        .finish(&ctx, super::TaskResult::Saved(file.clone(), saved_at, None));
    assert!(h.state().session.doc.is_dirty());
    assert!(own.exists(), "the recovery file holds the newer edit");
    let now = h.state().session.doc.revision();
    h.state_mut()
        .finish(&ctx, super::TaskResult::Saved(file, now, None));
    assert!(!h.state().session.doc.is_dirty());
    assert!(!own.exists(), "saved: the recovery file goes");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn import_articles_from_a_gbk_text_file() {
    let dir = temp_dir("import");
    let text = "山西移动召开会议\n近日，山西移动召开“数智移动　实事为民”主题宣传活动启动会，人民网、新华网\n等媒体记者应邀参会。\n（王婧）\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let file = dir.join("article.txt");
    std::fs::write(&file, &gbk).expect("write");
    let mut h = harness(Issue::sample(), &dir);
    let before = h.state().session.doc.issue.articles().count();
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([file]));
    h.get_by_label("插入").click();
    h.run();
    h.get_by_label_contains("从文件导入文章").click();
    h.run_steps(3);
    // Nothing is inserted before the user confirms what was recognised.
    assert_eq!(h.state().session.doc.issue.articles().count(), before);
    h.get_by_label("导入选中的文章").click();
    h.run_steps(2);
    let doc = &h.state().session.doc;
    assert_eq!(
        doc.issue.articles().count(),
        before + 1,
        "{}",
        h.state().status
    );
    let Selection::Article(r) = h.state().view.selection else {
        panic!("the imported article is selected");
    };
    let a = doc.article(r).expect("article");
    assert_eq!(a.title, "山西移动召开会议");
    assert_eq!(a.blocks.len(), 1, "the hard line break is joined");
    assert!(a.attribution.is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_proofreading_fix_applies_on_click_and_undoes() {
    let dir = temp_dir("proof");
    let mut h = harness(Issue::sample(), &dir);
    let doubled = |h: &Harness<'static, App>| {
        h.state().session.doc.issue.articles().any(|a| {
            a.blocks
                .iter()
                .any(|b| matches!(b, Block::Paragraph { text } if text.contains("9月月")))
        })
    };
    assert!(doubled(&h));
    assert!(h
        .state()
        .typeset
        .findings
        .iter()
        .any(|f| f.code == "doubled-char"));
    h.get_by_label_contains("条警告和校对提示").click();
    h.run_steps(2);
    // The first fixable finding of the sample is the doubled 月.
    h.get_all_by_label("修正")
        .next()
        .expect("a fix button")
        .click();
    h.run_steps(2);
    assert!(!doubled(&h), "{}", h.state().status);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(doubled(&h));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A fix whose paragraph changed after the finding was made is refused with a message,
/// the text is left alone and the findings are made afresh.
#[test]
fn a_stale_proofreading_fix_is_refused_and_findings_recomputed() {
    let dir = temp_dir("stale-fix");
    let mut h = harness(Issue::sample(), &dir);
    h.get_by_label_contains("条警告和校对提示").click();
    h.run_steps(2);
    // The paragraph changes under the finding (as when the worker has not yet
    // proofread the last keystrokes).
    let paragraph = |h: &Harness<'static, App>| -> String {
        h.state()
            .session
            .doc
            .issue
            .articles()
            .flat_map(|a| a.blocks.iter())
            .find_map(|b| match b {
                Block::Paragraph { text } if text.contains("9月月") => Some(text.clone()),
                _ => None,
            })
            .expect("the paragraph with 9月月")
    };
    let before = paragraph(&h);
    for b in h
        .state_mut()
        .session
        .doc
        .issue
        .sections
        .iter_mut()
        .flat_map(|s| s.articles.iter_mut())
        .flat_map(|a| a.blocks.iter_mut())
    {
        if let Block::Paragraph { text } = b {
            if text.contains("9月月") {
                text.insert_str(0, "今天，");
            }
        }
    }
    let stale = h.state().typeset.findings.clone();
    h.get_all_by_label("修正")
        .next()
        .expect("a fix button")
        .click();
    h.run_steps(2);
    assert!(h.state().status.contains("未修正"), "{}", h.state().status);
    assert_eq!(
        paragraph(&h),
        format!("今天，{before}"),
        "the text is left alone"
    );
    assert_ne!(h.state().typeset.findings, stale, "findings made afresh");
    let _ = std::fs::remove_dir_all(&dir);
}

/// 新建下一期 after a 增刊 makes the next 增刊 (supplements are numbered apart), dated
/// with today's local date and numbered in its year.
#[test]
fn next_issue_after_a_supplement_is_the_next_supplement_dated_today() {
    let dir = temp_dir("supplement");
    let mut issue = Issue::sample();
    issue.meta.supplement = true;
    issue.meta.issue_no = 2;
    let mut h = harness(issue, &dir);
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains("新建下一期").click();
    h.run_steps(2);
    let meta = &h.state().session.doc.issue.meta;
    let today = crate::model::Date::today();
    assert!(meta.supplement, "the supplement series continues");
    assert_eq!(meta.date, today);
    assert_eq!(meta.year, today.year);
    // The sample is of 2021: a later year starts the series again at 1.
    let expected = if today.year > 2021 { 1 } else { 3 };
    assert_eq!(meta.issue_no, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

/// 新建 from a 增刊 starts a regular issue: only 新建下一期 continues the supplement
/// series.
#[test]
fn a_new_issue_made_from_a_supplement_is_a_regular_issue() {
    let dir = temp_dir("new-from-supplement");
    let mut issue = Issue::sample();
    issue.meta.supplement = true;
    let mut h = harness(issue, &dir);
    h.state_mut().new_issue();
    h.run();
    assert!(
        !h.state().session.doc.issue.meta.supplement,
        "新建 is not a 增刊"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Enter at the end of the last paragraph starts a new paragraph: the next words typed
/// are a paragraph of their own, not the end of the previous one. The same for the last
/// recipient of a group.
#[test]
fn enter_at_the_end_of_a_paragraph_or_a_group_starts_a_new_one() {
    let dir = temp_dir("enter");
    let mut issue = empty_issue();
    issue.distribution.lines.truncate(1);
    issue.distribution.lines[0].groups = vec![crate::model::RecipientGroup::default()];
    let mut h = harness(issue, &dir);
    h.get_by_label("＋栏目").click();
    h.run_steps(1);
    h.get_by_label("＋文章").click();
    h.run_steps(2);
    let r = ArticleRef {
        section: Some(0),
        index: 0,
    };
    type_into(&mut h, "段落", "第一段。");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    // The empty line waits in the field; the issue holds no empty paragraph.
    assert_eq!(
        h.state().session.doc.article(r).unwrap().blocks,
        vec![Block::Paragraph {
            text: "第一段。".into()
        }]
    );
    h.get_by_label("段落").type_text("第二段。");
    h.run_steps(2);
    assert_eq!(
        h.state().session.doc.article(r).unwrap().blocks,
        vec![
            Block::Paragraph {
                text: "第一段。".into()
            },
            Block::Paragraph {
                text: "第二段。".into()
            }
        ]
    );
    // Enter, then the keyboard leaves: nothing is left behind, and coming back shows
    // the two paragraphs.
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    h.get_by_label("报头").click();
    h.run_steps(2);
    assert_eq!(h.state().session.doc.article(r).unwrap().blocks.len(), 2);

    h.state_mut().view.selection = Selection::Distribution;
    h.run_steps(2);
    h.get_by_label_contains("第1组").click();
    h.run_steps(2);
    h.get_by_label_contains("第1组")
        .type_text("省内各地市通信公司");
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    h.get_by_label_contains("第1组").type_text("省通信管理局");
    h.run_steps(2);
    assert_eq!(
        h.state().session.doc.issue.distribution.lines[0].groups[0].names,
        vec!["省内各地市通信公司", "省通信管理局"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Moves the pointer to `pos` (a frame), then presses or releases it there (another).
fn pointer(h: &mut Harness<'static, App>, pos: egui::Pos2, pressed: Option<bool>) {
    h.input_mut().events.push(egui::Event::PointerMoved(pos));
    h.run_steps(1);
    if let Some(pressed) = pressed {
        h.input_mut().events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    h.run_steps(1);
}

/// The outline row of an article, found by the start of its title.
fn row_rect(h: &Harness<'static, App>, title: &str) -> egui::Rect {
    let start: String = title.chars().take(8).collect();
    h.get_by_label_contains(&start).rect()
}

/// A click of realistic length selects and moves nothing; a very short click selects
/// too; section headings select like articles; a drag past the threshold moves the
/// article where the marker shows; Esc cancels a drag.
#[test]
fn outline_click_selects_drag_moves_and_escape_cancels() {
    let dir = temp_dir("outline");
    let mut h = harness(Issue::sample(), &dir);
    let titles = |h: &Harness<'static, App>| -> Vec<String> {
        h.state().session.doc.issue.sections[1]
            .articles
            .iter()
            .map(|a| a.title.clone())
            .collect()
    };
    let before = titles(&h);
    let second = before[1].clone();
    // A 130 ms press (8 frames at 60 Hz) with the pointer still.
    let at = row_rect(&h, &second).center();
    pointer(&mut h, at, Some(true));
    h.run_steps(8);
    pointer(&mut h, at, Some(false));
    h.run_steps(2);
    assert_eq!(titles(&h), before, "a click moves nothing");
    let second_ref = ArticleRef {
        section: Some(1),
        index: 1,
    };
    assert_eq!(h.state().view.selection, Selection::Article(second_ref));
    assert!(
        h.state().session.doc.undo_label().is_none(),
        "nothing to undo"
    );
    // A very short click (press and release in one frame) on the first article.
    let first_at = row_rect(&h, &before[0]).center();
    pointer(&mut h, first_at, Some(true));
    pointer(&mut h, first_at, Some(false));
    h.run_steps(2);
    assert_eq!(
        h.state().view.selection,
        Selection::Article(ArticleRef {
            section: Some(1),
            index: 0
        })
    );
    // A section heading selects by click.
    let label = h.state().session.doc.issue.sections[1].label.clone();
    let heading = h.get_by_label(&format!("【{label}】")).rect().center();
    pointer(&mut h, heading, Some(true));
    h.run_steps(8);
    pointer(&mut h, heading, Some(false));
    h.run_steps(2);
    assert_eq!(h.state().view.selection, Selection::Section(1));

    // Drag the second article above the first, then Esc: nothing moves.
    let top = row_rect(&h, &before[0]).top() + 2.0;
    pointer(&mut h, at, Some(true));
    for k in 1..=10 {
        pointer(
            &mut h,
            egui::pos2(at.x, at.y + (top - at.y) * k as f32 / 10.0),
            None,
        );
    }
    h.key_press(egui::Key::Escape);
    pointer(&mut h, egui::pos2(at.x, top), Some(false));
    h.run_steps(2);
    assert_eq!(titles(&h), before, "Esc cancels the drag");
    // The same drag, released: the second article is now first.
    pointer(&mut h, at, Some(true));
    for k in 1..=10 {
        pointer(
            &mut h,
            egui::pos2(at.x, at.y + (top - at.y) * k as f32 / 10.0),
            None,
        );
    }
    pointer(&mut h, egui::pos2(at.x, top), Some(false));
    h.run_steps(2);
    let after = titles(&h);
    assert_eq!(after[0], second, "{after:?}");
    assert_eq!(after[1], before[0]);
    assert_eq!(after.len(), before.len());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Export writes the text as it is at the moment of asking, even when the pages on
/// screen are still those of an earlier revision (a long issue is laid out on the
/// worker while the user types).
#[test]
fn export_writes_the_current_text_even_before_it_is_laid_out() {
    let dir = temp_dir("export-current");
    let mut h = harness(Issue::sample(), &dir);
    let shown_pages = h.state().pages().pages.len();
    // A long edit, with no frame (and so no layout) between it and the export.
    let article = h
        .state()
        .session
        .doc
        .article_at(0)
        .expect("the sample has articles");
    h.state_mut()
        .session
        .doc
        .change_article(article, "x", crate::edit::Field::Step, |a| {
            for _ in 0..200 {
                a.blocks.push(crate::model::Block::Paragraph {
                    text: "新写的一段正文，用来把简报加长好几页。".repeat(4),
                });
            }
        });
    let pdf = dir.join("current.pdf");
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([pdf.clone()]));
    let ctx = h.ctx.clone();
    h.state_mut().export(&ctx);
    h.run_steps(2);
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    let printed = lopdf::Document::load_mem(&bytes)
        .expect("the PDF reads back")
        .get_pages()
        .len();
    assert_eq!(
        printed,
        h.state().pages().pages.len(),
        "the PDF is the current text"
    );
    assert!(
        printed > shown_pages + 5,
        "{printed} pages printed, {shown_pages} shown before the edit"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// On a small window (800 × 600) the outline and the preview give way: the title field
/// in the centre stays wide enough to type into, between the two side panels.
#[test]
fn a_small_window_keeps_room_for_the_editor() {
    let dir = temp_dir("small-window");
    let mut h = harness(Issue::sample(), &dir);
    h.set_size(egui::vec2(800.0, 600.0));
    h.run_steps(3);
    let field = h.get_by_label("标题（回车可强制换行）").rect();
    assert!(
        field.width() >= 200.0,
        "title field only {} px wide",
        field.width()
    );
    assert!(field.left() > 0.0 && field.right() <= 800.0, "{field:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Typing in a font list rebuilds the font book once the typing pauses, on a worker
/// (inline here), and the pages are laid out again with the new book.
#[test]
fn a_font_list_is_made_into_a_book_once_typing_pauses() {
    let dir = temp_dir("font-rebuild");
    let mut h = harness(Issue::sample(), &dir);
    h.state_mut().fonts.follow_style = true;
    h.state_mut().view.selection = Selection::Style;
    h.run_steps(3);
    let taken = h.state().fonts.books_taken;
    h.get_by_label_contains("正文：现在用").click();
    h.run_steps(1);
    // Six keystrokes at a typist's pace (one a frame): no rebuild meanwhile.
    for c in "仿宋GB2312".chars().take(6) {
        h.get_by_label_contains("正文：现在用")
            .type_text(&c.to_string());
        h.run_steps(1);
        assert_eq!(
            h.state().fonts.books_taken,
            taken,
            "no rebuild per keystroke"
        );
    }
    let typed = h.state().session.doc.issue.style.clone().expect("a style");
    assert!(
        typed.fonts.body.iter().any(|f| f.contains("仿宋")),
        "{:?}",
        typed.fonts.body
    );
    let pages_before = Arc::clone(&h.state().typeset.pages);
    let revision = h.state().session.doc.revision();
    // Half a second later the book for the new list is in use, laid out once more.
    h.run_steps(30);
    assert_eq!(h.state().fonts.books_taken, taken + 1);
    assert_eq!(h.state().fonts.families, typed.fonts.all_families());
    assert_eq!(h.state().session.doc.revision(), revision);
    assert!(
        !Arc::ptr_eq(&pages_before, &h.state().typeset.pages),
        "laid out again"
    );
    // Nothing more happens while nothing changes.
    h.run_steps(30);
    assert_eq!(h.state().fonts.books_taken, taken + 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// 文件 → 导出为 Word 文档 / 网页 / 小册子 PDF write each format where asked, on a task.
#[test]
fn export_as_word_web_page_and_booklet_from_the_file_menu() {
    let dir = temp_dir("export-as");
    let mut h = harness(Issue::sample(), &dir);
    for (label, name) in [
        ("导出为 Word 文档…", "期.docx"),
        ("导出为网页…", "期.html"),
        ("导出为小册子 PDF…", "期-小册子.pdf"),
    ] {
        let out = dir.join(name);
        h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([out.clone()]));
        h.get_by_label("文件").click();
        h.run();
        h.get_by_label_contains(label).click();
        h.run_steps(3);
        let bytes =
            std::fs::read(&out).unwrap_or_else(|e| panic!("{label}: {e}; {}", h.state().status));
        match name.rsplit('.').next() {
            Some("docx") => {
                let doc = crate::import::docx::zip_entry(&bytes, "word/document.xml")
                    .expect("a zip")
                    .expect("with a document");
                assert!(String::from_utf8_lossy(&doc).contains("JBMastheadName"));
            }
            Some("html") => assert!(String::from_utf8_lossy(&bytes).contains("<h1 style=")),
            _ => {
                let pages = lopdf::Document::load_mem(&bytes)
                    .expect("a PDF")
                    .get_pages()
                    .len();
                let n = h.state().pages().pages.len();
                assert_eq!(pages, n.div_ceil(4) * 2, "booklet sides");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn insert_and_edit_a_table_then_undo_and_redo() {
    let dir = temp_dir("table");
    let mut h = harness(empty_issue(), &dir);
    h.get_by_label("＋栏目").click();
    h.run_steps(1);
    h.get_by_label("＋文章").click();
    h.run_steps(2);
    h.get_by_label("插入").click();
    h.run();
    h.get_by_label("表格…").click();
    h.run();
    h.get_by_label("插入表格").click();
    h.run_steps(2);
    let r = ArticleRef {
        section: Some(0),
        index: 0,
    };
    let table = |h: &Harness<'static, App>| -> crate::model::Table {
        h.state()
            .session
            .doc
            .article(r)
            .and_then(|a| {
                a.blocks.iter().find_map(|b| match b {
                    Block::Table(t) => Some(t.clone()),
                    _ => None,
                })
            })
            .unwrap_or_default()
    };
    let t = table(&h);
    assert_eq!((t.rows.len(), t.columns()), (3, 4));
    assert!(t.header);
    // Type into the first header cell and the second cell of row 2.
    h.get_all_by_label("表头")
        .next()
        .expect("a header cell")
        .click();
    h.run_steps(2);
    h.get_all_by_label("表头")
        .next()
        .expect("a header cell")
        .type_text("地市");
    h.run_steps(2);
    h.get_all_by_label("第2行").nth(1).expect("a cell").click();
    h.run_steps(2);
    h.get_all_by_label("第2行")
        .nth(1)
        .expect("a cell")
        .type_text("1,234");
    h.run_steps(2);
    let t = table(&h);
    assert_eq!(t.rows[0][0], "地市");
    assert_eq!(t.rows[1][1], "1,234");
    h.get_by_label("添加行").click();
    h.run_steps(2);
    assert_eq!(table(&h).rows.len(), 4);
    // The first column one place right.
    h.get_all_by_label("→")
        .next()
        .expect("a column button")
        .click();
    h.run_steps(2);
    let moved = table(&h);
    assert_eq!(moved.rows[0][1], "地市");
    assert_eq!(moved.rows[1][0], "1,234");
    // Undo the move, then the added row; redo both.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(table(&h).rows[0][0], "地市");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(table(&h).rows.len(), 3);
    let redo = egui::Modifiers::COMMAND | egui::Modifiers::SHIFT;
    h.key_press_modifiers(redo, egui::Key::Z);
    h.run_steps(2);
    h.key_press_modifiers(redo, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(table(&h), moved);
    let _ = std::fs::remove_dir_all(&dir);
}
