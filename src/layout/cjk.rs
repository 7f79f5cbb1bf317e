//! Character classes for Chinese line composition (house-format.md §5.1–§5.2, clreq §3.1).
//!
//! The tables are data: class A (may not start a line), class B (may not end a line),
//! and the punctuation kinds that decide which half of a full-width mark is blank and
//! can be squeezed.

use crate::style::Strictness;

/// What kind of character a piece of text is, for widths and spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharKind {
    /// Han ideographs, kana and other full-width letters: one grid cell.
    Ideograph,
    /// Full-width punctuation: one grid cell with a blank half (see [`PunctKind`]).
    Punct(PunctKind),
    /// Latin letters, digits and ASCII symbols: proportional, from the font's advance.
    Narrow,
    /// U+3000 ideographic space: one blank cell.
    IdeoSpace,
    /// An ASCII space: becomes glue, not a glyph.
    Space,
}

/// Where a full-width mark's glyph sits in its cell (mainland fonts, §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PunctKind {
    /// Pause and stop marks 、，。．：；？！: glyph at the left, blank right half.
    Stop,
    /// Closing quotes and brackets: glyph at the left, blank right half.
    Closing,
    /// Opening quotes and brackets: glyph at the right, blank left half.
    Opening,
    /// Interpunct, connectors: centred, fixed width.
    Middle,
    /// ⸺ —— …… halves: part of a 2-em unit, never squeezed or split.
    Dash,
}

impl PunctKind {
    /// Whether the blank half is on the right (it can be dropped at a line end).
    pub fn blank_right(self) -> bool {
        matches!(self, PunctKind::Stop | PunctKind::Closing)
    }
    /// Whether the blank half is on the left (it can be dropped at a line start).
    pub fn blank_left(self) -> bool {
        matches!(self, PunctKind::Opening)
    }
}

/// Opening marks (class B1).
const OPENING: &str = "“‘（〔【《〈〖［｛「『";
/// Closing marks (class A2).
const CLOSING: &str = "”’）〕】》〉〗］｝」』";
/// Pause and stop marks (class A1).
const STOPS: &str = "、。，．：；？！‼⁇⁈⁉";
/// Connectors and interpuncts (class A3).
const MIDDLE: &str = "–～·‧・";
/// Postfix symbols (class A5).
const POSTFIX: &str = "%％‰℃°′″¢￠";
/// Prefix symbols (class B3).
const PREFIX: &str = "￥¥＄$£￡№";
/// Latin closers inside Latin runs (class A7).
const LATIN_CLOSERS: &str = ")]},.:;!?";
/// Latin openers (class B4).
const LATIN_OPENERS: &str = "([{";

/// The kind of a character.
pub fn kind(c: char) -> CharKind {
    // Most of the text is Han: answer it before searching the punctuation tables.
    if is_han(c) {
        return CharKind::Ideograph;
    }
    if c == ' ' {
        return CharKind::Space;
    }
    if c == '\u{3000}' {
        return CharKind::IdeoSpace;
    }
    if OPENING.contains(c) {
        return CharKind::Punct(PunctKind::Opening);
    }
    if CLOSING.contains(c) {
        return CharKind::Punct(PunctKind::Closing);
    }
    if STOPS.contains(c) {
        return CharKind::Punct(PunctKind::Stop);
    }
    if matches!(c, '—' | '⸺' | '⸻' | '…' | '⋯') {
        return CharKind::Punct(PunctKind::Dash);
    }
    if MIDDLE.contains(c) {
        return CharKind::Punct(PunctKind::Middle);
    }
    if is_wide(c) {
        return CharKind::Ideograph;
    }
    CharKind::Narrow
}

/// Full-width characters other than punctuation: Han, kana, full-width forms, CJK symbols.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Han ideographs proper (for the lone-character rule and autospace).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD | 0x3007)
}

/// Class A: may not start a line, at the given strictness.
pub fn no_line_start(c: char, strictness: Strictness) -> bool {
    if strictness == Strictness::None || is_han(c) {
        return false;
    }
    if STOPS.contains(c) || CLOSING.contains(c) || MIDDLE.contains(c) || c == '—' {
        return true;
    }
    if POSTFIX.contains(c) || LATIN_CLOSERS.contains(c) || c == '~' {
        return true;
    }
    match strictness {
        Strictness::GbStyle => matches!(c, '/' | '／'),
        Strictness::Strict => matches!(c, '/' | '／' | '⸺' | '…' | '⋯'),
        _ => false,
    }
}

/// Class B: may not end a line, at the given strictness.
pub fn no_line_end(c: char, strictness: Strictness) -> bool {
    if strictness == Strictness::None || is_han(c) {
        return false;
    }
    if OPENING.contains(c) || PREFIX.contains(c) || LATIN_OPENERS.contains(c) {
        return true;
    }
    matches!(strictness, Strictness::GbStyle | Strictness::Strict) && matches!(c, '/' | '／')
}

/// Symbols next to which no Han–Latin gap is added (§5.6).
pub fn no_autospace(c: char) -> bool {
    matches!(c, '+' | '%' | '‰' | '°' | '℃' | '￥' | '¥')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_tables() {
        for c in "、。，：；？！”’）】》".chars() {
            assert!(no_line_start(c, Strictness::GbStyle), "{c}");
            assert!(!no_line_end(c, Strictness::GbStyle), "{c}");
        }
        for c in "“‘（【《￥".chars() {
            assert!(no_line_end(c, Strictness::GbStyle), "{c}");
            assert!(!no_line_start(c, Strictness::GbStyle), "{c}");
        }
        assert!(no_line_start('%', Strictness::Basic));
        assert!(!no_line_start('/', Strictness::Basic));
        assert!(no_line_start('/', Strictness::GbStyle));
        assert!(!no_line_start('⸺', Strictness::GbStyle));
        assert!(no_line_start('⸺', Strictness::Strict));
        assert!(!no_line_start('，', Strictness::None));
        assert_eq!(kind('“'), CharKind::Punct(PunctKind::Opening));
        assert_eq!(kind('”'), CharKind::Punct(PunctKind::Closing));
        assert_eq!(kind('中'), CharKind::Ideograph);
        assert_eq!(kind('5'), CharKind::Narrow);
        assert!(is_han('〇') && !is_han('，'));
    }
}
