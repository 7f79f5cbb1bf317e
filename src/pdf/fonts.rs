//! The font objects of the PDF, written from the subsets and the text the display
//! list says each glyph stands for: a Type0 font with Identity-H codes over one
//! CIDFont (ISO 32000-1 9.7), its widths, descriptor, embedded program and ToUnicode
//! map (9.10.3).

use super::compress::Packed;
use super::subset::Subset;
use super::truetype::sfnt::{i16_at, u16_at, Directory};
use super::PageFont;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use std::collections::BTreeMap;

/// What kind of outlines a subset program holds, which decides how it is embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outlines {
    /// `glyf` outlines: /FontFile2 under a CIDFontType2.
    TrueType,
    /// A whole OpenType font with name-keyed CFF outlines: /FontFile3 /OpenType.
    OpenTypeCff,
    /// The bare `CFF ` table of a CID-keyed font: /FontFile3 /CIDFontType0C, the one
    /// wrapper under which every reader resolves the charset CIDs alike.
    BareCidCff,
}

/// The font program as it goes into the PDF, before compression.
pub(super) struct Program {
    pub outlines: Outlines,
    pub bytes: Vec<u8>,
}

/// The bytes to embed for a subset and how they are to be labelled.
pub(super) fn program(sub: &Subset) -> Program {
    if let Some(cff) = printpdf::extract_cid_keyed_cff(&sub.sfnt, 0) {
        return Program {
            outlines: Outlines::BareCidCff,
            bytes: cff,
        };
    }
    let outlines = if sub.sfnt.starts_with(b"OTTO") {
        Outlines::OpenTypeCff
    } else {
        Outlines::TrueType
    };
    Program {
        outlines,
        bytes: sub.sfnt.clone(),
    }
}

/// Glyph widths in thousandths of an em, as readers advance the pen by them.
const DEFAULT_WIDTH: i64 = 1000;

/// Adds one face's font objects to `doc` and returns the Type0 font's object id, to
/// be named as the face's resource in the pages' font resources.
pub(super) fn write(
    doc: &mut lopdf::Document,
    face: &PageFont,
    program: (Outlines, Packed),
) -> Result<ObjectId, String> {
    let (sub, used, resource) = (&face.subset, &face.glyphs, face.resource.as_str());
    let metrics = Metrics::read(&sub.sfnt)?;
    let (outlines, packed) = program;
    // (code, glyph id in the subset, text), ascending by code.
    let mut coded: Vec<(u16, u16, &str)> = used
        .texts()
        .map(|(old, text)| {
            let new = sub.new_ids.get(&old).copied().unwrap_or(0);
            (sub.code(old), new, text)
        })
        .collect();
    coded.sort_by_key(|&(code, _, _)| code);

    let to_unicode = printpdf::ToUnicodeCMap {
        mappings: coded
            .iter()
            .map(|&(code, _, text)| (u32::from(code), text.chars().map(u32::from).collect()))
            .collect(),
    };
    let to_unicode = doc.add_object(Stream::new(
        Dictionary::new(),
        to_unicode.to_cmap_string(resource).into_bytes(),
    ));
    let mut file = Dictionary::new();
    let file_key = match outlines {
        Outlines::TrueType => {
            file.set("Length1", Object::Integer(packed.raw_len as i64));
            "FontFile2"
        }
        Outlines::OpenTypeCff => {
            file.set("Subtype", Object::Name(b"OpenType".to_vec()));
            "FontFile3"
        }
        Outlines::BareCidCff => {
            file.set("Subtype", Object::Name(b"CIDFontType0C".to_vec()));
            "FontFile3"
        }
    };
    let file = doc.add_object(packed.into_stream(file));
    let descriptor = doc.add_object(metrics.descriptor(&sub.name, file_key, file));

    let name = || Object::Name(sub.name.clone().into_bytes());
    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("BaseFont", name()),
        (
            "Subtype",
            Object::Name(match outlines {
                Outlines::TrueType => b"CIDFontType2".to_vec(),
                _ => b"CIDFontType0".to_vec(),
            }),
        ),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                (
                    "Registry",
                    Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                ),
                (
                    "Ordering",
                    Object::String(b"Identity".to_vec(), StringFormat::Literal),
                ),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("W", Object::Array(metrics.widths(&coded))),
        ("DW", Object::Integer(DEFAULT_WIDTH)),
        ("FontDescriptor", Object::Reference(descriptor)),
    ]);
    if outlines == Outlines::TrueType {
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    Ok(doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", name()),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("ToUnicode", Object::Reference(to_unicode)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
    ])))
}

/// The metrics a PDF font descriptor and width array need, read from the subset's
/// own tables (head, hhea, hmtx, OS/2).
struct Metrics<'a> {
    units_per_em: u16,
    bbox: [i16; 4],
    ascender: i16,
    descender: i16,
    caret_rise: i16,
    caret_run: i16,
    weight_class: u16,
    hmtx: &'a [u8],
    num_h_metrics: u16,
}

impl<'a> Metrics<'a> {
    fn read(sfnt: &'a [u8]) -> Result<Metrics<'a>, String> {
        let dir = Directory::parse(sfnt, 0)?.ok_or("the subset font is not an sfnt")?;
        let head = dir.required(b"head")?;
        let hhea = dir.required(b"hhea")?;
        let short = |table: &str| format!("the subset font's {table} table is cut short");
        let field =
            |table: &[u8], at: usize, name: &str| i16_at(table, at).ok_or_else(|| short(name));
        Ok(Metrics {
            units_per_em: u16_at(head, 18).ok_or_else(|| short("head"))?,
            bbox: [
                field(head, 36, "head")?,
                field(head, 38, "head")?,
                field(head, 40, "head")?,
                field(head, 42, "head")?,
            ],
            ascender: field(hhea, 4, "hhea")?,
            descender: field(hhea, 6, "hhea")?,
            caret_rise: field(hhea, 18, "hhea")?,
            caret_run: field(hhea, 20, "hhea")?,
            weight_class: dir
                .table(b"OS/2")?
                .and_then(|os2| u16_at(os2, 4))
                .unwrap_or(0),
            hmtx: dir.table(b"hmtx")?.unwrap_or_default(),
            num_h_metrics: u16_at(hhea, 34).ok_or_else(|| short("hhea"))?,
        })
    }

    /// Font units to thousandths of an em.
    fn scale(&self) -> f32 {
        if self.units_per_em == 0 {
            1.0
        } else {
            1000.0 / f32::from(self.units_per_em)
        }
    }

    /// A glyph's advance in thousandths of an em, cut to an integer as readers of the
    /// `/W` array take it; the content stream places glyphs against these widths.
    fn width(&self, glyph: u16) -> i64 {
        let n = self.num_h_metrics;
        let at = if glyph < n {
            glyph
        } else {
            n.saturating_sub(1)
        };
        let units = u16_at(self.hmtx, 4 * usize::from(at)).unwrap_or(0);
        (f32::from(units) * self.scale()) as i64
    }

    /// `/W`: runs of consecutive codes, each `first [w w …]`.
    fn widths(&self, coded: &[(u16, u16, &str)]) -> Vec<Object> {
        let mut out = Vec::new();
        let mut run: Option<(u16, u16, Vec<Object>)> = None;
        for &(code, glyph, _) in coded {
            let w = Object::Integer(self.width(glyph));
            match &mut run {
                Some((_, last, ws)) if u32::from(code) == u32::from(*last) + 1 => {
                    *last = code;
                    ws.push(w);
                }
                _ => {
                    if let Some((first, _, ws)) = run.take() {
                        out.push(Object::Integer(i64::from(first)));
                        out.push(Object::Array(ws));
                    }
                    run = Some((code, code, vec![w]));
                }
            }
        }
        if let Some((first, _, ws)) = run {
            out.push(Object::Integer(i64::from(first)));
            out.push(Object::Array(ws));
        }
        out
    }

    /// The FontDescriptor (ISO 32000-1 9.8), pointing at the embedded program.
    fn descriptor(&self, name: &str, file_key: &str, file: ObjectId) -> Dictionary {
        let scale = self.scale();
        let scaled = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
        // ItalicAngle: degrees counter-clockwise from vertical, so italics are negative.
        let italic_angle = if self.caret_rise == 0 {
            0
        } else {
            (-f32::from(self.caret_run)
                .atan2(f32::from(self.caret_rise))
                .to_degrees())
            .round() as i64
        };
        const NONSYMBOLIC: i64 = 1 << 5;
        const ITALIC: i64 = 1 << 6;
        let flags = NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 };
        // No font table gives the stem width; estimate it from the weight class the
        // way PDF producers conventionally do (about 88 at 400, 166 at 700).
        let stem_v = if self.weight_class == 0 {
            80
        } else {
            50 + (f32::from(self.weight_class) / 65.0).powi(2).round() as i64
        };
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", Object::Name(name.as_bytes().to_vec())),
            ("Ascent", scaled(self.ascender)),
            ("Descent", scaled(self.descender)),
            // No cap height without a full OS/2 read: the ascent, as before.
            ("CapHeight", scaled(self.ascender)),
            ("ItalicAngle", Object::Integer(italic_angle)),
            ("Flags", Object::Integer(flags)),
            ("StemV", Object::Integer(stem_v)),
            ("FontBBox", Object::Array(self.bbox.map(scaled).to_vec())),
            (file_key, Object::Reference(file)),
        ])
    }
}

/// The font resources of every page: `/F<n>` to the Type0 font, filled into the font
/// dictionaries the document skeleton's pages point at.
pub(super) fn register(
    doc: &mut lopdf::Document,
    dicts: &[ObjectId],
    fonts: &BTreeMap<String, ObjectId>,
) -> Result<(), String> {
    for &id in dicts {
        let dict = doc
            .get_object_mut(id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| format!("a page's font resources cannot be filled in: {e}"))?;
        for (name, font) in fonts {
            dict.set(name.as_bytes().to_vec(), Object::Reference(*font));
        }
    }
    Ok(())
}
