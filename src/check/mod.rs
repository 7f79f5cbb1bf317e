//! Proofreading (house-format.md §5.6–§5.8): usage checks on the issue's text that a
//! careful editor does by eye — half-width punctuation in Chinese text, straight quotes,
//! unbalanced brackets, doubled characters, `——` for a range, ordinal punctuation,
//! full-width digits, zero-padded dates, spaces between Han characters, award-list
//! tallies that disagree with the article's own counts, empty sections and articles
//! without a byline.
//!
//! Checks only report. A finding may carry a fix the editor applies on the user's click
//! (only where the fix cannot change meaning); nothing is rewritten here.

#[cfg(test)]
mod corpus;
mod fixes;
mod masthead;
mod tallies;
#[cfg(test)]
mod tests;
mod usage;
mod words;

pub use fixes::{apply, verify, ApplyError};
use masthead::masthead;
use tallies::award_tallies;
use usage::check_text;

use crate::model::{Article, Block, Date, Issue};

/// Where a finding is: the article (print order), the block and the character offset
/// in that block's text; `None` for the title or for the article as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub article: Option<usize>,
    pub section: Option<usize>,
    pub block: Option<usize>,
    /// Character (not byte) offset in the text.
    pub offset: Option<usize>,
}

/// A replacement the user can apply with one click: `len` chars at the finding's offset
/// of the block's text become `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub len: usize,
    pub to: String,
    /// Fingerprint of the whole text the finding was made on: the editor proofreads on
    /// a worker, so by the click the text may have changed and the offset point
    /// elsewhere; [`apply`] refuses then.
    pub seen: u64,
}

/// A deterministic fingerprint of a text (FNV-1a), the same in every run.
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One proofreading finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, e.g. `halfwidth-punct`.
    pub code: &'static str,
    /// Message in Chinese for the editor.
    pub zh: String,
    pub place: Place,
    pub fix: Option<Fix>,
}

/// Checks the whole issue (the masthead's date against today's local date).
pub fn proofread(issue: &Issue) -> Vec<Finding> {
    proofread_cached(issue, &mut ProofreadCache::default())
}

/// [`proofread`] with the date taken as today, so results are reproducible.
pub fn proofread_on(issue: &Issue, today: Date) -> Vec<Finding> {
    proofread_cached_on(issue, &mut ProofreadCache::default(), today)
}

/// Each article's findings from the last proofreading: the editor proofreads the whole
/// issue after every keystroke, and a long issue's text takes longer to check than to
/// lay out again; an article's findings depend only on it and its position.
#[derive(Default)]
pub struct ProofreadCache {
    articles: Vec<Option<(Article, Vec<Finding>)>>,
}

/// [`proofread`], checking again only the articles that changed since the last call
/// with `cache`; the result is the same.
pub fn proofread_cached(issue: &Issue, cache: &mut ProofreadCache) -> Vec<Finding> {
    proofread_cached_on(issue, cache, Date::today())
}

/// [`proofread_cached`] with the date taken as today.
pub fn proofread_cached_on(issue: &Issue, cache: &mut ProofreadCache, today: Date) -> Vec<Finding> {
    let mut out = masthead(&issue.meta, today);
    for (s, section) in issue.sections.iter().enumerate() {
        if section.articles.is_empty() {
            out.push(Finding {
                code: "empty-section",
                zh: format!("栏目【{}】没有文章", section.label),
                place: Place {
                    article: None,
                    section: Some(s),
                    block: None,
                    offset: None,
                },
                fix: None,
            });
        }
    }
    let mut count = 0;
    for (n, article) in issue.articles().enumerate() {
        count = n + 1;
        if cache.articles.len() <= n {
            cache.articles.resize_with(n + 1, || None);
        }
        match &cache.articles[n] {
            Some((kept, findings)) if kept == article => out.extend(findings.iter().cloned()),
            _ => {
                let mut findings = Vec::new();
                check_article(article, n, &mut findings);
                out.extend(findings.iter().cloned());
                cache.articles[n] = Some((article.clone(), findings));
            }
        }
    }
    cache.articles.truncate(count);
    out
}

/// Every check on one article; `n` is its place in print order.
fn check_article(a: &Article, n: usize, out: &mut Vec<Finding>) {
    let title = a.title.replace('\n', "");
    let at = |block: Option<usize>, offset: Option<usize>| Place {
        article: Some(n),
        section: None,
        block,
        offset,
    };
    check_text(&a.title, &title, "标题", at(None, None), out);
    if let Some(sub) = &a.subtitle {
        check_text(sub, &title, "副题", at(None, None), out);
    }
    for (b, block) in a.blocks.iter().enumerate() {
        if let Block::Paragraph { text } | Block::ListIntro { text } = block {
            check_text(
                text,
                &title,
                &format!("第{}段", b + 1),
                at(Some(b), None),
                out,
            );
        }
    }
    let has_prose = a
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { .. }));
    if a.attribution.is_none() && has_prose {
        out.push(Finding {
            code: "no-attribution",
            zh: format!("文章“{title}”没有署名（作者或来源）"),
            place: at(None, None),
            fix: None,
        });
    }
    award_tallies(a, &title, n, out);
}
