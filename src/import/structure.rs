//! The recogniser: one pass over [`SourceLine`]s (from text, a Word document or a web
//! page) that finds the masthead, 【…】 sections, titles and subtitles, paragraphs,
//! bylines and source notes, list intros, award lists and the 报/发/送 lines
//! (house-format.md §6).

use super::byline::{own_line, signature, split_attribution};
use super::lines::{ends_sentence, has_final_stop, join_paragraphs, Hint, Source, SourceLine};
use super::lists::{columns, header, is_list_intro, is_strong_row, list_heading, rows, HeaderMap};
use crate::layout::cjk;
use crate::model::{
    Article, Attribution, AwardCategory, Block, Distribution, RecipientGroup, RecipientLine,
    Section,
};

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
pub(super) fn issue_line(line: &str) -> Option<(bool, u32, Option<u32>)> {
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

fn distribution_start(line: &str) -> Option<(&str, &str)> {
    for label in ["报", "发", "送", "抄送", "本期增发"] {
        if let Some(rest) = line.strip_prefix(label).and_then(|r| r.strip_prefix('：')) {
            return Some((label, rest));
        }
    }
    None
}

/// Whether a line can continue a distribution block: a line of recipients
/// (山西省通信管理局领导、各中心、各处室) or the print line (…印发, （共印50份）).
fn distribution_continues(line: &SourceLine) -> bool {
    let t = line.text.as_str();
    if t.ends_with("印发") {
        return true;
    }
    if t.starts_with(['（', '(']) && t.contains('印') && t.ends_with(['）', ')']) {
        return true;
    }
    let body = t.strip_suffix('。').unwrap_or(t);
    t.chars().count() <= 80
        && !body.contains(['。', '！', '？', '；', '：', ':'])
        && body.contains(['、', '，'])
}

/// The end of the distribution block starting at line `i` (a 报/发/送 line and the
/// lines continuing it), when it is one: it runs to the end of the text or up to
/// what starts something new (a section, a title). Elsewhere such a line is text
/// that mentions a recipient, and swallows nothing.
fn distribution_block(lines: &[SourceLine], i: usize) -> Option<usize> {
    distribution_start(&lines.get(i)?.text)?;
    let mut end = i + 1;
    while end < lines.len()
        && (distribution_start(&lines[end].text).is_some() || distribution_continues(&lines[end]))
    {
        end += 1;
    }
    let fresh = lines.get(end).is_none_or(|next| {
        (next.text.starts_with('【') && next.text.ends_with('】'))
            || title_shape(next, 4.0, 60.0)
            || issue_line(&next.text).is_some()
    });
    fresh.then_some(end)
}

fn split_names(s: &str) -> Vec<String> {
    s.split(['、', '，'])
        .map(|n| n.trim().trim_end_matches('。').to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Whether a line is a section heading: one label in 【】 (not 【打印本页】【关闭窗口】,
/// a web page's links).
pub(super) fn is_section_label(text: &str) -> bool {
    text.starts_with('【')
        && text.ends_with('】')
        && text.chars().count() <= 24
        && text.matches(['【', '】']).count() == 2
}

/// Whether the recogniser reads a whole issue or an article file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A whole issue: a short unpunctuated line after a finished paragraph starts an
    /// article.
    Issue,
    /// An article file or paste: the first line is the title, and another article
    /// starts only after a byline or a section heading closed the one before (a short
    /// line mid-text is a subheading of the body, not a new article).
    Article,
}

/// The name given to an award list that has no category heading.
const UNNAMED_LIST: &str = "获奖名单";

fn em(line: &SourceLine) -> f32 {
    super::lines::width(&line.text)
}

/// Whether a line has the shape of a title: at most `max` em, no sentence-final mark
/// or trailing comma or colon, not a list heading, byline or section label, and not
/// a fragment that starts with a mark no line may start with.
fn title_shape(line: &SourceLine, min: f32, max: f32) -> bool {
    if matches!(line.hint, Hint::Table(_)) {
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
fn isolated(lines: &[SourceLine], i: usize) -> bool {
    matches!(lines[i].hint, Hint::Heading | Hint::Centred)
        || lines.get(i + 1).is_none_or(|n| n.starts_paragraph)
}

/// A subtitle: begins with a dash (——纪念…), or is short and unpunctuated. Never an
/// indented line (that starts the body), and in a wrapped text either set apart or
/// clearly shorter than the measure (a paragraph's first line is only 2 em short).
fn subtitle_shape(source: &Source, lines: &[SourceLine], i: usize, mode: Mode) -> bool {
    let line = &lines[i];
    if line.indented || matches!(line.hint, Hint::Table(_)) {
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

/// The state of the pass: the article being read and its pending lines.
struct Reader<'a> {
    source: &'a Source,
    out: ImportedText,
    section: Option<usize>,
    article: Option<Article>,
    /// Body lines not yet made into paragraphs.
    para: Vec<SourceLine>,
    /// A byline or source given under the title (来源：…), and its line.
    top: Option<(Attribution, String)>,
    /// The source named in a web page's publishing line copied with the text
    /// (发布时间：…　来源：…): the article's note only if it names none itself.
    page_source: Option<Attribution>,
}

impl Reader<'_> {
    fn article(&mut self) -> &mut Article {
        self.article.get_or_insert_with(|| Article {
            title: String::new(),
            subtitle: None,
            blocks: Vec::new(),
            attribution: None,
        })
    }

    fn flush_para(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.para);
        let paragraphs = join_paragraphs(self.source, &lines);
        let a = self.article();
        for p in paragraphs {
            a.blocks.push(Block::Paragraph { text: p });
        }
    }

    /// Ends the article: its byline is taken from the end of its last paragraph when
    /// none was found on a line of its own, else from under the title.
    fn finish(&mut self) {
        self.flush_para();
        let top = self.top.take();
        let page_source = self.page_source.take();
        let Some(mut a) = self.article.take() else {
            return;
        };
        if a.attribution.is_none() {
            if let Some(Block::Paragraph { text }) = a.blocks.last() {
                if let Some((before, attribution)) = split_attribution(text) {
                    if before.is_empty() {
                        a.blocks.pop();
                    } else {
                        a.blocks.pop();
                        a.blocks.push(Block::Paragraph { text: before });
                    }
                    a.attribution = Some(attribution);
                }
            }
        }
        if let Some((attribution, line)) = top {
            if a.attribution.is_none() {
                a.attribution = Some(attribution);
            } else if a.attribution.as_ref().map(|x| &x.kind) != Some(&attribution.kind) {
                a.blocks.insert(0, Block::Paragraph { text: line });
            }
        }
        if a.attribution.is_none() {
            a.attribution = page_source;
        }
        match self.section {
            Some(s) => self.out.sections[s].articles.push(a),
            None => self.out.articles_front.push(a),
        }
    }

    /// The article finished last in the current section (or before any section).
    fn last_finished(&mut self) -> Option<&mut Article> {
        match self.section {
            Some(s) => self.out.sections[s].articles.last_mut(),
            None => self.out.articles_front.last_mut(),
        }
    }
}

/// The rows a line gives inside a list (with the header's column map, if any).
fn line_rows(line: &SourceLine, map: Option<HeaderMap>) -> Vec<crate::model::AwardRow> {
    if line.text.chars().count() > 80 {
        return Vec::new();
    }
    rows(&columns(line), map, true)
}

/// Whether a list goes on at line `k`: a header, or a line that gives rows.
fn list_goes_on(lines: &[SourceLine], k: usize, map: Option<HeaderMap>) -> bool {
    lines
        .get(k)
        .is_some_and(|l| header(&columns(l)).is_some() || !line_rows(l, map).is_empty())
}

/// A category heading without an ordinal (一等奖, 团体奖, 优秀组织单位：): short,
/// unpunctuated, followed by rows. The first one of a list may not end with a colon
/// or say 名单/如下: that is the list's intro.
fn bare_category(line: &SourceLine, first: bool) -> Option<String> {
    let text = line.text.as_str();
    let t = text.trim_end_matches(['：', ':']);
    let n = t.chars().count();
    let intro_like = t.contains("名单") || t.contains("如下") || t.contains("以下");
    ((2..=16).contains(&n)
        && !ends_sentence(t)
        && !t.contains(['，', '。', '\u{3000}', ' '])
        && !matches!(line.hint, Hint::Cells(_))
        && !(first && (intro_like || t.len() != text.len())))
    .then(|| t.to_string())
}

/// Reads an award list starting at line `i`; returns its categories and the line
/// after it.
fn read_list(lines: &[SourceLine], mut k: usize) -> (Vec<AwardCategory>, usize) {
    let mut categories: Vec<AwardCategory> = Vec::new();
    let mut map: Option<HeaderMap> = None;
    // The cells of the last full row under a header, for rows whose first cells
    // were merged with it (一等奖 written once for all its winners).
    let mut last_cells: Vec<String> = Vec::new();
    while k < lines.len() {
        let filled = merged_row(&lines[k], map, &last_cells);
        let line = filled.as_ref().unwrap_or(&lines[k]);
        // A byline after the list ends it (通讯员　李明 is no row), and so does a
        // signature (the issuing body over the date).
        let next = lines.get(k + 1).map(|l| l.text.as_str());
        if own_line(&line.text).is_some() || signature(&line.text, next).is_some() {
            break;
        }
        if let Some(m) = header(&columns(line)) {
            map = Some(m);
            last_cells.clear();
            k += 1;
            continue;
        }
        if map.is_some_and(|m| columns(line).len() == m.columns) {
            last_cells = columns(line);
        }
        // Extractors that sort by columns put the award on a line of its own.
        let split = lines
            .get(k + 1)
            .filter(|n| {
                n.text.chars().count() <= 5
                    && n.text.ends_with('奖')
                    && list_heading(&n.text).is_none()
                    && matches!(
                        line_rows(line, None).as_slice(),
                        [crate::model::AwardRow::Person { award, .. }] if award.is_empty()
                    )
            })
            .map(|n| {
                let mut cells = columns(line);
                cells.push(n.text.clone());
                let mut merged = line.clone();
                merged.hint = Hint::Cells(cells);
                line_rows(&merged, map)
            })
            .filter(|r| {
                r.len() == 1
                    && matches!(&r[0], crate::model::AwardRow::Person { award, .. } if !award.is_empty())
            });
        let heading = list_heading(&line.text)
            .filter(|_| split.is_none())
            .or_else(|| {
                (line_rows(line, map).is_empty() && split.is_none())
                    .then(|| bare_category(line, categories.is_empty()))
                    .flatten()
            });
        if let Some(name) = heading {
            if list_goes_on(lines, k + 1, None) || list_goes_on(lines, k + 1, map) {
                categories.push(AwardCategory {
                    name,
                    rows: Vec::new(),
                });
                // A new table under a new heading brings its own header.
                map = None;
                k += 1;
                continue;
            }
            break;
        }
        let (got, used) = match split {
            Some(r) => (r, 2),
            None => (line_rows(line, map), 1),
        };
        if got.is_empty() {
            break;
        }
        if categories.is_empty() {
            categories.push(AwardCategory {
                name: UNNAMED_LIST.into(),
                rows: Vec::new(),
            });
        }
        if let Some(c) = categories.last_mut() {
            c.rows.extend(got);
        }
        k += used;
    }
    categories.retain(|c| !c.rows.is_empty());
    (categories, k)
}

/// A table row whose leading cells are empty because they were merged with the
/// row above (a tab-indented line of pasted text, or empty first cells): the row
/// with those cells taken from the last full row.
fn merged_row(line: &SourceLine, map: Option<HeaderMap>, last: &[String]) -> Option<SourceLine> {
    let m = map?;
    let leading_empty = match &line.hint {
        Hint::Cells(cells) => cells.first().is_some_and(|c| c.trim().is_empty()),
        _ => line.indented,
    };
    let cols = columns(line);
    if !leading_empty || last.len() != m.columns || cols.is_empty() || cols.len() >= m.columns {
        return None;
    }
    let mut cells = last[..m.columns - cols.len()].to_vec();
    cells.extend(cols);
    let mut merged = line.clone();
    merged.text = cells.join("\u{3000}");
    merged.hint = Hint::Cells(cells);
    Some(merged)
}

/// Whether an award list starts at line `i`.
fn list_starts(lines: &[SourceLine], i: usize, after_intro: bool) -> bool {
    let line = &lines[i];
    if let Some(m) = header(&columns(line)) {
        return list_goes_on(lines, i + 1, Some(m));
    }
    if list_heading(&line.text).is_some() {
        return list_goes_on(lines, i + 1, None);
    }
    // A category without an ordinal (一等奖, 团体奖) directly before a table or rows.
    if bare_category(line, true).is_some() {
        if let Some(next) = lines.get(i + 1) {
            let cols = columns(next);
            if header(&cols).is_some()
                || (matches!(next.hint, Hint::Cells(_)) && !line_rows(next, None).is_empty())
                || is_strong_row(next)
            {
                return true;
            }
        }
    }
    if matches!(line.hint, Hint::Cells(_)) && !line_rows(line, None).is_empty() {
        return true;
    }
    if after_intro && !line_rows(line, None).is_empty() {
        return true;
    }
    is_strong_row(line) && lines.get(i + 1).is_some_and(is_strong_row)
}

/// Reads the structure of a whole issue or of article files from their lines.
pub fn recognise(source: &Source, mode: Mode) -> ImportedText {
    let lines = &source.lines;
    let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    let mut r = Reader {
        source,
        out: ImportedText::default(),
        section: None,
        article: None,
        para: Vec::new(),
        top: None,
        page_source: None,
    };
    let mut i = 0;
    let mut mode = mode;
    // A masthead at the top makes any text a whole issue.
    if let Some((head, used)) = masthead(&texts) {
        r.out.masthead = Some(head);
        i = used;
        mode = Mode::Issue;
    }
    // In an article file, another article starts only where one was closed.
    let mut may_start = true;
    let full = source.measure;

    while i < lines.len() {
        let line = &lines[i];
        let text = line.text.as_str();
        // A web page's furniture copied with its text (【打印本页】【关闭窗口】).
        if text.chars().count() <= 40 && super::html::is_furniture_text(text) {
            i += 1;
            continue;
        }
        // Distribution block: 报：… 发：… 送：… and the lines continuing them. In an
        // article file the lines of a notice's own 抄送 block stay its text, after
        // its signature.
        if let Some(end) = distribution_block(lines, i) {
            if mode == Mode::Article {
                if r.article.is_none() {
                    if let Some(a) = r.last_finished() {
                        a.blocks
                            .extend(lines[i..end].iter().map(|l| Block::Paragraph {
                                text: l.text.clone(),
                            }));
                        i = end;
                        continue;
                    }
                }
            } else {
                r.finish();
                for l in &lines[i..end] {
                    match distribution_start(&l.text) {
                        Some((label, rest)) => r.out.distribution.lines.push(RecipientLine {
                            label: label.to_string(),
                            groups: vec![RecipientGroup::new(split_names(rest))],
                        }),
                        None => {
                            if let Some(last) = r.out.distribution.lines.last_mut() {
                                last.groups.push(RecipientGroup::new(split_names(&l.text)));
                            }
                        }
                    }
                }
                may_start = true;
                i = end;
                continue;
            }
        }
        // A table of data goes into the article as it is.
        if let Hint::Table(table) = &line.hint {
            r.flush_para();
            r.article()
                .blocks
                .push(Block::Table(table.as_ref().clone()));
            may_start = false;
            i += 1;
            continue;
        }
        // Section heading.
        if is_section_label(text) {
            r.finish();
            r.out.sections.push(Section {
                label: text.trim_matches(['【', '】']).to_string(),
                articles: Vec::new(),
            });
            r.section = Some(r.out.sections.len() - 1);
            may_start = true;
            i += 1;
            continue;
        }
        // Award list: headings, a header row, rows.
        let after_intro = matches!(
            r.article.as_ref().and_then(|a| a.blocks.last()),
            Some(Block::ListIntro { .. })
        ) && r.para.is_empty();
        if (r.article.is_some() || mode == Mode::Article) && list_starts(lines, i, after_intro) {
            let (categories, next) = read_list(lines, i);
            if !categories.is_empty() && next > i {
                r.flush_para();
                let a = r.article();
                // A paragraph ending …名单如下： just before the list introduces it.
                if let Some(Block::Paragraph { text }) = a.blocks.last() {
                    if is_list_intro(text) {
                        let text = text.clone();
                        a.blocks.pop();
                        a.blocks.push(Block::ListIntro { text });
                    }
                }
                match a.blocks.last_mut() {
                    Some(Block::AwardList { categories: before }) => before.extend(categories),
                    _ => a.blocks.push(Block::AwardList { categories }),
                }
                i = next;
                continue;
            }
        }
        // A byline or source closing the article: what follows must start something
        // new (a title, a section, the distribution block) or be the end.
        let closes = |k: usize| {
            lines.get(k).is_none_or(|next| {
                title_shape(next, 4.0, if isolated(lines, k) { 60.0 } else { 26.0 })
                    || (next.text.starts_with('【') && next.text.ends_with('】'))
                    || distribution_block(lines, k).is_some()
            })
        };
        // The signature closing a notice: the issuing body and the date under it.
        if r.article.is_some() {
            let next = lines.get(i + 1).map(|l| l.text.as_str());
            if let Some((note, used)) = signature(text, next).filter(|(_, n)| closes(i + n)) {
                r.flush_para();
                let a = r.article();
                if a.attribution.is_none() {
                    a.attribution = Some(note);
                } else {
                    for l in &lines[i..i + used] {
                        a.blocks.push(Block::Paragraph {
                            text: l.text.clone(),
                        });
                    }
                }
                r.finish();
                may_start = true;
                i += used;
                continue;
            }
        }
        if let Some((before, attribution)) = split_attribution(text).filter(|_| closes(i + 1)) {
            if r.article.is_some() {
                if !before.is_empty() {
                    let mut rest = line.clone();
                    rest.text = before;
                    r.para.push(rest);
                }
                r.flush_para();
                r.article().attribution = Some(attribution);
                r.finish();
                may_start = true;
                i += 1;
                continue;
            }
        }
        // A title: a short unpunctuated line where an article can start.
        let is_title = match mode {
            Mode::Issue => {
                let prev = i.checked_sub(1).map(|p| &lines[p]);
                let at_boundary = r.para.is_empty()
                    || prev.is_some_and(|p| {
                        ends_sentence(&p.text)
                            && (!source.wrapped || p.width < full - 0.6 || line.starts_paragraph)
                    });
                let max = if isolated(lines, i) { 60.0 } else { 26.0 };
                title_shape(line, 4.0, max)
                    && at_boundary
                    && !(is_strong_row(line) && lines.get(i + 1).is_some_and(is_strong_row))
            }
            Mode::Article => {
                let dash_follows = lines.get(i + 1).is_some_and(|n| n.text.starts_with("——"));
                let fits = !source.wrapped
                    || line.width < full - 1.0
                    || isolated(lines, i)
                    || dash_follows;
                may_start
                    && r.article.is_none()
                    && r.para.is_empty()
                    && (matches!(line.hint, Hint::Heading)
                        || (title_shape(line, 2.0, 60.0) && fits))
                    && !is_strong_row(line)
            }
        };
        if is_title {
            r.finish();
            let mut a = Article {
                title: text.to_string(),
                subtitle: None,
                blocks: Vec::new(),
                attribution: None,
            };
            i += 1;
            // A web page's publishing line copied with its text (发布时间：…　来源：…),
            // under the title or the subtitle.
            let mut page_source = None;
            if let Some(source) = lines.get(i).and_then(|l| super::html::meta_line(&l.text)) {
                page_source = source;
                i += 1;
            }
            let more_follows = i + 1 < lines.len();
            if i < lines.len() && more_follows && subtitle_shape(source, lines, i, mode) {
                a.subtitle = Some(lines[i].text.clone());
                i += 1;
                if let Some(source) = lines.get(i).and_then(|l| super::html::meta_line(&l.text)) {
                    page_source = page_source.or(source);
                    i += 1;
                }
            }
            r.page_source = page_source.map(|text| Attribution {
                kind: crate::model::AttributionKind::Source { text },
                placement: crate::model::Placement::Auto,
            });
            // A byline or source under the title (来源：…, 作者：…).
            if i + 1 < lines.len() {
                if let Some(attribution) = own_line(&lines[i].text) {
                    r.top = Some((attribution, lines[i].text.clone()));
                    i += 1;
                }
            }
            r.article = Some(a);
            may_start = false;
            continue;
        }
        // A list intro such as 获奖作者名单： stays its own block.
        let after_paragraph = r.para.is_empty()
            || line.starts_paragraph
            || i.checked_sub(1)
                .is_some_and(|p| ends_sentence(&lines[p].text));
        if is_list_intro(text)
            && after_paragraph
            && r.article.is_some()
            && i + 1 < lines.len()
            && list_starts(lines, i + 1, true)
        {
            r.flush_para();
            r.article().blocks.push(Block::ListIntro {
                text: text.to_string(),
            });
            i += 1;
            continue;
        }
        if r.article.is_none() {
            r.article();
        }
        may_start = false;
        r.para.push(line.clone());
        i += 1;
    }
    r.finish();
    r.out
}

#[cfg(test)]
mod tests {
    use super::super::{articles_from_text, read_issue_text};
    use crate::model::{Article, AttributionKind, Block};

    fn paragraphs(a: &Article) -> Vec<&str> {
        a.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn source(a: &Article) -> Option<&str> {
        match a.attribution.as_ref().map(|x| &x.kind) {
            Some(AttributionKind::Source { text }) => Some(text.as_str()),
            _ => None,
        }
    }

    /// A notice's signature and date become its source note, in the forms notices
    /// are pasted: right-aligned with U+3000 or spaces, after a blank line, on one
    /// line, and followed by the notice's own 抄送 line (kept as its text).
    #[test]
    fn a_notice_signature_becomes_its_note() {
        let body = "关于做好节日期间通信保障工作的通知\n\n各会员单位：\n　　请各单位认真做好节日期间的通信保障工作，确保网络安全畅通。\n";
        for (tail, extra) in [
            ("　　　　　　　　山西省通信行业协会\n　　　　　　　　2026年11月20日\n", None),
            ("\n                        山西省通信行业协会\n                        2026年11月20日\n", None),
            ("山西省通信行业协会　　2026年11月20日\n", None),
            (
                "山西省通信行业协会\n2026年11月20日\n抄送：省通信管理局，各市通信管理局。\n",
                Some("抄送：省通信管理局，各市通信管理局。"),
            ),
        ] {
            let articles = articles_from_text(&format!("{body}{tail}"));
            assert_eq!(articles.len(), 1, "{tail:?}");
            let a = &articles[0];
            assert_eq!(
                source(a),
                Some("山西省通信行业协会\u{3000}2026年11月20日"),
                "{tail:?}"
            );
            let mut want = vec![
                "各会员单位：",
                "请各单位认真做好节日期间的通信保障工作，确保网络安全畅通。",
            ];
            want.extend(extra);
            assert_eq!(paragraphs(a), want, "{tail:?}");
        }
        // A body and a date in the middle of the text are text.
        let mid = "标题文字在这里\n\n　　会上，山西省通信行业协会\n　　2026年11月20日\n　　通报了全年工作情况。\n";
        let a = &articles_from_text(mid)[0];
        assert_eq!(a.attribution, None);
        assert_eq!(paragraphs(a).len(), 3);
    }

    /// 报/发/送 lines end an issue only as its last block; in the middle of the text
    /// they are text and do not swallow what follows.
    #[test]
    fn distribution_lines_mid_text_do_not_swallow_the_rest() {
        let head = "【工作动态】\n协会召开理事会\n会议审议了工作报告。\n（王婧）\n";
        let issue = read_issue_text(&format!(
            "{head}送：各会员单位\n晋中移动开展培训\n　　近日，晋中移动开展培训。\n（李明）\n报：省通信管理局\n发：各理事单位、会员单位\n"
        ));
        let titles: Vec<&str> = issue
            .sections
            .iter()
            .flat_map(|s| s.articles.iter().map(|a| a.title.as_str()))
            .collect();
        assert!(titles.contains(&"晋中移动开展培训"), "{titles:?}");
        let labels: Vec<&str> = issue
            .distribution
            .lines
            .iter()
            .map(|l| l.label.as_str())
            .collect();
        assert_eq!(labels, ["送", "报", "发"]);
        // A line that mentions 报： inside an article's text is text.
        let issue = read_issue_text(
            "【工作动态】\n协会召开理事会\n　　会议要求各单位按时报送材料。\n　　报：各市分公司名单\n　　会议还通报了下一阶段的重点工作安排。\n（王婧）\n",
        );
        let a = &issue.sections[0].articles[0];
        assert_eq!(paragraphs(a).len(), 3, "{a:?}");
        assert!(issue.distribution.lines.is_empty());
        // The same in an article file: the lines stay in the article's text.
        let articles = articles_from_text(
            "培训通知\n\n　　请各单位报送名单。\n　　报：各市分公司名单\n　　培训于下周一开始，请准时参加。\n",
        );
        assert_eq!(articles.len(), 1);
        assert_eq!(paragraphs(&articles[0]).len(), 3);
    }

    /// A byline wrapped at the space between its names keeps the names apart; a
    /// wrapped parenthesis inside a sentence is joined as it was.
    #[test]
    fn a_byline_wrapped_between_its_names_keeps_them_apart() {
        let para = "近日，晋城电信圆满完成全市电子政务外网扩容升级工程，核心网络带宽由10G提升至100G，接入单位由320家增加到510家，为“一网通办”提供了坚实的网络支撑。市政务服务管理局对此给予高度评价。";
        let chars: Vec<char> = para.chars().collect();
        let mut lines: Vec<String> = chars
            .chunks(30)
            .map(|c| c.iter().collect::<String>())
            .collect();
        for (last, next, names) in [
            ("（郭小兵", "杜娟）", vec!["郭小兵", "杜娟"]),
            ("（记者　王婧", "李明）", vec!["王婧", "李明"]),
        ] {
            let mut ls = lines.clone();
            let end = ls.len() - 1;
            ls[end].push_str(last);
            ls.push(next.to_string());
            let text = format!("晋城电信完成政务外网扩容\n\n{}\n", ls.join("\n"));
            let a = &articles_from_text(&text)[0];
            assert_eq!(
                a.attribution.as_ref().map(|x| &x.kind),
                Some(&AttributionKind::Author {
                    names: names.iter().map(|n| n.to_string()).collect()
                }),
                "{last}/{next}"
            );
            assert_eq!(paragraphs(a), [para]);
        }
        let end = lines.len() - 1;
        lines[end].push_str("会议强调，各单位要加强（含外包");
        lines.push("单位）安全管理工作。".into());
        let a = &articles_from_text(&format!("标题\n\n{}\n", lines.join("\n")))[0];
        assert!(paragraphs(a)[0].ends_with("（含外包单位）安全管理工作。"));
    }

    /// Award cells merged down a table (一等奖 written once for its winners) are
    /// filled from the row above, in text pasted from a table and in web tables.
    #[test]
    fn merged_award_cells_are_filled_from_the_row_above() {
        use crate::model::AwardRow;
        let want = |name: &str, org: &str, award: &str| AwardRow::Person {
            name: name.into(),
            org: org.into(),
            award: award.into(),
        };
        let rows_of = |a: &Article| -> Vec<AwardRow> {
            a.blocks
                .iter()
                .flat_map(|b| match b {
                    Block::AwardList { categories } => categories
                        .iter()
                        .flat_map(|c| c.rows.clone())
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                })
                .collect()
        };
        let text = "竞赛获奖名单\n\n　　竞赛圆满落幕。\n奖项\t姓名\t单位\n一等奖\t韩冬梅\t太原移动\n\t白玉龙\t大同电信\n二等奖\t乔建伟\t运城联通\n";
        let a = &articles_from_text(text)[0];
        assert_eq!(
            rows_of(a),
            [
                want("韩冬梅", "太原移动", "一等奖"),
                want("白玉龙", "大同电信", "一等奖"),
                want("乔建伟", "运城联通", "二等奖")
            ]
        );
        let page = "<html><body><h1>竞赛获奖名单</h1><p>竞赛圆满落幕。</p><table><tr><th>奖项</th><th>姓名</th><th>单位</th></tr><tr><td rowspan=2>一等奖</td><td>韩冬梅</td><td>太原移动</td></tr><tr><td></td><td>白玉龙</td><td>大同电信</td></tr></table></body></html>";
        let a = &super::super::html::read_html(page).articles[0];
        assert_eq!(
            rows_of(a),
            [
                want("韩冬梅", "太原移动", "一等奖"),
                want("白玉龙", "大同电信", "一等奖")
            ]
        );
    }

    /// A web page copied as text: its publishing line is no subtitle and no text,
    /// its 来源 the note when the article names none; its print links are dropped and
    /// never a section.
    #[test]
    fn a_web_page_copied_as_text_loses_its_furniture() {
        let text = "阳泉市开展汛期应急演练\n发布时间：2026-07-02 09:30　　来源：阳泉市通信管理局　　浏览次数：128\n\n\u{A0}\u{A0}6月30日，阳泉市开展汛期通信保障应急演练。\n\u{A0}\u{A0}演练检验了应急队伍的处置能力。\n\n【打印本页】　【关闭窗口】\n";
        let articles = articles_from_text(text);
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        assert_eq!(a.subtitle, None);
        assert_eq!(paragraphs(a).len(), 2);
        assert_eq!(source(a), Some("来源：阳泉市通信管理局"));
        let signed = text.replace("\n\n【打印本页】", "\n（王婧）\n【打印本页】");
        let a = &articles_from_text(&signed)[0];
        assert!(matches!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(AttributionKind::Author { .. })
        ));
        assert!(!super::is_section_label("【打印本页】　【关闭窗口】"));
        assert!(super::is_section_label("【基层动态】"));
    }

    /// Import stays linear: a paragraph of 6,000 wrapped lines without a sentence
    /// end, and one line of 200,000 characters, each read in well under a second
    /// (quadratic work would take minutes).
    #[test]
    fn long_paragraphs_import_in_linear_time() {
        let line: String = "通信网络安全稳定运行保障工作".repeat(2);
        let wrapped = format!("标题\n\n　　{}\n", vec![line.as_str(); 6000].join("\n"));
        let long = format!("标题\n\n　　{}（王婧\n", "通信网络".repeat(50_000));
        for text in [wrapped, long] {
            let t = std::time::Instant::now();
            let articles = articles_from_text(&text);
            assert_eq!(articles.len(), 1);
            assert!(t.elapsed().as_secs_f32() < 2.0, "{:?}", t.elapsed());
        }
    }
}
