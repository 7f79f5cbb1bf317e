//! What Word and WPS users expect to see: the theme setting, the calendar, the warnings
//! panel's size and words, the award-list grid, driven headlessly like `tests.rs`.

use super::tests::{harness, temp_dir};
use super::{App, Selection};
use crate::model::{AwardRow, Block, Issue};
use crate::store::{Places, Settings, Theme};
use eframe::egui;
use egui_kittest::kittest::{By, NodeT, Queryable};
use egui_kittest::Harness;

/// Every text a user can read in the window right now (labels, buttons, links, values).
fn visible_texts(h: &Harness<'static, App>) -> Vec<String> {
    h.query_all(By::new().include_labels().predicate(|_| true))
        .flat_map(|n| {
            let n = n.accesskit_node();
            [n.label(), n.value(), n.description()]
        })
        .flatten()
        .collect()
}

/// Lower-case ASCII words joined by hyphens or underscores (`no-attribution`,
/// `missing_glyph`): how internal codes look, and no Chinese sentence does.
fn looks_like_a_code(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_lowercase() || c == '-' || c == '_'))
        .find(|w| {
            let parts: Vec<&str> = w.split(['-', '_']).collect();
            parts.len() >= 2 && parts.iter().all(|p| p.len() >= 2)
        })
}

#[test]
fn the_code_detector_finds_codes_and_passes_chinese() {
    assert_eq!(
        looks_like_a_code("no-attribution：文章"),
        Some("no-attribution")
    );
    assert_eq!(looks_like_a_code("x missing_glyph"), Some("missing_glyph"));
    assert_eq!(looks_like_a_code("第3页 文章“5G+工业互联网”没有署名"), None);
    assert_eq!(looks_like_a_code("U+4E00 — 1 —"), None);
}

#[test]
fn the_theme_choice_applies_at_once_and_is_remembered() {
    let dir = temp_dir("theme");
    let mut h = harness(Issue::sample(), &dir);
    assert_eq!(h.state().profile.settings.theme, Theme::System);
    for (label, theme, look) in [
        ("深色", Theme::Dark, egui::Theme::Dark),
        ("浅色", Theme::Light, egui::Theme::Light),
    ] {
        h.get_by_label("视图").click();
        h.run();
        h.get_by_label(label).click();
        h.run_steps(2);
        assert_eq!(h.state().profile.settings.theme, theme);
        assert_eq!(h.ctx.theme(), look);
        let places = Places::at(&dir.join("home"));
        assert_eq!(Settings::load(&places).map(|s| s.theme), Ok(theme));
    }
    h.get_by_label("视图").click();
    h.run();
    h.get_by_label("深色").click();
    h.run_steps(2);
    // The next start reads it back.
    drop(h);
    let h = harness(Issue::sample(), &dir);
    assert_eq!(h.state().profile.settings.theme, Theme::Dark);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_calendar_puts_the_first_under_its_weekday() {
    let dir = temp_dir("calendar");
    // (date, the 1st's column from Monday), months starting on different weekdays.
    for (date, column) in [
        ("2021-09-30", 2),
        ("2024-07-15", 0),
        ("2023-10-08", 6),
        ("2022-01-31", 5),
    ] {
        let mut issue = Issue::sample();
        issue.meta.date = crate::model::Date::parse(date).expect("a date");
        let mut h = harness(issue, &dir);
        h.state_mut().view.selection = Selection::Masthead;
        h.run_steps(2);
        h.get_by_label_contains("点击选择").click();
        h.run();
        let header: Vec<egui::Rect> = ["一", "二", "三", "四", "五", "六", "日"]
            .iter()
            .map(|d| h.get_by_label(d).rect())
            .collect();
        let first = h.get_by_label("1").rect();
        assert!(
            (first.center().x - header[column].center().x).abs() < header[column].width(),
            "{date}: the 1st at x={} is not under column {column} ({:?})",
            first.center().x,
            header[column]
        );
        // Headers run left to right and the 1st is below them.
        assert!(header.windows(2).all(|w| w[0].center().x < w[1].center().x));
        assert!(first.top() > header[0].bottom() - 1.0);
        // Picking a day changes the date.
        h.get_by_label("2").click();
        h.run_steps(2);
        assert_eq!(h.state().session.doc.issue.meta.date.day, 2, "{date}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// An issue with something for every kind of finding the proofreader and the layout
/// report, so the warnings panel lists them all.
fn issue_with_findings() -> Issue {
    let mut issue = Issue::sample();
    let article = issue.sections[0]
        .articles
        .first_mut()
        .expect("the sample's first section has articles");
    article.attribution = None;
    article.blocks.push(Block::Paragraph {
        text: "会议指出,要抓好\"三个\"落实（一）、共有１２个城市于2021年09月05日至 至 10月——11月参会（未闭合。".into(),
    });
    issue.sections.push(crate::model::Section {
        label: "空栏目".into(),
        articles: Vec::new(),
    });
    issue
}

#[test]
fn the_warnings_panel_speaks_chinese_without_internal_codes() {
    let dir = temp_dir("codes");
    let mut h = harness(issue_with_findings(), &dir);
    h.run_steps(4);
    let codes: Vec<&'static str> = h
        .state()
        .typeset
        .findings
        .iter()
        .map(|f| f.code)
        .chain(h.state().pages().warnings.iter().map(|w| w.code))
        .collect();
    assert!(codes.contains(&"no-attribution"), "{codes:?}");
    assert!(codes.len() >= 5, "{codes:?}");
    h.get_by_label_contains("条警告和校对提示").click();
    h.run_steps(2);
    assert!(h.state().view.warnings_open);
    let texts = visible_texts(&h);
    assert!(
        texts.iter().any(|t| t.contains("没有署名")),
        "the panel lists the findings: {texts:?}"
    );
    for t in &texts {
        for code in &codes {
            assert!(!t.contains(code), "“{t}” shows the internal code {code}");
        }
        assert_eq!(
            looks_like_a_code(t),
            None,
            "“{t}” looks like an internal code"
        );
    }
    // Hovering a finding shows where it leads, not its code.
    h.get_all_by_label_contains("没有署名")
        .next()
        .expect("the byline finding")
        .hover();
    h.run_steps(30);
    for t in visible_texts(&h) {
        assert_eq!(
            looks_like_a_code(&t),
            None,
            "“{t}” looks like an internal code"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_warnings_panel_grows_to_at_least_eight_rows() {
    let dir = temp_dir("panel-size");
    let mut h = harness(issue_with_findings(), &dir);
    h.get_by_label_contains("条警告和校对提示").click();
    h.run_steps(2);
    let close = h.get_by_label("关闭").rect();
    let row = h
        .get_all_by_label_contains("没有署名")
        .next()
        .expect("a row")
        .rect()
        .height();
    let status_bar = h.get_by_label_contains("条警告和校对提示").rect();
    let opened = status_bar.top() - close.top();
    // Drag the panel's top edge up by half the window.
    let edge = egui::pos2(700.0, close.top() - 6.0);
    h.event(egui::Event::PointerMoved(edge));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: edge,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.run();
    let to = egui::pos2(700.0, edge.y - 450.0);
    h.event(egui::Event::PointerMoved(to));
    h.run();
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.run_steps(2);
    let grown = status_bar.top() - h.get_by_label("关闭").rect().top();
    assert!(
        grown > opened + 100.0 && grown >= 9.0 * row,
        "the panel went from {opened} to {grown} px high, rows are {row} px"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn award_cells_fit_their_content_and_the_organisation_takes_the_rest() {
    let dir = temp_dir("award-widths");
    let mut issue = Issue::sample();
    let long_org = "中国移动通信集团山西有限公司太原分公司网络部";
    let article = issue.sections[0]
        .articles
        .first_mut()
        .expect("the sample's first section has articles");
    article.blocks.push(Block::AwardList {
        categories: vec![crate::model::AwardCategory {
            name: "书法".into(),
            rows: vec![
                AwardRow::Person {
                    name: "欧阳明月".into(),
                    org: long_org.into(),
                    award: "优秀组织奖".into(),
                },
                AwardRow::Person {
                    name: "王婧".into(),
                    org: "山西电信".into(),
                    award: "一等奖".into(),
                },
            ],
        }],
    });
    let mut h = harness(issue, &dir);
    h.state_mut().view.selection = Selection::Article(crate::edit::ArticleRef {
        section: Some(0),
        index: 0,
    });
    h.run_steps(2);
    let field = |h: &Harness<'static, App>, value: &str| {
        h.get(
            By::new()
                .role(egui::accesskit::Role::TextInput)
                .value(value),
        )
        .rect()
    };
    let name = field(&h, "欧阳明月");
    let org = field(&h, long_org);
    let award = field(&h, "优秀组织奖");
    let short_org = field(&h, "山西电信");
    // The name and award cells fit their longest entry (four and five characters) and
    // no more than a few characters beyond.
    let glyph = name.height() * 0.65;
    assert!(
        name.width() > 4.0 * glyph && name.width() < 8.0 * glyph,
        "{name:?}"
    );
    assert!(
        award.width() > 5.0 * glyph && award.width() < 9.0 * glyph,
        "{award:?}"
    );
    // The organisation takes the rest: the row's buttons end where the editor's widest
    // fields end.
    let right_edge = h
        .query_all(By::new().role(egui::accesskit::Role::TextInput))
        .map(|n| n.rect().right())
        .fold(0.0, f32::max);
    let row_end = h
        .query_all(By::new().label("删"))
        .map(|n| n.rect())
        .filter(|r| (r.center().y - org.center().y).abs() < org.height())
        .map(|r| r.right())
        .fold(0.0, f32::max);
    assert!(
        (right_edge - row_end).abs() < 16.0 && org.width() > 2.0 * award.width(),
        "the row ends at {row_end}, the editor at {right_edge}; {org:?}"
    );
    // Every row's organisation cell has the same, full width.
    assert!((short_org.width() - org.width()).abs() < 1.0);
    let _ = std::fs::remove_dir_all(&dir);
}
