//! Breaking display text (titles, subtitles, section labels, bylines, award cells,
//! recipients) into lines that never exceed their measure (house-format.md §3.2).
//!
//! Unlike body paragraphs these lines are not justified: the breaker looks for the
//! fewest lines, and among those the most even widths (a balanced title, not a long
//! line and a stub). It runs in time linear in the text's length (each line start is
//! looked for at most a measure back), so a pasted 10,000-character title is no slower
//! per character than a short one.
//!
//! Breaks, cheapest first:
//! 1. where the text rules allow one (§5.2 classes, between words; web and e-mail
//!    addresses after / . @ -), never inside “…”, 《…》 or （…） that fits on a line;
//!    inside such a span longer than a line at a small cost, so its edges (before 《,
//!    after 》) are preferred;
//! 2. inside a span that would fit on a line, when nothing else makes the lines fit;
//! 3. inside a Latin word or number longer than the measure, where the line-start and
//!    line-end classes allow (reported to the editor, naming the word);
//! 4. anywhere at all (reported likewise);
//!
//! and a line wider than the measure only when a single character is.

use super::cjk::{self, CharKind};
use super::text::Prepared;

/// Lines of a wrapped text as piece ranges, and what had to be forced.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    pub lines: Vec<(usize, usize)>,
    /// Words (tokens) broken in the middle because they were longer than the measure.
    pub forced: Vec<String>,
    /// Some line is still wider than its measure (a single glyph wider than it).
    pub overfull: bool,
}

/// How a junction may be broken, from free to last resort.
#[derive(Debug, Clone, Copy, PartialEq)]
enum BreakClass {
    /// Not a break at all (the two halves of —— and the like when not forced).
    Never,
    /// A regular break with its soft cost.
    Soft(f64),
    /// Inside a quoted or bracketed span that fits on one line.
    InsideShortSpan,
    /// Inside a word or number, at a point the character classes allow.
    InsideWord,
    /// Anywhere: the only way to keep the text within the measure.
    Anywhere,
}

impl BreakClass {
    /// Costs in the lexicographic order (hard, lines, soft).
    fn hard(self) -> f64 {
        match self {
            BreakClass::Never | BreakClass::Soft(_) => 0.0,
            BreakClass::InsideShortSpan => 1.0,
            BreakClass::InsideWord => 1.0e3,
            BreakClass::Anywhere => 1.0e6,
        }
    }
    fn forced(self) -> bool {
        matches!(self, BreakClass::InsideWord | BreakClass::Anywhere)
    }
}

/// Hard cost of a line wider than its measure, per point over (after every break).
const OVERFULL_HARD: f64 = 1.0e9;

/// Pairs of marks that enclose a span the breaker keeps together when it can.
fn closer_of(open: char) -> Option<char> {
    Some(match open {
        '“' => '”',
        '‘' => '’',
        '《' => '》',
        '〈' => '〉',
        '（' => '）',
        '(' => ')',
        '【' => '】',
        '「' => '」',
        '『' => '』',
        '〔' => '〕',
        _ => return None,
    })
}

/// Breaks `p` into lines at most `first` wide (the first line) and `rest` wide (the
/// others), fewest lines first, then the most even widths.
pub fn balanced(p: &Prepared, first: f32, rest: f32) -> Wrapped {
    let n = p.pieces.len();
    if n == 0 {
        return Wrapped::default();
    }
    let widths = Widths::new(p);
    if widths.line(0, n) <= first + EPS {
        return Wrapped {
            lines: vec![(0, n)],
            ..Wrapped::default()
        };
    }
    let classes = classify(p, &widths, rest.max(first));
    // The soft cost unit: a squared width; a break inside a long span costs as much
    // as lines (3 cells) out of balance.
    let cell = typical_cell(p);

    // best[b]: the cheapest way to set pieces 0..b with a break before b.
    #[derive(Clone, Copy)]
    struct Best {
        hard: f64,
        lines: u32,
        soft: f64,
        from: usize,
    }
    let better = |a: &Best, b: &Best| {
        (a.hard, a.lines) < (b.hard, b.lines)
            || ((a.hard, a.lines) == (b.hard, b.lines) && a.soft < b.soft)
    };
    let mut best: Vec<Option<Best>> = vec![None; n + 1];
    best[0] = Some(Best {
        hard: 0.0,
        lines: 0,
        soft: 0.0,
        from: 0,
    });
    // Break positions seen so far, most recent last: candidates for line starts.
    let mut starts: Vec<usize> = vec![0];
    let widest = first.max(rest);
    for b in 1..=n {
        let end_class = if b == n {
            BreakClass::Soft(0.0)
        } else {
            classes[b]
        };
        if end_class == BreakClass::Never {
            continue;
        }
        let mut choice: Option<Best> = None;
        let mut nearest_overfull: Option<(usize, f32)> = None;
        for &a in starts.iter().rev() {
            let Some(base) = best[a] else { continue };
            let w = widths.line(a, b);
            let limit = if a == 0 { first } else { rest };
            if w > limit + EPS {
                if nearest_overfull.is_none() {
                    nearest_overfull = Some((a, w - limit));
                }
                // Widths grow leftwards (up to a trimmed half cell): past the widest
                // measure and a cell more, no earlier start can fit.
                if w > widest + 2.0 * cell {
                    break;
                }
                continue;
            }
            let soft = f64::from(w) * f64::from(w)
                + match end_class {
                    BreakClass::Soft(c) => c * f64::from(cell) * f64::from(cell),
                    _ => 0.0,
                };
            let cand = Best {
                hard: base.hard + end_class.hard(),
                lines: base.lines + 1,
                soft: base.soft + soft,
                from: a,
            };
            if choice.is_none_or(|c| better(&cand, &c)) {
                choice = Some(cand);
            }
        }
        if choice.is_none() {
            // Nothing fits: the nearest start, over the measure (a glyph wider than it).
            if let Some((a, over)) = nearest_overfull {
                if let Some(base) = best[a] {
                    choice = Some(Best {
                        hard: base.hard
                            + end_class.hard()
                            + OVERFULL_HARD * (1.0 + f64::from(over)),
                        lines: base.lines + 1,
                        soft: base.soft,
                        from: a,
                    });
                }
            }
        }
        best[b] = choice;
        if b < n && choice.is_some() {
            starts.push(b);
        }
    }

    let mut cuts = vec![n];
    let mut at = n;
    while at > 0 {
        let Some(step) = best[at] else { break };
        at = step.from;
        cuts.push(at);
    }
    cuts.reverse();
    lines_between(p, &cuts, &widths, &classes, (first, rest))
}

/// The lines between consecutive break positions `cuts`, with the words split by force
/// and whether a line is still wider than its measure (`first`, then `rest`).
fn lines_between(
    p: &Prepared,
    cuts: &[usize],
    widths: &Widths,
    classes: &[BreakClass],
    (first, rest): (f32, f32),
) -> Wrapped {
    let mut out = Wrapped::default();
    let mut forced = Forced::default();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let limit = if a == 0 { first } else { rest };
        if widths.line(a, b) > limit + EPS {
            out.overfull = true;
        }
        if a > 0 && classes[a].forced() {
            forced.add(p, a);
        }
        out.lines.push((a, b));
    }
    out.forced = forced.words;
    out
}

const EPS: f32 = 0.01;

/// Prefix sums of piece and glue widths, for any line's natural width in constant time.
struct Widths<'a> {
    p: &'a Prepared,
    pieces: Vec<f64>,
    glue: Vec<f64>,
}

impl<'a> Widths<'a> {
    fn new(p: &'a Prepared) -> Widths<'a> {
        let n = p.pieces.len();
        let mut pieces = vec![0.0f64; n + 1];
        let mut glue = vec![0.0f64; n + 1];
        for i in 0..n {
            pieces[i + 1] = pieces[i] + f64::from(p.pieces[i].width);
            let j = if i > 0 { p.junctions[i].natural } else { 0.0 };
            glue[i + 1] = glue[i] + f64::from(j);
        }
        Widths { p, pieces, glue }
    }

    /// Natural width of pieces `a..b` set as a line (edge blanks trimmed, as composed).
    fn line(&self, a: usize, b: usize) -> f32 {
        let w = self.pieces[b] - self.pieces[a] + self.glue[b] - self.glue[a + 1];
        w as f32 - self.p.pieces[a].start_trim - self.p.pieces[b - 1].end_trim
    }
}

/// The largest full-width cell in the text (its size when it has none).
fn typical_cell(p: &Prepared) -> f32 {
    p.pieces
        .iter()
        .filter(|x| !matches!(x.kind, CharKind::Narrow))
        .map(|x| x.width)
        .fold(0.0, f32::max)
        .max(1.0)
}

/// How each junction may be broken (index = junction before piece i).
fn classify(p: &Prepared, widths: &Widths, measure: f32) -> Vec<BreakClass> {
    let n = p.pieces.len();
    // Matching pairs: close[open] for each opener (unclosed spans run to the end).
    let mut close = vec![usize::MAX; n];
    let mut stack: Vec<usize> = Vec::new();
    for (i, piece) in p.pieces.iter().enumerate() {
        if closer_of(piece.ch).is_some() {
            stack.push(i);
        } else if let Some(&top) = stack.last() {
            if closer_of(p.pieces[top].ch) == Some(piece.ch) {
                close[top] = i;
                stack.pop();
            }
        }
    }
    for open in stack {
        close[open] = n - 1;
    }
    let mut out = vec![BreakClass::Never; n + 1];
    let mut open_spans: Vec<usize> = Vec::new();
    for (i, class) in out.iter_mut().enumerate().take(n).skip(1) {
        // Piece i - 1 opens or closes a span that the junction before i lies inside.
        let prev = i - 1;
        if close[prev] != usize::MAX {
            open_spans.push(prev);
        }
        while let Some(&top) = open_spans.last() {
            if close[top] < i {
                open_spans.pop();
            } else {
                break;
            }
        }
        let j = &p.junctions[i];
        let (a, b) = (&p.pieces[i - 1], &p.pieces[i]);
        *class = if j.breakable {
            match open_spans.last() {
                Some(&open) if widths.line(open, close[open] + 1) <= measure + EPS => {
                    BreakClass::InsideShortSpan
                }
                Some(_) => {
                    BreakClass::Soft(9.0 * open_spans.len() as f64 + f64::from(j.penalty) / 30.0)
                }
                None => BreakClass::Soft(f64::from(j.penalty) / 30.0),
            }
        } else if matches!(a.kind, CharKind::Narrow)
            && matches!(b.kind, CharKind::Narrow)
            && !cjk::no_line_start(b.ch, crate::style::Strictness::GbStyle)
            && !cjk::no_line_end(a.ch, crate::style::Strictness::GbStyle)
        {
            BreakClass::InsideWord
        } else {
            BreakClass::Anywhere
        };
    }
    out
}

/// The pieces of the word around junction `i` (the run of narrow pieces it lies in),
/// or a few characters on each side of a break between wide ones.
pub fn token_range(p: &Prepared, i: usize) -> std::ops::Range<usize> {
    let narrow = |k: usize| matches!(p.pieces[k].kind, CharKind::Narrow);
    let n = p.pieces.len();
    if i == 0 || i >= n {
        return 0..0;
    }
    if !(narrow(i - 1) && narrow(i)) {
        return i.saturating_sub(4)..(i + 4).min(n);
    }
    let mut a = i - 1;
    while a > 0 && narrow(a - 1) && p.junctions[a].natural == 0.0 {
        a -= 1;
    }
    let mut b = i + 1;
    while b < n && narrow(b) && p.junctions[b].natural == 0.0 {
        b += 1;
    }
    a..b
}

/// Longest word quoted whole in a warning; a longer one is shown by its start.
const SHOWN_TOKEN_CHARS: usize = 64;

/// The word around junction `i`, for warnings (shortened with … when long).
pub fn token_around(p: &Prepared, i: usize) -> String {
    shown_token(p, token_range(p, i))
}

fn shown_token(p: &Prepared, r: std::ops::Range<usize>) -> String {
    if r.len() <= SHOWN_TOKEN_CHARS {
        p.pieces[r].iter().map(|x| x.ch).collect()
    } else {
        let head: String = p.pieces[r.start..r.start + SHOWN_TOKEN_CHARS - 4]
            .iter()
            .map(|x| x.ch)
            .collect();
        format!("{head}…")
    }
}

/// Collects the words broken by force, each once, in linear time: consecutive breaks
/// inside one long word measure it once.
#[derive(Default)]
struct Forced {
    last: std::ops::Range<usize>,
    seen: std::collections::HashSet<String>,
    words: Vec<String>,
}

impl Forced {
    fn add(&mut self, p: &Prepared, i: usize) {
        if self.last.start < i && i < self.last.end {
            return;
        }
        self.last = token_range(p, i);
        let shown = shown_token(p, self.last.clone());
        if self.seen.insert(shown.clone()) {
            self.words.push(shown);
        }
    }
}

/// The words of `p` broken in the middle by `cuts` (line starts), where `original`
/// did not allow a break: the tokens the editor should hear about.
pub fn split_tokens(original: &Prepared, starts: impl Iterator<Item = usize>) -> Vec<String> {
    let mut forced = Forced::default();
    for i in starts {
        if i > 0 && i < original.pieces.len() && !original.junctions[i].breakable {
            forced.add(original, i);
        }
    }
    forced.words
}
