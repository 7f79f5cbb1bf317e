//! The style's values, the built-in profiles (H and G), and the page geometry derived
//! from them.

use super::{FontRoles, Ink, Profile, PunctScheme, Strictness};
use crate::units::{Em, Mm, Pt};
use serde::{Deserialize, Serialize};

/// The complete house style. Fields missing from a saved style take profile H's values,
/// so styles saved by older versions still load.
///
/// Every number has an allowed range (in its doc comment, in the README and in
/// [`RANGES`](super::RANGES), which [`Style::validate`] checks): a style outside it is
/// refused where it is loaded, so no value can put text off the page, make the grid
/// collapse or reach the PDF as a number a reader cannot parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Style {
    /// The profile these values started from.
    pub profile: Profile,

    // --- page (§2) ---
    /// Range: 50–1000 mm.
    pub page_width_mm: Mm,
    /// Range: 50–1000 mm.
    pub page_height_mm: Mm,
    /// Range: 0–500 mm; the text block left by the margins must be at least 40 mm each way.
    pub margin_top_mm: Mm,
    /// Range: 0–500 mm.
    pub margin_bottom_mm: Mm,
    /// Binding-side margin (订口). Range: 0–500 mm.
    pub margin_inner_mm: Mm,
    /// Range: 0–500 mm.
    pub margin_outer_mm: Mm,
    /// Duplex printing: mirror margins and page-number sides on even pages.
    pub duplex: bool,
    /// Characters per full body line. Range: 4–100.
    pub chars_per_line: u32,
    /// Line slots per page. Range: 4–100.
    pub lines_per_page: u32,

    // --- body (§3.5) ---
    /// Range: 4–100 pt.
    pub body_size: Pt,
    /// First-line indent in characters. Range: 0–10, and less than `chars_per_line`.
    pub indent_chars: f32,
    pub strictness: Strictness,
    /// Punctuation widths: 全角 by default.
    pub punctuation: PunctScheme,
    /// Space between Han and Latin letters or digits, in em (§5.6). Range: 0–1.
    pub cjk_latin_gap_em: Em,

    // --- masthead (§3.1) ---
    /// Slots the masthead takes on page 1. Range: 0–96, and at most `lines_per_page` − 4
    /// so page 1 keeps room for text.
    pub masthead_slots: u32,
    /// Range: 4–100 pt.
    pub masthead_name_size: Pt,
    /// Names of 2–4 characters are spread to this fraction of the text width (0 = no
    /// spreading). Range: 0–1.
    pub masthead_name_spread: f32,
    /// Range: 4–100 pt.
    pub issue_line_size: Pt,
    /// Range: 4–100 pt.
    pub org_date_size: Pt,
    /// Range: 4–100 pt.
    pub classification_size: Pt,
    /// Inset of the organisation (left) and date (right) in em. Range: 0–10.
    pub org_date_inset_em: Em,
    /// Range: 0–10 pt.
    pub masthead_rule_pt: Pt,
    /// Distance from the org/date line's baseline to the red rule. Range: 0–50 mm.
    pub masthead_rule_gap_mm: Mm,
    pub red: Ink,

    // --- titles and headings (§3.2–3.4) ---
    /// Range: 4–100 pt.
    pub title_size: Pt,
    /// Empty slots above an article title. Range: 0–10, and at most half of
    /// `lines_per_page`.
    pub title_space_slots: u32,
    /// Range: 4–100 pt.
    pub subtitle_size: Pt,
    /// Range: 4–100 pt.
    pub section_size: Pt,
    /// Empty slots above a section heading. Range: 0–10, and at most half of
    /// `lines_per_page`.
    pub section_space_slots: u32,

    // --- bylines (§3.6) ---
    /// Range: 4–100 pt.
    pub byline_size: Pt,
    /// Minimum gap in em between text and an inline byline. Range: 0–10.
    pub byline_min_gap_em: Em,

    // --- award list (§3.7) ---
    /// Range: 0–10.
    pub list_indent_em: Em,
    /// Range: 0–20.
    pub list_name_box_em: Em,
    /// Range: 0–10.
    pub list_gap_em: Em,
    /// Range: 4–100 pt.
    pub list_category_size: Pt,

    // --- distribution block (§3.8) ---
    /// Order of the labelled lines, e.g. 报 发 送.
    pub distribution_order: Vec<String>,
    /// Range: 4–100 pt.
    pub distribution_size: Pt,
    /// Range: 0–10.
    pub distribution_label_inset_em: Em,
    /// Range: 0–10.
    pub distribution_right_inset_em: Em,
    /// Outer rules (GB: 0.35 mm). Range: 0–5 mm.
    pub distribution_rule_mm: Mm,
    /// Thin rules between labelled lines (GB: 0.25 mm); `false` leaves them out.
    pub distribution_inner_rules: bool,
    /// Range: 0–5 mm.
    pub distribution_inner_rule_mm: Mm,
    /// Blank slots kept between the last article and the block. Range: 0–10, and at
    /// most half of `lines_per_page`.
    pub distribution_gap_slots: u32,
    /// A 句号 after the last recipient (GB 抄送 practice), off for bulletins.
    pub distribution_final_stop: bool,

    // --- fitting (§4.4) ---
    /// At most this many paragraphs are re-broken one line shorter to save a page or
    /// to keep the distribution block on the last page (0 = never tighten; layout uses
    /// at most `layout::paginate::MAX_TIGHTENED`). Range: 0–1000.
    pub fit_max_paragraphs: usize,
    /// Tracking, in em, a paragraph may lose between full-width characters when plain
    /// re-breaking cannot save its line (§4.2: editors' 紧缩 0.3 磅 ≈ 0.02 em; 0 = never).
    /// Range: 0–0.2.
    pub fit_tracking_em: Em,

    // --- page numbers (§3.9) ---
    /// Range: 4–100 pt.
    pub page_number_size: Pt,
    /// Distance from the text block's bottom to the top of the number line. Range:
    /// 0–100 mm.
    pub page_number_drop_mm: Mm,
    /// Range: 0–10.
    pub page_number_inset_em: Em,
    /// Suppress the number on the masthead page.
    pub page_number_skip_first: bool,

    // --- tables (§3.11); unset takes the profile's value, so styles saved before
    // tables save unchanged ---
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Cell text size; unset is one size below the body (小四 under 四号). Range:
    /// 4–100 pt.
    pub table_size: Option<Pt>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Rules around the cells; unset is GB's thin rule, 0.25 mm. Range: 0–5 mm.
    pub table_rule_mm: Option<Mm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Space between a cell's text and its side rules, in em of the cell text; unset
    /// is 0.5. Range: 0–2.
    pub table_padding_em: Option<Em>,
    // --- pictures ---
    #[serde(skip_serializing_if = "is_default_picture_dpi")]
    /// Pictures finer than this many pixels per inch at their printed size are scaled
    /// down to it in the PDF (300 is what offset printing resolves; more only makes the
    /// file larger), never up. Left out of a saved style while it is the default, so
    /// styles saved before it existed save byte for byte as they were. Range: 72–1200.
    pub picture_max_dpi: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Picture captions (图注, 楷体); unset is two points below the body (小四 12 pt
    /// under a 四号 body, 四号 14 pt under a 三号 body: house-format.md §3.10). Range:
    /// 4–100 pt.
    pub caption_size: Option<Pt>,

    pub fonts: FontRoles,
}

/// The picture resolution of the house style (see [`Style::picture_max_dpi`]).
pub const DEFAULT_PICTURE_DPI: u32 = 300;

fn is_default_picture_dpi(dpi: &u32) -> bool {
    *dpi == DEFAULT_PICTURE_DPI
}

impl Default for Style {
    fn default() -> Self {
        Style::house()
    }
}

impl Style {
    /// Profile H, the house default: A4, GB margins, 四号 body on 32 × 29.
    pub fn house() -> Style {
        Style {
            profile: Profile::H,
            page_width_mm: Mm(210.0),
            page_height_mm: Mm(297.0),
            margin_top_mm: Mm(37.0),
            margin_bottom_mm: Mm(35.0),
            margin_inner_mm: Mm(28.0),
            margin_outer_mm: Mm(26.0),
            duplex: true,
            chars_per_line: 32,
            lines_per_page: 29,
            body_size: Pt(14.0),
            indent_chars: 2.0,
            strictness: Strictness::GbStyle,
            punctuation: PunctScheme::Quanjiao,
            cjk_latin_gap_em: Em(0.25),
            masthead_slots: 6,
            masthead_name_size: Pt(42.0),
            masthead_name_spread: 0.6,
            issue_line_size: Pt(16.0),
            org_date_size: Pt(16.0),
            classification_size: Pt(16.0),
            org_date_inset_em: Em(1.0),
            masthead_rule_pt: Pt(1.5),
            masthead_rule_gap_mm: Mm(4.0),
            red: Ink::RED,
            title_size: Pt(18.0),
            title_space_slots: 1,
            subtitle_size: Pt(14.0),
            section_size: Pt(16.0),
            section_space_slots: 1,
            byline_size: Pt(14.0),
            byline_min_gap_em: Em(1.0),
            list_indent_em: Em(2.0),
            list_name_box_em: Em(3.0),
            list_gap_em: Em(1.0),
            list_category_size: Pt(14.0),
            distribution_order: vec!["报".into(), "发".into(), "送".into()],
            distribution_size: Pt(14.0),
            distribution_label_inset_em: Em(1.0),
            distribution_right_inset_em: Em(1.0),
            distribution_rule_mm: Mm(0.35),
            distribution_inner_rules: false,
            distribution_inner_rule_mm: Mm(0.25),
            distribution_gap_slots: 1,
            distribution_final_stop: false,
            fit_max_paragraphs: 8,
            fit_tracking_em: Em(0.02),
            page_number_size: Pt(14.0),
            page_number_drop_mm: Mm(7.0),
            page_number_inset_em: Em(1.0),
            page_number_skip_first: false,
            table_size: None,
            table_rule_mm: None,
            table_padding_em: None,
            picture_max_dpi: DEFAULT_PICTURE_DPI,
            caption_size: None,
            fonts: FontRoles::house(),
        }
    }

    /// Profile G, GB/T 9704 strict: 三号 body on 28 × 22, 二号 titles.
    pub fn gb() -> Style {
        Style {
            profile: Profile::G,
            chars_per_line: 28,
            lines_per_page: 22,
            body_size: Pt(16.0),
            masthead_slots: 5,
            title_size: Pt(22.0),
            subtitle_size: Pt(16.0),
            byline_size: Pt(16.0),
            list_category_size: Pt(16.0),
            distribution_size: Pt(14.0),
            ..Style::house()
        }
    }

    /// The style of a profile.
    pub fn of(profile: Profile) -> Style {
        match profile {
            Profile::H => Style::house(),
            Profile::G => Style::gb(),
        }
    }

    /// The paper's width.
    pub fn page_width(&self) -> Pt {
        self.page_width_mm.to_pt()
    }
    /// The paper's height.
    pub fn page_height(&self) -> Pt {
        self.page_height_mm.to_pt()
    }
    /// Width of the text block (版心).
    pub fn text_width(&self) -> Pt {
        (self.page_width_mm - self.margin_inner_mm - self.margin_outer_mm).to_pt()
    }
    /// Height of the text block.
    pub fn text_height(&self) -> Pt {
        (self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm).to_pt()
    }
    /// Horizontal pitch of one grid character: text width / characters per line.
    pub fn char_pitch(&self) -> Pt {
        self.text_width() / self.chars_per_line.max(1) as f32
    }
    /// Height of one line slot: text height / lines per page.
    pub fn line_pitch(&self) -> Pt {
        self.text_height() / self.lines_per_page.max(1) as f32
    }
    /// Left edge of the text block on a page (1-based number); mirrored on even pages in duplex.
    pub fn text_left(&self, page_number: usize) -> Pt {
        if self.duplex && page_number.is_multiple_of(2) {
            self.margin_outer_mm.to_pt()
        } else {
            self.margin_inner_mm.to_pt()
        }
    }
    /// Top edge of the text block, from the paper's top.
    pub fn text_top(&self) -> Pt {
        self.margin_top_mm.to_pt()
    }

    /// Table cell text size: the setting, else the next smaller Chinese size below
    /// the body (四号 14 pt → 小四 12 pt, 三号 16 pt → 小三 15 pt).
    pub fn table_text_size(&self) -> Pt {
        if let Some(size) = self.table_size {
            return size;
        }
        const LADDER: [f32; 12] = [
            42.0, 36.0, 26.0, 24.0, 22.0, 18.0, 16.0, 15.0, 14.0, 12.0, 10.5, 9.0,
        ];
        let body = self.body_size.0;
        LADDER
            .iter()
            .copied()
            .find(|&s| s < body - 0.01)
            .filter(|&s| s >= body * 0.75)
            .map_or(Pt(body * 6.0 / 7.0), Pt)
    }

    /// Picture caption size: the setting, else two points below the body.
    pub fn caption_text_size(&self) -> Pt {
        self.caption_size
            .unwrap_or(Pt((self.body_size.0 - 2.0).max(self.body_size.0 * 0.75)))
    }

    /// Thickness of a table's rules.
    pub fn table_rule(&self) -> Pt {
        self.table_rule_mm.unwrap_or(Mm(0.25)).to_pt()
    }

    /// Space between a cell's text and its side rules.
    pub fn table_padding(&self) -> Pt {
        self.table_padding_em
            .unwrap_or(Em(0.5))
            .at(self.table_text_size())
    }
}
