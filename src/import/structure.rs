//! The recogniser: one pass over [`SourceLine`]s (from text, a Word document or a web
//! page) that finds the masthead, 【…】 sections, titles and subtitles, paragraphs,
//! bylines and source notes, list intros, award lists and the 报/发/送 lines
//! (house-format.md §6).

mod award_lists;
mod distribution;
mod line_shapes;
mod masthead;
#[cfg(test)]
mod tests;

use award_lists::{list_starts, read_list};
use distribution::{distribution_block, distribution_start, split_names};
pub(super) use line_shapes::is_section_label;
use line_shapes::{isolated, subtitle_shape, title_shape};
#[cfg(test)]
pub(super) use masthead::issue_line;
use masthead::masthead;
pub use masthead::Masthead;

use super::byline::{own_line, signature, split_attribution};
use super::lines::{ends_sentence, join_paragraphs, Hint, Source, SourceLine};
use super::lists::{is_list_intro, is_strong_row};
use crate::model::{
    Article, Attribution, Block, Distribution, RecipientGroup, RecipientLine, Section,
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
    /// Figures met before their article's title, which open the article.
    waiting: Vec<Block>,
}

impl Reader<'_> {
    fn article(&mut self) -> &mut Article {
        let waiting = &mut self.waiting;
        self.article.get_or_insert_with(|| Article {
            title: String::new(),
            subtitle: None,
            blocks: std::mem::take(waiting),
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
        waiting: Vec::new(),
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
        // A table of data or a figure goes into the article as it is; a figure where
        // an article may start waits for its title (a photo above the headline).
        if let Some(block) = line.hint.block() {
            if matches!(block, Block::Figure(_)) && r.article.is_none() && may_start {
                r.waiting.push(block);
            } else {
                r.flush_para();
                r.article().blocks.push(block);
                may_start = false;
            }
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
                blocks: std::mem::take(&mut r.waiting),
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
    if !r.waiting.is_empty() {
        r.article();
    }
    r.finish();
    r.out
}
