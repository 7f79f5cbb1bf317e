//! Layout: issue + house style + fonts → pages (a display list).
//!
//! Stages, one file each: `cjk` (character classes) → `text` (pieces, widths, break
//! rules) → `linebreak` (total-fit breaking and justification) → `flow` (elements as
//! grid lines with keep rules) → pagination here, which puts flow lines into page slots,
//! pins the distribution block to the foot of the last page and adds page numbers.
//! Layout knows nothing about egui or printpdf.

pub mod awards;
pub mod cjk;
pub mod display;
pub mod flow;
pub mod linebreak;
pub mod pages;
pub mod paginate;
pub mod text;
pub mod wrap;

#[cfg(test)]
mod extreme_tests;
#[cfg(test)]
mod rules_tests;

use crate::fonts::FontBook;
use crate::model::{Article, Issue};
use crate::style::{mm, Ink, Style};
use flow::{shift, Candidate, Ctx, FlowLine, Role, Tag, Variant};
pub use pages::{GlyphRun, Item, LineKind, Page, Pages, PlacedGlyph, Rule, Source, Warning};
use paginate::Placed;

/// Lays out a whole issue.
pub fn layout(issue: &Issue, style: &Style, book: &FontBook) -> Pages {
    layout_cached(issue, style, book, &mut LayoutCache::default())
}

/// The flow lines of each article from the last layout, so that laying out again after
/// an edit sets only the articles that changed (the editor re-lays out on every
/// keystroke; line breaking is most of the work).
#[derive(Default)]
pub struct LayoutCache {
    /// The style and font book the entries were set with; anything else empties it.
    setting: Option<(Style, u64)>,
    /// By article position in print order.
    articles: Vec<Option<CachedArticle>>,
    /// The last pagination, so that the next starts where the flow changed.
    pagination: paginate::Memo,
}

struct CachedArticle {
    article: Article,
    after_heading: bool,
    lines: Vec<FlowLine>,
    /// Numbered from 0 within the article.
    candidates: Vec<Candidate>,
    warnings: Vec<Warning>,
}

impl LayoutCache {
    /// How many articles are kept (for tests and measurements).
    pub fn len(&self) -> usize {
        self.articles.iter().flatten().count()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Sets articles (position, article, whether a section heading is right above it),
/// on every core when there are many: articles are set independently of each other.
fn set_articles(
    articles: &[(usize, &Article, bool)],
    style: &Style,
    book: &FontBook,
) -> Vec<(usize, CachedArticle)> {
    let set = |part: &[(usize, &Article, bool)]| -> Vec<(usize, CachedArticle)> {
        part.iter()
            .map(|&(index, a, after_heading)| {
                let mut local = Ctx::new(style, book);
                let lines = flow::article(&mut local, a, index, after_heading);
                let entry = CachedArticle {
                    article: a.clone(),
                    after_heading,
                    lines,
                    candidates: local.candidates,
                    warnings: local.warnings,
                };
                (index, entry)
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    // Below this many articles a thread costs more than it saves.
    if threads < 2 || articles.len() < 16 {
        return set(articles);
    }
    let chunk = articles.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut parts = articles.chunks(chunk);
        let first = parts.next().unwrap_or(&[]);
        let handles: Vec<_> = parts.map(|part| scope.spawn(move || set(part))).collect();
        let mut out = set(first);
        for h in handles {
            match h.join() {
                Ok(mut more) => out.append(&mut more),
                // A panic while setting is a layout bug: pass it on as if set here.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// A stretch of the flow: a section heading set now, or a cached article.
enum Part {
    Heading(Vec<FlowLine>, Vec<Warning>),
    Article(usize),
}

/// Lays out a whole issue, reusing the articles in `cache` that have not changed since
/// the last call with the same style and fonts; the result is the same as [`layout`].
pub fn layout_cached(
    issue: &Issue,
    style: &Style,
    book: &FontBook,
    cache: &mut LayoutCache,
) -> Pages {
    let setting = (style.clone(), book.id());
    if cache.setting.as_ref() != Some(&setting) {
        cache.articles.clear();
        cache.pagination = paginate::Memo::default();
        cache.setting = Some(setting);
    }
    let mut ctx = Ctx::new(style, book);
    for (zh, en) in style.findings() {
        ctx.warnings.push(Warning {
            code: "style-clash",
            zh,
            en,
            source: Source::Style,
            page: None,
        });
    }

    // 1. The flow of grid lines, in print order; unchanged articles come from the cache.
    let mut parts: Vec<Part> = Vec::new();
    let mut misses: Vec<(usize, &Article, bool)> = Vec::new();
    let mut want_article = |a: &'_ Article, index: usize, after_heading: bool| -> bool {
        if cache.articles.len() <= index {
            cache.articles.resize_with(index + 1, || None);
        }
        cache.articles[index]
            .as_ref()
            .is_some_and(|c| c.after_heading == after_heading && c.article == *a)
    };
    let mut article_index = 0usize;
    for a in &issue.front {
        if !want_article(a, article_index, false) {
            misses.push((article_index, a, false));
        }
        parts.push(Part::Article(article_index));
        article_index += 1;
    }
    for (si, section) in issue.sections.iter().enumerate() {
        let mut after_heading = false;
        if !section.label.trim().is_empty() {
            let mut local = Ctx::new(style, book);
            let lines = flow::section_heading(&mut local, section.label.trim(), si);
            parts.push(Part::Heading(lines, local.warnings));
            after_heading = true;
        }
        for a in &section.articles {
            if !want_article(a, article_index, after_heading) {
                misses.push((article_index, a, after_heading));
            }
            parts.push(Part::Article(article_index));
            after_heading = false;
            article_index += 1;
        }
    }
    cache.articles.truncate(article_index);
    for (index, entry) in set_articles(&misses, style, book) {
        cache.articles[index] = Some(entry);
    }
    let block = flow::distribution(&mut ctx, &issue.distribution);

    // The flow as references into the parts and the cache, with candidate numbers
    // counted over the whole issue.
    let mut flow: Vec<&FlowLine> = Vec::new();
    let mut slotted: Vec<paginate::Slotted> = Vec::new();
    for part in &parts {
        let (lines, offset) = match part {
            Part::Heading(lines, warnings) => {
                ctx.warnings.extend(warnings.iter().cloned());
                (lines, 0)
            }
            Part::Article(k) => {
                let Some(c) = cache.articles[*k].as_ref() else {
                    continue;
                };
                ctx.warnings.extend(c.warnings.iter().cloned());
                let offset = ctx.candidates.len();
                ctx.candidates.extend(c.candidates.iter().cloned());
                (&c.lines, offset)
            }
        };
        for line in lines {
            let mut s = paginate::Slotted::from(line);
            s.variant = match s.variant {
                Variant::Always => Variant::Always,
                Variant::Loose(n) => Variant::Loose(n + offset),
                Variant::Tight(n) => Variant::Tight(n + offset),
            };
            flow.push(line);
            slotted.push(s);
        }
    }

    // 2. Choose which paragraphs to tighten (usually none), then put lines into slots.
    let arranged = paginate::paginate_again(
        &slotted,
        &ctx.candidates,
        block.len() as u32,
        style,
        &mut cache.pagination,
    );
    if let Some(e) = &arranged.error {
        ctx.warnings.push(Warning {
            code: "pagination-error",
            zh: format!("分页出错（程序缺陷：{e}），各行已按顺序排入页面，未按分页规则；请报告此问题"),
            en: format!("{e} (a bug): the lines were set page after page without the pagination rules; please report it"),
            source: Source::Masthead,
            page: None,
        });
    }
    let body_lines = arranged
        .active
        .iter()
        .filter(|&&i| matches!(flow[i].kind, LineKind::Body | LineKind::BodyLast))
        .count();
    let placed = arranged.placed;
    let tightened: Vec<(String, Source)> = ctx
        .candidates
        .iter()
        .zip(&arranged.tightened)
        .filter(|(_, &t)| t)
        .map(|(c, _)| (c.place.clone(), c.source))
        .collect();
    let new_page = |number: usize| {
        let left = style.text_left(number);
        Page {
            number,
            width: style.page_width(),
            height: style.page_height(),
            text_block: [
                left,
                style.text_top(),
                style.text_width(),
                style.text_height(),
            ],
            items: Vec::new(),
            used_slots: 0,
        }
    };
    let mut pages: Vec<Page> = Vec::new();
    for (page_no, lines) in placed.iter().enumerate() {
        let mut page = new_page(page_no + 1);
        page.used_slots = if page_no == 0 {
            style.masthead_slots
        } else {
            0
        };
        for line in lines {
            put(&mut page, flow[line.index], line.slot, line.trimmed, style);
            page.used_slots = page.used_slots.max(line.end(&slotted));
        }
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(new_page(1));
    }

    // 3. The distribution block at the foot of the last page, or alone on a new page.
    let cap = style.lines_per_page.max(1);
    if block.len() as u32 > cap {
        // Taller than a page: it cannot stand at a foot; it fills pages of its own.
        let first = pages.len() + 1;
        for chunk in block.chunks(cap as usize) {
            let mut page = new_page(pages.len() + 1);
            for (i, line) in chunk.iter().enumerate() {
                put(&mut page, line, i as u32, 0, style);
            }
            page.used_slots = chunk.len() as u32;
            pages.push(page);
        }
        ctx.warnings.push(Warning {
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
        if !arranged.block_fits {
            let number = pages.len() + 1;
            pages.push(new_page(number));
            ctx.warnings.push(Warning {
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

    // 4. Masthead on page 1, page numbers everywhere.
    if let Some(first) = pages.first_mut() {
        masthead(&mut ctx, issue, first);
    }
    let count = pages.len();
    for page in &mut pages {
        if style.page_number_skip_first && page.number == 1 {
            continue;
        }
        page_number(&mut ctx, page, count);
    }

    let mut warnings = ctx.warnings;
    warnings.extend(placement_warnings(&flow, &placed));
    warnings.extend(overflow_warnings(&pages, issue));
    Pages {
        pages,
        warnings,
        body_lines,
        tightened,
    }
}

/// Text set beyond the right edge of the text block. Every element wraps within the
/// measure, so this is a last safety net (a single glyph wider than a line, a style
/// with an absurd measure); it names the element and its article. One warning per
/// element; the masthead reports its own.
fn overflow_warnings(pages: &[Page], issue: &Issue) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    let titles: Vec<&str> = issue.articles().map(|a| a.title.as_str()).collect();
    for page in pages {
        let right = page.text_block[0] + page.text_block[2];
        for run in page.runs() {
            if run.source == Source::Masthead || out.iter().any(|w| w.source == run.source) {
                continue;
            }
            // A glyph that starts past the edge (a line-end mark squeezed to half a
            // cell legitimately starts half a cell before it).
            if run.glyphs.iter().any(|g| g.x > right + 0.1) {
                let (zh_kind, en_kind) = element_names(run.line);
                let (zh, en) = match run.source {
                    Source::Article(i) => {
                        let t = display::short_title(titles.get(i).copied().unwrap_or(""));
                        (
                            format!("文章“{t}”的{zh_kind}"),
                            format!("the {en_kind} of article “{t}”"),
                        )
                    }
                    Source::Section(i) => {
                        let label = issue.sections.get(i).map_or("", |s| s.label.trim());
                        (
                            format!("栏目“{}”", display::short_title(label)),
                            format!("the section label “{}”", display::short_title(label)),
                        )
                    }
                    _ => (zh_kind.to_string(), format!("the {en_kind}")),
                };
                out.push(Warning {
                    code: "text-overflow",
                    zh: format!("第{}页：{zh}超出版心右边，请缩短或分行", page.number),
                    en: format!(
                        "page {}: {en} runs past the right edge of the text block",
                        page.number
                    ),
                    source: run.source,
                    page: Some(page.number),
                });
            }
        }
    }
    out
}

/// What a kind of line is called in warnings (Chinese, English).
fn element_names(kind: LineKind) -> (&'static str, &'static str) {
    match kind {
        LineKind::Title => ("标题", "title"),
        LineKind::Subtitle => ("副题", "subtitle"),
        LineKind::SectionHeading => ("栏目名", "section label"),
        LineKind::Body | LineKind::BodyLast => ("正文", "text"),
        LineKind::Byline => ("署名", "byline"),
        LineKind::ListIntro => ("名单引语", "list intro"),
        LineKind::ListCategory => ("名单类别", "list category"),
        LineKind::ListRow => ("获奖名单", "award list"),
        LineKind::Distribution => ("版记", "distribution block"),
        LineKind::PageNumber => ("页码", "page number"),
        LineKind::Masthead => ("报头", "masthead"),
    }
}

/// Moves a flow line onto a page at a slot, less the blank slots trimmed from its top.
fn put(page: &mut Page, line: &FlowLine, slot: u32, trimmed: u32, style: &Style) {
    let dx = page.text_block[0];
    let dy = style.text_top() + (slot as f32 - trimmed as f32) * style.line_pitch();
    let mut runs = line.runs.clone();
    shift(&mut runs, dx, dy);
    page.items.extend(runs.into_iter().map(Item::Text));
    page.items.extend(line.rules.iter().map(|r| {
        Item::Rule(Rule {
            x0: r.x0 + dx,
            x1: r.x1 + dx,
            y: r.y + dy,
            ..*r
        })
    }));
}

/// Warnings about the page flow that the editor should know (a page ended at a place
/// the keep rules forbid because nothing else fit).
fn placement_warnings(flow: &[&FlowLine], placed: &[Vec<Placed>]) -> Vec<Warning> {
    let mut out = Vec::new();
    for (p, lines) in placed.iter().enumerate().skip(1) {
        if let Some(&Placed { index: idx, .. }) = lines.first() {
            if !flow[idx].break_before {
                out.push(Warning {
                    code: "forced-page-break",
                    zh: format!(
                        "第{}页：无法满足段落和标题的连排规则，在不宜分页处分页",
                        p + 1
                    ),
                    en: format!(
                        "page {}: the page had to end at a place the keep rules forbid",
                        p + 1
                    ),
                    source: flow[idx].source,
                    page: Some(p + 1),
                });
            }
        }
    }
    out
}

/// The masthead (§3.1): classification mark, red bulletin name, issue line,
/// organisation and date, red rule.
fn masthead(ctx: &mut Ctx, issue: &Issue, page: &mut Page) {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let measure = s.text_width();
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
            s.classification_size,
            Tag::new(Ink::BLACK, src, kind),
            "报头密级标志",
        );
        shift(&mut r, 0.0, Ctx::baseline(pitch, s.classification_size));
        runs.extend(r);
        slot = 1.0;
    }

    // Bulletin name: red, centred over two slots, spread when short, scaled down to fit.
    let name = m.bulletin_name.trim();
    if !name.is_empty() {
        let chars: Vec<char> = name.chars().collect();
        let mut size = s.masthead_name_size;
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

    // Issue line under the name.
    let issue_line = m.issue_line();
    let (mut r, w) = ctx.single(
        &issue_line,
        Role::Kai,
        s.issue_line_size,
        Tag::new(Ink::BLACK, src, kind),
        "报头期号",
    );
    shift(
        &mut r,
        (measure - w) / 2.0,
        (slot + 2.0) * pitch + Ctx::baseline(pitch, s.issue_line_size),
    );
    runs.extend(r);

    // Organisation left, date right, fifth slot.
    let inset = s.org_date_inset_em * s.org_date_size;
    let org_y = 4.0 * pitch + Ctx::baseline(pitch, s.org_date_size);
    let (mut r, _) = ctx.single(
        m.editor_org.trim(),
        Role::Body,
        s.org_date_size,
        Tag::new(Ink::BLACK, src, kind),
        "报头编发单位",
    );
    shift(&mut r, inset, org_y);
    runs.extend(r);
    let (mut r, w) = ctx.single(
        &m.date.chinese(),
        Role::Body,
        s.org_date_size,
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
        y: top + org_y + mm(s.masthead_rule_gap_mm),
        thickness: s.masthead_rule_pt,
        ink: s.red,
        source: src,
    }));
    page.items.splice(0..0, items);
}

/// `— n —` below the text block, outside edge in duplex (§3.9).
fn page_number(ctx: &mut Ctx, page: &mut Page, _count: usize) {
    let s = ctx.style;
    // `— n —`: em dashes from the Song face, a half-width space each side of the digits.
    let size = s.page_number_size;
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
    let inset = s.page_number_inset_em * s.page_number_size;
    let x = if !s.duplex {
        left + (width - w) / 2.0
    } else if !page.number.is_multiple_of(2) {
        left + width - inset - w
    } else {
        left + inset
    };
    let y = top + height + mm(s.page_number_drop_mm) + 0.88 * s.page_number_size;
    shift(&mut runs, x, y);
    page.items.extend(runs.into_iter().map(Item::Text));
}
