//! Name lists (award lists): category headings such as 一、光缆接续, rows whose
//! columns are separated by tabs, runs of U+3000 or of spaces (two-character names
//! padded with U+3000 included), rows written 姓名（单位）, organisation-only rows, a
//! header row (姓名　单位　奖项) that says which column is which, and the line that
//! introduces the list (…名单如下：).

use super::byline::{ends_like_organisation, is_person_name};
use super::lines::{ends_sentence, fix_spaces, has_final_stop, Hint, SourceLine};
use crate::layout::cjk;
use crate::model::AwardRow;

const NUMERALS: &str = "一二三四五六七八九十";

/// `一、书法` / `（一）书法` / `一、优秀信息员（5名）：` → the category name without its
/// ordinal (and without a closing colon).
pub fn list_heading(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = if let Some((num, rest)) = line.split_once('、') {
        (!num.is_empty() && num.chars().all(|c| NUMERALS.contains(c))).then_some(rest)?
    } else {
        let rest = line.strip_prefix(['（', '('])?;
        let close = rest.find(['）', ')'])?;
        let num = &rest[..close];
        if num.is_empty() || !num.chars().all(|c| NUMERALS.contains(c)) {
            return None;
        }
        &rest[close + rest[close..].chars().next()?.len_utf8()..]
    };
    let name = rest.trim().trim_end_matches(['：', ':']).trim();
    (!name.is_empty()
        && name.chars().count() <= 24
        && !has_final_stop(name)
        && !name.contains('，'))
    .then(|| name.to_string())
}

/// Whether a line introduces a list: it ends with a colon and says so (…如下：,
/// …名单：), or is short. It is at most two clauses (经过激烈角逐，获奖选手如下：);
/// a sentence of three or more that ends so reports something and is a paragraph.
pub fn is_list_intro(text: &str) -> bool {
    let t = text.trim();
    let Some(body) = t.strip_suffix(['：', ':']) else {
        return false;
    };
    let n = body.chars().count();
    if body.contains(['。', '；', '！', '？']) || body.matches(['，', ',']).count() > 1 {
        return false;
    }
    n > 0 && (n <= 16 || ((body.ends_with("如下") || body.ends_with("名单")) && n <= 60))
}

/// Whether a text names an organisation (an organisation-only award row), not a title.
pub fn is_organisation(s: &str) -> bool {
    let n = s.chars().count();
    (4..=30).contains(&n)
        && !ends_sentence(s)
        && !s.contains(['，', '：', '。'])
        && ends_like_organisation(s)
}

/// Joins the halves of two-character names padded with one space (王　婧, 王 婧) where
/// they stand as a word of their own: between the line's start, a space, 、 or ，
/// and a space, 、, ，, an opening parenthesis or the line's end.
fn join_padded_names(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let boundary = |c: Option<&char>| {
        c.is_none_or(|c| {
            matches!(
                c,
                ' ' | '\u{3000}' | '\t' | '、' | '，' | '（' | '(' | '）' | ')'
            )
        })
    };
    let mut out = String::with_capacity(raw.len());
    for (k, &c) in chars.iter().enumerate() {
        let padding = matches!(c, ' ' | '\u{3000}')
            && k >= 1
            && cjk::is_han(chars[k - 1])
            && boundary(k.checked_sub(2).and_then(|p| chars.get(p)))
            && chars.get(k + 1).is_some_and(|&n| cjk::is_han(n))
            && boundary(chars.get(k + 2));
        if !padding {
            out.push(c);
        }
    }
    out
}

/// The columns of a line: a table row's cells, or the line split at tabs, runs of two
/// or more spaces and U+3000; a line with none of those splits at single spaces
/// between Han characters (as a PDF's text gives a row).
pub fn columns(line: &SourceLine) -> Vec<String> {
    // A table of data or a figure is no list row (nor a list's heading).
    if line.hint.is_block() {
        return Vec::new();
    }
    if let Hint::Cells(cells) = &line.hint {
        return cells
            .iter()
            .map(|c| fix_spaces(c))
            .filter(|c| !c.is_empty())
            .collect();
    }
    let joined = join_padded_names(&line.raw);
    let chars: Vec<char> = joined.chars().collect();
    let mut cols: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut strong = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run_end = chars[i..]
            .iter()
            .position(|&c| !matches!(c, ' ' | '\u{A0}'))
            .map_or(chars.len(), |k| i + k);
        if c == '\t' || c == '\u{3000}' || (c == ' ' && run_end - i >= 2) {
            strong = true;
            let end = chars[i..]
                .iter()
                .position(|&c| !matches!(c, ' ' | '\u{A0}' | '\t' | '\u{3000}'))
                .map_or(chars.len(), |k| i + k);
            cols.push(std::mem::take(&mut cur));
            i = end;
            continue;
        }
        cur.push(c);
        i += 1;
    }
    cols.push(cur);
    let cols: Vec<String> = cols
        .iter()
        .map(|c| fix_spaces(c))
        .filter(|c| !c.is_empty())
        .collect();
    if strong {
        return cols;
    }
    // Single spaces between two wide characters separate columns (a PDF's text of a
    // row); a space next to a digit or Latin letter is only a gap.
    let mut cols: Vec<String> = vec![String::new()];
    for (k, &c) in chars.iter().enumerate() {
        let wide = |c: Option<&char>| c.is_some_and(|c| !c.is_ascii());
        if c == ' ' && wide(k.checked_sub(1).and_then(|p| chars.get(p))) && wide(chars.get(k + 1)) {
            cols.push(String::new());
        } else if let Some(last) = cols.last_mut() {
            last.push(c);
        }
    }
    cols.iter()
        .map(|c| fix_spaces(c))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Which column holds what, read from a header row (姓名　单位　奖项); `None` for a row
/// that is not a header.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct HeaderMap {
    pub name: Option<usize>,
    pub org: Option<usize>,
    pub award: Option<usize>,
    /// How many columns the header has: it applies to rows with as many.
    pub columns: usize,
}

/// Reads a header row.
pub fn header(cols: &[String]) -> Option<HeaderMap> {
    let mut map = HeaderMap {
        columns: cols.len(),
        ..HeaderMap::default()
    };
    let mut known = 0;
    for (k, c) in cols.iter().enumerate() {
        let c = c.replace(['\u{3000}', ' '], "");
        let is = |words: &[&str]| words.iter().any(|w| c.contains(w));
        if is(&["序号", "编号", "排名"]) {
            known += 1;
        } else if is(&["姓名", "获奖者", "作者", "名字", "选手"]) {
            map.name = Some(k);
            known += 1;
        } else if is(&["单位", "公司", "部门", "所在"]) {
            map.org = Some(k);
            known += 1;
        } else if is(&["奖", "等级", "等次", "名次", "荣誉", "称号", "成绩"]) {
            map.award = Some(k);
            known += 1;
        }
    }
    (known >= 2 && known == cols.len() && (map.name.is_some() || map.org.is_some())).then_some(map)
}

/// A name without the spaces that pad it (张　三 → 张三); Latin names keep theirs.
fn compact_name(name: &str) -> String {
    if name
        .chars()
        .all(|c| cjk::is_han(c) || matches!(c, '\u{3000}' | ' '))
    {
        name.replace(['\u{3000}', ' '], "")
    } else {
        name.trim().to_string()
    }
}

/// Drops a leading row number (`1`, `1.`, `01、`), alone or glued to the name.
fn strip_number(cols: &mut Vec<String>) {
    let Some(first) = cols.first() else {
        return;
    };
    let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return;
    }
    let rest = first[digits.len()..].trim_start_matches(['.', '．', '、', ' ', ')', '）']);
    if rest.is_empty() {
        cols.remove(0);
    } else if rest.len() < first.len() - digits.len() {
        cols[0] = rest.to_string();
    }
}

/// `张三（山西移动太原分公司）` → (张三, 山西移动太原分公司).
fn name_with_org(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let inner = s.strip_suffix('）').or_else(|| s.strip_suffix(')'))?;
    let open = inner.find(['（', '('])?;
    let name = inner[..open].trim();
    let org = inner[open..].trim_start_matches(['（', '(']).trim();
    // Zhang Wei（张伟） is one name written twice, not a name and a unit.
    let chinese_form =
        org.chars().all(cjk::is_han) && (2..=4).contains(&org.chars().count()) && name.is_ascii();
    (is_person_name(name) && !org.is_empty() && !org.contains(['，', '。']) && !chinese_form)
        .then(|| (name.to_string(), org.to_string()))
}

/// Whether a short text reads as an award (一等奖, 优秀信息员, 金奖, 第一名).
fn award_like(s: &str) -> bool {
    let n = s.chars().count();
    (1..=12).contains(&n) && !ends_sentence(s) && !s.contains(['，', '。'])
}

/// Whether a short text names an award or title rather than an organisation, by the
/// endings awards have (一等奖, 优秀信息员, 先进工作者, 技术能手, 服务之星, 第一名).
pub(super) fn names_an_award(s: &str) -> bool {
    const ENDINGS: [&str; 14] = [
        "奖", "员", "者", "手", "星", "兵", "名", "范", "进", "号", "人", "体", "秀", "牌",
    ];
    ENDINGS.iter().any(|e| s.ends_with(e)) || s.starts_with('第')
}

/// The award rows of a line's columns: one row mostly, several for a line such as
/// `张三（甲公司）、李四（乙公司）`.
pub fn rows(cols: &[String], map: Option<HeaderMap>, in_list: bool) -> Vec<AwardRow> {
    let mut cols: Vec<String> = cols.to_vec();
    if let Some(map) = map.filter(|m| m.columns == cols.len()) {
        let get = |k: Option<usize>| k.and_then(|k| cols.get(k)).cloned().unwrap_or_default();
        let (name, org, award) = (get(map.name), get(map.org), get(map.award));
        let name = compact_name(&name);
        return match (name.is_empty(), org.is_empty()) {
            (true, true) => Vec::new(),
            (true, false) => vec![AwardRow::Org { org }],
            _ => vec![AwardRow::Person { name, org, award }],
        };
    }
    strip_number(&mut cols);
    // A two-character name padded with a space: 张　三.
    let single = |c: &String| c.chars().count() == 1 && c.chars().all(cjk::is_han);
    if cols.len() >= 2 && single(&cols[0]) && single(&cols[1]) {
        let name = format!("{}{}", cols[0], cols[1]);
        cols.splice(0..2, [name]);
    }
    let person = |name: &str, org: &str, award: &str| AwardRow::Person {
        name: compact_name(name),
        org: org.to_string(),
        award: award.to_string(),
    };
    let is_name = |s: &str| is_person_name(&s.replace('\u{3000}', ""));
    match cols.as_slice() {
        [] => Vec::new(),
        [one] => {
            // 张三（甲公司）、李四（乙公司）, or one such entry.
            let entries: Vec<&str> = one.split('、').collect();
            let pairs: Vec<(String, String)> =
                entries.iter().filter_map(|e| name_with_org(e)).collect();
            if pairs.len() == entries.len() {
                return pairs.iter().map(|(n, o)| person(n, o, "")).collect();
            }
            if in_list && entries.len() >= 2 && entries.iter().all(|e| is_person_name(e.trim())) {
                return entries.iter().map(|n| person(n.trim(), "", "")).collect();
            }
            // 晋中移动、运城电信、大同联通: organisations in a row.
            if in_list && entries.len() >= 2 && entries.iter().all(|e| is_organisation(e.trim())) {
                return entries
                    .iter()
                    .map(|o| AwardRow::Org {
                        org: o.trim().to_string(),
                    })
                    .collect();
            }
            if in_list && is_organisation(one) {
                return vec![AwardRow::Org { org: one.clone() }];
            }
            Vec::new()
        }
        [name, second] => {
            if let Some((n, o)) = name_with_org(name) {
                return if award_like(second) {
                    vec![person(&n, &o, second)]
                } else {
                    Vec::new()
                };
            }
            if !is_name(name) {
                // An organisation and its award (优秀组织单位).
                return if in_list && is_organisation(name) && award_like(second) {
                    vec![AwardRow::Org { org: name.clone() }]
                } else {
                    Vec::new()
                };
            }
            if award_like(second) && names_an_award(second) {
                vec![person(name, "", second)]
            } else if !second.contains(['，', '。']) {
                vec![person(name, second, "")]
            } else {
                Vec::new()
            }
        }
        [name, middle @ .., award] => {
            let (name, org_first) = match name_with_org(name) {
                Some((n, o)) => (n, Some(o)),
                None => (name.clone(), None),
            };
            if !is_name(&name) || !award_like(award) {
                return Vec::new();
            }
            let mut org = org_first.unwrap_or_default();
            for m in middle {
                if !org.is_empty() {
                    org.push('\u{3000}');
                }
                org.push_str(m);
            }
            vec![person(&name, &org, award)]
        }
    }
}

/// Whether a line is an award row with at least two columns (a person with an
/// organisation or award): evidence of a list even without a heading.
pub fn is_strong_row(line: &SourceLine) -> bool {
    if line.text.chars().count() > 60 || ends_sentence(&line.text) && !line.text.ends_with('）') {
        return false;
    }
    let cols = columns(line);
    let r = rows(&cols, None, false);
    r.len() == 1
        && matches!(&r[0], AwardRow::Person { org, award, .. } if !org.is_empty() || !award.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(raw: &str) -> SourceLine {
        SourceLine {
            text: fix_spaces(raw),
            raw: raw.trim().to_string(),
            ..SourceLine::default()
        }
    }

    fn person(name: &str, org: &str, award: &str) -> AwardRow {
        AwardRow::Person {
            name: name.into(),
            org: org.into(),
            award: award.into(),
        }
    }

    fn row_of(raw: &str) -> Vec<AwardRow> {
        rows(&columns(&line(raw)), None, true)
    }

    #[test]
    fn every_column_form_gives_the_same_row() {
        let want = vec![person("张三", "山西移动太原分公司", "优秀信息员")];
        for raw in [
            "张　三　山西移动太原分公司　优秀信息员",
            "张三\t山西移动太原分公司\t优秀信息员",
            "张三    山西移动太原分公司    优秀信息员",
            "张三　　山西移动太原分公司　　优秀信息员",
            "张 三 山西移动太原分公司 优秀信息员",
            "1. 张三  山西移动太原分公司  优秀信息员",
        ] {
            assert_eq!(row_of(raw), want, "{raw}");
        }
    }

    #[test]
    fn names_with_organisations_organisations_alone_and_latin_names() {
        assert_eq!(
            row_of("李四（中国电信晋城分公司）"),
            vec![person("李四", "中国电信晋城分公司", "")]
        );
        assert_eq!(
            row_of("王五（甲公司）、赵六（乙研究院）"),
            vec![person("王五", "甲公司", ""), person("赵六", "乙研究院", "")]
        );
        assert_eq!(
            row_of("中国铁塔股份有限公司山西省分公司"),
            vec![AwardRow::Org {
                org: "中国铁塔股份有限公司山西省分公司".into()
            }]
        );
        assert_eq!(
            row_of("Zhang Wei  华为技术有限公司  二等奖"),
            vec![person("Zhang Wei", "华为技术有限公司", "二等奖")]
        );
        // A Latin name with its Chinese form stays one name in every column form.
        for raw in [
            "Zhang Wei（张伟）　华为技术有限公司　二等奖",
            "Zhang Wei（张伟）\t华为技术有限公司\t二等奖",
            "Zhang Wei（张伟）    华为技术有限公司    二等奖",
        ] {
            assert_eq!(
                row_of(raw),
                vec![person("Zhang Wei（张伟）", "华为技术有限公司", "二等奖")],
                "{raw}"
            );
        }
        let h = header(&["姓名".into(), "单位".into(), "奖项".into()]);
        let cols: Vec<String> = ["Li Na（李娜）", "中国铁塔", "一等奖"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            rows(&cols, h, true),
            vec![person("Li Na（李娜）", "中国铁塔", "一等奖")]
        );
        assert!(row_of("会议强调，要把工作做细做实。").is_empty());
    }

    #[test]
    fn headings_intros_and_headers() {
        assert_eq!(list_heading("一、光缆接续"), Some("光缆接续".into()));
        assert_eq!(
            list_heading("（二）优秀组织奖："),
            Some("优秀组织奖".into())
        );
        assert_eq!(list_heading("二、会议要求各单位加强领导，狠抓落实。"), None);
        assert_eq!(
            list_heading("一、先进集体（3个）"),
            Some("先进集体（3个）".into())
        );
        assert_eq!(
            row_of("晋中移动、运城电信、大同联通"),
            ["晋中移动", "运城电信", "大同联通"].map(|o| AwardRow::Org { org: o.into() })
        );
        assert_eq!(
            row_of("王　婧（太原移动）、李晓明（晋中电信）、张 磊（长治联通）"),
            vec![
                person("王婧", "太原移动", ""),
                person("李晓明", "晋中电信", ""),
                person("张磊", "长治联通", "")
            ]
        );
        assert!(is_list_intro("获奖名单如下："));
        assert!(is_list_intro("经评审，优秀通讯员名单如下："));
        assert!(!is_list_intro(
            "经评审，共评选出优秀通讯员10名、优秀组织单位2个，名单如下："
        ));
        assert!(!is_list_intro("会议指出，当前信息通信业发展面临新的形势，要在以下几个方面下功夫，切实抓好落实工作，确保各项任务落地见效："));
        let h = header(&[
            "序号".into(),
            "姓名".into(),
            "工作单位".into(),
            "奖项".into(),
        ])
        .unwrap();
        let cols: Vec<String> = ["1", "刘洋", "山西联通", "一等奖"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            rows(&cols, Some(h), true),
            vec![person("刘洋", "山西联通", "一等奖")]
        );
    }
}
