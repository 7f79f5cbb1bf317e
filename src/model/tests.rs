use super::*;

#[test]
fn dates_print_without_zero_padding_and_refuse_nonsense() {
    let d = Date::parse("2021-09-30").unwrap();
    assert_eq!(d.chinese(), "2021年9月30日");
    assert_eq!(d.to_string(), "2021-09-30");
    assert!(Date::parse("2021-02-29").is_none());
    assert!(Date::parse("2020-02-29").is_some());
    assert!(Date::parse("2021-13-01").is_none());
    assert!(Date::parse("2021-1").is_none());
}

#[test]
fn attribution_prints_names_with_ideographic_space() {
    let a = Attribution {
        kind: AttributionKind::Author {
            names: vec!["张俊清".into(), "张梦梦".into()],
        },
        placement: Placement::Auto,
    };
    assert_eq!(a.printed(), "（张俊清\u{3000}张梦梦）");
}

#[test]
fn an_issue_whose_style_is_out_of_range_is_refused_naming_file_and_fields() {
    let mut issue = Issue::sample();
    let mut style = crate::style::Style::house();
    style.page_width_mm.0 = 1e38;
    style.margin_top_mm.0 = -5.0;
    issue.style = Some(style);
    let e = Issue::from_json(&issue.to_json(), "bad-style.jianbao").unwrap_err();
    let LoadError::Style { errors, .. } = &e else {
        panic!("expected a style refusal, got {e}");
    };
    let fields: Vec<&str> = errors.iter().map(|x| x.field.as_ref()).collect();
    assert!(fields.contains(&"page_width_mm"), "{fields:?}");
    assert!(fields.contains(&"margin_top_mm"), "{fields:?}");
    let en = e.to_string();
    assert!(
        en.contains("bad-style.jianbao") && en.contains("page_width_mm"),
        "{en}"
    );
    let zh = e.chinese();
    assert!(
        zh.contains("bad-style.jianbao") && zh.contains("版式"),
        "{zh}"
    );
    // The house style itself is of course accepted.
    issue.style = Some(crate::style::Style::house());
    assert!(Issue::from_json(&issue.to_json(), "good.jianbao").is_ok());
}

#[test]
fn sizes_in_messages_keep_a_decimal_so_just_over_is_not_the_limit() {
    assert_eq!(crate::store::megabytes(10 << 20), "10");
    assert_eq!(crate::store::megabytes((10 << 20) + (1 << 17)), "10.1");
    assert_eq!(crate::store::megabytes(0), "0");
    assert!(!crate::store::megabytes(u64::MAX).is_empty());
}

#[test]
fn wrong_type_too_new_and_damaged_files_are_named() {
    let e = Issue::from_json(r#"{"format":"other","version":1}"#, "x.jianbao").unwrap_err();
    assert!(matches!(e, LoadError::WrongType { .. }), "{e}");
    assert!(e.to_string().contains("x.jianbao"));
    let e =
        Issue::from_json(r#"{"format":"jianbao-issue","version":99}"#, "y.jianbao").unwrap_err();
    assert!(matches!(e, LoadError::TooNew { version: 99, .. }), "{e}");
    let e = Issue::from_json("{\n \"format\": \"jianbao-issue\",\n oops", "z.jianbao").unwrap_err();
    match &e {
        LoadError::Syntax { line, .. } => assert_eq!(*line, 3),
        other => panic!("expected a syntax error, got {other}"),
    }
    assert!(e.chinese().contains("第 3 行"));
    // A field of the wrong type is reported with its place, not a panic.
    let mut v: serde_json::Value = serde_json::from_str(SAMPLE_JSON).unwrap();
    v["meta"]["issue_no"] = serde_json::json!("九");
    let e = Issue::from_json(&serde_json::to_string_pretty(&v).unwrap(), "w.jianbao").unwrap_err();
    assert!(e.to_string().contains("w.jianbao"), "{e}");
    assert!(
        matches!(e, LoadError::Syntax { line, .. } if line > 0),
        "{e}"
    );
}

#[test]
fn the_next_issue_counts_on_and_restarts_in_a_new_year() {
    let issue = Issue::sample();
    let same_year = issue.next_issue(Date::new(2021, 10, 31).unwrap());
    assert_eq!(same_year.meta.issue_no, issue.meta.issue_no + 1);
    assert_eq!(same_year.meta.total_no, issue.meta.total_no.map(|t| t + 1));
    assert_eq!(same_year.meta.date.chinese(), "2021年10月31日");
    assert!(same_year.articles().next().is_none());
    assert_eq!(same_year.sections.len(), issue.sections.len());
    assert_eq!(same_year.distribution, issue.distribution);
    let new_year = issue.next_issue(Date::new(2022, 1, 5).unwrap());
    assert_eq!((new_year.meta.year, new_year.meta.issue_no), (2022, 1));
    assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
    assert_eq!(Date::from_days(19_631).to_string(), "2023-10-01");
    assert!(Date::today().year >= 2024);
    for days in [-800_000, -1, 0, 59, 60, 365, 11_016, 19_631, 2_000_000] {
        assert_eq!(Date::from_days(days).days_since_epoch(), days);
    }
}

fn at(utc: &str) -> std::time::SystemTime {
    let stamp: jiff::Timestamp = utc.parse().unwrap();
    std::time::SystemTime::from(stamp)
}

/// The masthead's date is the user's local date: 07:30 in Beijing is still the
/// previous day in UTC, and New Year's morning in Beijing is a new year.
#[test]
fn today_is_the_local_date_not_utc() {
    let beijing = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    let utc = jiff::tz::TimeZone::UTC;
    let morning = at("2024-03-04T23:30:00Z"); // 07:30 on 5 March in Beijing
    assert_eq!(Date::local(morning, &utc).to_string(), "2024-03-04");
    assert_eq!(Date::local(morning, &beijing).to_string(), "2024-03-05");
    // A zone with summer time: 23:30 UTC on 1 July is 19:30 in New York (EDT, -4).
    let new_york = jiff::tz::TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
    assert_eq!(
        Date::local(at("2024-07-01T23:30:00Z"), &new_york).to_string(),
        "2024-07-01"
    );
    assert_eq!(
        Date::local(at("2024-07-02T03:30:00Z"), &new_york).to_string(),
        "2024-07-01"
    );
    // New Year's morning in Beijing restarts the numbering; UTC would not.
    let issue = Issue::sample(); // 2021年第N期
    let new_year = at("2021-12-31T23:00:00Z");
    let next = issue.next_issue(Date::local(new_year, &beijing));
    assert_eq!((next.meta.year, next.meta.issue_no), (2022, 1));
    let next = issue.next_issue(Date::local(new_year, &utc));
    assert_eq!(next.meta.issue_no, issue.meta.issue_no + 1);
}

/// After a 增刊, 新建下一期 makes the next 增刊: the supplement series counts on
/// (and restarts in a new year) apart from the regular issues.
#[test]
fn the_next_issue_after_a_supplement_continues_the_supplement_series() {
    let mut supplement = Issue::sample();
    supplement.meta.supplement = true;
    supplement.meta.issue_no = 2;
    let next = supplement.next_issue(Date::new(2021, 11, 2).unwrap());
    assert!(next.meta.supplement);
    assert_eq!(next.meta.issue_no, 3);
    assert!(
        next.default_stem().contains("增刊第3期"),
        "{}",
        next.default_stem()
    );
    let next_year = supplement.next_issue(Date::new(2022, 2, 1).unwrap());
    assert!(next_year.meta.supplement);
    assert_eq!(next_year.meta.issue_no, 1);
    // A regular issue's next is regular.
    let regular = Issue::sample().next_issue(Date::new(2021, 11, 2).unwrap());
    assert!(!regular.meta.supplement);
}

#[test]
fn version_1_distribution_groups_still_load() {
    let old = SAMPLE_JSON;
    assert!(old.contains("\"version\": 1"));
    let issue = Issue::from_json(old, "old.jianbao").unwrap();
    assert_eq!(issue.version, FORMAT_VERSION);
    assert_eq!(issue.distribution.lines[0].groups[0].from, None);
    let again = Issue::from_json(&issue.to_json(), "new.jianbao").unwrap();
    assert_eq!(again, issue);
}

#[test]
fn sample_round_trips() {
    let issue = Issue::sample();
    let again = Issue::from_json(&issue.to_json(), "mem").unwrap();
    assert_eq!(issue, again);
}
