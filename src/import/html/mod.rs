//! Saved web pages and WeChat articles (.html, .htm): tokenised by html5gum (a
//! WHATWG-conformant tokenizer), read block by block (p, h1–h6, li, div, td, br) into
//! the same [`SourceLine`]s a text file gives, then read by the common recogniser. The
//! title comes from the first h1, else from `<title>` (without the site's name); page
//! furniture (scripts, navigation, footers, copyright lines) is left out; images are
//! counted and reported.

use super::lines::{fix_spaces, Hint, Source, SourceLine};
use super::structure::{recognise, Mode};
use super::table::{flatten, is_award_table, merged_name, table_block, RawCell};
use crate::model::Article;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// What a web page held: its articles and the images in its body (reported, not
/// imported).
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlArticles {
    pub articles: Vec<Article>,
    pub images: usize,
    /// Tables whose merged cells were split (named by their first cells).
    pub merged_tables: Vec<String>,
}

/// Whether decoded text is an HTML document rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(['\u{FEFF}', ' ', '\n', '\r', '\t'])
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<!doctype html",
            "<html",
            "<body",
            "<head",
            "<meta",
            "<p",
            "<div",
            "<section",
        ]
        .iter()
        .any(|t| head.contains(t))
}

/// Elements whose content is never article text.
const SKIPPED: [&str; 13] = [
    "script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "select", "button",
    "iframe", "form", "object",
];

/// Words in a class or id that mark page furniture (menus, breadcrumbs, footers,
/// share and print links, QR codes), as sites and WeChat name them.
const FURNITURE_CLASSES: [&str; 16] = [
    "nav",
    "navbar",
    "menu",
    "footer",
    "foot",
    "breadcrumb",
    "crumb",
    "crumbs",
    "location",
    "share",
    "print",
    "copyright",
    "sidebar",
    "qr",
    "toolbar",
    "pager",
];

/// Elements that never have an end tag.
const VOID: [&str; 8] = ["br", "img", "hr", "meta", "link", "input", "wbr", "source"];

/// Whether a start tag's class or id names page furniture.
fn is_furniture(tag: &html5gum::StartTag<()>) -> bool {
    ["class", "id"].iter().any(|a| {
        tag.attributes.get(a.as_bytes()).is_some_and(|v| {
            String::from_utf8_lossy(v)
                .to_ascii_lowercase()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| FURNITURE_CLASSES.contains(&w))
        })
    })
}

/// Elements that end a block of text.
const BLOCKS: [&str; 26] = [
    "p",
    "div",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "body",
    "dd",
    "dt",
    "main",
    "center",
];

/// Lines of page furniture rather than article text.
const FURNITURE: [&str; 14] = [
    "版权所有",
    "ICP备",
    "Copyright",
    "©",
    "技术支持",
    "网站地图",
    "联系我们",
    "当前位置",
    "您现在的位置",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "分享到",
    "扫一扫",
];

/// A block of text as read, before the title is chosen.
#[derive(Debug, Default)]
struct Piece {
    text: String,
    heading: Option<u8>,
    cells: Option<Vec<String>>,
    /// A row of a data table: the table's number on the page and its cells with
    /// their spans and header marks.
    table: Option<(usize, Vec<RawCell>)>,
    /// Inside WeChat's article body (`id="js_content"`).
    main: bool,
    /// Images seen before this piece.
    images_before: usize,
    /// Set centred (align="center", text-align: center), as a title without h1 is.
    centred: bool,
}

/// Whether a start tag centres its content (align="center" or text-align: center).
fn is_centred(tag: &html5gum::StartTag<()>) -> bool {
    let attr = |a: &str| {
        tag.attributes
            .get(a.as_bytes())
            .map(|v| String::from_utf8_lossy(v).to_ascii_lowercase())
    };
    attr("align").is_some_and(|v| v.trim() == "center")
        || attr("style").is_some_and(|v| v.replace(' ', "").contains("text-align:center"))
}

/// Words of a site's footer (主办：…　地址：…　电话：…): a line holding two of them
/// is page furniture.
const FOOTER_WORDS: [&str; 8] = [
    "主办",
    "承办",
    "地址：",
    "电话：",
    "邮编",
    "网站标识码",
    "备案号",
    "技术支持",
];

/// The articles of a web page.
pub fn read_html(html: &str) -> HtmlArticles {
    let mut emitter = DefaultEmitter::default();
    // Script and style contents are raw text, not markup.
    emitter.naively_switch_states(true);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut page_title = String::new();
    let mut in_title = false;
    let mut skip_depth = 0usize;
    let mut heading: Option<u8> = None;
    let mut buf = String::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    // Spans and header marks of the current row's cells; the open tables' numbers;
    // whether inside a thead.
    let mut row_meta: Vec<RawCell> = Vec::new();
    let mut open_tables: Vec<usize> = Vec::new();
    let mut tables_seen = 0usize;
    let mut in_thead = false;
    let mut images = 0usize;
    // Depth of div elements inside WeChat's js_content (0 outside).
    let mut main_depth = 0usize;
    // The furniture element being skipped, and how deep in same-named elements.
    let mut furniture: Option<(String, usize)> = None;
    // Inside a link, and how much of the current block's text was link text (a
    // block that is all links is a menu or a breadcrumb).
    let mut link_depth = 0usize;
    let mut link_chars = 0usize;
    let mut centred = false;

    let flush = |buf: &mut String,
                 pieces: &mut Vec<Piece>,
                 heading: Option<u8>,
                 main: bool,
                 images: usize,
                 link_chars: &mut usize,
                 centred: bool| {
        let text = collapse(buf);
        buf.clear();
        let links = std::mem::take(link_chars);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let menu = links * 10 >= chars * 8 && chars <= 40;
        if !text.trim().is_empty() && !menu {
            pieces.push(Piece {
                text,
                heading,
                cells: None,
                table: None,
                main,
                images_before: images,
                centred,
            });
        }
    };
    // Every block boundary flushes with the state as it stands; one spelling of it.
    macro_rules! flush_here {
        () => {
            flush(
                &mut buf,
                &mut pieces,
                heading,
                main_depth > 0,
                images,
                &mut link_chars,
                centred,
            )
        };
    }

    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) {
                    if !tag.self_closing {
                        skip_depth += 1;
                    }
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                if let Some((skipped, depth)) = furniture.as_mut() {
                    if *skipped == name && !tag.self_closing {
                        *depth += 1;
                    }
                    continue;
                }
                if !VOID.contains(&name.as_str()) && !tag.self_closing && is_furniture(&tag) {
                    flush_here!();
                    furniture = Some((name, 1));
                    continue;
                }
                let id = tag
                    .attributes
                    .get(b"id".as_slice())
                    .map(|v| String::from_utf8_lossy(v).to_string());
                if name == "div" {
                    if main_depth > 0 {
                        main_depth += 1;
                    } else if id.as_deref() == Some("js_content") {
                        main_depth = 1;
                    }
                }
                match name.as_str() {
                    "title" => in_title = true,
                    "img" => images += 1,
                    "br" => {
                        if let Some(c) = cell.as_mut() {
                            c.push(' ');
                        } else {
                            flush_here!();
                        }
                    }
                    "a" => link_depth += 1,
                    "table" => {
                        tables_seen += 1;
                        open_tables.push(tables_seen);
                    }
                    "thead" => in_thead = true,
                    "tr" => {
                        row = Some(Vec::new());
                        row_meta.clear();
                    }
                    "td" | "th" => {
                        cell = Some(String::new());
                        centred = is_centred(&tag);
                        let span = |a: &str| {
                            tag.attributes
                                .get(a.as_bytes())
                                .and_then(|v| {
                                    String::from_utf8_lossy(v).trim().parse::<usize>().ok()
                                })
                                .unwrap_or(1)
                                .max(1)
                        };
                        row_meta.push(RawCell {
                            text: String::new(),
                            colspan: span("colspan"),
                            rowspan: span("rowspan"),
                            continues: false,
                            head: name == "th" || in_thead,
                        });
                    }
                    n if BLOCKS.contains(&n) => {
                        // A paragraph or division inside a cell: the table lays out
                        // the page, it holds no data; its cells are blocks.
                        if let Some(c) = cell.take() {
                            buf.push_str(&c);
                            row = None;
                        }
                        flush_here!();
                        centred = is_centred(&tag);
                        if let Some(level) = n.strip_prefix('h').and_then(|d| d.parse().ok()) {
                            heading = Some(level);
                        }
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) {
                    skip_depth = skip_depth.saturating_sub(1);
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                if let Some((skipped, depth)) = furniture.as_mut() {
                    if *skipped == name {
                        *depth -= 1;
                        if *depth == 0 {
                            furniture = None;
                        }
                    }
                    continue;
                }
                match name.as_str() {
                    "title" => in_title = false,
                    "table" => {
                        open_tables.pop();
                    }
                    "thead" => in_thead = false,
                    "a" => link_depth = link_depth.saturating_sub(1),
                    "td" | "th" => match (row.as_mut(), cell.take()) {
                        (Some(r), Some(c)) => r.push(collapse(&c).trim().to_string()),
                        // A cell of a layout table: a block of its own.
                        _ => flush_here!(),
                    },
                    "tr" => {
                        let cells = row.take().unwrap_or_default();
                        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
                        match filled.as_slice() {
                            [] => {}
                            // One cell is a line, not a row of a list.
                            [only] => {
                                buf.push_str(only);
                                flush_here!();
                            }
                            _ => pieces.push(Piece {
                                text: cells.join("\u{3000}"),
                                heading: None,
                                table: open_tables.last().map(|&id| {
                                    let raw = cells
                                        .iter()
                                        .zip(
                                            row_meta
                                                .iter()
                                                .chain(std::iter::repeat(&RawCell::new(""))),
                                        )
                                        .map(|(text, meta)| RawCell {
                                            text: text.clone(),
                                            ..meta.clone()
                                        })
                                        .collect();
                                    (id, raw)
                                }),
                                cells: Some(cells),
                                main: main_depth > 0,
                                images_before: images,
                                centred: false,
                            }),
                        }
                        link_chars = 0;
                    }
                    n if BLOCKS.contains(&n) => {
                        if cell.is_none() {
                            flush_here!();
                            centred = false;
                        }
                        if n.starts_with('h') && n.len() == 2 {
                            heading = None;
                        }
                    }
                    _ => {}
                }
                if name == "div" && main_depth > 0 {
                    main_depth -= 1;
                }
            }
            Token::String(s) => {
                if skip_depth > 0 || furniture.is_some() {
                    continue;
                }
                let s = String::from_utf8_lossy(&s);
                if link_depth > 0 {
                    link_chars += s.chars().filter(|c| !c.is_whitespace()).count();
                }
                if in_title {
                    page_title.push_str(&s);
                } else if let Some(c) = cell.as_mut() {
                    c.push_str(&s);
                } else {
                    buf.push_str(&s);
                }
            }
            _ => {}
        }
    }
    flush_here!();
    build(pieces, &page_title, images)
}

/// HTML's white space: runs of spaces, tabs and line ends are one space; no-break
/// and ideographic spaces stay (they are an indent or a deliberate gap).
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\n' | '\r' | '\t' | '\u{0C}') {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// `关于…的通知_山西省通信管理局` → `关于…的通知`: a page title without the site's name.
fn without_site_name(title: &str) -> String {
    let t = title.trim();
    for sep in [" - ", " – ", " — ", "_", " | ", "|", "－"] {
        if let Some((first, _)) = t.split_once(sep) {
            if first.chars().count() >= 4 {
                return first.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Whether a block of text is page furniture: a copyright or navigation line, or a
/// footer naming the site's owner, address and telephone.
pub(super) fn is_furniture_text(text: &str) -> bool {
    FURNITURE.iter().any(|f| text.contains(f))
        || FOOTER_WORDS.iter().filter(|w| text.contains(*w)).count() >= 2
}

/// A line of publishing data (发布时间：… 来源：…): its source, if it names one.
pub(super) fn meta_line(text: &str) -> Option<Option<String>> {
    let t = text.trim();
    let is_meta = [
        "发布时间",
        "发布日期",
        "时间：",
        "日期：",
        "发布者",
        "浏览次数",
        "阅读次数",
        "点击数",
        "字号",
    ]
    .iter()
    .any(|m| t.starts_with(m));
    if !is_meta || t.chars().count() > 80 {
        return None;
    }
    let source = t.find("来源：").map(|at| {
        let rest = &t[at..];
        let end = rest
            .char_indices()
            .skip(3)
            .find(|&(_, c)| c == ' ' || c == '\u{3000}' || c == '\u{A0}')
            .map_or(rest.len(), |(k, _)| k);
        rest[..end].to_string()
    });
    Some(source)
}

fn build(pieces: Vec<Piece>, page_title: &str, images: usize) -> HtmlArticles {
    let wechat = pieces.iter().any(|p| p.main);
    // The title: the h1; else a heading at the top of the page (older WeChat
    // articles set theirs in h2), before any paragraph of the body.
    let title_at = pieces
        .iter()
        .position(|p| p.heading == Some(1))
        .or_else(|| {
            let first_text = pieces
                .iter()
                .position(|p| p.heading.is_none() && p.text.trim().chars().count() > 40)
                .unwrap_or(pieces.len());
            pieces[..first_text]
                .iter()
                .position(|p| p.heading.is_some_and(|l| l <= 3))
        });
    let mut lines: Vec<SourceLine> = Vec::new();
    let mut images_in_body = images;
    let line = |text: &str, hint: Hint| SourceLine {
        width: super::lines::width(text),
        text: fix_spaces(text),
        raw: text.trim().to_string(),
        starts_paragraph: true,
        blank_before: false,
        indented: false,
        hint,
    };
    // Without h1, a centred first line of the body is the title (a Word document
    // saved as a web page, an older site's title cell), as in a Word document.
    let centred_title = title_at.is_none().then(|| {
        pieces
            .iter()
            .position(|p| {
                (p.main || !wechat) && !is_furniture_text(&p.text) && meta_line(&p.text).is_none()
            })
            .filter(|&k| {
                let p = &pieces[k];
                let n = p.text.trim().chars().count();
                p.centred && (4..=60).contains(&n) && !super::lines::has_final_stop(&p.text)
            })
    });
    let title_at = title_at.or(centred_title.flatten());
    let start = match title_at {
        Some(at) => {
            lines.push(line(&pieces[at].text, Hint::Heading));
            images_in_body -= pieces[at].images_before.min(images_in_body);
            at + 1
        }
        None => {
            let t = without_site_name(page_title);
            if !t.is_empty() {
                lines.push(line(&t, Hint::Heading));
            }
            0
        }
    };
    let mut sources: Vec<String> = Vec::new();
    let mut merged_tables = Vec::new();
    let mut pieces = pieces.into_iter().skip(start).peekable();
    while let Some(p) = pieces.next() {
        // The rows of one data table: an award list stays rows for the list reader,
        // any other table becomes one table block.
        if let (Some((id, first)), false) = (p.table.clone(), wechat && !p.main) {
            let mut raw = vec![first];
            let mut texts = vec![p.text.clone()];
            while let Some(next) = pieces.next_if(|n| n.table.as_ref().is_some_and(|t| t.0 == id)) {
                if let Some((_, cells)) = next.table {
                    raw.push(cells);
                    texts.push(next.text);
                }
            }
            let flat = flatten(&raw);
            if is_award_table(&flat.rows) {
                for (cells, text) in raw.into_iter().zip(texts) {
                    let cells = cells.into_iter().map(|c| c.text).collect();
                    lines.push(line(&text, Hint::Cells(cells)));
                }
            } else {
                let merged = flat.merged;
                let table = table_block(flat);
                if merged {
                    merged_tables.push(merged_name(&table));
                }
                let text = table.rows.concat().join("\u{3000}");
                lines.push(line(&text, Hint::Table(Box::new(table))));
            }
            continue;
        }
        if wechat && !p.main {
            continue;
        }
        let text = p.text.trim();
        if is_furniture_text(text) {
            continue;
        }
        if let Some(source) = meta_line(text) {
            sources.extend(source);
            continue;
        }
        // The page title repeated as the first paragraph.
        if lines.len() == 1 && title_at.is_none() && fix_spaces(text) == lines[0].text {
            continue;
        }
        let hint = match (p.cells, p.centred) {
            (Some(cells), _) => Hint::Cells(cells),
            (None, true) => Hint::Centred,
            _ => Hint::None,
        };
        lines.push(line(&p.text, hint));
    }
    let source = Source {
        lines,
        ..Source::default()
    };
    let imported = recognise(&source, Mode::Article);
    let mut articles = imported.articles_front;
    for s in imported.sections {
        articles.extend(s.articles);
    }
    // A source named in the publishing data is the page's, not the article's text:
    // it is the article's note only where the article names no author or source.
    if let (Some(text), Some(first)) = (sources.into_iter().next(), articles.first_mut()) {
        if first.attribution.is_none() {
            first.attribution = Some(crate::model::Attribution {
                kind: crate::model::AttributionKind::Source { text },
                placement: crate::model::Placement::Auto,
            });
        }
    }
    articles.retain(|a| !a.title.is_empty() || !a.blocks.is_empty());
    HtmlArticles {
        articles,
        images: images_in_body,
        merged_tables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttributionKind, Block};

    fn paragraphs(a: &Article) -> Vec<&str> {
        a.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_saved_page_gives_title_paragraphs_source_and_images() {
        let page = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>全省通信行业开展安全生产检查_某某省通信管理局</title>
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><ul><li><a href="/">首页</a></li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 工作动态</div>
<h1>全省通信行业开展安全生产检查</h1>
<div class="info">发布时间：2024-03-05　来源：某某省通信管理局</div>
<div class="content">
<p style="text-indent:2em">　　近日，全省通信行业开展了安全生产大检查。检查组深入20个基站、机房，查看了消防、用电等情况。</p>
<p><img src="a.jpg"></p>
<p>　　检查要求，各单位要&ldquo;举一反三&rdquo;，<strong>立即整改</strong>发现的问题。<br>　　下一步，将持续开展督导。</p>
</div>
<footer><p>版权所有 某某省通信管理局</p></footer></body></html>"#;
        let got = read_html(page);
        assert_eq!(got.images, 1);
        assert_eq!(got.articles.len(), 1);
        let a = &got.articles[0];
        assert_eq!(a.title, "全省通信行业开展安全生产检查");
        assert_eq!(
            paragraphs(a),
            [
                "近日，全省通信行业开展了安全生产大检查。检查组深入20个基站、机房，查看了消防、用电等情况。",
                "检查要求，各单位要“举一反三”，立即整改发现的问题。",
                "下一步，将持续开展督导。",
            ]
        );
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Source {
                text: "来源：某某省通信管理局".into()
            })
        );
    }

    #[test]
    fn a_wechat_article_reads_only_its_body() {
        let page = r#"<html><head><title>公众号</title></head><body>
<h1 class="rich_media_title" id="activity-name">  协会举办第三届职业技能竞赛  </h1>
<div id="meta_content"><span>某某通信协会</span> <em>2024-05-20</em></div>
<div class="rich_media_content" id="js_content"><section><p><span>——以赛促学　以赛促训</span></p>
<p><span>5月18日，协会举办第三届职业技能竞赛。</span></p><p><br></p>
<section><p>来自12家单位的60名选手参赛。</p></section>
<p style="text-align:right">（协会培训部）</p></section></div>
<div id="js_pc_qr_code"><p>微信扫一扫关注该公众号</p></div></body></html>"#;
        let got = read_html(page);
        let a = &got.articles[0];
        assert_eq!(a.title, "协会举办第三届职业技能竞赛");
        assert_eq!(a.subtitle.as_deref(), Some("——以赛促学　以赛促训"));
        assert_eq!(
            paragraphs(a),
            [
                "5月18日，协会举办第三届职业技能竞赛。",
                "来自12家单位的60名选手参赛。"
            ]
        );
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Source {
                text: "协会培训部".into()
            })
        );
    }

    /// Older sites lay pages out with tables and centre the title in a cell; Word's
    /// "save as web page" centres a bold paragraph: either is the title when there
    /// is no h1. Menus (all links) and footers (主办…地址…) are left out; the
    /// page's 来源 is the note only where the article names nobody.
    #[test]
    fn layout_tables_centred_titles_menus_and_the_page_source() {
        let page = r#"<html><head><title>某某局网站</title></head><body>
<table><tr><td class="dh"><a href="/">首页</a> | <a href="/tz">通知公告</a></td></tr></table>
<table><tr><td align="center" class="bt">关于开展通信保障工作的通知</td></tr>
<tr><td class="sj">发布日期：2026-12-18　来源：某某市通信管理局</td></tr>
<tr><td><div class="TRS_Editor"><p style="TEXT-INDENT: 2em"><font>各基础电信企业：</font></p>
<p style="TEXT-INDENT: 2em">请做好节日期间通信保障工作。</p></div></td></tr></table>
<table><tr><td>主办：某某市通信管理局　　地址：某某路1号　　电话：0351-1234567</td></tr></table>
</body></html>"#;
        let a = &read_html(page).articles[0];
        assert_eq!(a.title, "关于开展通信保障工作的通知");
        assert_eq!(
            paragraphs(a),
            ["各基础电信企业：", "请做好节日期间通信保障工作。"]
        );
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Source {
                text: "来源：某某市通信管理局".into()
            })
        );
        // The article's own byline wins over the page's source, which is dropped.
        let own = page.replace(
            "请做好节日期间通信保障工作。</p>",
            "请做好节日期间通信保障工作。</p><p align=right>（王婧）</p>",
        );
        let a = &read_html(&own).articles[0];
        assert_eq!(paragraphs(a).len(), 2);
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Author {
                names: vec!["王婧".into()]
            })
        );
        let word = r#"<html><head><meta name=ProgId content=Word.Document><title>文档1</title></head>
<body><div class=WordSection1><p class=MsoNormal align=center style='text-align:center'><b>长治铁塔助力数字乡村<o:p></o:p></b></p>
<p class=MsoNormal style='text-align: center'>——全年新建共享站址416个</p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal style='text-indent:21.0pt'>今年以来，长治铁塔新建共享站址416个。<o:p></o:p></p></div></body></html>"#;
        let a = &read_html(word).articles[0];
        assert_eq!(a.title, "长治铁塔助力数字乡村");
        assert_eq!(a.subtitle.as_deref(), Some("——全年新建共享站址416个"));
        assert_eq!(paragraphs(a), ["今年以来，长治铁塔新建共享站址416个。"]);
    }

    /// Older WeChat articles set the title in h2 and leave <title> empty.
    #[test]
    fn a_heading_at_the_top_is_the_title_without_h1() {
        let page = r#"<html><head><title></title></head><body><h2 class="rich_media_title">忻州铁塔：一座塔，守护一片林</h2>
<div id="js_content"><p style="text-align: right;">作者：邢志远</p><p>进入防火期以来，忻州铁塔为林草部门部署高清视频监控设备126套，实现了重点林区全天候监测。</p></div></body></html>"#;
        let a = &read_html(page).articles[0];
        assert_eq!(a.title, "忻州铁塔：一座塔，守护一片林");
        assert_eq!(paragraphs(a).len(), 1);
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Author {
                names: vec!["邢志远".into()]
            })
        );
        // A subheading after the body's first paragraph is no title.
        let later = "<html><head><title>全省开展安全检查_某某网</title></head><body><p>近日，全省通信行业开展了安全生产大检查，检查组深入20个基站、机房，查看了消防、用电等情况。</p><h2>一、检查情况</h2><p>检查发现问题12处。</p></body></html>";
        assert_eq!(read_html(later).articles[0].title, "全省开展安全检查");
    }

    #[test]
    fn html_is_told_from_text() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("\u{FEFF}<html lang=\"zh\">"));
        assert!(!looks_like_html("标题\n正文<p>"));
    }
}
