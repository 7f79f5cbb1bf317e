//! Cutting each face down to the glyphs the pages use, so a 10 MB face becomes a few
//! hundred KB: TrueType outlines with our own subsetter (its cost follows the glyphs
//! kept), CFF outlines and anything else with allsorts.

use super::glyphs::FaceGlyphs;
use super::truetype;
use super::ExportError;
use crate::fonts::{FontBook, FontId};
use std::collections::{BTreeMap, HashMap};

/// A face cut down to the glyphs in use.
pub(super) struct Subset {
    /// The PostScript-style name with its subset tag, e.g. `KBTOPE+LXGWWenKai`.
    pub name: String,
    /// The subset font program: a single-face sfnt (`glyf` or CFF outlines).
    pub sfnt: Vec<u8>,
    /// Original glyph id -> glyph id in `sfnt`.
    pub new_ids: HashMap<u16, u16>,
    /// [`Subset::code`] of every original glyph id up to the highest kept, so the
    /// content stream looks a glyph's code up by index: a long issue prints a million
    /// glyphs, and two map lookups per glyph were a tenth of writing the pages.
    codes: Vec<u16>,
    /// The code of a glyph that was not kept (`.notdef`'s).
    missing: u16,
}

impl Subset {
    /// `cids`: for a CID-keyed CFF program, glyph id in `sfnt` -> CID. Readers find
    /// such a font's glyphs through its charset, so the codes in the content stream,
    /// `/W` and ToUnicode must be these CIDs (ISO 32000-1 9.7.4.2). None: codes are
    /// glyph ids.
    fn new(
        name: String,
        sfnt: Vec<u8>,
        new_ids: HashMap<u16, u16>,
        cids: Option<BTreeMap<u16, u16>>,
    ) -> Subset {
        let code_of_new = |new: u16| match &cids {
            Some(cids) => cids.get(&new).copied().unwrap_or(new),
            None => new,
        };
        let missing = code_of_new(0);
        let top = new_ids.keys().max().map_or(0, |&g| usize::from(g) + 1);
        let mut codes = vec![missing; top];
        for (&old, &new) in &new_ids {
            codes[usize::from(old)] = code_of_new(new);
        }
        Subset {
            name,
            sfnt,
            new_ids,
            codes,
            missing,
        }
    }

    /// The two-byte code that shows an original glyph (Identity-H).
    pub fn code(&self, old: u16) -> u16 {
        self.codes
            .get(usize::from(old))
            .copied()
            .unwrap_or(self.missing)
    }
}

/// Subsets one face to `used`, refusing faces whose licence forbids embedding.
pub(super) fn subset_face(
    book: &FontBook,
    id: FontId,
    used: &FaceGlyphs,
) -> Result<Subset, ExportError> {
    let face = book.face(id);
    let family = face.family.clone();
    if !face.embeddable() {
        return Err(ExportError::NotEmbeddable { family });
    }
    // The file is named too: a family may be installed more than once.
    let named = format!(
        "{family} ({})",
        crate::quote::path(std::path::Path::new(&face.source))
    );
    let err = |reason: String| ExportError::Font {
        family: named.clone(),
        reason,
    };
    let ids: Vec<u16> = used.ids().collect();
    let chars = used.cmap_pairs();
    let (sfnt, new_ids, cids) =
        match truetype::subset_glyphs(face.data, face.index, &ids, &chars).map_err(&err)? {
            Some(sub) => (sub.bytes, sub.new_ids, None),
            None => {
                let (sfnt, new_ids) = with_allsorts(face.data, face.index, used).map_err(err)?;
                // printpdf knows how to read a CFF charset.
                let cids = printpdf::cff_charset_gid_to_cid_map(&sfnt, 0);
                (sfnt, new_ids, cids)
            }
        };
    // ISO 32000-1 9.6.4: a subset font's name carries a six-letter tag, unique per subset.
    let base: String = face
        .family
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    Ok(Subset::new(
        format!("{}+{}", subset_tag(id, used), base),
        sfnt,
        new_ids,
        cids,
    ))
}

/// CFF (.otf) and anything our subsetter does not take: .notdef first, then the used
/// glyphs in order; the new id is the position.
fn with_allsorts(
    data: &[u8],
    index: u32,
    used: &FaceGlyphs,
) -> Result<(Vec<u8>, HashMap<u16, u16>), String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};
    let font_file = ReadScope::new(data)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = font_file
        .table_provider(index as usize)
        .map_err(|e| e.to_string())?;
    let ids: Vec<u16> = std::iter::once(0)
        .chain(used.ids().filter(|g| *g != 0))
        .collect();
    let bytes = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let new_ids = ids
        .iter()
        .enumerate()
        .map(|(new, &old)| (old, new as u16))
        .collect();
    Ok((bytes, new_ids))
}

/// Six capital letters derived from the face and its glyph set.
fn subset_tag(id: FontId, used: &FaceGlyphs) -> String {
    // FNV-1a over the face index and glyph ids: stable across runs, differs per subset.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in std::iter::once(id.0).chain(used.ids()) {
        for b in v.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}
