//! From a text to the lines the recogniser reads: line ends of every platform, the
//! indent and blank lines that mark a paragraph start (measured before anything is
//! trimmed), page artefacts dropped, and whether the text is hard-wrapped at all.
//!
//! The same [`SourceLine`]s come out of Word documents and web pages (one per
//! paragraph, every one a paragraph start), so one recogniser reads all three.

use crate::layout::cjk;

/// What a source told about a line beyond its text.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Hint {
    #[default]
    None,
    /// A heading or title style (Word's Heading/Title, HTML h1–h3).
    Heading,
    /// A centred paragraph (Word's `w:jc="center"`, many spaces before a text line).
    Centred,
    /// A table row, one string per cell.
    Cells(Vec<String>),
    /// A whole table of data (not an award list), taken over as it is.
    Table(Box<crate::model::Table>),
    /// A picture (or two side by side) with its caption, taken over as it is.
    Figure(Box<crate::model::Figure>),
}

impl Hint {
    /// Whether the line stands for a block by itself (see [`Hint::block`]).
    pub fn is_block(&self) -> bool {
        matches!(self, Hint::Table(_) | Hint::Figure(_))
    }

    /// The block a line stands for by itself (a table, a figure), which the recogniser
    /// places as it is: never a title, a paragraph or a list row.
    pub fn block(&self) -> Option<crate::model::Block> {
        match self {
            Hint::Table(t) => Some(crate::model::Block::Table(t.as_ref().clone())),
            Hint::Figure(f) => Some(crate::model::Block::Figure(f.as_ref().clone())),
            _ => None,
        }
    }
}

/// One line of a text file, or one paragraph of a Word document or web page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SourceLine {
    /// The line cleaned of stray spaces, without its indent.
    pub text: String,
    /// The line as written (trimmed), where spaces still separate columns.
    pub raw: String,
    /// Its width in em as the original was set (see [`width`]).
    pub width: f32,
    /// An explicit paragraph start: an indent, an informative blank line before it, or
    /// a paragraph of a Word document or web page.
    pub starts_paragraph: bool,
    /// An empty line came before it (even in a double-spaced text).
    pub blank_before: bool,
    /// It was indented (an explicit paragraph start in a text file).
    pub indented: bool,
    pub hint: Hint,
}

/// The lines of a source and what was measured over all of them.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub lines: Vec<SourceLine>,
    /// Lines are hard-wrapped at a measure (a PDF copy, a wrapped text file): wrapped
    /// lines are joined into paragraphs. Otherwise each line is a paragraph.
    pub wrapped: bool,
    /// The measure the lines were wrapped at, in the unit of [`SourceLine::width`].
    pub measure: f32,
    /// Paragraph starts are marked (indents or blank lines) often enough to be trusted
    /// as the only paragraph breaks among wrapped lines.
    pub marked: bool,
}

/// Width of a line in em, as the original was set: Han and full-width marks 1, Latin
/// letters and digits ½, a space ¼ (in extracted text a space usually stands for the
/// gap Word put between Han and digits).
pub fn width(line: &str) -> f32 {
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
        .is_some_and(|c| "。！？；…”’）」』!?".contains(c))
}

/// Whether a text ends with sentence-final punctuation, possibly inside closing
/// quotes or brackets (`…。”`). A title may end with a closing mark (…“守护者”,
/// …（试行）) and still have none.
pub fn has_final_stop(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['”', '’', '）', '」', '』', '》', ')', '"'])
        .chars()
        .last()
        .is_some_and(|c| "。！？；…!?;".contains(c))
}

/// Removes spaces that extraction or typing put between Han and Latin letters or digits
/// (`9 月 16 日` → `9月16日`), and between full-width marks and anything; keeps a
/// deliberate single space between two Han phrases as an ideographic space.
pub fn fix_spaces(line: &str) -> String {
    let chars: Vec<char> = line.trim().chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let is_space = |c: char| matches!(c, ' ' | '\u{3000}' | '\u{A0}' | '\t');
    while i < chars.len() {
        let c = chars[i];
        if is_space(c) {
            let mut j = i;
            while j < chars.len() && is_space(chars[j]) {
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
        // Invisible characters web pages and Word leave behind.
        if !matches!(
            c,
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{0C}'
        ) {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Whether a cleaned line is only a page artefact (a page number such as `— 3 —` or
/// `-3-`).
fn is_artefact(t: &str) -> bool {
    let core: String = t
        .chars()
        .filter(|c| !matches!(c, '—' | '-' | '–' | ' ' | '　'))
        .collect();
    !core.is_empty() && core.chars().all(|c| c.is_ascii_digit()) && core.len() <= 3
}

/// The indent before a line's text: (an explicit paragraph indent, centred-looking).
/// Two or more U+3000, two to eight ASCII or no-break spaces, or a tab mark a
/// paragraph; more than that is a centred line. One space is noise of extraction.
fn leading(raw: &str) -> (bool, bool) {
    let mut ideographic = 0;
    let mut spaces = 0;
    let mut tabs = 0;
    for c in raw.chars() {
        match c {
            '\u{3000}' => ideographic += 1,
            ' ' | '\u{A0}' => spaces += 1,
            '\t' => tabs += 1,
            '\u{FEFF}' | '\u{0C}' => {}
            _ => break,
        }
    }
    let em = ideographic as f32 + spaces as f32 / 2.0 + tabs as f32 * 2.0;
    let centred = em > 4.0 + 0.1 && ideographic <= 4;
    let indent = !centred && (ideographic >= 2 || (2..=8).contains(&spaces) || tabs >= 1);
    (indent, centred)
}

/// Splits a text into lines at LF, CRLF, CR alone, U+2028, U+2029 and U+0085.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.find(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            Some(at) => {
                let line = &r[..at];
                let tail = &r[at..];
                let skip = if tail.starts_with("\r\n") {
                    2
                } else {
                    tail.chars().next().map_or(1, char::len_utf8)
                };
                rest = Some(&tail[skip..]);
                Some(line)
            }
            None => {
                rest = None;
                (!r.is_empty()).then_some(r)
            }
        }
    })
}

/// The lines of a text with their marks, and whether it is wrapped.
pub fn text_source(text: &str) -> Source {
    let mut lines = Vec::new();
    let mut blank = false;
    let mut transitions = 0usize;
    let mut blank_transitions = 0usize;
    for raw in split_lines(text) {
        let trimmed =
            raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{0C}');
        if trimmed.is_empty() {
            blank = true;
            continue;
        }
        let text = fix_spaces(trimmed);
        if text.is_empty() || is_artefact(&text) {
            continue;
        }
        if !lines.is_empty() {
            transitions += 1;
            blank_transitions += usize::from(blank);
        }
        let (indent, centred) = leading(raw);
        lines.push(SourceLine {
            width: width(trimmed),
            text,
            raw: trimmed.to_string(),
            starts_paragraph: indent,
            blank_before: blank,
            indented: indent,
            hint: if centred { Hint::Centred } else { Hint::None },
        });
        blank = false;
    }
    let mut source = Source {
        lines,
        ..Source::default()
    };
    measure_wrapping(&mut source);
    // A double-spaced text (a blank line after nearly every line, as some PDF copies
    // give) says nothing with its blank lines; elsewhere a blank line starts a paragraph.
    let double_spaced = source.wrapped && blank_transitions * 10 > transitions * 7;
    let mut marks = 0usize;
    for l in &mut source.lines {
        if l.blank_before && !double_spaced {
            l.starts_paragraph = true;
        }
        marks += usize::from(l.starts_paragraph);
    }
    // Marks are trusted when there are several and not every line has one.
    source.marked = source.wrapped && marks >= 2 && marks * 10 < source.lines.len() * 8;
    source
}

/// Decides whether a text's lines are hard-wrapped. Where paragraphs are marked
/// (indents, blank lines), unmarked lines that continue a sentence from the line
/// before are the evidence. Elsewhere the long lines must cluster just under one
/// width (the measure), with hardly any line wider and most of them ending
/// mid-sentence. Widths are tried both in em (wrapping by display width) and in
/// characters (wrapping by count); the better cluster wins, and each line's width is
/// then given in that unit.
fn measure_wrapping(source: &mut Source) {
    let lines = &source.lines;
    let marked = |l: &SourceLine| l.starts_paragraph || l.blank_before;
    let list_like = |l: &SourceLine| {
        super::lists::list_heading(&l.text).is_some() || super::lists::is_strong_row(l)
    };
    let marks = lines.iter().filter(|l| marked(l)).count();
    // Lines continuing the sentence of a long line before them (not the title's
    // next line, not a list, not after a colon).
    let continuations = lines
        .windows(2)
        .skip(1)
        .filter(|w| {
            !marked(&w[1])
                && !ends_sentence(&w[0].text)
                && !w[0].text.ends_with(['：', ':'])
                && w[0].width >= 15.0
                && !list_like(&w[0])
                && !list_like(&w[1])
                // A line set right or centred, or a signature over its date, is no
                // body line running on.
                && w[0].hint != Hint::Centred
                && super::byline::signature(&w[0].text, Some(&w[1].text)).is_none()
        })
        .count();
    let em: Vec<(f32, bool)> = lines
        .iter()
        .map(|l| (l.width, ends_sentence(&l.text)))
        .collect();
    let chars: Vec<(f32, bool)> = lines
        .iter()
        .map(|l| (l.raw.chars().count() as f32, ends_sentence(&l.text)))
        .collect();
    let (em_fit, _) = cluster(&em);
    let (char_fit, _) = cluster(&chars);
    let by_chars = char_fit > em_fit + 0.1;
    let evidently_marked = marks >= 2 && marks * 10 < lines.len() * 9 && continuations >= 1;
    source.wrapped = evidently_marked || em_fit.max(char_fit) > 0.0;
    if source.wrapped {
        if by_chars {
            for (l, (w, _)) in source.lines.iter_mut().zip(chars) {
                l.width = w;
            }
        }
        // The full measure: the typical width of lines inside paragraphs.
        source.measure = full_width(&source.lines);
    }
}

/// How well the long lines cluster at one width: (the share of long lines within the
/// cluster, 0 when the lines are not wrapped; the measure). Each width comes with
/// whether its line ends a sentence.
fn cluster(widths: &[(f32, bool)]) -> (f32, f32) {
    let mut long: Vec<(f32, bool)> = widths.iter().copied().filter(|&(w, _)| w >= 10.0).collect();
    if long.len() < 3 {
        return (0.0, 0.0);
    }
    long.sort_by(|a, b| a.0.total_cmp(&b.0));
    // The window [m - 2.5, m + 0.75] holding the most lines, m taken at each width.
    let mut best = (0usize, 0.0f32, 0usize, 0usize);
    let mut lo = 0;
    let mut hi = 0;
    for &(m, _) in &long {
        while long[lo].0 < m - 2.5 {
            lo += 1;
        }
        while hi < long.len() && long[hi].0 <= m + 0.75 {
            hi += 1;
        }
        if hi - lo > best.0 || (hi - lo == best.0 && m > best.1) {
            best = (hi - lo, m, lo, hi);
        }
    }
    let (count, measure, lo, hi) = best;
    let mid_sentence = long[lo..hi].iter().filter(|(_, ends)| !ends).count();
    let wider = long.iter().filter(|&&(w, _)| w > measure + 1.5).count();
    let share = count as f32 / long.len() as f32;
    // Wrapped: at least three lines at the measure, the largest group, most of them
    // broken mid-sentence, and (almost) nothing wider.
    if count >= 3
        && share >= 0.4
        && mid_sentence * 10 >= count * 3
        && mid_sentence >= 2
        && wider * 10 <= long.len()
    {
        (share, measure)
    } else {
        (0.0, measure)
    }
}

/// Joins the hard line breaks of text copied out of a PDF into paragraphs: a line that
/// does not end a sentence continues, and so does a full-width line, unless the next
/// line looks like the indented first line of a new paragraph. Returns the paragraphs.
pub fn join_lines(lines: &[String]) -> Vec<String> {
    let source = text_source(&lines.join("\n"));
    let mut source = source;
    // Pasted lines are wrapped by definition: the editor offers this for them.
    if !source.wrapped {
        source.wrapped = true;
        source.measure = full_width(&source.lines);
    }
    join_paragraphs(&source, &source.lines)
}

/// The paragraphs a run of body lines makes. Unwrapped sources keep a paragraph per
/// line; wrapped ones are joined, breaking at marked starts, and elsewhere where a
/// sentence ends on a line shorter than the measure.
pub fn join_paragraphs(source: &Source, lines: &[SourceLine]) -> Vec<String> {
    if !source.wrapped {
        return lines.iter().map(|l| l.text.clone()).collect();
    }
    // The measure of this run of lines when it has enough wrapped lines to tell (an
    // article may be set narrower than the rest), else the whole text's.
    let full = match inner_width(lines) {
        Some(w) => w,
        None if source.measure > 0.0 => source.measure,
        None => full_width(lines),
    };
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, line) in lines.iter().enumerate() {
        if !current.is_empty() && line.starts_paragraph {
            out.push(std::mem::take(&mut current));
        }
        // A paragraph's first line is full two characters short (the indent).
        let first = current.is_empty();
        let measure = if first { full - 2.0 } else { full };
        if wrapped_byline_gap(&current, &line.text) {
            current.push('\u{3000}');
        }
        current.push_str(&line.text);
        let w = line.width;
        let next = lines.get(i + 1);
        // A short line ending with a colon (各会员单位：) ends its paragraph.
        let salutation = line.text.ends_with(['：', ':']) && w < measure - 1.5;
        let ends = salutation
            || if source.marked {
                // Marks are the breaks; a sentence ending far short of the measure too.
                ends_sentence(&line.text) && w < full * 0.75
            } else {
                let next_is_first = next.is_some_and(|n| {
                    n.starts_paragraph
                        || (n.width >= full - 3.2
                            && n.width <= full - 1.4
                            && !ends_sentence(&n.text))
                });
                // A nearly full line that ends a sentence, followed by a line too wide to
                // be an indented first line: the sentence ended where the line wrapped.
                let next_too_wide = next.is_some_and(|n| n.width > full - 1.4);
                let short = w < measure - 1.5 || (w < measure - 0.6 && !next_too_wide);
                ends_sentence(&line.text) && (short || next_is_first)
            };
        if ends || i + 1 == lines.len() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether joining `line` to the paragraph so far splits a byline wrapped at the
/// space between its names (…。（郭小兵 / 杜娟）): the space the wrap swallowed goes
/// back, as the note reads as names only with it.
fn wrapped_byline_gap(before: &str, line: &str) -> bool {
    // Only the paragraph's tail can hold the note: looking no further keeps joining
    // a long paragraph linear.
    let mut cut = before.len().saturating_sub(96);
    while !before.is_char_boundary(cut) {
        cut += 1;
    }
    let before = &before[cut..];
    let Some(open) = before.rfind('（') else {
        return false;
    };
    let head = &before[open + '（'.len_utf8()..];
    let Some(tail) = line.strip_suffix('）') else {
        return false;
    };
    if head.contains('）') || tail.contains(['（', '）']) {
        return false;
    }
    let glued = format!("{}{head}{tail}）", &before[..open + '（'.len_utf8()]);
    let spaced = format!(
        "{}{head}\u{3000}{tail}）",
        &before[..open + '（'.len_utf8()]
    );
    let gap_ends_a_word = head.chars().last().is_some_and(cjk::is_han)
        && tail.chars().next().is_some_and(cjk::is_han);
    use crate::model::AttributionKind::Author;
    let kind = |s: &str| super::byline::split_attribution(s).map(|(_, a)| a.kind);
    if !gap_ends_a_word || !matches!(kind(&spaced), Some(Author { .. })) {
        return false;
    }
    // Glued, the note may still read as one four-character name (王婧李明): two
    // names of two characters each are far likelier. A glued source note
    // (晋中移动供稿) is the reading.
    let last_word = head
        .rsplit([' ', '\u{3000}', '、'])
        .next()
        .map_or(0, |w| w.chars().count());
    match kind(&glued) {
        None => true,
        Some(Author { .. }) => last_word == 2 && tail.chars().count() == 2,
        Some(_) => false,
    }
}

/// The median width of lines inside paragraphs (neither ending a sentence nor
/// following a line that did), when there are at least three.
fn inner_width(lines: &[SourceLine]) -> Option<f32> {
    let mut inner: Vec<f32> = lines
        .windows(3)
        .filter(|w| {
            !ends_sentence(&w[0].text)
                && w[0].width >= 12.0
                && !ends_sentence(&w[1].text)
                && w[1].width >= 12.0
        })
        .map(|w| w[1].width)
        .collect();
    if inner.len() < 3 {
        return None;
    }
    inner.sort_by(f32::total_cmp);
    inner.get(inner.len() / 2).copied()
}

/// The measure of wrapped lines when no cluster was found: the median width of lines
/// inside paragraphs (neither ending a sentence nor following a line that did); the
/// upper quartile of all wrapped lines when there are none.
pub fn full_width(lines: &[SourceLine]) -> f32 {
    let wrapped = |i: usize, l: &SourceLine| {
        i + 1 < lines.len() && !ends_sentence(&l.text) && l.width >= 12.0
    };
    let mut inner: Vec<f32> = Vec::new();
    let mut all: Vec<f32> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !wrapped(i, l) {
            continue;
        }
        all.push(l.width);
        if i > 0 && !ends_sentence(&lines[i - 1].text) && lines[i - 1].width >= 12.0 {
            inner.push(l.width);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_splits_and_a_bom_is_dropped() {
        let text = "\u{FEFF}一\r\n二\r三\u{2028}四\u{2029}五\n六";
        let got: Vec<&str> = split_lines(text).collect();
        assert_eq!(got, ["一", "二", "三", "四", "五", "六"]);
        assert_eq!(
            split_lines("甲\n\n乙\n").collect::<Vec<_>>(),
            ["甲", "", "乙"]
        );
    }

    #[test]
    fn indents_are_measured_before_they_are_trimmed() {
        assert_eq!(leading("\u{3000}\u{3000}近日，"), (true, false));
        assert_eq!(leading("    近日，"), (true, false));
        assert_eq!(leading("\t近日，"), (true, false));
        assert_eq!(leading(" 据三家基础电信"), (false, false));
        assert_eq!(leading("\u{3000}近日"), (false, false));
        assert_eq!(leading("                    标题"), (false, true));
    }

    #[test]
    fn scattered_lines_are_not_wrapped_and_clustered_ones_are() {
        let unwrapped = "第一段很长很长的文字，写了一件事情的来龙去脉和前因后果，字数不少。\n第二段短一些。\n第三段又是一段较长的文字，它和第一段的长度并不一样，也不在一个宽度上，还要更长一些才行。\n第四段：三十来个字的一句话，说明情况，讲了一些别的事情。\n";
        assert!(!text_source(unwrapped).wrapped);
        let body = "近日，山西省通信管理局组织召开全省信息通信行业安全生产工作会议，会议总结了去年的安全生产工作，分析了当前面临的形势，部署了今年的重点任务。会议要求各单位切实落实安全生产主体责任，强化风险隐患排查整治，确保网络安全稳定运行。";
        let chars: Vec<char> = body.chars().collect();
        let wrapped: String = chars
            .chunks(30)
            .map(|c| c.iter().collect::<String>() + "\n")
            .collect();
        let s = text_source(&wrapped);
        assert!(s.wrapped);
        assert_eq!(join_paragraphs(&s, &s.lines), vec![body.to_string()]);
    }
}
