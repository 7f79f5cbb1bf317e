//! Figure rules (house-format.md §3.10): whole grid slots with the picture centred,
//! captions centred directly below in 楷体 at the caption size, widths (full, half,
//! side by side), scaling to fit, the warnings; on pages: picture and caption kept
//! together, the text after a figure filling the page it did not fit, no figure past
//! its article; and generated articles checked for what no figure may do.

use super::*;
use crate::fonts::FontBook;
use crate::layout::{layout, layout_cached, LayoutCache, Pages};
use crate::model::{Article, Block, Figure, FigureWidth, Issue, Picture, PictureId, Section};
use crate::picture::samples;
use crate::style::Style;
use crate::testing::Rng;

const EPS: f32 = 0.05;

fn article(title: &str, blocks: Vec<Block>) -> Article {
    Article {
        title: title.into(),
        subtitle: None,
        blocks,
        attribution: None,
    }
}

fn issue_of(articles: Vec<Article>) -> Issue {
    let mut issue = Issue::sample();
    issue.front.clear();
    issue.sections = vec![Section {
        label: String::new(),
        articles,
    }];
    issue
}

fn para(text: &str) -> Block {
    Block::Paragraph {
        text: text.to_string(),
    }
}

/// A paragraph of `n` Han characters (with a full stop every 20).
fn han(n: usize) -> String {
    const T: &str = "协会组织会员单位开展技术交流活动推动行业高质量发展";
    let chars: Vec<char> = T.chars().collect();
    (0..n)
        .map(|i| {
            if i % 20 == 19 {
                '，'
            } else {
                chars[i % chars.len()]
            }
        })
        .collect()
}

fn single(id: &PictureId, caption: &str, width: FigureWidth) -> Figure {
    let mut f = Figure::single(id.clone(), caption);
    f.width = width;
    f
}

/// One figure set alone, after text.
fn set(f: &Figure, pictures: &Pictures, style: &Style) -> (FlowLine, Vec<Warning>) {
    let book = FontBook::bundled();
    let mut ctx = Ctx::new(style, &book);
    let mut lines = figure(
        &mut ctx,
        f,
        pictures,
        Source::Article(0),
        "图片测试",
        2,
        true,
    );
    assert_eq!(
        lines.len(),
        1,
        "a caption of a few lines stays with its picture"
    );
    (lines.remove(0), ctx.warnings)
}

fn pictures_with(list: &[(u32, u32, &str)]) -> (Pictures, Vec<PictureId>) {
    let mut pictures = Pictures::default();
    let ids = list
        .iter()
        .map(|&(w, h, name)| pictures.add(Arc::from(samples::jpeg(w, h)), name).unwrap())
        .collect();
    (pictures, ids)
}

/// A run's extent: left, right, baseline.
fn extent(r: &crate::layout::GlyphRun) -> (f32, f32) {
    let left = r.glyphs.first().map_or(0.0, |g| g.x);
    let right = r.glyphs.last().map_or(0.0, |g| g.x + r.size);
    (left, right)
}

#[test]
fn figures_take_whole_slots_with_the_picture_centred_in_them() {
    for style in [Style::house(), Style::gb()] {
        let pitch = style.line_pitch().0;
        let measure = style.text_width().0;
        // Aspects from a panorama to a tall portrait, sizes that fall anywhere between
        // two grid lines.
        for (w, h) in [
            (400, 80),
            (300, 200),
            (401, 299),
            (200, 200),
            (90, 160),
            (64, 250),
        ] {
            let (pictures, ids) = pictures_with(&[(w, h, "p.jpg")]);
            for width in [FigureWidth::Full, FigureWidth::Half] {
                let (line, _) = set(&single(&ids[0], "", width), &pictures, &style);
                let b = line.pictures[0].rect;
                let space = line.space_above as f32 * pitch;
                let pic_slots = line.slots - line.space_above;
                assert!(
                    pic_slots as f32 * pitch >= b[3] - EPS,
                    "{w}×{h}: {pic_slots} slots for {}",
                    b[3]
                );
                assert!(
                    (pic_slots - 1) as f32 * pitch < b[3] + EPS,
                    "{w}×{h}: a slot too many"
                );
                let above = b[1] - space;
                let below = pic_slots as f32 * pitch - (b[1] - space + b[3]);
                assert!((above - below).abs() < EPS, "{w}×{h}: {above} vs {below}");
                assert!(
                    (b[3] / b[2] - h as f32 / w as f32).abs() < 1e-3,
                    "aspect kept"
                );
                assert!(b[0] >= -EPS && b[0] + b[2] <= measure + EPS);
                // Centred across the measure.
                assert!((b[0] + b[2] / 2.0 - measure / 2.0).abs() < EPS);
                let expected = match width {
                    FigureWidth::Full => measure,
                    FigureWidth::Half => measure / 2.0,
                };
                if b[3] < style.text_height().0 - 1.0 {
                    assert!((b[2] - expected).abs() < EPS, "{w}×{h} {width:?}: {b:?}");
                }
            }
        }
    }
}

#[test]
fn captions_sit_centred_directly_below_in_kai_at_the_caption_size() {
    let (pictures, ids) = pictures_with(&[(400, 300, "会场.jpg")]);
    for (style, size) in [(Style::house(), 12.0), (Style::gb(), 14.0)] {
        let pitch = style.line_pitch().0;
        let kai = &style.fonts.kai;
        let book = FontBook::bundled();
        let (line, _) = set(
            &single(
                &ids[0],
                "图为协会会员单位代表参加技术交流会",
                FigureWidth::Half,
            ),
            &pictures,
            &style,
        );
        let b = line.pictures[0].rect;
        let picture_end_slot = ((b[1] + b[3]) / pitch - 1e-3).ceil();
        assert!(!line.runs.is_empty());
        for r in &line.runs {
            assert_eq!(r.line, LineKind::Caption);
            assert!((r.size - size).abs() < 1e-3, "{}", r.size);
            let kai_faces: Vec<_> = kai.iter().filter_map(|n| book.family(n)).collect();
            assert!(
                kai_faces.contains(&r.font),
                "the caption is not set in a 楷体 face of {kai:?}"
            );
            // From the first slot below the picture.
            let slot = (r.y / pitch).floor();
            assert!(slot >= picture_end_slot, "baseline {} below {:?}", r.y, b);
            let (l, rt) = extent(r);
            assert!(((l + rt) / 2.0 - (b[0] + b[2] / 2.0)).abs() < size * 0.6);
        }
        let first = line.runs.iter().map(|r| r.y).fold(f32::INFINITY, f32::min);
        assert_eq!((first / pitch).floor(), picture_end_slot, "directly below");
        let text: String = line.runs.iter().map(|r| r.shown_text()).collect();
        assert_eq!(text, "图为协会会员单位代表参加技术交流会");
    }
}

#[test]
fn long_captions_wrap_within_the_picture_column_with_the_line_break_rules() {
    let style = Style::house();
    let pitch = style.line_pitch().0;
    let (pictures, ids) = pictures_with(&[(400, 300, "a.jpg")]);
    let caption = "图为会员单位在全省信息通信行业职业技能竞赛决赛现场进行光纤熔接项目的比赛，裁判组逐项打分，选手们沉着应对。";
    let (line, _) = set(
        &single(&ids[0], caption, FigureWidth::Half),
        &pictures,
        &style,
    );
    let b = line.pictures[0].rect;
    let mut baselines: Vec<f32> = line.runs.iter().map(|r| r.y).collect();
    baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    assert!(
        baselines.len() >= 3,
        "a half-measure caption wraps: {baselines:?}"
    );
    for r in &line.runs {
        let (l, rt) = extent(r);
        assert!(l >= b[0] - EPS && rt <= b[0] + b[2] + r.size * 0.5 + EPS);
        let first = r.text.chars().next().unwrap_or('a');
        assert!(
            !crate::layout::cjk::no_line_start(first, style.strictness),
            "a caption line starts with {first}"
        );
    }
    // Every caption line in a slot of its own, counted in the figure's slots.
    let pic_slots = ((b[1] + b[3]) / pitch - 1e-3).ceil() as u32;
    assert_eq!(line.slots, pic_slots + baselines.len() as u32);
    let text: String = line.runs.iter().map(|r| r.shown_text()).collect();
    assert_eq!(text, caption);
}

#[test]
fn side_by_side_pictures_share_one_height_a_gutter_apart_each_over_its_caption() {
    let style = Style::house();
    let measure = style.text_width().0;
    let gap = style.char_pitch().0;
    for (a, b) in [
        ((400, 300), (300, 400)),
        ((500, 200), (200, 200)),
        ((100, 300), (300, 120)),
    ] {
        let (pictures, ids) = pictures_with(&[(a.0, a.1, "左.jpg"), (b.0, b.1, "右.jpg")]);
        let f = Figure {
            width: FigureWidth::Full,
            first: Captioned {
                picture: ids[0].clone(),
                caption: "图1 左边的照片".into(),
            },
            second: Some(Captioned {
                picture: ids[1].clone(),
                caption: "图2 右边的照片，说明文字更长一些，需要折行".into(),
            }),
        };
        let (line, _) = set(&f, &pictures, &style);
        let [l, r] = [line.pictures[0].rect, line.pictures[1].rect];
        assert!(
            (l[3] - r[3]).abs() < EPS && (l[1] - r[1]).abs() < EPS,
            "equal height"
        );
        assert!((l[2] + r[2] + gap - measure).abs() < 0.1, "{l:?} {r:?}");
        assert!(
            (r[0] - (l[0] + l[2]) - gap).abs() < 0.1,
            "a one-character gutter"
        );
        assert!(l[0] >= -EPS && r[0] + r[2] <= measure + EPS);
        // Each caption in its own column (the picture's, widened for a sliver), never
        // across the gutter, centred under its picture unless widened.
        let geometry = figure_geometry(&f, &pictures, &style, 2);
        let [c1, c2] = [geometry.caption_columns[0], geometry.caption_columns[1]];
        assert!(c1.0 + c1.1 + gap <= c2.0 + 0.1, "caption columns overlap");
        let mut left_text = String::new();
        let mut right_text = String::new();
        for run in &line.runs {
            let (x0, x1) = extent(run);
            assert!(run.y > l[1] + l[3]);
            let (text, col, pic) = if x1 <= c1.0 + c1.1 + run.size * 0.5 {
                (&mut left_text, c1, l)
            } else {
                (&mut right_text, c2, r)
            };
            text.push_str(&run.shown_text());
            assert!(x0 >= col.0 - EPS && x1 <= col.0 + col.1 + run.size * 0.5 + EPS);
            if (col.1 - pic[2]).abs() < EPS {
                let mid = (x0 + x1) / 2.0;
                assert!((mid - (pic[0] + pic[2] / 2.0)).abs() < run.size * 0.6);
            }
        }
        assert_eq!(left_text, "图1 左边的照片".replace(' ', ""));
        assert_eq!(
            right_text,
            "图2 右边的照片，说明文字更长一些，需要折行".replace(' ', "")
        );
    }
    // The Word export prints the same sizes layout sets.
    let (pictures, ids) = pictures_with(&[(400, 300, "l.jpg"), (300, 400, "r.jpg")]);
    let f = Figure {
        width: FigureWidth::Half,
        first: Captioned {
            picture: ids[0].clone(),
            caption: "左".into(),
        },
        second: Some(Captioned {
            picture: ids[1].clone(),
            caption: "右".into(),
        }),
    };
    let (line, _) = set(&f, &pictures, &style);
    let sizes = figure_sizes(&f, &pictures, &style);
    for (p, (w, h)) in line.pictures.iter().zip(sizes) {
        assert!((p.rect[2] - w).abs() < EPS && (p.rect[3] - h).abs() < EPS);
    }
}

#[test]
fn figures_taller_than_the_text_block_are_scaled_to_fit_with_a_warning() {
    for style in [Style::house(), Style::gb()] {
        let pitch = style.line_pitch().0;
        let cap = style.lines_per_page;
        let (pictures, ids) = pictures_with(&[(60, 300, "长图.jpg"), (300, 200, "ok.jpg")]);
        let (line, warnings) = set(
            &single(&ids[0], "图为一张很长的竖幅图片", FigureWidth::Full),
            &pictures,
            &style,
        );
        assert!(line.slots - line.space_above <= cap, "{} slots", line.slots);
        let b = line.pictures[0].rect;
        assert!(b[3] + pitch <= cap as f32 * pitch + EPS, "with its caption");
        assert!((b[3] / b[2] - 5.0).abs() < 1e-3, "aspect kept");
        let w: Vec<_> = warnings
            .iter()
            .filter(|w| w.code == "picture-scaled")
            .collect();
        assert_eq!(w.len(), 1, "{warnings:?}");
        assert!(
            w[0].zh.contains("图片测试") && w[0].zh.contains("长图.jpg"),
            "{}",
            w[0].zh
        );
        // One that fits is not scaled and not reported.
        let (_, warnings) = set(&single(&ids[1], "", FigureWidth::Full), &pictures, &style);
        assert!(!warnings.iter().any(|w| w.code == "picture-scaled"));
        // On pages: a scaled figure fills a page and stays inside the text block.
        let issue = {
            let mut issue = issue_of(vec![article(
                "长图测试",
                vec![
                    para(&han(200)),
                    Block::Figure(single(&ids[0], "图为一张很长的竖幅图片", FigureWidth::Full)),
                    para(&han(100)),
                ],
            )]);
            issue.pictures = pictures.clone();
            issue
        };
        let pages = layout(&issue, &style, &FontBook::bundled());
        assert_inside(&pages);
        assert!(pages.warnings.iter().any(|w| w.code == "picture-scaled"));
    }
}

#[test]
fn coarse_huge_missing_and_damaged_pictures_are_reported_by_name() {
    let style = Style::house();
    let measure = style.text_width().0;
    // Full measure is about 6.1 inches: 600 pixels are under 150 dpi, 1000 are not.
    let (pictures, ids) = pictures_with(&[(600, 400, "模糊.jpg"), (1000, 600, "清晰.jpg")]);
    let (line, warnings) = set(&single(&ids[0], "", FigureWidth::Full), &pictures, &style);
    let low: Vec<_> = warnings
        .iter()
        .filter(|w| w.code == "picture-low-dpi")
        .collect();
    assert_eq!(low.len(), 1);
    let dpi = 600.0 / (measure / 72.0);
    assert!(
        low[0].zh.contains(&format!("{dpi:.0} dpi")),
        "{}",
        low[0].zh
    );
    assert!(low[0].zh.contains("模糊.jpg") && low[0].zh.contains("图片测试"));
    assert_eq!(
        line.pictures[0].bytes.len(),
        pictures.get(&ids[0]).unwrap().bytes.len()
    );
    let (_, warnings) = set(&single(&ids[1], "", FigureWidth::Full), &pictures, &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    // The same picture at half measure is fine at 600 pixels... and 1000 at full is.
    let (_, warnings) = set(&single(&ids[0], "", FigureWidth::Half), &pictures, &style);
    assert!(!warnings.iter().any(|w| w.code == "picture-low-dpi"));

    // Missing bytes (the issue file lacked the entry): an empty box in its place.
    let mut missing = pictures.clone();
    let mut p: Picture = missing.get(&ids[1]).unwrap().clone();
    p.bytes = Arc::from(Vec::new());
    missing.insert(p);
    let (line, warnings) = set(
        &single(&ids[1], "说明", FigureWidth::Full),
        &missing,
        &style,
    );
    assert!(line.pictures[0].bytes.is_empty());
    assert!((line.pictures[0].rect[3] / line.pictures[0].rect[2] - 0.6).abs() < 1e-3);
    let w: Vec<_> = warnings
        .iter()
        .filter(|w| w.code == "picture-missing")
        .collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].zh.contains("清晰.jpg") && w[0].zh.contains("图片测试"));
    // A figure naming a picture the issue does not carry at all: a square box.
    let stray = PictureId::of(b"not in the issue");
    let (line, warnings) = set(&single(&stray, "", FigureWidth::Full), &pictures, &style);
    assert!((line.pictures[0].rect[3] - line.pictures[0].rect[2]).abs() < EPS);
    assert!(warnings
        .iter()
        .any(|w| w.code == "picture-missing" && w.zh.contains(stray.short())));

    // Damaged bytes (cut short): an empty box and the reason.
    let mut damaged = Pictures::default();
    let bytes = samples::jpeg(300, 200);
    let info = crate::picture::probe(&bytes).unwrap();
    let cut: Arc<[u8]> = Arc::from(&bytes[..bytes.len() / 3]);
    let id = PictureId::of(&cut);
    damaged.insert(Picture {
        id: id.clone(),
        name: "坏图.jpg".into(),
        info,
        bytes: cut,
    });
    let (line, warnings) = set(&single(&id, "", FigureWidth::Full), &damaged, &style);
    if let Some(w) = warnings.iter().find(|w| w.code == "picture-damaged") {
        assert!(line.pictures[0].bytes.is_empty());
        assert!(w.zh.contains("坏图.jpg"));
    } else {
        // A probe that reads only headers may accept a cut JPEG; then the writers
        // decode it and must cope (tested there), and layout keeps the box.
        assert_eq!(line.pictures.len(), 1);
    }
    let garbage: Arc<[u8]> = Arc::from(&b"\xff\xd8\xff\xe0 this is not a JPEG at all"[..]);
    let gid = PictureId::of(&garbage);
    damaged.insert(Picture {
        id: gid.clone(),
        name: "乱码.jpg".into(),
        info,
        bytes: garbage,
    });
    let (line, warnings) = set(&single(&gid, "", FigureWidth::Full), &damaged, &style);
    assert!(line.pictures[0].bytes.is_empty());
    assert!(
        warnings
            .iter()
            .any(|w| w.code == "picture-damaged" && w.zh.contains("乱码.jpg")),
        "{warnings:?}"
    );
}

#[test]
fn enormous_pictures_are_reported() {
    // Facts are read from the header: a small file claiming 8000 × 6000 pixels is
    // checked the way a real 48-megapixel photo would be, without making one.
    let style = Style::house();
    let book = FontBook::bundled();
    let mut ctx = Ctx::new(&style, &book);
    let place = Place::new("文章“某文”第1段的图片", "x");
    let mut info = crate::picture::probe(&samples::jpeg(16, 12)).unwrap();
    info.width_px = 8000;
    info.height_px = 6000;
    warn_quality(
        &mut ctx,
        &place,
        "大图.jpg",
        &info,
        9_000_000,
        400.0,
        Source::Article(0),
    );
    assert!(ctx
        .warnings
        .iter()
        .any(|w| w.code == "picture-huge" && w.zh.contains("8000×6000")));
    ctx.warnings.clear();
    info.width_px = 6000;
    info.height_px = 4000;
    warn_quality(
        &mut ctx,
        &place,
        "大图.jpg",
        &info,
        9_000_000,
        400.0,
        Source::Article(0),
    );
    assert!(
        ctx.warnings.is_empty(),
        "24 megapixels are normal for a camera"
    );
    warn_quality(
        &mut ctx,
        &place,
        "大图.jpg",
        &info,
        HUGE_BYTES + 1,
        400.0,
        Source::Article(0),
    );
    assert!(ctx.warnings.iter().any(|w| w.code == "picture-huge"));
}

// --- On pages ------------------------------------------------------------------------

/// Everything printed, in reading order: (page, top, kind) with text or a picture.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Text(usize, LineKind, String),
    Picture(usize, PictureId),
}

/// An article's items in reading order (page, then top, then left).
fn reading(pages: &Pages, article: usize) -> Vec<(usize, f32, Seen)> {
    let mut out = Vec::new();
    for (p, page) in pages.pages.iter().enumerate() {
        for r in page.runs() {
            if r.source == Source::Article(article) {
                let top = r.y - r.size;
                out.push((p, top, Seen::Text(article, r.line, r.shown_text())));
            }
        }
        for pic in page.pictures() {
            if pic.source == Source::Article(article) {
                out.push((p, pic.rect[1], Seen::Picture(article, pic.picture.clone())));
            }
        }
    }
    out.sort_by(|a, b| (a.0, a.1).partial_cmp(&(b.0, b.1)).unwrap());
    out
}

/// Nothing outside the text block; no picture over text or another picture.
fn assert_inside(pages: &Pages) {
    for page in &pages.pages {
        let [l, t, w, h] = page.text_block;
        let boxes: Vec<[f32; 4]> = page.pictures().map(|p| p.rect).collect();
        for b in &boxes {
            assert!(
                b[0] >= l - EPS
                    && b[1] >= t - EPS
                    && b[0] + b[2] <= l + w + EPS
                    && b[1] + b[3] <= t + h + EPS,
                "page {}: picture {b:?} outside the text block {:?}",
                page.number,
                page.text_block
            );
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!overlaps(a, b), "page {}: pictures overlap", page.number);
            }
        }
        for r in page.runs() {
            if r.line == LineKind::PageNumber {
                continue;
            }
            let (x0, x1) = extent(r);
            let text_box = [x0, r.y - 0.88 * r.size, x1 - x0, r.size];
            for b in &boxes {
                assert!(
                    !overlaps(&text_box, b),
                    "page {}: “{}” overlaps a picture {b:?}",
                    page.number,
                    r.shown_text()
                );
            }
        }
    }
}

fn overlaps(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[0] + b[2] - EPS
        && b[0] < a[0] + a[2] - EPS
        && a[1] < b[1] + b[3] - EPS
        && b[1] < a[1] + a[3] - EPS
}

/// Each caption directly under its picture on the same page: a picture above every
/// caption line with nothing but caption lines between them, the first caption line
/// in the slot right after the picture's.
fn assert_captions_under(pages: &Pages, style: &Style) {
    let pitch = style.line_pitch().0;
    for page in &pages.pages {
        let top = page.text_block[1];
        let slot_of = |y: f32| ((y - top) / pitch).floor();
        for r in page.runs().filter(|r| r.line == LineKind::Caption) {
            let above = page
                .pictures()
                .map(|p| p.rect[1] + p.rect[3])
                .filter(|&bottom| bottom < r.y - r.size * 0.88)
                .fold(f32::NEG_INFINITY, f32::max);
            assert!(
                above.is_finite(),
                "page {}: caption “{}” has no picture above it",
                page.number,
                r.shown_text()
            );
            let between = page
                .runs()
                .filter(|o| o.line != LineKind::Caption && o.y > above && o.y < r.y)
                .count();
            assert_eq!(
                between, 0,
                "page {}: text between a picture and its caption",
                page.number
            );
            let picture_end = ((above - top) / pitch - 1e-3).ceil();
            assert!(slot_of(r.y) >= picture_end);
        }
        for p in page.pictures() {
            let bottom = p.rect[1] + p.rect[3];
            let next = page
                .runs()
                .filter(|r| {
                    // Captions are centred in columns at least a third of the measure.
                    let (x0, x1) = extent(r);
                    let mid = p.rect[0] + p.rect[2] / 2.0;
                    let half = (p.rect[2] / 2.0).max(page.text_block[2] / 3.0);
                    r.y > bottom && x0 < mid + half && x1 > mid - half
                })
                .min_by(|a, b| a.y.total_cmp(&b.y));
            let picture_between =
                |y: f32| page.pictures().any(|o| o.rect[1] > bottom && o.rect[1] < y);
            if let Some(r) = next.filter(|r| r.line == LineKind::Caption && !picture_between(r.y)) {
                let picture_end = ((bottom - top) / pitch - 1e-3).ceil();
                assert_eq!(
                    slot_of(r.y),
                    picture_end,
                    "page {}: caption “{}” not right under {:?}; pictures {:?}",
                    page.number,
                    r.shown_text(),
                    p.rect,
                    page.pictures().map(|p| p.rect).collect::<Vec<_>>()
                );
            }
        }
    }
}

/// The issue's model text and figures for one article, in order.
fn model_order(a: &Article, index: usize) -> Vec<Seen> {
    let mut out = Vec::new();
    for b in &a.blocks {
        match b {
            Block::Paragraph { text } => {
                out.push(Seen::Text(index, LineKind::Body, text.clone()));
            }
            Block::Figure(f) => {
                for c in f.pictures() {
                    out.push(Seen::Picture(index, c.picture.clone()));
                }
            }
            _ => {}
        }
    }
    out
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks an article's reading order against the model: the body text reads in order;
/// every picture comes after all the text before its figure, and before anything of
/// the next article; text after a figure may come before it (the move) only when
/// the figure starts a page. Returns how many figures were moved after text.
fn assert_order(pages: &Pages, issue: &Issue) -> usize {
    let mut moved = 0;
    let articles: Vec<&Article> = issue.articles().collect();
    let mut last_of_previous: Option<(usize, f32)> = None;
    for (k, a) in articles.iter().enumerate() {
        let seen = reading(pages, k);
        // Body text in order.
        let body: String = seen
            .iter()
            .filter_map(|(_, _, s)| match s {
                Seen::Text(_, LineKind::Body | LineKind::BodyLast, t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let model: String = a
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            squash(&body),
            squash(&model),
            "article {k}: body text out of order"
        );
        // Figures: after the text before them.
        let mut chars_before = 0usize;
        let mut figure_no = 0usize;
        let mut shown: Vec<PictureId> = Vec::new();
        for item in model_order(a, k) {
            match item {
                Seen::Text(_, _, t) => chars_before += squash(&t).chars().count(),
                Seen::Picture(_, ref id) => {
                    // The same picture may be shown twice: its n-th showing.
                    let nth = shown.iter().filter(|p| *p == id).count();
                    shown.push(id.clone());
                    let Some(pos) = seen
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, _, s))| matches!(s, Seen::Picture(_, p) if p == id))
                        .nth(nth)
                        .map(|(i, _)| i)
                    else {
                        panic!("article {k}: a picture is not printed");
                    };
                    // Text read before the picture.
                    let read: usize = seen[..pos]
                        .iter()
                        .filter_map(|(_, _, s)| match s {
                            Seen::Text(_, LineKind::Body | LineKind::BodyLast, t) => {
                                Some(squash(t).chars().count())
                            }
                            _ => None,
                        })
                        .sum();
                    assert!(
                        read >= chars_before,
                        "article {k}: text before figure {figure_no} is read after it ({read} < {chars_before}): {:#?}",
                        seen.iter().map(|(p, y, s)| match s { Seen::Text(_, k, t) => format!("{p} {y:.1} {k:?} {}", t.chars().take(8).collect::<String>()), Seen::Picture(..) => format!("{p} {y:.1} PICTURE") }).collect::<Vec<_>>()
                    );
                    if read > chars_before {
                        moved += 1;
                        // Moved: the figure starts its page.
                        let (p, _, _) = &seen[pos];
                        let first_on_page = seen.iter().position(|(q, _, _)| q == p);
                        let page = &pages.pages[*p];
                        let top_item = page
                            .runs()
                            .filter(|r| r.line != LineKind::PageNumber)
                            .map(|r| r.y - r.size)
                            .chain(page.pictures().map(|x| x.rect[1]))
                            .fold(f32::INFINITY, f32::min);
                        assert!(
                            first_on_page.is_some() && (seen[pos].1 - top_item).abs() < 1.0,
                            "article {k}: a moved figure does not start its page"
                        );
                    }
                    figure_no += 1;
                }
            }
        }
        if let (Some(prev), Some(first)) = (last_of_previous, seen.first()) {
            assert!(
                (first.0, first.1) >= prev,
                "article {k} starts before the previous article's end"
            );
        }
        last_of_previous = seen.last().map(|(p, y, _)| (*p, *y));
    }
    moved
}

#[test]
fn a_figure_that_does_not_fit_lets_the_text_after_it_fill_the_page() {
    let style = Style::house();
    let book = FontBook::bundled();
    let cap = style.lines_per_page;
    let (pictures, ids) = pictures_with(&[(400, 300, "会场.jpg")]);
    let mut moved_seen = 0;
    // The text before the figure grows a line at a time, so the figure meets every
    // amount of room left on its page.
    for k in 0..16 {
        let mut issue = issue_of(vec![
            article(
                "第一篇",
                vec![
                    para(&han(640 + 31 * k)),
                    Block::Figure(single(&ids[0], "图为会议现场", FigureWidth::Full)),
                    para(&han(400)),
                    para(&han(300)),
                ],
            ),
            article("第二篇", vec![para(&han(500))]),
        ]);
        issue.pictures = pictures.clone();
        let pages = layout(&issue, &style, &book);
        assert_inside(&pages);
        assert_captions_under(&pages, &style);
        let moved = assert_order(&pages, &issue);
        moved_seen += moved;
        // Where the figure starts a page after the first, the page before it is full
        // unless nothing after the figure could fill it.
        for (p, page) in pages.pages.iter().enumerate().skip(1) {
            let Some(pic) = page.pictures().next() else {
                continue;
            };
            if (pic.rect[1] - page.text_block[1]).abs() > style.line_pitch().0 {
                continue;
            }
            let before = &pages.pages[p - 1];
            assert!(
                before.used_slots + 1 >= cap,
                "k={k}: page {} left {} slots blank before the figure",
                p,
                cap - before.used_slots
            );
        }
    }
    assert!(moved_seen > 0, "some figure was moved after text");
}

#[test]
fn a_figure_never_floats_past_the_end_of_its_article() {
    let style = Style::house();
    let book = FontBook::bundled();
    let (pictures, ids) = pictures_with(&[(400, 300, "结尾.jpg")]);
    let mut pushed = 0;
    for k in 0..14 {
        let mut issue = issue_of(vec![
            article(
                "第一篇",
                vec![
                    para(&han(640 + 31 * k)),
                    Block::Figure(single(&ids[0], "图为活动合影", FigureWidth::Full)),
                ],
            ),
            article("第二篇", vec![para(&han(900))]),
        ]);
        issue.pictures = pictures.clone();
        let pages = layout(&issue, &style, &book);
        assert_inside(&pages);
        assert_order(&pages, &issue);
        // Nothing of the second article before the picture.
        let first = reading(&pages, 0);
        let second = reading(&pages, 1);
        let pic = first
            .iter()
            .find(|(_, _, s)| matches!(s, Seen::Picture(..)))
            .unwrap();
        assert!((second[0].0, second[0].1) > (pic.0, pic.1), "k={k}");
        let top = pages.pages[pic.0].text_block[1];
        if pic.0 > first[0].0 && pic.1 - top < style.line_pitch().0 {
            pushed += 1;
        }
    }
    assert!(pushed > 0, "some figure was pushed to the next page");
}

/// Random text for paragraphs and captions: Han, Latin words, digits, marks.
fn words(rng: &mut Rng, chars: usize) -> String {
    const HAN: &str = "网络安全应急保障能力提升行动计划年度总结表彰先进集体个人数字经济产业";
    let han: Vec<char> = HAN.chars().collect();
    let mut out = String::new();
    while out.chars().count() < chars {
        match rng.below(8) {
            0 => out.push_str(&format!("{}", rng.below(10_000))),
            1 => out.push_str(rng.pick(&["5G", "IPv6", "China Mobile", "F5G-A "])),
            2 => out.push(rng.pick(&['，', '、', '。'])),
            _ => out.extend((0..1 + rng.below(6)).map(|_| rng.pick(&han))),
        }
    }
    let cut: String = out.chars().take(chars).collect();
    cut.trim_start_matches(['，', '、', '。']).to_string()
}

#[test]
fn generated_articles_with_figures_keep_pictures_in_the_block_and_order() {
    let book = FontBook::bundled();
    // A few pictures of aspects from 0.2 to 5, shared by the generated figures.
    let aspects = [0.2f32, 0.5, 0.75, 1.0, 1.5, 3.0, 5.0];
    let mut base = Pictures::default();
    let ids: Vec<PictureId> = aspects
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let w = 120u32;
            let h = ((w as f32) * a).round() as u32;
            base.add(Arc::from(samples::jpeg(w, h)), &format!("p{k}.jpg"))
                .unwrap()
        })
        .collect();
    let mut moved_total = 0;
    for seed in 1..=24u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let style = if seed % 3 == 0 {
            Style::gb()
        } else {
            Style::house()
        };
        let mut articles = Vec::new();
        for a in 0..1 + rng.below(3) {
            let mut blocks = Vec::new();
            for _ in 0..2 + rng.below(7) {
                if rng.below(3) == 0 {
                    let caption = |rng: &mut Rng| {
                        let n = rng.below(81);
                        if n < 5 {
                            String::new()
                        } else {
                            words(rng, n)
                        }
                    };
                    let first = Captioned {
                        picture: ids[rng.below(ids.len())].clone(),
                        caption: caption(&mut rng),
                    };
                    let second = (rng.below(3) == 0).then(|| Captioned {
                        picture: ids[rng.below(ids.len())].clone(),
                        caption: caption(&mut rng),
                    });
                    blocks.push(Block::Figure(Figure {
                        width: if rng.below(2) == 0 {
                            FigureWidth::Full
                        } else {
                            FigureWidth::Half
                        },
                        first,
                        second,
                    }));
                } else {
                    let n = 10 + rng.below(400);
                    blocks.push(para(&words(&mut rng, n)));
                }
            }
            articles.push(article(&format!("生成的文章{a}"), blocks));
        }
        let mut issue = issue_of(articles);
        issue.pictures = base.clone();
        let pages = layout(&issue, &style, &book);
        assert_inside(&pages);
        assert_captions_under(&pages, &style);
        moved_total += assert_order(&pages, &issue);
        let figures = issue
            .articles()
            .flat_map(|a| &a.blocks)
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f.pictures().count()),
                _ => None,
            })
            .sum::<usize>();
        let printed: usize = pages.pages.iter().map(|p| p.pictures().count()).sum();
        assert_eq!(printed, figures, "seed {seed}: every picture printed once");
    }
    assert!(moved_total > 0, "the generated issues exercised the move");
}

#[test]
fn cached_layout_with_figures_matches_a_fresh_layout_after_edits() {
    let book = FontBook::bundled();
    let style = Style::house();
    let (pictures, ids) = pictures_with(&[(400, 300, "a.jpg"), (200, 300, "b.jpg")]);
    let mut issue = issue_of(vec![
        article(
            "第一篇",
            vec![
                para(&han(700)),
                Block::Figure(single(&ids[0], "图为会议现场", FigureWidth::Full)),
                para(&han(500)),
            ],
        ),
        article(
            "第二篇",
            vec![
                para(&han(300)),
                Block::Figure(single(&ids[1], "图为颁奖", FigureWidth::Half)),
                para(&han(900)),
            ],
        ),
    ]);
    issue.pictures = pictures;
    let mut cache = LayoutCache::default();
    let mut rng = Rng(77);
    for step in 0..12 {
        if step > 0 {
            let a = rng.below(2);
            let blocks = &mut issue.sections[0].articles[a].blocks;
            match &mut blocks[0] {
                Block::Paragraph { text } => text.push_str(&han(1 + rng.below(60))),
                _ => unreachable!(),
            }
            if step == 6 {
                // The picture's bytes go missing: the article is set again.
                let mut p = issue.pictures.get(&ids[0]).unwrap().clone();
                p.bytes = Arc::from(Vec::new());
                issue.pictures.insert(p);
            }
        }
        let cached = layout_cached(&issue, &style, &book, &mut cache);
        let fresh = layout(&issue, &style, &book);
        assert_eq!(
            format!("{:?}", cached.pages),
            format!("{:?}", fresh.pages),
            "step {step}"
        );
        assert_eq!(cached.warnings, fresh.warnings, "step {step}");
        assert_eq!(
            step >= 6,
            cached.warnings.iter().any(|w| w.code == "picture-missing")
        );
    }
}
