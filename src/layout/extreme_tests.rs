//! Extreme content: titles, paragraphs, dashes, words and addresses far longer than a
//! line. Whatever the rules cannot keep is broken by force and said so; every glyph
//! stays inside the text block (read back from the display list), and layout time
//! stays bounded.

use super::layout;
use super::pages::{LineKind, Pages, Source};
use crate::fonts::FontBook;
use crate::model::{Article, Block, Issue, Section};
use crate::style::Style;
use crate::testing::Rng;
use std::time::{Duration, Instant};

fn issue_with(article: Article) -> Issue {
    let mut issue = Issue::sample();
    issue.front.clear();
    issue.sections = vec![Section {
        label: String::new(),
        articles: vec![article],
    }];
    issue
}

fn article(title: &str, paragraph: &str) -> Article {
    Article {
        title: title.into(),
        subtitle: None,
        blocks: vec![Block::Paragraph {
            text: paragraph.into(),
        }],
        attribution: None,
    }
}

/// The first glyph of an article whose box is not inside its page's text block, read
/// back from the display list. A mark at a line end (an opener at a line start) keeps
/// its full-width box but only half of it is ink, so it may reach half its size past
/// the right (left) edge; a glyph wider
/// than the grid's cell (14 pt on a 13.8 pt pitch) by the difference, on either side
/// (a 2-em dash is drawn as one line across its two cells).
fn outside_text_block(pages: &Pages, book: &FontBook, style: &Style) -> Option<String> {
    for page in &pages.pages {
        let [left, top, width, height] = page.text_block;
        for run in page.runs() {
            if !matches!(run.source, Source::Article(_)) {
                continue;
            }
            let face = book.face(run.font);
            for g in &run.glyphs {
                let right = g.x + face.advance_em(g.id) * run.size;
                let mark = !run.glyph_char(g).is_alphanumeric();
                let wider = (run.size - style.char_pitch().0).max(0.0);
                let slack = if mark { 0.5 * run.size } else { 0.0 } + wider + 0.1;
                let ok = g.x >= left - slack
                    && right <= left + width + slack
                    && run.y - run.size >= top - 0.1 * run.size
                    && run.y <= top + height + 0.1;
                if !ok {
                    return Some(format!(
                        "page {}: {:?} from {} to {right} on baseline {} outside [{left}, {top}, {width}, {height}]",
                        page.number, run.cluster_text(g), g.x, run.y
                    ));
                }
            }
        }
    }
    None
}

/// Lays out `issue` and checks the read-back positions and the warnings: nothing off
/// the text block, no overflow warning, and (when `forced` names a code) a warning
/// saying what was done. Returns the time taken.
fn set_and_check(
    issue: &Issue,
    style: &Style,
    book: &FontBook,
    case: &str,
    forced: &[&str],
) -> Duration {
    let t = Instant::now();
    let pages = layout(issue, style, book);
    let took = t.elapsed();
    if let Some(bad) = outside_text_block(&pages, book, style) {
        panic!("{case}: {bad}");
    }
    let codes: Vec<&str> = pages.warnings.iter().map(|w| w.code).collect();
    assert!(!codes.contains(&"text-overflow"), "{case}: {codes:?}");
    for code in forced {
        assert!(
            codes.contains(code),
            "{case}: no {code} warning in {codes:?}"
        );
    }
    // One message per kind of problem, not one per line or window.
    assert!(pages.warnings.len() < 12, "{case}: {codes:?}");
    for w in &pages.warnings {
        // Messages stay readable whatever the text's length.
        assert!(w.en.chars().count() < 600, "{case}: {}", w.en);
        assert!(
            !w.en.contains("split") || w.code == "overlong-word",
            "{case}: {}",
            w.en
        );
    }
    took
}

/// The five long inputs of the hostile-input report, in a paragraph and as a title, in
/// both profiles.
#[test]
fn the_longest_inputs_stay_inside_the_text_block() {
    let book = FontBook::bundled();
    let url = format!("https://example.com/{}", "abc/def.ghi-".repeat(4_200));
    let cases: [(&str, String, &[&str]); 5] = [
        ("5,000-character title", "题".repeat(5_000), &[]),
        ("200,000 。", "。".repeat(200_000), &["forced-break"]),
        ("100,000 ——", "——".repeat(100_000), &["forced-break"]),
        (
            "100,000 letters",
            "abcdefghij".repeat(10_000),
            &["overlong-word"],
        ),
        ("50,000-character address", url[..50_000].to_string(), &[]),
    ];
    for style in [Style::house(), Style::gb()] {
        for (name, text, forced) in &cases {
            let in_paragraph = issue_with(article("长文", text));
            let took = set_and_check(&in_paragraph, &style, &book, name, forced);
            assert!(took < Duration::from_secs(20), "{name}: {took:?}");
            let as_title = issue_with(article(text, "正文。"));
            let took = set_and_check(&as_title, &style, &book, &format!("title {name}"), &[]);
            assert!(took < Duration::from_secs(20), "title {name}: {took:?}");
        }
    }
}

/// Random runs without a break opportunity, mixed from marks, dashes, letters, digits,
/// address separators and Han, at random lengths and sizes: every glyph stays inside.
#[test]
fn random_unbreakable_runs_stay_inside_the_text_block() {
    let book = FontBook::bundled();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let alphabets: [&[&str]; 6] = [
        &["。"],
        &["——", "……"],
        &["a", "b", "Z", "0", "9"],
        &["a", "/", ".", "-", "@"],
        &["。", "，", "、", "》", "”", "）"],
        &["字", "。", "a", "——", "1", "《", "》"],
    ];
    for round in 0..24 {
        let alphabet = rng.pick(&alphabets);
        let len = 200 + rng.below(6_000);
        let text: String = (0..len).map(|_| rng.pick(alphabet)).collect();
        let mut style = if round % 2 == 0 {
            Style::house()
        } else {
            Style::gb()
        };
        style.body_size.0 = [9.0, 14.0, 16.0][rng.below(3)];
        style.chars_per_line = [10, 28, 32][rng.below(3)] as u32;
        assert!(style.findings().is_empty());
        style.fit_max_paragraphs = rng.below(9);
        let case = format!(
            "round {round}: {len} of {alphabet:?}, {} pt, {} per line",
            style.body_size.0, style.chars_per_line
        );
        let mut a = article(
            &text[..text
                .len()
                .min(text.char_indices().nth(300).map_or(text.len(), |(i, _)| i))],
            &text,
        );
        a.subtitle = Some(text.chars().take(500).collect());
        set_and_check(&issue_with(a), &style, &book, &case, &[]);
    }
}

/// A paragraph far longer than any real one is broken window by window: every
/// character is set once and in order, every line but the last is justified to the
/// measure, nothing leaves the text block, and the editor is told.
#[test]
fn a_paragraph_of_pages_is_set_window_by_window_without_losing_a_character() {
    let book = FontBook::bundled();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let pieces = [
        "字", "中", "文", "，", "。", "、", "“", "”", "5G", "2021", "abc", "——", "（", "）",
    ];
    for (style, chars) in [(Style::house(), 30_000), (Style::gb(), 12_345)] {
        let mut text = String::new();
        while text.chars().count() < chars {
            text.push_str(rng.pick(&pieces));
        }
        let issue = issue_with(article("长段", &text));
        let pages = layout(&issue, &style, &book);
        if let Some(bad) = outside_text_block(&pages, &book, &style) {
            panic!("{bad}");
        }
        assert!(
            pages.warnings.iter().any(|w| w.code == "long-paragraph"),
            "{:?}",
            pages.warnings.iter().map(|w| w.code).collect::<Vec<_>>()
        );
        let mut set = String::new();
        let mut body_lines = Vec::new();
        for k in 0..pages.pages.len() {
            for (kind, line) in pages.lines(k) {
                if matches!(kind, LineKind::Body | LineKind::BodyLast) {
                    set.push_str(&line);
                    body_lines.push(kind);
                }
            }
        }
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(set.chars().count(), want.chars().count());
        assert!(set == want, "the text came out changed");
        assert_eq!(
            body_lines
                .iter()
                .filter(|k| **k == LineKind::BodyLast)
                .count(),
            1
        );
        assert_eq!(body_lines.last(), Some(&LineKind::BodyLast));
        // Justified: every body line but the last ends at the measure.
        for page in &pages.pages {
            let right = page.text_block[0] + page.text_block[2];
            let mut ends: Vec<(f32, f32, f32)> = Vec::new();
            for run in page.runs().filter(|r| r.line == LineKind::Body) {
                let face = book.face(run.font);
                let Some(g) = run.glyphs.last() else { continue };
                let end = g.x + face.advance_em(g.id) * run.size;
                match ends.iter_mut().find(|(y, _, _)| (*y - run.y).abs() < 0.5) {
                    Some(line) => line.1 = line.1.max(end),
                    None => ends.push((run.y, end, run.size)),
                }
            }
            for (y, end, size) in ends {
                assert!(
                    end > right - 0.6 * size,
                    "page {}: the line at {y} ends at {end}, measure {right}",
                    page.number
                );
            }
        }
    }
}
