//! Generated issues for the export tests: random structure and text that mixes Han,
//! Latin, digits and the characters markup must escape (< > & " '), written from no
//! real issue, so the writers are tested on shapes the sample does not have.

use crate::model::{
    Article, Attribution, AttributionKind, AwardCategory, AwardRow, Block, Distribution, Issue,
    Placement, RecipientGroup, RecipientLine, Section,
};
use crate::testing::Rng;

const HAN: &str = "信息通信行业协会召开工作会议部署全省网络安全数字经济发展宽带乡村振兴";
const LATIN: [&str; 8] = [
    "5G", "IPv6", "A&B", "<b>", "\"x\"", "it's", "R&D 2024", "1,000",
];
const MARKS: [&str; 6] = ["，", "。", "、", "“", "”", "《"];

/// A run of `n` pieces of Han, Latin, digits and markup characters.
pub fn text(rng: &mut Rng, n: usize) -> String {
    let han: Vec<char> = HAN.chars().collect();
    let mut out = String::new();
    for _ in 0..n.max(1) {
        match rng.below(10) {
            0 => out.push_str(rng.pick(&LATIN)),
            1 => out.push_str(rng.pick(&MARKS)),
            2 => out.push_str(&rng.below(10_000).to_string()),
            3 => out.push(rng.pick(&['<', '>', '&', '"', '\''])),
            _ => out.push(rng.pick(&han)),
        }
    }
    out.trim().to_string()
}

/// `text` of a length between `min` and `min + spread - 1`.
fn some(rng: &mut Rng, min: usize, spread: usize) -> String {
    let n = min + rng.below(spread);
    text(rng, n)
}

fn award_row(rng: &mut Rng) -> AwardRow {
    if rng.below(5) == 0 {
        AwardRow::Org {
            org: some(rng, 8, 1),
        }
    } else {
        AwardRow::Person {
            name: some(rng, 2, 3),
            org: some(rng, 4, 14),
            award: some(rng, 2, 3),
        }
    }
}

fn article(rng: &mut Rng) -> Article {
    let mut blocks = Vec::new();
    for _ in 0..1 + rng.below(4) {
        blocks.push(Block::Paragraph {
            text: some(rng, 5, 120),
        });
    }
    if rng.below(4) == 0 {
        blocks.push(Block::ListIntro {
            text: format!("{}：", some(rng, 6, 1)),
        });
        let mut categories = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let name = some(rng, 2, 4);
            let mut rows = Vec::new();
            for _ in 0..1 + rng.below(4) {
                rows.push(award_row(rng));
            }
            categories.push(AwardCategory { name, rows });
        }
        blocks.push(Block::AwardList { categories });
        if rng.below(2) == 0 {
            blocks.push(Block::Paragraph {
                text: some(rng, 20, 1),
            });
        }
    }
    let attribution = match rng.below(4) {
        0 => None,
        1 => Some(Attribution {
            kind: AttributionKind::Source {
                text: format!("据{}", some(rng, 4, 1)),
            },
            placement: Placement::Auto,
        }),
        _ => {
            let mut names = Vec::new();
            for _ in 0..1 + rng.below(2) {
                names.push(some(rng, 3, 1));
            }
            let placement = [Placement::Auto, Placement::Inline, Placement::OwnLine][rng.below(3)];
            Some(Attribution {
                kind: AttributionKind::Author { names },
                placement,
            })
        }
    };
    let mut title = some(rng, 4, 30);
    if rng.below(6) == 0 {
        title = format!("{title}\n{}", some(rng, 8, 1));
    }
    let subtitle = if rng.below(3) == 0 {
        Some(some(rng, 10, 1))
    } else {
        None
    };
    Article {
        title,
        subtitle,
        blocks,
        attribution,
    }
}

/// A generated issue: masthead values, lead articles, sections and a 版记.
pub fn issue(rng: &mut Rng) -> Issue {
    let mut issue = Issue::sample();
    issue.meta.bulletin_name = some(rng, 2, 6);
    issue.meta.issue_no = 1 + rng.below(40) as u32;
    issue.meta.total_no = (rng.below(2) == 0).then(|| 40 + rng.below(200) as u32);
    issue.meta.supplement = rng.below(5) == 0;
    issue.meta.editor_org = some(rng, 8, 1);
    issue.meta.classification = if rng.below(3) == 0 {
        Some(some(rng, 4, 1))
    } else {
        None
    };
    issue.front = Vec::new();
    for _ in 0..rng.below(2) {
        issue.front.push(article(rng));
    }
    issue.sections = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let label = some(rng, 4, 1);
        let mut articles = Vec::new();
        for _ in 0..1 + rng.below(3) {
            articles.push(article(rng));
        }
        issue.sections.push(Section { label, articles });
    }
    let mut lines = Vec::new();
    for label in ["报", "发", "送"] {
        if rng.below(4) == 0 {
            continue;
        }
        let mut groups = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let mut names = Vec::new();
            for _ in 0..1 + rng.below(4) {
                names.push(some(rng, 6, 1));
            }
            groups.push(RecipientGroup::new(names));
        }
        lines.push(RecipientLine {
            label: label.to_string(),
            groups,
        });
    }
    let extra = if rng.below(4) == 0 {
        vec![some(rng, 5, 1)]
    } else {
        Vec::new()
    };
    let print_count = (rng.below(3) == 0).then(|| rng.below(500) as u32 + 1);
    issue.distribution = Distribution {
        lines,
        extra,
        print_count,
    };
    issue
}

/// Every text of an issue in print order, as the model holds it (trimmed): masthead
/// fields, section labels, titles (lines joined by a newline), subtitles, paragraphs,
/// list intros, category names, row cells, printed bylines and recipients. An export
/// must show each of these, in this order.
pub fn texts_in_order(issue: &Issue) -> Vec<String> {
    let m = &issue.meta;
    let mut out: Vec<String> = Vec::new();
    if let Some(c) = &m.classification {
        out.push(c.trim().into());
    }
    out.push(m.issue_line());
    out.push(m.editor_org.trim().into());
    out.push(m.date.chinese());
    let article = |a: &Article, out: &mut Vec<String>| {
        out.push(a.title_lines().join("\n"));
        if let Some(s) = a.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
            out.push(s.trim().into());
        }
        for b in &a.blocks {
            match b {
                Block::Paragraph { text } | Block::ListIntro { text } => {
                    out.push(text.trim().into())
                }
                Block::Figure(f) => out.extend(
                    f.pictures()
                        .map(|c| c.caption.trim().to_string())
                        .filter(|c| !c.is_empty()),
                ),
                Block::AwardList { categories } => {
                    for c in categories {
                        out.push(c.name.trim().into());
                        for r in &c.rows {
                            match r {
                                AwardRow::Person { name, org, award } => {
                                    out.extend([name, org, award].map(|t| t.trim().to_string()))
                                }
                                AwardRow::Org { org } => out.push(org.trim().into()),
                            }
                        }
                    }
                }
                Block::Table(t) => out.extend(
                    t.texts()
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(String::from),
                ),
            }
        }
        if let Some(attr) = &a.attribution {
            out.push(attr.printed());
        }
    };
    for a in &issue.front {
        article(a, &mut out);
    }
    for s in &issue.sections {
        out.push(s.label.trim().into());
        for a in &s.articles {
            article(a, &mut out);
        }
    }
    let style = crate::style::Style::house();
    for (label, groups) in super::distribution_lines(&issue.distribution, &style) {
        out.push(label);
        out.extend(groups);
    }
    out.retain(|t| !t.is_empty());
    out
}

/// Checks that each of `expected` occurs in `text` after the previous one; the
/// ideographic spaces that pad names are ignored.
pub fn assert_in_order(text: &str, expected: &[String], what: &str) {
    let text = text.replace('\u{3000}', "");
    let mut at = 0;
    for e in expected {
        let e = e.replace('\u{3000}', "");
        match text[at..].find(&e) {
            Some(i) => at += i + e.len(),
            None => panic!(
                "{what}: “{e}” is missing or out of order after byte {at}:\n{}",
                &text[at..text.len().min(at + 400)]
            ),
        }
    }
}
