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

mod distribution;
mod figure;
mod markup;
mod masthead;
mod package;
mod page;
mod styles;
mod tables;
#[cfg(test)]
mod tests;

use super::zip::ZipWriter;
use super::{byline_inline, escape};
use crate::model::{Article, Block, Issue};
use crate::style::Style;
use markup::{para, rpr, run, twips, Faces};
use package::{app_properties, content_types, core_properties, relationships};
use page::{empty_footer, footer, settings};
use std::fmt::Write as _;
use styles::{font_table, styles};

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
