//! Body paragraphs (house-format.md §3.5, §4.2, §4.4): the best-looking setting and,
//! when the rules allow, a tighter one in fewer lines kept as a candidate for fitting
//! the issue; words longer than a line broken by force; paragraphs too long for one
//! total-fit pass broken window by window.

use super::wrapped::Place;
use super::{Candidate, Ctx, FlowLine, Tag, Variant};
use crate::layout::linebreak::{break_paragraph, compose, plan_breaks, Breaking, Plans, Tightness};
use crate::layout::pages::{LineKind, Source, Warning};
use crate::layout::text::{prepare, Prepared, TextStyle};
use crate::layout::wrap::split_tokens;
use crate::style::Ink;

/// A body paragraph or list intro as its settings (one, or loose and tight); a paragraph
/// longer than [`LONG_PARAGRAPH_CHARS`] is set once, window by window.
pub(super) fn paragraph(
    ctx: &mut Ctx,
    text: &str,
    body_ts: &TextStyle,
    indent: f32,
    source: Source,
    is_intro: bool,
    where_: &Place,
) -> Vec<(Vec<FlowLine>, Variant)> {
    if text.chars().nth(LONG_PARAGRAPH_CHARS).is_some() {
        let lines = long_paragraph(ctx, text, body_ts, indent, source, is_intro, where_);
        vec![(lines, Variant::Always)]
    } else {
        paragraph_settings(ctx, text, body_ts, indent, source, is_intro, where_)
    }
}

/// A paragraph's settings: the best-looking one, and the same paragraph in one line
/// fewer when the rules allow it (a candidate for fitting the issue, §4.4).
fn paragraph_settings(
    ctx: &mut Ctx,
    text: &str,
    body_ts: &TextStyle,
    indent: f32,
    source: Source,
    is_intro: bool,
    where_: &Place,
) -> Vec<(Vec<FlowLine>, Variant)> {
    let s = ctx.style;
    let measure = s.text_width().0;
    let place = &where_.zh;
    let mut p = ctx.prepare(text, body_ts, source, place);
    // The best-looking breaks and the fewest lines, planned in one pass.
    let mut plans = Some(plan_breaks(&p, measure, indent, [true, true]));
    let mut loose = plans
        .as_ref()
        .and_then(|plans| plans.breaking(&p, Tightness::Best))
        .unwrap_or_default();
    if loose.overfull {
        // A word, number or run of marks longer than the measure: broken by
        // force rather than run off the page, and said so.
        let (split, again) = forced_breaks(ctx, &p, indent, source, where_);
        p = split;
        loose = again;
        plans = None;
    }
    if loose.lone_last {
        ctx.warnings.push(Warning {
            code: "lone-character",
            zh: format!("{place}：末行只剩一个字，无法避免"),
            en: format!(
                "{}: the last line holds a single character and no better break exists",
                where_.en
            ),
            source,
            page: None,
        });
    }
    // The same paragraph in the fewest lines, kept as an alternative for
    // fitting the issue (§4.4) when it saves a line within the rules: by
    // re-breaking alone, or else with a touch of tracking (§4.2).
    let tracking = s.fit_tracking_em.at(s.body_size).0;
    let tight = tighter(&p, &loose, plans.as_ref(), measure, indent, tracking);
    let mut settings = vec![(loose, Variant::Always)];
    if let Some(t) = tight {
        let n = ctx.candidates.len();
        ctx.candidates.push(Candidate {
            saves: settings[0].0.lines.len() - t.breaking.lines.len(),
            cost: t.demerits - settings[0].0.demerits,
            place: place.clone(),
            source,
        });
        let t = t.breaking;
        settings[0].1 = Variant::Loose(n);
        settings.push((t, Variant::Tight(n)));
    }
    settings
        .into_iter()
        .map(|(broken, variant)| {
            let lines = paragraph_lines(ctx, &p, &broken, body_ts, source, is_intro);
            (lines, variant)
        })
        .collect()
}

/// Paragraphs (and titles, labels, cells) longer than this many characters (ten pages
/// of text; no real paragraph comes near) are broken window by window, so memory and time follow the window,
/// not the paragraph; they take no part in fitting (§4.4).
pub const LONG_PARAGRAPH_CHARS: usize = 10_000;
/// Characters per window of a long paragraph.
pub(super) const WINDOW_CHARS: usize = 4_000;
/// Lines at a window's end set again with the next window, so every kept break was
/// chosen seeing the text after it.
pub(super) const OVERLAP_LINES: usize = 2;

/// A paragraph of more than [`LONG_PARAGRAPH_CHARS`] characters, broken window by
/// window: each window is broken total-fit, its lines but the last few are kept (all
/// justified), and the next window starts where the kept lines end.
fn long_paragraph(
    ctx: &mut Ctx,
    text: &str,
    body_ts: &TextStyle,
    indent: f32,
    source: Source,
    is_intro: bool,
    where_: &Place,
) -> Vec<FlowLine> {
    let measure = ctx.style.text_width().0;
    let mut out: Vec<FlowLine> = Vec::new();
    let warnings_before = ctx.warnings.len();
    let mut rest = text;
    let mut first = true;
    let mut warned_missing = false;
    while !rest.is_empty() {
        let end = rest
            .char_indices()
            .nth(WINDOW_CHARS)
            .map_or(rest.len(), |(i, _)| i);
        let last_window = end == rest.len();
        let window = &rest[..end];
        let p = if warned_missing {
            prepare(window, body_ts, ctx.book)
        } else {
            let before = ctx.warnings.len();
            let p = ctx.prepare(window, body_ts, source, &where_.zh);
            warned_missing = ctx.warnings.len() > before;
            p
        };
        let window_indent = if first { indent } else { 0.0 };
        let mut broken = break_paragraph(&p, measure, window_indent, Tightness::Best);
        let mut p = p;
        if broken.overfull {
            let (split, again) = forced_breaks(ctx, &p, window_indent, source, where_);
            p = split;
            broken = again;
        }
        let n = broken.lines.len();
        let keep = if last_window || n <= 1 {
            n
        } else {
            n.saturating_sub(OVERLAP_LINES).max(1)
        };
        broken.lines.truncate(keep);
        let consumed = match p.pieces.get(broken.lines.last().map_or(0, |l| l.end)) {
            Some(next) if !last_window || keep < n => next.offset,
            _ => window.len(),
        };
        let mut lines = paragraph_lines(ctx, &p, &broken, body_ts, source, is_intro);
        if !(last_window && keep == n) {
            // Not the paragraph's end: its last kept line is a full, justified line.
            if let (Some(line), Some(l)) = (lines.last_mut(), broken.lines.last()) {
                let target = measure - if l.start == 0 { window_indent } else { 0.0 };
                let set = compose(&p, l.start, l.end, target, true);
                let shift_x = measure - target;
                let glyph_x: Vec<f32> = set.glyph_x.iter().map(|x| x + shift_x).collect();
                let y = Ctx::baseline(ctx.style.line_pitch().0, body_ts.size);
                let kind = if is_intro {
                    LineKind::ListIntro
                } else {
                    LineKind::Body
                };
                line.runs = ctx.runs(
                    &p,
                    l.start,
                    &glyph_x,
                    y,
                    body_ts,
                    Tag::new(Ink::BLACK, source, kind),
                );
                line.kind = kind;
            }
        }
        out.append(&mut lines);
        if consumed == 0 {
            break;
        }
        rest = &rest[consumed..];
        first = false;
    }
    // Each window reports what it had to force; the paragraph says it once.
    let mut codes: Vec<&'static str> = Vec::new();
    for w in ctx.warnings.split_off(warnings_before) {
        if !codes.contains(&w.code) {
            codes.push(w.code);
            ctx.warnings.push(w);
        }
    }
    if out.len() > 1 {
        ctx.warnings.push(Warning {
            code: "long-paragraph",
            zh: format!(
                "{}有 {} 个字，超过 {LONG_PARAGRAPH_CHARS} 字：已分段落窗口断行、不参与紧排；请检查是否丢失了分段",
                where_.zh,
                text.chars().count()
            ),
            en: format!(
                "{} has {} characters, more than {LONG_PARAGRAPH_CHARS}: it was broken window by window and is not tightened to fit; check whether its paragraph breaks were lost",
                where_.en,
                text.chars().count()
            ),
            source,
            page: None,
        });
    }
    out
}

/// A paragraph with a word, number or run of marks longer than the line: breaks
/// allowed inside it by force, and the editor told what was done.
fn forced_breaks(
    ctx: &mut Ctx,
    p: &Prepared,
    indent: f32,
    source: Source,
    where_: &Place,
) -> (Prepared, Breaking) {
    let measure = ctx.style.text_width().0;
    let split = p.emergency(measure - indent, measure);
    let again = break_paragraph(&split, measure, indent, Tightness::Best);
    let words = split_tokens(p, again.lines.iter().map(|l| l.start));
    ctx.report_split(&words, source, where_);
    if again.overfull {
        // Only a single character wider than the line is left over.
        ctx.warnings.push(Warning {
            code: "text-overflow",
            zh: format!("{}：有字符比一行还宽，超出了版心", where_.zh),
            en: format!(
                "{}: a character is wider than the line and runs past the text block",
                where_.en
            ),
            source,
            page: None,
        });
    }
    (split, again)
}

/// Extra cost of tracking a paragraph tighter, over its re-breaking demerits: more than
/// a blank slot at a page foot, so tracking is used to save pages, not to fill them.
const TRACKING_COST: f64 = 50_000.0;

/// A tighter setting of a paragraph and its total demerits.
struct Tighter {
    breaking: Breaking,
    demerits: f64,
}

/// The paragraph in fewer lines than `loose`, if the rules allow it.
fn tighter(
    p: &Prepared,
    loose: &Breaking,
    plans: Option<&Plans>,
    measure: f32,
    indent: f32,
    tracking: f32,
) -> Option<Tighter> {
    if loose.lines.len() < 2 {
        return None;
    }
    let saves = |t: &Breaking| t.lines.len() < loose.lines.len() && !t.lone_last && !t.overfull;
    // One line fewer needs everything within this width.
    let room = (loose.lines.len() - 1) as f32 * measure - indent + 0.01;
    if p.min_width(tracking.max(0.0)) > room {
        return None;
    }
    let plain = plans
        .and_then(|plans| plans.breaking(p, Tightness::Fewest))
        .unwrap_or_else(|| break_paragraph(p, measure, indent, Tightness::Fewest));
    if saves(&plain) {
        return Some(Tighter {
            demerits: plain.demerits,
            breaking: plain,
        });
    }
    if tracking <= 0.0 {
        return None;
    }
    let tracked = break_paragraph(&p.tracked(tracking), measure, indent, Tightness::Fewest);
    saves(&tracked).then_some(Tighter {
        demerits: tracked.demerits + TRACKING_COST,
        breaking: tracked,
    })
}

/// Lines of a broken paragraph at slot-relative positions.
fn paragraph_lines(
    ctx: &Ctx,
    p: &Prepared,
    broken: &Breaking,
    ts: &TextStyle,
    source: Source,
    intro: bool,
) -> Vec<FlowLine> {
    let pitch = ctx.style.line_pitch().0;
    let y = Ctx::baseline(pitch, ts.size);
    let n = broken.lines.len();
    broken
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let kind = if intro {
                LineKind::ListIntro
            } else if i + 1 == n {
                LineKind::BodyLast
            } else {
                LineKind::Body
            };
            let runs = ctx.runs(
                p,
                l.start,
                &l.glyph_x,
                y,
                ts,
                Tag::new(Ink::BLACK, source, kind),
            );
            FlowLine::plain(1, runs, kind, source)
        })
        .collect()
}
