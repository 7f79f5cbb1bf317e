//! The XML of WordprocessingML parts read without a parser: the text's encoding, the
//! prefixes a document binds, attributes, entities and symbol-font characters.

/// The text of an XML part: UTF-16 when it says so by its mark or its first bytes
/// (`<` and a zero), else UTF-8.
pub(super) fn xml_text(bytes: &[u8]) -> String {
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8]| {
        enc.decode_without_bom_handling(body).0.into_owned()
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(encoding_rs::UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => utf16(encoding_rs::UTF_16BE, rest),
        [b'<', 0, ..] => utf16(encoding_rs::UTF_16LE, bytes),
        [0, b'<', ..] => utf16(encoding_rs::UTF_16BE, bytes),
        _ => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            String::from_utf8_lossy(body).into_owned()
        }
    }
}

/// The prefixes a document binds to WordprocessingML and to markup compatibility
/// (`w` and `mc` in what Word writes; any prefix, or none, in what other programs
/// write), read from the namespace declarations.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Prefixes {
    pub(super) w: String,
    pub(super) mc: String,
}

pub(super) fn prefixes(xml: &str) -> Prefixes {
    const MAIN: [&str; 2] = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ];
    const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
    let mut found = Prefixes {
        w: "w".into(),
        mc: "mc".into(),
    };
    // Declarations sit on the root element (the first tags).
    // Cut at a character boundary: a long first paragraph of Chinese text reaches
    // past 16 KB mid-character.
    let mut end = xml.len().min(16 * 1024);
    while !xml.is_char_boundary(end) {
        end -= 1;
    }
    let head = &xml[..end];
    for decl in head.split("xmlns").skip(1) {
        let (prefix, rest) = match decl.strip_prefix(':') {
            Some(r) => match r.split_once('=') {
                Some((p, rest)) => (p.trim(), rest),
                None => continue,
            },
            None => match decl.trim_start().strip_prefix('=') {
                Some(rest) => ("", rest),
                None => continue,
            },
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let uri = rest[1..].split(quote).next().unwrap_or("");
        if MAIN.contains(&uri) {
            found.w = prefix.to_string();
        } else if uri == MC {
            found.mc = prefix.to_string();
        }
    }
    found
}

/// An element or attribute name with the document's prefixes put in Word's form
/// (`ns0:p` → `w:p`, `p` in the default namespace → `w:p`).
pub(super) fn canonical<'a>(name: &'a str, p: &Prefixes) -> std::borrow::Cow<'a, str> {
    match name.split_once(':') {
        Some((pre, local)) if pre == p.w && pre != "w" => format!("w:{local}").into(),
        Some((pre, local)) if pre == p.mc && pre != "mc" => format!("mc:{local}").into(),
        None if p.w.is_empty() => format!("w:{name}").into(),
        _ => name.into(),
    }
}

/// A character of a symbol font (w:sym): Symbol's and Wingdings' common marks, and
/// the character itself for other fonts.
pub(super) fn symbol(font: &str, code: u32) -> Option<char> {
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.to_ascii_lowercase();
    let mapped = if font.contains("wingdings") {
        match code {
            0x6C | 0x6E | 0x9F | 0xA1 | 0xA7 => '•',
            0xA8 | 0x6F => '□',
            0xFC => '✓',
            0xFB | 0xFD => '×',
            0xE0 | 0xE8 => '→',
            _ => '•',
        }
    } else if font.contains("symbol") {
        match code {
            0xB7 => '•',
            0xB4 => '×',
            0xB8 => '÷',
            0xB0 => '°',
            0xB1 => '±',
            0xAE => '→',
            0xAC => '←',
            0xA3 => '≤',
            0xB3 => '≥',
            0xB9 => '≠',
            0x61..=0x7A => char::from_u32(0x3B1 + code - 0x61)?,
            _ => char::from_u32(code)?,
        }
    } else {
        char::from_u32(code)?
    };
    Some(mapped)
}

pub(super) fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[at..].find('"')?;
    Some(unescape(&tag[at..at + end]))
}

pub(super) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|&k| k <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let c = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=semi]),
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}
