//! The allowed range of every style number, in one table (`RANGES`) that validation,
//! the doc comments and the README are checked against.

use super::Style;

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
    /// Pixels per inch.
    Dpi,
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
            Unit::Dpi => ("dpi", "dpi"),
        }
    }

    /// Whether values are whole numbers (saved as integers).
    pub(super) fn whole(self) -> bool {
        matches!(self, Unit::Lines | Unit::Paragraphs | Unit::Dpi)
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
    pub(super) get: fn(&Style) -> f64,
    /// Sets the field (integers saturate), for tests that sweep the ranges.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(super) set: fn(&mut Style, f64),
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
                get: |s| ranges!(@get $kind, s.$field $(.cmyk[$i])?, $min),
                set: |s, v| ranges!(@set $kind, s.$field $(.cmyk[$i])?, v),
            },
        )*];
    };
    (@int real) => { false };
    (@int len) => { false };
    (@int ink) => { false };
    (@int u32) => { true };
    (@int usize) => { true };
    (@int opt) => { false };
    (@get real, $e:expr, $m:expr) => { f64::from($e) };
    (@get len, $e:expr, $m:expr) => { f64::from($e.0) };
    (@get u32, $e:expr, $m:expr) => { f64::from($e) };
    (@get usize, $e:expr, $m:expr) => { $e as f64 };
    (@get ink, $e:expr, $m:expr) => { f64::from($e) };
    // An unset optional length takes its profile's value, which is in range.
    (@get opt, $e:expr, $m:expr) => { $e.map_or($m, |v| f64::from(v.0)) };
    (@set real, $e:expr, $v:expr) => { $e = $v as f32 };
    (@set len, $e:expr, $v:expr) => { $e.0 = $v as f32 };
    (@set ink, $e:expr, $v:expr) => { $e = $v as f32 };
    (@set u32, $e:expr, $v:expr) => { $e = $v as u32 };
    (@set usize, $e:expr, $v:expr) => { $e = $v as usize };
    (@set opt, $e:expr, $v:expr) => { $e.get_or_insert_with(Default::default).0 = $v as f32 };
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
    table_size: "表格字号", Pt, 4.0..=100.0, opt;
    table_rule_mm: "表格线粗细", Mm, 0.0..=5.0, opt;
    table_padding_em: "表格单元格边距", Em, 0.0..=2.0, opt;
    picture_max_dpi: "图片最高分辨率", Dpi, 72.0..=1200.0, u32;
    caption_size: "图注字号", Pt, 4.0..=100.0, opt;
}
