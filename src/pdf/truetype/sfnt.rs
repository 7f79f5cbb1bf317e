//! Reading and writing the sfnt container: big-endian fields, the table directory
//! of a face (in a file or a collection), checksums and assembling a new font file.

use std::borrow::Cow;

pub(crate) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let bytes: [u8; 2] = data.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_be_bytes(bytes))
}

pub(crate) fn i16_at(data: &[u8], at: usize) -> Option<i16> {
    u16_at(data, at).map(|v| v as i16)
}

pub(crate) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let bytes: [u8; 4] = data.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes))
}

pub(crate) fn offset32(len: usize) -> Result<u32, String> {
    u32::try_from(len).map_err(|_| "the subset glyph data would exceed 4 GB".into())
}

pub(crate) fn pad4(out: &mut Vec<u8>) {
    out.resize(out.len().next_multiple_of(4), 0);
}

/// Where one face's tables are in the file.
pub(crate) struct Directory<'a> {
    data: &'a [u8],
    /// Tag, offset from the start of the file, length; not yet checked against the file
    /// size, so a damaged entry for a table we do not use does no harm.
    records: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Directory<'a> {
    /// None for a WOFF/WOFF2 file: allsorts unpacks those.
    pub(crate) fn parse(data: &'a [u8], face_index: u32) -> Result<Option<Directory<'a>>, String> {
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

    pub(crate) fn has(&self, tag: &[u8; 4]) -> bool {
        self.records.iter().any(|(t, _, _)| t == tag)
    }

    pub(crate) fn table(&self, tag: &[u8; 4]) -> Result<Option<&'a [u8]>, String> {
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

    pub(crate) fn required(&self, tag: &[u8; 4]) -> Result<&'a [u8], String> {
        self.table(tag)?
            .ok_or_else(|| format!("the font has no {} table", tag_name(tag)))
    }
}

pub(crate) fn tag_name(tag: &[u8; 4]) -> String {
    String::from_utf8_lossy(tag).trim_end().to_string()
}

/// The OpenType checksum: the sum of big-endian u32 words, the tail zero-padded.
pub(crate) fn checksum(data: &[u8]) -> u32 {
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
pub(crate) fn assemble(mut tables: Vec<([u8; 4], Cow<'_, [u8]>)>) -> Result<Vec<u8>, String> {
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
