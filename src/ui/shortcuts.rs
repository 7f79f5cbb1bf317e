//! Keyboard shortcuts: each key turns into a [`Command`] (or a view change) unless a
//! question is open.

use super::{App, Command};
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const MOVE_UP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp);
const MOVE_DOWN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown);

impl App {
    /// Turns this frame's key presses into commands.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.questions.unsaved_question.is_some()
            || self.chooser_open()
            || !self.session.recovery_offers.is_empty()
            || self.error.is_some()
        {
            // A question is open: keys answer it, they start nothing new.
            return;
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
        for command in commands {
            self.run_command(ctx, command);
        }
        if pressed(&FIND) {
            self.view.find_open = true;
        }
        if pressed(&MOVE_UP) {
            self.move_selected(-1);
        }
        if pressed(&MOVE_DOWN) {
            self.move_selected(1);
        }
        let last_page = self.typeset.pages.pages.len().saturating_sub(1);
        if ctx.input(|i| i.key_pressed(Key::PageDown)) {
            self.view.pages.goto_page = Some((self.view.pages.current_page + 1).min(last_page));
        }
        if ctx.input(|i| i.key_pressed(Key::PageUp)) {
            self.view.pages.goto_page = Some(self.view.pages.current_page.saturating_sub(1));
        }
    }
}
