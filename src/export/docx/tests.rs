//! The Word file read back with our own zip reader and a well-formedness check.

use super::distribution::DISTRIBUTION_NARROWER;
use super::markup::eighths;
use super::*;
use crate::export::test_issues;
use crate::export::xml_check::{parse, Event};
use crate::import::docx::zip_entry;
use crate::model::Issue;
use crate::style::mm;

/// A paragraph of document.xml: its style and text (w:br as a newline, w:tab as a
/// tab), in document order (table cells included).
#[derive(Debug)]
struct Para {
    style: String,
    text: String,
}

fn part(zip: &[u8], name: &str) -> String {
    let bytes = zip_entry(zip, name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .unwrap_or_else(|| panic!("{name} is missing"));
    String::from_utf8(bytes).expect("parts are UTF-8")
}

fn paragraphs(xml: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut current: Option<Para> = None;
    let mut in_text = false;
    for e in parse(xml).expect("document.xml is well-formed") {
        match e {
            Event::Start { name, attrs } => match name.as_str() {
                "w:p" => {
                    current = Some(Para {
                        style: String::new(),
                        text: String::new(),
                    })
                }
                "w:pStyle" => {
                    if let Some(p) = current.as_mut() {
                        p.style = attrs
                            .iter()
                            .find(|(k, _)| k == "w:val")
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default();
                    }
                }
                "w:t" => in_text = true,
                "w:br" => current.iter_mut().for_each(|p| p.text.push('\n')),
                // A tab stop definition (w:tabs/w:tab) has attributes; a tab run has none.
                "w:tab" if current.is_some() && !in_text && attrs.is_empty() => {
                    current.iter_mut().for_each(|p| p.text.push('\t'));
                }
                _ => {}
            },
            Event::End(name) => match name.as_str() {
                "w:p" => out.extend(current.take()),
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                current.iter_mut().for_each(|p| p.text.push_str(&t));
            }
            Event::Text(_) => {}
        }
    }
    out
}

fn attr(xml: &str, element: &str, name: &str) -> Option<String> {
    parse(xml).ok()?.into_iter().find_map(|e| match e {
        Event::Start { name: n, attrs } if n == element => {
            attrs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
        }
        _ => None,
    })
}

fn every_part_is_well_formed(zip: &[u8], style: &Style) {
    let mut names = vec![
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ];
    if style.duplex {
        names.push("word/footer2.xml");
    }
    for name in names {
        let xml = part(zip, name);
        if let Err(e) = parse(&xml) {
            panic!("{name} is not well-formed: {e}\n{xml}");
        }
    }
    // Every relationship target exists.
    let rels = part(zip, "word/_rels/document.xml.rels");
    for e in parse(&rels).unwrap() {
        if let Event::Start { name, attrs } = e {
            if name == "Relationship" {
                let target = &attrs.iter().find(|(k, _)| k == "Target").unwrap().1;
                assert!(
                    zip_entry(zip, &format!("word/{target}")).unwrap().is_some(),
                    "{target} is referenced but missing"
                );
            }
        }
    }
}

/// The sample: every body paragraph in order and unchanged, titles as Heading2,
/// bylines right or inline, the award list as a table, the 版记 at the end.
#[test]
fn the_sample_reads_back_paragraph_by_paragraph() {
    let issue = Issue::sample();
    let style = Style::house();
    let zip = docx(&issue, &style).unwrap();
    every_part_is_well_formed(&zip, &style);
    let doc = part(&zip, "word/document.xml");
    let paras = paragraphs(&doc);

    // Body paragraphs: exactly the sample's, in order (an inline byline after a tab).
    let body: Vec<String> = paras
        .iter()
        .filter(|p| p.style == "Normal")
        .map(|p| p.text.split('\t').next().unwrap_or_default().to_string())
        .collect();
    let expected: Vec<String> = issue
        .articles()
        .flat_map(|a| a.blocks.iter())
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.trim().to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(body, expected);
    assert!(expected.len() >= 40, "the sample has its 45 paragraphs");

    let titles: Vec<&str> = paras
        .iter()
        .filter(|p| p.style == "Heading2")
        .map(|p| p.text.as_str())
        .collect();
    let want: Vec<String> = issue
        .articles()
        .map(|a| a.title_lines().join("\n"))
        .collect();
    assert_eq!(titles, want);
    let sections: Vec<&str> = paras
        .iter()
        .filter(|p| p.style == "Heading1")
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        sections,
        [
            "【高层信息】",
            "【行业综合】",
            "【行协动态】",
            "【会员消息】"
        ]
    );

    // The masthead first, with the red name and 第X期（总第Y期）.
    assert_eq!(paras[0].style, "JBMastheadName");
    assert_eq!(paras[0].text, issue.meta.bulletin_name);
    assert_eq!(paras[1].text, issue.meta.issue_line());
    assert!(paras[1].text.starts_with('第') && paras[1].text.contains("总第"));
    assert_eq!(
        paras[2].text,
        format!("{}\t{}", issue.meta.editor_org, issue.meta.date.chinese())
    );
    // Every text of the issue, in print order, somewhere in the document.
    let all: String = paras.iter().map(|p| format!("{}\n", p.text)).collect();
    test_issues::assert_in_order(&all, &test_issues::texts_in_order(&issue), "sample docx");
    // Bylines: a source note on its own right-aligned line; author bylines inline
    // (after a tab) or on their own line.
    assert!(paras
        .iter()
        .any(|p| p.style == "JBByline" && p.text == "（据国资网）"));
    assert!(paras.iter().any(|p| p.text.ends_with("\t（王婧）")));
    // The award list is a borderless table with three aligned columns.
    assert!(doc.contains("<w:tbl>") && doc.contains("<w:insideV w:val=\"nil\"/>"));
    let award_table = &doc[doc.find("<w:tbl>").unwrap()..doc.find("</w:tbl>").unwrap()];
    assert_eq!(award_table.matches("<w:gridCol ").count(), 3);
    assert!(paras
        .iter()
        .any(|p| p.style == "JBListCategory" && p.text == "一、书法"));
    // The 版记 comes last, between thick rules, followed only by the empty paragraph
    // a document ends with.
    let (end, before) = paras.split_last().unwrap();
    assert!(end.style.is_empty() && end.text.is_empty(), "{end:?}");
    let last = before
        .iter()
        .rposition(|p| p.style != "JBDistribution")
        .unwrap();
    let block: Vec<&Para> = before[last + 1..].iter().collect();
    assert!(block.len() >= 3, "{block:?}");
    assert!(block[0].text.starts_with("报："));
    distribution_sits_at_the_foot_of_the_page(&doc, block.len());
}

/// The 版记's lines are the rows of the document's last table, a floating table
/// anchored to the bottom of the text area, kept clear of the text above by the blank
/// slots of the style, its rows never split, thick rules above and below.
fn distribution_sits_at_the_foot_of_the_page(doc: &str, lines: usize) {
    let table = doc.rfind("<w:tbl>").expect("a table");
    let first = doc.find("JBDistribution").expect("the 版记");
    assert!(
        table < first && doc[..first].rfind("<w:tbl>") == Some(table),
        "the 版记 is in the last table"
    );
    let end = table + doc[table..].find("</w:tbl>").expect("table end");
    assert!(
        !doc[end..].contains("JBDistribution") && !doc[end..].contains("<w:t>"),
        "nothing written after the 版记"
    );
    let t = &doc[table..end];
    let events = parse(
        &format!("{t}</w:tbl>").replace("<w:tbl>", &format!("<w:tbl xmlns:w=\"{}\">", super::W_NS)),
    )
    .expect("the table is well-formed");
    let tblp = events
        .iter()
        .find_map(|e| match e {
            Event::Start { name, attrs } if name == "w:tblpPr" => Some(attrs.clone()),
            _ => None,
        })
        .expect("a floating table (w:tblpPr)");
    let attr = |k: &str| {
        tblp.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("tblpPr has no {k}"))
    };
    assert_eq!(attr("w:vertAnchor"), "margin");
    assert_eq!(attr("w:tblpYSpec"), "bottom");
    let style = Style::house();
    let gap = twips(style.line_pitch().0 * style.distribution_gap_slots as f32);
    assert_eq!(attr("w:topFromText"), gap.to_string());
    assert_eq!(t.matches("<w:tc>").count(), lines, "a cell a line");
    assert_eq!(t.matches("<w:cantSplit/>").count(), lines);
    // Centred, a little narrower than the text (LibreOffice floats it only then).
    let width = twips(style.text_width().0) - DISTRIBUTION_NARROWER;
    assert!(t.contains(&format!("<w:tblW w:w=\"{width}\" w:type=\"dxa\"/>")));
    assert_eq!(attr("w:tblpXSpec"), "center");
    let thick = eighths(mm(style.distribution_rule_mm.0));
    for side in ["top", "bottom"] {
        assert!(
            t.contains(&format!("<w:{side} w:val=\"single\" w:sz=\"{thick}\"")),
            "the thick {side} rule"
        );
    }
}

/// Fonts by their Chinese names in the East Asian slot, the sizes of the style.
#[test]
fn fonts_are_named_in_the_east_asian_slots() {
    let style = Style::house();
    let zip = docx(&Issue::sample(), &style).unwrap();
    let styles = part(&zip, "word/styles.xml");
    for face in ["方正小标宋简体", "仿宋", "黑体", "楷体", "宋体"] {
        assert!(
            styles.contains(&format!("w:eastAsia=\"{face}\"")),
            "{face} is not in an East Asian slot"
        );
    }
    assert!(styles.contains("w:ascii=\"Times New Roman\""));
    // Body 四号 (14 pt = 28 half-points) with a 2-character first-line indent.
    assert!(styles.contains("<w:sz w:val=\"28\"/>"));
    assert!(styles.contains("w:firstLineChars=\"200\""));
    // The masthead name red and 初号.
    let name_style = &styles[styles.find("JBMastheadName").unwrap()..];
    assert!(name_style.contains("<w:color w:val=\"E60012\"/><w:sz w:val=\"84\"/>"));
    let fonts = part(&zip, "word/fontTable.xml");
    assert!(
        fonts.contains("w:name=\"仿宋\"><w:altName w:val=\"FangSong\"/><w:charset w:val=\"86\"/>")
    );
    // A style whose own body list starts elsewhere is followed.
    let mut other = Style::house();
    other.fonts.body = vec!["FangSong".into(), "仿宋_GB2312".into()];
    let zip = docx(&Issue::sample(), &other).unwrap();
    assert!(part(&zip, "word/styles.xml").contains("w:eastAsia=\"仿宋_GB2312\""));
}

/// Page numbers — n — in odd (right) and even (left) footers; the margins and the
/// grid of the style in the section properties, for both profiles and simplex.
#[test]
fn footers_and_section_properties_follow_the_style() {
    for style in [Style::house(), Style::gb(), {
        let mut s = Style::house();
        s.duplex = false;
        s.margin_top_mm.0 = 30.0;
        s.margin_inner_mm.0 = 31.5;
        s
    }] {
        let zip = docx(&Issue::sample(), &style).unwrap();
        every_part_is_well_formed(&zip, &style);
        let doc = part(&zip, "word/document.xml");
        let tw = |v: f32| ((v * 72.0 / 25.4) * 20.0).round() as i64;
        let got = |a: &str| attr(&doc, "w:pgMar", a).unwrap().parse::<i64>().unwrap();
        assert_eq!(got("w:top"), tw(style.margin_top_mm.0));
        assert_eq!(got("w:bottom"), tw(style.margin_bottom_mm.0));
        assert_eq!(got("w:left"), tw(style.margin_inner_mm.0));
        assert_eq!(got("w:right"), tw(style.margin_outer_mm.0));
        assert_eq!(
            attr(&doc, "w:pgSz", "w:w").unwrap(),
            tw(style.page_width_mm.0).to_string()
        );
        let pitch = attr(&doc, "w:docGrid", "w:linePitch").unwrap();
        assert_eq!(
            pitch,
            ((style.line_pitch().0 * 20.0).round() as i64).to_string()
        );
        let odd = part(&zip, "word/footer1.xml");
        let settings = part(&zip, "word/settings.xml");
        assert!(odd.contains("— </w:t>") && odd.contains(" PAGE ") && odd.contains(" —</w:t>"));
        if style.duplex {
            assert!(odd.contains("<w:jc w:val=\"right\"/>"));
            let even = part(&zip, "word/footer2.xml");
            assert!(even.contains("<w:jc w:val=\"left\"/>") && even.contains(" PAGE "));
            assert!(doc.contains("w:type=\"even\" r:id=\"rIdFooterEven\""));
            assert!(
                settings.contains("<w:evenAndOddHeaders/>")
                    && settings.contains("<w:mirrorMargins/>")
            );
        } else {
            assert!(odd.contains("<w:jc w:val=\"center\"/>"));
            assert!(!settings.contains("evenAndOddHeaders"));
            assert!(zip_entry(&zip, "word/footer2.xml").unwrap().is_none());
        }
    }
}

/// Generated issues (markup characters, Latin and Han mixed, every block kind,
/// supplements, extra recipients, print counts): every part well-formed, every text
/// back in order, the same bytes every time.
#[test]
fn generated_issues_are_well_formed_and_complete() {
    let mut rng = crate::testing::Rng(0xD0C5);
    for round in 0..60 {
        let issue = test_issues::issue(&mut rng);
        let mut style = Style::house();
        style.page_number_skip_first = round % 3 == 0;
        style.distribution_inner_rules = round % 2 == 0;
        style.distribution_final_stop = round % 5 == 0;
        let zip = docx(&issue, &style).unwrap();
        every_part_is_well_formed(&zip, &style);
        let doc = part(&zip, "word/document.xml");
        let all: String = paragraphs(&doc)
            .iter()
            .map(|p| format!("{}\n", p.text))
            .collect();
        test_issues::assert_in_order(
            &all,
            &test_issues::texts_in_order(&issue),
            &format!("round {round}: {}", issue.to_json()),
        );
        if style.page_number_skip_first {
            assert!(doc.contains("<w:titlePg/>"));
            assert!(part(&zip, "word/footer3.xml").contains("Footer"));
        }
        assert_eq!(docx(&issue, &style).unwrap(), zip, "deterministic");
    }
}
