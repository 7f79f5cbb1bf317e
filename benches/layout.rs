//! `cargo bench`: layout, re-layout after a one-character edit (the editor re-lays out
//! on every keystroke), font subsetting and PDF writing, each for the sample issue and
//! for its body set 10 and 120 times over (`Issue::repeated`), in the GB/T 9704 profile
//! the comparison with Typst uses. The sample in the house profile is measured too.
//!
//! Times grow linearly with length when the 10× and 120× rows are 10 and 120 times the
//! 1× row (or less).

use jianbao::fonts::FontBook;
use jianbao::layout::{self, LayoutCache};
use jianbao::model::{Block, Issue};
use jianbao::style::Style;
use std::sync::OnceLock;

/// Issue sizes: the sample, 10× and 120× its body.
const SIZES: [usize; 3] = [1, 10, 120];

fn main() {
    divan::main();
}

fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(FontBook::bundled)
}

fn issue(n: usize) -> Issue {
    Issue::sample().repeated(n)
}

#[divan::bench]
fn font_book_bundled() -> FontBook {
    FontBook::bundled()
}

#[divan::bench]
fn layout_sample_house_profile(bencher: divan::Bencher) {
    let issue = Issue::sample();
    let style = Style::house();
    bencher.bench(|| layout::layout(&issue, &style, book()));
}

/// Everything from scratch, as `jianbao export` does.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 20)]
fn layout_cold(bencher: divan::Bencher, n: usize) {
    let issue = issue(n);
    let style = Style::gb();
    bencher.bench(|| layout::layout(&issue, &style, book()));
}

/// Lays the issue out with the editor's cache, then times laying it out again after
/// `text` is inserted at the start of the first paragraph of the middle article (odd
/// runs) or taken out again (even runs).
fn relayout_after_inserting(bencher: divan::Bencher, n: usize, text: &str) {
    edit_and_relayout(bencher, n, text, false);
}

/// `relayout_after_inserting`, optionally writing the PDF after each re-layout.
fn edit_and_relayout(bencher: divan::Bencher, n: usize, text: &str, with_pdf: bool) {
    let mut issue = issue(n);
    let style = Style::gb();
    let mut cache = LayoutCache::default();
    layout::layout_cached(&issue, &style, book(), &mut cache);
    let section = issue.sections.len() / 2;
    let mut toggle = false;
    bencher.bench_local(|| {
        toggle = !toggle;
        let article = issue.sections[section].articles.first_mut();
        if let Some(Block::Paragraph { text: para }) = article.and_then(|a| a.blocks.first_mut()) {
            if toggle {
                para.insert_str(0, text);
            } else {
                para.replace_range(..text.len(), "");
            }
        }
        let pages = layout::layout_cached(&issue, &style, book(), &mut cache);
        // Returned, so divan drops them outside the timed part, and the work cannot
        // be optimised away.
        let pdf = with_pdf.then(|| jianbao::pdf::export(&pages, &issue, book()).ok());
        (pages, pdf)
    });
}

/// A character typed into (and then taken out of) a paragraph of the middle article.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1, max_time = 20)]
fn relayout_after_edit(bencher: divan::Bencher, n: usize) {
    relayout_after_inserting(bencher, n, "新");
}

/// The counterpart of Typst's incremental compile, which ends in PDF bytes: the same
/// one-character edit as `relayout_after_edit`, laid out with the editor's cache and then
/// written as a whole PDF in memory, so both sides of the comparison include the PDF.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 20)]
fn relayout_and_pdf_after_edit(bencher: divan::Bencher, n: usize) {
    edit_and_relayout(bencher, n, "新", true);
}

/// The hard case: a line added to (and taken from) that paragraph, so every later page
/// may move and pagination may have to run to the end instead of meeting the last run
/// again.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1, max_time = 20)]
fn relayout_after_edit_adding_a_line(bencher: divan::Bencher, n: usize) {
    relayout_after_inserting(bencher, n, &"新".repeat(30));
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 20)]
fn font_subsetting(bencher: divan::Bencher, n: usize) {
    let pages = layout::layout(&issue(n), &Style::gb(), book());
    bencher.bench(|| jianbao::pdf::subset_fonts(&pages, book()).ok());
}

/// Writing the PDF of laid-out pages (subsetting included).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1, max_time = 20)]
fn pdf_export(bencher: divan::Bencher, n: usize) {
    let issue = issue(n);
    let pages = layout::layout(&issue, &Style::gb(), book());
    bencher.bench(|| jianbao::pdf::export(&pages, &issue, book()).ok());
}
