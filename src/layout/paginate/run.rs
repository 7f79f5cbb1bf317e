//! The run: the settings every table of one pagination depends on, and the walk over
//! the flow's segments that records, block by block, how each state was reached.

use super::reuse::{Memo, Reuse};
use super::segments::Segment;
use super::step::Tables;
use super::table::{Cost, Step, Table, MAX_STATES};
use super::{Candidate, Slotted, MAX_TIGHTENED};
use crate::style::Style;

/// One processed line or choice, with flow indices and candidate numbers counted from
/// its block's first line and first candidate (so a block can be reused where the flow
/// before it grew or shrank).
pub(super) enum Trace {
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
pub(super) struct Block {
    /// The segment it starts at.
    pub(super) segment: usize,
    /// The flow index of that segment's first line.
    pub(super) line: usize,
    /// The number of candidates before it.
    pub(super) candidate: usize,
    /// The table it started from.
    pub(super) entry: Vec<(u32, Cost)>,
    pub(super) trace: Vec<Trace>,
    pub(super) steps: Vec<Step>,
}

/// A table's states and costs, as a block's entry or a run's end keeps them.
pub(super) type Entries = Vec<(u32, Cost)>;
/// Flow lines printed, in order, each with whether a page ends before it.
pub(super) type Picked = Vec<(usize, bool)>;

// --- The run: the settings every table of one pagination depends on -----------------

/// One pagination of a flow: its settings and the size of its state tables. A state
/// is `layer * width + slot`: the paragraphs tightened so far and the slot reached.
pub(super) struct Run<'a> {
    pub(super) flow: &'a [Slotted],
    pub(super) candidates: &'a [Candidate],
    pub(super) cap: u32,
    pub(super) width: usize,
    /// Most paragraphs tightened.
    pub(super) limit: usize,
    pub(super) states: usize,
    pub(super) start_slot: u32,
    pub(super) block_lines: usize,
}

impl<'a> Run<'a> {
    /// A run over `flow` with the style's page height and tightening limit, bounded so
    /// the state table stays small.
    pub(super) fn new(
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

    /// The settings a kept run must share to be reused.
    pub(super) fn params(&self) -> (u32, usize, u32) {
        (self.cap, self.limit, self.start_slot)
    }
}

impl Run<'_> {
    /// Runs the tables over the flow, from where the last run (`old`) still holds, and
    /// stops where it meets the last run again; leaves in `memo` what the next run
    /// needs but the blocks and end (returned).
    pub(super) fn walk(&self, old: Memo, memo: &mut Memo) -> (Vec<Block>, Vec<(u32, Cost)>) {
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
    pub(super) fn best_end(
        &self,
        end: &[(u32, Cost)],
        block_slots: u32,
        gap: u32,
    ) -> (usize, bool) {
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
