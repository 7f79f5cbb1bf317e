//! The desktop's own file dialog (rfd), and telling a dialog that could not be shown
//! apart from the user's 取消.

use super::{FileQuestion, Mode};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How the desktop's dialog ended.
#[derive(Debug, PartialEq, Eq)]
pub enum NativeAnswer {
    Picked(PathBuf),
    Cancelled,
    /// No dialog could be shown: the in-app chooser must ask instead.
    Unavailable,
}

/// A `None` from rfd sooner than this after the call cannot be a person's 取消: the
/// dialog has to appear (a few hundred ms for a portal or zenity) and be read first.
const FASTER_THAN_A_PERSON: Duration = Duration::from_millis(300);

/// Asks with the desktop's dialog (blocks; call it on a worker thread).
///
/// A dialog that could not be shown is recognised three ways, any one of which is
/// enough, so no single signal has to be perfect:
/// 1. before calling: on Linux, neither a session D-Bus (where the portal lives) nor a
///    `zenity` on `PATH` — rfd has nothing to show a dialog with ([`linux_can_show`]);
/// 2. during the call: rfd reports its failure only through the `log` crate (“Failed
///    to pick file with zenity”, “OpenFile failed”), so an error record from rfd on this
///    thread marks the `None` as a failure ([`rfd_errors::watch`]);
/// 3. after the call: a `None` returned faster than a person could read and cancel a
///    dialog ([`FASTER_THAN_A_PERSON`]) — this also catches a `zenity` that starts and
///    dies at once (no display), which rfd does not log.
///
/// A false "unavailable" only shows our chooser after a very quick cancel; a false
/// "cancelled" would lose the user's save, so the rules lean towards the first.
pub fn ask_native(question: &FileQuestion) -> NativeAnswer {
    if !native_dialogs_possible() {
        return NativeAnswer::Unavailable;
    }
    let mut dialog = rfd::FileDialog::new().set_title(question.title);
    if !question.extensions.is_empty() {
        dialog = dialog.add_filter(question.filter_name, question.extensions);
    }
    if question.mode == Mode::Open && question.extensions.len() > 1 {
        dialog = dialog.add_filter("所有文件", &["*"]);
    }
    if let Some(folder) = &question.folder {
        dialog = dialog.set_directory(folder);
    }
    if question.mode == Mode::Save {
        dialog = dialog.set_file_name(&question.suggested_name);
    }
    let started = Instant::now();
    let (picked, rfd_failed) = rfd_errors::watch(|| match question.mode {
        Mode::Open => dialog.pick_file(),
        Mode::Save => dialog.save_file(),
        Mode::Folder => dialog.pick_folder(),
    });
    match picked {
        Some(path) => NativeAnswer::Picked(path),
        None if rfd_failed || started.elapsed() < FASTER_THAN_A_PERSON => NativeAnswer::Unavailable,
        None => NativeAnswer::Cancelled,
    }
}

/// Whether the desktop may be able to show a file dialog at all.
fn native_dialogs_possible() -> bool {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        linux_can_show()
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        // Windows and macOS always have their system dialog.
        true
    }
}

/// Linux and the BSDs: the portal needs a session bus; zenity needs its program.
#[cfg(all(unix, not(target_os = "macos")))]
fn linux_can_show() -> bool {
    can_show(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS"),
        std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from),
        program_on_path,
    )
}

/// Whether a session bus is reachable (its address set, or the usual socket in the
/// runtime folder) or `zenity` is installed.
#[cfg(all(unix, not(target_os = "macos")))]
fn can_show(
    bus_address: Option<std::ffi::OsString>,
    runtime_dir: Option<PathBuf>,
    installed: impl Fn(&str) -> bool,
) -> bool {
    let session_bus = bus_address.is_some_and(|a| !a.is_empty())
        || runtime_dir.is_some_and(|dir| dir.join("bus").exists());
    session_bus || installed("zenity")
}

/// Whether an executable file `name` is in one of `PATH`'s folders.
#[cfg(all(unix, not(target_os = "macos")))]
fn program_on_path(name: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        std::fs::metadata(dir.join(name))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// rfd's failures, which it only logs: a logger that notes error records from rfd on
/// the thread that is waiting for a dialog (and passes other records to stderr when
/// they are errors, as the program printed nothing before).
mod rfd_errors {
    use std::cell::Cell;

    thread_local! {
        /// Set while this thread waits in rfd; becomes true when rfd logs an error.
        static WATCHING: Cell<Option<bool>> = const { Cell::new(None) };
    }

    struct Logger;

    impl log::Log for Logger {
        fn enabled(&self, metadata: &log::Metadata) -> bool {
            metadata.level() <= log::Level::Error
        }

        fn log(&self, record: &log::Record) {
            if record.level() > log::Level::Error {
                return;
            }
            if record.target().starts_with("rfd") {
                WATCHING.with(|w| {
                    if w.get().is_some() {
                        w.set(Some(true));
                    }
                });
            }
            eprintln!("jianbao: {}: {}", record.target(), record.args());
        }

        fn flush(&self) {}
    }

    static LOGGER: Logger = Logger;

    /// Runs `f` (an rfd call) and says whether rfd logged an error meanwhile.
    pub fn watch<T>(f: impl FnOnce() -> T) -> (T, bool) {
        // Another logger may already be set (then the timing rule still applies).
        if log::set_logger(&LOGGER).is_ok() {
            log::set_max_level(log::LevelFilter::Error);
        }
        WATCHING.with(|w| w.set(Some(false)));
        let value = f();
        let failed = WATCHING.with(|w| w.replace(None)).unwrap_or(false);
        (value, failed)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn an_rfd_error_on_this_thread_is_noticed_and_others_are_not() {
            let ((), failed) = super::watch(|| {
                log::error!(target: "rfd::backend", "Failed to pick file with zenity");
            });
            assert!(failed);
            let ((), failed) = super::watch(|| {
                log::error!(target: "winit", "something else");
            });
            assert!(!failed);
            // Another thread's rfd error is not this dialog's failure.
            let ((), failed) = super::watch(|| {
                let _ = std::thread::spawn(|| log::error!(target: "rfd", "elsewhere")).join();
            });
            assert!(!failed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn without_a_session_bus_or_zenity_no_desktop_dialog_is_tried() {
        let nowhere = Some(PathBuf::from("/nonexistent-jianbao"));
        assert!(!can_show(None, nowhere.clone(), |_| false));
        assert!(!can_show(Some("".into()), None, |_| false));
        assert!(can_show(None, nowhere.clone(), |p| p == "zenity"));
        assert!(can_show(
            Some("unix:path=/run/user/1/bus".into()),
            nowhere,
            |_| false
        ));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn programs_are_found_on_path_only_when_executable() {
        assert!(program_on_path("sh"));
        assert!(!program_on_path("no-such-program-jianbao"));
    }
}
