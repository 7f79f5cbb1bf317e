//! Showing user-controlled text (titles, JSON keys and values, paths) inside a message.
//!
//! Files come from anywhere: a title or a JSON key may hold terminal escape sequences
//! (`ESC]0;…BEL` retitles the terminal, `ESC[2J` clears it) or bidirectional overrides
//! that make a message read differently from what it says, and a damaged file may hold
//! a key of a megabyte. Every message that quotes such text goes through here, so the
//! command line never writes a raw control character to a terminal and no message grows
//! with the file.

use std::path::Path;

/// Characters of a quoted value shown before it is cut with an ellipsis.
pub const VALUE_CHARS: usize = 80;
/// Characters of a path shown; longer paths lose their middle (the file name at the end
/// and the folder at the start stay readable).
pub const PATH_CHARS: usize = 240;
/// Characters of a whole message made by another library (serde_json quotes values);
/// longer ones lose their middle, keeping the start and the end where the expectation is.
pub const MESSAGE_CHARS: usize = 400;

/// A value from a file (a title, a key, a name): control characters escaped, cut after
/// [`VALUE_CHARS`] characters with `…`.
pub fn text(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == VALUE_CHARS {
            out.push('…');
            break;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// A path as the user typed or chose it, control characters escaped and a very long
/// one cut in the middle.
pub fn path(p: &Path) -> String {
    middle_cut(&p.display().to_string(), PATH_CHARS)
}

/// A whole message that may embed file content (an error from a parser, a layout
/// warning quoting a title): control characters escaped, cut in the middle beyond
/// [`MESSAGE_CHARS`] characters.
pub fn message(s: &str) -> String {
    middle_cut(s, MESSAGE_CHARS)
}

fn middle_cut(s: &str, max: usize) -> String {
    let count = s.chars().count();
    let mut out = String::new();
    if count <= max {
        for c in s.chars() {
            push_escaped(&mut out, c);
        }
        return out;
    }
    let head = max * 3 / 4;
    let tail = max - head - 1;
    for c in s.chars().take(head) {
        push_escaped(&mut out, c);
    }
    out.push('…');
    for c in s.chars().skip(count - tail) {
        push_escaped(&mut out, c);
    }
    out
}

/// Whether a character must not reach a terminal or a message box as it is: C0 and C1
/// controls, DEL, and the bidirectional embeddings, overrides and isolates.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_hazard(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terminal escape sequences, bells and bidi overrides come out as visible escapes;
    /// nothing a terminal acts on is left.
    #[test]
    fn control_characters_are_escaped() {
        let hostile = "标题\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{202e}txt.exe\r\n\t";
        for shown in [text(hostile), message(hostile), path(Path::new(hostile))] {
            assert!(!shown.chars().any(is_hazard), "{shown:?}");
            assert!(shown.contains("\\u{1b}]0;owned\\u{7}"), "{shown}");
            assert!(
                shown.contains("\\u{9b}31m") && shown.contains("\\u{202e}"),
                "{shown}"
            );
            assert!(shown.ends_with("\\r\\n\\t"), "{shown}");
            assert!(shown.starts_with("标题"));
        }
        // Ordinary text, Chinese and full-width punctuation pass unchanged.
        let plain = "关于召开2024年第3次理事会的通知（草案）——“数字经济”";
        assert_eq!(text(plain), plain);
        assert_eq!(message(plain), plain);
    }

    /// Generated values of every length: a value is cut after 80 characters with an
    /// ellipsis, a message and a path keep their start and end.
    #[test]
    fn long_values_are_cut_with_an_ellipsis() {
        for n in [0usize, 1, 79, 80, 81, 500, 1 << 20] {
            let key: String = "键k".chars().cycle().take(n).collect();
            let shown = text(&key);
            let chars = shown.chars().count();
            if n <= VALUE_CHARS {
                assert_eq!(shown, key);
            } else {
                assert_eq!(chars, VALUE_CHARS + 1, "{n}");
                assert!(shown.ends_with('…') && key.starts_with(shown.trim_end_matches('…')));
            }
            let msg = format!("unknown field `{key}`, expected one of `title`");
            let shown = message(&msg);
            assert!(shown.chars().count() <= MESSAGE_CHARS, "{n}");
            assert!(shown.starts_with("unknown field `"));
            assert!(shown.ends_with("expected one of `title`"), "{shown}");
            assert_eq!(shown.contains('…'), msg.chars().count() > MESSAGE_CHARS);
        }
        let deep = format!("/tmp/{}/第9期.jianbao", "很长的文件夹/".repeat(100));
        let shown = path(Path::new(&deep));
        assert!(shown.chars().count() <= PATH_CHARS);
        assert!(shown.starts_with("/tmp/") && shown.ends_with("/第9期.jianbao"));
    }
}
