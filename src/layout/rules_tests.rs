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
    (st, s.text_width().0, indent)
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
            .flat_map(|r| r.glyphs.iter().map(move |g| (r.glyph_char(g), g.x)))
            .find(|(ch, _)| *ch == c)
            .map(|(_, x)| x)
            .unwrap()
    };
    let em = style.char_pitch().0;
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
        head: None,
        pictures: Vec::new(),
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

#[test]
fn the_runs_of_a_paragraph_share_its_text_and_show_their_part_of_it() {
    // Han, Latin and digits alternate faces, so each line has several runs; two
    // paragraphs of several lines each. Copying a run onto a page then touches one
    // shared text per paragraph (a speed matter), and each run still shows its part.
    let first = "第五代移动通信5G-Advanced网络于2026年覆盖全省，".repeat(6);
    let second = "中国电信Shanxi分公司发布《数字乡村建设指南》，".repeat(5);
    let issue = issue_with(vec![article(
        "共享文本",
        None,
        vec![para(&first), para(&second)],
    )]);
    let pages = layout(&issue, &Style::gb(), &book());
    let body: Vec<&super::GlyphRun> = pages
        .pages
        .iter()
        .flat_map(|p| p.runs())
        .filter(|r| matches!(r.line, LineKind::Body | LineKind::BodyLast))
        .collect();
    let mut texts: Vec<&super::pages::RunText> = Vec::new();
    for run in &body {
        if !texts.iter().any(|t| t.shares_with(&run.text)) {
            texts.push(&run.text);
        }
    }
    assert!(body.len() > 10, "{} body runs", body.len());
    assert_eq!(texts.len(), 2, "one shared text per paragraph");
    let shown: String = body.iter().map(|r| r.shown_text()).collect();
    let expected: String = format!("{first}{second}")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(shown, expected);
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
    let bottom = style.text_top().0 + style.text_height().0;
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
    let pitch = style.line_pitch().0;
    for page in &pages.pages {
        for run in page.runs().filter(|r| r.line == LineKind::Body) {
            let slots = (run.y - style.text_top().0) / pitch;
            let frac = slots - slots.floor();
            let first = (pages.pages[0]
                .runs()
                .find(|r| r.line == LineKind::Body)
                .unwrap()
                .y
                - style.text_top().0)
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

/// After an edit, the pages before it and the pages after it that hold the same lines
/// at the same slots are the very pages of the last layout (shared, not rebuilt), the
/// page with the edit is new, and the whole still equals a fresh layout; edits that
/// shift everything after them (a line more) or touch page 1 or the last page are
/// checked the same way.
#[test]
fn unchanged_pages_are_handed_out_again_and_equal_a_fresh_layout() {
    use super::{layout_cached, LayoutCache};
    use std::sync::Arc;
    let book = book();
    let style = Style::house();
    let mut issue = Issue::sample().repeated(4);
    let mut cache = LayoutCache::default();
    let mut last = layout_cached(&issue, &style, &book, &mut cache);
    let n_articles = issue.articles().count();
    let mut rng = Rng(0x5eed_cafe);
    let mut kept_total = 0usize;
    for step in 0..24 {
        // A paragraph somewhere: a word typed (usually no line more), a sentence added
        // (lines more), or a title touched; step 0 changes nothing.
        let target = (rng.next() as usize) % n_articles;
        let kind = step % 4;
        let mut k = 0;
        for section in &mut issue.sections {
            for a in &mut section.articles {
                if k == target && step > 0 {
                    match kind {
                        0 => a.title.push('新'),
                        _ => {
                            if let Some(Block::Paragraph { text }) = a.blocks.first_mut() {
                                let add = if kind == 1 {
                                    "字"
                                } else {
                                    "补充一句话，使这一段多出一行。"
                                };
                                text.insert_str(0, add);
                            }
                        }
                    }
                }
                k += 1;
            }
        }
        let now = layout_cached(&issue, &style, &book, &mut cache);
        let fresh = layout(&issue, &style, &book);
        assert_eq!(
            format!("{:?}", now.pages),
            format!("{:?}", fresh.pages),
            "pages after edit {step}"
        );
        assert_eq!(now.warnings, fresh.warnings, "warnings after edit {step}");
        let kept = (now.pages.iter().zip(&last.pages))
            .filter(|(a, b)| Arc::ptr_eq(a, b))
            .count();
        if step == 0 {
            // Nothing changed: every page but the first and the last is kept.
            assert_eq!(kept, now.pages.len() - 2, "nothing changed");
        }
        assert!(
            !Arc::ptr_eq(&now.pages[0], &last.pages[0]),
            "page 1 is built anew"
        );
        kept_total += kept;
        last = now;
    }
    // Most pages of a 40-page issue survive a one-article edit.
    assert!(
        kept_total > 24 * last.pages.len() / 3,
        "kept {kept_total} over 24 edits of {} pages",
        last.pages.len()
    );
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
    // A section label longer than the measure wraps instead (nothing to report).
    let mut issue = Issue::sample();
    issue.sections[1].label = "很长的栏目名".repeat(10);
    let pages = layout(&issue, &Style::house(), &book);
    assert!(pages.warnings.iter().all(|w| w.code != "text-overflow"));
    let heading = pages
        .pages
        .iter()
        .flat_map(|p| p.runs())
        .filter(|r| r.source == Source::Section(1));
    let baselines: Vec<f32> = heading.map(|r| r.y).collect();
    assert!(
        baselines.iter().any(|y| (y - baselines[0]).abs() > 1.0),
        "wrapped"
    );
    // Only a glyph wider than the measure is left over it, and reported.
    let narrow = Style {
        margin_inner_mm: crate::units::Mm(98.0),
        margin_outer_mm: crate::units::Mm(106.0),
        ..Style::house()
    };
    let pages = layout(&issue, &narrow, &book);
    assert!(pages
        .warnings
        .iter()
        .any(|w| w.code == "text-overflow" && w.source == Source::Section(1)));
}

// ---- every element within the measure, whatever its length (issue 11 §2) ------------

/// A glyph as printed: its page, origin and character.
struct Printed {
    page: usize,
    x: f32,
    y: f32,
    ch: char,
}

/// The text every source should print, in order, without spaces (how the display list
/// reads: spaces are glue, U+3000 a blank cell).
fn expected_by_source(issue: &Issue, style: &Style) -> Vec<(Source, String)> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '\u{3000}' | '\n' | '\t'))
            .collect()
    };
    let mut out = Vec::new();
    for (i, a) in issue.articles().enumerate() {
        let mut t = squash(&a.title);
        if let Some(sub) = &a.subtitle {
            t.push_str(&squash(sub));
        }
        for b in &a.blocks {
            match b {
                Block::Paragraph { text } | Block::ListIntro { text } => t.push_str(&squash(text)),
                Block::Figure(f) => {
                    for c in f.pictures() {
                        t.push_str(&squash(&c.caption));
                    }
                }
                Block::AwardList { categories } => {
                    for (ci, c) in categories.iter().enumerate() {
                        t.push_str(&super::flow::chinese_number(ci + 1));
                        t.push('、');
                        t.push_str(&squash(&c.name));
                        for r in &c.rows {
                            match r {
                                AwardRow::Person { name, org, award } => {
                                    t.push_str(&squash(name));
                                    t.push_str(&squash(org));
                                    t.push_str(&squash(award));
                                }
                                AwardRow::Org { org } => t.push_str(&squash(org)),
                            }
                        }
                    }
                }
                Block::Table(table) => table.texts().for_each(|x| t.push_str(&squash(x))),
            }
        }
        if let Some(at) = &a.attribution {
            t.push_str(&squash(&at.printed()));
        }
        out.push((Source::Article(i), t));
    }
    for (i, s) in issue.sections.iter().enumerate() {
        if !s.label.trim().is_empty() {
            out.push((
                Source::Section(i),
                squash(&format!("【{}】", s.label.trim())),
            ));
        }
    }
    let mut block = String::new();
    for label in &style.distribution_order {
        for l in issue
            .distribution
            .lines
            .iter()
            .filter(|l| &l.label == label)
        {
            block.push_str(label);
            block.push('：');
            for g in &l.groups {
                block.push_str(&squash(&g.names.join("、")));
            }
        }
    }
    out.push((Source::Distribution, block));
    out
}

/// Checks a laid-out issue the way a reader of the printed page would: every glyph's
/// ink inside the text block, every source's text once and in order, and no line that
/// starts with a class A mark or ends with a class B mark. Returns a description of the
/// first failure.
fn check_on_page(issue: &Issue, style: &Style, book: &FontBook) -> Result<(), String> {
    let pages = layout(issue, style, book);
    let mut by_source: Vec<(Source, Vec<Printed>)> = Vec::new();
    for page in &pages.pages {
        let [left, top, width, height] = page.text_block;
        for run in page.runs() {
            if run.source == Source::PageNumber {
                continue;
            }
            for g in &run.glyphs {
                if let Some((l, r)) = book.face(run.font).ink_em(g.id) {
                    let (a, b) = (g.x + l * run.size, g.x + r * run.size);
                    if a < left - 0.5 || b > left + width + 0.5 {
                        return Err(format!(
                            "page {}: {} ({:?}, {:?}) at {a:.1}..{b:.1} outside {left:.1}..{:.1}",
                            page.number,
                            run.cluster_text(g),
                            run.line,
                            run.source,
                            left + width
                        ));
                    }
                }
                let (ascent, descent) = (run.y - 0.88 * run.size, run.y + 0.12 * run.size);
                if ascent < top - 0.5 || descent > top + height + 0.5 {
                    return Err(format!(
                        "page {}: {} ({:?}) below or above the text block",
                        page.number,
                        run.cluster_text(g),
                        run.line
                    ));
                }
                let printed = Printed {
                    page: page.number,
                    x: g.x,
                    y: run.y,
                    ch: run.glyph_char(g),
                };
                match by_source.iter_mut().find(|(s, _)| *s == run.source) {
                    Some((_, v)) => v.push(printed),
                    None => by_source.push((run.source, vec![printed])),
                }
            }
        }
    }
    for (source, want) in expected_by_source(issue, style) {
        let got: String = by_source
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, v)| v.iter().map(|p| p.ch).collect())
            .unwrap_or_default();
        if got != want {
            let at = got
                .chars()
                .zip(want.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let show = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(8))
                    .take(30)
                    .collect::<String>()
            };
            return Err(format!(
                "{source:?}: text differs at character {at}: printed …{}…, expected …{}…",
                show(&got),
                show(&want)
            ));
        }
    }
    // Line ends: a glyph on another baseline or page than the one before it, of the same
    // source, starts a line (or a cell of an award row, which never begins with a mark).
    for (source, glyphs) in &by_source {
        for k in 1..glyphs.len() {
            let (a, b) = (&glyphs[k - 1], &glyphs[k]);
            if a.page == b.page && (a.y - b.y).abs() < 0.5 && b.x > a.x {
                continue;
            }
            let address =
                matches!(a.ch, '/' | '.' | '@' | '-') && cjk::kind(b.ch) == CharKind::Narrow;
            let dash_pair = b.ch == '—' && glyphs.get(k + 1).is_some_and(|c| c.ch == '—');
            if !dash_pair && !address && cjk::no_line_start(b.ch, style.strictness) {
                return Err(format!(
                    "{source:?}: a line starts with {} after {}",
                    b.ch, a.ch
                ));
            }
            if !address && cjk::no_line_end(a.ch, style.strictness) {
                return Err(format!(
                    "{source:?}: a line ends with {} before {}",
                    a.ch, b.ch
                ));
            }
        }
    }
    if let Some(w) = pages.warnings.iter().find(|w| w.code == "text-overflow") {
        return Err(format!("overflow reported: {}", w.en));
    }
    Ok(())
}

/// Realistic material for generated articles: common characters, marks, words.
struct Material {
    han: Vec<char>,
}

impl Material {
    fn new() -> Material {
        Material {
            han: "关于印发推进信息通信行业高质量发展实施方案的通知全省各市县区工作会议召开部署重点任务网络安全应急保障能力提升行动计划年度总结表彰先进集体个人数字经济产业园区建设运营管理服务平台数据中心算力基础设施光纤宽带移动互联网用户规模持续扩大乡村振兴"
                .chars()
                .collect(),
        }
    }

    /// `lo` plus up to `spread - 1` random characters.
    fn han(&self, rng: &mut Rng, lo: usize, spread: usize) -> String {
        let n = lo + rng.below(spread);
        (0..n).map(|_| rng.pick(&self.han)).collect()
    }

    /// A Latin word, number, web or e-mail address, or a long unbreakable number.
    fn latin(&self, rng: &mut Rng) -> String {
        const WORDS: [&str; 14] = [
            "5G",
            "SRv6",
            "IPv6+",
            "Wi-Fi 7",
            "ChatGPT",
            "2024",
            "10000",
            "F5G-A",
            "AI",
            "China Mobile",
            "3.5GHz",
            "98.6%",
            "eSIM",
            "IoT",
        ];
        match rng.below(12) {
            0 => {
                let host = ["miit", "shanxi", "caict", "sxca"][rng.below(4)];
                let path = ["tzgg", "zcwj/wjfb", "xwdt/gzdt"][rng.below(3)];
                let id = rng.next() % 1_000_000_000;
                format!("https://www.{host}.gov.cn/zwgk/{path}/art/2024/art_{id}.html")
            }
            1 => {
                let user = ["office", "xinxi.bao", "service-center"][rng.below(3)];
                let host = ["sxtx", "chinamobile"][rng.below(2)];
                format!("{user}@{host}.com.cn")
            }
            2 => "1234567890".repeat(2 + rng.below(5)),
            _ => rng.pick(&WORDS).to_string(),
        }
    }

    /// Text of `lo` to `lo + spread - 1` characters or a few more, mixing Han, quoted
    /// and bracketed spans, Latin words and addresses (and pause marks when `marks`).
    fn text(&self, rng: &mut Rng, lo: usize, spread: usize, marks: bool) -> String {
        let len = lo + rng.below(spread);
        let pairs = [("《", "》"), ("“", "”"), ("（", "）")];
        let mut t = self.han(rng, 1, 3);
        while t.chars().count() < len {
            match rng.below(9) {
                0 => {
                    let (o, c) = pairs[rng.below(3)];
                    let long = rng.below(4) == 0;
                    let inner = 2 + rng.below(if long { 40 } else { 10 });
                    let mut body = self.han(rng, inner, 1);
                    if rng.below(3) == 0 {
                        // A bracket inside a book title: 《…（2024—2026年）…》
                        let at = body.char_indices().nth(inner / 2).map_or(0, |(i, _)| i);
                        body.insert_str(at, "（2024—2026年）");
                    }
                    t.push_str(&format!("{o}{body}{c}"));
                }
                1 => {
                    let word = self.latin(rng);
                    t.push_str(&word);
                }
                2 if marks => t.push(rng.pick(&['，', '、', '；', '：'])),
                _ => {
                    let more = self.han(rng, 1, 4);
                    t.push_str(&more);
                }
            }
            let more = self.han(rng, 1, 2);
            t.push_str(&more);
        }
        t
    }

    fn person(&self, rng: &mut Rng) -> String {
        match rng.below(8) {
            0 => {
                let family = ["Zhang", "Wang", "Li", "Ouyang"][rng.below(4)];
                format!("{family} Wei（张伟）")
            }
            1 => ["Maria Schmidt", "John Smith", "Aigerim Nurlanovna"][rng.below(3)].to_string(),
            2 => self.han(rng, 2, 1),
            3 => self.han(rng, 4, 1),
            _ => self.han(rng, 3, 1),
        }
    }

    fn award_list(&self, rng: &mut Rng) -> Vec<AwardCategory> {
        const AWARDS: [&str; 5] = [
            "一等奖",
            "优秀信息员",
            "特别贡献奖",
            "纪念奖",
            "最佳组织奖（团体）",
        ];
        let mut categories = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let long = rng.below(3) == 0;
            let name = self.text(rng, 2, if long { 40 } else { 6 }, false);
            let mut rows = Vec::new();
            for _ in 0..2 + rng.below(6) {
                let org = self.text(rng, 2, 29, false);
                if rng.below(6) == 0 {
                    rows.push(AwardRow::Org { org });
                } else {
                    let name = self.person(rng);
                    let award = rng.pick(&AWARDS).to_string();
                    rows.push(AwardRow::Person { name, org, award });
                }
            }
            categories.push(AwardCategory { name, rows });
        }
        categories
    }

    fn article(&self, rng: &mut Rng) -> Article {
        let title = self.text(rng, 2, 119, false);
        // At most 120 characters, not cut inside a web address or after an opening
        // bracket (a title that ends with / or （ is the editor's slip, not a line break).
        let mut title: String = title.chars().take(120).collect();
        while title
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii() || cjk::no_line_end(c, Strictness::GbStyle))
        {
            title.pop();
        }
        let subtitle = match rng.below(4) {
            0 => Some(format!("——{}", self.text(rng, 8, 40, true))),
            1 => Some(self.text(rng, 5, 45, true)),
            _ => None,
        };
        let mut blocks = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let mut p = self.text(rng, 20, 120, true);
            p.push('。');
            blocks.push(para(&p));
        }
        if rng.below(3) == 0 {
            let mut intro = self.text(rng, 6, 50, true);
            intro.push_str("名单如下：");
            blocks.push(Block::ListIntro { text: intro });
            let categories = self.award_list(rng);
            blocks.push(Block::AwardList { categories });
        }
        let attribution = match rng.below(4) {
            0 => {
                let names = (0..1 + rng.below(8)).map(|_| self.han(rng, 3, 1)).collect();
                Some(Attribution {
                    kind: AttributionKind::Author { names },
                    placement: Placement::Auto,
                })
            }
            1 => {
                let text = format!("据{}", self.text(rng, 3, 45, false));
                Some(Attribution {
                    kind: AttributionKind::Source { text },
                    placement: Placement::Auto,
                })
            }
            _ => None,
        };
        Article {
            title,
            subtitle,
            blocks,
            attribution,
        }
    }

    fn issue(&self, rng: &mut Rng, articles: usize) -> Issue {
        let mut issue = Issue::sample();
        issue.front = vec![self.article(rng)];
        issue.sections = Vec::new();
        for _ in 0..3 {
            let long = rng.below(3) == 0;
            let label = self.text(rng, 2, if long { 45 } else { 6 }, false);
            issue.sections.push(Section {
                label,
                articles: Vec::new(),
            });
        }
        for k in 1..articles {
            let a = self.article(rng);
            issue.sections[k % 3].articles.push(a);
        }
        for line in &mut issue.distribution.lines {
            for g in &mut line.groups {
                for name in &mut g.names {
                    if rng.below(3) == 0 {
                        *name = self.text(rng, 4, 40, false);
                    }
                }
            }
        }
        issue
    }
}

/// How many generated articles to set (`JIANBAO_FAULT_SCALE` multiplies it, as in the
/// fault tests) and the seed (`JIANBAO_FAULT_SEED` explores others).
fn generator_budget(articles: usize) -> (usize, u64) {
    let scale = std::env::var("JIANBAO_FAULT_SCALE")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let seed = std::env::var("JIANBAO_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0x5EED_0011)
        .max(1);
    (articles * scale, seed)
}

/// Random realistic articles (titles of 2–120 characters mixing Han, 《》“”（）, digits,
/// Latin words and web addresses; —— subtitles; award rows with long organisations and
/// Latin names; long section labels, intros, bylines and recipients), set in both
/// profiles: every glyph inside the text block, text in order, no kinsoku violation.
#[test]
fn generated_articles_stay_inside_the_text_block_in_order_and_by_the_rules() {
    let book = book();
    let (articles, seed) = generator_budget(1000);
    let material = Material::new();
    let mut rng = Rng(seed);
    let per_issue = 8;
    let mut set = 0;
    while set < articles {
        let issue = material.issue(&mut rng, per_issue);
        for style in [Style::house(), Style::gb()] {
            if let Err(e) = check_on_page(&issue, &style, &book) {
                panic!(
                    "seed {seed}, articles {set}..{}, profile {:?}: {e}\n(issue: {})",
                    set + per_issue,
                    style.profile,
                    issue.to_json()
                );
            }
        }
        set += per_issue;
    }
}

/// Glyphs of one line kind on the first page, as (character, x) per baseline.
fn glyph_lines(pages: &super::Pages, kind: LineKind) -> Vec<Vec<(char, f32)>> {
    let mut out: Vec<(f32, Vec<(char, f32)>)> = Vec::new();
    for page in &pages.pages {
        for run in page.runs().filter(|r| r.line == kind) {
            let y = run.y + page.number as f32 * 10_000.0;
            let glyphs = run.glyphs.iter().map(|g| (run.glyph_char(g), g.x));
            match out.iter_mut().find(|(ly, _)| (ly - y).abs() < 0.5) {
                Some((_, l)) => l.extend(glyphs),
                None => out.push((y, glyphs.collect())),
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter()
        .map(|(_, mut l)| {
            l.sort_by(|a, b| a.1.total_cmp(&b.1));
            l
        })
        .collect()
}

fn text_of(line: &[(char, f32)]) -> String {
    line.iter().map(|(c, _)| *c).collect()
}

fn article(title: &str, subtitle: Option<&str>, blocks: Vec<Block>) -> Article {
    Article {
        title: title.into(),
        subtitle: subtitle.map(Into::into),
        blocks,
        attribution: None,
    }
}

#[test]
fn a_long_title_breaks_inside_a_book_title_longer_than_a_line_but_not_inside_its_bracket() {
    // 44 characters: 《…》 is longer than a 24-character line, （…） is short.
    let title = "关于印发《山西省信息通信行业网络安全能力提升专项行动方案（2024—2026年）及配套考核细则》的通知";
    let style = Style::house();
    let pages = layout(
        &issue_with(vec![article(title, None, vec![para("正文。")])]),
        &style,
        &book(),
    );
    let lines = glyph_lines(&pages, LineKind::Title);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let left = pages.pages[0].text_block[0];
    let right = left + style.text_width().0;
    for l in &lines {
        assert!(l[0].1 >= left - 0.5 && l.last().unwrap().1 + style.title_size.0 <= right + 0.5);
    }
    let first = text_of(&lines[0]);
    assert_eq!(
        first.matches('（').count(),
        first.matches('）').count(),
        "not inside （…）: {first}"
    );
    assert!(
        first.contains('《') && !first.contains('》'),
        "inside 《…》: {first}"
    );
    assert_eq!(
        text_of(&lines[0]) + &text_of(&lines[1]),
        title.replace(' ', "")
    );
}

#[test]
fn a_title_breaks_at_the_edge_of_a_span_that_fits_on_a_line() {
    // The book title fits a line: the break comes before 《 or after 》, never inside.
    for title in [
        "全省通信管理系统认真学习贯彻《中华人民共和国数据安全法实施条例》座谈会召开",
        "关于认真学习宣传贯彻《中华人民共和国网络安全法》进一步做好全省信息通信行业安全工作的通知",
    ] {
        let pages = layout(
            &issue_with(vec![article(title, None, vec![para("正文。")])]),
            &Style::house(),
            &book(),
        );
        let lines = glyph_lines(&pages, LineKind::Title);
        assert_eq!(lines.len(), 2, "{lines:?}");
        let first = text_of(&lines[0]);
        assert_eq!(
            first.matches('《').count(),
            first.matches('》').count(),
            "{first}"
        );
    }
}

#[test]
fn a_ten_thousand_character_title_sets_quickly_and_within_the_measure() {
    let book = book();
    let style = Style::house();
    let ctx = super::flow::Ctx::new(&style, &book);
    let ts = ctx.text_style(super::flow::Role::Title, style.title_size.0);
    let unit = "关于《山西省信息通信业（2024年）发展报告》的说明5G网络“双千兆”https://www.miit.gov.cn/a/b.html";
    let measure = style.text_width().0;
    let mut times = Vec::new();
    for n in [10_000usize, 20_000] {
        let text: String = unit.chars().cycle().take(n).collect();
        let p = prepare(&text, &ts, &book);
        let start = std::time::Instant::now();
        let w = super::wrap::balanced(&p, measure, measure);
        times.push(start.elapsed());
        assert!(!w.overfull);
        let mut prev = 0;
        for &(a, b) in &w.lines {
            assert_eq!(a, prev, "lines follow each other");
            prev = b;
            let set = super::linebreak::compose(&p, a, b, measure, false);
            assert!(set.end_x <= measure + EPS, "line wider than the measure");
        }
        assert_eq!(prev, p.pieces.len());
    }
    // Linear: 20,000 characters in well under what the quadratic breaker took for
    // 10,000 (2 s in a release build), even in a loaded test build.
    assert!(times[1].as_millis() < 1_000, "{times:?}");
    // And a whole issue with such a title lays out promptly.
    let text: String = unit.chars().cycle().take(10_000).collect();
    let issue = issue_with(vec![article(&text, None, vec![para("正文。")])]);
    let start = std::time::Instant::now();
    let pages = layout(&issue, &style, &book);
    assert!(start.elapsed().as_millis() < 3_000, "{:?}", start.elapsed());
    let codes: Vec<&str> = pages.warnings.iter().map(|w| w.code).collect();
    assert!(!codes.contains(&"text-overflow"), "{codes:?}");
    // Taller than a page: said once, and the pages break between its lines.
    assert_eq!(codes, ["title-too-tall"]);
}

#[test]
fn a_dash_subtitle_wraps_with_its_second_line_under_the_words_after_the_dash() {
    let sub = "——记山西移动太原分公司网络维护中心党支部书记、全省信息通信行业技术能手王建国同志二十年如一日扎根基层";
    let style = Style::house();
    let pages = layout(
        &issue_with(vec![article("标题", Some(sub), vec![para("正文。")])]),
        &style,
        &book(),
    );
    let lines = glyph_lines(&pages, LineKind::Subtitle);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let left = pages.pages[0].text_block[0];
    let right = left + style.text_width().0;
    // The second line starts two cells (the dash) to the right of the first.
    assert!(
        (lines[1][0].1 - lines[0][0].1 - 2.0 * style.subtitle_size.0).abs() < 0.5,
        "{} vs {}",
        lines[1][0].1,
        lines[0][0].1
    );
    for l in &lines {
        assert!(l[0].1 >= left - 0.5 && l.last().unwrap().1 + style.subtitle_size.0 <= right + 0.5);
    }
    // A plain subtitle wraps into centred lines.
    let plain = &sub[6..];
    let pages = layout(
        &issue_with(vec![article("标题", Some(plain), vec![para("正文。")])]),
        &style,
        &book(),
    );
    let lines = glyph_lines(&pages, LineKind::Subtitle);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        let (end, x) = *l.last().unwrap();
        let cell = style.char_pitch().0;
        let ink_end = match cjk::kind(end) {
            CharKind::Punct(k) if k.blank_right() => x + cell / 2.0,
            _ => x + cell,
        };
        let (a, b) = (l[0].1 - left, right - ink_end);
        assert!((a - b).abs() < 1.0, "centred: {a} | {b}: {}", text_of(l));
    }
}

#[test]
fn long_section_labels_bylines_and_recipients_wrap_inside_the_measure() {
    let style = Style::house();
    let em = style.char_pitch().0;
    let mut issue = issue_with(vec![Article {
        title: "标题".into(),
        subtitle: None,
        blocks: vec![para("正文。")],
        attribution: Some(Attribution {
            kind: AttributionKind::Source {
                text: "据山西省通信管理局网络安全管理处、信息通信发展处、山西移动、山西联通、山西电信、山西铁塔供稿".into(),
            },
            placement: Placement::Auto,
        }),
    }]);
    issue.sections[0].label = "学习贯彻党的二十届三中全会精神推进信息通信行业高质量发展专栏".into();
    issue.distribution.lines[0].groups[0].names[0] =
        "山西省通信管理局、省委网信办、省工业和信息化厅、省发展和改革委员会联合工作专班办公室"
            .into();
    let pages = layout(&issue, &style, &book());
    let left = pages.pages[0].text_block[0];
    let right = left + style.text_width().0;
    for kind in [
        LineKind::SectionHeading,
        LineKind::Byline,
        LineKind::Distribution,
    ] {
        let lines = glyph_lines(&pages, kind);
        assert!(lines.len() >= 2, "{kind:?} wraps: {lines:?}");
        for l in &lines {
            let end = l.last().unwrap().1;
            assert!(
                end + em * 0.5 <= right + 0.5,
                "{kind:?} past the edge: {}",
                text_of(l)
            );
        }
    }
    // The label continues under its first character (after 【).
    let label = glyph_lines(&pages, LineKind::SectionHeading);
    assert!((label[1][0].1 - label[0][1].1).abs() < 1.0, "{label:?}");
    // A byline too long for a line: right-aligned lines.
    let by = glyph_lines(&pages, LineKind::Byline);
    for l in &by {
        let end = l.last().unwrap();
        let cell = style.char_pitch().0;
        let w = match cjk::kind(end.0) {
            CharKind::Punct(k) if k.blank_right() => cell / 2.0,
            _ => cell,
        };
        assert!(
            (end.1 + w - right).abs() < 1.0,
            "right-aligned: {}",
            text_of(l)
        );
    }
    // Recipients continue at the hanging indent, after 报：
    let block = glyph_lines(&pages, LineKind::Distribution);
    let hang = block[0][2].1;
    assert!((block[1][0].1 - hang).abs() < 1.0, "{block:?}");
    assert!(pages.warnings.iter().all(|w| w.code != "text-overflow"));
}

fn person(name: &str, org: &str, award: &str) -> AwardRow {
    AwardRow::Person {
        name: name.into(),
        org: org.into(),
        award: award.into(),
    }
}

#[test]
fn award_columns_come_from_the_whole_list_and_long_organisations_wrap_in_theirs() {
    let style = Style::house();
    let em = style.char_pitch().0;
    let long_org = "山西省通信行业协会信息通信网络运行维护专业委员会太原分会";
    let mut rows = vec![
        person("Zhang Wei（张伟）", "山西移动", "一等奖"),
        person("王五", long_org, "二等奖"),
        person("李晓明", "山西联通", "优秀信息员"),
    ];
    for k in 0..30 {
        rows.push(person(
            "赵六",
            if k % 3 == 0 { long_org } else { "山西电信" },
            "三等奖",
        ));
    }
    let categories = vec![
        AwardCategory {
            name: "优秀信息员".into(),
            rows: rows.clone(),
        },
        AwardCategory {
            name: "先进个人".into(),
            rows,
        },
    ];
    let issue = issue_with(vec![Article {
        title: "表彰名单".into(),
        subtitle: None,
        blocks: vec![Block::AwardList { categories }],
        attribution: None,
    }]);
    let pages = layout(&issue, &style, &book());
    assert!(pages.pages.len() >= 2, "the list crosses a page");
    let mut org_xs = Vec::new();
    let mut award_xs = Vec::new();
    let mut continuations = 0;
    for page in &pages.pages {
        let left = page.text_block[0];
        let right = left + style.text_width().0;
        let rows: Vec<&super::GlyphRun> = page
            .runs()
            .filter(|r| r.line == LineKind::ListRow)
            .collect();
        for r in &rows {
            for g in &r.glyphs {
                assert!(
                    g.x + r.size <= right + 0.5,
                    "{} past the edge",
                    r.cluster_text(g)
                );
            }
        }
        // Organisation and award columns by their first characters.
        for r in &rows {
            if let Some(g) = r.glyphs.first() {
                match r.glyph_char(g) {
                    '山' => org_xs.push(g.x - left),
                    '一' | '二' | '三' | '优' => award_xs.push(g.x - left),
                    _ => {}
                }
            }
        }
        // A wrapped organisation continues one slot lower, on the same page (a row
        // never splits), at the organisation column.
        let text = |r: &super::GlyphRun| -> String { r.shown_text() };
        for r in &rows {
            let t = text(r);
            if t.len() < long_org.len() && long_org.ends_with(&t) && !t.is_empty() {
                let head = &long_org[..long_org.len() - t.len()];
                let above = rows
                    .iter()
                    .find(|h| text(h) == head && (r.y - h.y - style.line_pitch().0).abs() < 0.5);
                let above = above.expect("the first line of the organisation just above");
                assert!((r.glyphs[0].x - above.glyphs[0].x).abs() < 0.5, "aligned");
                continuations += 1;
            }
        }
    }
    assert_eq!(continuations, 22, "every long organisation wrapped once");
    let same = |xs: &[f32]| xs.iter().all(|x| (x - xs[0]).abs() < 0.5);
    assert!(same(&org_xs), "organisation column moves: {org_xs:?}");
    assert!(same(&award_xs), "award column moves: {award_xs:?}");
    // The Latin name fits its column: the organisation starts after it.
    let latin_end = pages.pages[0]
        .runs()
        .filter(|r| r.line == LineKind::ListRow)
        .flat_map(|r| r.glyphs.iter().map(move |g| (r.glyph_char(g), g.x)))
        .find(|(ch, _)| *ch == '）')
        .map(|(_, x)| x - pages.pages[0].text_block[0])
        .unwrap();
    assert!(latin_end + em / 2.0 <= org_xs[0] + 0.5);
    // The long organisation took two lines: each such row is one flow line of 2 slots.
    let book = book();
    let flow = {
        let mut ctx = super::flow::Ctx::new(&style, &book);
        let a = &issue.sections[0].articles[0];
        super::flow::article(&mut ctx, a, &Default::default(), 0, false)
    };
    let tall = flow
        .iter()
        .filter(|l| l.kind == LineKind::ListRow && l.slots == 2)
        .count();
    assert_eq!(tall, 2 * 11, "rows with the long organisation");
}

#[test]
fn web_addresses_break_after_separators_and_unbreakable_words_are_named() {
    let book = book();
    let (st, w, indent) = body(&book);
    let text = "详见工业和信息化部网站https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2024/art_5c1b2e3f4a5b6c7d8e9f.html及联系邮箱xinxi.bao@sxtx.com.cn。";
    let (p, b) = set(text, &st, &book, w, indent);
    assert!(!b.overfull);
    let texts = lines(&p, &b);
    for pair in texts.windows(2) {
        let end = pair[0].chars().last().unwrap();
        if end.is_ascii() {
            assert!(
                matches!(end, '/' | '.' | '@' | '-'),
                "address break after {end}: {texts:?}"
            );
        }
    }
    // A line that is mostly address is justified without a gaping hole: the address's
    // characters take their share of the slack.
    let text = "详见https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2024/art_5c1b2e3f4a5b6c7d8e9f0a1b.html，联系邮箱xinxi.bao@sxtx.com.cn。";
    let (p, b) = set(text, &st, &book, w, indent);
    for l in &b.lines[..b.lines.len() - 1] {
        for k in 1..l.glyph_x.len() {
            let extra = l.glyph_x[k] - l.glyph_x[k - 1] - p.pieces[l.start + k - 1].width;
            assert!(
                extra < st.cell,
                "a gap of {extra:.1} pt: {:?}",
                lines(&p, &b)
            );
        }
    }
    // Breaking inside numbers and other words stays forbidden.
    let p = prepare("版本v12.5.3与0.09%", &st, &book);
    for (a, b) in [(2, 8), (10, 14)] {
        let inside: String = p.pieces[a..=b].iter().map(|x| x.ch).collect();
        assert!(inside == "v12.5.3" || inside == "0.09%", "{inside}");
        assert!(
            (a + 1..=b).all(|i| !p.junctions[i].breakable),
            "{inside} unbroken"
        );
    }

    // A 60-character token with nothing to break at: split by force, named with its article.
    let token = "x".repeat(60);
    let issue = issue_with(vec![article(
        "网址说明",
        None,
        vec![para(&format!("地址为{token}。"))],
    )]);
    let pages = layout(&issue, &Style::house(), &book);
    let warn = pages
        .warnings
        .iter()
        .find(|w| w.code == "overlong-word")
        .expect("reported");
    assert!(
        warn.zh.contains("网址说明") && warn.zh.contains(&token),
        "{}",
        warn.zh
    );
    assert!(
        warn.en.contains("网址说明") && warn.en.contains(&token),
        "{}",
        warn.en
    );
    // Beside it, an address that can break at its separators is not split by force.
    let issue = issue_with(vec![article(
        "网址说明",
        None,
        vec![para(&format!("{text}另见{token}。"))],
    )]);
    let pages = layout(&issue, &Style::house(), &book);
    let split: Vec<&str> = pages
        .warnings
        .iter()
        .filter(|w| w.code == "overlong-word")
        .map(|w| w.en.as_str())
        .collect();
    assert_eq!(split.len(), 1, "{split:?}");
    assert!(
        split[0].contains(&token) && !split[0].contains("miit"),
        "{split:?}"
    );
    // The same in a title.
    let issue = issue_with(vec![article(
        &format!("网址{token}"),
        None,
        vec![para("正文。")],
    )]);
    let pages = layout(&issue, &Style::house(), &book);
    let warn = pages
        .warnings
        .iter()
        .find(|w| w.code == "overlong-word")
        .expect("reported");
    assert!(
        warn.zh.contains("标题") && warn.en.contains("title"),
        "{}",
        warn.en
    );
}

#[test]
fn overflow_warnings_name_the_element() {
    // A measure narrower than one title character (6 mm): nothing can keep it inside.
    let style = Style {
        margin_inner_mm: crate::units::Mm(98.0),
        margin_outer_mm: crate::units::Mm(106.0),
        ..Style::house()
    };
    let issue = issue_with(vec![article("测试", None, vec![para("正文。")])]);
    let pages = layout(&issue, &style, &book());
    let overflow: Vec<_> = pages
        .warnings
        .iter()
        .filter(|w| w.code == "text-overflow")
        .collect();
    assert!(
        overflow
            .iter()
            .any(|w| w.zh.contains("文章“测试”的标题") && w.en.contains("the title of article")),
        "{overflow:?}"
    );
    for w in &overflow {
        assert!(!w.en.contains("section label, subtitle"), "{}", w.en);
    }
}

#[test]
fn an_ideographic_space_at_the_edge_of_a_wrapped_line_is_dropped() {
    // Words separated by U+3000 (as editors space names and phrases): wherever a centred
    // subtitle and a right-aligned byline wrap, no line carries a blank cell at its edge.
    let style = Style::house();
    let cell = style.char_pitch().0;
    let ink_end = |(c, x): (char, f32)| match cjk::kind(c) {
        CharKind::Punct(k) if k.blank_right() => x + cell / 2.0,
        _ => x + cell,
    };
    // Halves of equal length, so the balanced break falls next to the space.
    let half = "信息通信行业网络安全应急保障能力提升";
    for (sub, names) in [
        (format!("{half}\u{3000}{half}"), vec!["王婧"; 16]),
        (format!("{half}\u{3000}\u{3000}{half}"), vec!["李明"; 15]),
        (format!("{half}{half}\u{3000}{half}"), vec!["张梦"; 17]),
    ] {
        let issue = issue_with(vec![Article {
            title: "标题".into(),
            subtitle: Some(sub.clone()),
            blocks: vec![para("正文。")],
            attribution: Some(Attribution {
                kind: AttributionKind::Author {
                    names: names.iter().map(|n| n.to_string()).collect(),
                },
                placement: Placement::Auto,
            }),
        }]);
        let pages = layout(&issue, &style, &book());
        let left = pages.pages[0].text_block[0];
        let right = left + style.text_width().0;
        let lines = glyph_lines(&pages, LineKind::Byline);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            let end = ink_end(*l.last().unwrap());
            assert!(
                (end - right).abs() < 1.0,
                "byline ends at {end}: {}",
                text_of(l)
            );
        }
        let lines = glyph_lines(&pages, LineKind::Subtitle);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            let (a, b) = (l[0].1 - left, right - ink_end(*l.last().unwrap()));
            assert!((a - b).abs() < 1.0, "centred: {a} | {b}: {}", text_of(l));
        }
    }
}
