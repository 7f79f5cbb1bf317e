//! Figures for the Word and web exports: which pictures the issue prints, in the order
//! they first appear (each file stored once), how large each is printed, and the
//! pictures as `data:` addresses.

use crate::model::{Figure, Issue, Picture, PictureId};
use crate::style::Style;
use std::collections::HashSet;

/// The gap between two pictures side by side, in grid characters (layout's rule).
pub use crate::layout::flow::picture::PAIR_GAP_CHARS;

/// The pictures the issue's figures show, each once, in print order; pictures whose
/// bytes are missing are left out (layout warns about them).
pub fn pictures_in_order(issue: &Issue) -> Vec<&Picture> {
    let mut seen: HashSet<&PictureId> = HashSet::new();
    let mut out = Vec::new();
    for a in issue.articles() {
        for b in &a.blocks {
            if let crate::model::Block::Figure(f) = b {
                for c in f.pictures() {
                    if let Some(p) = issue.pictures.get(&c.picture) {
                        if p.is_present() && seen.insert(&p.id) {
                            out.push(p);
                        }
                    }
                }
            }
        }
    }
    out
}

/// Each picture's printed width and height in points, left to right: layout's rule
/// ([`crate::layout::flow::picture::figure_sizes`]), so Word and the web page print a
/// picture as large as the PDF does.
pub fn picture_sizes(figure: &Figure, issue: &Issue, style: &Style) -> Vec<(f32, f32)> {
    crate::layout::flow::picture::figure_sizes(figure, &issue.pictures, style)
}

/// Bytes as base64 (RFC 4648, with padding), for `data:` addresses.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A picture as a `data:` address (the web page carries its pictures in itself).
pub fn data_url(p: &Picture) -> String {
    format!("data:{};base64,{}", p.info.format.mime(), base64(&p.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::xml_check::{parse, Event};
    use crate::import::docx::zip_entry;
    use crate::model::{Block, Captioned, FigureWidth};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 3) as u8, (y * 5) as u8, 90]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
            .encode(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([0, 100, 0, 128]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    /// The sample with a full-width photo in its first article, a half-width one in the
    /// second, and a pair (the first photo again beside a PNG) in the third.
    fn issue_with_figures() -> (Issue, Vec<u8>, Vec<u8>) {
        let mut issue = Issue::sample();
        let photo = jpeg(400, 300);
        let logo = png(90, 120);
        let a = issue.add_picture(photo.clone(), "会场.jpg").unwrap();
        let b = issue.add_picture(logo.clone(), "标志.png").unwrap();
        let mut articles: Vec<&mut crate::model::Article> = issue
            .front
            .iter_mut()
            .chain(
                issue
                    .sections
                    .iter_mut()
                    .flat_map(|s| s.articles.iter_mut()),
            )
            .collect();
        articles[0]
            .blocks
            .insert(1, Block::Figure(Figure::single(a.clone(), "图1 会议现场")));
        let mut half = Figure::single(a.clone(), "");
        half.width = FigureWidth::Half;
        articles[1].blocks.push(Block::Figure(half));
        articles[2].blocks.push(Block::Figure(Figure {
            width: FigureWidth::Full,
            first: Captioned {
                picture: a,
                caption: "左 <图> & 说明".into(),
            },
            second: Some(Captioned {
                picture: b,
                caption: "右".into(),
            }),
        }));
        (issue, photo, logo)
    }

    #[test]
    fn printed_sizes_follow_the_width_choice_and_keep_proportions() {
        let (issue, _, _) = issue_with_figures();
        let style = Style::default();
        let measure = style.text_width().0;
        let figures: Vec<&Figure> = issue
            .articles()
            .flat_map(|a| a.blocks.iter())
            .filter_map(|b| match b {
                crate::model::Block::Figure(f) => Some(f),
                _ => None,
            })
            .collect();
        let full = picture_sizes(figures[0], &issue, &style);
        assert!((full[0].0 - measure).abs() < 0.01 && (full[0].1 - measure * 0.75).abs() < 0.01);
        let half = picture_sizes(figures[1], &issue, &style);
        assert!((half[0].0 - measure / 2.0).abs() < 0.01);
        let pair = picture_sizes(figures[2], &issue, &style);
        assert!(
            (pair[0].1 - pair[1].1).abs() < 0.01,
            "equal heights: {pair:?}"
        );
        let gap = PAIR_GAP_CHARS * style.char_pitch().0;
        assert!(
            (pair[0].0 + pair[1].0 + gap - measure).abs() < 0.01,
            "{pair:?}"
        );
        assert!((pair[0].0 / pair[0].1 - 4.0 / 3.0).abs() < 0.01);
        // A very tall picture is scaled to the text block's height.
        let mut tall = issue.clone();
        let id = tall.add_picture(jpeg(20, 400), "tall.jpg").unwrap();
        let sizes = picture_sizes(&Figure::single(id, ""), &tall, &style);
        assert!((sizes[0].1 - style.text_height().0).abs() < 0.01);
        assert!((sizes[0].0 / sizes[0].1 - 0.05).abs() < 0.001);
    }

    #[test]
    fn the_word_file_carries_each_picture_once_drawn_at_its_printed_size() {
        let (issue, photo, logo) = issue_with_figures();
        let style = Style::default();
        let zip = crate::export::docx::docx(&issue, &style).unwrap();
        let entry = |name: &str| zip_entry(&zip, name).unwrap();
        assert_eq!(
            entry("word/media/image1.jpg").as_deref(),
            Some(photo.as_slice())
        );
        assert_eq!(
            entry("word/media/image2.png").as_deref(),
            Some(logo.as_slice())
        );
        assert!(
            entry("word/media/image3.jpg").is_none(),
            "the photo is stored once"
        );
        let text = |name: &str| String::from_utf8(entry(name).unwrap()).unwrap();
        let types = text("[Content_Types].xml");
        assert!(types.contains("Extension=\"jpg\" ContentType=\"image/jpeg\""));
        assert!(types.contains("Extension=\"png\" ContentType=\"image/png\""));
        let rels = text("word/_rels/document.xml.rels");
        assert!(rels.contains("Id=\"rIdPic1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.jpg\""), "{rels}");
        let xml = text("word/document.xml");
        // Drawings: their extents (EMU) and the pictures they embed, in document order;
        // captions: centred paragraphs in 楷体.
        let mut extents = Vec::new();
        let mut embeds = Vec::new();
        let mut ids = Vec::new();
        let (mut in_para, mut centred, mut kai, mut para_text) =
            (false, false, false, String::new());
        let mut captions = Vec::new();
        for e in parse(&xml).expect("document.xml is well-formed") {
            match e {
                Event::Start { name, attrs } => {
                    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                    match name.as_str() {
                        "wp:extent" => extents.push((
                            get("cx").unwrap().parse::<f32>().unwrap() / 12_700.0,
                            get("cy").unwrap().parse::<f32>().unwrap() / 12_700.0,
                        )),
                        "a:blip" => embeds.push(get("r:embed").unwrap()),
                        "wp:docPr" => ids.push(get("id").unwrap()),
                        "w:p" => {
                            (in_para, centred, kai) = (true, false, false);
                            para_text.clear();
                        }
                        "w:jc" if in_para => centred = get("w:val").as_deref() == Some("center"),
                        "w:rFonts" if in_para => {
                            kai |= get("w:eastAsia").is_some_and(|f| {
                                f.contains("楷") || f.contains("Kai") || f.contains("WenKai")
                            })
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_para => para_text.push_str(&t),
                Event::End(name) if name == "w:p" => {
                    in_para = false;
                    if centred && kai && !para_text.is_empty() {
                        captions.push(para_text.clone());
                    }
                }
                _ => {}
            }
        }
        assert_eq!(embeds, ["rIdPic1", "rIdPic1", "rIdPic1", "rIdPic2"]);
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "drawing ids are unique: {ids:?}");
        let figures: Vec<&Figure> = issue
            .articles()
            .flat_map(|a| a.blocks.iter())
            .filter_map(|b| match b {
                crate::model::Block::Figure(f) => Some(f),
                _ => None,
            })
            .collect();
        let sizes: Vec<(f32, f32)> = figures
            .iter()
            .flat_map(|f| picture_sizes(f, &issue, &style))
            .collect();
        assert_eq!(extents.len(), sizes.len());
        for (got, want) in extents.iter().zip(&sizes) {
            assert!(
                (got.0 - want.0).abs() < 0.01 && (got.1 - want.1).abs() < 0.01,
                "{got:?} vs {want:?}"
            );
        }
        assert_eq!(captions, ["图1 会议现场", "左 <图> & 说明", "右"]);
    }

    #[test]
    fn the_web_page_carries_its_pictures_as_data_addresses_with_captions_below() {
        let (issue, photo, logo) = issue_with_figures();
        let page = crate::export::html::issue_page(&issue, &Style::default());
        let events = parse(&page).expect("the page reads as XML");
        let mut seen: Vec<(String, String)> = Vec::new();
        let mut in_caption = false;
        for e in events {
            match e {
                Event::Start { name, attrs } if name == "img" => {
                    let get = |k: &str| {
                        attrs
                            .iter()
                            .find(|(n, _)| n == k)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default()
                    };
                    assert!(get("style").contains("max-width:100%"), "{}", get("style"));
                    seen.push(("img".into(), get("src")));
                }
                Event::Start { name, .. } if name == "figcaption" => in_caption = true,
                Event::Text(t) if in_caption => seen.push(("caption".into(), t)),
                Event::End(name) if name == "figcaption" => in_caption = false,
                _ => {}
            }
        }
        let photo_url = format!("data:image/jpeg;base64,{}", base64(&photo));
        let logo_url = format!("data:image/png;base64,{}", base64(&logo));
        let expected: Vec<(String, String)> = [
            ("img", photo_url.as_str()),
            ("caption", "图1 会议现场"),
            ("img", photo_url.as_str()),
            ("img", photo_url.as_str()),
            ("caption", "左 <图> & 说明"),
            ("img", logo_url.as_str()),
            ("caption", "右"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert!(
            seen == expected,
            "{:?}",
            seen.iter().map(|(k, v)| (k, v.len())).collect::<Vec<_>>()
        );
        // The photo's file missing: its captions stay, no broken image; the PNG stays.
        let mut missing = issue.clone();
        let id = PictureId::of(&photo);
        missing.pictures.get_mut(&id).unwrap().bytes = std::sync::Arc::from(Vec::new());
        let page = crate::export::html::issue_page(&missing, &Style::default());
        assert!(page.contains("图1 会议现场") && page.contains("右"));
        assert_eq!(page.matches("<img ").count(), 1);
        assert!(page.contains("data:image/png;base64,"));
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(base64(&[0xFF, 0xFE, 0xFD]), "//79");
    }
}
