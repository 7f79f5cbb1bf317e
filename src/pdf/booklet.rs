//! Saddle-stitched booklet (骑马钉): the finished PDF's pages imposed two to a side on
//! a sheet twice as wide (A3 landscape for A4 pages), in the order that reads right
//! once the printed sheets are stacked, folded and stapled (house-format.md §3.12).
//!
//! The pages are not laid out again: each is embedded whole as a form XObject, so the
//! booklet shows exactly what the PDF shows. For n pages (a multiple of 4) sheet k,
//! counted from 1, carries n−2k+2 | 2k−1 on its outside and 2k | n−2k+1 on its
//! inside. Blank pages needed to reach a multiple of 4 go before the page holding the
//! 版记, so the 版记 stays on the last page (GB/T 9704 puts it on the last, even page).

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

/// Millimetres to points.
fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Choices for the booklet.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BookletOptions {
    /// Crop and fold marks outside the sheet's trim (the sheet grows by a margin
    /// for them, so it is printed on oversize paper and trimmed to A3).
    pub crop_marks: bool,
    /// The page (0-based) holding the 版记: blanks go before it. `None` adds blanks
    /// at the end.
    pub distribution_page: Option<usize>,
}

/// The room around the trim for crop marks, the marks' length and their distance
/// from the trim.
const MARK_MARGIN_MM: f32 = 10.0;
const MARK_LENGTH_MM: f32 = 6.0;
const MARK_OFFSET_MM: f32 = 3.0;

/// Why a booklet could not be made.
#[derive(Debug)]
pub enum BookletError {
    /// The PDF could not be read (it is ours, so this means damaged bytes).
    Read(String),
    /// The PDF has no pages.
    NoPages,
    /// The booklet could not be written.
    Write(String),
}

impl std::fmt::Display for BookletError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BookletError::Read(e) => write!(f, "the PDF could not be read for the booklet: {e}"),
            BookletError::NoPages => write!(f, "the PDF has no pages; there is no booklet to make"),
            BookletError::Write(e) => write!(f, "the booklet could not be written: {e}"),
        }
    }
}

impl std::error::Error for BookletError {}

impl BookletError {
    /// The message for the editor's window.
    pub fn chinese(&self) -> String {
        match self {
            BookletError::Read(e) => format!("无法读取 PDF 来制作小册子：{e}"),
            BookletError::NoPages => "PDF 没有页面，无法制作小册子".to_string(),
            BookletError::Write(e) => format!("小册子无法生成：{e}"),
        }
    }
}

/// The page (0-based) that holds the 版记 in a laid-out issue.
pub fn distribution_page(pages: &crate::layout::Pages) -> Option<usize> {
    pages.pages.iter().position(|p| {
        p.runs()
            .any(|r| r.line == crate::layout::LineKind::Distribution)
    })
}

/// The reading order padded to a multiple of 4: `Some(i)` is source page i (0-based),
/// `None` a blank. Blanks go before `distribution_page` unless that is the first page
/// (a cover is never blank); otherwise, or without one, at the end.
pub fn padded_order(count: usize, distribution_page: Option<usize>) -> Vec<Option<usize>> {
    let blanks = (4 - count % 4) % 4;
    let mut order: Vec<Option<usize>> = (0..count).map(Some).collect();
    let at = match distribution_page {
        Some(d) if d > 0 && d < count => d,
        _ => count,
    };
    order.splice(at..at, std::iter::repeat_n(None, blanks));
    order
}

/// Sides in printing order: sheet 1 outside, sheet 1 inside, sheet 2 outside, … Each
/// side is (left, right) as 1-based positions in the padded order of `n` pages.
pub fn imposition(n: usize) -> Vec<(usize, usize)> {
    let mut sides = Vec::with_capacity(n / 2);
    for k in 1..=n / 4 {
        sides.push((n + 2 - 2 * k, 2 * k - 1));
        sides.push((2 * k, n + 1 - 2 * k));
    }
    sides
}

/// A number as PDF writes it (no exponent, a few decimals).
fn num(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A dictionary entry of a page, looked up the page tree upwards (Resources and
/// MediaBox are inheritable).
fn inherited(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut id = page;
    for _ in 0..64 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(v) = dict.get(key) {
            return Some(v.clone());
        }
        id = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

/// The page's media box as [x0, y0, x1, y1] (A4 when it has none).
fn media_box(doc: &Document, page: ObjectId) -> [f32; 4] {
    let a4 = [0.0, 0.0, mm(210.0), mm(297.0)];
    let Some(obj) = inherited(doc, page, b"MediaBox") else {
        return a4;
    };
    let obj = match obj {
        Object::Reference(id) => doc.get_object(id).ok().cloned().unwrap_or(obj),
        o => o,
    };
    let Ok(arr) = obj.as_array() else {
        return a4;
    };
    let vals: Vec<f32> = arr
        .iter()
        .filter_map(|o| {
            o.as_float()
                .ok()
                .or_else(|| o.as_i64().ok().map(|i| i as f32))
        })
        .collect();
    match vals.as_slice() {
        [a, b, c, d] if c > a && d > b => [*a, *b, *c, *d],
        _ => a4,
    }
}

/// The booklet made from a finished PDF's bytes.
pub fn booklet(pdf: &[u8], options: BookletOptions) -> Result<Vec<u8>, BookletError> {
    let mut doc = Document::load_mem(pdf).map_err(|e| BookletError::Read(e.to_string()))?;
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    if pages.is_empty() {
        return Err(BookletError::NoPages);
    }
    let boxes: Vec<[f32; 4]> = pages.iter().map(|&p| media_box(&doc, p)).collect();
    // The sheet: two of the first page side by side (A4 pages make A3 landscape).
    let [x0, y0, x1, y1] = boxes[0];
    let (page_w, page_h) = (x1 - x0, y1 - y0);

    // Each page becomes a form XObject holding its content and resources.
    let mut forms: Vec<ObjectId> = Vec::with_capacity(pages.len());
    for (&page, bbox) in pages.iter().zip(&boxes) {
        let content = doc.get_page_content(page);
        let resources =
            inherited(&doc, page, b"Resources").unwrap_or(Object::Dictionary(dictionary! {}));
        let dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "FormType" => 1,
            "BBox" => bbox.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
            "Resources" => resources,
        };
        let mut stream = Stream::new(dict, content);
        // Compressed like every stream of our PDFs (a failure leaves it plain, still valid).
        let _ = stream.compress();
        forms.push(doc.add_object(stream));
    }

    let order = padded_order(pages.len(), options.distribution_page);
    let n = order.len();
    let margin = if options.crop_marks {
        mm(MARK_MARGIN_MM)
    } else {
        0.0
    };
    let sheet_w = 2.0 * page_w + 2.0 * margin;
    let sheet_h = page_h + 2.0 * margin;
    let root_pages = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| BookletError::Read(e.to_string()))?;

    let mut kids: Vec<Object> = Vec::with_capacity(n / 2);
    for (left, right) in imposition(n) {
        let mut xobjects = lopdf::Dictionary::new();
        let mut ops = String::new();
        for (slot, position) in [(0, left), (1, right)] {
            let Some(Some(index)) = order.get(position - 1) else {
                continue; // a blank page
            };
            let name = format!("P{}", index + 1);
            xobjects.set(name.as_bytes(), Object::Reference(forms[*index]));
            let [bx0, by0, bx1, by1] = boxes[*index];
            // Each page centred in its half (pages of another size than the first).
            let dx = margin + slot as f32 * page_w + (page_w - (bx1 - bx0)) / 2.0 - bx0;
            let dy = margin + (page_h - (by1 - by0)) / 2.0 - by0;
            ops.push_str(&format!(
                "q 1 0 0 1 {} {} cm /{name} Do Q\n",
                num(dx),
                num(dy)
            ));
        }
        if options.crop_marks {
            ops.push_str(&crop_marks(margin, page_w, page_h));
        }
        let content = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
        let trim = vec![
            Object::Real(margin),
            Object::Real(margin),
            Object::Real(margin + 2.0 * page_w),
            Object::Real(margin + page_h),
        ];
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => Object::Reference(root_pages),
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(sheet_w), Object::Real(sheet_h)],
            "TrimBox" => trim,
            "Resources" => dictionary! { "XObject" => xobjects },
            "Contents" => Object::Reference(content),
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    let tree = doc
        .get_dictionary_mut(root_pages)
        .map_err(|e| BookletError::Read(e.to_string()))?;
    tree.set("Kids", kids);
    tree.set("Count", count);
    // The old pages' size must not be inherited by the sheets.
    tree.remove(b"MediaBox");
    // Outlines and named destinations would point at the old pages.
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.remove(b"Outlines");
        catalog.remove(b"Dests");
        catalog.remove(b"OpenAction");
    }
    doc.prune_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| BookletError::Write(e.to_string()))?;
    Ok(out)
}

/// Crop marks at the four corners of the trim and fold marks at the spine (top and
/// bottom), in registration black, hairline.
fn crop_marks(margin: f32, page_w: f32, page_h: f32) -> String {
    let len = mm(MARK_LENGTH_MM);
    let off = mm(MARK_OFFSET_MM);
    let (left, right) = (margin, margin + 2.0 * page_w);
    let (bottom, top) = (margin, margin + page_h);
    let mut s = String::from("q 0.25 w 0 0 0 1 K\n");
    let mut line = |x0: f32, y0: f32, x1: f32, y1: f32| {
        s.push_str(&format!(
            "{} {} m {} {} l S\n",
            num(x0),
            num(y0),
            num(x1),
            num(y1)
        ));
    };
    for &(x, dir_x) in &[(left, -1.0f32), (right, 1.0)] {
        for &(y, dir_y) in &[(bottom, -1.0f32), (top, 1.0)] {
            // Horizontal mark in line with the trim's edge, vertical likewise.
            line(x + dir_x * off, y, x + dir_x * (off + len), y);
            line(x, y + dir_y * off, x, y + dir_y * (off + len));
        }
    }
    let spine = margin + page_w;
    line(spine, top + off, spine, top + off + len);
    line(spine, bottom - off, spine, bottom - off - len);
    s.push_str("Q\n");
    s
}

#[cfg(test)]
mod tests;
