//! Tests of the TrueType subsetter: bundled faces, collections, synthetic composites
//! and damaged files.

use super::cmap::*;
use super::glyf::*;
use super::sfnt::*;
use super::*;
use crate::fonts::BUNDLED;
use ttf_parser::{Face, GlyphId, OutlineBuilder};

/// A glyph's outline as drawing commands, to compare two faces' glyphs exactly.
#[derive(Default, PartialEq, Debug)]
struct Path(Vec<(char, [f32; 6])>);

impl OutlineBuilder for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(('M', [x, y, 0.0, 0.0, 0.0, 0.0]));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(('L', [x, y, 0.0, 0.0, 0.0, 0.0]));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(('Q', [x1, y1, x, y, 0.0, 0.0]));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(('C', [x1, y1, x2, y2, x, y]));
    }
    fn close(&mut self) {
        self.0.push(('Z', [0.0; 6]));
    }
}

fn outline(face: &Face<'_>, g: u16) -> (Option<ttf_parser::Rect>, Path) {
    let mut path = Path::default();
    let rect = face.outline_glyph(GlyphId(g), &mut path);
    (rect, path)
}

/// Han characters, the punctuation Chinese text uses, digits and Latin, and the
/// characters whose glyphs are composites in LXGW WenKai (− ¨ ´).
const SAMPLE: &str = "中国行业协会简报第期年月日会员单位通知关于召开理事会议的决定，。“”（）《》——、：；！？0123456789ABCxyz%−¨´";

/// The (glyph, char) list a page using `text` would give, in glyph order as
/// src/pdf.rs collects it.
fn used(face: &Face<'_>, text: &str) -> Vec<(u16, char)> {
    let mut map = std::collections::BTreeMap::new();
    for c in text.chars() {
        if let Some(g) = face.glyph_index(c) {
            map.entry(g.0).or_insert(c);
        }
    }
    map.into_iter().collect()
}

/// Checks a subset against its source face: glyph count, cmap, metrics, outlines,
/// checksums, and that allsorts reads every glyph back.
fn verify(data: &[u8], index: u32, glyphs: &[(u16, char)]) -> TrueTypeSubset {
    let old = Face::parse(data, index).expect("source face parses");
    let sub = subset_truetype(data, index, glyphs)
        .expect("subset succeeds")
        .expect("face is TrueType");
    let new = Face::parse(&sub.bytes, 0).expect("subset parses with ttf-parser");

    let mut distinct: Vec<u16> = vec![0];
    for &(g, _) in glyphs {
        if !distinct.contains(&g) {
            distinct.push(g);
        }
    }
    for (k, g) in distinct.iter().enumerate() {
        assert_eq!(sub.new_ids[g], k as u16, "glyphs keep the order given");
    }
    assert_eq!(usize::from(new.number_of_glyphs()), sub.new_ids.len());
    assert!(sub.new_ids.len() >= distinct.len());

    let mut seen = std::collections::HashSet::new();
    for &(g, c) in glyphs {
        if g != 0 && seen.insert(c) {
            assert_eq!(
                new.glyph_index(c).map(|g| g.0),
                Some(sub.new_ids[&g]),
                "cmap maps {c:?}"
            );
        }
    }
    for (&o, &n) in &sub.new_ids {
        let (o, n) = (GlyphId(o), GlyphId(n));
        assert_eq!(
            old.glyph_hor_advance(o),
            new.glyph_hor_advance(n),
            "advance of {o:?}"
        );
        assert_eq!(
            old.glyph_hor_side_bearing(o),
            new.glyph_hor_side_bearing(n),
            "side bearing of {o:?}"
        );
        assert_eq!(outline(&old, o.0), outline(&new, n.0), "outline of {o:?}");
    }
    assert_eq!(new.units_per_em(), old.units_per_em());
    assert_eq!(new.ascender(), old.ascender());
    assert_eq!(new.italic_angle(), old.italic_angle());
    assert_eq!(new.underline_metrics(), old.underline_metrics());

    // Layout: sorted tags, aligned offsets, right checksums.
    let b = &sub.bytes;
    assert_eq!(b.len() % 4, 0);
    assert_eq!(checksum(b), 0xB1B0_AFBA, "whole-font checksum");
    let n = usize::from(u16_at(b, 4).unwrap());
    let mut last = [0u8; 4];
    for k in 0..n {
        let r = &b[12 + 16 * k..28 + 16 * k];
        let tag: [u8; 4] = r[0..4].try_into().unwrap();
        assert!(tag > last, "tables sorted by tag");
        last = tag;
        let (sum, off, len) = (
            u32_at(r, 4).unwrap(),
            u32_at(r, 8).unwrap() as usize,
            u32_at(r, 12).unwrap() as usize,
        );
        assert_eq!(off % 4, 0);
        let mut table = b[off..off + len].to_vec();
        if &tag == b"head" {
            table[8..12].copy_from_slice(&[0; 4]);
        }
        assert_eq!(checksum(&table), sum, "checksum of {}", tag_name(&tag));
    }

    // allsorts (what printpdf reads fonts with) must read it too, glyphs and all.
    {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::glyf::GlyfTable;
        use allsorts::tables::loca::LocaTable;
        use allsorts::tables::{FontTableProvider, HeadTable, MaxpTable};
        use allsorts::tag;
        let file = ReadScope::new(b).read::<FontData<'_>>().unwrap();
        let p = file.table_provider(0).unwrap();
        let head = ReadScope::new(&p.read_table_data(tag::HEAD).unwrap())
            .read::<HeadTable>()
            .unwrap();
        let maxp = ReadScope::new(&p.read_table_data(tag::MAXP).unwrap())
            .read::<MaxpTable>()
            .unwrap();
        let loca_data = p.read_table_data(tag::LOCA).unwrap();
        let loca = ReadScope::new(&loca_data)
            .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
            .unwrap();
        let glyf_data = p.read_table_data(tag::GLYF).unwrap();
        let mut glyf = ReadScope::new(&glyf_data)
            .read_dep::<GlyfTable<'_>>(&loca)
            .unwrap();
        for g in 0..maxp.num_glyphs {
            glyf.get_parsed_glyph(g)
                .expect("allsorts parses every glyph");
        }
    }
    sub
}

#[test]
fn bundled_fonts_subset_to_the_same_glyphs() {
    for font in &BUNDLED {
        let face = Face::parse(font.data, 0).unwrap();
        let glyphs = used(&face, SAMPLE);
        assert!(glyphs.len() > 60, "{}: sample found", font.file);
        let sub = verify(font.data, 0, &glyphs);
        assert!(
            sub.bytes.len() < font.data.len() / 20,
            "{}: {} bytes",
            font.file,
            sub.bytes.len()
        );
    }
}

#[test]
fn composite_glyphs_bring_their_components() {
    let data = BUNDLED[3].data;
    let face = Face::parse(data, 0).unwrap();
    // − (U+2212) is a composite of the hyphen in LXGW WenKai; give it alone.
    let minus = face.glyph_index('−').unwrap().0;
    let hyphen = face.glyph_index('-').unwrap().0;
    let record = {
        let dir = Directory::parse(data, 0).unwrap().unwrap();
        let o = Outlines {
            loca: dir.required(b"loca").unwrap(),
            glyf: dir.required(b"glyf").unwrap(),
            long_loca: true,
            num_glyphs: face.number_of_glyphs(),
        };
        o.record(minus).unwrap()
    };
    assert!(i16_at(record, 0).unwrap() < 0, "− is a composite here");
    let sub = verify(data, 0, &[(minus, '−')]);
    assert_eq!(sub.new_ids.len(), 3, ".notdef, −, and its hyphen");
    assert_eq!(sub.new_ids[&hyphen], 2, "the component is appended");
    let new = Face::parse(&sub.bytes, 0).unwrap();
    assert_eq!(
        new.glyph_index('-'),
        None,
        "a component alone gets no character"
    );
    assert!(new.glyph_index('−').is_some());
}

#[test]
fn chars_beyond_the_bmp_get_a_format_12_cmap() {
    let data = BUNDLED[3].data;
    let face = Face::parse(data, 0).unwrap();
    let mut glyphs = Vec::new();
    for cp in 0x20000..0x2FFFF {
        if let Some(c) = char::from_u32(cp) {
            if let Some(g) = face.glyph_index(c) {
                glyphs.push((g.0, c));
                if glyphs.len() == 5 {
                    break;
                }
            }
        }
    }
    assert_eq!(glyphs.len(), 5, "WenKai has CJK Extension B characters");
    glyphs.extend(used(&face, "中文，。"));
    let sub = verify(data, 0, &glyphs);
    let new = Face::parse(&sub.bytes, 0).unwrap();
    let tables = new.tables().cmap.unwrap().subtables;
    let formats: Vec<_> = tables
        .into_iter()
        .map(|t| match t.format {
            ttf_parser::cmap::Format::SegmentMappingToDeltaValues(_) => 4,
            ttf_parser::cmap::Format::SegmentedCoverage(_) => 12,
            _ => 0,
        })
        .collect();
    assert_eq!(formats, vec![4, 12]);
}

#[test]
fn many_scattered_chars_and_edge_cases_map_right() {
    let data = BUNDLED[0].data;
    let face = Face::parse(data, 0).unwrap();
    // Every third Han character of a wide range: many segments and glyph arrays.
    let text: String = (0x4E00..0x9FA5)
        .step_by(3)
        .filter_map(char::from_u32)
        .collect();
    let mut glyphs = used(&face, &text);
    // A glyph given twice, .notdef given with a character, and a character given
    // for two glyphs (the first wins).
    let (g1, g2) = (glyphs[5].0, glyphs[6].0);
    glyphs.push((g1, 'Z'));
    glyphs.push((0, 'Q'));
    glyphs.push((g2, glyphs[5].1));
    let sub = verify(data, 0, &glyphs);
    let new = Face::parse(&sub.bytes, 0).unwrap();
    assert_eq!(new.glyph_index('Z').map(|g| g.0), Some(sub.new_ids[&g1]));
    assert_eq!(new.glyph_index('Q'), None);
    // Characters in consecutive runs with glyph ids that do not climb.
    let reversed: Vec<(u16, char)> = used(&face, "abcdefgh").into_iter().rev().collect();
    verify(data, 0, &reversed);
    // Nothing but .notdef.
    let sub = verify(data, 0, &[]);
    assert_eq!(sub.new_ids.len(), 1);
}

/// A collection of two faces built from two bundled fonts: table offsets in a
/// collection count from the start of the file.
fn collection(fonts: &[&[u8]]) -> Vec<u8> {
    let mut out = b"ttcf".to_vec();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let header = 12 + 4 * fonts.len();
    out.resize(header, 0);
    for (k, font) in fonts.iter().enumerate() {
        let base = out.len();
        out[12 + 4 * k..16 + 4 * k].copy_from_slice(&(base as u32).to_be_bytes());
        out.extend_from_slice(font);
        let n = usize::from(u16_at(font, 4).unwrap());
        for r in 0..n {
            let at = base + 12 + 16 * r + 8;
            let off = u32_at(&out, at).unwrap() + base as u32;
            out[at..at + 4].copy_from_slice(&off.to_be_bytes());
        }
        pad4(&mut out);
    }
    out
}

#[test]
fn faces_in_a_collection() {
    let ttc = collection(&[BUNDLED[2].data, BUNDLED[0].data]);
    for index in 0..2 {
        let face = Face::parse(&ttc, index).unwrap();
        verify(&ttc, index, &used(&face, "简报，2024"));
    }
    let err = subset_truetype(&ttc, 2, &[]).err().unwrap();
    assert!(err.contains("2 faces"), "{err}");
}

#[test]
fn cff_and_woff_are_left_to_allsorts() {
    let mut otf = assemble(vec![(*b"CFF ", Cow::Borrowed(&[1u8, 0, 4, 1][..]))]).unwrap();
    otf[0..4].copy_from_slice(b"OTTO");
    assert!(subset_truetype(&otf, 0, &[(1, 'a')]).unwrap().is_none());
    let woff = b"wOFF\0\x01\0\0".to_vec();
    assert!(subset_truetype(&woff, 0, &[]).unwrap().is_none());
    let bare = assemble(vec![(*b"name", Cow::Borrowed(&[0u8; 8][..]))]).unwrap();
    assert!(subset_truetype(&bare, 0, &[]).is_err());
}

/// A simple glyph: one closed contour through `points`, all on the curve.
fn simple_glyph(points: &[(i16, i16)]) -> Vec<u8> {
    let xs = points.iter().map(|p| p.0);
    let ys = points.iter().map(|p| p.1);
    let mut out = Vec::new();
    for v in [
        1,
        xs.clone().min().unwrap(),
        ys.clone().min().unwrap(),
        xs.clone().max().unwrap(),
        ys.clone().max().unwrap(),
        points.len() as i16 - 1,
        0,
    ] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend(std::iter::repeat_n(1u8, points.len()));
    let (mut px, mut py) = (0i16, 0i16);
    for &(x, _) in points {
        out.extend_from_slice(&(x - px).to_be_bytes());
        px = x;
    }
    for &(_, y) in points {
        out.extend_from_slice(&(y - py).to_be_bytes());
        py = y;
    }
    out
}

/// A composite glyph: (component, flags without MORE_COMPONENTS, arguments and
/// transform bytes) per component, then instructions if any.
fn composite_glyph(parts: &[(u16, u16, Vec<u8>)], instructions: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in [-1i16, 0, 0, 1000, 1000] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    for (k, (glyph, flags, rest)) in parts.iter().enumerate() {
        let mut flags = *flags;
        if k + 1 < parts.len() {
            flags |= MORE_COMPONENTS;
        }
        if !instructions.is_empty() {
            flags |= 0x0100;
        }
        out.extend_from_slice(&flags.to_be_bytes());
        out.extend_from_slice(&glyph.to_be_bytes());
        out.extend_from_slice(rest);
    }
    if !instructions.is_empty() {
        out.extend_from_slice(&(instructions.len() as u16).to_be_bytes());
        out.extend_from_slice(instructions);
    }
    out
}

/// A tiny TrueType face with the given glyph records; glyph k shows char 'A' + k.
fn synthetic(records: &[Vec<u8>]) -> Vec<u8> {
    let n = records.len();
    let mut head = vec![0u8; 54];
    head[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    head[12..16].copy_from_slice(&0x5F0F_3CF5u32.to_be_bytes());
    head[18..20].copy_from_slice(&1000u16.to_be_bytes());
    head[50..52].copy_from_slice(&0u16.to_be_bytes()); // short loca
    let mut hhea = vec![0u8; 36];
    hhea[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    hhea[4..6].copy_from_slice(&800i16.to_be_bytes());
    hhea[34..36].copy_from_slice(&2u16.to_be_bytes()); // fewer metrics than glyphs
    let mut maxp = vec![0u8; 32];
    maxp[0..4].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    maxp[4..6].copy_from_slice(&(n as u16).to_be_bytes());
    let mut hmtx = Vec::new();
    for (adv, lsb) in [(500u16, 10i16), (600, 20)] {
        hmtx.extend_from_slice(&adv.to_be_bytes());
        hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    for k in 2..n {
        hmtx.extend_from_slice(&(k as i16 * 7).to_be_bytes());
    }
    let (mut glyf, mut loca) = (Vec::new(), Vec::new());
    for r in records {
        loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
        glyf.extend_from_slice(r);
        if glyf.len() % 2 == 1 {
            glyf.push(0);
        }
    }
    loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
    let mut post = vec![0u8; 32];
    post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    post[4..8].copy_from_slice(&(-12i32 << 16 | 0x8000).to_be_bytes()); // -11.5°
    post[8..10].copy_from_slice(&(-100i16).to_be_bytes());
    post[10..12].copy_from_slice(&50i16.to_be_bytes());
    let map: Vec<(u32, u16)> = (0..n as u16)
        .map(|k| (u32::from(b'A') + u32::from(k), k))
        .collect();
    assemble(vec![
        (*b"head", Cow::Owned(head)),
        (*b"hhea", Cow::Owned(hhea)),
        (*b"maxp", Cow::Owned(maxp)),
        (*b"hmtx", Cow::Owned(hmtx)),
        (*b"loca", Cow::Owned(loca)),
        (*b"glyf", Cow::Owned(glyf)),
        (*b"cmap", Cow::Owned(cmap_table(&map))),
        (*b"post", Cow::Owned(post)),
        (*b"cvt ", Cow::Borrowed(&[0u8, 40, 0, 80][..])),
        (*b"fpgm", Cow::Borrowed(&[0xB0u8, 0x00, 0x2C][..])),
        (*b"prep", Cow::Borrowed(&[0xB8u8, 0x01, 0xFF, 0x85][..])),
        (*b"name", Cow::Borrowed(&[0u8, 0, 0, 0, 0, 6][..])),
        (*b"OS/2", Cow::Owned((0..78u8).collect())),
    ])
    .unwrap()
}

#[test]
fn synthetic_composites_with_every_transform() {
    let f2dot14 = |v: f32| ((v * 16384.0) as i16).to_be_bytes();
    let words = |x: i16, y: i16| [x.to_be_bytes(), y.to_be_bytes()].concat();
    let square = simple_glyph(&[(0, 0), (0, 500), (500, 500), (500, 0)]);
    let triangle = simple_glyph(&[(0, 0), (250, 400), (500, 0)]);
    let records = vec![
        square.clone(),
        Vec::new(), // an empty glyph (a space)
        triangle,
        // 3: triangle moved by words, square moved by bytes and scaled.
        composite_glyph(
            &[
                (2, ARG_1_AND_2_ARE_WORDS | 0x0002, words(300, -200)),
                (
                    0,
                    0x0002 | WE_HAVE_A_SCALE,
                    [vec![10u8, 20], f2dot14(0.5).to_vec()].concat(),
                ),
            ],
            &[],
        ),
        // 4: glyph 3 scaled in x and y, and the triangle by a 2x2, with instructions.
        composite_glyph(
            &[
                (
                    3,
                    0x0002 | WE_HAVE_AN_X_AND_Y_SCALE,
                    [vec![0u8, 0], f2dot14(0.75).to_vec(), f2dot14(1.25).to_vec()].concat(),
                ),
                (
                    2,
                    ARG_1_AND_2_ARE_WORDS | 0x0002 | WE_HAVE_A_TWO_BY_TWO,
                    [
                        words(-50, 60),
                        f2dot14(0.5).to_vec(),
                        f2dot14(0.25).to_vec(),
                        f2dot14(-0.25).to_vec(),
                        f2dot14(1.0).to_vec(),
                    ]
                    .concat(),
                ),
            ],
            &[0xB0, 0x01, 0x2C],
        ),
        // 5 and 6 contain each other.
        composite_glyph(&[(6, 0x0002, vec![0, 0])], &[]),
        composite_glyph(&[(5, 0x0002, vec![0, 0])], &[]),
    ];
    let font = synthetic(&records);
    let face = Face::parse(&font, 0).unwrap();
    assert!(face
        .outline_glyph(GlyphId(4), &mut Path::default())
        .is_some());
    // Glyph 4 alone: 3 comes in as its component, then 2 and 0 as 3's.
    let sub = verify(&font, 0, &[(4, 'E'), (1, 'B')]);
    let mut ids: Vec<_> = sub.new_ids.iter().map(|(&o, &n)| (o, n)).collect();
    ids.sort_by_key(|&(_, n)| n);
    assert_eq!(ids, vec![(0, 0), (4, 1), (1, 2), (3, 3), (2, 4)]);
    // Hinting instructions after the last component come through unchanged.
    let new = Face::parse(&sub.bytes, 0).unwrap();
    let glyf = new
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"glyf"))
        .unwrap();
    assert!(glyf.windows(5).any(|w| w == [0, 3, 0xB0, 0x01, 0x2C]));
    // So do the hinting programs, name and OS/2.
    let old = Face::parse(&font, 0).unwrap();
    for tag in [b"cvt ", b"fpgm", b"prep", b"name", b"OS/2"] {
        let tag = ttf_parser::Tag::from_bytes(tag);
        assert_eq!(
            old.raw_face().table(tag),
            new.raw_face().table(tag),
            "{tag}"
        );
        assert!(new.raw_face().table(tag).is_some());
    }

    let err = subset_truetype(&font, 0, &[(5, 'F')]).err().unwrap();
    assert!(err.contains("contains itself"), "{err}");
    let err = subset_truetype(&font, 0, &[(7, 'H')]).err().unwrap();
    assert!(err.contains("only 7 glyphs"), "{err}");
}

#[test]
fn deep_nesting_is_refused() {
    let mut records = vec![simple_glyph(&[(0, 0), (0, 10), (10, 0)])];
    for k in 0..40u16 {
        records.push(composite_glyph(&[(k, 0x0002, vec![0, 1])], &[]));
    }
    let font = synthetic(&records);
    assert!(subset_truetype(&font, 0, &[(20, 'a')]).is_ok());
    let err = subset_truetype(&font, 0, &[(40, 'a')]).err().unwrap();
    assert!(err.contains("too deeply"), "{err}");
}

use crate::testing::Rng;

/// Runs the subsetter on damaged data: it may fail, with a reason, but not panic.
fn survives(data: &[u8], glyphs: &[(u16, char)], what: &str) {
    let result = std::panic::catch_unwind(|| subset_truetype(data, 0, glyphs));
    match result {
        Err(_) => panic!("panicked on {what}"),
        Ok(Err(reason)) => assert!(!reason.is_empty()),
        Ok(Ok(_)) => {}
    }
}

#[test]
fn damaged_fonts_give_errors_not_panics() {
    let start = std::time::Instant::now();
    // LXGW WenKai: composites and non-BMP characters. Its first 64 KB hold the table
    // directory and the small tables; the kept glyphs' loca entries and records
    // are damaged as well.
    let font = BUNDLED[3].data;
    let face = Face::parse(font, 0).unwrap();
    let glyphs = used(&face, SAMPLE);
    let dir = Directory::parse(font, 0).unwrap().unwrap();
    let span = |tag: &[u8; 4]| {
        let t = dir.required(tag).unwrap();
        let at = t.as_ptr() as usize - font.as_ptr() as usize;
        at..at + t.len()
    };
    let (loca, glyf) = (span(b"loca"), span(b"glyf"));
    let mut hot: Vec<std::ops::Range<usize>> = Vec::new();
    hot.push(0..65536);
    // The composites (− ¨ ´) and a few simple glyphs.
    let composite = |g: u16| {
        let at = loca.start + 4 * usize::from(g);
        let s = glyf.start + u32_at(font, at).unwrap() as usize;
        i16_at(font, s).is_some_and(|n| n < 0)
    };
    let chosen = glyphs.iter().map(|&(g, _)| g);
    let composites: Vec<u16> = chosen.clone().filter(|&g| composite(g)).collect();
    assert_eq!(composites.len(), 3);
    for g in composites
        .into_iter()
        .chain(chosen.clone().take(8))
        .chain(chosen.rev().take(4))
    {
        let at = loca.start + 4 * usize::from(g);
        hot.push(at..at + 8);
        let (s, e) = (
            u32_at(font, at).unwrap() as usize,
            u32_at(font, at + 4).unwrap() as usize,
        );
        hot.push(glyf.start + s..glyf.start + e);
    }
    let head = &font[..65536];

    for len in (0..200).chain((200..65536).step_by(1499)) {
        survives(&head[..len], &glyphs, &format!("the first {len} bytes"));
    }
    for r in &hot[1..] {
        for cut in [r.start, r.start + 1, (r.start + r.end) / 2, r.end - 1] {
            survives(&font[..cut], &glyphs, &format!("the first {cut} bytes"));
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut copy = font.to_vec();
    for round in 0..1500 {
        let r = &hot[if round % 2 == 0 {
            0
        } else {
            1 + rng.below(hot.len() - 1)
        }];
        let flips: Vec<(usize, u8)> = (0..1 + rng.below(3))
            .map(|_| (r.start + rng.below(r.end - r.start), 1u8 << rng.below(8)))
            .collect();
        for &(at, bit) in &flips {
            copy[at] ^= bit;
        }
        survives(&copy, &glyphs, &format!("bit flips {flips:?}"));
        for &(at, bit) in &flips {
            copy[at] ^= bit;
        }
    }
    // Random bytes, bare and behind a plausible header.
    for round in 0..300 {
        let len = rng.below(400);
        let mut junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if round % 2 == 0 && len >= 12 {
            junk[0..4].copy_from_slice(if round % 4 == 0 {
                b"ttcf"
            } else {
                b"\0\x01\0\0"
            });
            junk[4] = 0;
        }
        survives(&junk, &[(1, 'a'), (3, 'b')], "random bytes");
    }
    assert!(start.elapsed().as_secs() < 60, "bounded time");
}
