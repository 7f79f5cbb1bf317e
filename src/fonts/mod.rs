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

pub use index::{FontIndex, MAX_FONT_FILE_BYTES};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

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

/// The bytes of an installed font file, read at most once per version of the file
/// (path, size, modification time) for the life of the program.
///
/// Why kept and not freed: the preview gives the bytes to egui as `'static` font data,
/// which egui holds until the window closes. Keeping one copy per file version (instead
/// of one per font-book rebuild, as before) bounds this to the installed files the
/// user's font lists ever named; rebuilding the book for every keystroke in a font list
/// costs nothing more.
pub fn installed_file(path: &Path) -> Option<&'static [u8]> {
    let version = FileVersion::of(path)?;
    let files = FILES.get_or_init(Mutex::default);
    if let Some(data) = files.lock().ok()?.get(&version) {
        return Some(data);
    }
    // Read without holding the lock (a large collection takes a moment).
    // Bounded, and only a regular file: the index may be older than the folder, and
    // the path a FIFO or device now.
    let bytes = crate::store::read_bounded(path, MAX_FONT_FILE_BYTES).ok()?;
    let mut files = files.lock().ok()?;
    if let Some(data) = files.get(&version) {
        return Some(data); // another thread read it meanwhile
    }
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    files.insert(version, data);
    Some(data)
}

/// Installed font files read so far, one entry per version.
static FILES: OnceLock<Mutex<HashMap<FileVersion, &'static [u8]>>> = OnceLock::new();

/// How many versions of the file at `path` are held in memory.
#[cfg(test)]
fn loaded_versions(path: &Path) -> usize {
    FILES
        .get()
        .and_then(|f| f.lock().ok())
        .map_or(0, |f| f.keys().filter(|v| v.path == path).count())
}

/// A font file as it is on disk now: an edited or replaced file is read again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FileVersion {
    path: PathBuf,
    size: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileVersion {
    fn of(path: &Path) -> Option<FileVersion> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileVersion {
            path: path.to_path_buf(),
            size: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// The parsed face of an installed file under a family name, shared with every book
/// that already has it (parsing and the glyph cache are then not redone).
///
/// `Err` says why the file is passed over (a sentence part for a warning): a damaged
/// face is refused here, so its role falls back to the next family, rather than the
/// export failing when the face is embedded.
fn installed_face(family: &str, path: &Path, index: u32) -> Result<Arc<Face>, String> {
    type Key = (String, FileVersion, u32);
    static FACES: OnceLock<Mutex<HashMap<Key, Weak<Face>>>> = OnceLock::new();
    let gone = || "it can no longer be read".to_string();
    let key = (
        family.to_string(),
        FileVersion::of(path).ok_or_else(gone)?,
        index,
    );
    let faces = FACES.get_or_init(Mutex::default);
    if let Some(face) = faces
        .lock()
        .map_err(|_| gone())?
        .get(&key)
        .and_then(Weak::upgrade)
    {
        return Ok(face);
    }
    let data = installed_file(path).ok_or_else(gone)?;
    let face = Face::new(
        family.to_string(),
        path.display().to_string(),
        false,
        data,
        index,
    )
    .ok_or_else(|| "it is not a font jianbao can read".to_string())?;
    if let Some(damage) = damage(&face.parsed, data.len()) {
        return Err(damage);
    }
    let face = Arc::new(face);
    let mut faces = faces.lock().map_err(|_| gone())?;
    // Faces no book holds any more are forgotten (their bytes stay, see above).
    faces.retain(|_, f| f.strong_count() > 0);
    faces.insert(key, Arc::downgrade(&face));
    Ok(face)
}

/// What would make a parsed face fail when it is embedded (the parser is lenient; the
/// subsetter is not): a table that runs past the end of the file, or outlines without
/// horizontal metrics. `None` for a sound face.
fn damage(face: &ttf_parser::Face<'_>, file_len: usize) -> Option<String> {
    let raw = face.raw_face();
    for record in raw.table_records {
        let end = u64::from(record.offset) + u64::from(record.length);
        if end > file_len as u64 {
            let tag = String::from_utf8_lossy(&record.tag.to_bytes())
                .trim()
                .to_string();
            return Some(format!(
                "its {} table runs past the end of the file (damaged or cut short)",
                crate::quote::text(&tag)
            ));
        }
    }
    let metrics = raw
        .table(ttf_parser::Tag::from_bytes(b"hhea"))
        .and_then(|h| h.get(34..36))
        .map(|b| u16::from_be_bytes([b[0], b[1]]));
    if raw.table(ttf_parser::Tag::from_bytes(b"glyf")).is_some() && metrics.unwrap_or(0) == 0 {
        return Some("its hhea table gives no horizontal metrics (damaged)".to_string());
    }
    None
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
mod tests {
    use super::*;

    /// The PDF writer trusts `sole_char` to name what a glyph reads as: it must be the
    /// character whose lookup gives the glyph, and nothing for a glyph several
    /// characters share (CJK faces map 兀 and ⺎, or full-width and compatibility forms,
    /// to one glyph) or for .notdef.
    #[test]
    fn a_glyph_names_its_character_only_when_it_has_one() {
        let book = FontBook::bundled();
        let mut shared_seen = 0;
        for (_, face) in book.faces() {
            assert_eq!(face.sole_char(0), None, "{}", face.family);
            let mut by_glyph: HashMap<GlyphId, Vec<char>> = HashMap::new();
            for c in (0x20..0xA0).chain(0x2000..0x3100).chain(0x4E00..0x5200) {
                let Some(c) = char::from_u32(c) else { continue };
                if let Some(g) = face.glyph(c) {
                    by_glyph.entry(g).or_default().push(c);
                }
            }
            for (g, chars) in by_glyph {
                match chars.as_slice() {
                    [c] => assert!(
                        face.sole_char(g).is_none_or(|s| s == *c),
                        "{}: glyph {g} is {c}",
                        face.family
                    ),
                    _ => {
                        shared_seen += 1;
                        assert_eq!(face.sole_char(g), None, "{}: {chars:?}", face.family);
                    }
                }
            }
            let g = face.glyph('国').unwrap();
            assert_eq!(face.sole_char(g), Some('国'), "{}", face.family);
        }
        assert!(
            shared_seen > 0,
            "no face shares a glyph: the test checks nothing"
        );
    }

    #[test]
    fn bundled_faces_cover_gbk_text_and_fall_back_per_character() {
        let book = FontBook::bundled();
        assert_eq!(book.faces().count(), BUNDLED.len());
        let kai = book.chain(&["LXGW WenKai".into(), "Noto Serif CJK SC".into()]);
        // A character every face has comes from the first face.
        let (id, _) = book.lookup(&kai, '中').unwrap();
        assert_eq!(book.face(id).family, "LXGW WenKai");
        for c in "省长蓝佛安赴山西移动，。“”（）【】《》、：；？！1aA%".chars()
        {
            for (_, face) in book.faces() {
                if face.family.starts_with("Noto") {
                    assert!(face.glyph(c).is_some(), "{} lacks {c}", face.family);
                }
            }
        }
        // Han characters are one em wide in every bundled face.
        for (_, face) in book.faces() {
            let g = face.glyph('国').unwrap();
            assert!((face.advance_em(g) - 1.0).abs() < 1e-6, "{}", face.family);
        }
        // A character no face has is reported as missing, not silently mapped.
        let serif = book.chain(&["Noto Serif CJK SC".into()]);
        assert!(book.lookup(&serif, '\u{2B81D}').is_none());
    }

    #[test]
    fn rebuilding_a_book_reuses_the_faces_and_reads_each_file_once() {
        let dir = std::env::temp_dir().join(format!("jianbao-fonts-reuse-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("kai.ttf");
        std::fs::write(&file, BUNDLED[3].data).unwrap();
        let wanted = [("测试楷体".to_string(), file.clone(), 0)];
        let first = FontBook::bundled().with_installed(&wanted);
        let id = first.family("测试楷体").unwrap();
        assert_eq!(loaded_versions(&file), 1);
        // Twenty rebuilds while the user types: no file read again, the same face.
        for _ in 0..20 {
            let again = FontBook::bundled().with_installed(&wanted);
            let same = again.family("测试楷体").unwrap();
            assert!(Arc::ptr_eq(
                &first.faces[usize::from(id.0)],
                &again.faces[usize::from(same.0)]
            ));
            assert!(
                again.id() != first.id(),
                "a new book is told apart for layout caches"
            );
        }
        assert_eq!(loaded_versions(&file), 1, "no file read twice");
        // The rebuilt books are gone: only the first one holds the face.
        assert_eq!(Arc::strong_count(&first.faces[usize::from(id.0)]), 1);
        // The bundled faces are parsed once for all books.
        assert!(Arc::ptr_eq(&first.faces[0], &FontBook::bundled().faces[0]));
        // A changed file is a new version: read again.
        std::fs::write(&file, BUNDLED[2].data).unwrap();
        let changed = FontBook::bundled().with_installed(&wanted);
        let cid = changed.family("测试楷体").unwrap();
        assert!(!Arc::ptr_eq(
            &first.faces[usize::from(id.0)],
            &changed.faces[usize::from(cid.0)]
        ));
        assert_eq!(loaded_versions(&file), 2);
        // A file that is not there is skipped.
        let missing = FontBook::bundled().with_installed(&[("无".into(), dir.join("no.ttf"), 0)]);
        assert_eq!(missing.family("无"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Found by the acceptance run of hostile fonts: an installed face whose tables run
    /// past the end of its file (cut short, or a table offset of 4 GB) or that has no
    /// horizontal metrics parsed, then failed the whole export when it was embedded.
    /// It is now passed over with a warning naming the file, and the role falls back.
    #[test]
    fn damaged_installed_faces_are_skipped_with_the_file_named() {
        let good = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/LXGWWenKai-Regular.ttf"
        ))
        .unwrap();
        let record = |tag: &[u8; 4]| {
            let n = usize::from(u16::from_be_bytes([good[4], good[5]]));
            (0..n)
                .map(|i| 12 + 16 * i)
                .find(|&o| &good[o..o + 4] == tag)
                .unwrap()
        };
        let glyf_far = {
            let mut f = good.clone();
            let o = record(b"glyf");
            f[o + 8..o + 12].copy_from_slice(&0xFFFF_FFF0u32.to_be_bytes());
            f
        };
        let no_metrics = {
            let mut f = good.clone();
            let o = record(b"hhea");
            let at = u32::from_be_bytes(good[o + 8..o + 12].try_into().unwrap()) as usize;
            f[at + 34..at + 36].copy_from_slice(&[0, 0]);
            f
        };
        let cut = good[..good.len() * 99 / 100].to_vec();
        let dir = std::env::temp_dir().join(format!("jianbao-damaged-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, data, why) in [
            ("glyf-far.ttf", glyf_far, "glyf table runs past the end"),
            ("no-metrics.ttf", no_metrics, "no horizontal metrics"),
            ("cut.ttf", cut, "table runs past the end"),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, data).unwrap();
            let book = FontBook::bundled().with_installed(&[("Damaged".into(), path, 0)]);
            assert_eq!(book.family("Damaged"), None, "{name}");
            let notes = book.skipped().join("\n");
            assert!(
                notes.contains(name) && notes.contains(why),
                "{name}: {notes}"
            );
        }
        let path = dir.join("good.ttf");
        std::fs::write(&path, &good).unwrap();
        let book = FontBook::bundled().with_installed(&[("Sound".into(), path, 0)]);
        assert!(book.family("Sound").is_some() && book.skipped().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unknown_families_are_skipped() {
        let book = FontBook::bundled();
        let chain = book.chain(&["方正小标宋简体".into(), "Noto Sans CJK SC Bold".into()]);
        assert_eq!(chain.0, vec![book.family("Noto Sans CJK SC Bold").unwrap()]);
        assert_eq!(book.chain(&[]).0, vec![FontId(0)]);
    }
}
