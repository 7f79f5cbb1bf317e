//! PDF export: draws `layout::Pages` with printpdf. It lays out nothing itself.
//!
//! Fonts are subset here (allsorts, the subsetter printpdf itself builds on) to the
//! glyphs the pages use, so a 10 MB face becomes a few hundred KB; every glyph carries
//! its source character so copy-paste and `pdftotext` give the text back.

mod content;
pub mod truetype;

use crate::fonts::{FontBook, FontId};
use crate::layout::Pages;
use crate::model::Issue;
use printpdf::{
    Codepoint, DateTime, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem,
};
use std::collections::{BTreeMap, HashMap};

/// Why a PDF could not be made.
#[derive(Debug)]
pub enum ExportError {
    /// A face could not be subset or parsed for embedding.
    Font { family: String, reason: String },
    /// A face's licence does not allow embedding.
    NotEmbeddable { family: String },
    /// The PDF could not be put together.
    Write { reason: String },
    /// Layout produced a number no PDF can hold (NaN, infinity, beyond the limits of
    /// a page): refused rather than written as a file readers reject.
    BadNumber {
        page: usize,
        what: &'static str,
        value: f32,
    },
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Font { family, reason } => {
                write!(f, "the font {family} could not be embedded: {reason}")
            }
            ExportError::NotEmbeddable { family } => write!(
                f,
                "the font {family} does not allow embedding in documents; choose another font for that role"
            ),
            ExportError::Write { reason } => write!(f, "the PDF could not be written: {reason}"),
            ExportError::BadNumber { page, what, value } => write!(
                f,
                "page {page}: the {what} came out of layout as {value}, which no PDF can hold (a style value out of range?); no PDF was written"
            ),
        }
    }
}

impl std::error::Error for ExportError {}

impl ExportError {
    /// The message for the editor's window.
    pub fn chinese(&self) -> String {
        match self {
            ExportError::Font { family, reason } => format!("字体 {family} 无法嵌入 PDF：{reason}"),
            ExportError::NotEmbeddable { family } => {
                format!("字体 {family} 的授权不允许嵌入文档，请为该用途换一种字体")
            }
            ExportError::Write { reason } => format!("PDF 无法生成：{reason}"),
            ExportError::BadNumber { page, what, value } => format!(
                "第{page}页的{}排版结果为 {value}，无法写入 PDF（版式数值超出范围？），未生成 PDF",
                match *what {
                    "page size" => "纸张尺寸",
                    _ => "内容坐标",
                }
            ),
        }
    }
}

/// A face cut down to the glyphs in use, with the old → new glyph id map.
struct Subset {
    handle: PdfFontHandle,
    new_ids: HashMap<u16, u16>,
    /// The subset font program, as embedded.
    program: Vec<u8>,
}

fn subset_face(
    book: &FontBook,
    id: FontId,
    used: &BTreeMap<u16, char>,
    doc: &mut PdfDocument,
) -> Result<Subset, ExportError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let face = book.face(id);
    let family = face.family.clone();
    if !face.embeddable() {
        return Err(ExportError::NotEmbeddable { family });
    }
    // The file is named too: a family may be installed more than once.
    let named = format!(
        "{family} ({})",
        crate::quote::path(std::path::Path::new(&face.source))
    );
    let err = |reason: String| ExportError::Font {
        family: named.clone(),
        reason,
    };
    // TrueType outlines (the bundled faces, most .ttf/.ttc): our own subsetter, whose
    // cost follows the glyphs used rather than the font's size. CFF (.otf) and anything
    // it does not take: allsorts.
    let pairs: Vec<(u16, char)> = used.iter().map(|(g, c)| (*g, *c)).collect();
    let (bytes, new_ids) =
        match truetype::subset_truetype(face.data, face.index, &pairs).map_err(&err)? {
            Some(sub) => (sub.bytes, sub.new_ids),
            None => {
                let font_file = ReadScope::new(face.data)
                    .read::<FontData<'_>>()
                    .map_err(|e| err(e.to_string()))?;
                let provider = font_file
                    .table_provider(face.index as usize)
                    .map_err(|e| err(e.to_string()))?;
                // .notdef first, then the used glyphs in order; the new id is the position.
                let ids: Vec<u16> = std::iter::once(0)
                    .chain(used.keys().copied().filter(|g| *g != 0))
                    .collect();
                let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
                    .map_err(|e| err(e.to_string()))?;
                let new_ids = ids
                    .iter()
                    .enumerate()
                    .map(|(new, &old)| (old, new as u16))
                    .collect();
                (bytes, new_ids)
            }
        };
    let mut warnings = Vec::new();
    let mut parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings)
        .ok_or_else(|| err("the subset font could not be read back".to_string()))?;
    // ISO 32000-1 9.6.4: a subset font's name carries a six-letter tag, unique per subset.
    let base: String = face
        .family
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    parsed.font_name = Some(format!("{}+{}", subset_tag(id, used), base));
    let font_id = doc.add_font(&parsed);
    Ok(Subset {
        handle: PdfFontHandle::External(font_id),
        new_ids,
        program: bytes,
    })
}

/// Six capital letters derived from the face and its glyph set.
fn subset_tag(id: FontId, used: &BTreeMap<u16, char>) -> String {
    // FNV-1a over the face index and glyph ids: stable across runs, differs per subset.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in std::iter::once(id.0).chain(used.keys().copied()) {
        for b in v.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// A page's runs with neighbours that continue one another (same face, size, colour
/// and baseline, left to right) joined, so that one printed line is one piece of text
/// for readers, and squeezed marks between runs (a recipient and its 、) can be grouped.
fn joined_runs(page: &crate::layout::Page) -> Vec<crate::layout::GlyphRun> {
    let mut out: Vec<crate::layout::GlyphRun> = Vec::new();
    for run in page.runs() {
        if let Some(last) = out.last_mut() {
            let continues = last.font == run.font
                && last.size == run.size
                && last.ink == run.ink
                && last.y == run.y
                && match (last.glyphs.last(), run.glyphs.first()) {
                    (Some(a), Some(b)) => b.x > a.x,
                    _ => false,
                };
            if continues {
                last.glyphs.extend_from_slice(&run.glyphs);
                continue;
            }
        }
        out.push(run.clone());
    }
    out
}

/// Splits a run into pieces: stretches of glyphs whose boxes follow one another, and
/// groups in which a glyph starts inside the box of the one before it.
///
/// A squeezed punctuation mark (half a cell of its full-width box dropped) overlaps
/// its neighbour's box as the font's widths describe it, and text extractors such as
/// `pdftotext` then break the line there. Each overlapping group is therefore marked
/// with its text (an `ActualText` span, ISO 32000-1 14.9.4), so readers take the group
/// as one piece of text spanning the union of its boxes. `extent(k)` is glyph k's
/// left and right edge in points.
fn overlap_groups(
    len: usize,
    size: f32,
    extent: impl Fn(usize) -> (f32, f32),
) -> Vec<(std::ops::Range<usize>, bool)> {
    // Poppler starts a new word when a glyph overlaps the previous one by 0.2 em;
    // group well before that.
    let tolerance = 0.05 * size;
    let mut pieces: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    let mut k = 0;
    while k < len {
        let (_, mut right) = extent(k);
        let mut end = k + 1;
        while end < len {
            let (left, r) = extent(end);
            if left >= right - tolerance {
                break;
            }
            right = right.max(r);
            end += 1;
        }
        let overlapping = end - k > 1;
        match pieces.last_mut() {
            Some((range, false)) if !overlapping => range.end = end,
            _ => pieces.push((k..end, overlapping)),
        }
        k = end;
    }
    pieces
}

/// Glyphs used per face, with a character for each (for the ToUnicode map).
fn glyphs_used(pages: &Pages) -> BTreeMap<FontId, BTreeMap<u16, char>> {
    // One slot per glyph id and face first (a long issue prints a million glyphs, of a
    // few thousand kinds), sorted maps only of what was found.
    let mut seen: BTreeMap<FontId, Vec<Option<char>>> = BTreeMap::new();
    for page in &pages.pages {
        for run in page.runs() {
            let slots = seen
                .entry(run.font)
                .or_insert_with(|| vec![None; usize::from(u16::MAX) + 1]);
            for g in &run.glyphs {
                let slot = &mut slots[usize::from(g.id)];
                if slot.is_none() {
                    *slot = Some(g.ch);
                }
            }
        }
    }
    seen.into_iter()
        .map(|(font, slots)| {
            let used = slots
                .into_iter()
                .enumerate()
                .filter_map(|(id, ch)| Some((id as u16, ch?)))
                .collect();
            (font, used)
        })
        .collect()
}

/// Subsets every face the pages use, as export does, and returns the subset fonts'
/// total size in bytes: lets benchmarks time subsetting on its own.
pub fn subset_fonts(pages: &Pages, book: &FontBook) -> Result<usize, ExportError> {
    let mut doc = PdfDocument::new("");
    let mut total = 0;
    for (id, glyphs) in &glyphs_used(pages) {
        let sub = subset_face(book, *id, glyphs, &mut doc)?;
        total += sub.program.len();
    }
    Ok(total)
}

/// Writes the pages as a PDF and returns its bytes.
pub fn export(pages: &Pages, issue: &Issue, book: &FontBook) -> Result<Vec<u8>, ExportError> {
    // The page size goes into MediaBox: ISO 32000-1 annex C allows 3 to 14,400 units.
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
    let title = format!(
        "{} {}",
        issue.meta.bulletin_name.trim(),
        if issue.meta.supplement {
            format!("{}年增刊第{}期", issue.meta.year, issue.meta.issue_no)
        } else {
            format!("{}年第{}期", issue.meta.year, issue.meta.issue_no)
        }
    );
    let mut doc = PdfDocument::new(title.trim());
    let now = DateTime::now();
    doc.metadata.info.author = issue.meta.editor_org.trim().to_string();
    doc.metadata.info.creator = format!("jianbao {}", env!("CARGO_PKG_VERSION"));
    doc.metadata.info.producer = format!("jianbao {} (printpdf)", env!("CARGO_PKG_VERSION"));
    doc.metadata.info.subject = "简报".to_string();
    doc.metadata.info.creation_date = now;
    doc.metadata.info.modification_date = now;
    doc.metadata.info.metadata_date = now;

    let used = glyphs_used(pages);
    let mut subsets: HashMap<FontId, Subset> = HashMap::new();
    for (id, glyphs) in &used {
        subsets.insert(*id, subset_face(book, *id, glyphs, &mut doc)?);
    }
    // The font programs are most of the bytes to compress: start on them now, while
    // the pages are turned into PDF operators on this thread.
    let programs: Vec<Vec<u8>> = subsets.values().map(|s| s.program.clone()).collect();
    let packed_fonts = std::thread::spawn(move || {
        programs
            .into_iter()
            .map(|raw| {
                let packed = miniz_oxide::deflate::compress_to_vec_zlib(&raw, DEFLATE_LEVEL);
                (raw, packed)
            })
            .collect::<Vec<(Vec<u8>, Vec<u8>)>>()
    });

    // printpdf puts the document together (fonts, ToUnicode maps, metadata); the page
    // content is written below, directly. printpdf learns every glyph it must map back
    // to text from one show-text operation per face on the first page, whose content
    // is then replaced like every other page's.
    let mut registry: Vec<Op> = vec![Op::StartTextSection];
    for (id, glyphs) in &used {
        let Some(sub) = subsets.get(id) else {
            continue;
        };
        registry.push(Op::SetFont {
            font: sub.handle.clone(),
            size: Pt(10.0),
        });
        registry.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                glyphs
                    .iter()
                    .map(|(gid, ch)| Codepoint {
                        gid: sub.new_ids.get(gid).copied().unwrap_or(0),
                        offset: 0.0,
                        cid: Some(ch.to_string()),
                    })
                    .collect(),
            )],
        });
    }
    registry.push(Op::EndTextSection);
    let mut out_pages = Vec::with_capacity(pages.pages.len());
    for (k, page) in pages.pages.iter().enumerate() {
        let ops = if k == 0 {
            std::mem::take(&mut registry)
        } else {
            Vec::new()
        };
        out_pages.push(PdfPage::new(
            Mm(page.width * 25.4 / 72.0),
            Mm(page.height * 25.4 / 72.0),
            ops,
        ));
    }
    let contents: Vec<Vec<u8>> = pages
        .pages
        .iter()
        .map(|page| {
            content::page(page, &subsets, book).map_err(|value| ExportError::BadNumber {
                page: page.number,
                what: "page content",
                value,
            })
        })
        .collect::<Result<_, _>>()?;
    doc.with_pages(out_pages);
    let opts = PdfSaveOptions {
        // Streams are compressed below, not by printpdf.
        optimize: false,
        // We subset ourselves; printpdf would otherwise need its heavy text_layout feature.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&opts, &mut warnings);
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    if page_ids.len() != contents.len() {
        return Err(ExportError::Write {
            reason: format!(
                "the PDF has {} pages where {} were laid out",
                page_ids.len(),
                contents.len()
            ),
        });
    }
    for (id, content) in page_ids.into_iter().zip(contents) {
        let stream = pdf
            .get_dictionary(id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .and_then(|r| pdf.get_object_mut(r))
            .and_then(lopdf::Object::as_stream_mut);
        match stream {
            Ok(stream) => stream.set_content(content),
            Err(e) => {
                return Err(ExportError::Write {
                    reason: format!("a page has no content stream: {e}"),
                })
            }
        }
    }
    compress_streams(&mut pdf, packed_fonts.join().ok());
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|e| ExportError::Write {
        reason: e.to_string(),
    })?;
    Ok(bytes)
}

/// zlib level for page content and fonts. Measured on the sample (GB profile, whole
/// `export` process, since page content is written directly): level 1 15 ms / 339 KB,
/// level 2 20 ms / 315 KB; compressing the body face's subset is the longest step at
/// level 2. Level 1 (miniz's greedy fast path) stays under the size of the same issue set
/// by Typst (354 KB), and far under it for longer issues (120×: about 4.4 vs 10 MB).
const DEFLATE_LEVEL: u8 = 1;

/// Compresses every stream that has no filter yet (Flate), spread over the cores;
/// streams whose content is in `done` (raw, packed) take the packed bytes from there.
fn compress_streams(pdf: &mut lopdf::Document, done: Option<Vec<(Vec<u8>, Vec<u8>)>>) {
    let done = done.unwrap_or_default();
    let mut streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => {
                Some(s)
            }
            _ => None,
        })
        .filter_map(|s| {
            let packed = done.iter().find(|(raw, _)| *raw == s.content).map(|d| &d.1);
            match packed {
                Some(packed) => {
                    if packed.len() + 19 < s.content.len() {
                        s.dict.set("Filter", "FlateDecode");
                        s.set_content(packed.clone());
                    }
                    None
                }
                None => Some(s),
            }
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    // Largest first, each to the least loaded thread: the few font programs are most of
    // the work and must not all land on one thread.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let mut parts: Vec<(usize, Vec<&mut lopdf::Stream>)> =
        (0..threads).map(|_| (0, Vec::new())).collect();
    for s in streams {
        if let Some(part) = parts.iter_mut().min_by_key(|p| p.0) {
            part.0 += s.content.len();
            part.1.push(s);
        }
    }
    let compress = |part: &mut [&mut lopdf::Stream]| {
        for s in part {
            let packed = miniz_oxide::deflate::compress_to_vec_zlib(&s.content, DEFLATE_LEVEL);
            if packed.len() + 19 < s.content.len() {
                s.dict.set("Filter", "FlateDecode");
                s.set_content(packed);
            }
        }
    };
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter().map(|p| p.1).filter(|p| !p.is_empty());
        let first = parts.next();
        for mut part in parts {
            scope.spawn(move || compress(&mut part));
        }
        if let Some(mut part) = first {
            compress(&mut part);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::overlap_groups;

    /// Boxes of a 10 pt line: 字 at 0, a squeezed （ starting at 5 (inside 字's box),
    /// 字 at 15, 字 at 25, a squeezed 、 at 35 and 字 at 40 (inside the 、's box).
    #[test]
    fn squeezed_marks_are_grouped_with_the_glyph_they_overlap() {
        let xs = [0.0, 5.0, 15.0, 25.0, 35.0, 40.0];
        let pieces = overlap_groups(xs.len(), 10.0, |k| (xs[k], xs[k] + 10.0));
        assert_eq!(
            pieces,
            vec![(0..2, true), (2..4, false), (4..6, true)],
            "字（ is one group; 字字 plain; 、字 one group"
        );
        // Boxes that only touch are not grouped, and one piece covers them all.
        let even = [0.0, 10.0, 20.0, 30.0];
        let pieces = overlap_groups(even.len(), 10.0, |k| (even[k], even[k] + 10.0));
        assert_eq!(pieces, vec![(0..4, false)]);
    }

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
                for item in &mut p.pages[last].items {
                    if let Item::Text(r) = item {
                        if let Some(g) = r.glyphs.last_mut() {
                            g.x = v;
                        }
                    }
                }
            }),
            ("baseline", |p, v| {
                for item in &mut p.pages[0].items {
                    if let Item::Text(r) = item {
                        r.y = v;
                    }
                }
            }),
            ("size", |p, v| {
                for item in &mut p.pages[1].items {
                    if let Item::Text(r) = item {
                        r.size = v;
                    }
                }
            }),
            ("rule", |p, v| {
                for item in &mut p.pages[0].items {
                    if let Item::Rule(r) = item {
                        r.thickness = v;
                    }
                }
            }),
            ("ink", |p, v| {
                for item in &mut p.pages[0].items {
                    if let Item::Rule(r) = item {
                        r.ink.cmyk[1] = v;
                    }
                }
            }),
            ("page width", |p, v| p.pages[2].width = v),
            ("page height", |p, v| p.pages[0].height = v),
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
