//! Pictures in page images: drawn into their boxes in their colours, transparent parts
//! showing the paper, decoded once however often a page is drawn, and agreeing with
//! poppler's rendering of the PDF.

use crate::fonts::FontBook;
use crate::layout::{Item, Page, Pages, PlacedPicture};
use crate::raster::{draw_page, Outlines, Pixmap};
use image::{DynamicImage, Rgb, RgbImage, Rgba, RgbaImage};
use std::sync::Arc;

fn jpeg(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode(
            img.as_bytes(),
            img.width(),
            img.height(),
            img.color().into(),
        )
        .unwrap();
    out
}

fn png(img: &DynamicImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Red on the left half, blue on the right, with a soft vertical gradient.
fn red_blue(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        let g = (y * 40 / h) as u8;
        if x < w / 2 {
            Rgb([220, 20 + g, 30])
        } else {
            Rgb([20, 40 + g, 210])
        }
    }))
}

/// The sample laid out; page `index` emptied of text and rules, for pictures alone.
fn sample(book: &FontBook) -> (crate::model::Issue, Pages) {
    let issue = crate::model::Issue::sample();
    let style = issue.style.clone().unwrap_or_default();
    let pages = crate::layout::layout(&issue, &style, book);
    (issue, pages)
}

fn placed(page: &Page, bytes: Vec<u8>, rect: [f32; 4]) -> Item {
    let source = page.runs().next().map(|r| r.source).unwrap();
    let bytes: Arc<[u8]> = bytes.into();
    Item::Picture(PlacedPicture {
        rect,
        picture: crate::model::PictureId::of(&bytes),
        info: crate::picture::probe(&bytes).unwrap_or(crate::picture::PictureInfo {
            format: crate::picture::PictureFormat::Jpeg,
            width_px: 1,
            height_px: 1,
            components: 3,
            has_alpha: false,
            density: None,
        }),
        bytes,
        source,
    })
}

fn rgb(pixmap: &Pixmap, x: f32, y: f32) -> [u8; 3] {
    let p = pixmap.pixel(x as u32, y as u32).unwrap();
    [p.red(), p.green(), p.blue()]
}

fn near(got: [u8; 3], want: [u8; 3], tolerance: u8) -> bool {
    got.iter()
        .zip(want)
        .all(|(a, b)| a.abs_diff(b) <= tolerance)
}

#[test]
fn a_picture_is_drawn_into_its_box_in_its_colours() {
    let book = FontBook::bundled();
    let (_, pages) = sample(&book);
    let mut page = (*pages.pages[1]).clone();
    let photo = placed(
        &page,
        jpeg(&red_blue(400, 200)),
        [100.0, 120.0, 200.0, 100.0],
    );
    let clear = DynamicImage::ImageRgba8(RgbaImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            Rgba([20, 180, 40, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    }));
    let logo = placed(&page, png(&clear), [100.0, 300.0, 80.0, 40.0]);
    page.items.clear();
    page.items.push(photo);
    page.items.push(logo);
    let mut outlines = Outlines::new(&book);
    for scale in [1.0f32, 2.0, 0.5] {
        let image = draw_page(&page, &mut outlines, scale).unwrap();
        let at = |x: f32, y: f32| rgb(&image, x * scale, y * scale);
        assert!(
            near(at(140.0, 170.0), [220, 30, 30], 30),
            "{scale}: {:?}",
            at(140.0, 170.0)
        );
        assert!(
            near(at(260.0, 170.0), [20, 50, 210], 30),
            "{scale}: {:?}",
            at(260.0, 170.0)
        );
        assert!(
            near(at(120.0, 320.0), [20, 180, 40], 12),
            "{scale}: {:?}",
            at(120.0, 320.0)
        );
        // The clear half shows the paper, and nothing is drawn outside the boxes.
        assert_eq!(at(165.0, 320.0), [255, 255, 255], "{scale}");
        for (x, y) in [
            (97.0, 170.0),
            (303.0, 170.0),
            (200.0, 117.0),
            (200.0, 223.0),
        ] {
            assert_eq!(
                at(x, y),
                [255, 255, 255],
                "{scale}: ({x}, {y}) is outside the box"
            );
        }
    }
}

#[test]
fn pictures_are_decoded_once_however_often_pages_are_drawn() {
    let book = FontBook::bundled();
    let (_, pages) = sample(&book);
    let bytes = jpeg(&red_blue(1600, 800));
    let mut a = (*pages.pages[1]).clone();
    let mut b = (*pages.pages[2]).clone();
    let item_a = placed(&a, bytes.clone(), [100.0, 120.0, 300.0, 150.0]);
    let item_b = placed(&b, bytes, [100.0, 400.0, 300.0, 150.0]);
    a.items.push(item_a);
    b.items.push(item_b);
    let mut outlines = Outlines::new(&book);
    let first = draw_page(&a, &mut outlines, 1.5).unwrap();
    assert_eq!(outlines.pictures().decodes(), 1);
    // A keystroke later: the same page drawn again, the same picture on another page,
    // a step of zoom either way.
    let again = draw_page(&a, &mut outlines, 1.5).unwrap();
    assert!(again.data() == first.data());
    draw_page(&b, &mut outlines, 1.5).unwrap();
    draw_page(&a, &mut outlines, 2.0).unwrap();
    draw_page(&a, &mut outlines, 1.0).unwrap();
    assert_eq!(
        outlines.pictures().decodes(),
        1,
        "drawn again without decoding"
    );
    // Zoomed far in, the picture is decoded once more at the size now needed.
    draw_page(&a, &mut outlines, 4.0).unwrap();
    assert_eq!(outlines.pictures().decodes(), 2);
    draw_page(&b, &mut outlines, 3.5).unwrap();
    assert_eq!(outlines.pictures().decodes(), 2);
}

#[test]
fn a_picture_that_cannot_be_decoded_leaves_its_box_empty() {
    let book = FontBook::bundled();
    let (_, pages) = sample(&book);
    let mut page = (*pages.pages[1]).clone();
    let mut cut = jpeg(&red_blue(64, 64));
    cut.truncate(cut.len() / 3);
    let items = [
        placed(&page, cut, [100.0, 100.0, 100.0, 100.0]),
        placed(&page, Vec::new(), [100.0, 300.0, 50.0, 50.0]),
        placed(&page, b"not a picture".to_vec(), [300.0, 100.0, 50.0, 50.0]),
    ];
    page.items.clear();
    page.items.extend(items);
    let mut outlines = Outlines::new(&book);
    let image = draw_page(&page, &mut outlines, 1.0).unwrap();
    // Missing bytes and bytes that are no picture: empty boxes. A file cut short may
    // show what was decoded of it, inside its box and nowhere else.
    assert_eq!(rgb(&image, 120.0, 320.0), [255, 255, 255]);
    assert_eq!(rgb(&image, 320.0, 120.0), [255, 255, 255]);
    for (k, p) in image.pixels().iter().enumerate() {
        let (x, y) = (k as u32 % image.width(), k as u32 / image.width());
        if !(100..200).contains(&x) || !(100..200).contains(&y) {
            assert_eq!(
                (p.red(), p.green(), p.blue()),
                (255, 255, 255),
                "({x}, {y})"
            );
        }
    }
}

/// Our page image of a page with a photo against poppler's rendering of our PDF of
/// it: the same tolerance as for text pages.
#[test]
fn a_page_with_a_picture_matches_poppler() {
    if std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    }
    let book = FontBook::bundled();
    let (issue, mut pages) = sample(&book);
    let photo = placed(
        &pages.pages[1],
        jpeg(&red_blue(600, 300)),
        [90.0, 200.0, 400.0, 200.0],
    );
    Arc::make_mut(&mut pages.pages[1]).items.insert(0, photo);
    pages.pages.truncate(2);
    let pdf = crate::pdf::export(&pages, &issue, &book).unwrap();
    let dir = std::env::temp_dir().join(format!("jianbao-picture-poppler-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("s.pdf"), &pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "72", "-f", "2", "-l", "2", "s.pdf", "pp"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "ppm"))
        .unwrap();
    let ppm = std::fs::read(file).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let (w, h, theirs) = crate::raster::tests::read_ppm(&ppm);
    let mut outlines = Outlines::new(&book);
    let ours = draw_page(&pages.pages[1], &mut outlines, 1.0).unwrap();
    assert_eq!((ours.width(), ours.height()), (w, h));
    let (mut sum, mut far, mut inside, mut inside_sum) = (0u64, 0u64, 0u64, 0u64);
    for (k, (mine, rgb)) in ours.pixels().iter().zip(theirs.chunks_exact(3)).enumerate() {
        let d: Vec<u64> = [mine.red(), mine.green(), mine.blue()]
            .iter()
            .zip(rgb)
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .collect();
        sum += d.iter().sum::<u64>();
        far += u64::from(d.iter().any(|&v| v > 64));
        let (x, y) = ((k as u32 % w) as f32, (k as u32 / w) as f32);
        if (92.0..488.0).contains(&x) && (202.0..398.0).contains(&y) {
            inside += 1;
            inside_sum += d.iter().sum::<u64>();
        }
    }
    let mean = sum as f64 / f64::from(w * h * 3);
    let share = far as f64 / f64::from(w * h);
    let inside_mean = inside_sum as f64 / (inside * 3) as f64;
    eprintln!(
        "page image with a picture vs pdftoppm at 72 dpi: mean |difference| {mean:.3}, {:.3} % far apart, {inside_mean:.3} inside the picture",
        share * 100.0
    );
    // The bounds of the text pages' comparison (src/raster/tests.rs).
    assert!(mean < 6.0, "mean difference {mean:.3}");
    assert!(share < 0.015, "{:.3} % of pixels far apart", share * 100.0);
    assert!(inside_mean < 6.0, "inside the picture {inside_mean:.3}");
}
