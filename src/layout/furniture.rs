//! Page furniture: the masthead on page 1 (house-format.md §3.1) and the page numbers
//! below the text block (§3.9). Added after pagination; nothing in the flow moves
//! for them (page 1's flow starts below the masthead's slots).

use super::flow::{shift, Ctx, Role, Tag};
use super::pages::{GlyphRun, Item, LineKind, Page, Rule, Source, Warning};
use crate::model::Issue;
use crate::style::Ink;

/// The masthead on page 1 and page numbers on every page the style numbers, except
/// the pages marked in `kept` (they have theirs from the last layout). Says for each
/// page whether its furniture raised a warning.
pub(super) fn add(ctx: &mut Ctx, issue: &Issue, pages: &mut [Page], kept: &[bool]) -> Vec<bool> {
    let mut warned = vec![false; pages.len()];
    let count = pages.len();
    for (k, page) in pages.iter_mut().enumerate() {
        if kept.get(k).copied().unwrap_or(false) {
            continue;
        }
        let before = ctx.warnings.len();
        if k == 0 {
            masthead(ctx, issue, page);
        }
        if !(ctx.style.page_number_skip_first && page.number == 1) {
            page_number(ctx, page, count);
        }
        warned[k] = ctx.warnings.len() > before;
    }
    warned
}

/// The masthead (§3.1): classification mark, red bulletin name, issue line,
/// organisation and date, red rule.
fn masthead(ctx: &mut Ctx, issue: &Issue, page: &mut Page) {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let left = page.text_block[0];
    let top = page.text_block[1];
    let m = &issue.meta;
    let src = Source::Masthead;
    let kind = LineKind::Masthead;
    let mut runs: Vec<GlyphRun> = Vec::new();

    // The classification mark takes the first slot on its own, so a spread name never
    // runs into it; the name and issue line move down one slot.
    let mut slot = 0.0;
    if let Some(mark) = m.classification.as_deref().filter(|t| !t.trim().is_empty()) {
        let (mut r, _) = ctx.single(
            mark.trim(),
            Role::Hei,
            s.classification_size.0,
            Tag::new(Ink::BLACK, src, kind),
            "报头密级标志",
        );
        shift(&mut r, 0.0, Ctx::baseline(pitch, s.classification_size.0));
        runs.extend(r);
        slot = 1.0;
    }

    masthead_name(ctx, m.bulletin_name.trim(), slot, &mut runs);

    // Issue line under the name.
    let issue_line = m.issue_line();
    let (mut r, w) = ctx.single(
        &issue_line,
        Role::Kai,
        s.issue_line_size.0,
        Tag::new(Ink::BLACK, src, kind),
        "报头期号",
    );
    shift(
        &mut r,
        (measure - w) / 2.0,
        (slot + 2.0) * pitch + Ctx::baseline(pitch, s.issue_line_size.0),
    );
    runs.extend(r);

    // Organisation left, date right, fifth slot.
    let inset = s.org_date_inset_em.at(s.org_date_size).0;
    let org_y = 4.0 * pitch + Ctx::baseline(pitch, s.org_date_size.0);
    let (mut r, _) = ctx.single(
        m.editor_org.trim(),
        Role::Body,
        s.org_date_size.0,
        Tag::new(Ink::BLACK, src, kind),
        "报头编发单位",
    );
    shift(&mut r, inset, org_y);
    runs.extend(r);
    let (mut r, w) = ctx.single(
        &m.date.chinese(),
        Role::Body,
        s.org_date_size.0,
        Tag::new(Ink::BLACK, src, kind),
        "报头日期",
    );
    shift(&mut r, measure - inset - w, org_y);
    runs.extend(r);

    shift(&mut runs, left, top);
    // First in the display list, so the PDF's content (and text copied from it) reads
    // masthead first, as printed.
    let mut items: Vec<Item> = runs.into_iter().map(Item::Text).collect();
    items.push(Item::Rule(Rule {
        x0: left,
        x1: left + measure,
        y: top + org_y + s.masthead_rule_gap_mm.to_pt().0,
        thickness: s.masthead_rule_pt.0,
        ink: s.red,
        source: src,
    }));
    page.items.splice(0..0, items);
}

/// The bulletin name (§3.1): red, centred over the two slots from `slot`, spread when
/// short, scaled down to fit the text width (and said so) when long.
fn masthead_name(ctx: &mut Ctx, name: &str, slot: f32, runs: &mut Vec<GlyphRun>) {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let src = Source::Masthead;
    let kind = LineKind::Masthead;
    if name.is_empty() {
        return;
    }
    let chars: Vec<char> = name.chars().collect();
    let mut size = s.masthead_name_size.0;
    let natural = chars.len() as f32 * size;
    if natural > measure {
        size = measure / chars.len() as f32;
        ctx.warnings.push(Warning {
            code: "masthead-too-long",
            zh: format!("报头名称“{name}”太长，已缩小到{size:.1}磅"),
            en: format!("the bulletin name “{name}” is too long for the text width; it was scaled down to {size:.1} pt"),
            source: src,
            page: Some(1),
        });
    }
    let band = 2.0 * pitch;
    let y = slot * pitch + Ctx::baseline(band, size).max(size * 0.88);
    let spread = if (2..=4).contains(&chars.len()) && s.masthead_name_spread > 0.0 {
        (s.masthead_name_spread * measure).max(natural)
    } else {
        chars.len() as f32 * size
    };
    let step = if chars.len() > 1 {
        (spread - size) / (chars.len() - 1) as f32
    } else {
        0.0
    };
    let x0 = (measure - spread) / 2.0;
    for (k, ch) in chars.iter().enumerate() {
        let (mut r, _) = ctx.single(
            &ch.to_string(),
            Role::Title,
            size,
            Tag::new(s.red, src, kind),
            "报头名称",
        );
        shift(&mut r, x0 + k as f32 * step, y);
        runs.extend(r);
    }
}

/// Items a page number adds to a page (`—`, the digits, `—`): placing reserves room for
/// them, so numbering a page does not move all its items to a larger allocation.
pub(super) const PAGE_NUMBER_ITEMS: usize = 3;

/// `— n —` below the text block, outside edge in duplex (§3.9).
fn page_number(ctx: &mut Ctx, page: &mut Page, _count: usize) {
    let s = ctx.style;
    // `— n —`: em dashes from the Song face, a half-width space each side of the digits.
    let size = s.page_number_size.0;
    let mut runs = Vec::new();
    let mut w = 0.0;
    for (k, part) in ["—".to_string(), page.number.to_string(), "—".to_string()]
        .iter()
        .enumerate()
    {
        if k > 0 {
            w += size / 2.0;
        }
        let (mut r, pw) = ctx.single(
            part,
            Role::Song,
            size,
            Tag::new(Ink::BLACK, Source::PageNumber, LineKind::PageNumber),
            "页码",
        );
        shift(&mut r, w, 0.0);
        runs.extend(r);
        w += pw;
    }
    let [left, top, width, height] = page.text_block;
    let inset = s.page_number_inset_em.at(s.page_number_size).0;
    let x = if !s.duplex {
        left + (width - w) / 2.0
    } else if !page.number.is_multiple_of(2) {
        left + width - inset - w
    } else {
        left + inset
    };
    let y = top + height + s.page_number_drop_mm.to_pt().0 + 0.88 * s.page_number_size.0;
    shift(&mut runs, x, y);
    page.items.extend(runs.into_iter().map(Item::Text));
}
