//! The house style: page geometry, grid, faces and sizes of every element.
//!
//! Every value the specification marks as a setting ([I] in house-format.md) is a field
//! here, never a constant in layout code. A style is serde data, so it can be saved with
//! an issue or as the user's default.

use serde::{Deserialize, Serialize};

/// Millimetres to PostScript points (1 pt = 1/72 in).
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// Which built-in profile a style started from (house-format.md §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    /// House default: 四号 body on a 32 × 29 grid, the seed's geometry.
    H,
    /// GB/T 9704 strict: 三号 body on a 28 × 22 grid.
    G,
}

/// How strictly line-start and line-end prohibitions are applied (clreq; §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strictness {
    None,
    Basic,
    /// Basic plus the solidus (default).
    GbStyle,
    /// GB-style plus ⸺ and …… barred from line start.
    Strict,
}

/// A colour for print: CMYK in the PDF, an RGB approximation on screen.
/// How wide punctuation is set (house-format.md §5.3; names as in ctex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PunctScheme {
    /// 全角: every mark 1 em, adjacent marks squeezed to 1.5 em, line-edge blanks dropped.
    #[default]
    Quanjiao,
    /// 开明: 。？！ full width, the other pause marks and brackets half width.
    Kaiming,
    /// 半角: every mark half width.
    Banjiao,
    /// No adjustment at all: every mark a full em, never squeezed.
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ink {
    pub cmyk: [f32; 4],
    pub screen_rgb: [u8; 3],
}

impl Ink {
    pub const BLACK: Ink = Ink {
        cmyk: [0.0, 0.0, 0.0, 1.0],
        screen_rgb: [0, 0, 0],
    };
    /// GB/T 9704 red (Y and M at least 80 %): DeviceCMYK (0, 1, 1, 0).
    pub const RED: Ink = Ink {
        cmyk: [0.0, 1.0, 1.0, 0.0],
        screen_rgb: [0xE6, 0x00, 0x12],
    };
}

/// Ordered family lists per typographic role; the first family that has a character wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FontRoles {
    /// 小标宋: masthead name and article titles.
    pub title: Vec<String>,
    /// 仿宋: body text, distribution block.
    pub body: Vec<String>,
    /// 黑体: section headings, list categories, classification mark.
    pub hei: Vec<String>,
    /// 楷体: issue line, subtitles, bylines.
    pub kai: Vec<String>,
    /// 宋体: page numbers.
    pub song: Vec<String>,
    /// Latin letters and digits in body text (§5.6: a Times-compatible face); when none
    /// is installed they come from the body face itself.
    #[serde(default)]
    pub latin: Vec<String>,
}

impl FontRoles {
    fn house() -> FontRoles {
        let list = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        FontRoles {
            title: list(&[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "Noto Serif CJK SC Bold",
            ]),
            body: list(&["仿宋", "FangSong", "仿宋_GB2312", "Noto Serif CJK SC"]),
            hei: list(&["黑体", "SimHei", "Noto Sans CJK SC Bold"]),
            kai: list(&[
                "楷体",
                "KaiTi",
                "楷体_GB2312",
                "LXGW WenKai",
                "Noto Serif CJK SC",
            ]),
            song: list(&["宋体", "SimSun", "Noto Serif CJK SC"]),
            latin: list(&["Times New Roman", "Liberation Serif", "TeX Gyre Termes"]),
        }
    }

    /// Every family any role names (used to find installed faces).
    pub fn all_families(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in self
            .title
            .iter()
            .chain(&self.body)
            .chain(&self.hei)
            .chain(&self.kai)
            .chain(&self.song)
            .chain(&self.latin)
        {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
        out
    }
}

/// The complete house style. Fields missing from a saved style take profile H's values,
/// so styles saved by older versions still load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Style {
    /// The profile these values started from.
    pub profile: Profile,

    // --- page (§2) ---
    pub page_width_mm: f32,
    pub page_height_mm: f32,
    pub margin_top_mm: f32,
    pub margin_bottom_mm: f32,
    /// Binding-side margin (订口).
    pub margin_inner_mm: f32,
    pub margin_outer_mm: f32,
    /// Duplex printing: mirror margins and page-number sides on even pages.
    pub duplex: bool,
    /// Characters per full body line.
    pub chars_per_line: u32,
    /// Line slots per page.
    pub lines_per_page: u32,

    // --- body (§3.5) ---
    pub body_size: f32,
    /// First-line indent in characters.
    pub indent_chars: f32,
    pub strictness: Strictness,
    /// Punctuation widths: 全角 by default.
    pub punctuation: PunctScheme,
    /// Space between Han and Latin letters or digits, in em (§5.6).
    pub cjk_latin_gap_em: f32,

    // --- masthead (§3.1) ---
    /// Slots the masthead takes on page 1.
    pub masthead_slots: u32,
    pub masthead_name_size: f32,
    /// Names of 2–4 characters are spread to this fraction of the text width (0 = no spreading).
    pub masthead_name_spread: f32,
    pub issue_line_size: f32,
    pub org_date_size: f32,
    pub classification_size: f32,
    /// Inset of the organisation (left) and date (right) in em.
    pub org_date_inset_em: f32,
    pub masthead_rule_pt: f32,
    /// Distance from the org/date line's baseline to the red rule.
    pub masthead_rule_gap_mm: f32,
    pub red: Ink,

    // --- titles and headings (§3.2–3.4) ---
    pub title_size: f32,
    /// Empty slots above an article title.
    pub title_space_slots: u32,
    pub subtitle_size: f32,
    pub section_size: f32,
    /// Empty slots above a section heading.
    pub section_space_slots: u32,

    // --- bylines (§3.6) ---
    pub byline_size: f32,
    /// Minimum gap in em between text and an inline byline.
    pub byline_min_gap_em: f32,

    // --- award list (§3.7) ---
    pub list_indent_em: f32,
    pub list_name_box_em: f32,
    pub list_gap_em: f32,
    pub list_category_size: f32,

    // --- distribution block (§3.8) ---
    /// Order of the labelled lines, e.g. 报 发 送.
    pub distribution_order: Vec<String>,
    pub distribution_size: f32,
    pub distribution_label_inset_em: f32,
    pub distribution_right_inset_em: f32,
    /// Outer rules (GB: 0.35 mm).
    pub distribution_rule_mm: f32,
    /// Thin rules between labelled lines (GB: 0.25 mm); `false` leaves them out.
    pub distribution_inner_rules: bool,
    pub distribution_inner_rule_mm: f32,
    /// Blank slots kept between the last article and the block.
    pub distribution_gap_slots: u32,
    /// A 句号 after the last recipient (GB 抄送 practice), off for bulletins.
    pub distribution_final_stop: bool,

    // --- fitting (§4.4) ---
    /// At most this many paragraphs are re-broken one line shorter to save a page or
    /// to keep the distribution block on the last page (0 = never tighten; layout uses
    /// at most `layout::paginate::MAX_TIGHTENED`).
    pub fit_max_paragraphs: usize,
    /// Tracking, in em, a paragraph may lose between full-width characters when plain
    /// re-breaking cannot save its line (§4.2: editors' 紧缩 0.3 磅 ≈ 0.02 em; 0 = never).
    pub fit_tracking_em: f32,

    // --- page numbers (§3.9) ---
    pub page_number_size: f32,
    /// Distance from the text block's bottom to the top of the number line.
    pub page_number_drop_mm: f32,
    pub page_number_inset_em: f32,
    /// Suppress the number on the masthead page.
    pub page_number_skip_first: bool,

    pub fonts: FontRoles,
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
            page_width_mm: 210.0,
            page_height_mm: 297.0,
            margin_top_mm: 37.0,
            margin_bottom_mm: 35.0,
            margin_inner_mm: 28.0,
            margin_outer_mm: 26.0,
            duplex: true,
            chars_per_line: 32,
            lines_per_page: 29,
            body_size: 14.0,
            indent_chars: 2.0,
            strictness: Strictness::GbStyle,
            punctuation: PunctScheme::Quanjiao,
            cjk_latin_gap_em: 0.25,
            masthead_slots: 6,
            masthead_name_size: 42.0,
            masthead_name_spread: 0.6,
            issue_line_size: 16.0,
            org_date_size: 16.0,
            classification_size: 16.0,
            org_date_inset_em: 1.0,
            masthead_rule_pt: 1.5,
            masthead_rule_gap_mm: 4.0,
            red: Ink::RED,
            title_size: 18.0,
            title_space_slots: 1,
            subtitle_size: 14.0,
            section_size: 16.0,
            section_space_slots: 1,
            byline_size: 14.0,
            byline_min_gap_em: 1.0,
            list_indent_em: 2.0,
            list_name_box_em: 3.0,
            list_gap_em: 1.0,
            list_category_size: 14.0,
            distribution_order: vec!["报".into(), "发".into(), "送".into()],
            distribution_size: 14.0,
            distribution_label_inset_em: 1.0,
            distribution_right_inset_em: 1.0,
            distribution_rule_mm: 0.35,
            distribution_inner_rules: false,
            distribution_inner_rule_mm: 0.25,
            distribution_gap_slots: 1,
            distribution_final_stop: false,
            fit_max_paragraphs: 8,
            fit_tracking_em: 0.02,
            page_number_size: 14.0,
            page_number_drop_mm: 7.0,
            page_number_inset_em: 1.0,
            page_number_skip_first: false,
            fonts: FontRoles::house(),
        }
    }

    /// Profile G, GB/T 9704 strict: 三号 body on 28 × 22, 二号 titles.
    pub fn gb() -> Style {
        Style {
            profile: Profile::G,
            chars_per_line: 28,
            lines_per_page: 22,
            body_size: 16.0,
            masthead_slots: 5,
            title_size: 22.0,
            subtitle_size: 16.0,
            byline_size: 16.0,
            list_category_size: 16.0,
            distribution_size: 14.0,
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

    pub fn page_width(&self) -> f32 {
        mm(self.page_width_mm)
    }
    pub fn page_height(&self) -> f32 {
        mm(self.page_height_mm)
    }
    /// Width of the text block (版心).
    pub fn text_width(&self) -> f32 {
        mm(self.page_width_mm - self.margin_inner_mm - self.margin_outer_mm)
    }
    /// Height of the text block.
    pub fn text_height(&self) -> f32 {
        mm(self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm)
    }
    /// Horizontal pitch of one grid character: text width / characters per line.
    pub fn char_pitch(&self) -> f32 {
        self.text_width() / self.chars_per_line.max(1) as f32
    }
    /// Height of one line slot: text height / lines per page.
    pub fn line_pitch(&self) -> f32 {
        self.text_height() / self.lines_per_page.max(1) as f32
    }
    /// Left edge of the text block on a page (1-based number); mirrored on even pages in duplex.
    pub fn text_left(&self, page_number: usize) -> f32 {
        if self.duplex && page_number.is_multiple_of(2) {
            mm(self.margin_outer_mm)
        } else {
            mm(self.margin_inner_mm)
        }
    }
    pub fn text_top(&self) -> f32 {
        mm(self.margin_top_mm)
    }

    /// Checks values a user may have typed; returns problems in Chinese.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.text_width() <= 0.0 || self.text_height() <= 0.0 {
            out.push("页边距大于纸张尺寸".to_string());
        }
        if self.chars_per_line < 4 || self.lines_per_page < 4 {
            out.push("版心网格过小（每行至少4字、每页至少4行）".to_string());
        }
        if self.body_size <= 0.0 || self.title_size <= 0.0 {
            out.push("字号必须大于0".to_string());
        }
        if self.masthead_slots + 4 > self.lines_per_page {
            out.push("报头占用行数过多".to_string());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn house_profile_has_the_seed_grid() {
        let s = Style::house();
        assert!((s.text_width() - mm(156.0)).abs() < 1e-3);
        assert!((s.text_height() - mm(225.0)).abs() < 1e-3);
        assert!((s.char_pitch() - 13.82).abs() < 0.01, "{}", s.char_pitch());
        assert!((s.line_pitch() - 22.0).abs() < 0.03, "{}", s.line_pitch());
        assert_eq!(s.text_left(1), mm(28.0));
        assert_eq!(s.text_left(2), mm(26.0));
        assert!(s.problems().is_empty());
    }

    #[test]
    fn gb_profile_has_the_standard_grid() {
        let s = Style::gb();
        assert_eq!((s.chars_per_line, s.lines_per_page), (28, 22));
        assert!((s.char_pitch() - 15.79).abs() < 0.01);
        assert!((s.line_pitch() - 28.99).abs() < 0.01);
    }

    #[test]
    fn style_round_trips_as_json() {
        let s = Style::gb();
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Style>(&j).unwrap(), s);
    }
}
