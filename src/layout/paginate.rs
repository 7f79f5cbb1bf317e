//! Pagination: flow lines into page slots (house-format.md §4).
//!
//! Pages are chosen for the whole issue at once, the way the line breaker chooses lines
//! for a paragraph: a shortest path over (flow line, slot on the page, paragraphs
//! tightened so far). A page may end only before a line that allows it (keeps, orphans,
//! widows); the path minimises, in this order, page ends the rules forbid, pages
//! (counting a page added for the distribution block), then blank slots at page feet
//! plus the cost of the paragraphs it sets one line shorter (§4.2, §4.4). Tightening is
//! bounded by the style's `fit_max_paragraphs`.

use super::flow::{Candidate, FlowLine, Variant};
use crate::style::Style;

/// Cost of one blank slot at the foot of a page that is not the last, in line-breaking
/// demerits: tightening a paragraph is worth it when its lines stay within about two
/// fully squeezed lines (10⁴ demerits each).
const BLANK_SLOT_COST: f64 = 20_000.0;

/// The chosen pagination.
#[derive(Debug, Clone)]
pub struct Arrangement {
    /// Indices of the flow lines printed, in order.
    pub active: Vec<usize>,
    /// Per page, the lines on it.
    pub placed: Vec<Vec<Placed>>,
    /// The distribution block fits at the foot of the last page.
    pub block_fits: bool,
    /// Per candidate, whether its paragraph was set one line shorter.
    pub tightened: Vec<bool>,
}

/// A flow line on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// The first slot the line takes on the page.
    pub slot: u32,
    /// Index in the flow.
    pub index: usize,
    /// Blank slots dropped from the line's top because it starts the page.
    pub trimmed: u32,
}

impl Placed {
    /// The slot after the line.
    pub fn end(&self, lines: &[Slotted]) -> u32 {
        self.slot + lines[self.index].slots - self.trimmed
    }
}

/// What pagination needs to know of a flow line (the line's text stays where it is).
#[derive(Debug, Clone, Copy)]
pub struct Slotted {
    pub slots: u32,
    pub break_before: bool,
    pub space_above: u32,
    /// With candidate numbers counted over the whole issue.
    pub variant: Variant,
}

impl From<&FlowLine> for Slotted {
    fn from(l: &FlowLine) -> Slotted {
        Slotted {
            slots: l.slots,
            break_before: l.break_before,
            space_above: l.space_above,
            variant: l.variant,
        }
    }
}

/// The pagination view of a whole flow.
pub fn slotted(flow: &[FlowLine]) -> Vec<Slotted> {
    flow.iter().map(Slotted::from).collect()
}

/// A stretch of the flow: lines always printed, or a paragraph with alternative settings.
enum Segment {
    Fixed(Vec<usize>),
    /// `alternatives[0]` is the loose setting, `[1]` the tight one of candidate `n`.
    Choice {
        n: usize,
        alternatives: [Vec<usize>; 2],
    },
}

fn segments(flow: &[Slotted]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < flow.len() {
        let n = match flow[i].variant {
            Variant::Always => {
                if let Some(Segment::Fixed(v)) = out.last_mut() {
                    v.push(i);
                } else {
                    out.push(Segment::Fixed(vec![i]));
                }
                i += 1;
                continue;
            }
            Variant::Loose(n) | Variant::Tight(n) => n,
        };
        // The choice runs to the last line of either setting (a loose setting's own
        // byline line comes after the tight lines).
        let end = (i..flow.len())
            .rev()
            .find(|&k| matches!(flow[k].variant, Variant::Loose(m) | Variant::Tight(m) if m == n))
            .unwrap_or(i);
        let mut alternatives = [Vec::new(), Vec::new()];
        for (k, line) in flow.iter().enumerate().take(end + 1).skip(i) {
            match line.variant {
                Variant::Loose(m) if m == n => alternatives[0].push(k),
                Variant::Tight(m) if m == n => alternatives[1].push(k),
                _ => {
                    alternatives[0].push(k);
                    alternatives[1].push(k);
                }
            }
        }
        out.push(Segment::Choice { n, alternatives });
        i = end + 1;
    }
    out
}

/// Cost of a partial pagination: page ends the rules forbid, then pages, then the soft
/// cost, packed in one integer so that comparing two costs is one comparison (a long
/// issue compares tens of millions). The soft cost is never negative, so its bits order
/// as its values do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost(u128);

impl Cost {
    /// No way to reach a state.
    const NONE: Cost = Cost(u128::MAX);

    fn new(forced: u32, pages: u32, soft: f64) -> Cost {
        Cost(
            (u128::from(forced) << 96)
                | (u128::from(pages) << 64)
                | u128::from(soft.max(0.0).to_bits()),
        )
    }
    fn forced(self) -> u32 {
        (self.0 >> 96) as u32
    }
    fn pages(self) -> u32 {
        (self.0 >> 64) as u32
    }
    fn soft(self) -> f64 {
        f64::from_bits(self.0 as u64)
    }
}

/// How a state was reached, for walking the best path back: the state it came from,
/// and whether a page ended before the line.
#[derive(Debug, Clone, Copy)]
struct Step {
    to: u32,
    from: u32,
    broke: bool,
}

/// Reachable states and their best costs. A state is `tightened × (cap + 1) + slot`;
/// `slot` is the slots used on the page. `live` lists the reachable states, so lines
/// cost what is reachable, not what could be.
struct Table {
    cost: Vec<Cost>,
    live: Vec<u32>,
}

impl Table {
    fn empty(len: usize) -> Table {
        Table {
            cost: vec![Cost::NONE; len],
            live: Vec::new(),
        }
    }
    /// Empties the table, touching only the states that were reachable.
    fn clear(&mut self) {
        for &s in &self.live {
            self.cost[s as usize] = Cost::NONE;
        }
        self.live.clear();
    }
    fn get(&self, state: usize) -> Option<Cost> {
        let c = self.cost[state];
        (c != Cost::NONE).then_some(c)
    }
    fn offer(&mut self, state: usize, cost: Cost) -> bool {
        let old = self.cost[state];
        if old <= cost {
            return false;
        }
        if old == Cost::NONE {
            self.live.push(state as u32);
        }
        self.cost[state] = cost;
        true
    }
    /// Drops states that a state with fewer paragraphs tightened, on the same slot,
    /// reaches at no greater cost: it can do all they can, with budget to spare.
    fn prune(&mut self, width: usize) {
        if self.live.len() <= width {
            return;
        }
        // In state order, fewer tightened first; `live` is rebuilt in that order.
        let mut best: Vec<Cost> = vec![Cost::NONE; width];
        self.live.clear();
        for (state, c) in self.cost.iter_mut().enumerate() {
            if *c == Cost::NONE {
                continue;
            }
            let slot = state % width;
            if best[slot] <= *c {
                *c = Cost::NONE;
            } else {
                best[slot] = *c;
                self.live.push(state as u32);
            }
        }
    }
}

/// Places one line after every state of `from` into `to`, and appends how each of its
/// states was reached to `steps`, returning where they are. `scratch` holds one entry
/// per state; tables and scratch are reused from line to line (a long issue has tens of
/// thousands of lines).
fn advance(
    line: &Slotted,
    from: &Table,
    to: &mut Table,
    cap: u32,
    scratch: &mut [(u32, bool)],
    steps: &mut Vec<Step>,
) -> std::ops::Range<usize> {
    let width = cap as usize + 1;
    to.clear();
    let h = line.slots.min(cap);
    for &state in &from.live {
        let Some(cost) = from.get(state as usize) else {
            continue;
        };
        let (count, slot) = (state as usize / width, state % width as u32);
        if slot + h <= cap {
            let next = count * width + (slot + h) as usize;
            if to.offer(next, cost) {
                scratch[next] = (state, false);
            }
        }
        if slot > 0 {
            let next = count * width + h.saturating_sub(line.space_above).max(1) as usize;
            let broken = Cost::new(
                cost.forced() + u32::from(!line.break_before),
                cost.pages() + 1,
                cost.soft() + f64::from(cap - slot) * BLANK_SLOT_COST,
            );
            if to.offer(next, broken) {
                scratch[next] = (state, true);
            }
        }
    }
    to.prune(width);
    let start = steps.len();
    steps.extend(to.live.iter().map(|&next| {
        let (from, broke) = scratch[next as usize];
        Step {
            to: next,
            from,
            broke,
        }
    }));
    start..steps.len()
}

/// Chooses page breaks and tightened paragraphs for the whole flow.
pub fn paginate(
    flow: &[Slotted],
    candidates: &[Candidate],
    block_slots: u32,
    style: &Style,
) -> Arrangement {
    let cap = style.lines_per_page.max(1);
    let width = cap as usize + 1;
    let limit = style.fit_max_paragraphs.min(candidates.len());
    let states = (limit + 1) * width;

    // Per processed line: its flow index and how each state was reached. Per choice:
    // which setting each state came through, and where that setting's lines start.
    enum Trace {
        /// A line's flow index and where its steps are in `steps`.
        Line(usize, std::ops::Range<usize>),
        Choice {
            n: usize,
            /// Per end state: the setting that reached it best.
            via: Vec<(u32, u8)>,
            /// Where each setting's lines are in `trace`.
            spans: [std::ops::Range<usize>; 2],
        },
    }
    let mut steps: Vec<Step> = Vec::with_capacity(flow.len() * 8);
    let step_to = |steps: &[Step], range: &std::ops::Range<usize>, state: usize| {
        steps[range.clone()]
            .iter()
            .find(|s| s.to as usize == state)
            .copied()
    };
    let mut trace: Vec<Trace> = Vec::with_capacity(flow.len());
    let mut scratch = vec![(0u32, false); states];
    let mut via_scratch = vec![0u8; states];
    let mut spare = Table::empty(states);
    let mut merged = Table::empty(states);
    let mut t = Table::empty(states);

    let mut table = Table::empty(states);
    table.offer(
        style.masthead_slots.min(cap - 1) as usize,
        Cost::new(0, 1, 0.0),
    );

    for segment in segments(flow) {
        match segment {
            Segment::Fixed(lines) => {
                for i in lines {
                    let range =
                        advance(&flow[i], &table, &mut spare, cap, &mut scratch, &mut steps);
                    trace.push(Trace::Line(i, range));
                    std::mem::swap(&mut table, &mut spare);
                }
            }
            Segment::Choice { n, alternatives } => {
                merged.clear();
                let mut spans = [0..0, 0..0];
                for (alt, lines) in alternatives.iter().enumerate() {
                    let first = trace.len();
                    // Entering the tight setting costs its demerits and one of the budget.
                    t.clear();
                    for &state in &table.live {
                        let Some(cost) = table.get(state as usize) else {
                            continue;
                        };
                        if alt == 0 {
                            t.offer(state as usize, cost);
                        } else if state as usize / width < limit {
                            t.offer(
                                state as usize + width,
                                Cost::new(
                                    cost.forced(),
                                    cost.pages(),
                                    cost.soft() + candidates[n].cost.max(0.0),
                                ),
                            );
                        }
                    }
                    for &i in lines {
                        let range =
                            advance(&flow[i], &t, &mut spare, cap, &mut scratch, &mut steps);
                        trace.push(Trace::Line(i, range));
                        std::mem::swap(&mut t, &mut spare);
                    }
                    spans[alt] = first..trace.len();
                    for &state in &t.live {
                        if let Some(cost) = t.get(state as usize) {
                            if merged.offer(state as usize, cost) {
                                via_scratch[state as usize] = alt as u8;
                            }
                        }
                    }
                }
                merged.prune(width);
                let via: Vec<(u32, u8)> = merged
                    .live
                    .iter()
                    .map(|&state| (state, via_scratch[state as usize]))
                    .collect();
                trace.push(Trace::Choice { n, via, spans });
                std::mem::swap(&mut table, &mut merged);
            }
        }
    }

    // The end: the distribution block at the foot of the last page, or on a new page.
    let fits =
        |slot: u32| block_slots == 0 || slot + style.distribution_gap_slots + block_slots <= cap;
    let mut best: Option<(Cost, usize)> = None;
    table.live.sort_unstable();
    for &state in &table.live {
        let state = state as usize;
        let Some(mut cost) = table.get(state) else {
            continue;
        };
        if !fits((state % width) as u32) {
            cost = Cost::new(cost.forced(), cost.pages() + 1, cost.soft());
        }
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, state));
        }
    }

    // Walk back.
    let mut tightened = vec![false; candidates.len()];
    let mut picked: Vec<(usize, bool)> = Vec::new(); // (flow index, page break before)
    let mut state = best.map_or(0, |(_, s)| s);
    let block_fits = fits((state % width) as u32);
    let mut k = trace.len();
    while k > 0 {
        k -= 1;
        match &trace[k] {
            Trace::Line(i, range) => {
                let Some(step) = step_to(&steps, range, state) else {
                    break;
                };
                picked.push((*i, step.broke));
                state = step.from as usize;
            }
            Trace::Choice { n, via, spans } => {
                let Some(alt) = via
                    .iter()
                    .find(|v| v.0 as usize == state)
                    .map(|v| usize::from(v.1))
                else {
                    break;
                };
                tightened[*n] = alt == 1;
                for t in spans[alt].clone().rev() {
                    if let Trace::Line(i, range) = &trace[t] {
                        let Some(step) = step_to(&steps, range, state) else {
                            break;
                        };
                        picked.push((*i, step.broke));
                        state = step.from as usize;
                    }
                }
                // The tight setting started one step up the budget.
                if alt == 1 {
                    state -= width;
                }
                k = spans[0].start;
            }
        }
    }
    picked.reverse();

    let mut placed: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut slot = style.masthead_slots.min(cap - 1);
    for &(index, broke) in &picked {
        let mut trimmed = 0;
        if broke {
            placed.push(Vec::new());
            slot = 0;
            trimmed = flow[index]
                .space_above
                .min(flow[index].slots.saturating_sub(1));
        }
        let line = Placed {
            slot,
            index,
            trimmed,
        };
        slot = line.end(flow);
        if let Some(page) = placed.last_mut() {
            page.push(line);
        }
    }
    Arrangement {
        active: picked.iter().map(|&(i, _)| i).collect(),
        placed,
        block_fits,
        tightened,
    }
}
