//! Display elements set as wrapped, unjustified lines: titles, subtitles, section
//! labels, bylines on their own line, list categories and cells, recipients. Whatever
//! their length they stay inside their measure; a word that cannot fit is split and
//! the editor is told which word and where (house-format.md §3.2–§3.8).

use super::cjk::CharKind;
use super::flow::{
    shift, Ctx, FlowLine, Role, Tag, Variant, LONG_PARAGRAPH_CHARS, OVERLAP_LINES, WINDOW_CHARS,
};
use super::pages::{GlyphRun, LineKind, Source, Warning};
use super::text::prepare;
use super::wrap::{balanced, Wrapped};
use crate::layout::linebreak::compose;
use crate::style::Ink;

/// Where an element is, for warnings: in Chinese for the editor's window and in plain
/// English for the command line.
#[derive(Debug, Clone)]
pub struct Place {
    pub zh: String,
    pub en: String,
}

impl Place {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Place {
        Place {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// One set line of a wrapped element: runs from x = 0 on baseline 0, and its width.
pub struct SetLine {
    pub runs: Vec<GlyphRun>,
    pub width: f32,
}

impl Ctx<'_> {
    /// Sets `text` in lines at most `first` wide (the first) and `rest` wide (the
    /// others), balanced; reports split words and anything still too wide. A text of
    /// more than [`LONG_PARAGRAPH_CHARS`] characters (no real title comes near) is
    /// wrapped window by window, so memory follows the window, not the text.
    pub fn wrapped(
        &mut self,
        text: &str,
        role: Role,
        size: f32,
        tag: Tag,
        widths: (f32, f32),
        place: &Place,
    ) -> Vec<SetLine> {
        let ts = self.text_style(role, size);
        let windowed = text.chars().nth(LONG_PARAGRAPH_CHARS).is_some();
        let mut out: Vec<SetLine> = Vec::new();
        let mut forced_all: Vec<String> = Vec::new();
        let mut overfull_any = false;
        let mut warned_missing = false;
        let mut rest = text;
        while !rest.is_empty() {
            let end = if windowed {
                rest.char_indices()
                    .nth(WINDOW_CHARS)
                    .map_or(rest.len(), |(i, _)| i)
            } else {
                rest.len()
            };
            let last_window = end == rest.len();
            let window = &rest[..end];
            let p = if warned_missing {
                prepare(window, &ts, self.book)
            } else {
                let before = self.warnings.len();
                let p = self.prepare(window, &ts, tag.source, &place.zh);
                warned_missing = self.warnings.len() > before;
                p
            };
            if p.pieces.is_empty() {
                break;
            }
            let first_line = out.is_empty();
            let first = if first_line { widths.0 } else { widths.1 };
            let Wrapped {
                mut lines,
                forced,
                overfull,
            } = balanced(&p, first, widths.1);
            let n = lines.len();
            if !last_window && n > 1 {
                lines.truncate(n - OVERLAP_LINES.min(n - 1));
            }
            for word in forced {
                if !forced_all.contains(&word) && forced_all.len() < 16 {
                    forced_all.push(word);
                }
            }
            overfull_any |= overfull;
            let consumed = match lines.last().and_then(|l| p.pieces.get(l.1)) {
                Some(next) if !last_window => next.offset,
                _ => window.len(),
            };
            let blank = |i: usize| p.pieces[i].kind == CharKind::IdeoSpace;
            for (k, (mut a, mut b)) in lines.into_iter().enumerate() {
                // An ideographic space at a line's edge would shift a centred or
                // right-aligned line by a blank cell: it is dropped there.
                while b > a + 1 && blank(a) {
                    a += 1;
                }
                while b > a + 1 && blank(b - 1) {
                    b -= 1;
                }
                let limit = if first_line && k == 0 {
                    widths.0
                } else {
                    widths.1
                };
                let set = compose(&p, a, b, limit, false);
                out.push(SetLine {
                    runs: self.runs(&p, a, &set.glyph_x, 0.0, &ts, tag),
                    width: set.end_x,
                });
            }
            if consumed == 0 || last_window {
                break;
            }
            rest = &rest[consumed..];
        }
        self.report_split(&forced_all, tag.source, place);
        if overfull_any {
            self.warnings.push(Warning {
                code: "text-overflow",
                zh: format!("{}：有字符比一行还宽，超出了版心", place.zh),
                en: format!(
                    "{}: a character is wider than the line and runs past the text block",
                    place.en
                ),
                source: tag.source,
                page: None,
            });
        }
        out
    }

    /// Tells the editor which words were split because they are longer than a line,
    /// and which runs of marks were broken against the line-break rules (the first
    /// few of each, with how many more).
    pub fn report_split(&mut self, words: &[String], source: Source, place: &Place) {
        if words.is_empty() {
            return;
        }
        const SHOWN: usize = 3;
        let is_word = |w: &&String| {
            w.chars()
                .any(|c| c.is_alphanumeric() && !super::cjk::is_han(c))
        };
        let (latin, marks): (Vec<&String>, Vec<&String>) = words.iter().partition(is_word);
        let list = |ws: &[&String], zh: bool| -> String {
            let shown: Vec<String> = ws
                .iter()
                .take(SHOWN)
                .map(|w| {
                    if zh {
                        format!("“{w}”")
                    } else {
                        format!("\"{w}\"")
                    }
                })
                .collect();
            let more = ws.len().saturating_sub(SHOWN);
            match (zh, more) {
                (true, 0) => shown.join("、"),
                (true, m) => format!("{}等 {} 处", shown.join("、"), m + SHOWN),
                (false, 0) => shown.join(", "),
                (false, m) => format!("{} and {m} more", shown.join(", ")),
            }
        };
        if !latin.is_empty() {
            let plural = latin.len() > 1;
            self.warnings.push(Warning {
                code: "overlong-word",
                zh: format!(
                    "{}：{}比一行还长，已在词中断开",
                    place.zh,
                    list(&latin, true)
                ),
                en: format!(
                    "{}: {} {} longer than a line and {} split",
                    place.en,
                    list(&latin, false),
                    if plural { "are" } else { "is" },
                    if plural { "were" } else { "was" }
                ),
                source,
                page: None,
            });
        }
        if !marks.is_empty() {
            self.warnings.push(Warning {
                code: "forced-break",
                zh: format!(
                    "{}：{}一带的标点连成一串，比一行还长，无法按禁则断行，已强行断开（有行首出现了不该在行首的标点）",
                    place.zh,
                    list(&marks, true)
                ),
                en: format!(
                    "{}: the run of marks around {} is longer than a line and cannot be broken by the line-break rules; it was broken by force (some lines start with a mark that should not)",
                    place.en,
                    list(&marks, false)
                ),
                source,
                page: None,
            });
        }
    }
}

/// An article's title as the editor sees it in warnings (forced breaks removed, long
/// titles shortened so a message stays readable).
pub fn short_title(title: &str) -> String {
    let flat: String = title.chars().filter(|c| *c != '\n').collect();
    let n = flat.chars().count();
    if n <= 30 {
        flat
    } else {
        let head: String = flat.chars().take(28).collect();
        format!("{head}…")
    }
}

/// Lines offset so the block of lines is centred as a whole on `measure`, continuation
/// lines indented by `hang` under the first (a subtitle that opens with ——).
pub fn hanging_block_x(lines: &[SetLine], measure: f32, hang: f32) -> Vec<f32> {
    let widest = lines
        .iter()
        .enumerate()
        .map(|(k, l)| l.width + if k > 0 { hang } else { 0.0 })
        .fold(0.0f32, f32::max);
    let x0 = ((measure - widest) / 2.0).max(0.0);
    (0..lines.len())
        .map(|k| x0 + if k > 0 { hang } else { 0.0 })
        .collect()
}

/// A subtitle (§3.3), 楷体, centred under the title. A long one wraps into balanced
/// centred lines. One that opens with —— (a newspaper-style subtitle) wraps as a block:
/// the continuation lines start under the text after the dash (a hanging indent of
/// the dash's width), and the block is centred as a whole, so the dash stands out at
/// the left like a list mark and the words line up.
pub fn subtitle(ctx: &mut Ctx, text: &str, source: Source, title: &str) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch();
    let measure = s.text_width();
    let place = Place::new(
        format!("文章“{title}”标题下的副题"),
        format!("the subtitle of article “{title}”"),
    );
    let hang = if text.starts_with("——") {
        let ts = ctx.text_style(Role::Kai, s.subtitle_size);
        let p = prepare("——", &ts, ctx.book);
        p.pieces
            .iter()
            .map(|x| x.width)
            .sum::<f32>()
            .min(measure / 4.0)
    } else {
        0.0
    };
    let lines = ctx.wrapped(
        text,
        Role::Kai,
        s.subtitle_size,
        Tag::new(Ink::BLACK, source, LineKind::Subtitle),
        (measure, measure - hang),
        &place,
    );
    let xs: Vec<f32> = if hang > 0.0 {
        hanging_block_x(&lines, measure, hang)
    } else {
        lines
            .iter()
            .map(|l| ((measure - l.width) / 2.0).max(0.0))
            .collect()
    };
    lines
        .into_iter()
        .zip(xs)
        .map(|(mut line, x)| {
            shift(&mut line.runs, x, Ctx::baseline(pitch, s.subtitle_size));
            FlowLine {
                slots: 1,
                runs: line.runs,
                rules: Vec::new(),
                break_before: false,
                kind: LineKind::Subtitle,
                source,
                variant: Variant::Always,
                space_above: 0,
            }
        })
        .collect()
}

/// A line of several slots (a wrapped heading, an award row) stays in one piece so a
/// page never ends inside it; one taller than a page cannot, and becomes one line per
/// slot with a page break allowed between them.
pub fn split_tall(line: FlowLine, pitch: f32, cap: u32) -> Vec<FlowLine> {
    if line.slots <= cap.max(1) || pitch <= 0.0 {
        return vec![line];
    }
    let space = line.space_above;
    let count = (line.slots - space).max(1) as usize;
    let mut parts: Vec<FlowLine> = (0..count)
        .map(|k| FlowLine {
            slots: if k == 0 { space + 1 } else { 1 },
            runs: Vec::new(),
            rules: Vec::new(),
            break_before: k > 0 || line.break_before,
            kind: line.kind,
            source: line.source,
            variant: line.variant,
            space_above: if k == 0 { space } else { 0 },
        })
        .collect();
    for mut run in line.runs {
        let slot = (run.y / pitch).floor() as i64 - i64::from(space);
        let k = slot.clamp(0, count as i64 - 1) as usize;
        if k > 0 {
            run.y -= (space as usize + k) as f32 * pitch;
        }
        parts[k].runs.push(run);
    }
    parts
}
