//! The issue as a Word document (.docx) in the house format, for superior bodies that
//! ask for an editable file (house-format.md §3.12).
//!
//! Word sets the lines itself, so this writes structure and formatting, not positions:
//! the page and margins of the style (mirrored for duplex), the body grid as Word's
//! document grid (characters per line, lines per page), named paragraph styles for each
//! element (so the editor's Word user can restyle the issue), fonts by their usual
//! Chinese names in the East Asian slot, page numbers `— n —` in odd and even footers,
//! award lists as borderless tables and the 版记 between its rules at the end.
//!
//! Written by hand over our own zip writer: the parts are a few kilobytes of fixed
//! markup, and a crate for them (docx-rs) would bring a large dependency tree for
//! less control over the East Asian font slots and the grid than these lines give.

use super::zip::ZipWriter;
use super::{
    award_columns, byline_inline, chinese_face, distribution_lines, escape, other_faces,
    padded_name,
};
use crate::layout::flow::chinese_number;
use crate::model::{Article, AwardRow, Block, Issue};
use crate::style::{mm, Ink, PunctScheme, Style};
use std::fmt::Write as _;

/// The main WordprocessingML namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Why a Word file could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A part is larger than a zip without zip64 holds (4 GB): an issue within the
    /// size jianbao opens never comes near it.
    TooLarge,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the Word document would be larger than 4 GB; it was not written"
        )
    }
}

impl std::error::Error for DocxError {}

impl DocxError {
    /// The message for the editor's window.
    pub fn chinese(&self) -> String {
        "Word 文档会超过 4 GB，未生成".to_string()
    }
}

/// Points to twentieths of a point (twips), Word's unit of length.
fn twips(pt: f32) -> i64 {
    (pt * 20.0).round() as i64
}

/// Millimetres to twips.
fn mm_twips(v: f32) -> i64 {
    twips(mm(v))
}

/// A font size in half-points (`w:sz`).
fn half_points(pt: f32) -> i64 {
    (pt * 2.0).round() as i64
}

/// A rule thickness in eighths of a point (`w:sz` of a border), within Word's 2–96.
fn eighths(pt: f32) -> i64 {
    ((pt * 8.0).round() as i64).clamp(2, 96)
}

fn hex(ink: Ink) -> String {
    let [r, g, b] = ink.screen_rgb;
    format!("{r:02X}{g:02X}{b:02X}")
}

/// The faces of the document: one per role, by its Chinese name.
struct Faces<'a> {
    title: &'a str,
    body: &'a str,
    hei: &'a str,
    kai: &'a str,
    song: &'a str,
    latin: &'a str,
}

impl<'a> Faces<'a> {
    fn of(style: &'a Style) -> Faces<'a> {
        let f = &style.fonts;
        Faces {
            title: chinese_face(&f.title, "方正小标宋简体"),
            body: chinese_face(&f.body, "仿宋_GB2312"),
            hei: chinese_face(&f.hei, "黑体"),
            kai: chinese_face(&f.kai, "楷体_GB2312"),
            song: chinese_face(&f.song, "宋体"),
            latin: f.latin.first().map_or("Times New Roman", String::as_str),
        }
    }
}

/// `w:rFonts` naming `east` in the East Asian slot and `latin` for letters and digits;
/// the hint makes ambiguous marks (“ ” — …) take the East Asian face.
fn fonts(east: &str, latin: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{l}\" w:hAnsi=\"{l}\" w:eastAsia=\"{e}\" w:cs=\"{l}\" w:hint=\"eastAsia\"/>",
        l = escape(latin),
        e = escape(east)
    )
}

/// Run properties: fonts, optional colour, size.
fn rpr(east: &str, latin: &str, size: f32, colour: Option<Ink>) -> String {
    let colour = colour
        .map(|c| format!("<w:color w:val=\"{}\"/>", hex(c)))
        .unwrap_or_default();
    format!(
        "<w:rPr>{}{colour}<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/></w:rPr>",
        fonts(east, latin),
        s = half_points(size)
    )
}

/// A run of text (tabs and line breaks as Word's elements).
fn run(text: &str, props: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "<w:r>{props}<w:br/></w:r>");
        }
        if !line.is_empty() {
            let _ = write!(
                out,
                "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(line)
            );
        }
    }
    out
}

/// A paragraph of the named style with extra paragraph properties and its runs.
fn para(style_id: &str, extra_ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style_id}\"/>{extra_ppr}</w:pPr>{runs}</w:p>")
}

/// How much narrower than the text the 版记's table is, in twips (4.8 mm, centred):
/// LibreOffice (up to 7.5) keeps a floating table within 4.69 mm of the text width
/// in the text flow instead of floating it, which would leave the 版记 right under
/// the last article. Word and WPS float it either way. The lines keep their places.
const DISTRIBUTION_NARROWER: i64 = 272;

/// The empty paragraph after the floating 版记: one point high and without grid snap,
/// so it never needs a line (or a page) of its own.
const DOCUMENT_END: &str = "<w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr></w:p>";

/// The document being written.
struct Writer<'a> {
    issue: &'a Issue,
    style: &'a Style,
    faces: Faces<'a>,
    body: String,
}

impl<'a> Writer<'a> {
    /// One grid character in twips.
    fn em(&self) -> f32 {
        self.style.char_pitch().0 * 20.0
    }

    fn measure(&self) -> i64 {
        twips(self.style.text_width().0)
    }

    fn masthead(&mut self) {
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

    fn section(&mut self, label: &str) {
        let text = format!("【{}】", label.trim());
        self.body.push_str(&para("Heading1", "", &run(&text, "")));
    }

    fn article(&mut self, a: &Article) {
        let title: Vec<&str> = a.title_lines();
        self.body
            .push_str(&para("Heading2", "", &run(&title.join("\n"), "")));
        if let Some(sub) = a.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
            self.body
                .push_str(&para("Subtitle", "", &run(sub.trim(), "")));
        }
        // The last paragraph's text decides whether an author byline fits inline.
        let last_is_text = matches!(a.blocks.last(), Some(Block::Paragraph { .. }));
        let inline = a.attribution.as_ref().filter(|attr| {
            let last = match a.blocks.last() {
                Some(Block::Paragraph { text }) => Some(text.as_str()),
                _ => None,
            };
            last_is_text && byline_inline(attr, last, self.style)
        });
        let kai = rpr(
            self.faces.kai,
            self.faces.kai,
            self.style.byline_size.0,
            None,
        );
        for (bi, block) in a.blocks.iter().enumerate() {
            match block {
                Block::Paragraph { text } => {
                    let mut runs = run(text.trim(), "");
                    let mut ppr = String::new();
                    if bi + 1 == a.blocks.len() {
                        if let Some(attr) = inline {
                            ppr = format!(
                                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>",
                                self.measure()
                            );
                            let _ =
                                write!(runs, "<w:r><w:tab/></w:r>{}", run(&attr.printed(), &kai));
                        }
                    }
                    self.body.push_str(&para("Normal", &ppr, &runs));
                }
                Block::ListIntro { text } => {
                    self.body
                        .push_str(&para("JBListIntro", "", &run(text.trim(), "")));
                }
                Block::AwardList { categories } => self.award_list(categories),
                Block::Figure(f) => self.figure(f),
                Block::Table(t) => self.table(t),
            }
        }
        if let Some(attr) = &a.attribution {
            if inline.is_none() {
                self.body
                    .push_str(&para("JBByline", "", &run(&attr.printed(), "")));
            }
        }
    }

    /// A table with thin single rules around every cell (house-format.md §3.11): the
    /// columns as wide as on the printed page, the header row repeated by Word on every
    /// page the table runs onto, no row split across pages, numbers right-aligned.
    fn table(&mut self, t: &crate::model::Table) {
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
    fn award_list(&mut self, categories: &[crate::model::AwardCategory]) {
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
    fn distribution(&mut self) {
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
            let hang = super::em_width(label) * em;
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

    fn section_properties(&self) -> String {
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

    fn document(mut self) -> String {
        self.masthead();
        let issue = self.issue;
        for a in &issue.front {
            self.article(a);
        }
        for section in &issue.sections {
            self.section(&section.label);
            for a in &section.articles {
                self.article(a);
            }
        }
        self.distribution();
        let sect = self.section_properties();
        format!(
            "{XML_HEAD}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\" xmlns:wp=\"{}\"><w:body>{}{sect}</w:body></w:document>",
            figure::WP_NS,
            self.body
        )
    }
}

/// One paragraph style: its id, name, what it is based on, paragraph and run properties.
fn style_xml(id: &str, name: &str, ppr: &str, rpr: &str, extra: &str) -> String {
    let based = if id == "Normal" {
        String::new()
    } else {
        "<w:basedOn w:val=\"Normal\"/>".to_string()
    };
    let default = if id == "Normal" {
        " w:default=\"1\""
    } else {
        ""
    };
    format!(
        "<w:style w:type=\"paragraph\"{default} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )
}

fn styles(style: &Style, faces: &Faces) -> String {
    let s = style;
    let pitch = twips(s.line_pitch().0);
    let exact = format!(
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>"
    );
    let no_indent = "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
    let em = s.char_pitch().0 * 20.0;
    let slots = |n: u32| twips(s.line_pitch().0 * n as f32);
    let spaced = |before: i64| {
        format!("<w:spacing w:before=\"{before}\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>")
    };
    // Large type takes its own height (an exact pitch would clip it).
    let auto = |before: i64, after: i64| {
        format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"240\" w:lineRule=\"auto\"/>")
    };
    let indent = format!(
        "<w:ind w:firstLineChars=\"{}\" w:firstLine=\"{}\"/>",
        (s.indent_chars * 100.0).round() as i64,
        (s.indent_chars * em).round() as i64
    );
    let org_inset = (s.org_date_inset_em.0 * s.org_date_size.0 * 20.0).round() as i64;
    let measure = twips(s.text_width().0);
    let masthead_rule = format!(
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{}\" w:space=\"{}\" w:color=\"{}\"/></w:pBdr>",
        eighths(s.masthead_rule_pt.0),
        (mm(s.masthead_rule_gap_mm.0)).round().clamp(0.0, 31.0) as i64,
        hex(s.red)
    );
    let keep = "<w:keepNext/><w:keepLines/>";
    let list = [
        style_xml(
            "Normal",
            "Normal",
            &format!("<w:widowControl/>{exact}{indent}<w:jc w:val=\"both\"/>"),
            &rpr(faces.body, faces.latin, s.body_size.0, None),
            "",
        ),
        style_xml(
            "JBClassification",
            "简报密级",
            &format!("{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            &rpr(faces.hei, faces.hei, s.classification_size.0, None),
            "",
        ),
        style_xml(
            "JBMastheadName",
            "简报报头名称",
            &format!("{keep}{}{no_indent}<w:jc w:val=\"center\"/>", auto(slots(1), twips(s.line_pitch().0 * 0.5))),
            &rpr(faces.title, faces.title, s.masthead_name_size.0, Some(s.red)),
            "",
        ),
        style_xml(
            "JBIssueLine",
            "简报期号",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"center\"/>"),
            &rpr(faces.kai, faces.kai, s.issue_line_size.0, None),
            "",
        ),
        style_xml(
            "JBOrgDate",
            "简报编发单位和日期",
            &format!(
                "{keep}{masthead_rule}<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>{}<w:ind w:left=\"{org_inset}\" w:right=\"{org_inset}\" w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"left\"/>",
                measure - org_inset,
                auto(slots(1), slots(1)),
            ),
            &rpr(faces.body, faces.latin, s.org_date_size.0, None),
            "",
        ),
        style_xml(
            "Heading1",
            "heading 1",
            &format!("{keep}{}{no_indent}<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/>", spaced(slots(s.section_space_slots))),
            &rpr(faces.hei, faces.hei, s.section_size.0, None),
            "<w:next w:val=\"Heading2\"/>",
        ),
        style_xml(
            "Heading2",
            "heading 2",
            &format!("{keep}{}{no_indent}<w:jc w:val=\"center\"/><w:outlineLvl w:val=\"1\"/>", spaced(slots(s.title_space_slots))),
            &rpr(faces.title, faces.title, s.title_size.0, None),
            "<w:next w:val=\"Normal\"/>",
        ),
        style_xml(
            "Subtitle",
            "Subtitle",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"center\"/>"),
            &rpr(faces.kai, faces.kai, s.subtitle_size.0, None),
            "<w:next w:val=\"Normal\"/>",
        ),
        style_xml(
            "JBByline",
            "简报署名",
            &format!("{exact}{no_indent}<w:jc w:val=\"right\"/>"),
            &rpr(faces.kai, faces.kai, s.byline_size.0, None),
            "",
        ),
        style_xml(
            "JBListIntro",
            "简报名单引导语",
            "<w:keepNext/>",
            "",
            "",
        ),
        style_xml(
            "JBListCategory",
            "简报名单类别",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            &rpr(faces.hei, faces.hei, s.list_category_size.0, None),
            "",
        ),
        style_xml(
            "JBListCell",
            "简报名单",
            &format!("{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            "",
            "",
        ),
        style_xml(
            "JBTableCaption",
            "简报表格标题",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"center\"/>"),
            &rpr(faces.hei, faces.hei, s.table_text_size().0, None),
            "",
        ),
        style_xml(
            "JBTableHead",
            "简报表头",
            &format!("{exact}{no_indent}"),
            &rpr(faces.hei, faces.hei, s.table_text_size().0, None),
            "",
        ),
        style_xml(
            "JBTableCell",
            "简报表格",
            &format!("{exact}{no_indent}"),
            &rpr(faces.body, faces.latin, s.table_text_size().0, None),
            "",
        ),
        style_xml(
            "JBTableAfter",
            "简报表后空行",
            &format!("{exact}{no_indent}"),
            "",
            "",
        ),
        style_xml(
            "JBDistribution",
            "简报版记",
            &format!("<w:keepNext/><w:keepLines/>{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            &rpr(faces.body, faces.latin, s.distribution_size.0, None),
            "",
        ),
        style_xml(
            "Footer",
            "footer",
            &format!("{no_indent}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"),
            &rpr(faces.song, faces.song, s.page_number_size.0, None),
            "",
        ),
    ];
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>{}</w:styles>",
        fonts(faces.body, faces.latin),
        list.concat(),
        sz = half_points(s.body_size.0),
    )
}

/// A footer with `— n —`, the number a PAGE field; `align` is left, right or center.
fn footer(style: &Style, align: &str) -> String {
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
fn empty_footer() -> String {
    format!("{XML_HEAD}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>")
}

fn settings(style: &Style) -> String {
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

/// The fonts used, with the role's other names as alternatives Word tries and the
/// GB2312 character set, so a missing face is replaced by a Chinese one.
fn font_table(style: &Style, faces: &Faces) -> String {
    let f = &style.fonts;
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for (name, list, cjk) in [
        (faces.title, &f.title, true),
        (faces.body, &f.body, true),
        (faces.hei, &f.hei, true),
        (faces.kai, &f.kai, true),
        (faces.song, &f.song, true),
        (faces.latin, &f.latin, false),
    ] {
        if !seen.insert(name) {
            continue;
        }
        let alt = other_faces(list, name)
            .into_iter()
            .find(|a| a.is_ascii())
            .map(|a| format!("<w:altName w:val=\"{}\"/>", escape(a)))
            .unwrap_or_default();
        let charset = if cjk { "86" } else { "00" };
        let _ = write!(
            out,
            "<w:font w:name=\"{}\">{alt}<w:charset w:val=\"{charset}\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>",
            escape(name)
        );
    }
    format!("{XML_HEAD}<w:fonts xmlns:w=\"{W_NS}\">{out}</w:fonts>")
}

fn content_types(style: &Style) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut footers =
        format!("<Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>");
    if style.duplex {
        footers.push_str(&format!(
            "<Override PartName=\"/word/footer2.xml\" ContentType=\"{main}.footer+xml\"/>"
        ));
    }
    if style.page_number_skip_first {
        footers.push_str(&format!(
            "<Override PartName=\"/word/footer3.xml\" ContentType=\"{main}.footer+xml\"/>"
        ));
    }
    format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"jpg\" ContentType=\"image/jpeg\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"{main}.fontTable+xml\"/>{footers}<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    )
}

fn relationships(items: &[(&str, &str, &str)]) -> String {
    let mut out = String::new();
    for (id, kind, target) in items {
        let _ = write!(
            out,
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"/>"
        );
    }
    format!("{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{out}</Relationships>")
}

fn core_properties(issue: &Issue) -> String {
    let m = &issue.meta;
    let title = format!("{} {}年{}", m.bulletin_name.trim(), m.year, m.issue_line());
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>",
        escape(&title),
        escape(m.editor_org.trim())
    )
}

fn app_properties() -> String {
    format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>jianbao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// The parts of the Word file, by name, in the order they are stored.
pub fn parts(issue: &Issue, style: &Style) -> Vec<(String, String)> {
    let faces = Faces::of(style);
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let footer_rel = format!("{rel}/footer");
    let mut doc_rels = vec![
        ("rIdStyles", format!("{rel}/styles"), "styles.xml"),
        ("rIdSettings", format!("{rel}/settings"), "settings.xml"),
        ("rIdFonts", format!("{rel}/fontTable"), "fontTable.xml"),
        ("rIdFooterOdd", footer_rel.clone(), "footer1.xml"),
    ];
    let mut out = Vec::new();
    let centre_or_right = if style.duplex { "right" } else { "center" };
    out.push((
        "word/footer1.xml".to_string(),
        footer(style, centre_or_right),
    ));
    if style.duplex {
        doc_rels.push(("rIdFooterEven", footer_rel.clone(), "footer2.xml"));
        out.push(("word/footer2.xml".to_string(), footer(style, "left")));
    }
    if style.page_number_skip_first {
        doc_rels.push(("rIdFooterFirst", footer_rel.clone(), "footer3.xml"));
        out.push(("word/footer3.xml".to_string(), empty_footer()));
    }
    let pictures = figure::relationships(issue);
    let image_rel = format!("{rel}/image");
    let doc_rels: Vec<(&str, &str, &str)> = doc_rels
        .iter()
        .map(|(id, kind, target)| (*id, kind.as_str(), *target))
        .chain(
            pictures
                .iter()
                .map(|(id, target)| (id.as_str(), image_rel.as_str(), target.as_str())),
        )
        .collect();
    let writer = Writer {
        issue,
        style,
        faces: Faces::of(style),
        body: String::new(),
    };
    let mut all = vec![
        ("[Content_Types].xml".to_string(), content_types(style)),
        (
            "_rels/.rels".to_string(),
            relationships(&[
                ("rId1", &format!("{rel}/officeDocument"), "word/document.xml"),
                (
                    "rId2",
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    "docProps/core.xml",
                ),
                ("rId3", &format!("{rel}/extended-properties"), "docProps/app.xml"),
            ]),
        ),
        ("word/document.xml".to_string(), writer.document()),
        (
            "word/_rels/document.xml.rels".to_string(),
            relationships(&doc_rels),
        ),
        ("word/styles.xml".to_string(), styles(style, &faces)),
        ("word/settings.xml".to_string(), settings(style)),
        ("word/fontTable.xml".to_string(), font_table(style, &faces)),
    ];
    all.append(&mut out);
    all.push(("docProps/core.xml".to_string(), core_properties(issue)));
    all.push(("docProps/app.xml".to_string(), app_properties()));
    all
}

/// The issue as the bytes of a .docx file.
pub fn docx(issue: &Issue, style: &Style) -> Result<Vec<u8>, DocxError> {
    let mut zip = ZipWriter::new();
    for (name, xml) in parts(issue, style) {
        zip.add(&name, xml.as_bytes())
            .map_err(|_| DocxError::TooLarge)?;
    }
    for (name, bytes) in figure::media(issue) {
        zip.add(&name, &bytes).map_err(|_| DocxError::TooLarge)?;
    }
    zip.finish().map_err(|_| DocxError::TooLarge)
}

mod figure;
#[cfg(test)]
mod tests;
