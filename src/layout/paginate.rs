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
const BLANK_SLOT_COST: u64 = 20_000;

/// The chosen pagination.
#[derive(Debug, Clone, PartialEq)]
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
    // The last line of each candidate's settings, found in one pass.
    let mut last_line: Vec<usize> = Vec::new();
    for (k, line) in flow.iter().enumerate() {
        if let Variant::Loose(n) | Variant::Tight(n) = line.variant {
            if last_line.len() <= n {
                last_line.resize(n + 1, 0);
            }
            last_line[n] = k;
        }
    }
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
        let end = last_line.get(n).copied().unwrap_or(i).max(i);
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
/// cost (whole demerits), packed in one integer so that comparing two costs is one
/// comparison (a long issue compares tens of millions). Every step adds to the fields,
/// so adding one constant to all costs of a table changes no decision: that is what lets
/// a re-pagination stop where it meets the previous run again (see [`Memo`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Cost(u128);

/// Soft costs stay far below 2⁶³ (a million pages of fully blank feet is about 2⁴⁴), so
/// the fields never carry into each other.
const MAX_CANDIDATE_COST: u64 = 1 << 40;

impl Cost {
    /// No way to reach a state.
    const NONE: Cost = Cost(u128::MAX);

    fn new(forced: u32, pages: u32, soft: u64) -> Cost {
        Cost((u128::from(forced) << 96) | (u128::from(pages) << 64) | u128::from(soft))
    }
    fn forced(self) -> u32 {
        (self.0 >> 96) as u32
    }
    fn pages(self) -> u32 {
        (self.0 >> 64) as u32
    }
    fn soft(self) -> u64 {
        self.0 as u64
    }
    /// The same cost moved by the difference between two runs (wrapping: the difference
    /// may be "negative"; the result is a real cost of the other run).
    fn shifted(self, by: u128) -> Cost {
        Cost(self.0.wrapping_add(by))
    }
}

/// The extra cost of a tight setting, in whole demerits.
fn candidate_cost(c: &Candidate) -> u64 {
    if c.cost.is_finite() {
        (c.cost.max(0.0).round() as u64).min(MAX_CANDIDATE_COST)
    } else {
        MAX_CANDIDATE_COST
    }
}

/// How the break state of one tightening layer was reached after a line: the slot the
/// page ended at, and whether the break beat placing the line on the same page (the
/// only state both can reach). Every other state is reached by placing the line, so
/// one of these per layer and line is the whole trace.
#[derive(Debug, Clone, Copy)]
struct Step(u16);

/// Bounds the table (about one megabyte); a style beyond it tightens fewer paragraphs.
const MAX_STATES: usize = 1 << 16;

/// Each paragraph that may be tightened is a layer of states every line passes
/// through; the editor offers up to 30, a hand-edited file gets at most this many.
pub const MAX_TIGHTENED: usize = 64;

impl Step {
    fn new(origin: usize, broke: bool) -> Step {
        Step(origin as u16 | u16::from(broke) << 15)
    }
    fn origin(self) -> usize {
        usize::from(self.0 & 0x7fff)
    }
    fn broke(self) -> bool {
        self.0 >> 15 != 0
    }
}

/// Best costs of all states, dense: state `tightened × (cap + 1) + slot`, where `slot`
/// is the slots used on the page. Placing a line moves a whole layer by the line's
/// height and ending a page is one minimum per layer, so a line costs a few hundred
/// comparisons whatever is reachable. `top` counts the layers in use.
struct Table {
    cost: Vec<Cost>,
    width: usize,
    top: usize,
    /// Scratch for `prune`: per slot, the best cost in the layers below.
    bar: Vec<Cost>,
}

impl Table {
    fn empty(width: usize, layers: usize) -> Table {
        Table {
            cost: vec![Cost::NONE; width * layers],
            width,
            top: 0,
            bar: vec![Cost::NONE; width],
        }
    }
    fn clear(&mut self) {
        self.cost[..self.top * self.width].fill(Cost::NONE);
        self.top = 0;
    }
    fn set(&mut self, state: usize, cost: Cost) {
        self.cost[state] = cost;
        self.top = self.top.max(state / self.width + 1);
    }
    /// Drops states that a state with fewer paragraphs tightened, on the same slot,
    /// reaches at no greater cost: it can do all they can, with budget to spare.
    fn prune(&mut self) {
        let w = self.width;
        if self.top >= 2 {
            self.bar.copy_from_slice(&self.cost[..w]);
            for layer in self.cost[w..self.top * w].chunks_mut(w) {
                prune_layer(layer, &mut self.bar);
            }
        }
        while self.top > 0
            && self.cost[(self.top - 1) * w..self.top * w]
                .iter()
                .all(|&c| c == Cost::NONE)
        {
            self.top -= 1;
        }
    }
    /// The reachable states in order, with their costs.
    fn snapshot(&self) -> Vec<(u32, Cost)> {
        self.cost[..self.top * self.width]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != Cost::NONE)
            .map(|(s, &c)| (s as u32, c))
            .collect()
    }
    fn restore(&mut self, entries: &[(u32, Cost)]) {
        self.clear();
        for &(s, c) in entries {
            self.set(s as usize, c);
        }
    }
    /// The constant that turns the costs of `old` into this table's, if this table
    /// holds the same states and every cost differs by it: from here on, a run on the
    /// same lines makes the same choices as the run that made `old`.
    fn shift_from(&self, old: &[(u32, Cost)]) -> Option<u128> {
        let first = old.first()?;
        let by = self.cost[first.0 as usize].0.wrapping_sub(first.1 .0);
        let mut entries = old.iter();
        for (s, &c) in self.cost[..self.top * self.width].iter().enumerate() {
            if c == Cost::NONE {
                continue;
            }
            match entries.next() {
                Some(&(o, oc)) if o as usize == s && c == oc.shifted(by) => {}
                _ => return None,
            }
        }
        entries.next().is_none().then_some(by)
    }
}

/// Drops the states of one layer that the layers below (`bar`: per slot, their best
/// cost) reach at no greater cost, lowers `bar` to what remains, and says whether
/// anything does.
fn prune_layer(layer: &mut [Cost], bar: &mut [Cost]) -> bool {
    let mut reachable = false;
    for (c, bar) in layer.iter_mut().zip(bar.iter_mut()) {
        if *bar <= *c {
            *c = Cost::NONE;
        } else {
            *bar = *c;
            reachable = true;
        }
    }
    reachable
}

/// Places one line after every state of `from` into `to`, appending one step per layer
/// to `steps` and returning where they are. Pruning (see [`Table::prune`]) is done layer
/// by layer as they are made.
fn advance(
    line: &Slotted,
    from: &Table,
    to: &mut Table,
    cap: u32,
    steps: &mut Vec<Step>,
) -> (u32, u32) {
    let w = from.width;
    if to.top > from.top {
        to.cost[from.top * w..to.top * w].fill(Cost::NONE);
    }
    let h = line.slots.min(cap) as usize;
    let land = line.slots.min(cap).saturating_sub(line.space_above).max(1) as usize;
    // Ending a page adds a forced end unless allowed here, a page, and the blank slots.
    let add = Cost::new(u32::from(!line.break_before), 1, 0).0;
    let blank = u128::from(BLANK_SLOT_COST);
    let start = steps.len();
    let mut top = 0;
    for layer in 0..from.top {
        let f = &from.cost[layer * w..(layer + 1) * w];
        let t = &mut to.cost[layer * w..(layer + 1) * w];
        t[..h].fill(Cost::NONE);
        t[h..].copy_from_slice(&f[..w - h]);
        let mut best = Cost::NONE;
        let mut origin = 0;
        for (slot, &c) in f.iter().enumerate().skip(1) {
            // Unreachable stays unreachable (saturates at NONE).
            let broken = Cost(c.0.saturating_add(add + u128::from(cap - slot as u32) * blank));
            if broken < best {
                best = broken;
                origin = slot;
            }
        }
        // Placing wins a tie.
        let broke = best < t[land];
        if broke {
            t[land] = best;
        }
        steps.push(Step::new(origin, broke));
        // Drop what a state with fewer tightened on the same slot does at no more cost.
        let reachable = if layer == 0 {
            to.bar.copy_from_slice(t);
            t.iter().any(|&c| c != Cost::NONE)
        } else {
            prune_layer(t, &mut to.bar)
        };
        if reachable {
            top = layer + 1;
        }
    }
    to.top = top;
    (start as u32, steps.len() as u32)
}

/// One processed line or choice, with flow indices and candidate numbers counted from
/// its block's first line and first candidate (so a block can be reused where the flow
/// before it grew or shrank).
enum Trace {
    /// A line and where its steps are in the block's `steps`.
    Line { line: u32, steps: (u32, u32) },
    Choice {
        n: u32,
        /// Per end state, a bit: whether the tight setting reached it best.
        via: Vec<u64>,
        /// Where each setting's lines are in the block's `trace`.
        spans: [(u32, u32); 2],
    },
}

/// A stretch of consecutive segments of one run: the table it started from and how
/// its states were reached.
struct Block {
    /// The segment it starts at.
    segment: usize,
    /// The flow index of that segment's first line.
    line: usize,
    /// The number of candidates before it.
    candidate: usize,
    /// The table it started from.
    entry: Vec<(u32, Cost)>,
    trace: Vec<Trace>,
    steps: Vec<Step>,
}

/// What a run keeps for the next: its blocks, the table after the last line and a
/// fingerprint of each segment. The next run starts from the last block before the
/// first segment that changed and, once past the change, stops at the first block
/// whose entry table it meets again (same states, every cost moved by one constant),
/// reusing the rest. An edit that does not change how many lines a paragraph has costs
/// a few hundred lines of work instead of the whole issue's (a 2,000-page issue: about
/// 1 ms instead of about 100).
#[derive(Default)]
pub struct Memo {
    /// Settings every table depends on: cap, tightening limit, start slot.
    params: Option<(u32, usize, u32)>,
    blocks: Vec<Block>,
    end: Vec<(u32, Cost)>,
    /// Segment fingerprints, flat, and where each segment's starts.
    keys: Vec<u64>,
    key_starts: Vec<usize>,
    lines: usize,
    candidates: usize,
    /// Lines placed by the last run (a fresh run places every line, both settings of a
    /// choice).
    work: usize,
}

/// Lines in a block before a new one starts (at the next segment boundary). Smaller
/// blocks find the meeting point sooner and cost one table copy each.
const BLOCK_LINES: usize = 256;

impl Memo {
    /// Lines the last run placed; the rest came from the run before (for tests and
    /// measurements).
    pub fn work(&self) -> usize {
        self.work
    }
    /// How many segments the last run had (for tests).
    pub fn segments(&self) -> usize {
        self.key_starts.len()
    }
    fn key(&self, segment: usize) -> &[u64] {
        segment_key(&self.keys, &self.key_starts, segment)
    }
}

/// One segment's fingerprint out of the flat list (`starts`: where each begins).
fn segment_key<'a>(keys: &'a [u64], starts: &[usize], segment: usize) -> &'a [u64] {
    let end = starts.get(segment + 1).copied().unwrap_or(keys.len());
    &keys[starts[segment]..end]
}

/// Everything pagination reads of a segment's lines, as words to compare.
fn fingerprint(segment: &Segment, flow: &[Slotted], candidates: &[Candidate], out: &mut Vec<u64>) {
    let line = |l: &Slotted, tag: u64| -> [u64; 2] {
        [
            u64::from(l.slots) | u64::from(l.break_before) << 32 | tag << 33,
            u64::from(l.space_above),
        ]
    };
    match segment {
        Segment::Fixed(lines) => {
            for &i in lines {
                out.extend(line(&flow[i], 0));
            }
        }
        Segment::Choice { n, alternatives } => {
            out.push(u64::MAX);
            out.push(candidates.get(*n).map_or(0, candidate_cost));
            for (alt, lines) in alternatives.iter().enumerate() {
                out.push(u64::MAX - 1 - alt as u64);
                for &i in lines {
                    out.extend(line(&flow[i], 1));
                }
            }
        }
    }
}

/// Chooses page breaks and tightened paragraphs for the whole flow.
pub fn paginate(
    flow: &[Slotted],
    candidates: &[Candidate],
    block_slots: u32,
    style: &Style,
) -> Arrangement {
    paginate_again(flow, candidates, block_slots, style, &mut Memo::default())
}

/// [`paginate`], reusing what `memo` kept of the previous run; the result is the same.
pub fn paginate_again(
    flow: &[Slotted],
    candidates: &[Candidate],
    block_slots: u32,
    style: &Style,
    memo: &mut Memo,
) -> Arrangement {
    paginate_in_blocks(flow, candidates, block_slots, style, memo, BLOCK_LINES)
}

fn paginate_in_blocks(
    flow: &[Slotted],
    candidates: &[Candidate],
    block_slots: u32,
    style: &Style,
    memo: &mut Memo,
    block_lines: usize,
) -> Arrangement {
    let cap = style.lines_per_page.clamp(1, MAX_STATES as u32 / 2);
    let width = cap as usize + 1;
    let limit = style
        .fit_max_paragraphs
        .min(MAX_TIGHTENED)
        .min(candidates.len())
        .min(MAX_STATES / width - 1);
    let states = (limit + 1) * width;
    let start_slot = style.masthead_slots.min(cap - 1);

    let segments = segments(flow);
    // Candidates must be numbered in flow order, one choice each, for blocks to be
    // reused where the numbering shifted; otherwise nothing is reused.
    let mut numbered = true;
    let mut keys: Vec<u64> = Vec::with_capacity(flow.len() * 2 + 16);
    let mut key_starts: Vec<usize> = Vec::with_capacity(segments.len());
    let mut first_lines: Vec<usize> = Vec::with_capacity(segments.len());
    let mut choices_before: Vec<usize> = Vec::with_capacity(segments.len() + 1);
    let mut choices = 0usize;
    for segment in &segments {
        key_starts.push(keys.len());
        fingerprint(segment, flow, candidates, &mut keys);
        choices_before.push(choices);
        match segment {
            Segment::Fixed(lines) => first_lines.push(lines[0]),
            Segment::Choice { n, alternatives } => {
                numbered &= *n == choices;
                choices += 1;
                let first = alternatives.iter().filter_map(|a| a.first()).min();
                first_lines.push(first.copied().unwrap_or(0));
            }
        }
    }
    numbered &= choices == candidates.len();

    // What of the last run holds: blocks before the first changed segment, and blocks
    // in the unchanged tail, if the new run meets them.
    let params = (cap, limit, start_slot);
    let mut old = std::mem::take(memo);
    if old.params != Some(params) || !numbered {
        old = Memo::default();
    }
    let new_key = |s: usize| segment_key(&keys, &key_starts, s);
    let old_segments = old.segments();
    let same_from_start = (0..segments.len().min(old_segments))
        .take_while(|&s| new_key(s) == old.key(s))
        .count();
    let same_at_end = (1..=segments.len().min(old_segments))
        .take_while(|&k| new_key(segments.len() - k) == old.key(old_segments - k))
        .count();
    let tail_start = segments.len() - same_at_end;
    let segment_shift = segments.len() as isize - old_segments as isize;
    let line_shift = flow.len() as isize - old.lines as isize;
    let candidate_shift = candidates.len() as isize - old.candidates as isize;

    let mut old_blocks = std::mem::take(&mut old.blocks);
    let resume = old_blocks
        .iter()
        .rposition(|b| b.segment <= same_from_start)
        .unwrap_or(0);
    let mut later_blocks: Vec<Option<Block>> = if old_blocks.is_empty() {
        Vec::new()
    } else {
        old_blocks.drain(resume..).map(Some).collect()
    };
    let mut blocks: Vec<Block> = old_blocks;

    let layers = limit + 1;
    let mut spare = Table::empty(width, layers);
    let mut merged = Table::empty(width, layers);
    let mut t = Table::empty(width, layers);
    let mut table = Table::empty(width, layers);
    let first_segment = match later_blocks.first_mut().and_then(Option::take) {
        Some(b) => {
            table.restore(&b.entry);
            b.segment
        }
        None => {
            table.set(start_slot as usize, Cost::new(0, 1, 0));
            0
        }
    };
    // Old blocks in the tail, by their segment in this run.
    let mut tail_blocks = later_blocks
        .iter()
        .enumerate()
        .filter_map(|(k, b)| {
            let b = b.as_ref()?;
            let at = b.segment as isize + segment_shift;
            (at >= tail_start as isize && at > same_from_start as isize).then_some((at as usize, k))
        })
        .peekable();

    let mut end: Option<Vec<(u32, Cost)>> = None;
    let mut work = 0usize;
    let mut block: Option<Block> = None;
    let mut lines_in_block = 0usize;
    for (s, segment) in segments.iter().enumerate().skip(first_segment) {
        // Met the last run again: the rest is its blocks, costs moved by a constant.
        while tail_blocks.peek().is_some_and(|&(at, _)| at < s) {
            tail_blocks.next();
        }
        if let Some(&(at, k)) = tail_blocks.peek() {
            if at == s {
                tail_blocks.next();
                let by = later_blocks[k]
                    .as_ref()
                    .and_then(|b| table.shift_from(&b.entry));
                if let Some(by) = by {
                    blocks.extend(block.take());
                    for b in later_blocks.drain(k..).flatten() {
                        blocks.push(Block {
                            segment: (b.segment as isize + segment_shift) as usize,
                            line: (b.line as isize + line_shift) as usize,
                            candidate: (b.candidate as isize + candidate_shift) as usize,
                            entry: b.entry.iter().map(|&(st, c)| (st, c.shifted(by))).collect(),
                            trace: b.trace,
                            steps: b.steps,
                        });
                    }
                    end = Some(old.end.iter().map(|&(st, c)| (st, c.shifted(by))).collect());
                    break;
                }
            }
        }
        if block.is_none() || lines_in_block >= block_lines {
            blocks.extend(block.take());
            block = Some(Block {
                segment: s,
                line: first_lines[s],
                candidate: choices_before[s],
                entry: table.snapshot(),
                trace: Vec::new(),
                steps: Vec::new(),
            });
            lines_in_block = 0;
        }
        let Some(b) = block.as_mut() else {
            break;
        };
        let local = |i: usize| (i - b.line) as u32;
        match segment {
            Segment::Fixed(lines) => {
                for &i in lines {
                    let steps = advance(&flow[i], &table, &mut spare, cap, &mut b.steps);
                    b.trace.push(Trace::Line {
                        line: local(i),
                        steps,
                    });
                    std::mem::swap(&mut table, &mut spare);
                }
                lines_in_block += lines.len();
                work += lines.len();
            }
            Segment::Choice { n, alternatives } => {
                merged.clear();
                let mut via = vec![0u64; states.div_ceil(64)];
                let mut spans = [(0, 0); 2];
                for (alt, lines) in alternatives.iter().enumerate() {
                    let first = b.trace.len() as u32;
                    // Entering the tight setting costs its demerits and one of the budget.
                    t.clear();
                    if alt == 0 {
                        t.cost.copy_from_slice(&table.cost);
                        t.top = table.top;
                    } else {
                        let extra = u128::from(candidate_cost(&candidates[*n]));
                        let used = table.top.min(limit);
                        for (to, &from) in t.cost[width..(used + 1) * width]
                            .iter_mut()
                            .zip(&table.cost[..used * width])
                        {
                            if from != Cost::NONE {
                                *to = Cost(from.0 + extra);
                            }
                        }
                        t.top = if used > 0 { used + 1 } else { 0 };
                    }
                    for &i in lines {
                        let steps = advance(&flow[i], &t, &mut spare, cap, &mut b.steps);
                        b.trace.push(Trace::Line {
                            line: local(i),
                            steps,
                        });
                        std::mem::swap(&mut t, &mut spare);
                    }
                    lines_in_block += lines.len();
                    work += lines.len();
                    spans[alt] = (first, b.trace.len() as u32);
                    // The loose setting wins a tie.
                    let top = merged.top.max(t.top);
                    for (state, (m, &c)) in merged.cost[..top * width]
                        .iter_mut()
                        .zip(&t.cost[..top * width])
                        .enumerate()
                    {
                        if c < *m {
                            *m = c;
                            via[state / 64] |= u64::from(alt == 1) << (state % 64);
                        }
                    }
                    merged.top = top;
                }
                merged.prune();
                b.trace.push(Trace::Choice {
                    n: (*n - b.candidate) as u32,
                    via,
                    spans,
                });
                std::mem::swap(&mut table, &mut merged);
            }
        }
    }
    blocks.extend(block.take());
    let end = end.unwrap_or_else(|| table.snapshot());

    // The end: the distribution block at the foot of the last page, or on a new page.
    let fits =
        |slot: u32| block_slots == 0 || slot + style.distribution_gap_slots + block_slots <= cap;
    let mut best: Option<(Cost, usize)> = None;
    for &(state, cost) in &end {
        let state = state as usize;
        let cost = if fits((state % width) as u32) {
            cost
        } else {
            Cost::new(cost.forced(), cost.pages() + 1, cost.soft())
        };
        if best.is_none_or(|(b, s)| (cost, state) < (b, s)) {
            best = Some((cost, state));
        }
    }

    // Walk back, block by block.
    let mut tightened = vec![false; candidates.len()];
    let mut picked: Vec<(usize, bool)> = Vec::with_capacity(flow.len()); // (flow index, page break before)
    let mut state = best.map_or(0, |(_, s)| s);
    let block_fits = fits((state % width) as u32);
    // The state before line `i`, and whether a page ended before it, from the state
    // after it; None if the trace does not hold it (a bug: the walk stops).
    let step_back = |steps: &[Step], range: (u32, u32), i: usize, state: usize| {
        let (layer, slot) = (state / width, state % width);
        let step = steps[range.0 as usize..range.1 as usize].get(layer)?;
        let h = flow[i].slots.min(cap) as usize;
        let land = flow[i]
            .slots
            .min(cap)
            .saturating_sub(flow[i].space_above)
            .max(1) as usize;
        if slot == land && step.broke() {
            Some((layer * width + step.origin(), true))
        } else {
            slot.checked_sub(h)
                .map(|from| (layer * width + from, false))
        }
    };
    'blocks: for b in blocks.iter().rev() {
        let mut k = b.trace.len();
        while k > 0 {
            k -= 1;
            match &b.trace[k] {
                Trace::Line { line, steps } => {
                    let i = b.line + *line as usize;
                    let Some((from, broke)) = step_back(&b.steps, *steps, i, state) else {
                        break 'blocks;
                    };
                    picked.push((i, broke));
                    state = from;
                }
                Trace::Choice { n, via, spans } => {
                    let Some(bits) = via.get(state / 64) else {
                        break 'blocks;
                    };
                    let alt = ((bits >> (state % 64)) & 1) as usize;
                    if let Some(t) = tightened.get_mut(b.candidate + *n as usize) {
                        *t = alt == 1;
                    }
                    for t in (spans[alt].0..spans[alt].1).rev() {
                        if let Trace::Line { line, steps } = &b.trace[t as usize] {
                            let i = b.line + *line as usize;
                            let Some((from, broke)) = step_back(&b.steps, *steps, i, state) else {
                                break 'blocks;
                            };
                            picked.push((i, broke));
                            state = from;
                        }
                    }
                    // The tight setting started one step up the budget.
                    if alt == 1 {
                        state = state.saturating_sub(width);
                    }
                    k = spans[0].0 as usize;
                }
            }
        }
    }
    picked.reverse();

    *memo = Memo {
        params: Some(params),
        blocks,
        end,
        keys,
        key_starts,
        lines: flow.len(),
        candidates: candidates.len(),
        work,
    };

    let mut placed: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut slot = start_slot;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::pages::Source;

    use crate::testing::Rng;

    /// A stretch of a made-up flow: lines always printed, or a paragraph with a loose
    /// and a tight setting (and sometimes a byline after the tight lines).
    #[derive(Clone)]
    enum Unit {
        Fixed(Vec<(u32, bool, u32)>),
        Choice {
            loose: Vec<bool>,
            tight: usize,
            byline: bool,
            cost: f64,
        },
    }

    fn random_unit(rng: &mut Rng) -> Unit {
        if rng.below(3) == 0 {
            Unit::Choice {
                loose: (0..2 + rng.below(6)).map(|_| rng.below(5) != 0).collect(),
                tight: 1 + rng.below(4),
                byline: rng.below(4) == 0,
                cost: (rng.below(60_000) as f64) * 1.37,
            }
        } else {
            let n = 1 + rng.below(8);
            Unit::Fixed(
                (0..n)
                    .map(|_| {
                        let slots = 1 + u32::from(rng.below(6) == 0);
                        (slots, rng.below(5) != 0, u32::from(slots > 1))
                    })
                    .collect(),
            )
        }
    }

    fn build(units: &[Unit]) -> (Vec<Slotted>, Vec<Candidate>) {
        let mut flow = Vec::new();
        let mut candidates = Vec::new();
        let line = |slots, break_before, space_above, variant| Slotted {
            slots,
            break_before,
            space_above,
            variant,
        };
        for u in units {
            match u {
                Unit::Fixed(lines) => {
                    for &(s, b, a) in lines {
                        flow.push(line(s, b, a, Variant::Always));
                    }
                }
                Unit::Choice {
                    loose,
                    tight,
                    byline,
                    cost,
                } => {
                    let n = candidates.len();
                    for &b in loose {
                        flow.push(line(1, b, 0, Variant::Loose(n)));
                    }
                    for k in 0..*tight {
                        flow.push(line(1, k > 0, 0, Variant::Tight(n)));
                    }
                    if *byline {
                        flow.push(line(1, false, 0, Variant::Loose(n)));
                    }
                    candidates.push(Candidate {
                        saves: 1,
                        cost: *cost,
                        place: String::new(),
                        source: Source::Article(n),
                    });
                }
            }
        }
        (flow, candidates)
    }

    fn style(rng: &mut Rng) -> Style {
        Style {
            lines_per_page: 4 + rng.below(12) as u32,
            fit_max_paragraphs: rng.below(4),
            masthead_slots: rng.below(4) as u32,
            ..Style::house()
        }
    }

    /// Paginating again after an edit, from what the last run kept, gives exactly what
    /// a fresh run gives: for edits that keep every line count (where the old run's tail
    /// is reused) and for edits that add, remove or reshape lines anywhere.
    #[test]
    fn paginating_again_equals_paginating_afresh() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut reused = 0;
        for round in 0..120 {
            let style = style(&mut rng);
            let mut units: Vec<Unit> = (0..10 + rng.below(60))
                .map(|_| random_unit(&mut rng))
                .collect();
            let block_lines = 1 + rng.below(24);
            let mut memo = Memo::default();
            let block_slots = rng.below(4) as u32;
            for edit in 0..12 {
                let (flow, candidates) = build(&units);
                let again = paginate_in_blocks(
                    &flow,
                    &candidates,
                    block_slots,
                    &style,
                    &mut memo,
                    block_lines,
                );
                let fresh = paginate(&flow, &candidates, block_slots, &style);
                assert_eq!(again, fresh, "round {round}, edit {edit}");
                if edit > 0 && memo.work() < flow.len() {
                    reused += 1;
                }
                let k = rng.below(units.len());
                match rng.below(6) {
                    0 => units.insert(k, random_unit(&mut rng)),
                    1 if units.len() > 1 => {
                        units.remove(k);
                    }
                    2 => {
                        if let Unit::Choice { cost, .. } = &mut units[k] {
                            *cost += rng.below(5_000) as f64;
                        }
                    }
                    3 => {
                        if let Unit::Fixed(lines) = &mut units[k] {
                            if let Some(l) = lines.first_mut() {
                                l.1 = !l.1;
                            }
                        }
                    }
                    // No change at all: everything but the last block is kept.
                    4 => {}
                    _ => units[k] = random_unit(&mut rng),
                }
            }
        }
        assert!(reused > 300, "only {reused} runs reused anything");
    }

    /// An edit that changes no line count does a few blocks' work, not the whole flow's.
    #[test]
    fn an_edit_that_keeps_line_counts_places_few_lines() {
        let mut rng = Rng(7);
        let units: Vec<Unit> = (0..2_000).map(|_| random_unit(&mut rng)).collect();
        let style = Style::house();
        let (flow, mut candidates) = build(&units);
        let mut memo = Memo::default();
        let first = paginate_again(&flow, &candidates, 3, &style, &mut memo);
        assert_eq!(memo.work(), flow.len());
        // The same flow again, then one paragraph's tight setting made dearer.
        paginate_again(&flow, &candidates, 3, &style, &mut memo);
        assert!(memo.work() <= 2 * BLOCK_LINES, "{}", memo.work());
        let n = candidates.len() / 3;
        candidates[n].cost += 10.0;
        let again = paginate_again(&flow, &candidates, 3, &style, &mut memo);
        assert_eq!(again, paginate(&flow, &candidates, 3, &style));
        assert!(
            memo.work() < flow.len() / 2,
            "{} of {}",
            memo.work(),
            flow.len()
        );
        assert_eq!(again.placed.len(), first.placed.len());
    }
}
