//! One focused test per rule of the house format (house-format.md §3–§5), each on a
//! crafted paragraph or page flow, asserting break lists or positions; and a property
//! test over random paragraphs. A rule that stops being applied fails its test here.

use super::cjk::{self, CharKind};
use super::flow::{Candidate, FlowLine, Variant};
use super::linebreak::{break_paragraph, Breaking, Tightness};
use super::pages::{LineKind, Source};
use super::paginate::{paginate, slotted};
use super::text::{natural_width, prepare, Prepared, TextStyle};
use super::{layout, Item};
use crate::fonts::FontBook;
use crate::model::{
    Article, Attribution, AttributionKind, AwardCategory, AwardRow, Block, Issue, Placement,
    Section,
};
use crate::style::{PunctScheme, Strictness, Style};

const EPS: f32 = 0.01;

fn book() -> FontBook {
    FontBook::bundled()
}

fn body(book: &FontBook) -> (TextStyle, f32, f32) {
    let s = Style::house();
    let st = TextStyle::body(&s, book);
    let indent = 2.0 * st.cell;
    (st, s.text_width(), indent)
}

fn set(
    text: &str,
    st: &TextStyle,
    book: &FontBook,
    measure: f32,
    indent: f32,
) -> (Prepared, Breaking) {
    let p = prepare(text, st, book);
    let b = break_paragraph(&p, measure, indent, Tightness::Best);
    (p, b)
}

fn lines(p: &Prepared, b: &Breaking) -> Vec<String> {
    b.lines
        .iter()
        .map(|l| p.pieces[l.start..l.end].iter().map(|x| x.ch).collect())
        .collect()
}

/// Every rule a broken paragraph must keep: class A/B, never-split units, justified
/// lines at the measure, Han glyphs never closer than a cell. Returns the line texts.
fn assert_well_set(p: &Prepared, b: &Breaking, st: &TextStyle, measure: f32) -> Vec<String> {
    let texts = lines(p, b);
    for (i, l) in b.lines.iter().enumerate() {
        if i > 0 {
            let first = p.pieces[l.start].ch;
            let pair = l.start + 1 < p.pieces.len() && p.pieces[l.start + 1].ch == '—';
            if !(first == '—' && pair) {
                assert!(
                    !cjk::no_line_start(first, st.strictness),
                    "line starts with {first}: {texts:?}"
                );
            }
            assert!(
                p.junctions[l.start].breakable,
                "break at an unbreakable junction before line {i}: {texts:?}"
            );
        }
        let last = p.pieces[l.end - 1].ch;
        if l.end < p.pieces.len() {
            assert!(
                !cjk::no_line_end(last, st.strictness),
                "line ends with {last}: {texts:?}"
            );
        }
        // A line with nothing to stretch (one glyph before an unbreakable word) cannot
        // be justified; every other line can.
        let stretchable = (l.start + 1..l.end).any(|k| p.junctions[k].stretch > 0.0);
        if i + 1 < b.lines.len() && !b.overfull && stretchable {
            assert!(
                (l.end_x - measure).abs() < EPS,
                "justified line {i} ends at {} not {measure}: {texts:?}",
                l.end_x
            );
        }
        // Han characters are never compressed: consecutive full-width glyphs of a line
        // are at least a grid cell apart (origins).
        for k in 1..l.glyph_x.len() {
            let (a, c) = (&p.pieces[l.start + k - 1], &p.pieces[l.start + k]);
            if cjk::is_han(a.ch) && cjk::is_han(c.ch) {
                assert!(
                    l.glyph_x[k] - l.glyph_x[k - 1] >= st.cell - 0.2,
                    "Han squeezed in line {i}: {texts:?}"
                );
            }
        }
    }
    texts
}

// ---- §5.2 character classes -----------------------------------------------------

#[test]
fn class_a_marks_never_start_a_line() {
    let book = book();
    let (st, w, indent) = body(&book);
    // Every class A mark placed where greedy filling would start line 2 with it.
    for mark in [
        '，', '。', '、', '：', '；', '？', '！', '”', '’', '）', '》', '】', '%', '·',
    ] {
        let text = format!("{}{mark}{}", "国".repeat(30), "家".repeat(40));
        let (p, b) = set(&text, &st, &book, w, indent);
        let texts = assert_well_set(&p, &b, &st, w);
        assert!(!texts[1].starts_with(mark), "{mark}: {texts:?}");
    }
}

#[test]
fn without_prohibition_a_mark_may_start_a_line() {
    // The rule, not chance, keeps marks off line starts: with strictness none a
    // paragraph whose only sensible break puts a comma first does put it there.
    let book = book();
    let (mut st, w, indent) = body(&book);
    st.strictness = Strictness::None;
    let text = format!("{}，{}", "国".repeat(30), "家".repeat(32));
    let (p, b) = set(&text, &st, &book, w, indent);
    assert!(lines(&p, &b)[1].starts_with('，'), "{:?}", lines(&p, &b));
}

#[test]
fn class_b_marks_never_end_a_line() {
    let book = book();
    let (st, w, indent) = body(&book);
    for mark in ['“', '‘', '（', '《', '【', '￥'] {
        // The mark is the 31st character: greedy filling would end line 1 with it.
        let text = format!("{}{mark}{}", "国".repeat(29), "家".repeat(40));
        let (p, b) = set(&text, &st, &book, w, indent);
        let texts = assert_well_set(&p, &b, &st, w);
        assert!(!texts[0].ends_with(mark), "{mark}: {texts:?}");
    }
}

#[test]
fn curly_quotes_open_and_close_like_brackets() {
    assert_eq!(
        cjk::kind('“'),
        CharKind::Punct(cjk::PunctKind::Opening),
        "U+201C opens"
    );
    assert_eq!(cjk::kind('”'), CharKind::Punct(cjk::PunctKind::Closing));
    assert!(cjk::no_line_end('“', Strictness::GbStyle));
    assert!(cjk::no_line_start('”', Strictness::GbStyle));
    // A break may come before “ and after ” (Unicode 16 zh tailoring).
    let book = book();
    let (st, _, _) = body(&book);
    let p = prepare("说“好”了", &st, &book);
    assert!(p.junctions[1].breakable, "break before “");
    assert!(p.junctions[4].breakable, "break after ”");
    assert!(!p.junctions[2].breakable && !p.junctions[3].breakable);
}

#[test]
fn strictness_levels_add_the_solidus_and_then_dashes_and_ellipses() {
    let levels = [
        Strictness::None,
        Strictness::Basic,
        Strictness::GbStyle,
        Strictness::Strict,
    ];
    let start = |c: char| levels.map(|l| cjk::no_line_start(c, l));
    assert_eq!(start('，'), [false, true, true, true]);
    assert_eq!(start('/'), [false, false, true, true]);
    assert_eq!(start('…'), [false, false, false, true]);
    assert_eq!(start('⸺'), [false, false, false, true]);
}

// ---- §5.2 class C and §5.6: never split ------------------------------------------

#[test]
fn numbers_words_and_glued_prefixes_are_never_split() {
    let book = book();
    let (st, w, _) = body(&book);
    for unit in [
        "87%", "0.09%", "33.4", "22:00", "￥100", "4,000", "1800Gbps", "5G", "IPv6+", "F5G",
        "5G+工",
    ] {
        let text = format!("达到{unit}的");
        let p = prepare(&text, &st, &book);
        let start = 2;
        let end = start + unit.chars().count();
        for i in start + 1..end {
            assert!(!p.junctions[i].breakable, "{unit} breakable at {i}");
        }
        // Under pressure at every width the unit stays on one line.
        for chars in 3..12 {
            let measure = chars as f32 * st.cell;
            let long = format!("{}{unit}{}", "国".repeat(chars - 1), "家".repeat(chars));
            let p = prepare(&long, &st, &book);
            let b = break_paragraph(&p, measure.max(w / 8.0), 0.0, Tightness::Best);
            let texts = lines(&p, &b);
            assert!(
                texts.iter().any(|t| t.contains(unit)),
                "{unit} split at {chars} cells: {texts:?}"
            );
        }
    }
}

#[test]
fn number_unit_and_date_breaks_are_allowed_but_penalised() {
    let book = book();
    let (st, _, _) = body(&book);
    let p = prepare("共33.4亿元，9月15日", &st, &book);
    let at = |c: char| p.pieces.iter().position(|x| x.ch == c).unwrap();
    let yi = at('亿');
    assert!(p.junctions[yi].breakable && p.junctions[yi].penalty > 0.0);
    let day = at('1');
    assert!(p.junctions[day].breakable && p.junctions[day].penalty > 0.0);
    // Between Han characters a break is free.
    assert_eq!(p.junctions[1].penalty, 0.0);
}

#[test]
fn two_em_dashes_and_ellipses_are_one_unit() {
    let book = book();
    let (st, w, indent) = body(&book);
    for unit in ["——", "……", "⸺"] {
        for k in 27..33 {
            let text = format!("{}{unit}{}", "国".repeat(k), "家".repeat(40));
            let (p, b) = set(&text, &st, &book, w, indent);
            let texts = assert_well_set(&p, &b, &st, w);
            assert!(
                texts.iter().any(|t| t.contains(unit)),
                "{unit} split after {k}: {texts:?}"
            );
        }
    }
    // —— takes exactly 2 em and its halves join into one line of ink.
    let p = prepare("——", &st, &book);
    let width: f32 = p.pieces.iter().map(|x| x.width).sum();
    assert!((width - 2.0 * st.cell).abs() < EPS);
    let face = book.face(p.pieces[0].font);
    let (_, right) = face.ink_em(p.pieces[0].glyph).unwrap();
    let (left, _) = face.ink_em(p.pieces[1].glyph).unwrap();
    let first_ink_end = p.pieces[0].glyph_dx + right * st.size;
    let second_ink_start = p.pieces[0].width + p.pieces[1].glyph_dx + left * st.size;
    assert!((first_ink_end - second_ink_start).abs() < 0.05);
}

#[test]
fn the_two_em_dash_may_start_a_line_except_when_strict() {
    let book = book();
    let (mut st, _, _) = body(&book);
    let p = prepare("国——家", &st, &book);
    assert!(p.junctions[1].breakable, "GB style: —— may start a line");
    st.strictness = Strictness::Strict;
    let p = prepare("国——家", &st, &book);
    assert!(!p.junctions[1].breakable, "strict: —— may not");
    // A single — is a connector and never starts a line.
    let p = prepare("国—家", &st, &book);
    assert!(!p.junctions[1].breakable);
}

// ---- §5.1, §5.3 punctuation widths and compression ------------------------------

#[test]
fn adjacent_marks_are_squeezed_to_one_and_a_half_em() {
    let book = book();
    let (st, _, _) = body(&book);
    for pair in ["）。", "”，", "。”", "》，", "，“", "。（", "（“", "《〈"] {
        let p = prepare(pair, &st, &book);
        let w: f32 = p.pieces.iter().map(|x| x.width).sum();
        assert!((w - 1.5 * st.cell).abs() < EPS, "{pair}: {w}");
    }
    // Dashes and interpuncts are never squeezed.
    let p = prepare("。——", &st, &book);
    let w: f32 = p.pieces.iter().map(|x| x.width).sum();
    assert!((w - 3.0 * st.cell).abs() < EPS);
}

#[test]
fn line_end_marks_drop_their_blank_half_and_line_start_openers_theirs() {
    let book = book();
    let (st, w, indent) = body(&book);
    // A paragraph's last line ending in 。 ends at the glyph's half cell.
    let (_, b) = set("国家。", &st, &book, w, indent);
    let l = &b.lines[0];
    assert!(
        (l.end_x - (indent + 2.5 * st.cell)).abs() < EPS,
        "{}",
        l.end_x
    );
    // An opening mark after the indent loses its blank left half: the glyph's cell
    // starts half a cell into the line.
    let (p, b) = set("“国家”", &st, &book, w, indent);
    let face = book.face(p.pieces[0].font);
    let adv = face.advance_em(p.pieces[0].glyph) * st.size;
    let cell_left = b.lines[0].glyph_x[0] - (st.cell - adv);
    assert!(
        (cell_left - (indent - st.cell / 2.0)).abs() < EPS,
        "{cell_left}"
    );
    // The next character's cell starts half a cell after the indent.
    let han_dx = (st.cell - book.face(p.pieces[1].font).advance_em(p.pieces[1].glyph) * st.size)
        .max(0.0)
        / 2.0;
    assert!((b.lines[0].glyph_x[1] - han_dx - (indent + st.cell / 2.0)).abs() < EPS);
}

#[test]
fn punctuation_schemes_set_the_widths_they_name() {
    let book = book();
    let (mut st, _, _) = body(&book);
    let width = |st: &TextStyle, t: &str| -> Vec<f32> {
        prepare(t, st, &book)
            .pieces
            .iter()
            .map(|x| x.width / st.cell)
            .collect()
    };
    st.punctuation = PunctScheme::Kaiming;
    assert_eq!(width(&st, "国，国。"), vec![1.0, 0.5, 1.0, 1.0]);
    st.punctuation = PunctScheme::Banjiao;
    assert_eq!(width(&st, "国，国。"), vec![1.0, 0.5, 1.0, 0.5]);
    st.punctuation = PunctScheme::Plain;
    assert_eq!(width(&st, "）。"), vec![1.0, 1.0]);
    st.punctuation = PunctScheme::Quanjiao;
    assert_eq!(width(&st, "国，国。"), vec![1.0, 1.0, 1.0, 1.0]);
}

#[test]
fn punctuation_comes_from_the_cjk_face_even_with_a_latin_face() {
    let book = book();
    let mut s = Style::house();
    // A Latin face that exists in the bundle stands in for Times.
    s.fonts.latin = vec!["LXGW WenKai".into()];
    let st = TextStyle::body(&s, &book);
    let p = prepare("5G“国”—…", &st, &book);
    let body_face = book.chain(&s.fonts.body).0[0];
    let latin_face = book.chain(&s.fonts.latin).0[0];
    assert_eq!(p.pieces[0].font, latin_face, "digits from the Latin face");
    for piece in &p.pieces[2..] {
        assert_eq!(piece.font, body_face, "{} from the CJK face", piece.ch);
    }
}

// ---- §5.4 justification ----------------------------------------------------------

#[test]
fn pause_marks_shrink_before_full_stops() {
    let book = book();
    let (st, w, _) = body(&book);
    // 32.5 cells of material on a 32-cell line (the final comma drops its blank half),
    // needing half a cell of shrink: the pause mark 、 gives it, the full stop keeps
    // its full cell.
    let text = format!(
        "{}。{}、{}，",
        "国".repeat(9),
        "国".repeat(10),
        "国".repeat(11)
    );
    let p = prepare(&text, &st, &book);
    let line = super::linebreak::compose(&p, 0, 33, w, true);
    let stop = 9;
    let comma = 20;
    let cell_of = |k: usize| line.glyph_x[k + 1] - line.glyph_x[k];
    assert!(
        (cell_of(stop) - st.cell).abs() < 0.05,
        "。 kept: {}",
        cell_of(stop)
    );
    assert!(
        cell_of(comma) < st.cell - 0.1,
        "， shrunk: {}",
        cell_of(comma)
    );
    assert!((line.end_x - w).abs() < EPS);
}

#[test]
fn pure_han_lines_sit_on_the_grid_and_mixed_lines_reach_the_measure() {
    let book = book();
    let (st, w, indent) = body(&book);
    let (_, b) = set(&"国".repeat(100), &st, &book, w, indent);
    for l in &b.lines[1..3] {
        assert_eq!(l.end - l.start, 32);
        for (k, x) in l.glyph_x.iter().enumerate() {
            assert!((x - k as f32 * st.cell).abs() < 1e-3);
        }
    }
    let text = "截至9月底，全省累计建成5G基站2.3万个，实现了县城以上城区5G网络连续覆盖，重点乡镇和部分行政村覆盖，1800Gbps的骨干直联点带宽扩容到了原来的3倍。";
    let (p, b) = set(text, &st, &book, w, indent);
    assert!(b.lines.len() >= 2);
    assert_well_set(&p, &b, &st, w);
}

// ---- §5.4 breaking and §4.2 孤字 ---------------------------------------------------

#[test]
fn a_lone_last_character_is_avoided_and_reported_when_unavoidable() {
    let book = book();
    let (st, w, indent) = body(&book);
    let text = format!("{}，{}了。", "国".repeat(29), "家".repeat(31));
    let (p, b) = set(&text, &st, &book, w, indent);
    assert!(!b.lone_last);
    let last = lines(&p, &b).pop().unwrap();
    assert!(
        last.chars().filter(|c| cjk::is_han(*c)).count() >= 2,
        "{last}"
    );

    // A Latin word that fills the first line exactly and cannot break: the last
    // character has nowhere else to go, and the breaker says so.
    let p = prepare("Abcdefghijklmnopqrstuvwxyz国", &st, &book);
    let word: f32 = p.pieces[..26].iter().map(|x| x.width).sum();
    let b = break_paragraph(&p, word + 0.1, 0.0, Tightness::Best);
    assert_eq!(b.lines.len(), 2);
    assert!(b.lone_last);
}

#[test]
fn a_class_a_mark_is_pushed_in_when_half_a_cell_of_shrink_allows() {
    let book = book();
    let (st, w, indent) = body(&book);
    // 29 Han, a comma, 1 Han, then a full stop as the 32nd cell of the first line
    // (30 after the indent): the line has shrink in its comma, so 。 is pushed in.
    let text = format!("{}，国国。{}", "国".repeat(27), "家".repeat(20));
    let (p, b) = set(&text, &st, &book, w, indent);
    let texts = assert_well_set(&p, &b, &st, w);
    assert!(texts[0].ends_with('。'), "{texts:?}");
}

#[test]
fn fewest_lines_saves_a_line_when_the_rules_allow() {
    let book = book();
    let (st, w, indent) = body(&book);
    let text = "由于当地大面积停电使得通信基站的电力供应难以为继，多处出现了停电退服的情况，各类低洼的机房、地下室等，出现严重积水，加大了抢通难度，严重影响设备运行。山西联通抢险队不畏艰险，立即开始救援，在距新乡市公司800米处用铲车转运物资至市公司大院，至当晚22:00时，共安装水泵4台、7月25日下午17时圆满完成新乡市公司大院排水任务。";
    let p = prepare(text, &st, &book);
    let best = break_paragraph(&p, w, indent, Tightness::Best);
    let fewest = break_paragraph(&p, w, indent, Tightness::Fewest);
    assert!(fewest.lines.len() <= best.lines.len());
    assert_eq!(fewest.lines.len(), 5, "the seed sets it in 5 lines");
    assert_well_set(&p, &fewest, &st, w);
}

// ---- §5.6 mixed text ---------------------------------------------------------------

#[test]
fn han_latin_gaps_are_a_quarter_em_flexible_and_absent_by_symbols() {
    let book = book();
    let (st, _, _) = body(&book);
    let p = prepare("加快5G建设0.09%左右5G+工业约￥100", &st, &book);
    let at = |s: &str| {
        let chars: Vec<char> = p.pieces.iter().map(|x| x.ch).collect();
        let pat: Vec<char> = s.chars().collect();
        chars
            .windows(pat.len())
            .position(|w| w == pat.as_slice())
            .unwrap()
    };
    let em = st.size;
    let before_5 = &p.junctions[at("5G建")];
    assert!((before_5.natural - 0.25 * em).abs() < 1e-3);
    assert!((before_5.natural - before_5.shrink - em / 8.0).abs() < 1e-3);
    assert!((before_5.natural + before_5.stretch - em / 3.0).abs() < 1e-3);
    let after_g = &p.junctions[at("建设")];
    assert!((after_g.natural - 0.25 * em).abs() < 1e-3, "G|建");
    assert_eq!(p.junctions[at("左右")].natural, 0.0, "%|左: none");
    assert_eq!(p.junctions[at("工业")].natural, 0.0, "+|工: none");
    assert_eq!(p.junctions[at("100")].natural, 0.0, "￥|1: none");
}

#[test]
fn no_han_latin_gap_at_a_line_edge() {
    let book = book();
    let (st, w, _) = body(&book);
    // A line that ends right before a number: the gap is dropped, so the line's
    // material ends at the last Han cell and justification starts from there.
    let text = format!("{}2021年{}", "国".repeat(32), "家".repeat(10));
    let (p, b) = set(&text, &st, &book, w, 0.0);
    let texts = assert_well_set(&p, &b, &st, w);
    assert_eq!(texts[0], "国".repeat(32));
    for (k, x) in b.lines[0].glyph_x.iter().enumerate() {
        assert!(
            (x - k as f32 * st.cell).abs() < 1e-3,
            "no gap pushed the line"
        );
    }
    assert!(
        b.lines[1].glyph_x[0].abs() < 1e-3,
        "no gap at the line start"
    );
}

// ---- §3.2 titles and §3.7 single-line elements ---------------------------------

#[test]
fn titles_are_balanced_and_forced_breaks_win() {
    let issue = issue_with(vec![Article {
        title: "山西省通信管理局召开全省信息通信行业网络安全和应急通信保障工作会议部署重点任务"
            .into(),
        subtitle: None,
        blocks: vec![para(&"国".repeat(40))],
        attribution: None,
    }]);
    let pages = layout(&issue, &Style::house(), &book());
    let titles: Vec<String> = pages
        .lines(0)
        .into_iter()
        .filter(|(k, _)| *k == LineKind::Title)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    let (a, b) = (titles[0].chars().count(), titles[1].chars().count());
    assert!(a.abs_diff(b) <= 2, "balanced, not {a} + {b}");

    let mut forced = issue.clone();
    forced.sections[0].articles[0].title =
        "山西省通信管理局召开\n全省信息通信行业网络安全和应急通信保障工作会议".into();
    let pages = layout(&forced, &Style::house(), &book());
    let first_title = pages
        .lines(0)
        .into_iter()
        .find(|(k, _)| *k == LineKind::Title)
        .map(|(_, t)| t)
        .unwrap();
    assert_eq!(first_title, "山西省通信管理局召开");
}

#[test]
fn two_character_names_spread_over_three_em_in_award_lists() {
    let issue = issue_with(vec![Article {
        title: "获奖名单".into(),
        subtitle: None,
        blocks: vec![Block::AwardList {
            categories: vec![AwardCategory {
                name: "书法".into(),
                rows: vec![
                    AwardRow::Person {
                        name: "徐媛".into(),
                        org: "山西省通信行业协会".into(),
                        award: "特等奖".into(),
                    },
                    AwardRow::Person {
                        name: "薛亥申".into(),
                        org: "山西移动".into(),
                        award: "一等奖".into(),
                    },
                ],
            }],
        }],
        attribution: None,
    }]);
    let style = Style::house();
    let pages = layout(&issue, &style, &book());
    let xs = |c: char| -> f32 {
        pages.pages[0]
            .runs()
            .flat_map(|r| r.glyphs.iter())
            .find(|g| g.ch == c)
            .map(|g| g.x)
            .unwrap()
    };
    let em = style.char_pitch();
    assert!(
        (xs('媛') - xs('徐') - 2.0 * em).abs() < 0.5,
        "徐　媛 over 3 em"
    );
    assert!(
        (xs('申') - xs('薛') - 2.0 * em).abs() < 0.5,
        "three-character names fill the box"
    );
    assert!((xs('山') - xs('山')).abs() < 1e-3);
}

// ---- fonts per character --------------------------------------------------------

#[test]
fn rare_characters_fall_back_per_character_and_missing_ones_are_reported() {
    let book = book();
    let (st, _, _) = body(&book);
    let p = prepare("王䶮𠮷", &st, &book);
    let body_face = p.pieces[0].font;
    for piece in &p.pieces[1..] {
        assert!(piece.found, "{} found in a bundled face", piece.ch);
        assert_ne!(piece.font, body_face, "{} from another face", piece.ch);
    }
    // A character no face has is reported with its place.
    let mut issue = issue_with(vec![Article {
        title: "测试".into(),
        subtitle: None,
        blocks: vec![para("这里有一个\u{E000}字。")],
        attribution: None,
    }]);
    issue.sections[0].label = "栏目".into();
    let pages = layout(&issue, &Style::house(), &book);
    let w = pages
        .warnings
        .iter()
        .find(|w| w.code == "missing-glyph")
        .expect("a missing-glyph warning");
    assert!(w.zh.contains("测试") && w.zh.contains("U+E000"), "{}", w.zh);
}

// ---- §4 pagination ------------------------------------------------------------------

fn line(slots: u32, break_before: bool, kind: LineKind) -> FlowLine {
    FlowLine {
        slots,
        runs: Vec::new(),
        rules: Vec::new(),
        break_before,
        kind,
        source: Source::Article(0),
        variant: Variant::Always,
        space_above: 0,
    }
}

fn small_page() -> Style {
    Style {
        lines_per_page: 10,
        masthead_slots: 0,
        distribution_gap_slots: 1,
        ..Style::house()
    }
}

#[test]
fn pages_end_only_where_keeps_allow_and_fill_otherwise() {
    let style = small_page();
    // 9 free lines, then a 3-line chain that may not be split (heading + 2 lines).
    let mut flow: Vec<FlowLine> = (0..9).map(|_| line(1, true, LineKind::Body)).collect();
    flow.push(line(1, true, LineKind::Title));
    flow.push(line(1, false, LineKind::Body));
    flow.push(line(1, false, LineKind::Body));
    let a = paginate(&slotted(&flow), &[], 0, &style);
    assert_eq!(a.placed.len(), 2);
    assert_eq!(
        a.placed[0].len(),
        9,
        "the title moves to page 2 with its lines"
    );
    assert_eq!(a.placed[1][0].index, 9);
    // With no keeps the page fills.
    let free: Vec<FlowLine> = (0..12).map(|_| line(1, true, LineKind::Body)).collect();
    let a = paginate(&slotted(&free), &[], 0, &style);
    assert_eq!(a.placed[0].len(), 10);
}

#[test]
fn a_heading_at_a_page_top_drops_its_blank_slot() {
    let style = small_page();
    let mut flow: Vec<FlowLine> = (0..10).map(|_| line(1, true, LineKind::Body)).collect();
    let mut heading = line(2, true, LineKind::SectionHeading);
    heading.space_above = 1;
    flow.push(heading);
    flow.extend((0..9).map(|_| line(1, true, LineKind::Body)));
    let a = paginate(&slotted(&flow), &[], 0, &style);
    assert_eq!(a.placed.len(), 2);
    let top = a.placed[1][0];
    assert_eq!((top.index, top.slot, top.trimmed), (10, 0, 1));
    assert_eq!(a.placed[1].len(), 10, "heading + 9 lines fill the page");
}

#[test]
fn tightening_a_paragraph_brings_the_distribution_block_back() {
    let style = small_page();
    // 6 lines, then a paragraph of 2 lines that can be set in 1: the block of 2 lines
    // needs 1 gap + 2 slots, so only the tight setting keeps it on page 1.
    let mut flow: Vec<FlowLine> = (0..6).map(|_| line(1, true, LineKind::Body)).collect();
    for _ in 0..2 {
        let mut l = line(1, true, LineKind::Body);
        l.variant = Variant::Loose(0);
        flow.push(l);
    }
    let mut t = line(1, true, LineKind::BodyLast);
    t.variant = Variant::Tight(0);
    flow.push(t);
    let candidates = [Candidate {
        saves: 1,
        cost: 100.0,
        place: "第1段".into(),
        source: Source::Article(0),
    }];
    let a = paginate(&slotted(&flow), &candidates, 2, &style);
    assert!(a.block_fits && a.tightened[0]);
    assert_eq!(a.placed.len(), 1);
    assert!(!a.active.contains(&6) && a.active.contains(&8));
    // Without a budget for tightening the block goes to a new page.
    let strict = Style {
        fit_max_paragraphs: 0,
        ..small_page()
    };
    let a = paginate(&slotted(&flow), &candidates, 2, &strict);
    assert!(!a.block_fits && !a.tightened[0]);
}

fn issue_with(articles: Vec<Article>) -> Issue {
    let mut issue = Issue::sample();
    issue.front.clear();
    issue.sections = vec![Section {
        label: String::new(),
        articles,
    }];
    issue
}

fn para(text: &str) -> Block {
    Block::Paragraph { text: text.into() }
}

/// Kinds and texts of every line, page by page.
fn page_lines(pages: &super::Pages) -> Vec<Vec<(LineKind, String)>> {
    (0..pages.pages.len()).map(|i| pages.lines(i)).collect()
}

#[test]
fn keeps_hold_in_a_real_issue() {
    // Many articles of varied length with bylines and an award list: wherever the
    // pages fall, no title is the last thing on a page, no page starts with a byline,
    // a category heading has two rows after it, and no paragraph leaves a single line
    // at a page top or foot.
    let mut articles = Vec::new();
    for k in 0..14 {
        let mut blocks = Vec::new();
        for j in 0..(1 + k % 4) {
            blocks.push(para(
                &"国家信息通信业发展，".repeat(3 + (k * 7 + j * 5) % 11),
            ));
        }
        if k == 5 {
            blocks.push(Block::AwardList {
                categories: (0..6)
                    .map(|c| AwardCategory {
                        name: format!("类别{c}"),
                        rows: (0..(2 + c * 3))
                            .map(|r| AwardRow::Person {
                                name: format!("张{r}"),
                                org: "山西移动".into(),
                                award: "三等奖".into(),
                            })
                            .collect(),
                    })
                    .collect(),
            });
        }
        articles.push(Article {
            title: format!("第{k}篇文章的标题"),
            subtitle: None,
            blocks,
            attribution: Some(Attribution {
                kind: AttributionKind::Source {
                    text: "据山西管局信息".into(),
                },
                placement: Placement::OwnLine,
            }),
        });
    }
    let issue = issue_with(articles);
    let pages = layout(&issue, &Style::house(), &book());
    assert!(pages.pages.len() > 3);
    let all = page_lines(&pages);
    for (p, lines) in all.iter().enumerate() {
        let body: Vec<&(LineKind, String)> = lines
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k,
                    LineKind::PageNumber | LineKind::Masthead | LineKind::Distribution
                )
            })
            .collect();
        let (Some(first), Some(last)) = (body.first(), body.last()) else {
            continue;
        };
        assert_ne!(last.0, LineKind::Title, "page {} ends with a title", p + 1);
        assert_ne!(
            last.0,
            LineKind::ListCategory,
            "page {} ends with a category",
            p + 1
        );
        if p > 0 {
            assert_ne!(
                first.0,
                LineKind::Byline,
                "page {} starts with a byline",
                p + 1
            );
            assert_ne!(
                first.0,
                LineKind::BodyLast,
                "page {} starts with a widow",
                p + 1
            );
        }
        if body.len() >= 2 && p + 1 < all.len() {
            let second_last = body[body.len() - 2];
            let lone_first = last.0 == LineKind::Body && second_last.0 != LineKind::Body;
            assert!(!lone_first, "page {} ends with an orphan", p + 1);
            if second_last.0 == LineKind::ListCategory {
                panic!("page {}: a category heading with one row", p + 1);
            }
        }
    }
    assert!(
        !pages.warnings.iter().any(|w| w.code == "forced-page-break"),
        "{:?}",
        pages.warnings
    );
}

#[test]
fn the_distribution_block_sits_on_the_text_block_foot() {
    let style = Style::house();
    let pages = layout(&Issue::sample(), &style, &book());
    let last = pages.pages.last().unwrap();
    let bottom = style.text_top() + style.text_height();
    let lowest_rule = last
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r.y),
            _ => None,
        })
        .fold(0.0f32, f32::max);
    assert!(
        (lowest_rule - bottom).abs() < 0.5,
        "{lowest_rule} vs {bottom}"
    );
    // Body lines sit on the line grid: every baseline is the first slot's baseline
    // plus whole slots.
    let pitch = style.line_pitch();
    for page in &pages.pages {
        for run in page.runs().filter(|r| r.line == LineKind::Body) {
            let slots = (run.y - style.text_top()) / pitch;
            let frac = slots - slots.floor();
            let first = (pages.pages[0]
                .runs()
                .find(|r| r.line == LineKind::Body)
                .unwrap()
                .y
                - style.text_top())
                / pitch;
            assert!(
                (frac - (first - first.floor())).abs() < 0.01,
                "off the grid"
            );
        }
    }
}

// ---- property test ------------------------------------------------------------------

use crate::testing::Rng;

/// Whether some break list with no line overfull and no lone last line exists for a
/// paragraph of at most three lines (checked by enumeration, independently of the
/// breaker's dynamic programme).
fn clean_breaking_exists(p: &Prepared, measure: f32, indent: f32) -> Option<bool> {
    let n = p.pieces.len();
    let fits = |a: usize, b: usize, first: bool| {
        let set =
            super::linebreak::compose(p, a, b, measure - if first { indent } else { 0.0 }, false);
        set.end_x <= measure - if first { indent } else { 0.0 } + EPS
    };
    let ok_break = |i: usize| i > 0 && i < n && p.junctions[i].breakable;
    let lone = |a: usize| {
        let content = p.pieces[a..]
            .iter()
            .filter(|x| !matches!(x.kind, CharKind::Punct(_)))
            .count();
        content == 1 && p.pieces[a..].iter().any(|x| cjk::is_han(x.ch))
    };
    if fits(0, n, true) {
        return Some(true);
    }
    if natural_width(p) > 3.0 * measure {
        return None;
    }
    for i in (1..n).filter(|&i| ok_break(i)) {
        if !fits(0, i, true) {
            continue;
        }
        if fits(i, n, false) && !lone(i) {
            return Some(true);
        }
        for j in (i + 1..n).filter(|&j| ok_break(j)) {
            if fits(i, j, false) && fits(j, n, false) && !lone(j) {
                return Some(true);
            }
        }
    }
    Some(false)
}

#[test]
fn random_paragraphs_keep_every_rule_at_every_width() {
    // Characters and marks drawn from the seed issue.
    let han: Vec<char> =
        "山西通信行业协会省长蓝佛安移动电信联通数字经济发展建设网络基础设施服务工作企业公司"
            .chars()
            .collect();
    let marks = ['，', '。', '、', '：', '；', '？', '！'];
    let pairs = [("“", "”"), ("（", "）"), ("《", "》"), ("【", "】")];
    let words = [
        "5G", "1800Gbps", "87%", "0.09%", "33.4", "22:00", "2021", "IPv6+", "——", "……",
    ];
    let book = book();
    let (st, _, indent) = body(&book);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut checked_lone = 0;
    for case in 0..400 {
        let mut text = String::new();
        let len = 20 + (rng.next() % 90) as usize;
        while text.chars().count() < len {
            match rng.next() % 10 {
                0 => text.push(rng.pick(&marks)),
                1 => {
                    let (o, c) = rng.pick(&pairs);
                    text.push_str(o);
                    for _ in 0..(1 + rng.next() % 6) {
                        text.push(rng.pick(&han));
                    }
                    text.push_str(c);
                }
                2 => text.push_str(rng.pick(&words)),
                _ => text.push(rng.pick(&han)),
            }
        }
        text.push('。');
        for cells in [12.0, 20.0, 28.0, 32.0] {
            let measure = cells * st.cell;
            let p = prepare(&text, &st, &book);
            let b = break_paragraph(&p, measure, indent, Tightness::Best);
            let texts = assert_well_set(&p, &b, &st, measure);
            // Every character is set once, in order.
            let joined: String = texts.concat();
            let source: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, source, "case {case}");
            if b.lone_last {
                if let Some(exists) = clean_breaking_exists(&p, measure, indent) {
                    checked_lone += 1;
                    assert!(
                        !exists,
                        "case {case} at {cells}: avoidable lone last line {texts:?}"
                    );
                }
            } else if b.lines.len() <= 3 {
                checked_lone += 1;
            }
        }
    }
    assert!(
        checked_lone > 100,
        "the lone-line check ran on {checked_lone} cases"
    );
}

// ---- layout warnings (each code, positive and negative) ----------------------------

#[test]
fn layout_warnings_name_what_and_where() {
    let style = Style::house();
    let book = book();
    let codes = |issue: &Issue| -> Vec<&'static str> {
        layout(issue, &style, &book)
            .warnings
            .iter()
            .map(|w| w.code)
            .collect()
    };
    let clean = codes(&Issue::sample());
    assert!(clean.is_empty(), "{clean:?}");

    // A bulletin name too long for the text width is scaled down and reported.
    let mut long_name = Issue::sample();
    long_name.meta.bulletin_name = "山西省通信行业协会工作信息简报特刊".into();
    assert!(codes(&long_name).contains(&"masthead-too-long"));

    // Growing the last article line by line: whenever the block no longer fits under
    // it, it moves to a new page of its own and says so; otherwise it sits at the foot
    // of the last page with text above it. Tightening is off, so growth shows directly.
    let strict = Style {
        fit_max_paragraphs: 0,
        ..Style::house()
    };
    let mut moved_seen = false;
    for k in 0..40 {
        let mut grown = Issue::sample();
        if let Some(a) = grown
            .sections
            .last_mut()
            .and_then(|s| s.articles.last_mut())
            .filter(|_| k > 0)
        {
            a.blocks
                .push(para(&"补充内容补充内容补充内容补充内容，".repeat(k)));
        }
        let pages = layout(&grown, &strict, &book);
        let last = pages.pages.last().unwrap();
        let only_block = last
            .runs()
            .all(|r| matches!(r.line, LineKind::Distribution | LineKind::PageNumber));
        match pages
            .warnings
            .iter()
            .find(|w| w.code == "distribution-new-page")
        {
            Some(w) => {
                moved_seen = true;
                assert!(only_block, "k={k}: a moved block is alone on its page");
                assert_eq!(w.page, Some(pages.pages.len()));
                assert!(w.zh.contains("版记"));
            }
            None => assert!(!only_block, "k={k}: an unreported block-only page"),
        }
    }
    assert!(moved_seen, "some growth pushed the block to a new page");
}

/// The editor's cached re-layout gives exactly what a layout from scratch gives, after
/// edits of every kind (text typed, paragraphs removed, articles moved, titles and
/// section labels changed) and after a change of style.
#[test]
fn cached_layout_matches_a_fresh_layout_after_edits() {
    use super::{layout_cached, LayoutCache};
    let book = book();
    let mut style = Style::house();
    let mut issue = Issue::sample();
    let mut cache = LayoutCache::default();
    fn first_paragraph(issue: &mut Issue, s: usize, a: usize) -> Option<&mut String> {
        issue
            .sections
            .get_mut(s)?
            .articles
            .get_mut(a)?
            .blocks
            .iter_mut()
            .find_map(|b| match b {
                Block::Paragraph { text } => Some(text),
                _ => None,
            })
    }
    type Edit = Box<dyn Fn(&mut Issue, &mut Style)>;
    let edits: Vec<Edit> = vec![
        Box::new(|_, _| {}),
        Box::new(|i, _| {
            if let Some(t) = first_paragraph(i, 1, 0) {
                t.insert_str(0, "新增一句话，");
            }
        }),
        Box::new(|i, _| {
            if let Some(t) = first_paragraph(i, 3, 2) {
                t.push_str("补充的内容使这一段多出一行或两行，以便检验后面各页是否跟着重排。");
            }
        }),
        Box::new(|i, _| {
            i.sections[1].articles[0].blocks.remove(0);
        }),
        Box::new(|i, _| {
            let a = i.sections[3].articles.remove(1);
            i.sections[0].articles.insert(0, a);
        }),
        Box::new(|i, _| i.sections[2].articles[0].title.push_str("（续）")),
        Box::new(|i, _| i.sections[1].label = "行业综合信息".into()),
        Box::new(|_, s| *s = Style::gb()),
        Box::new(|i, _| {
            i.sections.remove(0);
        }),
    ];
    for (k, edit) in edits.iter().enumerate() {
        edit(&mut issue, &mut style);
        let cached = layout_cached(&issue, &style, &book, &mut cache);
        let fresh = layout(&issue, &style, &book);
        assert_eq!(
            format!("{:?}", cached.pages),
            format!("{:?}", fresh.pages),
            "pages after edit {k}"
        );
        assert_eq!(cached.warnings, fresh.warnings, "warnings after edit {k}");
        assert_eq!(
            cached.tightened, fresh.tightened,
            "tightened after edit {k}"
        );
        assert_eq!(cached.body_lines, fresh.body_lines);
        assert_eq!(
            cache.len(),
            issue.articles().count(),
            "one entry per article"
        );
    }
}

/// Text past the right edge of the text block is reported, and only then: the sample's
/// justified lines end with squeezed marks that start half a cell before the edge.
#[test]
fn text_past_the_measure_is_reported_and_only_then() {
    let book = book();
    for style in [Style::house(), Style::gb()] {
        let pages = layout(&Issue::sample(), &style, &book);
        let overflow: Vec<_> = pages
            .warnings
            .iter()
            .filter(|w| w.code == "text-overflow")
            .collect();
        assert!(overflow.is_empty(), "{overflow:?}");
    }
    let mut issue = Issue::sample();
    issue.sections[1].label = "很长的栏目名".repeat(10);
    let pages = layout(&issue, &Style::house(), &book);
    assert!(pages
        .warnings
        .iter()
        .any(|w| w.code == "text-overflow" && w.source == Source::Section(1)));
}
