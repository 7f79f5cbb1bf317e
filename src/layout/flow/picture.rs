//! Figures (图片 and 图注, house-format.md §3.10): one picture, or two side by side, each
//! with its caption, as one flow line of whole grid slots.
//!
//! Width: the full measure, half of it (centred), or two pictures at one height filling
//! the measure less a one-character gutter; the aspect is always kept. Height: the
//! picture's height rounded up to whole line pitches, the picture centred in that
//! space, the caption lines (楷体, centred, wrapped by the body's line-breaking rules
//! at the picture's column width) on the slots directly below. Picture and caption are
//! one line, so a page never ends between them; a figure taller than the text block
//! is scaled down until it fits on an empty page, and the editor is told.
//!
//! [`figure_geometry`] is the one rule for printed sizes: the Word and web exports
//! call it too, so a picture is printed the same size everywhere.

use super::wrapped::Place;
use super::{shift, Ctx, FlowLine, Role, Tag};
use crate::layout::pages::{GlyphRun, LineKind, PlacedPicture, Source, Warning};
use crate::model::{Captioned, Figure, FigureWidth, Pictures};
use crate::picture::PictureInfo;
use crate::style::{Ink, Style};
use std::sync::Arc;

/// The gap between two pictures side by side, in grid characters.
pub const PAIR_GAP_CHARS: f32 = 1.0;
/// Below this many pixels per inch at the printed size a photo prints visibly soft
/// (house-format.md §3.10 asks for 300; 150 is where editors should look for a
/// better original).
pub const LOW_DPI: f32 = 150.0;
/// A picture of more pixels than this (a 40-megapixel photo is already far beyond
/// what a full-measure picture needs at 300 dpi: about 1,850 × 2,600) makes the PDF
/// and the preview slow for nothing; the editor is told to use a smaller copy.
pub const HUGE_PIXELS: u64 = 40_000_000;
/// A picture file larger than this (50 MB) makes the issue file and the PDF heavy to
/// send; the same advice.
pub const HUGE_BYTES: usize = 50 * 1024 * 1024;

/// Where a figure's pictures go, in points, relative to the top of the figure's
/// first picture slot (below any blank slot above it).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureGeometry {
    /// Each picture's box: left (from the text block's edge), top, width, height.
    pub boxes: Vec<[f32; 4]>,
    /// Each picture's column (left, width): the picture is centred in it.
    pub columns: Vec<(f32, f32)>,
    /// Each caption's column (left, width): the picture's, but in a pair never
    /// narrower than a third of the pair (a caption under a sliver of a portrait
    /// would stand one character a line), the other caption giving way.
    pub caption_columns: Vec<(f32, f32)>,
    /// Slots the pictures take (their height rounded up to whole line pitches).
    pub picture_slots: u32,
    /// The pictures were scaled down to fit the text block with their captions.
    pub scaled: bool,
}

impl FigureGeometry {
    /// Each picture's printed (width, height) in points.
    pub fn sizes(&self) -> Vec<(f32, f32)> {
        self.boxes.iter().map(|b| (b[2], b[3])).collect()
    }
}

/// The picture's aspect (height over width), a square when unknown or absurd.
fn aspect(pictures: &Pictures, c: &Captioned) -> f32 {
    pictures
        .get(&c.picture)
        .map(|p| p.info.aspect())
        .filter(|a| a.is_finite() && *a > 0.0)
        .map_or(1.0, |a| a.clamp(1e-3, 1e3))
}

/// Where a figure's pictures go and how large they print, given the caption lines
/// under them (the most of either caption of a pair): the full measure or half of it,
/// a pair at one height in two columns a gutter apart; never wider than the text
/// block, and scaled down (each picture staying centred in its column) when the
/// pictures and caption lines would be taller than the text block.
pub fn figure_geometry(
    figure: &Figure,
    pictures: &Pictures,
    style: &Style,
    caption_lines: u32,
) -> FigureGeometry {
    let measure = style.text_width().0.max(1.0);
    let pitch = style.line_pitch().0.max(0.01);
    let cap = style.lines_per_page.max(1);
    // Captions longer than half a page run on below the picture (see `figure`), so
    // they never squeeze the picture to nothing.
    let max_height = (cap.saturating_sub(caption_lines.min(cap / 2)).max(1)) as f32 * pitch;
    let width = match figure.width {
        FigureWidth::Full => measure,
        FigureWidth::Half => measure / 2.0,
    };
    let left = (measure - width) / 2.0;
    // Unscaled: each picture's column and height.
    let (columns, caption_columns, height) = match &figure.second {
        None => {
            let a = aspect(pictures, &figure.first);
            (vec![(left, width)], vec![(left, width)], width * a)
        }
        Some(second) => {
            // Equal heights h: h / a1 + h / a2 = width − gap.
            let (a1, a2) = (aspect(pictures, &figure.first), aspect(pictures, second));
            let gap = (PAIR_GAP_CHARS * style.char_pitch().0).min(width / 4.0);
            let room = (width - gap).max(1.0);
            let h = room / (1.0 / a1 + 1.0 / a2);
            let (w1, w2) = (h / a1, h / a2);
            let c1 = w1.clamp(room / 3.0, room * 2.0 / 3.0);
            (
                vec![(left, w1), (left + w1 + gap, w2)],
                vec![(left, c1), (left + c1 + gap, room - c1)],
                h,
            )
        }
    };
    let scaled = height > max_height + 0.01;
    let scale = if scaled { max_height / height } else { 1.0 };
    let h = height * scale;
    let picture_slots = ((h / pitch) - 1e-3).ceil().max(1.0) as u32;
    let top = (picture_slots as f32 * pitch - h) / 2.0;
    let boxes = columns
        .iter()
        .map(|&(x, w)| {
            let pw = w * scale;
            [x + (w - pw) / 2.0, top, pw, h]
        })
        .collect();
    FigureGeometry {
        boxes,
        columns,
        caption_columns,
        picture_slots,
        scaled,
    }
}

/// How many lines a caption wraps into at `width` points, estimated from the text
/// alone (a Chinese character a full em, other characters half): for the exports,
/// which have no fonts; layout counts the lines it really sets.
pub fn estimated_caption_lines(caption: &str, size: f32, width: f32) -> u32 {
    caption
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let w: f32 = l
                .chars()
                .map(|c| if c.is_ascii() { size / 2.0 } else { size })
                .sum();
            (w / width.max(size)).ceil().max(1.0) as u32
        })
        .sum()
}

/// A figure's printed sizes without fonts (for the Word and web exports): its
/// captions' lines estimated, then [`figure_geometry`].
pub fn figure_sizes(figure: &Figure, pictures: &Pictures, style: &Style) -> Vec<(f32, f32)> {
    let size = style.caption_text_size().0;
    let columns = figure_geometry(figure, pictures, style, 0).caption_columns;
    let lines = figure
        .pictures()
        .zip(&columns)
        .map(|(c, &(_, w))| estimated_caption_lines(&c.caption, size, w))
        .max()
        .unwrap_or(0);
    figure_geometry(figure, pictures, style, lines).sizes()
}

/// A figure as one flow line: the blank slot above when it follows text (dropped at
/// a page top), the pictures centred in their whole slots, the captions below. A
/// caption too long to stay on the picture's page (more lines than the page has below
/// it) runs on in lines of its own, and the editor is told.
/// Warns, naming the article and the picture file, about pictures missing from the
/// issue file, damaged, printed below [`LOW_DPI`], enormous, or scaled to fit.
pub fn figure(
    ctx: &mut Ctx,
    f: &Figure,
    pictures: &Pictures,
    source: Source,
    title: &str,
    block: usize,
    follows_text: bool,
) -> Vec<FlowLine> {
    let s = ctx.style;
    let cap = s.lines_per_page.max(1);
    let place = Place::new(
        format!("文章“{title}”第{block}段的图片"),
        format!("the figure in paragraph {block} of article “{title}”"),
    );
    // Captions first: their lines decide how tall the pictures may be.
    let captions = caption_lines(ctx, f, pictures, source, &place);
    let caption_lines = captions.iter().map(Vec::len).max().unwrap_or(0) as u32;
    let geometry = figure_geometry(f, pictures, s, caption_lines);
    // Caption lines kept with the picture; the rest run on.
    let kept = caption_lines.min(cap.saturating_sub(geometry.picture_slots));
    let own = geometry.picture_slots + kept;
    // A figure that fills a page always starts one: no blank slot to drop.
    let space = u32::from(follows_text && own < cap);
    let (runs, run_on) = captions_below(ctx, captions, space + geometry.picture_slots, kept);
    let top = space as f32 * s.line_pitch().0;
    let placed = placed_pictures(ctx, f, pictures, &geometry.boxes, top, &place, source);
    if geometry.scaled {
        warn_scaled(ctx, f, pictures, &place, source);
    }
    if !run_on.is_empty() {
        ctx.warnings.push(Warning {
            code: "caption-too-long",
            zh: format!(
                "{}的图注有{caption_lines}行，和图片放不进同一页，后面的图注已排到下一页；请缩短图注",
                place.zh
            ),
            en: format!(
                "{}: its caption of {caption_lines} lines does not fit on the picture's page and runs on",
                place.en
            ),
            source,
            page: None,
        });
    }
    let mut out = vec![FlowLine {
        space_above: space,
        pictures: placed,
        ..FlowLine::plain(space + own, runs, LineKind::Figure, source)
    }];
    out.extend(
        (run_on.into_iter()).map(|runs| FlowLine::plain(1, runs, LineKind::Caption, source)),
    );
    out
}

/// Each picture's caption set in its column, line by line (runs at baseline 0), its
/// forced line breaks kept.
fn caption_lines(
    ctx: &mut Ctx,
    f: &Figure,
    pictures: &Pictures,
    source: Source,
    place: &Place,
) -> Vec<Vec<Vec<GlyphRun>>> {
    let size = ctx.style.caption_text_size().0;
    let columns = figure_geometry(f, pictures, ctx.style, 0).caption_columns;
    let tag = Tag::new(Ink::BLACK, source, LineKind::Caption);
    let where_ = Place::new(
        format!("{}的图注", place.zh),
        format!("{}'s caption", place.en),
    );
    let mut captions = Vec::new();
    for (c, &(x, w)) in f.pictures().zip(&columns) {
        let mut lines = Vec::new();
        for forced in c
            .caption
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            for mut line in ctx.wrapped(forced, Role::Kai, size, tag, (w, w), &where_) {
                shift(&mut line.runs, x + ((w - line.width) / 2.0).max(0.0), 0.0);
                lines.push(line.runs);
            }
        }
        captions.push(lines);
    }
    captions
}

/// The captions' first `kept` lines on the figure's line from slot `first` down, and
/// the lines after them, one run-on line each (the captions side by side).
fn captions_below(
    ctx: &Ctx,
    captions: Vec<Vec<Vec<GlyphRun>>>,
    first: u32,
    kept: u32,
) -> (Vec<GlyphRun>, Vec<Vec<GlyphRun>>) {
    let pitch = ctx.style.line_pitch().0;
    let baseline = Ctx::baseline(pitch, ctx.style.caption_text_size().0);
    let mut runs = Vec::new();
    let mut run_on: Vec<Vec<GlyphRun>> = Vec::new();
    for lines in captions {
        for (k, mut line) in lines.into_iter().enumerate() {
            let k = k as u32;
            if k < kept {
                shift(&mut line, 0.0, (first + k) as f32 * pitch + baseline);
                runs.extend(line);
            } else {
                let i = (k - kept) as usize;
                if run_on.len() <= i {
                    run_on.resize_with(i + 1, Vec::new);
                }
                shift(&mut line, 0.0, baseline);
                run_on[i].extend(line);
            }
        }
    }
    (runs, run_on)
}

/// The pictures in their boxes (moved down by `top`), each checked: missing, damaged
/// or of poor quality is said, and such a picture gets an empty box.
fn placed_pictures(
    ctx: &mut Ctx,
    f: &Figure,
    pictures: &Pictures,
    boxes: &[[f32; 4]],
    top: f32,
    place: &Place,
    source: Source,
) -> Vec<PlacedPicture> {
    let mut placed = Vec::new();
    for (c, b) in f.pictures().zip(boxes) {
        let rect = [b[0], b[1] + top, b[2], b[3]];
        let name = picture_name(pictures, c);
        match pictures.get(&c.picture) {
            Some(p) if p.is_present() => {
                let info = match crate::picture::probe(&p.bytes) {
                    Ok(info) => info,
                    Err(e) => {
                        warn_damaged(ctx, place, &name, &e, source);
                        placed.push(empty_box(rect, c, p.info, source));
                        continue;
                    }
                };
                warn_quality(ctx, place, &name, &info, p.bytes.len(), b[2], source);
                placed.push(PlacedPicture {
                    rect,
                    picture: c.picture.clone(),
                    bytes: Arc::clone(&p.bytes),
                    info,
                    source,
                });
            }
            other => {
                warn_missing(ctx, place, &name, source);
                let info = other.map_or(UNKNOWN_INFO, |p| p.info);
                placed.push(empty_box(rect, c, info, source));
            }
        }
    }
    placed
}

/// Says that the figure was scaled down to fit a page with its captions.
fn warn_scaled(ctx: &mut Ctx, f: &Figure, pictures: &Pictures, place: &Place, source: Source) {
    let names: Vec<String> = f.pictures().map(|c| picture_name(pictures, c)).collect();
    ctx.warnings.push(Warning {
        code: "picture-scaled",
        zh: format!(
            "{}“{}”连同图注比版心还高，已按比例缩小到一页之内",
            place.zh,
            names.join("”“")
        ),
        en: format!(
            "{} (“{}”) with its caption is taller than the text block; it was scaled down to fit a page",
            place.en,
            names.join("”, “")
        ),
        source,
        page: None,
    });
}

/// Facts for a picture the issue does not carry at all (its box is square).
const UNKNOWN_INFO: PictureInfo = PictureInfo {
    format: crate::picture::PictureFormat::Jpeg,
    width_px: 0,
    height_px: 0,
    components: 3,
    has_alpha: false,
    density: None,
};

/// A box that keeps the picture's place but draws nothing (no bytes).
fn empty_box(rect: [f32; 4], c: &Captioned, info: PictureInfo, source: Source) -> PlacedPicture {
    PlacedPicture {
        rect,
        picture: c.picture.clone(),
        bytes: Arc::from(Vec::new()),
        info,
        source,
    }
}

/// The file name the picture was added from, or its short id when it has none.
fn picture_name(pictures: &Pictures, c: &Captioned) -> String {
    pictures
        .get(&c.picture)
        .map(|p| p.name.trim())
        .filter(|n| !n.is_empty())
        .map_or_else(|| c.picture.short().to_string(), crate::quote::text)
}

fn warn_missing(ctx: &mut Ctx, place: &Place, name: &str, source: Source) {
    ctx.warnings.push(Warning {
        code: "picture-missing",
        zh: format!(
            "{}“{name}”：简报文件里缺少这张图片的数据，版面上留出空框；请重新插入这张图片",
            place.zh
        ),
        en: format!(
            "{} (“{name}”): the issue file does not hold this picture; an empty box keeps its place",
            place.en
        ),
        source,
        page: None,
    });
}

fn warn_damaged(
    ctx: &mut Ctx,
    place: &Place,
    name: &str,
    e: &crate::picture::PictureError,
    source: Source,
) {
    ctx.warnings.push(Warning {
        code: "picture-damaged",
        zh: format!(
            "{}“{name}”无法读取（{}），版面上留出空框；请重新插入这张图片",
            place.zh,
            e.chinese()
        ),
        en: format!(
            "{} (“{name}”) cannot be read ({e}); an empty box keeps its place",
            place.en
        ),
        source,
        page: None,
    });
}

/// Warnings about a present picture printed `width_pt` wide: too coarse, or enormous.
fn warn_quality(
    ctx: &mut Ctx,
    place: &Place,
    name: &str,
    info: &PictureInfo,
    bytes: usize,
    width_pt: f32,
    source: Source,
) {
    let dpi = info.dpi_at(width_pt);
    if dpi < LOW_DPI {
        ctx.warnings.push(Warning {
            code: "picture-low-dpi",
            zh: format!(
                "{}“{name}”按印刷尺寸只有 {:.0} dpi（低于 {LOW_DPI:.0}），印出来会模糊；请换用更清晰的原图或改为半栏",
                place.zh, dpi
            ),
            en: format!(
                "{} (“{name}”) prints at {dpi:.0} dpi, below {LOW_DPI:.0}; it will look soft",
                place.en
            ),
            source,
            page: None,
        });
    }
    let pixels = u64::from(info.width_px) * u64::from(info.height_px);
    if pixels > HUGE_PIXELS || bytes > HUGE_BYTES {
        ctx.warnings.push(Warning {
            code: "picture-huge",
            zh: format!(
                "{}“{name}”特别大（{}×{} 像素，{:.1} MB），导出和预览会变慢；请换用缩小后的副本（长边约 3000 像素即可）",
                place.zh,
                info.width_px,
                info.height_px,
                bytes as f64 / 1_048_576.0
            ),
            en: format!(
                "{} (“{name}”) is enormous ({}×{} pixels, {:.1} MB); use a smaller copy",
                place.en,
                info.width_px,
                info.height_px,
                bytes as f64 / 1_048_576.0
            ),
            source,
            page: None,
        });
    }
}

#[cfg(test)]
mod tests;
