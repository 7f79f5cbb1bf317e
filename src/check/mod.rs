//! Proofreading (house-format.md §5.6–§5.8): usage checks on the issue's text that a
//! careful editor does by eye — half-width punctuation in Chinese text, straight quotes,
//! unbalanced brackets, doubled characters, `——` for a range, ordinal punctuation,
//! full-width digits, zero-padded dates, spaces between Han characters, award-list
//! tallies that disagree with the article's own counts, empty sections and articles
//! without a byline.
//!
//! Checks only report. A finding may carry a fix the editor applies on the user's click
//! (only where the fix cannot change meaning); nothing is rewritten here.

#[cfg(test)]
mod corpus;
mod words;

use crate::layout::cjk;
use crate::model::{Article, AwardRow, Block, Date, Issue, IssueMeta};
use std::collections::BTreeMap;

/// Where a finding is: the article (print order), the block and the character offset
/// in that block's text; `None` for the title or for the article as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub article: Option<usize>,
    pub section: Option<usize>,
    pub block: Option<usize>,
    /// Character (not byte) offset in the text.
    pub offset: Option<usize>,
}

/// A replacement the user can apply with one click: `len` chars at the finding's offset
/// of the block's text become `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub len: usize,
    pub to: String,
    /// Fingerprint of the whole text the finding was made on: the editor proofreads on
    /// a worker, so by the click the text may have changed and the offset point
    /// elsewhere; [`apply`] refuses then.
    pub seen: u64,
}

/// A deterministic fingerprint of a text (FNV-1a), the same in every run.
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One proofreading finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, e.g. `halfwidth-punct`.
    pub code: &'static str,
    /// Message in Chinese for the editor.
    pub zh: String,
    pub place: Place,
    pub fix: Option<Fix>,
}

/// Checks the whole issue (the masthead's date against today's local date).
pub fn proofread(issue: &Issue) -> Vec<Finding> {
    proofread_cached(issue, &mut ProofreadCache::default())
}

/// [`proofread`] with the date taken as today, so results are reproducible.
pub fn proofread_on(issue: &Issue, today: Date) -> Vec<Finding> {
    proofread_cached_on(issue, &mut ProofreadCache::default(), today)
}

/// Each article's findings from the last proofreading: the editor proofreads the whole
/// issue after every keystroke, and a long issue's text takes longer to check than to
/// lay out again; an article's findings depend only on it and its position.
#[derive(Default)]
pub struct ProofreadCache {
    articles: Vec<Option<(Article, Vec<Finding>)>>,
}

/// [`proofread`], checking again only the articles that changed since the last call
/// with `cache`; the result is the same.
pub fn proofread_cached(issue: &Issue, cache: &mut ProofreadCache) -> Vec<Finding> {
    proofread_cached_on(issue, cache, Date::today())
}

/// [`proofread_cached`] with the date taken as today.
pub fn proofread_cached_on(issue: &Issue, cache: &mut ProofreadCache, today: Date) -> Vec<Finding> {
    let mut out = masthead(&issue.meta, today);
    for (s, section) in issue.sections.iter().enumerate() {
        if section.articles.is_empty() {
            out.push(Finding {
                code: "empty-section",
                zh: format!("栏目【{}】没有文章", section.label),
                place: Place {
                    article: None,
                    section: Some(s),
                    block: None,
                    offset: None,
                },
                fix: None,
            });
        }
    }
    let mut count = 0;
    for (n, article) in issue.articles().enumerate() {
        count = n + 1;
        if cache.articles.len() <= n {
            cache.articles.resize_with(n + 1, || None);
        }
        match &cache.articles[n] {
            Some((kept, findings)) if kept == article => out.extend(findings.iter().cloned()),
            _ => {
                let mut findings = Vec::new();
                check_article(article, n, &mut findings);
                out.extend(findings.iter().cloned());
                cache.articles[n] = Some((article.clone(), findings));
            }
        }
    }
    cache.articles.truncate(count);
    out
}

/// The earliest year a masthead may carry without a finding.
const EARLIEST_YEAR: i32 = 1949;

/// Masthead numbers and date that cannot be right (第0期, 总第 below 第, a date far from
/// the numbering year or from today): the masthead is copied from the last issue and
/// edited by hand, where a digit slips easily.
fn masthead(meta: &IssueMeta, today: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |code: &'static str, zh: String| {
        out.push(Finding {
            code,
            zh: format!("报头：{zh}"),
            place: Place {
                article: None,
                section: None,
                block: None,
                offset: None,
            },
            fix: None,
        })
    };
    let issue = if meta.supplement { "增刊第" } else { "第" };
    if meta.issue_no == 0 {
        push(
            "masthead-number",
            format!("期号是“{issue}0期”，期号从1开始"),
        );
    }
    // Numbered per year: even a daily bulletin stops at 366.
    if meta.issue_no > 366 {
        push(
            "masthead-number",
            format!(
                "期号是“{issue}{}期”，按年编号的期号不会超过366",
                meta.issue_no
            ),
        );
    }
    if let Some(total) = meta.total_no {
        if total < meta.issue_no && !meta.supplement {
            push(
                "masthead-number",
                format!(
                    "“总第{total}期”小于“第{}期”，总期数不会小于当年的期号",
                    meta.issue_no
                ),
            );
        }
        if total == 0 {
            push("masthead-number", "“总第0期”：总期数从1开始".into());
        }
    }
    // A year no bulletin can carry: before modern bulletins (the association numbering
    // an archive issue from the 1950s is still accepted) or after next year.
    if !(EARLIEST_YEAR..=today.year.saturating_add(1)).contains(&meta.year) {
        push(
            "masthead-year",
            format!(
                "期号年份是{}年，不可能（应在{EARLIEST_YEAR}年到{}年之间）",
                meta.year,
                today.year.saturating_add(1)
            ),
        );
    }
    // The date may fall a little outside the numbering year (the last issue of a year
    // printed in early January), not months.
    let days = |d: Date| d.days_since_epoch();
    let year_start = Date::new(meta.year, 1, 1).map(days);
    let year_end = Date::new(meta.year, 12, 31).map(days);
    if let (Some(start), Some(end)) = (year_start, year_end) {
        let d = days(meta.date);
        if d < start - 92 || d > end + 92 {
            push(
                "masthead-year",
                format!(
                    "期号年份是{}年，出刊日期却是{}，相差太远",
                    meta.year,
                    meta.date.chinese()
                ),
            );
        }
    }
    let away = (days(meta.date) - days(today)).abs();
    if away > 366 {
        push(
            "masthead-date",
            format!(
                "出刊日期{}离今天（{}）超过一年，请确认日期",
                meta.date.chinese(),
                today.chinese()
            ),
        );
    }
    out
}

fn check_article(a: &Article, n: usize, out: &mut Vec<Finding>) {
    let title = a.title.replace('\n', "");
    let at = |block: Option<usize>, offset: Option<usize>| Place {
        article: Some(n),
        section: None,
        block,
        offset,
    };
    check_text(&a.title, &title, "标题", at(None, None), out);
    if let Some(sub) = &a.subtitle {
        check_text(sub, &title, "副题", at(None, None), out);
    }
    for (b, block) in a.blocks.iter().enumerate() {
        if let Block::Paragraph { text } | Block::ListIntro { text } = block {
            check_text(
                text,
                &title,
                &format!("第{}段", b + 1),
                at(Some(b), None),
                out,
            );
        }
    }
    let has_prose = a
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { .. }));
    if a.attribution.is_none() && has_prose {
        out.push(Finding {
            code: "no-attribution",
            zh: format!("文章“{title}”没有署名（作者或来源）"),
            place: at(None, None),
            fix: None,
        });
    }
    award_tallies(a, &title, n, out);
}

/// Usage checks on one text. `place` names the block; offsets are filled in here.
fn check_text(text: &str, title: &str, what: &str, place: Place, out: &mut Vec<Finding>) {
    let chars: Vec<char> = text.chars().collect();
    let seen = fingerprint(text);
    let first = out.len();
    let mut push = |code: &'static str, zh: String, offset: usize, fix: Option<Fix>| {
        out.push(Finding {
            code,
            zh: format!("文章“{title}”{what}：{zh}"),
            place: Place {
                offset: Some(offset),
                ..place
            },
            fix: fix.map(|f| Fix { seen, ..f }),
        });
    };
    let han_near = |i: usize| {
        (i > 0 && is_cjk_text(chars[i - 1])) || chars.get(i + 1).is_some_and(|&c| is_cjk_text(c))
    };
    for (i, &c) in chars.iter().enumerate() {
        let context = || -> String {
            let from = i.saturating_sub(4);
            chars[from..(i + 5).min(chars.len())].iter().collect()
        };
        // Half-width punctuation next to Chinese text.
        if let Some(full) = full_width_of(c) {
            // A full stop or colon between digits or Latin is part of a number or a word.
            let inside_latin = i > 0
                && chars[i - 1].is_ascii_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
            // 1.加强领导: the house style's ordinal, not a full stop.
            let ordinal_stop = c == '.' && words::opens_item_number(&chars, i);
            if han_near(i) && !inside_latin && !ordinal_stop {
                push(
                    "halfwidth-punct",
                    format!("中文里用了半角标点“{c}”，应为“{full}”（…{}…）", context()),
                    i,
                    Some(Fix {
                        seen: 0,
                        len: 1,
                        to: full.to_string(),
                    }),
                );
            }
        }
        if c == '"' || c == '\'' {
            push(
                "straight-quotes",
                format!(
                    "用了直引号“{c}”，中文应使用弯引号 “ ” 或 ‘ ’（…{}…）",
                    context()
                ),
                i,
                None,
            );
        }
        // Full-width digits and letters.
        if ('０'..='９').contains(&c) || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
        {
            let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            push(
                "fullwidth-alnum",
                format!("全角字母或数字“{c}”应为半角“{half}”"),
                i,
                Some(Fix {
                    seen: 0,
                    len: 1,
                    to: half.to_string(),
                }),
            );
        }
        // A space between two Han characters.
        if c == ' '
            && i > 0
            && cjk::is_han(chars[i - 1])
            && chars.get(i + 1).is_some_and(|&n| cjk::is_han(n))
        {
            push(
                "space-between-han",
                format!("汉字之间有空格（…{}…）", context()),
                i,
                Some(Fix {
                    seen: 0,
                    len: 1,
                    to: String::new(),
                }),
            );
        }
        // A doubled character that is almost always a slip (9月月, 的的), unless the
        // first ends a word or the second begins one (现在在家, 为了了解, 的的确确).
        if i > 0
            && chars[i - 1] == c
            && is_doubling_slip(&chars, i)
            && !words::doubling_is_words(&chars, i)
        {
            push(
                "doubled-char",
                format!("“{c}{c}”可能多打了一个字（…{}…）", context()),
                i,
                Some(Fix {
                    seen: 0,
                    len: 1,
                    to: String::new(),
                }),
            );
        }
        // —— between numbers or dates: a range takes — or ～, not a dash.
        if c == '—' && chars.get(i + 1) == Some(&'—') && (i == 0 || chars[i - 1] != '—') {
            let before = chars[..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .take(3)
                .collect::<String>();
            let after: String = chars[i + 2..].iter().take(2).collect();
            let numeric_before = before.chars().any(|c| c.is_ascii_digit())
                || before.starts_with(['日', '月', '年', '时']);
            let numeric_after = after.chars().next().is_some_and(|c| c.is_ascii_digit());
            if numeric_before && numeric_after {
                push(
                    "dash-range",
                    format!(
                        "表示范围不用破折号“——”，应用一字线“—”或浪纹线“～”（…{}…）",
                        context()
                    ),
                    i,
                    None,
                );
            }
        }
        // Ordinal punctuation: 1、 (anywhere an item starts) and （一）、 or （1）、.
        if c == '、' && words::arabic_ordinal_at(&chars, i) {
            push(
                "ordinal-punct",
                format!("阿拉伯数字序号后应用下脚点“.”，不用顿号（…{}…）", context()),
                i,
                Some(Fix {
                    seen: 0,
                    len: 1,
                    to: ".".into(),
                }),
            );
        }
        if c == '、' && i >= 3 && chars[i - 1] == '）' {
            let open = chars[..i - 1].iter().rposition(|&c| c == '（');
            let inner = open.map(|o| &chars[o + 1..i - 1]);
            if let Some(inner) = inner.filter(|n| {
                (1..=3).contains(&n.len())
                    && (n.iter().all(|c| "一二三四五六七八九十".contains(*c))
                        || n.iter().all(|c| c.is_ascii_digit()))
            }) {
                let inner: String = inner.iter().collect();
                push(
                    "ordinal-punct",
                    format!("序号“（{inner}）”后面不再加顿号（…{}…）", context()),
                    i,
                    Some(Fix {
                        seen: 0,
                        len: 1,
                        to: String::new(),
                    }),
                );
            }
        }
        // Zero-padded dates: 09月, 2021年09月05日.
        if c == '0'
            && chars
                .get(i + 1)
                .is_some_and(|d| d.is_ascii_digit() && *d != '0')
            && chars.get(i + 2).is_some_and(|&u| u == '月' || u == '日')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            push(
                "date-zero-padding",
                format!("日期不加前导零（…{}…）", context()),
                i,
                Some(Fix {
                    seen: 0,
                    len: 1,
                    to: String::new(),
                }),
            );
        }
    }
    for slip in words::particle_slips(&chars) {
        let i = slip.at;
        // The phrase around the particle, within the clause: 更好的为联.
        let from = (i.saturating_sub(4)..i)
            .rev()
            .take_while(|&k| cjk::is_han(chars[k]))
            .last()
            .unwrap_or(i);
        let to = (i + 1..(i + 3).min(chars.len()))
            .take_while(|&k| cjk::is_han(chars[k]))
            .last()
            .map_or(i + 1, |k| k + 1);
        let wrong: String = chars[from..to].iter().collect();
        let right: String = chars[from..to]
            .iter()
            .enumerate()
            .map(|(k, &c)| if from + k == i { slip.right } else { c })
            .collect();
        let role = if slip.right == '地' {
            "修饰动词的状语后用“地”"
        } else {
            "动词后接程度补语用“得”"
        };
        let context: String = chars[i.saturating_sub(6)..(i + 6).min(chars.len())]
            .iter()
            .collect();
        push(
            "de-di-de",
            format!("“{wrong}”应为“{right}”：{role}（…{context}…）"),
            i,
            Some(Fix {
                seen: 0,
                len: 1,
                to: slip.right.to_string(),
            }),
        );
    }
    for (at, len) in words::doubled_words(&chars) {
        let word: String = chars[at..at + len].iter().collect();
        let from = at.saturating_sub(len + 2);
        let context: String = chars[from..(at + len + 3).min(chars.len())]
            .iter()
            .collect();
        push(
            "doubled-word",
            format!("“{word}{word}”可能重复了一遍（…{context}…）"),
            at,
            Some(Fix {
                seen: 0,
                len,
                to: String::new(),
            }),
        );
    }
    brackets(&chars, &mut push);
    // In reading order, whichever rule found them.
    out[first..].sort_by_key(|f| f.place.offset);
}

/// Chinese text: Han characters and full-width punctuation.
fn is_cjk_text(c: char) -> bool {
    cjk::is_han(c) || (cjk::is_wide(c) && !c.is_ascii())
}

fn full_width_of(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '.' => '。',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Whether `chars[i - 1] == chars[i]` is a typing slip rather than a word (常常, 人人).
fn is_doubling_slip(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let after_number = i >= 2 && chars[i - 2].is_ascii_digit();
    match c {
        // 9月月, 15日日, 2021年年
        '年' | '月' | '日' | '时' | '号' | '个' | '名' | '幅' | '件' => after_number,
        // Function words are not doubled in written Chinese.
        '的' | '了' | '是' | '在' | '和' | '与' | '及' | '对' | '将' | '把' | '被' | '为' => {
            true
        }
        // 共有有28家: a verb of quantity doubled before a number.
        '有' | '共' | '约' | '近' | '达' | '超' => {
            chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Unbalanced or mis-nested （）“”‘’《》【】〈〉.
fn brackets(chars: &[char], push: &mut impl FnMut(&'static str, String, usize, Option<Fix>)) {
    let pairs = [
        ('（', '）'),
        ('“', '”'),
        ('‘', '’'),
        ('《', '》'),
        ('【', '】'),
        ('〈', '〉'),
    ];
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if let Some(&(open, _)) = pairs.iter().find(|(o, _)| *o == c) {
            stack.push((open, i));
        } else if let Some(&(open, close)) = pairs.iter().find(|(_, cl)| *cl == c) {
            match stack.last() {
                Some(&(top, _)) if top == open => {
                    stack.pop();
                }
                Some(&(top, at)) if stack.iter().any(|(o, _)| *o == open) => {
                    push(
                        "unbalanced-brackets",
                        format!(
                            "“{top}”在“{close}”之前没有闭合（第{}个字处），括号或引号嵌套错了",
                            at + 1
                        ),
                        i,
                        None,
                    );
                    while let Some((o, _)) = stack.pop() {
                        if o == open {
                            break;
                        }
                    }
                }
                _ => push(
                    "unbalanced-brackets",
                    format!("“{close}”没有对应的“{open}”"),
                    i,
                    None,
                ),
            }
        }
    }
    for (open, at) in stack {
        push("unbalanced-brackets", format!("“{open}”没有闭合"), at, None);
    }
}

/// The award list's counts per category and award against the counts the article's
/// prose states (e.g. 书法作品特等奖1幅、一等奖1幅、二等奖3幅、三等奖4幅；纪念奖13名).
fn award_tallies(a: &Article, title: &str, n: usize, out: &mut Vec<Finding>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribution, AttributionKind, AwardCategory, Placement, Section};

    /// Proofreading with the editor's cache after edits that add, fix, move and remove
    /// findings gives exactly what proofreading afresh gives, and reuses what held.
    #[test]
    fn cached_proofreading_equals_proofreading_afresh() {
        let mut issue = Issue::sample();
        let mut cache = ProofreadCache::default();
        assert_eq!(
            proofread_cached_on(&issue, &mut cache, today()),
            proofread(&issue)
        );
        let edits: [fn(&mut Issue); 5] = [
            // A slip typed into a paragraph.
            |i| {
                if let Some(Block::Paragraph { text }) =
                    i.sections[0].articles[0].blocks.first_mut()
                {
                    text.push_str("好好,");
                }
            },
            // The first article moved to the end: every position changes.
            |i| {
                let a = i.sections[0].articles.remove(0);
                i.sections[3].articles.push(a);
            },
            // A section emptied.
            |i| i.sections[1].articles.clear(),
            // A title changed.
            |i| i.sections[2].articles[0].title.push_str("\"引号\""),
            // Articles removed from the end.
            |i| {
                i.sections.truncate(2);
            },
        ];
        for (k, edit) in edits.iter().enumerate() {
            edit(&mut issue);
            assert_eq!(
                proofread_cached_on(&issue, &mut cache, today()),
                proofread(&issue),
                "after edit {k}"
            );
        }
    }

    fn today() -> Date {
        Date::new(2021, 10, 8).unwrap()
    }

    /// Proofreading on a fixed day near the sample's date, so results do not age.
    fn proofread(issue: &Issue) -> Vec<Finding> {
        proofread_on(issue, today())
    }

    fn issue_with(paragraphs: &[&str]) -> Issue {
        let mut issue = Issue::sample();
        issue.front.clear();
        issue.sections = vec![Section {
            label: "测试".into(),
            articles: vec![Article {
                title: "测试文章".into(),
                subtitle: None,
                blocks: paragraphs
                    .iter()
                    .map(|t| Block::Paragraph {
                        text: t.to_string(),
                    })
                    .collect(),
                attribution: Some(Attribution {
                    kind: AttributionKind::Author {
                        names: vec!["王婧".into()],
                    },
                    placement: Placement::Auto,
                }),
            }],
        }];
        issue
    }

    fn codes(text: &str) -> Vec<&'static str> {
        proofread(&issue_with(&[text]))
            .iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn each_usage_check_finds_its_slip_and_passes_clean_text() {
        let cases: [(&str, &str, &str); 9] = [
            (
                "halfwidth-punct",
                "我们开会,讨论工作。",
                "我们开会，讨论工作。版本1.5和IPv6:80。",
            ),
            ("straight-quotes", "他说\"好\"。", "他说“好”。"),
            (
                "unbalanced-brackets",
                "（据国资网。",
                "（据国资网）《报告（摘要）》“好‘对’”。",
            ),
            (
                "doubled-char",
                "9月月15日发布。",
                "大家常常说，人人有责，9月15日发布。",
            ),
            (
                "dash-range",
                "于9月15日——20日展出。",
                "他说——这是真的。9月15日—20日。",
            ),
            (
                "ordinal-punct",
                "1、加强领导。（一）、提高认识。",
                "一、加强领导。1.提高认识。",
            ),
            ("fullwidth-alnum", "共有１２个城市。", "共有12个城市。"),
            (
                "date-zero-padding",
                "2021年09月05日发布。",
                "2021年9月5日发布，共100个。",
            ),
            (
                "space-between-han",
                "山西 移动召开会议。",
                "山西移动召开5G会议。",
            ),
        ];
        for (code, bad, good) in cases {
            assert!(
                codes(bad).contains(&code),
                "{code} not found in {bad}: {:?}",
                codes(bad)
            );
            assert!(
                !codes(good).contains(&code),
                "{code} wrongly found in {good}: {:?}",
                codes(good)
            );
        }
    }

    /// A number and full stop opening an item (1.加强) is the house style's ordinal,
    /// not a half-width full stop; （1）、 is an ordinal slip like （一）、; a quantity
    /// verb doubled before a number (共有有28家) is a slip.
    #[test]
    fn item_numbers_parenthesised_ordinals_and_doubled_quantity_verbs() {
        assert!(!codes("要求：1.加强领导；2.落实责任。").contains(&"halfwidth-punct"));
        assert!(codes("工作已经完成.下一步继续推进。").contains(&"halfwidth-punct"));
        assert!(codes("安排如下：（1）、5月自查；（2）、6月抽查。").contains(&"ordinal-punct"));
        assert!(!codes("安排如下：（1）5月自查；（2）6月抽查。").contains(&"ordinal-punct"));
        assert!(codes("全省共有有28家单位参加。").contains(&"doubled-char"));
        assert!(!codes("没有有效的措施，共有28家。").contains(&"doubled-char"));
    }

    #[test]
    fn empty_sections_and_missing_bylines_are_reported() {
        let mut issue = issue_with(&["正文。"]);
        issue.sections.push(Section {
            label: "空栏目".into(),
            articles: Vec::new(),
        });
        issue.sections[0].articles[0].attribution = None;
        let found: Vec<&str> = proofread(&issue).iter().map(|f| f.code).collect();
        assert!(found.contains(&"empty-section"));
        assert!(found.contains(&"no-attribution"));
        let clean: Vec<&str> = proofread(&issue_with(&["正文。"]))
            .iter()
            .map(|f| f.code)
            .collect();
        assert!(!clean.contains(&"empty-section") && !clean.contains(&"no-attribution"));
    }

    #[test]
    fn the_seeds_own_slips_are_found() {
        let findings = proofread(&Issue::sample());
        let of = |code: &str| findings.iter().filter(|f| f.code == code).count();
        assert!(findings
            .iter()
            .any(|f| f.code == "doubled-char" && f.zh.contains("月月")));
        assert!(findings
            .iter()
            .any(|f| f.code == "dash-range" && f.zh.contains("15日——20日")));
        // 书法 三等奖 4 stated / 5 listed, 绘画 二等奖 2 / 3, 纪念奖 13 / 14.
        assert_eq!(of("award-tally"), 3, "{findings:#?}");
        for f in findings.iter().filter(|f| f.code == "award-tally") {
            assert!(
                f.zh.contains("三等奖4") || f.zh.contains("二等奖2") || f.zh.contains("纪念奖13"),
                "{}",
                f.zh
            );
        }
        // The sample is otherwise clean of usage slips.
        for code in [
            "halfwidth-punct",
            "straight-quotes",
            "unbalanced-brackets",
            "fullwidth-alnum",
            "date-zero-padding",
            "space-between-han",
            "ordinal-punct",
            "empty-section",
        ] {
            assert_eq!(of(code), 0, "{code}: {findings:#?}");
        }
    }

    fn person(award: &str) -> AwardRow {
        AwardRow::Person {
            name: "张三".into(),
            org: "山西移动太原分公司".into(),
            award: award.into(),
        }
    }

    fn tallies(prose: &str, categories: Vec<AwardCategory>) -> Vec<String> {
        let mut issue = issue_with(&[prose]);
        issue.sections[0].articles[0]
            .blocks
            .push(Block::AwardList { categories });
        proofread(&issue)
            .into_iter()
            .filter(|f| f.code == "award-tally")
            .map(|f| f.zh)
            .collect()
    }

    /// A count the prose states for a list label (a category such as 优秀信息员, or an
    /// award) is compared with the rows, in Arabic or Chinese numerals; counts that
    /// agree, or a label the prose gives two different counts for, say nothing.
    #[test]
    fn tallies_by_label_compare_prose_counts_with_rows() {
        let informants = |n: usize| AwardCategory {
            name: "优秀信息员".into(),
            rows: (0..n).map(|_| person("优秀信息员")).collect(),
        };
        let found = tallies("经评审，共评出优秀信息员5名。", vec![informants(4)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("优秀信息员5") && found[0].contains('4'),
            "{found:?}"
        );
        assert!(tallies("共评出优秀信息员5名。", vec![informants(5)]).is_empty());
        // Chinese numerals and rows that name the award, in a category of another name.
        let essays = AwardCategory {
            name: "征文".into(),
            rows: vec![person("一等奖"), person("二等奖"), person("二等奖")],
        };
        let found = tallies("评出一等奖一名、二等奖三名。", vec![essays.clone()]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("二等奖3"), "{found:?}");
        assert!(tallies("评出一等奖一名、二等奖两名。", vec![essays.clone()]).is_empty());
        // Organisation rows count for their category: 优秀组织奖3个 against 2 rows.
        let organisers = AwardCategory {
            name: "优秀组织奖".into(),
            rows: vec![
                AwardRow::Org {
                    org: "山西移动".into(),
                },
                AwardRow::Org {
                    org: "山西电信".into(),
                },
            ],
        };
        assert_eq!(tallies("另评出优秀组织奖3个。", vec![organisers]).len(), 1);
        // A category named by a kind of work: the prose may count entries by it.
        let photos = AwardCategory {
            name: "摄影".into(),
            rows: vec![person("一等奖")],
        };
        assert!(tallies("共收到摄影84幅，评出一等奖1名。", vec![photos]).is_empty());
        // Two different counts for one label: which is meant is unclear, so nothing.
        assert!(tallies("一等奖1名……其中一等奖2名", vec![essays]).is_empty());
    }

    /// After import too: a list imported from pasted text is checked against the prose
    /// imported with it.
    #[test]
    fn tallies_are_checked_on_an_imported_article() {
        let text = "征文比赛评选结果揭晓\n\n经专家评审，共评出一等奖1名、二等奖3名。\n\n获奖名单如下：\n\n一、征文\n张三　山西移动太原分公司　一等奖\n李四　山西电信晋中分公司　二等奖\n王五　山西联通大同分公司　二等奖\n";
        let articles = crate::import::articles_from_text(text);
        assert!(
            articles.iter().any(|a| a
                .blocks
                .iter()
                .any(|b| matches!(b, Block::AwardList { .. }))),
            "the import gives an award list: {articles:#?}"
        );
        let mut issue = issue_with(&[]);
        issue.sections[0].articles = articles;
        let found: Vec<String> = proofread(&issue)
            .into_iter()
            .filter(|f| f.code == "award-tally")
            .map(|f| f.zh)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("二等奖3"), "{found:?}");
    }

    fn masthead_codes(edit: impl FnOnce(&mut IssueMeta), today: Date) -> Vec<&'static str> {
        let mut meta = Issue::sample().meta;
        meta.year = 2024;
        meta.issue_no = 5;
        meta.total_no = Some(120);
        meta.supplement = false;
        meta.date = Date::new(2024, 5, 20).unwrap();
        edit(&mut meta);
        masthead(&meta, today).iter().map(|f| f.code).collect()
    }

    /// 第0期, 总第 below 第, a date far outside the numbering year and a date more than
    /// a year from today are reported; a sound masthead and the last issue of a year
    /// printed in early January are not.
    #[test]
    fn masthead_numbers_and_dates_that_cannot_be_right() {
        let today = Date::new(2024, 6, 1).unwrap();
        assert!(masthead_codes(|_| {}, today).is_empty());
        assert_eq!(
            masthead_codes(|m| m.issue_no = 0, today),
            vec!["masthead-number"]
        );
        assert_eq!(
            masthead_codes(|m| m.total_no = Some(3), today),
            vec!["masthead-number"]
        );
        assert_eq!(
            masthead_codes(|m| m.year = 2014, today),
            vec!["masthead-year"]
        );
        // The date typed 2042 for 2024: far from the year and from today.
        let codes = masthead_codes(|m| m.date = Date::new(2042, 5, 20).unwrap(), today);
        assert!(codes.contains(&"masthead-year") && codes.contains(&"masthead-date"));
        // An old issue opened two years later: only the date is far from today.
        assert_eq!(
            masthead_codes(|_| {}, Date::new(2026, 6, 1).unwrap()),
            vec!["masthead-date"]
        );
        // 2024年第24期 printed on 5 January 2025 is normal.
        assert!(masthead_codes(
            |m| {
                m.issue_no = 24;
                m.date = Date::new(2025, 1, 5).unwrap();
            },
            Date::new(2025, 1, 6).unwrap()
        )
        .is_empty());
    }

    /// Generated mastheads: sound ones (a date within the last 300 days, its year, 第1–52期,
    /// 总第 at least 第) give no finding; each with one value broken — 第0期, 第 above
    /// 366, 总第 below 第, a year no bulletin carries (0, 99999, i32 extremes), a date
    /// more than a year from today — gives the finding for that value.
    #[test]
    fn masthead_sanity_on_generated_values() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n.max(1)
        };
        let codes = |meta: &IssueMeta, today: Date| -> Vec<&'static str> {
            masthead(meta, today).iter().map(|f| f.code).collect()
        };
        for round in 0..2000 {
            let today = Date::from_days(
                Date::new(2000, 1, 1).unwrap().days_since_epoch() + next(60 * 365) as i64,
            );
            let date = Date::from_days(today.days_since_epoch() - next(300) as i64);
            let mut meta = Issue::sample().meta;
            meta.supplement = next(4) == 0;
            meta.year = date.year;
            meta.date = date;
            meta.issue_no = 1 + next(52) as u32;
            meta.total_no = (next(3) > 0).then(|| meta.issue_no + next(500) as u32);
            assert!(
                codes(&meta, today).is_empty(),
                "round {round}: {meta:?} on {today}: {:?}",
                masthead(&meta, today)
            );
            let mut m = meta.clone();
            match round % 5 {
                0 => m.issue_no = 0,
                1 => m.issue_no = 367 + next(u64::from(u32::MAX - 367)) as u32,
                2 => {
                    m.supplement = false;
                    m.issue_no = 2 + next(50) as u32;
                    m.total_no = Some(1 + next(u64::from(m.issue_no - 1)) as u32);
                }
                3 => {
                    m.year = match next(5) {
                        0 => 0,
                        1 => 99999,
                        2 => i32::MAX,
                        3 => i32::MIN,
                        _ => today.year + 2 + next(1000) as i32,
                    }
                }
                _ => {
                    let away = 367 + next(1_000_000) as i64;
                    let sign = if next(2) == 0 { -1 } else { 1 };
                    m.date = Date::from_days(today.days_since_epoch() + sign * away);
                }
            }
            let want = [
                "masthead-number",
                "masthead-number",
                "masthead-number",
                "masthead-year",
                "masthead-date",
            ][round % 5];
            let got = codes(&m, today);
            assert!(
                got.contains(&want),
                "round {round}: {m:?} on {today}: {got:?}"
            );
        }
        // The issue's own cases on the sample's masthead, checked on its own date.
        let sample = Issue::sample().meta;
        let on = sample.date;
        for (edit, want) in [
            (
                Box::new(|m: &mut IssueMeta| m.issue_no = 0) as Box<dyn Fn(&mut IssueMeta)>,
                "第0期",
            ),
            (Box::new(|m: &mut IssueMeta| m.year = 0), "0年，不可能"),
            (
                Box::new(|m: &mut IssueMeta| m.year = 99999),
                "99999年，不可能",
            ),
            (
                Box::new(|m: &mut IssueMeta| {
                    m.total_no = Some(1);
                    m.issue_no = 9;
                }),
                "“总第1期”小于“第9期”",
            ),
        ] {
            let mut m = sample.clone();
            edit(&mut m);
            let found = masthead(&m, on);
            assert!(
                found.iter().any(|f| f.zh.contains(want)),
                "{want}: {found:?}"
            );
        }
        // Year 0 with a date in year 0 (both typed wrong the same way) is still named.
        let mut m = sample.clone();
        m.year = 0;
        m.date = Date::new(0, 9, 30).unwrap();
        assert!(codes(&m, on).contains(&"masthead-year"));
    }

    #[test]
    fn tallies_agree_when_the_list_matches_the_prose() {
        let mut issue = issue_with(&["共评出书法作品一等奖1幅、二等奖2幅。"]);
        issue.sections[0].articles[0].blocks.push(Block::AwardList {
            categories: vec![AwardCategory {
                name: "书法".into(),
                rows: ["一等奖", "二等奖", "二等奖"]
                    .iter()
                    .map(|a| AwardRow::Person {
                        name: "张三".into(),
                        org: "山西移动".into(),
                        award: a.to_string(),
                    })
                    .collect(),
            }],
        });
        assert!(!proofread(&issue).iter().any(|f| f.code == "award-tally"));
    }

    #[test]
    fn safe_fixes_apply_on_request_only() {
        let mut issue = issue_with(&["我们开会,讨论工作。共有１２个。"]);
        let findings = proofread_on(&issue, today());
        assert_eq!(
            issue.sections[0].articles[0].blocks.len(),
            1,
            "checking changes nothing"
        );
        assert!(findings.iter().filter(|f| f.fix.is_some()).count() >= 3);
        // Each fix is applied to the text it was computed on, then the text checked again.
        while let Some(f) = proofread_on(&issue, today())
            .into_iter()
            .find(|f| f.fix.is_some())
        {
            assert_eq!(apply(&mut issue, &f), Ok(()));
        }
        assert_eq!(
            issue.sections[0].articles[0].blocks[0],
            Block::Paragraph {
                text: "我们开会，讨论工作。共有12个。".into()
            }
        );
    }

    /// A fix computed before the paragraph changed is refused with a typed error and
    /// leaves the text alone, even where the offset would still be in range.
    #[test]
    fn a_stale_fix_is_refused() {
        let mut issue = issue_with(&["我们开会,讨论工作。"]);
        let findings = proofread_on(&issue, today());
        let comma = findings
            .iter()
            .find(|f| f.code == "halfwidth-punct")
            .unwrap()
            .clone();
        assert_eq!(verify(&issue, &comma), Ok(()));
        // The user types two characters before the comma: offset 4 is now 议.
        let Block::Paragraph { text } = &mut issue.sections[0].articles[0].blocks[0] else {
            unreachable!()
        };
        *text = "今天我们开会,讨论工作。".into();
        let before = issue.clone();
        assert_eq!(apply(&mut issue, &comma), Err(ApplyError::Changed));
        assert_eq!(issue, before, "nothing changed");
        assert!(!ApplyError::Changed.chinese().is_empty());
        // The paragraph removed altogether.
        issue.sections[0].articles[0].blocks.clear();
        assert_eq!(apply(&mut issue, &comma), Err(ApplyError::Gone));
        // A finding without a fix.
        let mut no_fix = comma.clone();
        no_fix.fix = None;
        assert_eq!(apply(&mut issue, &no_fix), Err(ApplyError::NoFix));
        // Text changed back to exactly what the finding saw: the fix applies again.
        issue.sections[0].articles[0].blocks.push(Block::Paragraph {
            text: "我们开会,讨论工作。".into(),
        });
        assert_eq!(apply(&mut issue, &comma), Ok(()));
    }
}
