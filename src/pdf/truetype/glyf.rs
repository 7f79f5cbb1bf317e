//! TrueType outlines and metrics of the original face: glyph records through `loca`,
//! advances from `hmtx`, and the components of composite glyphs.

use super::sfnt::{i16_at, u16_at, u32_at};
use std::collections::HashMap;

/// Components may nest; renderers give up somewhere (ttf-parser after 32 levels), and
/// a deeper or circular composite is a damaged font.
pub(super) const MAX_COMPONENT_DEPTH: usize = 32;

/// The glyph records, found through `loca`.
pub(super) struct Outlines<'a> {
    pub(super) loca: &'a [u8],
    pub(super) glyf: &'a [u8],
    pub(super) long_loca: bool,
    pub(super) num_glyphs: u16,
}

impl<'a> Outlines<'a> {
    pub(super) fn check_id(&self, glyph: u16) -> Result<(), String> {
        if glyph < self.num_glyphs {
            Ok(())
        } else {
            Err(format!(
                "glyph {glyph} is asked for, but the font has only {} glyphs",
                self.num_glyphs
            ))
        }
    }

    fn location(&self, index: usize) -> Option<usize> {
        if self.long_loca {
            u32_at(self.loca, 4 * index).map(|v| v as usize)
        } else {
            u16_at(self.loca, 2 * index).map(|v| 2 * usize::from(v))
        }
    }

    pub(super) fn record(&self, glyph: u16) -> Result<&'a [u8], String> {
        let k = usize::from(glyph);
        let (Some(start), Some(end)) = (self.location(k), self.location(k + 1)) else {
            return Err("the font's loca table is cut short".to_string());
        };
        if start > end {
            return Err(format!("glyph {glyph}'s location in the font is invalid"));
        }
        self.glyf
            .get(start..end)
            .ok_or_else(|| format!("glyph {glyph}'s outline runs past the end of the glyf table"))
    }
}

/// The horizontal metrics of the original face.
pub(super) struct Metrics<'a> {
    pub(super) hmtx: &'a [u8],
    pub(super) num_h_metrics: u16,
}

impl Metrics<'_> {
    /// Advance and left side bearing; glyphs past numberOfHMetrics share the last
    /// advance and have only a side bearing of their own.
    pub(super) fn get(&self, glyph: u16) -> Result<(u16, i16), String> {
        let n = usize::from(self.num_h_metrics);
        if n == 0 {
            return Err("the font's hhea table gives no horizontal metrics".to_string());
        }
        let k = usize::from(glyph);
        let found = if k < n {
            u16_at(self.hmtx, 4 * k).zip(i16_at(self.hmtx, 4 * k + 2))
        } else {
            u16_at(self.hmtx, 4 * (n - 1)).zip(i16_at(self.hmtx, 4 * n + 2 * (k - n)))
        };
        found.ok_or_else(|| format!("the font's hmtx table has no metrics for glyph {glyph}"))
    }
}

/// One component of a composite glyph: its glyph id and where that id sits in the
/// glyph's record.
pub(super) struct Component {
    pub(super) glyph: u16,
    pub(super) at: usize,
}

pub(super) const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
pub(super) const WE_HAVE_A_SCALE: u16 = 0x0008;
pub(super) const MORE_COMPONENTS: u16 = 0x0020;
pub(super) const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
pub(super) const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// The components of a composite glyph record; none for a simple or empty glyph.
/// (A WE_HAVE_INSTRUCTIONS flag only means instructions follow the last component;
/// they are copied with the rest of the record.)
pub(super) fn composite_parts(record: &[u8], glyph: u16) -> Result<Vec<Component>, String> {
    if record.is_empty() {
        return Ok(Vec::new());
    }
    let damaged = || format!("glyph {glyph}'s outline in the font is damaged");
    let contours = i16_at(record, 0).ok_or_else(damaged)?;
    if record.len() < 10 {
        return Err(damaged());
    }
    if contours >= 0 {
        return Ok(Vec::new());
    }
    let mut parts = Vec::new();
    let mut at = 10;
    loop {
        let flags = u16_at(record, at).ok_or_else(damaged)?;
        let component = u16_at(record, at + 2).ok_or_else(damaged)?;
        parts.push(Component {
            glyph: component,
            at: at + 2,
        });
        at += 4;
        at += if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if at > record.len() {
            return Err(damaged());
        }
        if flags & MORE_COMPONENTS == 0 {
            return Ok(parts);
        }
    }
}

/// Rejects composites that refer to themselves or nest deeper than renderers follow.
pub(super) fn check_nesting(
    components: &[Vec<Component>],
    new_ids: &HashMap<u16, u16>,
) -> Result<(), String> {
    // Per kept glyph (by new id): 0 not yet seen, VISITING on the current path, else
    // 1 + its nesting depth (1 for a simple glyph). `level` bounds the recursion, the
    // depth check catches chains whose lower part was measured earlier.
    const VISITING: usize = usize::MAX;
    fn depth(
        k: usize,
        components: &[Vec<Component>],
        new_ids: &HashMap<u16, u16>,
        state: &mut [usize],
        level: usize,
    ) -> Result<usize, String> {
        match state.get(k).copied() {
            Some(VISITING) => return Err("a composite glyph in the font contains itself".into()),
            Some(0) => {}
            Some(known) => return Ok(known),
            None => return Ok(1),
        }
        if level > MAX_COMPONENT_DEPTH {
            return Err("a composite glyph in the font nests components too deeply".into());
        }
        state[k] = VISITING;
        let mut deepest = 0;
        for part in components.get(k).map_or(&[][..], |p| p.as_slice()) {
            let child = new_ids
                .get(&part.glyph)
                .map_or(usize::MAX, |&id| usize::from(id));
            deepest = deepest.max(depth(child, components, new_ids, state, level + 1)?);
        }
        if deepest >= MAX_COMPONENT_DEPTH {
            return Err("a composite glyph in the font nests components too deeply".into());
        }
        state[k] = deepest + 1;
        Ok(deepest + 1)
    }
    if components.iter().all(|p| p.is_empty()) {
        return Ok(());
    }
    let mut state = vec![0usize; components.len()];
    for k in 0..components.len() {
        depth(k, components, new_ids, &mut state, 0)?;
    }
    Ok(())
}
