//! Precision and recall of proofreading on text it was not written from: clean articles
//! of the kinds a bulletin carries (tests/proofread-corpus/clean), slips planted by hand
//! (planted.tsv) and slips planted by program into the clean articles.

use super::tests::today;
use super::*;
use crate::layout::cjk;
use crate::model::{Attribution, AttributionKind, Placement, Section};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/proofread-corpus")
}

/// Each clean article: its title and paragraphs (one a line).
fn clean_articles() -> Vec<(String, Vec<String>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join("clean"))
        .expect("the clean corpus folder")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("a UTF-8 corpus file");
            let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            let title = lines.next().unwrap_or_default().to_string();
            (title, lines.map(str::to_string).collect())
        })
        .collect()
}

fn article(title: &str, paragraphs: &[String]) -> Article {
    Article {
        title: title.to_string(),
        subtitle: None,
        blocks: paragraphs
            .iter()
            .map(|t| Block::Paragraph { text: t.clone() })
            .collect(),
        attribution: Some(Attribution {
            kind: AttributionKind::Author {
                names: vec!["王婧".into()],
            },
            placement: Placement::Auto,
        }),
    }
}

fn issue_of(articles: Vec<Article>) -> Issue {
    let mut issue = Issue::sample();
    issue.meta.date = today();
    issue.front.clear();
    issue.sections = vec![Section {
        label: "语料".into(),
        articles,
    }];
    issue
}

fn chars_of(articles: &[(String, Vec<String>)]) -> usize {
    articles
        .iter()
        .map(|(t, ps)| t.chars().count() + ps.iter().map(|p| p.chars().count()).sum::<usize>())
        .sum()
}

/// The most false findings allowed per 10,000 characters of clean text.
const MAX_FALSE_PER_10K: f64 = 1.0;
/// The least share of planted slips that must be found.
const MIN_RECALL_HAND: f64 = 0.9;
const MIN_RECALL_GENERATED: f64 = 0.97;

/// Clean articles give at most one finding per 10,000 characters.
#[test]
fn clean_articles_give_almost_no_findings() {
    let articles = clean_articles();
    let chars = chars_of(&articles);
    let issue = issue_of(articles.iter().map(|(t, ps)| article(t, ps)).collect());
    let findings = proofread_on(&issue, today());
    for f in &findings {
        eprintln!("false finding: [{}] {}", f.code, f.zh);
    }
    let rate = findings.len() as f64 * 10_000.0 / chars as f64;
    eprintln!(
        "clean corpus: {} articles, {chars} characters, {} findings, {rate:.2} per 10,000 characters",
        articles.len(),
        findings.len()
    );
    assert!(chars >= 30_000, "the clean corpus has {chars} characters");
    assert!(
        rate <= MAX_FALSE_PER_10K,
        "{rate:.2} false findings per 10,000 characters"
    );
}

/// Slips planted by hand, one a paragraph, are found with the expected code.
#[test]
fn hand_planted_slips_are_found() {
    let text = std::fs::read_to_string(corpus_dir().join("planted.tsv")).expect("planted.tsv");
    let cases: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    assert!(cases.len() >= 40);
    let mut found = 0;
    for (code, paragraph) in &cases {
        let issue = issue_of(vec![article("测试", &[paragraph.to_string()])]);
        let codes: Vec<&str> = proofread_on(&issue, today())
            .iter()
            .map(|f| f.code)
            .collect();
        if codes.contains(code) {
            found += 1;
        } else {
            eprintln!("missed [{code}]: {paragraph} (found {codes:?})");
        }
    }
    let recall = found as f64 / cases.len() as f64;
    eprintln!(
        "hand-planted slips: {found} of {} found ({:.1} %)",
        cases.len(),
        recall * 100.0
    );
    assert!(recall >= MIN_RECALL_HAND, "recall {recall:.3}");
}

/// A small deterministic generator (xorshift), so the planted corpus is the same in
/// every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Plants one slip of kind `k` in `p` (as chars); returns the paragraph and the code
/// expected, or `None` when the paragraph offers no place for that kind.
fn plant(p: &[char], k: usize, rng: &mut Rng) -> Option<(String, &'static str)> {
    let han = |c: char| cjk::is_han(c);
    let places =
        |f: &dyn Fn(usize) -> bool| -> Vec<usize> { (0..p.len()).filter(|&i| f(i)).collect() };
    let pick = |v: Vec<usize>, rng: &mut Rng| -> Option<usize> {
        (!v.is_empty()).then(|| v[rng.below(v.len())])
    };
    let mut out: Vec<char> = p.to_vec();
    let code = match k {
        // A comma typed half-width.
        0 => {
            let i = pick(places(&|i| p[i] == '，'), rng)?;
            out[i] = ',';
            "halfwidth-punct"
        }
        // A word of 2–4 Han characters typed twice.
        1 => {
            let len = 2 + rng.below(3);
            let i = pick(
                places(&|i| {
                    i + len <= p.len()
                        && p[i..i + len].iter().all(|&c| han(c))
                        && p[i] != '一'
                        && p[i..i + len].iter().any(|&c| c != p[i])
                }),
                rng,
            )?;
            let word: Vec<char> = p[i..i + len].to_vec();
            let word_s: String = word.iter().collect();
            if words::doubled_words(&[word.clone(), word.clone()].concat()).is_empty()
                && !word_s.is_empty()
            {
                return None; // a listed reduplication: not a slip
            }
            out.splice(i + len..i + len, word);
            "doubled-word"
        }
        // 的 typed twice.
        2 => {
            let i = pick(places(&|i| p[i] == '的'), rng)?;
            out.insert(i, '的');
            "doubled-char"
        }
        // An ordinal 1、 after a colon or at the start.
        3 => {
            let at = pick(
                places(&|i| p[i] == '：' && p.get(i + 1).is_some_and(|&c| han(c))),
                rng,
            )
            .map_or(0, |i| i + 1);
            let n = char::from(b'1' + rng.below(9) as u8);
            out.splice(at..at, [n, '、']);
            "ordinal-punct"
        }
        // Straight quotes for curly ones.
        4 => {
            let i = pick(places(&|i| p[i] == '“'), rng)?;
            out[i] = '"';
            if let Some(j) = out[i..].iter().position(|&c| c == '”') {
                out[i + j] = '"';
            }
            "straight-quotes"
        }
        // A full-width digit.
        5 => {
            let i = pick(places(&|i| p[i].is_ascii_digit()), rng)?;
            out[i] = char::from_u32(p[i] as u32 + 0xFEE0)?;
            "fullwidth-alnum"
        }
        // A zero-padded month or day.
        6 => {
            let i = pick(
                places(&|i| {
                    p[i].is_ascii_digit()
                        && p[i] != '0'
                        && (i == 0 || !p[i - 1].is_ascii_digit())
                        && p.get(i + 1).is_some_and(|&u| u == '月' || u == '日')
                }),
                rng,
            )?;
            out.insert(i, '0');
            "date-zero-padding"
        }
        // A space between two Han characters.
        7 => {
            let i = pick(places(&|i| i > 0 && han(p[i - 1]) && han(p[i])), rng)?;
            out.insert(i, ' ');
            "space-between-han"
        }
        // A closing bracket dropped.
        8 => {
            let i = pick(places(&|i| p[i] == '）' || p[i] == '》'), rng)?;
            out.remove(i);
            "unbalanced-brackets"
        }
        // A range written with a dash: 日至 → 日——.
        _ => {
            let i = pick(
                places(&|i| {
                    p[i] == '至'
                        && i > 0
                        && p[i - 1] == '日'
                        && p.get(i + 1).is_some_and(|c| c.is_ascii_digit())
                }),
                rng,
            )?;
            out.splice(i..=i, ['—', '—']);
            "dash-range"
        }
    };
    Some((out.into_iter().collect(), code))
}

/// Slips planted by program into the clean paragraphs (each kind where the paragraph
/// has a place for it) are found with the expected code.
#[test]
fn generated_slips_in_clean_paragraphs_are_found() {
    let paragraphs: Vec<Vec<char>> = clean_articles()
        .into_iter()
        .flat_map(|(_, ps)| ps)
        .map(|p| p.chars().collect())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (n, p) in paragraphs.iter().enumerate() {
        for k in 0..10 {
            let Some((planted, code)) = plant(p, k, &mut rng) else {
                continue;
            };
            let issue = issue_of(vec![article("测试", std::slice::from_ref(&planted))]);
            let found = proofread_on(&issue, today()).iter().any(|f| f.code == code);
            let e = per_kind.entry(code).or_default();
            e.0 += 1;
            if found {
                e.1 += 1;
            } else {
                eprintln!("missed [{code}] in paragraph {n}: {planted}");
            }
        }
    }
    let (planted, found) = per_kind
        .values()
        .fold((0, 0), |(a, b), (p, f)| (a + p, b + f));
    for (code, (p, f)) in &per_kind {
        eprintln!("generated [{code}]: {f} of {p}");
    }
    let recall = found as f64 / planted as f64;
    eprintln!(
        "generated slips: {found} of {planted} found ({:.1} %)",
        recall * 100.0
    );
    assert!(planted >= 1000, "only {planted} slips planted");
    assert!(recall >= MIN_RECALL_GENERATED, "recall {recall:.3}");
}
