//! Which glyphs of which faces the pages use, and the text each one reads as: what
//! the subsets keep and what the fonts' ToUnicode maps say.

use crate::fonts::FontId;
use crate::layout::Pages;
use std::collections::BTreeMap;

/// The glyphs one face prints, by original glyph id, with the text each reads as.
#[derive(Debug, Default)]
pub(super) struct FaceGlyphs {
    texts: BTreeMap<u16, String>,
}

impl FaceGlyphs {
    /// The glyph ids in ascending order.
    pub fn ids(&self) -> impl Iterator<Item = u16> + '_ {
        self.texts.keys().copied()
    }

    /// (glyph id, text) in ascending glyph order.
    pub fn texts(&self) -> impl Iterator<Item = (u16, &str)> + '_ {
        self.texts.iter().map(|(g, t)| (*g, t.as_str()))
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

/// Glyphs used per face; a glyph reads as the text it stood for where it was first
/// printed.
pub(super) fn used(pages: &Pages) -> BTreeMap<FontId, FaceGlyphs> {
    // One slot per glyph id and face first (a long issue prints a million glyphs, of a
    // few thousand kinds), sorted maps only of what was found.
    let mut seen: BTreeMap<FontId, Vec<Option<char>>> = BTreeMap::new();
    for page in &pages.pages {
        for run in page.runs() {
            let slots = seen
                .entry(run.font)
                .or_insert_with(|| vec![None; usize::from(u16::MAX) + 1]);
            for g in &run.glyphs {
                let slot = &mut slots[usize::from(g.id)];
                if slot.is_none() {
                    *slot = Some(g.ch);
                }
            }
        }
    }
    seen.into_iter()
        .map(|(font, slots)| {
            let texts = slots
                .into_iter()
                .enumerate()
                .filter_map(|(id, ch)| Some((id as u16, ch?.to_string())))
                .collect();
            (font, FaceGlyphs { texts })
        })
        .collect()
}
