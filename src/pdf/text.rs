//! Text as readers extract it: a page's runs joined into printed lines, and the
//! stretches of glyphs that need an `ActualText` span to read right.

use crate::layout::{GlyphRun, Page};

/// A page's runs with neighbours that continue one another (same face, size, colour
/// and baseline, left to right) joined, so that one printed line is one piece of text
/// for readers, and squeezed marks between runs (a recipient and its 、) can be grouped.
pub(super) fn joined_runs(page: &Page) -> Vec<GlyphRun> {
    let mut out: Vec<GlyphRun> = Vec::new();
    for run in page.runs() {
        if let Some(last) = out.last_mut() {
            let continues = last.font == run.font
                && last.size == run.size
                && last.ink == run.ink
                && last.y == run.y
                && match (last.glyphs.last(), run.glyphs.first()) {
                    (Some(a), Some(b)) => b.x > a.x,
                    _ => false,
                };
            if continues {
                last.glyphs.extend_from_slice(&run.glyphs);
                continue;
            }
        }
        out.push(run.clone());
    }
    out
}

/// Splits a run into pieces: stretches of glyphs whose boxes follow one another, and
/// groups in which a glyph starts inside the box of the one before it.
///
/// A squeezed punctuation mark (half a cell of its full-width box dropped) overlaps
/// its neighbour's box as the font's widths describe it, and text extractors such as
/// `pdftotext` then break the line there. Each overlapping group is therefore marked
/// with its text (an `ActualText` span, ISO 32000-1 14.9.4), so readers take the group
/// as one piece of text spanning the union of its boxes. `extent(k)` is glyph k's
/// left and right edge in points.
pub(super) fn overlap_groups(
    len: usize,
    size: f32,
    extent: impl Fn(usize) -> (f32, f32),
) -> Vec<(std::ops::Range<usize>, bool)> {
    // Poppler starts a new word when a glyph overlaps the previous one by 0.2 em;
    // group well before that.
    let tolerance = 0.05 * size;
    let mut pieces: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    let mut k = 0;
    while k < len {
        let (_, mut right) = extent(k);
        let mut end = k + 1;
        while end < len {
            let (left, r) = extent(end);
            if left >= right - tolerance {
                break;
            }
            right = right.max(r);
            end += 1;
        }
        let overlapping = end - k > 1;
        match pieces.last_mut() {
            Some((range, false)) if !overlapping => range.end = end,
            _ => pieces.push((k..end, overlapping)),
        }
        k = end;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::overlap_groups;

    /// Boxes of a 10 pt line: 字 at 0, a squeezed （ starting at 5 (inside 字's box),
    /// 字 at 15, 字 at 25, a squeezed 、 at 35 and 字 at 40 (inside the 、's box).
    #[test]
    fn squeezed_marks_are_grouped_with_the_glyph_they_overlap() {
        let xs = [0.0, 5.0, 15.0, 25.0, 35.0, 40.0];
        let pieces = overlap_groups(xs.len(), 10.0, |k| (xs[k], xs[k] + 10.0));
        assert_eq!(
            pieces,
            vec![(0..2, true), (2..4, false), (4..6, true)],
            "字（ is one group; 字字 plain; 、字 one group"
        );
        // Boxes that only touch are not grouped, and one piece covers them all.
        let even = [0.0, 10.0, 20.0, 30.0];
        let pieces = overlap_groups(even.len(), 10.0, |k| (even[k], even[k] + 10.0));
        assert_eq!(pieces, vec![(0..4, false)]);
    }
}
