//! Text as readers extract it: a page's runs joined into printed lines, and the
//! stretches of glyphs that need an `ActualText` span (ISO 32000-1 14.9.4) to read as
//! the display list says they do.

use crate::layout::{GlyphRun, Page};
use std::borrow::Cow;
use std::ops::Range;

/// A page's runs with neighbours that continue one another (same face, size, colour
/// and baseline, left to right) joined, texts and clusters too, so that one printed
/// line is one piece of text for readers, and squeezed marks between runs (a recipient
/// and its 、) can be grouped. Runs that join nothing are borrowed, not copied; runs
/// that do are copied once into one run of the right size.
pub(super) fn joined_runs(page: &Page) -> Vec<Cow<'_, GlyphRun>> {
    let mut out: Vec<Cow<'_, GlyphRun>> = Vec::new();
    let mut line: Vec<&GlyphRun> = Vec::new();
    // The last glyph of the line so far (of its last run that has glyphs).
    let mut last_x: Option<f32> = None;
    for run in page.runs() {
        let continues = line.last().is_some_and(|last| {
            last.font == run.font
                && last.size == run.size
                && last.ink == run.ink
                && last.y == run.y
                && match (last_x, run.glyphs.first()) {
                    (Some(a), Some(b)) => b.x > a,
                    _ => false,
                }
        });
        if !continues && !line.is_empty() {
            out.extend(join(&line));
            line.clear();
            last_x = None;
        }
        line.push(run);
        if let Some(g) = run.glyphs.last() {
            last_x = Some(g.x);
        }
    }
    out.extend(join(&line));
    out
}

/// One run of `runs`, which continue one another: the first borrowed when it is
/// alone; none if there are none.
fn join<'a>(runs: &[&'a GlyphRun]) -> Option<Cow<'a, GlyphRun>> {
    let (first, rest) = runs.split_first()?;
    if rest.is_empty() {
        return Some(Cow::Borrowed(*first));
    }
    let mut text = String::with_capacity(runs.iter().map(|r| r.text.len()).sum());
    let mut glyphs = Vec::with_capacity(runs.iter().map(|r| r.glyphs.len()).sum());
    for run in runs {
        let shift = text.len();
        text.push_str(&run.text);
        glyphs.extend(run.glyphs.iter().map(|g| {
            let mut g = *g;
            g.set_cluster(g.cluster().shifted(shift));
            g
        }));
    }
    Some(Cow::Owned(GlyphRun {
        font: first.font,
        size: first.size,
        ink: first.ink,
        y: first.y,
        text: text.into(),
        glyphs,
        source: first.source,
        line: first.line,
    }))
}

/// A stretch of a printed line, written as one `TJ`: glyphs, and the text readers are
/// to take them as when their fonts' ToUnicode maps would not give it.
#[derive(Debug, PartialEq)]
pub(super) struct Piece<'a> {
    pub glyphs: Range<usize>,
    /// Borrowed from the run's text when the group's clusters follow each other
    /// there (almost always), so marking a squeezed mark costs no allocation.
    pub actual_text: Option<Cow<'a, str>>,
}

/// Splits a run into pieces: stretches of glyphs that read right glyph by glyph, and
/// groups that must be marked with their text. A glyph joins the group before it when
///
/// - it belongs to the same cluster (one character drawn with several glyphs: no
///   single glyph's ToUnicode entry can say what they show together), or
/// - it starts inside the group's box as the font's widths describe it: a squeezed
///   punctuation mark (half of its full-width cell dropped) overlaps its neighbour,
///   and extractors such as `pdftotext` break a word where boxes overlap (poppler at
///   0.2 em; grouped from 0.05 em). Readers take a marked group as one piece of text
///   spanning the union of its boxes.
///
/// A single glyph is marked too when `reads_alone` says its ToUnicode entry is not its
/// cluster's text (the same glyph shows different text elsewhere, as .notdef does for
/// every missing character). `extent(k)` is glyph k's left and right edge in points.
///
/// The pieces replace what `out` held: one buffer serves every run of a page.
pub(super) fn pieces<'a>(
    run: &'a GlyphRun,
    reads_alone: impl Fn(usize) -> bool,
    extent: impl Fn(usize) -> (f32, f32),
    out: &mut Vec<Piece<'a>>,
) {
    let tolerance = 0.05 * run.size;
    let len = run.glyphs.len();
    out.clear();
    let mut k = 0;
    while k < len {
        let (_, mut right) = extent(k);
        let mut end = k + 1;
        while end < len {
            let (left, r) = extent(end);
            let same_cluster = run.glyphs[end].cluster() == run.glyphs[end - 1].cluster();
            if !same_cluster && left >= right - tolerance {
                break;
            }
            right = right.max(r);
            end += 1;
        }
        let marked = end - k > 1 || !reads_alone(k);
        let actual_text = marked.then(|| group_text(run, k..end));
        match out.last_mut() {
            Some(last) if last.actual_text.is_none() && actual_text.is_none() => {
                last.glyphs.end = end;
            }
            _ => out.push(Piece {
                glyphs: k..end,
                actual_text,
            }),
        }
        k = end;
    }
}

/// The text of glyphs `range`: their clusters in order, each once.
fn group_text(run: &GlyphRun, range: Range<usize>) -> Cow<'_, str> {
    let glyphs = &run.glyphs[range];
    // Clusters that follow each other in the text are one slice of it.
    let contiguous = glyphs
        .windows(2)
        .all(|w| w[0].cluster() == w[1].cluster() || w[0].cluster().end == w[1].cluster().start);
    if let (true, Some(first), Some(last)) = (contiguous, glyphs.first(), glyphs.last()) {
        if let Some(text) = run
            .text
            .get(first.cluster().start as usize..last.cluster().end as usize)
        {
            return Cow::Borrowed(text);
        }
    }
    let mut out = String::new();
    let mut last = None;
    for g in glyphs {
        if last != Some(g.cluster()) {
            out.push_str(run.cluster_text(g));
            last = Some(g.cluster());
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::Piece;
    use crate::layout::{Cluster, GlyphRun, LineKind, PlacedGlyph, Source};

    /// A 10 pt run showing `text`, glyph k at `xs[k]` for cluster `clusters[k]`
    /// (character indices into `text`).
    fn run(text: &str, xs: &[f32], clusters: &[(usize, usize)]) -> GlyphRun {
        let at: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        GlyphRun {
            font: crate::fonts::FontId(0),
            size: 10.0,
            ink: crate::style::Ink::BLACK,
            y: 100.0,
            text: text.into(),
            glyphs: xs
                .iter()
                .zip(clusters)
                .enumerate()
                .map(|(k, (&x, &(a, b)))| {
                    PlacedGlyph::new(
                        k as u16 + 1,
                        x,
                        Cluster {
                            start: at[a] as u32,
                            end: at[b] as u32,
                        },
                    )
                })
                .collect(),
            source: Source::Masthead,
            line: LineKind::Body,
        }
    }

    /// The pieces of `run`, in a buffer of their own.
    fn pieces<'a>(
        run: &'a GlyphRun,
        reads_alone: impl Fn(usize) -> bool,
        extent: impl Fn(usize) -> (f32, f32),
    ) -> Vec<Piece<'a>> {
        let mut out = vec![piece(7..9, Some("left over from another run"))];
        super::pieces(run, reads_alone, extent, &mut out);
        out
    }

    fn piece(glyphs: std::ops::Range<usize>, text: Option<&str>) -> Piece<'_> {
        Piece {
            glyphs,
            actual_text: text.map(std::borrow::Cow::Borrowed),
        }
    }

    /// Boxes of a 10 pt line: 字 at 0, a squeezed （ starting at 5 (inside 字's box),
    /// 字 at 15, 字 at 25, a squeezed 、 at 35 and 字 at 40 (inside the 、's box).
    #[test]
    fn squeezed_marks_are_grouped_with_the_glyph_they_overlap() {
        let xs = [0.0, 5.0, 15.0, 25.0, 35.0, 40.0];
        let one_each: Vec<(usize, usize)> = (0..6).map(|k| (k, k + 1)).collect();
        let r = run("甲（乙丙、丁", &xs, &one_each);
        let got = pieces(&r, |_| true, |k| (xs[k], xs[k] + 10.0));
        assert_eq!(
            got,
            vec![
                piece(0..2, Some("甲（")),
                piece(2..4, None),
                piece(4..6, Some("、丁"))
            ],
            "字（ is one group; 字字 plain; 、字 one group"
        );
        // Boxes that only touch are not grouped, and one piece covers them all.
        let even = [0.0, 10.0, 20.0, 30.0];
        let r = run("一二三四", &even, &one_each[..4]);
        let got = pieces(&r, |_| true, |k| (even[k], even[k] + 10.0));
        assert_eq!(got, vec![piece(0..4, None)]);
    }

    /// A character drawn with two glyphs is one group that reads as the character
    /// once, even where the boxes do not overlap; a glyph whose ToUnicode entry is not
    /// its text here is marked alone; a glyph standing for two characters reads as
    /// both through its own entry.
    #[test]
    fn clusters_decide_what_a_group_reads_as() {
        let xs = [0.0, 10.0, 20.0, 30.0, 40.0];
        // 甲, é as e + accent (two glyphs, one cluster), ﬁ for "fi", 乙.
        let r = run("甲éfi乙", &xs, &[(0, 1), (1, 2), (1, 2), (2, 4), (4, 5)]);
        let box_of = |k: usize| (xs[k], xs[k] + 10.0);
        assert_eq!(
            pieces(&r, |_| true, box_of),
            vec![piece(0..1, None), piece(1..3, Some("é")), piece(3..5, None)]
        );
        assert_eq!(
            pieces(&r, |k| k != 4, box_of),
            vec![
                piece(0..1, None),
                piece(1..3, Some("é")),
                piece(3..4, None),
                piece(4..5, Some("乙"))
            ]
        );
    }
}
