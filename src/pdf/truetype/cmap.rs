//! The subset's `cmap`: format 4 for the Basic Multilingual Plane, format 12 when a
//! character lies beyond it.

/// A `cmap` with a format 4 subtable (3,1) for the BMP and, when a character lies
/// beyond it, a format 12 subtable (3,10) for all. `mappings` is sorted by character,
/// without repeats.
pub(super) fn cmap_table(mappings: &[(u32, u16)]) -> Vec<u8> {
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
pub(super) fn cmap_format4(bmp: &[(u16, u16)]) -> Option<Vec<u8>> {
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

pub(super) fn cmap_format12(mappings: &[(u32, u16)]) -> Vec<u8> {
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
