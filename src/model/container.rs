//! The `.jianbao` file with pictures: a zip holding the issue's JSON (`issue.json`,
//! exactly what a file without pictures holds) and one stored (uncompressed) entry per
//! picture, `pictures/<sha-256>.jpg|png`.
//!
//! Why a zip and not base64 in the JSON: photos are 1–4 MB each, so base64 would make
//! a 20-photo issue a 70 MB text that is parsed whole on every open and rewritten whole
//! on every save (a third larger, and slower to parse than to copy); in a zip the JSON
//! stays small and readable (`unzip -p issue.jianbao issue.json`), each photo is its
//! file's bytes unchanged (JPEGs do not compress further, so they are stored), and a
//! damaged entry costs that picture, not the issue. An issue without pictures is still
//! written as plain JSON, as before.

use super::{Issue, LoadError, Picture};

/// The JSON entry of a container.
pub const ISSUE_ENTRY: &str = "issue.json";

/// The most picture bytes an issue carries. Measured: 20 photos of 1–4 MB (a full
/// issue of event photos, straight from a phone) are 50 MB; 256 MB leaves room for
/// 60 such photos, while loading stays within about twice that in memory.
pub const MAX_PICTURE_BYTES: u64 = 256 << 20;

/// The largest issue file read: the JSON limit plus the pictures'.
pub const MAX_CONTAINER_BYTES: u64 = super::MAX_ISSUE_FILE_BYTES + MAX_PICTURE_BYTES;

/// The entry name of a picture inside the container.
pub fn picture_entry(p: &Picture) -> String {
    format!("pictures/{}.{}", p.id, p.info.format.extension())
}

/// Why an issue could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// The JSON alone would be larger than jianbao opens.
    TextTooLarge { bytes: u64 },
    /// The pictures together would be larger than jianbao opens.
    PicturesTooLarge { bytes: u64 },
}

impl Issue {
    /// The bytes of the issue file: plain JSON without pictures, otherwise the zip
    /// container. Pictures no figure shows are left out.
    pub fn to_file_bytes(&self) -> Result<Vec<u8>, SaveError> {
        let json = self.to_json();
        if json.len() as u64 > super::MAX_ISSUE_FILE_BYTES {
            return Err(SaveError::TextTooLarge {
                bytes: json.len() as u64,
            });
        }
        let used = self.used_pictures();
        let pictures: Vec<&Picture> = self
            .pictures
            .iter()
            .filter(|p| used.contains(&p.id) && p.is_present())
            .collect();
        if pictures.is_empty() && self.pictures.is_empty() {
            return Ok(json.into_bytes());
        }
        let total: u64 = pictures.iter().map(|p| p.bytes.len() as u64).sum();
        if total > MAX_PICTURE_BYTES {
            return Err(SaveError::PicturesTooLarge { bytes: total });
        }
        // The table in the JSON lists only pictures in use.
        let mut pruned = self.clone();
        pruned.drop_unused_pictures();
        let json = pruned.to_json();
        let mut zip = crate::export::zip::ZipWriter::new();
        let too_large = |_| SaveError::PicturesTooLarge { bytes: total };
        zip.add(ISSUE_ENTRY, json.as_bytes()).map_err(too_large)?;
        for p in pictures {
            zip.add_stored(&picture_entry(p), &p.bytes)
                .map_err(too_large)?;
        }
        zip.finish().map_err(too_large)
    }

    /// Reads an issue file's bytes (JSON or container); `path` names it in messages.
    /// A picture whose entry is missing or damaged does not cost the issue: it opens
    /// with that picture's bytes empty, and layout names the picture and its article.
    pub fn from_file_bytes(bytes: Vec<u8>, path: &str) -> Result<Issue, LoadError> {
        if !bytes.starts_with(b"PK\x03\x04") {
            if bytes.len() as u64 > super::MAX_ISSUE_FILE_BYTES {
                return Err(LoadError::TooLarge {
                    path: path.to_string(),
                    bytes: bytes.len() as u64,
                });
            }
            return super::load::from_text_bytes(bytes, path);
        }
        let damaged = |what: String| LoadError::Container {
            path: path.to_string(),
            message: what,
        };
        let json = match crate::import::docx::zip_entry(&bytes, ISSUE_ENTRY) {
            Ok(Some(json)) => json,
            Ok(None) => {
                return Err(damaged(format!(
                "it is a zip archive without the entry {ISSUE_ENTRY}: not a jianbao issue (a Word .docx or another archive?)"
            )))
            }
            Err(e) => return Err(damaged(format!("the archive is damaged ({e})"))),
        };
        let text = String::from_utf8(json).map_err(|_| {
            damaged(format!(
                "the entry {ISSUE_ENTRY} is not UTF-8 text (the file is damaged)"
            ))
        })?;
        let shown = format!("{path} ({ISSUE_ENTRY})");
        let mut issue = Issue::from_json(&text, &shown)?;
        let ids: Vec<super::PictureId> = issue.pictures.iter().map(|p| p.id.clone()).collect();
        for id in ids {
            let Some(p) = issue.pictures.get_mut(&id) else {
                continue;
            };
            let entry = picture_entry(p);
            // A missing or damaged entry, or one whose bytes are not the picture the
            // table names, leaves the picture without bytes (warned about in layout).
            if let Ok(Some(data)) = crate::import::docx::zip_entry(&bytes, &entry) {
                if super::PictureId::of(&data) == id {
                    p.bytes = data.into();
                }
            }
        }
        Ok(issue)
    }

    /// The pictures the issue names whose bytes are missing, as (file name, entry),
    /// for a message after opening.
    pub fn missing_pictures(&self) -> Vec<(String, String)> {
        self.pictures
            .iter()
            .filter(|p| !p.is_present())
            .map(|p| (p.name.clone(), picture_entry(p)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Figure};
    use crate::picture::samples;

    fn with_pictures(n: u32) -> Issue {
        let mut issue = Issue::sample();
        for k in 0..n {
            let id = issue
                .add_picture(samples::jpeg(64 + k, 48), &format!("照片{k}.jpg"))
                .unwrap();
            issue.sections[0].articles[0]
                .blocks
                .push(Block::Figure(Figure::single(id, &format!("图{k}"))));
        }
        issue
    }

    #[test]
    fn issues_with_pictures_round_trip_through_the_container() {
        let mut issue = with_pictures(3);
        let unused = issue.add_picture(samples::png(8, 8), "unused.png").unwrap();
        let bytes = issue.to_file_bytes().unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let back = Issue::from_file_bytes(bytes.clone(), "p.jianbao").unwrap();
        issue.drop_unused_pictures();
        assert!(back.pictures.get(&unused).is_none());
        assert_eq!(back, issue);
        assert!(back.missing_pictures().is_empty());
        // The JPEG bytes are stored as they are.
        for p in issue.pictures.iter() {
            let entry = crate::import::docx::zip_entry(&bytes, &picture_entry(p))
                .unwrap()
                .unwrap();
            assert_eq!(&entry[..], &p.bytes[..]);
        }
        // Without pictures the file stays plain JSON.
        let plain = Issue::sample().to_file_bytes().unwrap();
        assert!(plain.starts_with(b"{"));
        assert_eq!(
            Issue::from_file_bytes(plain, "s.jianbao").unwrap(),
            Issue::sample()
        );
    }

    /// A file saved by the previous version (plain JSON, version 2) opens as it was
    /// and is saved in the current version.
    #[test]
    fn version_2_files_keep_opening() {
        let old = include_bytes!("../../tests/old-issues/version-2.jianbao");
        let issue = Issue::from_file_bytes(old.to_vec(), "version-2.jianbao").unwrap();
        assert_eq!(issue.version, crate::model::FORMAT_VERSION);
        assert_eq!(issue, Issue::sample());
        assert!(issue.pictures.is_empty());
        let saved = String::from_utf8(issue.to_file_bytes().unwrap()).unwrap();
        assert!(saved.contains("\"version\": 3"), "{saved}");
    }

    /// Autosave writes each picture once beside the recovery file; a recovered issue
    /// has its pictures back, and pictures no longer carried are removed.
    #[test]
    fn recovery_files_carry_pictures_written_once() {
        let dir = std::env::temp_dir().join(format!("jianbao-rec-pics-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let places = crate::store::Places::at(&dir);
        let slot = crate::store::RecoverySlot::claim(&places).unwrap();
        let issue = with_pictures(2);
        let recovery = crate::store::Recovery {
            original: None,
            issue: issue.clone(),
        };
        slot.write(&recovery).unwrap();
        let mut pics_dir = slot.file().as_os_str().to_owned();
        pics_dir.push(".pictures");
        let pics_dir = std::path::PathBuf::from(pics_dir);
        let first: Vec<_> = std::fs::read_dir(&pics_dir)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().modified().unwrap())
            .collect();
        assert_eq!(first.len(), 2);
        std::thread::sleep(std::time::Duration::from_millis(20));
        slot.write(&recovery).unwrap();
        let again: Vec<_> = std::fs::read_dir(&pics_dir)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().modified().unwrap())
            .collect();
        assert_eq!(first, again, "pictures are not rewritten by each autosave");
        // The editor ends without saving: the work comes back with its pictures.
        drop(slot);
        let found = crate::store::Recovery::find(&places).unwrap().unwrap();
        assert_eq!(found.issue, issue);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_or_damaged_picture_entry_keeps_the_issue() {
        let issue = with_pictures(2);
        let ids: Vec<_> = issue.pictures.iter().map(|p| p.id.clone()).collect();
        // Rebuild the container without the second picture's entry.
        let mut zip = crate::export::zip::ZipWriter::new();
        let mut pruned = issue.clone();
        pruned.drop_unused_pictures();
        zip.add(ISSUE_ENTRY, pruned.to_json().as_bytes()).unwrap();
        let first = issue.pictures.get(&ids[0]).unwrap();
        zip.add_stored(&picture_entry(first), &first.bytes).unwrap();
        let second = issue.pictures.get(&ids[1]).unwrap();
        // The second entry holds other bytes than its name says.
        zip.add_stored(&picture_entry(second), b"not the photo")
            .unwrap();
        let bytes = zip.finish().unwrap();
        let back = Issue::from_file_bytes(bytes, "m.jianbao").unwrap();
        assert!(back.pictures.get(&ids[0]).unwrap().is_present());
        assert!(!back.pictures.get(&ids[1]).unwrap().is_present());
        let missing = back.missing_pictures();
        assert_eq!(missing.len(), 1);
        assert!(missing[0].1.contains(&ids[1].0), "{missing:?}");
        assert_eq!(back.sections, issue.sections);

        // A zip without the JSON, and a damaged archive, are named.
        let mut other = crate::export::zip::ZipWriter::new();
        other.add("word/document.xml", b"<w:document/>").unwrap();
        let e = Issue::from_file_bytes(other.finish().unwrap(), "w.jianbao").unwrap_err();
        assert!(e.to_string().contains("w.jianbao") && e.to_string().contains(ISSUE_ENTRY));
        assert!(e.chinese().contains("w.jianbao"), "{}", e.chinese());
        let mut cut = with_pictures(1).to_file_bytes().unwrap();
        cut.truncate(cut.len() - 30);
        let e = Issue::from_file_bytes(cut, "c.jianbao").unwrap_err();
        assert!(matches!(e, LoadError::Container { .. }), "{e}");
        assert!(e.to_string().contains("damaged"), "{e}");
    }
}

/// Measures a realistic issue: 20 phone photos of 1–4 MB. Slow (it encodes 50 MB of
/// JPEG first), so run on demand:
/// `cargo test --lib twenty_photo -- --ignored --nocapture`.
#[cfg(test)]
mod measure {
    use crate::model::{Block, Figure, Issue};
    use std::time::Instant;

    /// A photo-like JPEG: smooth shapes plus sensor-like noise, which is what makes a
    /// phone photo 1–4 MB.
    fn photo(w: u32, h: u32, noise: u32, seed: u32) -> Vec<u8> {
        let mut rng = crate::testing::Rng(u64::from(seed) + 1);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let n = (rng.next() % u64::from(noise.max(1))) as u32;
            let base = |k: u32| ((x / (7 + k) + y / (5 + k) + seed * 31) % 200) + n;
            image::Rgb([base(0) as u8, base(3) as u8, base(6) as u8])
        });
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
        img.write_with_encoder(enc).expect("encoding to memory");
        out
    }

    #[test]
    #[ignore]
    fn twenty_photo_issue_save_load_and_autosave() {
        let mut issue = Issue::sample();
        let t = Instant::now();
        for k in 0..20u32 {
            let (w, h) = (2400 + (k % 5) * 400, 1800 + (k % 5) * 300);
            let bytes = photo(w, h, 24 + (k % 4) * 8, k);
            let id = issue
                .add_picture(bytes, &format!("IMG_{k:04}.jpg"))
                .unwrap();
            let at = (k as usize) % issue.sections[0].articles.len();
            issue.sections[0].articles[at]
                .blocks
                .push(Block::Figure(Figure::single(id, "图注")));
        }
        let sizes: Vec<f64> = issue
            .pictures
            .iter()
            .map(|p| p.bytes.len() as f64 / 1e6)
            .collect();
        let min = sizes.iter().cloned().fold(f64::MAX, f64::min);
        let max = sizes.iter().cloned().fold(0.0, f64::max);
        println!(
            "made 20 photos in {:?}: {:.1}–{:.1} MB, {:.1} MB in all",
            t.elapsed(),
            min,
            max,
            issue.pictures.total_bytes() as f64 / 1e6
        );
        let dir = std::env::temp_dir().join(format!("jianbao-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("twenty.jianbao");
        let t = Instant::now();
        crate::store::save_issue(&issue, &path).unwrap();
        let save = t.elapsed();
        let size = std::fs::metadata(&path).unwrap().len();
        let t = Instant::now();
        let back = Issue::load(&path).unwrap();
        let load = t.elapsed();
        assert_eq!(back, issue);
        let places = crate::store::Places::at(&dir);
        let slot = crate::store::RecoverySlot::claim(&places).unwrap();
        let recovery = crate::store::Recovery {
            original: Some(path.clone()),
            issue: issue.clone(),
        };
        let t = Instant::now();
        slot.write(&recovery).unwrap();
        let first = t.elapsed();
        issue.sections[0].articles[0].title.push('！');
        let recovery = crate::store::Recovery {
            original: Some(path.clone()),
            issue,
        };
        let t = Instant::now();
        slot.write(&recovery).unwrap();
        let later = t.elapsed();
        println!(
            "file {:.1} MB; save {save:?}; load {load:?}; first autosave {first:?}; later autosaves {later:?}",
            size as f64 / 1e6
        );
        slot.release().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
