use super::installed::loaded_versions;
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
