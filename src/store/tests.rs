use super::write::{temporary_name, temporary_owner};
use super::*;
use crate::model::Issue;
use std::path::{Path, PathBuf};

#[test]
fn saves_are_atomic_and_keep_a_backup() {
    let dir = std::env::temp_dir().join(format!("jianbao-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("issue.jianbao");
    let mut issue = Issue::sample();
    save_issue(&issue, &path).unwrap();
    assert_eq!(Issue::load(&path).unwrap(), issue);
    issue.meta.issue_no = 10;
    save_issue(&issue, &path).unwrap();
    assert_eq!(Issue::load(&path).unwrap().meta.issue_no, 10);
    let backup = dir.join("issue.jianbao~");
    assert_eq!(Issue::load(&backup).unwrap().meta.issue_no, 9);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    // Writing into a folder that does not exist fails cleanly.
    assert!(save_issue(&issue, &dir.join("missing/x.jianbao")).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jianbao-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "mkfifo {}",
        path.display()
    );
}

/// Only regular files are read: a FIFO (which would block), a link to /dev/zero
/// (which never ends), a directory and a socket are named and refused at once; a
/// file is read up to its limit and refused past it, also when its reported length
/// is 0 (files in /proc) — the bytes read count, not the size reported.
#[cfg(unix)]
#[test]
fn reads_refuse_what_is_not_a_regular_file_and_stop_at_the_limit() {
    let dir = scratch("reads");
    let fifo = dir.join("f.jianbao");
    mkfifo(&fifo);
    let zero = dir.join("x.jianbao");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let socket = dir.join("s.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let t = std::time::Instant::now();
    for (path, kind) in [
        (&fifo, FileKind::Fifo),
        (&zero, FileKind::CharDevice),
        (&dir, FileKind::Directory),
        (&socket, FileKind::Socket),
    ] {
        match read_bounded(path, 1 << 20) {
            Err(ReadError::NotAFile(k)) => assert_eq!(k, kind, "{}", path.display()),
            other => panic!("{}: {other:?}", path.display()),
        }
    }
    assert!(t.elapsed() < std::time::Duration::from_secs(1));
    let e = ReadError::NotAFile(FileKind::Fifo);
    assert!(e.to_string().contains("FIFO") && e.chinese().contains("命名管道"));

    let file = dir.join("ten.txt");
    std::fs::write(&file, b"0123456789").unwrap();
    assert_eq!(read_bounded(&file, 10).unwrap(), b"0123456789");
    assert!(matches!(
        read_bounded(&file, 9),
        Err(ReadError::TooLarge {
            bytes: 10,
            limit: 9
        })
    ));
    // Reported as 0 bytes long, yet longer than 16 bytes.
    let status = Path::new("/proc/self/status");
    if std::fs::metadata(status).is_ok_and(|m| m.len() == 0) {
        match read_bounded(status, 16) {
            Err(ReadError::TooLarge { bytes, limit: 16 }) => assert_eq!(bytes, 17),
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        read_bounded(&dir.join("missing"), 10),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writes replace regular files only: a device (as root, renaming over /dev/null
/// would replace it), a FIFO (which must not block either), a directory and a socket
/// are refused with the kind named, and stay what they were.
#[cfg(unix)]
#[test]
fn writes_refuse_devices_pipes_directories_and_sockets() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("write-kinds");
    let fifo = dir.join("out.pdf");
    mkfifo(&fifo);
    let socket = dir.join("s.pdf");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let null_link = dir.join("null.pdf");
    std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
    for (path, kind) in [
        (Path::new("/dev/null"), FileKind::CharDevice),
        (&null_link, FileKind::CharDevice),
        (&fifo, FileKind::Fifo),
        (&dir, FileKind::Directory),
        (&socket, FileKind::Socket),
    ] {
        let e = write_atomic(path, b"%PDF-1.7", false).expect_err("refused");
        assert_eq!(refusal(&e), Some(&WriteRefused::NotAFile(kind)), "{e}");
        assert!(e.to_string().contains(kind.en()), "{e}");
    }
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(std::fs::symlink_metadata(&null_link).unwrap().is_symlink());
    let loop_a = dir.join("a.pdf");
    std::os::unix::fs::symlink("b.pdf", &loop_a).unwrap();
    std::os::unix::fs::symlink("a.pdf", dir.join("b.pdf")).unwrap();
    let e = write_atomic(&loop_a, b"x", false).expect_err("a loop");
    assert_eq!(refusal(&e), Some(&WriteRefused::LinkLoop), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An existing file keeps its permissions; a symbolic link stays a link and the file
/// it names gets the content (a dangling link creates it), with the backup next to
/// the file, not the link.
#[cfg(unix)]
#[test]
fn writes_keep_permissions_and_write_through_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("write-links");
    let out = dir.join("private.pdf");
    std::fs::write(&out, b"old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    write_atomic(&out, b"new", false).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"new");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let real_dir = dir.join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("issue.jianbao");
    save_issue(&Issue::sample(), &real).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("link.jianbao");
    std::os::unix::fs::symlink("real/issue.jianbao", &link).unwrap();
    let mut issue = Issue::sample();
    issue.meta.issue_no = 10;
    save_issue(&issue, &link).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(Issue::load(&real).unwrap().meta.issue_no, 10);
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(
        Issue::load(&real_dir.join("issue.jianbao~"))
            .unwrap()
            .meta
            .issue_no,
        9
    );
    assert!(!dir.join("link.jianbao~").exists());

    let dangling = dir.join("new.pdf");
    std::os::unix::fs::symlink("real/made.pdf", &dangling).unwrap();
    write_atomic(&dangling, b"%PDF", false).unwrap();
    assert_eq!(std::fs::read(real_dir.join("made.pdf")).unwrap(), b"%PDF");
    assert!(std::fs::symlink_metadata(&dangling).unwrap().is_symlink());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A read-only file is not replaced even though its folder is writable (the rename
/// would succeed): the owner said no. Found by the acceptance run of hostile inputs
/// (an issue given to `--into` and a PDF of mode 000 were replaced by another user).
#[cfg(unix)]
#[test]
fn read_only_files_are_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("read-only");
    for (name, mode) in [("kept.pdf", 0o444), ("locked.jianbao", 0o000)] {
        let path = dir.join(name);
        std::fs::write(&path, b"keep me").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let err = write_atomic(&path, b"new", true).unwrap_err();
        assert_eq!(refusal(&err), Some(&WriteRefused::ReadOnly), "{name}");
        assert!(err.to_string().contains("read-only"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(
            left.len(),
            1,
            "only {name} in the folder, no backup or temporary"
        );
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Output names of every length up to the 255-byte limit (ASCII and three-byte
/// Chinese characters) are written, twice (so the backup is made too), and leave no
/// temporary file.
#[test]
fn names_up_to_255_bytes_are_written_with_their_backups() {
    let dir = scratch("long-names");
    for len in (240..=255).chain([9, 100]) {
        for unit in ["a", "字"] {
            let stem_len = len - ".jianbao".len();
            let mut stem: String = unit.repeat(stem_len / unit.len());
            stem.push_str(&"b".repeat(stem_len - stem.len()));
            let name = format!("{stem}.jianbao");
            assert_eq!(name.len(), len);
            let path = dir.join(&name);
            save_issue(&Issue::sample(), &path).unwrap_or_else(|e| panic!("{len}: {e}"));
            save_issue(&Issue::sample(), &path).unwrap_or_else(|e| panic!("{len}: {e}"));
            let names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(names.len(), 2, "{len}: {names:?}");
            let backup = names.iter().find(|n| **n != name).unwrap();
            assert!(
                backup.ends_with(".jianbao~") && backup.len() <= 255,
                "{backup}"
            );
            Issue::load(&dir.join(backup)).unwrap();
            for n in names {
                std::fs::remove_file(dir.join(n)).unwrap();
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Temporary files of ours whose process is gone are removed by the next write to
/// the folder; one of a running process, a fresh one and other people's files stay.
#[cfg(target_os = "linux")]
#[test]
fn stale_temporaries_go_on_the_next_write() {
    let dir = scratch("stale");
    // Process ids above the kernel's limit (2^22) are never alive.
    let dead = [".issue.jianbao.4194400.tmp", ".issue.jianbao~.4194401.tmp"];
    let kept = [
        format!(".issue.jianbao.{}.tmp", std::process::id()), // ours, running
        ".fresh.pdf.4194402.tmp".to_string(),                 // too new to judge
        ".notes.tmp".to_string(),                             // not our pattern
        "report.4194403.tmp".to_string(),                     // no leading dot
        ".x.abc.tmp".to_string(),
    ];
    let old = std::time::SystemTime::now() - 2 * STALE_TEMPORARY_AGE;
    for name in dead.iter().copied().chain(kept.iter().map(String::as_str)) {
        let f = std::fs::File::create(dir.join(name)).unwrap();
        if !name.starts_with(".fresh") {
            f.set_modified(old).unwrap();
        }
    }
    // Our own running process is alive: pretend its file is old but keep it.
    std::fs::write(dir.join("a.pdf"), b"%PDF").unwrap();
    write_atomic(&dir.join("a.pdf"), b"%PDF-new", false).unwrap();
    for name in dead {
        assert!(!dir.join(name).exists(), "{name} left");
    }
    for name in &kept {
        assert!(dir.join(name).exists(), "{name} removed");
    }
    assert_eq!(temporary_owner(".a.pdf.123.tmp"), Some(123));
    assert_eq!(
        temporary_owner(&temporary_name(&"字".repeat(85), "~")),
        Some(std::process::id())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A PDF never replaces the issue it came from (however the path is spelt or
/// linked), any other issue (by name or by content) or another program's file; an
/// earlier PDF, an empty file and a new name are fine.
#[cfg(unix)]
#[test]
fn pdf_outputs_are_checked_against_the_input_and_issues() {
    let dir = scratch("pdf-out");
    let input = dir.join("a.jianbao");
    save_issue(&Issue::sample(), &input).unwrap();
    std::fs::hard_link(&input, dir.join("hard.pdf")).unwrap();
    std::os::unix::fs::symlink("a.jianbao", dir.join("soft.pdf")).unwrap();
    let spelt = dir.join("sub/../a.jianbao");
    std::fs::create_dir(dir.join("sub")).unwrap();
    for out in [
        input.clone(),
        dir.join("hard.pdf"),
        dir.join("soft.pdf"),
        spelt,
    ] {
        assert_eq!(
            check_pdf_output(&out, Some(&input)),
            Err(WriteRefused::IsTheInput),
            "{}",
            out.display()
        );
    }
    let other = dir.join("b.jianbao");
    save_issue(&Issue::sample(), &other).unwrap();
    let disguised = dir.join("issue-named.pdf");
    std::fs::copy(&input, &disguised).unwrap();
    std::fs::write(dir.join("empty.JIANBAO"), b"").unwrap();
    for out in [other, disguised, dir.join("empty.JIANBAO")] {
        assert_eq!(
            check_pdf_output(&out, Some(&input)),
            Err(WriteRefused::IsAnIssue),
            "{}",
            out.display()
        );
    }
    std::fs::write(dir.join("notes.txt"), b"minutes of the meeting").unwrap();
    assert_eq!(
        check_pdf_output(&dir.join("notes.txt"), None),
        Err(WriteRefused::NotAPdf)
    );
    std::fs::write(dir.join("old.pdf"), b"%PDF-1.7 old").unwrap();
    std::fs::write(dir.join("empty.pdf"), b"").unwrap();
    for ok in ["old.pdf", "empty.pdf", "new.pdf"] {
        write_pdf(&dir.join(ok), b"%PDF-1.7 new", Some(&input)).unwrap();
    }
    let e = write_pdf(&dir.join("b.jianbao"), b"%PDF", Some(&input)).unwrap_err();
    assert_eq!(refusal(&e), Some(&WriteRefused::IsAnIssue));
    assert!(WriteRefused::IsAnIssue.chinese().contains("简报文件"));
    Issue::load(&dir.join("b.jianbao")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

fn temp_places(tag: &str) -> (PathBuf, Places) {
    let dir = std::env::temp_dir().join(format!("jianbao-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    (dir.clone(), Places::at(&dir.join("home")))
}

#[test]
fn settings_address_book_and_recovery_round_trip() {
    let (dir, places) = temp_places("places");
    // Nothing saved yet: defaults, no recovery.
    assert_eq!(Settings::load(&places).unwrap(), Settings::default());
    assert!(Recovery::find(&places).is_none());

    let mut settings = Settings::default();
    for i in 0..15 {
        settings.remember(Path::new(&format!("/x/{i}.jianbao")));
    }
    settings.remember(Path::new("/x/3.jianbao"));
    assert_eq!(settings.recent.len(), RECENT_MAX);
    assert_eq!(settings.recent[0], Path::new("/x/3.jianbao"));
    settings.theme = Theme::Dark;
    settings.save(&places).unwrap();
    assert_eq!(Settings::load(&places).unwrap(), settings);
    // A settings file from before the theme setting follows the desktop.
    std::fs::write(places.settings_file(), r#"{"recent": []}"#).unwrap();
    assert_eq!(Settings::load(&places).unwrap().theme, Theme::System);
    settings.save(&places).unwrap();

    let book = AddressBook::from_issue(&Issue::sample());
    assert!(book.groups.len() >= 3, "{:?}", book.groups);
    book.save(&places).unwrap();
    assert_eq!(AddressBook::load(&places).unwrap(), book);

    let mut issue = Issue::sample();
    issue.meta.issue_no = 42;
    let slot = RecoverySlot::claim(&places).unwrap();
    slot.write(&Recovery {
        original: Some(PathBuf::from("/x/a.jianbao")),
        issue: issue.clone(),
    })
    .unwrap();
    drop(slot);
    let found = Recovery::find(&places).unwrap().unwrap();
    assert_eq!(found.issue, issue);
    for orphan in find_orphans(&places) {
        orphan.remove().unwrap();
    }
    assert!(Recovery::find(&places).is_none());

    // A damaged settings file is named, not a panic.
    std::fs::write(places.settings_file(), "{ not json").unwrap();
    let err = Settings::load(&places).unwrap_err();
    assert!(err.contains("settings.json"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn recovery_with(no: u32) -> Recovery {
    let mut issue = Issue::sample();
    issue.meta.issue_no = no;
    Recovery {
        original: None,
        issue,
    }
}

/// Each running editor has its own recovery file; a running editor's file is never
/// offered to another, an ended one's is (once: the finder claims it while it
/// offers it), and the file stays until it is removed on purpose.
#[test]
fn recovery_files_are_per_editor_and_only_ended_ones_are_found() {
    let (dir, places) = temp_places("orphans");
    let first = RecoverySlot::claim(&places).unwrap();
    let second = RecoverySlot::claim(&places).unwrap();
    assert_ne!(first.file(), second.file());
    first.write(&recovery_with(1)).unwrap();
    second.write(&recovery_with(2)).unwrap();
    assert!(find_orphans(&places).is_empty(), "both are running");

    // The second "crashes": its work is found, and only by one finder at a time.
    drop(second);
    let offered = find_orphans(&places);
    assert_eq!(offered.len(), 1);
    let Ok(work) = &offered[0].found else {
        panic!("readable")
    };
    assert_eq!(work.issue.meta.issue_no, 2);
    assert!(find_orphans(&places).is_empty(), "claimed while offered");
    // Closing at the offer (the claim ends) keeps it for the next start.
    drop(offered);
    let again = find_orphans(&places);
    assert_eq!(again.len(), 1);
    // 丢弃 (or 恢复 once the work is safe) removes file and lock.
    for orphan in again {
        orphan.remove().unwrap();
    }
    assert!(find_orphans(&places).is_empty());

    // A clean exit leaves nothing; a cleared slot offers nothing.
    first.clear().unwrap();
    assert!(!first.file().exists());
    first.release().unwrap();
    // An editor that ended before its first autosave leaves a lock file only,
    // which the next start tidies away.
    let early = RecoverySlot::claim(&places).unwrap();
    drop(early);
    assert!(find_orphans(&places).is_empty());
    let left: Vec<_> = std::fs::read_dir(places.recovery_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // The single file of older versions is still offered.
    std::fs::write(
        places.recovery_file(),
        serde_json::to_string(&recovery_with(7)).unwrap(),
    )
    .unwrap();
    let legacy = find_orphans(&places);
    assert_eq!(legacy.len(), 1);
    assert!(legacy[0].found.is_ok());
    std::fs::remove_dir_all(&dir).unwrap();
}
