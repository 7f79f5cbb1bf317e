//! The house style: page geometry, grid, faces and sizes of every element.
//!
//! Every value the specification marks as a setting ([I] in house-format.md) is a field
//! here, never a constant in layout code. A style is serde data, so it can be saved with
//! an issue or as the user's default.

use crate::units::{Em, Mm, Pt};
use serde::{Deserialize, Serialize};

/// Millimetres to PostScript points (1 pt = 1/72 in) for a plain number that is not a
/// style field (a test's expectation, an exporter's own constant); style fields carry
/// their unit and convert with [`Mm::to_pt`].
pub fn mm(v: f32) -> f32 {
    Mm(v).to_pt().0
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

/// A colour for print: CMYK in the PDF, an RGB approximation on screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ink {
    /// Cyan, magenta, yellow, black, each 0–1. Range: 0–1.
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
        // A set, not `out.contains`: a hand-edited style may list 100,000 names.
        let mut seen = std::collections::HashSet::new();
        for f in self
            .title
            .iter()
            .chain(&self.body)
            .chain(&self.hei)
            .chain(&self.kai)
            .chain(&self.song)
            .chain(&self.latin)
        {
            if seen.insert(f.as_str()) {
                out.push(f.clone());
            }
        }
        out
    }
}

/// The complete house style. Fields missing from a saved style take profile H's values,
/// so styles saved by older versions still load.
///
/// Every number has an allowed range (in its doc comment, in the README and in
/// [`RANGES`], which [`Style::validate`] checks): a style outside it is refused where it
/// is loaded, so no value can put text off the page, make the grid collapse or reach
/// the PDF as a number a reader cannot parse.
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

    /// Every value outside its allowed range, for the editor (Chinese); empty when the
    /// style can be used. Loaders should call [`Style::validate`] for the structured form.
    pub fn problems(&self) -> Vec<String> {
        match self.validate() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(StyleError::chinese).collect(),
        }
    }

    /// Checks every number against its allowed range ([`RANGES`]) and the ranges that
    /// depend on other fields (a usable text block, room for text under the masthead);
    /// all problems at once, so a hand-edited file is fixed in one go.
    pub fn validate(&self) -> Result<(), Vec<StyleError>> {
        let mut out: Vec<StyleError> = RANGES
            .iter()
            .filter_map(|spec| {
                let value = (spec.get)(self);
                // Real fields hold f32: a bound such as 0.2 is compared as the f32 nearest it.
                let (lo, hi) = if spec.integer {
                    (spec.min, spec.max)
                } else {
                    (f64::from(spec.min as f32), f64::from(spec.max as f32))
                };
                (!(value >= lo && value <= hi)).then(|| StyleError {
                    field: spec.field.into(),
                    label_zh: spec.label_zh,
                    value,
                    min: spec.min,
                    max: spec.max,
                    unit: spec.unit,
                    bound: None,
                })
            })
            .collect();
        // Ranges that depend on other fields are checked only once those fields are
        // valid themselves, so one typo gives one message.
        let bad = |field: &str| out.iter().any(|e| e.field == field);
        let mut dependent = Vec::new();
        let page = ["page_width_mm", "page_height_mm"];
        let sides = [
            (
                "版心宽度",
                "text block width",
                page[0],
                "margin_inner_mm",
                "margin_outer_mm",
            ),
            (
                "版心高度",
                "text block height",
                page[1],
                "margin_top_mm",
                "margin_bottom_mm",
            ),
        ];
        for (k, (zh, en, extent, a, b)) in sides.into_iter().enumerate() {
            if bad(extent) || bad(a) || bad(b) {
                continue;
            }
            let (whole, m1, m2) = if k == 0 {
                (
                    self.page_width_mm,
                    self.margin_inner_mm,
                    self.margin_outer_mm,
                )
            } else {
                (
                    self.page_height_mm,
                    self.margin_top_mm,
                    self.margin_bottom_mm,
                )
            };
            let block = f64::from(whole.0) - f64::from(m1.0) - f64::from(m2.0);
            if block < MIN_TEXT_BLOCK_MM {
                dependent.push(StyleError {
                    field: format!("{a} + {b}").into(),
                    label_zh: zh,
                    value: block,
                    min: MIN_TEXT_BLOCK_MM,
                    max: f64::from(whole.0),
                    unit: Unit::Mm,
                    bound: Some(Bound {
                        en: format!("the margins leave a {en} of {}; it must be at least {} (page {extent} minus both margins)", shown(block, Unit::Mm), shown(MIN_TEXT_BLOCK_MM, Unit::Mm)),
                        zh: format!("页边距只留下 {} 毫米的{zh}，至少要 {} 毫米", shown(block, Unit::Mm), shown(MIN_TEXT_BLOCK_MM, Unit::Mm)),
                    }),
                });
            }
        }
        if !bad("lines_per_page") {
            let lines = f64::from(self.lines_per_page);
            let limits: [(&str, &str, f64, f64, &str, &str); 5] = [
                (
                    "masthead_slots",
                    "报头行数",
                    f64::from(self.masthead_slots),
                    lines - 4.0,
                    "lines_per_page − 4, so page 1 keeps four lines for text",
                    "每页行数减 4，首页要留至少 4 行正文",
                ),
                (
                    "indent_chars",
                    "首行缩进字数",
                    f64::from(self.indent_chars),
                    f64::from(self.chars_per_line) - 1.0,
                    "chars_per_line − 1, so an indented line keeps a character",
                    "每行字数减 1，缩进后一行至少还有一个字",
                ),
                (
                    "title_space_slots",
                    "标题上方空行",
                    f64::from(self.title_space_slots),
                    (lines / 2.0).floor(),
                    "half of lines_per_page",
                    "每页行数的一半",
                ),
                (
                    "section_space_slots",
                    "栏目名上方空行",
                    f64::from(self.section_space_slots),
                    (lines / 2.0).floor(),
                    "half of lines_per_page",
                    "每页行数的一半",
                ),
                (
                    "distribution_gap_slots",
                    "版记上方空行",
                    f64::from(self.distribution_gap_slots),
                    (lines / 2.0).floor(),
                    "half of lines_per_page",
                    "每页行数的一半",
                ),
            ];
            for (field, label_zh, value, max, en, zh) in limits {
                if bad(field) || (field == "indent_chars" && bad("chars_per_line")) {
                    continue;
                }
                if value > max {
                    let unit = RANGES
                        .iter()
                        .find(|r| r.field == field)
                        .map_or(Unit::Lines, |r| r.unit);
                    dependent.push(StyleError {
                        field: field.into(),
                        label_zh,
                        value,
                        min: 0.0,
                        max,
                        unit,
                        bound: Some(Bound {
                            en: format!("at most {}: {en}", shown(max, unit)),
                            zh: format!("最多 {}（{zh}）", shown(max, unit)),
                        }),
                    });
                }
            }
        }
        out.extend(dependent);
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }

    /// Values that are each allowed but together give a page the editor will not want:
    /// lines closer than the body size (they overlap), characters narrower than the body
    /// size (they overlap), a page number below the paper's edge. Layout passes these on
    /// as warnings, in Chinese and English; the style stays usable.
    pub fn findings(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let body = self.body_size;
        let line = self.line_pitch();
        if line < body {
            out.push((
                format!("版式：行距 {:.1} 磅（版心高度÷每页{}行）小于正文字号 {} 磅，正文各行会重叠；请减少每页行数或减小字号", line.0, self.lines_per_page, body.0),
                format!("style: the line pitch of {:.1} pt (text block height / {} lines) is less than the body size of {} pt, so body lines overlap; use fewer lines per page or a smaller size", line.0, self.lines_per_page, body.0),
            ));
        }
        let cell = self.char_pitch();
        if cell < 0.8 * body {
            out.push((
                format!("版式：字距 {:.1} 磅（版心宽度÷每行{}字）远小于正文字号 {} 磅，正文的字会互相重叠；请减少每行字数或减小字号", cell.0, self.chars_per_line, body.0),
                format!("style: the character pitch of {:.1} pt (text block width / {} characters) is well below the body size of {} pt, so body characters overlap; use fewer characters per line or a smaller size", cell.0, self.chars_per_line, body.0),
            ));
        }
        let number_bottom = self.text_top()
            + self.text_height()
            + self.page_number_drop_mm.to_pt()
            + self.page_number_size;
        if number_bottom > self.page_height() {
            out.push((
                "版式：页码下沉距离加页码字号超出了地脚，页码会落到纸张下边以外；请加大地脚或减小下沉距离".to_string(),
                "style: the page-number drop plus its size is more than the bottom margin, so page numbers fall off the paper; enlarge the bottom margin or reduce the drop".to_string(),
            ));
        }
        out
    }
}

/// The smallest text block (版心) the margins may leave, each way: room for a few
/// characters of the largest allowed size.
pub const MIN_TEXT_BLOCK_MM: f64 = 40.0;

/// What a style number measures, for messages and for the README's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Mm,
    Pt,
    /// A fraction of the font size (or, for body-text widths, of the character pitch).
    Em,
    Chars,
    Lines,
    /// A plain fraction 0–1.
    Fraction,
    Paragraphs,
}

impl Unit {
    /// The unit's name after a number, in English and Chinese ("" for plain numbers).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Unit::Mm => ("mm", "毫米"),
            Unit::Pt => ("pt", "磅"),
            Unit::Em => ("em", "字宽"),
            Unit::Chars => ("characters", "字"),
            Unit::Lines => ("lines", "行"),
            Unit::Fraction => ("", ""),
            Unit::Paragraphs => ("paragraphs", "段"),
        }
    }

    /// Whether values are whole numbers (saved as integers).
    fn whole(self) -> bool {
        matches!(self, Unit::Lines | Unit::Paragraphs)
    }
}

/// One number of the style with its allowed range: the one table the validation, the
/// doc comments and the README's list are checked against.
pub struct FieldRange {
    /// The key in a saved style (`"red.cmyk[1]"` for a colour component).
    pub field: &'static str,
    /// What the editor calls it.
    pub label_zh: &'static str,
    pub unit: Unit,
    pub min: f64,
    pub max: f64,
    /// Saved as a whole number (no NaN or fraction can be written into it).
    pub integer: bool,
    get: fn(&Style) -> f64,
    /// Sets the field (integers saturate), for tests that sweep the ranges.
    #[cfg_attr(not(test), allow(dead_code))]
    set: fn(&mut Style, f64),
}

macro_rules! ranges {
    ($( $field:ident $([$i:literal])? : $zh:literal, $unit:ident, $min:literal ..= $max:literal, $kind:ident; )*) => {
        /// The allowed range of every number in a [`Style`].
        pub const RANGES: &[FieldRange] = &[$(
            FieldRange {
                field: concat!(stringify!($field) $(, ".cmyk[", stringify!($i), "]")?),
                label_zh: $zh,
                unit: Unit::$unit,
                min: $min,
                max: $max,
                integer: ranges!(@int $kind),
                get: |s| ranges!(@get $kind, s.$field $(.cmyk[$i])?),
                set: |s, v| ranges!(@set $kind, s.$field $(.cmyk[$i])?, v),
            },
        )*];
    };
    (@int real) => { false };
    (@int len) => { false };
    (@int ink) => { false };
    (@int u32) => { true };
    (@int usize) => { true };
    (@get real, $e:expr) => { f64::from($e) };
    (@get len, $e:expr) => { f64::from($e.0) };
    (@get u32, $e:expr) => { f64::from($e) };
    (@get usize, $e:expr) => { $e as f64 };
    (@get ink, $e:expr) => { f64::from($e) };
    (@set real, $e:expr, $v:expr) => { $e = $v as f32 };
    (@set len, $e:expr, $v:expr) => { $e.0 = $v as f32 };
    (@set ink, $e:expr, $v:expr) => { $e = $v as f32 };
    (@set u32, $e:expr, $v:expr) => { $e = $v as u32 };
    (@set usize, $e:expr, $v:expr) => { $e = $v as usize };
}

ranges! {
    page_width_mm: "纸张宽度", Mm, 50.0..=1000.0, len;
    page_height_mm: "纸张高度", Mm, 50.0..=1000.0, len;
    margin_top_mm: "天头", Mm, 0.0..=500.0, len;
    margin_bottom_mm: "地脚", Mm, 0.0..=500.0, len;
    margin_inner_mm: "订口", Mm, 0.0..=500.0, len;
    margin_outer_mm: "切口", Mm, 0.0..=500.0, len;
    chars_per_line: "每行字数", Chars, 4.0..=100.0, u32;
    lines_per_page: "每页行数", Lines, 4.0..=100.0, u32;
    body_size: "正文字号", Pt, 4.0..=100.0, len;
    indent_chars: "首行缩进字数", Chars, 0.0..=10.0, real;
    cjk_latin_gap_em: "中西文间距", Em, 0.0..=1.0, len;
    masthead_slots: "报头行数", Lines, 0.0..=96.0, u32;
    masthead_name_size: "报头名称字号", Pt, 4.0..=100.0, len;
    masthead_name_spread: "报头名称撑开比例", Fraction, 0.0..=1.0, real;
    issue_line_size: "期号行字号", Pt, 4.0..=100.0, len;
    org_date_size: "编发单位和日期字号", Pt, 4.0..=100.0, len;
    classification_size: "密级字号", Pt, 4.0..=100.0, len;
    org_date_inset_em: "编发单位和日期缩进", Em, 0.0..=10.0, len;
    masthead_rule_pt: "红色分隔线粗细", Pt, 0.0..=10.0, len;
    masthead_rule_gap_mm: "红线与上一行的距离", Mm, 0.0..=50.0, len;
    red[0]: "红色（青）", Fraction, 0.0..=1.0, ink;
    red[1]: "红色（品红）", Fraction, 0.0..=1.0, ink;
    red[2]: "红色（黄）", Fraction, 0.0..=1.0, ink;
    red[3]: "红色（黑）", Fraction, 0.0..=1.0, ink;
    title_size: "标题字号", Pt, 4.0..=100.0, len;
    title_space_slots: "标题上方空行", Lines, 0.0..=10.0, u32;
    subtitle_size: "副题字号", Pt, 4.0..=100.0, len;
    section_size: "栏目名字号", Pt, 4.0..=100.0, len;
    section_space_slots: "栏目名上方空行", Lines, 0.0..=10.0, u32;
    byline_size: "署名字号", Pt, 4.0..=100.0, len;
    byline_min_gap_em: "署名与正文的最小间距", Em, 0.0..=10.0, len;
    list_indent_em: "名单缩进", Em, 0.0..=10.0, len;
    list_name_box_em: "名单人名宽度", Em, 0.0..=20.0, len;
    list_gap_em: "名单间距", Em, 0.0..=10.0, len;
    list_category_size: "名单类别字号", Pt, 4.0..=100.0, len;
    distribution_size: "版记字号", Pt, 4.0..=100.0, len;
    distribution_label_inset_em: "版记标签缩进", Em, 0.0..=10.0, len;
    distribution_right_inset_em: "版记右缩进", Em, 0.0..=10.0, len;
    distribution_rule_mm: "版记粗线粗细", Mm, 0.0..=5.0, len;
    distribution_inner_rule_mm: "版记细线粗细", Mm, 0.0..=5.0, len;
    distribution_gap_slots: "版记上方空行", Lines, 0.0..=10.0, u32;
    fit_max_paragraphs: "紧排最多段数", Paragraphs, 0.0..=1000.0, usize;
    fit_tracking_em: "紧缩字距", Em, 0.0..=0.2, len;
    page_number_size: "页码字号", Pt, 4.0..=100.0, len;
    page_number_drop_mm: "页码下沉距离", Mm, 0.0..=100.0, len;
    page_number_inset_em: "页码缩进", Em, 0.0..=10.0, len;
}

/// A dependent upper bound, said in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub en: String,
    pub zh: String,
}

/// A style number outside its allowed range: which field, the value found and the
/// range, so the loader can refuse the file with a message that says what to change.
/// The file's name is the caller's to add ([`StyleError::en_in`], [`StyleError::zh_in`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StyleError {
    /// The key in the saved style (`"margin_inner_mm + margin_outer_mm"` when the
    /// problem is what two fields leave together).
    pub field: std::borrow::Cow<'static, str>,
    /// The same in the editor's words.
    pub label_zh: &'static str,
    /// The value found (for a dependent range, the derived value).
    pub value: f64,
    pub min: f64,
    pub max: f64,
    pub unit: Unit,
    /// Set when the range depends on other fields: the bound in words.
    pub bound: Option<Bound>,
}

impl std::fmt::Display for StyleError {
    /// English, without the file: `style field page_width_mm is inf; allowed: 50 to 1000 mm`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = shown(self.value, self.unit);
        match &self.bound {
            Some(b) => write!(f, "style field {} is {value}; {}", self.field, b.en),
            None => write!(
                f,
                "style field {} is {value}; allowed: {} to {}",
                self.field,
                shown(self.min, self.unit),
                shown(self.max, self.unit)
            ),
        }
    }
}

impl std::error::Error for StyleError {}

impl StyleError {
    /// The message in Chinese, without the file.
    pub fn chinese(&self) -> String {
        let value = shown_zh(self.value, self.unit);
        match &self.bound {
            Some(b) => format!(
                "版式中的{}（{}）为 {value}，{}",
                self.label_zh, self.field, b.zh
            ),
            None => format!(
                "版式中的{}（{}）为 {value}，允许范围 {}–{}",
                self.label_zh,
                self.field,
                number(self.min, self.unit),
                shown_zh(self.max, self.unit)
            ),
        }
    }

    /// The English message naming the file the style came from.
    pub fn en_in(&self, file: &str) -> String {
        format!("{file}: {self}")
    }

    /// The Chinese message naming the file the style came from.
    pub fn zh_in(&self, file: &str) -> String {
        format!("{file}：{}", self.chinese())
    }
}

/// A number as the messages show it: `inf`, `NaN`, `1e38`, `12.5 mm`, `29 lines`.
fn shown(v: f64, unit: Unit) -> String {
    let (name, _) = unit.names();
    let n = number(v, unit);
    if name.is_empty() {
        n
    } else {
        format!("{n} {name}")
    }
}

fn shown_zh(v: f64, unit: Unit) -> String {
    let (_, name) = unit.names();
    let n = number(v, unit);
    if name.is_empty() {
        n
    } else {
        format!("{n} {name}")
    }
}

fn number(v: f64, unit: Unit) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_string()
    } else if v.abs() >= 1e7 {
        format!("{:e}", v as f32)
    } else if unit.whole() || v.fract() == 0.0 {
        format!("{}", v.round() as i64)
    } else {
        // Shortest form of the value as the file held it (f32), not f64's expansion.
        format!("{}", v as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the acceptance run: five roles of 100,000 names each took minutes to
    /// gather (a linear `contains` per name).
    #[test]
    fn gathering_many_family_names_is_linear() {
        let mut fonts = Style::house().fonts;
        let names: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
        fonts.title = names.clone();
        fonts.body = names.clone();
        fonts.kai = names;
        let t = std::time::Instant::now();
        let all = fonts.all_families();
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
        // The names in their first order, each once (hei, song and latin share none).
        assert_eq!(
            all.len(),
            100_000 + fonts.hei.len() + fonts.song.len() + fonts.latin.len()
        );
        assert_eq!((all[0].as_str(), all[99_999].as_str()), ("x0", "x99999"));
    }

    #[test]
    fn house_profile_has_the_seed_grid() {
        let s = Style::house();
        assert!((s.text_width().0 - mm(156.0)).abs() < 1e-3);
        assert!((s.text_height().0 - mm(225.0)).abs() < 1e-3);
        assert!(
            (s.char_pitch().0 - 13.82).abs() < 0.01,
            "{:?}",
            s.char_pitch()
        );
        assert!(
            (s.line_pitch().0 - 22.0).abs() < 0.03,
            "{:?}",
            s.line_pitch()
        );
        assert_eq!(s.text_left(1), Mm(28.0).to_pt());
        assert_eq!(s.text_left(2), Mm(26.0).to_pt());
        assert!(s.problems().is_empty());
    }

    #[test]
    fn gb_profile_has_the_standard_grid() {
        let s = Style::gb();
        assert_eq!((s.chars_per_line, s.lines_per_page), (28, 22));
        assert!((s.char_pitch().0 - 15.79).abs() < 0.01);
        assert!((s.line_pitch().0 - 28.99).abs() < 0.01);
    }

    #[test]
    fn style_round_trips_as_json() {
        let s = Style::gb();
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Style>(&j).unwrap(), s);
    }

    /// Values a sweep tries for one field: (value, whether it is inside the range).
    fn sweep(spec: &FieldRange) -> Vec<(f64, bool)> {
        let (lo, hi) = (spec.min, spec.max);
        let mut v = vec![(lo, true), (hi, true), (((lo + hi) / 2.0).round(), true)];
        if spec.integer {
            v.push((hi + 1.0, false));
            v.push((f64::from(u32::MAX), false));
            if lo > 0.0 {
                v.push((lo - 1.0, false));
            }
        } else {
            // The nearest f32 values on each side of each bound.
            let (lo32, hi32) = (lo as f32, hi as f32);
            v.push((f64::from(lo32.next_up()), true));
            v.push((f64::from(hi32.next_down()), true));
            v.push((f64::from(lo32.next_down()), false));
            v.push((f64::from(hi32.next_up()), false));
            v.extend([
                (f64::NAN, false),
                (f64::INFINITY, false),
                (f64::NEG_INFINITY, false),
                (-1.0, false),
                (1e38, false),
                (f64::from(f32::MAX), false),
            ]);
        }
        v.retain(|(x, _)| !spec.integer || *x >= 0.0);
        v
    }

    /// Each field, in both profiles, just inside and just outside its range and at the
    /// values a hostile file holds: refused exactly when outside, the error naming the
    /// field, the value and the range in English and Chinese.
    #[test]
    fn every_field_is_refused_exactly_outside_its_range() {
        for base in [Style::house(), Style::gb()] {
            assert_eq!(base.validate(), Ok(()), "{:?}", base.profile);
            for spec in RANGES {
                for (value, inside) in sweep(spec) {
                    let mut s = base.clone();
                    (spec.set)(&mut s, value);
                    let set = (spec.get)(&s);
                    let errors = s.validate().err().unwrap_or_default();
                    let own: Vec<&StyleError> = errors
                        .iter()
                        .filter(|e| e.field == spec.field && e.bound.is_none())
                        .collect();
                    if inside {
                        assert!(own.is_empty(), "{} = {value}: {own:?}", spec.field);
                        continue;
                    }
                    assert_eq!(own.len(), 1, "{} = {value} not refused", spec.field);
                    let e = own[0];
                    assert!(e.value.total_cmp(&set).is_eq() || (e.value.is_nan() && set.is_nan()));
                    assert_eq!((e.min, e.max), (spec.min, spec.max));
                    let (en, zh) = (e.en_in("a.jianbao"), e.zh_in("a.jianbao"));
                    let shown_value = number(set, spec.unit);
                    for needle in [spec.field, shown_value.as_str(), "a.jianbao"] {
                        assert!(en.contains(needle), "{en} lacks {needle}");
                        assert!(zh.contains(needle), "{zh} lacks {needle}");
                    }
                    assert!(en.contains(&number(spec.max, spec.unit)), "{en}");
                    assert!(
                        zh.contains(spec.label_zh) && zh.contains("允许范围"),
                        "{zh}"
                    );
                    assert!(!s.problems().is_empty());
                }
            }
        }
    }

    #[test]
    fn margins_must_leave_a_usable_text_block() {
        let mut s = Style::house();
        // 210 − 28 − 26 = 156 mm; leave exactly the minimum, then a little less.
        s.margin_outer_mm = Mm(210.0 - 28.0 - MIN_TEXT_BLOCK_MM as f32);
        assert_eq!(s.validate(), Ok(()));
        s.margin_outer_mm += Mm(0.5);
        let errors = s.validate().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "margin_inner_mm + margin_outer_mm");
        assert!(errors[0].to_string().contains("39.5 mm"), "{}", errors[0]);
        assert!(
            errors[0].chinese().contains("版心宽度"),
            "{}",
            errors[0].chinese()
        );
        let mut s = Style::house();
        s.margin_top_mm = Mm(200.0);
        s.margin_bottom_mm = Mm(200.0);
        let errors = s.validate().unwrap_err();
        assert_eq!(errors[0].field, "margin_top_mm + margin_bottom_mm");
        assert!(errors[0].value < 0.0);
    }

    #[test]
    fn slots_and_indent_must_leave_room_on_the_grid() {
        let base = Style::house();
        let refused = |s: &Style, field: &str| {
            s.validate()
                .err()
                .unwrap_or_default()
                .iter()
                .any(|e| e.field == field)
        };
        let mut s = base.clone();
        s.masthead_slots = s.lines_per_page - 4;
        assert!(!refused(&s, "masthead_slots"));
        s.masthead_slots += 1;
        assert!(refused(&s, "masthead_slots"));
        let mut s = base.clone();
        s.lines_per_page = 6;
        s.masthead_slots = 2;
        s.section_space_slots = 3;
        assert!(!refused(&s, "section_space_slots"));
        s.section_space_slots = 4;
        assert!(refused(&s, "section_space_slots"));
        let mut s = base.clone();
        s.chars_per_line = 8;
        s.indent_chars = 7.0;
        assert!(!refused(&s, "indent_chars"));
        s.indent_chars = 7.5;
        assert!(refused(&s, "indent_chars"));
        // A bad grid gives one message (about the grid), not a second about the slots.
        let mut s = base;
        s.lines_per_page = u32::MAX;
        assert_eq!(s.validate().unwrap_err().len(), 1);
    }

    /// Style numbers too large for f32 arrive from JSON as infinity and are refused.
    #[test]
    fn a_huge_number_in_a_file_is_refused_as_infinite() {
        let s: Style = serde_json::from_str(r#"{"page_width_mm": 1e39, "body_size": 3.4e38}"#)
            .unwrap_or_default();
        let errors = s.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, ["page_width_mm", "body_size"]);
        assert!(errors[0].to_string().contains("is inf"), "{}", errors[0]);
        assert!(errors[1].to_string().contains("3.4e38"), "{}", errors[1]);
    }

    #[test]
    fn allowed_but_clashing_values_are_reported_as_findings() {
        assert!(Style::house().findings().is_empty());
        assert!(Style::gb().findings().is_empty());
        let mut s = Style::house();
        s.lines_per_page = 50;
        s.body_size = Pt(24.0);
        let f = s.findings();
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].1.contains("lines overlap") && f[1].1.contains("characters overlap"));
        let mut s = Style::house();
        s.margin_bottom_mm = Mm(10.0);
        s.margin_top_mm = Mm(62.0);
        assert!(s.findings()[0].1.contains("page numbers fall off"));
    }

    /// The ranges are written in the field's doc comment and in the README, and agree
    /// with the table the validation uses.
    #[test]
    fn ranges_are_documented_where_they_are_checked() {
        let source = include_str!("style.rs");
        let readme = include_str!("../README.md");
        for spec in RANGES {
            let range = format!(
                "{}–{}",
                number(spec.min, spec.unit),
                number(spec.max, spec.unit)
            );
            let field = spec.field.split('.').next().unwrap_or(spec.field);
            let (item, doc_field) = if field == "red" {
                ("cmyk", "red")
            } else {
                (field, field)
            };
            let decl = format!("    pub {item}:");
            let at = source
                .find(&decl)
                .unwrap_or_else(|| panic!("no field {item}"));
            let mut doc: Vec<&str> = source[..at]
                .lines()
                .rev()
                .map_while(|l| l.trim_start().strip_prefix("///"))
                .map(str::trim)
                .collect();
            doc.reverse();
            let doc = doc.join(" ");
            assert!(
                doc.contains(&format!("Range: {range}")),
                "{item}: doc lacks {range}: {doc}"
            );
            let row = readme
                .lines()
                .find(|l| l.contains(&format!("`{doc_field}`")))
                .unwrap_or_else(|| panic!("README lists no `{doc_field}`"));
            assert!(
                row.contains(&range),
                "README row for {doc_field} lacks {range}: {row}"
            );
        }
    }

    /// A style saved before its numbers had units (millimetres, points, em as plain
    /// numbers in the file) still loads to the same values and saves byte for byte as
    /// it was: the units are a matter of the code, not of the file format.
    #[test]
    fn a_style_saved_before_units_loads_and_saves_unchanged() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/reference/style-before-units.jianbao"
        );
        let saved = std::fs::read_to_string(path).unwrap_or_default();
        if saved.is_empty() && std::env::var_os("JIANBAO_UPDATE_REFERENCE").is_some() {
            let mut issue = crate::model::Issue::sample();
            let mut style = Style::gb();
            style.margin_top_mm = Mm(36.5);
            style.distribution_rule_mm = Mm(0.3);
            style.body_size = Pt(15.5);
            style.masthead_rule_pt = Pt(1.25);
            style.fit_tracking_em = Em(0.015);
            style.list_name_box_em = Em(3.5);
            issue.style = Some(style);
            let _ = std::fs::write(path, issue.to_json());
            return;
        }
        let issue = crate::model::Issue::from_json(&saved, path).expect("the fixture loads");
        assert_eq!(issue.to_json(), saved);
        let style = issue.style.expect("the fixture has a style");
        assert_eq!(style.margin_top_mm, Mm(36.5));
        assert_eq!(style.distribution_rule_mm, Mm(0.3));
        assert_eq!(style.body_size, Pt(15.5));
        assert_eq!(style.masthead_rule_pt, Pt(1.25));
        assert_eq!(style.fit_tracking_em, Em(0.015));
        assert_eq!(style.page_width_mm, Mm(210.0));
        assert_eq!(style.validate(), Ok(()));
    }
}
