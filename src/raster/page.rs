//! One page of the display list drawn into a pixmap: the pictures, the rules, then the
//! glyphs, each in its ink, on white paper, exactly where layout put them.

use super::glyphs::{GlyphMask, Outlines};
use super::pictures::Pictures;
use crate::layout::{Item, Page, PlacedPicture};
use crate::style::Ink;
use tiny_skia::{FillRule, Paint, Pixmap, PixmapPaint, Rect, Transform};

/// The largest page image side in pixels: an A4 page at 600 dpi is 4,961 × 7,016; this
/// leaves room for larger paper while a page stays within a few hundred megabytes.
pub const MAX_SIDE: u32 = 16_384;

/// Glyphs up to this many pixels to the em are drawn once per size and sub-pixel
/// position and copied ([`GlyphMask`]); larger ones (titles at high resolution) are
/// filled from their outlines each time, as they rarely repeat at one position.
pub const MASKED_UP_TO: f32 = 64.0;

/// Why a page could not be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum RasterError {
    /// The page at this scale would be larger than [`MAX_SIDE`] pixels on a side (or
    /// its size is not a number).
    TooLarge {
        page: usize,
        width: f32,
        height: f32,
    },
}

impl std::fmt::Display for RasterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RasterError::TooLarge {
                page,
                width,
                height,
            } => write!(
                f,
                "page {page} would be {width:.0} × {height:.0} pixels, more than the {MAX_SIDE} pixels a side jianbao draws; choose a lower resolution"
            ),
        }
    }
}

/// The pixel size of a page drawn at `scale` pixels per point: rounded up to whole
/// pixels (a sliver of page is a pixel), as poppler's pdftoppm sizes its images, so
/// the two compare pixel for pixel.
pub fn pixel_size(page: &Page, scale: f32) -> Result<(u32, u32), RasterError> {
    let (w, h) = (page.width * scale, page.height * scale);
    let fits = |v: f32| v.is_finite() && v > 0.0 && v <= MAX_SIDE as f32;
    // A width of 1240.0001 from rounding in mm-to-point arithmetic is 1240 pixels.
    let whole = |v: f32| (v - 0.001).ceil().max(1.0) as u32;
    if fits(w) && fits(h) {
        Ok((whole(w), whole(h)))
    } else {
        Err(RasterError::TooLarge {
            page: page.number,
            width: w,
            height: h,
        })
    }
}

/// Draws a page on white paper at `scale` pixels per point (dpi / 72).
pub fn draw_page(page: &Page, outlines: &mut Outlines, scale: f32) -> Result<Pixmap, RasterError> {
    draw_with_masks_up_to(page, outlines, scale, MASKED_UP_TO)
}

/// [`draw_page`] with glyphs up to `masked_up_to` pixels copied from masks and larger
/// ones filled from their outlines (tests compare the two ways).
pub(super) fn draw_with_masks_up_to(
    page: &Page,
    outlines: &mut Outlines,
    scale: f32,
    masked_up_to: f32,
) -> Result<Pixmap, RasterError> {
    let (w, h) = pixel_size(page, scale)?;
    let too_large = || RasterError::TooLarge {
        page: page.number,
        width: w as f32,
        height: h as f32,
    };
    let mut pixmap = Pixmap::new(w, h).ok_or_else(too_large)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    // Pictures first, then rules, text on top (the order the PDF draws them in).
    for item in &page.items {
        if let Item::Picture(p) = item {
            draw_picture(&mut pixmap, outlines.pictures(), p, scale);
        }
    }
    for item in &page.items {
        if let Item::Rule(r) = item {
            let Some(rect) = rule_rect(r.x0, r.x1, r.y, r.thickness, scale) else {
                continue;
            };
            set_ink(&mut paint, r.ink);
            pixmap.fill_rect(rect, &paint, Transform::identity(), None);
        }
    }
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        let Some(units) = outlines.units_per_em(run.font) else {
            continue;
        };
        set_ink(&mut paint, run.ink);
        let em = run.size * scale / units;
        if !em.is_finite() || em <= 0.0 {
            continue;
        }
        let size = run.size * scale;
        if size <= masked_up_to {
            let ink = ink_rgb(run.ink);
            for g in &run.glyphs {
                let placed = outlines.mask(run.font, g.id, size, g.x * scale, run.y * scale);
                if let Some((mask, x, y)) = placed {
                    blend(&mut pixmap, mask, x, y, ink);
                }
            }
            continue;
        }
        for g in &run.glyphs {
            let Some(path) = outlines.get(run.font, g.id) else {
                continue;
            };
            let at = Transform::from_row(em, 0.0, 0.0, em, g.x * scale, run.y * scale);
            pixmap.fill_path(path, &paint, FillRule::Winding, at, None);
        }
    }
    Ok(pixmap)
}

/// Draws a picture into its box, the box's edges rounded to whole pixels so the picture
/// is copied pixel for pixel (scaled beforehand with a proper filter, see [`Pictures`]).
/// A picture that cannot be decoded leaves its box empty, as in the PDF.
fn draw_picture(pixmap: &mut Pixmap, pictures: &mut Pictures, p: &PlacedPicture, scale: f32) {
    let [left, top, width, height] = p.rect.map(|v| v * scale);
    let (x0, y0) = (left.round(), top.round());
    let (x1, y1) = ((left + width).round(), (top + height).round());
    let fits = |v: f32| v.is_finite() && v.abs() <= MAX_SIDE as f32;
    if !(fits(x0) && fits(y0) && fits(x1) && fits(y1)) || x1 <= x0 || y1 <= y0 {
        return;
    }
    let Some(image) = pictures.at_size(p, (x1 - x0) as u32, (y1 - y0) as u32) else {
        return;
    };
    pixmap.draw_pixmap(
        x0 as i32,
        y0 as i32,
        image.as_ref(),
        &PixmapPaint::default(),
        Transform::identity(),
        None,
    );
}

/// Lays a glyph's coverage in `ink` over the page (opaque paper, so premultiplied
/// and plain colour agree and the page stays opaque).
fn blend(pixmap: &mut Pixmap, mask: &GlyphMask, x: i32, y: i32, ink: [u8; 3]) {
    let (page_w, page_h) = (pixmap.width() as i32, pixmap.height() as i32);
    let data = pixmap.data_mut();
    for (row, coverage) in mask.coverage.chunks_exact(mask.width as usize).enumerate() {
        let py = y + mask.top + row as i32;
        if py < 0 || py >= page_h {
            continue;
        }
        for (col, &a) in coverage.iter().enumerate() {
            let px = x + mask.left + col as i32;
            if a == 0 || px < 0 || px >= page_w {
                continue;
            }
            let at = (py as usize * page_w as usize + px as usize) * 4;
            let a = u32::from(a);
            for (dst, src) in data[at..at + 3].iter_mut().zip(ink) {
                let mixed = (u32::from(src) * a + u32::from(*dst) * (255 - a) + 127) / 255;
                *dst = mixed as u8;
            }
        }
    }
}

/// A rule as a rectangle snapped to whole pixel rows, at least one row tall: a thin
/// rule drawn across two half-covered rows looks grey and blurred, and PDF viewers
/// adjust strokes the same way (poppler's stroke adjustment).
fn rule_rect(x0: f32, x1: f32, y: f32, thickness: f32, scale: f32) -> Option<Rect> {
    let top = ((y - thickness / 2.0) * scale).round();
    let bottom = ((y + thickness / 2.0) * scale).round().max(top + 1.0);
    let (left, right) = (x0.min(x1) * scale, x0.max(x1) * scale);
    Rect::from_ltrb(left, top, right, bottom)
}

fn set_ink(paint: &mut Paint, ink: Ink) {
    let [r, g, b] = ink_rgb(ink);
    paint.set_color_rgba8(r, g, b, 255);
}

/// The screen colour of a CMYK ink as PDF viewers show DeviceCMYK (Acrobat, poppler
/// and pdf.js all approximate a press profile, not the naive 1 − c): the process
/// colours as they are commonly published for coated paper (black #231F20, red M+Y
/// #ED1C24 …) at the corners of the CMY cube, interpolated between them, and black ink
/// darkening the result towards #231F20. Exact for the two inks the house format uses
/// (100 % K and the red 0/100/100/0); an approximation elsewhere.
pub fn ink_rgb(ink: Ink) -> [u8; 3] {
    // Corners indexed by (c, m, y) bits: c = 4, m = 2, y = 1.
    const CORNERS: [[f32; 3]; 8] = [
        [255.0, 255.0, 255.0], // paper
        [255.0, 242.0, 0.0],   // yellow
        [236.0, 0.0, 140.0],   // magenta
        [237.0, 28.0, 36.0],   // red (M + Y)
        [0.0, 174.0, 239.0],   // cyan
        [0.0, 166.0, 81.0],    // green (C + Y)
        [46.0, 49.0, 146.0],   // blue (C + M)
        [35.0, 31.0, 32.0],    // C + M + Y
    ];
    const BLACK: [f32; 3] = [35.0, 31.0, 32.0];
    let [c, m, y, k] = ink.cmyk.map(|v| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    });
    let mut rgb = [0.0f32; 3];
    for (i, corner) in CORNERS.iter().enumerate() {
        let w = |bit: usize, v: f32| if i & bit != 0 { v } else { 1.0 - v };
        let weight = w(4, c) * w(2, m) * w(1, y);
        for (out, value) in rgb.iter_mut().zip(corner) {
            *out += weight * value;
        }
    }
    let mut out = [0u8; 3];
    for ((o, v), black) in out.iter_mut().zip(rgb).zip(BLACK) {
        let darkened = v * (1.0 - k + k * black / 255.0);
        *o = darkened.round().clamp(0.0, 255.0) as u8;
    }
    out
}
