//! A minimal zip writer for the Word file: deflated entries (stored when deflating does
//! not help), the CRC-32 the .docx reader checks, a fixed timestamp so the same issue
//! always gives the same bytes. No zip64: a bulletin's parts are far below 4 GB, and
//! a part that is not is refused rather than written as a damaged archive.

use crate::import::docx::crc32;

/// DOS date of 1 January 1980, the earliest a zip can hold (time 00:00): the archive
/// does not depend on when it was made.
const DOS_DATE: u16 = (1 << 5) | 1;

/// The archive being written.
#[derive(Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

/// A part too large for a plain zip (over 4 GB, or more than 65,535 parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge;

impl ZipWriter {
    pub fn new() -> ZipWriter {
        ZipWriter::default()
    }

    /// Adds a file named `name` holding `data`.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), TooLarge> {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
        if deflated.len() < data.len() {
            self.entry(name, data, 8, &deflated)
        } else {
            self.entry(name, data, 0, data)
        }
    }

    /// Adds a file stored as it is, without trying to deflate it: photos (JPEG, PNG)
    /// are compressed already, and deflating megabytes of them costs seconds for
    /// nothing.
    pub fn add_stored(&mut self, name: &str, data: &[u8]) -> Result<(), TooLarge> {
        self.entry(name, data, 0, data)
    }

    fn entry(&mut self, name: &str, data: &[u8], method: u16, body: &[u8]) -> Result<(), TooLarge> {
        let fits = |n: usize| u32::try_from(n).ok().filter(|&v| v != u32::MAX);
        let (Some(csize), Some(usize_), Some(offset), Some(nlen)) = (
            fits(body.len()),
            fits(data.len()),
            fits(self.out.len()),
            u16::try_from(name.len()).ok(),
        ) else {
            return Err(TooLarge);
        };
        let count = self.entries.checked_add(1).ok_or(TooLarge)?;
        let crc = crc32(data);
        // Version needed 2.0, flag bit 11: the name is UTF-8.
        let common = |h: &mut Vec<u8>| {
            h.extend(20u16.to_le_bytes());
            h.extend((1u16 << 11).to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(DOS_DATE.to_le_bytes());
            h.extend(crc.to_le_bytes());
            h.extend(csize.to_le_bytes());
            h.extend(usize_.to_le_bytes());
            h.extend(nlen.to_le_bytes());
            h.extend(0u16.to_le_bytes());
        };
        self.out.extend(b"PK\x03\x04");
        common(&mut self.out);
        self.out.extend(name.as_bytes());
        self.out.extend(body);
        self.central.extend(b"PK\x01\x02");
        self.central.extend(20u16.to_le_bytes()); // made by
        common(&mut self.central);
        // Comment length, disk number, internal and external attributes.
        self.central.extend([0u8; 10]);
        self.central.extend(offset.to_le_bytes());
        self.central.extend(name.as_bytes());
        self.entries = count;
        Ok(())
    }

    /// The finished archive.
    pub fn finish(mut self) -> Result<Vec<u8>, TooLarge> {
        let at = u32::try_from(self.out.len()).map_err(|_| TooLarge)?;
        let size = u32::try_from(self.central.len()).map_err(|_| TooLarge)?;
        self.out.append(&mut self.central);
        self.out.extend(b"PK\x05\x06");
        self.out.extend([0u8; 4]);
        self.out.extend(self.entries.to_le_bytes());
        self.out.extend(self.entries.to_le_bytes());
        self.out.extend(size.to_le_bytes());
        self.out.extend(at.to_le_bytes());
        self.out.extend(0u16.to_le_bytes());
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::zip_entry;

    /// What is written is read back byte for byte by the .docx reader (which checks
    /// each entry's CRC), compressible parts deflated, incompressible ones stored.
    #[test]
    fn entries_read_back_through_the_docx_reader() {
        let text = "简报编排 jianbao ".repeat(400);
        let mut noise = Vec::new();
        let mut rng = crate::testing::Rng(7);
        for _ in 0..3000 {
            noise.push(rng.next() as u8);
        }
        let mut z = ZipWriter::new();
        z.add("word/document.xml", text.as_bytes()).unwrap();
        z.add("media/noise.bin", &noise).unwrap();
        z.add("空.txt", b"").unwrap();
        let zip = z.finish().unwrap();
        assert!(zip.len() < text.len(), "text was deflated");
        assert_eq!(
            zip_entry(&zip, "word/document.xml").unwrap().unwrap(),
            text.as_bytes()
        );
        assert_eq!(zip_entry(&zip, "media/noise.bin").unwrap().unwrap(), noise);
        assert_eq!(zip_entry(&zip, "空.txt").unwrap().unwrap(), b"");
        assert_eq!(zip_entry(&zip, "missing").unwrap(), None);
        // The same parts give the same bytes (no clock inside).
        let mut again = ZipWriter::new();
        again.add("word/document.xml", text.as_bytes()).unwrap();
        again.add("media/noise.bin", &noise).unwrap();
        again.add("空.txt", b"").unwrap();
        assert_eq!(again.finish().unwrap(), zip);
    }
}
