//! Which glyphs of which faces the pages use, and the text each one reads as: what
//! the subsets keep and what the fonts' ToUnicode maps say. The text comes from the
//! display list's clusters.

use crate::fonts::{Face, FontBook, FontId};
use crate::layout::{GlyphRun, Page, Pages};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

/// The glyphs one face prints, by original glyph id, with the text each reads as.
#[derive(Debug, Default)]
pub(super) struct FaceGlyphs {
    /// (glyph, its ToUnicode text as a range of `arena`) in ascending glyph order: the
    /// text of the first cluster it showed alone ("" for a glyph only ever drawn as
    /// part of a cluster of several glyphs). One string for all, not one per glyph.
    texts: Vec<(u16, Range<u32>)>,
    arena: String,
    /// Glyphs that showed alone for a text other than their ToUnicode text somewhere
    /// (.notdef for two missing characters; one glyph for two characters): wherever
    /// they print, they are marked with their text.
    ambiguous: HashSet<u16>,
}

impl FaceGlyphs {
    /// The glyph ids in ascending order.
    pub fn ids(&self) -> impl Iterator<Item = u16> + '_ {
        self.texts.iter().map(|(g, _)| *g)
    }

    /// (glyph id, ToUnicode text) in ascending glyph order.
    pub fn texts(&self) -> impl Iterator<Item = (u16, &str)> + '_ {
        self.texts.iter().map(|(g, t)| {
            let text = self.arena.get(t.start as usize..t.end as usize);
            (*g, text.unwrap_or_default())
        })
    }

    /// Whether the glyph's ToUnicode entry is the text of every cluster it shows
    /// alone.
    pub fn reads_alone(&self, glyph: u16) -> bool {
        self.ambiguous.is_empty() || !self.ambiguous.contains(&glyph)
    }

    /// (glyph, character) for the subset font's own `cmap`: glyphs that read as one
    /// character.
    pub fn cmap_pairs(&self) -> Vec<(u16, char)> {
        self.texts()
            .filter_map(|(g, t)| {
                let mut chars = t.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((g, c)),
                    _ => None,
                }
            })
            .collect()
    }
}

/// One face's glyphs while the pages are walked: a slot per glyph id (a long issue
/// prints a million glyphs, of a few thousand kinds), sorted maps only at the end.
/// Slots are 4-byte words, so the table stays as small as it was when glyphs carried
/// one character (a table of `Option<String>` made subsetting 2–4× slower in `cargo
/// bench`), and the common glyph is settled by reading its slot alone.
struct Slots {
    /// Per glyph id: [`UNUSED`], [`SHARED_ONLY`] (used, only inside clusters of several
    /// glyphs so far), or `FIRST_TEXT + k` for `texts[k]`, the text it first showed
    /// alone. When that text is the one character the face's cmap maps to the glyph,
    /// its UTF-8 length is kept above [`SOLE_SHIFT`]: layout draws a character alone
    /// with its cmap glyph, so a glyph shown alone for a cluster of that length reads
    /// as that character, and its run's text need not be read (a cache miss per run).
    slots: Vec<u32>,
    /// The texts, each a range of `arena`.
    texts: Vec<Range<u32>>,
    arena: String,
    /// `short_key` of each of `texts`: a million glyphs are compared with the text
    /// their glyph first showed, and almost every text is one character.
    keys: Vec<u64>,
    ambiguous: HashSet<u16>,
}

/// A text of up to four bytes (one character) as a number, so comparing two is one
/// instruction; `None` for longer texts.
fn short_key(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 4).then(|| {
        let mut word = [0u8; 4];
        word[..bytes.len()].copy_from_slice(bytes);
        u64::from(u32::from_le_bytes(word)) << 8 | bytes.len() as u64
    })
}

/// What no short text packs to.
const LONG: u64 = u64::MAX;

const UNUSED: u32 = 0;
const SHARED_ONLY: u32 = 1;
const FIRST_TEXT: u32 = 2;
/// A slot's bits from here up hold the UTF-8 length of its glyph's sole character
/// (1 to 4), or 0; the bits below, the state. A face has at most 65,536 glyphs, so
/// there are never more texts than the bits below can count.
const SOLE_SHIFT: u32 = 29;
const STATE: u32 = (1 << SOLE_SHIFT) - 1;

impl Slots {
    fn new() -> Slots {
        Slots {
            slots: vec![UNUSED; usize::from(u16::MAX) + 1],
            texts: Vec::new(),
            arena: String::new(),
            keys: Vec::new(),
            ambiguous: HashSet::new(),
        }
    }

    fn add(&mut self, run: &GlyphRun, face: &Face) {
        let glyphs = &run.glyphs;
        // Bytes, not `str` slices: no character-boundary checks in the hot loop (a
        // cluster that does not fall on boundaries reads as "", as `cluster_text` says).
        let bytes = run.text.as_bytes();
        for (k, g) in glyphs.iter().enumerate() {
            let slot = &mut self.slots[usize::from(g.id)];
            let sole = *slot >> SOLE_SHIFT;
            if sole != 0 && sole as usize == g.cluster().range().len() {
                // The glyph's one character, as its first text was (a glyph inside a
                // cluster of several, which might also land here, changes nothing
                // once its slot holds a text).
                continue;
            }
            let shared = (k > 0 && glyphs[k - 1].cluster() == g.cluster())
                || glyphs
                    .get(k + 1)
                    .is_some_and(|n| n.cluster() == g.cluster());
            if shared {
                if *slot == UNUSED {
                    *slot = SHARED_ONLY;
                }
                continue;
            }
            let text = bytes.get(g.cluster().range()).unwrap_or_default();
            let key = short_key(text);
            if *slot & STATE < FIRST_TEXT {
                let text = std::str::from_utf8(text).unwrap_or_default();
                *slot = FIRST_TEXT + self.texts.len() as u32;
                let start = self.arena.len() as u32;
                self.arena.push_str(text);
                self.texts.push(start..self.arena.len() as u32);
                self.keys.push(short_key(text.as_bytes()).unwrap_or(LONG));
                let mut chars = text.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if g.id != 0 && face.sole_char(g.id) == Some(c) {
                        *slot |= (c.len_utf8() as u32) << SOLE_SHIFT;
                    }
                }
            } else {
                let k = ((*slot & STATE) - FIRST_TEXT) as usize;
                let same = match key {
                    Some(key) => self.keys[k] == key,
                    None => {
                        let first = &self.texts[k];
                        self.keys[k] == LONG
                            && self
                                .arena
                                .as_bytes()
                                .get(first.start as usize..first.end as usize)
                                == Some(text)
                    }
                };
                if !same {
                    self.ambiguous.insert(g.id);
                }
            }
        }
    }

    fn finish(self) -> FaceGlyphs {
        let Slots {
            slots,
            texts,
            arena,
            ambiguous,
            ..
        } = self;
        let texts = slots
            .into_iter()
            .enumerate()
            .filter(|(_, slot)| *slot != UNUSED)
            .map(|(id, slot)| {
                let text = match (slot & STATE).checked_sub(FIRST_TEXT) {
                    Some(k) => texts[k as usize].clone(),
                    None => 0..0,
                };
                (id as u16, text)
            })
            .collect();
        FaceGlyphs {
            texts,
            arena,
            ambiguous,
        }
    }

    /// Takes in what `later` saw on the pages after this one's, so the slots are as
    /// one walk over both would have left them: a glyph's text is the first one
    /// either saw, and a glyph is ambiguous where either saw it so or the two first
    /// texts differ.
    fn absorb(&mut self, later: Slots) {
        self.ambiguous.extend(later.ambiguous.iter().copied());
        for (id, &theirs) in later.slots.iter().enumerate() {
            let their_state = theirs & STATE;
            if their_state == UNUSED {
                continue;
            }
            let ours = &mut self.slots[id];
            if their_state == SHARED_ONLY {
                if *ours == UNUSED {
                    *ours = SHARED_ONLY;
                }
                continue;
            }
            let k = (their_state - FIRST_TEXT) as usize;
            let span = &later.texts[k];
            let text = later.arena.get(span.start as usize..span.end as usize);
            let text = text.unwrap_or_default();
            if *ours & STATE < FIRST_TEXT {
                *ours = (FIRST_TEXT + self.texts.len() as u32) | (theirs & !STATE);
                let start = self.arena.len() as u32;
                self.arena.push_str(text);
                self.texts.push(start..self.arena.len() as u32);
                self.keys.push(later.keys[k]);
            } else {
                let span = &self.texts[((*ours & STATE) - FIRST_TEXT) as usize];
                if self.arena.get(span.start as usize..span.end as usize) != Some(text) {
                    self.ambiguous.insert(id as u16);
                }
            }
        }
    }
}

/// From this many pages on, the pages are walked on every core, a part each: a long
/// issue prints a million glyphs, and the walk waits on memory more than it computes.
const PARALLEL_FROM_PAGES: usize = 200;

/// Glyphs used per face, with the text each reads as.
pub(super) fn used(pages: &Pages, book: &FontBook) -> BTreeMap<FontId, FaceGlyphs> {
    let threads = if pages.pages.len() >= PARALLEL_FROM_PAGES {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    } else {
        1
    };
    used_in_parts(&pages.pages, book, threads)
}

/// [`used`] with the pages walked in `threads` parts at once.
fn used_in_parts(
    all: &[std::sync::Arc<Page>],
    book: &FontBook,
    threads: usize,
) -> BTreeMap<FontId, FaceGlyphs> {
    let mut parts = super::parts::in_parts(all, threads, |part| walk(part, book)).into_iter();
    let mut seen = parts.next().unwrap_or_default();
    for later in parts {
        for (font, slots) in later {
            match seen.entry(font) {
                Entry::Vacant(e) => {
                    e.insert(slots);
                }
                Entry::Occupied(mut e) => e.get_mut().absorb(slots),
            }
        }
    }
    seen.into_iter()
        .map(|(font, s)| (font, s.finish()))
        .collect()
}

/// One walk over `pages`, in order.
fn walk(pages: &[std::sync::Arc<Page>], book: &FontBook) -> BTreeMap<FontId, Slots> {
    let mut seen: BTreeMap<FontId, Slots> = BTreeMap::new();
    for page in pages {
        for run in page.runs() {
            seen.entry(run.font)
                .or_insert_with(Slots::new)
                .add(run, book.face(run.font));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::{used_in_parts, FaceGlyphs};
    use crate::fonts::FontBook;
    use crate::layout::{layout, Cluster, Item};
    use crate::model::Issue;
    use crate::style::Style;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    /// What a walk found, comparable whatever order its texts were stored in.
    fn seen(found: &BTreeMap<crate::fonts::FontId, FaceGlyphs>) -> Vec<String> {
        let mut out = Vec::new();
        for (font, glyphs) in found {
            for (g, text) in glyphs.texts() {
                let marked = if glyphs.reads_alone(g) {
                    ""
                } else {
                    " ambiguous"
                };
                out.push(format!("{font:?} {g} {text:?}{marked}"));
            }
        }
        out
    }

    /// The pages walked in several parts at once give the very glyphs, texts and
    /// ambiguous glyphs one walk gives, also when the display list has glyphs that
    /// read differently in different parts (random ids swapped, clusters widened over
    /// two characters or shared by two glyphs, so every rule of the merge is met).
    /// The walks are the same wherever layout draws a lone character with its cmap
    /// glyph, as it always does.
    #[test]
    fn a_walk_in_parts_sees_what_one_walk_sees() {
        let book = FontBook::bundled();
        let issue = Issue::sample().repeated(3);
        let pages = layout(&issue, &Style::gb(), &book);
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for round in 0..6 {
            let mut all: Vec<Arc<crate::layout::Page>> = pages.pages.clone();
            let ids: Vec<u16> = (all.iter())
                .flat_map(|p| p.runs().flat_map(|r| r.glyphs.iter().map(|g| g.id)))
                .collect();
            for _ in 0..round * 40 {
                let p = next(all.len());
                let page = Arc::make_mut(&mut all[p]);
                let runs: Vec<usize> = (page.items.iter().enumerate())
                    .filter(|(_, i)| matches!(i, Item::Text(r) if r.glyphs.len() > 1))
                    .map(|(k, _)| k)
                    .collect();
                if runs.is_empty() {
                    continue;
                }
                let Item::Text(run) = &mut page.items[runs[next(runs.len())]] else {
                    continue;
                };
                let k = next(run.glyphs.len() - 1);
                let (a, b) = (run.glyphs[k].cluster(), run.glyphs[k + 1].cluster());
                // Layout draws a character alone with the glyph its cmap gives (the
                // walk relies on it), so an id is swapped in only where that still
                // holds: .notdef, or a glyph whose own character is of another length.
                let swap = ids[next(ids.len())];
                let face = book.face(run.font);
                let own = face.sole_char(swap).map(char::len_utf8);
                match next(3) {
                    0 if swap == 0 || own != Some(a.range().len()) => run.glyphs[k].id = swap,
                    0 => run.glyphs[k].id = 0,
                    1 => run.glyphs[k].set_cluster(Cluster {
                        start: a.start,
                        end: b.end,
                    }),
                    _ => run.glyphs[k + 1].set_cluster(a),
                }
            }
            let one = seen(&used_in_parts(&all, &book, 1));
            assert!(one.len() > 100, "{} glyphs", one.len());
            if round > 0 {
                assert!(one.iter().any(|l| l.ends_with("ambiguous")));
            }
            for threads in 2..=5 {
                assert_eq!(
                    seen(&used_in_parts(&all, &book, threads)),
                    one,
                    "round {round}, {threads} parts"
                );
            }
        }
    }
}
