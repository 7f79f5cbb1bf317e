//! Pictures for page images, decoded once and kept: drawing a page again after a
//! keystroke, or the next page with the same picture, finds it ready at the size the
//! page needs. A photo is kept at no more than twice the largest size asked for (not
//! at the camera's 24 megapixels), and at each size it is drawn at, scaled with a
//! proper filter: tiny-skia's sampling alone would alias a photo reduced tenfold.

use crate::layout::PlacedPicture;
use crate::model::PictureId;
use std::collections::HashMap;
use tiny_skia::{IntSize, Pixmap};

/// Decoded pictures kept at most (bytes); past it the least recently used go.
const DECODED_BYTES: usize = 192 << 20;
/// Pictures at drawing size kept at most (bytes): a zoom's worth of pages and the last.
const SCALED_BYTES: usize = 96 << 20;

/// A picture as decoded, reduced to what the pages asked for so far.
struct Decoded {
    /// `None`: the bytes could not be decoded (layout has warned; the box stays empty).
    pixels: Option<image::RgbaImage>,
    /// The file's own pixel size: a picture kept at it cannot be made sharper.
    full: (u32, u32),
    last_used: u64,
}

/// The decoded pictures of one drawing thread and their copies at drawing size.
#[derive(Default)]
pub struct Pictures {
    decoded: HashMap<PictureId, Decoded>,
    scaled: HashMap<(PictureId, u32, u32), (Pixmap, u64)>,
    /// Pictures drawn so far, the clock for dropping the least recently used.
    clock: u64,
    /// Times a picture file was decoded (tests check that drawing again does not).
    decodes: usize,
}

impl Pictures {
    /// An empty cache.
    pub fn new() -> Pictures {
        Pictures::default()
    }

    /// How many times a picture file has been decoded.
    pub fn decodes(&self) -> usize {
        self.decodes
    }

    /// The picture at exactly `w` × `h` pixels, premultiplied as tiny-skia draws it;
    /// `None` when it cannot be decoded (or the size is empty).
    pub fn at_size(&mut self, picture: &PlacedPicture, w: u32, h: u32) -> Option<&Pixmap> {
        if w == 0 || h == 0 || picture.bytes.is_empty() {
            return None;
        }
        self.clock += 1;
        let now = self.clock;
        let key = (picture.picture.clone(), w, h);
        if !self.scaled.contains_key(&key) {
            let pixmap = self.scale(picture, w, h)?;
            self.scaled.insert(key.clone(), (pixmap, now));
            trim(
                &mut self.scaled,
                SCALED_BYTES,
                |(p, _)| p.data().len(),
                |(_, t)| *t,
            );
        }
        let (pixmap, used) = self.scaled.get_mut(&key)?;
        *used = now;
        Some(pixmap)
    }

    /// Scales the decoded picture to `w` × `h`, decoding it first if no copy kept is
    /// large enough.
    fn scale(&mut self, picture: &PlacedPicture, w: u32, h: u32) -> Option<Pixmap> {
        let now = self.clock;
        let enough = |d: &Decoded| match &d.pixels {
            None => true,
            Some(p) => (p.width() >= w && p.height() >= h) || p.dimensions() == d.full,
        };
        if !self.decoded.get(&picture.picture).is_some_and(enough) {
            self.decodes += 1;
            let decoded = decode(&picture.bytes, w, h, now);
            self.decoded.insert(picture.picture.clone(), decoded);
            trim(
                &mut self.decoded,
                DECODED_BYTES,
                |d| d.pixels.as_ref().map_or(0, |p| p.as_raw().len()),
                |d| d.last_used,
            );
        }
        let decoded = self.decoded.get_mut(&picture.picture)?;
        decoded.last_used = now;
        let source = decoded.pixels.as_ref()?;
        let sized = if source.dimensions() == (w, h) {
            source.clone()
        } else {
            image::imageops::resize(source, w, h, image::imageops::FilterType::CatmullRom)
        };
        premultiplied(sized)
    }
}

/// Decodes a picture and keeps it at twice `w` × `h` at most (zooming in a step
/// needs no second decoding), or whole when it is smaller.
fn decode(bytes: &[u8], w: u32, h: u32, now: u64) -> Decoded {
    let Ok(img) = image::load_from_memory(bytes) else {
        return Decoded {
            pixels: None,
            full: (0, 0),
            last_used: now,
        };
    };
    let full = (img.width(), img.height());
    // Both sides by one factor, so the picture keeps its proportions.
    let factor = (2.0 * w as f32 / full.0.max(1) as f32).max(2.0 * h as f32 / full.1.max(1) as f32);
    let pixels = if factor < 1.0 {
        // A fast reduction to twice the size; the exact size is then made with a
        // finer filter from this.
        let keep = |side: u32| ((side as f32 * factor).round() as u32).max(1);
        img.thumbnail_exact(keep(full.0), keep(full.1)).to_rgba8()
    } else {
        img.to_rgba8()
    };
    Decoded {
        pixels: Some(pixels),
        full,
        last_used: now,
    }
}

/// Plain RGBA as tiny-skia's premultiplied pixmap.
fn premultiplied(img: image::RgbaImage) -> Option<Pixmap> {
    let size = IntSize::from_wh(img.width(), img.height())?;
    let mut data = img.into_raw();
    for px in data.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a < 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * a + 127) / 255) as u8;
            }
        }
    }
    Pixmap::from_vec(data, size)
}

/// Drops the least recently used entries until the rest fit in `budget` bytes (the
/// newest entry always stays).
fn trim<K: Clone + Eq + std::hash::Hash, V>(
    map: &mut HashMap<K, V>,
    budget: usize,
    bytes: impl Fn(&V) -> usize,
    used: impl Fn(&V) -> u64,
) {
    let mut total: usize = map.values().map(&bytes).sum();
    if total <= budget {
        return;
    }
    let mut by_age: Vec<(u64, K, usize)> = map
        .iter()
        .map(|(k, v)| (used(v), k.clone(), bytes(v)))
        .collect();
    by_age.sort_unstable_by_key(|e| e.0);
    for (_, key, size) in by_age.into_iter().take(map.len().saturating_sub(1)) {
        if total <= budget {
            break;
        }
        map.remove(&key);
        total -= size;
    }
}

#[cfg(test)]
mod tests;
