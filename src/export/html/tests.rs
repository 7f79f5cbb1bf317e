//! The web page read back by a WHATWG tokenizer (the one the web importer uses), as
//! XML by our checker, and through the importer itself.

use super::*;
use crate::export::test_issues;
use html5gum::{Token, Tokenizer};

/// One block of the page: its tag, its style attribute and its text (`<br/>` as a
/// newline), in document order.
#[derive(Debug)]
struct Element {
    tag: String,
    style: String,
    text: String,
}

/// Blocks of the page, and every start tag's name and attribute names seen.
fn read(html: &str) -> (Vec<Element>, Vec<(String, Vec<String>)>) {
    let mut blocks: Vec<Element> = Vec::new();
    let mut tags = Vec::new();
    let mut open: Option<Element> = None;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_string();
                let attrs: Vec<String> = tag
                    .attributes
                    .keys()
                    .map(|k| String::from_utf8_lossy(k).to_string())
                    .collect();
                tags.push((name.clone(), attrs));
                let style = tag
                    .attributes
                    .get(b"style".as_slice())
                    .map(|v| String::from_utf8_lossy(v).to_string())
                    .unwrap_or_default();
                match name.as_str() {
                    "p" | "h1" | "h2" | "h3" | "td" | "title" => {
                        open = Some(Element {
                            tag: name,
                            style,
                            text: String::new(),
                        })
                    }
                    "br" => open.iter_mut().for_each(|e| e.text.push('\n')),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_string();
                if open.as_ref().is_some_and(|e| e.tag == name) {
                    blocks.extend(open.take());
                }
            }
            Token::String(s) => {
                if let Some(e) = open.as_mut() {
                    e.text.push_str(&String::from_utf8_lossy(&s));
                }
            }
            _ => {}
        }
    }
    (blocks, tags)
}

/// No style sheet, no class, nothing loaded from elsewhere: what the WeChat editor
/// keeps is all there is.
fn self_contained(html: &str, tags: &[(String, Vec<String>)]) {
    for (name, attrs) in tags {
        assert!(
            !["style", "link", "script", "img", "iframe"].contains(&name.as_str()),
            "<{name}> in the page"
        );
        assert!(!attrs.iter().any(|a| a == "class"), "class on <{name}>");
        assert!(!attrs.iter().any(|a| a == "id"), "id on <{name}>");
    }
    // No fixed page width: no width in pixels anywhere (percentages and a maximum in
    // ems only), and the phone's width is the viewport.
    let fixed = html.match_indices("width:").any(|(i, _)| {
        html[i..]
            .split(';')
            .next()
            .is_some_and(|d| d.contains("px") && !d.starts_with("width:calc"))
    });
    assert!(!fixed, "a fixed width in pixels");
    assert!(html.contains("width=device-width"));
    if let Err(e) = crate::export::xml_check::parse(html) {
        panic!("not well-formed: {e}");
    }
}

#[test]
fn the_sample_page_holds_every_paragraph_in_order_with_inline_styles_only() {
    let issue = crate::model::Issue::sample();
    let style = Style::house();
    let html = issue_page(&issue, &style);
    let (blocks, tags) = read(&html);
    self_contained(&html, &tags);
    // Body paragraphs: the indented ones, exactly the sample's, in order.
    let body: Vec<&str> = blocks
        .iter()
        .filter(|b| b.tag == "p" && b.style.contains("text-indent:2em"))
        .map(|b| b.text.as_str())
        .collect();
    let expected: Vec<String> = issue
        .articles()
        .flat_map(|a| a.blocks.iter())
        .filter_map(|b| match b {
            Block::Paragraph { text } | Block::ListIntro { text } => Some(text.trim().to_string()),
            Block::AwardList { .. } | Block::Figure(_) | Block::Table(_) => None,
        })
        .collect();
    assert_eq!(body, expected);
    // Titles are headings, centred; bylines right-aligned in the 楷体 list.
    let titles: Vec<&str> = blocks
        .iter()
        .filter(|b| b.tag == "h3")
        .map(|b| b.text.as_str())
        .collect();
    let want: Vec<String> = issue
        .articles()
        .map(|a| a.title_lines().join("\n"))
        .collect();
    assert_eq!(titles, want);
    assert!(blocks
        .iter()
        .filter(|b| b.tag == "h3")
        .all(|b| b.style.contains("text-align:center")));
    let byline = blocks
        .iter()
        .find(|b| b.text == "（王婧）")
        .expect("byline");
    assert!(byline.style.contains("text-align:right") && byline.style.contains("'楷体'"));
    // Masthead: the red name, the issue line.
    assert_eq!(blocks[1].tag, "h1");
    assert!(blocks[1].style.contains("color:#E60012"));
    assert_eq!(blocks[2].text, issue.meta.issue_line());
    let all: String = blocks.iter().map(|b| format!("{}\n", b.text)).collect();
    test_issues::assert_in_order(&all, &test_issues::texts_in_order(&issue), "sample page");
    // The 版记: continuation lines hang after the 2-em label.
    let bao = blocks.iter().find(|b| b.text.starts_with("报：")).unwrap();
    assert!(
        bao.text.contains('\n'),
        "the 报 line's second group starts a line"
    );
    assert!(bao.style.contains("padding-left:3em") && bao.style.contains("text-indent:-2em"));
}

/// Generated text with < > & " ' and Han/Latin mixes comes back exactly: escaped once,
/// never interpreted as markup.
#[test]
fn generated_issues_escape_their_text_and_keep_it_in_order() {
    let mut rng = crate::testing::Rng(0x4EB);
    for round in 0..80 {
        let issue = test_issues::issue(&mut rng);
        let mut style = Style::house();
        style.distribution_inner_rules = round % 2 == 0;
        let html = issue_page(&issue, &style);
        let (blocks, tags) = read(&html);
        self_contained(&html, &tags);
        let all: String = blocks.iter().map(|b| format!("{}\n", b.text)).collect();
        test_issues::assert_in_order(
            &all,
            &test_issues::texts_in_order(&issue),
            &format!("round {round}: {}", issue.to_json()),
        );
        // Each body paragraph is one element with the same text.
        for text in issue
            .articles()
            .flat_map(|a| &a.blocks)
            .filter_map(|b| match b {
                Block::Paragraph { text } => Some(text.trim()),
                _ => None,
            })
        {
            assert!(
                blocks.iter().any(|b| b.tag == "p" && b.text == text),
                "round {round}: paragraph {text:?} is not one element"
            );
        }
    }
}

#[test]
fn one_article_on_its_own_page_reads_back_through_the_importer() {
    let issue = crate::model::Issue::sample();
    let style = Style::house();
    let count = issue.articles().count();
    for (i, article) in issue.articles().enumerate() {
        let html = article_page(&issue, &style, i).expect("an article page");
        let (blocks, tags) = read(&html);
        self_contained(&html, &tags);
        let paragraphs: Vec<&str> = blocks
            .iter()
            .filter(|b| b.style.contains("text-indent:2em"))
            .map(|b| b.text.as_str())
            .collect();
        let want: Vec<&str> = article
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text } | Block::ListIntro { text } => Some(text.trim()),
                _ => None,
            })
            .collect();
        assert_eq!(paragraphs, want, "article {i}");
        // Only this article's title.
        assert_eq!(blocks.iter().filter(|b| b.tag == "h3").count(), 1);
        // The web importer, given the page back, finds the article's title and text.
        let back = crate::import::html::read_html(&html);
        let got = back
            .articles
            .first()
            .expect("the importer finds the article");
        assert_eq!(
            got.title_lines().join(""),
            article.title_lines().join(""),
            "article {i}"
        );
        let first = want.first().copied().unwrap_or_default();
        assert!(
            got.blocks
                .iter()
                .any(|b| matches!(b, Block::Paragraph { text } if text == first)),
            "article {i}: first paragraph not read back: {:?}",
            got.blocks
        );
    }
    assert!(article_page(&issue, &style, count).is_none());
}
