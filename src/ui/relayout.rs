//! Laying the issue out again as the user types, without ever holding up a frame.
//!
//! A small issue is laid out on the UI thread: with the layout cache that takes a
//! millisecond or two, and the preview is never a frame behind. A long one (or one
//! whose last layout took longer than [`INLINE_BUDGET_MS`]) goes to a worker thread
//! that keeps its own cache; the preview shows the previous pages until the new ones
//! arrive, and requests made meanwhile collapse into the latest.

use crate::check::{proofread_cached, Finding, ProofreadCache};
use crate::fonts::SharedFontBook;
use crate::layout::{layout_cached, LayoutCache, Pages};
use crate::model::Issue;
use crate::style::Style;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

/// A layout that takes longer than this moves off the UI thread (a frame at 60 Hz is
/// 16 ms, and the frame has other work).
pub const INLINE_BUDGET_MS: f32 = 8.0;

/// Issues with more text than this (bytes of UTF-8, about 60,000 Han characters) start
/// on the worker, before any timing is known.
const INLINE_MAX_BYTES: usize = 180_000;

/// Bytes of paragraph and title text: a quick measure of how long a layout will take.
fn text_bytes(issue: &Issue) -> usize {
    issue
        .articles()
        .map(|a| {
            a.title.len()
                + a.blocks
                    .iter()
                    .map(|b| match b {
                        crate::model::Block::Paragraph { text } => text.len(),
                        _ => 64,
                    })
                    .sum::<usize>()
        })
        .sum()
}

/// What to lay out.
struct Request {
    revision: u64,
    issue: Issue,
    style: Style,
    book: SharedFontBook,
}

/// A finished layout.
pub struct Laid {
    pub revision: u64,
    pub pages: Arc<Pages>,
    pub findings: Vec<Finding>,
    pub ms: f32,
}

/// The editor's layout engine: inline for small issues, a worker thread for long ones.
pub struct Relayout {
    cache: Caches,
    worker: Option<(Sender<Request>, Receiver<Laid>)>,
    /// The revision last sent to the worker and not yet returned.
    pending: Option<u64>,
    /// How long the last layout took.
    pub last_ms: f32,
}

impl Default for Relayout {
    fn default() -> Relayout {
        Relayout {
            cache: Caches::default(),
            worker: None,
            pending: None,
            last_ms: 0.0,
        }
    }
}

/// What the last layout and proofreading kept for the next (one set on the UI thread,
/// one on the worker).
#[derive(Default)]
struct Caches {
    layout: LayoutCache,
    proofread: ProofreadCache,
}

fn lay_out(
    revision: u64,
    issue: &Issue,
    style: &Style,
    book: &SharedFontBook,
    cache: &mut Caches,
) -> Laid {
    let t = Instant::now();
    let pages = layout_cached(issue, style, book, &mut cache.layout);
    let findings = proofread_cached(issue, &mut cache.proofread);
    Laid {
        revision,
        pages: Arc::new(pages),
        findings,
        ms: t.elapsed().as_secs_f32() * 1000.0,
    }
}

impl Relayout {
    /// Lays out `issue` at `revision`: returns the result now when the issue is small,
    /// otherwise hands it to the worker (see [`Relayout::poll`]). `inline` forces the
    /// UI thread (tests, where a frame must see its edit laid out).
    pub fn request(
        &mut self,
        revision: u64,
        issue: &Issue,
        style: &Style,
        book: &SharedFontBook,
        inline: bool,
    ) -> Option<Laid> {
        let small = self.worker.is_none()
            && self.last_ms <= INLINE_BUDGET_MS
            && text_bytes(issue) <= INLINE_MAX_BYTES;
        if inline || small {
            let laid = lay_out(revision, issue, style, book, &mut self.cache);
            self.last_ms = laid.ms;
            return Some(laid);
        }
        if self.pending == Some(revision) {
            return None;
        }
        let (tx, _) = self.worker.get_or_insert_with(spawn_worker);
        let request = Request {
            revision,
            issue: issue.clone(),
            style: style.clone(),
            book: Arc::clone(book),
        };
        if tx.send(request).is_err() {
            // The worker is gone (it panicked): lay out here rather than show nothing.
            self.worker = None;
            let laid = lay_out(revision, issue, style, book, &mut self.cache);
            self.last_ms = laid.ms;
            return Some(laid);
        }
        self.pending = Some(revision);
        None
    }

    /// The newest finished layout from the worker, if one arrived.
    pub fn poll(&mut self) -> Option<Laid> {
        let (_, rx) = self.worker.as_ref()?;
        let mut newest: Option<Laid> = None;
        while let Ok(laid) = rx.try_recv() {
            newest = Some(laid);
        }
        let laid = newest?;
        self.last_ms = laid.ms;
        if self.pending == Some(laid.revision) {
            self.pending = None;
        }
        Some(laid)
    }

    /// Whether a layout is being made on the worker.
    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }
}

fn spawn_worker() -> (Sender<Request>, Receiver<Laid>) {
    let (req_tx, req_rx) = channel::<Request>();
    let (res_tx, res_rx) = channel::<Laid>();
    // If no thread can be started, the closure (and the request receiver in it) is
    // dropped: the next request finds the worker gone and lays out on the UI thread.
    let _ = std::thread::Builder::new()
        .name("layout".into())
        .spawn(move || {
            let mut cache = Caches::default();
            while let Ok(mut request) = req_rx.recv() {
                // Only the newest request matters: the user kept typing.
                while let Ok(newer) = req_rx.try_recv() {
                    request = newer;
                }
                let laid = lay_out(
                    request.revision,
                    &request.issue,
                    &request.style,
                    &request.book,
                    &mut cache,
                );
                if res_tx.send(laid).is_err() {
                    break;
                }
            }
        });
    (req_tx, res_rx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use std::time::Duration;

    /// A small issue is laid out at once; a long one goes to the worker, the call
    /// returns at once, and the pages that come back are the issue's, for the newest of
    /// several requests.
    #[test]
    fn long_issues_are_laid_out_off_the_ui_thread() {
        let book: SharedFontBook = Arc::new(FontBook::bundled());
        let style = Style::gb();
        let mut relayout = Relayout::default();
        let sample = Issue::sample();
        let laid = relayout.request(1, &sample, &style, &book, false);
        assert_eq!(laid.map(|l| l.pages.pages.len()), Some(17));
        assert!(!relayout.busy());

        let long = sample.repeated(30);
        assert!(text_bytes(&long) > INLINE_MAX_BYTES);
        let t = Instant::now();
        assert!(relayout.request(2, &long, &style, &book, false).is_none());
        let mut edited = long.clone();
        edited.sections[0].label.push('新');
        assert!(relayout.request(3, &edited, &style, &book, false).is_none());
        let returned = t.elapsed();
        assert!(relayout.busy());
        let mut last = None;
        let deadline = Instant::now() + Duration::from_secs(60);
        while relayout.busy() && Instant::now() < deadline {
            if let Some(laid) = relayout.poll() {
                last = Some(laid);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let last = last.expect("the worker answers");
        assert_eq!(last.revision, 3, "the newest request wins");
        let t = Instant::now();
        let fresh = crate::layout::layout(&edited, &style, &book);
        let fresh_took = t.elapsed();
        assert_eq!(last.pages.pages.len(), fresh.pages.len());
        // (The worker's own second layout reuses its cache and may be quicker still.)
        assert!(
            returned < fresh_took,
            "requests return before a layout could be done ({returned:?} vs {fresh_took:?})"
        );
        // Once layouts are slow, even a small change stays on the worker.
        assert!(relayout.request(4, &sample, &style, &book, false).is_none());
    }
}
