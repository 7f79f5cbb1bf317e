//! The centre panel: the editor of whatever the outline has selected — an article (title,
//! subtitle, paragraphs, award lists, byline), the masthead, a section, the distribution
//! block or the style. Every change goes through `Document::change`, so it can be undone.

mod article;
mod awards;
mod distribution;
mod masthead;
mod style;
mod text;

pub use awards::{insert_award_list, insert_category, insert_row};
pub use text::article_chars;

use super::{App, Selection};
use article::article_editor;
use distribution::distribution_editor;
use eframe::egui;
use masthead::masthead_editor;
use style::style_editor;

/// Draws the editor of whatever is selected: one entry point for the centre panel.
pub fn editor(app: &mut App, ui: &mut egui::Ui) {
    match app.view.selection {
        Selection::Article(r) => article_editor(app, ui, r),
        Selection::Masthead => masthead_editor(app, ui),
        Selection::Section(s) => section_editor(app, ui, s),
        Selection::Distribution => distribution_editor(app, ui),
        Selection::Style => style_editor(app, ui),
    }
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

fn take_focus(app: &mut App, response: &egui::Response) {
    if std::mem::take(&mut app.view.focus_editor) {
        response.request_focus();
    }
}

fn section_editor(app: &mut App, ui: &mut egui::Ui, s: usize) {
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
        app.session
            .doc
            .rename_section(s, text.trim_matches(['【', '】']));
    }
    let n = app.session.doc.issue.sections[s].articles.len();
    ui.label(format!("本栏目有 {n} 篇文章。"));
    if ui.button("在本栏目添加文章").clicked() {
        let r = app.session.doc.add_article(Some(s), None);
        app.view.selection = Selection::Article(r);
    }
}
