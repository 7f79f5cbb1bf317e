//! The structural edits the menus, outline and shortcuts ask for: undo and redo,
//! inserting, moving and deleting sections and articles, keeping the selection valid.

use super::editor::{last_award_list, new_category};
use super::{App, Selection};
use crate::edit::{ArticleRef, Field};
use crate::layout::Source;
use crate::model::{AwardRow, Block};

impl App {
    /// Puts imported articles after the selected article (or at the end of the selected
    /// or last section), as one undoable step, and selects the first.
    pub(crate) fn insert_imported(
        &mut self,
        articles: Vec<crate::model::Article>,
        pictures: &crate::model::Pictures,
    ) -> usize {
        let (section, at) = match self.view.selection {
            Selection::Article(r) => (r.section, r.index + 1),
            Selection::Section(s) => (
                Some(s),
                self.session
                    .doc
                    .issue
                    .sections
                    .get(s)
                    .map_or(0, |x| x.articles.len()),
            ),
            _ => {
                let last = self.session.doc.issue.sections.len().checked_sub(1);
                let len = match last {
                    Some(s) => self.session.doc.issue.sections[s].articles.len(),
                    None => self.session.doc.issue.front.len(),
                };
                (last, len)
            }
        };
        let n = articles.len();
        self.session
            .doc
            .change("导入文章", crate::edit::Field::Step, |issue| {
                crate::import::add_pictures(pictures, issue);
                let list = match section {
                    Some(s) => issue.sections.get_mut(s).map(|x| &mut x.articles),
                    None => Some(&mut issue.front),
                };
                if let Some(list) = list {
                    let at = at.min(list.len());
                    list.splice(at..at, articles);
                }
            });
        if n > 0 {
            self.view.selection = Selection::Article(ArticleRef { section, index: at });
        }
        n
    }

    /// Ends the import review: the articles the user kept (bylines dropped where asked)
    /// go in as one undoable step, or nothing does.
    pub(super) fn finish_import(&mut self, insert: bool) {
        let Some(review) = self.questions.import_review.take() else {
            return;
        };
        if !insert {
            self.status = "已取消导入".into();
            return;
        }
        let chosen: Vec<crate::model::Article> = review
            .articles
            .into_iter()
            .zip(review.keep.iter().zip(&review.keep_byline))
            .filter(|(_, (keep, _))| **keep)
            .map(|(mut a, (_, byline))| {
                if !byline {
                    a.attribution = None;
                }
                a
            })
            .collect();
        let n = self.insert_imported(chosen, &review.pictures);
        self.status = format!("已导入 {n} 篇文章（可撤销）");
    }

    /// 撤销: the last step, named in the status bar.
    pub fn undo(&mut self) {
        self.status = match self.session.doc.undo() {
            Some(label) => format!("已撤销：{label}"),
            None => "没有可撤销的操作".to_string(),
        };
        self.keep_selection_valid();
    }

    /// 重做: the last undone step, named in the status bar.
    pub fn redo(&mut self) {
        self.status = match self.session.doc.redo() {
            Some(label) => format!("已重做：{label}"),
            None => "没有可重做的操作".to_string(),
        };
        self.keep_selection_valid();
    }

    /// After structural changes (undo of an add, delete) the selection may point nowhere.
    pub(super) fn keep_selection_valid(&mut self) {
        let ok = match self.view.selection {
            Selection::Article(r) => self.session.doc.article(r).is_some(),
            Selection::Section(s) => s < self.session.doc.issue.sections.len(),
            _ => true,
        };
        if !ok {
            self.view.selection = Selection::Masthead;
        }
    }

    /// 插入 → 栏目: after the selected section (or at the end), selected for renaming.
    pub fn insert_section(&mut self) {
        let after = match self.view.selection {
            Selection::Section(s) => Some(s),
            Selection::Article(ArticleRef {
                section: Some(s), ..
            }) => Some(s),
            _ => None,
        };
        let s = self.session.doc.add_section(after, "新栏目");
        self.view.selection = Selection::Section(s);
        self.view.focus_editor = true;
    }

    /// 插入 → 文章: after the selected article, or at the end of the selected section.
    pub fn insert_article(&mut self) {
        let r = match self.view.selection {
            Selection::Article(r) => self.session.doc.add_article(r.section, Some(r.index)),
            Selection::Section(s) => self.session.doc.add_article(Some(s), None),
            _ => {
                let last = self.session.doc.issue.sections.len().checked_sub(1);
                self.session.doc.add_article(last, None)
            }
        };
        self.view.selection = Selection::Article(r);
        self.view.focus_editor = true;
    }

    /// Moves the selected section or article up (-1) or down (+1).
    pub fn move_selected(&mut self, delta: isize) {
        match self.view.selection {
            Selection::Article(r) => {
                self.view.selection = Selection::Article(self.session.doc.move_article(r, delta));
            }
            Selection::Section(s) => {
                self.view.selection = Selection::Section(self.session.doc.move_section(s, delta));
            }
            _ => {}
        }
    }

    /// Deletes the selected section or article (undo brings it back; no question asked).
    pub fn delete_selected(&mut self) {
        match self.view.selection {
            Selection::Article(r) => {
                self.session.doc.remove_article(r);
                self.status = "已删除文章（可撤销）".to_string();
            }
            Selection::Section(s) => {
                self.session.doc.remove_section(s);
                self.status = "已删除栏目（可撤销）".to_string();
            }
            _ => {}
        }
        self.keep_selection_valid();
    }

    /// Selects the part of the issue a place on the page (or a warning) came from.
    pub(super) fn select_source(&mut self, source: Option<Source>) {
        match source {
            Some(Source::Article(n)) => {
                if let Some(r) = self.session.doc.article_at(n) {
                    self.view.selection = Selection::Article(r);
                }
            }
            Some(Source::Section(s)) => self.view.selection = Selection::Section(s),
            Some(Source::Masthead) => self.view.selection = Selection::Masthead,
            Some(Source::Distribution) => self.view.selection = Selection::Distribution,
            Some(Source::Style) => self.view.selection = Selection::Style,
            Some(Source::PageNumber) | None => {}
        }
    }

    /// 修正: applies proofreading finding `n` as one undoable step. A stale finding
    /// (the text changed since) is refused, not applied at a shifted place; the
    /// findings are made afresh.
    pub(super) fn apply_finding(&mut self, n: usize) {
        let Some(f) = self.typeset.findings.get(n).cloned() else {
            return;
        };
        match crate::check::verify(&self.session.doc.issue, &f) {
            Ok(()) => {
                let _ = self.session.doc.change("校对修正", Field::Step, |issue| {
                    crate::check::apply(issue, &f)
                });
                self.status = "已修正（可撤销）".into();
            }
            Err(e) => {
                self.status = format!("未修正：{}", e.chinese());
                self.typeset.findings = crate::check::proofread(&self.session.doc.issue);
            }
        }
    }

    /// 插入 → 获奖名单: an introduction and a list with one category, at the end of the
    /// selected article.
    pub(super) fn insert_award_list(&mut self) {
        if let Selection::Article(r) = self.view.selection {
            self.session
                .doc
                .change_article(r, "添加获奖名单", Field::Step, |a| {
                    a.blocks.push(Block::ListIntro {
                        text: "获奖名单：".into(),
                    });
                    a.blocks.push(Block::AwardList {
                        categories: vec![new_category()],
                    });
                });
        }
    }

    /// 插入 → 表格…: an empty table at the end of the selected article.
    pub(super) fn insert_table(&mut self, rows: usize, columns: usize) {
        if let Selection::Article(r) = self.view.selection {
            let (rows, columns) = (rows.clamp(1, 200), columns.clamp(1, 20));
            self.session
                .doc
                .change_article(r, "插入表格", Field::Step, move |a| {
                    a.blocks
                        .push(Block::Table(crate::model::Table::blank(rows, columns)));
                });
        }
    }

    /// 插入 → 分类 (in the article's last award list; a list is made if there is none).
    pub(super) fn insert_category(&mut self) {
        let Selection::Article(r) = self.view.selection else {
            return;
        };
        let mut article = self.session.doc.article(r).cloned();
        if article.as_mut().and_then(last_award_list).is_none() {
            self.insert_award_list();
            return;
        }
        self.session
            .doc
            .change_article(r, "添加分类", Field::Step, |a| {
                if let Some(categories) = last_award_list(a) {
                    categories.push(new_category());
                }
            });
    }

    /// 插入 → 名单行 (in the last category of the article's last award list).
    pub(super) fn insert_award_row(&mut self) {
        let Selection::Article(r) = self.view.selection else {
            return;
        };
        let mut article = self.session.doc.article(r).cloned();
        if article
            .as_mut()
            .and_then(last_award_list)
            .is_none_or(|c| c.is_empty())
        {
            self.insert_category();
        }
        self.session
            .doc
            .change_article(r, "添加名单行", Field::Step, |a| {
                if let Some(c) = last_award_list(a).and_then(|cs| cs.last_mut()) {
                    c.rows.push(AwardRow::Person {
                        name: String::new(),
                        org: String::new(),
                        award: String::new(),
                    });
                }
            });
    }
}
