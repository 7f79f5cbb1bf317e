//! Saved web pages and WeChat articles (.html, .htm): tokenised by html5gum (a
//! WHATWG-conformant tokenizer), read block by block (p, h1–h6, li, div, td, br) into
//! the same [`SourceLine`]s a text file gives, then read by the common recogniser. The
//! title comes from the first h1, else from `<title>` (without the site's name); page
//! furniture (scripts, navigation, footers, copyright lines) is left out; pictures
//! come in as figures where the page has them (beside it, or in a data: URL), with
//! their captions (figcaption, or a caption-like paragraph under them), and the others
//! are named in the report.

use super::table::RawCell;
use crate::model::Article;
use html5gum::{DefaultEmitter, Token, Tokenizer};

mod build;
mod pictures;

use build::build;
pub(super) use build::{is_furniture_text, meta_line};
pub(super) use pictures::percent_decoded;

/// What a web page held: its articles, and the pictures their figures show and those
/// left out.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlArticles {
    pub articles: Vec<Article>,
    /// `<img>` elements in the body, whether they came in or not.
    pub images: usize,
    pub found: crate::import::pictures::Found,
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
    /// A picture (`<img>`): its address, its share of the column when the page says,
    /// and the number of the block it stands in (pictures of one block stand side by
    /// side).
    picture: Option<(String, Option<f32>, usize)>,
    /// The text of a figcaption: the caption of the picture before it.
    figcaption: bool,
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

/// The articles of a web page, with no folder for the pictures it names by relative
/// address (they are reported as missing).
pub fn read_html(html: &str) -> HtmlArticles {
    read_html_in(html, None)
}

/// Pictures this small (a side of at most this many pixels) are icons and spacers.
const ICON_PX: u32 = 32;

/// The articles of a web page saved in `folder` (where its pictures are looked for).
pub fn read_html_in(html: &str, folder: Option<&std::path::Path>) -> HtmlArticles {
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
    // Block boundaries seen (pictures between the same two stand side by side).
    let mut block_no = 0usize;
    let mut figcaption = false;
    // Table rows seen: pictures in the cells of one row stand side by side.
    let mut rows_seen = 0usize;

    let flush = |buf: &mut String,
                 pieces: &mut Vec<Piece>,
                 heading: Option<u8>,
                 main: bool,
                 images: usize,
                 link_chars: &mut usize,
                 centred: bool,
                 figcaption: bool| {
        let text = collapse(buf);
        buf.clear();
        let links = std::mem::take(link_chars);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        let menu = links * 10 >= chars * 8 && chars <= 40;
        if !text.trim().is_empty() && !menu {
            pieces.push(Piece {
                text,
                heading,
                main,
                images_before: images,
                centred,
                figcaption,
                ..Piece::default()
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
                figcaption,
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
                    "img" => {
                        images += 1;
                        let attr = |a: &str| {
                            tag.attributes
                                .get(a.as_bytes())
                                .map(|v| String::from_utf8_lossy(v).to_string())
                        };
                        let side = |a: &str| attr(a).and_then(|v| v.trim().parse::<u32>().ok());
                        let icon = side("width").is_some_and(|w| w <= ICON_PX)
                            || side("height").is_some_and(|h| h <= ICON_PX);
                        if let (Some(src), false) = (pictures::img_source(&attr), icon) {
                            // In a table's cells, the row is the block.
                            let block = match cell {
                                Some(_) => usize::MAX - rows_seen,
                                None => {
                                    flush_here!();
                                    block_no
                                }
                            };
                            pieces.push(Piece {
                                picture: Some((src, pictures::img_share(&attr), block)),
                                main: main_depth > 0,
                                images_before: images,
                                ..Piece::default()
                            });
                        }
                    }
                    "br" => {
                        block_no += 1;
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
                        rows_seen += 1;
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
                        block_no += 1;
                        // A paragraph or division inside a cell: the table lays out
                        // the page, it holds no data; its cells are blocks.
                        if let Some(c) = cell.take() {
                            buf.push_str(&c);
                            row = None;
                        }
                        flush_here!();
                        centred = is_centred(&tag);
                        figcaption = n == "figcaption";
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
                                ..Piece::default()
                            }),
                        }
                        link_chars = 0;
                    }
                    n if BLOCKS.contains(&n) => {
                        block_no += 1;
                        if cell.is_none() {
                            flush_here!();
                            centred = false;
                            figcaption = false;
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
    build(pieces, &page_title, images, folder)
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

#[cfg(test)]
mod picture_tests;
#[cfg(test)]
mod tests;
