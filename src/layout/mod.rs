//! Layout: issue + house style + fonts → pages (a display list).
//!
//! Stages, one file or folder each: `cjk` (character classes) → `text` (pieces, widths,
//! break rules) → `linebreak` (total-fit breaking and justification) → `flow` (each
//! element kind as grid lines with keep rules; `cache` keeps every article's lines
//! between calls) → `paginate` (which lines on which page) → `place` (lines onto pages,
//! the distribution block at the foot of the last) → `furniture` (masthead, page
//! numbers) → `warnings`. Layout knows nothing about egui or printpdf.

mod cache;
pub mod cjk;
mod figure_moves;
pub mod flow;
mod furniture;
mod kept_pages;
pub mod linebreak;
pub mod pages;
pub mod paginate;
mod place;
pub mod text;
mod warnings;
pub mod wrap;

#[cfg(test)]
mod extreme_tests;
#[cfg(test)]
mod rules_tests;

use crate::fonts::FontBook;
use crate::model::Issue;
use crate::style::Style;
use cache::IssueFlow;
pub use cache::LayoutCache;
/// The award-list column rule, which the Word and web exports share with the page.
pub use flow::awards;
use flow::{Candidate, Ctx, FlowLine};
pub use pages::{
    Cluster, GlyphRun, Item, LineKind, Page, Pages, PlacedGlyph, PlacedPicture, Rule, Source,
    Warning,
};

/// Lays out a whole issue.
pub fn layout(issue: &Issue, style: &Style, book: &FontBook) -> Pages {
    layout_cached(issue, style, book, &mut LayoutCache::default())
}

/// Lays out a whole issue, reusing the articles in `cache` that have not changed since
/// the last call with the same style and fonts; the result is the same as [`layout`].
pub fn layout_cached(
    issue: &Issue,
    style: &Style,
    book: &FontBook,
    cache: &mut LayoutCache,
) -> Pages {
    cache.keep_if_same_setting(style, book);
    let mut ctx = Ctx::new(style, book);
    ctx.warnings.extend(warnings::style_clashes(style));

    // 1. Set: section headings now, articles only where they changed; the 版记 apart.
    let parts = cache.set_issue(issue, style, book);
    let block = flow::distribution(&mut ctx, &issue.distribution);

    // 2. Flow: the issue's lines in print order, candidates numbered over the issue.
    let IssueFlow {
        lines: mut flow,
        mut slotted,
        mut keys,
    } = cache::issue_flow(&parts, &cache.articles, &cache.headings, &mut ctx);

    // 3. Paginate: which paragraphs to tighten (usually none), which line on which page;
    // then figures pushed to a new page let the text after them fill the gap.
    let mut arranged = paginate::paginate_again(
        &slotted,
        &ctx.candidates,
        block.len() as u32,
        style,
        &mut cache.pagination,
    );
    let cap = style.lines_per_page.max(1);
    // The figures moved so far, as lines (their indices change with each order).
    let mut moved: Vec<*const FlowLine> = Vec::new();
    for _ in 0..figure_moves::MAX_ROUNDS {
        let Some((order, figures)) = figure_moves::moved_order(&flow, &slotted, &arranged, cap)
        else {
            break;
        };
        let moved_flow: Vec<&FlowLine> = order.iter().map(|&i| flow[i]).collect();
        let moved_slotted: Vec<_> = order.iter().map(|&i| slotted[i]).collect();
        let again = paginate::paginate_again(
            &moved_slotted,
            &ctx.candidates,
            block.len() as u32,
            style,
            &mut cache.pagination_moved,
        );
        let mut now_moved = moved.clone();
        now_moved.extend(figures.iter().map(|&i| moved_flow[i] as *const FlowLine));
        let moved_at: Vec<usize> = (moved_flow.iter().enumerate())
            .filter(|(_, l)| now_moved.contains(&(**l as *const FlowLine)))
            .map(|(i, _)| i)
            .collect();
        // Taken only when every moved figure starts a page and nothing got worse.
        let worse = again.placed.len() > arranged.placed.len()
            || (arranged.block_fits && !again.block_fits)
            || again.error.is_some()
            || !figure_moves::all_start_pages(&again, &moved_at);
        if worse {
            break;
        }
        flow = moved_flow;
        keys = order.iter().map(|&i| keys[i]).collect();
        slotted = moved_slotted;
        arranged = again;
        moved = now_moved;
    }
    if let Some(e) = &arranged.error {
        ctx.warnings.push(warnings::pagination_error(e));
    }

    // 4. Place: lines onto pages (pages whose lines did not change are kept from the
    // last layout), the 版记 at the foot of the last; then the furniture.
    let page_keys = kept_pages::keys(&arranged.placed, &keys);
    let old: Vec<_> = (page_keys.iter().enumerate())
        .map(|(i, key)| key.as_ref().and_then(|k| cache.kept.get(i, k)))
        .collect();
    let is_kept: Vec<bool> = old.iter().map(Option::is_some).collect();
    let mut pages = place::pages(&flow, &slotted, &arranged.placed, &is_kept, style);
    let fits = arranged.block_fits;
    place::distribution_block(&mut pages, &block, fits, style, &mut ctx.warnings);
    let warned = furniture::add(&mut ctx, issue, &mut pages, &is_kept);
    let pages = kept_pages::assemble(pages, old);
    cache.kept.replace(&pages, page_keys, &warned);

    // 5. Warnings about the whole, and what fitting did.
    let body_lines = body_lines(&flow, &arranged.active);
    let tightened = tightened(&ctx.candidates, &arranged.tightened);
    let mut warnings = ctx.warnings;
    warnings.extend(warnings::placement_warnings(&flow, &arranged.placed));
    warnings.extend(warnings::overflow_warnings(
        pages.iter().map(|p| &**p),
        issue,
    ));
    Pages {
        pages,
        warnings,
        body_lines,
        tightened,
    }
}

/// Body lines printed (for the editor's fitting report).
fn body_lines(flow: &[&FlowLine], active: &[usize]) -> usize {
    active
        .iter()
        .filter(|&&i| matches!(flow[i].kind, LineKind::Body | LineKind::BodyLast))
        .count()
}

/// The paragraphs set one line shorter to fit the issue, named for the editor.
fn tightened(candidates: &[Candidate], tight: &[bool]) -> Vec<(String, Source)> {
    candidates
        .iter()
        .zip(tight)
        .filter(|(_, &t)| t)
        .map(|(c, _)| (c.place.clone(), c.source))
        .collect()
}
