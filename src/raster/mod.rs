//! Page images: the display list drawn on the CPU, for PNG export and the preview.
//!
//! Stages: [`glyphs`] reads glyph outlines by id from the faces layout used (the
//! PDF embeds the same), [`pictures`] decodes pictures once and scales them, [`page`]
//! draws one page's pictures, rules and glyphs into a pixmap at a scale, [`png`] encodes it, [`export`] writes the chosen pages as files. Knows the display list and the fonts only; the
//! PDF writer and egui are strangers here.

mod export;
mod glyphs;
mod page;
mod pictures;
mod png;

pub use export::{check_dpi, file_name, write_pngs, PageRange};
pub use glyphs::{GlyphMask, Outlines};
pub use page::{draw_page, ink_rgb, pixel_size, RasterError, MASKED_UP_TO, MAX_SIDE};
pub use pictures::Pictures;
pub use tiny_skia::Pixmap;

use crate::layout::Page;

/// The lowest resolution page images are made at: below it body text is a grey smear.
pub const MIN_DPI: u32 = 36;
/// The highest: 600 dpi is what a print shop asks of a page image; more only makes the
/// file (an A4 page at 600 dpi is already about 35 megapixels) slower to share.
pub const MAX_DPI: u32 = 600;

/// Pixels per point at a resolution in dots per inch.
pub fn scale_for_dpi(dpi: u32) -> f32 {
    dpi as f32 / 72.0
}

/// One page as PNG bytes at `dpi` (checked by the caller against [`MIN_DPI`]–[`MAX_DPI`]).
pub fn page_png(page: &Page, outlines: &mut Outlines, dpi: u32) -> Result<Vec<u8>, String> {
    let pixmap = draw_page(page, outlines, scale_for_dpi(dpi)).map_err(|e| e.to_string())?;
    png::encode(&pixmap, dpi).map_err(|e| format!("page {}: {e}", page.number))
}

#[cfg(test)]
mod tests;
