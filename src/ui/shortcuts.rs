//! Keyboard shortcuts: each key turns into a [`Command`] (a view change among them)
//! unless a question is open.

use super::view::{ViewChange, Window};
use super::{App, Command};
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const PRINT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::P);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const MOVE_UP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp);
const MOVE_DOWN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown);

/// This frame's key presses as commands (none while a question is open: keys answer it).
pub(super) fn shortcuts(app: &App, ctx: &egui::Context) -> Vec<Command> {
    if app.questions.unsaved_question.is_some()
        || app.chooser_open()
        || !app.session.recovery_offers.is_empty()
        || app.error.is_some()
        || app.printing.dialog.is_some()
        || app.page_images_dialog.is_some()
    {
        return Vec::new();
    }
    let pressed = |s: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(s));
    // Longer combinations first: Ctrl+Shift+S before Ctrl+S.
    let mut commands = Vec::new();
    if pressed(&SAVE_AS) {
        commands.push(Command::SaveAs);
    } else if pressed(&SAVE) {
        commands.push(Command::Save);
    }
    if pressed(&REDO) || pressed(&REDO_Y) {
        commands.push(Command::Redo);
    } else if pressed(&UNDO) {
        commands.push(Command::Undo);
    }
    if pressed(&NEW) {
        commands.push(Command::New);
    }
    if pressed(&OPEN) {
        commands.push(Command::Open);
    }
    if pressed(&EXPORT) {
        commands.push(Command::Export);
    }
    if pressed(&PRINT) {
        commands.push(Command::Print(super::PrintStep::Open));
    }
    if pressed(&FIND) {
        commands.push(Command::View(ViewChange::Open(Window::Find)));
    }
    if pressed(&MOVE_UP) {
        commands.push(Command::MoveSelected(-1));
    }
    if pressed(&MOVE_DOWN) {
        commands.push(Command::MoveSelected(1));
    }
    let last_page = app.typeset.pages.pages.len().saturating_sub(1);
    let current = app.view.pages.current_page;
    if ctx.input(|i| i.key_pressed(Key::PageDown)) {
        commands.push(Command::View(ViewChange::GotoPage(
            (current + 1).min(last_page),
        )));
    }
    if ctx.input(|i| i.key_pressed(Key::PageUp)) {
        commands.push(Command::View(ViewChange::GotoPage(
            current.saturating_sub(1),
        )));
    }
    commands
}
