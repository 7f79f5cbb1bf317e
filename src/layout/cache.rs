//! What layout keeps between calls: every article's flow lines, set again only when
//! the article, its place after a section heading, the style or the fonts changed, so
//! re-laying out after a keystroke sets one article, not the issue.

use super::flow::{self, Candidate, Ctx, FlowLine, Variant};
use super::kept_pages::{KeptPages, LineKey};
use super::pages::Warning;
use super::paginate;
use crate::fonts::FontBook;
use crate::model::{Article, Block, Issue, Picture, Pictures};
use crate::style::Style;

/// The flow lines of each article from the last layout, so that laying out again after
/// an edit sets only the articles that changed (the editor re-lays out on every
/// keystroke; line breaking is most of the work).
#[derive(Default)]
pub struct LayoutCache {
    /// The style and font book the entries were set with; anything else empties it.
    setting: Option<(Style, u64)>,
    /// By article position in print order.
    pub(super) articles: Vec<Option<CachedArticle>>,
    /// By section index: the section headings as set last time.
    pub(super) headings: Vec<Option<CachedHeading>>,
    /// The last pagination, so that the next starts where the flow changed.
    pub(super) pagination: paginate::Memo,
    /// The last pagination of the flow with figures moved (see `figure_moves`).
    pub(super) pagination_moved: paginate::Memo,
    /// The finished pages of the last layout, for pages whose lines did not change.
    pub(super) kept: KeptPages,
    /// Numbers each setting of an article or heading, so a page can tell whether its
    /// lines are the very ones it was built from (see [`LineKey`]).
    generations: u64,
}

/// One article as it was set: what it was set from, and the result.
pub(super) struct CachedArticle {
    /// Which setting this is (unique within the cache).
    generation: u64,
    article: Article,
    after_heading: bool,
    /// The pictures its figures show, as they were (bytes present or not).
    pictures: Vec<Picture>,
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

    /// Forgets everything when the style or the fonts differ from the last call's:
    /// every line depends on them.
    pub(super) fn keep_if_same_setting(&mut self, style: &Style, book: &FontBook) {
        let setting = (style.clone(), book.id());
        if self.setting.as_ref() != Some(&setting) {
            self.articles.clear();
            self.headings.clear();
            self.pagination = paginate::Memo::default();
            self.pagination_moved = paginate::Memo::default();
            self.kept = KeptPages::default();
            self.setting = Some(setting);
        }
    }

    /// Whether the article at `index` is kept as set from `a` in the same place.
    fn holds(
        &mut self,
        a: &Article,
        pictures: &Pictures,
        index: usize,
        after_heading: bool,
    ) -> bool {
        if self.articles.len() <= index {
            self.articles.resize_with(index + 1, || None);
        }
        self.articles[index].as_ref().is_some_and(|c| {
            c.after_heading == after_heading
                && c.article == *a
                && c.pictures == shown_pictures(a, pictures)
        })
    }

    /// The issue's stretches of flow in print order: section headings set now, articles
    /// set only where the cache does not hold them already.
    pub(super) fn set_issue(&mut self, issue: &Issue, style: &Style, book: &FontBook) -> Vec<Part> {
        let mut parts: Vec<Part> = Vec::new();
        let mut misses: Vec<(usize, &Article, bool)> = Vec::new();
        let mut article_index = 0usize;
        for a in &issue.front {
            if !self.holds(a, &issue.pictures, article_index, false) {
                misses.push((article_index, a, false));
            }
            parts.push(Part::Article(article_index));
            article_index += 1;
        }
        for (si, section) in issue.sections.iter().enumerate() {
            let mut after_heading = false;
            if !section.label.trim().is_empty() {
                self.set_heading(si, section.label.trim(), style, book);
                parts.push(Part::Heading(si));
                after_heading = true;
            }
            for a in &section.articles {
                if !self.holds(a, &issue.pictures, article_index, after_heading) {
                    misses.push((article_index, a, after_heading));
                }
                parts.push(Part::Article(article_index));
                after_heading = false;
                article_index += 1;
            }
        }
        self.articles.truncate(article_index);
        self.headings.truncate(issue.sections.len());
        for (index, mut entry) in set_articles(&misses, &issue.pictures, style, book) {
            entry.generation = self.next_generation();
            self.articles[index] = Some(entry);
        }
        parts
    }
}

impl LayoutCache {
    fn next_generation(&mut self) -> u64 {
        self.generations += 1;
        self.generations
    }

    /// Sets section `si`'s heading unless it is kept with the same label.
    fn set_heading(&mut self, si: usize, label: &str, style: &Style, book: &FontBook) {
        if self.headings.len() <= si {
            self.headings.resize_with(si + 1, || None);
        }
        if self.headings[si].as_ref().is_some_and(|h| h.label == label) {
            return;
        }
        let mut local = Ctx::new(style, book);
        let lines = flow::section_heading(&mut local, label, si);
        self.headings[si] = Some(CachedHeading {
            generation: self.next_generation(),
            label: label.to_string(),
            lines,
            warnings: local.warnings,
        });
    }
}

/// A section heading as it was set (its lines name the section by index).
pub(super) struct CachedHeading {
    generation: u64,
    label: String,
    lines: Vec<FlowLine>,
    warnings: Vec<Warning>,
}

/// A stretch of the flow: a cached section heading or article, by index.
pub(super) enum Part {
    Heading(usize),
    Article(usize),
}

/// The issue's flow in print order.
pub(super) struct IssueFlow<'a> {
    /// References into the cache.
    pub lines: Vec<&'a FlowLine>,
    /// What pagination reads of each line, candidate numbers counted over the issue.
    pub slotted: Vec<paginate::Slotted>,
    /// Which setting each line comes from, for keeping pages.
    pub keys: Vec<LineKey>,
}

/// The whole issue's flow as references into the cache, with what pagination reads of
/// each line and candidate numbers counted over the whole issue; the parts' warnings
/// and candidates go into `ctx`, in print order.
pub(super) fn issue_flow<'a>(
    parts: &[Part],
    articles: &'a [Option<CachedArticle>],
    headings: &'a [Option<CachedHeading>],
    ctx: &mut Ctx,
) -> IssueFlow<'a> {
    let mut flow: Vec<&FlowLine> = Vec::new();
    let mut slotted: Vec<paginate::Slotted> = Vec::new();
    let mut keys: Vec<LineKey> = Vec::new();
    for part in parts {
        let (lines, offset, generation) = match part {
            Part::Heading(si) => {
                let Some(h) = headings.get(*si).and_then(Option::as_ref) else {
                    continue;
                };
                ctx.warnings.extend(h.warnings.iter().cloned());
                (&h.lines, 0, h.generation)
            }
            Part::Article(k) => {
                let Some(c) = articles.get(*k).and_then(Option::as_ref) else {
                    continue;
                };
                ctx.warnings.extend(c.warnings.iter().cloned());
                let offset = ctx.candidates.len();
                ctx.candidates.extend(c.candidates.iter().cloned());
                (&c.lines, offset, c.generation)
            }
        };
        keys.extend((0..lines.len()).map(|i| LineKey::new(generation, i)));
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
    IssueFlow {
        lines: flow,
        slotted,
        keys,
    }
}

/// Sets articles (position, article, whether a section heading is right above it),
/// on every core when there are many: articles are set independently of each other.
fn set_articles(
    articles: &[(usize, &Article, bool)],
    pictures: &Pictures,
    style: &Style,
    book: &FontBook,
) -> Vec<(usize, CachedArticle)> {
    let set = |part: &[(usize, &Article, bool)]| -> Vec<(usize, CachedArticle)> {
        part.iter()
            .map(|&(index, a, after_heading)| {
                let mut local = Ctx::new(style, book);
                let lines = flow::article(&mut local, a, pictures, index, after_heading);
                let entry = CachedArticle {
                    generation: 0,
                    article: a.clone(),
                    after_heading,
                    pictures: shown_pictures(a, pictures),
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

/// The pictures an article's figures show, in order (cheap: the bytes are shared), so
/// an article is set again when one of them changes (its bytes arrive, say).
fn shown_pictures(a: &Article, pictures: &Pictures) -> Vec<Picture> {
    let mut out = Vec::new();
    for b in &a.blocks {
        if let Block::Figure(f) = b {
            out.extend(
                f.pictures()
                    .filter_map(|c| pictures.get(&c.picture).cloned()),
            );
        }
    }
    out
}
