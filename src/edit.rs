//! Editing an issue: the document the editor holds, where every change is one undoable
//! step (house-format.md §7: "never lose a keystroke").
//!
//! The editor's panels never change the issue directly: they call [`Document::change`]
//! (or one of the structural operations built on it), which records the state before the
//! change. Typing into one field merges into a single step, so undo takes back a word or
//! a burst of typing, not one character. This module knows nothing about egui, so the
//! same operations serve the window, the command line and the tests.

use crate::model::{Article, Issue, Section};
use std::path::PathBuf;
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
    issue: Issue,
    /// What the step was, in Chinese, for the 撤销/重做 menu.
    label: String,
}

/// Undo and redo stacks of whole-issue snapshots (an issue is small: ~40 KB).
#[derive(Default)]
struct History {
    undo: Vec<Snapshot>,
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
            self.history.undo.push(Snapshot {
                issue: self.issue.clone(),
                label: label.to_string(),
            });
            if self.history.undo.len() > UNDO_STEPS {
                self.history.undo.remove(0);
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
        let snap = self.history.undo.pop()?;
        let current = std::mem::replace(&mut self.issue, snap.issue);
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
        let current = std::mem::replace(&mut self.issue, snap.issue);
        self.history.undo.push(Snapshot {
            issue: current,
            label: snap.label.clone(),
        });
        self.history.last = None;
        self.revision += 1;
        Some(snap.label)
    }

    /// Labels of the next undo and redo, for menu entries.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo.last().map(|s| s.label.as_str())
    }
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo.last().map(|s| s.label.as_str())
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
mod tests {
    use super::*;
    use crate::model::Block;

    fn doc() -> Document {
        Document::new(Issue::sample(), None)
    }

    #[test]
    fn typing_into_one_field_is_one_step_and_undo_redo_restore_it() {
        let mut d = doc();
        let r = d.article_at(0).unwrap();
        let before = d.issue.clone();
        for ch in "新的标题".chars() {
            d.change_article(r, "修改标题", Field::Text("title".into()), |a| {
                a.title.push(ch)
            });
        }
        assert!(d.is_dirty());
        assert_eq!(d.undo().as_deref(), Some("修改标题"));
        assert_eq!(d.issue, before, "one undo takes back the burst of typing");
        d.redo();
        assert!(d.issue.front[0].title.ends_with("新的标题"));
        // Another field is another step.
        d.change_article(r, "修改副题", Field::Text("subtitle".into()), |a| {
            a.subtitle = Some("副".into())
        });
        d.undo();
        assert!(d.issue.front[0].subtitle.is_none());
        assert!(d.issue.front[0].title.ends_with("新的标题"));
    }

    #[test]
    fn structural_edits_undo_and_history_keeps_hundreds_of_steps() {
        let mut d = doc();
        let original = d.issue.clone();
        let s = d.add_section(None, "新栏目");
        let a = d.add_article(Some(s), None);
        d.change_article(a, "正文", Field::Step, |a| {
            a.blocks.push(Block::Paragraph {
                text: "第一段。".into(),
            })
        });
        let moved = d.move_article(a, -1);
        assert_eq!(moved.section, Some(s - 1), "up across the section top");
        d.remove_section(0);
        for _ in 0..300 {
            d.change("x", Field::Step, |i| i.meta.issue_no += 1);
        }
        for _ in 0..305 {
            d.undo();
        }
        assert_eq!(d.issue, original);
        assert!(d.undo().is_none());
    }

    #[test]
    fn articles_move_within_and_across_sections() {
        let mut d = doc();
        // Section 1 (行业综合) holds two articles.
        let first = ArticleRef {
            section: Some(1),
            index: 0,
        };
        let title = d.article(first).unwrap().title.clone();
        let to = d.move_article(first, 1);
        assert_eq!(
            to,
            ArticleRef {
                section: Some(1),
                index: 1
            }
        );
        assert_eq!(d.article(to).unwrap().title, title);
        // Down again: into the next section's top.
        let to = d.move_article(to, 1);
        assert_eq!(
            to,
            ArticleRef {
                section: Some(2),
                index: 0
            }
        );
        assert_eq!(d.article(to).unwrap().title, title);
        // Drag to the top of another section.
        let to = d.move_article_to(to, Some(0), 0);
        assert_eq!(d.article(to).unwrap().title, title);
        assert_eq!(
            to,
            ArticleRef {
                section: Some(0),
                index: 0
            }
        );
        // Sections move by drag and drop too.
        let label = d.issue.sections[3].label.clone();
        assert_eq!(d.move_section_to(3, 0), 0);
        assert_eq!(d.issue.sections[0].label, label);
        assert_eq!(d.move_section_to(0, 4), 3);
        assert_eq!(d.issue.sections[3].label, label);
        // The lead article cannot move above the top.
        let lead = ArticleRef {
            section: None,
            index: 0,
        };
        assert_eq!(d.move_article(lead, -1), lead);
    }

    #[test]
    fn saving_clears_the_unsaved_mark_and_edits_set_it() {
        let mut d = doc();
        assert!(!d.is_dirty());
        d.add_section(None, "栏目");
        assert!(d.is_dirty());
        d.mark_saved(PathBuf::from("x.jianbao"));
        assert!(!d.is_dirty());
        d.undo();
        assert!(d.is_dirty(), "undo after a save is an unsaved change");
    }
}
