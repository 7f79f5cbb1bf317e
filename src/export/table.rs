//! What the Word and web exports share about a table: its column widths in grid
//! characters (字) by the same rule as the printed page, from estimated text widths
//! (no fonts are loaded for these exports), and which columns are numeric.

use crate::layout::flow::table::{column_widths, numeric_column};
use crate::model::Table;
use crate::style::Style;

/// A table's columns as the exports write them.
pub struct Columns {
    /// Widths in em of the grid's character pitch; their sum is at most the measure.
    pub widths: Vec<f32>,
    /// Right-aligned columns (every body cell a number).
    pub numeric: Vec<bool>,
}

/// The columns of `t` in `style`.
pub fn columns(t: &Table, style: &Style) -> Columns {
    let n = t.columns();
    let em = style.char_pitch().0.max(1.0);
    let size = style.table_text_size().0 / em;
    let pad = style.table_padding().0 / em;
    let mut min = vec![size + 2.0 * pad; n];
    let mut max = min.clone();
    for row in &t.rows {
        for (c, text) in row.iter().enumerate() {
            for line in text.split('\n') {
                let line = line.trim();
                max[c] = max[c].max(super::em_width(line) * size + 2.0 * pad);
                // The widest word: a run of Latin letters and digits stays whole.
                let word = line
                    .split(|ch: char| !ch.is_ascii_alphanumeric() && !".,%".contains(ch))
                    .map(super::em_width)
                    .fold(1.0f32, f32::max);
                min[c] = min[c].max(word * size + 2.0 * pad);
            }
        }
    }
    let manual: Vec<Option<f32>> = (0..n).map(|c| t.width(c).map(|w| w.0)).collect();
    let numeric: Vec<bool> = (0..n)
        .map(|c| {
            numeric_column(
                t.body_rows()
                    .iter()
                    .map(|r| r.get(c).map_or("", String::as_str)),
            )
        })
        .collect();
    let measure = style.chars_per_line.max(1) as f32;
    let fit = column_widths(&min, &max, &manual, &numeric, measure);
    Columns {
        widths: fit.widths,
        numeric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Block, Issue};

    fn table() -> Table {
        let rows: Vec<Vec<String>> = [
            ["地市", "项目说明", "用户（万户）"],
            ["太原", "千兆光网覆盖全部城区和重点乡镇", "1,234.5"],
            ["大同", "5G基站新开通1,020个", "567"],
            ["晋中", "《数字乡村建设方案》落实", "89"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        Table {
            caption: "表1　各市业务发展情况".into(),
            header: true,
            rows,
            widths: Vec::new(),
        }
    }

    fn issue_with_table() -> Issue {
        let mut issue = Issue::sample();
        let article = Article {
            title: "全省通信业务发展情况".into(),
            subtitle: None,
            blocks: vec![
                Block::Paragraph {
                    text: "各市情况见下表。".into(),
                },
                Block::Table(table()),
                Block::Paragraph {
                    text: "以上为初步统计。".into(),
                },
            ],
            attribution: None,
        };
        issue.front = vec![article];
        issue
    }

    fn tables_of(articles: &[Article]) -> Vec<Table> {
        articles
            .iter()
            .flat_map(|a| a.blocks.iter())
            .filter_map(|b| match b {
                Block::Table(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn columns_fit_the_measure_and_the_long_text_column_is_widest() {
        let style = Style::house();
        let c = columns(&table(), &style);
        let total: f32 = c.widths.iter().sum();
        assert!(total <= style.chars_per_line as f32 + 0.01, "{total}");
        assert!(
            c.widths[1] > c.widths[0] && c.widths[1] > c.widths[2],
            "{:?}",
            c.widths
        );
        assert_eq!(c.numeric, vec![false, false, true]);
    }

    #[test]
    fn the_word_export_writes_a_ruled_table_that_reads_back() {
        let style = Style::house();
        let issue = issue_with_table();
        let bytes = crate::export::docx::docx(&issue, &style).unwrap_or_default();
        let xml = crate::import::docx::zip_entry(&bytes, "word/document.xml")
            .ok()
            .flatten()
            .map(|b| String::from_utf8_lossy(&b).to_string())
            .unwrap_or_default();
        let start = xml.find("<w:tbl><w:tblPr><w:tblW").unwrap_or(0);
        let tbl = &xml[start..start + xml[start..].find("</w:tbl>").unwrap_or(0)];
        assert!(tbl.contains("<w:tblHeader/>"), "the header row repeats");
        assert_eq!(tbl.matches("<w:cantSplit/>").count(), 4, "no row splits");
        let rule = format!(
            "w:val=\"single\" w:sz=\"{}\"",
            (style.table_rule().0 * 8.0).round()
        );
        assert_eq!(tbl.matches(&rule).count(), 6, "{tbl}");
        let grid: i64 = tbl
            .split("<w:gridCol w:w=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse::<i64>().ok())
            .sum();
        let measure = (style.text_width().0 * 20.0).round() as i64;
        assert!(
            grid <= measure + 3 && grid >= measure - 40,
            "{grid} of {measure}"
        );
        assert_eq!(
            tbl.matches("<w:jc w:val=\"right\"/>").count(),
            3,
            "numbers right"
        );
        assert!(xml.contains("表1　各市业务发展情况"));
        // Our own importer reads the table back, cell for cell, with its header.
        let (articles, _) = crate::import::articles_from_file(&bytes).unwrap_or_default();
        let back = tables_of(&articles);
        assert_eq!(back.len(), 1, "{articles:?}");
        assert!(back[0].header);
        assert_eq!(back[0].rows, table().rows);
    }

    #[test]
    fn the_web_page_has_an_inline_styled_table_that_reads_back() {
        let style = Style::house();
        let issue = issue_with_table();
        let html = crate::export::html::issue_page(&issue, &style);
        assert!(
            !html.contains("class=") && !html.contains("<style"),
            "inline styles only"
        );
        let start = html
            .find("<table style=\"border-collapse:collapse;border:")
            .unwrap_or(0);
        let end = start + html[start..].find("</table>").unwrap_or(0);
        let t = &html[start..end];
        assert_eq!(t.matches("<th ").count(), 3);
        assert_eq!(t.matches("<td ").count(), 9);
        assert_eq!(t.matches("text-align:right").count(), 3, "{t}");
        assert!(t.contains("<caption") && t.contains("表1　各市业务发展情况"));
        assert_eq!(t.matches("<col ").count(), 3);
        let back = crate::import::html::read_html(&html);
        let tables = tables_of(&back.articles);
        assert_eq!(tables.len(), 1);
        assert!(tables[0].header);
        assert_eq!(tables[0].rows, table().rows);
    }
}
