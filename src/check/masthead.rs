//! Masthead sanity (第0期, 总第 below 第, a year or date that cannot be right): the
//! masthead is copied from the last issue and edited by hand, and its checks need
//! today's date, which the text checks never do.

use super::{Finding, Place};
use crate::model::{Date, IssueMeta};

/// The earliest year a masthead may carry without a finding.
const EARLIEST_YEAR: i32 = 1949;

/// Masthead numbers and date that cannot be right (第0期, 总第 below 第, a date far from
/// the numbering year or from today): the masthead is copied from the last issue and
/// edited by hand, where a digit slips easily.
pub(super) fn masthead(meta: &IssueMeta, today: Date) -> Vec<Finding> {
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

#[cfg(test)]
mod tests {
    use super::masthead;
    use crate::model::{Date, Issue, IssueMeta};

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
}
