//! The 报/发/送 block that closes an issue (house-format.md §6): where it starts,
//! which lines continue it, and how its recipients are split, so the recogniser's
//! pass only decides what to do with it.

use super::line_shapes::title_shape;
use super::masthead::issue_line;
use crate::import::lines::SourceLine;

/// The label (报, 发, 送, 抄送, 本期增发) a distribution line starts with, and the
/// recipients after its colon.
pub(super) fn distribution_start(line: &str) -> Option<(&str, &str)> {
    for label in ["报", "发", "送", "抄送", "本期增发"] {
        if let Some(rest) = line.strip_prefix(label).and_then(|r| r.strip_prefix('：')) {
            return Some((label, rest));
        }
    }
    None
}

/// Whether a line can continue a distribution block: a line of recipients
/// (山西省通信管理局领导、各中心、各处室) or the print line (…印发, （共印50份）).
fn distribution_continues(line: &SourceLine) -> bool {
    let t = line.text.as_str();
    if t.ends_with("印发") {
        return true;
    }
    if t.starts_with(['（', '(']) && t.contains('印') && t.ends_with(['）', ')']) {
        return true;
    }
    let body = t.strip_suffix('。').unwrap_or(t);
    t.chars().count() <= 80
        && !body.contains(['。', '！', '？', '；', '：', ':'])
        && body.contains(['、', '，'])
}

/// The end of the distribution block starting at line `i` (a 报/发/送 line and the
/// lines continuing it), when it is one: it runs to the end of the text or up to
/// what starts something new (a section, a title). Elsewhere such a line is text
/// that mentions a recipient, and swallows nothing.
pub(super) fn distribution_block(lines: &[SourceLine], i: usize) -> Option<usize> {
    distribution_start(&lines.get(i)?.text)?;
    let mut end = i + 1;
    while end < lines.len()
        && (distribution_start(&lines[end].text).is_some() || distribution_continues(&lines[end]))
    {
        end += 1;
    }
    let fresh = lines.get(end).is_none_or(|next| {
        (next.text.starts_with('【') && next.text.ends_with('】'))
            || title_shape(next, 4.0, 60.0)
            || issue_line(&next.text).is_some()
    });
    fresh.then_some(end)
}

/// The recipients of a distribution line, split at 、 and ，.
pub(super) fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，'])
        .map(|n| n.trim().trim_end_matches('。').to_string())
        .filter(|n| !n.is_empty())
        .collect()
}
