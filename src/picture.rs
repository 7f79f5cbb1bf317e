//! What a picture file is, read from its header: format, pixel size, colour components
//! and the density it was saved with. The model, layout, the PDF writer and the preview
//! all need these facts; none of them should decode a whole photo to learn them, and
//! none of them should know how the others decode. This module sits below all of them.
//!
//! Only JPEG and PNG are accepted: they are what cameras, phones, Word and WeChat give
//! an editor, and what a PDF can carry as it is (JPEG) or losslessly (PNG).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The picture formats an issue can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PictureFormat {
    Jpeg,
    Png,
}

impl PictureFormat {
    /// The usual file extension, for entries in the issue file and exported copies.
    pub fn extension(self) -> &'static str {
        match self {
            PictureFormat::Jpeg => "jpg",
            PictureFormat::Png => "png",
        }
    }

    /// The media type, for HTML and Word exports.
    pub fn mime(self) -> &'static str {
        match self {
            PictureFormat::Jpeg => "image/jpeg",
            PictureFormat::Png => "image/png",
        }
    }
}

/// The facts of a picture file that layout and the writers need before (or instead of)
/// decoding it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PictureInfo {
    pub format: PictureFormat,
    pub width_px: u32,
    pub height_px: u32,
    /// Colour components of the stored pixels: 1 (grey), 3 (RGB/YCbCr) or 4 (CMYK for a
    /// JPEG; RGB with alpha for a PNG). A CMYK JPEG goes into a PDF as DeviceCMYK.
    pub components: u8,
    /// A PNG with transparency (an alpha channel or a tRNS chunk): the PDF needs a mask.
    #[serde(default)]
    pub has_alpha: bool,
    /// Pixels per inch (horizontal, vertical) when the file states them; many phone
    /// photos state 72 whatever their size, so this is a hint, not the printed size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub density: Option<[f32; 2]>,
}

impl PictureInfo {
    /// Height over width, for keeping the aspect when the picture is scaled.
    pub fn aspect(&self) -> f32 {
        if self.width_px == 0 {
            1.0
        } else {
            self.height_px as f32 / self.width_px as f32
        }
    }

    /// Resolution (pixels per inch) when printed `width_pt` points wide.
    pub fn dpi_at(&self, width_pt: f32) -> f32 {
        if width_pt <= 0.0 {
            return f32::INFINITY;
        }
        self.width_px as f32 / (width_pt / 72.0)
    }
}

/// Why bytes are not a picture jianbao can place.
#[derive(Debug, Clone, PartialEq)]
pub enum PictureError {
    /// No bytes at all.
    Empty,
    /// A picture format jianbao does not place (GIF, WebP, BMP, TIFF, HEIC, SVG …), or
    /// something that is no picture at all.
    Unsupported { what: &'static str },
    /// A JPEG or PNG whose header cannot be read.
    Damaged {
        format: PictureFormat,
        reason: String,
    },
    /// A JPEG or PNG that stops before its end (a download or copy cut short).
    Truncated { format: PictureFormat },
}

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PictureError::Empty => write!(f, "the file is empty"),
            PictureError::Unsupported { what } => write!(
                f,
                "{what}: only JPEG and PNG pictures can be placed (save it as JPEG or PNG)"
            ),
            PictureError::Damaged { format, reason } => {
                write!(f, "a damaged {} file: {reason}", en_name(*format))
            }
            PictureError::Truncated { format } => write!(
                f,
                "the {} file stops before its end (cut off while copying or downloading?)",
                en_name(*format)
            ),
        }
    }
}

impl std::error::Error for PictureError {}

impl PictureError {
    /// The same in Chinese, for the editor.
    pub fn chinese(&self) -> String {
        match self {
            PictureError::Empty => "文件是空的".to_string(),
            PictureError::Unsupported { what } => {
                format!(
                    "{}：只能放 JPEG 和 PNG 图片（请另存为 JPEG 或 PNG）",
                    zh_what(what)
                )
            }
            PictureError::Damaged { format, reason } => {
                format!("{} 文件已损坏：{reason}", en_name(*format))
            }
            PictureError::Truncated { format } => format!(
                "{} 文件不完整，缺了结尾（复制或下载时中断了？）",
                en_name(*format)
            ),
        }
    }
}

fn en_name(format: PictureFormat) -> &'static str {
    match format {
        PictureFormat::Jpeg => "JPEG",
        PictureFormat::Png => "PNG",
    }
}

fn zh_what(what: &str) -> String {
    match what {
        "not a picture" => "不是图片".to_string(),
        other => other.replace(" picture", " 图片"),
    }
}

/// Reads a picture's header: format, size, components, density. Fast (no pixels are
/// decoded) but thorough enough to refuse what would fail later: other formats by their
/// signature, damaged headers, and files cut short (a JPEG without its end marker after
/// the image data, a PNG without its IEND chunk).
pub fn probe(bytes: &[u8]) -> Result<PictureInfo, PictureError> {
    if bytes.is_empty() {
        return Err(PictureError::Empty);
    }
    let format = match sniff(bytes) {
        Ok(format) => format,
        Err(what) => return Err(PictureError::Unsupported { what }),
    };
    let (width_px, height_px) = dimensions(bytes, format)?;
    if width_px == 0 || height_px == 0 {
        return Err(PictureError::Damaged {
            format,
            reason: format!("its size is {width_px} × {height_px} pixels"),
        });
    }
    let mut info = PictureInfo {
        format,
        width_px,
        height_px,
        components: 3,
        has_alpha: false,
        density: None,
    };
    match format {
        PictureFormat::Jpeg => jpeg_details(bytes, &mut info)?,
        PictureFormat::Png => png_details(bytes, &mut info)?,
    }
    Ok(info)
}

/// The format by signature, or what the bytes are instead.
fn sniff(bytes: &[u8]) -> Result<PictureFormat, &'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    if starts(b"\xFF\xD8\xFF") {
        return Ok(PictureFormat::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(PictureFormat::Png);
    }
    let head = &bytes[..bytes.len().min(256)];
    let has = |s: &[u8]| head.windows(s.len()).any(|w| w.eq_ignore_ascii_case(s));
    Err(if starts(b"GIF87a") || starts(b"GIF89a") {
        "a GIF picture"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "a WebP picture"
    } else if starts(b"BM") {
        "a BMP picture"
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        "a TIFF picture"
    } else if bytes.get(4..8) == Some(b"ftyp") {
        "a HEIC/AVIF picture"
    } else if has(b"<svg") {
        "an SVG picture"
    } else {
        "not a picture"
    })
}

fn dimensions(bytes: &[u8], format: PictureFormat) -> Result<(u32, u32), PictureError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes));
    reader.set_format(match format {
        PictureFormat::Jpeg => image::ImageFormat::Jpeg,
        PictureFormat::Png => image::ImageFormat::Png,
    });
    reader.into_dimensions().map_err(|e| damaged(format, &e))
}

fn damaged(format: PictureFormat, e: &image::ImageError) -> PictureError {
    match e {
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PictureError::Truncated { format }
        }
        other => PictureError::Damaged {
            format,
            reason: crate::quote::message(&other.to_string()),
        },
    }
}

/// Components from the frame header, density from JFIF, and the end marker after the
/// first scan. Markers are walked by their lengths, so data inside them (an EXIF
/// thumbnail with its own end marker) is never mistaken for the image's.
fn jpeg_details(bytes: &[u8], info: &mut PictureInfo) -> Result<(), PictureError> {
    let format = PictureFormat::Jpeg;
    let cut = PictureError::Truncated { format };
    let mut at = 2;
    let mut components = None;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(match bytes.get(at) {
                None => cut,
                Some(_) => PictureError::Damaged {
                    format,
                    reason: format!("no marker at byte {at}"),
                },
            });
        };
        at += 2;
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            continue;
        }
        let len = match bytes.get(at..at + 2) {
            Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
            None => return Err(cut),
        };
        let Some(segment) = bytes.get(at + 2..at + len.max(2)) else {
            return Err(cut);
        };
        match marker {
            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                components = segment.get(5).copied();
            }
            0xE0 if segment.starts_with(b"JFIF\0") && segment.len() >= 12 => {
                let units = segment[7];
                let x = f32::from(u16::from_be_bytes([segment[8], segment[9]]));
                let y = f32::from(u16::from_be_bytes([segment[10], segment[11]]));
                // Units 1: per inch, 2: per centimetre; 0 is an aspect ratio only.
                let per_inch = match units {
                    1 => Some(1.0),
                    2 => Some(2.54),
                    _ => None,
                };
                if let Some(k) = per_inch.filter(|_| x > 0.0 && y > 0.0) {
                    info.density = Some([x * k, y * k]);
                }
            }
            0xDA => {
                // The first scan: entropy-coded data follows, in which 0xFF is always
                // stuffed, so an end marker after here is the image's own.
                let data = &bytes[at + len.max(2)..];
                if !data.windows(2).any(|w| w == [0xFF, 0xD9]) {
                    return Err(cut);
                }
                break;
            }
            _ => {}
        }
        at += len;
    }
    match components {
        Some(n @ (1 | 3 | 4)) => {
            info.components = n;
            Ok(())
        }
        Some(n) => Err(PictureError::Damaged {
            format,
            reason: format!("{n} colour components (1, 3 or 4 expected)"),
        }),
        None => Err(PictureError::Damaged {
            format,
            reason: "no frame header before the image data".to_string(),
        }),
    }
}

/// Colour type and transparency from IHDR and tRNS, density from pHYs, and the IEND
/// chunk at the end. Chunks are walked by their lengths, CRCs are left to the decoder.
fn png_details(bytes: &[u8], info: &mut PictureInfo) -> Result<(), PictureError> {
    let format = PictureFormat::Png;
    let mut at = 8;
    loop {
        let Some(head) = bytes.get(at..at + 8) else {
            return Err(PictureError::Truncated { format });
        };
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        // The chunk's data and its 4-byte CRC must both be there.
        let Some(data) = bytes
            .get(at + 8..(at + 12).saturating_add(len))
            .and_then(|d| d.get(..len))
        else {
            return Err(PictureError::Truncated { format });
        };
        match kind {
            b"IHDR" if data.len() >= 13 => {
                let (components, alpha) = match data[9] {
                    0 => (1, false),
                    2 => (3, false),
                    3 => (3, false),
                    4 => (2, true),
                    6 => (4, true),
                    other => {
                        return Err(PictureError::Damaged {
                            format,
                            reason: format!("unknown colour type {other}"),
                        })
                    }
                };
                info.components = components;
                info.has_alpha = alpha;
            }
            b"tRNS" => info.has_alpha = true,
            b"pHYs" if data.len() >= 9 && data[8] == 1 => {
                let x = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as f32;
                let y = u32::from_be_bytes([data[4], data[5], data[6], data[7]]) as f32;
                if x > 0.0 && y > 0.0 {
                    // Pixels per metre.
                    info.density = Some([x * 0.0254, y * 0.0254]);
                }
            }
            b"IEND" => return Ok(()),
            _ => {}
        }
        at = at + 12 + len;
    }
}

/// Test pictures made with the `image` crate's encoders, so tests need no binary files.
#[cfg(test)]
pub mod samples {
    /// A JPEG of `w` × `h` pixels with a gradient (so it is not trivially small).
    pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, ((x + y) * 3) as u8])
        });
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        img.write_with_encoder(enc).expect("encoding to memory");
        out
    }

    /// A greyscale JPEG.
    pub fn jpeg_grey(w: u32, h: u32) -> Vec<u8> {
        let img = image::GrayImage::from_fn(w, h, |x, y| image::Luma([((x + y) % 256) as u8]));
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
        img.write_with_encoder(enc).expect("encoding to memory");
        out
    }

    /// An RGBA PNG of `w` × `h` pixels.
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 200])
        });
        let mut out = Vec::new();
        let enc = image::codecs::png::PngEncoder::new(&mut out);
        img.write_with_encoder(enc).expect("encoding to memory");
        out
    }

    /// An RGB PNG with a pHYs chunk stating `dpi`.
    pub fn png_with_dpi(w: u32, h: u32, dpi: f32) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, w, h);
            enc.set_color(png::ColorType::Rgb);
            enc.set_pixel_dims(Some(png::PixelDimensions {
                xppu: (dpi / 0.0254).round() as u32,
                yppu: (dpi / 0.0254).round() as u32,
                unit: png::Unit::Meter,
            }));
            let mut writer = enc.write_header().expect("encoding to memory");
            let data = vec![128u8; (w * h * 3) as usize];
            writer.write_image_data(&data).expect("encoding to memory");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpegs_and_pngs_are_probed_from_their_headers() {
        let info = probe(&samples::jpeg(640, 480)).unwrap();
        assert_eq!(info.format, PictureFormat::Jpeg);
        assert_eq!((info.width_px, info.height_px), (640, 480));
        assert_eq!(info.components, 3);
        assert!(!info.has_alpha);
        assert!((info.aspect() - 0.75).abs() < 1e-6);
        let grey = probe(&samples::jpeg_grey(33, 65)).unwrap();
        assert_eq!(
            (grey.width_px, grey.height_px, grey.components),
            (33, 65, 1)
        );
        let png = probe(&samples::png(300, 200)).unwrap();
        assert_eq!(png.format, PictureFormat::Png);
        assert_eq!((png.width_px, png.height_px), (300, 200));
        assert_eq!(png.components, 4);
        assert!(png.has_alpha);
        let dense = probe(&samples::png_with_dpi(20, 10, 300.0)).unwrap();
        let [x, y] = dense.density.unwrap();
        assert!(
            (x - 300.0).abs() < 0.5 && (y - 300.0).abs() < 0.5,
            "{x} {y}"
        );
        assert!(!dense.has_alpha);
        // 600 px printed 2 inches wide is 300 dpi.
        assert!((info.dpi_at(144.0) - 320.0).abs() < 0.01);
    }

    #[test]
    fn jfif_density_is_read_in_pixels_per_inch() {
        let mut jpeg = samples::jpeg(16, 16);
        // The encoder writes JFIF APP0 right after SOI: set 1 unit = dpi, 200 × 100.
        assert_eq!(&jpeg[6..11], b"JFIF\0");
        jpeg[13] = 1;
        jpeg[14..16].copy_from_slice(&200u16.to_be_bytes());
        jpeg[16..18].copy_from_slice(&100u16.to_be_bytes());
        assert_eq!(probe(&jpeg).unwrap().density, Some([200.0, 100.0]));
        jpeg[13] = 2; // per centimetre
        let [x, _] = probe(&jpeg).unwrap().density.unwrap();
        assert!((x - 508.0).abs() < 0.01, "{x}");
    }

    #[test]
    fn other_formats_garbage_and_cut_files_are_refused_by_name() {
        assert_eq!(probe(b""), Err(PictureError::Empty));
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        let e = probe(gif).unwrap_err();
        assert!(e.to_string().contains("GIF"), "{e}");
        assert!(
            e.chinese().contains("GIF") && e.chinese().contains("JPEG"),
            "{}",
            e.chinese()
        );
        let e = probe(b"hello, this is text").unwrap_err();
        assert_eq!(
            e,
            PictureError::Unsupported {
                what: "not a picture"
            }
        );
        assert!(e.chinese().contains("不是图片"), "{}", e.chinese());
        let webp = b"RIFF\x10\x00\x00\x00WEBPVP8 ";
        assert!(probe(webp).unwrap_err().to_string().contains("WebP"));

        let jpeg = samples::jpeg(200, 100);
        for keep in [jpeg.len() - 2, jpeg.len() / 2, 40, 4] {
            let e = probe(&jpeg[..keep]).unwrap_err();
            assert!(
                matches!(
                    e,
                    PictureError::Truncated { .. } | PictureError::Damaged { .. }
                ),
                "{keep}: {e}"
            );
        }
        assert!(matches!(
            probe(&jpeg[..jpeg.len() - 2]),
            Err(PictureError::Truncated {
                format: PictureFormat::Jpeg
            })
        ));
        let png = samples::png(50, 50);
        for keep in [png.len() - 1, png.len() / 2, 20, 9] {
            let e = probe(&png[..keep]).unwrap_err();
            assert!(
                matches!(
                    e,
                    PictureError::Truncated { .. } | PictureError::Damaged { .. }
                ),
                "{keep}: {e}"
            );
            assert!(!e.chinese().is_empty());
        }
        // A JPEG header with its frame size scrambled.
        let mut bad = jpeg.clone();
        let sof = bad.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        bad[sof + 5..sof + 9].fill(0);
        assert!(probe(&bad).is_err());
        // Random bytes behind a JPEG signature.
        let mut noise = vec![0xFF, 0xD8, 0xFF];
        noise.extend((0..500u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert!(probe(&noise).is_err());
    }
}
