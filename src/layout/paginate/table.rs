//! The tables of a run: packed costs, the one-step trace of how a state was reached,
//! and the dense table of best costs per state (tightening layer × slot).

use super::Candidate;

/// Cost of a partial pagination: page ends the rules forbid, then pages, then the soft
/// cost (whole demerits), packed in one integer so that comparing two costs is one
/// comparison (a long issue compares tens of millions). Every step adds to the fields,
/// so adding one constant to all costs of a table changes no decision: that is what lets
/// a re-pagination stop where it meets the previous run again (see [`Memo`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Cost(pub(super) u128);

/// Soft costs stay far below 2⁶³ (a million pages of fully blank feet is about 2⁴⁴), so
/// the fields never carry into each other.
pub(super) const MAX_CANDIDATE_COST: u64 = 1 << 40;

impl Cost {
    /// No way to reach a state.
    pub(super) const NONE: Cost = Cost(u128::MAX);

    /// The packed cost of its three fields.
    pub(super) fn new(forced: u32, pages: u32, soft: u64) -> Cost {
        Cost((u128::from(forced) << 96) | (u128::from(pages) << 64) | u128::from(soft))
    }
    pub(super) fn forced(self) -> u32 {
        (self.0 >> 96) as u32
    }
    pub(super) fn pages(self) -> u32 {
        (self.0 >> 64) as u32
    }
    pub(super) fn soft(self) -> u64 {
        self.0 as u64
    }
    /// The same cost moved by the difference between two runs (wrapping: the difference
    /// may be "negative"; the result is a real cost of the other run).
    pub(super) fn shifted(self, by: u128) -> Cost {
        Cost(self.0.wrapping_add(by))
    }
}

/// The extra cost of a tight setting, in whole demerits.
pub(super) fn candidate_cost(c: &Candidate) -> u64 {
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
pub(super) struct Step(u16);

/// Bounds the table (about one megabyte); a style beyond it tightens fewer paragraphs.
pub(super) const MAX_STATES: usize = 1 << 16;

/// Each paragraph that may be tightened is a layer of states every line passes
/// through; the editor offers up to 30, a hand-edited file gets at most this many.
pub const MAX_TIGHTENED: usize = 64;

impl Step {
    /// The packed step (the origin slot fits in 15 bits: slots stay below `MAX_STATES`).
    pub(super) fn new(origin: usize, broke: bool) -> Step {
        Step(origin as u16 | u16::from(broke) << 15)
    }
    pub(super) fn origin(self) -> usize {
        usize::from(self.0 & 0x7fff)
    }
    pub(super) fn broke(self) -> bool {
        self.0 >> 15 != 0
    }
}

/// Best costs of all states, dense: state `tightened × (cap + 1) + slot`, where `slot`
/// is the slots used on the page. Placing a line moves a whole layer by the line's
/// height and ending a page is one minimum per layer, so a line costs a few hundred
/// comparisons whatever is reachable. `top` counts the layers in use.
pub(super) struct Table {
    pub(super) cost: Vec<Cost>,
    pub(super) width: usize,
    pub(super) top: usize,
    /// Scratch for `prune`: per slot, the best cost in the layers below.
    pub(super) bar: Vec<Cost>,
}

impl Table {
    /// A table where no state is reachable yet.
    pub(super) fn empty(width: usize, layers: usize) -> Table {
        Table {
            cost: vec![Cost::NONE; width * layers],
            width,
            top: 0,
            bar: vec![Cost::NONE; width],
        }
    }
    /// Makes every state unreachable again, touching only the layers in use.
    pub(super) fn clear(&mut self) {
        self.cost[..self.top * self.width].fill(Cost::NONE);
        self.top = 0;
    }
    /// Sets a state's cost, counting its layer as in use.
    pub(super) fn set(&mut self, state: usize, cost: Cost) {
        self.cost[state] = cost;
        self.top = self.top.max(state / self.width + 1);
    }
    /// Drops states that a state with fewer paragraphs tightened, on the same slot,
    /// reaches at no greater cost: it can do all they can, with budget to spare.
    pub(super) fn prune(&mut self) {
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
    pub(super) fn snapshot(&self) -> Vec<(u32, Cost)> {
        self.cost[..self.top * self.width]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != Cost::NONE)
            .map(|(s, &c)| (s as u32, c))
            .collect()
    }
    /// The table a snapshot was taken of.
    pub(super) fn restore(&mut self, entries: &[(u32, Cost)]) {
        self.clear();
        for &(s, c) in entries {
            self.set(s as usize, c);
        }
    }
    /// The constant that turns the costs of `old` into this table's, if this table
    /// holds the same states and every cost differs by it: from here on, a run on the
    /// same lines makes the same choices as the run that made `old`.
    pub(super) fn shift_from(&self, old: &[(u32, Cost)]) -> Option<u128> {
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
pub(super) fn prune_layer(layer: &mut [Cost], bar: &mut [Cost]) -> bool {
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
