//! Tests of proofreading as the editor calls it: whole issues through [`proofread_on`]
//! and fixes through [`apply`].

use super::*;
use crate::model::{Attribution, AttributionKind, AwardCategory, AwardRow, Placement, Section};

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
            if let Some(Block::Paragraph { text }) = i.sections[0].articles[0].blocks.first_mut() {
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

/// A fixed day near the sample's date, so findings about dates do not age.
pub(super) fn today() -> Date {
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
