//! The usage checks on one text (half-width punctuation, straight quotes, full-width
//! digits, spaces between Han characters, doubled characters and words, dashes for
//! ranges, ordinal punctuation, zero-padded dates, 的/地/得, brackets): the character
//! walk every title, subtitle and paragraph goes through.

use super::{fingerprint, words, Finding, Fix, Place};
use crate::layout::cjk;

/// Usage checks on one text. `place` names the block; offsets are filled in here.
pub(super) fn check_text(
    text: &str,
    title: &str,
    what: &str,
    place: Place,
    out: &mut Vec<Finding>,
) {
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
