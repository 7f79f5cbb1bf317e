//! Page images: sizes, where ink falls, colours, and agreement with poppler's rendering
//! of jianbao's own PDF.

use super::*;
use crate::fonts::{FontBook, FontId};
use crate::layout::{Cluster, GlyphRun, Item, LineKind, Pages, PlacedGlyph, Rule, Source};
use crate::model::Issue;
use crate::style::Ink;

fn sample_pages(book: &FontBook) -> (Issue, Pages) {
    let issue = Issue::sample();
    let style = issue.style.clone().unwrap_or_default();
    let pages = crate::layout::layout(&issue, &style, book);
    assert!(pages.pages.len() >= 2, "the sample fills pages");
    (issue, pages)
}

/// Width, height and pixels per metre of a PNG file, read back by a decoder.
fn png_header(bytes: &[u8]) -> (u32, u32, Option<u32>) {
    let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    (info.width, info.height, info.pixel_dims.map(|d| d.xppu))
}

/// Whether a pixel is not paper white.
fn inked(pixmap: &Pixmap, x: u32, y: u32) -> bool {
    let p = pixmap.pixel(x, y).unwrap();
    (p.red(), p.green(), p.blue()) != (255, 255, 255)
}

#[test]
fn an_a4_page_image_is_as_large_as_its_resolution_says() {
    let book = FontBook::bundled();
    let (_, pages) = sample_pages(&book);
    let page = &pages.pages[0];
    // A4 is 210 × 297 mm.
    assert!((page.width - 595.28).abs() < 0.1 && (page.height - 841.89).abs() < 0.1);
    let mut outlines = Outlines::new(&book);
    for (dpi, width, height) in [
        (36, 298, 421),
        (72, 596, 842),
        (150, 1241, 1754),
        (300, 2481, 3508),
    ] {
        let bytes = page_png(page, &mut outlines, dpi).unwrap();
        let (w, h, per_metre) = png_header(&bytes);
        assert_eq!((w, h), (width, height), "{dpi} dpi");
        let recorded_dpi = f64::from(per_metre.unwrap()) * 0.0254;
        assert!((recorded_dpi - f64::from(dpi)).abs() < 0.05, "{dpi} dpi");
    }
}

/// A page with one run of 国国 (one face, known place) and one red rule.
fn one_glyph_page(book: &FontBook, font: FontId) -> Page {
    let face = book.face(font);
    let id = face.glyph('国').unwrap();
    let cluster = |start: u32| Cluster {
        start,
        end: start + '国'.len_utf8() as u32,
    };
    let run = GlyphRun {
        font,
        size: 20.0,
        ink: Ink::BLACK,
        y: 100.0,
        text: "国国".into(),
        glyphs: vec![
            PlacedGlyph::new(id, 60.0, cluster(0)),
            PlacedGlyph::new(id, 130.5, cluster(3)),
        ],
        source: Source::Article(0),
        line: LineKind::Body,
    };
    Page {
        number: 1,
        width: 300.0,
        height: 200.0,
        text_block: [50.0, 50.0, 200.0, 100.0],
        items: vec![
            Item::Text(run),
            Item::Rule(Rule {
                x0: 50.0,
                x1: 250.0,
                y: 140.0,
                thickness: 2.0,
                ink: Ink::RED,
                source: Source::Masthead,
            }),
        ],
        used_slots: 1,
    }
}

#[test]
fn a_glyph_inks_its_bounding_box_and_nothing_else() {
    let book = FontBook::bundled();
    for (font, face) in book.faces() {
        let page = one_glyph_page(&book, font);
        let scale = 2.0; // 144 dpi
        let mut outlines = Outlines::new(&book);
        let pixmap = draw_page(&page, &mut outlines, scale).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (600, 400));
        // The glyph's bounding box from the font, in pixels, for both glyphs.
        let units = outlines.units_per_em(font).unwrap();
        let id = face.glyph('国').unwrap();
        let b = outlines.get(font, id).unwrap().bounds();
        let em = 20.0 * scale / units;
        let boxes: Vec<[f32; 4]> = [60.0f32, 130.5]
            .iter()
            .map(|x| {
                [
                    x * scale + b.left() * em,
                    100.0 * scale + b.top() * em,
                    x * scale + b.right() * em,
                    100.0 * scale + b.bottom() * em,
                ]
            })
            .collect();
        let rule = [100.0, 278.0, 500.0, 282.0];
        let within = |x: u32, y: u32, r: &[f32; 4], pad: f32| {
            let (x, y) = (x as f32 + 0.5, y as f32 + 0.5);
            x >= r[0] - pad && x <= r[2] + pad && y >= r[1] - pad && y <= r[3] + pad
        };
        let mut dark_inside = [0usize; 2];
        for y in 0..pixmap.height() {
            for x in 0..pixmap.width() {
                let in_glyph = boxes.iter().position(|r| within(x, y, r, 1.0));
                let in_rule = within(x, y, &rule, 0.0);
                if !inked(&pixmap, x, y) {
                    continue;
                }
                assert!(
                    in_glyph.is_some() || in_rule,
                    "{}: ink at ({x}, {y}) outside the glyphs and the rule",
                    face.family
                );
                let p = pixmap.pixel(x, y).unwrap();
                if let Some(k) = in_glyph {
                    // Black ink (#231F20) over white: grey, never the rule's red.
                    let channels = [p.red(), p.green(), p.blue()];
                    let spread = channels.iter().max().unwrap() - channels.iter().min().unwrap();
                    assert!(spread <= 4, "black ink only, not {channels:?}");
                    if p.red() < 64 {
                        dark_inside[k] += 1;
                    }
                } else {
                    // The rule: snapped to whole rows 278–281 and red as viewers show it.
                    assert_eq!([p.red(), p.green(), p.blue()], ink_rgb(Ink::RED));
                }
            }
        }
        // 国 is a heavy glyph: its strokes darken a good part of its box.
        let area = (b.width() * em) * (b.height() * em);
        for (k, dark) in dark_inside.iter().enumerate() {
            assert!(
                *dark as f32 > area * 0.15,
                "{}: glyph {k} has {dark} dark pixels in a box of {area:.0}",
                face.family
            );
        }
        // The rule is solid across its width on its rows, and nothing below or above.
        for x in [101, 300, 498] {
            for y in 278..282 {
                assert!(inked(&pixmap, x, y), "rule at ({x}, {y})");
            }
            assert!(!inked(&pixmap, x, 277) && !inked(&pixmap, x, 282));
        }
    }
}

#[test]
fn every_sample_page_is_inked_only_inside_its_text_block_and_page_number() {
    let book = FontBook::bundled();
    let (_, pages) = sample_pages(&book);
    let mut outlines = Outlines::new(&book);
    let scale = 1.0;
    for page in &pages.pages {
        let pixmap = draw_page(page, &mut outlines, scale).unwrap();
        let [l, t, w, h] = page.text_block;
        let mut allowed = vec![[l, t - 2.0, l + w, t + h + 2.0]];
        for run in page.runs().filter(|r| r.line == LineKind::PageNumber) {
            let first = run.glyphs.first().map_or(0.0, |g| g.x);
            let last = run.glyphs.last().map_or(0.0, |g| g.x + run.size);
            allowed.push([
                first - 1.0,
                run.y - run.size,
                last + 1.0,
                run.y + run.size * 0.3,
            ]);
        }
        let mut inked_pixels = 0;
        for y in 0..pixmap.height() {
            for x in 0..pixmap.width() {
                if inked(&pixmap, x, y) {
                    inked_pixels += 1;
                    let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                    assert!(
                        allowed
                            .iter()
                            .any(|r| px >= r[0] && px <= r[2] && py >= r[1] && py <= r[3]),
                        "page {}: ink at ({x}, {y}) outside the text block",
                        page.number
                    );
                }
            }
        }
        assert!(inked_pixels > 5_000, "page {} has text", page.number);
    }
}

#[test]
fn inks_show_as_pdf_viewers_show_them() {
    assert_eq!(ink_rgb(Ink::BLACK), [35, 31, 32]);
    assert_eq!(ink_rgb(Ink::RED), [237, 28, 36]);
    let ink = |cmyk| Ink {
        cmyk,
        screen_rgb: [0, 0, 0],
    };
    assert_eq!(ink_rgb(ink([0.0; 4])), [255, 255, 255], "no ink is paper");
    // More black ink is darker, step by step; nonsense values are paper, not a panic.
    let mut last = 256;
    for k in 0..=10 {
        let [r, g, b] = ink_rgb(ink([0.0, 0.0, 0.0, k as f32 / 10.0]));
        let light = u32::from(r) + u32::from(g) + u32::from(b);
        assert!(light < last * 3, "k = {k}");
        last = light / 3;
    }
    assert_eq!(
        ink_rgb(ink([f32::NAN, -1.0, 9.0, 0.0])),
        ink_rgb(ink([0.0, 0.0, 1.0, 0.0]))
    );
}

#[test]
fn a_page_too_large_to_draw_is_refused_with_its_number() {
    let book = FontBook::bundled();
    let mut page = one_glyph_page(&book, FontId(0));
    page.number = 7;
    page.width = 14_400.0;
    let mut outlines = Outlines::new(&book);
    let e = draw_page(&page, &mut outlines, scale_for_dpi(MAX_DPI)).unwrap_err();
    assert!(e.to_string().contains("page 7"), "{e}");
    page.width = f32::NAN;
    assert!(draw_page(&page, &mut outlines, 1.0).is_err());
    // The largest resolution on A4 is within bounds.
    let (_, pages) = sample_pages(&book);
    assert!(pixel_size(&pages.pages[0], scale_for_dpi(MAX_DPI)).is_ok());
}

#[test]
fn page_ranges_are_read_as_people_type_them_and_checked_against_the_issue() {
    let r = |s: &str| s.parse::<PageRange>();
    assert_eq!(r("2-5").unwrap().indices(8), Ok(1..5));
    assert_eq!(r(" 3 ").unwrap().indices(8), Ok(2..3));
    assert_eq!(r("4-").unwrap().indices(8), Ok(3..8));
    assert_eq!(r("-2").unwrap().indices(8), Ok(0..2));
    assert_eq!(r("2–3").unwrap().indices(8), Ok(1..3), "en dash");
    assert_eq!(PageRange::default().indices(8), Ok(0..8), "every page");
    let e = r("5-9").unwrap().indices(8).unwrap_err();
    assert!(e.contains("no page 9") && e.contains("8 pages"), "{e}");
    assert!(r("2-1").unwrap_err().contains("backwards"));
    assert!(r("0").unwrap_err().contains("from 1"));
    assert!(r("二").unwrap_err().contains("not a page number"));
    assert!(r("").is_err() && r("-").unwrap().indices(3) == Ok(0..3));
}

#[test]
fn resolutions_and_file_names() {
    assert_eq!(check_dpi(MIN_DPI), Ok(MIN_DPI));
    assert_eq!(check_dpi(MAX_DPI), Ok(MAX_DPI));
    assert!(check_dpi(MIN_DPI - 1).unwrap_err().contains("too low"));
    let e = check_dpi(MAX_DPI + 1).unwrap_err();
    assert!(e.contains("too high") && e.contains("600"), "{e}");
    assert_eq!(file_name("2024年第5期", 1, 4), "2024年第5期-p01.png");
    assert_eq!(file_name("x", 7, 120), "x-p007.png", "sorts in page order");
}

#[test]
fn chosen_pages_are_written_as_named_png_files() {
    let book = FontBook::bundled();
    let (_, pages) = sample_pages(&book);
    let dir = std::env::temp_dir().join(format!("jianbao-png-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let range: PageRange = "2-".parse().unwrap();
    let written = write_pngs(&pages, &book, range, 40, &dir.join("new"), "s").unwrap();
    assert_eq!(written.len(), pages.pages.len() - 1);
    assert!(written[0].ends_with("new/s-p02.png"));
    for path in &written {
        let (w, h, _) = png_header(&std::fs::read(path).unwrap());
        assert_eq!((w, h), (331, 468), "40 dpi");
    }
    let file = dir.join("new/s-p02.png");
    let e = write_pngs(&pages, &book, range, 40, &file, "s").unwrap_err();
    assert!(e.contains("is a file"), "{e}");
    let e = write_pngs(&pages, &book, range, 20, &dir, "s").unwrap_err();
    assert!(e.contains("too low"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A PPM (P6) image as pdftoppm writes it: width, height, RGB bytes.
pub(super) fn read_ppm(bytes: &[u8]) -> (u32, u32, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap().to_string());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P6", "255"));
    (
        fields[1].parse().unwrap(),
        fields[2].parse().unwrap(),
        &bytes[at + 1..],
    )
}

/// Our page images against poppler's rendering of our own PDF of the same pages: the
/// same glyphs at the same places in the same colours, up to anti-aliasing.
#[test]
fn page_images_match_poppler_rendering_of_the_pdf() {
    let probe = std::process::Command::new("pdftoppm").arg("-v").output();
    if probe.is_err() {
        eprintln!("skipped: pdftoppm (poppler-utils) is not installed");
        return;
    }
    let book = FontBook::bundled();
    let (issue, pages) = sample_pages(&book);
    let pdf = crate::pdf::export(&pages, &issue, &book).unwrap();
    let dir = std::env::temp_dir().join(format!("jianbao-poppler-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("s.pdf"), &pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "72", "s.pdf", "pp"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let mut outlines = Outlines::new(&book);
    let digits = pages.pages.len().to_string().len();
    let (mut sum, mut channels, mut far, mut pixels) = (0u64, 0u64, 0u64, 0u64);
    let mut worst_page = 0.0f64;
    for page in &pages.pages {
        let ppm = std::fs::read(dir.join(format!("pp-{:0digits$}.ppm", page.number))).unwrap();
        let (w, h, theirs) = read_ppm(&ppm);
        let ours = draw_page(page, &mut outlines, 1.0).unwrap();
        assert_eq!(
            (ours.width(), ours.height()),
            (w, h),
            "page {}",
            page.number
        );
        let mut page_sum = 0u64;
        for (mine, rgb) in ours.pixels().iter().zip(theirs.chunks_exact(3)) {
            let d = [mine.red(), mine.green(), mine.blue()]
                .iter()
                .zip(rgb)
                .map(|(a, b)| u64::from(a.abs_diff(*b)))
                .collect::<Vec<_>>();
            page_sum += d.iter().sum::<u64>();
            if d.iter().any(|&v| v > 64) {
                far += 1;
            }
        }
        sum += page_sum;
        channels += u64::from(w * h * 3);
        pixels += u64::from(w * h);
        worst_page = worst_page.max(page_sum as f64 / f64::from(w * h * 3));
    }
    let mean = sum as f64 / channels as f64;
    let share = far as f64 / pixels as f64;
    eprintln!(
        "page images vs pdftoppm at 72 dpi, {} pages: mean |difference| {mean:.3} of 255 (worst page {worst_page:.3}), {:.3} % of pixels differ by more than 64",
        pages.pages.len(),
        share * 100.0
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // Measured on the sample: 3.45 and 0.63 %, from anti-aliasing (FreeType's and
    // tiny-skia's coverage differ at glyph edges); the bounds leave room for that and
    // little more, not for glyphs a pixel off, another face or another ink.
    assert!(mean < 6.0, "mean difference {mean:.3}");
    assert!(worst_page < 8.0, "worst page {worst_page:.3}");
    assert!(share < 0.015, "{:.3} % of pixels far apart", share * 100.0);
}

/// Glyph masks (drawn once per size and sixteenth of a pixel, then copied) draw what
/// filling every glyph's outline in place draws, up to that placement; drawing a page
/// again reuses every mask.
#[test]
fn glyph_masks_draw_what_filling_the_outlines_draws() {
    let book = FontBook::bundled();
    let (_, pages) = sample_pages(&book);
    let mut outlines = Outlines::new(&book);
    for (page, scale) in [(&pages.pages[0], 1.0), (&pages.pages[1], 2.5)] {
        let filled = page::draw_with_masks_up_to(page, &mut outlines, scale, 0.0).unwrap();
        assert_eq!(outlines.masks(), 0, "no masks when filling");
        let masked = draw_page(page, &mut outlines, scale).unwrap();
        let made = outlines.masks();
        assert!(made > 100, "{made} masks");
        let (mut sum, mut far) = (0u64, 0usize);
        for (a, b) in filled.data().iter().zip(masked.data()) {
            sum += u64::from(a.abs_diff(*b));
            far += usize::from(a.abs_diff(*b) > 96);
        }
        let mean = sum as f64 / filled.data().len() as f64;
        assert!(mean < 1.0, "scale {scale}: mean difference {mean:.3}");
        assert!(
            far * 1000 < filled.data().len(),
            "scale {scale}: {far} far apart"
        );
        // Drawn again: the same pixels from the same masks, none made anew.
        let again = draw_page(page, &mut outlines, scale).unwrap();
        assert_eq!(outlines.masks(), made);
        assert!(again.data() == masked.data());
        outlines = Outlines::new(&book);
    }
}
