//! Pages kept from the last layout. After a keystroke most pages of a long issue hold
//! exactly the lines they held before, at the same slots; such a page is handed out
//! again (shared, not copied) instead of being placed and furnished anew. At 120
//! issues that is over a thousand pages and a million glyphs per keystroke.
//!
//! A page is kept only when it is neither the first (the masthead reads the issue's
//! details) nor the last placed page (the distribution block and new pages are added
//! there), and its furniture raised no warning when it was built (a reused page would
//! not raise it again).

use std::sync::Arc;

use super::pages::Page;
use super::paginate::Placed;

/// Which setting of which line: the generation of the article or heading setting the
/// line belongs to (unique within a cache) and the line's index in it. Equal keys mean
/// the very same lines, glyph for glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LineKey {
    generation: u64,
    index: u32,
}

impl LineKey {
    /// The `index`-th line of the setting numbered `generation`.
    pub fn new(generation: u64, index: usize) -> LineKey {
        LineKey {
            generation,
            index: u32::try_from(index).unwrap_or(u32::MAX),
        }
    }
}

/// What a page was built from: its lines, where they sit and what was trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageKey(Vec<(LineKey, u32, u32)>);

impl PageKey {
    /// The key of a page holding `placed` lines of a flow whose lines have `keys`.
    pub fn new(placed: &[Placed], keys: &[LineKey]) -> PageKey {
        PageKey(
            placed
                .iter()
                .map(|p| {
                    let key = keys.get(p.index).copied().unwrap_or(LineKey::new(0, 0));
                    (key, p.slot, p.trimmed)
                })
                .collect(),
        )
    }
}

/// The keys of the placed pages that may be kept at all (neither the first nor the
/// last placed page).
pub(super) fn keys(placed: &[Vec<Placed>], line_keys: &[LineKey]) -> Vec<Option<PageKey>> {
    let count = placed.len();
    (placed.iter().enumerate())
        .map(|(i, lines)| (i >= 1 && i + 1 < count).then(|| PageKey::new(lines, line_keys)))
        .collect()
}

/// This layout's pages: the ones kept from the last layout where there is one, the
/// ones just built elsewhere.
pub(super) fn assemble(built: Vec<Page>, kept: Vec<Option<Arc<Page>>>) -> Vec<Arc<Page>> {
    let mut kept = kept.into_iter();
    built
        .into_iter()
        .map(|page| kept.next().flatten().unwrap_or_else(|| Arc::new(page)))
        .collect()
}

/// The finished pages of the last layout that may be handed out again, by page index.
#[derive(Default)]
pub(super) struct KeptPages {
    pages: Vec<Option<(PageKey, Arc<Page>)>>,
}

impl KeptPages {
    /// The page kept at `index` if it was built from `key`.
    pub fn get(&self, index: usize, key: &PageKey) -> Option<Arc<Page>> {
        match self.pages.get(index) {
            Some(Some((k, page))) if k == key => Some(Arc::clone(page)),
            _ => None,
        }
    }

    /// Keeps this layout's pages for the next: those with a key (see [`keys`]) whose
    /// furniture raised no warning (`warned`).
    pub fn replace(&mut self, pages: &[Arc<Page>], keys: Vec<Option<PageKey>>, warned: &[bool]) {
        self.pages = (keys.into_iter().zip(pages).enumerate())
            .map(|(i, (key, page))| {
                let quiet = !warned.get(i).copied().unwrap_or(true);
                key.filter(|_| quiet).map(|k| (k, Arc::clone(page)))
            })
            .collect();
    }
}
