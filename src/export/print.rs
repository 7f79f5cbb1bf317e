//! Proofs on the system printer: the finished PDF handed to CUPS (`lp`, on Linux and
//! macOS), printers listed with `lpstat`. Both run as child processes and wait for
//! them, so callers run these on a background task, never the UI thread.
//!
//! Where no print system is installed (no `lp`), the error says so in plain words
//! and the PDF can still be printed from a PDF reader.
//!
//! Windows has no `lp`: there the PDF is written to a file and handed to the program
//! the system prints PDFs with (the shell's `Print`/`PrintTo` verb, through
//! PowerShell's `Start-Process`), printers listed with `Get-CimInstance Win32_Printer`.
//! That program cannot be told copies or pages, so the caller makes a PDF of just the
//! chosen pages and the verb runs once per copy ([`PrintSystem::print_file`]).

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Whether printing goes through Windows' print verb rather than CUPS.
pub const USES_PRINT_VERB: bool = cfg!(windows);

/// Which print system to use: the programs found on `PATH`, or on a given search path
/// (tests put fake `lp` and `lpstat` scripts there).
#[derive(Debug, Clone, Default)]
pub struct PrintSystem {
    /// The `PATH` the commands are looked up on; `None` keeps the program's own.
    pub path: Option<OsString>,
}

/// One print job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    /// The printer's name as `lpstat` lists it; `None` prints on the default printer.
    pub printer: Option<String>,
    /// Copies, at least 1.
    pub copies: u32,
    /// First and last page (1-based, inclusive); `None` prints every page.
    pub pages: Option<(u32, u32)>,
    /// The job's name in the printer queue.
    pub title: String,
}

/// A printer the system knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    pub name: String,
    /// The system's default printer.
    pub is_default: bool,
}

/// Why printing did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// No `lp`/`lpstat` on this system.
    NoPrintSystem,
    /// The print system answered with an error (its own words).
    Refused(String),
    /// A job that cannot be printed: no copies, a page range backwards.
    BadJob(String),
    /// The program could not be run or talked to.
    Io(String),
}

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrintError::NoPrintSystem => write!(
                f,
                "no print system found (CUPS `lp` is not installed); export the PDF and print it from a PDF reader"
            ),
            PrintError::Refused(why) => write!(f, "the print system refused the job: {why}"),
            PrintError::BadJob(why) => write!(f, "{why}"),
            PrintError::Io(why) => write!(f, "the print system could not be reached: {why}"),
        }
    }
}

impl std::error::Error for PrintError {}

impl PrintError {
    /// The message for the editor's window.
    pub fn chinese(&self) -> String {
        match self {
            PrintError::NoPrintSystem => {
                "没有找到打印系统（未安装 CUPS 的 lp 命令），请导出 PDF 后用 PDF 阅读器打印"
                    .to_string()
            }
            PrintError::Refused(why) => format!("打印系统拒绝了这个任务：{why}"),
            PrintError::BadJob(why) => format!("无法打印：{why}"),
            PrintError::Io(why) => format!("无法连接打印系统：{why}"),
        }
    }
}

impl PrintSystem {
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        if let Some(path) = &self.path {
            c.env("PATH", path);
        }
        // The print system's messages in plain English, whatever the user's locale,
        // so they can be shown as they are.
        c.env("LC_ALL", "C");
        c
    }

    fn run_error(e: std::io::Error) -> PrintError {
        if e.kind() == std::io::ErrorKind::NotFound {
            PrintError::NoPrintSystem
        } else {
            PrintError::Io(e.to_string())
        }
    }

    /// The printers, the default first if there is one. No printer at all is an empty
    /// list, not an error.
    pub fn printers(&self) -> Result<Vec<Printer>, PrintError> {
        if USES_PRINT_VERB {
            self.windows_printers()
        } else {
            self.cups_printers()
        }
    }

    /// Windows: the printers the system knows, from PowerShell.
    fn windows_printers(&self) -> Result<Vec<Printer>, PrintError> {
        let out = self
            .command("powershell")
            .args([
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                WINDOWS_LIST_PRINTERS,
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(Self::run_error)?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            return Err(PrintError::Refused(err));
        }
        Ok(windows_printer_list(&String::from_utf8_lossy(&out.stdout)))
    }

    /// Windows: hands the PDF file at `pdf` to the system's PDF program with the print
    /// verb (`PrintTo` a named printer, `Print` to the default), once per copy. The
    /// job's page range is not passed on: `pdf` must hold just the pages to print.
    pub fn print_file(&self, pdf: &Path, job: &PrintJob) -> Result<String, PrintError> {
        if job.copies == 0 {
            return Err(PrintError::BadJob("copies must be at least 1".to_string()));
        }
        let script = windows_print_script(pdf, job.printer.as_deref());
        for _ in 0..job.copies {
            let out = self
                .command("powershell")
                .args(["-NoProfile", "-NonInteractive", "-Command", &script])
                .stdin(Stdio::null())
                .output()
                .map_err(Self::run_error)?;
            if !out.status.success() {
                let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
                return Err(PrintError::Refused(if err.is_empty() {
                    format!("the print verb ended with {}", out.status)
                } else {
                    err
                }));
            }
        }
        Ok(String::new())
    }

    /// CUPS: `lpstat -e` for the names, `lpstat -d` for the default.
    fn cups_printers(&self) -> Result<Vec<Printer>, PrintError> {
        let out = self
            .command("lpstat")
            .arg("-e")
            .stdin(Stdio::null())
            .output()
            .map_err(Self::run_error)?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut names: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if !out.status.success() && names.is_empty() {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            // "No destinations added." is CUPS saying there are none.
            if err.to_ascii_lowercase().contains("no destinations") || err.is_empty() {
                return Ok(Vec::new());
            }
            return Err(PrintError::Refused(err));
        }
        let default = self
            .command("lpstat")
            .arg("-d")
            .stdin(Stdio::null())
            .output()
            .ok()
            .and_then(|o| {
                let t = String::from_utf8_lossy(&o.stdout).to_string();
                // "system default destination: NAME"
                t.rsplit_once(':').map(|(_, n)| n.trim().to_string())
            })
            .filter(|n| !n.is_empty());
        names.dedup();
        let mut printers: Vec<Printer> = names
            .into_iter()
            .map(|name| Printer {
                is_default: default.as_deref() == Some(name.as_str()),
                name,
            })
            .collect();
        printers.sort_by_key(|p| !p.is_default);
        Ok(printers)
    }

    /// Sends `pdf` to the printer; the print system's answer (its job id) on success.
    pub fn print(&self, pdf: &[u8], job: &PrintJob) -> Result<String, PrintError> {
        if job.copies == 0 {
            return Err(PrintError::BadJob("copies must be at least 1".to_string()));
        }
        let mut c = self.command("lp");
        if let Some(printer) = job.printer.as_deref().filter(|p| !p.is_empty()) {
            c.arg("-d").arg(printer);
        }
        c.arg("-n").arg(job.copies.to_string());
        if let Some((first, last)) = job.pages {
            if first == 0 || last < first {
                return Err(PrintError::BadJob(format!(
                    "the page range {first}-{last} is not a range of pages (first page 1, last not before first)"
                )));
            }
            c.arg("-o").arg(format!("page-ranges={first}-{last}"));
        }
        if !job.title.trim().is_empty() {
            c.arg("-t").arg(job.title.trim());
        }
        // The PDF on standard input: no temporary file to clean up.
        c.arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().map_err(Self::run_error)?;
        if let Some(mut stdin) = child.stdin.take() {
            // A printer system that stops reading early reports why below.
            let _ = stdin.write_all(pdf);
        }
        let out = child
            .wait_with_output()
            .map_err(|e| PrintError::Io(e.to_string()))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            Err(PrintError::Refused(if err.is_empty() {
                format!("lp ended with {}", out.status)
            } else {
                err
            }))
        }
    }
}

/// PowerShell that prints one line `name<TAB>True|False` per printer (default flag).
const WINDOWS_LIST_PRINTERS: &str =
    "Get-CimInstance Win32_Printer | ForEach-Object { $_.Name + \"`t\" + $_.Default }";

/// The printers in PowerShell's answer to [`WINDOWS_LIST_PRINTERS`], default first.
fn windows_printer_list(text: &str) -> Vec<Printer> {
    let mut printers: Vec<Printer> = text
        .lines()
        .filter_map(|line| {
            let (name, default) = line.trim_end().rsplit_once('\t').unwrap_or((line, ""));
            let name = name.trim();
            (!name.is_empty()).then(|| Printer {
                name: name.to_string(),
                is_default: default.trim().eq_ignore_ascii_case("true"),
            })
        })
        .collect();
    printers.sort_by_key(|p| !p.is_default);
    printers
}

/// `text` as a PowerShell string literal (single quotes, inner ones doubled).
fn powershell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The PowerShell command that prints the file at `pdf` through the shell's verb.
fn windows_print_script(pdf: &Path, printer: Option<&str>) -> String {
    let file = powershell_quoted(&pdf.to_string_lossy());
    match printer.filter(|p| !p.is_empty()) {
        // PrintTo takes the printer's name as its one argument, in double quotes.
        Some(name) => format!(
            "Start-Process -FilePath {file} -Verb PrintTo -ArgumentList {}",
            powershell_quoted(&format!("\"{name}\""))
        ),
        None => format!("Start-Process -FilePath {file} -Verb Print"),
    }
}

#[cfg(test)]
mod windows_tests {
    use super::*;

    #[test]
    fn windows_printers_are_read_default_first_and_names_quoted_for_powershell() {
        let listed = windows_printer_list(
            "Microsoft Print to PDF\tFalse\r\n办公室 HP LaserJet\tTrue\r\n\r\nFax\tFalse\n",
        );
        let names: Vec<(&str, bool)> = listed
            .iter()
            .map(|p| (p.name.as_str(), p.is_default))
            .collect();
        assert_eq!(
            names,
            [
                ("办公室 HP LaserJet", true),
                ("Microsoft Print to PDF", false),
                ("Fax", false)
            ]
        );
        let script = windows_print_script(Path::new(r"C:\Temp\O'Brien 第9期.pdf"), Some("HP"));
        assert_eq!(
            script,
            r#"Start-Process -FilePath 'C:\Temp\O''Brien 第9期.pdf' -Verb PrintTo -ArgumentList '"HP"'"#
        );
        let script = windows_print_script(Path::new("a.pdf"), None);
        assert_eq!(script, "Start-Process -FilePath 'a.pdf' -Verb Print");
    }
}

/// A folder holding fake `lp` and `lpstat` shell scripts with these bodies, and a
/// print system that finds them first (then `sh`'s usual tools); `lp` scripts record
/// their arguments and input beside themselves. For tests here and in the editor.
#[cfg(all(test, unix))]
pub(crate) fn fake_print_system(lp: &str, lpstat: &str) -> (std::path::PathBuf, PrintSystem) {
    use std::os::unix::fs::PermissionsExt;
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("jianbao-print-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the fake print system");
    for (name, body) in [("lp", lp), ("lpstat", lpstat)] {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("a fake program");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("executable");
    }
    let path = format!("{}:/usr/bin:/bin", dir.display());
    (
        dir,
        PrintSystem {
            path: Some(path.into()),
        },
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn fake_system(lp: &str, lpstat: &str) -> (std::path::PathBuf, PrintSystem) {
        fake_print_system(lp, lpstat)
    }

    #[test]
    fn a_job_reaches_lp_with_printer_copies_range_and_the_pdf() {
        let (dir, system) = fake_system(
            "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"; cat > \"$(dirname \"$0\")/input\"; echo 'request id is Office-17 (1 file(s))'",
            "true",
        );
        let job = PrintJob {
            printer: Some("Office".into()),
            copies: 3,
            pages: Some((2, 5)),
            title: "工作信息 第9期".into(),
        };
        let answer = system.print(b"%PDF-1.7 fake", &job).unwrap();
        assert!(answer.contains("Office-17"), "{answer}");
        let args = std::fs::read_to_string(dir.join("args")).unwrap();
        let args: Vec<&str> = args.lines().collect();
        assert_eq!(
            args,
            [
                "-d",
                "Office",
                "-n",
                "3",
                "-o",
                "page-ranges=2-5",
                "-t",
                "工作信息 第9期",
                "-"
            ]
        );
        assert_eq!(std::fs::read(dir.join("input")).unwrap(), b"%PDF-1.7 fake");
        // The default printer, every page: no -d, no range.
        let all = PrintJob {
            printer: None,
            copies: 1,
            pages: None,
            title: String::new(),
        };
        system.print(b"%PDF", &all).unwrap();
        let args = std::fs::read_to_string(dir.join("args")).unwrap();
        assert_eq!(args.lines().collect::<Vec<_>>(), ["-n", "1", "-"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn printers_are_listed_default_first() {
        let (dir, system) = fake_system(
            "exit 0",
            "case \"$1\" in -e) printf 'Office\\nLabel_Printer\\nHome\\n';; -d) echo 'system default destination: Home';; esac",
        );
        let printers = system.printers().unwrap();
        let names: Vec<&str> = printers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Home", "Office", "Label_Printer"]);
        assert!(printers[0].is_default && !printers[1].is_default);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn refusals_missing_systems_and_bad_jobs_are_plain_errors() {
        let (dir, system) = fake_system(
            "cat > /dev/null; echo 'lp: The printer or class does not exist.' >&2; exit 1",
            "echo 'lpstat: No destinations added.' >&2; exit 1",
        );
        let job = PrintJob {
            printer: Some("Gone".into()),
            copies: 1,
            pages: None,
            title: "x".into(),
        };
        let e = system.print(b"%PDF", &job).unwrap_err();
        assert_eq!(
            e,
            PrintError::Refused("lp: The printer or class does not exist.".into())
        );
        assert!(e.chinese().contains("does not exist"));
        assert_eq!(system.printers().unwrap(), Vec::new());
        let bad = PrintJob {
            pages: Some((5, 2)),
            ..job.clone()
        };
        assert!(matches!(
            system.print(b"%PDF", &bad),
            Err(PrintError::BadJob(_))
        ));
        let none = PrintJob {
            copies: 0,
            ..job.clone()
        };
        assert!(matches!(
            system.print(b"%PDF", &none),
            Err(PrintError::BadJob(_))
        ));
        let _ = std::fs::remove_dir_all(&dir);
        // No lp anywhere on the search path.
        let empty = std::env::temp_dir().join(format!("jianbao-noprint-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        let nothing = PrintSystem {
            path: Some(empty.clone().into_os_string()),
        };
        assert_eq!(nothing.print(b"%PDF", &job), Err(PrintError::NoPrintSystem));
        assert_eq!(nothing.printers(), Err(PrintError::NoPrintSystem));
        assert!(PrintError::NoPrintSystem.chinese().contains("PDF 阅读器"));
        let _ = std::fs::remove_dir_all(&empty);
    }
}
