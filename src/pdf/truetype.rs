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
    let Some(dir) = Directory::parse(data, face_index)? else {
        return Ok(None);
    };
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
    let outlines = Outlines {
        loca,
        glyf,
        long_loca,
        num_glyphs,
    };
    let metrics = Metrics {
        hmtx,
        num_h_metrics: u16_at(hhea, 34).ok_or("the font's hhea table is cut short")?,
    };

    // The kept glyphs in their new order, each with its record and, for a composite,
    // where its component glyph ids sit in the record.
    let mut new_ids: HashMap<u16, u16> = HashMap::with_capacity(glyphs.len() + 1);
    let mut order: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
    for old in std::iter::once(0).chain(glyphs.iter().map(|&(g, _)| g)) {
        keep(old, &outlines, &mut new_ids, &mut order)?;
    }
    let mut records: Vec<&[u8]> = Vec::with_capacity(order.len());
    let mut components: Vec<Vec<Component>> = Vec::with_capacity(order.len());
    let mut k = 0;
    // Components found along the way are appended to `order`, so they are visited too;
    // each glyph is added once, so this ends even if composites refer to one another.
    while let Some(&old) = order.get(k) {
        let record = outlines.record(old)?;
        let parts = composite_parts(record, old)?;
        for part in &parts {
            keep(part.glyph, &outlines, &mut new_ids, &mut order)?;
        }
        records.push(record);
        components.push(parts);
        k += 1;
    }
    check_nesting(&components, &new_ids)?;

    let count = order.len();
    let mut glyf_out: Vec<u8> =
        Vec::with_capacity(records.iter().map(|r| r.len() + 3).sum::<usize>());
    let mut loca_out: Vec<u8> = Vec::with_capacity(4 * (count + 1));
    for (record, parts) in records.iter().zip(&components) {
        loca_out.extend_from_slice(&offset32(glyf_out.len())?.to_be_bytes());
        let start = glyf_out.len();
        glyf_out.extend_from_slice(record);
        for part in parts {
            let id = new_ids.get(&part.glyph).copied().unwrap_or(0);
            if let Some(slot) = glyf_out.get_mut(start + part.at..start + part.at + 2) {
                slot.copy_from_slice(&id.to_be_bytes());
            }
        }
        pad4(&mut glyf_out);
    }
    loca_out.extend_from_slice(&offset32(glyf_out.len())?.to_be_bytes());

    let mut hmtx_out: Vec<u8> = Vec::with_capacity(4 * count);
    for &old in &order {
        let (advance, lsb) = metrics.get(old)?;
        hmtx_out.extend_from_slice(&advance.to_be_bytes());
        hmtx_out.extend_from_slice(&lsb.to_be_bytes());
    }

    let count16 = new_id(count)?;
    let mut head_out = head.to_vec();
    head_out[8..12].copy_from_slice(&[0; 4]);
    head_out[50..52].copy_from_slice(&1u16.to_be_bytes());
    let mut hhea_out = hhea.to_vec();
    hhea_out[34..36].copy_from_slice(&count16.to_be_bytes());
    let mut maxp_out = maxp.to_vec();
    maxp_out[4..6].copy_from_slice(&count16.to_be_bytes());

    // post 3.0: no glyph names (a PDF reader never needs them), the header fields kept.
    let mut post_out = vec![0u8; 32];
    post_out[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    if let Some(header) = dir.table(b"post")?.and_then(|p| p.get(4..16)) {
        post_out[4..16].copy_from_slice(header);
    }

    let mut mappings: Vec<(u32, u16)> = glyphs
        .iter()
        .filter(|&&(g, _)| g != 0)
        .map(|&(g, c)| (u32::from(c), new_ids.get(&g).copied().unwrap_or(0)))
        .collect();
    // Stable: of two entries for one character, the first given stays.
    mappings.sort_by_key(|&(c, _)| c);
    mappings.dedup_by_key(|&mut (c, _)| c);

    let mut tables: Vec<([u8; 4], Cow<'_, [u8]>)> = vec![
        (*b"head", Cow::Owned(head_out)),
        (*b"hhea", Cow::Owned(hhea_out)),
        (*b"maxp", Cow::Owned(maxp_out)),
        (*b"hmtx", Cow::Owned(hmtx_out)),
        (*b"loca", Cow::Owned(loca_out)),
        (*b"glyf", Cow::Owned(glyf_out)),
        (*b"cmap", Cow::Owned(cmap_table(&mappings))),
        (*b"post", Cow::Owned(post_out)),
    ];
    for tag in [b"name", b"OS/2", b"cvt ", b"fpgm", b"prep"] {
        if let Some(t) = dir.table(tag)? {
            tables.push((*tag, Cow::Borrowed(t)));
        }
    }
    Ok(Some(TrueTypeSubset {
        bytes: assemble(tables)?,
        new_ids,
    }))
}

/// Components may nest; renderers give up somewhere (ttf-parser after 32 levels), and
/// a deeper or circular composite is a damaged font.
const MAX_COMPONENT_DEPTH: usize = 32;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let bytes: [u8; 2] = data.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_be_bytes(bytes))
}

fn i16_at(data: &[u8], at: usize) -> Option<i16> {
    u16_at(data, at).map(|v| v as i16)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
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

fn offset32(len: usize) -> Result<u32, String> {
    u32::try_from(len).map_err(|_| "the subset glyph data would exceed 4 GB".into())
}

fn pad4(out: &mut Vec<u8>) {
    out.resize(out.len().next_multiple_of(4), 0);
}

/// Where one face's tables are in the file.
struct Directory<'a> {
    data: &'a [u8],
    /// Tag, offset from the start of the file, length; not yet checked against the file
    /// size, so a damaged entry for a table we do not use does no harm.
    records: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Directory<'a> {
    /// None for a WOFF/WOFF2 file: allsorts unpacks those.
    fn parse(data: &'a [u8], face_index: u32) -> Result<Option<Directory<'a>>, String> {
        let short = || "the font file is cut short".to_string();
        let magic = data.get(0..4).ok_or_else(short)?;
        let start = match magic {
            b"wOFF" | b"wOF2" => return Ok(None),
            b"ttcf" => {
                let faces = u32_at(data, 8).ok_or_else(short)?;
                if face_index >= faces {
                    return Err(format!(
                        "the font collection has {faces} faces, not a face number {face_index}"
                    ));
                }
                let at = (face_index as usize).saturating_mul(4).saturating_add(12);
                u32_at(data, at).ok_or_else(short)? as usize
            }
            // A single face ignores the index, as ttf-parser and allsorts do, so all
            // three read the same face.
            _ => 0,
        };
        match u32_at(data, start) {
            // 1.0 (TrueType), 'true' (old Apple TrueType), 'OTTO' (CFF outlines).
            Some(0x0001_0000 | 0x7472_7565 | 0x4F54_544F) => {}
            Some(_) => return Err("the file is not a TrueType or OpenType font".to_string()),
            None => return Err(short()),
        }
        let count = usize::from(u16_at(data, start.saturating_add(4)).ok_or_else(short)?);
        let mut records = Vec::with_capacity(count);
        for k in 0..count {
            let at = start.saturating_add(12 + 16 * k);
            let record = data
                .get(at..at.saturating_add(16))
                .ok_or("the font's table directory is cut short")?;
            let mut tag = [0u8; 4];
            tag.copy_from_slice(&record[0..4]);
            let offset = u32_at(record, 8).ok_or_else(short)? as usize;
            let length = u32_at(record, 12).ok_or_else(short)? as usize;
            records.push((tag, offset, length));
        }
        Ok(Some(Directory { data, records }))
    }

    fn has(&self, tag: &[u8; 4]) -> bool {
        self.records.iter().any(|(t, _, _)| t == tag)
    }

    fn table(&self, tag: &[u8; 4]) -> Result<Option<&'a [u8]>, String> {
        let Some(&(_, offset, length)) = self.records.iter().find(|(t, _, _)| t == tag) else {
            return Ok(None);
        };
        let end = offset.checked_add(length);
        match end.and_then(|end| self.data.get(offset..end)) {
            Some(t) => Ok(Some(t)),
            None => Err(format!(
                "the font's {} table runs past the end of the file",
                tag_name(tag)
            )),
        }
    }

    fn required(&self, tag: &[u8; 4]) -> Result<&'a [u8], String> {
        self.table(tag)?
            .ok_or_else(|| format!("the font has no {} table", tag_name(tag)))
    }
}

fn tag_name(tag: &[u8; 4]) -> String {
    String::from_utf8_lossy(tag).trim_end().to_string()
}

/// The glyph records, found through `loca`.
struct Outlines<'a> {
    loca: &'a [u8],
    glyf: &'a [u8],
    long_loca: bool,
    num_glyphs: u16,
}

impl<'a> Outlines<'a> {
    fn check_id(&self, glyph: u16) -> Result<(), String> {
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

    fn record(&self, glyph: u16) -> Result<&'a [u8], String> {
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
struct Metrics<'a> {
    hmtx: &'a [u8],
    num_h_metrics: u16,
}

impl Metrics<'_> {
    /// Advance and left side bearing; glyphs past numberOfHMetrics share the last
    /// advance and have only a side bearing of their own.
    fn get(&self, glyph: u16) -> Result<(u16, i16), String> {
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
struct Component {
    glyph: u16,
    at: usize,
}

const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// The components of a composite glyph record; none for a simple or empty glyph.
/// (A WE_HAVE_INSTRUCTIONS flag only means instructions follow the last component;
/// they are copied with the rest of the record.)
fn composite_parts(record: &[u8], glyph: u16) -> Result<Vec<Component>, String> {
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
fn check_nesting(components: &[Vec<Component>], new_ids: &HashMap<u16, u16>) -> Result<(), String> {
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

/// A `cmap` with a format 4 subtable (3,1) for the BMP and, when a character lies
/// beyond it, a format 12 subtable (3,10) for all. `mappings` is sorted by character,
/// without repeats.
fn cmap_table(mappings: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u16, u16)> = mappings
        .iter()
        .filter_map(|&(c, g)| Some((u16::try_from(c).ok().filter(|&c| c != 0xFFFF)?, g)))
        .collect();
    let format4 = cmap_format4(&bmp);
    let format12 =
        (format4.is_none() || bmp.len() < mappings.len()).then(|| cmap_format12(mappings));
    let mut subtables: Vec<(u16, Vec<u8>)> = Vec::new();
    if let Some(t) = format4 {
        subtables.push((1, t));
    }
    if let Some(t) = format12 {
        subtables.push((10, t));
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(subtables.len() as u16).to_be_bytes());
    let mut offset = 4 + 8 * subtables.len();
    for (encoding, table) in &subtables {
        out.extend_from_slice(&3u16.to_be_bytes());
        out.extend_from_slice(&encoding.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        offset += table.len();
    }
    for (_, table) in subtables {
        out.extend_from_slice(&table);
    }
    out
}

/// Format 4, or None when the characters need more than its 64 KB (thousands of
/// scattered characters); then format 12 serves alone.
fn cmap_format4(bmp: &[(u16, u16)]) -> Option<Vec<u8>> {
    // Segments: runs of characters with gaps of at most 3 (a gap costs 2 bytes per
    // missing character in the glyph array, a new segment 8 bytes).
    struct Segment {
        start: u16,
        end: u16,
        ids: Vec<u16>,
    }
    let mut segments: Vec<Segment> = Vec::new();
    for &(c, g) in bmp {
        match segments.last_mut() {
            Some(s) if c - s.end <= 4 => {
                s.ids
                    .extend(std::iter::repeat_n(0, usize::from(c - s.end - 1)));
                s.ids.push(g);
                s.end = c;
            }
            _ => segments.push(Segment {
                start: c,
                end: c,
                ids: vec![g],
            }),
        }
    }
    // A run whose glyph ids climb with the characters needs no glyph array.
    let by_delta = |s: &Segment| {
        s.ids
            .iter()
            .enumerate()
            .all(|(k, &g)| usize::from(g) == usize::from(s.ids[0]) + k)
    };
    let array_len: usize = segments
        .iter()
        .filter(|s| !by_delta(s))
        .map(|s| s.ids.len())
        .sum();
    let seg_count = segments.len() + 1;
    let length = 16 + 8 * seg_count + 2 * array_len;
    if length > usize::from(u16::MAX) {
        return None;
    }
    let power = 1usize << (usize::BITS - 1 - seg_count.leading_zeros());
    let search_range = 2 * power;
    let mut out = Vec::with_capacity(length);
    for v in [
        4,
        length,
        0,
        2 * seg_count,
        search_range,
        power.trailing_zeros() as usize,
        2 * seg_count - search_range,
    ] {
        out.extend_from_slice(&(v as u16).to_be_bytes());
    }
    for s in &segments {
        out.extend_from_slice(&s.end.to_be_bytes());
    }
    out.extend_from_slice(&0xFFFFu16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    for s in &segments {
        out.extend_from_slice(&s.start.to_be_bytes());
    }
    out.extend_from_slice(&0xFFFFu16.to_be_bytes());
    for s in &segments {
        let delta = if by_delta(s) {
            s.ids[0].wrapping_sub(s.start)
        } else {
            0
        };
        out.extend_from_slice(&delta.to_be_bytes());
    }
    out.extend_from_slice(&1u16.to_be_bytes());
    // idRangeOffset counts bytes from the entry itself to the segment's first glyph.
    let mut array_at = 0;
    for (k, s) in segments.iter().enumerate() {
        let range_offset = if by_delta(s) {
            0
        } else {
            let v = 2 * (seg_count - k) + 2 * array_at;
            array_at += s.ids.len();
            v
        };
        out.extend_from_slice(&(range_offset as u16).to_be_bytes());
    }
    out.extend_from_slice(&0u16.to_be_bytes());
    for s in segments.iter().filter(|s| !by_delta(s)) {
        for g in &s.ids {
            out.extend_from_slice(&g.to_be_bytes());
        }
    }
    Some(out)
}

fn cmap_format12(mappings: &[(u32, u16)]) -> Vec<u8> {
    // Groups: runs where characters and glyph ids both climb by one.
    let mut groups: Vec<(u32, u32, u32)> = Vec::new();
    for &(c, g) in mappings {
        let g = u32::from(g);
        match groups.last_mut() {
            Some((start, end, first)) if c == *end + 1 && g == *first + (c - *start) => *end = c,
            _ => groups.push((c, c, g)),
        }
    }
    let mut out = Vec::with_capacity(16 + 12 * groups.len());
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&((16 + 12 * groups.len()) as u32).to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(&(groups.len() as u32).to_be_bytes());
    for (start, end, first) in groups {
        for v in [start, end, first] {
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
    out
}

/// The OpenType checksum: the sum of big-endian u32 words, the tail zero-padded.
fn checksum(data: &[u8]) -> u32 {
    let mut words = data.chunks_exact(4);
    let mut sum = words.by_ref().fold(0u32, |s, w| {
        s.wrapping_add(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    });
    let tail = words.remainder();
    if !tail.is_empty() {
        let mut last = [0u8; 4];
        last[..tail.len()].copy_from_slice(tail);
        sum = sum.wrapping_add(u32::from_be_bytes(last));
    }
    sum
}

/// Writes a single-face sfnt: tables sorted by tag, each 4-byte aligned with its
/// checksum, and head's checkSumAdjustment set so the whole file sums to 0xB1B0AFBA.
/// `head`, if present, must already have checkSumAdjustment zeroed.
fn assemble(mut tables: Vec<([u8; 4], Cow<'_, [u8]>)>) -> Result<Vec<u8>, String> {
    tables.sort_by_key(|(tag, _)| *tag);
    let n = tables.len();
    let power = if n == 0 {
        0
    } else {
        1usize << (usize::BITS - 1 - n.leading_zeros())
    };
    let size = 12 + 16 * n + tables.iter().map(|(_, t)| t.len() + 3).sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [
        n,
        16 * power,
        power.trailing_zeros() as usize,
        16 * n - 16 * power,
    ] {
        out.extend_from_slice(&(v as u16).to_be_bytes());
    }
    let mut offset = 12 + 16 * n;
    let mut head_at = None;
    for (tag, table) in &tables {
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(table).to_be_bytes());
        out.extend_from_slice(&offset32(offset)?.to_be_bytes());
        out.extend_from_slice(&offset32(table.len())?.to_be_bytes());
        offset += table.len().next_multiple_of(4);
    }
    for (_, table) in &tables {
        out.extend_from_slice(table);
        pad4(&mut out);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::BUNDLED;
    use ttf_parser::{Face, GlyphId, OutlineBuilder};

    /// A glyph's outline as drawing commands, to compare two faces' glyphs exactly.
    #[derive(Default, PartialEq, Debug)]
    struct Path(Vec<(char, [f32; 6])>);

    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', [x, y, 0.0, 0.0, 0.0, 0.0]));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', [x, y, 0.0, 0.0, 0.0, 0.0]));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(('Q', [x1, y1, x, y, 0.0, 0.0]));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(('C', [x1, y1, x2, y2, x, y]));
        }
        fn close(&mut self) {
            self.0.push(('Z', [0.0; 6]));
        }
    }

    fn outline(face: &Face<'_>, g: u16) -> (Option<ttf_parser::Rect>, Path) {
        let mut path = Path::default();
        let rect = face.outline_glyph(GlyphId(g), &mut path);
        (rect, path)
    }

    /// Han characters, the punctuation Chinese text uses, digits and Latin, and the
    /// characters whose glyphs are composites in LXGW WenKai (− ¨ ´).
    const SAMPLE: &str = "中国行业协会简报第期年月日会员单位通知关于召开理事会议的决定，。“”（）《》——、：；！？0123456789ABCxyz%−¨´";

    /// The (glyph, char) list a page using `text` would give, in glyph order as
    /// src/pdf.rs collects it.
    fn used(face: &Face<'_>, text: &str) -> Vec<(u16, char)> {
        let mut map = std::collections::BTreeMap::new();
        for c in text.chars() {
            if let Some(g) = face.glyph_index(c) {
                map.entry(g.0).or_insert(c);
            }
        }
        map.into_iter().collect()
    }

    /// Checks a subset against its source face: glyph count, cmap, metrics, outlines,
    /// checksums, and that allsorts reads every glyph back.
    fn verify(data: &[u8], index: u32, glyphs: &[(u16, char)]) -> TrueTypeSubset {
        let old = Face::parse(data, index).expect("source face parses");
        let sub = subset_truetype(data, index, glyphs)
            .expect("subset succeeds")
            .expect("face is TrueType");
        let new = Face::parse(&sub.bytes, 0).expect("subset parses with ttf-parser");

        let mut distinct: Vec<u16> = vec![0];
        for &(g, _) in glyphs {
            if !distinct.contains(&g) {
                distinct.push(g);
            }
        }
        for (k, g) in distinct.iter().enumerate() {
            assert_eq!(sub.new_ids[g], k as u16, "glyphs keep the order given");
        }
        assert_eq!(usize::from(new.number_of_glyphs()), sub.new_ids.len());
        assert!(sub.new_ids.len() >= distinct.len());

        let mut seen = std::collections::HashSet::new();
        for &(g, c) in glyphs {
            if g != 0 && seen.insert(c) {
                assert_eq!(
                    new.glyph_index(c).map(|g| g.0),
                    Some(sub.new_ids[&g]),
                    "cmap maps {c:?}"
                );
            }
        }
        for (&o, &n) in &sub.new_ids {
            let (o, n) = (GlyphId(o), GlyphId(n));
            assert_eq!(
                old.glyph_hor_advance(o),
                new.glyph_hor_advance(n),
                "advance of {o:?}"
            );
            assert_eq!(
                old.glyph_hor_side_bearing(o),
                new.glyph_hor_side_bearing(n),
                "side bearing of {o:?}"
            );
            assert_eq!(outline(&old, o.0), outline(&new, n.0), "outline of {o:?}");
        }
        assert_eq!(new.units_per_em(), old.units_per_em());
        assert_eq!(new.ascender(), old.ascender());
        assert_eq!(new.italic_angle(), old.italic_angle());
        assert_eq!(new.underline_metrics(), old.underline_metrics());

        // Layout: sorted tags, aligned offsets, right checksums.
        let b = &sub.bytes;
        assert_eq!(b.len() % 4, 0);
        assert_eq!(checksum(b), 0xB1B0_AFBA, "whole-font checksum");
        let n = usize::from(u16_at(b, 4).unwrap());
        let mut last = [0u8; 4];
        for k in 0..n {
            let r = &b[12 + 16 * k..28 + 16 * k];
            let tag: [u8; 4] = r[0..4].try_into().unwrap();
            assert!(tag > last, "tables sorted by tag");
            last = tag;
            let (sum, off, len) = (
                u32_at(r, 4).unwrap(),
                u32_at(r, 8).unwrap() as usize,
                u32_at(r, 12).unwrap() as usize,
            );
            assert_eq!(off % 4, 0);
            let mut table = b[off..off + len].to_vec();
            if &tag == b"head" {
                table[8..12].copy_from_slice(&[0; 4]);
            }
            assert_eq!(checksum(&table), sum, "checksum of {}", tag_name(&tag));
        }

        // allsorts (what printpdf reads fonts with) must read it too, glyphs and all.
        {
            use allsorts::binary::read::ReadScope;
            use allsorts::font_data::FontData;
            use allsorts::tables::glyf::GlyfTable;
            use allsorts::tables::loca::LocaTable;
            use allsorts::tables::{FontTableProvider, HeadTable, MaxpTable};
            use allsorts::tag;
            let file = ReadScope::new(b).read::<FontData<'_>>().unwrap();
            let p = file.table_provider(0).unwrap();
            let head = ReadScope::new(&p.read_table_data(tag::HEAD).unwrap())
                .read::<HeadTable>()
                .unwrap();
            let maxp = ReadScope::new(&p.read_table_data(tag::MAXP).unwrap())
                .read::<MaxpTable>()
                .unwrap();
            let loca_data = p.read_table_data(tag::LOCA).unwrap();
            let loca = ReadScope::new(&loca_data)
                .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
                .unwrap();
            let glyf_data = p.read_table_data(tag::GLYF).unwrap();
            let mut glyf = ReadScope::new(&glyf_data)
                .read_dep::<GlyfTable<'_>>(&loca)
                .unwrap();
            for g in 0..maxp.num_glyphs {
                glyf.get_parsed_glyph(g)
                    .expect("allsorts parses every glyph");
            }
        }
        sub
    }

    #[test]
    fn bundled_fonts_subset_to_the_same_glyphs() {
        for font in &BUNDLED {
            let face = Face::parse(font.data, 0).unwrap();
            let glyphs = used(&face, SAMPLE);
            assert!(glyphs.len() > 60, "{}: sample found", font.file);
            let sub = verify(font.data, 0, &glyphs);
            assert!(
                sub.bytes.len() < font.data.len() / 20,
                "{}: {} bytes",
                font.file,
                sub.bytes.len()
            );
        }
    }

    #[test]
    fn composite_glyphs_bring_their_components() {
        let data = BUNDLED[3].data;
        let face = Face::parse(data, 0).unwrap();
        // − (U+2212) is a composite of the hyphen in LXGW WenKai; give it alone.
        let minus = face.glyph_index('−').unwrap().0;
        let hyphen = face.glyph_index('-').unwrap().0;
        let record = {
            let dir = Directory::parse(data, 0).unwrap().unwrap();
            let o = Outlines {
                loca: dir.required(b"loca").unwrap(),
                glyf: dir.required(b"glyf").unwrap(),
                long_loca: true,
                num_glyphs: face.number_of_glyphs(),
            };
            o.record(minus).unwrap()
        };
        assert!(i16_at(record, 0).unwrap() < 0, "− is a composite here");
        let sub = verify(data, 0, &[(minus, '−')]);
        assert_eq!(sub.new_ids.len(), 3, ".notdef, −, and its hyphen");
        assert_eq!(sub.new_ids[&hyphen], 2, "the component is appended");
        let new = Face::parse(&sub.bytes, 0).unwrap();
        assert_eq!(
            new.glyph_index('-'),
            None,
            "a component alone gets no character"
        );
        assert!(new.glyph_index('−').is_some());
    }

    #[test]
    fn chars_beyond_the_bmp_get_a_format_12_cmap() {
        let data = BUNDLED[3].data;
        let face = Face::parse(data, 0).unwrap();
        let mut glyphs = Vec::new();
        for cp in 0x20000..0x2FFFF {
            if let Some(c) = char::from_u32(cp) {
                if let Some(g) = face.glyph_index(c) {
                    glyphs.push((g.0, c));
                    if glyphs.len() == 5 {
                        break;
                    }
                }
            }
        }
        assert_eq!(glyphs.len(), 5, "WenKai has CJK Extension B characters");
        glyphs.extend(used(&face, "中文，。"));
        let sub = verify(data, 0, &glyphs);
        let new = Face::parse(&sub.bytes, 0).unwrap();
        let tables = new.tables().cmap.unwrap().subtables;
        let formats: Vec<_> = tables
            .into_iter()
            .map(|t| match t.format {
                ttf_parser::cmap::Format::SegmentMappingToDeltaValues(_) => 4,
                ttf_parser::cmap::Format::SegmentedCoverage(_) => 12,
                _ => 0,
            })
            .collect();
        assert_eq!(formats, vec![4, 12]);
    }

    #[test]
    fn many_scattered_chars_and_edge_cases_map_right() {
        let data = BUNDLED[0].data;
        let face = Face::parse(data, 0).unwrap();
        // Every third Han character of a wide range: many segments and glyph arrays.
        let text: String = (0x4E00..0x9FA5)
            .step_by(3)
            .filter_map(char::from_u32)
            .collect();
        let mut glyphs = used(&face, &text);
        // A glyph given twice, .notdef given with a character, and a character given
        // for two glyphs (the first wins).
        let (g1, g2) = (glyphs[5].0, glyphs[6].0);
        glyphs.push((g1, 'Z'));
        glyphs.push((0, 'Q'));
        glyphs.push((g2, glyphs[5].1));
        let sub = verify(data, 0, &glyphs);
        let new = Face::parse(&sub.bytes, 0).unwrap();
        assert_eq!(new.glyph_index('Z').map(|g| g.0), Some(sub.new_ids[&g1]));
        assert_eq!(new.glyph_index('Q'), None);
        // Characters in consecutive runs with glyph ids that do not climb.
        let reversed: Vec<(u16, char)> = used(&face, "abcdefgh").into_iter().rev().collect();
        verify(data, 0, &reversed);
        // Nothing but .notdef.
        let sub = verify(data, 0, &[]);
        assert_eq!(sub.new_ids.len(), 1);
    }

    /// A collection of two faces built from two bundled fonts: table offsets in a
    /// collection count from the start of the file.
    fn collection(fonts: &[&[u8]]) -> Vec<u8> {
        let mut out = b"ttcf".to_vec();
        out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
        let header = 12 + 4 * fonts.len();
        out.resize(header, 0);
        for (k, font) in fonts.iter().enumerate() {
            let base = out.len();
            out[12 + 4 * k..16 + 4 * k].copy_from_slice(&(base as u32).to_be_bytes());
            out.extend_from_slice(font);
            let n = usize::from(u16_at(font, 4).unwrap());
            for r in 0..n {
                let at = base + 12 + 16 * r + 8;
                let off = u32_at(&out, at).unwrap() + base as u32;
                out[at..at + 4].copy_from_slice(&off.to_be_bytes());
            }
            pad4(&mut out);
        }
        out
    }

    #[test]
    fn faces_in_a_collection() {
        let ttc = collection(&[BUNDLED[2].data, BUNDLED[0].data]);
        for index in 0..2 {
            let face = Face::parse(&ttc, index).unwrap();
            verify(&ttc, index, &used(&face, "简报，2024"));
        }
        let err = subset_truetype(&ttc, 2, &[]).err().unwrap();
        assert!(err.contains("2 faces"), "{err}");
    }

    #[test]
    fn cff_and_woff_are_left_to_allsorts() {
        let mut otf = assemble(vec![(*b"CFF ", Cow::Borrowed(&[1u8, 0, 4, 1][..]))]).unwrap();
        otf[0..4].copy_from_slice(b"OTTO");
        assert!(subset_truetype(&otf, 0, &[(1, 'a')]).unwrap().is_none());
        let woff = b"wOFF\0\x01\0\0".to_vec();
        assert!(subset_truetype(&woff, 0, &[]).unwrap().is_none());
        let bare = assemble(vec![(*b"name", Cow::Borrowed(&[0u8; 8][..]))]).unwrap();
        assert!(subset_truetype(&bare, 0, &[]).is_err());
    }

    /// A simple glyph: one closed contour through `points`, all on the curve.
    fn simple_glyph(points: &[(i16, i16)]) -> Vec<u8> {
        let xs = points.iter().map(|p| p.0);
        let ys = points.iter().map(|p| p.1);
        let mut out = Vec::new();
        for v in [
            1,
            xs.clone().min().unwrap(),
            ys.clone().min().unwrap(),
            xs.clone().max().unwrap(),
            ys.clone().max().unwrap(),
            points.len() as i16 - 1,
            0,
        ] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        out.extend(std::iter::repeat_n(1u8, points.len()));
        let (mut px, mut py) = (0i16, 0i16);
        for &(x, _) in points {
            out.extend_from_slice(&(x - px).to_be_bytes());
            px = x;
        }
        for &(_, y) in points {
            out.extend_from_slice(&(y - py).to_be_bytes());
            py = y;
        }
        out
    }

    /// A composite glyph: (component, flags without MORE_COMPONENTS, arguments and
    /// transform bytes) per component, then instructions if any.
    fn composite_glyph(parts: &[(u16, u16, Vec<u8>)], instructions: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for v in [-1i16, 0, 0, 1000, 1000] {
            out.extend_from_slice(&v.to_be_bytes());
        }
        for (k, (glyph, flags, rest)) in parts.iter().enumerate() {
            let mut flags = *flags;
            if k + 1 < parts.len() {
                flags |= MORE_COMPONENTS;
            }
            if !instructions.is_empty() {
                flags |= 0x0100;
            }
            out.extend_from_slice(&flags.to_be_bytes());
            out.extend_from_slice(&glyph.to_be_bytes());
            out.extend_from_slice(rest);
        }
        if !instructions.is_empty() {
            out.extend_from_slice(&(instructions.len() as u16).to_be_bytes());
            out.extend_from_slice(instructions);
        }
        out
    }

    /// A tiny TrueType face with the given glyph records; glyph k shows char 'A' + k.
    fn synthetic(records: &[Vec<u8>]) -> Vec<u8> {
        let n = records.len();
        let mut head = vec![0u8; 54];
        head[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        head[12..16].copy_from_slice(&0x5F0F_3CF5u32.to_be_bytes());
        head[18..20].copy_from_slice(&1000u16.to_be_bytes());
        head[50..52].copy_from_slice(&0u16.to_be_bytes()); // short loca
        let mut hhea = vec![0u8; 36];
        hhea[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        hhea[4..6].copy_from_slice(&800i16.to_be_bytes());
        hhea[34..36].copy_from_slice(&2u16.to_be_bytes()); // fewer metrics than glyphs
        let mut maxp = vec![0u8; 32];
        maxp[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        maxp[4..6].copy_from_slice(&(n as u16).to_be_bytes());
        let mut hmtx = Vec::new();
        for (adv, lsb) in [(500u16, 10i16), (600, 20)] {
            hmtx.extend_from_slice(&adv.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        for k in 2..n {
            hmtx.extend_from_slice(&(k as i16 * 7).to_be_bytes());
        }
        let (mut glyf, mut loca) = (Vec::new(), Vec::new());
        for r in records {
            loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
            glyf.extend_from_slice(r);
            if glyf.len() % 2 == 1 {
                glyf.push(0);
            }
        }
        loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
        let mut post = vec![0u8; 32];
        post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        post[4..8].copy_from_slice(&(-12i32 << 16 | 0x8000).to_be_bytes()); // -11.5°
        post[8..10].copy_from_slice(&(-100i16).to_be_bytes());
        post[10..12].copy_from_slice(&50i16.to_be_bytes());
        let map: Vec<(u32, u16)> = (0..n as u16)
            .map(|k| (u32::from(b'A') + u32::from(k), k))
            .collect();
        assemble(vec![
            (*b"head", Cow::Owned(head)),
            (*b"hhea", Cow::Owned(hhea)),
            (*b"maxp", Cow::Owned(maxp)),
            (*b"hmtx", Cow::Owned(hmtx)),
            (*b"loca", Cow::Owned(loca)),
            (*b"glyf", Cow::Owned(glyf)),
            (*b"cmap", Cow::Owned(cmap_table(&map))),
            (*b"post", Cow::Owned(post)),
            (*b"cvt ", Cow::Borrowed(&[0u8, 40, 0, 80][..])),
            (*b"fpgm", Cow::Borrowed(&[0xB0u8, 0x00, 0x2C][..])),
            (*b"prep", Cow::Borrowed(&[0xB8u8, 0x01, 0xFF, 0x85][..])),
            (*b"name", Cow::Borrowed(&[0u8, 0, 0, 0, 0, 6][..])),
            (*b"OS/2", Cow::Owned((0..78u8).collect())),
        ])
        .unwrap()
    }

    #[test]
    fn synthetic_composites_with_every_transform() {
        let f2dot14 = |v: f32| ((v * 16384.0) as i16).to_be_bytes();
        let words = |x: i16, y: i16| [x.to_be_bytes(), y.to_be_bytes()].concat();
        let square = simple_glyph(&[(0, 0), (0, 500), (500, 500), (500, 0)]);
        let triangle = simple_glyph(&[(0, 0), (250, 400), (500, 0)]);
        let records = vec![
            square.clone(),
            Vec::new(), // an empty glyph (a space)
            triangle,
            // 3: triangle moved by words, square moved by bytes and scaled.
            composite_glyph(
                &[
                    (2, ARG_1_AND_2_ARE_WORDS | 0x0002, words(300, -200)),
                    (
                        0,
                        0x0002 | WE_HAVE_A_SCALE,
                        [vec![10u8, 20], f2dot14(0.5).to_vec()].concat(),
                    ),
                ],
                &[],
            ),
            // 4: glyph 3 scaled in x and y, and the triangle by a 2x2, with instructions.
            composite_glyph(
                &[
                    (
                        3,
                        0x0002 | WE_HAVE_AN_X_AND_Y_SCALE,
                        [vec![0u8, 0], f2dot14(0.75).to_vec(), f2dot14(1.25).to_vec()].concat(),
                    ),
                    (
                        2,
                        ARG_1_AND_2_ARE_WORDS | 0x0002 | WE_HAVE_A_TWO_BY_TWO,
                        [
                            words(-50, 60),
                            f2dot14(0.5).to_vec(),
                            f2dot14(0.25).to_vec(),
                            f2dot14(-0.25).to_vec(),
                            f2dot14(1.0).to_vec(),
                        ]
                        .concat(),
                    ),
                ],
                &[0xB0, 0x01, 0x2C],
            ),
            // 5 and 6 contain each other.
            composite_glyph(&[(6, 0x0002, vec![0, 0])], &[]),
            composite_glyph(&[(5, 0x0002, vec![0, 0])], &[]),
        ];
        let font = synthetic(&records);
        let face = Face::parse(&font, 0).unwrap();
        assert!(face
            .outline_glyph(GlyphId(4), &mut Path::default())
            .is_some());
        // Glyph 4 alone: 3 comes in as its component, then 2 and 0 as 3's.
        let sub = verify(&font, 0, &[(4, 'E'), (1, 'B')]);
        let mut ids: Vec<_> = sub.new_ids.iter().map(|(&o, &n)| (o, n)).collect();
        ids.sort_by_key(|&(_, n)| n);
        assert_eq!(ids, vec![(0, 0), (4, 1), (1, 2), (3, 3), (2, 4)]);
        // Hinting instructions after the last component come through unchanged.
        let new = Face::parse(&sub.bytes, 0).unwrap();
        let glyf = new
            .raw_face()
            .table(ttf_parser::Tag::from_bytes(b"glyf"))
            .unwrap();
        assert!(glyf.windows(5).any(|w| w == [0, 3, 0xB0, 0x01, 0x2C]));
        // So do the hinting programs, name and OS/2.
        let old = Face::parse(&font, 0).unwrap();
        for tag in [b"cvt ", b"fpgm", b"prep", b"name", b"OS/2"] {
            let tag = ttf_parser::Tag::from_bytes(tag);
            assert_eq!(
                old.raw_face().table(tag),
                new.raw_face().table(tag),
                "{tag}"
            );
            assert!(new.raw_face().table(tag).is_some());
        }

        let err = subset_truetype(&font, 0, &[(5, 'F')]).err().unwrap();
        assert!(err.contains("contains itself"), "{err}");
        let err = subset_truetype(&font, 0, &[(7, 'H')]).err().unwrap();
        assert!(err.contains("only 7 glyphs"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut records = vec![simple_glyph(&[(0, 0), (0, 10), (10, 0)])];
        for k in 0..40u16 {
            records.push(composite_glyph(&[(k, 0x0002, vec![0, 1])], &[]));
        }
        let font = synthetic(&records);
        assert!(subset_truetype(&font, 0, &[(20, 'a')]).is_ok());
        let err = subset_truetype(&font, 0, &[(40, 'a')]).err().unwrap();
        assert!(err.contains("too deeply"), "{err}");
    }

    use crate::testing::Rng;

    /// Runs the subsetter on damaged data: it may fail, with a reason, but not panic.
    fn survives(data: &[u8], glyphs: &[(u16, char)], what: &str) {
        let result = std::panic::catch_unwind(|| subset_truetype(data, 0, glyphs));
        match result {
            Err(_) => panic!("panicked on {what}"),
            Ok(Err(reason)) => assert!(!reason.is_empty()),
            Ok(Ok(_)) => {}
        }
    }

    #[test]
    fn damaged_fonts_give_errors_not_panics() {
        let start = std::time::Instant::now();
        // LXGW WenKai: composites and non-BMP characters. Its first 64 KB hold the table
        // directory and the small tables; the kept glyphs' loca entries and records
        // are damaged as well.
        let font = BUNDLED[3].data;
        let face = Face::parse(font, 0).unwrap();
        let glyphs = used(&face, SAMPLE);
        let dir = Directory::parse(font, 0).unwrap().unwrap();
        let span = |tag: &[u8; 4]| {
            let t = dir.required(tag).unwrap();
            let at = t.as_ptr() as usize - font.as_ptr() as usize;
            at..at + t.len()
        };
        let (loca, glyf) = (span(b"loca"), span(b"glyf"));
        let mut hot: Vec<std::ops::Range<usize>> = Vec::new();
        hot.push(0..65536);
        // The composites (− ¨ ´) and a few simple glyphs.
        let composite = |g: u16| {
            let at = loca.start + 4 * usize::from(g);
            let s = glyf.start + u32_at(font, at).unwrap() as usize;
            i16_at(font, s).is_some_and(|n| n < 0)
        };
        let chosen = glyphs.iter().map(|&(g, _)| g);
        let composites: Vec<u16> = chosen.clone().filter(|&g| composite(g)).collect();
        assert_eq!(composites.len(), 3);
        for g in composites
            .into_iter()
            .chain(chosen.clone().take(8))
            .chain(chosen.rev().take(4))
        {
            let at = loca.start + 4 * usize::from(g);
            hot.push(at..at + 8);
            let (s, e) = (
                u32_at(font, at).unwrap() as usize,
                u32_at(font, at + 4).unwrap() as usize,
            );
            hot.push(glyf.start + s..glyf.start + e);
        }
        let head = &font[..65536];

        for len in (0..200).chain((200..65536).step_by(1499)) {
            survives(&head[..len], &glyphs, &format!("the first {len} bytes"));
        }
        for r in &hot[1..] {
            for cut in [r.start, r.start + 1, (r.start + r.end) / 2, r.end - 1] {
                survives(&font[..cut], &glyphs, &format!("the first {cut} bytes"));
            }
        }
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut copy = font.to_vec();
        for round in 0..1500 {
            let r = &hot[if round % 2 == 0 {
                0
            } else {
                1 + rng.below(hot.len() - 1)
            }];
            let flips: Vec<(usize, u8)> = (0..1 + rng.below(3))
                .map(|_| (r.start + rng.below(r.end - r.start), 1u8 << rng.below(8)))
                .collect();
            for &(at, bit) in &flips {
                copy[at] ^= bit;
            }
            survives(&copy, &glyphs, &format!("bit flips {flips:?}"));
            for &(at, bit) in &flips {
                copy[at] ^= bit;
            }
        }
        // Random bytes, bare and behind a plausible header.
        for round in 0..300 {
            let len = rng.below(400);
            let mut junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            if round % 2 == 0 && len >= 12 {
                junk[0..4].copy_from_slice(if round % 4 == 0 {
                    b"ttcf"
                } else {
                    b"\0\x01\0\0"
                });
                junk[4] = 0;
            }
            survives(&junk, &[(1, 'a'), (3, 'b')], "random bytes");
        }
        assert!(start.elapsed().as_secs() < 60, "bounded time");
    }
}
