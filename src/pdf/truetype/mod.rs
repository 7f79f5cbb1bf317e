//! A TrueType (glyf/loca) subsetter for PDF embedding whose cost follows the glyphs
//! kept, not the size of the face.
//!
//! allsorts walks every glyph record of a face before cutting it down, touching the
//! whole `glyf` table (megabytes, 22,000–29,000 glyphs, for the bundled CJK faces).
//! Here only the table directory, the few fixed-size tables and the `loca`/`hmtx`
//! entries of the kept glyphs are read, and each kept glyph record is copied byte for
//! byte (composite glyphs get their component ids renumbered in place). CFF-flavoured
//! faces are left to allsorts: [`subset_truetype`] answers `Ok(None)` for them.
//!
//! The `cmap` written maps only the characters given: a PDF reader shows glyphs by id
//! (Identity-H) and takes text from ToUnicode, so the table only has to be valid and
//! right for what the export draws.
//!
//! Every read of font data is bounds-checked: a damaged font gives an `Err` with a
//! plain-English reason, never a panic.

mod cmap;
mod glyf;
pub(crate) mod sfnt;
#[cfg(test)]
mod tests;

use cmap::cmap_table;
use glyf::{check_nesting, composite_parts, Component, Metrics, Outlines};
use sfnt::{assemble, i16_at, offset32, pad4, u16_at, Directory};
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// A TrueType face cut down to some glyphs, renumbered 0.. in the order given
/// (.notdef first), plus the components composite glyphs need, appended.
pub struct TrueTypeSubset {
    /// The subset font program: a single-face sfnt with `glyf` outlines.
    pub bytes: Vec<u8>,
    /// old glyph id -> new glyph id
    pub new_ids: HashMap<u16, u16>,
}

/// Cuts a TrueType face down to `glyphs` (old glyph id and the character it shows).
///
/// The new glyph ids follow the order of `glyphs`, after .notdef (always new id 0);
/// a glyph given twice keeps its first place. The new `cmap` maps each character to its
/// glyph's new id; a character given for two glyphs maps to the first, and characters
/// given with glyph 0 are left out (they would only map to .notdef).
///
/// Returns Ok(None) when the face is not glyf-based (CFF/CFF2 .otf, or WOFF-packed):
/// the caller then uses allsorts.
pub fn subset_truetype(
    data: &[u8],
    face_index: u32,
    glyphs: &[(u16, char)],
) -> Result<Option<TrueTypeSubset>, String> {
    let ids: Vec<u16> = glyphs.iter().map(|&(g, _)| g).collect();
    subset_glyphs(data, face_index, &ids, glyphs)
}

/// As [`subset_truetype`], with the glyphs kept (`glyphs`, in this order) apart from
/// the characters the subset's `cmap` maps (`chars`): a glyph that stands for no
/// single character is kept without one.
pub fn subset_glyphs(
    data: &[u8],
    face_index: u32,
    glyphs: &[u16],
    chars: &[(u16, char)],
) -> Result<Option<TrueTypeSubset>, String> {
    let Some(dir) = Directory::parse(data, face_index)? else {
        return Ok(None);
    };
    let Some(face) = Source::read(&dir)? else {
        return Ok(None);
    };
    let kept = Kept::collect(&face.outlines, glyphs.iter().copied())?;
    let (glyf, loca) = kept.glyf_and_loca()?;
    let hmtx = kept.hmtx(&face.metrics)?;
    let count = new_id(kept.order.len())?;
    let mut tables = face.fixed_tables(count);
    tables.extend([
        (*b"hmtx", Cow::Owned(hmtx)),
        (*b"loca", Cow::Owned(loca)),
        (*b"glyf", Cow::Owned(glyf)),
        (
            *b"cmap",
            Cow::Owned(cmap_table(&mappings(chars, &kept.new_ids))),
        ),
        (*b"post", Cow::Owned(post(&dir)?)),
    ]);
    for tag in [b"name", b"OS/2", b"cvt ", b"fpgm", b"prep"] {
        if let Some(t) = dir.table(tag)? {
            tables.push((*tag, Cow::Borrowed(t)));
        }
    }
    Ok(Some(TrueTypeSubset {
        bytes: assemble(tables)?,
        new_ids: kept.new_ids,
    }))
}

/// The tables of the original face the subset is made from.
struct Source<'a> {
    head: &'a [u8],
    hhea: &'a [u8],
    maxp: &'a [u8],
    outlines: Outlines<'a>,
    metrics: Metrics<'a>,
}

impl<'a> Source<'a> {
    /// None for CFF outlines (left to allsorts).
    fn read(dir: &Directory<'a>) -> Result<Option<Source<'a>>, String> {
        let Some(glyf) = dir.table(b"glyf")? else {
            if dir.has(b"CFF ") || dir.has(b"CFF2") {
                return Ok(None);
            }
            return Err("the font has neither TrueType (glyf) nor CFF outlines".to_string());
        };
        let head = dir.required(b"head")?;
        let maxp = dir.required(b"maxp")?;
        let hhea = dir.required(b"hhea")?;
        let hmtx = dir.required(b"hmtx")?;
        let loca = dir.required(b"loca")?;
        if head.len() < 54 {
            return Err("the font's head table is cut short".to_string());
        }
        if hhea.len() < 36 {
            return Err("the font's hhea table is cut short".to_string());
        }
        let num_glyphs = u16_at(maxp, 4).ok_or("the font's maxp table is cut short")?;
        let long_loca = match i16_at(head, 50) {
            Some(0) => false,
            Some(1) => true,
            _ => return Err("the font's head table gives an unknown glyph location format".into()),
        };
        Ok(Some(Source {
            head,
            hhea,
            maxp,
            outlines: Outlines {
                loca,
                glyf,
                long_loca,
                num_glyphs,
            },
            metrics: Metrics {
                hmtx,
                num_h_metrics: u16_at(hhea, 34).ok_or("the font's hhea table is cut short")?,
            },
        }))
    }

    /// head, hhea and maxp for a subset of `count` glyphs (long loca, no checksum yet).
    fn fixed_tables(&self, count: u16) -> Vec<([u8; 4], Cow<'a, [u8]>)> {
        let mut head = self.head.to_vec();
        head[8..12].copy_from_slice(&[0; 4]);
        head[50..52].copy_from_slice(&1u16.to_be_bytes());
        let mut hhea = self.hhea.to_vec();
        hhea[34..36].copy_from_slice(&count.to_be_bytes());
        let mut maxp = self.maxp.to_vec();
        maxp[4..6].copy_from_slice(&count.to_be_bytes());
        vec![
            (*b"head", Cow::Owned(head)),
            (*b"hhea", Cow::Owned(hhea)),
            (*b"maxp", Cow::Owned(maxp)),
        ]
    }
}

/// The kept glyphs in their new order, each with its record and, for a composite,
/// where its component glyph ids sit in the record.
struct Kept<'a> {
    new_ids: HashMap<u16, u16>,
    order: Vec<u16>,
    records: Vec<&'a [u8]>,
    components: Vec<Vec<Component>>,
}

impl<'a> Kept<'a> {
    /// .notdef, the glyphs asked for, then the components composites need.
    fn collect(
        outlines: &Outlines<'a>,
        asked: impl ExactSizeIterator<Item = u16>,
    ) -> Result<Kept<'a>, String> {
        let mut new_ids: HashMap<u16, u16> = HashMap::with_capacity(asked.len() + 1);
        let mut order: Vec<u16> = Vec::with_capacity(asked.len() + 1);
        for old in std::iter::once(0).chain(asked) {
            keep(old, outlines, &mut new_ids, &mut order)?;
        }
        let mut records: Vec<&[u8]> = Vec::with_capacity(order.len());
        let mut components: Vec<Vec<Component>> = Vec::with_capacity(order.len());
        let mut k = 0;
        // Components found along the way are appended to `order`, so they are visited
        // too; each glyph is added once, so this ends even if composites refer to one
        // another.
        while let Some(&old) = order.get(k) {
            let record = outlines.record(old)?;
            let parts = composite_parts(record, old)?;
            for part in &parts {
                keep(part.glyph, outlines, &mut new_ids, &mut order)?;
            }
            records.push(record);
            components.push(parts);
            k += 1;
        }
        check_nesting(&components, &new_ids)?;
        Ok(Kept {
            new_ids,
            order,
            records,
            components,
        })
    }

    /// The glyph records copied, composites renumbered, and their long `loca`.
    fn glyf_and_loca(&self) -> Result<(Vec<u8>, Vec<u8>), String> {
        let count = self.order.len();
        let mut glyf: Vec<u8> =
            Vec::with_capacity(self.records.iter().map(|r| r.len() + 3).sum::<usize>());
        let mut loca: Vec<u8> = Vec::with_capacity(4 * (count + 1));
        for (record, parts) in self.records.iter().zip(&self.components) {
            loca.extend_from_slice(&offset32(glyf.len())?.to_be_bytes());
            let start = glyf.len();
            glyf.extend_from_slice(record);
            for part in parts {
                let id = self.new_ids.get(&part.glyph).copied().unwrap_or(0);
                if let Some(slot) = glyf.get_mut(start + part.at..start + part.at + 2) {
                    slot.copy_from_slice(&id.to_be_bytes());
                }
            }
            pad4(&mut glyf);
        }
        loca.extend_from_slice(&offset32(glyf.len())?.to_be_bytes());
        Ok((glyf, loca))
    }

    /// One full metric per kept glyph.
    fn hmtx(&self, metrics: &Metrics<'_>) -> Result<Vec<u8>, String> {
        let mut out: Vec<u8> = Vec::with_capacity(4 * self.order.len());
        for &old in &self.order {
            let (advance, lsb) = metrics.get(old)?;
            out.extend_from_slice(&advance.to_be_bytes());
            out.extend_from_slice(&lsb.to_be_bytes());
        }
        Ok(out)
    }
}

/// post 3.0: no glyph names (a PDF reader never needs them), the header fields kept.
fn post(dir: &Directory<'_>) -> Result<Vec<u8>, String> {
    let mut out = vec![0u8; 32];
    out[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    if let Some(header) = dir.table(b"post")?.and_then(|p| p.get(4..16)) {
        out[4..16].copy_from_slice(header);
    }
    Ok(out)
}

/// Character -> new glyph id for the subset's `cmap`, sorted, one entry per character.
fn mappings(glyphs: &[(u16, char)], new_ids: &HashMap<u16, u16>) -> Vec<(u32, u16)> {
    let mut out: Vec<(u32, u16)> = glyphs
        .iter()
        .filter(|&&(g, _)| g != 0)
        .map(|&(g, c)| (u32::from(c), new_ids.get(&g).copied().unwrap_or(0)))
        .collect();
    // Stable: of two entries for one character, the first given stays.
    out.sort_by_key(|&(c, _)| c);
    out.dedup_by_key(|&mut (c, _)| c);
    out
}

/// Gives `old` the next new id unless it has one.
fn keep(
    old: u16,
    outlines: &Outlines<'_>,
    new_ids: &mut HashMap<u16, u16>,
    order: &mut Vec<u16>,
) -> Result<(), String> {
    if let Entry::Vacant(slot) = new_ids.entry(old) {
        outlines.check_id(old)?;
        slot.insert(new_id(order.len())?);
        order.push(old);
    }
    Ok(())
}

fn new_id(position: usize) -> Result<u16, String> {
    u16::try_from(position).map_err(|_| "the subset would have more than 65,535 glyphs".into())
}
