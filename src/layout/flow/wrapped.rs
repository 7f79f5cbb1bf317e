//! Display elements set as wrapped, unjustified lines: titles, subtitles, section
//! labels, bylines on their own line, list categories and cells, recipients. Whatever
//! their length they stay inside their measure; a word that cannot fit is split and
//! the editor is told which word and where (house-format.md §3.2–§3.8).

use super::paragraph::{LONG_PARAGRAPH_CHARS, OVERLAP_LINES, WINDOW_CHARS};
use super::{Ctx, Role, Tag};
use crate::layout::cjk::{self, CharKind};
use crate::layout::linebreak::compose;
use crate::layout::pages::{GlyphRun, Source, Warning};
use crate::layout::text::prepare;
use crate::layout::wrap::{balanced, Wrapped};

/// Where an element is, for warnings: in Chinese for the editor's window and in plain
/// English for the command line.
#[derive(Debug, Clone)]
pub struct Place {
    pub zh: String,
    pub en: String,
}

impl Place {
    /// A place named in both languages every warning carries.
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
        let is_word = |w: &&String| w.chars().any(|c| c.is_alphanumeric() && !cjk::is_han(c));
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
