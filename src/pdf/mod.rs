//! PDF export: writes `layout::Pages` as a PDF. It lays out nothing itself.
//!
//! The stages, one file each:
//! 1. `glyphs`: which glyphs of which faces the pages print, and the text each reads as;
//! 2. `subset`: each face cut down to those glyphs (`truetype`: our own subsetter);
//! 3. `compress`: the font programs packed on a thread of their own meanwhile;
//! 4. `skeleton`: printpdf makes the document: catalog, pages, information;
//! 5. `images`: each picture once as an image XObject, meanwhile on other threads;
//! 6. `content`: each page's content stream, written once from the display list
//!    (`text`: printed lines and the spans that need `ActualText`);
//! 7. `fonts`: the Type0 fonts with widths and ToUnicode maps, from the subsets;
//! 8. `compress`: the remaining streams, spread over the cores; then the bytes.

pub mod booklet;
mod compress;
mod content;
mod error;
mod fonts;
mod glyphs;
mod images;
mod parts;
mod skeleton;
mod subset;
mod text;
pub mod truetype;

pub use error::ExportError;

use crate::fonts::{FontBook, FontId};
use crate::layout::Pages;
use crate::model::Issue;
use std::collections::BTreeMap;
use subset::Subset;

/// A face as the pages use it: its glyphs and their text, its subset, and its name
/// in the font resources.
struct PageFont {
    resource: String,
    glyphs: glyphs::FaceGlyphs,
    subset: Subset,
}

/// Subsets every face the pages use, as export does, and returns the subset fonts'
/// total size in bytes: lets benchmarks time subsetting on its own.
pub fn subset_fonts(pages: &Pages, book: &FontBook) -> Result<usize, ExportError> {
    let mut total = 0;
    for (id, glyphs) in &glyphs::used(pages, book) {
        total += subset::subset_face(book, *id, glyphs)?.sfnt.len();
    }
    Ok(total)
}

/// Choices of the PDF writer that do not change the layout, from the style.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfOptions {
    /// Pictures with more pixels per inch than this at their printed size are scaled
    /// down to it ([`crate::style::Style::picture_max_dpi`]).
    pub picture_max_dpi: f32,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions::from_style(&crate::style::Style::default())
    }
}

impl PdfOptions {
    /// The options a style asks for.
    pub fn from_style(style: &crate::style::Style) -> PdfOptions {
        PdfOptions {
            picture_max_dpi: style.picture_max_dpi as f32,
        }
    }
}

/// Writes the pages as a PDF with the house style's options and returns its bytes.
pub fn export(pages: &Pages, issue: &Issue, book: &FontBook) -> Result<Vec<u8>, ExportError> {
    export_with(pages, issue, book, &PdfOptions::default())
}

/// Writes the pages as a PDF and returns its bytes.
pub fn export_with(
    pages: &Pages,
    issue: &Issue,
    book: &FontBook,
    options: &PdfOptions,
) -> Result<Vec<u8>, ExportError> {
    check_page_sizes(pages)?;
    let mut faces: BTreeMap<FontId, PageFont> = BTreeMap::new();
    for (id, glyphs) in glyphs::used(pages, book) {
        let subset = subset::subset_face(book, id, &glyphs)?;
        let resource = format!("F{}", id.0);
        faces.insert(
            id,
            PageFont {
                resource,
                glyphs,
                subset,
            },
        );
    }
    // The font programs are most of the bytes to compress: start on them now, while
    // the pages are turned into PDF operators on this thread.
    let programs: Vec<fonts::Program> = faces.values().map(|f| fonts::program(&f.subset)).collect();
    let kinds: Vec<fonts::Outlines> = programs.iter().map(|p| p.outlines).collect();
    let packing = compress::pack_in_background(programs.into_iter().map(|p| p.bytes).collect());

    let mut skeleton = skeleton::build(pages, issue)?;
    let pictures = images::write_all(&mut skeleton.pdf, pages, options.picture_max_dpi);
    write_contents(pages, &faces, &pictures, book, &mut skeleton)?;
    images::register(&mut skeleton.pdf, pages, &pictures, &skeleton.resources)
        .map_err(|reason| ExportError::Write { reason })?;

    let packed = packing.join().map_err(|_| ExportError::Write {
        reason: "compressing the fonts failed".to_string(),
    })?;
    let mut resources: BTreeMap<String, lopdf::ObjectId> = BTreeMap::new();
    for (((id, face), outlines), program) in faces.iter().zip(kinds).zip(packed) {
        let font =
            fonts::write(&mut skeleton.pdf, face, (outlines, program)).map_err(|reason| {
                ExportError::Font {
                    family: book.face(*id).family.clone(),
                    reason,
                }
            })?;
        resources.insert(face.resource.clone(), font);
    }
    fonts::register(&mut skeleton.pdf, &skeleton.font_dicts, &resources)
        .map_err(|reason| ExportError::Write { reason })?;

    compress::streams(&mut skeleton.pdf);
    let mut bytes = Vec::new();
    skeleton
        .pdf
        .save_to(&mut bytes)
        .map_err(|e| ExportError::Write {
            reason: e.to_string(),
        })?;
    Ok(bytes)
}

/// Writes each page's content stream into the skeleton's (empty) one, compressed.
/// Pages are independent: they are written and compressed on every core, a run of
/// pages each (a long issue's pages were the longest step left on one core).
fn write_contents(
    pages: &Pages,
    faces: &BTreeMap<FontId, PageFont>,
    pictures: &images::Written,
    book: &FontBook,
    skeleton: &mut skeleton::Skeleton,
) -> Result<(), ExportError> {
    let all = &pages.pages[..];
    let write = |part: &[std::sync::Arc<crate::layout::Page>]| -> Vec<Result<compress::Packed, ExportError>> {
        (part.iter())
            .map(|page| {
                let content = content::page(page, faces, pictures, book).map_err(|value| {
                    ExportError::BadNumber {
                        page: page.number,
                        what: "page content",
                        value,
                    }
                })?;
                Ok(compress::Packed::new(content))
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(all.len().div_ceil(PAGES_PER_THREAD));
    let written = parts::in_parts(all, threads, write).into_iter().flatten();
    for (content, id) in written.zip(&skeleton.contents) {
        let stream = skeleton
            .pdf
            .get_object_mut(*id)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(|e| ExportError::Write {
                reason: format!("a page has no content stream: {e}"),
            })?;
        content?.put_into(stream);
    }
    Ok(())
}

/// Pages are written on more than one core only when each core gets at least this
/// many (a thread costs about as much as writing a page).
const PAGES_PER_THREAD: usize = 4;

/// The page size goes into MediaBox: ISO 32000-1 annex C allows 3 to 14,400 units.
fn check_page_sizes(pages: &Pages) -> Result<(), ExportError> {
    for page in &pages.pages {
        for v in [page.width, page.height] {
            if !(3.0..=14_400.0).contains(&v) {
                return Err(ExportError::BadNumber {
                    page: page.number,
                    what: "page size",
                    value: v,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// A display list with a number no PDF can hold is refused, whichever number it is
    /// and wherever it sits; the same pages with the number repaired export.
    #[test]
    fn non_finite_numbers_never_reach_the_pdf() {
        use super::{export, ExportError};
        use crate::fonts::FontBook;
        use crate::layout::{layout, Item};
        use crate::model::Issue;
        use crate::style::Style;
        let book = FontBook::bundled();
        let issue = Issue::sample();
        let good = layout(&issue, &Style::default(), &book);
        assert!(export(&good, &issue, &book).is_ok());
        type Poison = fn(&mut crate::layout::Pages, f32);
        let poisons: [(&str, Poison); 7] = [
            ("glyph x", |p, v| {
                let last = p.pages.len() - 1;
                for item in &mut std::sync::Arc::make_mut(&mut p.pages[last]).items {
                    if let Item::Text(r) = item {
                        if let Some(g) = r.glyphs.last_mut() {
                            g.x = v;
                        }
                    }
                }
            }),
            ("baseline", |p, v| {
                for item in &mut std::sync::Arc::make_mut(&mut p.pages[0]).items {
                    if let Item::Text(r) = item {
                        r.y = v;
                    }
                }
            }),
            ("size", |p, v| {
                for item in &mut std::sync::Arc::make_mut(&mut p.pages[1]).items {
                    if let Item::Text(r) = item {
                        r.size = v;
                    }
                }
            }),
            ("rule", |p, v| {
                for item in &mut std::sync::Arc::make_mut(&mut p.pages[0]).items {
                    if let Item::Rule(r) = item {
                        r.thickness = v;
                    }
                }
            }),
            ("ink", |p, v| {
                for item in &mut std::sync::Arc::make_mut(&mut p.pages[0]).items {
                    if let Item::Rule(r) = item {
                        r.ink.cmyk[1] = v;
                    }
                }
            }),
            ("page width", |p, v| {
                std::sync::Arc::make_mut(&mut p.pages[2]).width = v
            }),
            ("page height", |p, v| {
                std::sync::Arc::make_mut(&mut p.pages[0]).height = v
            }),
        ];
        for (what, poison) in poisons {
            for v in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 1e38, -1e9] {
                let mut pages = good.clone();
                poison(&mut pages, v);
                match export(&pages, &issue, &book) {
                    Err(e @ ExportError::BadNumber { .. }) => {
                        assert!(e.to_string().contains("no PDF was written"), "{e}");
                        assert!(e.chinese().contains("未生成"));
                    }
                    Err(e) => panic!("{what} = {v}: refused for another reason: {e}"),
                    Ok(bytes) => panic!(
                        "{what} = {v}: written ({} bytes){}",
                        bytes.len(),
                        if bytes.windows(3).any(|w| w == b"inf" || w == b"NaN") {
                            " with inf/NaN in it"
                        } else {
                            ""
                        }
                    ),
                }
            }
        }
    }
}
