//! Total-fit line breaking and justification (house-format.md §5.4, clreq §6).
//!
//! Breaking chooses, over the whole paragraph, the set of breaks with the least total
//! demerits (Knuth–Plass style): loose or tight lines, penalised breaks and a lone
//! character on the last line all cost demerits. Composition then places every glyph:
//! line-end and line-start blanks are trimmed, and the line is brought to the measure by
//! shrinking punctuation and gaps in priority order, or by even expansion. Han
//! characters are never compressed.

use super::cjk::{self, CharKind};
use super::text::{Prepared, SHRINK_LEVELS, STRETCH_INTER, STRETCH_LEVELS};

/// Demerits for leaving a single Han character (with or without trailing marks) on the
/// last line (孤字, §4.2): large enough that any other feasible break wins.
pub const LONE_LAST_DEMERITS: f64 = 1.0e8;
/// Demerits for a line that cannot be brought within the measure, per point over.
const OVERFULL_DEMERITS: f64 = 1.0e6;
const EPS: f32 = 0.01;
/// Least distance between consecutive glyph origins, in points.
const ORIGIN_STEP: f32 = 0.05;

/// A line chosen by the breaker: pieces `start..end`, and where each glyph goes.
#[derive(Debug, Clone)]
pub struct SetLine {
    pub start: usize,
    pub end: usize,
    /// X of each piece's glyph origin, relative to the measure's left edge.
    pub glyph_x: Vec<f32>,
    /// Right edge of the last glyph's cell after trimming.
    pub end_x: f32,
    /// The line was brought to the full measure.
    pub justified: bool,
}

/// The result of breaking one paragraph.
#[derive(Debug, Clone, Default)]
pub struct Breaking {
    pub lines: Vec<SetLine>,
    /// The last line holds one Han character and no better break existed.
    pub lone_last: bool,
    /// Some line could not be brought within the measure (e.g. an over-long Latin word).
    pub overfull: bool,
    /// Total demerits of the chosen breaks (lone-character and overfull costs included).
    pub demerits: f64,
}

/// Cost of a partial breaking. Compared as (hard, lines, soft) when fitting for the
/// fewest lines, else as hard + soft: a lone last character or an overfull line
/// (`hard`) always loses to a clean solution.
#[derive(Debug, Clone, Copy)]
struct Cost {
    hard: f64,
    lines: u32,
    soft: f64,
}

impl Cost {
    const ZERO: Cost = Cost {
        hard: 0.0,
        lines: 0,
        soft: 0.0,
    };
    fn better(&self, other: &Cost, tightness: Tightness) -> bool {
        let total = |c: &Cost| c.hard + c.soft;
        match tightness {
            Tightness::Best => total(self) < total(other),
            Tightness::Fewest => {
                (self.hard, self.lines) < (other.hard, other.lines)
                    || ((self.hard, self.lines) == (other.hard, other.lines)
                        && self.soft < other.soft)
            }
        }
    }
}

/// What the breaker optimises (house-format.md §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tightness {
    /// The least total demerits: the best-looking lines.
    #[default]
    Best,
    /// The fewest lines the rules allow, and among those the least demerits: used to
    /// save a line when an issue needs fitting.
    Fewest,
}

/// Per-line numbers the breaker and the composer share.
struct LineFit {
    natural: f32,
    shrink: f32,
    stretch: f32,
}

fn fit(p: &Prepared, a: usize, b: usize) -> LineFit {
    let mut sums = Sums::default();
    for i in a..b {
        sums.add(p, a, i);
    }
    sums.line(p, a, b)
}

/// Running totals of the pieces `a..b` and the junctions inside, so the breaker can
/// extend a candidate line by one piece in constant time.
#[derive(Default, Clone, Copy)]
struct Sums {
    natural: f32,
    shrink: f32,
    stretch: f32,
}

impl Sums {
    /// Adds piece `i` (and the junction before it, unless it starts the line at `a`).
    fn add(&mut self, p: &Prepared, a: usize, i: usize) {
        let piece = &p.pieces[i];
        self.natural += piece.width;
        self.shrink += piece.shrink;
        if i > a {
            let j = &p.junctions[i];
            self.natural += j.natural;
            self.shrink += j.shrink;
            self.stretch += j.stretch;
        }
    }

    /// The line `a..b` with its edges trimmed (§5.3 edge rules).
    fn line(&self, p: &Prepared, a: usize, b: usize) -> LineFit {
        let mut natural = self.natural;
        let mut shrink = self.shrink;
        let first = &p.pieces[a];
        natural -= first.start_trim;
        if first.start_trim > 0.0 {
            shrink -= first.shrink;
        }
        let last = &p.pieces[b - 1];
        natural -= last.end_trim;
        if last.end_trim > 0.0 && (b - 1 != a || first.start_trim == 0.0) {
            shrink -= last.shrink;
        }
        LineFit {
            natural,
            shrink: shrink.max(0.0),
            stretch: self.stretch,
        }
    }
}

/// Half a full-width cell of this text (the largest squeeze push-in takes for free).
fn half_cell(p: &Prepared) -> f32 {
    p.pieces
        .iter()
        .filter(|x| !matches!(x.kind, CharKind::Narrow))
        .map(|x| x.width)
        .fold(0.0, f32::max)
        / 2.0
}

/// Whether the line `a..b` holds a single Han character plus, at most, marks.
fn is_lone(p: &Prepared, a: usize, b: usize) -> bool {
    let content = p.pieces[a..b]
        .iter()
        .filter(|x| !matches!(x.kind, CharKind::Punct(_)))
        .count();
    content == 1 && p.pieces[a..b].iter().any(|x| cjk::is_han(x.ch))
}

/// Breaks a paragraph into lines of `measure`, the first indented by `indent`, and sets
/// every line but the last justified.
pub fn break_paragraph(p: &Prepared, measure: f32, indent: f32, tightness: Tightness) -> Breaking {
    let want = [tightness == Tightness::Best, tightness == Tightness::Fewest];
    plan_breaks(p, measure, indent, want)
        .breaking(p, tightness)
        .unwrap_or_default()
}

/// The best breaks of a paragraph for one or both tightnesses, found in one pass (the
/// line measurements, most of the work, are shared); lines are composed on request.
pub struct Plans {
    want: [bool; 2],
    measure: f32,
    indent: f32,
    best: [Vec<Option<Cost>>; 2],
    prev: [Vec<usize>; 2],
}

impl Plans {
    /// The paragraph broken for `tightness`, if it was planned.
    pub fn breaking(&self, p: &Prepared, tightness: Tightness) -> Option<Breaking> {
        let m = usize::from(tightness == Tightness::Fewest);
        if !self.want[m] {
            return None;
        }
        if p.pieces.is_empty() {
            return Some(Breaking::default());
        }
        Some(compose_breaks(
            p,
            self.measure,
            self.indent,
            &self.best[m],
            &self.prev[m],
        ))
    }
}

/// Plans the breaks of a paragraph for the wanted tightnesses (`[best, fewest]`).
pub fn plan_breaks(p: &Prepared, measure: f32, indent: f32, want: [bool; 2]) -> Plans {
    let n = p.pieces.len();
    let mut plans = Plans {
        want,
        measure,
        indent,
        best: [Vec::new(), Vec::new()],
        prev: [Vec::new(), Vec::new()],
    };
    // Reachability does not depend on the mode; the first wanted one says it.
    let lead = usize::from(!want[0]);
    if n == 0 || !want[lead] {
        return plans;
    }
    const MODES: [Tightness; 2] = [Tightness::Best, Tightness::Fewest];
    let mut best: [Vec<Option<Cost>>; 2] = [Vec::new(), Vec::new()];
    let mut prev: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for m in 0..2 {
        if want[m] {
            best[m] = vec![None; n + 1];
            best[m][0] = Some(Cost::ZERO);
            prev[m] = vec![usize::MAX; n + 1];
        }
    }
    let push_in = half_cell(p);

    for a in 0..n {
        if best[lead][a].is_none() {
            continue;
        }
        if !(a == 0 || p.junctions[a].breakable) {
            continue;
        }
        let target = if a == 0 { measure - indent } else { measure };
        let mut any_candidate = false;
        let mut sums = Sums::default();
        for b in a + 1..=n {
            sums.add(p, a, b - 1);
            if b < n && !p.junctions[b].breakable {
                continue;
            }
            let f = sums.line(p, a, b);
            let last = b == n;
            let need = f.natural - target;
            let mut hard = 0.0;
            let badness: f64 = if need > EPS {
                if need > f.shrink + EPS {
                    // Overfull. Allowed only as a last resort so the paragraph always sets.
                    if any_candidate {
                        break;
                    }
                    hard += OVERFULL_DEMERITS * (1.0 + f64::from(need - f.shrink));
                    0.0
                } else if need <= push_in + EPS {
                    // Push-in (§5.4 step 4, JIS X 4051 追い込み first): squeezing up to
                    // half a cell of punctuation is routine and costs nothing.
                    0.0
                } else {
                    let r = f64::from(need / f.shrink.max(EPS));
                    100.0 * r * r * r
                }
            } else if last {
                0.0
            } else {
                let short = -need;
                if short <= EPS {
                    0.0
                } else if f.stretch <= EPS {
                    10_000.0
                } else {
                    // Looseness is judged by the spacing each gap gains, against 1/8 em
                    // (stretch capacity is one em per gap between full-width characters).
                    let r = f64::from(short / f.stretch) * 8.0;
                    (100.0 * r * r * r).min(10_000.0)
                }
            };
            any_candidate = true;
            let penalty = if last {
                0.0
            } else {
                f64::from(p.junctions[b].penalty)
            };
            if last && a > 0 && is_lone(p, a, b) {
                hard += LONE_LAST_DEMERITS;
            }
            let line_soft = (1.0 + badness).powi(2) + penalty * penalty;
            for m in 0..2 {
                if !want[m] {
                    continue;
                }
                let Some(base) = best[m][a] else { continue };
                let cost = Cost {
                    hard: base.hard + hard,
                    lines: base.lines + 1,
                    soft: base.soft + line_soft,
                };
                if best[m][b].is_none_or(|old| cost.better(&old, MODES[m])) {
                    best[m][b] = Some(cost);
                    prev[m][b] = a;
                }
            }
            if need > f.shrink + EPS {
                break;
            }
        }
    }
    plans.best = best;
    plans.prev = prev;
    plans
}

/// Composes the lines of the best path found by [`plan_breaks`].
fn compose_breaks(
    p: &Prepared,
    measure: f32,
    indent: f32,
    best: &[Option<Cost>],
    prev: &[usize],
) -> Breaking {
    let n = p.pieces.len();
    // Walk back from the end.
    let mut cuts = vec![n];
    let mut at = n;
    while at > 0 {
        let a = prev[at];
        if a == usize::MAX {
            break;
        }
        cuts.push(a);
        at = a;
    }
    cuts.reverse();
    let mut out = Breaking {
        demerits: best[n].map_or(f64::INFINITY, |c| c.hard + c.soft),
        ..Breaking::default()
    };
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let last = b == n;
        let target = if a == 0 { measure - indent } else { measure };
        let line = compose(p, a, b, target, !last);
        if line.end_x > target + EPS {
            out.overfull = true;
        }
        out.lines.push(SetLine {
            glyph_x: line
                .glyph_x
                .iter()
                .map(|x| x + if a == 0 { indent } else { 0.0 })
                .collect(),
            end_x: line.end_x + if a == 0 { indent } else { 0.0 },
            ..line
        });
    }
    if out.lines.len() > 1 {
        if let Some(l) = out.lines.last() {
            out.lone_last = is_lone(p, l.start, l.end);
        }
    }
    out
}

/// Places the pieces `a..b` on a line of `target` width; `justify` brings it to the
/// full width, otherwise it is set at natural width (shrunk only if it must).
pub fn compose(p: &Prepared, a: usize, b: usize, target: f32, justify: bool) -> SetLine {
    let f = fit(p, a, b);
    let count = b - a;
    // Working copies: widths of pieces and of the junctions before them.
    let mut widths: Vec<f32> = p.pieces[a..b].iter().map(|x| x.width).collect();
    let mut dx: Vec<f32> = p.pieces[a..b].iter().map(|x| x.glyph_dx).collect();
    let mut gaps: Vec<f32> = (a..b)
        .map(|i| if i > a { p.junctions[i].natural } else { 0.0 })
        .collect();

    let first = &p.pieces[a];
    widths[0] -= first.start_trim;
    dx[0] -= first.start_trim;
    let mut piece_shrink: Vec<f32> = p.pieces[a..b].iter().map(|x| x.shrink).collect();
    if first.start_trim > 0.0 {
        piece_shrink[0] = 0.0;
    }
    let last = &p.pieces[b - 1];
    widths[count - 1] -= last.end_trim;
    if last.end_trim > 0.0 {
        piece_shrink[count - 1] = 0.0;
    }

    let need = f.natural - target;
    if need > EPS {
        // Shrink, level by level (§5.4 step 2).
        let mut remaining = need;
        for level in 0..SHRINK_LEVELS {
            if remaining <= 0.0 {
                break;
            }
            let mut cap = 0.0;
            for (k, shrink) in piece_shrink.iter().enumerate() {
                if p.pieces[a + k].shrink_level == level {
                    cap += shrink;
                }
                if k > 0 && p.junctions[a + k].shrink_level == level {
                    cap += p.junctions[a + k].shrink;
                }
            }
            if cap <= 0.0 {
                continue;
            }
            let take = remaining.min(cap);
            let ratio = take / cap;
            for k in 0..count {
                let piece = &p.pieces[a + k];
                if piece.shrink_level == level && piece_shrink[k] > 0.0 {
                    let d = piece_shrink[k] * ratio;
                    widths[k] -= d;
                    if piece.start_trim > 0.0 {
                        // Opening marks lose their blank on the left.
                        dx[k] -= d;
                    }
                }
                if k > 0 && p.junctions[a + k].shrink_level == level {
                    gaps[k] -= p.junctions[a + k].shrink * ratio;
                }
            }
            remaining -= take;
        }
    } else if justify && -need > EPS {
        // Stretch, level by level (§5.4 step 3); the last level is unbounded.
        let mut remaining = -need;
        for level in 0..STRETCH_LEVELS {
            if remaining <= 0.0 {
                break;
            }
            let members: Vec<usize> = (1..count)
                .filter(|&k| {
                    let j = &p.junctions[a + k];
                    j.stretch_level == level && j.stretch > 0.0
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            if level == STRETCH_INTER {
                let each = remaining / members.len() as f32;
                for k in members {
                    gaps[k] += each;
                }
                remaining = 0.0;
            } else {
                let cap: f32 = members.iter().map(|&k| p.junctions[a + k].stretch).sum();
                let take = remaining.min(cap);
                for k in members {
                    gaps[k] += p.junctions[a + k].stretch * take / cap;
                }
                remaining -= take;
            }
        }
        // Nothing could stretch (one long word): the line stays ragged.
    }

    let mut x = 0.0;
    let mut glyph_x: Vec<f32> = Vec::with_capacity(count);
    for k in 0..count {
        x += gaps[k];
        // An opening mark squeezed after a pause mark (，“) would put its origin behind
        // the pause mark's, and text extraction would read them swapped: keep origins
        // in reading order (the ink does not move visibly).
        let origin = match glyph_x.last() {
            Some(&prev) => (x + dx[k]).max(prev + ORIGIN_STEP),
            None => x + dx[k],
        };
        glyph_x.push(origin);
        x += widths[k];
    }
    SetLine {
        start: a,
        end: b,
        glyph_x,
        end_x: x,
        justified: justify,
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::{prepare, TextStyle};
    use super::*;
    use crate::fonts::FontBook;
    use crate::style::Style;

    fn setup() -> (FontBook, TextStyle, f32) {
        let book = FontBook::bundled();
        let s = Style::house();
        let st = TextStyle::body(&s, &book);
        (book, st, s.text_width().0)
    }

    fn line_texts(p: &Prepared, b: &Breaking) -> Vec<String> {
        b.lines
            .iter()
            .map(|l| p.pieces[l.start..l.end].iter().map(|x| x.ch).collect())
            .collect()
    }

    #[test]
    fn pure_han_lines_hold_exactly_the_grid_count_without_adjustment() {
        let (book, st, w) = setup();
        let text = "国".repeat(100);
        let p = prepare(&text, &st, &book);
        let b = break_paragraph(&p, w, 2.0 * st.cell, Tightness::Best);
        let lens: Vec<usize> = b.lines.iter().map(|l| l.end - l.start).collect();
        assert_eq!(&lens[..3], &[30, 32, 32]);
        // every glyph sits on the grid: x = k × pitch
        for l in &b.lines[1..3] {
            for (k, x) in l.glyph_x.iter().enumerate() {
                assert!((x - k as f32 * st.cell).abs() < 1e-3);
            }
        }
    }

    #[test]
    fn no_line_starts_with_a_closing_mark_and_justified_lines_reach_the_measure() {
        let (book, st, w) = setup();
        // 31 characters then a comma: the comma would start line 2 under greedy filling.
        let text = format!("{}，{}。", "国".repeat(30), "家".repeat(40));
        let p = prepare(&text, &st, &book);
        let b = break_paragraph(&p, w, 2.0 * st.cell, Tightness::Best);
        for t in line_texts(&p, &b).iter().skip(1) {
            let c = t.chars().next().unwrap();
            assert!(
                !cjk::no_line_start(c, st.strictness),
                "line starts with {c}: {t}"
            );
        }
        for l in &b.lines[..b.lines.len() - 1] {
            assert!(
                (l.end_x - w).abs() < 0.01,
                "line ends at {} not {w}",
                l.end_x
            );
        }
    }

    #[test]
    fn the_last_line_never_holds_a_lone_character_when_a_better_break_exists() {
        let (book, st, w) = setup();
        // 30 + 32 + 1: greedy would leave 了 alone on line 3.
        let text = format!("{}，{}了。", "国".repeat(29), "家".repeat(31));
        let p = prepare(&text, &st, &book);
        let b = break_paragraph(&p, w, 2.0 * st.cell, Tightness::Best);
        assert!(!b.lone_last);
        let texts = line_texts(&p, &b);
        let last = texts.last().unwrap();
        assert!(
            last.chars().filter(|c| cjk::is_han(*c)).count() >= 2,
            "{texts:?}"
        );
    }
}
