//! Pictures in an issue: the table of picture files the issue carries, and the figure
//! block (one picture, or two side by side, each with its caption) that places them.
//!
//! Blocks refer to pictures by content hash, so the same photo used twice is stored once,
//! undo history (clones of the issue) shares the bytes, and the issue file can name each
//! picture's entry by what it holds.

use crate::picture::{PictureError, PictureInfo};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A picture's name inside the issue: the SHA-256 of its bytes, in lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PictureId(pub String);

impl PictureId {
    /// The id of these bytes.
    pub fn of(bytes: &[u8]) -> PictureId {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        let mut hex = String::with_capacity(64);
        for b in digest.iter() {
            hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        PictureId(hex)
    }

    /// A short form for messages and file names (the first 12 hex digits).
    pub fn short(&self) -> &str {
        self.0.get(..12).unwrap_or(&self.0)
    }

    /// True when this looks like an id this program made (64 hex digits): ids are
    /// used in entry names of the issue file, so anything else is refused on reading.
    pub fn is_well_formed(&self) -> bool {
        self.0.len() == 64 && self.0.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

impl std::fmt::Display for PictureId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One picture file the issue carries.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Picture {
    pub id: PictureId,
    /// The file name it was added from (photo_0312.jpg), shown in the editor and in
    /// warnings so the editor can find the original.
    #[serde(default)]
    pub name: String,
    /// Facts read from the file when it was added; kept in the issue so layout can
    /// size a picture whose bytes are missing and warn about it.
    pub info: PictureInfo,
    /// The file's bytes, shared between clones of the issue. Saved beside the issue's
    /// JSON, not in it (see `store`); empty when the issue file lacked the entry.
    #[serde(skip)]
    pub bytes: Arc<[u8]>,
}

impl PartialEq for Picture {
    /// The id is the hash of the bytes, so comparing ids compares the bytes without
    /// reading megabytes (issues are compared on every frame to know whether they
    /// changed); a picture whose bytes are missing differs from one that has them.
    fn eq(&self, other: &Picture) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.info == other.info
            && self.bytes.is_empty() == other.bytes.is_empty()
    }
}

impl Picture {
    /// True when the bytes are here (the issue file had the entry).
    pub fn is_present(&self) -> bool {
        !self.bytes.is_empty()
    }
}

/// The pictures an issue carries, by id; saved as a list in id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pictures(BTreeMap<PictureId, Picture>);

impl Pictures {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn get(&self, id: &PictureId) -> Option<&Picture> {
        self.0.get(id)
    }

    pub fn get_mut(&mut self, id: &PictureId) -> Option<&mut Picture> {
        self.0.get_mut(id)
    }

    /// Every picture in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Picture> {
        self.0.values()
    }

    /// Adds a picture's bytes (probed first, refused when not a JPEG or PNG) and
    /// returns its id. Bytes already carried are not stored twice: the first name
    /// stays.
    pub fn add(&mut self, bytes: Arc<[u8]>, name: &str) -> Result<PictureId, PictureError> {
        let id = PictureId::of(&bytes);
        if let Some(p) = self.0.get_mut(&id) {
            if !p.is_present() {
                p.bytes = bytes;
            }
            return Ok(id);
        }
        let info = crate::picture::probe(&bytes)?;
        self.insert(Picture {
            id: id.clone(),
            name: name.to_string(),
            info,
            bytes,
        });
        Ok(id)
    }

    /// Puts a picture in the table as it is (reading an issue file).
    pub fn insert(&mut self, picture: Picture) {
        self.0.insert(picture.id.clone(), picture);
    }

    /// Keeps only the pictures in `used`.
    pub fn retain(&mut self, used: &BTreeSet<PictureId>) {
        self.0.retain(|id, _| used.contains(id));
    }

    /// Total bytes of the pictures (for size limits and messages).
    pub fn total_bytes(&self) -> u64 {
        self.0.values().map(|p| p.bytes.len() as u64).sum()
    }
}

impl Serialize for Pictures {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.values())
    }
}

impl<'de> Deserialize<'de> for Pictures {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Picture>::deserialize(d)?;
        let mut out = Pictures::default();
        for p in list {
            if !p.id.is_well_formed() {
                return Err(serde::de::Error::custom(format!(
                    "“{}” is not a picture id (64 hexadecimal digits)",
                    crate::quote::text(&p.id.0)
                )));
            }
            out.insert(p);
        }
        Ok(out)
    }
}

/// How wide a figure is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureWidth {
    /// The full measure (版心宽度).
    #[default]
    Full,
    /// Half the measure, centred: a portrait or a small photo that would otherwise
    /// take most of a page.
    Half,
}

/// One picture of a figure with its caption (图注).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Captioned {
    pub picture: PictureId,
    /// Printed centred under the picture in 楷体; empty for none.
    #[serde(default)]
    pub caption: String,
}

/// A figure block: one picture, or two side by side at equal height, each with its
/// caption. The width choice applies to the whole figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    #[serde(default)]
    pub width: FigureWidth,
    /// The (left) picture.
    pub first: Captioned,
    /// The right picture of a side-by-side pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second: Option<Captioned>,
}

impl Figure {
    /// A figure of one picture at full measure.
    pub fn single(picture: PictureId, caption: &str) -> Figure {
        Figure {
            width: FigureWidth::Full,
            first: Captioned {
                picture,
                caption: caption.to_string(),
            },
            second: None,
        }
    }

    /// The figure's pictures, left to right.
    pub fn pictures(&self) -> impl Iterator<Item = &Captioned> {
        std::iter::once(&self.first).chain(self.second.as_ref())
    }
}

impl super::Issue {
    /// Adds a picture's bytes to the issue's table (see [`Pictures::add`]).
    pub fn add_picture(
        &mut self,
        bytes: impl Into<Arc<[u8]>>,
        name: &str,
    ) -> Result<PictureId, PictureError> {
        self.pictures.add(bytes.into(), name)
    }

    /// The pictures some figure refers to.
    pub fn used_pictures(&self) -> BTreeSet<PictureId> {
        let mut used = BTreeSet::new();
        for a in self.articles() {
            for b in &a.blocks {
                if let super::Block::Figure(f) = b {
                    used.extend(f.pictures().map(|c| c.picture.clone()));
                }
            }
        }
        used
    }

    /// Drops the pictures no figure refers to (before saving: the editor keeps them
    /// while it runs so undo can bring a removed figure back with its picture).
    pub fn drop_unused_pictures(&mut self) {
        let used = self.used_pictures();
        self.pictures.retain(&used);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Article, Block, Issue};
    use super::*;
    use crate::picture::samples;

    fn issue_with_figures() -> (Issue, PictureId, PictureId) {
        let mut issue = Issue::sample();
        let a = issue
            .add_picture(samples::jpeg(400, 300), "会场.jpg")
            .unwrap();
        let b = issue
            .add_picture(samples::png(120, 160), "合影.png")
            .unwrap();
        let article: &mut Article = &mut issue.sections[0].articles[0];
        article
            .blocks
            .insert(1, Block::Figure(Figure::single(a.clone(), "图1 会议现场")));
        article.blocks.push(Block::Figure(Figure {
            width: FigureWidth::Half,
            first: Captioned {
                picture: a.clone(),
                caption: "左".into(),
            },
            second: Some(Captioned {
                picture: b.clone(),
                caption: "右".into(),
            }),
        }));
        (issue, a, b)
    }

    #[test]
    fn the_same_bytes_are_stored_once_and_ids_are_content_hashes() {
        let mut issue = Issue::sample();
        let bytes = samples::jpeg(64, 48);
        let a = issue.add_picture(bytes.clone(), "a.jpg").unwrap();
        let b = issue.add_picture(bytes.clone(), "copy of a.jpg").unwrap();
        assert_eq!(a, b);
        assert_eq!(issue.pictures.len(), 1);
        assert_eq!(issue.pictures.get(&a).unwrap().name, "a.jpg");
        assert!(a.is_well_formed());
        // SHA-256 of nothing, the standard test vector.
        assert_eq!(
            PictureId::of(b"").0,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let c = issue.add_picture(samples::jpeg(64, 49), "c.jpg").unwrap();
        assert_ne!(a, c);
        assert!(issue.add_picture(b"GIF89a....".to_vec(), "x.gif").is_err());
        assert_eq!(issue.pictures.len(), 2);
    }

    #[test]
    fn figures_and_the_picture_table_round_trip_through_json() {
        let (issue, a, b) = issue_with_figures();
        let json = issue.to_json();
        assert!(json.contains("\"type\": \"figure\""), "{json}");
        assert!(json.contains("图1 会议现场"));
        // The bytes are not in the JSON (they travel beside it).
        assert!(json.len() < Issue::sample().to_json().len() + 4000);
        let mut back = Issue::from_json(&json, "pics.jianbao").unwrap();
        assert!(!back.pictures.get(&a).unwrap().is_present());
        assert_ne!(back, issue, "missing bytes must count as a difference");
        for p in issue.pictures.iter() {
            back.pictures.get_mut(&p.id).unwrap().bytes = p.bytes.clone();
        }
        assert_eq!(back, issue);
        let info = back.pictures.get(&b).unwrap().info;
        assert_eq!((info.width_px, info.height_px), (120, 160));
    }

    #[test]
    fn unused_pictures_are_dropped_and_bad_ids_refused() {
        let (mut issue, a, b) = issue_with_figures();
        let unused = issue
            .add_picture(samples::png(10, 10), "unused.png")
            .unwrap();
        assert_eq!(issue.pictures.len(), 3);
        issue.drop_unused_pictures();
        assert_eq!(issue.pictures.len(), 2);
        assert!(issue.pictures.get(&unused).is_none());
        // Removing the side-by-side figure leaves only the first picture in use.
        issue.sections[0].articles[0].blocks.pop();
        issue.drop_unused_pictures();
        assert!(issue.pictures.get(&a).is_some() && issue.pictures.get(&b).is_none());

        let json = issue.to_json().replace(&a.0, "../../etc/passwd");
        let e = Issue::from_json(&json, "evil.jianbao").unwrap_err();
        assert!(e.to_string().contains("picture id"), "{e}");
    }
}
