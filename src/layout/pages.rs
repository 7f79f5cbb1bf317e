//! The display list: positioned glyph runs and rules on pages, in points, origin at the
//! page's top-left corner, y growing downwards.
//!
//! This is the one result of layout. The PDF writer and the on-screen preview both draw
//! it and neither lays anything out, so what the editor sees is what prints.

use std::sync::Arc;

use crate::fonts::{FontId, GlyphId};
use crate::style::Ink;

/// All pages of an issue plus what layout wants the editor to know.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    pub pages: Vec<Arc<Page>>,
    pub warnings: Vec<Warning>,
    /// Number of body-text lines (paragraph lines), for comparing with the original.
    pub body_lines: usize,
    /// Paragraphs set one line shorter to fit the issue (house-format.md §4.4), by
    /// place (Chinese, as in warnings) and origin, so the editor can see what moved.
    pub tightened: Vec<(String, Source)>,
}

/// One page.
#[derive(Debug, Clone)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    pub width: f32,
    pub height: f32,
    /// The text block (版心) on this page: left, top, width, height.
    pub text_block: [f32; 4],
    pub items: Vec<Item>,
    /// Line slots filled on this page (masthead, text and the distribution block).
    pub used_slots: u32,
}

/// Something drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    Text(GlyphRun),
    Rule(Rule),
    Picture(PlacedPicture),
}

/// A picture at its printed place and size; the PDF and the preview draw the same box.
#[derive(Clone)]
pub struct PlacedPicture {
    /// Left, top, width, height in points; the box has the picture's aspect.
    pub rect: [f32; 4],
    pub picture: crate::model::PictureId,
    /// The file's bytes (shared with the issue; empty when the issue file lacked them,
    /// which layout has warned about: the writers then leave the box empty).
    pub bytes: std::sync::Arc<[u8]>,
    pub info: crate::picture::PictureInfo,
    pub source: Source,
}

impl std::fmt::Debug for PlacedPicture {
    /// Without the bytes (megabytes of numbers in a test failure help nobody).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlacedPicture")
            .field("rect", &self.rect)
            .field("picture", &self.picture.short())
            .field("bytes", &self.bytes.len())
            .field("info", &self.info)
            .field("source", &self.source)
            .finish()
    }
}

/// Glyphs of one face, size and colour on one baseline, with the text they show (as
/// Typst's `TextItem` keeps it): what a PDF reader gives back when the text is copied
/// or searched, and what checks read.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    pub font: FontId,
    pub size: f32,
    pub ink: Ink,
    /// Baseline.
    pub y: f32,
    /// The source text from the first glyph's cluster to the last's. What lies between
    /// clusters (a word space set as glue, an ideographic space set as blank) belongs
    /// to no glyph.
    ///
    /// Shared, not owned: placing a line on a page (every re-layout, every page) then
    /// copies a pointer, not the text.
    pub text: RunText,
    pub glyphs: Vec<PlacedGlyph>,
    /// What part of the issue this text belongs to (clicking it selects that part).
    pub source: Source,
    /// What kind of line the run sits on (for checks and tests).
    pub line: LineKind,
}

/// A run's text: a part of its paragraph's text, which all the paragraph's runs share.
///
/// One shared text per paragraph, not per run: copying a run (placing a line on a page,
/// dropping the layout cache) then touches the count of a text the run before it has
/// just touched, instead of one in memory another thread wrote (a cache miss per run,
/// about 62,000 at 120 times the sample).
#[derive(Clone, Default)]
pub struct RunText {
    whole: Arc<str>,
    start: u32,
    end: u32,
}

impl RunText {
    /// The part `range` of `whole` (the empty text if it is not a part of it on
    /// character boundaries).
    pub fn part(whole: &Arc<str>, range: std::ops::Range<usize>) -> RunText {
        match (
            whole.get(range.clone()),
            u32::try_from(range.start),
            u32::try_from(range.end),
        ) {
            (Some(_), Ok(start), Ok(end)) => RunText {
                whole: Arc::clone(whole),
                start,
                end,
            },
            _ => RunText::default(),
        }
    }

    /// The whole of `whole`.
    fn all_of(whole: Arc<str>) -> RunText {
        let end = u32::try_from(whole.len()).unwrap_or(0);
        RunText {
            whole,
            start: 0,
            end,
        }
    }

    /// Whether two texts are parts of one shared text (the runs of one paragraph are).
    pub fn shares_with(&self, other: &RunText) -> bool {
        Arc::ptr_eq(&self.whole, &other.whole)
    }
}

impl From<&str> for RunText {
    /// A text of its own (a run made outside a paragraph, or joined from several).
    fn from(text: &str) -> RunText {
        RunText::all_of(Arc::from(text))
    }
}

impl From<String> for RunText {
    /// A text of its own, as `From<&str>`.
    fn from(text: String) -> RunText {
        RunText::all_of(Arc::from(text))
    }
}

impl std::ops::Deref for RunText {
    type Target = str;

    fn deref(&self) -> &str {
        // Checked when made; `get` keeps a wrong range harmless all the same.
        self.whole
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

impl std::fmt::Debug for RunText {
    /// As the text itself (dumps of the display list read as they did with a `str`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// A glyph at its place, and the part of its run's text it shows.
///
/// Twelve bytes: pages hold a copy of every glyph of the issue and re-layout after an
/// edit places them all again, so the cluster is kept as a start and a short length
/// rather than as a `Cluster` (which would pad the glyph to sixteen).
#[derive(Debug, Clone, Copy)]
pub struct PlacedGlyph {
    pub id: GlyphId,
    /// Left edge of the glyph's origin.
    pub x: f32,
    cluster_start: u32,
    cluster_len: u16,
}

impl PlacedGlyph {
    /// A glyph standing for `cluster` of its run's text.
    pub fn new(id: GlyphId, x: f32, cluster: Cluster) -> PlacedGlyph {
        let mut g = PlacedGlyph {
            id,
            x,
            cluster_start: 0,
            cluster_len: 0,
        };
        g.set_cluster(cluster);
        g
    }

    /// Its cluster: the bytes of the run's `text` it stands for. Glyphs that share a
    /// cluster (one character drawn with several glyphs) have equal clusters, side by
    /// side; a glyph that stands for several characters has a cluster that spans them.
    pub fn cluster(&self) -> Cluster {
        Cluster {
            start: self.cluster_start,
            end: self
                .cluster_start
                .saturating_add(u32::from(self.cluster_len)),
        }
    }

    /// Points the glyph at another cluster (a cluster longer than 65,535 bytes, which
    /// no character is, is cut there).
    pub fn set_cluster(&mut self, cluster: Cluster) {
        self.cluster_start = cluster.start;
        self.cluster_len =
            u16::try_from(cluster.end.saturating_sub(cluster.start)).unwrap_or(u16::MAX);
    }
}

/// A byte range of a run's text (u32 ends keep a glyph small and `Copy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cluster {
    pub start: u32,
    pub end: u32,
}

impl Cluster {
    /// The cluster as a range into the run's text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The same cluster in a text that has `shift` more bytes in front (when runs are
    /// joined into one).
    pub fn shifted(self, shift: usize) -> Cluster {
        let shift = u32::try_from(shift).unwrap_or(u32::MAX);
        Cluster {
            start: self.start.saturating_add(shift),
            end: self.end.saturating_add(shift),
        }
    }
}

/// Reading a run's text through its glyphs.
impl GlyphRun {
    /// The text a glyph stands for ("" if its cluster does not lie in the text).
    pub fn cluster_text(&self, glyph: &PlacedGlyph) -> &str {
        self.text.get(glyph.cluster().range()).unwrap_or("")
    }

    /// The first character a glyph stands for (checks that ask "is this glyph a
    /// comma?"); U+FFFD for a glyph that stands for nothing.
    pub fn glyph_char(&self, glyph: &PlacedGlyph) -> char {
        self.cluster_text(glyph)
            .chars()
            .next()
            .unwrap_or('\u{FFFD}')
    }

    /// The text the glyphs show, cluster by cluster in glyph order (a cluster drawn
    /// with several glyphs once), without what lies between clusters.
    pub fn shown_text(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut last: Option<Cluster> = None;
        for g in &self.glyphs {
            if last != Some(g.cluster()) {
                out.push_str(self.cluster_text(g));
                last = Some(g.cluster());
            }
        }
        out
    }
}

/// A horizontal rule: from `x0` to `x1` centred on `y`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub thickness: f32,
    pub ink: Ink,
    pub source: Source,
}

/// The part of the issue an item was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Masthead,
    /// A section heading: index into `Issue::sections`.
    Section(usize),
    /// An article by its position in print order (lead articles first).
    Article(usize),
    Distribution,
    PageNumber,
    /// The house style as a whole (values that clash with each other).
    Style,
}

/// Kinds of lines, so checks can tell body text from headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Masthead,
    Title,
    Subtitle,
    SectionHeading,
    /// A line of a justified paragraph that is not its last.
    Body,
    /// The last line of a paragraph.
    BodyLast,
    Byline,
    ListIntro,
    ListCategory,
    ListRow,
    /// A table's title line.
    TableCaption,
    /// A row of a table (header or body).
    TableRow,
    /// A figure: its picture(s) and caption(s) as one line of whole slots.
    Figure,
    /// A picture's caption (图注), on a figure line.
    Caption,
    Distribution,
    PageNumber,
}

/// Something the editor should look at, with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Stable code, e.g. `missing-glyph`.
    pub code: &'static str,
    /// Message for the editor's window.
    pub zh: String,
    /// The same in plain English for the command line.
    pub en: String,
    pub source: Source,
    /// Page it concerns, when known.
    pub page: Option<usize>,
}

impl Page {
    /// All glyph runs on the page.
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(r) => Some(r),
            Item::Rule(_) | Item::Picture(_) => None,
        })
    }

    /// All rules on the page.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.items.iter().filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            Item::Text(_) | Item::Picture(_) => None,
        })
    }

    /// All pictures on the page.
    pub fn pictures(&self) -> impl Iterator<Item = &PlacedPicture> {
        self.items.iter().filter_map(|i| match i {
            Item::Picture(p) => Some(p),
            Item::Text(_) | Item::Rule(_) => None,
        })
    }

    /// The source of the text nearest to a point, for click-to-select.
    pub fn source_at(&self, x: f32, y: f32) -> Option<Source> {
        // A click on a picture selects what it belongs to.
        if let Some(p) = self.pictures().find(|p| {
            let [l, t, w, h] = p.rect;
            (l..=l + w).contains(&x) && (t..=t + h).contains(&y)
        }) {
            return Some(p.source);
        }
        let mut best: Option<(f32, Source)> = None;
        for run in self.runs() {
            let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
                continue;
            };
            let top = run.y - run.size;
            let bottom = run.y + run.size * 0.3;
            let dy = if y < top {
                top - y
            } else if y > bottom {
                y - bottom
            } else {
                0.0
            };
            let dx = if x < first.x {
                first.x - x
            } else if x > last.x + run.size {
                x - last.x - run.size
            } else {
                0.0
            };
            let d = dx + dy;
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, run.source));
            }
        }
        best.filter(|(d, _)| *d < 30.0).map(|(_, s)| s)
    }
}

impl Pages {
    /// The text of every page, line by line, in reading order (for checks and tests).
    pub fn lines(&self, page: usize) -> Vec<(LineKind, String)> {
        let Some(p) = self.pages.get(page) else {
            return Vec::new();
        };
        let mut runs: Vec<&GlyphRun> = p.runs().collect();
        runs.sort_by(|a, b| {
            a.y.total_cmp(&b.y).then(
                a.glyphs
                    .first()
                    .map_or(0.0, |g| g.x)
                    .total_cmp(&b.glyphs.first().map_or(0.0, |g| g.x)),
            )
        });
        let mut out: Vec<(f32, LineKind, String)> = Vec::new();
        for r in runs {
            let text = r.shown_text();
            match out.last_mut() {
                Some((y, _, t)) if (*y - r.y).abs() < 0.5 => t.push_str(&text),
                _ => out.push((r.y, r.line, text)),
            }
        }
        out.into_iter().map(|(_, k, t)| (k, t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_text_is_a_part_on_character_boundaries_or_empty() {
        let whole: Arc<str> = Arc::from("山西通信ab");
        let part = RunText::part(&whole, 3..9);
        assert_eq!(&*part, "西通");
        assert!(part.shares_with(&RunText::part(&whole, 12..14)));
        // Inside 山, past the end, backwards: nothing rather than a panic.
        assert_eq!(&*RunText::part(&whole, 1..4), "");
        assert_eq!(&*RunText::part(&whole, 12..20), "");
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = RunText::part(&whole, 6..3);
        assert_eq!(&*backwards, "");
        // Dumps of the display list read as with a `str`.
        assert_eq!(format!("{:?}", RunText::part(&whole, 12..14)), "\"ab\"");
        assert_eq!(&*RunText::from("版记"), "版记");
        assert!(!RunText::from("版记").shares_with(&RunText::from("版记")));
    }
}
