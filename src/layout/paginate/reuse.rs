//! Reuse of the last run: after an edit, pagination resumes at the last block before
//! the first changed segment and stops where it meets the old run's tail again.

use super::run::{Block, Entries, Run};
use super::segments::{segment_key, Segments};
use super::table::{Cost, Table};

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
    pub(super) params: Option<(u32, usize, u32)>,
    pub(super) blocks: Vec<Block>,
    pub(super) end: Vec<(u32, Cost)>,
    /// Segment fingerprints, flat, and where each segment's starts.
    pub(super) keys: Vec<u64>,
    pub(super) key_starts: Vec<usize>,
    pub(super) lines: usize,
    pub(super) candidates: usize,
    /// Lines placed by the last run (a fresh run places every line, both settings of a
    /// choice).
    pub(super) work: usize,
}

/// Lines in a block before a new one starts (at the next segment boundary). Smaller
/// blocks find the meeting point sooner and cost one table copy each.
pub(super) const BLOCK_LINES: usize = 256;

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
    /// One segment's fingerprint from the last run.
    pub(super) fn key(&self, segment: usize) -> &[u64] {
        segment_key(&self.keys, &self.key_starts, segment)
    }
}

/// What of the last run holds for this one: its blocks before the first segment that
/// changed, and its blocks in the unchanged tail, which this run may meet.
pub(super) struct Reuse {
    /// Old blocks kept as they are (before the change).
    pub(super) kept: Vec<Block>,
    /// Old blocks from the one to resume at, in order.
    pub(super) later: Vec<Option<Block>>,
    /// Old blocks in the tail, by their segment in this run (ascending), and their
    /// index in `later`.
    pub(super) tail: Vec<(usize, usize)>,
    pub(super) next_tail: usize,
    pub(super) shifts: (isize, isize, isize),
    pub(super) old_end: Vec<(u32, Cost)>,
}

impl Reuse {
    /// Compares this run's segments with the last run's (nothing holds when the settings
    /// or the candidate numbering differ).
    pub(super) fn new(run: &Run, segs: &Segments, mut old: Memo) -> Reuse {
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
    pub(super) fn start(&mut self, table: &mut Table, start_slot: u32) -> usize {
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
    pub(super) fn meet(&mut self, s: usize, table: &Table) -> Option<(Vec<Block>, Entries)> {
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
