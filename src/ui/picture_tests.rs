//! Pictures in the editor, driven through egui's accessibility tree: inserted from the
//! menu and from a file given by path (as a drop gives it), pasted, captioned, set
//! half width or side by side, replaced, moved, removed, every step undone and redone.

use super::tests::{harness, temp_dir, type_into};
use super::{Command, Prompts, Selection};
use crate::model::{Block, Figure, FigureWidth, Issue};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use std::collections::VecDeque;
use std::sync::Arc;

fn jpeg(w: u32, h: u32, colour: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(colour));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// The figures of the selected article, with their block indices.
fn figures(h: &Harness<'static, super::App>) -> Vec<(usize, Figure)> {
    let Selection::Article(r) = h.state().view.selection else {
        panic!("an article is selected");
    };
    h.state()
        .session
        .doc
        .article(r)
        .unwrap()
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match b {
            Block::Figure(f) => Some((i, f.clone())),
            _ => None,
        })
        .collect()
}

/// A test of the figures of the selected article.
type Check<'a> = dyn Fn(&[(usize, Figure)]) -> bool + 'a;

fn run(h: &mut Harness<'static, super::App>, command: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, command);
    h.run_steps(3);
}

#[test]
fn insert_caption_widen_pair_move_and_remove_a_picture_all_undoable() {
    let dir = temp_dir("pictures");
    let photo = dir.join("会场.jpg");
    std::fs::write(&photo, jpeg(400, 300, [200, 30, 30])).unwrap();
    let second = dir.join("合影.JPG");
    std::fs::write(&second, jpeg(300, 400, [30, 30, 200])).unwrap();
    let mut h = harness(Issue::sample(), &dir);
    let blocks_before = {
        let Selection::Article(r) = h.state().view.selection else {
            panic!("the first article is selected");
        };
        h.state().session.doc.article(r).unwrap().blocks.len()
    };

    // A file given by path (as dropping it on the window does).
    run(&mut h, Command::InsertPictureFile(photo.clone()));
    let figs = figures(&h);
    assert_eq!(figs.len(), 1, "{}", h.state().status);
    let (at, fig) = &figs[0];
    assert_eq!(*at, blocks_before, "at the end of the article");
    assert_eq!(fig.width, FigureWidth::Full);
    let issue = &h.state().session.doc.issue;
    let picture = issue.pictures.get(&fig.first.picture).unwrap();
    assert_eq!(picture.name, "会场.jpg");
    assert_eq!((picture.info.width_px, picture.info.height_px), (400, 300));
    assert!(
        h.state().status.contains("已插入图片"),
        "{}",
        h.state().status
    );

    // The block editor shows it: caption, width, replace, remove.
    type_into(&mut h, "图注（印在图片下方，可不填）", "图1 会议现场");
    assert_eq!(
        figures(&h)[0].1.first.caption,
        "图1 会议现场",
        "status {:?}, focus {:?}, busy {:?}",
        h.state().status,
        h.ctx.memory(|m| m.focused()),
        h.state().tasks.busy
    );
    h.get_by_label("半栏").click();
    h.run_steps(2);
    assert_eq!(figures(&h)[0].1.width, FigureWidth::Half);

    // The preview's pages carry the picture where layout put it (once layout places
    // figures; the display list is the PDF's and the page images').
    let placed = h
        .state()
        .pages()
        .pages
        .iter()
        .flat_map(|p| p.pictures())
        .count();
    assert!(placed <= 1, "{placed} pictures placed for one figure");

    // 两图并排 asks for the second picture.
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([second.clone()]));
    h.get_by_label("两图并排").click();
    h.run_steps(3);
    let fig = figures(&h)[0].1.clone();
    let right = fig.second.as_ref().expect("a second picture");
    let issue = &h.state().session.doc.issue;
    assert_eq!(issue.pictures.get(&right.picture).unwrap().name, "合影.JPG");
    assert_eq!(fig.first.caption, "图1 会议现场");
    type_into(&mut h, "右图图注", "图2 合影");
    assert_eq!(
        figures(&h)[0].1.second.as_ref().unwrap().caption,
        "图2 合影"
    );

    // 替换左图…: another file, the caption stays.
    let third = dir.join("替换.png");
    let png = {
        let img = image::RgbaImage::from_pixel(20, 10, image::Rgba([0, 200, 0, 255]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    std::fs::write(&third, &png).unwrap();
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([third]));
    h.get_by_label("替换左图…").click();
    h.run_steps(3);
    let fig = figures(&h)[0].1.clone();
    let issue = &h.state().session.doc.issue;
    assert_eq!(
        issue.pictures.get(&fig.first.picture).unwrap().name,
        "替换.png"
    );
    assert_eq!(fig.first.caption, "图1 会议现场");

    // Moved up one block, then removed.
    let at = figures(&h)[0].0;
    h.get_by_label("↑ 上移").click();
    h.run_steps(2);
    assert_eq!(figures(&h)[0].0, at - 1);
    h.get_by_label("删除图片").click();
    h.run_steps(2);
    assert!(figures(&h).is_empty());

    // Every step undoes, in order, and redoes.
    let undo_to = |h: &mut Harness<'static, super::App>, check: &Check| {
        for _ in 0..12 {
            run(h, Command::Undo);
            if check(&figures(h)) {
                return;
            }
        }
        panic!("undo never reached the state");
    };
    undo_to(&mut h, &|f| f.len() == 1 && f[0].0 == at - 1);
    undo_to(&mut h, &|f| f.len() == 1 && f[0].0 == at);
    undo_to(&mut h, &|f| {
        f.len() == 1 && f[0].1.second.is_some() && f[0].1.first.picture != fig.first.picture
    });
    undo_to(&mut h, &|f| {
        f.len() == 1 && f[0].1.second.is_none() && f[0].1.width == FigureWidth::Half
    });
    undo_to(&mut h, &|f| {
        f.len() == 1 && f[0].1.width == FigureWidth::Full
    });
    undo_to(&mut h, &|f| f.is_empty());
    for _ in 0..20 {
        run(&mut h, Command::Redo);
    }
    assert!(figures(&h).is_empty(), "redo goes back to the removal");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn insert_from_the_menu_paste_and_refuse_what_is_not_a_picture() {
    let dir = temp_dir("pictures-menu");
    let photo = dir.join("photo.jpeg");
    std::fs::write(&photo, jpeg(64, 48, [10, 120, 10])).unwrap();
    let mut h = harness(Issue::sample(), &dir);
    h.state_mut().asking.prompts = Prompts::Given(VecDeque::from([photo]));
    h.get_by_label("插入").click();
    h.run();
    h.get_by_label_contains("图片…").click();
    h.run_steps(3);
    assert_eq!(figures(&h).len(), 1, "{}", h.state().status);

    // A picture pasted from the clipboard comes in as a PNG.
    let mut image = egui::ColorImage::filled([30, 20], egui::Color32::from_rgb(250, 200, 0));
    image.pixels[0] = egui::Color32::TRANSPARENT;
    run(&mut h, Command::PastePicture(Arc::new(image)));
    let figs = figures(&h);
    assert_eq!(figs.len(), 2, "{}", h.state().status);
    let issue = &h.state().session.doc.issue;
    let pasted = issue.pictures.get(&figs[1].1.first.picture).unwrap();
    assert_eq!(pasted.info.format, crate::picture::PictureFormat::Png);
    assert_eq!((pasted.info.width_px, pasted.info.height_px), (30, 20));
    assert!(pasted.info.has_alpha);

    // A GIF, a text file renamed .jpg and a missing file: refused with their names,
    // nothing changed.
    let gif = dir.join("动画.jpg");
    std::fs::write(&gif, b"GIF89a\x01\x00\x01\x00").unwrap();
    let revision = h.state().session.doc.revision();
    run(&mut h, Command::InsertPictureFile(gif));
    let error = h.state().error.clone().unwrap_or_default();
    assert!(
        error.contains("动画.jpg") && error.contains("GIF"),
        "{error}"
    );
    run(&mut h, Command::DismissError);
    run(
        &mut h,
        Command::InsertPictureFile(dir.join("没有这个文件.png")),
    );
    let error = h.state().error.clone().unwrap_or_default();
    assert!(error.contains("没有这个文件.png"), "{error}");
    assert_eq!(h.state().session.doc.revision(), revision);
    assert_eq!(figures(&h).len(), 2);

    // Without an article selected there is nowhere to put a picture.
    run(&mut h, Command::DismissError);
    run(&mut h, Command::Select(Selection::Masthead));
    run(&mut h, Command::InsertPictureFile(dir.join("photo.jpeg")));
    assert!(h.state().status.contains("选中"), "{}", h.state().status);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Waits (a few seconds at most) until the picture's preview is decoded and drawn.
fn wait_for_preview(h: &mut Harness<'static, super::App>, id: &crate::model::PictureId) {
    for _ in 0..500 {
        if h.state().thumbnails.is_shown(id) {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(1);
    }
    panic!("the preview was never decoded");
}

/// The picture's preview takes its own size while it is decoded, so the caption field
/// and buttons below do not move when it arrives: a click aimed at them a moment before
/// still lands on them, and typing goes on in the same field.
#[test]
fn the_caption_field_stays_put_while_the_preview_arrives() {
    let dir = temp_dir("preview-typing");
    let photo = dir.join("现场.jpg");
    std::fs::write(&photo, jpeg(640, 480, [40, 120, 200])).unwrap();
    let mut h = harness(Issue::sample(), &dir);
    run(&mut h, Command::InsertPictureFile(photo));
    let id = figures(&h)[0].1.first.picture.clone();
    wait_for_preview(&mut h, &id);
    let label = "图注（印在图片下方，可不填）";
    let shown = h.get_by_label(label).rect();

    // Back to a spinner (as for a picture just inserted or replaced).
    h.state().thumbnails.forget();
    h.run_steps(1);
    assert!(!h.state().thumbnails.is_shown(&id), "the spinner is shown");
    let waiting = h.get_by_label(label).rect();
    assert_eq!(
        waiting, shown,
        "the caption field moved while the preview was decoded"
    );

    type_into(&mut h, label, "图1 ");
    wait_for_preview(&mut h, &id);
    assert_eq!(h.get_by_label(label).rect(), shown);
    h.get_by_label(label).type_text("应急通信车");
    h.run_steps(2);
    assert_eq!(figures(&h)[0].1.first.caption, "图1 应急通信车");
}
