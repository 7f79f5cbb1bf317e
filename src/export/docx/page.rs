//! Page setup in the Word file: the section's page size, margins, document grid and
//! footer references, the footers with `— n —`, and the settings that mirror margins
//! for duplex printing.

use super::markup::{mm_twips, twips};
use super::{Writer, R_NS, W_NS, XML_HEAD};
use crate::style::{mm, PunctScheme, Style};

impl Writer<'_> {
    /// The section properties closing the body: page size, mirrored margins, the
    /// footer distance, the document grid and which footer goes on which page.
    pub(super) fn section_properties(&self) -> String {
        let s = self.style;
        let mut refs =
            String::from("<w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>");
        if s.duplex {
            refs.push_str("<w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>");
        }
        if s.page_number_skip_first {
            refs.push_str("<w:footerReference w:type=\"first\" r:id=\"rIdFooterFirst\"/>");
        }
        // Word's "left" is the inside margin once mirrored (settings: mirrorMargins).
        let (left, right) = (s.margin_inner_mm.0, s.margin_outer_mm.0);
        // Footer distance: from the paper's bottom edge to the number line's bottom,
        // so the line's top sits `page_number_drop_mm` below the text block.
        let footer = (mm(s.margin_bottom_mm.0 - s.page_number_drop_mm.0)
            - s.page_number_size.0 * 1.2)
            .max(0.0);
        let line_pitch = twips(s.line_pitch().0);
        // Word's character grid: extra pitch over the default size, in 1/4096 pt.
        let char_space = ((s.char_pitch().0 - s.body_size.0) * 4096.0).round() as i64;
        format!(
            "<w:sectPr>{refs}<w:pgSz w:w=\"{pw}\" w:h=\"{ph}\"/><w:pgMar w:top=\"{t}\" w:right=\"{r}\" w:bottom=\"{b}\" w:left=\"{l}\" w:header=\"851\" w:footer=\"{f}\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>{title_pg}<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"{line_pitch}\" w:charSpace=\"{char_space}\"/></w:sectPr>",
            pw = mm_twips(s.page_width_mm.0),
            ph = mm_twips(s.page_height_mm.0),
            t = mm_twips(s.margin_top_mm.0),
            r = mm_twips(right),
            b = mm_twips(s.margin_bottom_mm.0),
            l = mm_twips(left),
            f = twips(footer),
            title_pg = if s.page_number_skip_first { "<w:titlePg/>" } else { "" },
        )
    }
}

/// A footer with `— n —`, the number a PAGE field; `align` is left, right or center.
pub(super) fn footer(style: &Style, align: &str) -> String {
    let inset = (style.page_number_inset_em.0 * style.page_number_size.0 * 20.0).round() as i64;
    let ind = match align {
        "right" => format!("<w:ind w:right=\"{inset}\"/>"),
        "left" => format!("<w:ind w:left=\"{inset}\"/>"),
        _ => String::new(),
    };
    let field = "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    format!(
        "{XML_HEAD}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{ind}<w:jc w:val=\"{align}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r>{field}<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

/// The first page's footer when its number is suppressed: an empty paragraph.
pub(super) fn empty_footer() -> String {
    format!("{XML_HEAD}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>")
}

/// `settings.xml`: mirrored margins and odd/even footers for duplex, and Word's
/// punctuation compression to match the house scheme.
pub(super) fn settings(style: &Style) -> String {
    let mirror = if style.duplex {
        "<w:mirrorMargins/>"
    } else {
        ""
    };
    let even = if style.duplex {
        "<w:evenAndOddHeaders/>"
    } else {
        ""
    };
    // 标点挤压 as Word calls it: squeeze adjacent marks like the house's 全角 scheme.
    let compress = match style.punctuation {
        PunctScheme::Plain => "doNotCompress",
        _ => "compressPunctuation",
    };
    format!(
        "{XML_HEAD}<w:settings xmlns:w=\"{W_NS}\">{mirror}<w:defaultTabStop w:val=\"420\"/>{even}<w:characterSpacingControl w:val=\"{compress}\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}
