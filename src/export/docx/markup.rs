//! The small pieces of WordprocessingML every part is made of: Word's units (twips,
//! half-points, eighths of a point), the document's faces by role, and runs and
//! paragraphs, so the parts read as what they say rather than how Word spells it.

use super::escape;
use crate::export::chinese_face;
use crate::style::{mm, Ink, Style};
use std::fmt::Write as _;

/// Points to twentieths of a point (twips), Word's unit of length.
pub(super) fn twips(pt: f32) -> i64 {
    (pt * 20.0).round() as i64
}

/// Millimetres to twips.
pub(super) fn mm_twips(v: f32) -> i64 {
    twips(mm(v))
}

/// A font size in half-points (`w:sz`).
pub(super) fn half_points(pt: f32) -> i64 {
    (pt * 2.0).round() as i64
}

/// A rule thickness in eighths of a point (`w:sz` of a border), within Word's 2–96.
pub(super) fn eighths(pt: f32) -> i64 {
    ((pt * 8.0).round() as i64).clamp(2, 96)
}

/// A colour as Word writes it (`RRGGBB`), from the screen value of the ink.
pub(super) fn hex(ink: Ink) -> String {
    let [r, g, b] = ink.screen_rgb;
    format!("{r:02X}{g:02X}{b:02X}")
}

/// The faces of the document: one per role, by its Chinese name.
pub(super) struct Faces<'a> {
    pub(super) title: &'a str,
    pub(super) body: &'a str,
    pub(super) hei: &'a str,
    pub(super) kai: &'a str,
    pub(super) song: &'a str,
    pub(super) latin: &'a str,
}

impl<'a> Faces<'a> {
    pub(super) fn of(style: &'a Style) -> Faces<'a> {
        let f = &style.fonts;
        Faces {
            title: chinese_face(&f.title, "方正小标宋简体"),
            body: chinese_face(&f.body, "仿宋_GB2312"),
            hei: chinese_face(&f.hei, "黑体"),
            kai: chinese_face(&f.kai, "楷体_GB2312"),
            song: chinese_face(&f.song, "宋体"),
            latin: f.latin.first().map_or("Times New Roman", String::as_str),
        }
    }
}

/// `w:rFonts` naming `east` in the East Asian slot and `latin` for letters and digits;
/// the hint makes ambiguous marks (“ ” — …) take the East Asian face.
pub(super) fn fonts(east: &str, latin: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{l}\" w:hAnsi=\"{l}\" w:eastAsia=\"{e}\" w:cs=\"{l}\" w:hint=\"eastAsia\"/>",
        l = escape(latin),
        e = escape(east)
    )
}

/// Run properties: fonts, optional colour, size.
pub(super) fn rpr(east: &str, latin: &str, size: f32, colour: Option<Ink>) -> String {
    let colour = colour
        .map(|c| format!("<w:color w:val=\"{}\"/>", hex(c)))
        .unwrap_or_default();
    format!(
        "<w:rPr>{}{colour}<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/></w:rPr>",
        fonts(east, latin),
        s = half_points(size)
    )
}

/// A run of text (tabs and line breaks as Word's elements).
pub(super) fn run(text: &str, props: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "<w:r>{props}<w:br/></w:r>");
        }
        if !line.is_empty() {
            let _ = write!(
                out,
                "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(line)
            );
        }
    }
    out
}

/// A paragraph of the named style with extra paragraph properties and its runs.
pub(super) fn para(style_id: &str, extra_ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"{style_id}\"/>{extra_ppr}</w:pPr>{runs}</w:p>")
}
