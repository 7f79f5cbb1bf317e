//! 的/地/得 confused: an adverbial before a verb takes 地 (认真地做), a degree
//! complement takes 得 (做得很好); each slip is reported with the particle it should be.

use super::particle_words::{
    ADVERBIALS, DEGREE_VERBS, DEGREE_WORDS, NOMINAL_CONTEXT, NOT_DEGREE_AFTER, NOUNS_FROM_VERBS,
    NOUN_AFTER_VERB, VERBS,
};
use crate::layout::cjk;

/// A 的/地/得 slip: the particle at `at` should be `right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::check) struct ParticleSlip {
    pub at: usize,
    pub wrong: char,
    pub right: char,
}

fn ends_with_at(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && chars[end - n..end].iter().copied().eq(word.chars())
}

fn starts_with_at(chars: &[char], start: usize, word: &str) -> bool {
    let n = word.chars().count();
    start + n <= chars.len() && chars[start..start + n].iter().copied().eq(word.chars())
}

/// The longest word of `list` ending at `end`.
fn word_ending_at(chars: &[char], end: usize, list: &[&'static str]) -> Option<&'static str> {
    list.iter()
        .filter(|w| ends_with_at(chars, end, w))
        .max_by_key(|w| w.chars().count())
        .copied()
}

/// The longest word of `list` starting at `start`.
fn word_starting_at(chars: &[char], start: usize, list: &[&'static str]) -> Option<&'static str> {
    list.iter()
        .filter(|w| starts_with_at(chars, start, w))
        .max_by_key(|w| w.chars().count())
        .copied()
}

fn is_clause_mark(c: char) -> bool {
    !cjk::is_han(c) && !c.is_ascii_alphanumeric()
}

/// 的/地/得 slips in a text: an adverbial with 的 or 得 before a verb (更好的为 → 地),
/// and a verb with 的 or 地 before its degree complement (做的很好 → 得).
pub(in crate::check) fn particle_slips(chars: &[char]) -> Vec<ParticleSlip> {
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '的' | '地' | '得') {
            continue;
        }
        if c != '地' {
            if let Some(slip) = adverbial_slip(chars, i) {
                out.push(slip);
                continue;
            }
        }
        if c != '得' {
            if let Some(slip) = degree_slip(chars, i) {
                out.push(slip);
            }
        }
    }
    out
}

/// 更好的为, 认真的做, 积极得参与: the particle should be 地.
fn adverbial_slip(chars: &[char], i: usize) -> Option<ParticleSlip> {
    let adverbial_len = match word_ending_at(chars, i, ADVERBIALS) {
        Some(w) => w.chars().count(),
        // An AABB word (高高兴兴, 仔仔细细) before a verb is adverbial too.
        None if is_aabb(chars, i) => 4,
        None => return None,
    };
    // A listed verb, or any two-character word that takes an aspect marker or a
    // directional complement (研究了, 讨论着, 行动起来): only verbs do.
    let marked = chars
        .get(i + 1..i + 3)
        .is_some_and(|w| w.iter().all(|&c| cjk::is_han(c)))
        // 了 at the clause's end is the sentence's (没有更高兴的事情了。), not the verb's.
        && ((matches!(chars.get(i + 3), Some('了' | '着' | '过'))
            && chars.get(i + 4).is_some_and(|&c| cjk::is_han(c)))
            || starts_with_at(chars, i + 3, "起来"));
    let verb = if marked {
        Some("")
    } else {
        word_starting_at(chars, i + 1, VERBS)
    };
    let verb = verb?;
    let after = if verb.is_empty() {
        i + 3
    } else {
        i + 1 + verb.chars().count()
    };
    // The verb must go on (an object or complement), not end the clause or head a noun;
    // a verb of saying may end it (高兴的说：).
    let next = *chars.get(after)?;
    let says = SPEECH_VERBS.contains(&verb) && "：，“".contains(next);
    if !(cjk::is_han(next) || says)
        || (!marked && word_starting_at(chars, after, NOUN_AFTER_VERB).is_some())
        || (!marked && word_starting_at(chars, i + 1, NOUNS_FROM_VERBS).is_some())
    {
        return None;
    }
    // A verb-nominalising word earlier in the clause (进行了深入的交流).
    let start = i - adverbial_len;
    let clause_start = chars[..start]
        .iter()
        .rposition(|&c| is_clause_mark(c))
        .map_or(0, |p| p + 1);
    let context = &chars[clause_start..start];
    if NOMINAL_CONTEXT
        .iter()
        .any(|w| (0..context.len()).any(|k| starts_with_at(context, k, w)))
    {
        return None;
    }
    Some(ParticleSlip {
        at: i,
        wrong: chars[i],
        right: '地',
    })
}

/// Whether the four characters before `end` are AABB (高高兴兴).
fn is_aabb(chars: &[char], end: usize) -> bool {
    end >= 4 && {
        let w = &chars[end - 4..end];
        w.iter().all(|&c| cjk::is_han(c)) && w[0] == w[1] && w[2] == w[3] && w[0] != w[2]
    }
}

/// Verbs of saying, which may end a clause after an adverbial (激动地说：).
const SPEECH_VERBS: &[&str] = &[
    "说", "问", "讲", "表示", "回答", "告诉", "介绍", "感叹", "称赞", "说道", "问道",
];

/// 做的很好, 开展的如火如荼, 发展地很快: the particle should be 得.
fn degree_slip(chars: &[char], i: usize) -> Option<ParticleSlip> {
    let verb = word_ending_at(chars, i, DEGREE_VERBS)?;
    word_starting_at(chars, i + 1, DEGREE_WORDS)?;
    if word_starting_at(chars, i + 1, NOT_DEGREE_AFTER).is_some() {
        return None;
    }
    let start = i - verb.chars().count();
    // 所说的很对: a 的-phrase as subject, not a complement.
    if start > 0 && chars[start - 1] == '所' {
        return None;
    }
    // The verb begins its word: 所做 / 看做 aside, 工作 / 叫做 end in 做 but 作业做 …
    if start > 0 && ends_with_at(chars, start, "叫") {
        return None;
    }
    Some(ParticleSlip {
        at: i,
        wrong: chars[i],
        right: '得',
    })
}
