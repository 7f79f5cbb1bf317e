//! Pictures turned into image streams: the JPEG passed through byte for byte with the
//! right colour space, the PNG's pixels and alpha, downsampling to the resolution
//! limit and never above it; damaged files refused without a panic.

use super::{downsampled_size, image_streams, jpeg_header, ImageStreams};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use lopdf::Object;

/// A JPEG of `img`, encoded by the `image` crate.
pub(crate) fn jpeg_of(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    // `encode` with the colour type, as `encode_image` writes grey as three components.
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
        .encode(
            img.as_bytes(),
            img.width(),
            img.height(),
            img.color().into(),
        )
        .unwrap();
    out
}

/// A PNG of `img`.
pub(crate) fn png_of(img: &DynamicImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A photo-like RGB picture: a red left half, a blue right half and a gradient.
pub(crate) fn photo(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let g = (y * 255 / h.max(1)) as u8;
        if x < w / 2 {
            Rgb([220, g / 4, 30])
        } else {
            Rgb([20, g / 4, 200])
        }
    })
}

/// The CMYK JPEG with an Adobe marker (as Photoshop and ImageMagick write it): a red
/// left half (0/100/100/0) and a cyan right half, 32 × 16.
pub(crate) const CMYK_JPEG: &[u8] = include_bytes!("../../../tests/pictures/cmyk-red-cyan.jpg");

fn name(o: &Object) -> &[u8] {
    o.as_name().unwrap()
}

fn int(s: &ImageStreams, key: &str) -> i64 {
    s.image.dict.get(key.as_bytes()).unwrap().as_i64().unwrap()
}

/// Printed size in points of `px` pixels at `dpi`.
fn at_dpi(px: (u32, u32), dpi: f32) -> (f32, f32) {
    (px.0 as f32 / dpi * 72.0, px.1 as f32 / dpi * 72.0)
}

#[test]
fn an_rgb_jpeg_goes_in_untouched_as_dctdecode() {
    let bytes = jpeg_of(&DynamicImage::ImageRgb8(photo(120, 80)));
    let s = image_streams(&bytes, at_dpi((120, 80), 150.0), 300.0).unwrap();
    assert_eq!(s.image.content, bytes, "the JPEG's bytes are the stream");
    assert!(!s.image.allows_compression);
    assert_eq!(name(s.image.dict.get(b"Filter").unwrap()), b"DCTDecode");
    assert_eq!(name(s.image.dict.get(b"ColorSpace").unwrap()), b"DeviceRGB");
    assert_eq!((int(&s, "Width"), int(&s, "Height")), (120, 80));
    assert_eq!(int(&s, "BitsPerComponent"), 8);
    assert!(s.image.dict.get(b"Decode").is_err());
    assert!(s.smask.is_none());
}

#[test]
fn a_grey_jpeg_is_devicegray() {
    let grey = DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(photo(40, 30)).to_luma8());
    let bytes = jpeg_of(&grey);
    let header = jpeg_header(&bytes).unwrap();
    assert_eq!(
        (header.components, header.width, header.height),
        (1, 40, 30)
    );
    let s = image_streams(&bytes, at_dpi((40, 30), 72.0), 300.0).unwrap();
    assert_eq!(s.image.content, bytes);
    assert_eq!(
        name(s.image.dict.get(b"ColorSpace").unwrap()),
        b"DeviceGray"
    );
}

#[test]
fn an_adobe_cmyk_jpeg_is_devicecmyk_read_inverted() {
    let header = jpeg_header(CMYK_JPEG).unwrap();
    assert_eq!(header.components, 4);
    assert!(header.adobe);
    let s = image_streams(CMYK_JPEG, at_dpi((32, 16), 100.0), 300.0).unwrap();
    assert_eq!(s.image.content, CMYK_JPEG);
    assert_eq!(
        name(s.image.dict.get(b"ColorSpace").unwrap()),
        b"DeviceCMYK"
    );
    let decode: Vec<i64> = s
        .image
        .dict
        .get(b"Decode")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_i64().unwrap())
        .collect();
    assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);
}

#[test]
fn a_cmyk_jpeg_without_adobe_marker_is_read_as_stored() {
    // The Adobe APP14 segment (right after SOI) renamed to an APP13 the reader ignores.
    let mut bytes = CMYK_JPEG.to_vec();
    assert_eq!(&bytes[2..4], &[0xFF, 0xEE]);
    bytes[3] = 0xED;
    let header = jpeg_header(&bytes).unwrap();
    assert!(!header.adobe);
    let s = image_streams(&bytes, at_dpi((32, 16), 100.0), 300.0).unwrap();
    assert!(s.image.dict.get(b"Decode").is_err());
}

#[test]
fn resolution_limit_halves_a_600_dpi_picture_and_leaves_300_and_below_alone() {
    assert_eq!(
        downsampled_size((2400, 1800), at_dpi((2400, 1800), 600.0), 300.0),
        Some((1200, 900))
    );
    assert_eq!(
        downsampled_size((2400, 1800), at_dpi((2400, 1800), 300.0), 300.0),
        None
    );
    assert_eq!(
        downsampled_size((2400, 1800), at_dpi((2400, 1800), 96.0), 300.0),
        None
    );
    // Printed in a box of other proportions: the denser side decides, both shrink alike.
    assert_eq!(
        downsampled_size((1000, 1000), (72.0, 144.0), 500.0),
        Some((500, 500))
    );
    // Nothing printed, nothing to decide.
    assert_eq!(downsampled_size((1000, 1000), (0.0, 10.0), 300.0), None);
    assert_eq!(downsampled_size((1000, 1000), (10.0, 10.0), f32::NAN), None);
    // Generated: never larger than the picture, never above the limit by a pixel.
    for w in [1u32, 7, 640, 3001] {
        for dpi in [50.0f32, 299.0, 301.0, 1200.0] {
            let printed = at_dpi((w, w / 2 + 1), dpi);
            match downsampled_size((w, w / 2 + 1), printed, 300.0) {
                None => assert!(dpi <= 301.0 || w == 1, "{w} px at {dpi} dpi kept"),
                Some((tw, th)) => {
                    assert!(tw <= w && th <= w / 2 + 1);
                    let got = tw as f32 / (printed.0 / 72.0);
                    assert!(got <= 300.0 + 72.0 / printed.0 * 0.5 + 0.01, "{got} dpi");
                }
            }
        }
    }
}

#[test]
fn a_600_dpi_jpeg_is_scaled_to_300_and_encoded_again() {
    let bytes = jpeg_of(&DynamicImage::ImageRgb8(photo(400, 200)));
    let s = image_streams(&bytes, at_dpi((400, 200), 600.0), 300.0).unwrap();
    assert_eq!((int(&s, "Width"), int(&s, "Height")), (200, 100));
    assert_eq!((int(&s, "Width"), int(&s, "Height")), (200, 100));
    assert_ne!(s.image.content, bytes);
    assert_eq!(name(s.image.dict.get(b"Filter").unwrap()), b"DCTDecode");
    let back = image::load_from_memory_with_format(&s.image.content, ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8();
    assert_eq!(back.dimensions(), (200, 100));
    // Still red on the left and blue on the right.
    let left = back.get_pixel(20, 50).0;
    let right = back.get_pixel(180, 50).0;
    assert!(left[0] > 180 && left[2] < 80, "{left:?}");
    assert!(right[2] > 160 && right[0] < 70, "{right:?}");
    // A grey JPEG scaled down stays grey.
    let grey = DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(photo(400, 200)).to_luma8());
    let s = image_streams(&jpeg_of(&grey), at_dpi((400, 200), 900.0), 300.0).unwrap();
    assert_eq!((int(&s, "Width"), int(&s, "Height")), (133, 67));
    assert_eq!(
        name(s.image.dict.get(b"ColorSpace").unwrap()),
        b"DeviceGray"
    );
    assert_eq!(jpeg_header(&s.image.content).unwrap().components, 1);
    // The limit is a setting: at 600 the same picture stays as it is.
    let kept = image_streams(&bytes, at_dpi((400, 200), 600.0), 600.0).unwrap();
    assert_eq!(kept.image.content, bytes);
}

#[test]
fn a_png_with_alpha_gets_a_soft_mask_of_its_alpha() {
    let img = RgbaImage::from_fn(6, 4, |x, _| {
        if x < 3 {
            Rgba([10, 200, 30, 255])
        } else {
            Rgba([0, 0, 0, (x * 40) as u8])
        }
    });
    let bytes = png_of(&DynamicImage::ImageRgba8(img));
    let s = image_streams(&bytes, (36.0, 24.0), 300.0).unwrap();
    assert_eq!(name(s.image.dict.get(b"ColorSpace").unwrap()), b"DeviceRGB");
    assert!(
        s.image.dict.get(b"Filter").is_err(),
        "compressed with the other streams"
    );
    assert!(s.image.allows_compression);
    assert_eq!(&s.image.content[..3], &[10, 200, 30]);
    assert_eq!(s.image.content.len(), 6 * 4 * 3);
    let mask = s.smask.as_ref().unwrap();
    assert_eq!(name(mask.dict.get(b"ColorSpace").unwrap()), b"DeviceGray");
    assert_eq!(&mask.content[..6], &[255, 255, 255, 120, 160, 200]);
    // Added to a document, the image names its mask.
    let mut doc = lopdf::Document::with_version("1.7");
    let id = s.add_to(&mut doc);
    let image = doc.get_object(id).unwrap().as_stream().unwrap();
    let mask_id = image.dict.get(b"SMask").unwrap().as_reference().unwrap();
    assert!(doc.get_object(mask_id).unwrap().as_stream().is_ok());
}

#[test]
fn an_opaque_png_has_no_mask_and_a_grey_png_is_grey() {
    let rgba = RgbaImage::from_pixel(5, 5, Rgba([1, 2, 3, 255]));
    let s = image_streams(
        &png_of(&DynamicImage::ImageRgba8(rgba)),
        (10.0, 10.0),
        300.0,
    )
    .unwrap();
    assert!(s.smask.is_none());
    assert_eq!(s.image.content, [1u8, 2, 3].repeat(25));
    let grey = image::GrayImage::from_fn(4, 2, |x, _| image::Luma([x as u8 * 50]));
    let s = image_streams(&png_of(&DynamicImage::ImageLuma8(grey)), (10.0, 5.0), 300.0).unwrap();
    assert_eq!(
        name(s.image.dict.get(b"ColorSpace").unwrap()),
        b"DeviceGray"
    );
    assert_eq!(s.image.content, [0u8, 50, 100, 150, 0, 50, 100, 150]);
}

#[test]
fn a_scaled_png_keeps_its_edges_free_of_the_invisible_colour() {
    // Opaque red stripes between fully transparent black: scaled to half, every pixel
    // that shows anything is red, none darkened by the black behind the transparency.
    let img = RgbaImage::from_fn(64, 64, |x, _| {
        if (x / 4) % 2 == 0 {
            Rgba([230, 20, 20, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let bytes = png_of(&DynamicImage::ImageRgba8(img));
    let s = image_streams(&bytes, at_dpi((64, 64), 600.0), 300.0).unwrap();
    assert_eq!((int(&s, "Width"), int(&s, "Height")), (32, 32));
    let mask = s.smask.as_ref().unwrap();
    for (rgb, a) in s.image.content.chunks(3).zip(&mask.content) {
        if *a > 20 {
            assert!(
                rgb[0] > 200,
                "a visible pixel darkened: {rgb:?} at alpha {a}"
            );
        }
    }
}

#[test]
fn damaged_pictures_are_refused_with_a_reason_never_a_panic() {
    let jpeg = jpeg_of(&DynamicImage::ImageRgb8(photo(16, 16)));
    let png = png_of(&DynamicImage::ImageRgb8(photo(16, 16)));
    for whole in [&jpeg, &png, &CMYK_JPEG.to_vec()] {
        // Every cut through the headers, and a sample of the rest.
        for cut in (0..whole.len()).filter(|c| *c < 700 || c % 37 == 0) {
            let _ = image_streams(&whole[..cut], (10.0, 10.0), 300.0);
        }
        // Bytes flipped one at a time through the headers.
        for at in 0..whole.len().min(400) {
            let mut bad = whole.clone();
            bad[at] ^= 0x5A;
            let _ = image_streams(&bad, (10.0, 10.0), 3.0);
        }
    }
    let err = image_streams(b"GIF89a....", (10.0, 10.0), 300.0)
        .err()
        .unwrap();
    assert!(err.contains("neither a JPEG nor a PNG"), "{err}");
    // Cut before its first scan: the headers are incomplete.
    let scan = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let err = image_streams(&jpeg[..scan], (10.0, 10.0), 300.0)
        .err()
        .unwrap();
    assert!(err.contains("JPEG"), "{err}");
}
