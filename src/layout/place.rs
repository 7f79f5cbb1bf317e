//! Placement: the paginated flow lines moved onto display-list pages at their slots,
//! and the distribution block pinned to the foot of the last page (house-format.md
//! §3.8, §4.1). Pagination decided where; this moves the glyphs and rules there.

use super::flow::{shift, FlowLine};
use super::pages::{GlyphRun, Item, Page, PlacedPicture, Rule, Source, Warning};
use super::paginate::{Placed, Slotted};
use crate::style::Style;

/// An empty page of the style, numbered `number` (the text block moves with the
/// inside margin in duplex).
pub(super) fn new_page(number: usize, style: &Style) -> Page {
    let left = style.text_left(number).0;
    Page {
        number,
        width: style.page_width().0,
        height: style.page_height().0,
        text_block: [
            left,
            style.text_top().0,
            style.text_width().0,
            style.text_height().0,
        ],
        items: Vec::new(),
        used_slots: 0,
    }
}

/// The pages as pagination chose them (at least one, so an empty issue still prints
/// its masthead); page 1's slots start below the masthead. Pages marked in `kept` are
/// left empty: the caller has them from the last layout.
pub(super) fn pages(
    flow: &[&FlowLine],
    slotted: &[Slotted],
    placed: &[Vec<Placed>],
    kept: &[bool],
    style: &Style,
) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::with_capacity(placed.len());
    for (page_no, lines) in placed.iter().enumerate() {
        let mut page = new_page(page_no + 1, style);
        if kept.get(page_no).copied().unwrap_or(false) {
            pages.push(page);
            continue;
        }
        // Room for every item at once, the page number's too.
        let items = |l: &Placed| {
            let line = flow[l.index];
            let head =
                (line.head.as_ref().filter(|_| l.head)).map_or(0, |h| h.runs.len() + h.rules.len());
            line.runs.len() + line.rules.len() + line.pictures.len() + head
        };
        page.items
            .reserve(lines.iter().map(items).sum::<usize>() + super::furniture::PAGE_NUMBER_ITEMS);
        page.used_slots = if page_no == 0 {
            style.masthead_slots
        } else {
            0
        };
        for line in lines {
            let mut slot = line.slot;
            if let (true, Some(head)) = (line.head, &flow[line.index].head) {
                put_parts(&mut page, &head.runs, &head.rules, slot, style);
                slot += head.slots;
            }
            put(&mut page, flow[line.index], slot, line.trimmed, style);
            page.used_slots = page.used_slots.max(line.end(slotted));
        }
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(new_page(1, style));
    }
    pages
}

/// The distribution block at the foot of the last page, or alone on a new page when it
/// does not fit there, or on pages of its own when it is taller than a page; each move
/// is said in a warning.
pub(super) fn distribution_block(
    pages: &mut Vec<Page>,
    block: &[FlowLine],
    fits: bool,
    style: &Style,
    warnings: &mut Vec<Warning>,
) {
    let cap = style.lines_per_page.max(1);
    if block.len() as u32 > cap {
        // Taller than a page: it cannot stand at a foot; it fills pages of its own.
        let first = pages.len() + 1;
        for chunk in block.chunks(cap as usize) {
            let mut page = new_page(pages.len() + 1, style);
            for (i, line) in chunk.iter().enumerate() {
                put(&mut page, line, i as u32, 0, style);
            }
            page.used_slots = chunk.len() as u32;
            pages.push(page);
        }
        warnings.push(Warning {
            code: "distribution-too-tall",
            zh: format!(
                "版记有{}行，比一页还多，已从第{first}页起单独排了{}页；请合并或删减分发单位",
                block.len(),
                pages.len() + 1 - first
            ),
            en: format!(
                "the distribution block has {} lines, more than a page holds; it was set on pages of its own from page {first}",
                block.len()
            ),
            source: Source::Distribution,
            page: Some(first),
        });
    } else if !block.is_empty() {
        let n = block.len() as u32;
        if !fits {
            let number = pages.len() + 1;
            pages.push(new_page(number, style));
            warnings.push(Warning {
                code: "distribution-new-page",
                zh: format!("版记放不下最后一页的页脚，已移到新的第{number}页"),
                en: format!("the distribution block does not fit at the foot of the last page; it was moved to a new page {number}"),
                source: Source::Distribution,
                page: Some(number),
            });
        }
        if let Some(page) = pages.last_mut() {
            for (i, line) in block.iter().enumerate() {
                put(page, line, cap - n + i as u32, 0, style);
            }
            page.used_slots += style.distribution_gap_slots + n;
        }
    }
}

/// Moves a flow line onto a page at a slot, less the blank slots trimmed from its top.
fn put(page: &mut Page, line: &FlowLine, slot: u32, trimmed: u32, style: &Style) {
    let top = slot as f32 - trimmed as f32;
    put_at(page, &line.runs, &line.rules, top, style);
    let dx = page.text_block[0];
    let dy = style.text_top().0 + top * style.line_pitch().0;
    page.items.extend(line.pictures.iter().map(|p| {
        let [x, y, w, h] = p.rect;
        Item::Picture(PlacedPicture {
            rect: [x + dx, y + dy, w, h],
            ..p.clone()
        })
    }));
}

/// Moves runs and rules onto a page with their top at `slot`.
fn put_parts(page: &mut Page, runs: &[GlyphRun], rules: &[Rule], slot: u32, style: &Style) {
    put_at(page, runs, rules, slot as f32, style);
}

/// Moves runs and rules onto a page with their top at (fractional) slot `top`.
fn put_at(page: &mut Page, runs: &[GlyphRun], rules: &[Rule], top: f32, style: &Style) {
    let dx = page.text_block[0];
    let dy = style.text_top().0 + top * style.line_pitch().0;
    // Each run copied straight into the page (no list of copies first).
    page.items.extend(runs.iter().map(|run| {
        let mut run = run.clone();
        shift(std::slice::from_mut(&mut run), dx, dy);
        Item::Text(run)
    }));
    page.items.extend(rules.iter().map(|r| {
        Item::Rule(Rule {
            x0: r.x0 + dx,
            x1: r.x1 + dx,
            y: r.y + dy,
            ..*r
        })
    }));
}
