//! Bylines and source notes in the forms found in the wild: （王婧）, （王婧　李明）,
//! （记者　王婧）, （据新华社）, （某某市通信管理局供稿）, （协会培训部）, 来源：…,
//! 作者：…, 通讯员　某某, 文／图　某某, on a line of their own or after the last
//! sentence of a paragraph. A dateline such as 新华社广州1月14日电（记者　某某） is not
//! a byline: a note counts only after the end of a sentence or on its own.

use super::lines::ends_sentence;
use crate::layout::cjk;
use crate::model::{Attribution, AttributionKind, Placement};

/// Words naming a contributor's role, dropped before the names.
const ROLES: [&str; 16] = [
    "特约记者",
    "文字",
    "撰文",
    "实习记者",
    "记者",
    "通讯员",
    "实习生",
    "文／图",
    "文/图",
    "图／文",
    "图/文",
    "图文",
    "作者",
    "撰稿",
    "摄影",
    "文",
];

/// Labels that introduce where an article comes from.
const SOURCE_LABELS: [&str; 5] = ["来源", "信息来源", "稿件来源", "转自", "转载自"];

/// Labels that introduce who wrote it.
const AUTHOR_LABELS: [&str; 12] = [
    "作者",
    "文字",
    "撰文",
    "文／图",
    "文/图",
    "图／文",
    "图/文",
    "文",
    "记者",
    "通讯员",
    "撰稿",
    "撰稿人",
];

/// Notes that close an article without naming anyone.
const NOT_BYLINES: [&str; 6] = ["完", "待续", "未完待续", "续", "全文完", "略"];

/// Organisation endings: a note ending so names a body, a source note.
pub(crate) const ORG_ENDINGS: [&str; 30] = [
    "公司",
    "协会",
    "联合会",
    "学会",
    "研究院",
    "设计院",
    "院",
    "局",
    "中心",
    "处",
    "部",
    "所",
    "站",
    "厂",
    "学校",
    "大学",
    "集团",
    "社",
    "委员会",
    "委",
    "单位",
    "办公室",
    "办",
    "厅",
    "室",
    "科",
    "队",
    "组",
    "供稿",
    "报",
];

/// Short names member units go by (晋中移动, 运城电信, 某某银行): the operator or
/// kind of body after a place name. A four-character word ending so is an
/// organisation, not a person.
pub(crate) const SHORT_ORG_ENDINGS: [&str; 12] = [
    "移动", "电信", "联通", "铁塔", "邮政", "广电", "银行", "分行", "支行", "医院", "政府", "街道",
];

/// Whether a word names an organisation by its ending (a full name such as
/// 山西省通信行业协会, or a short one such as 晋中移动).
pub(crate) fn ends_like_organisation(s: &str) -> bool {
    let s = s.trim();
    s.chars().count() >= 3
        && (ORG_ENDINGS
            .iter()
            .filter(|e| !matches!(**e, "供稿" | "报"))
            .any(|e| s.ends_with(e))
            || SHORT_ORG_ENDINGS.iter().any(|e| s.ends_with(e)))
}

fn attribution(kind: AttributionKind) -> Attribution {
    Attribution {
        kind,
        placement: Placement::Auto,
    }
}

/// Whether a word is a personal name: two to four Han characters (five to ten with a
/// middle dot, as in transcribed names), a Latin name, or a Latin name with its
/// Chinese form in parentheses (Zhang Wei（张伟）). A four-character word with an
/// organisation's ending (晋中移动) is no name.
pub(crate) fn is_person_name(s: &str) -> bool {
    let n = s.chars().count();
    let han = s.chars().all(cjk::is_han);
    if han {
        return (2..=3).contains(&n) || (n == 4 && !ends_like_organisation(s));
    }
    if s.contains('·') {
        return (3..=12).contains(&n) && s.chars().all(|c| c == '·' || cjk::is_han(c));
    }
    if let Some((latin, chinese)) = s
        .strip_suffix(['）', ')'])
        .and_then(|r| r.split_once(['（', '(']))
    {
        return is_latin_name(latin.trim())
            && chinese.chars().all(cjk::is_han)
            && (2..=4).contains(&chinese.chars().count());
    }
    is_latin_name(s)
}

fn is_latin_name(s: &str) -> bool {
    let n = s.chars().count();
    let latin = s
        .chars()
        .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''));
    latin && (2..=30).contains(&n) && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// The names of a byline such as `记者　王婧　通讯员　李明` or `王　婧`; `None` when a
/// word is not a name.
fn names(s: &str) -> Option<Vec<String>> {
    if is_person_name(s.trim()) {
        return Some(vec![s.trim().to_string()]);
    }
    let mut words: Vec<String> = Vec::new();
    for word in s
        .split([' ', '\u{3000}', '、', '，', ',', '；', '\t'])
        .filter(|w| !w.is_empty())
    {
        let mut w = word.trim_start_matches(['：', ':', '｜', '|']);
        // A role word, alone or glued to the name (记者王婧).
        while let Some(rest) = ROLES.iter().find_map(|r| w.strip_prefix(r)) {
            w = rest.trim_start_matches(['：', ':', '　', ' ', '｜', '|']);
        }
        if !w.is_empty() {
            words.push(w.to_string());
        }
    }
    // A two-character name padded with a space (王　婧).
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let single = |w: &String| w.chars().count() == 1 && w.chars().all(cjk::is_han);
        if single(&words[k]) && words.get(k + 1).is_some_and(single) {
            out.push(format!("{}{}", words[k], words[k + 1]));
            k += 2;
        } else {
            out.push(words[k].clone());
            k += 1;
        }
    }
    (!out.is_empty() && out.iter().all(|n| is_person_name(n))).then_some(out)
}

/// The attribution written inside a closing note's parentheses.
fn from_note(inner: &str) -> Option<AttributionKind> {
    let inner = inner.trim();
    let n = inner.chars().count();
    if n == 0 || n > 30 || NOT_BYLINES.contains(&inner) || inner.starts_with("此件") {
        return None;
    }
    if inner.contains(['。', '，', '（', '）', '(', ')', '；'])
        || inner.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    if inner.starts_with('据') {
        return Some(AttributionKind::Source {
            text: inner.to_string(),
        });
    }
    if inner.contains(['：', ':']) {
        return from_label(inner);
    }
    if let Some(names) = names(inner) {
        return Some(AttributionKind::Author { names });
    }
    // An office and the people in it (省协会秘书处　王婧　李明): the whole note is
    // kept as written, so nothing is lost.
    if let Some((office, people)) = inner.split_once(['\u{3000}', ' ']) {
        if ends_like_organisation(office) && names(people).is_some() {
            return Some(AttributionKind::Source {
                text: inner.to_string(),
            });
        }
    }
    let body = inner.trim_end_matches(['　', ' ']);
    (ORG_ENDINGS.iter().any(|e| body.ends_with(e)) && n <= 24).then(|| AttributionKind::Source {
        text: body.to_string(),
    })
}

/// `来源：新华社`, `作者：王婧`, `通讯员　李明`, `文／图　王婧` (a labelled line).
fn from_label(line: &str) -> Option<AttributionKind> {
    let t = line.trim();
    if t.chars().count() > 40 || t.ends_with(['。', '：', ':']) {
        return None;
    }
    for label in SOURCE_LABELS {
        if let Some(rest) = t.strip_prefix(label) {
            let rest = rest.trim_start_matches([' ', '\u{3000}']);
            if let Some(what) = rest.strip_prefix(['：', ':']) {
                let what = what.trim();
                if what.is_empty() || what.contains('，') {
                    return None;
                }
                return Some(AttributionKind::Source {
                    text: format!("{label}：{what}"),
                });
            }
        }
    }
    for label in AUTHOR_LABELS {
        let Some(rest) = t.strip_prefix(label) else {
            continue;
        };
        // A label ends with a colon or a space: 作者：王婧, 通讯员　李明; 文 alone
        // needs one of them (文化… is no label).
        let first = rest.chars().next()?;
        if !matches!(first, '：' | ':' | ' ' | '\u{3000}' | '\t' | '｜' | '|') {
            continue;
        }
        return names(t).map(|names| AttributionKind::Author { names });
    }
    None
}

/// A byline or source note standing alone on a line, in any of the forms above.
pub fn own_line(line: &str) -> Option<Attribution> {
    let t = line.trim();
    if let Some(inner) = parenthesised(t).filter(|(before, _)| before.is_empty()) {
        return from_note(inner.1).map(attribution);
    }
    from_label(t).map(attribution)
}

/// Whether a line is a date alone, as a notice is dated under its signature:
/// 2026年11月20日 or 二〇二六年十一月二十日 (spaces ignored).
pub(crate) fn is_date_line(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some((year, rest)) = t.split_once('年') else {
        return false;
    };
    let Some((month, day)) = rest.split_once('月') else {
        return false;
    };
    let Some(day) = day.strip_suffix('日') else {
        return false;
    };
    let numeral = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.chars().count())
            && s.chars()
                .all(|c| c.is_ascii_digit() || "〇○零一二三四五六七八九十".contains(c))
    };
    numeral(year, 4..=4) && numeral(month, 1..=3) && numeral(day, 1..=3)
}

/// The signature that closes a notice: the issuing body on one line and the date
/// under it (山西省通信行业协会 / 2026年11月20日), or both on one line. Returns the
/// note, kept as written with an ideographic space between body and date, and how
/// many lines it took.
pub fn signature(first: &str, second: Option<&str>) -> Option<(Attribution, usize)> {
    let body_ok = |b: &str| {
        let n = b.chars().count();
        (4..=30).contains(&n)
            && !b.contains(['，', '。', '：', ':', '；', '、', '（', '）', '“'])
            && !b.starts_with('各')
            && !b.ends_with("单位")
            && ends_like_organisation(b)
    };
    // A body of at most 30 characters and a date: longer lines are text (and are
    // not searched, so a long paragraph costs nothing here).
    if first.len() > 240 {
        return None;
    }
    let compact = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let first_c = compact(first);
    let note = |body: &str, date: &str| {
        attribution(AttributionKind::Source {
            text: format!("{body}\u{3000}{date}"),
        })
    };
    if let Some(date) = second.filter(|d| is_date_line(d)) {
        if body_ok(&first_c) {
            return Some((note(&first_c, &compact(date)), 2));
        }
    }
    // Body and date on one line: the date is the tail from its year on.
    let year_at = first_c
        .char_indices()
        .find(|&(k, _)| is_date_line(&first_c[k..]))
        .map(|(k, _)| k)?;
    let (body, date) = first_c.split_at(year_at);
    (year_at > 0 && body_ok(body)).then(|| (note(body, date), 1))
}

/// `(before, inner)` of a line ending in a note in full- or half-width parentheses.
fn parenthesised(t: &str) -> Option<(&str, &str)> {
    let (inner_end, open) = if let Some(s) = t.strip_suffix('）') {
        (s, s.rfind('（')?)
    } else {
        let s = t.strip_suffix(')')?;
        (s, s.rfind('(')?)
    };
    let open_len = inner_end[open..].chars().next()?.len_utf8();
    Some((inner_end[..open].trim_end(), &inner_end[open + open_len..]))
}

/// Splits a trailing byline or source note off a line: `…肯定。 （王婧）` →
/// (`…肯定。`, Author [王婧]); `（据国资网）` → ("", Source 据国资网); `…。来源：新华社`
/// → (`…。`, Source 来源：新华社).
pub fn split_attribution(line: &str) -> Option<(String, Attribution)> {
    let t = line.trim_end();
    if let Some((before, inner)) = parenthesised(t) {
        // A note in parentheses inside a sentence is not a byline: it must follow the
        // end of a sentence, or stand alone.
        if before.is_empty() || ends_sentence(before) {
            if let Some(kind) = from_note(inner) {
                return Some((before.to_string(), attribution(kind)));
            }
        }
    }
    if let Some(a) = own_line(t) {
        return Some((String::new(), a));
    }
    // A labelled byline after the last sentence: …。通讯员　李明
    let cut = t
        .char_indices()
        .filter(|&(_, c)| "。！？”".contains(c))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()?;
    let (before, tail) = t.split_at(cut);
    let tail = tail.trim();
    if tail.is_empty() {
        return None;
    }
    from_label(tail).map(|kind| (before.to_string(), attribution(kind)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<AttributionKind> {
        split_attribution(line).map(|(_, a)| a.kind)
    }

    fn author(names: &[&str]) -> Option<AttributionKind> {
        Some(AttributionKind::Author {
            names: names.iter().map(|n| n.to_string()).collect(),
        })
    }

    fn source(text: &str) -> Option<AttributionKind> {
        Some(AttributionKind::Source { text: text.into() })
    }

    #[test]
    fn the_forms_found_in_the_wild_are_recognised() {
        assert_eq!(kind("（王婧）"), author(&["王婧"]));
        assert_eq!(kind("（王婧　李明）"), author(&["王婧", "李明"]));
        assert_eq!(kind("（王　婧）"), author(&["王婧"]));
        assert_eq!(kind("(李明)"), author(&["李明"]));
        assert_eq!(kind("（记者　赵小川）"), author(&["赵小川"]));
        assert_eq!(kind("（据新华社）"), source("据新华社"));
        assert_eq!(
            kind("（晋中市通信管理局供稿）"),
            source("晋中市通信管理局供稿")
        );
        assert_eq!(kind("（协会培训部）"), source("协会培训部"));
        assert_eq!(kind("来源：人民网"), source("来源：人民网"));
        assert_eq!(kind("来源: 人民网"), source("来源：人民网"));
        assert_eq!(kind("作者：孙悦"), author(&["孙悦"]));
        assert_eq!(kind("通讯员　郭强"), author(&["郭强"]));
        assert_eq!(kind("文／图　何晓东"), author(&["何晓东"]));
        assert_eq!(
            kind("记者 周一鸣 通讯员 武　媛"),
            author(&["周一鸣", "武媛"])
        );
        assert_eq!(kind("Zhang Wei"), None);
        assert_eq!(kind("(Zhang Wei)"), author(&["Zhang Wei"]));
    }

    #[test]
    fn bylines_after_the_last_sentence_are_split_off() {
        let (before, a) = split_attribution("受到蓝佛安的肯定。 （王婧）").unwrap();
        assert_eq!(before, "受到蓝佛安的肯定。");
        assert_eq!(Some(a.kind), author(&["王婧"]));
        let (before, a) = split_attribution("活动取得圆满成功。通讯员　郭强").unwrap();
        assert_eq!(before, "活动取得圆满成功。");
        assert_eq!(Some(a.kind), author(&["郭强"]));
    }

    #[test]
    fn signatures_with_their_dates_are_recognised() {
        let src = |t: &str| {
            Some(AttributionKind::Source {
                text: t.to_string(),
            })
        };
        let sig = |a: &str, b: Option<&str>| signature(a, b).map(|(x, n)| (x.kind, n));
        assert_eq!(
            sig(
                "　　　　　　山西省通信行业协会",
                Some("　　　　2026年11月20日")
            ),
            src("山西省通信行业协会\u{3000}2026年11月20日").map(|k| (k, 2))
        );
        assert_eq!(
            sig("某某市通信管理局", Some("二〇二六年十二月五日")),
            src("某某市通信管理局\u{3000}二〇二六年十二月五日").map(|k| (k, 2))
        );
        assert_eq!(
            sig("山西省通信行业协会2026年12月5日", None),
            src("山西省通信行业协会\u{3000}2026年12月5日").map(|k| (k, 1))
        );
        assert_eq!(
            sig("晋中移动　　2026年1月3日", Some("下一行")),
            src("晋中移动\u{3000}2026年1月3日").map(|k| (k, 1))
        );
        // Not a body, or not a date: no signature.
        assert_eq!(sig("会议要求各单位", Some("2026年11月20日")), None);
        assert_eq!(sig("山西省通信行业协会", Some("11月20日上午")), None);
        assert_eq!(sig("山西省通信行业协会", None), None);
        assert_eq!(sig("2026年11月20日", None), None);
        assert!(is_date_line("2026年1月2日"));
        assert!(!is_date_line("2026年1月2日，"));
    }

    #[test]
    fn offices_with_people_latin_names_and_pipe_labels() {
        assert_eq!(
            kind("（省通信行业协会秘书处　王婧　李明）"),
            source("省通信行业协会秘书处\u{3000}王婧\u{3000}李明")
        );
        assert_eq!(kind("文字｜王晓燕"), author(&["王晓燕"]));
        assert_eq!(kind("撰文：赵小川"), author(&["赵小川"]));
        assert!(is_person_name("Zhang Wei（张伟）"));
        assert!(is_person_name("欧阳修明"));
        assert!(!is_person_name("晋中移动"));
        assert!(!is_person_name("张伟（华为技术有限公司）"));
    }

    #[test]
    fn notes_inside_sentences_datelines_and_markers_are_not_bylines() {
        assert!(split_attribution("工程设计服务集中采购项目（标段一）").is_none());
        assert!(split_attribution("新华社广州1月14日电（记者　李明）").is_none());
        assert!(split_attribution("（完）").is_none());
        assert!(split_attribution("（此件公开发布）").is_none());
        assert!(split_attribution("（2024年1月14日）").is_none());
        assert!(split_attribution("文化惠民活动").is_none());
        assert!(split_attribution("来源广泛，形式多样。").is_none());
        assert!(split_attribution("会议认为，这是一件好事（大家都同意）").is_none());
    }
}
