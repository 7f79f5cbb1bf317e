//! The zip container of a .docx, read with a size limit: a damaged file or a zip bomb
//! gives an error, never a panic or an exhausted machine (zip64 archives included).

use super::{DocxError, MAX_PART};

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

fn u64_at(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?)).ok()
}

/// Where the central directory is and how many entries it has, from the end of
/// central directory record, or from its zip64 form when the record says so (counts
/// or offsets of all ones, as zip64 writers leave them).
fn central_directory(zip: &[u8]) -> Result<(usize, usize), DocxError> {
    let bad = |why: &str| DocxError::NotZip(why.to_string());
    // End of central directory: the last "PK\5\6" within the final 64 KB.
    let tail = zip.len().saturating_sub(65_557);
    let eocd = (tail..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(|| bad("no central directory"))?;
    let count = u16_at(zip, eocd + 10).ok_or_else(|| bad("truncated"))?;
    let at = u32_at(zip, eocd + 16).ok_or_else(|| bad("truncated"))?;
    if count != 0xFFFF && at != 0xFFFF_FFFF {
        return Ok((at, count));
    }
    // Zip64: a locator just before the record points at the zip64 record.
    let locator = eocd
        .checked_sub(20)
        .filter(|&l| zip[l..].starts_with(b"PK\x06\x07"))
        .ok_or_else(|| bad("zip64 locator missing"))?;
    let record = u64_at(zip, locator + 8).ok_or_else(|| bad("truncated"))?;
    if !zip
        .get(record..)
        .is_some_and(|r| r.starts_with(b"PK\x06\x06"))
    {
        return Err(bad("damaged zip64 record"));
    }
    let count = u64_at(zip, record + 32).ok_or_else(|| bad("truncated"))?;
    let at = u64_at(zip, record + 48).ok_or_else(|| bad("truncated"))?;
    Ok((at, count))
}

/// The zip64 extra field (0x0001) of a central entry: the 64-bit values of the
/// fields its 32-bit header left at all ones, in their order (uncompressed size,
/// compressed size, local header offset).
fn zip64_values(extra: &[u8]) -> Vec<usize> {
    let mut k = 0;
    while k + 4 <= extra.len() {
        let id = u16::from_le_bytes([extra[k], extra[k + 1]]);
        let len = usize::from(u16::from_le_bytes([extra[k + 2], extra[k + 3]]));
        let body = extra.get(k + 4..k + 4 + len).unwrap_or_default();
        if id == 1 {
            return body
                .chunks_exact(8)
                .filter_map(|c| usize::try_from(u64::from_le_bytes(c.try_into().ok()?)).ok())
                .collect();
        }
        k += 4 + len;
    }
    Vec::new()
}

/// The bytes of one file inside a zip archive (zip64 archives included).
pub fn zip_entry(zip: &[u8], name: &str) -> Result<Option<Vec<u8>>, DocxError> {
    let bad = |why: &str| DocxError::NotZip(why.to_string());
    if !zip.starts_with(b"PK\x03\x04") && !zip.starts_with(b"PK\x05\x06") {
        return Err(bad("not a zip archive"));
    }
    let (mut at, count) = central_directory(zip)?;
    for _ in 0..count {
        if !zip.get(at..).is_some_and(|r| r.starts_with(b"PK\x01\x02")) {
            return Err(bad("damaged central directory"));
        }
        let field = |off: usize| u32_at(zip, at + off).ok_or_else(|| bad("truncated"));
        let flags = u16_at(zip, at + 8).ok_or_else(|| bad("truncated"))?;
        let method = u16_at(zip, at + 10).ok_or_else(|| bad("truncated"))?;
        let crc = field(16)?;
        let mut csize = field(20)?;
        let mut usize_ = field(24)?;
        let nlen = u16_at(zip, at + 28).ok_or_else(|| bad("truncated"))?;
        let xlen = u16_at(zip, at + 30).ok_or_else(|| bad("truncated"))?;
        let clen = u16_at(zip, at + 32).ok_or_else(|| bad("truncated"))?;
        let mut local = field(42)?;
        let entry_name = zip
            .get(at + 46..at + 46 + nlen)
            .ok_or_else(|| bad("truncated"))?;
        let extra = zip
            .get(at + 46 + nlen..at + 46 + nlen + xlen)
            .ok_or_else(|| bad("truncated"))?;
        at += 46 + nlen + xlen + clen;
        if entry_name != name.as_bytes() {
            continue;
        }
        // Bit 0: the entry is encrypted (a password-protected archive).
        if flags & 1 != 0 {
            return Err(DocxError::Encrypted);
        }
        let mut wide = zip64_values(extra).into_iter();
        for v in [&mut usize_, &mut csize, &mut local] {
            if *v == 0xFFFF_FFFF {
                *v = wide.next().ok_or_else(|| bad("zip64 sizes missing"))?;
            }
        }
        if usize_ > MAX_PART {
            return Err(DocxError::TooLarge);
        }
        let lnlen = u16_at(zip, local + 26).ok_or_else(|| bad("truncated"))?;
        let lxlen = u16_at(zip, local + 28).ok_or_else(|| bad("truncated"))?;
        let start = local + 30 + lnlen + lxlen;
        let data = start
            .checked_add(csize)
            .and_then(|end| zip.get(start..end))
            .ok_or_else(|| bad("entry outside the file"))?;
        use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
        let data = match method {
            0 => data.to_vec(),
            8 => decompress_to_vec_with_limit(data, MAX_PART).map_err(|e| match e.status {
                TINFLStatus::HasMoreOutput => DocxError::TooLarge,
                _ => bad("damaged compressed data"),
            })?,
            _ => return Err(bad("unsupported compression")),
        };
        // Damaged compressed data often still inflates (to garbage); the checksum the
        // zip records for each entry tells.
        if crc32(&data) as usize != crc {
            return Err(bad("damaged data: checksum mismatch"));
        }
        return Ok(Some(data));
    }
    Ok(None)
}

/// CRC-32 (IEEE), the checksum a zip records for each entry (also what tests use to
/// write archives).
pub fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    !data.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}
