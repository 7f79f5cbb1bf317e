//! Tables of Word documents and web pages: whether one is an award list (read by the
//! list recogniser as before) or a table of data (a [`Table`] block), and flattening
//! merged cells into the plain grid a [`Table`] holds.

use super::lines::fix_spaces;
use super::lists::{header, is_organisation, names_an_award, rows};
use crate::model::Table;

/// A cell as the source wrote it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCell {
    pub text: String,
    /// Columns it spans (Word's gridSpan, HTML's colspan); at least 1.
    pub colspan: usize,
    /// Rows it spans downwards (HTML's rowspan); at least 1.
    pub rowspan: usize,
    /// A cell that continues a merge from the row above (Word's vMerge without
    /// "restart"): its text belongs to the cell above.
    pub continues: bool,
    /// A header cell (HTML's th, a row in thead, Word's tblHeader row).
    pub head: bool,
}

impl RawCell {
    /// A plain cell of one column and row.
    pub fn new(text: impl Into<String>) -> RawCell {
        RawCell {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            ..RawCell::default()
        }
    }
}

/// A source table flattened to a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Flat {
    pub rows: Vec<Vec<String>>,
    /// Some cells were merged: each merged cell's text stands in its first (top-left)
    /// cell, the cells it covered are empty.
    pub merged: bool,
    /// The first row is made of header cells.
    pub header: bool,
}

/// The grid of a table whose cells may span rows and columns. Spans are capped so a
/// damaged file cannot ask for millions of cells.
pub fn flatten(source: &[Vec<RawCell>]) -> Flat {
    const MAX_SPAN: usize = 64;
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    let mut merged = false;
    for (r, row) in source.iter().enumerate() {
        if grid.len() <= r {
            grid.resize(r + 1, Vec::new());
        }
        let mut c = 0;
        for cell in row {
            // Skip places a rowspan from above already holds.
            while grid[r].get(c).is_some_and(Option::is_some) {
                c += 1;
            }
            let colspan = cell.colspan.clamp(1, MAX_SPAN);
            let rowspan = cell.rowspan.clamp(1, MAX_SPAN);
            merged |= colspan > 1 || rowspan > 1 || cell.continues;
            let text = if cell.continues {
                String::new()
            } else {
                fix_spaces(cell.text.trim())
            };
            for dr in 0..rowspan {
                let rr = r + dr;
                if grid.len() <= rr {
                    grid.resize(rr + 1, Vec::new());
                }
                for dc in 0..colspan {
                    let cc = c + dc;
                    if grid[rr].len() <= cc {
                        grid[rr].resize(cc + 1, None);
                    }
                    let t = if dr == 0 && dc == 0 {
                        text.clone()
                    } else {
                        String::new()
                    };
                    grid[rr][cc] = Some(t);
                }
            }
            c += colspan;
        }
    }
    let header = source
        .first()
        .is_some_and(|row| !row.is_empty() && row.iter().all(|c| c.head));
    let rows: Vec<Vec<String>> = grid
        .into_iter()
        .map(|row| row.into_iter().map(Option::unwrap_or_default).collect())
        .filter(|row: &Vec<String>| row.iter().any(|c| !c.trim().is_empty()))
        .collect();
    Flat {
        rows,
        merged,
        header,
    }
}

/// Whether a table's rows are an award list: a header the list reader knows (姓名、
/// 单位、奖项 …), or at least two thirds of its rows read as award rows that name an
/// award or an organisation. A table of figures by city (太原 | 1,234 | 12.5%) is
/// not one, though 太原 could be a name.
pub fn is_award_table(rows_: &[Vec<String>]) -> bool {
    let cols = |row: &Vec<String>| -> Vec<String> {
        row.iter()
            .map(|c| fix_spaces(c))
            .filter(|c| !c.is_empty())
            .collect()
    };
    let Some(first) = rows_.first() else {
        return false;
    };
    if header(&cols(first)).is_some() {
        return true;
    }
    let award_rows = rows_
        .iter()
        .filter(|row| {
            let c = cols(row);
            !rows(&c, None, true).is_empty()
                && c.iter()
                    .skip(1)
                    .any(|cell| names_an_award(cell) || is_organisation(cell))
                && !c
                    .iter()
                    .any(|cell| crate::layout::flow::table::is_number(cell))
        })
        .count();
    award_rows > 0 && award_rows * 3 >= rows_.len() * 2
}

/// A table block from a flattened source table, with the first row as its header
/// when the source marked it so or when it reads as one (short label cells over
/// rows that hold numbers beneath them).
pub fn table_block(flat: Flat) -> Table {
    let header = flat.header || looks_like_header(&flat.rows);
    let mut t = Table {
        caption: String::new(),
        header,
        rows: flat.rows,
        widths: Vec::new(),
    };
    t.normalise();
    t
}

/// A first row of short labels, none a number, over a body where some column holds
/// numbers: a header row Word users set by hand (bold or shaded, not marked).
fn looks_like_header(rows: &[Vec<String>]) -> bool {
    use crate::layout::flow::table::{is_number, numeric_column};
    let (Some(first), true) = (rows.first(), rows.len() >= 2) else {
        return false;
    };
    let short = first
        .iter()
        .all(|c| c.chars().count() <= 12 && !is_number(c) && !c.contains(['，', '。']));
    let filled = first.iter().filter(|c| !c.trim().is_empty()).count() * 2 > first.len();
    let numeric_below = (0..first.len()).any(|c| {
        numeric_column(
            rows[1..]
                .iter()
                .map(|r| r.get(c).map_or("", String::as_str)),
        )
    });
    short && filled && numeric_below
}

/// What the editor is told about a table whose merged cells were split: its first
/// cells, so it can be found.
pub fn merged_name(t: &Table) -> String {
    let head: Vec<&str> = t
        .rows
        .first()
        .map(|r| {
            r.iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .take(3)
                .collect()
        })
        .unwrap_or_default();
    let mut name = head.join("、");
    if name.chars().count() > 24 {
        name = name.chars().take(23).collect::<String>() + "…";
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(t: &str) -> RawCell {
        RawCell::new(t)
    }

    fn texts(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn spans_flatten_into_the_top_left_cell() {
        let source = vec![
            vec![
                RawCell {
                    rowspan: 2,
                    ..cell("地区")
                },
                RawCell {
                    colspan: 2,
                    ..cell("用户")
                },
            ],
            vec![cell("2025"), cell("2026")],
            vec![cell("太原"), cell("1"), cell("2")],
        ];
        let flat = flatten(&source);
        assert!(flat.merged);
        assert_eq!(
            flat.rows,
            texts(&[
                &["地区", "用户", ""],
                &["", "2025", "2026"],
                &["太原", "1", "2"]
            ])
        );
    }

    #[test]
    fn a_word_vertical_merge_empties_the_continued_cells() {
        let source = vec![
            vec![cell("甲"), cell("一")],
            vec![
                RawCell {
                    continues: true,
                    ..cell("甲")
                },
                cell("二"),
            ],
        ];
        let flat = flatten(&source);
        assert!(flat.merged);
        assert_eq!(flat.rows, texts(&[&["甲", "一"], &["", "二"]]));
        let plain = flatten(&[vec![cell("a"), cell("b")]]);
        assert!(!plain.merged && !plain.header);
    }

    #[test]
    fn huge_spans_are_capped() {
        let flat = flatten(&[vec![RawCell {
            colspan: 1_000_000,
            rowspan: 1_000_000,
            ..cell("x")
        }]]);
        assert_eq!(flat.rows.len(), 1);
        assert_eq!(flat.rows[0].len(), 64);
    }

    #[test]
    fn award_tables_are_told_from_tables_of_figures() {
        assert!(is_award_table(&texts(&[
            &["姓名", "单位", "奖项"],
            &["张三", "太原分公司", "一等奖"],
        ])));
        assert!(is_award_table(&texts(&[
            &["薛亥申", "山西省通信行业协会", "特等奖"],
            &["徐媛", "山西邮政", "二等奖"],
            &["王晓明", "中国移动山西公司", "优秀奖"],
        ])));
        assert!(!is_award_table(&texts(&[
            &["太原", "1,234", "12.5%"],
            &["大同", "567", "8%"],
        ])));
        assert!(!is_award_table(&texts(&[
            &["时间", "内容", "地点"],
            &["9:00", "开幕式", "二楼会议室"],
            &["10:30", "专题报告", "二楼会议室"],
        ])));
        assert!(!is_award_table(&[]));
    }

    #[test]
    fn a_first_row_of_labels_over_figures_is_a_header() {
        let t = table_block(Flat {
            rows: texts(&[&["地市", "用户数"], &["太原", "1,234"], &["大同", "56"]]),
            merged: false,
            header: false,
        });
        assert!(t.header);
        let t = table_block(Flat {
            rows: texts(&[&["太原", "晋中"], &["大同", "长治"]]),
            merged: false,
            header: false,
        });
        assert!(!t.header);
    }

    use crate::import::{articles_from_file, ImportNote};
    use crate::model::{Article, Block};

    /// A .docx whose body is `body` (Word's paragraphs and tables).
    fn docx(body: &str) -> Vec<u8> {
        let doc = format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        crate::import::docx::tests::zip(
            &[
                ("[Content_Types].xml", b"<Types/>".as_slice()),
                ("word/document.xml", doc.as_bytes()),
            ],
            true,
        )
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn heading(text: &str) -> String {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    }

    /// A Word cell: its properties (spans) and its text, bold when asked.
    fn tc(props: &str, text: &str, bold: bool) -> String {
        let b = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
        format!("<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r>{b}<w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    fn tr(props: &str, cells: &[String]) -> String {
        format!("<w:tr><w:trPr>{props}</w:trPr>{}</w:tr>", cells.concat())
    }

    fn tables(a: &Article) -> Vec<&Table> {
        a.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn imported(bytes: &[u8]) -> (Article, Vec<ImportNote>) {
        let (mut articles, notes) = articles_from_file(bytes).unwrap_or_default();
        assert_eq!(articles.len(), 1, "{articles:?}");
        (articles.remove(0), notes)
    }

    #[test]
    fn a_word_table_of_figures_with_a_marked_header_is_a_table_block() {
        let body = [
            heading("1—10月全省通信业务量"),
            p("全省通信业务保持平稳增长，各市情况见下表。"),
            format!(
                "<w:tbl>{}{}{}{}</w:tbl>",
                tr(
                    "<w:tblHeader/>",
                    &[
                        tc("", "地市", true),
                        tc("", "用户（万户）", true),
                        tc("", "同比增长", true)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("", "太原", false),
                        tc("", "1,234.5", false),
                        tc("", "12.5%", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("", "大同", false),
                        tc("", "567", false),
                        tc("", "8%", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("", "合计", false),
                        tc("", "1,801.5", false),
                        tc("", "—", false)
                    ]
                ),
            ),
            p("（省通信管理局）"),
        ]
        .concat();
        let (a, notes) = imported(&docx(&body));
        let t = tables(&a);
        assert_eq!(t.len(), 1, "{:?}", a.blocks);
        assert!(t[0].header);
        assert_eq!(t[0].rows.len(), 4);
        assert_eq!(t[0].rows[1], vec!["太原", "1,234.5", "12.5%"]);
        assert!(matches!(a.blocks[0], Block::Paragraph { .. }));
        assert!(notes
            .iter()
            .all(|n| !matches!(n, ImportNote::MergedCells(_))));
    }

    #[test]
    fn a_word_schedule_without_a_marked_header_and_with_formatting_is_a_table() {
        let run = |t: &str| {
            format!("<w:r><w:rPr><w:b/><w:color w:val=\"FF0000\"/></w:rPr><w:t>{t}</w:t></w:r>")
        };
        let cell2 = |a: &str, b: &str| format!("<w:tc><w:p>{}{}</w:p></w:tc>", run(a), run(b));
        let body = [
            heading("培训日程安排"),
            p("培训为期两天，日程如下："),
            format!(
                "<w:tbl>{}{}{}</w:tbl>",
                tr(
                    "",
                    &[
                        tc("", "时间", false),
                        tc("", "内容", false),
                        tc("", "地点", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        cell2("9:00", "—10:30"),
                        tc("", "开班仪式", false),
                        tc("", "二楼会议室", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("", "14:00", false),
                        cell2("《网络安全法》", "解读"),
                        tc("", "二楼会议室", false)
                    ]
                ),
            ),
        ]
        .concat();
        let (a, _) = imported(&docx(&body));
        let t = tables(&a);
        assert_eq!(t.len(), 1, "{:?}", a.blocks);
        assert_eq!(t[0].rows[1][0], "9:00—10:30");
        assert_eq!(t[0].rows[2][1], "《网络安全法》解读");
        assert_eq!(t[0].rows.len(), 3);
    }

    #[test]
    fn merged_word_cells_are_flattened_and_the_table_is_named_in_a_note() {
        let body = [
            heading("各市基站建设情况"),
            format!(
                "<w:tbl>{}{}{}{}</w:tbl>",
                tr(
                    "",
                    &[
                        tc("<w:vMerge w:val=\"restart\"/>", "地市", false),
                        tc("<w:gridSpan w:val=\"2\"/>", "基站（个）", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("<w:vMerge/>", "", false),
                        tc("", "4G", false),
                        tc("", "5G", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("", "太原", false),
                        tc("", "320", false),
                        tc("", "1,020", false)
                    ]
                ),
                tr(
                    "",
                    &[
                        tc("", "晋中", false),
                        tc("", "210", false),
                        tc("", "640", false)
                    ]
                ),
            ),
        ]
        .concat();
        let (a, notes) = imported(&docx(&body));
        let t = tables(&a);
        assert_eq!(t.len(), 1, "{:?}", a.blocks);
        assert_eq!(t[0].rows[0], vec!["地市", "基站（个）", ""]);
        assert_eq!(t[0].rows[1], vec!["", "4G", "5G"]);
        assert_eq!(t[0].columns(), 3);
        let named = notes.iter().find_map(|n| match n {
            ImportNote::MergedCells(names) => Some(names.clone()),
            _ => None,
        });
        assert_eq!(named, Some(vec!["地市、基站（个）".to_string()]));
        let note = notes
            .iter()
            .find(|n| matches!(n, ImportNote::MergedCells(_)))
            .map(ImportNote::chinese)
            .unwrap_or_default();
        assert!(
            note.contains("“地市、基站（个）”") && note.contains("合并"),
            "{note}"
        );
    }

    #[test]
    fn a_word_award_table_is_still_an_award_list() {
        let row = |a: &str, b: &str, c: &str| {
            tr("", &[tc("", a, false), tc("", b, false), tc("", c, false)])
        };
        let body = [
            heading("关于表彰优秀信息员的通报"),
            p("经评审，现将结果通报如下："),
            p("一、一等奖"),
            format!(
                "<w:tbl>{}{}{}</w:tbl>",
                row("张　三", "中国移动太原分公司", "一等奖"),
                row("李四", "山西联通", "一等奖"),
                row("王小明", "中国电信晋中分公司", "一等奖")
            ),
        ]
        .concat();
        let (a, _) = imported(&docx(&body));
        assert!(tables(&a).is_empty(), "{:?}", a.blocks);
        let lists: Vec<_> = a
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::AwardList { categories } => Some(categories),
                _ => None,
            })
            .collect();
        assert_eq!(lists.len(), 1, "{:?}", a.blocks);
        assert_eq!(lists[0][0].rows.len(), 3);
    }

    fn html_page(body: &str) -> Vec<u8> {
        format!("<html><head><title>t</title></head><body><h1>各市业务量统计</h1><p>统计如下。</p>{body}<p>以上数据为初步统计。</p></body></html>").into_bytes()
    }

    #[test]
    fn html_tables_with_th_thead_or_none_become_table_blocks() {
        let forms = [
            // th cells, no thead.
            "<table><tr><th>地市</th><th>用户数</th></tr><tr><td>太原</td><td>1,234</td></tr><tr><td>大同</td><td>567</td></tr></table>",
            // thead and tbody, nested formatting.
            "<table border=1><thead><tr><td><b>地市</b></td><td><span style='color:red'>用户数</span></td></tr></thead><tbody><tr><td>太原</td><td><strong>1,234</strong></td></tr><tr><td>大同</td><td>567</td></tr></tbody></table>",
            // No header marked: the labels over figures are taken as one.
            "<table><tr><td>地市</td><td>用户数</td></tr><tr><td>太原</td><td>1,234</td></tr><tr><td>大同</td><td>567</td></tr></table>",
        ];
        for form in forms {
            let (a, _) = imported(&html_page(form));
            let t = tables(&a);
            assert_eq!(t.len(), 1, "{form}: {:?}", a.blocks);
            assert!(t[0].header, "{form}");
            assert_eq!(
                t[0].rows,
                vec![
                    vec!["地市".to_string(), "用户数".into()],
                    vec!["太原".into(), "1,234".into()],
                    vec!["大同".into(), "567".into()]
                ],
                "{form}"
            );
            // The paragraphs around it stay paragraphs, in order.
            let kinds: Vec<bool> = a
                .blocks
                .iter()
                .map(|b| matches!(b, Block::Table(_)))
                .collect();
            assert_eq!(kinds, vec![false, true, false], "{form}: {:?}", a.blocks);
        }
    }

    #[test]
    fn html_colspan_and_rowspan_are_flattened_with_a_note() {
        let form = "<table><tr><th rowspan=2>地市</th><th colspan=2>基站</th></tr><tr><th>4G</th><th>5G</th></tr><tr><td>太原</td><td>320</td><td>1,020</td></tr><tr><td>晋中</td><td>210</td><td>640</td></tr></table>";
        let (a, notes) = imported(&html_page(form));
        let t = tables(&a);
        assert_eq!(t.len(), 1, "{:?}", a.blocks);
        assert_eq!(t[0].rows[0], vec!["地市", "基站", ""]);
        assert_eq!(t[0].rows[1], vec!["", "4G", "5G"]);
        assert_eq!(t[0].rows[3], vec!["晋中", "210", "640"]);
        assert!(
            notes.iter().any(
                |n| matches!(n, ImportNote::MergedCells(v) if v == &["地市、基站".to_string()])
            ),
            "{notes:?}"
        );
    }

    #[test]
    fn an_html_award_table_is_still_an_award_list() {
        let form = "<table><tr><td>姓名</td><td>单位</td><td>奖项</td></tr><tr><td>张三</td><td>太原分公司</td><td>一等奖</td></tr><tr><td>李四</td><td>大同分公司</td><td>二等奖</td></tr></table>";
        let (a, _) = imported(&html_page(form));
        assert!(tables(&a).is_empty(), "{:?}", a.blocks);
        assert!(
            a.blocks
                .iter()
                .any(|b| matches!(b, Block::AwardList { .. })),
            "{:?}",
            a.blocks
        );
    }
}
