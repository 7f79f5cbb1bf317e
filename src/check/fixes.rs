//! Applying a finding's fix on the user's click, and refusing it when the text has
//! changed since the finding was made: the only place proofreading writes to the issue.

use super::{fingerprint, Finding};
use crate::model::{Block, Issue};

/// Why a finding's fix was not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyError {
    /// The finding carries no fix, or names no paragraph (a title's finding).
    NoFix,
    /// The article or paragraph the finding named is no longer there.
    Gone,
    /// The paragraph's text has changed since the finding was made: the fix could land
    /// on the wrong characters.
    Changed,
}

impl ApplyError {
    /// The reason in Chinese, for the editor's status line.
    pub fn chinese(self) -> &'static str {
        match self {
            ApplyError::NoFix => "这条提示没有可以自动修正的内容",
            ApplyError::Gone => "这条提示所指的段落已不存在，校对提示已重新计算",
            ApplyError::Changed => "这一段在提示之后已经改动过，未修正；校对提示已重新计算",
        }
    }
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApplyError::NoFix => "the finding has no fix for a paragraph",
            ApplyError::Gone => "the paragraph the finding named is gone",
            ApplyError::Changed => "the paragraph changed since the finding was made",
        })
    }
}

impl std::error::Error for ApplyError {}

/// Whether `finding`'s fix still applies to `issue`: the paragraph it names exists and
/// its text is exactly what the finding saw. [`apply`] checks the same.
pub fn verify(issue: &Issue, finding: &Finding) -> Result<(), ApplyError> {
    let (Some(fix), Some(n), Some(b), Some(offset)) = (
        &finding.fix,
        finding.place.article,
        finding.place.block,
        finding.place.offset,
    ) else {
        return Err(ApplyError::NoFix);
    };
    let a = issue.articles().nth(n).ok_or(ApplyError::Gone)?;
    let Some(Block::Paragraph { text } | Block::ListIntro { text }) = a.blocks.get(b) else {
        return Err(ApplyError::Gone);
    };
    if fingerprint(text) != fix.seen || offset + fix.len > text.chars().count() {
        return Err(ApplyError::Changed);
    }
    Ok(())
}

/// Applies a finding's fix to the issue (the editor calls this on the user's click),
/// only if the paragraph is still exactly as the finding saw it (see [`verify`]);
/// otherwise nothing changes and the error says why.
pub fn apply(issue: &mut Issue, finding: &Finding) -> Result<(), ApplyError> {
    verify(issue, finding)?;
    let (Some(fix), Some(n), Some(b), Some(offset)) = (
        &finding.fix,
        finding.place.article,
        finding.place.block,
        finding.place.offset,
    ) else {
        return Err(ApplyError::NoFix);
    };
    let target = issue
        .front
        .iter_mut()
        .chain(
            issue
                .sections
                .iter_mut()
                .flat_map(|s| s.articles.iter_mut()),
        )
        .nth(n);
    let Some(a) = target else {
        return Err(ApplyError::Gone);
    };
    let Some(Block::Paragraph { text } | Block::ListIntro { text }) = a.blocks.get_mut(b) else {
        return Err(ApplyError::Gone);
    };
    let chars: Vec<char> = text.chars().collect();
    let mut new: String = chars[..offset].iter().collect();
    new.push_str(&fix.to);
    new.extend(&chars[offset + fix.len..]);
    *text = new;
    Ok(())
}
