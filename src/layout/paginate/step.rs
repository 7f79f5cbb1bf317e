//! The step over one line: every state of the table before a line moved to the table
//! after it (placed on the same page, or after a page end), and the step over a
//! paragraph's two settings that keeps the better per state.

use super::run::{Block, Run, Trace};
use super::table::{candidate_cost, prune_layer, Cost, Step, Table};
use super::Slotted;

/// Cost of one blank slot at the foot of a page that is not the last, in line-breaking
/// demerits: tightening a paragraph is worth it when its lines stay within about two
/// fully squeezed lines (10⁴ demerits each).
pub(super) const BLANK_SLOT_COST: u64 = 20_000;

/// Places one line after every state of `from` into `to`, appending one step per layer
/// to `steps` and returning where they are. Pruning (see [`Table::prune`]) is done layer
/// by layer as they are made.
pub(super) fn advance(
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
    let land = landing(line, cap);
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

/// The slot after a line that starts a page: its blank slots above dropped, its
/// repeated head added.
pub(super) fn landing(line: &Slotted, cap: u32) -> usize {
    let own = line.slots.min(cap).saturating_sub(line.space_above).max(1);
    (own + line.head).min(cap) as usize
}

/// The four tables a run steps between.
pub(super) struct Tables {
    /// The states before the next line.
    pub(super) table: Table,
    pub(super) spare: Table,
    /// The best of a choice's settings.
    pub(super) merged: Table,
    /// One setting of a choice.
    pub(super) t: Table,
}

impl Run<'_> {
    /// Steps the tables over fixed lines, recording each step in block `b`; returns how
    /// many lines were placed.
    pub(super) fn step_lines(&self, lines: &[usize], b: &mut Block, tables: &mut Tables) -> usize {
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
    pub(super) fn step_choice(
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
