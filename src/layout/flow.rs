//! Elements to grid lines: every part of an issue becomes a sequence of flow lines, each
//! taking whole line slots, with the rules of where a page may end (house-format.md §3, §4).
//!
//! Coordinates here are relative: x from the text block's left edge, y (baselines and
//! rules) from the top of the line's first slot. Pagination moves them onto pages.

use super::display::{short_title, split_tall, subtitle, Place};
use super::linebreak::{break_paragraph, compose, plan_breaks, Breaking, Plans, Tightness};
use super::pages::{GlyphRun, LineKind, PlacedGlyph, Rule, Source, Warning};
use super::text::{natural_width, prepare, Prepared, TextStyle};
use super::wrap::split_tokens;
use crate::fonts::FontBook;
use crate::model::{Article, Attribution, Block, Distribution, Placement};
use crate::style::{mm, Ink, Style};

/// A line of the flow: whole slots, its runs and rules, and whether a page may end before it.
#[derive(Debug, Clone)]
pub struct FlowLine {
    pub slots: u32,
    pub runs: Vec<GlyphRun>,
    pub rules: Vec<Rule>,
    /// A page break may come right before this line.
    pub break_before: bool,
    pub kind: LineKind,
    pub source: Source,
    /// Whether the line belongs to one setting of a paragraph that can be tightened.
    pub variant: Variant,
    /// Blank slots at the top of the line (space above a heading), dropped when the
    /// line starts a page.
    pub space_above: u32,
}

/// Which setting of a paragraph a flow line belongs to. A paragraph that can be set in
/// one line fewer (house-format.md §4.4) is in the flow twice, loose and tight; fitting
/// an issue chooses one, by candidate number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Printed whatever is chosen.
    Always,
    /// The best-looking setting, printed unless candidate `n` is tightened.
    Loose(usize),
    /// The setting in fewer lines, printed when candidate `n` is tightened.
    Tight(usize),
}

impl Variant {
    /// Whether the line is printed when `tight[n]` says which candidates are tightened.
    pub fn active(self, tight: &[bool]) -> bool {
        match self {
            Variant::Always => true,
            Variant::Loose(n) => !tight.get(n).copied().unwrap_or(false),
            Variant::Tight(n) => tight.get(n).copied().unwrap_or(false),
        }
    }
}

/// A paragraph that can be set in fewer lines, at a cost in looks.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Lines saved by the tight setting.
    pub saves: usize,
    /// Extra demerits of the tight setting: cheaper candidates are tightened first.
    pub cost: f64,
    /// Where the paragraph is, in Chinese, and its article.
    pub place: String,
    pub source: Source,
}

/// Everything element builders need.
pub struct Ctx<'a> {
    pub style: &'a Style,
    pub book: &'a FontBook,
    pub warnings: Vec<Warning>,
    /// Paragraphs that could be tightened, indexed by [`Variant`] numbers.
    pub candidates: Vec<Candidate>,
}

/// Colour, origin and line kind that every run of a piece of text shares.
#[derive(Clone, Copy)]
pub struct Tag {
    pub ink: Ink,
    pub source: Source,
    pub line: LineKind,
}

impl Tag {
    pub fn new(ink: Ink, source: Source, line: LineKind) -> Tag {
        Tag { ink, source, line }
    }
}

/// The role a piece of text is set in.
#[derive(Clone, Copy)]
pub enum Role {
    Title,
    Body,
    Hei,
    Kai,
    Song,
}

impl<'a> Ctx<'a> {
    pub fn new(style: &'a Style, book: &'a FontBook) -> Ctx<'a> {
        Ctx {
            style,
            book,
            warnings: Vec::new(),
            candidates: Vec::new(),
        }
    }

    /// A text style for a role and size; body-sized body text sits on the character grid.
    pub fn text_style(&self, role: Role, size: f32) -> TextStyle {
        let s = self.style;
        let (families, latin) = match role {
            Role::Title => (&s.fonts.title, false),
            Role::Body => (&s.fonts.body, true),
            Role::Hei => (&s.fonts.hei, false),
            Role::Kai => (&s.fonts.kai, false),
            Role::Song => (&s.fonts.song, true),
        };
        TextStyle::new(s, self.book, families, size, latin)
    }

    /// Prepares text and reports characters no face has, naming the place.
    pub fn prepare(&mut self, text: &str, ts: &TextStyle, source: Source, place: &str) -> Prepared {
        let p = prepare(text, ts, self.book);
        if !p.missing.is_empty() {
            let chars: String = p.missing.iter().map(|(_, c)| *c).collect();
            let codes: Vec<String> = p
                .missing
                .iter()
                .map(|(_, c)| format!("U+{:04X}", *c as u32))
                .collect();
            self.warnings.push(Warning {
                code: "missing-glyph",
                zh: format!(
                    "{place}：字库中没有这些字符：{chars}（{}）",
                    codes.join(" ")
                ),
                en: format!(
                    "{place}: no font has the characters {chars} ({})",
                    codes.join(" ")
                ),
                source,
                page: None,
            });
        }
        p
    }

    /// Glyph runs for pieces starting at `a`, placed at `glyph_x`, baseline `y`.
    pub fn runs(
        &self,
        p: &Prepared,
        a: usize,
        glyph_x: &[f32],
        y: f32,
        ts: &TextStyle,
        tag: Tag,
    ) -> Vec<GlyphRun> {
        let mut out: Vec<GlyphRun> = Vec::new();
        for (k, gx) in glyph_x.iter().enumerate() {
            let piece = &p.pieces[a + k];
            if piece.kind == super::cjk::CharKind::IdeoSpace {
                continue;
            }
            let g = PlacedGlyph {
                id: piece.glyph,
                x: *gx,
                ch: piece.ch,
            };
            match out.last_mut() {
                Some(r) if r.font == piece.font => r.glyphs.push(g),
                _ => out.push(GlyphRun {
                    font: piece.font,
                    size: ts.size,
                    ink: tag.ink,
                    y,
                    glyphs: vec![g],
                    source: tag.source,
                    line: tag.line,
                }),
            }
        }
        out
    }

    /// Baseline that centres a character of `size` in a band of `height` (em box 0.88 / 0.12).
    pub fn baseline(height: f32, size: f32) -> f32 {
        (height - size) / 2.0 + 0.88 * size
    }

    /// One line of text set at natural width; returns runs at x = 0 and the width.
    pub fn single(
        &mut self,
        text: &str,
        role: Role,
        size: f32,
        tag: Tag,
        place: &str,
    ) -> (Vec<GlyphRun>, f32) {
        let ts = self.text_style(role, size);
        let p = self.prepare(text, &ts, tag.source, place);
        if p.pieces.is_empty() {
            return (Vec::new(), 0.0);
        }
        let w = natural_width(&p);
        let set = compose(&p, 0, p.pieces.len(), w, false);
        (self.runs(&p, 0, &set.glyph_x, 0.0, &ts, tag), set.end_x)
    }
}

/// Moves runs by (dx, dy).
pub fn shift(runs: &mut [GlyphRun], dx: f32, dy: f32) {
    for r in runs {
        r.y += dy;
        for g in &mut r.glyphs {
            g.x += dx;
        }
    }
}

/// A section heading 【label】: blank slots above, flush left, 黑体. A label longer than
/// the measure wraps; its continuation lines align with the label's first character
/// (after 【).
pub fn section_heading(ctx: &mut Ctx, label: &str, index: usize) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let measure = s.text_width();
    let source = Source::Section(index);
    let text = format!("【{label}】");
    let hang = {
        let ts = ctx.text_style(Role::Hei, s.section_size);
        let p = super::text::prepare("【", &ts, ctx.book);
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
        s.section_size,
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
            (space as f32 + k as f32) * pitch + Ctx::baseline(pitch, s.section_size),
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
    };
    split_tall(heading, pitch, s.lines_per_page)
}

/// An article: title (with the blank slot above), subtitle, blocks and attribution.
pub fn article(ctx: &mut Ctx, a: &Article, index: usize, after_heading: bool) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let measure = s.text_width();
    let source = Source::Article(index);
    let title = short_title(&a.title);
    let title_place = format!("文章“{title}”的标题");
    let mut out: Vec<FlowLine> = Vec::new();

    // Title: centred, balanced, never justified, never wider than the measure.
    let place = Place::new(
        title_place.clone(),
        format!("the title of article “{title}”"),
    );
    let mut title_lines: Vec<Vec<GlyphRun>> = Vec::new();
    for forced in a.title_lines() {
        let lines = ctx.wrapped(
            forced,
            Role::Title,
            s.title_size,
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
        shift(&mut runs, 0.0, top + Ctx::baseline(pitch, s.title_size));
        out.push(FlowLine {
            slots,
            runs,
            rules: Vec::new(),
            break_before: (first && !after_heading) || (too_tall && i >= 2),
            kind: LineKind::Title,
            source,
            variant: Variant::Always,
            space_above: if first { space } else { 0 },
        });
    }

    if let Some(sub) = a.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
        out.extend(subtitle(ctx, sub.trim(), source, &title));
    }

    // Keep the heading chain with at least two lines of what follows.
    let mut keep_following = 2usize;
    let body_ts = ctx.text_style(Role::Body, s.body_size);
    let indent = s.indent_chars * s.char_pitch();
    for (bi, block) in a.blocks.iter().enumerate() {
        let place = format!("文章“{title}”第{}段", bi + 1);
        match block {
            Block::Paragraph { text } | Block::ListIntro { text } => {
                let is_intro = matches!(block, Block::ListIntro { .. });
                let en = format!("paragraph {} of article “{title}”", bi + 1);
                let where_ = Place::new(place.clone(), en);
                let settings: Vec<(Vec<FlowLine>, Variant)> =
                    if text.trim().chars().nth(LONG_PARAGRAPH_CHARS).is_some() {
                        let lines = long_paragraph(
                            ctx,
                            text.trim(),
                            &body_ts,
                            indent,
                            source,
                            is_intro,
                            &where_,
                        );
                        vec![(lines, Variant::Always)]
                    } else {
                        paragraph_settings(
                            ctx,
                            text.trim(),
                            &body_ts,
                            indent,
                            source,
                            is_intro,
                            &where_,
                        )
                    };
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
            Block::AwardList { categories } => {
                let lines = super::awards::award_list(ctx, categories, source, &title);
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

    if let Some(attr) = &a.attribution {
        attribution(ctx, attr, &mut out, source, &title);
    }
    out
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
    let measure = s.text_width();
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
    let tracking = s.fit_tracking_em * s.body_size;
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
    let measure = ctx.style.text_width();
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
                let y = Ctx::baseline(ctx.style.line_pitch(), body_ts.size);
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
    let measure = ctx.style.text_width();
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
    let pitch = ctx.style.line_pitch();
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
            FlowLine {
                slots: 1,
                runs,
                rules: Vec::new(),
                break_before: true,
                kind,
                source,
                variant: Variant::Always,
                space_above: 0,
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
    let measure = s.text_width();
    let pitch = s.line_pitch();
    let place = Place::new(
        format!("文章“{title}”的署名"),
        format!("the byline of article “{title}”"),
    );
    let lines = ctx.wrapped(
        &attr.printed(),
        Role::Kai,
        s.byline_size,
        Tag::new(Ink::BLACK, source, LineKind::Byline),
        (measure, measure),
        &place,
    );
    if lines.is_empty() {
        return;
    }
    let gap = s.byline_min_gap_em * s.byline_size;
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
                .map_or(Ctx::baseline(pitch, s.byline_size), |r| r.y);
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
                Ctx::baseline(pitch, s.byline_size),
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

/// The distribution block (§3.8) as lines on the body grid, with rules at its top and
/// bottom slot edges. Returns the lines; the block is indivisible.
pub fn distribution(ctx: &mut Ctx, d: &Distribution) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let em = s.char_pitch();
    let measure = s.text_width();
    let size = s.distribution_size;
    let source = Source::Distribution;
    let y = Ctx::baseline(pitch, size);
    let label_x = s.distribution_label_inset_em * em;
    let right = measure - s.distribution_right_inset_em * em;

    let mut lines: Vec<(Vec<GlyphRun>, bool)> = Vec::new(); // (runs, starts a labelled line)
                                                            // Labelled lines in the style's order (the same order the Word file and web page use).
    let labelled = d.ordered(&s.distribution_order);
    let total_labels = labelled.len();
    for (li, (label, groups)) in labelled.iter().enumerate() {
        let (mut lab, lw) = ctx.single(
            &format!("{label}："),
            Role::Body,
            size,
            Tag::new(Ink::BLACK, source, LineKind::Distribution),
            "版记",
        );
        shift(&mut lab, label_x, y);
        let hang = (label_x + lw).min(right / 2.0);
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
                } else if last_of_all && li + 1 == total_labels && s.distribution_final_stop {
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
    if let Some(count) = d.print_count {
        let (mut r, w) = ctx.single(
            &format!("（共印{count}份）"),
            Role::Body,
            size,
            Tag::new(Ink::BLACK, source, LineKind::Distribution),
            "版记",
        );
        let fits = lines.last().is_some_and(|(runs, _)| {
            let end = runs
                .iter()
                .flat_map(|r| r.glyphs.iter().map(move |g| g.x + r.size))
                .fold(0.0f32, f32::max);
            end + 2.0 * em + w <= right + 0.01
        });
        shift(&mut r, right - w, y);
        if fits {
            if let Some((runs, _)) = lines.last_mut() {
                runs.extend(r);
            }
        } else {
            lines.push((r, false));
        }
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let thick = mm(s.distribution_rule_mm);
    let thin = mm(s.distribution_inner_rule_mm);
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
            }
        })
        .collect()
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

    #[test]
    fn long_titles_break_into_balanced_lines_not_inside_quotes() {
        let book = FontBook::bundled();
        let style = Style::house();
        let mut ctx = Ctx::new(&style, &book);
        let ts = ctx.text_style(Role::Title, style.title_size);
        let title = "山西移动启动“数智移动\u{3000}实事为民”主题宣传活动暨全省信息通信行业服务质量提升年工作推进会议";
        let p = ctx.prepare(title, &ts, Source::Article(0), "t");
        let w = style.text_width();
        let lines = super::super::wrap::balanced(&p, w, w).lines;
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
