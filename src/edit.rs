//! Editing an issue: the document the editor holds, where every change is one undoable
//! step (house-format.md §7: "never lose a keystroke").
//!
//! The editor's panels never change the issue directly: they call [`Document::change`]
//! (or one of the structural operations built on it), which records the state before the
//! change. Typing into one field merges into a single step, so undo takes back a word or
//! a burst of typing, not one character. This module knows nothing about egui, so the
//! same operations serve the window, the command line and the tests.

use crate::model::{Article, AttributionKind, AwardRow, Block, Issue, Section};
use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Undo keeps at least this many steps.
pub const UNDO_STEPS: usize = 500;
/// Typing into the same field within this time is one undo step.
const MERGE_WINDOW: Duration = Duration::from_millis(1500);

/// Where an article sits: in the lead (before the first section) or in a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleRef {
    /// `None`: the lead articles; `Some(i)`: section `i`.
    pub section: Option<usize>,
    pub index: usize,
}

/// What a change touched, so typing into one field becomes one undo step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A field of the issue, named by the panel (e.g. "article 3 title").
    Text(String),
    /// A change that is always its own step (structure, lists, settings).
    Step,
}

struct Snapshot {
    issue: Stored,
    /// What the step was, in Chinese, for the 撤销/重做 menu.
    label: String,
}

/// An issue as the history keeps it: every article behind its own `Arc`, and each
/// section's list and the list of sections too, so a snapshot shares everything a step
/// did not change with the snapshot next to it. Five hundred steps of typing into a
/// long issue then cost five hundred changed articles, not five hundred issues.
#[derive(Clone)]
struct Stored {
    /// The issue without its articles (masthead, distribution, style, section labels).
    shell: Arc<Issue>,
    front: Arc<Vec<Arc<Article>>>,
    sections: Arc<Vec<Arc<Vec<Arc<Article>>>>>,
}

impl Stored {
    /// `issue` in stored form, sharing with `base` (a neighbouring step) whatever is equal.
    fn new(issue: &Issue, base: Option<&Stored>) -> Stored {
        let shell = match base {
            Some(b) if same_shell(&b.shell, issue) => Arc::clone(&b.shell),
            _ => Arc::new(shell_of(issue)),
        };
        let front = share_list(&issue.front, base.map(|b| &b.front));
        let sections: Vec<Arc<Vec<Arc<Article>>>> = issue
            .sections
            .iter()
            .enumerate()
            .map(|(k, s)| share_list(&s.articles, base.and_then(|b| section_base(b, k, s))))
            .collect();
        let sections = match base {
            Some(b)
                if b.sections.len() == sections.len()
                    && b.sections
                        .iter()
                        .zip(&sections)
                        .all(|(x, y)| Arc::ptr_eq(x, y)) =>
            {
                Arc::clone(&b.sections)
            }
            _ => Arc::new(sections),
        };
        Stored {
            shell,
            front,
            sections,
        }
    }

    /// The issue this snapshot holds.
    fn issue(&self) -> Issue {
        let mut issue = shell_of(&self.shell);
        for (section, articles) in issue.sections.iter_mut().zip(self.sections.iter()) {
            section.articles = articles.iter().map(|a| Article::clone(a)).collect();
        }
        issue.front = self.front.iter().map(|a| Article::clone(a)).collect();
        issue
    }
}

/// The section of `base` to share `section` (now at `k`) with: the one at the same
/// place, or next to it when a section was added or removed before it (its first
/// article tells), so one structural step does not copy every later section.
fn section_base<'a>(
    base: &'a Stored,
    k: usize,
    section: &Section,
) -> Option<&'a Arc<Vec<Arc<Article>>>> {
    let same_start = |list: &Arc<Vec<Arc<Article>>>| match (list.first(), section.articles.first())
    {
        (Some(a), Some(b)) => **a == *b,
        (None, None) => true,
        _ => false,
    };
    [Some(k), k.checked_sub(1), Some(k + 1)]
        .into_iter()
        .flatten()
        .filter_map(|j| base.sections.get(j))
        .find(|list| same_start(list))
        .or_else(|| base.sections.get(k))
}

/// `issue` without its articles (the sections keep their labels).
fn shell_of(issue: &Issue) -> Issue {
    Issue {
        format: issue.format.clone(),
        version: issue.version,
        meta: issue.meta.clone(),
        front: Vec::new(),
        sections: issue
            .sections
            .iter()
            .map(|s| Section {
                label: s.label.clone(),
                articles: Vec::new(),
            })
            .collect(),
        distribution: issue.distribution.clone(),
        style: issue.style.clone(),
        // A few entries whose bytes are shared (`Arc`), so cheap to keep per step.
        pictures: issue.pictures.clone(),
    }
}

/// Whether `shell` holds `issue`'s masthead, distribution, style, pictures and section labels.
fn same_shell(shell: &Issue, issue: &Issue) -> bool {
    shell.format == issue.format
        && shell.version == issue.version
        && shell.meta == issue.meta
        && shell.distribution == issue.distribution
        && shell.style == issue.style
        && shell.pictures == issue.pictures
        && shell.sections.len() == issue.sections.len()
        && shell
            .sections
            .iter()
            .zip(&issue.sections)
            .all(|(a, b)| a.label == b.label)
}

/// `articles` as a shared list, reusing `base`'s list when all are equal and each of
/// its articles that is equal (one pass; an inserted or removed article shifts the
/// rest by one, which the pass follows).
fn share_list(
    articles: &[Article],
    base: Option<&Arc<Vec<Arc<Article>>>>,
) -> Arc<Vec<Arc<Article>>> {
    let empty = Vec::new();
    let old: &Vec<Arc<Article>> = base.map_or(&empty, |b| b);
    let mut out = Vec::with_capacity(articles.len());
    let mut j = 0;
    for (k, a) in articles.iter().enumerate() {
        if old.get(j).is_some_and(|o| **o == *a) {
            out.push(Arc::clone(&old[j]));
            j += 1;
        } else if old.get(j + 1).is_some_and(|o| **o == *a) {
            // The article at `j` was removed.
            out.push(Arc::clone(&old[j + 1]));
            j += 2;
        } else {
            out.push(Arc::new(a.clone()));
            // An article inserted before `old[j]` leaves `j` where it is.
            let inserted = articles
                .get(k + 1)
                .is_some_and(|next| old.get(j).is_some_and(|o| **o == *next));
            if !inserted {
                j += 1;
            }
        }
    }
    match base {
        Some(b) if b.len() == out.len() && b.iter().zip(&out).all(|(x, y)| Arc::ptr_eq(x, y)) => {
            Arc::clone(b)
        }
        _ => Arc::new(out),
    }
}

/// Undo and redo stacks of snapshots that share unchanged articles.
#[derive(Default)]
struct History {
    undo: VecDeque<Snapshot>,
    redo: Vec<Snapshot>,
    /// The field and time of the last change, for merging typing.
    last: Option<(Field, Instant)>,
}

/// The issue being edited, its file and its history.
pub struct Document {
    pub issue: Issue,
    /// The file it was opened from or saved to.
    pub path: Option<PathBuf>,
    history: History,
    /// Bumped on every change; compared with `saved_at` for the unsaved mark.
    revision: u64,
    saved_at: u64,
}

impl Document {
    pub fn new(issue: Issue, path: Option<PathBuf>) -> Document {
        Document {
            issue,
            path,
            history: History::default(),
            revision: 0,
            saved_at: 0,
        }
    }

    /// Changes since the last save (or since opening).
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_at
    }

    /// A counter that changes with every edit, undo and redo (for re-layout).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records that the current state is what is on disk at `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_at = self.revision;
    }

    /// Applies `f` as one undoable step labelled `label`; typing into the same `field`
    /// in quick succession merges into the previous step.
    pub fn change<R>(&mut self, label: &str, field: Field, f: impl FnOnce(&mut Issue) -> R) -> R {
        let now = Instant::now();
        let merge = matches!(&field, Field::Text(_))
            && self
                .history
                .last
                .as_ref()
                .is_some_and(|(f, t)| *f == field && now.duration_since(*t) < MERGE_WINDOW);
        if !merge {
            let stored = Stored::new(&self.issue, self.history.undo.back().map(|s| &s.issue));
            self.history.undo.push_back(Snapshot {
                issue: stored,
                label: label.to_string(),
            });
            if self.history.undo.len() > UNDO_STEPS {
                self.history.undo.pop_front();
            }
        }
        self.history.redo.clear();
        self.history.last = Some((field, now));
        self.revision += 1;
        f(&mut self.issue)
    }

    /// Replaces the whole issue as one step (new next issue, restore, import).
    pub fn replace(&mut self, label: &str, issue: Issue) {
        self.change(label, Field::Step, |i| *i = issue);
    }

    /// Takes back the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let snap = self.history.undo.pop_back()?;
        let current = Stored::new(&self.issue, Some(&snap.issue));
        self.issue = snap.issue.issue();
        self.history.redo.push(Snapshot {
            issue: current,
            label: snap.label.clone(),
        });
        self.history.last = None;
        self.revision += 1;
        Some(snap.label)
    }

    /// Does again the last undone step; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let snap = self.history.redo.pop()?;
        let current = Stored::new(&self.issue, Some(&snap.issue));
        self.issue = snap.issue.issue();
        self.history.undo.push_back(Snapshot {
            issue: current,
            label: snap.label.clone(),
        });
        self.history.last = None;
        self.revision += 1;
        Some(snap.label)
    }

    /// Labels of the next undo and redo, for menu entries.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo.back().map(|s| s.label.as_str())
    }
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo.last().map(|s| s.label.as_str())
    }

    /// The estimated memory of the undo and redo history (see [`memory`]).
    pub fn history_bytes(&self) -> usize {
        memory::history(&self.history)
    }

    /// Ends merging of typing, e.g. when the user moves to another field.
    pub fn seal(&mut self) {
        self.history.last = None;
    }

    /// The article at `r`, if it exists.
    pub fn article(&self, r: ArticleRef) -> Option<&Article> {
        articles(&self.issue, r.section)?.get(r.index)
    }

    /// Every article's place, in print order.
    pub fn article_refs(&self) -> Vec<ArticleRef> {
        let mut out: Vec<ArticleRef> = (0..self.issue.front.len())
            .map(|index| ArticleRef {
                section: None,
                index,
            })
            .collect();
        for (s, section) in self.issue.sections.iter().enumerate() {
            out.extend((0..section.articles.len()).map(|index| ArticleRef {
                section: Some(s),
                index,
            }));
        }
        out
    }

    /// The print-order number of an article (as layout's `Source::Article`).
    pub fn article_number(&self, r: ArticleRef) -> Option<usize> {
        self.article_refs().iter().position(|x| *x == r)
    }

    /// The article with print-order number `n`.
    pub fn article_at(&self, n: usize) -> Option<ArticleRef> {
        self.article_refs().get(n).copied()
    }

    // ---- structure -----------------------------------------------------------------

    /// Adds a section after `after` (or at the end); returns its index.
    pub fn add_section(&mut self, after: Option<usize>, label: &str) -> usize {
        let at = after.map_or(self.issue.sections.len(), |i| {
            (i + 1).min(self.issue.sections.len())
        });
        self.change("添加栏目", Field::Step, |issue| {
            issue.sections.insert(
                at,
                Section {
                    label: label.to_string(),
                    articles: Vec::new(),
                },
            );
        });
        at
    }

    pub fn rename_section(&mut self, index: usize, label: &str) {
        if index < self.issue.sections.len() {
            self.change(
                "重命名栏目",
                Field::Text(format!("section {index} label")),
                |issue| issue.sections[index].label = label.to_string(),
            );
        }
    }

    /// Deletes a section and its articles (undo brings them back).
    pub fn remove_section(&mut self, index: usize) {
        if index < self.issue.sections.len() {
            self.change("删除栏目", Field::Step, |issue| {
                issue.sections.remove(index);
            });
        }
    }

    /// Moves a section up (`-1`) or down (`+1`); returns its new index.
    pub fn move_section(&mut self, index: usize, delta: isize) -> usize {
        let n = self.issue.sections.len();
        let Some(to) = index.checked_add_signed(delta).filter(|&t| t < n) else {
            return index;
        };
        if index >= n {
            return index;
        }
        self.change("移动栏目", Field::Step, |issue| {
            issue.sections.swap(index, to);
        });
        to
    }

    /// Moves a section before the section now at `index` (or to the end); returns its
    /// new index (drag and drop in the outline).
    pub fn move_section_to(&mut self, from: usize, index: usize) -> usize {
        let n = self.issue.sections.len();
        if from >= n {
            return from;
        }
        let mut at = index.min(n);
        if at > from {
            at -= 1;
        }
        if at == from {
            return from;
        }
        self.change("移动栏目", Field::Step, |issue| {
            let section = issue.sections.remove(from);
            issue.sections.insert(at, section);
        });
        at
    }

    /// Adds an article to the lead (`None`) or a section, after `after` or at the end.
    pub fn add_article(&mut self, section: Option<usize>, after: Option<usize>) -> ArticleRef {
        let len = articles(&self.issue, section).map_or(0, Vec::len);
        let index = after.map_or(len, |i| (i + 1).min(len));
        let article = Article {
            title: "新文章".to_string(),
            subtitle: None,
            blocks: Vec::new(),
            attribution: None,
        };
        self.change("添加文章", Field::Step, |issue| {
            if let Some(list) = articles_mut(issue, section) {
                list.insert(index, article);
            }
        });
        ArticleRef { section, index }
    }

    /// Deletes an article (undo brings it back).
    pub fn remove_article(&mut self, r: ArticleRef) {
        if self.article(r).is_some() {
            self.change("删除文章", Field::Step, |issue| {
                if let Some(list) = articles_mut(issue, r.section) {
                    list.remove(r.index);
                }
            });
        }
    }

    /// Changes an article with `f`; `field` names what is typed into, for merging.
    pub fn change_article(
        &mut self,
        r: ArticleRef,
        label: &str,
        field: Field,
        f: impl FnOnce(&mut Article),
    ) {
        if self.article(r).is_none() {
            return;
        }
        self.change(label, field, |issue| {
            if let Some(a) = articles_mut(issue, r.section).and_then(|l| l.get_mut(r.index)) {
                f(a);
            }
        });
    }

    /// Moves an article one place up or down in print order, across section ends
    /// (the last article of a section moves down into the next section's top).
    pub fn move_article(&mut self, r: ArticleRef, delta: isize) -> ArticleRef {
        if self.article(r).is_none() {
            return r;
        }
        let len_of = |s: Option<usize>| articles(&self.issue, s).map_or(0, Vec::len);
        let target = if delta < 0 {
            if r.index > 0 {
                ArticleRef {
                    section: r.section,
                    index: r.index - 1,
                }
            } else {
                // Into the end of the previous container.
                match r.section {
                    None => return r,
                    Some(0) => ArticleRef {
                        section: None,
                        index: len_of(None),
                    },
                    Some(s) => ArticleRef {
                        section: Some(s - 1),
                        index: len_of(Some(s - 1)),
                    },
                }
            }
        } else if r.index + 1 < len_of(r.section) {
            // Insert after the next article.
            ArticleRef {
                section: r.section,
                index: r.index + 2,
            }
        } else {
            let next = match r.section {
                None => 0,
                Some(s) => s + 1,
            };
            if next >= self.issue.sections.len() {
                return r;
            }
            ArticleRef {
                section: Some(next),
                index: 0,
            }
        };
        self.move_article_to(r, target.section, target.index)
    }

    /// Moves an article to `section`, before the article now at `index` (or to the end);
    /// this is what a drop between two outline rows means. Returns where it went.
    pub fn move_article_to(
        &mut self,
        r: ArticleRef,
        section: Option<usize>,
        index: usize,
    ) -> ArticleRef {
        if self.article(r).is_none() || articles(&self.issue, section).is_none() {
            return r;
        }
        let mut placed = ArticleRef { section, index };
        self.change("移动文章", Field::Step, |issue| {
            let Some(article) = articles_mut(issue, r.section).map(|l| l.remove(r.index)) else {
                return;
            };
            let Some(list) = articles_mut(issue, section) else {
                return;
            };
            let mut at = index;
            if section == r.section && index > r.index {
                at -= 1;
            }
            let at = at.min(list.len());
            list.insert(at, article);
            placed.index = at;
        });
        placed
    }
}

/// Memory estimates by a deterministic walk of the data (sizes of the structs plus the
/// lengths of their strings and lists), not by asking the allocator: the same document
/// gives the same figure on every machine, so a test can bound the history by it.
pub mod memory {
    use super::*;
    use std::mem::size_of;

    fn text(s: &str) -> usize {
        s.len()
    }

    /// One article's estimated bytes.
    pub fn article(a: &Article) -> usize {
        let mut n = size_of::<Article>() + text(&a.title) + a.subtitle.as_deref().map_or(0, text);
        for b in &a.blocks {
            n += size_of::<Block>();
            match b {
                Block::Paragraph { text: t } | Block::ListIntro { text: t } => n += text(t),
                // The picture bytes are shared between versions (`Arc`), so only the
                // captions count.
                Block::Figure(f) => n += f.pictures().map(|c| text(&c.caption)).sum::<usize>(),
                Block::AwardList { categories } => {
                    for c in categories {
                        n += size_of::<crate::model::AwardCategory>() + text(&c.name);
                        for r in &c.rows {
                            n += size_of::<AwardRow>()
                                + match r {
                                    AwardRow::Person { name, org, award } => {
                                        text(name) + text(org) + text(award)
                                    }
                                    AwardRow::Org { org } => text(org),
                                };
                        }
                    }
                }
                Block::Table(t) => {
                    n += size_of::<crate::model::Table>() + text(&t.caption);
                    for row in &t.rows {
                        n += size_of::<Vec<String>>()
                            + row
                                .iter()
                                .map(|c| size_of::<String>() + text(c))
                                .sum::<usize>();
                    }
                }
            }
        }
        if let Some(at) = &a.attribution {
            n += match &at.kind {
                AttributionKind::Author { names } => {
                    names.iter().map(|s| size_of::<String>() + text(s)).sum()
                }
                AttributionKind::Source { text: t } => text(t),
            };
        }
        n
    }

    /// Everything of an issue but its articles.
    pub fn shell(issue: &Issue) -> usize {
        let m = &issue.meta;
        let d = &issue.distribution;
        size_of::<Issue>()
            + text(&issue.format)
            + text(&m.bulletin_name)
            + text(&m.editor_org)
            + m.classification.as_deref().map_or(0, text)
            + issue
                .sections
                .iter()
                .map(|s| size_of::<Section>() + text(&s.label))
                .sum::<usize>()
            + d.lines
                .iter()
                .flat_map(|l| l.groups.iter())
                .flat_map(|g| g.names.iter())
                .chain(d.extra.iter())
                .map(|s| size_of::<String>() + text(s))
                .sum::<usize>()
            + d.lines.len() * size_of::<crate::model::RecipientLine>()
            // The style is settings of a few hundred bytes; its JSON length stands for it.
            + issue
                .style
                .as_ref()
                .map_or(0, |s| serde_json::to_string(s).map_or(0, |j| j.len()))
    }

    /// A whole issue's estimated bytes.
    pub fn issue(issue: &Issue) -> usize {
        shell(issue) + issue.articles().map(article).sum::<usize>()
    }

    /// The history's estimated bytes, each shared part counted once.
    pub(super) fn history(h: &History) -> usize {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut n = 0;
        let mut once = |ptr: usize, bytes: &dyn Fn() -> usize| {
            if seen.insert(ptr) {
                n += bytes();
            }
        };
        for snap in h.undo.iter().chain(h.redo.iter()) {
            let st = &snap.issue;
            once(Arc::as_ptr(&st.shell) as usize, &|| shell(&st.shell));
            let lists = std::iter::once(&st.front).chain(st.sections.iter());
            once(Arc::as_ptr(&st.sections) as usize, &|| {
                st.sections.len() * size_of::<Arc<Vec<Arc<Article>>>>()
            });
            for list in lists {
                once(Arc::as_ptr(list) as usize, &|| {
                    list.len() * size_of::<Arc<Article>>()
                });
                for a in list.iter() {
                    once(Arc::as_ptr(a) as usize, &|| article(a));
                }
            }
        }
        n + (h.undo.len() + h.redo.len()) * size_of::<Snapshot>()
            + h.undo
                .iter()
                .chain(&h.redo)
                .map(|s| s.label.len())
                .sum::<usize>()
    }
}

fn articles(issue: &Issue, section: Option<usize>) -> Option<&Vec<Article>> {
    match section {
        None => Some(&issue.front),
        Some(s) => issue.sections.get(s).map(|s| &s.articles),
    }
}

fn articles_mut(issue: &mut Issue, section: Option<usize>) -> Option<&mut Vec<Article>> {
    match section {
        None => Some(&mut issue.front),
        Some(s) => issue.sections.get_mut(s).map(|s| &mut s.articles),
    }
}

#[cfg(test)]
mod tests;
