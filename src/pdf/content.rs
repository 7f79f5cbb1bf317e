//! Page content streams, written directly (ISO 32000-1 §8–9): the pictures, the rules,
//! then all text in one BT … ET, each printed line as one positioned run of glyph ids. printpdf's
//! operator pipeline spent most of a long export formatting floats and allocating one
//! object per glyph; this writes the same operators straight into the stream's bytes.

use super::images::Written;
use super::text::{joined_runs, pieces, Piece};
use super::PageFont;
use crate::fonts::{FontBook, FontId};
use crate::layout::{Item, Page};
use std::collections::BTreeMap;

/// The largest magnitude written as a number: the limit on reals that PDF 1.x readers
/// are guaranteed to take (PDF Reference 1.7, appendix C). A page is at most 14,400 units.
pub(super) const MAX_PDF_REAL: f32 = 32_767.0;

/// The page content as it is written, with the first number that could not be written.
struct Out {
    bytes: Vec<u8>,
    /// A non-finite or out-of-range number met on the way (written as 0, never shipped).
    bad: Option<f32>,
}

impl std::ops::Deref for Out {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.bytes
    }
}

impl std::ops::DerefMut for Out {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }
}

impl Out {
    /// Writes a number after the final check every number in the stream passes: a
    /// NaN, an infinity or a value beyond [`MAX_PDF_REAL`] (from a style or a layout
    /// bug) is recorded, so the page is refused instead of written as garbage.
    fn num(&mut self, v: f32, decimals: u32) {
        if v.is_finite() && v.abs() <= MAX_PDF_REAL {
            fixed(&mut self.bytes, v, decimals);
        } else {
            self.bad.get_or_insert(v);
            self.bytes.push(b'0');
        }
    }
}

/// The content stream of one page, uncompressed; `Err` carries a number that cannot
/// be written into a PDF.
pub(super) fn page(
    page: &Page,
    fonts: &BTreeMap<FontId, PageFont>,
    pictures: &Written,
    book: &FontBook,
) -> Result<Vec<u8>, f32> {
    let h = page.height;
    let mut out = Out {
        bytes: Vec::with_capacity(4096 + page.items.len() * 32),
        bad: None,
    };
    // Pictures first, rules and text over them.
    pictures_and_rules(&mut out, page, pictures);
    out.extend_from_slice(b"BT\n");
    let mut fill: Option<[f32; 4]> = None;
    let mut font: Option<(FontId, f32)> = None;
    let joined = joined_runs(page);
    // Buffers every run of the page reuses: each glyph's advance in points (read from
    // the font once per glyph, not once for its box and again for its offset) and
    // the run's pieces.
    let mut advances: Vec<f32> = Vec::new();
    let mut cut: Vec<Piece> = Vec::new();
    for run in &joined {
        let Some(font_use) = fonts.get(&run.font) else {
            continue;
        };
        let Some(first) = run.glyphs.first() else {
            continue;
        };
        let face = book.face(run.font);
        if fill != Some(run.ink.cmyk) {
            cmyk(&mut out, run.ink.cmyk);
            out.extend_from_slice(b" k\n");
            fill = Some(run.ink.cmyk);
        }
        if font != Some((run.font, run.size)) {
            out.push(b'/');
            out.extend_from_slice(font_use.resource.as_bytes());
            out.push(b' ');
            out.num(run.size, 3);
            out.extend_from_slice(b" Tf\n");
            font = Some((run.font, run.size));
        }
        out.extend_from_slice(b"1 0 0 1 ");
        point(&mut out, first.x, h - run.y);
        out.extend_from_slice(b" Tm\n");
        advances.clear();
        advances.extend(run.glyphs.iter().map(|g| face.advance_em(g.id) * run.size));
        let reads_alone = |k: usize| font_use.glyphs.reads_alone(run.glyphs[k].id);
        let extent = |k: usize| (run.glyphs[k].x, run.glyphs[k].x + advances[k]);
        pieces(run, reads_alone, extent, &mut cut);
        for piece in cut.drain(..) {
            let range = piece.glyphs;
            if let Some(text) = &piece.actual_text {
                // Say what the glyphs read as, so extraction neither splits the line
                // at a squeezed mark nor takes a glyph's text from another place.
                out.extend_from_slice(b"/Span <</ActualText <FEFF");
                for unit in text.encode_utf16() {
                    hex4(&mut out, unit);
                }
                out.extend_from_slice(b">>> BDC\n");
            }
            out.push(b'[');
            for k in range {
                let g = &run.glyphs[k];
                out.push(b'<');
                hex4(&mut out, font_use.subset.code(g.id));
                out.push(b'>');
                // After each glyph the pen moves by its advance; the TJ offset moves it
                // to where layout put the next glyph (thousandths of an em, positive =
                // left).
                if let Some(next) = run.glyphs.get(k + 1) {
                    let offset = -(next.x - g.x - advances[k]) / run.size * 1000.0;
                    if offset.is_finite() && offset.abs() > MAX_PDF_REAL {
                        // A gap too wide for a TJ offset (small type, far apart):
                        // the next glyph is placed afresh instead.
                        out.extend_from_slice(b"] TJ\n1 0 0 1 ");
                        point(&mut out, next.x, h - run.y);
                        out.extend_from_slice(b" Tm\n[");
                    } else if offset.is_nan() || offset.abs() >= 0.005 {
                        out.num(offset, 2);
                    }
                }
            }
            out.extend_from_slice(b"] TJ\n");
            if piece.actual_text.is_some() {
                out.extend_from_slice(b"EMC\n");
            }
        }
    }
    out.extend_from_slice(b"ET\n");
    match out.bad {
        Some(v) => Err(v),
        None => Ok(out.bytes),
    }
}

/// The page's pictures, then its rules: drawn before the text so text lies over them.
/// Each picture is scaled from its unit square to its box (ISO 32000-1 §8.9.5), the
/// box's top measured down from the page's top.
fn pictures_and_rules(out: &mut Out, page: &Page, pictures: &Written) {
    let h = page.height;
    for item in &page.items {
        if let Item::Picture(p) = item {
            let Some(name) = pictures.name(&p.picture) else {
                continue;
            };
            let [left, top, width, height] = p.rect;
            out.extend_from_slice(b"q ");
            out.num(width, 3);
            out.extend_from_slice(b" 0 0 ");
            out.num(height, 3);
            out.push(b' ');
            point(out, left, h - top - height);
            out.extend_from_slice(b" cm /");
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b" Do Q\n");
        }
    }
    for item in &page.items {
        if let Item::Rule(r) = item {
            cmyk(out, r.ink.cmyk);
            out.extend_from_slice(b" K ");
            out.num(r.thickness, 3);
            out.extend_from_slice(b" w ");
            point(out, r.x0, h - r.y);
            out.extend_from_slice(b" m ");
            point(out, r.x1, h - r.y);
            out.extend_from_slice(b" l S\n");
        }
    }
}

fn cmyk(out: &mut Out, c: [f32; 4]) {
    for (k, v) in c.into_iter().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        out.num(v, 3);
    }
}

fn point(out: &mut Out, x: f32, y: f32) {
    out.num(x, 3);
    out.push(b' ');
    out.num(y, 3);
}

/// Four upper-case hex digits.
fn hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 15)],
        HEX[usize::from((v >> 4) & 15)],
        HEX[usize::from(v & 15)],
    ]);
}

/// A PDF real with at most `decimals` digits after the point (trailing zeros dropped):
/// 1/1000 pt is far below what a printer can show.
fn fixed(out: &mut Vec<u8>, v: f32, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let mut n = (f64::from(v) * scale as f64).round() as i64;
    if n < 0 {
        out.push(b'-');
        n = -n;
    }
    integer(out, n / scale);
    let mut frac = n % scale;
    if frac != 0 {
        out.push(b'.');
        let mut digits = decimals;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut buf = [b'0'; 8];
        for d in (0..digits as usize).rev() {
            buf[d] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..digits as usize]);
    }
}

fn integer(out: &mut Vec<u8>, mut n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::{fixed, hex4};

    /// Numbers come out as PDF reals: no exponent, no trailing zeros, "-0" never.
    #[test]
    fn numbers_are_written_as_short_pdf_reals() {
        let show = |v: f32, d: u32| {
            let mut out = Vec::new();
            fixed(&mut out, v, d);
            String::from_utf8(out).unwrap_or_default()
        };
        assert_eq!(show(0.0, 3), "0");
        assert_eq!(show(-0.0001, 3), "0");
        assert_eq!(show(12.5, 3), "12.5");
        assert_eq!(show(841.89, 3), "841.89");
        assert_eq!(show(-1.23456, 2), "-1.23");
        assert_eq!(show(0.05, 3), "0.05");
        assert_eq!(show(1e7, 3), "10000000");
        assert_eq!(show(0.0004, 3), "0");
        assert_eq!(show(0.0006, 3), "0.001");
        let mut out = Vec::new();
        hex4(&mut out, 0x0a3f);
        assert_eq!(out, b"0A3F");
    }
}
