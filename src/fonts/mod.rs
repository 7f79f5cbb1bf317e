//! Fonts: the bundled faces, installed faces found by family name, and per-character
//! fallback along a role's family list.
//!
//! A face's bytes are `'static`: bundled faces are data in the binary, and an installed
//! font file is read once per version (path, size, modification time) and kept for the
//! rest of the program ([`installed_file`]) — egui keeps the preview's fonts as
//! `'static` data, so bytes it may still draw with can never be freed. Parsed faces are
//! shared between the books that use them ([`FontBook::faces`] hold `Arc`s), so
//! rebuilding the book while the user edits a font list reads and parses nothing twice,
//! and a face no book uses any more is dropped.

mod index;
mod installed;

pub use index::{FontIndex, MAX_FONT_FILE_BYTES};
use installed::installed_face;
pub use installed::installed_file;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a face in a [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub u16);

/// A glyph id within one face.
pub type GlyphId = u16;

/// The faces shipped inside the binary (see `fonts/build-fonts.py` for their provenance).
pub struct BundledFont {
    /// Family name as the style refers to it.
    pub family: &'static str,
    /// File name under `fonts/`.
    pub file: &'static str,
    pub data: &'static [u8],
}

/// Bundled faces, in the order they are registered.
pub const BUNDLED: [BundledFont; 4] = [
    BundledFont {
        family: "Noto Serif CJK SC",
        file: "NotoSerifSC-Regular-GBK.ttf",
        data: include_bytes!("../../fonts/NotoSerifSC-Regular-GBK.ttf"),
    },
    BundledFont {
        family: "Noto Serif CJK SC Bold",
        file: "NotoSerifSC-Bold-GBK.ttf",
        data: include_bytes!("../../fonts/NotoSerifSC-Bold-GBK.ttf"),
    },
    BundledFont {
        family: "Noto Sans CJK SC Bold",
        file: "NotoSansSC-Bold-GBK.ttf",
        data: include_bytes!("../../fonts/NotoSansSC-Bold-GBK.ttf"),
    },
    BundledFont {
        family: "LXGW WenKai",
        file: "LXGWWenKai-Regular.ttf",
        data: include_bytes!("../../fonts/LXGWWenKai-Regular.ttf"),
    },
];

/// One usable face.
pub struct Face {
    /// The family name it was found under.
    pub family: String,
    /// Where it came from: a bundled file name or an installed file's path.
    pub source: String,
    /// Whether it ships with jianbao (always available, same on every machine).
    pub bundled: bool,
    /// The font file (a single face or a collection).
    pub data: &'static [u8],
    /// Face index inside a collection.
    pub index: u32,
    parsed: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Glyph ids of BMP characters looked up so far (0 = not yet, 1 = none, else id + 2):
    /// layout asks for every character of an issue, a million for a long one, and the
    /// cmap walk was a tenth of the layout's time. Made on first use; shared by the
    /// threads that set articles (a lookup that races only repeats the same answer).
    bmp: std::sync::OnceLock<Box<[std::sync::atomic::AtomicU32]>>,
    /// Per glyph id, the one character that maps to it, or `NO_SOLE_CHAR`; made on
    /// first use (see [`Face::sole_char`]).
    sole: std::sync::OnceLock<Box<[u32]>>,
}

/// No character, or several, map to the glyph.
const NO_SOLE_CHAR: u32 = u32::MAX;

impl Face {
    fn new(
        family: String,
        source: String,
        bundled: bool,
        data: &'static [u8],
        index: u32,
    ) -> Option<Face> {
        let parsed = ttf_parser::Face::parse(data, index).ok()?;
        let units_per_em = f32::from(parsed.units_per_em());
        Some(Face {
            family,
            source,
            bundled,
            data,
            index,
            parsed,
            units_per_em,
            bmp: std::sync::OnceLock::new(),
            sole: std::sync::OnceLock::new(),
        })
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<GlyphId> {
        use std::sync::atomic::{AtomicU32, Ordering};
        let Ok(code) = u16::try_from(u32::from(c)) else {
            return self.parsed.glyph_index(c).map(|g| g.0);
        };
        let table = self
            .bmp
            .get_or_init(|| (0..=u16::MAX).map(|_| AtomicU32::new(0)).collect());
        let slot = &table[usize::from(code)];
        match slot.load(Ordering::Relaxed) {
            0 => {
                let found = self.parsed.glyph_index(c).map(|g| g.0);
                slot.store(found.map_or(1, |g| u32::from(g) + 2), Ordering::Relaxed);
                found
            }
            1 => None,
            g => GlyphId::try_from(g - 2).ok(),
        }
    }

    /// The character whose glyph this is, when exactly one character of the face's
    /// cmap maps to it. The PDF writer then knows what a glyph shown alone reads as
    /// without reading the text of every run (a long issue prints a million glyphs,
    /// and reading each run's text was half of subsetting's time).
    pub fn sole_char(&self, glyph: GlyphId) -> Option<char> {
        let table = self.sole.get_or_init(|| {
            let mut table = vec![NO_SOLE_CHAR; usize::from(self.parsed.number_of_glyphs())];
            let mut several = vec![false; table.len()];
            let Some(cmap) = self.parsed.tables().cmap else {
                return table.into_boxed_slice();
            };
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|code| {
                    let Some(c) = char::from_u32(code) else {
                        return;
                    };
                    // What layout would draw for it: the lookup it uses.
                    let Some(g) = self.glyph(c) else { return };
                    let (Some(slot), Some(many)) = (
                        table.get_mut(usize::from(g)),
                        several.get_mut(usize::from(g)),
                    ) else {
                        return;
                    };
                    if *slot == NO_SOLE_CHAR && !*many {
                        *slot = code;
                    } else if *slot != code {
                        *slot = NO_SOLE_CHAR;
                        *many = true;
                    }
                });
            }
            table.into_boxed_slice()
        });
        table
            .get(usize::from(glyph))
            .and_then(|&code| char::from_u32(code))
    }

    /// Horizontal advance in em.
    pub fn advance_em(&self, glyph: GlyphId) -> f32 {
        self.parsed
            .glyph_hor_advance(ttf_parser::GlyphId(glyph))
            .map_or(0.0, |a| f32::from(a) / self.units_per_em)
    }

    /// Left and right edges of the glyph's ink in em, if it has any.
    pub fn ink_em(&self, glyph: GlyphId) -> Option<(f32, f32)> {
        let b = self.parsed.glyph_bounding_box(ttf_parser::GlyphId(glyph))?;
        Some((
            f32::from(b.x_min) / self.units_per_em,
            f32::from(b.x_max) / self.units_per_em,
        ))
    }

    /// Whether the face may be embedded in a PDF (OS/2 fsType not "restricted").
    pub fn embeddable(&self) -> bool {
        !matches!(
            self.parsed.permissions(),
            Some(ttf_parser::Permissions::Restricted)
        )
    }
}

/// The bundled faces, parsed once.
fn bundled_faces() -> &'static [Arc<Face>] {
    static FACES: OnceLock<Vec<Arc<Face>>> = OnceLock::new();
    FACES.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|b| Face::new(b.family.to_string(), b.file.to_string(), true, b.data, 0))
            .map(Arc::new)
            .collect()
    })
}

/// All faces jianbao knows, and the lookup from family names to faces.
pub struct FontBook {
    faces: Vec<Arc<Face>>,
    by_family: HashMap<String, FontId>,
    /// Different for every set of faces (see [`FontBook::id`]).
    id: u64,
    /// Installed font files passed over while building the book (see [`FontBook::skipped`]).
    skipped: Vec<String>,
}

/// A role's resolved fallback chain: faces to try, in order, for each character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain(pub Vec<FontId>);

impl FontBook {
    /// Only the bundled faces: identical results on every machine (tests, reproducible output).
    pub fn bundled() -> FontBook {
        let mut book = FontBook {
            faces: Vec::new(),
            by_family: HashMap::new(),
            id: 0,
            skipped: Vec::new(),
        };
        for face in bundled_faces() {
            book.add(Arc::clone(face));
        }
        book
    }

    /// Bundled faces plus installed faces whose family names appear in `families`.
    ///
    /// Installed faces are found through a [`FontIndex`] of the system's font folders,
    /// kept at `index_cache` between runs; only the files of wanted families are read,
    /// and a file read before is not read again.
    pub fn with_system(families: &[String], index_cache: Option<&Path>) -> FontBook {
        let mut book = FontBook::bundled();
        let wanted: Vec<&String> = families
            .iter()
            .filter(|f| !book.by_family.contains_key(f.as_str()))
            .collect();
        if wanted.is_empty() {
            return book;
        }
        let index = FontIndex::current(index_cache);
        book.skipped = index.skipped().to_vec();
        let found = index.find_all(&wanted);
        book.with_installed(&found)
    }

    /// This book plus the installed faces `(family, file, face index)` (files that
    /// cannot be read or parsed are skipped).
    pub fn with_installed(mut self, faces: &[(String, PathBuf, u32)]) -> FontBook {
        for (family, path, index) in faces {
            match installed_face(family, path, *index) {
                Ok(face) => self.add(face),
                Err(why) => self.skipped.push(format!(
                    "{} (font {}): {why}; skipped",
                    crate::quote::path(path),
                    crate::quote::text(family)
                )),
            }
        }
        self
    }

    /// Installed font files that were passed over (a FIFO or device with a font's
    /// name, a file too large to be a font), each a sentence naming the path, for a
    /// warning: a family the style asks for may be missing because of one.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// Tells books apart, so that layout results kept between runs (the editor's
    /// layout cache) are not reused with other faces: a new number for every book and
    /// for every face added.
    pub fn id(&self) -> u64 {
        self.id
    }

    fn add(&mut self, face: Arc<Face>) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = FontId(self.faces.len() as u16);
        self.by_family.entry(face.family.clone()).or_insert(id);
        self.faces.push(face);
    }

    /// The face behind an id.
    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[usize::from(id.0)]
    }

    /// All faces with their ids.
    pub fn faces(&self) -> impl Iterator<Item = (FontId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FontId(i as u16), f.as_ref()))
    }

    /// A face by family name.
    pub fn family(&self, name: &str) -> Option<FontId> {
        self.by_family.get(name).copied()
    }

    /// Resolves a role's family list to the faces present, keeping the order.
    /// Unknown families are skipped; an empty result falls back to the bundled serif.
    pub fn chain(&self, families: &[String]) -> Chain {
        let mut ids: Vec<FontId> = Vec::new();
        for f in families {
            if let Some(id) = self.family(f) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        if ids.is_empty() {
            ids.push(FontId(0));
        }
        Chain(ids)
    }

    /// The first face of the chain that has the character, with its glyph.
    /// After the chain, every other face the book holds is tried, so a rare name
    /// character (𠮷, 䶮) comes from whichever bundled or installed face has it.
    pub fn lookup(&self, chain: &Chain, c: char) -> Option<(FontId, GlyphId)> {
        let found = chain
            .0
            .iter()
            .find_map(|&id| self.face(id).glyph(c).map(|g| (id, g)));
        found.or_else(|| {
            self.faces()
                .filter(|(id, _)| !chain.0.contains(id))
                .find_map(|(id, face)| face.glyph(c).map(|g| (id, g)))
        })
    }
}

/// A font book shared between the UI thread and background work.
pub type SharedFontBook = Arc<FontBook>;

#[cfg(test)]
mod tests;
