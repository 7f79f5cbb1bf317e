use super::*;
use crate::model::Block;

fn doc() -> Document {
    Document::new(Issue::sample(), None)
}

#[test]
fn typing_into_one_field_is_one_step_and_undo_redo_restore_it() {
    let mut d = doc();
    let r = d.article_at(0).unwrap();
    let before = d.issue.clone();
    for ch in "新的标题".chars() {
        d.change_article(r, "修改标题", Field::Text("title".into()), |a| {
            a.title.push(ch)
        });
    }
    assert!(d.is_dirty());
    assert_eq!(d.undo().as_deref(), Some("修改标题"));
    assert_eq!(d.issue, before, "one undo takes back the burst of typing");
    d.redo();
    assert!(d.issue.front[0].title.ends_with("新的标题"));
    // Another field is another step.
    d.change_article(r, "修改副题", Field::Text("subtitle".into()), |a| {
        a.subtitle = Some("副".into())
    });
    d.undo();
    assert!(d.issue.front[0].subtitle.is_none());
    assert!(d.issue.front[0].title.ends_with("新的标题"));
}

#[test]
fn structural_edits_undo_and_history_keeps_hundreds_of_steps() {
    let mut d = doc();
    let original = d.issue.clone();
    let s = d.add_section(None, "新栏目");
    let a = d.add_article(Some(s), None);
    d.change_article(a, "正文", Field::Step, |a| {
        a.blocks.push(Block::Paragraph {
            text: "第一段。".into(),
        })
    });
    let moved = d.move_article(a, -1);
    assert_eq!(moved.section, Some(s - 1), "up across the section top");
    d.remove_section(0);
    for _ in 0..300 {
        d.change("x", Field::Step, |i| i.meta.issue_no += 1);
    }
    for _ in 0..305 {
        d.undo();
    }
    assert_eq!(d.issue, original);
    assert!(d.undo().is_none());
}

#[test]
fn articles_move_within_and_across_sections() {
    let mut d = doc();
    // Section 1 (行业综合) holds two articles.
    let first = ArticleRef {
        section: Some(1),
        index: 0,
    };
    let title = d.article(first).unwrap().title.clone();
    let to = d.move_article(first, 1);
    assert_eq!(
        to,
        ArticleRef {
            section: Some(1),
            index: 1
        }
    );
    assert_eq!(d.article(to).unwrap().title, title);
    // Down again: into the next section's top.
    let to = d.move_article(to, 1);
    assert_eq!(
        to,
        ArticleRef {
            section: Some(2),
            index: 0
        }
    );
    assert_eq!(d.article(to).unwrap().title, title);
    // Drag to the top of another section.
    let to = d.move_article_to(to, Some(0), 0);
    assert_eq!(d.article(to).unwrap().title, title);
    assert_eq!(
        to,
        ArticleRef {
            section: Some(0),
            index: 0
        }
    );
    // Sections move by drag and drop too.
    let label = d.issue.sections[3].label.clone();
    assert_eq!(d.move_section_to(3, 0), 0);
    assert_eq!(d.issue.sections[0].label, label);
    assert_eq!(d.move_section_to(0, 4), 3);
    assert_eq!(d.issue.sections[3].label, label);
    // The lead article cannot move above the top.
    let lead = ArticleRef {
        section: None,
        index: 0,
    };
    assert_eq!(d.move_article(lead, -1), lead);
}

#[test]
fn saving_clears_the_unsaved_mark_and_edits_set_it() {
    let mut d = doc();
    assert!(!d.is_dirty());
    d.add_section(None, "栏目");
    assert!(d.is_dirty());
    d.mark_saved(PathBuf::from("x.jianbao"));
    assert!(!d.is_dirty());
    d.undo();
    assert!(d.is_dirty(), "undo after a save is an unsaved change");
}

/// Types into article `r` as one step of its own (as after moving to another field).
fn type_into(d: &mut Document, r: ArticleRef, step: usize) {
    d.change_article(r, "输入", Field::Text(format!("step {step}")), |a| match a
        .blocks
        .iter_mut()
        .find_map(|b| match b {
            Block::Paragraph { text } => Some(text),
            _ => None,
        }) {
        Some(text) => text.push_str("新字"),
        None => a.title.push('新'),
    });
    d.seal();
}

/// Five hundred typing steps spread over the 120-fold issue keep a history of at
/// most three times the document's own memory: the steps share every article they
/// did not change (500 whole snapshots would be 500 times).
#[test]
fn history_of_500_typing_steps_in_a_long_issue_stays_small() {
    let mut d = Document::new(Issue::sample().repeated(120), None);
    let refs = d.article_refs();
    for step in 0..500 {
        // A different article each time, the worst case for sharing.
        type_into(&mut d, refs[(step * 7919) % refs.len()], step);
    }
    let document = memory::issue(&d.issue);
    let history = d.history_bytes();
    eprintln!(
        "120x issue: document {document} bytes, history of 500 steps {history} bytes ({:.2}x; whole snapshots would be {}x)",
        history as f64 / document as f64,
        500
    );
    assert!(history <= 3 * document, "{history} > 3 x {document}");
    // Undo and redo a few steps: the same states come back, and sharing holds.
    let after = d.issue.clone();
    for _ in 0..5 {
        d.undo();
    }
    for _ in 0..5 {
        d.redo();
    }
    assert_eq!(d.issue, after);
    assert!(d.history_bytes() <= 3 * document);
}

/// Shared snapshots give back exactly the states they were taken of, through
/// typing, structural changes, undo and redo in a pseudo-random order.
#[test]
fn shared_snapshots_restore_every_state_exactly() {
    let mut d = doc();
    let mut states = vec![d.issue.clone()];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    for step in 0..60 {
        assert_eq!(states.len(), d.history.undo.len() + 1);
        let refs = d.article_refs();
        let r = refs[next() % refs.len()];
        match next() % 6 {
            0 => {
                d.remove_article(r);
            }
            1 => {
                d.move_article(r, if next() % 2 == 0 { -1 } else { 1 });
            }
            2 => {
                d.add_article(r.section, Some(r.index));
            }
            3 => {
                d.add_section(Some(next() % d.issue.sections.len()), "新栏目");
            }
            4 => d.change("期号", Field::Step, |i| i.meta.issue_no += 1),
            _ => type_into(&mut d, r, step),
        }
        // One state per recorded step (a step may change nothing, as a move to
        // where the article already is).
        while states.len() <= d.history.undo.len() {
            states.push(d.issue.clone());
        }
    }
    for want in states.iter().rev().skip(1) {
        d.undo();
        assert_eq!(d.issue, *want);
    }
    for want in states.iter().skip(1) {
        d.redo();
        assert_eq!(d.issue, *want);
    }
}

/// Sections added and removed before most of a long issue share the articles of
/// the sections that moved instead of copying them.
#[test]
fn structural_steps_in_a_long_issue_share_the_sections_that_moved() {
    let mut d = Document::new(Issue::sample().repeated(120), None);
    let document = memory::issue(&d.issue);
    for _ in 0..20 {
        d.add_section(None, "新栏目");
        let at = d.add_section(Some(0), "又一栏");
        d.remove_section(at);
    }
    let history = d.history_bytes();
    assert!(
        history <= 2 * document,
        "history {history} bytes for a document of {document}"
    );
    let after = d.issue.clone();
    for _ in 0..60 {
        d.undo();
    }
    assert_eq!(d.issue, Issue::sample().repeated(120));
    for _ in 0..60 {
        d.redo();
    }
    assert_eq!(d.issue, after);
}
