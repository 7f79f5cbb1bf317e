//! Glyph outlines by id, read from the very faces layout measured and the PDF embeds,
//! so a page image shows the glyph the PDF shows (not one egui or a system font picks).

use crate::fonts::{FontBook, FontId, GlyphId};
use std::collections::HashMap;
use tiny_skia::{FillRule, Mask, Path, PathBuilder, Transform};

/// Glyph coverage kept at most (bytes); past it the masks are dropped and made again.
const MASK_BYTES: usize = 64 << 20;

/// Where a glyph lands within a pixel, in sixteenths: a glyph is drawn at most 1/32
/// pixel off (quarters, as poppler uses, moved edges enough to double the pixels that
/// differ from filling the outline in place), and a page drawn again after an edit
/// still finds nearly every glyph at a position it was drawn at before.
const PHASES: f32 = 16.0;

/// A glyph's coverage at one size and sub-pixel position, drawn once and then
/// copied: drawing a page again after an edit repeats almost every glyph at the very
/// same size and place, and body text repeats its common characters.
pub struct GlyphMask {
    /// Offset of the mask's top-left pixel from the whole pixel the glyph origin is in.
    pub left: i32,
    pub top: i32,
    pub width: u32,
    pub height: u32,
    /// One byte of coverage per pixel, row by row.
    pub coverage: Vec<u8>,
}

/// Face, glyph, size in 1/64 pixel, and the origin's quarter-pixel phase in x and y.
type MaskKey = (FontId, GlyphId, u32, u8, u8);

/// Outlines of the glyphs drawn so far, in font units with y growing downwards (the
/// display list's direction), one entry per face and glyph: a page of body text
/// repeats a few hundred glyphs many times, and every page after the first mostly
/// repeats the glyphs of the pages before.
pub struct Outlines {
    /// The book the faces and ids below belong to ([`FontBook::id`]).
    book: u64,
    /// Each face of the book parsed once, with its units per em (`None`: unreadable).
    faces: Vec<Option<(ttf_parser::Face<'static>, f32)>>,
    /// `None` for a glyph with no outline (a space) or one the face cannot give.
    paths: HashMap<(FontId, GlyphId), Option<Path>>,
    masks: HashMap<MaskKey, Option<GlyphMask>>,
    mask_bytes: usize,
    /// The pictures drawn so far: whoever keeps the outlines between pages (the
    /// preview's worker, a PNG export) keeps the decoded pictures with them.
    pictures: super::pictures::Pictures,
}

impl Outlines {
    /// Outlines of the faces of `book`.
    pub fn new(book: &FontBook) -> Outlines {
        Outlines {
            book: book.id(),
            faces: book
                .faces()
                .map(|(_, face)| {
                    let parsed = ttf_parser::Face::parse(face.data, face.index).ok()?;
                    let units = f32::from(parsed.units_per_em());
                    Some((parsed, units))
                })
                .collect(),
            paths: HashMap::new(),
            masks: HashMap::new(),
            mask_bytes: 0,
            pictures: super::pictures::Pictures::new(),
        }
    }

    /// Whether these outlines were read from `book` (a rebuilt book may number its
    /// faces differently, so outlines are never reused across books).
    pub fn belongs_to(&self, book: &FontBook) -> bool {
        self.book == book.id()
    }

    /// The units per em of a face, if the book has it.
    pub fn units_per_em(&self, font: FontId) -> Option<f32> {
        self.faces
            .get(usize::from(font.0))?
            .as_ref()
            .map(|(_, units)| *units)
    }

    /// The outline of a glyph in font units (y down), read on first use.
    pub fn get(&mut self, font: FontId, glyph: GlyphId) -> Option<&Path> {
        let faces = &self.faces;
        self.paths
            .entry((font, glyph))
            .or_insert_with(|| {
                let (face, _) = faces.get(usize::from(font.0))?.as_ref()?;
                let mut pen = Pen(PathBuilder::new());
                face.outline_glyph(ttf_parser::GlyphId(glyph), &mut pen)?;
                pen.0.finish()
            })
            .as_ref()
    }

    /// The coverage of a glyph `size` pixels to the em with its origin at pixel
    /// position (`x`, `y`), and the whole pixel its mask is placed from.
    pub fn mask(
        &mut self,
        font: FontId,
        glyph: GlyphId,
        size: f32,
        x: f32,
        y: f32,
    ) -> Option<(&GlyphMask, i32, i32)> {
        // The nearest sixteenth of a pixel, as a whole pixel and the sixteenths past it.
        let (qx, qy) = ((x * PHASES).round(), (y * PHASES).round());
        let (px, py) = ((qx / PHASES).floor(), (qy / PHASES).floor());
        let (fx, fy) = ((qx - px * PHASES) as u8, (qy - py * PHASES) as u8);
        let size_64 = (size * 64.0).round();
        if !(size_64.is_finite() && px.is_finite() && py.is_finite()) {
            return None;
        }
        let key = (font, glyph, size_64 as u32, fx, fy);
        if !self.masks.contains_key(&key) {
            if self.mask_bytes > MASK_BYTES {
                self.masks.clear();
                self.mask_bytes = 0;
            }
            let em = self.units_per_em(font).map(|units| size_64 / 64.0 / units);
            let path = self.get(font, glyph).cloned();
            let phases = (f32::from(fx) / PHASES, f32::from(fy) / PHASES);
            let made = em
                .zip(path)
                .and_then(|(em, path)| draw_mask(&path, em, phases));
            self.mask_bytes += made.as_ref().map_or(0, |m| m.coverage.len() + 64);
            self.masks.insert(key, made);
        }
        let mask = self.masks.get(&key)?.as_ref()?;
        Some((mask, px as i32, py as i32))
    }

    /// The decoded pictures kept with these outlines.
    pub fn pictures(&mut self) -> &mut super::pictures::Pictures {
        &mut self.pictures
    }

    /// How many glyph masks are held (for tests of the cache).
    pub fn masks(&self) -> usize {
        self.masks.len()
    }

    /// How many glyph outlines are held (for tests of the cache).
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no outline has been read yet.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// A glyph outline (font units, y down) filled at `em` pixels per unit with its origin
/// at `phase` within a pixel.
fn draw_mask(path: &Path, em: f32, phase: (f32, f32)) -> Option<GlyphMask> {
    let b = path.bounds();
    let left = (b.left() * em + phase.0).floor() as i32 - 1;
    let top = (b.top() * em + phase.1).floor() as i32 - 1;
    let right = (b.right() * em + phase.0).ceil() as i32 + 1;
    let bottom = (b.bottom() * em + phase.1).ceil() as i32 + 1;
    let width = u32::try_from(right - left).ok()?;
    let height = u32::try_from(bottom - top).ok()?;
    let mut mask = Mask::new(width, height)?;
    let at = Transform::from_row(
        em,
        0.0,
        0.0,
        em,
        phase.0 - left as f32,
        phase.1 - top as f32,
    );
    mask.fill_path(path, FillRule::Winding, true, at);
    Some(GlyphMask {
        left,
        top,
        width,
        height,
        coverage: mask.take(),
    })
}

/// Turns the font's outline (y up) into a path with y down.
struct Pen(PathBuilder);

impl ttf_parser::OutlineBuilder for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, -y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, -y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, -y1, x, -y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, -y1, x2, -y2, x, -y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_come_from_the_books_faces_and_are_read_once() {
        let book = FontBook::bundled();
        let mut outlines = Outlines::new(&book);
        assert!(outlines.belongs_to(&book) && outlines.is_empty());
        assert!(!outlines.belongs_to(&FontBook::bundled()), "another book");
        for (font, face) in book.faces() {
            let units = outlines.units_per_em(font).unwrap();
            let g = face.glyph('国').unwrap();
            let bounds = outlines.get(font, g).unwrap().bounds();
            // 国 fills most of its em box, above the baseline (negative y: up).
            assert!(
                bounds.width() > 0.6 * units && bounds.width() <= units,
                "{}",
                face.family
            );
            assert!(bounds.top() < -0.6 * units && bounds.bottom() > -0.3 * units);
            let space = face.glyph(' ').unwrap();
            assert!(
                outlines.get(font, space).is_none(),
                "a space has no outline"
            );
        }
        let before = outlines.len();
        let first = book.faces().next().unwrap();
        outlines.get(first.0, first.1.glyph('国').unwrap());
        assert_eq!(outlines.len(), before, "read once");
        assert!(outlines.get(FontId(999), 1).is_none(), "unknown face");
        assert!(outlines.get(first.0, u16::MAX).is_none(), "unknown glyph");
    }
}
