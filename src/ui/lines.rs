//! Multi-line fields where each line is one unit: the paragraphs of an article, the
//! recipients of a group, the names of a font list, an address-book group.
//!
//! The issue stores the units, not the text, so an empty last line has nowhere to live:
//! read back from the units, the Enter just typed at the end of the last paragraph would
//! vanish, and the next paragraph typed would run on into the previous one. So while a
//! field has the keyboard, its text is kept as typed (in egui's memory, under the
//! field's id) as long as it still says what the issue holds; when the keyboard leaves,
//! or the issue changes under it (undo, a fix), the field shows the units again.

use eframe::egui;

/// The units of a text: one per line (a `\r` before a line break dropped), without the
/// empty lines at the end, which are only the start of a unit not typed yet.
pub fn units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    while units.len() > 1 && units.last().is_some_and(String::is_empty) {
        units.pop();
    }
    if units.len() == 1 && units[0].is_empty() {
        units.clear();
    }
    units
}

/// A field whose lines are `current`; `clean` turns typed lines into units (e.g. trims
/// font names and drops blank ones; the identity for paragraphs). Returns the field's
/// response and, when the user changed it, the new units.
pub fn unit_field(
    ui: &mut egui::Ui,
    id: egui::Id,
    current: &[String],
    clean: impl Fn(Vec<String>) -> Vec<String>,
    field: impl FnOnce(&mut String) -> egui::TextEdit<'_>,
) -> (egui::Response, Option<Vec<String>>) {
    let typed: Option<String> = ui.data(|d| d.get_temp(id));
    let mut text = match typed {
        Some(t) if clean(units(&t)) == current => t,
        _ => current.join("\n"),
    };
    let response = ui.add(field(&mut text).id(id));
    let changed = response.changed();
    if response.has_focus() {
        let kept = text.clone();
        ui.data_mut(|d| d.insert_temp(id, kept));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    let new = changed.then(|| clean(units(&text)));
    (response, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_last_line_is_not_a_unit_but_inner_ones_are() {
        assert_eq!(units(""), Vec::<String>::new());
        assert_eq!(units("甲"), vec!["甲"]);
        assert_eq!(units("甲\n"), vec!["甲"]);
        assert_eq!(units("甲\n\n"), vec!["甲"]);
        assert_eq!(units("甲\n\n乙"), vec!["甲", "", "乙"]);
        assert_eq!(units("甲\r\n乙\r\n"), vec!["甲", "乙"]);
        // Whatever the text, its units joined and split again are the same units.
        for text in ["", "a", "a\n", "a\nb", "\na", "a\n\n\nb\n\n", "\n"] {
            let u = units(text);
            assert_eq!(units(&u.join("\n")), u, "{text:?}");
        }
    }
}
