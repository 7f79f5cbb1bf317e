//! The centre editors' edit buffer ([`EditBuffer`]): egui's text fields are typed into
//! in place, so the editors draw from the document as it is, put each change the user
//! made into this buffer, and return it. The app then applies the changes in order,
//! each through [`Document::change`] (one undoable step, typing merged per field), and
//! runs the buffer's commands after them. No editor touches the document itself.

use super::Command;
use crate::edit::{ArticleRef, Document, Field};
use crate::model::{Article, Issue};

/// One change to the document, waiting to be applied.
enum Change {
    Issue {
        label: &'static str,
        field: Field,
        change: Box<dyn FnOnce(&mut Issue)>,
    },
    Article {
        at: ArticleRef,
        label: &'static str,
        field: Field,
        change: Box<dyn FnOnce(&mut Article)>,
    },
    RenameSection {
        index: usize,
        label: String,
    },
}

/// What the centre editors hand back after a frame: the user's changes to the document
/// (in the order made) and the commands their buttons asked for.
#[derive(Default)]
pub struct EditBuffer {
    changes: Vec<Change>,
    /// Commands of the editors' buttons, run after the changes.
    pub commands: Vec<Command>,
}

impl EditBuffer {
    /// A change to the issue, undoable as `label`; typing into the same `field` in
    /// quick succession merges into one step.
    pub fn change(
        &mut self,
        label: &'static str,
        field: Field,
        f: impl FnOnce(&mut Issue) + 'static,
    ) {
        self.changes.push(Change::Issue {
            label,
            field,
            change: Box::new(f),
        });
    }

    /// A change to the article at `at` (nothing happens if it is gone by then).
    pub fn change_article(
        &mut self,
        at: ArticleRef,
        label: &'static str,
        field: Field,
        f: impl FnOnce(&mut Article) + 'static,
    ) {
        self.changes.push(Change::Article {
            at,
            label,
            field,
            change: Box::new(f),
        });
    }

    /// A section's new name.
    pub fn rename_section(&mut self, index: usize, label: &str) {
        self.changes.push(Change::RenameSection {
            index,
            label: label.to_string(),
        });
    }

    /// A button's command.
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Applies the changes to `doc` in order; returns the commands to run next.
    pub fn apply(self, doc: &mut Document) -> Vec<Command> {
        for change in self.changes {
            match change {
                Change::Issue {
                    label,
                    field,
                    change,
                } => doc.change(label, field, change),
                Change::Article {
                    at,
                    label,
                    field,
                    change,
                } => doc.change_article(at, label, field, change),
                Change::RenameSection { index, label } => doc.rename_section(index, &label),
            }
        }
        self.commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_apply_in_order_as_undoable_steps_and_typing_merges() {
        let mut doc = Document::new(crate::model::Issue::sample(), None);
        let r = doc.article_at(0).expect("the sample has articles");
        let title = doc.article(r).map(|a| a.title.clone()).unwrap_or_default();
        let mut buf = EditBuffer::default();
        let key = || Field::Text("title".into());
        buf.change_article(r, "修改标题", key(), |a| a.title.push('甲'));
        buf.change_article(r, "修改标题", key(), |a| a.title.push('乙'));
        buf.change("修改期号", Field::Step, |i| i.meta.issue_no = 99);
        buf.command(Command::Undo);
        let commands = buf.apply(&mut doc);
        assert_eq!(commands, vec![Command::Undo]);
        assert_eq!(
            doc.article(r).map(|a| a.title.clone()),
            Some(format!("{title}甲乙"))
        );
        assert_eq!(doc.issue.meta.issue_no, 99);
        // Two steps: the merged typing, then the number.
        assert_eq!(doc.undo().as_deref(), Some("修改期号"));
        assert_eq!(doc.undo().as_deref(), Some("修改标题"));
        assert_eq!(doc.article(r).map(|a| a.title.clone()), Some(title));
        // A change to an article that is gone does nothing.
        let mut buf = EditBuffer::default();
        let gone = ArticleRef {
            section: None,
            index: 10_000,
        };
        buf.change_article(gone, "修改正文", Field::Step, |a| a.blocks.clear());
        let before = doc.revision();
        buf.apply(&mut doc);
        assert_eq!(doc.revision(), before);
    }
}
