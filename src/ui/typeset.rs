//! The issue as last laid out ([`Typeset`]): its pages, which revision they show, the
//! proofreading findings and character counts, kept in step with each edit.

use super::{editor, relayout, App};
use crate::layout::Pages;
use crate::style::Style;
use eframe::egui;
use std::sync::Arc;

/// What layout made of the document, apart from the panels that show it: the preview,
/// status bar, outline and export read it; only a finished layout changes it.
pub struct Typeset {
    /// The laid-out pages the preview shows and export reuses.
    pub(super) pages: Arc<Pages>,
    /// The document revision the pages were laid out from (`None`: lay out again,
    /// e.g. with a new font book).
    pub(super) laid_out: Option<u64>,
    /// The document revision `pages` shows (the worker may still be setting a newer
    /// one): export lays the issue out afresh when it is behind.
    pub(super) pages_revision: Option<u64>,
    /// Milliseconds the last re-layout took.
    pub layout_ms: f32,
    /// Lays out on this thread or a worker, with a cache of unchanged articles.
    pub(super) relayout: relayout::Relayout,
    /// Characters per article in print order, for the revision they were counted at
    /// (the outline and status bar show them every frame; counting a long issue is not
    /// free).
    pub(super) char_counts: (u64, Vec<usize>),
    /// Proofreading findings for the current text (rechecked with every layout).
    pub findings: Vec<crate::check::Finding>,
}

impl Default for Typeset {
    fn default() -> Self {
        Typeset {
            pages: Arc::new(Pages::default()),
            laid_out: None,
            pages_revision: None,
            layout_ms: 0.0,
            relayout: relayout::Relayout::default(),
            char_counts: (u64::MAX, Vec::new()),
            findings: Vec::new(),
        }
    }
}

impl App {
    /// Counts the characters per article again if the document changed since the last
    /// count (before the panels draw, and after commands ran).
    pub(super) fn count_chars(&mut self) {
        let revision = self.session.doc.revision();
        if self.typeset.char_counts.0 != revision {
            let counts = self
                .session
                .doc
                .issue
                .articles()
                .map(editor::article_chars)
                .collect();
            self.typeset.char_counts = (revision, counts);
        }
    }

    /// Characters per article in print order (whitespace not counted), as last counted.
    pub fn char_counts(&self) -> &[usize] {
        &self.typeset.char_counts.1
    }

    /// The laid-out pages of the current document.
    pub fn pages(&self) -> &Pages {
        &self.typeset.pages
    }

    /// The issue's style, or the house default when it names none.
    pub(super) fn style(&self) -> Style {
        self.session.doc.issue.style.clone().unwrap_or_default()
    }

    /// Lays the issue out again when it changed since the last frame.
    pub(super) fn relayout_if_needed(&mut self) {
        if self.typeset.laid_out == Some(self.session.doc.revision()) {
            return;
        }
        let style = self.style();
        let revision = self.session.doc.revision();
        self.typeset.laid_out = Some(revision);
        let laid = self.typeset.relayout.request(
            revision,
            &self.session.doc.issue,
            &style,
            &self.fonts.book,
            self.tasks.inline,
        );
        if let Some(laid) = laid {
            self.take_layout(laid);
        }
    }

    /// Shows a finished layout (from this frame or from the worker).
    pub(super) fn take_layout(&mut self, laid: relayout::Laid) {
        self.typeset.pages = laid.pages;
        self.typeset.pages_revision = Some(laid.revision);
        self.typeset.findings = laid.findings;
        self.typeset.layout_ms = laid.ms;
    }

    /// Takes a layout the worker finished; keeps frames coming while it works.
    pub(super) fn poll_layout(&mut self, ctx: &egui::Context) {
        if let Some(laid) = self.typeset.relayout.poll() {
            self.take_layout(laid);
        }
        if self.typeset.relayout.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(15));
        }
    }
}
