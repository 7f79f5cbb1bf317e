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
    /// Set when the choice could not be traced back (a bug; the lines are then set
    /// without pages chosen), so layout can say so instead of dropping text.
    pub error: Option<TraceBackError>,
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
    let run = Run::new(flow, candidates, style, block_lines);
    let old = std::mem::take(memo);
    let reused = old.params.is_some();
    let (blocks, end) = run.walk(old, memo);
    let (state, block_fits) = run.best_end(&end, block_slots, style.distribution_gap_slots);
    memo.end = end;
    match run.trace_back(&blocks, state) {
        Ok((picked, tightened)) => {
            memo.blocks = blocks;
            Arrangement {
                active: picked.iter().map(|&(i, _)| i).collect(),
                placed: run.place(&picked),
                block_fits,
                tightened,
                error: None,
            }
        }
        // Blocks kept from the last run that do not lead back: pages afresh (a bug in
        // reuse; tests stop on it).
        Err(e) if reused => {
            if cfg!(debug_assertions) {
                panic!("the reused blocks do not lead back: {e}");
            }
            *memo = Memo::default();
            paginate_in_blocks(flow, candidates, block_slots, style, memo, block_lines)
        }
        Err(e) => {
            *memo = Memo::default();
            let picked = run.fill_in_order();
            Arrangement {
                active: picked.iter().map(|&(i, _)| i).collect(),
                placed: run.place(&picked),
                block_fits: false,
                tightened: vec![false; candidates.len()],
                error: Some(e),
            }
        }
    }
}

/// The trace of a run does not lead back from its end to its start: a pagination bug,
/// reported (and the lines set without pages chosen) rather than a silent stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceBackError {
    /// The flow line where the walk back stopped.
    pub line: usize,
    /// The state it stopped in.
    pub state: usize,
}

impl std::fmt::Display for TraceBackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pagination could not trace its choice back past flow line {} (state {})",
            self.line, self.state
        )
    }
}

impl std::error::Error for TraceBackError {}

/// A table's states and costs, as a block's entry or a run's end keeps them.
type Entries = Vec<(u32, Cost)>;
/// Flow lines printed, in order, each with whether a page ends before it.
type Picked = Vec<(usize, bool)>;

// --- The run: the settings every table of one pagination depends on -----------------

/// One pagination of a flow: its settings and the size of its state tables. A state
/// is `layer * width + slot`: the paragraphs tightened so far and the slot reached.
struct Run<'a> {
    flow: &'a [Slotted],
    candidates: &'a [Candidate],
    cap: u32,
    width: usize,
    /// Most paragraphs tightened.
    limit: usize,
    states: usize,
    start_slot: u32,
    block_lines: usize,
}

/// The segments of a flow with what reuse compares: their fingerprints (flat, with
/// where each starts), first lines and the number of choices before each.
struct Segments {
    list: Vec<Segment>,
    keys: Vec<u64>,
    key_starts: Vec<usize>,
    first_lines: Vec<usize>,
    choices_before: Vec<usize>,
    /// Candidates are numbered in flow order, one choice each: only then can blocks be
    /// reused where the numbering shifted.
    numbered: bool,
}

impl Segments {
    fn key(&self, segment: usize) -> &[u64] {
        segment_key(&self.keys, &self.key_starts, segment)
    }
}

impl<'a> Run<'a> {
    fn new(
        flow: &'a [Slotted],
        candidates: &'a [Candidate],
        style: &Style,
        block_lines: usize,
    ) -> Run<'a> {
        let cap = style.lines_per_page.clamp(1, MAX_STATES as u32 / 2);
        let width = cap as usize + 1;
        let limit = style
            .fit_max_paragraphs
            .min(MAX_TIGHTENED)
            .min(candidates.len())
            .min(MAX_STATES / width - 1);
        Run {
            flow,
            candidates,
            cap,
            width,
            limit,
            states: (limit + 1) * width,
            start_slot: style.masthead_slots.min(cap - 1),
            block_lines,
        }
    }

    fn params(&self) -> (u32, usize, u32) {
        (self.cap, self.limit, self.start_slot)
    }

    fn segments(&self) -> Segments {
        let list = segments(self.flow);
        let mut s = Segments {
            keys: Vec::with_capacity(self.flow.len() * 2 + 16),
            key_starts: Vec::with_capacity(list.len()),
            first_lines: Vec::with_capacity(list.len()),
            choices_before: Vec::with_capacity(list.len() + 1),
            numbered: true,
            list: Vec::new(),
        };
        let mut choices = 0usize;
        for segment in &list {
            s.key_starts.push(s.keys.len());
            fingerprint(segment, self.flow, self.candidates, &mut s.keys);
            s.choices_before.push(choices);
            match segment {
                Segment::Fixed(lines) => s.first_lines.push(lines[0]),
                Segment::Choice { n, alternatives } => {
                    s.numbered &= *n == choices;
                    choices += 1;
                    let first = alternatives.iter().filter_map(|a| a.first()).min();
                    s.first_lines.push(first.copied().unwrap_or(0));
                }
            }
        }
        s.numbered &= choices == self.candidates.len();
        s.list = list;
        s
    }

    /// Runs the tables over the flow, from where the last run (`old`) still holds, and
    /// stops where it meets the last run again; leaves in `memo` what the next run
    /// needs but the blocks and end (returned).
    fn walk(&self, old: Memo, memo: &mut Memo) -> (Vec<Block>, Vec<(u32, Cost)>) {
        let segs = self.segments();
        let mut reuse = Reuse::new(self, &segs, old);
        let layers = self.limit + 1;
        let mut tables = Tables {
            table: Table::empty(self.width, layers),
            spare: Table::empty(self.width, layers),
            merged: Table::empty(self.width, layers),
            t: Table::empty(self.width, layers),
        };
        let first_segment = reuse.start(&mut tables.table, self.start_slot);
        let mut blocks = std::mem::take(&mut reuse.kept);
        let mut end: Option<Vec<(u32, Cost)>> = None;
        let mut work = 0usize;
        let mut block: Option<Block> = None;
        let mut lines_in_block = 0usize;
        for (s, segment) in segs.list.iter().enumerate().skip(first_segment) {
            if let Some((tail, tail_end)) = reuse.meet(s, &tables.table) {
                blocks.extend(block.take());
                blocks.extend(tail);
                end = Some(tail_end);
                break;
            }
            if block.is_none() || lines_in_block >= self.block_lines {
                blocks.extend(block.take());
                lines_in_block = 0;
            }
            let b = block.get_or_insert_with(|| Block {
                segment: s,
                line: segs.first_lines[s],
                candidate: segs.choices_before[s],
                entry: tables.table.snapshot(),
                trace: Vec::new(),
                steps: Vec::new(),
            });
            let placed = match segment {
                Segment::Fixed(lines) => self.step_lines(lines, b, &mut tables),
                Segment::Choice { n, alternatives } => {
                    self.step_choice(*n, alternatives, b, &mut tables)
                }
            };
            lines_in_block += placed;
            work += placed;
        }
        blocks.extend(block.take());
        *memo = Memo {
            params: Some(self.params()),
            blocks: Vec::new(),
            end: Vec::new(),
            keys: segs.keys,
            key_starts: segs.key_starts,
            lines: self.flow.len(),
            candidates: self.candidates.len(),
            work,
        };
        let end = end.unwrap_or_else(|| tables.table.snapshot());
        (blocks, end)
    }

    /// The best end state, counting a page added when the distribution block does not
    /// fit at the foot of the last one; and whether it fits there.
    fn best_end(&self, end: &[(u32, Cost)], block_slots: u32, gap: u32) -> (usize, bool) {
        let fits = |slot: u32| block_slots == 0 || slot + gap + block_slots <= self.cap;
        let mut best: Option<(Cost, usize)> = None;
        for &(state, cost) in end {
            let state = state as usize;
            let cost = if fits((state % self.width) as u32) {
                cost
            } else {
                Cost::new(cost.forced(), cost.pages() + 1, cost.soft())
            };
            if best.is_none_or(|(b, s)| (cost, state) < (b, s)) {
                best = Some((cost, state));
            }
        }
        let state = best.map_or(0, |(_, s)| s);
        (state, fits((state % self.width) as u32))
    }
}

/// The four tables a run steps between.
struct Tables {
    /// The states before the next line.
    table: Table,
    spare: Table,
    /// The best of a choice's settings.
    merged: Table,
    /// One setting of a choice.
    t: Table,
}

// --- Reuse of the last run ------------------------------------------------------------

/// What of the last run holds for this one: its blocks before the first segment that
/// changed, and its blocks in the unchanged tail, which this run may meet.
struct Reuse {
    /// Old blocks kept as they are (before the change).
    kept: Vec<Block>,
    /// Old blocks from the one to resume at, in order.
    later: Vec<Option<Block>>,
    /// Old blocks in the tail, by their segment in this run (ascending), and their
    /// index in `later`.
    tail: Vec<(usize, usize)>,
    next_tail: usize,
    shifts: (isize, isize, isize),
    old_end: Vec<(u32, Cost)>,
}

impl Reuse {
    fn new(run: &Run, segs: &Segments, mut old: Memo) -> Reuse {
        if old.params != Some(run.params()) || !segs.numbered {
            old = Memo::default();
        }
        let count = segs.list.len();
        let old_segments = old.segments();
        let same_from_start = (0..count.min(old_segments))
            .take_while(|&s| segs.key(s) == old.key(s))
            .count();
        let same_at_end = (1..=count.min(old_segments))
            .take_while(|&k| segs.key(count - k) == old.key(old_segments - k))
            .count();
        let tail_start = count - same_at_end;
        let segment_shift = count as isize - old_segments as isize;
        let shifts = (
            segment_shift,
            run.flow.len() as isize - old.lines as isize,
            run.candidates.len() as isize - old.candidates as isize,
        );
        let mut kept = std::mem::take(&mut old.blocks);
        let resume = kept
            .iter()
            .rposition(|b| b.segment <= same_from_start)
            .unwrap_or(0);
        let later: Vec<Option<Block>> = if kept.is_empty() {
            Vec::new()
        } else {
            kept.drain(resume..).map(Some).collect()
        };
        let tail = later
            .iter()
            .enumerate()
            .filter_map(|(k, b)| {
                let b = b.as_ref()?;
                let at = b.segment as isize + segment_shift;
                (at >= tail_start as isize && at > same_from_start as isize)
                    .then_some((at as usize, k))
            })
            .collect();
        Reuse {
            kept,
            later,
            tail,
            next_tail: 0,
            shifts,
            old_end: std::mem::take(&mut old.end),
        }
    }

    /// Sets `table` to where the run starts (the entry of the block it resumes at, or
    /// the start slot of page 1) and returns the segment it starts at.
    fn start(&mut self, table: &mut Table, start_slot: u32) -> usize {
        match self.later.first_mut().and_then(Option::take) {
            Some(b) => {
                table.restore(&b.entry);
                b.segment
            }
            None => {
                table.set(start_slot as usize, Cost::new(0, 1, 0));
                0
            }
        }
    }

    /// At segment `s` with `table`: if an old tail block starts here with the same
    /// states (every cost moved by one constant), the rest of the run is the old one:
    /// its blocks and end, moved.
    fn meet(&mut self, s: usize, table: &Table) -> Option<(Vec<Block>, Entries)> {
        while self.tail.get(self.next_tail).is_some_and(|&(at, _)| at < s) {
            self.next_tail += 1;
        }
        let &(at, k) = self.tail.get(self.next_tail)?;
        if at != s {
            return None;
        }
        self.next_tail += 1;
        let by = self.later[k]
            .as_ref()
            .and_then(|b| table.shift_from(&b.entry))?;
        let (segment_shift, line_shift, candidate_shift) = self.shifts;
        let moved = |v: usize, by: isize| (v as isize + by) as usize;
        let blocks = self
            .later
            .drain(k..)
            .flatten()
            .map(|b| Block {
                segment: moved(b.segment, segment_shift),
                line: moved(b.line, line_shift),
                candidate: moved(b.candidate, candidate_shift),
                entry: b.entry.iter().map(|&(st, c)| (st, c.shifted(by))).collect(),
                trace: b.trace,
                steps: b.steps,
            })
            .collect();
        let end = self
            .old_end
            .iter()
            .map(|&(st, c)| (st, c.shifted(by)))
            .collect();
        Some((blocks, end))
    }
}

// --- The step over lines ------------------------------------------------------------

impl Run<'_> {
    /// Steps the tables over fixed lines, recording each step in block `b`; returns how
    /// many lines were placed.
    fn step_lines(&self, lines: &[usize], b: &mut Block, tables: &mut Tables) -> usize {
        for &i in lines {
            let steps = advance(
                &self.flow[i],
                &tables.table,
                &mut tables.spare,
                self.cap,
                &mut b.steps,
            );
            b.trace.push(Trace::Line {
                line: (i - b.line) as u32,
                steps,
            });
            std::mem::swap(&mut tables.table, &mut tables.spare);
        }
        lines.len()
    }

    /// Steps over both settings of candidate `n` (loose, then tight at its cost and
    /// one of the budget) and keeps the better per state; returns the lines placed.
    fn step_choice(
        &self,
        n: usize,
        alternatives: &[Vec<usize>; 2],
        b: &mut Block,
        tables: &mut Tables,
    ) -> usize {
        let width = self.width;
        let Tables {
            table,
            spare,
            merged,
            t,
        } = tables;
        merged.clear();
        let mut via = vec![0u64; self.states.div_ceil(64)];
        let mut spans = [(0, 0); 2];
        let mut placed = 0;
        for (alt, lines) in alternatives.iter().enumerate() {
            let first = b.trace.len() as u32;
            // Entering the tight setting costs its demerits and one of the budget.
            t.clear();
            if alt == 0 {
                t.cost.copy_from_slice(&table.cost);
                t.top = table.top;
            } else {
                let extra = u128::from(candidate_cost(&self.candidates[n]));
                let used = table.top.min(self.limit);
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
                let steps = advance(&self.flow[i], t, spare, self.cap, &mut b.steps);
                b.trace.push(Trace::Line {
                    line: (i - b.line) as u32,
                    steps,
                });
                std::mem::swap(t, spare);
            }
            placed += lines.len();
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
            n: (n - b.candidate) as u32,
            via,
            spans,
        });
        std::mem::swap(table, merged);
        placed
    }
}

// --- Trace-back ---------------------------------------------------------------------

impl Run<'_> {
    /// The state before line `i`, and whether a page ended before it, from the state
    /// after it.
    fn step_back(
        &self,
        steps: &[Step],
        range: (u32, u32),
        i: usize,
        state: usize,
    ) -> Result<(usize, bool), TraceBackError> {
        let width = self.width;
        let (layer, slot) = (state / width, state % width);
        let stuck = TraceBackError { line: i, state };
        let step = steps
            .get(range.0 as usize..range.1 as usize)
            .and_then(|s| s.get(layer))
            .ok_or_else(|| stuck.clone())?;
        let line = &self.flow[i];
        let h = line.slots.min(self.cap) as usize;
        let land = line
            .slots
            .min(self.cap)
            .saturating_sub(line.space_above)
            .max(1) as usize;
        if slot == land && step.broke() {
            Ok((layer * width + step.origin(), true))
        } else {
            slot.checked_sub(h)
                .map(|from| (layer * width + from, false))
                .ok_or(stuck)
        }
    }

    /// Walks the blocks back from end `state`: the lines printed, in order, each with
    /// whether a page ends before it, and per candidate whether it was tightened. A
    /// trace that does not lead back to the start is an error, never a shorter result.
    fn trace_back(
        &self,
        blocks: &[Block],
        mut state: usize,
    ) -> Result<(Picked, Vec<bool>), TraceBackError> {
        let width = self.width;
        let mut tightened = vec![false; self.candidates.len()];
        let mut picked: Vec<(usize, bool)> = Vec::with_capacity(self.flow.len());
        for b in blocks.iter().rev() {
            let mut k = b.trace.len();
            while k > 0 {
                k -= 1;
                match &b.trace[k] {
                    Trace::Line { line, steps } => {
                        let i = b.line + *line as usize;
                        let (from, broke) = self.step_back(&b.steps, *steps, i, state)?;
                        picked.push((i, broke));
                        state = from;
                    }
                    Trace::Choice { n, via, spans } => {
                        let bits = via.get(state / 64).ok_or(TraceBackError {
                            line: b.line,
                            state,
                        })?;
                        let alt = ((bits >> (state % 64)) & 1) as usize;
                        if let Some(t) = tightened.get_mut(b.candidate + *n as usize) {
                            *t = alt == 1;
                        }
                        for t in (spans[alt].0..spans[alt].1).rev() {
                            if let Trace::Line { line, steps } = &b.trace[t as usize] {
                                let i = b.line + *line as usize;
                                let (from, broke) = self.step_back(&b.steps, *steps, i, state)?;
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
        // Back at the start: page 1, nothing tightened, the masthead's slots.
        if state != self.start_slot as usize && !self.flow.is_empty() {
            return Err(TraceBackError { line: 0, state });
        }
        picked.reverse();
        Ok((picked, tightened))
    }
}

// --- Placement ----------------------------------------------------------------------

impl Run<'_> {
    /// Every line in its loose setting, pages filled in order (no keeps): what is set
    /// when no pagination could be traced back, so no text is lost.
    fn fill_in_order(&self) -> Vec<(usize, bool)> {
        let mut slot = self.start_slot;
        let mut out = Vec::with_capacity(self.flow.len());
        for (i, line) in self.flow.iter().enumerate() {
            if matches!(line.variant, Variant::Tight(_)) {
                continue;
            }
            let slots = line.slots.min(self.cap);
            let broke = slot > 0 && slot + slots > self.cap;
            slot = if broke { slots } else { slot + slots };
            out.push((i, broke));
        }
        out
    }

    /// The picked lines on pages: slots from the masthead's end on page 1, from the top
    /// on the others, a heading's blank slots dropped at a page top.
    fn place(&self, picked: &[(usize, bool)]) -> Vec<Vec<Placed>> {
        let flow = self.flow;
        let mut placed: Vec<Vec<Placed>> = vec![Vec::new()];
        let mut slot = self.start_slot;
        for &(index, broke) in picked {
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
        placed
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
                assert_eq!(fresh.error, None, "round {round}, edit {edit}");
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

    /// A trace that does not lead from the end back to the start (a lost step, a
    /// missing block) is an error naming where it stopped, never a shorter result.
    #[test]
    fn a_trace_that_does_not_lead_back_is_an_error() {
        let mut rng = Rng(11);
        let units: Vec<Unit> = (0..60).map(|_| random_unit(&mut rng)).collect();
        let (flow, candidates) = build(&units);
        let style = Style::house();
        let run = Run::new(&flow, &candidates, &style, 8);
        let (mut blocks, end) = run.walk(Memo::default(), &mut Memo::default());
        assert!(blocks.len() > 3);
        let (state, _) = run.best_end(&end, 0, 0);
        let (picked, _) = run.trace_back(&blocks, state).unwrap_or_default();
        assert!(
            picked.len() >= flow.len() / 2,
            "{} of {}",
            picked.len(),
            flow.len()
        );
        let mid = blocks.len() / 2;
        let kept = std::mem::take(&mut blocks[mid].steps);
        let e = run.trace_back(&blocks, state).expect_err("a lost step");
        assert!(e.line >= blocks[mid].line, "{e}");
        assert!(e.to_string().contains("could not trace"));
        blocks[mid].steps = kept;
        blocks.remove(0);
        let e = run.trace_back(&blocks, state).expect_err("a missing block");
        assert_eq!(e.line, 0, "{e}");
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
