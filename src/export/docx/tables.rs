//! Tables in the Word file: data tables with thin rules around every cell, and award
//! lists as one borderless table whose columns line up across categories.

use super::markup::{eighths, para, run, twips};
use super::Writer;
use crate::export::{award_columns, padded_name};
use crate::layout::flow::chinese_number;
use crate::model::AwardRow;
use std::fmt::Write as _;

impl Writer<'_> {
    /// A table with thin single rules around every cell (house-format.md §3.11): the
    /// columns as wide as on the printed page, the header row repeated by Word on every
    /// page the table runs onto, no row split across pages, numbers right-aligned.
    pub(super) fn table(&mut self, t: &crate::model::Table) {
        let s = self.style;
        if !t.caption.trim().is_empty() {
            self.body
                .push_str(&para("JBTableCaption", "", &run(t.caption.trim(), "")));
        }
        if t.rows.is_empty() || t.columns() == 0 {
            return;
        }
        let em = self.em();
        let cols = crate::export::table::columns(t, s);
        let widths: Vec<i64> = cols
            .widths
            .iter()
            .map(|w| (w * em).round() as i64)
            .collect();
        let total: i64 = widths.iter().sum();
        let rule = eighths(s.table_rule().0).clamp(2, 96);
        let borders = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|side| {
                format!(
                    "<w:{side} w:val=\"single\" w:sz=\"{rule}\" w:space=\"0\" w:color=\"000000\"/>"
                )
            })
            .collect::<String>();
        let pad = twips(s.table_padding().0);
        let _ = write!(
            self.body,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"{pad}\" w:type=\"dxa\"/><w:right w:w=\"{pad}\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>"
        );
        for w in &widths {
            let _ = write!(self.body, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.body.push_str("</w:tblGrid>");
        for (ri, row) in t.rows.iter().enumerate() {
            let head = t.header && ri == 0;
            let repeat = if head { "<w:tblHeader/>" } else { "" };
            let _ = write!(self.body, "<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>");
            for (c, w) in widths.iter().enumerate() {
                let text = row.get(c).map_or("", |x| x.trim());
                let (style, jc) = if head {
                    ("JBTableHead", "center")
                } else if cols.numeric[c] {
                    ("JBTableCell", "right")
                } else {
                    ("JBTableCell", "left")
                };
                let ppr = format!("<w:jc w:val=\"{jc}\"/>");
                let _ = write!(
                    self.body,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                    para(style, &ppr, &run(text, ""))
                );
            }
            self.body.push_str("</w:tr>");
        }
        // Word needs a paragraph between a table and what follows.
        self.body.push_str("</w:tbl>");
        self.body.push_str(&para("JBTableAfter", "", ""));
    }

    /// One borderless table for the whole list, so the columns line up across
    /// categories as in print; category headings are rows spanning the columns.
    pub(super) fn award_list(&mut self, categories: &[crate::model::AwardCategory]) {
        let s = self.style;
        let em = self.em();
        let cols = award_columns(categories, s);
        let widths = [
            ((cols.org_x - cols.name_x) * em).round() as i64,
            ((cols.award_x - cols.org_x) * em).round() as i64,
            (cols.award_w * em).round() as i64,
        ];
        let total: i64 = widths.iter().sum();
        let indent = (cols.name_x * em).round() as i64;
        let none = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|side| format!("<w:{side} w:val=\"nil\"/>"))
            .collect::<String>();
        let mut t = format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblInd w:w=\"{indent}\" w:type=\"dxa\"/><w:tblBorders>{none}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>"
        );
        for w in widths {
            let _ = write!(t, "<w:gridCol w:w=\"{w}\"/>");
        }
        t.push_str("</w:tblGrid>");
        let cell = |t: &mut String, width: i64, span: usize, p: &str| {
            let span = if span > 1 {
                format!("<w:gridSpan w:val=\"{span}\"/>")
            } else {
                String::new()
            };
            let _ = write!(
                t,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{span}</w:tcPr>{p}</w:tc>"
            );
        };
        let row_start = "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
        for (ci, c) in categories.iter().enumerate() {
            t.push_str(row_start);
            let heading = format!("{}、{}", chinese_number(ci + 1), c.name.trim());
            cell(
                &mut t,
                total,
                3,
                &para("JBListCategory", "", &run(&heading, "")),
            );
            t.push_str("</w:tr>");
            for row in &c.rows {
                t.push_str(row_start);
                match row {
                    AwardRow::Person { name, org, award } => {
                        let texts = [padded_name(name, s), org.trim().into(), award.trim().into()];
                        for (w, text) in widths.iter().zip(texts) {
                            cell(&mut t, *w, 1, &para("JBListCell", "", &run(&text, "")));
                        }
                    }
                    AwardRow::Org { org } => {
                        cell(
                            &mut t,
                            total,
                            3,
                            &para("JBListCell", "", &run(org.trim(), "")),
                        );
                    }
                }
                t.push_str("</w:tr>");
            }
        }
        t.push_str("</w:tbl>");
        self.body.push_str(&t);
    }
}
