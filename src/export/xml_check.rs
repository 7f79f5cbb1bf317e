//! A small XML reader for the tests: checks that a part is well-formed (one root,
//! tags balanced and properly nested, attributes quoted and not repeated, only the
//! five predefined entities or character references, no `<` or `&` loose in text)
//! and returns its events, so tests can read back what the writers produced.

/// One event of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A start tag (also for an empty element, followed by its `End`).
    Start {
        name: String,
        attrs: Vec<(String, String)>,
    },
    End(String),
    /// Text with references resolved.
    Text(String),
}

fn unescape(raw: &str, at: usize) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| format!("unterminated reference near byte {at}"))?;
        let name = &rest[i + 1..i + end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(h) = name.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = name.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown reference &{name}; near byte {at}"))?
            }
        };
        out.push(c);
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    if out
        .chars()
        .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(format!("control character in text near byte {at}"));
    }
    Ok(out)
}

/// The events of `xml`, or why it is not well-formed. A leading XML declaration and
/// `<!DOCTYPE …>` are allowed (the latter so an XHTML-style web page can be read too).
pub fn parse(xml: &str) -> Result<Vec<Event>, String> {
    let mut events = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut i = 0;
    let b = xml.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let close = xml[i..]
                .find('>')
                .ok_or_else(|| format!("unclosed tag at byte {i}"))?
                + i;
            let tag = &xml[i + 1..close];
            if tag.starts_with('?') || tag.starts_with("!DOCTYPE") || tag.starts_with("!doctype") {
                if !stack.is_empty() || roots > 0 {
                    return Err(format!("declaration inside the document at byte {i}"));
                }
            } else if let Some(comment) = tag.strip_prefix("!--") {
                let end = xml[i..].find("-->").ok_or("unclosed comment")? + i;
                let _ = comment;
                i = end + 3;
                continue;
            } else if let Some(name) = tag.strip_prefix('/') {
                let open = stack
                    .pop()
                    .ok_or_else(|| format!("stray </{name}> at byte {i}"))?;
                if open != name.trim() {
                    return Err(format!("</{name}> closes <{open}> at byte {i}"));
                }
                events.push(Event::End(open));
            } else {
                let empty = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
                let name = &tag[..name_end];
                if name.is_empty() || name.contains(['<', '&', '"', '\'', '=']) {
                    return Err(format!("bad tag name at byte {i}"));
                }
                let mut attrs: Vec<(String, String)> = Vec::new();
                let mut rest = tag[name_end..].trim_start();
                while !rest.is_empty() {
                    let eq = rest.find('=').ok_or_else(|| {
                        format!("attribute without value in <{name}> at byte {i}")
                    })?;
                    let key = rest[..eq].trim().to_string();
                    let after = rest[eq + 1..].trim_start();
                    let quote = after
                        .chars()
                        .next()
                        .filter(|q| *q == '"' || *q == '\'')
                        .ok_or_else(|| {
                            format!("unquoted attribute {key} in <{name}> at byte {i}")
                        })?;
                    let end = after[1..]
                        .find(quote)
                        .ok_or_else(|| format!("unclosed attribute {key} at byte {i}"))?
                        + 1;
                    let raw = &after[1..end];
                    if raw.contains('<') {
                        return Err(format!("< in attribute {key} at byte {i}"));
                    }
                    if attrs.iter().any(|(k, _)| *k == key) {
                        return Err(format!("attribute {key} twice in <{name}> at byte {i}"));
                    }
                    attrs.push((key, unescape(raw, i)?));
                    rest = after[end + 1..].trim_start();
                }
                if stack.is_empty() {
                    roots += 1;
                    if roots > 1 {
                        return Err(format!("a second root element <{name}> at byte {i}"));
                    }
                }
                events.push(Event::Start {
                    name: name.to_string(),
                    attrs,
                });
                if empty {
                    events.push(Event::End(name.to_string()));
                } else {
                    stack.push(name.to_string());
                }
            }
            i = close + 1;
        } else {
            let end = xml[i..].find('<').map_or(b.len(), |k| k + i);
            let raw = &xml[i..end];
            if raw.contains('>') && !raw.trim().is_empty() {
                // Allowed by XML, but our writers always escape it.
                return Err(format!("unescaped > in text at byte {i}"));
            }
            if stack.is_empty() && !raw.trim().is_empty() {
                return Err(format!("text outside the root at byte {i}"));
            }
            if !raw.is_empty() {
                events.push(Event::Text(unescape(raw, i)?));
            }
            i = end;
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots != 1 {
        return Err("no root element".into());
    }
    Ok(events)
}

#[test]
fn the_checker_refuses_what_is_not_well_formed() {
    assert!(parse("<a x=\"1\"><b/>t&amp;&#x738B;</a>").is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a x=1/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a>x & y</a>",
        "<a/><b/>",
        "text<a/>",
        "<a>\u{1}</a>",
    ] {
        assert!(parse(bad).is_err(), "{bad}");
    }
}
