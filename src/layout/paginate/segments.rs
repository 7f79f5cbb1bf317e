//! The flow as pagination sees it: segments (lines always printed, or a paragraph's
//! two settings) and the fingerprints by which a run recognises the segments the last
//! run already paginated.

use super::run::Run;
use super::table::candidate_cost;
use super::{Slotted, Variant};
use crate::layout::flow::Candidate;

/// A stretch of the flow: lines always printed, or a paragraph with alternative settings.
pub(super) enum Segment {
    Fixed(Vec<usize>),
    /// `alternatives[0]` is the loose setting, `[1]` the tight one of candidate `n`.
    Choice {
        n: usize,
        alternatives: [Vec<usize>; 2],
    },
}

/// The flow cut into segments: runs of lines always printed, and each candidate's two
/// settings (with the lines between them) as one choice.
pub(super) fn segments(flow: &[Slotted]) -> Vec<Segment> {
    // The last line of each candidate's settings, found in one pass.
    let mut last_line: Vec<usize> = Vec::new();
    for (k, line) in flow.iter().enumerate() {
        if let Variant::Loose(n) | Variant::Tight(n) = line.variant {
            if last_line.len() <= n {
                last_line.resize(n + 1, 0);
            }
            last_line[n] = k;
        }
    }
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < flow.len() {
        let n = match flow[i].variant {
            Variant::Always => {
                if let Some(Segment::Fixed(v)) = out.last_mut() {
                    v.push(i);
                } else {
                    out.push(Segment::Fixed(vec![i]));
                }
                i += 1;
                continue;
            }
            Variant::Loose(n) | Variant::Tight(n) => n,
        };
        // The choice runs to the last line of either setting (a loose setting's own
        // byline line comes after the tight lines).
        let end = last_line.get(n).copied().unwrap_or(i).max(i);
        let mut alternatives = [Vec::new(), Vec::new()];
        for (k, line) in flow.iter().enumerate().take(end + 1).skip(i) {
            match line.variant {
                Variant::Loose(m) if m == n => alternatives[0].push(k),
                Variant::Tight(m) if m == n => alternatives[1].push(k),
                _ => {
                    alternatives[0].push(k);
                    alternatives[1].push(k);
                }
            }
        }
        out.push(Segment::Choice { n, alternatives });
        i = end + 1;
    }
    out
}

/// One segment's fingerprint out of the flat list (`starts`: where each begins).
pub(super) fn segment_key<'a>(keys: &'a [u64], starts: &[usize], segment: usize) -> &'a [u64] {
    let end = starts.get(segment + 1).copied().unwrap_or(keys.len());
    &keys[starts[segment]..end]
}

/// Everything pagination reads of a segment's lines, as words to compare.
pub(super) fn fingerprint(
    segment: &Segment,
    flow: &[Slotted],
    candidates: &[Candidate],
    out: &mut Vec<u64>,
) {
    let line = |l: &Slotted, tag: u64| -> [u64; 2] {
        [
            u64::from(l.slots) | u64::from(l.break_before) << 32 | tag << 33,
            u64::from(l.space_above) | u64::from(l.head) << 32,
        ]
    };
    match segment {
        Segment::Fixed(lines) => {
            for &i in lines {
                out.extend(line(&flow[i], 0));
            }
        }
        Segment::Choice { n, alternatives } => {
            out.push(u64::MAX);
            out.push(candidates.get(*n).map_or(0, candidate_cost));
            for (alt, lines) in alternatives.iter().enumerate() {
                out.push(u64::MAX - 1 - alt as u64);
                for &i in lines {
                    out.extend(line(&flow[i], 1));
                }
            }
        }
    }
}

/// The segments of a flow with what reuse compares: their fingerprints (flat, with
/// where each starts), first lines and the number of choices before each.
pub(super) struct Segments {
    pub(super) list: Vec<Segment>,
    pub(super) keys: Vec<u64>,
    pub(super) key_starts: Vec<usize>,
    pub(super) first_lines: Vec<usize>,
    pub(super) choices_before: Vec<usize>,
    /// Candidates are numbered in flow order, one choice each: only then can blocks be
    /// reused where the numbering shifted.
    pub(super) numbered: bool,
}

impl Segments {
    /// One segment's fingerprint.
    pub(super) fn key(&self, segment: usize) -> &[u64] {
        segment_key(&self.keys, &self.key_starts, segment)
    }
}

impl Run<'_> {
    /// The run's segments with their fingerprints, for stepping and for reuse.
    pub(super) fn segments(&self) -> Segments {
        let list = segments(self.flow);
        let mut s = Segments {
            keys: Vec::with_capacity(self.flow.len() * 2 + 16),
            key_starts: Vec::with_capacity(list.len()),
            first_lines: Vec::with_capacity(list.len()),
            choices_before: Vec::with_capacity(list.len() + 1),
            numbered: true,
            list: Vec::new(),
        };
        let mut choices = 0usize;
        for segment in &list {
            s.key_starts.push(s.keys.len());
            fingerprint(segment, self.flow, self.candidates, &mut s.keys);
            s.choices_before.push(choices);
            match segment {
                Segment::Fixed(lines) => s.first_lines.push(lines[0]),
                Segment::Choice { n, alternatives } => {
                    s.numbered &= *n == choices;
                    choices += 1;
                    let first = alternatives.iter().filter_map(|a| a.first()).min();
                    s.first_lines.push(first.copied().unwrap_or(0));
                }
            }
        }
        s.numbered &= choices == self.candidates.len();
        s.list = list;
        s
    }
}
