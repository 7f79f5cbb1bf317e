//! The document skeleton, made by printpdf: catalog, page tree, pages with their
//! boxes and resources, and the document information (title, author, dates). Fonts
//! and page content are not printpdf's business here: they are written from the
//! display list (see `fonts` and `content`) into the places this leaves for them.

use super::ExportError;
use crate::layout::Pages;
use crate::model::Issue;
use printpdf::{DateTime, Mm, PdfDocument, PdfPage, PdfSaveOptions};

/// The skeleton as a lopdf object tree, with the places fonts and content go.
pub(super) struct Skeleton {
    pub pdf: lopdf::Document,
    /// Each page's (still empty) content stream, in page order.
    pub contents: Vec<lopdf::ObjectId>,
    /// Each page's resource dictionary, in page order (pictures are named there).
    pub resources: Vec<lopdf::ObjectId>,
    /// The font resource dictionaries the pages refer to (printpdf shares one).
    pub font_dicts: Vec<lopdf::ObjectId>,
}

/// The title shown by PDF readers: bulletin name and issue.
fn title(issue: &Issue) -> String {
    let meta = &issue.meta;
    let number = if meta.supplement {
        format!("{}年增刊第{}期", meta.year, meta.issue_no)
    } else {
        format!("{}年第{}期", meta.year, meta.issue_no)
    };
    format!("{} {}", meta.bulletin_name.trim(), number)
        .trim()
        .to_string()
}

/// Builds the skeleton: one empty page per laid-out page, sized as laid out.
pub(super) fn build(pages: &Pages, issue: &Issue) -> Result<Skeleton, ExportError> {
    let mut doc = PdfDocument::new(&title(issue));
    let now = DateTime::now();
    let version = env!("CARGO_PKG_VERSION");
    let info = &mut doc.metadata.info;
    info.author = issue.meta.editor_org.trim().to_string();
    info.creator = format!("jianbao {version}");
    info.producer = format!("jianbao {version} (printpdf)");
    info.subject = "简报".to_string();
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;
    doc.with_pages(
        pages
            .pages
            .iter()
            .map(|page| {
                PdfPage::new(
                    Mm(page.width * 25.4 / 72.0),
                    Mm(page.height * 25.4 / 72.0),
                    Vec::new(),
                )
            })
            .collect(),
    );
    let opts = PdfSaveOptions {
        // Streams are compressed by `compress`, not by printpdf.
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let pdf = doc.to_lopdf_document(&opts, &mut warnings);
    let write_err = |reason: String| ExportError::Write { reason };
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    if page_ids.len() != pages.pages.len() {
        return Err(write_err(format!(
            "the PDF has {} pages where {} were laid out",
            page_ids.len(),
            pages.pages.len()
        )));
    }
    let mut contents = Vec::with_capacity(page_ids.len());
    let mut resources = Vec::with_capacity(page_ids.len());
    let mut font_dicts: Vec<lopdf::ObjectId> = Vec::new();
    for id in page_ids {
        let (content, page_resources, fonts) =
            places(&pdf, id).map_err(|e| write_err(format!("a page is incomplete: {e}")))?;
        contents.push(content);
        resources.push(page_resources);
        if !font_dicts.contains(&fonts) {
            font_dicts.push(fonts);
        }
    }
    Ok(Skeleton {
        pdf,
        contents,
        resources,
        font_dicts,
    })
}

/// A page's content stream, its resources and the font dictionary of its resources.
fn places(
    pdf: &lopdf::Document,
    page: lopdf::ObjectId,
) -> lopdf::Result<(lopdf::ObjectId, lopdf::ObjectId, lopdf::ObjectId)> {
    let dict = pdf.get_dictionary(page)?;
    let content = dict.get(b"Contents")?.as_reference()?;
    let resources = dict.get(b"Resources")?.as_reference()?;
    let fonts = pdf
        .get_dictionary(resources)?
        .get(b"Font")?
        .as_reference()?;
    Ok((content, resources, fonts))
}
