use super::validate::number;
use super::*;
use crate::units::{Em, Mm, Pt};

/// Found by the acceptance run: five roles of 100,000 names each took minutes to
/// gather (a linear `contains` per name).
#[test]
fn gathering_many_family_names_is_linear() {
    let mut fonts = Style::house().fonts;
    let names: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    fonts.title = names.clone();
    fonts.body = names.clone();
    fonts.kai = names;
    let t = std::time::Instant::now();
    let all = fonts.all_families();
    assert!(t.elapsed() < std::time::Duration::from_secs(2));
    // The names in their first order, each once (hei, song and latin share none).
    assert_eq!(
        all.len(),
        100_000 + fonts.hei.len() + fonts.song.len() + fonts.latin.len()
    );
    assert_eq!((all[0].as_str(), all[99_999].as_str()), ("x0", "x99999"));
}

#[test]
fn house_profile_has_the_seed_grid() {
    let s = Style::house();
    assert!((s.text_width().0 - mm(156.0)).abs() < 1e-3);
    assert!((s.text_height().0 - mm(225.0)).abs() < 1e-3);
    assert!(
        (s.char_pitch().0 - 13.82).abs() < 0.01,
        "{:?}",
        s.char_pitch()
    );
    assert!(
        (s.line_pitch().0 - 22.0).abs() < 0.03,
        "{:?}",
        s.line_pitch()
    );
    assert_eq!(s.text_left(1), Mm(28.0).to_pt());
    assert_eq!(s.text_left(2), Mm(26.0).to_pt());
    assert!(s.problems().is_empty());
}

#[test]
fn gb_profile_has_the_standard_grid() {
    let s = Style::gb();
    assert_eq!((s.chars_per_line, s.lines_per_page), (28, 22));
    assert!((s.char_pitch().0 - 15.79).abs() < 0.01);
    assert!((s.line_pitch().0 - 28.99).abs() < 0.01);
}

#[test]
fn style_round_trips_as_json() {
    let s = Style::gb();
    let j = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Style>(&j).unwrap(), s);
}

/// Values a sweep tries for one field: (value, whether it is inside the range).
fn sweep(spec: &FieldRange) -> Vec<(f64, bool)> {
    let (lo, hi) = (spec.min, spec.max);
    let mut v = vec![(lo, true), (hi, true), (((lo + hi) / 2.0).round(), true)];
    if spec.integer {
        v.push((hi + 1.0, false));
        v.push((f64::from(u32::MAX), false));
        if lo > 0.0 {
            v.push((lo - 1.0, false));
        }
    } else {
        // The nearest f32 values on each side of each bound.
        let (lo32, hi32) = (lo as f32, hi as f32);
        v.push((f64::from(lo32.next_up()), true));
        v.push((f64::from(hi32.next_down()), true));
        v.push((f64::from(lo32.next_down()), false));
        v.push((f64::from(hi32.next_up()), false));
        v.extend([
            (f64::NAN, false),
            (f64::INFINITY, false),
            (f64::NEG_INFINITY, false),
            (-1.0, false),
            (1e38, false),
            (f64::from(f32::MAX), false),
        ]);
    }
    v.retain(|(x, _)| !spec.integer || *x >= 0.0);
    v
}

/// Each field, in both profiles, just inside and just outside its range and at the
/// values a hostile file holds: refused exactly when outside, the error naming the
/// field, the value and the range in English and Chinese.
#[test]
fn every_field_is_refused_exactly_outside_its_range() {
    for base in [Style::house(), Style::gb()] {
        assert_eq!(base.validate(), Ok(()), "{:?}", base.profile);
        for spec in RANGES {
            for (value, inside) in sweep(spec) {
                let mut s = base.clone();
                (spec.set)(&mut s, value);
                let set = (spec.get)(&s);
                let errors = s.validate().err().unwrap_or_default();
                let own: Vec<&StyleError> = errors
                    .iter()
                    .filter(|e| e.field == spec.field && e.bound.is_none())
                    .collect();
                if inside {
                    assert!(own.is_empty(), "{} = {value}: {own:?}", spec.field);
                    continue;
                }
                assert_eq!(own.len(), 1, "{} = {value} not refused", spec.field);
                let e = own[0];
                assert!(e.value.total_cmp(&set).is_eq() || (e.value.is_nan() && set.is_nan()));
                assert_eq!((e.min, e.max), (spec.min, spec.max));
                let (en, zh) = (e.en_in("a.jianbao"), e.zh_in("a.jianbao"));
                let shown_value = number(set, spec.unit);
                for needle in [spec.field, shown_value.as_str(), "a.jianbao"] {
                    assert!(en.contains(needle), "{en} lacks {needle}");
                    assert!(zh.contains(needle), "{zh} lacks {needle}");
                }
                assert!(en.contains(&number(spec.max, spec.unit)), "{en}");
                assert!(
                    zh.contains(spec.label_zh) && zh.contains("允许范围"),
                    "{zh}"
                );
                assert!(!s.problems().is_empty());
            }
        }
    }
}

#[test]
fn margins_must_leave_a_usable_text_block() {
    let mut s = Style::house();
    // 210 − 28 − 26 = 156 mm; leave exactly the minimum, then a little less.
    s.margin_outer_mm = Mm(210.0 - 28.0 - MIN_TEXT_BLOCK_MM as f32);
    assert_eq!(s.validate(), Ok(()));
    s.margin_outer_mm += Mm(0.5);
    let errors = s.validate().unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "margin_inner_mm + margin_outer_mm");
    assert!(errors[0].to_string().contains("39.5 mm"), "{}", errors[0]);
    assert!(
        errors[0].chinese().contains("版心宽度"),
        "{}",
        errors[0].chinese()
    );
    let mut s = Style::house();
    s.margin_top_mm = Mm(200.0);
    s.margin_bottom_mm = Mm(200.0);
    let errors = s.validate().unwrap_err();
    assert_eq!(errors[0].field, "margin_top_mm + margin_bottom_mm");
    assert!(errors[0].value < 0.0);
}

#[test]
fn slots_and_indent_must_leave_room_on_the_grid() {
    let base = Style::house();
    let refused = |s: &Style, field: &str| {
        s.validate()
            .err()
            .unwrap_or_default()
            .iter()
            .any(|e| e.field == field)
    };
    let mut s = base.clone();
    s.masthead_slots = s.lines_per_page - 4;
    assert!(!refused(&s, "masthead_slots"));
    s.masthead_slots += 1;
    assert!(refused(&s, "masthead_slots"));
    let mut s = base.clone();
    s.lines_per_page = 6;
    s.masthead_slots = 2;
    s.section_space_slots = 3;
    assert!(!refused(&s, "section_space_slots"));
    s.section_space_slots = 4;
    assert!(refused(&s, "section_space_slots"));
    let mut s = base.clone();
    s.chars_per_line = 8;
    s.indent_chars = 7.0;
    assert!(!refused(&s, "indent_chars"));
    s.indent_chars = 7.5;
    assert!(refused(&s, "indent_chars"));
    // A bad grid gives one message (about the grid), not a second about the slots.
    let mut s = base;
    s.lines_per_page = u32::MAX;
    assert_eq!(s.validate().unwrap_err().len(), 1);
}

/// Style numbers too large for f32 arrive from JSON as infinity and are refused.
#[test]
fn a_huge_number_in_a_file_is_refused_as_infinite() {
    let s: Style =
        serde_json::from_str(r#"{"page_width_mm": 1e39, "body_size": 3.4e38}"#).unwrap_or_default();
    let errors = s.validate().unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
    assert_eq!(fields, ["page_width_mm", "body_size"]);
    assert!(errors[0].to_string().contains("is inf"), "{}", errors[0]);
    assert!(errors[1].to_string().contains("3.4e38"), "{}", errors[1]);
}

#[test]
fn allowed_but_clashing_values_are_reported_as_findings() {
    assert!(Style::house().findings().is_empty());
    assert!(Style::gb().findings().is_empty());
    let mut s = Style::house();
    s.lines_per_page = 50;
    s.body_size = Pt(24.0);
    let f = s.findings();
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f[0].1.contains("lines overlap") && f[1].1.contains("characters overlap"));
    let mut s = Style::house();
    s.margin_bottom_mm = Mm(10.0);
    s.margin_top_mm = Mm(62.0);
    assert!(s.findings()[0].1.contains("page numbers fall off"));
}

/// The ranges are written in the field's doc comment and in the README, and agree
/// with the table the validation uses.
#[test]
fn ranges_are_documented_where_they_are_checked() {
    // The fields live in `values.rs` (the Style) and `choices.rs` (the ink).
    let source = [include_str!("values.rs"), include_str!("choices.rs")].concat();
    let readme = include_str!("../../README.md");
    for spec in RANGES {
        let range = format!(
            "{}–{}",
            number(spec.min, spec.unit),
            number(spec.max, spec.unit)
        );
        let field = spec.field.split('.').next().unwrap_or(spec.field);
        let (item, doc_field) = if field == "red" {
            ("cmyk", "red")
        } else {
            (field, field)
        };
        let decl = format!("    pub {item}:");
        let at = source
            .find(&decl)
            .unwrap_or_else(|| panic!("no field {item}"));
        let mut doc: Vec<&str> = source[..at]
            .lines()
            .rev()
            .map_while(|l| l.trim_start().strip_prefix("///"))
            .map(str::trim)
            .collect();
        doc.reverse();
        let doc = doc.join(" ");
        assert!(
            doc.contains(&format!("Range: {range}")),
            "{item}: doc lacks {range}: {doc}"
        );
        let row = readme
            .lines()
            .find(|l| l.contains(&format!("`{doc_field}`")))
            .unwrap_or_else(|| panic!("README lists no `{doc_field}`"));
        assert!(
            row.contains(&range),
            "README row for {doc_field} lacks {range}: {row}"
        );
    }
}

/// A style saved before its numbers had units (millimetres, points, em as plain
/// numbers in the file) still loads to the same values and saves byte for byte as
/// it was: the units are a matter of the code, not of the file format.
#[test]
fn a_style_saved_before_units_loads_and_saves_unchanged() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/style-before-units.jianbao"
    );
    let saved = std::fs::read_to_string(path).unwrap_or_default();
    if saved.is_empty() && std::env::var_os("JIANBAO_UPDATE_REFERENCE").is_some() {
        let mut issue = crate::model::Issue::sample();
        let mut style = Style::gb();
        style.margin_top_mm = Mm(36.5);
        style.distribution_rule_mm = Mm(0.3);
        style.body_size = Pt(15.5);
        style.masthead_rule_pt = Pt(1.25);
        style.fit_tracking_em = Em(0.015);
        style.list_name_box_em = Em(3.5);
        issue.style = Some(style);
        let _ = std::fs::write(path, issue.to_json());
        return;
    }
    let issue = crate::model::Issue::from_json(&saved, path).expect("the fixture loads");
    // The file format's version rose since (pictures); everything else stays.
    let expected = saved.replacen(
        "\"version\": 2,",
        &format!("\"version\": {},", crate::model::FORMAT_VERSION),
        1,
    );
    assert_eq!(issue.to_json(), expected);
    let style = issue.style.expect("the fixture has a style");
    assert_eq!(style.margin_top_mm, Mm(36.5));
    assert_eq!(style.distribution_rule_mm, Mm(0.3));
    assert_eq!(style.body_size, Pt(15.5));
    assert_eq!(style.masthead_rule_pt, Pt(1.25));
    assert_eq!(style.fit_tracking_em, Em(0.015));
    assert_eq!(style.page_width_mm, Mm(210.0));
    assert_eq!(style.validate(), Ok(()));
}
