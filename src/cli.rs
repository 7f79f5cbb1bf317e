//! The command line: open the editor, export a PDF, check an issue, import text.
//!
//! Runs the same pipeline as the editor (model → layout → pdf) without any window.
//! Messages are plain English; the exit status says whether it worked.

use crate::export::Format;
use crate::fonts::FontBook;
use crate::layout::{self, Pages};
use crate::model::Issue;
use crate::style::{Profile, Style};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// 简报编排 jianbao: compose a bulletin issue and export it as a print-ready A4 PDF.
#[derive(Parser, Debug)]
#[command(name = "jianbao", version, about, long_about = None)]
pub struct Args {
    /// An issue file (.jianbao) to open in the editor.
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lay out an issue and write it as a PDF, a Word document (.docx) or a web page
    /// (.html), chosen by the output's extension.
    Export {
        /// The issue file (.jianbao); leave out with --sample.
        file: Option<PathBuf>,
        /// Export the built-in sample issue instead of a file.
        #[arg(long)]
        sample: bool,
        /// Where to write (default: next to the issue, or <issue name>.pdf); the
        /// extension chooses the format: .pdf, .docx, .html/.htm.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The format, whatever the output's extension says.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Web page only: just the article with this number (1 = the first in print
        /// order), for a post of one article.
        #[arg(long, value_name = "N")]
        article: Option<usize>,
        /// Write a saddle-stitch booklet: the PDF's pages two to an A3 landscape side
        /// in imposition order, blank pages added before the 版记 page.
        #[arg(long)]
        booklet: bool,
        /// With --booklet: crop and fold marks (the sheet grows by 10 mm each side).
        #[arg(long, requires = "booklet")]
        crop_marks: bool,
        #[command(flatten)]
        images: PageImages,
        #[command(flatten)]
        opts: LayoutOpts,
    },
    /// Validate an issue, lay it out, proofread it and list warnings and findings;
    /// exits with 1 if there are any.
    Check {
        /// The issue file (.jianbao); leave out with --sample.
        file: Option<PathBuf>,
        /// Check the built-in sample issue.
        #[arg(long)]
        sample: bool,
        /// Also list every page with the line slots it fills.
        #[arg(short, long)]
        verbose: bool,
        #[command(flatten)]
        opts: LayoutOpts,
    },
    /// Import text (UTF-8, UTF-16 or GBK; e.g. copied out of a PDF) as a new issue, or
    /// append its articles to an existing issue with --into.
    Import {
        /// The file to import: text (UTF-8, UTF-16, GBK), a Word document (.docx) or a
        /// saved web page (.html, .htm).
        file: PathBuf,
        /// Write a new issue here (its masthead and distribution come from the sample
        /// unless the text has its own 报/发/送 lines).
        #[arg(short, long, conflicts_with = "into")]
        output: Option<PathBuf>,
        /// Append the text's articles to the last section of this issue (saved in place,
        /// with a backup).
        #[arg(long)]
        into: Option<PathBuf>,
    },
}

/// Page images instead of a PDF: `--png DIR [--dpi N] [--pages A-B]`.
#[derive(clap::Args, Debug, Clone)]
pub struct PageImages {
    /// Write every page (or those of --pages) as a PNG image into this folder, named
    /// <issue>-p01.png, … (made if missing), instead of writing a PDF.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "format", "article", "booklet"])]
    pub png: Option<PathBuf>,
    /// Resolution of the page images in dots per inch, 36 to 600 (72 for the screen,
    /// 150 to share, 300 to print).
    #[arg(long, default_value_t = 150, requires = "png", value_parser = parse_dpi)]
    pub dpi: u32,
    /// Pages to write as images: 3, 2-5, 4- or -2 (default: every page).
    #[arg(long, value_name = "A-B", requires = "png")]
    pub pages: Option<crate::raster::PageRange>,
}

fn parse_dpi(text: &str) -> Result<u32, String> {
    let dpi = text.trim().parse::<u32>().map_err(|_| {
        format!(
            "{} is not a whole number of dots per inch",
            crate::quote::text(text)
        )
    })?;
    crate::raster::check_dpi(dpi)
}

/// Options shared by the commands that lay out an issue.
#[derive(clap::Args, Debug, Clone)]
pub struct LayoutOpts {
    /// House-style profile (overrides a style saved in the issue).
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Use only the fonts bundled with jianbao (same result on every machine).
    #[arg(long)]
    pub bundled_fonts: bool,
    /// Set the issue's body this many times over (to try speed and limits on a long
    /// issue; the file is not changed). At most 1000, and the result may not be larger
    /// than the largest issue file jianbao opens (10 MB).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=MAX_REPEAT as i64))]
    pub repeat: u16,
}

/// `--format`: the output formats of `export`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    /// The print-ready A4 PDF.
    Pdf,
    /// A Word document in the house format.
    Docx,
    /// One self-contained web page (for the WeChat editor and the website).
    Html,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
            FormatArg::Html => Format::Html,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum ProfileArg {
    /// House default: 四号 body, 32 × 29 grid.
    H,
    /// GB/T 9704 strict: 三号 body, 28 × 22 grid.
    G,
}

/// The most copies `--repeat` sets: the sample issue 1,000 times over is about 11,000
/// pages (0.6 GB and 5 s in a debug build); more says nothing new about speed.
pub const MAX_REPEAT: u16 = 1000;

/// What `main` should do after parsing.
pub enum Outcome {
    /// Open the editor, optionally on a file.
    OpenEditor(Option<PathBuf>),
    /// A command ran; exit with this status.
    Exit(i32),
}

/// Parses arguments and runs a command-line action.
pub fn run() -> Outcome {
    let args = Args::parse();
    match args.command {
        None => Outcome::OpenEditor(args.file),
        Some(cmd) => Outcome::Exit(match run_command(cmd) {
            Ok(code) => code,
            Err(message) => {
                eprintln!("jianbao: {message}");
                2
            }
        }),
    }
}

fn load(file: Option<&Path>, sample: bool, repeat: u16) -> Result<(Issue, String), String> {
    let (issue, name) = load_one(file, sample)?;
    if repeat > 1 {
        // The copies together may not exceed the largest issue a file can hold, so
        // --repeat cannot ask for more memory than opening a file could.
        let one = issue.to_json().len() as u64;
        let limit = crate::model::MAX_ISSUE_FILE_BYTES;
        let most = (limit / one.max(1)).clamp(1, u64::from(MAX_REPEAT));
        if u64::from(repeat) > most {
            return Err(format!(
                "--repeat {repeat}: {name} set {repeat} times would be about {} MB; the limit is the largest issue jianbao opens ({} MB), here at most --repeat {most} (and never more than {MAX_REPEAT})",
                crate::store::megabytes(one * u64::from(repeat)),
                crate::store::megabytes(limit)
            ));
        }
        Ok((
            issue.repeated(usize::from(repeat)),
            format!("{name} ×{repeat}"),
        ))
    } else {
        Ok((issue, name))
    }
}

fn load_one(file: Option<&Path>, sample: bool) -> Result<(Issue, String), String> {
    match (file, sample) {
        (Some(_), true) => Err("give either a file or --sample, not both".to_string()),
        (None, true) => Ok((Issue::sample(), "the sample issue".to_string())),
        (Some(path), false) => Issue::load(path)
            .map(|i| (i, crate::quote::path(path)))
            .map_err(|e| e.to_string()),
        (None, false) => Err("no issue given: name a .jianbao file or use --sample".to_string()),
    }
}

/// The style an issue is set in: a profile from the command line wins over the issue's own.
pub fn effective_style(issue: &Issue, profile: Option<ProfileArg>) -> Style {
    match profile {
        Some(ProfileArg::H) => Style::of(Profile::H),
        Some(ProfileArg::G) => Style::of(Profile::G),
        None => issue.style.clone().unwrap_or_default(),
    }
}

fn font_book(style: &Style, bundled_only: bool) -> FontBook {
    if bundled_only {
        FontBook::bundled()
    } else {
        let index = crate::store::Places::standard().map(|p| p.font_index_file());
        FontBook::with_system(&style.fonts.all_families(), index.as_deref())
    }
}

/// Layout warnings (they quote titles and text, so they are shown through
/// [`crate::quote`]) and font files passed over.
fn print_warnings(pages: &Pages, book: &FontBook) {
    for skipped in book.skipped() {
        eprintln!("warning [font-file]: {skipped}");
    }
    for w in &pages.warnings {
        let en = crate::quote::message(&w.en);
        match w.page {
            Some(p) => eprintln!("warning [{}] page {p}: {en}", w.code),
            None => eprintln!("warning [{}]: {en}", w.code),
        }
    }
}

/// Refuses a style that cannot be laid out, naming where it came from.
fn usable(style: &Style, name: &str, profile: Option<ProfileArg>) -> Result<(), String> {
    let problems = style.problems();
    if problems.is_empty() {
        return Ok(());
    }
    let whose = match profile {
        Some(_) => "the chosen profile".to_string(),
        None => format!("the style saved in {name}"),
    };
    Err(format!(
        "{whose} is not usable: {}",
        crate::quote::message(&problems.join("; "))
    ))
}

fn run_command(cmd: Command) -> Result<i32, String> {
    match cmd {
        Command::Import { file, output, into } => import(&file, output, into),
        Command::Export {
            file,
            sample,
            output,
            format,
            article,
            booklet,
            crop_marks,
            images,
            opts,
        } => {
            if let Some(dir) = &images.png {
                return export_images(file.as_deref(), sample, &opts, dir, &images);
            }
            if let Some(out) = output.as_deref() {
                never_the_input_or_an_issue(out, file.as_deref())?;
            }
            let mut format = export_format(output.as_deref(), format)?;
            if article.is_some() && format != Format::Html {
                return Err("--article is for web pages; name the output .html".to_string());
            }
            if booklet {
                if format != Format::Pdf {
                    return Err(format!(
                        "--booklet writes a PDF, not a {}; name the output .pdf",
                        format.en()
                    ));
                }
                format = Format::Booklet;
            }
            let (issue, name) = load(file.as_deref(), sample, opts.repeat)?;
            let style = effective_style(&issue, opts.profile);
            usable(&style, &name, opts.profile)?;
            let ext = format.extension();
            let out = output.unwrap_or_else(|| match &file {
                Some(f) => f.with_extension(ext),
                None => PathBuf::from(format!("{}.{ext}", issue.default_stem())),
            });
            if !matches!(format, Format::Pdf | Format::Booklet) {
                let what = Other {
                    format,
                    article,
                    input: file.as_deref(),
                };
                return export_other(&issue, &style, &name, &out, &what);
            }
            // Refused before the work, not after a long layout.
            crate::store::check_pdf_output(&out, file.as_deref())
                .map_err(|e| format!("cannot write {}: {e}", crate::quote::path(&out)))?;
            let t0 = Instant::now();
            let book = font_book(&style, opts.bundled_fonts);
            let t_fonts = t0.elapsed();
            let pages = layout::layout(&issue, &style, &book);
            let t_layout = t0.elapsed() - t_fonts;
            let options = crate::pdf::PdfOptions::from_style(&style);
            let mut bytes = crate::pdf::export_with(&pages, &issue, &book, &options)
                .map_err(|e| e.to_string())?;
            let mut what = format!("{} pages", pages.pages.len());
            if format == Format::Booklet {
                use crate::pdf::booklet::{booklet, distribution_page, BookletOptions};
                let options = BookletOptions {
                    crop_marks,
                    distribution_page: distribution_page(&pages),
                };
                bytes = booklet(&bytes, options).map_err(|e| e.to_string())?;
                let sheets = pages.pages.len().div_ceil(4);
                what = format!(
                    "booklet: {} pages on {sheets} sheet(s), {} sides",
                    pages.pages.len(),
                    2 * sheets
                );
            }
            crate::store::write_pdf(&out, &bytes, file.as_deref())
                .map_err(|e| format!("cannot write {}: {e}", crate::quote::path(&out)))?;
            print_warnings(&pages, &book);
            println!(
                "wrote {} ({what}, {} KB) from {name} in {} ms (fonts {} ms, layout {} ms)",
                crate::quote::path(&out),
                bytes.len() / 1024,
                t0.elapsed().as_millis(),
                t_fonts.as_millis(),
                t_layout.as_millis()
            );
            // The process ends here: handing a long issue's pages and text back to the
            // allocator piece by piece would take longer than the exit does (about 20 ms
            // for a 2,000-page issue).
            std::mem::forget(pages);
            std::mem::forget(bytes);
            std::mem::forget(issue);
            Ok(0)
        }
        Command::Check {
            file,
            sample,
            verbose,
            opts,
        } => {
            let (issue, name) = load(file.as_deref(), sample, opts.repeat)?;
            let style = effective_style(&issue, opts.profile);
            usable(&style, &name, opts.profile)?;
            let book = font_book(&style, opts.bundled_fonts);
            let pages = layout::layout(&issue, &style, &book);
            print_warnings(&pages, &book);
            if verbose {
                for p in &pages.pages {
                    let first = pages
                        .lines(p.number - 1)
                        .into_iter()
                        .find(|(k, _)| *k != crate::layout::LineKind::Masthead);
                    println!(
                        "page {:>2}: {:>2}/{} slots  {}",
                        p.number,
                        p.used_slots,
                        style.lines_per_page,
                        first
                            .map(|(_, t)| crate::quote::text(
                                &t.chars().take(16).collect::<String>()
                            ))
                            .unwrap_or_default()
                    );
                }
                for (place, _) in &pages.tightened {
                    println!(
                        "set one line shorter to fit the issue: {}",
                        crate::quote::message(&place.to_string())
                    );
                }
            }
            // Proofreading findings (messages in Chinese: they quote the text).
            let findings = crate::check::proofread(&issue);
            for f in &findings {
                let place = match (f.place.article, f.place.block, f.place.offset) {
                    (Some(a), Some(b), Some(o)) => {
                        format!("article {}, block {}, char {}", a + 1, b + 1, o + 1)
                    }
                    (Some(a), Some(b), None) => format!("article {}, block {}", a + 1, b + 1),
                    (Some(a), None, _) => format!("article {}", a + 1),
                    _ => match f.place.section {
                        Some(s) => format!("section {}", s + 1),
                        None => "issue".to_string(),
                    },
                };
                let fixable = if f.fix.is_some() { " (fixable)" } else { "" };
                eprintln!(
                    "proofread [{}] {place}{fixable}: {}",
                    f.code,
                    crate::quote::message(&f.zh)
                );
            }
            println!(
                "{name}: {} pages, {} body lines, {} warnings, {} proofreading findings",
                pages.pages.len(),
                pages.body_lines,
                pages.warnings.len(),
                findings.len()
            );
            Ok(if pages.warnings.is_empty() && findings.is_empty() {
                0
            } else {
                1
            })
        }
    }
}

/// The format of `export`: `--format` if given, else the output's extension (no
/// output: the PDF). An extension jianbao does not write is an error, not a PDF under
/// a misleading name.
/// Refuses an output that no export may replace (the issue being read, any issue, a
/// folder or device) before its name's format is looked at, so `-o a.jianbao` is told
/// that it would destroy the issue rather than that `.jianbao` is an unknown format.
fn never_the_input_or_an_issue(out: &Path, input: Option<&Path>) -> Result<(), String> {
    use crate::store::WriteRefused;
    match crate::store::check_pdf_output(out, input) {
        Err(
            e @ (WriteRefused::IsTheInput | WriteRefused::IsAnIssue | WriteRefused::NotAFile(_)),
        ) => Err(format!("cannot write {}: {e}", crate::quote::path(out))),
        _ => Ok(()),
    }
}

fn export_format(output: Option<&Path>, forced: Option<FormatArg>) -> Result<Format, String> {
    if let Some(forced) = forced {
        return Ok(forced.format());
    }
    let Some(out) = output else {
        return Ok(Format::Pdf);
    };
    match (Format::from_path(out), out.extension()) {
        (Some(format), _) => Ok(format),
        (None, None) => Ok(Format::Pdf),
        (None, Some(ext)) => Err(format!(
            "{}: jianbao does not know the format .{}; name the output .pdf, .docx or .html, or give --format",
            crate::quote::path(out),
            ext.to_string_lossy()
        )),
    }
}

/// What `export` writes when it is not the PDF.
struct Other<'a> {
    format: Format,
    /// A web page of one article (1-based).
    article: Option<usize>,
    /// The issue file, which the output may not replace.
    input: Option<&'a Path>,
}

/// `export` to a Word document or a web page: written from the issue and its style
/// (Word and the browser set the lines), so no fonts are loaded.
fn export_other(
    issue: &Issue,
    style: &Style,
    name: &str,
    out: &Path,
    what: &Other,
) -> Result<i32, String> {
    let format = what.format;
    let cannot =
        |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", crate::quote::path(out));
    crate::export::check_output(out, what.input, format).map_err(|e| cannot(&e))?;
    let t0 = Instant::now();
    let bytes = match (format, what.article) {
        (Format::Docx, _) => crate::export::docx::docx(issue, style).map_err(|e| cannot(&e))?,
        (Format::Html, None) => crate::export::html::issue_page(issue, style).into_bytes(),
        (Format::Html, Some(n)) => {
            let count = issue.articles().count();
            crate::export::html::article_page(issue, style, n.wrapping_sub(1))
                .ok_or_else(|| {
                    format!("--article {n}: {name} has {count} article(s), numbered from 1")
                })?
                .into_bytes()
        }
        (Format::Pdf | Format::Booklet, _) => {
            return Err(format!("{} export is not available here", format.en()))
        }
    };
    crate::export::write_output(out, &bytes, what.input, format).map_err(|e| cannot(&e))?;
    println!(
        "wrote {} ({}, {} KB) from {name} in {} ms",
        crate::quote::path(out),
        format.en(),
        bytes.len().div_ceil(1024),
        t0.elapsed().as_millis()
    );
    Ok(0)
}

/// `jianbao export --png DIR`: the chosen pages as PNG images.
fn export_images(
    file: Option<&Path>,
    sample: bool,
    opts: &LayoutOpts,
    dir: &Path,
    images: &PageImages,
) -> Result<i32, String> {
    let (issue, name) = load(file, sample, opts.repeat)?;
    let style = effective_style(&issue, opts.profile);
    usable(&style, &name, opts.profile)?;
    let t0 = Instant::now();
    let book = font_book(&style, opts.bundled_fonts);
    let pages = layout::layout(&issue, &style, &book);
    // The range is checked before any drawing, so a typo costs no time.
    let range = images.pages.unwrap_or_default();
    range.indices(pages.pages.len())?;
    let stem = match file.and_then(Path::file_stem) {
        Some(stem) => stem.to_string_lossy().into_owned(),
        None => issue.default_stem(),
    };
    let written = crate::raster::write_pngs(&pages, &book, range, images.dpi, dir, &stem)?;
    print_warnings(&pages, &book);
    let names = |path: Option<&PathBuf>| {
        path.and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    println!(
        "wrote {} page image{} ({} dpi) into {}: {}{} from {name} in {} ms",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        images.dpi,
        crate::quote::path(dir),
        names(written.first()),
        if written.len() > 1 {
            format!(" … {}", names(written.last()))
        } else {
            String::new()
        },
        t0.elapsed().as_millis()
    );
    Ok(0)
}

/// Makes sure an issue written by `import` opens again: within the size the loader
/// accepts, and read back by the loader itself (whatever else it checks).
fn loadable(issue: &Issue, path: &Path) -> Result<(), String> {
    let shown = crate::quote::path(path);
    let json = issue.to_json();
    if json.len() as u64 > crate::model::MAX_ISSUE_FILE_BYTES {
        let e = crate::store::WriteRefused::IssueTooLarge {
            bytes: json.len() as u64,
        };
        return Err(format!("cannot save {shown}: {e}"));
    }
    Issue::from_json(&json, &shown).map(|_| ()).map_err(|e| {
        format!("cannot save {shown}: jianbao could not open the result ({e}); nothing written")
    })
}

/// `jianbao import`: a new issue from text, or articles appended to an issue.
fn import(file: &Path, output: Option<PathBuf>, into: Option<PathBuf>) -> Result<i32, String> {
    let shown = crate::quote::path(file);
    let named = |e: &dyn std::fmt::Display| format!("{shown}: {e}");
    if let Some(target) = &into {
        if crate::store::same_file(file, target) {
            return Err(format!(
                "{shown} is the issue given to --into; import another file into it"
            ));
        }
    }
    let bytes = crate::import::read_source(file)?;
    match into {
        Some(target) => {
            let target_shown = crate::quote::path(&target);
            let mut issue = Issue::load(&target).map_err(|e| e.to_string())?;
            let imported =
                crate::import::import_file(&bytes, file.parent()).map_err(|e| named(&e))?;
            for note in &imported.notes {
                eprintln!("note: {shown}: {note}");
            }
            let articles = imported.articles;
            if articles.is_empty() {
                return Err(format!("{shown}: no article found in the text"));
            }
            crate::import::add_pictures(&imported.pictures, &mut issue);
            let n = articles.len();
            match issue.sections.last_mut() {
                Some(section) => section.articles.extend(articles),
                None => issue.front.extend(articles),
            }
            loadable(&issue, &target)?;
            crate::store::save_issue(&issue, &target)
                .map_err(|e| format!("cannot save {target_shown}: {e}"))?;
            println!("appended {n} article(s) from {shown} to {target_shown}");
        }
        None => {
            let is_docx = bytes.starts_with(b"PK\x03\x04");
            let (text, encoding) = if is_docx {
                (String::new(), crate::import::Encoding::Utf8)
            } else {
                crate::import::decode(&bytes).map_err(|e| named(&e))?
            };
            if is_docx
                || crate::import::html::looks_like_html(&text)
                || crate::import::looks_like_issue(&text)
            {
                return Err(format!(
                    "{shown}: a Word document, web page or issue file gives articles; append them to an issue with --into"
                ));
            }
            if encoding == crate::import::Encoding::Big5 {
                let note = crate::import::ImportNote::Traditional;
                eprintln!("note: {shown}: {note}");
            }
            let issue = crate::import::issue_from_text(&text, &Issue::sample());
            let out = output.unwrap_or_else(|| file.with_extension(crate::model::EXTENSION));
            let out_shown = crate::quote::path(&out);
            // An issue saved as `o.pdf` or `r.docx` is opened by the wrong program and
            // overlooked by jianbao's own file chooser; no extension at all is the
            // user's choice.
            if out
                .extension()
                .is_some_and(|e| !e.eq_ignore_ascii_case(crate::model::EXTENSION))
            {
                return Err(format!(
                    "{out_shown}: an imported issue is saved as a .{} file; choose a name ending in .{} with -o (nothing written)",
                    crate::model::EXTENSION,
                    crate::model::EXTENSION
                ));
            }
            // `exists` follows links: a dangling link counts as free, a link to a
            // file as taken, and a FIFO or device as taken too.
            if out.exists() || std::fs::symlink_metadata(&out).is_ok_and(|m| !m.is_symlink()) {
                return Err(format!(
                    "{out_shown} exists already; choose another name with -o or append with --into"
                ));
            }
            loadable(&issue, &out)?;
            crate::store::save_issue(&issue, &out)
                .map_err(|e| format!("cannot save {out_shown}: {e}"))?;
            println!(
                "imported {shown}: {} section(s), {} article(s) → {out_shown}",
                issue.sections.len(),
                issue.articles().count(),
            );
        }
    }
    Ok(0)
}
