//! The in-app chooser driven as a user would: keys, clicks and typing.

use super::FileQuestion;
use crate::model::Issue;
use crate::ui::tests::{harness, temp_dir};
use crate::ui::TaskResult;
use crate::ui::{App, Command, Prompts};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use std::path::Path;

/// An editor whose questions go to the in-app chooser, starting in `dir`.
fn chooser_harness(issue: Issue, dir: &Path) -> egui_kittest::Harness<'static, App> {
    let mut h = harness(issue, dir);
    h.state_mut().asking.prompts = Prompts::InApp;
    h.state_mut().asking.chooser_folder = Some(dir.to_path_buf());
    h
}

fn new_issue() -> Issue {
    let mut issue = Issue::sample();
    issue.front.truncate(1);
    issue.sections.clear();
    issue
}

#[test]
fn ctrl_s_on_a_new_issue_saves_where_the_typed_path_says() {
    let dir = temp_dir("chooser-save");
    std::fs::create_dir_all(dir.join("期刊")).expect("dir");
    let mut h = chooser_harness(new_issue(), &dir);
    h.state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| {
            i.meta.bulletin_name = "新".into()
        });
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(3);
    assert!(
        h.state().chooser_open(),
        "the chooser asks: {}",
        h.state().status
    );
    // It lists the folder and offers the issue's own name.
    h.get_by_label("期刊/");
    let offered = h.state().asking.chooser.as_ref().map(|c| c.name.clone());
    assert!(offered.is_some_and(|n| n.ends_with(".jianbao")));
    // The offered name's stem is selected: typing replaces it, the extension stays.
    h.get_by_label("文件名：").type_text("草稿");
    h.run_steps(1);
    let name = h.state().asking.chooser.as_ref().map(|c| c.name.clone());
    assert_eq!(name.as_deref(), Some("草稿.jianbao"));
    // A path typed over the name: into the sub-folder, the extension added.
    h.get_by_label("文件名：").focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    let target = dir.join("期刊").join("九月号");
    h.get_by_label("文件名：")
        .type_text(&target.display().to_string());
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    let saved = dir.join("期刊").join("九月号.jianbao");
    assert!(!h.state().chooser_open());
    assert_eq!(
        h.state().session.doc.path.as_deref(),
        Some(saved.as_path()),
        "{}",
        h.state().status
    );
    assert!(!h.state().session.doc.is_dirty());
    assert_eq!(
        Issue::load(&saved).expect("a valid issue"),
        h.state().session.doc.issue
    );
    // The next question starts where this file went.
    assert_eq!(
        h.state().asking.chooser_folder.as_deref(),
        Some(dir.join("期刊").as_path())
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn esc_cancels_and_says_so_and_a_missing_folder_is_named() {
    let dir = temp_dir("chooser-cancel");
    let mut h = chooser_harness(new_issue(), &dir);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run_steps(3);
    assert!(h.state().chooser_open());
    h.get_by_label("文件名：").focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label("文件名：").type_text("没有这个文件夹/x.pdf");
    h.run_steps(1);
    h.get_by_label("保存").click();
    h.run_steps(3);
    assert!(h.state().chooser_open(), "still asking");
    h.get_by_label_contains("文件夹不存在");
    assert!(!dir.join("没有这个文件夹").exists());
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().chooser_open());
    assert_eq!(h.state().status, "已取消");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_existing_file_is_overwritten_only_after_the_question() {
    let dir = temp_dir("chooser-overwrite");
    let existing = dir.join("旧.jianbao");
    std::fs::write(&existing, b"old").expect("file");
    let mut h = chooser_harness(new_issue(), &dir);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(3);
    // Picking the file in the list puts its name in the name field.
    h.get_by_label("旧.jianbao").click();
    h.run_steps(2);
    h.get_by_label("保存").click();
    h.run_steps(3);
    h.get_by_label_contains("已存在。覆盖？");
    // 不覆盖 (also what Esc does) leaves the file alone and keeps asking.
    h.get_by_label("不覆盖").click();
    h.run_steps(2);
    assert_eq!(std::fs::read(&existing).expect("file"), b"old");
    assert!(h.state().chooser_open());
    // (Time passes: two clicks within egui's double-click time are one double click.)
    h.run_steps(20);
    h.get_by_label("保存").click();
    h.run_steps(3);
    assert!(
        h.state()
            .asking
            .chooser
            .as_ref()
            .is_some_and(|c| c.overwrite.is_some()),
        "asked again"
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(
        h.state().chooser_open(),
        "Esc answered the question only: {}",
        h.state().status
    );
    assert_eq!(std::fs::read(&existing).expect("file"), b"old");
    h.get_by_label("保存").click();
    h.run_steps(3);
    h.get_by_label("覆盖").click();
    h.run_steps(3);
    assert!(!h.state().chooser_open());
    assert_eq!(
        Issue::load(&existing).expect("overwritten"),
        h.state().session.doc.issue
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn open_with_unsaved_work_asks_first_then_the_chooser_opens_the_file() {
    let dir = temp_dir("chooser-open");
    let other = dir.join("十月.jianbao");
    let mut theirs = Issue::sample();
    theirs.meta.bulletin_name = "另一期".into();
    crate::store::save_issue(&theirs, &other).expect("saved");
    std::fs::write(dir.join("说明.txt"), b"x").expect("file");
    let mut h = chooser_harness(Issue::sample(), &dir);
    h.state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| {
            i.meta.bulletin_name = "改".into()
        });
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run_steps(2);
    assert_eq!(h.state().questions.unsaved_question, Some(Command::Open));
    assert!(!h.state().chooser_open(), "the question comes first");
    h.get_by_label("不保存").click();
    h.run_steps(3);
    assert!(h.state().chooser_open());
    // Only issue files are listed for 打开.
    assert!(h.query_by_label("说明.txt").is_none());
    // Keys alone, from the name field: ↓ ↓ highlights the second entry (after the
    // folder `home/`, the only issue file) and puts its name in the field, Enter
    // opens it.
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(1);
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(1);
    let name = h.state().asking.chooser.as_ref().map(|c| c.name.clone());
    assert_eq!(name.as_deref(), Some("十月.jianbao"));
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert_eq!(h.state().session.doc.path.as_deref(), Some(other.as_path()));
    assert_eq!(h.state().session.doc.issue.meta.bulletin_name, "另一期");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn closing_the_window_at_the_chooser_cancels_it_and_asks_about_unsaved_work() {
    let dir = temp_dir("chooser-close");
    let mut h = chooser_harness(new_issue(), &dir);
    h.state_mut()
        .session
        .doc
        .change("x", crate::edit::Field::Step, |i| {
            i.meta.bulletin_name = "改".into()
        });
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(3);
    assert!(h.state().chooser_open());
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert!(!h.state().chooser_open());
    assert_eq!(h.state().questions.unsaved_question, Some(Command::Quit));
    // 保存 now asks for a file again, in the chooser.
    h.get_by_label("保存").click();
    h.run_steps(3);
    assert!(h.state().chooser_open(), "{}", h.state().status);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_desktop_without_dialogs_gets_the_chooser_not_a_cancel() {
    let dir = temp_dir("chooser-fallback");
    let mut h = harness(new_issue(), &dir);
    let question = FileQuestion::save_issue("x.jianbao".into(), None);
    let result = TaskResult::NoNativeDialog(Box::new((
        question,
        "正在保存……".into(),
        Box::new(|_| None),
    )));
    let ctx = h.ctx.clone();
    h.state_mut().finish(&ctx, result);
    h.run_steps(2);
    assert!(h.state().chooser_open());
    assert_ne!(h.state().status, "已取消");
    assert!(
        matches!(h.state().asking.prompts, Prompts::InApp),
        "asks ours at once next time"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
