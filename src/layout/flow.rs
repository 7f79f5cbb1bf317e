//! Elements to grid lines: every part of an issue becomes a sequence of flow lines, each
//! taking whole line slots, with the rules of where a page may end (house-format.md §3, §4).
//!
//! Coordinates here are relative: x from the text block's left edge, y (baselines and
//! rules) from the top of the line's first slot. Pagination moves them onto pages.

use super::linebreak::{break_paragraph, compose, plan_breaks, Breaking, Plans, Tightness};
use super::pages::{GlyphRun, LineKind, PlacedGlyph, Rule, Source, Warning};
use super::text::{natural_width, prepare, Prepared, TextStyle};
use crate::fonts::FontBook;
use crate::model::{Article, Attribution, AwardCategory, AwardRow, Block, Distribution, Placement};
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

/// A one-slot line.
fn slot_line(runs: Vec<GlyphRun>, kind: LineKind, source: Source, break_before: bool) -> FlowLine {
    FlowLine {
        slots: 1,
        runs,
        rules: Vec::new(),
        break_before,
        kind,
        source,
        variant: Variant::Always,
        space_above: 0,
    }
}

/// A section heading 【label】: blank slots above, flush left, 黑体.
pub fn section_heading(ctx: &mut Ctx, label: &str, index: usize) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let source = Source::Section(index);
    let (mut runs, _) = ctx.single(
        &format!("【{label}】"),
        Role::Hei,
        s.section_size,
        Tag::new(Ink::BLACK, source, LineKind::SectionHeading),
        &format!("栏目“{label}”"),
    );
    let space = s.section_space_slots;
    shift(
        &mut runs,
        0.0,
        space as f32 * pitch + Ctx::baseline(pitch, s.section_size),
    );
    vec![FlowLine {
        slots: space + 1,
        runs,
        rules: Vec::new(),
        break_before: true,
        kind: LineKind::SectionHeading,
        source,
        variant: Variant::Always,
        space_above: space,
    }]
}

/// Splits a title into balanced lines that fit the measure (§3.2): forced breaks first,
/// then the fewest lines with the most even widths, never inside quotes or words.
fn balanced_title_lines(p: &Prepared, measure: f32) -> Vec<(usize, usize)> {
    let n = p.pieces.len();
    if n == 0 {
        return Vec::new();
    }
    let total = natural_width(p);
    if total <= measure + 0.01 {
        return vec![(0, n)];
    }
    // No breaks inside “…” or 《…》.
    let mut depth = 0i32;
    let mut allowed = vec![false; n + 1];
    for (i, ok) in allowed.iter_mut().enumerate().take(n).skip(1) {
        let prev = p.pieces[i - 1].ch;
        if matches!(prev, '“' | '《' | '‘' | '（') {
            depth += 1;
        }
        if matches!(prev, '”' | '》' | '’' | '）') {
            depth -= 1;
        }
        *ok = p.junctions[i].breakable && depth <= 0;
    }
    // Prefix sums: pieces[..i] widths and the natural junctions before pieces 1..i.
    let mut piece_sum = vec![0.0f64; n + 1];
    let mut junction_sum = vec![0.0f64; n + 1];
    for i in 0..n {
        piece_sum[i + 1] = piece_sum[i] + f64::from(p.pieces[i].width);
        let j = if i > 0 { p.junctions[i].natural } else { 0.0 };
        junction_sum[i + 1] = junction_sum[i] + f64::from(j);
    }
    let width = |a: usize, b: usize| -> f32 {
        let w = piece_sum[b] - piece_sum[a] + junction_sum[b] - junction_sum[a + 1];
        w as f32 - p.pieces[b - 1].end_trim
    };
    let lines_needed = (total / measure).ceil().max(2.0) as usize;
    // A few more lines than the least are plenty: past that no break is allowed and
    // the title is set as one line (and reported as too wide).
    for k in lines_needed..=n.min(lines_needed + 4) {
        // DP: exactly k lines, minimise the sum of squared widths (= most even), each ≤ measure.
        let inf = f32::INFINITY;
        let mut cost = vec![vec![inf; n + 1]; k + 1];
        let mut back = vec![vec![usize::MAX; n + 1]; k + 1];
        cost[0][0] = 0.0;
        for lines in 1..=k {
            for b in 1..=n {
                if b < n && !allowed[b] {
                    continue;
                }
                // Lines start at most about a measure back (widths grow leftwards,
                // but for the odd negative junction: stop well past the measure).
                for a in (0..b).rev() {
                    let w = width(a, b);
                    if w > measure + 0.01 {
                        if w > 1.5 * measure {
                            break;
                        }
                        continue;
                    }
                    if cost[lines - 1][a] == inf || (a > 0 && !allowed[a]) {
                        continue;
                    }
                    let c = cost[lines - 1][a] + w * w;
                    if c < cost[lines][b] {
                        cost[lines][b] = c;
                        back[lines][b] = a;
                    }
                }
            }
        }
        if cost[k][n] < inf {
            let mut out = Vec::new();
            let mut b = n;
            for lines in (1..=k).rev() {
                let a = back[lines][b];
                out.push((a, b));
                b = a;
            }
            out.reverse();
            return out;
        }
    }
    vec![(0, n)]
}

/// An article: title (with the blank slot above), subtitle, blocks and attribution.
pub fn article(ctx: &mut Ctx, a: &Article, index: usize, after_heading: bool) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let measure = s.text_width();
    let source = Source::Article(index);
    let title_place = format!("文章“{}”的标题", a.title.replace('\n', ""));
    let mut out: Vec<FlowLine> = Vec::new();

    // Title: centred, balanced, never justified.
    let ts = ctx.text_style(Role::Title, s.title_size);
    let mut title_lines: Vec<Vec<GlyphRun>> = Vec::new();
    for forced in a.title_lines() {
        let p = ctx.prepare(forced, &ts, source, &title_place);
        for (start, end) in balanced_title_lines(&p, measure) {
            let w = {
                let set = compose(&p, start, end, measure, false);
                let runs = ctx.runs(
                    &p,
                    start,
                    &set.glyph_x,
                    0.0,
                    &ts,
                    Tag::new(Ink::BLACK, source, LineKind::Title),
                );
                (runs, set.end_x)
            };
            let (mut runs, width) = w;
            shift(&mut runs, (measure - width) / 2.0, 0.0);
            title_lines.push(runs);
        }
    }
    let space = s.title_space_slots;
    for (i, mut runs) in title_lines.into_iter().enumerate() {
        let first = i == 0;
        let slots = if first { space + 1 } else { 1 };
        let top = if first { space as f32 * pitch } else { 0.0 };
        shift(&mut runs, 0.0, top + Ctx::baseline(pitch, s.title_size));
        out.push(FlowLine {
            slots,
            runs,
            rules: Vec::new(),
            break_before: first && !after_heading,
            kind: LineKind::Title,
            source,
            variant: Variant::Always,
            space_above: if first { space } else { 0 },
        });
    }

    if let Some(sub) = a.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
        let (mut runs, w) = ctx.single(
            sub.trim(),
            Role::Kai,
            s.subtitle_size,
            Tag::new(Ink::BLACK, source, LineKind::Subtitle),
            &format!("{title_place}下的副题"),
        );
        shift(
            &mut runs,
            (measure - w) / 2.0,
            Ctx::baseline(pitch, s.subtitle_size),
        );
        out.push(slot_line(runs, LineKind::Subtitle, source, false));
    }

    // Keep the heading chain with at least two lines of what follows.
    let mut keep_following = 2usize;
    let body_ts = ctx.text_style(Role::Body, s.body_size);
    let indent = s.indent_chars * s.char_pitch();
    for (bi, block) in a.blocks.iter().enumerate() {
        let place = format!("文章“{}”第{}段", a.title.replace('\n', ""), bi + 1);
        match block {
            Block::Paragraph { text } | Block::ListIntro { text } => {
                let is_intro = matches!(block, Block::ListIntro { .. });
                let mut p = ctx.prepare(text.trim(), &body_ts, source, &place);
                // The best-looking breaks and the fewest lines, planned in one pass.
                let mut plans = Some(plan_breaks(&p, measure, indent, [true, true]));
                let mut loose = plans
                    .as_ref()
                    .and_then(|plans| plans.breaking(&p, Tightness::Best))
                    .unwrap_or_default();
                if loose.overfull {
                    // A word or number longer than the measure: split it rather than
                    // run off the page, and say so.
                    let split = p.emergency();
                    let again = break_paragraph(&split, measure, indent, Tightness::Best);
                    if !again.overfull {
                        p = split;
                        loose = again;
                        plans = None;
                    }
                    ctx.warnings.push(Warning {
                        code: "overlong-word",
                        zh: format!("{place}：有一个词或数字比一行还长，已在词中断开"),
                        en: format!(
                            "{place}: a word or number is longer than a line; it was split"
                        ),
                        source,
                        page: None,
                    });
                }
                if loose.lone_last {
                    ctx.warnings.push(Warning {
                        code: "lone-character",
                        zh: format!("{place}：末行只剩一个字，无法避免"),
                        en: format!("{place}: the last line holds a single character and no better break exists"),
                        source,
                        page: None,
                    });
                }
                // The same paragraph in the fewest lines, kept as an alternative for
                // fitting the issue (§4.4) when it saves a line within the rules: by
                // re-breaking alone, or else with a touch of tracking (§4.2).
                let tracking = s.fit_tracking_em * s.body_size;
                let tight = tighter(&p, &loose, plans.as_ref(), measure, indent, tracking);
                let keep_before = keep_following;
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
                for (broken, variant) in &settings {
                    let lines = paragraph_lines(ctx, &p, broken, &body_ts, source, is_intro);
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
                        line.variant = *variant;
                        out.push(line);
                    }
                }
                // A list intro stays with what follows it.
                if is_intro {
                    keep_following = keep_following.max(1);
                }
            }
            Block::AwardList { categories } => {
                let lines = award_list(ctx, categories, source, &place);
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
        attribution(ctx, attr, &mut out, source, &title_place);
    }
    out
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

/// The byline or source note (§3.6): inline on the last line when it fits, else its own line.
fn attribution(
    ctx: &mut Ctx,
    attr: &Attribution,
    out: &mut Vec<FlowLine>,
    source: Source,
    place: &str,
) {
    let s = ctx.style;
    let measure = s.text_width();
    let pitch = s.line_pitch();
    let (mut runs, w) = ctx.single(
        &attr.printed(),
        Role::Kai,
        s.byline_size,
        Tag::new(Ink::BLACK, source, LineKind::Byline),
        &format!("{place}的署名"),
    );
    if runs.is_empty() {
        return;
    }
    let gap = s.byline_min_gap_em * s.byline_size;
    let inline_wanted = match attr.placement {
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
        if inline_wanted && end + gap + w <= measure + 0.01 {
            let y = last
                .runs
                .first()
                .map_or(Ctx::baseline(pitch, s.byline_size), |r| r.y);
            let mut inline = runs.clone();
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
    shift(&mut runs, measure - w, Ctx::baseline(pitch, s.byline_size));
    for variant in failed {
        out.push(FlowLine {
            slots: 1,
            runs: runs.clone(),
            rules: Vec::new(),
            break_before: false,
            kind: LineKind::Byline,
            source,
            variant,
            space_above: 0,
        });
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

/// An award list (§3.7): category headings in 黑体 and rows in aligned columns.
fn award_list(
    ctx: &mut Ctx,
    categories: &[AwardCategory],
    source: Source,
    place: &str,
) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let em = s.char_pitch();
    let measure = s.text_width();
    let body = s.body_size;
    let indent = s.list_indent_em * em;
    let org_x = indent + (s.list_name_box_em + s.list_gap_em) * em;
    // Widest organisation of person rows decides the award column.
    let mut widest_org = 0.0f32;
    for c in categories {
        for r in &c.rows {
            if let AwardRow::Person { org, .. } = r {
                let (_, w) = ctx.single(
                    org,
                    Role::Body,
                    body,
                    Tag::new(Ink::BLACK, source, LineKind::ListRow),
                    place,
                );
                widest_org = widest_org.max(w);
            }
        }
    }
    let award_x = (org_x + widest_org + s.list_gap_em * em).min(measure - 3.0 * em);
    let y = Ctx::baseline(pitch, body);
    let mut out = Vec::new();
    for (ci, c) in categories.iter().enumerate() {
        let (mut runs, _) = ctx.single(
            &format!("{}、{}", chinese_number(ci + 1), c.name),
            Role::Hei,
            s.list_category_size,
            Tag::new(Ink::BLACK, source, LineKind::ListCategory),
            place,
        );
        shift(
            &mut runs,
            indent,
            Ctx::baseline(pitch, s.list_category_size),
        );
        out.push(FlowLine {
            slots: 1,
            runs,
            rules: Vec::new(),
            break_before: true,
            kind: LineKind::ListCategory,
            source,
            variant: Variant::Always,
            space_above: 0,
        });
        for (ri, row) in c.rows.iter().enumerate() {
            let mut runs = Vec::new();
            match row {
                AwardRow::Person { name, org, award } => {
                    let name = name.trim();
                    let chars: Vec<char> = name.chars().collect();
                    let mut next_x = org_x;
                    if chars.len() == 2 {
                        // 均排: a two-character name spreads over the 3-em name box.
                        for (k, ch) in chars.iter().enumerate() {
                            let (mut r, _) = ctx.single(
                                &ch.to_string(),
                                Role::Body,
                                body,
                                Tag::new(Ink::BLACK, source, LineKind::ListRow),
                                place,
                            );
                            let x = indent + k as f32 * (s.list_name_box_em - 1.0) * em;
                            shift(&mut r, x, y);
                            runs.extend(r);
                        }
                    } else {
                        let (mut r, w) = ctx.single(
                            name,
                            Role::Body,
                            body,
                            Tag::new(Ink::BLACK, source, LineKind::ListRow),
                            place,
                        );
                        shift(&mut r, indent, y);
                        runs.extend(r);
                        next_x = next_x.max(indent + w + s.list_gap_em * em);
                    }
                    let (mut r, ow) = ctx.single(
                        org,
                        Role::Body,
                        body,
                        Tag::new(Ink::BLACK, source, LineKind::ListRow),
                        place,
                    );
                    shift(&mut r, next_x, y);
                    runs.extend(r);
                    let ax = award_x.max(next_x + ow + s.list_gap_em * em);
                    let (mut r, _) = ctx.single(
                        award,
                        Role::Body,
                        body,
                        Tag::new(Ink::BLACK, source, LineKind::ListRow),
                        place,
                    );
                    shift(&mut r, ax, y);
                    runs.extend(r);
                }
                AwardRow::Org { org } => {
                    let (mut r, _) = ctx.single(
                        org,
                        Role::Body,
                        body,
                        Tag::new(Ink::BLACK, source, LineKind::ListRow),
                        place,
                    );
                    shift(&mut r, indent, y);
                    runs.extend(r);
                }
            }
            // A category heading keeps at least two rows; the last row is not left alone.
            let ok = ri >= 2;
            out.push(FlowLine {
                slots: 1,
                runs,
                rules: Vec::new(),
                break_before: ok,
                kind: LineKind::ListRow,
                source,
                variant: Variant::Always,
                space_above: 0,
            });
        }
    }
    out
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

    // Labelled lines in the style's order; labels the style does not name keep their place after.
    let mut ordered: Vec<&crate::model::RecipientLine> = Vec::new();
    for label in &s.distribution_order {
        ordered.extend(d.lines.iter().filter(|l| &l.label == label));
    }
    ordered.extend(
        d.lines
            .iter()
            .filter(|l| !s.distribution_order.contains(&l.label)),
    );

    let mut lines: Vec<(Vec<GlyphRun>, bool)> = Vec::new(); // (runs, starts a labelled line)
    let mut labelled: Vec<(String, Vec<Vec<String>>)> = ordered
        .iter()
        .filter(|l| l.groups.iter().any(|g| !g.is_empty()))
        .map(|l| {
            let groups = l.groups.iter().map(|g| g.names.clone()).collect();
            (l.label.clone(), groups)
        })
        .collect();
    if !d.extra.is_empty() {
        labelled.push(("本期增发".to_string(), vec![d.extra.clone()]));
    }
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
        let hang = label_x + lw;
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
                let (mut r, w) = ctx.single(
                    &text,
                    Role::Body,
                    size,
                    Tag::new(Ink::BLACK, source, LineKind::Distribution),
                    "版记",
                );
                // Break only between recipients; a trailing 、 may hang into the right inset.
                let trail = if text.ends_with('、') { em / 2.0 } else { 0.0 };
                if x > hang + 0.01 && x + w - trail > right + 0.01 {
                    lines.push((std::mem::take(&mut current), first_line));
                    first_line = false;
                    x = hang;
                }
                shift(&mut r, x, y);
                current.extend(r);
                x += w;
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
        let lines = balanced_title_lines(&p, style.text_width());
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
