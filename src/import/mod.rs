//! Bringing text in: decoding files in the encodings member units use, repairing text
//! copied out of PDFs (hard line breaks, page-start artefacts, stray spaces), and
//! recognising an article's or a whole issue's structure (house-format.md §6).
//!
//! Everything here is a suggestion the editor shows before it is applied; nothing is
//! rewritten silently. The functions take bytes or text and return model values, so the
//! editor, the command line and the tests share them.

pub mod docx;

use crate::layout::cjk;
use crate::model::{
    Article, Attribution, AttributionKind, AwardCategory, AwardRow, Block, Distribution, Issue,
    Placement, RecipientGroup, RecipientLine, Section,
};

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    /// Not text in UTF-8, UTF-16 or GBK/GB18030 (e.g. an image or a program).
    NotText,
    /// An old binary Word (.doc) or WPS document: save it as .docx first.
    OldWordFormat,
    /// Larger than any article or issue text can be (see [`MAX_SOURCE_BYTES`]).
    TooLarge(u64),
}

/// The largest file imported: a whole issue's text is well under 1 MB and a Word
/// document with photos a few MB; anything past this is not an article.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// Reads a file to import, refusing one too large to be an article before reading it.
pub fn read_source(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let shown = path.display();
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > MAX_SOURCE_BYTES {
            return Err(format!("{shown}: {}", ImportError::TooLarge(meta.len())));
        }
    }
    std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))
}

impl ImportError {
    /// The message for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            ImportError::Empty => "文件是空的，没有可导入的文字。".into(),
            ImportError::NotText => {
                "这个文件不是文本（不是 UTF-8、UTF-16 或 GBK/GB18030 编码的文字），无法导入。"
                    .into()
            }
            ImportError::OldWordFormat => {
                "这是旧版 Word（.doc）或 WPS 文件，请先在 Word 或 WPS 中“另存为”.docx 再导入。"
                    .into()
            }
            ImportError::TooLarge(bytes) => format!(
                "文件有 {} MB，太大，不像文章（上限 {} MB），未导入。",
                bytes >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty => f.write_str("the file is empty"),
            ImportError::NotText => {
                f.write_str("the file is not text in UTF-8, UTF-16 or GBK/GB18030")
            }
            ImportError::OldWordFormat => f.write_str(
                "this is an old binary Word (.doc) or WPS file; save it as .docx first",
            ),
            ImportError::TooLarge(bytes) => write!(
                f,
                "the file is {} MB, too large to be an article (the limit is {} MB); it was not read",
                bytes >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
        }
    }
}

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 (with BOM, or detected by
/// its zero bytes) or GBK/GB18030.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    // OLE compound file: .doc, .wps, .xls.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(ImportError::OldWordFormat);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), Encoding::Utf8Bom))
            .map_err(|_| ImportError::NotText);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(&bytes[2..], false).map(|s| (s, Encoding::Utf16Le));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(&bytes[2..], true).map(|s| (s, Encoding::Utf16Be));
    }
    // UTF-16 without a BOM: many zero bytes, all at odd (LE) or even (BE) offsets.
    let zeros_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = bytes.len() / 2;
    if half > 0 && zeros_odd * 4 > half && zeros_even == 0 {
        return utf16(bytes, false).map(|s| (s, Encoding::Utf16Le));
    }
    if half > 0 && zeros_even * 4 > half && zeros_odd == 0 {
        return utf16(bytes, true).map(|s| (s, Encoding::Utf16Be));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return text_or_binary(s.to_string(), Encoding::Utf8);
    }
    let (text, _, errors) = encoding_rs::GB18030.decode(bytes);
    if errors {
        return Err(ImportError::NotText);
    }
    text_or_binary(text.into_owned(), Encoding::Gb18030)
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, ImportError> {
    let enc = if big_endian {
        encoding_rs::UTF_16BE
    } else {
        encoding_rs::UTF_16LE
    };
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    if errors {
        return Err(ImportError::NotText);
    }
    let enc = if big_endian {
        Encoding::Utf16Be
    } else {
        Encoding::Utf16Le
    };
    text_or_binary(text.into_owned(), enc).map(|(t, _)| t)
}

/// Refuses decoded "text" full of control characters (a binary file that happened to
/// decode).
fn text_or_binary(text: String, enc: Encoding) -> Result<(String, Encoding), ImportError> {
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    if control * 20 > text.chars().count().max(1) {
        return Err(ImportError::NotText);
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, enc))
}

/// Width of a line in em, as the original was set: Han and full-width marks 1, Latin
/// letters and digits ½, a space ¼ (in extracted text a space usually stands for the
/// gap Word put between Han and digits).
fn width(line: &str) -> f32 {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut w = 0.0;
    for (i, &c) in chars.iter().enumerate() {
        w += match c {
            // Between two Han characters a space is a deliberate full-width gap.
            ' ' if i > 0
                && cjk::is_han(chars[i - 1])
                && chars.get(i + 1).is_some_and(|&n| cjk::is_han(n)) =>
            {
                1.0
            }
            ' ' => 0.25,
            c if c.is_whitespace() => 1.0,
            c if cjk::is_wide(c) || !c.is_ascii() => 1.0,
            _ => 0.5,
        };
    }
    w
}

/// Whether a line ends like the end of a paragraph.
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .chars()
        .last()
        .is_some_and(|c| "。！？；…”’）」』".contains(c))
}

/// Removes spaces that extraction or typing put between Han and Latin letters or digits
/// (`9 月 16 日` → `9月16日`), and between full-width marks and anything; keeps a
/// deliberate single space between two Han phrases as an ideographic space.
pub fn fix_spaces(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '\u{3000}' {
            let mut j = i;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\u{3000}') {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            match (prev, next) {
                (Some(a), Some(b)) if !cjk::is_wide(a) && !cjk::is_wide(b) => out.push(' '),
                (Some(a), Some(b)) if cjk::is_han(a) && cjk::is_han(b) => out.push('\u{3000}'),
                _ => {}
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A line cleaned of page artefacts, or `None` for a line that is only an artefact
/// (a page number such as `— 3 —` or `-3-`, a form feed).
fn clean_line(raw: &str) -> Option<String> {
    let t = raw.replace('\u{0C}', "");
    let t = t.trim();
    if t.is_empty() {
        return None;
    }
    let core: String = t
        .chars()
        .filter(|c| !matches!(c, '—' | '-' | '–' | ' ' | '　'))
        .collect();
    if !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 3 {
        return None;
    }
    Some(fix_spaces(t))
}

/// Joins the hard line breaks of text copied out of a PDF into paragraphs: a line that
/// does not end a sentence continues, and so does a full-width line, unless the next
/// line looks like the indented first line of a new paragraph. Returns the paragraphs.
pub fn join_lines(lines: &[String]) -> Vec<String> {
    let measured: Vec<(String, f32)> = lines.iter().map(|l| (l.clone(), width(l))).collect();
    join_measured(&measured)
}

/// [`join_lines`] with each line's width measured on the raw extracted line.
fn join_measured(lines: &[(String, f32)]) -> Vec<String> {
    let full = full_width(lines);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, (line, w)) in lines.iter().enumerate() {
        // A paragraph's first line is full two characters short (the indent).
        let measure = if current.is_empty() { full - 2.0 } else { full };
        current.push_str(line);
        let next = lines.get(i + 1);
        let next_is_first =
            next.is_some_and(|(l, w)| *w >= full - 3.2 && *w <= full - 1.4 && !ends_sentence(l));
        // A nearly full line that ends a sentence, followed by a line too wide to be an
        // indented first line: the sentence ended where the line happened to wrap.
        let next_too_wide = next.is_some_and(|(_, w)| *w > full - 1.4);
        let short = *w < measure - 1.5 || (*w < measure - 0.6 && !next_too_wide);
        let ends = ends_sentence(line) && (short || next_is_first);
        if ends || i + 1 == lines.len() {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

/// The measure of the original: the median width of wrapped lines inside paragraphs
/// (neither ending a sentence nor following a line that did, so no indented first
/// lines); the upper quartile of all wrapped lines when there are none.
fn full_width(lines: &[(String, f32)]) -> f32 {
    let wrapped = |i: usize, l: &str, w: f32| i + 1 < lines.len() && !ends_sentence(l) && w >= 12.0;
    let mut inner: Vec<f32> = Vec::new();
    let mut all: Vec<f32> = Vec::new();
    for (i, (l, w)) in lines.iter().enumerate() {
        if !wrapped(i, l, *w) {
            continue;
        }
        all.push(*w);
        if i > 0 && !ends_sentence(&lines[i - 1].0) && lines[i - 1].1 >= 12.0 {
            inner.push(*w);
        }
    }
    inner.sort_by(f32::total_cmp);
    all.sort_by(f32::total_cmp);
    if let Some(&median) = inner.get(inner.len() / 2) {
        median
    } else if let Some(&q) = all.get(all.len() * 3 / 4) {
        q
    } else {
        32.0
    }
}

/// Splits a trailing byline or source note off a line: `…肯定。 （王婧）` →
/// (`…肯定。`, Author [王婧]); `（据国资网）` → ("", Source 据国资网).
pub fn split_attribution(line: &str) -> Option<(String, Attribution)> {
    let t = line.trim_end();
    let inner_end = t.strip_suffix('）')?;
    let open = inner_end.rfind('（')?;
    let inner = &inner_end[open + '（'.len_utf8()..];
    let count = inner.chars().count();
    if count == 0 || count > 24 || inner.contains(['，', '。', '（', '）']) {
        return None;
    }
    let before = inner_end[..open].trim_end().to_string();
    // A note in parentheses inside a sentence is not a byline: it must follow the end
    // of a sentence, or stand alone.
    if !before.is_empty() && !ends_sentence(&before) {
        return None;
    }
    let kind = if inner.starts_with('据') {
        AttributionKind::Source {
            text: inner.trim().to_string(),
        }
    } else {
        let names: Vec<String> = inner
            .split([' ', '\u{3000}', '、'])
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        if names
            .iter()
            .any(|n| n.chars().count() > 4 || !n.chars().all(cjk::is_han))
        {
            return None;
        }
        AttributionKind::Author { names }
    };
    Some((
        before,
        Attribution {
            kind,
            placement: Placement::Auto,
        },
    ))
}

/// `一、书法` → `书法`.
fn list_heading(line: &str) -> Option<String> {
    let (num, rest) = line.split_once('、')?;
    if num.is_empty() || !num.chars().all(|c| "一二三四五六七八九十".contains(c)) {
        return None;
    }
    (rest.chars().count() <= 12).then(|| rest.trim().to_string())
}

/// An award row from a line such as `薛亥申 山西省通信行业协会 特等奖` or
/// `徐 媛 山西省邮政工会 二等奖` (a padded two-character name), or an organisation
/// alone.
fn award_row(line: &str) -> Option<AwardRow> {
    // The cleaned line has an ideographic space between columns (and inside a padded
    // two-character name); spaces between Han and digits are gone.
    let tokens: Vec<&str> = line
        .split([' ', '\u{3000}'])
        .filter(|t| !t.is_empty())
        .collect();
    let is_award = |t: &str| t.ends_with('奖');
    match tokens.as_slice() {
        [a, b, org, award]
            if a.chars().count() == 1 && b.chars().count() == 1 && is_award(award) =>
        {
            Some(AwardRow::Person {
                name: format!("{a}{b}"),
                org: org.to_string(),
                award: award.to_string(),
            })
        }
        [name, org, award] if is_award(award) && name.chars().count() <= 4 => {
            Some(AwardRow::Person {
                name: name.to_string(),
                org: org.to_string(),
                award: award.to_string(),
            })
        }
        [org] if is_organisation(org) => Some(AwardRow::Org {
            org: org.to_string(),
        }),
        _ => None,
    }
}

/// Whether a line names an organisation (an organisation-only award row), not a title.
fn is_organisation(s: &str) -> bool {
    s.chars().count() <= 24
        && !ends_sentence(s)
        && [
            "公司",
            "协会",
            "联合会",
            "院",
            "局",
            "中心",
            "处",
            "部",
            "所",
            "站",
            "厂",
            "学校",
            "集团",
            "社",
            "委员会",
            "单位",
            "分公司",
        ]
        .iter()
        .any(|suffix| s.ends_with(suffix))
}

/// Whether a line is short and unpunctuated like a title or subtitle.
fn title_like(line: &str) -> bool {
    let w = width(line);
    // A fragment that starts with a mark that cannot start a line continues a sentence.
    let starts_mid_sentence = line
        .chars()
        .next()
        .is_some_and(|c| cjk::no_line_start(c, crate::style::Strictness::GbStyle));
    (4.0..=26.0).contains(&w)
        && !starts_mid_sentence
        && !ends_sentence(line)
        && !line.ends_with(['，', '、', '：'])
        && list_heading(line).is_none()
}

/// What an imported text looks like, before the user confirms it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportedText {
    pub articles_front: Vec<Article>,
    pub sections: Vec<Section>,
    pub distribution: Distribution,
    /// A masthead found at the top (bulletin name, 第X期（总第Y期）, organisation, date).
    pub masthead: Option<Masthead>,
}

/// What a masthead at the top of an imported issue said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Masthead {
    pub bulletin_name: Option<String>,
    pub issue_no: u32,
    pub total_no: Option<u32>,
    pub supplement: bool,
    pub editor_org: Option<String>,
    pub date: Option<crate::model::Date>,
}

/// `增刊第9期（总第96期）` → (supplement, 9, Some(96)).
fn issue_line(line: &str) -> Option<(bool, u32, Option<u32>)> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (supplement, t) = match t.strip_prefix("增刊") {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    let rest = t.strip_prefix('第')?;
    let (no, rest) = rest.split_once('期')?;
    let no: u32 = no.parse().ok()?;
    let total = match rest {
        "" => None,
        r => Some(
            r.strip_prefix("（总第")?
                .strip_suffix("期）")?
                .parse()
                .ok()?,
        ),
    };
    Some((supplement, no, total))
}

/// A date such as `2021年9月30日` in a line, and the text before it.
fn date_in(line: &str) -> Option<(String, crate::model::Date)> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let y = t.find('年')?;
    let digits_start = t[..y]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()?
        .0;
    let year: i32 = t[digits_start..y].parse().ok()?;
    let rest = &t[y + '年'.len_utf8()..];
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let date = crate::model::Date::new(year, m.parse().ok()?, d.parse().ok()?)?;
    Some((t[..digits_start].to_string(), date))
}

/// Recognises a masthead in the first lines; returns it and how many lines it took.
fn masthead(lines: &[String]) -> Option<(Masthead, usize)> {
    let m = lines.iter().take(4).position(|l| issue_line(l).is_some())?;
    let (supplement, issue_no, total_no) = issue_line(&lines[m])?;
    let mut head = Masthead {
        bulletin_name: (m > 0).then(|| {
            lines[m - 1]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        }),
        issue_no,
        total_no,
        supplement,
        ..Masthead::default()
    };
    let mut used = m + 1;
    // Organisation and date: on one line, or on two.
    for k in used..(used + 2).min(lines.len()) {
        if let Some((before, date)) = date_in(&lines[k]) {
            head.date = Some(date);
            if !before.is_empty() {
                head.editor_org = Some(before);
            } else if k > used {
                head.editor_org = Some(lines[k - 1].clone());
            }
            used = k + 1;
            break;
        }
    }
    Some((head, used))
}

/// Reads the structure of a whole issue (or of one article) from plain text such as
/// the text of a PDF: 【…】 section headings, titles (short lines without final
/// punctuation), subtitles, paragraphs joined across hard line breaks, bylines at the
/// end, award lists (`一、书法` + rows) and the 报/发/送 lines.
pub fn read_issue_text(text: &str) -> ImportedText {
    // Raw lines (for award rows, where spaces separate columns) and cleaned lines.
    let mut raw_lines: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    for raw in text.lines() {
        if let Some(l) = clean_line(raw) {
            raw_lines.push(raw.trim().to_string());
            lines.push(l);
        }
    }

    let measured: Vec<(String, f32)> = lines
        .iter()
        .zip(&raw_lines)
        .map(|(l, r)| (l.clone(), width(r)))
        .collect();
    let full = full_width(&measured);
    let mut out = ImportedText::default();
    let mut current_section: Option<usize> = None;
    let mut article: Option<Article> = None;
    let mut para: Vec<(String, f32)> = Vec::new();
    let mut in_list = false;
    let mut i = 0;
    if let Some((head, used)) = masthead(&lines) {
        out.masthead = Some(head);
        i = used;
    }

    fn flush_para(para: &mut Vec<(String, f32)>, article: &mut Option<Article>) {
        if para.is_empty() {
            return;
        }
        let lines = std::mem::take(para);
        if let Some(a) = article.as_mut() {
            for p in join_measured(&lines) {
                a.blocks.push(Block::Paragraph { text: p });
            }
        }
    }
    let finish = |article: &mut Option<Article>, out: &mut ImportedText, section: Option<usize>| {
        if let Some(a) = article.take() {
            match section {
                Some(s) => out.sections[s].articles.push(a),
                None => out.articles_front.push(a),
            }
        }
    };

    while i < lines.len() {
        let line = lines[i].clone();
        // Distribution block: 报：… 发：… 送：… and their continuation lines.
        if let Some((label, rest)) = distribution_start(&line) {
            flush_para(&mut para, &mut article);
            finish(&mut article, &mut out, current_section);
            let mut groups = vec![RecipientGroup::new(split_names(rest))];
            i += 1;
            while i < lines.len() && distribution_start(&lines[i]).is_none() {
                groups.push(RecipientGroup::new(split_names(&lines[i])));
                i += 1;
            }
            out.distribution.lines.push(RecipientLine {
                label: label.to_string(),
                groups,
            });
            continue;
        }
        // Section heading.
        if line.starts_with('【') && line.ends_with('】') {
            flush_para(&mut para, &mut article);
            finish(&mut article, &mut out, current_section);
            out.sections.push(Section {
                label: line.trim_matches(['【', '】']).to_string(),
                articles: Vec::new(),
            });
            current_section = Some(out.sections.len() - 1);
            in_list = false;
            i += 1;
            continue;
        }
        // Award list: a category heading, then rows.
        if let Some(name) = list_heading(&line).filter(|_| article.is_some()) {
            flush_para(&mut para, &mut article);
            let mut rows = Vec::new();
            i += 1;
            while i < lines.len() && list_heading(&lines[i]).is_none() {
                // Text extractors that sort by columns put the award on a line of its
                // own after the name and organisation.
                let split = lines
                    .get(i + 1)
                    .filter(|next| next.chars().count() <= 5 && next.ends_with('奖'))
                    .and_then(|next| award_row(&format!("{}\u{3000}{next}", lines[i])));
                match (split, award_row(&lines[i])) {
                    (Some(r), _) => {
                        rows.push(r);
                        i += 2;
                    }
                    (None, Some(r)) => {
                        rows.push(r);
                        i += 1;
                    }
                    (None, None) => break,
                }
            }
            let category = AwardCategory { name, rows };
            if let Some(a) = article.as_mut() {
                match a.blocks.last_mut() {
                    Some(Block::AwardList { categories }) if in_list => categories.push(category),
                    _ => a.blocks.push(Block::AwardList {
                        categories: vec![category],
                    }),
                }
            }
            in_list = true;
            continue;
        }
        // A byline or source closing the article: what follows must start something
        // new (a title, a section, the distribution block) or be the end.
        let closes = |k: usize| {
            lines.get(k).is_none_or(|next| {
                title_like(next)
                    || (next.starts_with('【') && next.ends_with('】'))
                    || distribution_start(next).is_some()
            })
        };
        if let Some((before, attribution)) = split_attribution(&line).filter(|_| closes(i + 1)) {
            if article.is_some() {
                if !before.is_empty() {
                    let w = width(&raw_lines[i]);
                    para.push((before, w));
                }
                flush_para(&mut para, &mut article);
                if let Some(a) = article.as_mut() {
                    a.attribution = Some(attribution);
                }
                finish(&mut article, &mut out, current_section);
                in_list = false;
                i += 1;
                continue;
            }
        }
        // A title: a short unpunctuated line where an article can start.
        let at_boundary = para.is_empty()
            || (i > 0 && ends_sentence(&lines[i - 1]) && width(&raw_lines[i - 1]) < full - 0.6);
        if title_like(&line) && at_boundary && !in_list_row(&line) {
            flush_para(&mut para, &mut article);
            finish(&mut article, &mut out, current_section);
            let mut a = Article {
                title: line.clone(),
                subtitle: None,
                blocks: Vec::new(),
                attribution: None,
            };
            i += 1;
            if i < lines.len() && title_like(&lines[i]) && width(&lines[i]) < 24.0 {
                a.subtitle = Some(lines[i].clone());
                i += 1;
            }
            article = Some(a);
            in_list = false;
            continue;
        }
        // A list intro such as 获奖作者名单： stays its own block.
        let after_paragraph = para.is_empty() || (i > 0 && ends_sentence(&lines[i - 1]));
        if line.ends_with('：') && width(&line) <= 16.0 && after_paragraph && article.is_some() {
            flush_para(&mut para, &mut article);
            if let Some(a) = article.as_mut() {
                a.blocks.push(Block::ListIntro { text: line.clone() });
                i += 1;
                continue;
            }
        }
        if article.is_none() {
            article = Some(Article {
                title: String::new(),
                subtitle: None,
                blocks: Vec::new(),
                attribution: None,
            });
        }
        in_list = false;
        para.push((line, width(&raw_lines[i])));
        i += 1;
    }
    flush_para(&mut para, &mut article);
    finish(&mut article, &mut out, current_section);
    out
}

/// A line with the columns of an award row (name, organisation, award).
fn in_list_row(line: &str) -> bool {
    matches!(award_row(line), Some(AwardRow::Person { .. }))
}

fn distribution_start(line: &str) -> Option<(&str, &str)> {
    for label in ["报", "发", "送", "抄送", "本期增发"] {
        if let Some(rest) = line.strip_prefix(label).and_then(|r| r.strip_prefix('：')) {
            return Some((label, rest));
        }
    }
    None
}

fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，'])
        .map(|n| n.trim().trim_end_matches('。').to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// The articles of any file an editor receives: a .docx, or text in any supported
/// encoding. Returns the articles and notes for the user (images not imported).
pub fn articles_from_file(bytes: &[u8]) -> Result<(Vec<Article>, Vec<String>), String> {
    if bytes.starts_with(b"PK\x03\x04") {
        let d = docx::read_docx(bytes).map_err(|e| e.chinese())?;
        let mut notes = Vec::new();
        if d.images > 0 {
            notes.push(format!(
                "文档里有 {} 张图片，本版本还不能排入图片，已略去。",
                d.images
            ));
        }
        return Ok((vec![d.article], notes));
    }
    let (text, _) = decode(bytes).map_err(|e| e.chinese())?;
    Ok((articles_from_text(&text), Vec::new()))
}

/// An issue built from imported text on top of `template` (its masthead and style).
pub fn issue_from_text(text: &str, template: &Issue) -> Issue {
    let imported = read_issue_text(text);
    let mut issue = template.clone();
    issue.front = imported.articles_front;
    issue.sections = imported.sections;
    if let Some(m) = imported.masthead {
        let meta = &mut issue.meta;
        if let Some(name) = m.bulletin_name.filter(|n| !n.is_empty()) {
            meta.bulletin_name = name;
        }
        meta.issue_no = m.issue_no;
        meta.total_no = m.total_no;
        meta.supplement = m.supplement;
        if let Some(org) = m.editor_org {
            meta.editor_org = org;
        }
        if let Some(date) = m.date {
            meta.date = date;
            meta.year = date.year;
        }
    }
    if !imported.distribution.lines.is_empty() {
        issue.distribution = imported.distribution;
    }
    issue
}

/// The articles of a text (an article file or a paste), for adding to an issue.
pub fn articles_from_text(text: &str) -> Vec<Article> {
    let imported = read_issue_text(text);
    let mut out = imported.articles_front;
    for s in imported.sections {
        out.extend(s.articles);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const SEED_TEXT: &str = include_str!("../../assets/seed-issue.txt");
    const SEED: &str = SEED_TEXT;

    #[test]
    fn encodings_decode_to_the_same_text_and_bad_files_are_named() {
        let text = "山西移动召开“数智移动　实事为民”主题宣传活动启动会。\n近日，5G应用。\n";
        let utf8 = text.as_bytes().to_vec();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for (bytes, enc) in [
            (utf8, Encoding::Utf8),
            (bom, Encoding::Utf8Bom),
            (le, Encoding::Utf16Le),
            (be, Encoding::Utf16Be),
            (gbk.into_owned(), Encoding::Gb18030),
        ] {
            let (decoded, found) = decode(&bytes).expect("decodes");
            assert_eq!(decoded, text);
            assert_eq!(found, enc);
        }
        assert_eq!(decode(b""), Err(ImportError::Empty));
        assert_eq!(decode(b"  \n"), Err(ImportError::Empty));
        let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert_eq!(decode(&binary), Err(ImportError::NotText));
        let doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(decode(&doc), Err(ImportError::OldWordFormat));
        assert!(ImportError::NotText.chinese().contains("GBK"));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for len in [0usize, 1, 2, 3, 7, 64, 513, 4096] {
            for _ in 0..50 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x >> 24) as u8
                    })
                    .collect();
                if let Ok((text, _)) = decode(&bytes) {
                    let _ = read_issue_text(&text);
                }
                let lossy = String::from_utf8_lossy(&bytes);
                let _ = read_issue_text(&lossy);
                let _ = articles_from_text(&lossy);
            }
        }
    }

    #[test]
    fn spaces_and_page_artefacts_are_repaired() {
        assert_eq!(fix_spaces("继 8 月 13 日山西省"), "继8月13日山西省");
        assert_eq!(fix_spaces("数智移动 实事为民"), "数智移动\u{3000}实事为民");
        assert_eq!(fix_spaces("Full mesh 网络"), "Full mesh网络");
        assert_eq!(clean_line("— 3 —"), None);
        assert_eq!(
            clean_line("\u{0C} 据悉，“十三五”"),
            Some("据悉，“十三五”".into())
        );
        let lines: Vec<String> = [
            "继8月13日山西省委副书记、省长蓝佛安一行赴山西联通调研数字",
            "经济发展后，9月16日，蓝佛安又到山西移动、山西电信就加快5G建设、",
            "推进“5G+工业互联网”发展、促进数字经济发展进行专题调研。",
            "蓝佛安听取和观看了山西移动、山西电信公司概况和发展战略、网络",
            "能力和5G规划。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let paras = join_lines(&lines);
        assert_eq!(paras.len(), 2, "{paras:?}");
        assert!(paras[0].ends_with("专题调研。"));
    }

    #[test]
    fn a_masthead_at_the_top_fills_the_issue_data() {
        let text = "工 作 信 息\n第 12 期（总第 99 期）\n山西省通信行业协会\n2022 年 1 月 5 日\n省长蓝佛安赴山西移动山西电信专题调研\n近日，蓝佛安到山西移动调研。\n（王婧）\n";
        let issue = issue_from_text(text, &Issue::sample());
        let m = &issue.meta;
        assert_eq!(m.bulletin_name, "工作信息");
        assert_eq!((m.issue_no, m.total_no), (12, Some(99)));
        assert_eq!(m.editor_org, "山西省通信行业协会");
        assert_eq!(m.date.chinese(), "2022年1月5日");
        assert_eq!(issue.front.len(), 1);
        assert_eq!(issue.front[0].title, "省长蓝佛安赴山西移动山西电信专题调研");
        assert_eq!(issue_line("增刊第3期"), Some((true, 3, None)));
        assert_eq!(issue_line("第九期"), None);
    }

    #[test]
    fn bylines_and_sources_are_recognised() {
        let (before, a) = split_attribution("受到蓝佛安的肯定。 （王婧）").unwrap();
        assert_eq!(before, "受到蓝佛安的肯定。");
        assert_eq!(
            a.kind,
            AttributionKind::Author {
                names: vec!["王婧".into()]
            }
        );
        let (_, a) = split_attribution("（据国资网）").unwrap();
        assert!(a.is_source());
        let (_, a) = split_attribution("通人的责任！” （张俊清 张梦梦）").unwrap();
        assert_eq!(
            a.kind,
            AttributionKind::Author {
                names: vec!["张俊清".into(), "张梦梦".into()]
            }
        );
        // Parentheses inside a sentence are not a byline.
        assert!(split_attribution("工程设计服务集中采购项目（标段一）").is_none());
    }

    /// The seed issue read from its extracted text matches the hand-made sample issue,
    /// except where noted.
    #[test]
    fn the_seed_text_imports_as_the_sample_issue() {
        let sample = Issue::sample();
        let issue = issue_from_text(SEED, &sample);
        assert_matches_sample(&issue, &sample, "the seed text");
    }

    /// The text `pdftotext` reads out of our own export imports as the issue it came
    /// from: masthead, sections, titles, bylines, every paragraph, the award list and
    /// the distribution. Needs poppler's `pdftotext` (CI installs it and sets
    /// JIANBAO_REQUIRE_PDFTOTEXT so that a missing tool fails the test there).
    #[test]
    fn our_exported_pdf_text_imports_as_the_sample_issue() {
        let sample = Issue::sample();
        let book = crate::fonts::FontBook::bundled();
        let pages = crate::layout::layout(&sample, &crate::style::Style::default(), &book);
        let pdf = crate::pdf::export(&pages, &sample, &book).expect("the sample exports");
        let dir = std::env::temp_dir().join(format!("jianbao-pdftext-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let pdf_path = dir.join("sample.pdf");
        std::fs::write(&pdf_path, pdf).expect("the PDF is written");
        // -raw: content-stream order, which is our reading order; the default mode
        // (reading order guessed from columns) is also read, for the award list.
        for mode in ["-raw", "default"] {
            let txt_path = dir.join(format!("sample{mode}.txt"));
            let mut cmd = std::process::Command::new("pdftotext");
            if mode != "default" {
                cmd.arg(mode);
            }
            let status = match cmd
                .arg("-enc")
                .arg("UTF-8")
                .arg(&pdf_path)
                .arg(&txt_path)
                .status()
            {
                Ok(s) => s,
                Err(e) => {
                    assert!(
                        std::env::var_os("JIANBAO_REQUIRE_PDFTOTEXT").is_none(),
                        "pdftotext could not run: {e}"
                    );
                    eprintln!("skipped: pdftotext is not installed (poppler-utils): {e}");
                    return;
                }
            };
            assert!(status.success(), "pdftotext {mode} failed");
            let text = std::fs::read_to_string(&txt_path).expect("pdftotext wrote UTF-8");
            let imported = read_issue_text(&text);
            let head = imported
                .masthead
                .clone()
                .expect("the masthead is recognised");
            assert_eq!(head.issue_no, sample.meta.issue_no);
            assert_eq!(head.total_no, sample.meta.total_no);
            assert_eq!(head.date, Some(sample.meta.date));
            let mut template = Issue::sample();
            template.meta.bulletin_name = String::new();
            let issue = issue_from_text(&text, &template);
            assert_eq!(issue.meta.bulletin_name, sample.meta.bulletin_name);
            if mode == "-raw" {
                assert_matches_sample(&issue, &sample, "pdftotext -raw of our PDF");
            } else {
                // Poppler's column guessing splits the one title set on two lines
                // around its ideographic space (数智移动　实事为民) into two columns;
                // everything else, the award list included, must still come back.
                let lists = |i: &Issue| -> Vec<Block> {
                    i.articles()
                        .flat_map(|a| a.blocks.iter())
                        .filter(|b| matches!(b, Block::AwardList { .. }))
                        .cloned()
                        .collect()
                };
                assert_eq!(lists(&issue), lists(&sample), "award list ({mode})");
                assert_eq!(issue.distribution, sample.distribution);
                let titles: Vec<String> = issue.articles().map(|a| a.title.clone()).collect();
                for a in sample.articles().filter(|a| !a.title.contains('\u{3000}')) {
                    assert!(
                        titles.contains(&a.title.replace('\n', "")),
                        "title {} ({mode})",
                        a.title
                    );
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Asserts that an imported issue has the sample's structure and words; `what`
    /// names the source in failure messages.
    fn assert_matches_sample(issue: &Issue, sample: &Issue, what: &str) {
        // Structure: 1 lead article, 4 sections, 12 articles in all.
        assert_eq!(issue.front.len(), 1, "lead articles from {what}");
        let labels: Vec<&str> = issue.sections.iter().map(|s| s.label.as_str()).collect();
        let sample_labels: Vec<&str> = sample.sections.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, sample_labels, "sections from {what}");
        let got: Vec<&Article> = issue.articles().collect();
        let want: Vec<&Article> = sample.articles().collect();
        assert_eq!(got.len(), want.len(), "articles from {what}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.title, w.title.replace('\n', ""), "title from {what}");
            assert_eq!(
                g.subtitle, w.subtitle,
                "subtitle of {} from {what}",
                w.title
            );
            assert_eq!(
                g.attribution, w.attribution,
                "byline of {} from {what}",
                w.title
            );
            let kinds = |a: &Article| -> Vec<&'static str> {
                a.blocks
                    .iter()
                    .map(|b| match b {
                        Block::Paragraph { .. } => "p",
                        Block::ListIntro { .. } => "intro",
                        Block::AwardList { .. } => "list",
                    })
                    .collect()
            };
            let text = |a: &Article| -> String {
                a.blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Paragraph { text } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect()
            };
            if g.blocks.len() + 1 == w.blocks.len() && w.title.starts_with("山西邮电工程公司")
            {
                // The sample splits this article's second paragraph in two, as the
                // spec's inventory counts 45 paragraphs (README); the seed's text
                // shows no break there. Same words, one paragraph fewer.
                assert_eq!(text(g), text(w), "text of {} from {what}", w.title);
                continue;
            }
            assert_eq!(kinds(g), kinds(w), "blocks of {} from {what}", w.title);
            assert_eq!(g.blocks, w.blocks, "text of {} from {what}", w.title);
        }
        assert_eq!(
            issue.distribution, sample.distribution,
            "distribution from {what}"
        );
    }
}
