//! Which glyphs of which faces the pages use, and the text each one reads as: what
//! the subsets keep and what the fonts' ToUnicode maps say. The text comes from the
//! display list's clusters.

use crate::fonts::{Face, FontBook, FontId};
use crate::layout::{GlyphRun, Pages};
use std::collections::{BTreeMap, HashSet};

/// The glyphs one face prints, by original glyph id, with the text each reads as.
#[derive(Debug, Default)]
pub(super) struct FaceGlyphs {
    /// Glyph -> its ToUnicode text: the text of the first cluster it showed alone
    /// ("" for a glyph only ever drawn as part of a cluster of several glyphs).
    texts: BTreeMap<u16, String>,
    /// Glyphs that showed alone for a text other than their ToUnicode text somewhere
    /// (.notdef for two missing characters; one glyph for two characters): wherever
    /// they print, they are marked with their text.
    ambiguous: HashSet<u16>,
}

impl FaceGlyphs {
    /// The glyph ids in ascending order.
    pub fn ids(&self) -> impl Iterator<Item = u16> + '_ {
        self.texts.keys().copied()
    }

    /// (glyph id, ToUnicode text) in ascending glyph order.
    pub fn texts(&self) -> impl Iterator<Item = (u16, &str)> + '_ {
        self.texts.iter().map(|(g, t)| (*g, t.as_str()))
    }

    /// Whether the glyph's ToUnicode entry is the text of every cluster it shows
    /// alone.
    pub fn reads_alone(&self, glyph: u16) -> bool {
        self.ambiguous.is_empty() || !self.ambiguous.contains(&glyph)
    }

    /// (glyph, character) for the subset font's own `cmap`: glyphs that read as one
    /// character.
    pub fn cmap_pairs(&self) -> Vec<(u16, char)> {
        self.texts
            .iter()
            .filter_map(|(g, t)| {
                let mut chars = t.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((*g, c)),
                    _ => None,
                }
            })
            .collect()
    }
}

/// One face's glyphs while the pages are walked: a slot per glyph id (a long issue
/// prints a million glyphs, of a few thousand kinds), sorted maps only at the end.
/// Slots are 4-byte indices into `texts`, so the table stays as small as it was when
/// glyphs carried one character (a table of `Option<String>` made subsetting 2–4×
/// slower in `cargo bench`).
struct Slots {
    /// [`UNUSED`], [`SHARED_ONLY`] (used, only inside clusters of several glyphs so
    /// far), or `FIRST_TEXT + k` for `texts[k]`.
    slots: Vec<u32>,
    texts: Vec<Box<str>>,
    /// `short_key` of each of `texts`: a million glyphs are compared with the text
    /// their glyph first showed, and almost every text is one character.
    keys: Vec<u64>,
    ambiguous: HashSet<u16>,
    /// Per glyph id, the UTF-8 length of the one character that maps to it in the
    /// face's cmap, or 0. Layout draws a character alone with its cmap glyph, so a
    /// glyph shown alone for a cluster of that length reads as that character: its
    /// run's text need not be read (reading it is a cache miss per run).
    sole_len: Vec<u8>,
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

impl Slots {
    fn new() -> Slots {
        Slots {
            slots: vec![UNUSED; usize::from(u16::MAX) + 1],
            texts: Vec::new(),
            keys: Vec::new(),
            ambiguous: HashSet::new(),
            sole_len: vec![0; usize::from(u16::MAX) + 1],
        }
    }

    fn add(&mut self, run: &GlyphRun, face: &Face) {
        let glyphs = &run.glyphs;
        // Bytes, not `str` slices: no character-boundary checks in the hot loop (a
        // cluster that does not fall on boundaries reads as "", as `cluster_text` says).
        let bytes = run.text.as_bytes();
        for (k, g) in glyphs.iter().enumerate() {
            let shared = (k > 0 && glyphs[k - 1].cluster() == g.cluster())
                || glyphs
                    .get(k + 1)
                    .is_some_and(|n| n.cluster() == g.cluster());
            let slot = &mut self.slots[usize::from(g.id)];
            if shared {
                if *slot == UNUSED {
                    *slot = SHARED_ONLY;
                }
                continue;
            }
            let sole = self.sole_len[usize::from(g.id)];
            if sole != 0 && *slot >= FIRST_TEXT && usize::from(sole) == g.cluster().range().len() {
                // The glyph's one character, as its first text was (recorded below
                // only when it was that character).
                debug_assert_eq!(
                    bytes.get(g.cluster().range()),
                    Some(self.texts[(*slot - FIRST_TEXT) as usize].as_bytes())
                );
                continue;
            }
            let text = bytes.get(g.cluster().range()).unwrap_or_default();
            let key = short_key(text);
            if *slot < FIRST_TEXT {
                let text = std::str::from_utf8(text).unwrap_or_default();
                *slot = FIRST_TEXT + self.texts.len() as u32;
                self.texts.push(text.into());
                self.keys.push(short_key(text.as_bytes()).unwrap_or(LONG));
                let mut chars = text.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    if g.id != 0 && face.sole_char(g.id) == Some(c) {
                        self.sole_len[usize::from(g.id)] = c.len_utf8() as u8;
                    }
                }
            } else {
                let k = (*slot - FIRST_TEXT) as usize;
                let same = match key {
                    Some(key) => self.keys[k] == key,
                    None => self.keys[k] == LONG && self.texts[k].as_bytes() == text,
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
            mut texts,
            ambiguous,
            ..
        } = self;
        let texts = slots
            .into_iter()
            .enumerate()
            .filter(|(_, slot)| *slot != UNUSED)
            .map(|(id, slot)| {
                let text = match slot.checked_sub(FIRST_TEXT) {
                    Some(k) => std::mem::take(&mut texts[k as usize]).into_string(),
                    None => String::new(),
                };
                (id as u16, text)
            })
            .collect();
        FaceGlyphs { texts, ambiguous }
    }
}

/// Glyphs used per face, with the text each reads as.
pub(super) fn used(pages: &Pages, book: &FontBook) -> BTreeMap<FontId, FaceGlyphs> {
    let mut seen: BTreeMap<FontId, Slots> = BTreeMap::new();
    for page in &pages.pages {
        for run in page.runs() {
            seen.entry(run.font)
                .or_insert_with(Slots::new)
                .add(run, book.face(run.font));
        }
    }
    seen.into_iter()
        .map(|(font, s)| (font, s.finish()))
        .collect()
}
