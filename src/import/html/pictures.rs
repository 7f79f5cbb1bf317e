//! The pictures of a web page: `<img>` sources read from a file beside the page (a
//! relative address or a file:// URL, percent-encoded or not) or from a data: URL;
//! remote pictures are named in the report, never fetched.

use crate::import::pictures::{tail_of, Found, LeftOutWhy};
use crate::model::PictureId;
use std::path::{Path, PathBuf};

/// The width of an article's column on a web page, in CSS pixels: pictures drawn at
/// most [`crate::import::pictures::HALF_UP_TO`] of it are set at half measure (Word's
/// "save as web page" draws its 14.6 cm text width as 553 px, WeChat's column is
/// about 580 px).
const PAGE_COLUMN_PX: f32 = 580.0;

/// `%E5%9B%BE%201.jpg` → `图 1.jpg`: percent-escapes decoded as UTF-8 (bytes that are
/// no UTF-8 are kept escaped, so a name is never garbled).
pub(in crate::import) fn percent_decoded(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[k],
            b.get(k + 1).copied().and_then(hex),
            b.get(k + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                k += 3;
            }
            (c, _, _) => {
                out.push(c);
                k += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Standard base64 (with or without padding, white space ignored), as data: URLs
/// carry pictures; None for anything else.
fn base64_decoded(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The address of an `<img>`'s picture: its src, or where pages that load pictures
/// late keep it (data-src on WeChat, data-original) when src is empty or a
/// placeholder.
pub(super) fn img_source(attr: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let src = attr("src")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let placeholder = src
        .as_deref()
        .is_none_or(|s| s.starts_with("data:image/svg") || s.starts_with("data:image/gif"));
    if placeholder {
        for late in ["data-src", "data-original", "data-actualsrc"] {
            if let Some(s) = attr(late)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
            {
                return Some(s);
            }
        }
    }
    src
}

/// The share of the article column an `<img>` is drawn at, from its width attribute
/// or its style (pixels or per cent).
pub(super) fn img_share(attr: &dyn Fn(&str) -> Option<String>) -> Option<f32> {
    let from = |v: &str| -> Option<f32> {
        let v = v.trim();
        if let Some(p) = v.strip_suffix('%') {
            return p.trim().parse::<f32>().ok().map(|p| p / 100.0);
        }
        let px: f32 = v.trim_end_matches("px").trim().parse().ok()?;
        Some(px / PAGE_COLUMN_PX)
    };
    let styled = attr("style").and_then(|style| {
        style.split(';').find_map(|d| {
            let (k, v) = d.split_once(':')?;
            (k.trim().eq_ignore_ascii_case("width"))
                .then(|| from(v))
                .flatten()
        })
    });
    styled
        .or_else(|| attr("width").and_then(|w| from(&w)))
        .filter(|s| s.is_finite() && *s > 0.0)
}

/// The last part of an address, decoded, for messages and the picture's name.
fn shown_name(address: &str) -> String {
    let path = address.split(['?', '#']).next().unwrap_or(address);
    let last = path
        .trim_end_matches('/')
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path);
    let name = percent_decoded(last);
    if name.is_empty() {
        address.chars().take(60).collect()
    } else {
        name
    }
}

/// A file:// URL or a relative address as a path (beside the page for a relative
/// one); None for an address of another kind or a relative one without a folder.
fn local_path(address: &str, folder: Option<&Path>) -> Option<PathBuf> {
    let lower = address.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("file://").map(|_| &address[7..]) {
        let path = percent_decoded(rest.split(['?', '#']).next().unwrap_or(rest));
        // file:///C:/x.jpg on Windows, file:///home/x.jpg elsewhere; a host other
        // than localhost is not a local file.
        let path = path.strip_prefix("localhost").unwrap_or(&path);
        let path = match path.strip_prefix('/') {
            Some(p) if p.as_bytes().get(1) == Some(&b':') => p.to_string(),
            _ => path.to_string(),
        };
        return Some(PathBuf::from(path));
    }
    if lower.contains("://") || lower.starts_with("//") || lower.starts_with("data:") {
        return None;
    }
    let relative = percent_decoded(address.split(['?', '#']).next().unwrap_or(address));
    let relative = relative.replace('\\', "/");
    if relative.starts_with('/') {
        return Some(PathBuf::from(relative));
    }
    folder.map(|f| f.join(relative))
}

/// The picture an `<img>` names, added to `found`; None (and a note) when it cannot
/// come in. `after` is the text before it on the page.
pub(super) fn picture_of(
    address: &str,
    folder: Option<&Path>,
    found: &mut Found,
    after: &str,
) -> Option<PictureId> {
    let after = tail_of(after);
    if let Some(data) = address.strip_prefix("data:") {
        let (head, body) = data.split_once(',')?;
        let name = format!(
            "网页图片.{}",
            head.split([';', '/']).nth(1).unwrap_or("img")
        );
        let bytes = if head.ends_with(";base64") {
            base64_decoded(body)
        } else {
            Some(percent_decoded(body).into_bytes())
        };
        return match bytes {
            Some(b) => found.add(b, &name, &after),
            None => {
                found.leave_out(&name, LeftOutWhy::Missing, &after);
                None
            }
        };
    }
    let name = shown_name(address);
    match local_path(address, folder) {
        Some(path) => match crate::store::read_bounded(&path, crate::import::MAX_SOURCE_BYTES) {
            Ok(bytes) => found.add(bytes, &name, &after),
            Err(_) => {
                found.leave_out(&name, LeftOutWhy::Missing, &after);
                None
            }
        },
        None if address.contains("://") || address.starts_with("//") => {
            found.leave_out(&name, LeftOutWhy::Linked(address.to_string()), &after);
            None
        }
        None => {
            found.leave_out(&name, LeftOutWhy::Missing, &after);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_decode_and_resolve() {
        assert_eq!(percent_decoded("%E5%9B%BE%201.jpg"), "图 1.jpg");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%FF%FE.jpg"), "%FF%FE.jpg");
        assert_eq!(base64_decoded("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decoded("aGVs\nbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decoded("a*b"), None);
        let folder = Path::new("/tmp/page");
        assert_eq!(
            local_path("img/%E4%BC%9A%E5%9C%BA.jpg?x=1", Some(folder)),
            Some(PathBuf::from("/tmp/page/img/会场.jpg"))
        );
        assert_eq!(
            local_path("file:///home/a/%E5%9B%BE.png", None),
            Some(PathBuf::from("/home/a/图.png"))
        );
        assert_eq!(
            local_path("file:///C:/Users/a/b.jpg", None),
            Some(PathBuf::from("C:/Users/a/b.jpg"))
        );
        assert_eq!(local_path("https://x.cn/a.jpg", Some(folder)), None);
        assert_eq!(local_path("a.jpg", None), None);
        assert_eq!(
            shown_name("https://mmbiz.qpic.cn/abc/640?wx_fmt=jpeg"),
            "640"
        );
    }

    #[test]
    fn late_loaded_sources_and_widths() {
        let tag = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let wechat = tag(&[
            ("src", "data:image/svg+xml,%3Csvg%3E"),
            ("data-src", "https://mmbiz.qpic.cn/x/640"),
        ]);
        assert_eq!(
            img_source(&wechat).as_deref(),
            Some("https://mmbiz.qpic.cn/x/640")
        );
        let plain = tag(&[("src", "a.jpg"), ("width", "290")]);
        assert_eq!(img_source(&plain).as_deref(), Some("a.jpg"));
        assert_eq!(img_share(&plain), Some(0.5));
        let styled = tag(&[("style", "width: 100%; height:auto"), ("width", "200")]);
        assert_eq!(img_share(&styled), Some(1.0));
        assert_eq!(img_share(&tag(&[("width", "auto")])), None);
    }
}
