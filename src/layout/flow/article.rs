//! Articles (house-format.md §3.2, §3.3, §3.5, §3.6): the title with the blank slot
//! above, the subtitle, the body blocks with their keep rules, and the byline or
//! source note. A body paragraph's settings come from `paragraph`, an award list's
//! lines from `awards`.

use super::awards::award_list;
use super::paragraph::paragraph;
use super::picture::figure;
use super::table::table;
use super::wrapped::{short_title, Place, SetLine};
use super::{shift, Ctx, FlowLine, Role, Tag, Variant};
use crate::layout::pages::{GlyphRun, LineKind, Source, Warning};
use crate::layout::text::prepare;
use crate::model::{Article, Attribution, Block, Pictures, Placement};
use crate::style::Ink;

/// An article: title (with the blank slot above), subtitle, blocks and attribution.
pub fn article(
    ctx: &mut Ctx,
    a: &Article,
    pictures: &Pictures,
    index: usize,
    after_heading: bool,
) -> Vec<FlowLine> {
    let source = Source::Article(index);
    let title = short_title(&a.title);
    let mut out = title_lines(ctx, a, source, &title, after_heading);
    if let Some(sub) = a.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
        out.extend(subtitle(ctx, sub.trim(), source, &title));
    }
    body(ctx, a, pictures, source, &title, &mut out);
    if let Some(attr) = &a.attribution {
        attribution(ctx, attr, &mut out, source, &title);
    }
    out
}

/// The title (§3.2): centred, balanced, never justified, never wider than the measure;
/// the first line carries the blank slots above and may start a page unless a section
/// heading stands right above it.
fn title_lines(
    ctx: &mut Ctx,
    a: &Article,
    source: Source,
    title: &str,
    after_heading: bool,
) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let title_place = format!("文章“{title}”的标题");
    let mut out: Vec<FlowLine> = Vec::new();
    let place = Place::new(
        title_place.clone(),
        format!("the title of article “{title}”"),
    );
    let mut title_lines: Vec<Vec<GlyphRun>> = Vec::new();
    for forced in a.title_lines() {
        let lines = ctx.wrapped(
            forced,
            Role::Title,
            s.title_size.0,
            Tag::new(Ink::BLACK, source, LineKind::Title),
            (measure, measure),
            &place,
        );
        for mut line in lines {
            shift(&mut line.runs, ((measure - line.width) / 2.0).max(0.0), 0.0);
            title_lines.push(line.runs);
        }
    }
    let space = s.title_space_slots;
    // A title taller than a page cannot be kept together: it may break between its
    // lines (said once here rather than as a forced break on every page).
    let too_tall = title_lines.len() as u32 + space + 2 > s.lines_per_page;
    if too_tall {
        ctx.warnings.push(Warning {
            code: "title-too-tall",
            zh: format!("{title_place}有{}行，比一页还长，已跨页排", title_lines.len()),
            en: format!(
                "the title of article “{title}” takes {} lines, more than a page; it runs over pages",
                title_lines.len()
            ),
            source,
            page: None,
        });
    }
    for (i, mut runs) in title_lines.into_iter().enumerate() {
        let first = i == 0;
        let slots = if first { space + 1 } else { 1 };
        let top = if first { space as f32 * pitch } else { 0.0 };
        shift(&mut runs, 0.0, top + Ctx::baseline(pitch, s.title_size.0));
        out.push(FlowLine {
            slots,
            runs,
            rules: Vec::new(),
            break_before: (first && !after_heading) || (too_tall && i >= 2),
            kind: LineKind::Title,
            source,
            variant: Variant::Always,
            space_above: if first { space } else { 0 },
            head: None,
            pictures: Vec::new(),
        });
    }
    out
}

/// The body blocks in order, with the keep rules between them (§4.2, §4.3): the heading
/// chain keeps at least two lines of what follows, a list intro keeps what follows it,
/// no paragraph leaves its first or last line alone on a page.
fn body(
    ctx: &mut Ctx,
    a: &Article,
    pictures: &Pictures,
    source: Source,
    title: &str,
    out: &mut Vec<FlowLine>,
) {
    let s = ctx.style;
    // Keep the heading chain with at least two lines of what follows.
    let mut keep_following = 2usize;
    let body_ts = ctx.text_style(Role::Body, s.body_size.0);
    let indent = s.indent_chars * s.char_pitch().0;
    for (bi, block) in a.blocks.iter().enumerate() {
        let place = format!("文章“{title}”第{}段", bi + 1);
        match block {
            Block::Paragraph { text } | Block::ListIntro { text } => {
                let is_intro = matches!(block, Block::ListIntro { .. });
                let en = format!("paragraph {} of article “{title}”", bi + 1);
                let where_ = Place::new(place.clone(), en);
                let settings = paragraph(
                    ctx,
                    text.trim(),
                    &body_ts,
                    indent,
                    source,
                    is_intro,
                    &where_,
                );
                let keep_before = keep_following;
                for (lines, variant) in settings {
                    let n = lines.len();
                    keep_following = keep_before;
                    for (li, mut line) in lines.into_iter().enumerate() {
                        // Orphans and widows (§4.2): no first line alone at a page foot,
                        // no last line alone at a page top.
                        let mut ok = li == 0 || (li != 1 && li + 1 != n);
                        if keep_following > 0 {
                            ok = false;
                            keep_following -= 1;
                        }
                        line.break_before = ok;
                        line.variant = variant;
                        out.push(line);
                    }
                }
                // A list intro stays with what follows it.
                if is_intro {
                    keep_following = keep_following.max(1);
                }
            }
            Block::Figure(f) => {
                // One blank slot above when text comes before it (not under the title).
                for mut line in figure(ctx, f, pictures, source, title, bi + 1, bi > 0) {
                    if keep_following > 0 {
                        line.break_before = false;
                        keep_following -= 1;
                    }
                    out.push(line);
                }
            }
            Block::AwardList { .. } | Block::Table(_) => {
                let lines = match block {
                    Block::Table(t) => table(ctx, t, source, title, bi + 1),
                    Block::AwardList { categories } => award_list(ctx, categories, source, title),
                    _ => Vec::new(),
                };
                for mut line in lines {
                    if keep_following > 0 {
                        line.break_before = false;
                        keep_following -= 1;
                    }
                    out.push(line);
                }
            }
        }
    }
}

/// Lines offset so the block of lines is centred as a whole on `measure`, continuation
/// lines indented by `hang` under the first (a subtitle that opens with ——).
pub fn hanging_block_x(lines: &[SetLine], measure: f32, hang: f32) -> Vec<f32> {
    let widest = lines
        .iter()
        .enumerate()
        .map(|(k, l)| l.width + if k > 0 { hang } else { 0.0 })
        .fold(0.0f32, f32::max);
    let x0 = ((measure - widest) / 2.0).max(0.0);
    (0..lines.len())
        .map(|k| x0 + if k > 0 { hang } else { 0.0 })
        .collect()
}

/// A subtitle (§3.3), 楷体, centred under the title. A long one wraps into balanced
/// centred lines. One that opens with —— (a newspaper-style subtitle) wraps as a block:
/// the continuation lines start under the text after the dash (a hanging indent of
/// the dash's width), and the block is centred as a whole, so the dash stands out at
/// the left like a list mark and the words line up.
pub fn subtitle(ctx: &mut Ctx, text: &str, source: Source, title: &str) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let place = Place::new(
        format!("文章“{title}”标题下的副题"),
        format!("the subtitle of article “{title}”"),
    );
    let hang = if text.starts_with("——") {
        let ts = ctx.text_style(Role::Kai, s.subtitle_size.0);
        let p = prepare("——", &ts, ctx.book);
        p.pieces
            .iter()
            .map(|x| x.width)
            .sum::<f32>()
            .min(measure / 4.0)
    } else {
        0.0
    };
    let lines = ctx.wrapped(
        text,
        Role::Kai,
        s.subtitle_size.0,
        Tag::new(Ink::BLACK, source, LineKind::Subtitle),
        (measure, measure - hang),
        &place,
    );
    let xs: Vec<f32> = if hang > 0.0 {
        hanging_block_x(&lines, measure, hang)
    } else {
        lines
            .iter()
            .map(|l| ((measure - l.width) / 2.0).max(0.0))
            .collect()
    };
    lines
        .into_iter()
        .zip(xs)
        .map(|(mut line, x)| {
            shift(&mut line.runs, x, Ctx::baseline(pitch, s.subtitle_size.0));
            FlowLine {
                slots: 1,
                runs: line.runs,
                rules: Vec::new(),
                break_before: false,
                kind: LineKind::Subtitle,
                source,
                variant: Variant::Always,
                space_above: 0,
                head: None,
                pictures: Vec::new(),
            }
        })
        .collect()
}

/// The byline or source note (§3.6): inline on the last line when it fits, else its own
/// line, right-aligned; a note longer than the measure wraps into right-aligned lines.
fn attribution(
    ctx: &mut Ctx,
    attr: &Attribution,
    out: &mut Vec<FlowLine>,
    source: Source,
    title: &str,
) {
    let s = ctx.style;
    let measure = s.text_width().0;
    let pitch = s.line_pitch().0;
    let place = Place::new(
        format!("文章“{title}”的署名"),
        format!("the byline of article “{title}”"),
    );
    let lines = ctx.wrapped(
        &attr.printed(),
        Role::Kai,
        s.byline_size.0,
        Tag::new(Ink::BLACK, source, LineKind::Byline),
        (measure, measure),
        &place,
    );
    if lines.is_empty() {
        return;
    }
    let gap = s.byline_min_gap_em.at(s.byline_size).0;
    let inline_wanted = lines.len() == 1
        && match attr.placement {
            Placement::Auto => !attr.is_source(),
            Placement::Inline => true,
            Placement::OwnLine => false,
        };
    // The paragraph before the byline may be in the flow twice (loose and tight): try
    // each setting's last line, and give a setting its own byline line where it fails.
    let mut failed: Vec<Variant> = Vec::new();
    let mut tried = 0;
    for idx in last_lines(out) {
        tried += 1;
        let last = &mut out[idx];
        let end = last
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(move |g| g.x + r.size))
            .fold(0.0f32, f32::max);
        let w = lines[0].width;
        if inline_wanted && end + gap + w <= measure + 0.01 {
            let y = last
                .runs
                .first()
                .map_or(Ctx::baseline(pitch, s.byline_size.0), |r| r.y);
            let mut inline = lines[0].runs.clone();
            shift(&mut inline, measure - w, y);
            last.runs.extend(inline);
        } else {
            failed.push(last.variant);
        }
    }
    if tried > 0 && failed.is_empty() {
        return;
    }
    if failed.len() == tried {
        failed = vec![Variant::Always];
    }
    for variant in failed {
        for line in &lines {
            let mut runs = line.runs.clone();
            shift(
                &mut runs,
                (measure - line.width).max(0.0),
                Ctx::baseline(pitch, s.byline_size.0),
            );
            out.push(FlowLine {
                slots: 1,
                runs,
                rules: Vec::new(),
                break_before: false,
                kind: LineKind::Byline,
                source,
                variant,
                space_above: 0,
                head: None,
                pictures: Vec::new(),
            });
        }
    }
}

/// Indices of the last body line of each setting of the flow's final paragraph.
fn last_lines(out: &[FlowLine]) -> Vec<usize> {
    let Some(last) = out.len().checked_sub(1) else {
        return Vec::new();
    };
    if out[last].kind != LineKind::BodyLast {
        return Vec::new();
    }
    match out[last].variant {
        Variant::Tight(n) => {
            let loose = out
                .iter()
                .rposition(|l| l.variant == Variant::Loose(n) && l.kind == LineKind::BodyLast);
            loose.into_iter().chain([last]).collect()
        }
        _ => vec![last],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use crate::style::Style;

    #[test]
    fn long_titles_break_into_balanced_lines_not_inside_quotes() {
        let book = FontBook::bundled();
        let style = Style::house();
        let mut ctx = Ctx::new(&style, &book);
        let ts = ctx.text_style(Role::Title, style.title_size.0);
        let title = "山西移动启动“数智移动\u{3000}实事为民”主题宣传活动暨全省信息通信行业服务质量提升年工作推进会议";
        let p = ctx.prepare(title, &ts, Source::Article(0), "t");
        let w = style.text_width().0;
        let lines = crate::layout::wrap::balanced(&p, w, w).lines;
        assert_eq!(lines.len(), 2);
        let lens: Vec<usize> = lines.iter().map(|(a, b)| b - a).collect();
        assert!(lens[0].abs_diff(lens[1]) <= 3, "unbalanced: {lens:?}");
        // the break is not inside the quoted phrase
        let (_, b0) = lines[0];
        let before: String = p.pieces[..b0].iter().map(|x| x.ch).collect();
        assert_eq!(
            before.matches('“').count(),
            before.matches('”').count(),
            "{before}"
        );
    }
}
