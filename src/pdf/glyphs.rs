//! Which glyphs of which faces the pages use, and the text each one reads as: what
//! the subsets keep and what the fonts' ToUnicode maps say. The text comes from the
//! display list's clusters.

use crate::fonts::FontId;
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
struct Slots {
    /// None: not used; Some(None): used, only inside shared clusters so far.
    texts: Vec<Option<Option<String>>>,
    ambiguous: HashSet<u16>,
}

impl Slots {
    fn new() -> Slots {
        Slots {
            texts: vec![None; usize::from(u16::MAX) + 1],
            ambiguous: HashSet::new(),
        }
    }

    fn add(&mut self, run: &GlyphRun) {
        let glyphs = &run.glyphs;
        for (k, g) in glyphs.iter().enumerate() {
            let shared = (k > 0 && glyphs[k - 1].cluster == g.cluster)
                || glyphs.get(k + 1).is_some_and(|n| n.cluster == g.cluster);
            let slot = &mut self.texts[usize::from(g.id)];
            if shared {
                slot.get_or_insert(None);
                continue;
            }
            let text = run.cluster_text(g);
            match slot.get_or_insert(None) {
                Some(known) if known.as_str() != text => {
                    self.ambiguous.insert(g.id);
                }
                Some(_) => {}
                empty @ None => *empty = Some(text.to_string()),
            }
        }
    }

    fn finish(self) -> FaceGlyphs {
        let texts = self
            .texts
            .into_iter()
            .enumerate()
            .filter_map(|(id, text)| Some((id as u16, text?.unwrap_or_default())))
            .collect();
        FaceGlyphs {
            texts,
            ambiguous: self.ambiguous,
        }
    }
}

/// Glyphs used per face, with the text each reads as.
pub(super) fn used(pages: &Pages) -> BTreeMap<FontId, FaceGlyphs> {
    let mut seen: BTreeMap<FontId, Slots> = BTreeMap::new();
    for page in &pages.pages {
        for run in page.runs() {
            seen.entry(run.font).or_insert_with(Slots::new).add(run);
        }
    }
    seen.into_iter()
        .map(|(font, s)| (font, s.finish()))
        .collect()
}
