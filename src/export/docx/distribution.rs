//! The 版记 in the Word file: a floating table anchored to the foot of the last page,
//! its rules the table's borders, and the one-point paragraph a document must end with.

use super::markup::{eighths, para, run, twips};
use super::Writer;
use crate::export::distribution_lines;
use crate::style::mm;
use std::fmt::Write as _;

/// How much narrower than the text the 版记's table is, in twips (4.8 mm, centred):
/// LibreOffice (up to 7.5) keeps a floating table within 4.69 mm of the text width
/// in the text flow instead of floating it, which would leave the 版记 right under
/// the last article. Word and WPS float it either way. The lines keep their places.
pub(super) const DISTRIBUTION_NARROWER: i64 = 272;

/// The empty paragraph after the floating 版记: one point high and without grid snap,
/// so it never needs a line (or a page) of its own.
const DOCUMENT_END: &str = "<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr></w:p>";

impl Writer<'_> {
    /// The 版记: a thick rule above the first line and below the last (thin rules
    /// between labelled lines where the style asks), continuation lines hanging under
    /// the first recipient; at the foot of the last page, as in print.
    ///
    /// The block is a floating table anchored to the bottom of the page's text area
    /// (`tblpPr`: `vertAnchor="margin"`, `tblpYSpec="bottom"`), one row per line, its
    /// rules the table's borders (so they run the table's full width, whatever the
    /// lines' indents). The blank slots the house format keeps above the block are
    /// the table's distance from the text; a document cannot end in a table, so a
    /// one-point empty paragraph follows it.
    pub(super) fn distribution(&mut self) {
        let s = self.style;
        let lines = distribution_lines(&self.issue.distribution, s);
        let count = self.issue.distribution.print_count;
        if lines.is_empty() && count.is_none() {
            return;
        }
        let em = self.em();
        let thick = eighths(mm(s.distribution_rule_mm.0));
        let thin = eighths(mm(s.distribution_inner_rule_mm.0));
        let border = |side: &str, sz: i64| {
            format!("<w:{side} w:val=\"single\" w:sz=\"{sz}\" w:space=\"0\" w:color=\"000000\"/>")
        };
        let width = self.measure() - DISTRIBUTION_NARROWER;
        // The text stays where it is on the full measure: the table is centred.
        let inset = DISTRIBUTION_NARROWER / 2;
        let right = ((s.distribution_right_inset_em.0 * em).round() as i64 - inset).max(0);
        let pitch = twips(s.line_pitch().0);
        let gap = twips(s.line_pitch().0 * s.distribution_gap_slots as f32);
        let mut paras: Vec<(String, String)> = Vec::new(); // (indent, runs)
        for (label, groups) in &lines {
            let label_x = s.distribution_label_inset_em.0 * em;
            let hang = crate::export::em_width(label) * em;
            let ind = format!(
                "<w:ind w:left=\"{}\" w:right=\"{right}\" w:hanging=\"{}\"/>",
                ((label_x + hang).round() as i64 - inset).max(0),
                hang.round() as i64
            );
            let text = format!("{label}{}", groups.join("\n"));
            paras.push((ind, run(&text, "")));
        }
        if let Some(count) = count {
            let ind = format!("<w:ind w:right=\"{right}\"/><w:jc w:val=\"right\"/>");
            paras.push((ind, run(&format!("（共印{count}份）"), "")));
        }
        let inner = if s.distribution_inner_rules {
            border("insideH", thin)
        } else {
            "<w:insideH w:val=\"nil\"/>".to_string()
        };
        let borders = format!(
            "{}<w:left w:val=\"nil\"/>{}<w:right w:val=\"nil\"/>{inner}<w:insideV w:val=\"nil\"/>",
            border("top", thick),
            border("bottom", thick)
        );
        let _ = write!(
            self.body,
            "<w:tbl><w:tblPr><w:tblpPr w:leftFromText=\"0\" w:rightFromText=\"0\" w:topFromText=\"{gap}\" w:bottomFromText=\"0\" w:vertAnchor=\"margin\" w:horzAnchor=\"margin\" w:tblpXSpec=\"center\" w:tblpYSpec=\"bottom\"/><w:tblOverlap w:val=\"never\"/><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"0\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"{width}\"/></w:tblGrid>"
        );
        for (ind, runs) in paras {
            // Each line on the grid's pitch, as in print.
            let ppr = format!(
                "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>{ind}"
            );
            let _ = write!(
                self.body,
                "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc></w:tr>",
                para("JBDistribution", &ppr, &runs)
            );
        }
        self.body.push_str("</w:tbl>");
        // The paragraph a document must end with: one point high, taking no line.
        self.body.push_str(DOCUMENT_END);
    }
}
