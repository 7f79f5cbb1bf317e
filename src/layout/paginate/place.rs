//! Placement: the traced lines onto pages and slots, or (when no trace exists) every
//! line in order so that no text is lost.

use super::run::Run;
use super::{Placed, Variant};

impl Run<'_> {
    /// Every line in its loose setting, pages filled in order (no keeps): what is set
    /// when no pagination could be traced back, so no text is lost.
    pub(super) fn fill_in_order(&self) -> Vec<(usize, bool)> {
        let mut slot = self.start_slot;
        let mut out = Vec::with_capacity(self.flow.len());
        for (i, line) in self.flow.iter().enumerate() {
            if matches!(line.variant, Variant::Tight(_)) {
                continue;
            }
            let slots = line.slots.min(self.cap);
            let broke = slot > 0 && slot + slots > self.cap;
            slot = if broke {
                (slots + line.head).min(self.cap)
            } else {
                slot + slots
            };
            out.push((i, broke));
        }
        out
    }

    /// The picked lines on pages: slots from the masthead's end on page 1, from the top
    /// on the others, a heading's blank slots dropped at a page top.
    pub(super) fn place(&self, picked: &[(usize, bool)]) -> Vec<Vec<Placed>> {
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
                head: broke && flow[index].has_head,
            };
            slot = line.end(flow);
            if let Some(page) = placed.last_mut() {
                page.push(line);
            }
        }
        placed
    }
}
