//! Table rules (house-format.md §3.11): widths from content and by hand, wrapping with
//! the body's line-break rules, numeric columns right-aligned, rows whole, the header
//! repeated on every page a table runs onto; and generated tables checked for what no
//! table may do (leave the text block, lose or reorder text, start a line with a mark).

use super::*;
use crate::fonts::FontBook;
use crate::layout::cjk;
use crate::layout::flow::chinese_number;
use crate::layout::{layout, Pages};
use crate::model::{Article, Block, Issue, Section};
use crate::style::Style;
use crate::testing::Rng;
use crate::units::Em;

const EPS: f32 = 0.01;

fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
    cells
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn issue_with(blocks: Vec<Block>) -> Issue {
    let mut issue = Issue::sample();
    issue.front.clear();
    issue.sections = vec![Section {
        label: String::new(),
        articles: vec![Article {
            title: "表格测试".into(),
            subtitle: None,
            blocks,
            attribution: None,
        }],
    }];
    issue
}

/// The flow lines of one table, set alone.
fn set(t: &Table, style: &Style) -> (Vec<FlowLine>, Vec<Warning>) {
    let book = FontBook::bundled();
    let mut ctx = Ctx::new(style, &book);
    let lines = table(&mut ctx, t, Source::Article(0), "表格测试", 1);
    (lines, ctx.warnings)
}

/// Column edges of a row line, from its vertical rules.
fn edges(line: &FlowLine) -> Vec<f32> {
    let mut xs: Vec<f32> = line
        .rules
        .iter()
        .filter(|r| r.x1 - r.x0 < r.thickness)
        .map(|r| (r.x0 + r.x1) / 2.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    xs
}

/// Per column, the cell's lines (text and the x of its first glyph), top to bottom.
fn cells(line: &FlowLine) -> Vec<Vec<(String, f32, f32)>> {
    let e = edges(line);
    let mut out: Vec<Vec<(f32, f32, String, f32)>> = vec![Vec::new(); e.len().saturating_sub(1)];
    for run in &line.runs {
        let Some(first) = run.glyphs.first() else {
            continue;
        };
        let last = run.glyphs.last().map_or(first.x, |g| g.x + run.size);
        let c = e
            .windows(2)
            .position(|w| first.x >= w[0] - EPS && first.x < w[1])
            .unwrap_or(0);
        out[c].push((run.y, first.x, run.shown_text(), last));
    }
    out.into_iter()
        .map(|mut col| {
            col.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            // Runs on one baseline are one line.
            let mut lines: Vec<(f32, String, f32, f32)> = Vec::new();
            for (y, x, text, end) in col {
                match lines.last_mut() {
                    Some(l) if (l.0 - y).abs() < EPS => {
                        l.1.push_str(&text);
                        l.3 = l.3.max(end);
                    }
                    _ => lines.push((y, text, x, end)),
                }
            }
            lines
                .into_iter()
                .map(|(_, t, x, end)| (t, x, end))
                .collect()
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn widths_come_from_content_and_the_widest_text_column_takes_the_rest() {
    // Name (text), count (number), remark (text, the widest).
    let min = [30.0, 20.0, 40.0];
    let max = [60.0, 40.0, 200.0];
    let fit = column_widths(
        &min,
        &max,
        &[None, None, None],
        &[false, true, false],
        400.0,
    );
    assert!(!fit.too_wide);
    assert_eq!(fit.widths[0], 60.0);
    assert_eq!(fit.widths[1], 40.0);
    assert!((fit.widths[2] - 300.0).abs() < EPS, "{:?}", fit.widths);
    // All numeric: the spare room is shared alike.
    let fit = column_widths(
        &[10.0, 10.0],
        &[50.0, 50.0],
        &[None, None],
        &[true, true],
        200.0,
    );
    assert_eq!(fit.widths, vec![100.0, 100.0]);
}

#[test]
fn columns_that_cannot_all_have_their_longest_lines_share_by_what_they_want_more() {
    let min = [20.0, 20.0, 20.0];
    let max = [40.0, 220.0, 20.0];
    let fit = column_widths(
        &min,
        &max,
        &[None, None, None],
        &[false, false, false],
        160.0,
    );
    // 100 spare over wishes of 20 and 200.
    assert!((fit.widths[0] - (20.0 + 100.0 * 20.0 / 220.0)).abs() < 0.01);
    assert!((fit.widths[1] - (20.0 + 100.0 * 200.0 / 220.0)).abs() < 0.01);
    assert_eq!(fit.widths[2], 20.0);
    assert!((fit.widths.iter().sum::<f32>() - 160.0).abs() < 0.01);
    // Below the minimum: it is said; a small column keeps its minimum and the
    // others share the rest alike.
    let fit = column_widths(
        &[100.0, 100.0],
        &[200.0, 200.0],
        &[None, None],
        &[false, false],
        100.0,
    );
    assert!(fit.too_wide);
    assert_eq!(fit.widths, vec![50.0, 50.0]);
    let fit = column_widths(
        &[20.0, 300.0, 200.0],
        &[20.0, 300.0, 200.0],
        &[None, None, None],
        &[true, false, false],
        200.0,
    );
    assert!(fit.too_wide);
    assert_eq!(fit.widths, vec![20.0, 90.0, 90.0]);
}

#[test]
fn a_manual_width_overrides_the_content_and_gives_way_only_to_minimums() {
    let fit = column_widths(
        &[20.0, 20.0],
        &[300.0, 30.0],
        &[None, Some(150.0)],
        &[false, false],
        400.0,
    );
    assert_eq!(fit.widths[1], 150.0);
    assert!((fit.widths[0] - 250.0).abs() < EPS);
    // A hand width wider than the measure leaves the other column its minimum.
    let fit = column_widths(
        &[20.0, 20.0],
        &[30.0, 30.0],
        &[None, Some(900.0)],
        &[false, false],
        400.0,
    );
    assert!(fit.widths[0] >= 20.0 - EPS, "{:?}", fit.widths);
    assert!(fit.widths.iter().sum::<f32>() <= 400.0 + EPS);
}

#[test]
fn numbers_with_separators_signs_and_units_make_a_numeric_column() {
    for n in [
        "1,234",
        "12.5%",
        "￥300",
        "3.2亿元",
        "-5",
        "0.09%",
        "2026年",
        "15个",
    ] {
        assert!(is_number(n), "{n}");
    }
    for t in [
        "太原",
        "2026年1月",
        "1.2.",
        "Q3",
        "1 234",
        "12.5%，",
        "5G网络建设",
    ] {
        assert!(!is_number(t), "{t}");
    }
    assert!(numeric_column(["1,234", "—", "", "56"].into_iter()));
    assert!(!numeric_column(["1,234", "大约五十"].into_iter()));
    assert!(!numeric_column(["—", ""].into_iter()));
}

#[test]
fn layout_widths_follow_the_content_and_the_manual_override() {
    let style = Style::house();
    let measure = style.text_width().0;
    let em = style.char_pitch().0;
    let mut t = Table {
        header: true,
        rows: rows(&[
            &["序号", "单位", "用户数"],
            &["1", "太原分公司", "1,234"],
            &["2", "山西省通信行业协会信息部", "56"],
        ]),
        ..Table::default()
    };
    let (lines, _) = set(&t, &style);
    let e = edges(&lines[0]);
    assert_eq!(e.len(), 4);
    assert!((e[0] - style.table_rule().0 / 2.0).abs() < EPS);
    assert!((e[3] - (measure - style.table_rule().0 / 2.0)).abs() < EPS);
    let w: Vec<f32> = e.windows(2).map(|p| p[1] - p[0]).collect();
    // The organisation (the widest text column) takes the rest.
    assert!(w[1] > w[0] && w[1] > w[2], "{w:?}");
    t.widths = vec![None, None, Some(Em(10.0))];
    let (lines, _) = set(&t, &style);
    let e = edges(&lines[0]);
    assert!((e[3] - e[2] - 10.0 * em).abs() < 0.5, "{e:?}");
}

#[test]
fn cells_wrap_without_a_mark_at_a_line_start_and_numbers_align_right() {
    let style = Style::house();
    // A narrow first column (manual, 4 字) holding text whose break points tempt a
    // comma to the start of a line.
    let text = "网络建设，光纤宽带，用户发展。";
    let t = Table {
        header: true,
        rows: rows(&[&["项目", "数量"], &[text, "12.5%"], &["合计", "1,234"]]),
        widths: vec![Some(Em(4.0))],
        ..Table::default()
    };
    let (lines, warnings) = set(&t, &style);
    assert!(warnings.is_empty(), "{warnings:?}");
    let row = cells(&lines[1]);
    assert!(row[0].len() >= 3, "{row:?}");
    for (line, _, _) in &row[0] {
        let first = line.chars().next().unwrap_or(' ');
        assert!(
            !cjk::no_line_start(first, style.strictness),
            "{line} in {row:?}"
        );
    }
    assert_eq!(
        squash(&row[0].iter().map(|l| l.0.clone()).collect::<String>()),
        text
    );
    assert_eq!(
        lines[1].slots as usize,
        row[0].len(),
        "a row is as tall as its tallest cell"
    );
    // The numeric column's lines end at the same x, one padding in from the edge.
    let e = edges(&lines[1]);
    let right = e[e.len() - 1] + style.table_rule().0 / 2.0 - style.table_padding().0;
    let book = FontBook::bundled();
    let ctx = Ctx::new(&style, &book);
    let ts = ctx.text_style(Role::Body, style.table_text_size().0);
    for (line, text) in [(&lines[1], "12.5%"), (&lines[2], "1,234")] {
        let c = cells(line);
        let end = c[1][0].1 + natural_width(&prepare(text, &ts, &book));
        assert!(
            (end - right).abs() < 0.5,
            "{c:?} ends at {end}, edge {right}"
        );
    }
    // A text column's lines start one padding in.
    let c = cells(&lines[2]);
    assert!((c[0][0].1 - (e[0] + style.table_padding().0)).abs() < 1.0 + style.table_rule().0);
}

/// A table of `n` body rows whose second column sometimes takes two lines.
fn long_table(n: usize) -> Table {
    let mut r = vec![vec!["地区".to_string(), "情况说明".into(), "数量".into()]];
    for k in 0..n {
        let name = chinese_number(k + 1);
        let note = if k % 3 == 0 {
            format!("第{name}项\n续{name}")
        } else {
            format!("第{name}项")
        };
        r.push(vec![format!("甲{name}"), note, format!("{}", k * 7)]);
    }
    Table {
        caption: "表1　各地情况".into(),
        header: true,
        rows: r,
        widths: Vec::new(),
    }
}

/// Table runs of each page, top to bottom and left to right.
fn table_lines(pages: &Pages) -> Vec<Vec<(f32, String)>> {
    pages
        .pages
        .iter()
        .map(|p| {
            let mut runs: Vec<(f32, f32, String)> = p
                .runs()
                .filter(|r| r.line == LineKind::TableRow)
                .map(|r| (r.y, r.glyphs.first().map_or(0.0, |g| g.x), r.shown_text()))
                .collect();
            runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            runs.into_iter().map(|(y, _, t)| (y, t)).collect()
        })
        .collect()
}

#[test]
fn a_long_table_splits_between_rows_and_repeats_its_header() {
    let style = Style::house();
    let t = long_table(70);
    let pages = layout(
        &issue_with(vec![Block::Table(t.clone())]),
        &style,
        &FontBook::bundled(),
    );
    let per_page = table_lines(&pages);
    let with_table: Vec<usize> = (0..per_page.len())
        .filter(|&p| !per_page[p].is_empty())
        .collect();
    assert!(with_table.len() >= 3, "{with_table:?}");
    for &p in &with_table {
        let top = &per_page[p][0].1;
        assert_eq!(top, "地区", "page {} starts with {top}", p + 1);
    }
    // Every body row whole on one page: a two-line cell's lines stay together and
    // the row's first cell is on the same page.
    for k in (0..70).step_by(3) {
        let name = chinese_number(k + 1);
        let first = format!("第{name}项");
        let page_of = |text: &str| {
            with_table
                .iter()
                .find(|&&p| per_page[p].iter().any(|(_, t)| t == text))
                .copied()
        };
        let p = page_of(&first);
        assert!(p.is_some(), "{first} missing");
        let lines = &per_page[p.unwrap_or(0)];
        let at = lines.iter().position(|(_, t)| *t == first).unwrap_or(0);
        assert!(
            lines[at..].iter().any(|(_, t)| *t == format!("续{name}")),
            "row {k} split across pages"
        );
        assert!(lines.iter().any(|(_, t)| *t == format!("甲{name}")));
    }
    // The body rows in order, each once.
    let order: Vec<String> = per_page
        .iter()
        .flatten()
        .filter(|(_, t)| t.starts_with('甲'))
        .map(|(_, t)| t.clone())
        .collect();
    let want: Vec<String> = (0..70)
        .map(|k| format!("甲{}", chinese_number(k + 1)))
        .collect();
    assert_eq!(order, want);
    // Rules inside the text block on every page.
    for page in &pages.pages {
        let [l, top, w, h] = page.text_block;
        for r in page.rules() {
            assert!(r.x0 >= l - EPS && r.x1 <= l + w + EPS, "{r:?}");
            assert!(r.y - r.thickness / 2.0 >= top - EPS, "{r:?} above {top}");
            assert!(r.y + r.thickness / 2.0 <= top + h + EPS, "{r:?} below");
        }
    }
}

#[test]
fn a_table_without_a_header_repeats_only_its_top_rule() {
    let style = Style::house();
    let mut t = long_table(70);
    t.header = false;
    let pages = layout(
        &issue_with(vec![Block::Table(t)]),
        &style,
        &FontBook::bundled(),
    );
    let per_page = table_lines(&pages);
    let mut pages_with_table = 0;
    for (p, lines) in per_page.iter().enumerate() {
        if lines.is_empty() || p == 0 {
            continue;
        }
        pages_with_table += 1;
        assert_ne!(lines[0].1, "地区", "no header to repeat on page {}", p + 1);
        // A rule at the top of the continued table.
        let page = &pages.pages[p];
        let top = page.text_block[1];
        assert!(
            page.rules()
                .any(|r| r.thickness < 2.0 && (r.y - top).abs() < 1.0),
            "page {} has no top rule",
            p + 1
        );
    }
    assert!(pages_with_table >= 2);
}

/// Cell text mixing Han, Latin words, digits, brackets, 《》 and web addresses.
fn cell_text(rng: &mut Rng) -> String {
    const HAN: &str = "网络安全应急保障能力提升行动计划年度总结表彰先进集体个人数字经济产业";
    let han: Vec<char> = HAN.chars().collect();
    let mut out = String::new();
    let n = rng.below(5);
    for _ in 0..=n {
        match rng.below(9) {
            0 => out.push_str(&format!("{}", rng.below(100_000))),
            1 => out.push_str(&format!("{}.{}%", rng.below(100), rng.below(10))),
            2 => out.push_str(rng.pick(&["5G", "IPv6+", "SRv6", "China Mobile", "F5G-A"])),
            3 => {
                let inner: String = (0..2 + rng.below(6)).map(|_| rng.pick(&han)).collect();
                let (o, c) = rng.pick(&[("《", "》"), ("（", "）"), ("“", "”")]);
                out.push_str(&format!("{o}{inner}{c}"));
            }
            4 => out.push_str("https://www.miit.gov.cn/zwgk/art_1234.html"),
            5 => out.push(rng.pick(&['，', '、', '。', '；'])),
            _ => {
                let s: String = (0..1 + rng.below(8)).map(|_| rng.pick(&han)).collect();
                out.push_str(&s);
            }
        }
    }
    out.trim_start_matches(['，', '、', '。', '；']).to_string()
}

#[test]
fn generated_tables_stay_in_the_block_keep_their_text_in_order_and_break_by_the_rules() {
    let book = FontBook::bundled();
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let style = if seed % 4 == 0 {
            Style::gb()
        } else {
            Style::house()
        };
        let columns = 1 + rng.below(6);
        let n = 1 + rng.below(25);
        let mut t = Table {
            caption: if rng.below(2) == 0 {
                cell_text(&mut rng)
            } else {
                String::new()
            },
            header: rng.below(3) > 0,
            rows: (0..n)
                .map(|_| {
                    (0..columns)
                        .map(|_| {
                            if rng.below(8) == 0 {
                                String::new()
                            } else {
                                cell_text(&mut rng)
                            }
                        })
                        .collect()
                })
                .collect(),
            widths: Vec::new(),
        };
        if rng.below(3) == 0 {
            t.widths = vec![Some(Em(4.0 + rng.below(10) as f32))];
        }
        // Set alone: every cell's text in its column, in order.
        let (lines, warnings) = set(&t, &style);
        let forced = warnings.iter().any(|w| w.code == "forced-break");
        let body: Vec<&FlowLine> = lines
            .iter()
            .filter(|l| l.kind == LineKind::TableRow)
            .collect();
        assert_eq!(body.len(), t.rows.len(), "seed {seed}");
        for (r, line) in body.iter().enumerate() {
            let got = cells(line);
            assert_eq!(got.len(), columns, "seed {seed} row {r}");
            for (c, cell) in got.iter().enumerate() {
                let text: String = cell.iter().map(|l| l.0.as_str()).collect();
                assert_eq!(
                    squash(&text),
                    squash(t.cell(r, c)),
                    "seed {seed} row {r} col {c}"
                );
                if !forced {
                    for (l, _, _) in cell.iter().skip(1) {
                        let first = l.chars().next().unwrap_or('a');
                        assert!(
                            !cjk::no_line_start(first, style.strictness),
                            "seed {seed}: a cell line starts with {first}: {cell:?}"
                        );
                    }
                }
            }
        }
        // Laid out on pages: nothing outside the text block.
        let pages = layout(&issue_with(vec![Block::Table(t.clone())]), &style, &book);
        for page in &pages.pages {
            let [l, top, w, h] = page.text_block;
            for r in page.rules() {
                assert!(r.x0 >= l - EPS && r.x1 <= l + w + EPS, "seed {seed}: {r:?}");
                assert!(r.y - r.thickness / 2.0 >= top - EPS, "seed {seed}: {r:?}");
                assert!(
                    r.y + r.thickness / 2.0 <= top + h + EPS,
                    "seed {seed}: {r:?}"
                );
            }
            for run in page.runs().filter(|r| r.line == LineKind::TableRow) {
                assert!(run.y <= top + h + EPS && run.y >= top, "seed {seed}");
                for g in &run.glyphs {
                    assert!(
                        g.x >= l - EPS && g.x <= l + w,
                        "seed {seed}: glyph at {}",
                        g.x
                    );
                }
            }
        }
        let overflow: Vec<&Warning> = pages
            .warnings
            .iter()
            .filter(|w| w.code == "text-overflow")
            .collect();
        assert!(overflow.is_empty(), "seed {seed}: {overflow:?}");
    }
}
