//! The centre panel: the editor of whatever the outline has selected — an article (title,
//! subtitle, paragraphs, award lists, byline), the masthead, a section, the distribution
//! block or the style. The editors draw from the document as it is and put what the
//! user changed into an [`EditBuffer`] (egui's fields are typed into in place); the app
//! applies it through `Document::change`, so every change can be undone.

mod article;
mod awards;
mod distribution;
mod figure;
mod masthead;
mod style;
mod table;
mod text;

pub use awards::{last_award_list, new_category};
pub use text::article_chars;

use super::edits::EditBuffer;
use super::{App, Command, Selection};
use article::article_editor;
use distribution::distribution_editor;
use eframe::egui;
use masthead::masthead_editor;
use style::style_editor;

/// Draws the editor of whatever is selected: one entry point for the centre panel.
/// Returns what the user changed and asked for, for the app to apply.
pub fn editor(app: &App, ui: &mut egui::Ui) -> EditBuffer {
    let mut buf = EditBuffer::default();
    match app.view.selection {
        Selection::Article(r) => article_editor(app, ui, &mut buf, r),
        Selection::Masthead => masthead_editor(app, ui, &mut buf),
        Selection::Section(s) => section_editor(app, ui, &mut buf, s),
        Selection::Distribution => distribution_editor(app, ui, &mut buf),
        Selection::Style => style_editor(app, ui, &mut buf),
    }
    buf
}

/// A labelled single-line field; returns the new text when the user changed it.
fn line_field(ui: &mut egui::Ui, label: &str, value: &str, hint: &str) -> Option<String> {
    let mut text = value.to_string();
    let l = ui.label(label);
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    r.changed().then_some(text)
}

/// Puts the keyboard in `response`'s field when a new section or article was just
/// made (the app clears the wish once the editor is drawn).
fn take_focus(app: &App, response: &egui::Response) {
    if app.view.focus_editor {
        response.request_focus();
    }
}

fn section_editor(app: &App, ui: &mut egui::Ui, buf: &mut EditBuffer, s: usize) {
    ui.heading("栏目");
    let Some(label) = app
        .session
        .doc
        .issue
        .sections
        .get(s)
        .map(|x| x.label.clone())
    else {
        return;
    };
    let l = ui.label("栏目名称（印成【…】）");
    let mut text = label;
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    take_focus(app, &r);
    if r.changed() {
        buf.rename_section(s, text.trim_matches(['【', '】']));
    }
    let n = app.session.doc.issue.sections[s].articles.len();
    ui.label(format!("本栏目有 {n} 篇文章。"));
    if ui.button("在本栏目添加文章").clicked() {
        buf.command(Command::AddArticleTo(s));
    }
}
