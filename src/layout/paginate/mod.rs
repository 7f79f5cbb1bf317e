//! Pagination: flow lines into page slots (house-format.md §4).
//!
//! Pages are chosen for the whole issue at once, the way the line breaker chooses lines
//! for a paragraph: a shortest path over (flow line, slot on the page, paragraphs
//! tightened so far). A page may end only before a line that allows it (keeps, orphans,
//! widows); the path minimises, in this order, page ends the rules forbid, pages
//! (counting a page added for the distribution block), then blank slots at page feet
//! plus the cost of the paragraphs it sets one line shorter (§4.2, §4.4). Tightening is
//! bounded by the style's `fit_max_paragraphs`.

//!
//! Stages, one file each: `segments` (the flow as lines and choices, fingerprinted) →
//! `run` (the walk over segments, block by block) with `reuse` (resume from and meet
//! the last run) and `step` (one line, or a paragraph's two settings, over the
//! `table` of states) → `trace` (back from the best end to the start) → `place`
//! (lines onto pages and slots).

mod place;
mod reuse;
mod run;
mod segments;
mod step;
mod table;
#[cfg(test)]
mod tests;
mod trace;

use super::flow::{Candidate, FlowLine, Variant};
use crate::style::Style;
pub use reuse::Memo;
use reuse::BLOCK_LINES;
use run::Run;
pub use table::MAX_TIGHTENED;
pub use trace::TraceBackError;

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
    /// The line starts a page and its repeated head (a table's header row) is set
    /// above it, in the line's first [`Slotted::head`] slots.
    pub head: bool,
}

impl Placed {
    /// The slot after the line.
    pub fn end(&self, lines: &[Slotted]) -> u32 {
        let head = if self.head { lines[self.index].head } else { 0 };
        self.slot + lines[self.index].slots - self.trimmed + head
    }
}

/// What pagination needs to know of a flow line (the line's text stays where it is).
#[derive(Debug, Clone, Copy)]
pub struct Slotted {
    pub slots: u32,
    pub break_before: bool,
    pub space_above: u32,
    /// Slots added above the line when it starts a page (a table row under its
    /// repeated header row).
    pub head: u32,
    /// Whether the line has a repeated head at all (one of no slots is a rule).
    pub has_head: bool,
    /// With candidate numbers counted over the whole issue.
    pub variant: Variant,
}

impl From<&FlowLine> for Slotted {
    fn from(l: &FlowLine) -> Slotted {
        Slotted {
            slots: l.slots,
            break_before: l.break_before,
            space_above: l.space_above,
            head: l.head.as_ref().map_or(0, |h| h.slots),
            has_head: l.head.is_some(),
            variant: l.variant,
        }
    }
}

/// The pagination view of a whole flow.
pub fn slotted(flow: &[FlowLine]) -> Vec<Slotted> {
    flow.iter().map(Slotted::from).collect()
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
