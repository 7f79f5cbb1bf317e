//! `cargo bench`: how long laying out the sample issue takes, from scratch and after a
//! one-character edit (the editor re-lays out on every keystroke), and the PDF export.

use jianbao::fonts::FontBook;
use jianbao::layout;
use jianbao::model::{Block, Issue};
use jianbao::style::Style;
use std::time::{Duration, Instant};

fn measure(name: &str, runs: u32, mut f: impl FnMut()) {
    f(); // warm up
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let min = times[0];
    println!(
        "{name:<40} median {:>8.3} ms   min {:>8.3} ms   ({runs} runs)",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3
    );
}

fn main() {
    let book = FontBook::bundled();
    let style = Style::house();
    let issue = Issue::sample();

    measure("font book (bundled faces)", 20, || {
        std::hint::black_box(FontBook::bundled());
    });
    measure("layout sample issue (profile H)", 50, || {
        std::hint::black_box(layout::layout(&issue, &style, &book));
    });
    let gb = Style::gb();
    measure("layout sample issue (profile G)", 50, || {
        std::hint::black_box(layout::layout(&issue, &gb, &book));
    });
    // A one-character edit in the longest paragraph, then a full re-layout.
    let mut edited = issue.clone();
    let mut toggle = false;
    measure("re-layout after a one-character edit", 50, || {
        toggle = !toggle;
        if let Some(Block::Paragraph { text }) = edited.sections[1].articles[1].blocks.get_mut(1) {
            if toggle {
                text.insert(0, '新');
            } else {
                text.remove(0);
            }
        }
        std::hint::black_box(layout::layout(&edited, &style, &book));
    });
    let pages = layout::layout(&issue, &style, &book);
    measure("PDF export of the laid-out sample", 10, || {
        std::hint::black_box(jianbao::pdf::export(&pages, &issue, &book).ok());
    });
}
