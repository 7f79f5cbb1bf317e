//! The open document and what keeps it safe ([`Session`]): the issue with its path,
//! undo history and saved state ([`Document`]), when it was last written to the
//! recovery file, and other editors' unsaved work waiting to be offered back.

use crate::edit::Document;
use crate::store::{Orphan, Recovery};
use std::time::{Duration, Instant};

/// Unsaved work is written to the recovery file this often (and on focus loss).
pub(super) const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// One open issue and its safety net, apart from the panels that show it: replacing
/// the document (open, new, restore) resets the autosave bookkeeping with it, so the two
/// can never disagree.
pub struct Session {
    /// The issue, its file, its undo history and whether it is saved.
    pub doc: Document,
    /// The revision last written to the recovery file, and when.
    autosaved: (u64, Instant),
    /// Work of editors that ended without saving, offered one at a time.
    pub recovery_offers: Vec<Orphan>,
}

impl Session {
    /// A session on `doc`, whose current state counts as autosaved (nothing to keep yet).
    pub fn new(doc: Document) -> Session {
        let autosaved = (doc.revision(), Instant::now());
        Session {
            doc,
            autosaved,
            recovery_offers: Vec::new(),
        }
    }

    /// Puts `doc` in place of the current document (whose unsaved work was saved or
    /// let go); the autosave clock starts again from it.
    pub fn replace(&mut self, doc: Document) {
        self.autosaved = (doc.revision(), Instant::now());
        self.doc = doc;
    }

    /// What to write to the recovery file now, if anything: unsaved work not written
    /// yet, once [`AUTOSAVE_EVERY`] has passed (at once when `force`). Taking it counts
    /// as written.
    pub fn autosave_due(&mut self, force: bool) -> Option<Recovery> {
        let due = force || self.autosaved.1.elapsed() >= AUTOSAVE_EVERY;
        if !due || !self.doc.is_dirty() || self.autosaved.0 == self.doc.revision() {
            return None;
        }
        self.autosaved = (self.doc.revision(), Instant::now());
        Some(Recovery {
            original: self.doc.path.clone(),
            issue: self.doc.issue.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Field;
    use crate::model::Issue;

    #[test]
    fn only_unsaved_unwritten_work_is_due_and_a_new_document_starts_clean() {
        let mut s = Session::new(Document::new(Issue::sample(), None));
        assert!(s.autosave_due(true).is_none(), "nothing changed yet");
        s.doc.change("改", Field::Step, |i| i.meta.issue_no += 1);
        assert!(
            s.autosave_due(false).is_none(),
            "not due before the interval"
        );
        let r = s.autosave_due(true).expect("forced and unsaved");
        assert_eq!(r.issue.meta.issue_no, s.doc.issue.meta.issue_no);
        assert!(
            s.autosave_due(true).is_none(),
            "already written at this revision"
        );
        s.doc.change("再改", Field::Step, |i| i.meta.issue_no += 1);
        assert!(
            s.autosave_due(true).is_some(),
            "a newer revision is due again"
        );
        // A replaced document is not due, even when it differs from its file.
        let mut fresh = Document::new(Issue::sample(), None);
        fresh.change("恢复", Field::Step, |_| {});
        s.replace(fresh);
        assert!(s.autosave_due(true).is_none());
    }
}
