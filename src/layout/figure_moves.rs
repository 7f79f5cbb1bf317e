//! Figures that move (house-format.md §3.10): a figure is one flow line of many slots,
//! so when it does not fit in what is left of a page, pagination ends the page before
//! it and leaves the rest blank. A bulletin fills that space with the text that
//! follows the figure in its article, and sets the figure at the top of the next page.
//!
//! Done after pagination, so the paginator stays a plain shortest path over lines in
//! order: where a page starts with a figure and the page before ends with blank slots,
//! as many of the following lines of the figure's own article as fill the gap (ending
//! where a page may end, so the keep rules still hold) are put before the figure in
//! the flow, and the issue is paginated again. The order within the article is
//! otherwise kept, and a figure never moves past its article's last line. A few
//! rounds at most, and a result is only taken when it uses no more pages.

use super::flow::FlowLine;
use super::pages::LineKind;
use super::paginate::{Arrangement, Slotted};

/// Rounds of moving and paginating again, at most (each round settles the figures
/// it moves; a later figure may only need moving once earlier ones moved).
pub(super) const MAX_ROUNDS: usize = 3;

/// A new order of the flow (indices into it) with the lines after pushed figures
/// moved in front of them, and the figures moved (indices into the new order); `None`
/// when no figure left a gap behind it.
pub(super) fn moved_order(
    flow: &[&FlowLine],
    slotted: &[Slotted],
    arranged: &Arrangement,
    cap: u32,
) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut active = vec![false; flow.len()];
    for &i in &arranged.active {
        if let Some(a) = active.get_mut(i) {
            *a = true;
        }
    }
    // (figure, lines to put before it)
    let mut moves: Vec<(usize, Vec<usize>)> = Vec::new();
    for p in 1..arranged.placed.len() {
        let (Some(first), Some(last)) = (arranged.placed[p].first(), arranged.placed[p - 1].last())
        else {
            continue;
        };
        let figure = first.index;
        if flow[figure].kind != LineKind::Figure {
            continue;
        }
        let gap = cap.saturating_sub(last.end(slotted));
        if gap == 0 {
            continue;
        }
        let lines = fill(flow, slotted, &active, figure, gap);
        if !lines.is_empty() {
            moves.push((figure, lines));
        }
    }
    if moves.is_empty() {
        return None;
    }
    let mut moved = vec![false; flow.len()];
    for (_, lines) in &moves {
        for &j in lines {
            moved[j] = true;
        }
    }
    let mut order = Vec::with_capacity(flow.len());
    let mut figures = Vec::with_capacity(moves.len());
    let mut next_move = moves.iter().peekable();
    for (i, &is_moved) in moved.iter().enumerate() {
        if is_moved {
            continue;
        }
        if let Some((_, lines)) = next_move.next_if(|(f, _)| *f == i) {
            order.extend(lines.iter().copied());
            figures.push(order.len());
        }
        order.push(i);
    }
    Some((order, figures))
}

/// Whether every line in `lines` (flow indices) starts a page of `arranged`: a figure
/// moved after text must, or the move put text before it for nothing.
pub(super) fn all_start_pages(arranged: &Arrangement, lines: &[usize]) -> bool {
    let firsts: std::collections::HashSet<usize> = (arranged.placed.iter())
        .skip(1)
        .filter_map(|p| p.first().map(|l| l.index))
        .collect();
    lines.iter().all(|i| firsts.contains(i))
}

/// The lines after `figure` in its article that fill `gap` slots and end where a page
/// may end (before a line that allows a break, or at the article's end); lines of a
/// paragraph's other setting (not printed) between them come along, so both settings
/// stay whole on either side of the figure.
fn fill(
    flow: &[&FlowLine],
    slotted: &[Slotted],
    active: &[bool],
    figure: usize,
    gap: u32,
) -> Vec<usize> {
    let source = flow[figure].source;
    let mut taken: Vec<usize> = Vec::new();
    let mut cut = 0usize;
    let mut used = 0u32;
    let mut j = figure + 1;
    while j < flow.len() && flow[j].source == source && flow[j].kind != LineKind::Figure {
        if active[j] {
            // A page may end after what is taken so far only if this line allows it.
            if slotted[j].break_before {
                cut = taken.len();
            }
            used += slotted[j].slots;
            if used > gap {
                break;
            }
        }
        taken.push(j);
        j += 1;
    }
    let article_ends =
        j >= flow.len() || flow[j].source != source || flow[j].kind == LineKind::Figure;
    if used <= gap && article_ends {
        cut = taken.len();
    }
    taken.truncate(cut);
    if taken.iter().any(|&k| active[k]) {
        taken
    } else {
        Vec::new()
    }
}
