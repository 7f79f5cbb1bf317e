//! The shapes a line can have (section label, title, subtitle, set apart from what
//! follows): the questions the recogniser's pass and the list and distribution
//! readers ask of a single line, answered in one place.

use super::distribution::distribution_start;
use super::Mode;
use crate::import::byline::own_line;
use crate::import::lines::{has_final_stop, Hint, Source, SourceLine};
use crate::import::lists::{is_strong_row, list_heading};
use crate::layout::cjk;

/// Whether a line is a section heading: one label in 【】 (not 【打印本页】【关闭窗口】,
/// a web page's links).
pub(in crate::import) fn is_section_label(text: &str) -> bool {
    text.starts_with('【')
        && text.ends_with('】')
        && text.chars().count() <= 24
        && text.matches(['【', '】']).count() == 2
}

/// A line's width in em, the unit every shape rule measures in.
pub(super) fn em(line: &SourceLine) -> f32 {
    crate::import::lines::width(&line.text)
}

/// Whether a line has the shape of a title: at most `max` em, no sentence-final mark
/// or trailing comma or colon, not a list heading, byline or section label, and not
/// a fragment that starts with a mark no line may start with.
pub(super) fn title_shape(line: &SourceLine, min: f32, max: f32) -> bool {
    if line.hint.is_block() {
        return false;
    }
    let t = line.text.as_str();
    let w = em(line);
    let starts_mid_sentence = t
        .chars()
        .next()
        .is_some_and(|c| cjk::no_line_start(c, crate::style::Strictness::GbStyle));
    (min..=max).contains(&w)
        && !starts_mid_sentence
        && !has_final_stop(t)
        && !t.ends_with(['，', '、', '：', ':', '；', ',', ';'])
        && list_heading(t).is_none()
        && own_line(t).is_none()
        && !(t.starts_with('【') && t.ends_with('】'))
        && distribution_start(t).is_none()
}

/// A line set apart from what follows: the next line starts a paragraph of its own,
/// or the source styled the line as a heading or centred it.
pub(super) fn isolated(lines: &[SourceLine], i: usize) -> bool {
    matches!(lines[i].hint, Hint::Heading | Hint::Centred)
        || lines.get(i + 1).is_none_or(|n| n.starts_paragraph)
}

/// A subtitle: begins with a dash (——纪念…), or is short and unpunctuated. Never an
/// indented line (that starts the body), and in a wrapped text either set apart or
/// clearly shorter than the measure (a paragraph's first line is only 2 em short).
pub(super) fn subtitle_shape(source: &Source, lines: &[SourceLine], i: usize, mode: Mode) -> bool {
    let line = &lines[i];
    if line.indented || line.hint.is_block() {
        return false;
    }
    let t = line.text.as_str();
    if t.starts_with("——") || t.starts_with("--") || t.starts_with("－－") {
        return !t.ends_with('。') && em(line) <= 80.0;
    }
    let max = match mode {
        Mode::Issue => 23.9,
        Mode::Article if source.wrapped => {
            if isolated(lines, i) {
                23.9_f32.min(source.measure - 1.0)
            } else if source.marked {
                // Where paragraphs are marked, a line continued by the next is body.
                return false;
            } else {
                23.9_f32.min(source.measure - 4.0)
            }
        }
        Mode::Article => 40.0,
    };
    title_shape(line, 2.0, max) && !is_strong_row(line) && !matches!(line.hint, Hint::Cells(_))
}
