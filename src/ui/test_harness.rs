//! Editors for tests: [`TestEditor`] builds an [`App`] with the [`Options`] tests need
//! (bundled faces kept as given, work run at once on the UI thread, user files in a
//! folder of the test's own) and drives it through an egui_kittest harness.

use super::{App, Options};
use crate::edit::Document;
use crate::fonts::FontBook;
use crate::model::Issue;
use crate::store::Places;
use eframe::egui;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};

/// How a test's editor is made.
pub(super) struct TestEditor {
    issue: Issue,
    /// Where settings, the address book and recovery files live.
    home: PathBuf,
    options: Options,
}

impl TestEditor {
    /// An editor on `issue` whose user files live under `dir`.
    pub(super) fn new(issue: Issue, dir: &Path) -> TestEditor {
        TestEditor {
            issue,
            home: dir.join("home"),
            options: Options {
                inline_tasks: true,
                fixed_fonts: true,
            },
        }
    }

    /// The app itself, before any frame (its own context: the harness brings another).
    pub(super) fn app(self) -> App {
        let ctx = egui::Context::default();
        let mut app = App::with_fonts(
            &ctx,
            Document::new(self.issue, None),
            Some(Places::at(&self.home)),
            FontBook::bundled(),
            self.options,
        );
        // The harness has its own context: the CJK faces go in on the first frame.
        app.fonts.reinstall = true;
        app
    }

    /// The app in a 1400×900 window at 60 frames a second, two frames drawn.
    pub(super) fn harness(self) -> Harness<'static, App> {
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            // Frames at 60 Hz, so a number of steps is a realistic length of time.
            .with_step_dt(1.0 / 60.0)
            .build_ui_state(|ui, app: &mut App| app.show(ui), self.app());
        h.run_steps(2);
        h
    }
}
