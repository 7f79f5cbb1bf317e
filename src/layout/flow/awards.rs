//! Award lists (获奖名单, house-format.md §3.7): category headings and rows of name,
//! organisation and award in columns that hold for the whole list.
//!
//! The columns are measured once over every row of every category, so rows line up
//! across categories and pages: the name column fits the longest name (at least the
//! 3-em box in which two-character names are spread), the award column the longest
//! award, and the organisation takes the rest. The award column stands one gap after
//! the widest organisation when that fits (the seed's 21 em), else at the right edge
//! of the text block; a longer organisation wraps inside its column. Any cell may take
//! several lines; a row is one flow line of that many slots, so it never splits across
//! pages.

use super::wrapped::Place;
use super::{shift, split_tall, Ctx, FlowLine, Role, Tag, Variant};
use crate::layout::cjk;
use crate::layout::pages::{GlyphRun, LineKind, Source};
use crate::layout::text::{natural_width, prepare};
use crate::model::{AwardCategory, AwardRow};
use crate::style::Ink;
use crate::units::{Em, Pt};

/// Where the columns of an award list start and how wide they are, in points from the
/// text block's left edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Columns {
    pub name_x: f32,
    pub name_w: f32,
    pub org_x: f32,
    pub org_w: f32,
    pub award_x: f32,
    pub award_w: f32,
}

/// The widest name, organisation and award of a list, measured as they are set.
#[derive(Debug, Clone, Copy, Default)]
pub struct Widest {
    pub name: f32,
    pub org: f32,
    pub award: f32,
}

impl Columns {
    /// Columns for a list whose widest cells are `widest`, on a measure of `measure`
    /// with the style's indent, name box and gap (all in points).
    pub fn fit(
        widest: Widest,
        measure: f32,
        indent: f32,
        name_box: f32,
        gap: f32,
        em: f32,
    ) -> Columns {
        let indent = indent.min(0.25 * measure).max(0.0);
        let avail = measure - indent;
        // Name and award columns take at most these shares of the line, so the
        // organisation always keeps a fair column; a longer name or award wraps.
        let name_cap = (0.3 * avail).max(name_box.min(avail / 3.0));
        let name_w = widest.name.max(name_box).min(name_cap);
        let award_w = widest.award.min(0.25 * avail);
        let org_x = indent + name_w + gap;
        let award_x = (org_x + widest.org + gap)
            .min(measure - award_w)
            .max(org_x + em + gap);
        Columns {
            name_x: indent,
            name_w,
            org_x,
            org_w: award_x - gap - org_x,
            award_x,
            award_w: (measure - award_x).max(em),
        }
    }
}

/// An award list as flow lines: category headings and rows (§3.7).
pub fn award_list(
    ctx: &mut Ctx,
    categories: &[AwardCategory],
    source: Source,
    title: &str,
) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let em = s.char_pitch().0;
    let measure = s.text_width().0;
    let body = s.body_size.0;
    let indent = s.list_indent_em.at(Pt(em)).0;
    let gap = s.list_gap_em.at(Pt(em)).0;
    let place = Place::new(
        format!("文章“{title}”的获奖名单"),
        format!("the award list of article “{title}”"),
    );
    let row_tag = Tag::new(Ink::BLACK, source, LineKind::ListRow);
    let ts = ctx.text_style(Role::Body, body);
    let width_of =
        |ctx: &Ctx, text: &str| -> f32 { natural_width(&prepare(text.trim(), &ts, ctx.book)) };
    let mut widest = Widest::default();
    for c in categories {
        for r in &c.rows {
            if let AwardRow::Person { name, org, award } = r {
                widest.name = widest.name.max(width_of(ctx, name));
                widest.org = widest.org.max(width_of(ctx, org));
                widest.award = widest.award.max(width_of(ctx, award));
            }
        }
    }
    let cols = Columns::fit(
        widest,
        measure,
        indent,
        s.list_name_box_em.at(Pt(em)).0,
        gap,
        em,
    );
    let baseline = Ctx::baseline(pitch, body);
    let mut out = Vec::new();
    for (ci, c) in categories.iter().enumerate() {
        let cap = s.lines_per_page;
        out.extend(split_tall(
            category_heading(ctx, ci, &c.name, source, &place),
            pitch,
            cap,
        ));
        for (ri, row) in c.rows.iter().enumerate() {
            let mut runs: Vec<GlyphRun> = Vec::new();
            let mut lines = 1usize;
            // Sets `text` wrapped in a column `width` wide whose left edge is at `x`.
            let mut cell =
                |ctx: &mut Ctx, text: &str, width: f32, x: f32, runs: &mut Vec<GlyphRun>| {
                    let set = ctx.wrapped(text, Role::Body, body, row_tag, (width, width), &place);
                    lines = lines.max(set.len());
                    for (k, mut line) in set.into_iter().enumerate() {
                        shift(&mut line.runs, x, k as f32 * pitch + baseline);
                        runs.extend(line.runs);
                    }
                };
            match row {
                AwardRow::Person { name, org, award } => {
                    let name = name.trim();
                    let chars: Vec<char> = name.chars().collect();
                    if chars.len() == 2
                        && chars.iter().all(|c| cjk::is_han(*c))
                        && cols.name_w >= 2.0 * em
                    {
                        // 均排: a two-character name spreads over the name box.
                        let step = (s.list_name_box_em - Em(1.0)).at(Pt(em)).0;
                        for (k, ch) in chars.iter().enumerate() {
                            let x = cols.name_x + k as f32 * step.min(cols.name_w - em);
                            cell(ctx, &ch.to_string(), cols.name_w, x, &mut runs);
                        }
                    } else {
                        cell(ctx, name, cols.name_w, cols.name_x, &mut runs);
                    }
                    cell(ctx, org.trim(), cols.org_w, cols.org_x, &mut runs);
                    cell(ctx, award.trim(), cols.award_w, cols.award_x, &mut runs);
                }
                AwardRow::Org { org } => {
                    let w = measure - cols.name_x;
                    cell(ctx, org.trim(), w, cols.name_x, &mut runs);
                }
            }
            // A category heading keeps at least two rows.
            let row = FlowLine {
                slots: lines as u32,
                runs,
                rules: Vec::new(),
                break_before: ri >= 2,
                kind: LineKind::ListRow,
                source,
                variant: Variant::Always,
                space_above: 0,
                head: None,
                pictures: Vec::new(),
            };
            out.extend(split_tall(row, pitch, cap));
        }
    }
    out
}

/// `一、name` in 黑体 at the list indent; a long name wraps, continuing under the name
/// (after 一、).
fn category_heading(
    ctx: &mut Ctx,
    index: usize,
    name: &str,
    source: Source,
    place: &Place,
) -> FlowLine {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let em = s.char_pitch().0;
    let measure = s.text_width().0;
    let indent = s.list_indent_em.at(Pt(em)).0.min(measure / 2.0);
    let size = s.list_category_size.0;
    let ordinal = format!("{}、", chinese_number(index + 1));
    let ts = ctx.text_style(Role::Hei, size);
    // The ordinal's full width (its 、 keeps its blank half before the name).
    let hang: f32 = prepare(&ordinal, &ts, ctx.book)
        .pieces
        .iter()
        .map(|x| x.width)
        .sum::<f32>()
        .min(measure / 4.0);
    let w = measure - indent;
    let lines = ctx.wrapped(
        &format!("{ordinal}{}", name.trim()),
        Role::Hei,
        size,
        Tag::new(Ink::BLACK, source, LineKind::ListCategory),
        (w, w - hang),
        place,
    );
    let count = lines.len().max(1);
    let mut runs = Vec::new();
    for (k, mut line) in lines.into_iter().enumerate() {
        let x = indent + if k > 0 { hang } else { 0.0 };
        shift(
            &mut line.runs,
            x,
            k as f32 * pitch + Ctx::baseline(pitch, size),
        );
        runs.extend(line.runs);
    }
    FlowLine {
        slots: count as u32,
        runs,
        rules: Vec::new(),
        break_before: true,
        kind: LineKind::ListCategory,
        source,
        variant: Variant::Always,
        space_above: 0,
        head: None,
        pictures: Vec::new(),
    }
}

/// Chinese ordinal for list categories: 一 二 … 十 十一 … 九十九.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_are_chinese() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(6), "六");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(12), "十二");
        assert_eq!(chinese_number(21), "二十一");
    }
}
