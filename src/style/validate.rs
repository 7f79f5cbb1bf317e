//! Checking a style: numbers outside their ranges (refused, with messages naming the
//! field) and values that are allowed but give a page nobody wants (warnings).

use super::{Style, Unit, RANGES};

impl Style {
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

pub(super) fn number(v: f64, unit: Unit) -> String {
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
