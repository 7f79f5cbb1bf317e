//! The distribution block (版记, house-format.md §3.8): labelled recipient lines on the
//! body grid between rules, and the print count; pinned to the foot of the last page
//! by layout.

use super::wrapped::{short_title, Place};
use super::{shift, Ctx, FlowLine, Role, Tag, Variant};
use crate::layout::pages::{GlyphRun, LineKind, Rule, Source};
use crate::layout::text::{natural_width, prepare};
use crate::model::Distribution;
use crate::style::{Ink, Style};
use crate::units::Pt;

/// A set line of the block: its runs, and whether it starts a labelled line.
type BlockLine = (Vec<GlyphRun>, bool);

/// Where the block's text goes: baseline, the labels' left edge and the recipients'
/// right edge, in points from the text block's left edge and the slot's top.
struct Frame {
    y: f32,
    label_x: f32,
    right: f32,
    em: f32,
    size: f32,
}

/// The distribution block (§3.8) as lines on the body grid, with rules at its top and
/// bottom slot edges. Returns the lines; the block is indivisible.
pub fn distribution(ctx: &mut Ctx, d: &Distribution) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let em = s.char_pitch().0;
    let measure = s.text_width().0;
    let size = s.distribution_size.0;
    let frame = Frame {
        y: Ctx::baseline(pitch, size),
        label_x: s.distribution_label_inset_em.at(Pt(em)).0,
        right: measure - s.distribution_right_inset_em.at(Pt(em)).0,
        em,
        size,
    };
    // Labelled lines in the style's order (the same order the Word file and web page use).
    let labelled = d.ordered(&s.distribution_order);
    let mut lines: Vec<BlockLine> = Vec::new();
    for (li, (label, groups)) in labelled.iter().enumerate() {
        let last_label = li + 1 == labelled.len();
        recipients(ctx, &frame, label, groups, last_label, &mut lines);
    }
    if let Some(count) = d.print_count {
        print_count(ctx, &frame, count, &mut lines);
    }
    if lines.is_empty() {
        return Vec::new();
    }
    ruled(s, lines)
}

/// One label and its recipients: `label：` then the names, each group on a new line,
/// continuation lines hanging under the first recipient; breaks only between
/// recipients, unless one is longer than the whole line.
fn recipients(
    ctx: &mut Ctx,
    f: &Frame,
    label: &str,
    groups: &[Vec<String>],
    last_label: bool,
    lines: &mut Vec<BlockLine>,
) {
    let s = ctx.style;
    let source = Source::Distribution;
    let (em, size, y, right) = (f.em, f.size, f.y, f.right);
    let (mut lab, lw) = ctx.single(
        &format!("{label}："),
        Role::Body,
        size,
        Tag::new(Ink::BLACK, source, LineKind::Distribution),
        "版记",
    );
    shift(&mut lab, f.label_x, y);
    let hang = (f.label_x + lw).min(right / 2.0);
    let mut current: Vec<GlyphRun> = lab;
    let mut x = hang;
    let mut first_line = true;
    let groups: Vec<&Vec<String>> = groups
        .iter()
        .filter(|g| g.iter().any(|n| !n.trim().is_empty()))
        .collect();
    for (gi, group) in groups.iter().enumerate() {
        if gi > 0 {
            lines.push((std::mem::take(&mut current), first_line));
            first_line = false;
            x = hang;
        }
        for (ri, name) in group.iter().enumerate() {
            let last_in_group = ri + 1 == group.len();
            let last_of_all = last_in_group && gi + 1 == groups.len();
            let mut text = name.trim().to_string();
            if !last_in_group {
                text.push('、');
            } else if last_of_all && last_label && s.distribution_final_stop {
                text.push('。');
            }
            let tag = Tag::new(Ink::BLACK, source, LineKind::Distribution);
            // Break only between recipients; a trailing 、 may hang into the right inset.
            let trail = if text.ends_with('、') { em / 2.0 } else { 0.0 };
            let room = (right - hang).max(em);
            let w = {
                let ts = ctx.text_style(Role::Body, size);
                natural_width(&prepare(&text, &ts, ctx.book))
            };
            if x > hang + 0.01 && x + w - trail > right + 0.01 {
                lines.push((std::mem::take(&mut current), first_line));
                first_line = false;
                x = hang;
            }
            // A recipient longer than the whole line wraps inside its name, its
            // continuation under the first recipient.
            let name = short_title(name.trim());
            let place = Place::new(
                format!("版记中的“{name}”"),
                format!("the recipient “{name}” in the distribution block"),
            );
            let parts = ctx.wrapped(&text, Role::Body, size, tag, (room + trail, room), &place);
            for (k, mut part) in parts.into_iter().enumerate() {
                if k > 0 {
                    lines.push((std::mem::take(&mut current), first_line));
                    first_line = false;
                    x = hang;
                }
                shift(&mut part.runs, x, y);
                current.extend(part.runs);
                x += part.width;
            }
        }
    }
    lines.push((current, first_line));
}

/// `（共印n份）` right-aligned on the last line when two ems are left before it, else on
/// a line of its own.
fn print_count(ctx: &mut Ctx, f: &Frame, count: u32, lines: &mut Vec<BlockLine>) {
    let (mut r, w) = ctx.single(
        &format!("（共印{count}份）"),
        Role::Body,
        f.size,
        Tag::new(Ink::BLACK, Source::Distribution, LineKind::Distribution),
        "版记",
    );
    let fits = lines.last().is_some_and(|(runs, _)| {
        let end = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(move |g| g.x + r.size))
            .fold(0.0f32, f32::max);
        end + 2.0 * f.em + w <= f.right + 0.01
    });
    shift(&mut r, f.right - w, f.y);
    if fits {
        if let Some((runs, _)) = lines.last_mut() {
            runs.extend(r);
        }
    } else {
        lines.push((r, false));
    }
}

/// The block's lines as flow lines: a thick rule at the top of the first and the
/// bottom of the last, a thin one above each further label when the style wants them.
fn ruled(s: &Style, lines: Vec<BlockLine>) -> Vec<FlowLine> {
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let source = Source::Distribution;
    let thick = s.distribution_rule_mm.to_pt().0;
    let thin = s.distribution_inner_rule_mm.to_pt().0;
    let n = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(i, (runs, starts_label))| {
            let mut rules = Vec::new();
            let rule = |y: f32, t: f32| Rule {
                x0: 0.0,
                x1: measure,
                y,
                thickness: t,
                ink: Ink::BLACK,
                source,
            };
            if i == 0 {
                rules.push(rule(thick / 2.0, thick));
            } else if starts_label && s.distribution_inner_rules {
                rules.push(rule(0.0, thin));
            }
            if i + 1 == n {
                rules.push(rule(pitch - thick / 2.0, thick));
            }
            FlowLine {
                slots: 1,
                runs,
                rules,
                break_before: false,
                kind: LineKind::Distribution,
                source,
                variant: Variant::Always,
                space_above: 0,
                head: None,
                pictures: Vec::new(),
            }
        })
        .collect()
}
