//! Elements to grid lines: every part of an issue becomes a sequence of flow lines, each
//! taking whole line slots, with the rules of where a page may end (house-format.md §3, §4).
//!
//! Coordinates here are relative: x from the text block's left edge, y (baselines and
//! rules) from the top of the line's first slot. Pagination moves them onto pages.
//!
//! One file per element kind, over the small shared context here (`Ctx`, `FlowLine`,
//! `Tag`, `Role`): `heading` (section labels), `article` (title, subtitle, body,
//! byline), `paragraph` (a body paragraph's settings, tightening, long paragraphs),
//! `awards` (award lists), `table` (tables), `picture` (figures), `distribution` (版记); `wrapped` sets the
//! unjustified display lines they share. A new element kind is a new file beside these.

mod article;
pub mod awards;
mod distribution;
mod heading;
mod paragraph;
pub mod picture;
pub mod table;
pub mod wrapped;

use super::linebreak::compose;
use super::pages::{
    Cluster, GlyphRun, LineKind, PlacedGlyph, PlacedPicture, Rule, RunText, Source, Warning,
};
use super::text::{natural_width, prepare, Prepared, TextStyle};
use crate::fonts::FontBook;
use crate::style::{Ink, Style};
use std::sync::Arc;

pub use article::article;
pub use awards::chinese_number;
pub use distribution::distribution;
pub use heading::section_heading;
pub use paragraph::LONG_PARAGRAPH_CHARS;

/// A line of the flow: whole slots, its runs and rules, and whether a page may end before it.
#[derive(Debug, Clone)]
pub struct FlowLine {
    pub slots: u32,
    pub runs: Vec<GlyphRun>,
    pub rules: Vec<Rule>,
    /// A page break may come right before this line.
    pub break_before: bool,
    pub kind: LineKind,
    pub source: Source,
    /// Whether the line belongs to one setting of a paragraph that can be tightened.
    pub variant: Variant,
    /// Blank slots at the top of the line (space above a heading), dropped when the
    /// line starts a page.
    pub space_above: u32,
    /// Set above the line when it starts a page: a table's header row repeated.
    pub head: Option<Arc<Head>>,
    /// Pictures on the line (a figure), their boxes relative like the runs: x from the
    /// text block's left edge, y from the top of the line's first slot.
    pub pictures: Vec<PlacedPicture>,
}

impl FlowLine {
    /// A line of `slots` showing `runs`, as most lines are: a page may end before it,
    /// printed whatever fitting chooses, no blank above, no rules, head or pictures.
    pub fn plain(slots: u32, runs: Vec<GlyphRun>, kind: LineKind, source: Source) -> FlowLine {
        FlowLine {
            slots,
            runs,
            rules: Vec::new(),
            break_before: true,
            kind,
            source,
            variant: Variant::Always,
            space_above: 0,
            head: None,
            pictures: Vec::new(),
        }
    }
}

/// What a line repeats above itself when it starts a page: a table's header row, or
/// for a table without one its top rule (in no slots of its own).
#[derive(Debug)]
pub struct Head {
    pub slots: u32,
    pub runs: Vec<GlyphRun>,
    pub rules: Vec<Rule>,
}

/// Which setting of a paragraph a flow line belongs to. A paragraph that can be set in
/// one line fewer (house-format.md §4.4) is in the flow twice, loose and tight; fitting
/// an issue chooses one, by candidate number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Printed whatever is chosen.
    Always,
    /// The best-looking setting, printed unless candidate `n` is tightened.
    Loose(usize),
    /// The setting in fewer lines, printed when candidate `n` is tightened.
    Tight(usize),
}

impl Variant {
    /// Whether the line is printed when `tight[n]` says which candidates are tightened.
    pub fn active(self, tight: &[bool]) -> bool {
        match self {
            Variant::Always => true,
            Variant::Loose(n) => !tight.get(n).copied().unwrap_or(false),
            Variant::Tight(n) => tight.get(n).copied().unwrap_or(false),
        }
    }
}

/// A paragraph that can be set in fewer lines, at a cost in looks.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Lines saved by the tight setting.
    pub saves: usize,
    /// Extra demerits of the tight setting: cheaper candidates are tightened first.
    pub cost: f64,
    /// Where the paragraph is, in Chinese, and its article.
    pub place: String,
    pub source: Source,
}

/// Everything element builders need.
pub struct Ctx<'a> {
    pub style: &'a Style,
    pub book: &'a FontBook,
    pub warnings: Vec<Warning>,
    /// Paragraphs that could be tightened, indexed by [`Variant`] numbers.
    pub candidates: Vec<Candidate>,
}

/// Colour, origin and line kind that every run of a piece of text shares.
#[derive(Clone, Copy)]
pub struct Tag {
    pub ink: Ink,
    pub source: Source,
    pub line: LineKind,
}

impl Tag {
    /// The tag of every run a piece of text becomes.
    pub fn new(ink: Ink, source: Source, line: LineKind) -> Tag {
        Tag { ink, source, line }
    }
}

/// The role a piece of text is set in.
#[derive(Clone, Copy)]
pub enum Role {
    Title,
    Body,
    Hei,
    Kai,
    Song,
}

impl<'a> Ctx<'a> {
    /// A context with no warnings or candidates yet: one per article, so articles can be
    /// set apart (and on several cores) and cached.
    pub fn new(style: &'a Style, book: &'a FontBook) -> Ctx<'a> {
        Ctx {
            style,
            book,
            warnings: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// A text style for a role and size; body-sized body text sits on the character grid.
    pub fn text_style(&self, role: Role, size: f32) -> TextStyle {
        let s = self.style;
        let (families, latin) = match role {
            Role::Title => (&s.fonts.title, false),
            Role::Body => (&s.fonts.body, true),
            Role::Hei => (&s.fonts.hei, false),
            Role::Kai => (&s.fonts.kai, false),
            Role::Song => (&s.fonts.song, true),
        };
        TextStyle::new(s, self.book, families, size, latin)
    }

    /// Prepares text and reports characters no face has, naming the place.
    pub fn prepare(&mut self, text: &str, ts: &TextStyle, source: Source, place: &str) -> Prepared {
        let p = prepare(text, ts, self.book);
        if !p.missing.is_empty() {
            let chars: String = p.missing.iter().map(|(_, c)| *c).collect();
            let codes: Vec<String> = p
                .missing
                .iter()
                .map(|(_, c)| format!("U+{:04X}", *c as u32))
                .collect();
            self.warnings.push(Warning {
                code: "missing-glyph",
                zh: format!(
                    "{place}：字库中没有这些字符：{chars}（{}）",
                    codes.join(" ")
                ),
                en: format!(
                    "{place}: no font has the characters {chars} ({})",
                    codes.join(" ")
                ),
                source,
                page: None,
            });
        }
        p
    }

    /// Glyph runs for pieces starting at `a`, placed at `glyph_x`, baseline `y`.
    pub fn runs(
        &self,
        p: &Prepared,
        a: usize,
        glyph_x: &[f32],
        y: f32,
        ts: &TextStyle,
        tag: Tag,
    ) -> Vec<GlyphRun> {
        let mut out: Vec<GlyphRun> = Vec::new();
        let pieces = &p.pieces[a..a + glyph_x.len()];
        // Ideographic spaces are set as blank and draw no glyph.
        let drawn = |k: &usize| pieces[*k].kind != super::cjk::CharKind::IdeoSpace;
        let mut k = 0;
        while let Some(first) = (k..pieces.len()).find(drawn) {
            // A run is the drawn pieces of one face from `first` to `end`; counted
            // first, so its glyphs are allocated once at their size.
            let font = pieces[first].font;
            let end = (first..pieces.len())
                .find(|&i| drawn(&i) && pieces[i].font != font)
                .unwrap_or(pieces.len());
            let mut glyphs = Vec::with_capacity((first..end).filter(drawn).count());
            // The run's text: its paragraph's from the first glyph's character to the
            // last's; clusters are byte ranges of it.
            let text_start = pieces[first].offset;
            let mut text_end = text_start;
            for i in (first..end).filter(drawn) {
                let piece = &pieces[i];
                let start = piece.offset.saturating_sub(text_start);
                text_end = piece.offset + piece.ch.len_utf8();
                glyphs.push(PlacedGlyph::new(
                    piece.glyph,
                    glyph_x[i],
                    Cluster {
                        start: u32::try_from(start).unwrap_or(u32::MAX),
                        end: u32::try_from(text_end.saturating_sub(text_start)).unwrap_or(u32::MAX),
                    },
                ));
            }
            out.push(GlyphRun {
                font,
                size: ts.size,
                ink: tag.ink,
                y,
                text: RunText::part(&p.text, text_start..text_end),
                glyphs,
                source: tag.source,
                line: tag.line,
            });
            k = end;
        }
        out
    }

    /// Baseline that centres a character of `size` in a band of `height` (em box 0.88 / 0.12).
    pub fn baseline(height: f32, size: f32) -> f32 {
        (height - size) / 2.0 + 0.88 * size
    }

    /// One line of text set at natural width; returns runs at x = 0 and the width.
    pub fn single(
        &mut self,
        text: &str,
        role: Role,
        size: f32,
        tag: Tag,
        place: &str,
    ) -> (Vec<GlyphRun>, f32) {
        let ts = self.text_style(role, size);
        let p = self.prepare(text, &ts, tag.source, place);
        if p.pieces.is_empty() {
            return (Vec::new(), 0.0);
        }
        let w = natural_width(&p);
        let set = compose(&p, 0, p.pieces.len(), w, false);
        (self.runs(&p, 0, &set.glyph_x, 0.0, &ts, tag), set.end_x)
    }
}

/// Moves runs by (dx, dy).
pub fn shift(runs: &mut [GlyphRun], dx: f32, dy: f32) {
    for r in runs {
        r.y += dy;
        for g in &mut r.glyphs {
            g.x += dx;
        }
    }
}

/// A line of several slots (a wrapped heading, an award row) stays in one piece so a
/// page never ends inside it; one taller than a page cannot, and becomes one line per
/// slot with a page break allowed between them.
pub fn split_tall(line: FlowLine, pitch: f32, cap: u32) -> Vec<FlowLine> {
    if line.slots <= cap.max(1) || pitch <= 0.0 {
        return vec![line];
    }
    let space = line.space_above;
    let count = (line.slots - space).max(1) as usize;
    let mut parts: Vec<FlowLine> = (0..count)
        .map(|k| FlowLine {
            slots: if k == 0 { space + 1 } else { 1 },
            runs: Vec::new(),
            rules: Vec::new(),
            break_before: k > 0 || line.break_before,
            kind: line.kind,
            source: line.source,
            variant: line.variant,
            space_above: if k == 0 { space } else { 0 },
            head: if k == 0 { line.head.clone() } else { None },
            pictures: Vec::new(),
        })
        .collect();
    for mut run in line.runs {
        let slot = (run.y / pitch).floor() as i64 - i64::from(space);
        let k = slot.clamp(0, count as i64 - 1) as usize;
        if k > 0 {
            run.y -= (space as usize + k) as f32 * pitch;
        }
        parts[k].runs.push(run);
    }
    parts
}
