//! The masthead in the Word file: the red bulletin name spread like the layout spreads
//! it, the issue line, and the organisation and date on one line.

use super::markup::{half_points, hex, para, run, twips};
use super::Writer;

impl Writer<'_> {
    /// The masthead at the top of the first page (with the classification mark when
    /// the issue has one).
    pub(super) fn masthead(&mut self) {
        let s = self.style;
        let m = &self.issue.meta;
        if let Some(mark) = m.classification.as_deref().filter(|t| !t.trim().is_empty()) {
            let p = para("JBClassification", "", &run(mark.trim(), ""));
            self.body.push_str(&p);
        }
        // The name, spread like the layout spreads names of 2–4 characters.
        let name = m.bulletin_name.trim();
        let chars: Vec<char> = name.chars().collect();
        let measure = s.text_width().0;
        let mut size = s.masthead_name_size.0;
        if chars.len() as f32 * size > measure && !chars.is_empty() {
            size = measure / chars.len() as f32;
        }
        let natural = chars.len() as f32 * size;
        let spread = if (2..=4).contains(&chars.len()) && s.masthead_name_spread > 0.0 {
            (s.masthead_name_spread * measure).max(natural)
        } else {
            natural
        };
        let extra = if chars.len() > 1 {
            ((spread - natural) / (chars.len() - 1) as f32).max(0.0)
        } else {
            0.0
        };
        let size_props = format!(
            "<w:color w:val=\"{c}\"/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>",
            c = hex(s.red),
            s = half_points(size)
        );
        let mut runs = String::new();
        let spaced: String = chars.iter().take(chars.len().saturating_sub(1)).collect();
        if !spaced.is_empty() {
            let props = format!(
                "<w:rPr><w:color w:val=\"{c}\"/><w:spacing w:val=\"{sp}\"/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/></w:rPr>",
                c = hex(s.red),
                sp = twips(extra),
                s = half_points(size)
            );
            runs.push_str(&run(&spaced, &props));
        }
        if let Some(last) = chars.last() {
            runs.push_str(&run(
                &last.to_string(),
                &format!("<w:rPr>{size_props}</w:rPr>"),
            ));
        }
        self.body.push_str(&para("JBMastheadName", "", &runs));
        self.body
            .push_str(&para("JBIssueLine", "", &run(&m.issue_line(), "")));
        // Organisation at the left inset, date at a right tab at the right inset.
        let runs = format!(
            "{}<w:r><w:tab/></w:r>{}",
            run(m.editor_org.trim(), ""),
            run(&m.date.chinese(), "")
        );
        self.body.push_str(&para("JBOrgDate", "", &runs));
    }
}
