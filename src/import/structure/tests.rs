//! The recogniser's tests, read through the import entry points.

use crate::import::tests::paragraphs;
use crate::import::{articles_from_text, read_issue_text};
use crate::model::{Article, AttributionKind, Block};

fn source(a: &Article) -> Option<&str> {
    match a.attribution.as_ref().map(|x| &x.kind) {
        Some(AttributionKind::Source { text }) => Some(text.as_str()),
        _ => None,
    }
}

/// A notice's signature and date become its source note, in the forms notices
/// are pasted: right-aligned with U+3000 or spaces, after a blank line, on one
/// line, and followed by the notice's own 抄送 line (kept as its text).
#[test]
fn a_notice_signature_becomes_its_note() {
    let body = "关于做好节日期间通信保障工作的通知\n\n各会员单位：\n　　请各单位认真做好节日期间的通信保障工作，确保网络安全畅通。\n";
    for (tail, extra) in [
        ("　　　　　　　　山西省通信行业协会\n　　　　　　　　2026年11月20日\n", None),
        ("\n                        山西省通信行业协会\n                        2026年11月20日\n", None),
        ("山西省通信行业协会　　2026年11月20日\n", None),
        (
            "山西省通信行业协会\n2026年11月20日\n抄送：省通信管理局，各市通信管理局。\n",
            Some("抄送：省通信管理局，各市通信管理局。"),
        ),
    ] {
        let articles = articles_from_text(&format!("{body}{tail}"));
        assert_eq!(articles.len(), 1, "{tail:?}");
        let a = &articles[0];
        assert_eq!(
            source(a),
            Some("山西省通信行业协会\u{3000}2026年11月20日"),
            "{tail:?}"
        );
        let mut want = vec![
            "各会员单位：",
            "请各单位认真做好节日期间的通信保障工作，确保网络安全畅通。",
        ];
        want.extend(extra);
        assert_eq!(paragraphs(a), want, "{tail:?}");
    }
    // A body and a date in the middle of the text are text.
    let mid = "标题文字在这里\n\n　　会上，山西省通信行业协会\n　　2026年11月20日\n　　通报了全年工作情况。\n";
    let a = &articles_from_text(mid)[0];
    assert_eq!(a.attribution, None);
    assert_eq!(paragraphs(a).len(), 3);
}

/// 报/发/送 lines end an issue only as its last block; in the middle of the text
/// they are text and do not swallow what follows.
#[test]
fn distribution_lines_mid_text_do_not_swallow_the_rest() {
    let head = "【工作动态】\n协会召开理事会\n会议审议了工作报告。\n（王婧）\n";
    let issue = read_issue_text(&format!(
        "{head}送：各会员单位\n晋中移动开展培训\n　　近日，晋中移动开展培训。\n（李明）\n报：省通信管理局\n发：各理事单位、会员单位\n"
    ));
    let titles: Vec<&str> = issue
        .sections
        .iter()
        .flat_map(|s| s.articles.iter().map(|a| a.title.as_str()))
        .collect();
    assert!(titles.contains(&"晋中移动开展培训"), "{titles:?}");
    let labels: Vec<&str> = issue
        .distribution
        .lines
        .iter()
        .map(|l| l.label.as_str())
        .collect();
    assert_eq!(labels, ["送", "报", "发"]);
    // A line that mentions 报： inside an article's text is text.
    let issue = read_issue_text(
        "【工作动态】\n协会召开理事会\n　　会议要求各单位按时报送材料。\n　　报：各市分公司名单\n　　会议还通报了下一阶段的重点工作安排。\n（王婧）\n",
    );
    let a = &issue.sections[0].articles[0];
    assert_eq!(paragraphs(a).len(), 3, "{a:?}");
    assert!(issue.distribution.lines.is_empty());
    // The same in an article file: the lines stay in the article's text.
    let articles = articles_from_text(
        "培训通知\n\n　　请各单位报送名单。\n　　报：各市分公司名单\n　　培训于下周一开始，请准时参加。\n",
    );
    assert_eq!(articles.len(), 1);
    assert_eq!(paragraphs(&articles[0]).len(), 3);
}

/// A byline wrapped at the space between its names keeps the names apart; a
/// wrapped parenthesis inside a sentence is joined as it was.
#[test]
fn a_byline_wrapped_between_its_names_keeps_them_apart() {
    let para = "近日，晋城电信圆满完成全市电子政务外网扩容升级工程，核心网络带宽由10G提升至100G，接入单位由320家增加到510家，为“一网通办”提供了坚实的网络支撑。市政务服务管理局对此给予高度评价。";
    let chars: Vec<char> = para.chars().collect();
    let mut lines: Vec<String> = chars
        .chunks(30)
        .map(|c| c.iter().collect::<String>())
        .collect();
    for (last, next, names) in [
        ("（郭小兵", "杜娟）", vec!["郭小兵", "杜娟"]),
        ("（记者　王婧", "李明）", vec!["王婧", "李明"]),
    ] {
        let mut ls = lines.clone();
        let end = ls.len() - 1;
        ls[end].push_str(last);
        ls.push(next.to_string());
        let text = format!("晋城电信完成政务外网扩容\n\n{}\n", ls.join("\n"));
        let a = &articles_from_text(&text)[0];
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Author {
                names: names.iter().map(|n| n.to_string()).collect()
            }),
            "{last}/{next}"
        );
        assert_eq!(paragraphs(a), [para]);
    }
    let end = lines.len() - 1;
    lines[end].push_str("会议强调，各单位要加强（含外包");
    lines.push("单位）安全管理工作。".into());
    let a = &articles_from_text(&format!("标题\n\n{}\n", lines.join("\n")))[0];
    assert!(paragraphs(a)[0].ends_with("（含外包单位）安全管理工作。"));
}

/// Award cells merged down a table (一等奖 written once for its winners) are
/// filled from the row above, in text pasted from a table and in web tables.
#[test]
fn merged_award_cells_are_filled_from_the_row_above() {
    use crate::model::AwardRow;
    let want = |name: &str, org: &str, award: &str| AwardRow::Person {
        name: name.into(),
        org: org.into(),
        award: award.into(),
    };
    let rows_of = |a: &Article| -> Vec<AwardRow> {
        a.blocks
            .iter()
            .flat_map(|b| match b {
                Block::AwardList { categories } => categories
                    .iter()
                    .flat_map(|c| c.rows.clone())
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .collect()
    };
    let text = "竞赛获奖名单\n\n　　竞赛圆满落幕。\n奖项\t姓名\t单位\n一等奖\t韩冬梅\t太原移动\n\t白玉龙\t大同电信\n二等奖\t乔建伟\t运城联通\n";
    let a = &articles_from_text(text)[0];
    assert_eq!(
        rows_of(a),
        [
            want("韩冬梅", "太原移动", "一等奖"),
            want("白玉龙", "大同电信", "一等奖"),
            want("乔建伟", "运城联通", "二等奖")
        ]
    );
    let page = "<html><body><h1>竞赛获奖名单</h1><p>竞赛圆满落幕。</p><table><tr><th>奖项</th><th>姓名</th><th>单位</th></tr><tr><td rowspan=2>一等奖</td><td>韩冬梅</td><td>太原移动</td></tr><tr><td></td><td>白玉龙</td><td>大同电信</td></tr></table></body></html>";
    let a = &crate::import::html::read_html(page).articles[0];
    assert_eq!(
        rows_of(a),
        [
            want("韩冬梅", "太原移动", "一等奖"),
            want("白玉龙", "大同电信", "一等奖")
        ]
    );
}

/// A web page copied as text: its publishing line is no subtitle and no text,
/// its 来源 the note when the article names none; its print links are dropped and
/// never a section.
#[test]
fn a_web_page_copied_as_text_loses_its_furniture() {
    let text = "阳泉市开展汛期应急演练\n发布时间：2026-07-02 09:30　　来源：阳泉市通信管理局　　浏览次数：128\n\n\u{A0}\u{A0}6月30日，阳泉市开展汛期通信保障应急演练。\n\u{A0}\u{A0}演练检验了应急队伍的处置能力。\n\n【打印本页】　【关闭窗口】\n";
    let articles = articles_from_text(text);
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a.subtitle, None);
    assert_eq!(paragraphs(a).len(), 2);
    assert_eq!(source(a), Some("来源：阳泉市通信管理局"));
    let signed = text.replace("\n\n【打印本页】", "\n（王婧）\n【打印本页】");
    let a = &articles_from_text(&signed)[0];
    assert!(matches!(
        a.attribution.as_ref().map(|x| &x.kind),
        Some(AttributionKind::Author { .. })
    ));
    assert!(!super::is_section_label("【打印本页】　【关闭窗口】"));
    assert!(super::is_section_label("【基层动态】"));
}

/// Import stays linear: a paragraph of 6,000 wrapped lines without a sentence
/// end, and one line of 200,000 characters, each read in well under a second
/// (quadratic work would take minutes).
#[test]
fn long_paragraphs_import_in_linear_time() {
    let line: String = "通信网络安全稳定运行保障工作".repeat(2);
    let wrapped = format!("标题\n\n　　{}\n", vec![line.as_str(); 6000].join("\n"));
    let long = format!("标题\n\n　　{}（王婧\n", "通信网络".repeat(50_000));
    for text in [wrapped, long] {
        let t = std::time::Instant::now();
        let articles = articles_from_text(&text);
        assert_eq!(articles.len(), 1);
        assert!(t.elapsed().as_secs_f32() < 2.0, "{:?}", t.elapsed());
    }
}
