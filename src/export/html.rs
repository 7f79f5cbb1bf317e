//! The issue as one self-contained web page, for the association's WeChat account and
//! website (house-format.md §3.12).
//!
//! The WeChat editor strips style sheets and class attributes from pasted text, so
//! every element carries its look in an inline `style`: open the page in a browser,
//! select all, paste, and headings, indents, bylines and the 版记 survive. No fixed
//! width: text flows to the phone's width (a maximum line length keeps it readable on
//! a desktop). Written as XHTML-compatible markup (every element closed), so the same
//! page also reads as XML.

use super::{award_columns, chinese_face, distribution_lines, em_width, escape, padded_name};
use crate::layout::flow::chinese_number;
use crate::model::{Article, AwardRow, Block, Issue};
use crate::style::{Ink, Style};
use std::fmt::Write as _;

/// Body text in CSS pixels: 16–17 px is what phone readers of WeChat articles expect.
const BODY_PX: f32 = 16.0;

/// An attribute value inside double quotes: single quotes (the CSS font names') stay
/// as they are, everything else is escaped as text.
fn attr(value: &str) -> String {
    escape(value).replace("&#39;", "'")
}

/// A CSS font-family list for a role: the style's families, then a generic family.
fn family(list: &[String], fallback: &str, generic: &str) -> String {
    let chosen = chinese_face(list, fallback);
    let mut names: Vec<&str> = vec![chosen];
    names.extend(list.iter().map(String::as_str).filter(|f| *f != chosen));
    let mut out: Vec<String> = names
        .into_iter()
        // A name with a quote or backslash could end the CSS string; such a family
        // does not exist on any system anyway.
        .filter(|n| !n.contains(['\'', '"', '\\', ';', '<', '>']))
        .map(|n| format!("'{n}'"))
        .collect();
    out.push(generic.to_string());
    out.join(",")
}

fn colour(ink: Ink) -> String {
    let [r, g, b] = ink.screen_rgb;
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Pixels for a size given in points relative to the body size, so a title is as
/// much larger than the body on the phone as on paper.
fn px(style: &Style, pt: f32) -> String {
    let v = BODY_PX * pt / style.body_size.0.max(1.0);
    format!("{}px", (v * 10.0).round() / 10.0)
}

/// The page being written.
struct Page<'a> {
    style: &'a Style,
    /// The issue, for its pictures.
    issue: &'a Issue,
    out: String,
    body_font: String,
    title_font: String,
    hei_font: String,
    kai_font: String,
}

impl<'a> Page<'a> {
    fn new(style: &'a Style, issue: &'a Issue) -> Page<'a> {
        let f = &style.fonts;
        // The Chinese faces first: a Latin face first would also set the curly quotes
        // and dashes, half-width (house-format.md §7, item 6); Latin faces after them.
        let mut body = f.body.clone();
        body.extend(f.latin.iter().cloned());
        Page {
            style,
            issue,
            out: String::new(),
            body_font: family(&body, "仿宋", "serif"),
            title_font: family(&f.title, "方正小标宋简体", "serif"),
            hei_font: family(&f.hei, "黑体", "sans-serif"),
            kai_font: family(&f.kai, "楷体", "serif"),
        }
    }

    /// A paragraph-like element with a style and escaped text (newlines as `<br/>`).
    fn element(&mut self, tag: &str, css: &str, text: &str) {
        let lines: Vec<String> = text.split('\n').map(escape).collect();
        let _ = writeln!(
            self.out,
            "<{tag} style=\"{}\">{}</{tag}>",
            attr(css),
            lines.join("<br/>")
        );
    }

    fn base(&self) -> String {
        format!(
            "margin:0 0 0.6em 0;font-size:{BODY_PX}px;line-height:1.9;color:#000;font-family:{};",
            self.body_font
        )
    }

    fn masthead(&mut self, issue: &Issue) {
        let s = self.style;
        let m = &issue.meta;
        if let Some(mark) = m.classification.as_deref().filter(|t| !t.trim().is_empty()) {
            let css = format!(
                "margin:0 0 0.5em 0;font-size:{};font-family:{};text-align:left;",
                px(s, s.classification_size.0),
                self.hei_font
            );
            self.element("p", &css, mark.trim());
        }
        // Names of 2–4 characters spaced out as on paper.
        let n = m.bulletin_name.trim().chars().count();
        let spacing = if (2..=4).contains(&n) { "0.5em" } else { "0" };
        let css = format!(
            "margin:0.3em 0 0.2em 0;font-size:2.4em;line-height:1.3;font-weight:bold;letter-spacing:{spacing};text-indent:{spacing};text-align:center;color:{};font-family:{};",
            colour(s.red),
            self.title_font
        );
        self.element("h1", &css, m.bulletin_name.trim());
        let css = format!(
            "margin:0 0 0.4em 0;font-size:{};text-align:center;font-family:{};",
            px(s, s.issue_line_size.0),
            self.kai_font
        );
        self.element("p", &css, &m.issue_line());
        // Organisation left and date right; where flex is stripped, an ideographic
        // space still keeps them apart.
        let _ = writeln!(
            self.out,
            "<p style=\"{}\"><span>{}</span>\u{3000}<span>{}</span></p>",
            attr(&format!(
                "display:flex;justify-content:space-between;flex-wrap:wrap;margin:0 0 1.2em 0;padding:0 0 0.5em 0;border-bottom:2px solid {};font-size:{};font-family:{};",
                colour(s.red),
                px(s, s.org_date_size.0),
                self.body_font
            )),
            escape(m.editor_org.trim()),
            escape(&m.date.chinese())
        );
    }

    fn section(&mut self, label: &str) {
        let css = format!(
            "margin:1.5em 0 0.5em 0;font-size:{};font-weight:bold;text-align:left;font-family:{};",
            px(self.style, self.style.section_size.0),
            self.hei_font
        );
        self.element("h2", &css, &format!("【{}】", label.trim()));
    }

    fn article(&mut self, a: &Article) {
        let s = self.style;
        let css = format!(
            "margin:1.2em 0 0.6em 0;font-size:{};line-height:1.5;font-weight:bold;text-align:center;font-family:{};",
            px(s, s.title_size.0),
            self.title_font
        );
        self.element("h3", &css, &a.title_lines().join("\n"));
        if let Some(sub) = a.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
            let css = format!(
                "margin:0 0 0.8em 0;font-size:{};text-align:center;font-family:{};",
                px(s, s.subtitle_size.0),
                self.kai_font
            );
            self.element("p", &css, sub.trim());
        }
        let para = format!(
            "{}text-indent:{}em;text-align:justify;",
            self.base(),
            s.indent_chars
        );
        for block in &a.blocks {
            match block {
                Block::Paragraph { text } | Block::ListIntro { text } => {
                    self.element("p", &para, text.trim())
                }
                Block::AwardList { categories } => self.award_list(categories),
                Block::Figure(f) => self.figure(f),
                Block::Table(t) => self.table(t),
            }
        }
        if let Some(attr) = &a.attribution {
            let css = format!(
                "margin:0 0 0.6em 0;font-size:{};line-height:1.9;text-align:right;font-family:{};",
                px(s, s.byline_size.0),
                self.kai_font
            );
            self.element("p", &css, &attr.printed());
        }
    }

    /// A table with thin rules around every cell, columns in the printed page's
    /// proportions, the header row in a `thead` (bold, centred), numbers right-aligned;
    /// inline styles only, as the WeChat editor keeps nothing else.
    fn table(&mut self, t: &crate::model::Table) {
        let s = self.style;
        if t.rows.is_empty() || t.columns() == 0 {
            if !t.caption.trim().is_empty() {
                let css = format!("{}text-align:center;font-weight:bold;", self.base());
                self.element("p", &css, t.caption.trim());
            }
            return;
        }
        let cols = crate::export::table::columns(t, s);
        let total: f32 = cols.widths.iter().sum::<f32>().max(1.0);
        let measure = s.chars_per_line.max(1) as f32;
        let size = px(s, s.table_text_size().0);
        let rule = format!(
            "{:.2}px solid #000",
            (s.table_rule().0 * 96.0 / 72.0).max(0.5)
        );
        let pad = s.table_padding_em.map_or(0.5, |e| e.0);
        let _ = write!(
            self.out,
            "<table style=\"{}\">",
            attr(&format!(
                "border-collapse:collapse;border:{rule};width:{:.0}%;margin:0.6em auto;font-size:{size};line-height:1.6;font-family:{};",
                (100.0 * total / measure).clamp(1.0, 100.0),
                self.body_font
            ))
        );
        if !t.caption.trim().is_empty() {
            let _ = write!(
                self.out,
                "<caption style=\"{}\">{}</caption>",
                attr(&format!(
                    "caption-side:top;padding:0 0 0.3em 0;text-align:center;font-weight:bold;font-family:{};",
                    self.hei_font
                )),
                escape(t.caption.trim())
            );
        }
        self.out.push_str("<colgroup>");
        for w in &cols.widths {
            let _ = write!(
                self.out,
                "<col style=\"{}\">",
                attr(&format!("width:{:.1}%;", 100.0 * w / total))
            );
        }
        self.out.push_str("</colgroup>\n");
        let cell_css = |align: &str| {
            format!("border:{rule};padding:0.2em {pad}em;vertical-align:top;text-align:{align};")
        };
        for (ri, row) in t.rows.iter().enumerate() {
            let head = t.header && ri == 0;
            if head {
                self.out.push_str("<thead>");
            } else if ri == usize::from(t.header) {
                self.out.push_str("<tbody>");
            }
            self.out.push_str("<tr>");
            for c in 0..cols.widths.len() {
                let text = row.get(c).map_or("", |x| x.trim());
                let (tag, css) = if head {
                    (
                        "th",
                        format!(
                            "{}font-weight:bold;font-family:{};",
                            cell_css("center"),
                            self.hei_font
                        ),
                    )
                } else if cols.numeric[c] {
                    ("td", cell_css("right"))
                } else {
                    ("td", cell_css("left"))
                };
                let _ = write!(
                    self.out,
                    "<{tag} style=\"{}\">{}</{tag}>",
                    attr(&css),
                    escape(text).replace('\n', "<br>")
                );
            }
            self.out.push_str("</tr>\n");
            if head {
                self.out.push_str("</thead>");
            }
        }
        if t.rows.len() > usize::from(t.header) {
            self.out.push_str("</tbody>");
        }
        self.out.push_str("</table>\n");
    }

    /// A borderless table whose columns keep the layout's proportions; categories are
    /// rows across all columns.
    fn award_list(&mut self, categories: &[crate::model::AwardCategory]) {
        let s = self.style;
        let cols = award_columns(categories, s);
        let total = (s.chars_per_line.max(1) as f32 - cols.name_x).max(1.0);
        let pct = |w: f32| format!("{:.0}%", (100.0 * w / total).clamp(1.0, 100.0));
        let widths = [
            pct(cols.org_x - cols.name_x),
            pct(cols.award_x - cols.org_x),
            pct(cols.award_w),
        ];
        let cell_css = format!(
            "padding:0 0.3em 0 0;vertical-align:top;border:none;text-align:left;font-size:{BODY_PX}px;line-height:1.9;font-family:{};",
            self.body_font
        );
        let head_css = format!(
            "padding:0.3em 0 0 0;border:none;text-align:left;font-size:{};line-height:1.9;font-weight:bold;font-family:{};",
            px(s, s.list_category_size.0),
            self.hei_font
        );
        let _ = writeln!(
            self.out,
            "<table style=\"{}\"><tbody>",
            attr(&format!(
                "border-collapse:collapse;border:none;width:calc(100% - {indent}em);margin:0 0 0.6em {indent}em;",
                indent = s.list_indent_em.0
            ))
        );
        for (ci, c) in categories.iter().enumerate() {
            let heading = format!("{}、{}", chinese_number(ci + 1), c.name.trim());
            let _ = writeln!(
                self.out,
                "<tr><td colspan=\"3\" style=\"{}\">{}</td></tr>",
                attr(&head_css),
                escape(&heading)
            );
            for row in &c.rows {
                self.out.push_str("<tr>");
                match row {
                    AwardRow::Person { name, org, award } => {
                        let texts = [padded_name(name, s), org.trim().into(), award.trim().into()];
                        for (w, text) in widths.iter().zip(texts) {
                            let _ = write!(
                                self.out,
                                "<td style=\"{}\">{}</td>",
                                attr(&format!("{cell_css}width:{w};")),
                                escape(&text)
                            );
                        }
                    }
                    AwardRow::Org { org } => {
                        let _ = write!(
                            self.out,
                            "<td colspan=\"3\" style=\"{}\">{}</td>",
                            attr(&cell_css),
                            escape(org.trim())
                        );
                    }
                }
                self.out.push_str("</tr>\n");
            }
        }
        self.out.push_str("</tbody></table>\n");
    }

    /// The 版记 between its rules, continuation lines hanging after the label.
    fn distribution(&mut self, issue: &Issue) {
        let s = self.style;
        let lines = distribution_lines(&issue.distribution, s);
        let count = issue.distribution.print_count;
        if lines.is_empty() && count.is_none() {
            return;
        }
        let _ = writeln!(
            self.out,
            "<section style=\"{}\">",
            attr("margin:2em 0 0 0;padding:0.4em 0;border-top:1px solid #000;border-bottom:1px solid #000;")
        );
        let n = lines.len();
        for (i, (label, groups)) in lines.iter().enumerate() {
            let hang = em_width(label);
            let inner = if s.distribution_inner_rules && i + 1 < n {
                "border-bottom:0.5px solid #000;"
            } else {
                ""
            };
            let css = format!(
                "{}margin:0;padding-left:{}em;padding-right:{}em;text-indent:-{hang}em;text-align:left;{inner}",
                self.base(),
                s.distribution_label_inset_em.0 + hang,
                s.distribution_right_inset_em.0
            );
            self.element("p", &css, &format!("{label}{}", groups.join("\n")));
        }
        if let Some(count) = count {
            let css = format!(
                "{}margin:0;text-align:right;padding-right:{}em;",
                self.base(),
                s.distribution_right_inset_em.0
            );
            self.element("p", &css, &format!("（共印{count}份）"));
        }
        self.out.push_str("</section>\n");
    }

    /// The whole document around `body`.
    fn finish(self, title: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"jianbao {}\"/>\n<title>{}</title>\n</head>\n<body style=\"{}\">\n<article style=\"{}\">\n{}</article>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION"),
            escape(title),
            attr("margin:0;padding:0;background:#FFFFFF;"),
            attr("box-sizing:border-box;max-width:42em;margin:0 auto;padding:16px;word-wrap:break-word;overflow-wrap:break-word;"),
            self.out
        )
    }
}

fn page_title(issue: &Issue) -> String {
    let m = &issue.meta;
    format!("{} {}年{}", m.bulletin_name.trim(), m.year, m.issue_line())
}

/// The whole issue as one web page: masthead, articles by section, 版记.
pub fn issue_page(issue: &Issue, style: &Style) -> String {
    let mut page = Page::new(style, issue);
    page.masthead(issue);
    for a in &issue.front {
        page.article(a);
    }
    for section in &issue.sections {
        page.section(&section.label);
        for a in &section.articles {
            page.article(a);
        }
    }
    page.distribution(issue);
    page.finish(&page_title(issue))
}

/// One article as its own web page (the `index`-th in print order, from 0): for a
/// WeChat post of a single article, with its section label above the title.
pub fn article_page(issue: &Issue, style: &Style, index: usize) -> Option<String> {
    let mut k = 0usize;
    let mut found: Option<(Option<&str>, &Article)> = None;
    for a in &issue.front {
        if k == index {
            found = Some((None, a));
        }
        k += 1;
    }
    for section in &issue.sections {
        for a in &section.articles {
            if k == index {
                found = Some((Some(section.label.as_str()), a));
            }
            k += 1;
        }
    }
    let (label, article) = found?;
    let mut page = Page::new(style, issue);
    if let Some(label) = label.filter(|l| !l.trim().is_empty()) {
        page.section(label);
    }
    page.article(article);
    let title = article.title_lines().join(" ");
    Some(page.finish(&format!("{title} - {}", page_title(issue))))
}

mod figure;
#[cfg(test)]
mod tests;
