//! The laid-out state of the document being edited: its pages, their revision, the
//! proofreading findings and character counts, kept in step with each edit.

use super::{editor, relayout, App};
use crate::layout::Pages;
use crate::style::Style;
use eframe::egui;

impl App {
    /// Characters per article in print order (whitespace not counted).
    pub fn char_counts(&mut self) -> &[usize] {
        let revision = self.doc.revision();
        if self.char_counts.0 != revision {
            let counts = self
                .doc
                .issue
                .articles()
                .map(editor::article_chars)
                .collect();
            self.char_counts = (revision, counts);
        }
        &self.char_counts.1
    }

    /// The laid-out pages of the current document.
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    /// The issue's style, or the house default when it names none.
    pub(super) fn style(&self) -> Style {
        self.doc.issue.style.clone().unwrap_or_default()
    }

    /// Lays the issue out again when it changed since the last frame.
    pub(super) fn relayout_if_needed(&mut self) {
        if self.laid_out == Some(self.doc.revision()) {
            return;
        }
        let style = self.style();
        let revision = self.doc.revision();
        self.laid_out = Some(revision);
        let laid = self.relayout.request(
            revision,
            &self.doc.issue,
            &style,
            &self.book,
            self.inline_tasks,
        );
        if let Some(laid) = laid {
            self.take_layout(laid);
        }
    }

    /// Shows a finished layout (from this frame or from the worker).
    pub(super) fn take_layout(&mut self, laid: relayout::Laid) {
        self.pages = laid.pages;
        self.pages_revision = Some(laid.revision);
        self.findings = laid.findings;
        self.layout_ms = laid.ms;
        self.baselines.clear();
    }

    /// Takes a layout the worker finished; keeps frames coming while it works.
    pub(super) fn poll_layout(&mut self, ctx: &egui::Context) {
        if let Some(laid) = self.relayout.poll() {
            self.take_layout(laid);
        }
        if self.relayout.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(15));
        }
    }
}
