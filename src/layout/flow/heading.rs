//! Section headings (栏目, house-format.md §3.4): the label in 【】 with blank slots
//! above, kept with the article that follows.

use super::wrapped::{short_title, Place};
use super::{shift, split_tall, Ctx, FlowLine, Role, Tag, Variant};
use crate::layout::pages::{LineKind, Source};
use crate::layout::text::prepare;
use crate::style::Ink;

/// A section heading 【label】: blank slots above, flush left, 黑体. A label longer than
/// the measure wraps; its continuation lines align with the label's first character
/// (after 【).
pub fn section_heading(ctx: &mut Ctx, label: &str, index: usize) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let source = Source::Section(index);
    let text = format!("【{label}】");
    let hang = {
        let ts = ctx.text_style(Role::Hei, s.section_size.0);
        let p = prepare("【", &ts, ctx.book);
        p.pieces
            .first()
            .map_or(0.0, |x| x.width - x.start_trim)
            .min(measure / 4.0)
    };
    let place = Place::new(
        format!("栏目“{}”", short_title(label)),
        format!("the section label “{}”", short_title(label)),
    );
    let lines = ctx.wrapped(
        &text,
        Role::Hei,
        s.section_size.0,
        Tag::new(Ink::BLACK, source, LineKind::SectionHeading),
        (measure, measure - hang),
        &place,
    );
    let space = s.section_space_slots;
    let mut runs = Vec::new();
    let count = lines.len().max(1) as u32;
    for (k, mut line) in lines.into_iter().enumerate() {
        let x = if k > 0 { hang } else { 0.0 };
        shift(
            &mut line.runs,
            x,
            (space as f32 + k as f32) * pitch + Ctx::baseline(pitch, s.section_size.0),
        );
        runs.extend(line.runs);
    }
    let heading = FlowLine {
        slots: space + count,
        runs,
        rules: Vec::new(),
        break_before: true,
        kind: LineKind::SectionHeading,
        source,
        variant: Variant::Always,
        space_above: space,
        head: None,
        pictures: Vec::new(),
    };
    split_tall(heading, pitch, s.lines_per_page)
}
