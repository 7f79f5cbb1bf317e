//! The pieces of a web page made into article lines: the title chosen, page furniture
//! and publishing data left out, data tables gathered, then the common recogniser.

use super::pictures::picture_of;
use super::{HtmlArticles, Piece};
use crate::import::lines::{fix_spaces, Hint, Source, SourceLine};
use crate::import::pictures::{captions_for, figures, is_caption, Found, Placed};
use crate::import::structure::{recognise, Mode};
use crate::import::table::{flatten, is_award_table, merged_name, table_block};

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
pub(in crate::import) fn is_furniture_text(text: &str) -> bool {
    FURNITURE.iter().any(|f| text.contains(f))
        || FOOTER_WORDS.iter().filter(|w| text.contains(*w)).count() >= 2
}

/// A line of publishing data (发布时间：… 来源：…): its source, if it names one.
pub(in crate::import) fn meta_line(text: &str) -> Option<Option<String>> {
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

/// The articles of a page's pieces; pictures in the article are read (from `folder`
/// for relative addresses) and placed with their captions.
pub(super) fn build(
    pieces: Vec<Piece>,
    page_title: &str,
    images: usize,
    folder: Option<&std::path::Path>,
) -> HtmlArticles {
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
        width: crate::import::lines::width(text),
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
                (p.main || !wechat)
                    && p.picture.is_none()
                    && !is_furniture_text(&p.text)
                    && meta_line(&p.text).is_none()
            })
            .filter(|&k| {
                let p = &pieces[k];
                let n = p.text.trim().chars().count();
                p.centred && (4..=60).contains(&n) && !crate::import::lines::has_final_stop(&p.text)
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
    let mut found = Found::default();
    let mut last_text = String::new();
    let mut pieces = pieces.into_iter().skip(start).peekable();
    while let Some(mut p) = pieces.next() {
        if wechat && !p.main {
            continue;
        }
        // Pictures standing in one block side by side, captioned by a figcaption or a
        // caption-like paragraph under them.
        if let Some((src, share, block)) = p.picture.take() {
            let mut group = vec![(src, share)];
            while let Some(next) =
                pieces.next_if(|n| n.picture.as_ref().is_some_and(|x| x.2 == block))
            {
                group.extend(next.picture.map(|(s, w, _)| (s, w)));
            }
            let placed: Vec<(crate::model::PictureId, Option<f32>)> = group
                .iter()
                .filter_map(|(src, share)| {
                    picture_of(src, folder, &mut found, &last_text).map(|id| (id, *share))
                })
                .collect();
            if placed.is_empty() {
                continue;
            }
            let n = placed.len();
            // Pictures in table cells: the row under them (or their own row's text)
            // holds one short caption per picture.
            let filled = |cells: &[String]| -> Vec<String> {
                cells
                    .iter()
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect()
            };
            let row_captions = pieces
                .next_if(|next| {
                    next.cells.as_deref().is_some_and(|c| {
                        let f = filled(c);
                        f.len() == n && f.iter().all(|x| x.chars().count() <= 60)
                    })
                })
                .and_then(|next| next.cells)
                .map(|c| filled(&c));
            let caption = pieces
                .next_if(|n| {
                    row_captions.is_none()
                        && n.picture.is_none()
                        && n.cells.is_none()
                        && n.heading.is_none()
                        && (n.figcaption || is_caption(&n.text, n.centred))
                })
                .map(|n| n.text.trim().to_string());
            let captions = row_captions.unwrap_or_else(|| captions_for(caption, n));
            let placed = placed
                .into_iter()
                .zip(captions)
                .map(|((picture, share), caption)| Placed {
                    picture,
                    caption,
                    share,
                })
                .collect();
            for f in figures(placed) {
                // No text: a figure is never read as a title, byline or list row.
                lines.push(line("", Hint::Figure(Box::new(f))));
            }
            continue;
        }
        if !p.text.trim().is_empty() {
            last_text.clone_from(&p.text);
        }
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
        found,
        merged_tables,
    }
}
