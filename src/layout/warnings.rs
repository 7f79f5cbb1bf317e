//! Warnings layout gives about the issue as a whole: style settings that clash, a
//! pagination bug, page ends the keep rules forbid, text past the text block's edge.
//! Elements warn about themselves while they are set (in `flow`).

use super::flow::FlowLine;
use super::pages::{LineKind, Page, Source, Warning};
use super::paginate::{Placed, TraceBackError};
use crate::layout::flow::wrapped::short_title;
use crate::model::Issue;
use crate::style::Style;

/// Settings of the style that contradict each other, said before anything is set.
pub(super) fn style_clashes(style: &Style) -> Vec<Warning> {
    style
        .findings()
        .into_iter()
        .map(|(zh, en)| Warning {
            code: "style-clash",
            zh,
            en,
            source: Source::Style,
            page: None,
        })
        .collect()
}

/// Pagination could not trace its choice back (a bug): the lines were set in order, and
/// the editor is asked to report it rather than left with pages silently wrong.
pub(super) fn pagination_error(e: &TraceBackError) -> Warning {
    Warning {
        code: "pagination-error",
        zh: format!("分页出错（程序缺陷：{e}），各行已按顺序排入页面，未按分页规则；请报告此问题"),
        en: format!("{e} (a bug): the lines were set page after page without the pagination rules; please report it"),
        source: Source::Masthead,
        page: None,
    }
}

/// Warnings about the page flow that the editor should know (a page ended at a place
/// the keep rules forbid because nothing else fit).
pub(super) fn placement_warnings(flow: &[&FlowLine], placed: &[Vec<Placed>]) -> Vec<Warning> {
    let mut out = Vec::new();
    for (p, lines) in placed.iter().enumerate().skip(1) {
        if let Some(&Placed { index: idx, .. }) = lines.first() {
            if !flow[idx].break_before {
                out.push(Warning {
                    code: "forced-page-break",
                    zh: format!(
                        "第{}页：无法满足段落和标题的连排规则，在不宜分页处分页",
                        p + 1
                    ),
                    en: format!(
                        "page {}: the page had to end at a place the keep rules forbid",
                        p + 1
                    ),
                    source: flow[idx].source,
                    page: Some(p + 1),
                });
            }
        }
    }
    out
}

/// Text set beyond the right edge of the text block. Every element wraps within the
/// measure, so this is a last safety net (a single glyph wider than a line, a style
/// with an absurd measure); it names the element and its article. One warning per
/// element; the masthead reports its own.
pub(super) fn overflow_warnings<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    issue: &Issue,
) -> Vec<Warning> {
    let mut out: Vec<Warning> = Vec::new();
    let titles: Vec<&str> = issue.articles().map(|a| a.title.as_str()).collect();
    for page in pages {
        let right = page.text_block[0] + page.text_block[2];
        for run in page.runs() {
            if run.source == Source::Masthead || out.iter().any(|w| w.source == run.source) {
                continue;
            }
            // A glyph that starts past the edge (a line-end mark squeezed to half a
            // cell legitimately starts half a cell before it).
            if run.glyphs.iter().any(|g| g.x > right + 0.1) {
                let (zh_kind, en_kind) = element_names(run.line);
                let (zh, en) = match run.source {
                    Source::Article(i) => {
                        let t = short_title(titles.get(i).copied().unwrap_or(""));
                        (
                            format!("文章“{t}”的{zh_kind}"),
                            format!("the {en_kind} of article “{t}”"),
                        )
                    }
                    Source::Section(i) => {
                        let label = issue.sections.get(i).map_or("", |s| s.label.trim());
                        (
                            format!("栏目“{}”", short_title(label)),
                            format!("the section label “{}”", short_title(label)),
                        )
                    }
                    _ => (zh_kind.to_string(), format!("the {en_kind}")),
                };
                out.push(Warning {
                    code: "text-overflow",
                    zh: format!("第{}页：{zh}超出版心右边，请缩短或分行", page.number),
                    en: format!(
                        "page {}: {en} runs past the right edge of the text block",
                        page.number
                    ),
                    source: run.source,
                    page: Some(page.number),
                });
            }
        }
    }
    out
}

/// What a kind of line is called in warnings (Chinese, English).
fn element_names(kind: LineKind) -> (&'static str, &'static str) {
    match kind {
        LineKind::Title => ("标题", "title"),
        LineKind::Subtitle => ("副题", "subtitle"),
        LineKind::SectionHeading => ("栏目名", "section label"),
        LineKind::Body | LineKind::BodyLast => ("正文", "text"),
        LineKind::Byline => ("署名", "byline"),
        LineKind::ListIntro => ("名单引语", "list intro"),
        LineKind::ListCategory => ("名单类别", "list category"),
        LineKind::ListRow => ("获奖名单", "award list"),
        LineKind::TableCaption => ("表格标题", "table title"),
        LineKind::TableRow => ("表格", "table"),
        LineKind::Figure => ("图片", "picture"),
        LineKind::Caption => ("图注", "caption"),
        LineKind::Distribution => ("版记", "distribution block"),
        LineKind::PageNumber => ("页码", "page number"),
        LineKind::Masthead => ("报头", "masthead"),
    }
}
