//! Text preparation: a string becomes pieces (one glyph each) with widths, and the
//! junctions between them with their glue and break rules (house-format.md §5.1–§5.6).
//!
//! Everything the line breaker needs is decided here once per paragraph: which face
//! each character comes from, how wide it is on the grid, which halves of punctuation
//! are blank, where a line may break and at what cost.

use super::cjk::{self, CharKind, PunctKind};
use crate::fonts::{Chain, FontBook, FontId, GlyphId};
use crate::style::{PunctScheme, Strictness, Style};
use std::sync::Arc;

/// How a run of text is set: faces, size and the width of one full-width cell.
#[derive(Debug, Clone)]
pub struct TextStyle {
    pub chain: Chain,
    /// Faces tried first for Latin letters and digits (§5.6); punctuation never.
    pub latin: Option<Chain>,
    pub punctuation: PunctScheme,
    pub size: f32,
    /// Advance of a full-width character: the grid pitch for body text, the size elsewhere.
    pub cell: f32,
    pub strictness: Strictness,
    /// Han–Latin gap in em of `size`.
    pub autospace_em: f32,
}

impl TextStyle {
    /// Body text of `style`: on the character grid, with the style's Latin face.
    pub fn body(style: &Style, book: &FontBook) -> TextStyle {
        TextStyle::new(style, book, &style.fonts.body, style.body_size.0, true)
    }

    /// Text in `families` at `size`; `latin` adds the style's Latin face for digits and
    /// letters. Text at body size sits on the character grid.
    pub fn new(
        style: &Style,
        book: &FontBook,
        families: &[String],
        size: f32,
        latin: bool,
    ) -> TextStyle {
        let on_grid = (size - style.body_size.0).abs() < 0.01;
        let latin_families = &style.fonts.latin;
        let has_latin = latin && latin_families.iter().any(|f| book.family(f).is_some());
        TextStyle {
            chain: book.chain(families),
            latin: has_latin.then(|| book.chain(latin_families)),
            punctuation: style.punctuation,
            size,
            cell: if on_grid { style.char_pitch().0 } else { size },
            strictness: style.strictness,
            autospace_em: style.cjk_latin_gap_em.0,
        }
    }
}

/// Shrink priorities, consumed in this order (house-format.md §5.4 step 2).
pub const SHRINK_LEVELS: usize = 5;
/// Latin word spaces.
pub const SHRINK_SPACE: usize = 0;
/// Outer halves of brackets and quotes.
pub const SHRINK_BRACKET: usize = 1;
/// 、，；： and Han–Latin gaps.
pub const SHRINK_PAUSE: usize = 2;
/// 。？！
pub const SHRINK_STOP: usize = 3;
/// Tracking between full-width characters: only in a paragraph tightened to fit an
/// issue (§4.2 remedy 3, §4.4), never in ordinary setting.
pub const SHRINK_TRACK: usize = 4;

/// Stretch priorities, consumed in this order (§5.4 step 3).
pub const STRETCH_LEVELS: usize = 3;
pub const STRETCH_SPACE: usize = 0;
pub const STRETCH_AUTOSPACE: usize = 1;
/// Even inter-character spacing, unbounded.
pub const STRETCH_INTER: usize = 2;

/// One glyph of prepared text.
#[derive(Debug, Clone)]
pub struct Piece {
    pub ch: char,
    pub font: FontId,
    pub glyph: GlyphId,
    /// Whether the glyph really exists (false: no face of the chain has the character).
    pub found: bool,
    pub kind: CharKind,
    /// Width after mandatory in-text compression.
    pub width: f32,
    /// Offset of the glyph from the piece's left edge.
    pub glyph_dx: f32,
    /// Blank on the right that may still be removed (optional shrink), and its level.
    pub shrink: f32,
    pub shrink_level: usize,
    /// Blank that disappears when this piece ends a line.
    pub end_trim: f32,
    /// Blank that disappears when this piece starts a line (glyph moves left with it).
    pub start_trim: f32,
    /// Byte offset of the character in the source text.
    pub offset: usize,
}

/// The space between piece `i - 1` and piece `i`.
#[derive(Debug, Clone, Default)]
pub struct Junction {
    /// A line may break here.
    pub breakable: bool,
    /// Cost of breaking here (0 = free).
    pub penalty: f32,
    /// Natural width of the glue (Han–Latin gap, word space).
    pub natural: f32,
    pub shrink: f32,
    pub shrink_level: usize,
    pub stretch: f32,
    pub stretch_level: usize,
}

/// A prepared paragraph or single-line text.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The text prepared; pieces point into it by byte offset. Shared: the runs set
    /// from it show parts of it.
    pub text: Arc<str>,
    pub pieces: Vec<Piece>,
    /// `junctions[i]` lies before `pieces[i]`; `junctions[0]` is the paragraph start and
    /// `junctions[len]` the end (both always breakable).
    pub junctions: Vec<Junction>,
    /// Characters no face could draw, with byte offsets.
    pub missing: Vec<(usize, char)>,
}

/// Breaking inside a number before its unit, or inside a date, costs this much (§5.2).
const PENALTY_NUMBER_UNIT: f32 = 60.0;

/// Prepares `text` for setting with `style`.
pub fn prepare(text: &str, style: &TextStyle, book: &FontBook) -> Prepared {
    let mut pieces: Vec<Piece> = Vec::with_capacity(text.len() / 3 + 1);
    // Spaces are not pieces: remember where they were, they become glue.
    let mut space_before: Vec<bool> = Vec::with_capacity(pieces.capacity());
    let mut pending_space = false;
    let mut missing = Vec::new();

    for (offset, ch) in text.char_indices() {
        let kind = cjk::kind(ch);
        if kind == CharKind::Space || ch == '\t' || ch == '\n' {
            pending_space = true;
            continue;
        }
        let piece = piece(ch, offset, kind, style, book);
        if !piece.found {
            missing.push((offset, ch));
        }
        pieces.push(piece);
        space_before.push(pending_space);
        pending_space = false;
    }

    if style.punctuation != PunctScheme::Plain {
        compress_adjacent_punctuation(&mut pieces);
    }
    join_dash_pairs(&mut pieces, book, style.size);
    let junctions = junctions(&pieces, &space_before, style, book);
    Prepared {
        text: Arc::from(text),
        pieces,
        junctions,
        missing,
    }
}

/// One character as a piece: the face that draws it (the chain's first face with
/// glyph 0 when none does, `found` false), its width on the line and where its glyph
/// sits in that width, and how much of a full-width mark's blank half may be squeezed
/// or dropped at a line edge under the style's punctuation scheme.
fn piece(ch: char, offset: usize, kind: CharKind, style: &TextStyle, book: &FontBook) -> Piece {
    let em = style.size;
    let cell = style.cell;
    let latin = match (&style.latin, kind) {
        (Some(chain), CharKind::Narrow) => book.lookup(chain, ch),
        _ => None,
    };
    let (font, glyph, found) = match latin.or_else(|| book.lookup(&style.chain, ch)) {
        Some((f, g)) => (f, g, true),
        None => (style.chain.0[0], 0, false),
    };
    let advance = book.face(font).advance_em(glyph) * em;
    let half = cell / 2.0;
    let halved = match (kind, style.punctuation) {
        (CharKind::Punct(PunctKind::Stop | PunctKind::Closing | PunctKind::Opening), scheme) => {
            match scheme {
                PunctScheme::Banjiao => true,
                PunctScheme::Kaiming => !matches!(ch, '。' | '？' | '！' | '．'),
                PunctScheme::Quanjiao | PunctScheme::Plain => false,
            }
        }
        _ => false,
    };
    let (width, glyph_dx) = match kind {
        CharKind::Ideograph | CharKind::IdeoSpace => (cell, (cell - advance).max(0.0) / 2.0),
        CharKind::Punct(p) => {
            let w = match p {
                PunctKind::Middle => half,
                _ if halved => half,
                _ => cell,
            };
            let dx = match p {
                PunctKind::Opening => w - advance,
                PunctKind::Stop | PunctKind::Closing => 0.0,
                PunctKind::Middle | PunctKind::Dash => (w - advance) / 2.0,
            };
            (w, dx)
        }
        CharKind::Narrow | CharKind::Space => (advance, 0.0),
    };
    // The blank half of a full-width mark: squeezable, and dropped at a line edge.
    let (shrink, shrink_level, end_trim, start_trim) = match kind {
        _ if halved || style.punctuation == PunctScheme::Plain => (0.0, 0, 0.0, 0.0),
        CharKind::Punct(PunctKind::Stop) => {
            let level = if matches!(ch, '。' | '？' | '！' | '．') {
                SHRINK_STOP
            } else {
                SHRINK_PAUSE
            };
            (half, level, half, 0.0)
        }
        CharKind::Punct(PunctKind::Closing) => (half, SHRINK_BRACKET, half, 0.0),
        CharKind::Punct(PunctKind::Opening) => (half, SHRINK_BRACKET, 0.0, half),
        _ => (0.0, 0, 0.0, 0.0),
    };
    Piece {
        ch,
        font,
        glyph,
        found,
        kind,
        width,
        glyph_dx,
        shrink,
        shrink_level,
        end_trim,
        start_trim,
        offset,
    }
}

/// The junctions before every piece, with both ends breakable (see
/// [`Prepared::junctions`]): glue, penalties and the breaks allowed inside addresses.
fn junctions(
    pieces: &[Piece],
    space_before: &[bool],
    style: &TextStyle,
    book: &FontBook,
) -> Vec<Junction> {
    let n = pieces.len();
    let mut junctions = Vec::with_capacity(n + 1);
    junctions.push(Junction {
        breakable: true,
        ..Junction::default()
    });
    for i in 1..n {
        let pair_start = is_dash_pair(pieces, i);
        junctions.push(junction(
            &pieces[i - 1],
            &pieces[i],
            pair_start,
            space_before[i],
            style,
            book,
        ));
    }
    allow_address_breaks(pieces, space_before, &mut junctions, style.size);
    if n > 0 {
        junctions.push(Junction {
            breakable: true,
            ..Junction::default()
        });
    }
    junctions
}

/// Breaking a web address or e-mail address after one of its separators costs this
/// much: a little more than a number before its unit, far less than a loose line.
pub const PENALTY_ADDRESS: f32 = 50.0;

/// Whether a Latin token (letters, digits and symbols with no space) is a web or e-mail
/// address: such tokens may break after their separators (see [`is_address_break`]).
pub fn is_address(token: &[char]) -> bool {
    let text: String = token.iter().collect();
    let lower = text.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return true;
    }
    if let Some(at) = text.find('@') {
        return at > 0 && text[at + 1..].contains('.');
    }
    // A bare host and path such as miit.gov.cn/zwgk: a dot and a slash, starting with a letter.
    token.first().is_some_and(|c| c.is_ascii_alphabetic())
        && text.contains('.')
        && text.contains('/')
}

/// Whether an address may break between `before` and `after`: after / . @ - (never
/// inside `//`), so a long address wraps at its natural joints.
pub fn is_address_break(before: char, after: char) -> bool {
    matches!(before, '/' | '.' | '@' | '-') && after != '/' && !matches!(after, '.' | '-' | '@')
}

/// Opens break opportunities inside web and e-mail addresses (house rule: a long URL
/// breaks after / . @ - rather than running past the measure or forcing a loose line).
/// An address is a run of narrow pieces with no space inside. Its characters may also
/// be spaced out a little when a line must be justified, as Han characters are: a line
/// that is mostly address has nowhere else to put its slack.
fn allow_address_breaks(
    pieces: &[Piece],
    space_before: &[bool],
    junctions: &mut [Junction],
    em: f32,
) {
    let narrow = |i: usize| matches!(pieces[i].kind, CharKind::Narrow);
    let mut start = 0;
    while start < pieces.len() {
        if !narrow(start) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < pieces.len() && narrow(end) && !space_before[end] {
            end += 1;
        }
        if end - start > 3 {
            let token: Vec<char> = pieces[start..end].iter().map(|p| p.ch).collect();
            if is_address(&token) {
                for i in start + 1..end {
                    // Not before the address's last character (a stub on its own).
                    if i < end - 1 && is_address_break(pieces[i - 1].ch, pieces[i].ch) {
                        junctions[i].breakable = true;
                        junctions[i].penalty = PENALTY_ADDRESS;
                    }
                    junctions[i].stretch = em;
                    junctions[i].stretch_level = STRETCH_INTER;
                }
            }
        }
        start = end;
    }
}

/// 全角 compression of adjacent marks (§5.3): two marks take 1.5 em, not 2.
fn compress_adjacent_punctuation(pieces: &mut [Piece]) {
    for i in 1..pieces.len() {
        let (a, b) = (pieces[i - 1].kind, pieces[i].kind);
        let (CharKind::Punct(pa), CharKind::Punct(pb)) = (a, b) else {
            continue;
        };
        if pa == PunctKind::Dash
            || pb == PunctKind::Dash
            || pa == PunctKind::Middle
            || pb == PunctKind::Middle
        {
            continue;
        }
        if pa.blank_right() {
            // closing/pause + anything: drop the first mark's blank right half.
            let p = &mut pieces[i - 1];
            p.width -= p.shrink;
            p.end_trim = 0.0;
            p.shrink = 0.0;
        } else if pa.blank_left() && pb.blank_left() {
            // opening + opening: drop the second's blank left half.
            let p = &mut pieces[i];
            p.width -= p.shrink;
            p.glyph_dx -= p.shrink;
            p.start_trim = 0.0;
            p.shrink = 0.0;
        }
    }
}

/// Whether pieces `i` and `i + 1` are the two halves of a 2-em dash `——`.
fn is_dash_pair(pieces: &[Piece], i: usize) -> bool {
    pieces[i].ch == '—' && pieces.get(i + 1).is_some_and(|p| p.ch == '—')
}

/// Draws each `——` as one unbroken 2-em line (§5.1): the first glyph's ink ends at
/// the middle of the pair and the second's starts there, whatever the font's sidebearings.
fn join_dash_pairs(pieces: &mut [Piece], book: &FontBook, size: f32) {
    let mut i = 0;
    while i + 1 < pieces.len() {
        if is_dash_pair(pieces, i) && pieces[i].found && pieces[i + 1].found {
            for (k, first) in [(i, true), (i + 1, false)] {
                let p = &pieces[k];
                let face = book.face(p.font);
                if let Some((left, right)) = face.ink_em(p.glyph) {
                    pieces[k].glyph_dx = if first {
                        p.width - right * size
                    } else {
                        -left * size
                    };
                }
            }
            i += 2;
        } else {
            i += 1;
        }
    }
}

fn junction(
    a: &Piece,
    b: &Piece,
    dash_pair_start: bool,
    space: bool,
    style: &TextStyle,
    book: &FontBook,
) -> Junction {
    let em = style.size;
    let strict = style.strictness;
    let a_wide = !matches!(a.kind, CharKind::Narrow);
    let b_wide = !matches!(b.kind, CharKind::Narrow);
    let mut j = Junction::default();

    // Break rules: class A never starts a line, class B never ends one (§5.2). A single
    // — is a connector (class A); the 2-em dash —— may start a line except when strict.
    let b_barred = if dash_pair_start {
        strict == Strictness::Strict
    } else {
        cjk::no_line_start(b.ch, strict)
    };
    let mut breakable = !b_barred && !cjk::no_line_end(a.ch, strict);
    // Never split inside Latin words and numbers, unless a space separates them (class C).
    if !a_wide && !b_wide && !space {
        breakable = false;
    }
    // ⸺, —— and …… are 2-em units.
    if matches!(
        (a.kind, b.kind),
        (
            CharKind::Punct(PunctKind::Dash),
            CharKind::Punct(PunctKind::Dash)
        )
    ) {
        breakable = false;
    }
    // 5G+工业: a prefix symbol stays with the Han that follows (UAX #14 LB23a PR × ID).
    if a.ch == '+' && b_wide {
        breakable = false;
    }
    j.breakable = breakable;
    // Number|unit (33.4|亿元) and inside a date (9月|15日) are allowed but discouraged.
    let number_unit = a.ch.is_ascii_digit() && cjk::is_han(b.ch);
    let inside_date = matches!(a.ch, '年' | '月') && b.ch.is_ascii_digit();
    if breakable && (number_unit || inside_date) {
        j.penalty = PENALTY_NUMBER_UNIT;
    }

    let han_latin = (a_wide != b_wide)
        && matches!(a.kind, CharKind::Ideograph | CharKind::Narrow)
        && matches!(b.kind, CharKind::Ideograph | CharKind::Narrow)
        && !cjk::no_autospace(a.ch)
        && !cjk::no_autospace(b.ch);
    if han_latin {
        // ¼ em between Han and Latin letters or digits (§5.6); a typed space becomes this gap.
        j.natural = style.autospace_em * em;
        j.shrink = j.natural - em / 8.0;
        j.shrink_level = SHRINK_PAUSE;
        j.stretch = em / 3.0 - j.natural;
        j.stretch_level = STRETCH_AUTOSPACE;
    } else if space && !a_wide && !b_wide {
        let space_w = book
            .lookup(&style.chain, ' ')
            .map_or(0.25 * em, |(f, g)| book.face(f).advance_em(g) * em);
        j.natural = space_w;
        j.shrink = (space_w - 0.25 * em).max(0.0);
        j.shrink_level = SHRINK_SPACE;
        j.stretch = (0.5 * em - space_w).max(0.0);
        j.stretch_level = STRETCH_SPACE;
    } else if a_wide || b_wide {
        // Inter-character expansion, but never inside ⸺ / …… and not next to connectors.
        let fixed =
            |p: &Piece| matches!(p.kind, CharKind::Punct(PunctKind::Dash | PunctKind::Middle));
        if !(fixed(a) && fixed(b)) {
            j.stretch = em;
            j.stretch_level = STRETCH_INTER;
        }
    }
    j
}

/// Penalty of a forced break that breaks a line-break rule (a mark at a line start).
const FORCED_PENALTY: f32 = 3000.0;

impl Prepared {
    /// A lower bound on the width the whole text can be squeezed to, with `tracking`
    /// of extra shrink between full-width characters: the breaker skips looking for a
    /// shorter setting that cannot exist.
    pub fn min_width(&self, tracking: f32) -> f32 {
        let mut w = 0.0;
        for (i, piece) in self.pieces.iter().enumerate() {
            w += piece.width - piece.shrink.max(piece.end_trim).max(piece.start_trim);
            if i > 0 {
                let j = &self.junctions[i];
                w += j.natural - j.shrink;
                if j.shrink == 0.0 && !matches!(piece.kind, CharKind::Narrow) {
                    w -= tracking;
                }
            }
        }
        w
    }

    /// The same text with breaks allowed, at a high cost, inside every stretch between
    /// two break opportunities that is wider than a line (`first` for the paragraph's
    /// first line, `rest` after it): between the letters or digits of a word first, and
    /// where the line-break rules allow no break at all (a run of 。 or ——) between any
    /// two characters, never inside a ——. The last resort: a line running off the page
    /// is worse than a split word or a mark at a line start. Text that fits keeps its
    /// rules.
    pub fn emergency(&self, first: f32, rest: f32) -> Prepared {
        let mut out = self.clone();
        let n = self.pieces.len();
        let narrow = |p: &Piece| matches!(p.kind, CharKind::Narrow);
        // The second halves of —— pairs (paired left to right, as they are drawn): a
        // dash is never cut in two, even by force.
        let mut second_half = vec![false; n];
        let mut i = 0;
        while i + 1 < n {
            if is_dash_pair(&self.pieces, i) {
                second_half[i + 1] = true;
                i += 2;
            } else {
                i += 1;
            }
        }
        // Segments between break opportunities, measured at natural width.
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            let mut width = self.pieces[start].width;
            while end < n && !self.junctions[end].breakable {
                width += self.junctions[end].natural + self.pieces[end].width;
                end += 1;
            }
            let measure = if start == 0 { first } else { rest };
            if width > measure {
                // Inside a word (between letters or digits) first; where the
                // line-break rules allow no break at all (a run of 。 or ——, which may
                // neither start nor end a line), between any two characters, dearer.
                for i in (start + 1..end).filter(|&i| !second_half[i]) {
                    let j = &mut out.junctions[i];
                    j.breakable = true;
                    let inside_word = narrow(&self.pieces[i - 1]) && narrow(&self.pieces[i]);
                    j.penalty = j
                        .penalty
                        .max(if inside_word { 1000.0 } else { FORCED_PENALTY });
                }
            }
            start = end;
        }
        out
    }

    /// The same text with `amount` of optional tracking between full-width characters,
    /// for setting a paragraph tighter when an issue needs fitting. Lines that do not
    /// need it stay on the grid: it is the last shrink the composer takes.
    pub fn tracked(&self, amount: f32) -> Prepared {
        let mut out = self.clone();
        let fixed =
            |p: &Piece| matches!(p.kind, CharKind::Punct(PunctKind::Dash | PunctKind::Middle));
        for i in 1..out.pieces.len() {
            let (a, b) = (&self.pieces[i - 1], &self.pieces[i]);
            let wide = |p: &Piece| !matches!(p.kind, CharKind::Narrow);
            let j = &mut out.junctions[i];
            if wide(a) && wide(b) && !(fixed(a) && fixed(b)) && j.shrink == 0.0 {
                j.shrink = amount;
                j.shrink_level = SHRINK_TRACK;
            }
        }
        out
    }
}

/// Width of a whole prepared text set naturally on one line (for single-line elements).
pub fn natural_width(p: &Prepared) -> f32 {
    let mut w: f32 = p.pieces.iter().map(|x| x.width).sum();
    w += p.junctions.iter().map(|j| j.natural).sum::<f32>();
    if let Some(last) = p.pieces.last() {
        w -= last.end_trim;
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::Style;

    pub(crate) fn body_style(book: &FontBook) -> TextStyle {
        TextStyle::body(&Style::house(), book)
    }

    #[test]
    fn han_takes_one_grid_cell_and_adjacent_marks_are_squeezed() {
        let book = FontBook::bundled();
        let st = body_style(&book);
        let p = prepare("中国。”", &st, &book);
        assert_eq!(p.pieces.len(), 4);
        assert!((p.pieces[0].width - st.cell).abs() < 1e-4);
        // 。 followed by ” loses its blank half: the pair takes 1.5 cells.
        assert!((p.pieces[2].width + p.pieces[3].width - 1.5 * st.cell).abs() < 1e-4);
    }

    #[test]
    fn numbers_and_words_never_split_and_get_a_quarter_em_gap() {
        let book = FontBook::bundled();
        let st = body_style(&book);
        let p = prepare("达1800Gbps，在5G+工业", &st, &book);
        let text: Vec<char> = p.pieces.iter().map(|x| x.ch).collect();
        let idx = |c: char| text.iter().position(|&x| x == c).unwrap();
        // inside 1800Gbps: no breaks
        for i in idx('1') + 1..=idx('s') {
            assert!(!p.junctions[i].breakable, "break inside word at {i}");
        }
        // 达|1800: a ¼-em gap
        assert!((p.junctions[idx('1')].natural - 0.25 * st.size).abs() < 1e-4);
        // 5G+工 is glued, with no gap after +
        let plus = idx('+');
        assert!(!p.junctions[plus + 1].breakable);
        assert_eq!(p.junctions[plus + 1].natural, 0.0);
        // ， cannot start a line
        assert!(!p.junctions[idx('，')].breakable);
    }

    #[test]
    fn a_typed_space_between_han_and_latin_becomes_the_gap() {
        let book = FontBook::bundled();
        let st = body_style(&book);
        let a = prepare("加快 5G 建设", &st, &book);
        let b = prepare("加快5G建设", &st, &book);
        assert!((natural_width(&a) - natural_width(&b)).abs() < 1e-4);
    }
}
