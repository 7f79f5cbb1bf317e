//! Glyph outlines by id, read from the very faces layout measured and the PDF embeds,
//! so a page image shows the glyph the PDF shows (not one egui or a system font picks).

use crate::fonts::{FontBook, FontId, GlyphId};
use std::collections::HashMap;
use tiny_skia::{Path, PathBuilder};

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

    /// How many glyph outlines are held (for tests of the cache).
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no outline has been read yet.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
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
