//! Pictures as image XObjects (ISO 32000-1 §8.9.5), each written once however often
//! it is drawn.
//!
//! A JPEG goes in as the file's bytes under DCTDecode: no decoding, no generation loss,
//! its colour space (grey, RGB or CMYK) taken from the frame header. A PNG is decoded
//! and its pixels written raw, to be Flate-compressed with the other streams; its alpha
//! becomes a soft mask. A picture with more pixels than its printed size needs at the
//! style's highest resolution is scaled down to it (never up): only then is a JPEG
//! decoded and encoded again.

use crate::layout::{Pages, PlacedPicture};
use crate::model::PictureId;
use image::{DynamicImage, GenericImageView, ImageFormat};
use lopdf::{dictionary, Object, ObjectId, Stream};
use std::collections::{BTreeMap, HashMap};

/// JPEG quality for a picture that had to be scaled down: high enough that the second
/// encoding is not visible in print (the first one already chose the look).
const REENCODE_QUALITY: u8 = 90;

/// The pictures written into the document, by picture: the name each is drawn by.
pub(super) struct Written {
    names: HashMap<PictureId, (String, ObjectId)>,
}

impl Written {
    /// The resource name a picture is drawn by; `None` for a picture that is not in
    /// the document (its bytes are missing or could not be read: layout has warned,
    /// and its box stays empty).
    pub fn name(&self, picture: &PictureId) -> Option<&str> {
        self.names.get(picture).map(|(name, _)| name.as_str())
    }
}

/// Writes each distinct picture of the pages once, as large as its largest placement
/// needs, and returns their names. Pictures are prepared on every core: decoding and
/// scaling a PNG or an over-resolved photo takes far longer than writing a page.
pub(super) fn write_all(doc: &mut lopdf::Document, pages: &Pages, max_dpi: f32) -> Written {
    let mut order: Vec<(&PlacedPicture, (f32, f32))> = Vec::new();
    let mut index: HashMap<&PictureId, usize> = HashMap::new();
    for p in pages.pages.iter().flat_map(|page| page.pictures()) {
        if p.bytes.is_empty() {
            continue;
        }
        let size = (p.rect[2], p.rect[3]);
        match index.get(&p.picture) {
            Some(&k) => {
                let largest = &mut order[k].1;
                *largest = (largest.0.max(size.0), largest.1.max(size.1));
            }
            None => {
                index.insert(&p.picture, order.len());
                order.push((p, size));
            }
        }
    }
    let prepared = prepare(&order, max_dpi);
    let mut names = HashMap::new();
    for (k, ((p, _), streams)) in order.iter().zip(prepared).enumerate() {
        match streams {
            Ok(streams) => {
                let id = streams.add_to(doc);
                names.insert(p.picture.clone(), (format!("Im{}", k + 1), id));
            }
            Err(reason) => log::warn!(
                "picture {} left out of the PDF: {reason}",
                p.picture.short()
            ),
        }
    }
    Written { names }
}

/// The image streams of `pictures`, in their order, made on up to one thread per core.
fn prepare(
    pictures: &[(&PlacedPicture, (f32, f32))],
    max_dpi: f32,
) -> Vec<Result<ImageStreams, String>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pictures.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some((p, printed)) = pictures.get(k) else {
                return done;
            };
            done.push((k, image_streams(&p.bytes, *printed, max_dpi)));
        }
    };
    let mut all: Vec<(usize, Result<ImageStreams, String>)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_by_key(|(k, _)| *k);
    all.into_iter().map(|(_, streams)| streams).collect()
}

/// Names the pictures each page draws in that page's resources (`/XObject`).
pub(super) fn register(
    doc: &mut lopdf::Document,
    pages: &Pages,
    written: &Written,
    resources: &[ObjectId],
) -> Result<(), String> {
    for (page, &id) in pages.pages.iter().zip(resources) {
        let used: BTreeMap<&str, ObjectId> = page
            .pictures()
            .filter_map(|p| written.names.get(&p.picture))
            .map(|(name, object)| (name.as_str(), *object))
            .collect();
        if used.is_empty() {
            continue;
        }
        let mut xobjects = lopdf::Dictionary::new();
        for (name, object) in used {
            xobjects.set(name.as_bytes().to_vec(), Object::Reference(object));
        }
        doc.get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| {
                format!(
                    "page {}'s resources cannot take its pictures: {e}",
                    page.number
                )
            })?
            .set("XObject", xobjects);
    }
    Ok(())
}

/// The kinds of picture the PDF takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Jpeg,
    Png,
}

impl Kind {
    /// The kind from the file's first bytes (its signature), whatever its name says.
    pub fn sniff(bytes: &[u8]) -> Option<Kind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Kind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Kind::Png)
        } else {
            None
        }
    }
}

/// What a JPEG's headers say about how to show its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct JpegHeader {
    pub width: u32,
    pub height: u32,
    /// 1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK.
    pub components: u8,
    /// Bits per sample: PDF's DCTDecode takes 8 only.
    pub precision: u8,
    /// Huffman-coded baseline, extended or progressive, which every reader decodes
    /// (arithmetic-coded and lossless frames are not).
    pub huffman_dct: bool,
    /// An Adobe APP14 marker was found: Photoshop and most tools that write one store
    /// CMYK inverted, and PDF readers expect `/Decode [1 0 1 0 1 0 1 0]` for it.
    pub adobe: bool,
}

/// Reads a JPEG's frame header and Adobe marker (the markers up to the first scan,
/// which must be there); the picture itself is not decoded.
pub(super) fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader, String> {
    let truncated = || "the JPEG file ends inside its headers".to_string();
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("not a JPEG file (no start-of-image marker)".to_string());
    }
    let mut at = 2;
    let mut adobe = false;
    let mut frame: Option<JpegHeader> = None;
    loop {
        // Markers are 0xFF, any number of 0xFF fill bytes, then the code.
        if *bytes.get(at).ok_or_else(truncated)? != 0xFF {
            return Err(format!("the JPEG file is damaged at byte {at}"));
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let code = *bytes.get(at).ok_or_else(truncated)?;
        at += 1;
        match code {
            // Markers without a segment.
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 => return Err("the JPEG file has no picture data".to_string()),
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at).ok_or_else(truncated)?,
            *bytes.get(at + 1).ok_or_else(truncated)?,
        ]));
        let segment = bytes.get(at + 2..at + len.max(2)).ok_or_else(truncated)?;
        match code {
            // The first scan: every header that matters came before it.
            0xDA => {
                let frame = frame.ok_or("the JPEG file has no frame header")?;
                return Ok(JpegHeader { adobe, ..frame });
            }
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            // Start of frame: every SOFn except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(code, 0xC4 | 0xC8 | 0xCC) && frame.is_none() => {
                if segment.len() < 6 {
                    return Err(truncated());
                }
                frame = Some(JpegHeader {
                    precision: segment[0],
                    height: u32::from(u16::from_be_bytes([segment[1], segment[2]])),
                    width: u32::from(u16::from_be_bytes([segment[3], segment[4]])),
                    components: segment[5],
                    huffman_dct: matches!(code, 0xC0..=0xC2),
                    adobe: false,
                });
            }
            _ => {}
        }
        at += len.max(2);
    }
}

/// The pixel size to write a picture of `pixels` printed `printed` points large at
/// no more than `max_dpi`, or `None` when it is already at or below that resolution.
/// Both sides shrink by one factor, so a picture keeps its proportions; a picture is
/// never made larger.
pub(super) fn downsampled_size(
    pixels: (u32, u32),
    printed: (f32, f32),
    max_dpi: f32,
) -> Option<(u32, u32)> {
    let (w, h) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
    let (pw, ph) = (printed.0 / 72.0, printed.1 / 72.0);
    if !(pw > 0.0 && ph > 0.0 && max_dpi.is_finite() && max_dpi > 0.0) {
        return None;
    }
    let dpi = (w / pw).max(h / ph);
    if !dpi.is_finite() {
        return None;
    }
    let factor = max_dpi / dpi;
    let target = (
        (w * factor).round().max(1.0) as u32,
        (h * factor).round().max(1.0) as u32,
    );
    (target.0 < pixels.0 || target.1 < pixels.1)
        .then(|| (target.0.min(pixels.0), target.1.min(pixels.1)))
}

/// A picture ready for the PDF: the image stream and, for a picture with transparent
/// parts, its soft mask (a grey image of the alpha), to be added as objects.
pub(super) struct ImageStreams {
    pub image: Stream,
    pub smask: Option<Stream>,
}

impl ImageStreams {
    /// Adds the streams to the document (the mask first, named by the image) and
    /// returns the image's object id.
    pub fn add_to(self, doc: &mut lopdf::Document) -> lopdf::ObjectId {
        let mut image = self.image;
        if let Some(mask) = self.smask {
            let mask = doc.add_object(mask);
            image.dict.set("SMask", Object::Reference(mask));
        }
        doc.add_object(image)
    }
}

/// The image streams for a picture printed at most `printed` points large (its largest
/// placement), at no more than `max_dpi`.
pub(super) fn image_streams(
    bytes: &[u8],
    printed: (f32, f32),
    max_dpi: f32,
) -> Result<ImageStreams, String> {
    match Kind::sniff(bytes) {
        Some(Kind::Jpeg) => jpeg(bytes, printed, max_dpi),
        Some(Kind::Png) => png(bytes, printed, max_dpi),
        None => Err("the picture is neither a JPEG nor a PNG file".to_string()),
    }
}

fn jpeg(bytes: &[u8], printed: (f32, f32), max_dpi: f32) -> Result<ImageStreams, String> {
    let header = jpeg_header(bytes)?;
    let space = match header.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => {
            return Err(format!(
                "a JPEG with {n} colour components cannot be printed"
            ))
        }
    };
    let readable = header.precision == 8 && header.huffman_dct;
    let pixels = (header.width, header.height);
    if pixels.0 == 0 || pixels.1 == 0 {
        return Err("the JPEG's size is not in its frame header".to_string());
    }
    match downsampled_size(pixels, printed, max_dpi) {
        None if readable => {
            let mut dict = dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(header.width),
                "Height" => i64::from(header.height),
                "ColorSpace" => space,
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            };
            if header.components == 4 && header.adobe {
                dict.set("Decode", decode_inverted(4));
            }
            let mut image = Stream::new(dict, bytes.to_vec());
            image.allows_compression = false;
            Ok(ImageStreams { image, smask: None })
        }
        // Too many pixels, or a coding readers may not take: decoded and encoded again.
        target => {
            let decoded = image::load_from_memory_with_format(bytes, ImageFormat::Jpeg)
                .map_err(|e| format!("the JPEG cannot be decoded: {e}"))?;
            let decoded = match target {
                Some((w, h)) => decoded.resize_exact(w, h, image::imageops::FilterType::Lanczos3),
                None => decoded,
            };
            reencoded_jpeg(&decoded)
        }
    }
}

/// `[1 0 1 0 …]`: each component read inverted.
fn decode_inverted(components: usize) -> Object {
    Object::Array(
        (0..components)
            .flat_map(|_| [Object::Integer(1), Object::Integer(0)])
            .collect(),
    )
}

/// A decoded (and scaled) picture as a new baseline JPEG, grey or RGB.
fn reencoded_jpeg(img: &DynamicImage) -> Result<ImageStreams, String> {
    let grey = matches!(
        img.color(),
        image::ColorType::L8 | image::ColorType::L16 | image::ColorType::La8
    );
    let img = if grey {
        DynamicImage::ImageLuma8(img.to_luma8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut out = Vec::new();
    let (w, h) = img.dimensions();
    // `encode` with the colour type given, as `encode_image` writes grey as YCbCr.
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, REENCODE_QUALITY)
        .encode(img.as_bytes(), w, h, img.color().into())
        .map_err(|e| format!("the scaled picture cannot be encoded: {e}"))?;
    let mut image = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(w),
            "Height" => i64::from(h),
            "ColorSpace" => if grey { "DeviceGray" } else { "DeviceRGB" },
            "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        },
        out,
    );
    image.allows_compression = false;
    Ok(ImageStreams { image, smask: None })
}

fn png(bytes: &[u8], printed: (f32, f32), max_dpi: f32) -> Result<ImageStreams, String> {
    let decoded = image::load_from_memory_with_format(bytes, ImageFormat::Png)
        .map_err(|e| format!("the PNG cannot be decoded: {e}"))?;
    let grey = matches!(
        decoded.color(),
        image::ColorType::L8
            | image::ColorType::L16
            | image::ColorType::La8
            | image::ColorType::La16
    );
    let mut rgba = decoded.to_rgba8();
    let opaque = rgba.pixels().all(|p| p.0[3] == 255);
    drop(decoded);
    if let Some((w, h)) = downsampled_size(rgba.dimensions(), printed, max_dpi) {
        rgba = if opaque {
            image::imageops::resize(&rgba, w, h, image::imageops::FilterType::Lanczos3)
        } else {
            resize_premultiplied(rgba, w, h)
        };
    }
    let (w, h) = rgba.dimensions();
    let area = w as usize * h as usize;
    let mut colour = Vec::with_capacity(area * if grey { 1 } else { 3 });
    let mut alpha = Vec::with_capacity(if opaque { 0 } else { area });
    for p in rgba.pixels() {
        let [r, g, b, a] = p.0;
        if grey {
            colour.push(r);
        } else {
            colour.extend_from_slice(&[r, g, b]);
        }
        if !opaque {
            alpha.push(a);
        }
    }
    let raw = |space: &str, data: Vec<u8>| {
        // No filter yet: `compress::streams` deflates it with the other streams.
        Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(w),
                "Height" => i64::from(h),
                "ColorSpace" => space,
                "BitsPerComponent" => 8,
            },
            data,
        )
    };
    Ok(ImageStreams {
        image: raw(if grey { "DeviceGray" } else { "DeviceRGB" }, colour),
        smask: (!opaque).then(|| raw("DeviceGray", alpha)),
    })
}

/// Scales a picture with transparent parts with its colour weighted by its alpha, so
/// the (often black) colour of invisible pixels does not bleed into the visible edge
/// as a dark fringe.
fn resize_premultiplied(mut rgba: image::RgbaImage, w: u32, h: u32) -> image::RgbaImage {
    for p in rgba.pixels_mut() {
        let a = u16::from(p.0[3]);
        for c in &mut p.0[..3] {
            *c = ((u16::from(*c) * a + 127) / 255) as u8;
        }
    }
    let mut out = image::imageops::resize(&rgba, w, h, image::imageops::FilterType::Lanczos3);
    for p in out.pixels_mut() {
        let a = u16::from(p.0[3]);
        for c in &mut p.0[..3] {
            if let Some(v) = (u16::from(*c) * 255 + a / 2).checked_div(a) {
                *c = v.min(255) as u8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
