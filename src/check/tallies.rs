//! Award-list tallies: the counts an article's prose states (一等奖3名, 优秀信息员5名)
//! against the rows of its list, with the small number readers (Arabic and Chinese
//! numerals) they need.

use super::{Finding, Place};
use crate::model::{Article, AwardRow, Block};
use std::collections::BTreeMap;

/// The award list's counts per category and award against the counts the article's
/// prose states (e.g. 书法作品特等奖1幅、一等奖1幅、二等奖3幅、三等奖4幅；纪念奖13名).
pub(super) fn award_tallies(a: &Article, title: &str, n: usize, out: &mut Vec<Finding>) {
    let prose: String = a
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    for (b, block) in a.blocks.iter().enumerate() {
        let Block::AwardList { categories } = block else {
            continue;
        };
        // Labels whose counts a category's own passage gave (书法作品一等奖1幅…).
        let mut covered: std::collections::BTreeSet<String> = Default::default();
        for c in categories {
            let mut listed: BTreeMap<String, usize> = BTreeMap::new();
            for r in &c.rows {
                let key = match r {
                    AwardRow::Person { award, .. } => award.clone(),
                    AwardRow::Org { .. } => c.name.clone(),
                };
                *listed.entry(key).or_default() += 1;
            }
            // Stated counts: after "<category>作品" up to the next "；" or "。"; or, for a
            // category named like an award (纪念奖, 组织奖), "<name>N名/个".
            let mut stated: BTreeMap<String, usize> = BTreeMap::new();
            let key = format!("{}作品", c.name);
            // The first mention that gives award counts (an earlier one may give the
            // number of entries: 书法作品（含硬笔书法）50幅).
            let segment = prose.match_indices(&key).find_map(|(pos, _)| {
                let rest = &prose[pos..];
                let end = rest.find(['；', '。']).unwrap_or(rest.len());
                let counts = counts_in(&rest[..end]);
                (!counts.is_empty()).then_some(counts)
            });
            if let Some(counts) = segment {
                stated.extend(counts);
            } else if c.name.ends_with('奖') {
                for (award, count) in counts_in(&prose) {
                    if award == c.name {
                        stated.insert(award, count);
                    }
                }
            }
            if !stated.is_empty() {
                covered.extend(listed.keys().cloned());
                covered.insert(c.name.clone());
            }
            for (award, want) in &stated {
                let got = listed.get(award).copied().unwrap_or(0);
                if got != *want {
                    out.push(Finding {
                        code: "award-tally",
                        zh: format!(
                            "文章“{title}”：正文说{}{award}{want}个，名单里“{}”分类有{got}个",
                            if c.name.ends_with('奖') {
                                String::new()
                            } else {
                                format!("{}作品", c.name)
                            },
                            c.name
                        ),
                        place: Place {
                            article: Some(n),
                            section: None,
                            block: Some(b),
                            offset: None,
                        },
                        fix: None,
                    });
                }
            }
        }
        label_tallies(
            categories,
            &covered,
            &prose,
            title,
            Place {
                article: Some(n),
                section: None,
                block: Some(b),
                offset: None,
            },
            out,
        );
    }
}

/// Every other label of the list, a category (优秀信息员) or an award (一等奖), against
/// the count the prose states for it (共评出优秀信息员5名, 一等奖三名): compared only
/// when the prose states one count for the label, against the rows of the whole list.
fn label_tallies(
    categories: &[crate::model::AwardCategory],
    covered: &std::collections::BTreeSet<String>,
    prose: &str,
    title: &str,
    place: Place,
    out: &mut Vec<Finding>,
) {
    let mut labels: Vec<&str> = Vec::new();
    for c in categories {
        // A category named like an honour (优秀信息员, 组织奖); one named by a kind of
        // work (摄影) is counted in the prose by entries too (收到摄影作品84幅).
        let honour = [
            "奖", "员", "者", "单位", "集体", "个人", "标兵", "能手", "模范", "之星",
        ]
        .iter()
        .any(|end| c.name.ends_with(end))
            || ["优秀", "先进"].iter().any(|w| c.name.contains(w));
        if honour {
            labels.push(&c.name);
        }
        for r in &c.rows {
            if let AwardRow::Person { award, .. } = r {
                labels.push(award);
            }
        }
    }
    labels.sort_unstable();
    labels.dedup();
    for label in labels {
        if label.chars().count() < 2 || covered.contains(label) {
            continue;
        }
        // A label inside a longer one (一等奖 in 优秀组织一等奖) is counted there.
        let listed: usize = categories
            .iter()
            .map(|c| {
                if c.name == label {
                    c.rows.len()
                } else {
                    c.rows
                        .iter()
                        .filter(|r| matches!(r, AwardRow::Person { award, .. } if award == label))
                        .count()
                }
            })
            .sum();
        let mut stated: Vec<usize> = Vec::new();
        for (pos, _) in prose.match_indices(label) {
            if let Some(count) = count_after(&prose[pos + label.len()..]) {
                stated.push(count);
            }
        }
        stated.dedup();
        if let [want] = stated[..] {
            if want != listed {
                out.push(Finding {
                    code: "award-tally",
                    zh: format!("文章“{title}”：正文说{label}{want}个，名单里有{listed}个"),
                    place,
                    fix: None,
                });
            }
        }
    }
}

/// The count that opens `s` (`5名`, ` 12 人`, `共三名`, `十五个`), if it is one.
fn count_after(s: &str) -> Option<usize> {
    let s = s.trim_start_matches([' ', '\u{3000}']);
    let s = s.strip_prefix('共').unwrap_or(s);
    let s = s.trim_start_matches([' ', '\u{3000}']);
    let number: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || "零一二两三四五六七八九十百".contains(*c))
        .collect();
    let rest = s[number.len()..].trim_start_matches([' ', '\u{3000}']);
    if !rest.starts_with(|c: char| "名个人家篇件幅项位支组".contains(c)) {
        return None;
    }
    if number.chars().all(|c| c.is_ascii_digit()) {
        number.parse().ok()
    } else {
        chinese_number(&number)
    }
}

/// 三 → 3, 十五 → 15, 二十 → 20, 一百零八 → 108 (counts in prose).
fn chinese_number(s: &str) -> Option<usize> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|b| b / 3)
            .or((c == '两').then_some(2))
    };
    let mut total = 0;
    let mut current: Option<usize> = None;
    for c in s.chars() {
        match c {
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
            }
            '百' => {
                total += current? * 100;
                current = None;
            }
            _ => current = Some(digit(c)?),
        }
    }
    let value = total + current.unwrap_or(0);
    (!s.is_empty() && value > 0).then_some(value)
}

/// `特等奖1幅、一等奖1幅` → [(特等奖, 1), (一等奖, 1)].
fn counts_in(s: &str) -> Vec<(String, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '奖' && i >= 1 {
            // The award name: up to 3 characters before 奖 (特等, 一等, 纪念, 组织).
            let start = i.saturating_sub(2);
            let name: String = chars[start..=i].iter().collect();
            let mut j = i + 1;
            let mut digits = String::new();
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == ' ') {
                if chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                }
                j += 1;
            }
            if let Ok(count) = digits.parse() {
                if j < chars.len() && "幅件名个人项".contains(chars[j]) {
                    out.push((name, count));
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}
