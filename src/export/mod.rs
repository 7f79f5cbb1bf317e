//! The issue in the other forms it goes out in: a Word file for superior bodies
//! (`docx`), a self-contained web page for the WeChat account and the website (`html`),
//! a saddle-stitched booklet for the print shop (`crate::pdf::booklet`) and proofs on
//! the system printer (`print`).
//!
//! Word and web are written from the document and the style (their readers set the
//! lines themselves); the booklet is made from the finished PDF's pages, so it is
//! exactly what the PDF shows.

pub mod docx;
pub mod figures;
pub mod html;
pub mod print;
pub mod table;

#[cfg(test)]
pub mod test_issues;
#[cfg(test)]
pub mod xml_check;
/// Also writes the container of an issue with pictures (`model`).
pub mod zip;

use crate::style::Style;
use std::path::Path;

/// The files an issue can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The print-ready A4 PDF.
    Pdf,
    /// A Word document in the house format.
    Docx,
    /// One web page, paste-ready for the WeChat editor.
    Html,
    /// The PDF imposed two pages to an A3 side for saddle stitching.
    Booklet,
}

impl Format {
    /// The format an output name asks for by its extension (`.pdf` is the plain PDF;
    /// the booklet is a PDF too and is asked for by name, not extension).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The extension a file of this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf | Format::Booklet => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
        }
    }

    /// How the format is named in the editor.
    pub fn chinese(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word 文档",
            Format::Html => "网页",
            Format::Booklet => "小册子 PDF",
        }
    }

    /// How the format is named on the command line.
    pub fn en(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word document",
            Format::Html => "web page",
            Format::Booklet => "booklet PDF",
        }
    }

    /// Whether the bytes of an existing file (its first 4 KB; the whole file for Word)
    /// show an earlier export of this format, so it may be replaced: a Word file that
    /// jianbao wrote, markup for a web page.
    pub fn recognises(self, head: &[u8]) -> bool {
        match self {
            Format::Pdf | Format::Booklet => head.starts_with(b"%PDF"),
            // Only a Word file jianbao wrote (its app.xml names us), never the user's
            // own letter.docx.
            Format::Docx => crate::import::docx::zip_entry(head, "docProps/app.xml")
                .ok()
                .flatten()
                .is_some_and(|app| String::from_utf8_lossy(&app).contains("<Application>jianbao")),
            Format::Html => {
                let text = String::from_utf8_lossy(head);
                let text = text.trim_start_matches('\u{FEFF}').trim_start();
                text.starts_with('<')
            }
        }
    }
}

/// Text for XML and HTML: `& < > " '` escaped, and characters no XML document may
/// hold (controls other than tab and newline, U+FFFE/U+FFFF) left out, so a stray
/// control character in a hand-edited issue cannot make Word refuse the whole file.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The face Word and the web page name for a typographic role: the first family of
/// the style's list with a Chinese name (方正小标宋简体, 仿宋, 黑体, 楷体 …, which Word
/// and WPS resolve on Chinese systems), else the first family, else `fallback`.
pub fn chinese_face<'a>(families: &'a [String], fallback: &'a str) -> &'a str {
    families
        .iter()
        .find(|f| f.chars().any(crate::layout::cjk::is_han))
        .or(families.first())
        .map_or(fallback, String::as_str)
}

/// The other names of the same role's faces (`FangSong` for 仿宋): what Word is told
/// to try when the first is missing, and what a browser tries next.
pub fn other_faces<'a>(families: &'a [String], chosen: &str) -> Vec<&'a str> {
    families
        .iter()
        .map(String::as_str)
        .filter(|f| *f != chosen)
        .collect()
}

/// Width of `text` in ems as the house grid counts it: full-width characters one em,
/// others half (house-format.md §2.2). Used where Word or a browser sets the lines but
/// a choice depends on how full a line is (an inline byline, award-list columns).
pub fn em_width(text: &str) -> f32 {
    use crate::layout::cjk::{kind, CharKind, PunctKind};
    text.chars()
        .map(|c| match kind(c) {
            CharKind::Ideograph | CharKind::IdeoSpace => 1.0,
            CharKind::Punct(PunctKind::Middle) if c == '·' => 0.5,
            CharKind::Punct(_) => 1.0,
            CharKind::Narrow | CharKind::Space => 0.5,
        })
        .sum()
}

/// Whether an author byline set inline still fits on the paragraph's last line
/// (house-format.md §3.6): the paragraph filled greedily at `chars_per_line` ems
/// after its first-line indent, then the gap and the byline. A last line within one
/// em of full counts as full, since Word and browsers break a little differently.
pub fn byline_fits_inline(paragraph: &str, byline: &str, style: &Style) -> bool {
    let line = style.chars_per_line.max(1) as f32;
    let mut room = line - style.indent_chars;
    let mut used = 0.0;
    for c in paragraph.trim().chars() {
        let w = em_width(c.encode_utf8(&mut [0; 4]));
        if used + w > room + 0.01 {
            used = 0.0;
            room = line;
        }
        used += w;
    }
    let free = room - used;
    free >= style.byline_min_gap_em.0 + em_width(byline) + 1.0
}

/// Whether a byline is set on the last line of the text (inline) rather than a line
/// of its own, by the layout's rules (§3.6).
pub fn byline_inline(
    attr: &crate::model::Attribution,
    last_text: Option<&str>,
    style: &Style,
) -> bool {
    use crate::model::Placement;
    let wanted = match attr.placement {
        Placement::Auto => !attr.is_source(),
        Placement::Inline => true,
        Placement::OwnLine => false,
    };
    wanted && last_text.is_some_and(|t| byline_fits_inline(t, &attr.printed(), style))
}

/// Two-character Han names padded to the award list's name box with ideographic
/// spaces (王　婧), as the layout spreads them (§3.7).
pub fn padded_name(name: &str, style: &Style) -> String {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    let gap = (style.list_name_box_em.0 - 2.0).round();
    if chars.len() == 2 && chars.iter().all(|c| crate::layout::cjk::is_han(*c)) && gap >= 1.0 {
        let spaces: String = std::iter::repeat_n('\u{3000}', gap as usize).collect();
        format!("{}{spaces}{}", chars[0], chars[1])
    } else {
        name.to_string()
    }
}

/// The names of one distribution group as printed: joined by 、, empty names left out.
pub fn group_text(names: &[String]) -> String {
    names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("、")
}

/// A distribution block's printed lines: label (with ：) and the text of each group
/// (each starts a new line), the final 句号 where the style asks for one.
pub fn distribution_lines(
    d: &crate::model::Distribution,
    style: &Style,
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = d
        .ordered(&style.distribution_order)
        .into_iter()
        .map(|(label, groups)| {
            let texts: Vec<String> = groups
                .iter()
                .map(|g| group_text(g))
                .filter(|t| !t.is_empty())
                .collect();
            (format!("{label}："), texts)
        })
        .filter(|(_, texts)| !texts.is_empty())
        .collect();
    if style.distribution_final_stop {
        if let Some(last) = out.last_mut().and_then(|(_, t)| t.last_mut()) {
            last.push('。');
        }
    }
    out
}

/// The award-list columns for Word and the web, by the layout's own rule
/// ([`crate::layout::awards::Columns::fit`]) over widths counted in grid ems, in ems
/// from the text block's left edge.
pub fn award_columns(
    categories: &[crate::model::AwardCategory],
    style: &Style,
) -> crate::layout::awards::Columns {
    use crate::layout::awards::{Columns, Widest};
    use crate::model::AwardRow;
    let mut widest = Widest::default();
    for c in categories {
        for r in &c.rows {
            if let AwardRow::Person { name, org, award } = r {
                widest.name = widest.name.max(em_width(&padded_name(name, style)));
                widest.org = widest.org.max(em_width(org.trim()));
                widest.award = widest.award.max(em_width(award.trim()));
            }
        }
    }
    Columns::fit(
        widest,
        style.chars_per_line.max(1) as f32,
        style.list_indent_em.0,
        style.list_name_box_em.0,
        style.list_gap_em.0,
        1.0,
    )
}

/// Refuses an output path before any work: not the input, not an issue, not a
/// directory or device, and an existing file only when it is an earlier export of the
/// same format. The messages come from [`crate::store::WriteRefused`].
pub fn check_output(
    path: &Path,
    input: Option<&Path>,
    format: Format,
) -> Result<(), crate::store::WriteRefused> {
    crate::store::check_export_output(path, input, format)
}

/// Writes an export after [`check_output`], atomically.
pub fn write_output(
    path: &Path,
    bytes: &[u8],
    input: Option<&Path>,
    format: Format,
) -> std::io::Result<()> {
    crate::store::write_export(path, bytes, input, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_extension_in_any_case() {
        assert_eq!(Format::from_path(Path::new("a/b.DOCX")), Some(Format::Docx));
        assert_eq!(Format::from_path(Path::new("期.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.html")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("x.doc")), None);
        assert_eq!(Format::from_path(Path::new("noext")), None);
        assert!(!Format::Docx.recognises(b"PK\x03\x04 a letter"));
        let ours = docx::docx(&crate::model::Issue::sample(), &Style::house()).unwrap();
        assert!(Format::Docx.recognises(&ours));
        assert!(!Format::Docx.recognises(b"%PDF-1.7"));
        assert!(Format::Html.recognises("\u{FEFF}\n <!DOCTYPE html>".as_bytes()));
        assert!(!Format::Html.recognises(b"{\"format\":"));
    }

    #[test]
    fn escape_covers_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b>&\"c'\u{1}\u{FFFF}王\t"),
            "a&lt;b&gt;&amp;&quot;c&#39;王\t"
        );
    }

    #[test]
    fn faces_prefer_the_chinese_name_of_the_role() {
        let style = Style::house();
        assert_eq!(chinese_face(&style.fonts.body, "仿宋"), "仿宋");
        assert_eq!(chinese_face(&style.fonts.title, "x"), "方正小标宋简体");
        let latin = vec!["Noto Serif CJK SC".to_string()];
        assert_eq!(chinese_face(&latin, "仿宋"), "Noto Serif CJK SC");
        assert_eq!(chinese_face(&[], "仿宋"), "仿宋");
    }

    #[test]
    fn inline_bylines_need_room_on_the_last_line() {
        let style = Style::house();
        // 30 ems on the first line (2 em indent): 10 characters leave 20 free.
        assert!(byline_fits_inline(&"字".repeat(10), "（王婧）", &style));
        // A first line filled to 28 ems leaves 2: too little for 4 + 1 gap.
        assert!(!byline_fits_inline(&"字".repeat(28), "（王婧）", &style));
        // Second line: 30 + 27 characters leave 5 ems, still one short of 4 + 1 + 1.
        assert!(!byline_fits_inline(&"字".repeat(57), "（王婧）", &style));
        assert!(byline_fits_inline(&"字".repeat(56), "（王婧）", &style));
        // Digits count half.
        assert_eq!(em_width("2021年"), 3.0);
    }

    #[test]
    fn two_character_names_are_padded_to_the_name_box() {
        let style = Style::house();
        assert_eq!(padded_name(" 王婧 ", &style), "王\u{3000}婧");
        assert_eq!(padded_name("张俊清", &style), "张俊清");
        assert_eq!(padded_name("Li", &style), "Li");
    }
}
