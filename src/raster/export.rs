//! Page images written as files: which pages (a range the user typed), at what
//! resolution, under which names. Shared by the command line and the editor.

use super::{page_png, Outlines, MAX_DPI, MIN_DPI};
use crate::fonts::FontBook;
use crate::layout::Pages;
use std::path::{Path, PathBuf};

/// Pages chosen by number, 1-based and inclusive; open ends mean the first or the
/// last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageRange {
    pub first: Option<usize>,
    pub last: Option<usize>,
}

impl std::str::FromStr for PageRange {
    type Err = String;

    /// `3`, `2-5`, `4-` (to the end) or `-2` (from the start); an en dash or `–` works
    /// too, as people type ranges.
    fn from_str(text: &str) -> Result<PageRange, String> {
        let text = text.trim();
        let number = |part: &str| -> Result<Option<usize>, String> {
            let part = part.trim();
            if part.is_empty() {
                return Ok(None);
            }
            match part.parse::<usize>() {
                Ok(0) => Err("pages are numbered from 1".to_string()),
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(format!(
                    "{} is not a page number; write a range like 2-5, 3, 4- or -2",
                    crate::quote::text(part)
                )),
            }
        };
        let range = match text.split_once(['-', '–', '—', '~']) {
            Some((a, b)) => PageRange {
                first: number(a)?,
                last: number(b)?,
            },
            None => {
                let only = number(text)?;
                if only.is_none() {
                    return Err("no pages given; write a range like 2-5, 3, 4- or -2".into());
                }
                PageRange {
                    first: only,
                    last: only,
                }
            }
        };
        if let (Some(a), Some(b)) = (range.first, range.last) {
            if a > b {
                return Err(format!("the range {a}-{b} runs backwards; write {b}-{a}"));
            }
        }
        Ok(range)
    }
}

impl PageRange {
    /// The 0-based indices of the chosen pages of an issue of `count` pages, or why the
    /// range does not fit the issue (the page named).
    pub fn indices(&self, count: usize) -> Result<std::ops::Range<usize>, String> {
        let first = self.first.unwrap_or(1);
        let last = self.last.unwrap_or(count);
        for n in [first, last] {
            if n > count {
                return Err(format!(
                    "there is no page {n}: the issue has {count} page{}",
                    if count == 1 { "" } else { "s" }
                ));
            }
        }
        Ok(first - 1..last)
    }
}

/// Checks a resolution typed by the user.
pub fn check_dpi(dpi: u32) -> Result<u32, String> {
    if (MIN_DPI..=MAX_DPI).contains(&dpi) {
        Ok(dpi)
    } else {
        Err(format!(
            "a resolution of {dpi} dpi is {}: page images are made at {MIN_DPI} to {MAX_DPI} dpi (72 for the screen, 150 to share, 300 to print)",
            if dpi < MIN_DPI { "too low" } else { "too high" }
        ))
    }
}

/// The file name of one page's image: `<stem>-p01.png`, with as many digits as the
/// issue's page count needs (at least two), so the files sort in page order.
pub fn file_name(stem: &str, number: usize, page_count: usize) -> String {
    let digits = page_count.to_string().len().max(2);
    format!("{stem}-p{number:0digits$}.png")
}

/// Writes the chosen pages as PNG files into `dir` (made if missing) and returns
/// their paths in page order. An existing image of the same name is replaced.
pub fn write_pngs(
    pages: &Pages,
    book: &FontBook,
    range: PageRange,
    dpi: u32,
    dir: &Path,
    stem: &str,
) -> Result<Vec<PathBuf>, String> {
    let dpi = check_dpi(dpi)?;
    let indices = range.indices(pages.pages.len())?;
    let shown = crate::quote::path(dir);
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{shown} is a file, not a folder for page images"));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot make the folder {shown}: {e}"))?;
    let mut outlines = Outlines::new(book);
    let mut written = Vec::new();
    for page in &pages.pages[indices] {
        let bytes = page_png(page, &mut outlines, dpi)?;
        let path = dir.join(file_name(stem, page.number, pages.pages.len()));
        crate::store::write_atomic(&path, &bytes, false)
            .map_err(|e| format!("cannot write {}: {e}", crate::quote::path(&path)))?;
        written.push(path);
    }
    Ok(written)
}
