//! Pagination tests: paginating again equals paginating afresh, a broken trace is an
//! error, and an edit that keeps line counts reuses the last run.

use super::reuse::{Memo, BLOCK_LINES};
use super::run::Run;
use super::*;
use crate::layout::pages::Source;

use crate::testing::Rng;

/// A stretch of a made-up flow: lines always printed, or a paragraph with a loose
/// and a tight setting (and sometimes a byline after the tight lines).
#[derive(Clone)]
enum Unit {
    Fixed(Vec<(u32, bool, u32)>),
    Choice {
        loose: Vec<bool>,
        tight: usize,
        byline: bool,
        cost: f64,
    },
}

fn random_unit(rng: &mut Rng) -> Unit {
    if rng.below(3) == 0 {
        Unit::Choice {
            loose: (0..2 + rng.below(6)).map(|_| rng.below(5) != 0).collect(),
            tight: 1 + rng.below(4),
            byline: rng.below(4) == 0,
            cost: (rng.below(60_000) as f64) * 1.37,
        }
    } else {
        let n = 1 + rng.below(8);
        Unit::Fixed(
            (0..n)
                .map(|_| {
                    let slots = 1 + u32::from(rng.below(6) == 0);
                    (slots, rng.below(5) != 0, u32::from(slots > 1))
                })
                .collect(),
        )
    }
}

fn build(units: &[Unit]) -> (Vec<Slotted>, Vec<Candidate>) {
    let mut flow = Vec::new();
    let mut candidates = Vec::new();
    let line = |slots, break_before, space_above, variant| Slotted {
        slots,
        break_before,
        space_above,
        head: 0,
        has_head: false,
        variant,
    };
    for u in units {
        match u {
            Unit::Fixed(lines) => {
                for &(s, b, a) in lines {
                    flow.push(line(s, b, a, Variant::Always));
                }
            }
            Unit::Choice {
                loose,
                tight,
                byline,
                cost,
            } => {
                let n = candidates.len();
                for &b in loose {
                    flow.push(line(1, b, 0, Variant::Loose(n)));
                }
                for k in 0..*tight {
                    flow.push(line(1, k > 0, 0, Variant::Tight(n)));
                }
                if *byline {
                    flow.push(line(1, false, 0, Variant::Loose(n)));
                }
                candidates.push(Candidate {
                    saves: 1,
                    cost: *cost,
                    place: String::new(),
                    source: Source::Article(n),
                });
            }
        }
    }
    (flow, candidates)
}

fn style(rng: &mut Rng) -> Style {
    Style {
        lines_per_page: 4 + rng.below(12) as u32,
        fit_max_paragraphs: rng.below(4),
        masthead_slots: rng.below(4) as u32,
        ..Style::house()
    }
}

/// Paginating again after an edit, from what the last run kept, gives exactly what
/// a fresh run gives: for edits that keep every line count (where the old run's tail
/// is reused) and for edits that add, remove or reshape lines anywhere.
#[test]
fn paginating_again_equals_paginating_afresh() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut reused = 0;
    for round in 0..120 {
        let style = style(&mut rng);
        let mut units: Vec<Unit> = (0..10 + rng.below(60))
            .map(|_| random_unit(&mut rng))
            .collect();
        let block_lines = 1 + rng.below(24);
        let mut memo = Memo::default();
        let block_slots = rng.below(4) as u32;
        for edit in 0..12 {
            let (flow, candidates) = build(&units);
            let again = paginate_in_blocks(
                &flow,
                &candidates,
                block_slots,
                &style,
                &mut memo,
                block_lines,
            );
            let fresh = paginate(&flow, &candidates, block_slots, &style);
            assert_eq!(again, fresh, "round {round}, edit {edit}");
            assert_eq!(fresh.error, None, "round {round}, edit {edit}");
            if edit > 0 && memo.work() < flow.len() {
                reused += 1;
            }
            let k = rng.below(units.len());
            match rng.below(6) {
                0 => units.insert(k, random_unit(&mut rng)),
                1 if units.len() > 1 => {
                    units.remove(k);
                }
                2 => {
                    if let Unit::Choice { cost, .. } = &mut units[k] {
                        *cost += rng.below(5_000) as f64;
                    }
                }
                3 => {
                    if let Unit::Fixed(lines) = &mut units[k] {
                        if let Some(l) = lines.first_mut() {
                            l.1 = !l.1;
                        }
                    }
                }
                // No change at all: everything but the last block is kept.
                4 => {}
                _ => units[k] = random_unit(&mut rng),
            }
        }
    }
    assert!(reused > 300, "only {reused} runs reused anything");
}

/// A trace that does not lead from the end back to the start (a lost step, a
/// missing block) is an error naming where it stopped, never a shorter result.
#[test]
fn a_trace_that_does_not_lead_back_is_an_error() {
    let mut rng = Rng(11);
    let units: Vec<Unit> = (0..60).map(|_| random_unit(&mut rng)).collect();
    let (flow, candidates) = build(&units);
    let style = Style::house();
    let run = Run::new(&flow, &candidates, &style, 8);
    let (mut blocks, end) = run.walk(Memo::default(), &mut Memo::default());
    assert!(blocks.len() > 3);
    let (state, _) = run.best_end(&end, 0, 0);
    let (picked, _) = run.trace_back(&blocks, state).unwrap_or_default();
    assert!(
        picked.len() >= flow.len() / 2,
        "{} of {}",
        picked.len(),
        flow.len()
    );
    let mid = blocks.len() / 2;
    let kept = std::mem::take(&mut blocks[mid].steps);
    let e = run.trace_back(&blocks, state).expect_err("a lost step");
    assert!(e.line >= blocks[mid].line, "{e}");
    assert!(e.to_string().contains("could not trace"));
    blocks[mid].steps = kept;
    blocks.remove(0);
    let e = run.trace_back(&blocks, state).expect_err("a missing block");
    assert_eq!(e.line, 0, "{e}");
}

/// An edit that changes no line count does a few blocks' work, not the whole flow's.
#[test]
fn an_edit_that_keeps_line_counts_places_few_lines() {
    let mut rng = Rng(7);
    let units: Vec<Unit> = (0..2_000).map(|_| random_unit(&mut rng)).collect();
    let style = Style::house();
    let (flow, mut candidates) = build(&units);
    let mut memo = Memo::default();
    let first = paginate_again(&flow, &candidates, 3, &style, &mut memo);
    assert_eq!(memo.work(), flow.len());
    // The same flow again, then one paragraph's tight setting made dearer.
    paginate_again(&flow, &candidates, 3, &style, &mut memo);
    assert!(memo.work() <= 2 * BLOCK_LINES, "{}", memo.work());
    let n = candidates.len() / 3;
    candidates[n].cost += 10.0;
    let again = paginate_again(&flow, &candidates, 3, &style, &mut memo);
    assert_eq!(again, paginate(&flow, &candidates, 3, &style));
    assert!(
        memo.work() < flow.len() / 2,
        "{} of {}",
        memo.work(),
        flow.len()
    );
    assert_eq!(again.placed.len(), first.placed.len());
}
