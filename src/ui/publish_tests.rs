//! 文件 → 打印… and 文件 → 导出页面图片… driven as a user would: menus, typing,
//! clicks; a fake print system on the search path records what it was asked.

use super::tests::{harness, temp_dir};
use super::{App, Prompts};
use crate::export::print::{fake_print_system, PrintSystem};
use crate::model::Issue;
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;

/// Replaces what the field labelled `label` holds with `text`.
fn retype(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.get_by_label(label).type_text(text);
    h.run_steps(1);
}

fn open_from_file_menu(h: &mut Harness<'static, App>, entry: &str) {
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label_contains(entry).click();
    h.run_steps(3);
}

/// A fake CUPS: three printers (Home the default); `lp` records its arguments and the
/// PDF it was given.
const LPSTAT: &str = "case \"$1\" in -e) printf 'Office\\nHome\\nLabel\\n';; -d) echo 'system default destination: Home';; esac";
const LP: &str = "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"; cat > \"$(dirname \"$0\")/input\"; echo 'request id is Office-42 (1 file(s))'";

#[test]
fn print_chosen_pages_and_copies_on_a_chosen_printer() {
    let dir = temp_dir("print");
    let (fake, system) = fake_print_system(LP, LPSTAT);
    let mut h = harness(Issue::sample(), &dir);
    h.state_mut().printing.system = system;
    let pages = h.state().pages().pages.len();
    assert!(pages >= 5, "the sample has pages 2-5");
    open_from_file_menu(&mut h, "打印…");
    // The printers are listed, the default chosen first.
    h.get_by_label("打印机：").click();
    h.run();
    h.get_by_label("Home（默认）");
    h.get_by_label("Label");
    h.get_by_label("Office").click();
    h.run_steps(2);
    // Copies out of range are refused in the dialog: nothing reaches the printer.
    retype(&mut h, "份数：", "0");
    h.get_by_role_and_label(Role::Button, "打印").click();
    h.run_steps(2);
    h.get_by_label_contains("份数“0”不对");
    assert!(!fake.join("args").exists(), "lp was not run");
    retype(&mut h, "份数：", "3");
    // Typing page numbers chooses 选定页.
    retype(&mut h, "从第", "2");
    retype(&mut h, "页到第", "5");
    h.get_by_role_and_label(Role::Button, "打印").click();
    h.run_steps(3);
    assert!(h.state().printing.dialog.is_none(), "the dialog closed");
    let args = std::fs::read_to_string(fake.join("args"))
        .unwrap_or_else(|e| panic!("lp ran: {e}; {}", h.state().status));
    let stem = h.state().session.doc.issue.default_stem();
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "-d",
            "Office",
            "-n",
            "3",
            "-o",
            "page-ranges=2-5",
            "-t",
            stem.as_str(),
            "-"
        ]
    );
    // lp got the whole issue's PDF (the range is lp's to apply), as laid out.
    let pdf = std::fs::read(fake.join("input")).expect("the PDF");
    let printed = lopdf::Document::load_mem(&pdf).expect("a PDF");
    assert_eq!(printed.get_pages().len(), pages);
    let status = h.state().status.clone();
    assert!(
        status.contains("打印机“Office”") && status.contains("第 2–5 页，3 份"),
        "{status}"
    );
    assert!(status.contains("Office-42"), "{status}");
    // Again, with the defaults: the default printer, every page, one copy.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run_steps(3);
    h.get_by_role_and_label(Role::Button, "打印").click();
    h.run_steps(3);
    let args = std::fs::read_to_string(fake.join("args")).expect("lp ran again");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        ["-d", "Home", "-n", "1", "-t", stem.as_str(), "-"]
    );
    let _ = std::fs::remove_dir_all(&fake);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_print_system_or_a_printer_the_dialog_says_so() {
    let dir = temp_dir("print-none");
    let mut h = harness(Issue::sample(), &dir);
    // No lp or lpstat anywhere on the search path.
    let empty = dir.join("no-programs");
    std::fs::create_dir_all(&empty).expect("folder");
    h.state_mut().printing.system = PrintSystem {
        path: Some(empty.into_os_string()),
    };
    open_from_file_menu(&mut h, "打印…");
    h.get_by_label_contains("没有找到打印系统");
    assert!(
        h.get_by_role_and_label(Role::Button, "打印")
            .accesskit_node()
            .is_disabled(),
        "nothing to print with"
    );
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert!(h.state().printing.dialog.is_none());
    // CUPS without a printer set up.
    let (fake, system) = fake_print_system(
        "exit 1",
        "echo 'lpstat: No destinations added.' >&2; exit 1",
    );
    h.state_mut().printing.system = system;
    open_from_file_menu(&mut h, "打印…");
    h.get_by_label_contains("没有找到打印机");
    assert!(h
        .get_by_role_and_label(Role::Button, "打印")
        .accesskit_node()
        .is_disabled());
    // A print system that refuses the job: its words, in the error window.
    let (refusing, system) = fake_print_system(
        "cat > /dev/null; echo 'lp: Unable to print: printer is stopped' >&2; exit 1",
        LPSTAT,
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    h.state_mut().printing.system = system;
    open_from_file_menu(&mut h, "打印…");
    h.get_by_role_and_label(Role::Button, "打印").click();
    h.run_steps(3);
    let error = h.state().error.clone().unwrap_or_default();
    assert!(
        error.contains("打印系统拒绝了这个任务") && error.contains("printer is stopped"),
        "{error}"
    );
    assert_eq!(h.state().status, "打印失败");
    for d in [fake, refusing, dir] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// PNG width and height from the IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

#[test]
fn page_images_of_chosen_pages_go_into_a_folder_chosen_in_the_app() {
    let dir = temp_dir("page-images");
    let mut h = harness(Issue::sample(), &dir);
    h.state_mut().asking.prompts = Prompts::InApp;
    h.state_mut().asking.chooser_folder = Some(dir.clone());
    open_from_file_menu(&mut h, "导出页面图片…");
    // A resolution out of range is refused in the dialog.
    retype(&mut h, "分辨率：", "700");
    h.get_by_label("选择文件夹并导出…").click();
    h.run_steps(2);
    h.get_by_label_contains("分辨率“700”不对");
    assert!(!h.state().chooser_open());
    retype(&mut h, "分辨率：", "72");
    retype(&mut h, "从第", "2");
    retype(&mut h, "页到第", "3");
    h.get_by_label("选择文件夹并导出…").click();
    h.run_steps(3);
    assert!(h.state().chooser_open(), "a folder is asked for");
    // A new folder inside the one shown.
    h.get_by_label("新文件夹名：").type_text("图片");
    h.run_steps(1);
    h.get_by_label("选择这个文件夹").click();
    h.run_steps(4);
    assert!(!h.state().chooser_open());
    let out = dir.join("图片");
    let stem = h.state().session.doc.issue.default_stem();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("{e}: {}", h.state().status))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [format!("{stem}-p02.png"), format!("{stem}-p03.png")]
    );
    // A4 at 72 dpi: one pixel a point.
    let page = &h.state().pages().pages[1];
    let size = png_size(&std::fs::read(out.join(&names[0])).expect("image"));
    assert_eq!(size, crate::raster::pixel_size(page, 1.0).expect("a size"));
    assert!(size.0 >= 595 && size.1 >= 841 && size.1 <= 843, "{size:?}");
    let status = h.state().status.clone();
    assert!(
        status.contains("已导出 2 张页面图片（72 dpi）") && status.contains("图片"),
        "{status}"
    );
    // Again, every page: the chooser starts in the folder chosen last, which the
    // name field left empty chooses.
    assert_eq!(
        h.state().asking.chooser_folder.as_deref(),
        Some(out.as_path())
    );
    open_from_file_menu(&mut h, "导出页面图片…");
    h.get_by_label("选择文件夹并导出…").click();
    h.run_steps(3);
    h.get_by_label("选择这个文件夹").click();
    h.run_steps(4);
    let count = std::fs::read_dir(&out).expect("folder").count();
    assert_eq!(count, h.state().pages().pages.len(), "{}", h.state().status);
    let _ = std::fs::remove_dir_all(&dir);
}
