//! Tables (表格, house-format.md §3.11): rows of plain-text cells, an optional header
//! row, and optional manual column widths. How a table looks (rules, sizes, column
//! widths from content) is `style` and `layout`; this is only what the editor typed.

use crate::units::Em;
use serde::{Deserialize, Serialize};

/// A table of an article. Every row has the same number of cells once
/// [`Table::normalise`] has run (the editor and the importers call it); a file with
/// ragged rows still loads and is laid out as if short rows had empty cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// An optional title printed above the table (表1　2026年1—10月业务量), in 黑体,
    /// centred; empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// Whether the first row is a header row: set in 黑体 and repeated at the top of
    /// every page the table continues on.
    #[serde(default)]
    pub header: bool,
    /// The rows, top to bottom, each a list of cell texts left to right. A `\n` in a
    /// cell is a line break the editor forced.
    #[serde(default)]
    pub rows: Vec<Vec<String>>,
    /// Manual column widths in em of the grid's character pitch (字), by column;
    /// `None` (or a missing entry) takes the width from the content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widths: Vec<Option<Em>>,
}

impl Table {
    /// An empty table of `rows` × `columns` cells, the first row a header (what
    /// 插入 → 表格… makes).
    pub fn blank(rows: usize, columns: usize) -> Table {
        Table {
            caption: String::new(),
            header: rows > 1,
            rows: vec![vec![String::new(); columns.max(1)]; rows.max(1)],
            widths: Vec::new(),
        }
    }

    /// The number of columns: the longest row's length.
    pub fn columns(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cell at `row`, `column`, empty where a short row has none.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .map_or("", String::as_str)
    }

    /// The manual width of `column`, if the editor set one.
    pub fn width(&self, column: usize) -> Option<Em> {
        self.widths.get(column).copied().flatten()
    }

    /// Pads short rows with empty cells and trims the widths list to the columns, so
    /// every operation of the grid editor can index any cell.
    pub fn normalise(&mut self) {
        let n = self.columns();
        for row in &mut self.rows {
            row.resize(n, String::new());
        }
        self.widths.truncate(n);
        while self.widths.last() == Some(&None) {
            self.widths.pop();
        }
    }

    /// The header row, when the table has one.
    pub fn header_row(&self) -> Option<&[String]> {
        if self.header {
            self.rows.first().map(Vec::as_slice)
        } else {
            None
        }
    }

    /// The rows below the header.
    pub fn body_rows(&self) -> &[Vec<String>] {
        let skip = usize::from(self.header && !self.rows.is_empty());
        &self.rows[skip..]
    }

    /// Inserts an empty row before `at` (at the end when `at` is past it).
    pub fn insert_row(&mut self, at: usize) {
        let n = self.columns().max(1);
        let at = at.min(self.rows.len());
        self.rows.insert(at, vec![String::new(); n]);
    }

    /// Removes row `at`; the last row stays (a table has at least one).
    pub fn remove_row(&mut self, at: usize) {
        if self.rows.len() > 1 && at < self.rows.len() {
            self.rows.remove(at);
        }
    }

    /// Swaps row `at` with the one below.
    pub fn move_row_down(&mut self, at: usize) {
        if at + 1 < self.rows.len() {
            self.rows.swap(at, at + 1);
        }
    }

    /// Inserts an empty column before `at` in every row.
    pub fn insert_column(&mut self, at: usize) {
        self.normalise();
        let at = at.min(self.columns());
        for row in &mut self.rows {
            row.insert(at, String::new());
        }
        if at < self.widths.len() {
            self.widths.insert(at, None);
        }
    }

    /// Removes column `at` from every row; the last column stays.
    pub fn remove_column(&mut self, at: usize) {
        self.normalise();
        if self.columns() <= 1 || at >= self.columns() {
            return;
        }
        for row in &mut self.rows {
            row.remove(at);
        }
        if at < self.widths.len() {
            self.widths.remove(at);
        }
    }

    /// Swaps column `at` with the one to its right, widths included.
    pub fn move_column_right(&mut self, at: usize) {
        self.normalise();
        if at + 1 >= self.columns() {
            return;
        }
        for row in &mut self.rows {
            row.swap(at, at + 1);
        }
        if self.widths.len() < at + 2 && (self.width(at).is_some()) {
            self.widths.resize(at + 2, None);
        }
        if at + 1 < self.widths.len() {
            self.widths.swap(at, at + 1);
        }
        self.normalise();
    }

    /// Sets (or clears, with `None`) the manual width of `column`.
    pub fn set_width(&mut self, column: usize, width: Option<Em>) {
        if self.widths.len() <= column {
            self.widths.resize(column + 1, None);
        }
        self.widths[column] = width;
        self.normalise();
    }

    /// Every cell's text in reading order (row by row), for word counts, search and
    /// proofreading.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.caption
            .split('\n')
            .filter(|t| !t.is_empty())
            .chain(self.rows.iter().flatten().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Block;

    fn sample() -> Table {
        Table {
            caption: "表1　各市业务量".into(),
            header: true,
            rows: vec![
                vec!["地市".into(), "用户（万户）".into(), "增长".into()],
                vec!["太原".into(), "1,234".into(), "12.5%".into()],
                vec!["大同".into(), "567".into(), "8%".into()],
            ],
            widths: vec![Some(Em(4.0))],
        }
    }

    #[test]
    fn a_table_block_round_trips_through_json_with_its_tag() {
        let block = Block::Table(sample());
        let json = serde_json::to_string(&block).unwrap_or_default();
        assert!(json.contains(r#""type":"table""#), "{json}");
        let back: Block = serde_json::from_str(&json).unwrap_or(Block::Paragraph {
            text: String::new(),
        });
        assert_eq!(back, block);
    }

    #[test]
    fn a_minimal_table_loads_with_defaults() {
        let back: Block = serde_json::from_str(r#"{"type":"table","rows":[["a","b"],["c"]]}"#)
            .unwrap_or(Block::Paragraph {
                text: String::new(),
            });
        let Block::Table(mut t) = back else {
            panic!("not a table: {back:?}");
        };
        assert!(!t.header && t.caption.is_empty() && t.widths.is_empty());
        assert_eq!(t.cell(1, 1), "");
        t.normalise();
        assert_eq!(t.rows[1], vec!["c".to_string(), String::new()]);
    }

    #[test]
    fn the_sample_issue_saved_before_tables_still_loads() {
        let issue = crate::model::Issue::sample();
        let json = issue.to_json();
        let back = crate::model::Issue::from_json(&json, "sample.jianbao");
        assert_eq!(back.ok(), Some(issue));
    }

    #[test]
    fn rows_and_columns_move_with_their_widths() {
        let mut t = sample();
        t.move_column_right(0);
        assert_eq!(t.rows[1], vec!["1,234", "太原", "12.5%"]);
        assert_eq!(t.widths, vec![None, Some(Em(4.0))]);
        t.insert_column(1);
        assert_eq!(t.rows[0], vec!["用户（万户）", "", "地市", "增长"]);
        assert_eq!(t.width(2), Some(Em(4.0)));
        t.remove_column(0);
        assert_eq!(t.columns(), 3);
        assert_eq!(t.width(1), Some(Em(4.0)));
        t.move_row_down(1);
        assert_eq!(t.rows[2][1], "太原");
        t.insert_row(99);
        assert_eq!(t.rows.len(), 4);
        for _ in 0..10 {
            t.remove_row(0);
        }
        assert_eq!(t.rows.len(), 1, "a table keeps one row");
        t.remove_column(0);
        t.remove_column(0);
        t.remove_column(0);
        assert_eq!(t.columns(), 1, "a table keeps one column");
    }

    #[test]
    fn the_header_row_is_the_first_only_when_marked() {
        let mut t = sample();
        assert_eq!(t.header_row().map(|r| r[0].as_str()), Some("地市"));
        assert_eq!(t.body_rows().len(), 2);
        t.header = false;
        assert_eq!(t.header_row(), None);
        assert_eq!(t.body_rows().len(), 3);
        let texts: Vec<&str> = t.texts().collect();
        assert_eq!(texts[0], "表1　各市业务量");
        assert_eq!(texts.len(), 10);
    }
}
