//! Trace-back: from the best end state back through the recorded steps to the start,
//! giving the lines printed and the paragraphs tightened. A walk that does not lead
//! back to the start is an error, never a shorter result.

use super::run::{Block, Picked, Run, Trace};
use super::table::Step;

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

impl Run<'_> {
    /// The state before line `i`, and whether a page ended before it, from the state
    /// after it.
    pub(super) fn step_back(
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
        let land = super::step::landing(line, self.cap);
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
    pub(super) fn trace_back(
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
