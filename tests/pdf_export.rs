//! Reads the exported sample PDF back (with lopdf, independent of our display list) and
//! checks it the way a print shop or a reader would: page size and count, text in order,
//! fonts embedded and subset, colours, rules and line-start rules.

use jianbao::fonts::FontBook;
use jianbao::layout::{self, cjk};
use jianbao::model::{AttributionKind, AwardRow, Block, Issue};
use jianbao::style::{mm, Strictness, Style};
use lopdf::{Document, Object};
use std::collections::HashMap;

/// One glyph as a PDF reader sees it.
#[derive(Debug, Clone)]
struct Glyph {
    x: f32,
    y: f32,
    size: f32,
    /// Advance from the font's /W widths, in points.
    advance: f32,
    text: String,
    fill: Vec<f32>,
}

/// A stroked line segment.
#[derive(Debug, Clone)]
struct Stroke {
    x0: f32,
    y0: f32,
    x1: f32,
    width: f32,
    color: Vec<f32>,
}

#[derive(Debug, Default)]
struct PageRead {
    width: f32,
    height: f32,
    glyphs: Vec<Glyph>,
    strokes: Vec<Stroke>,
    /// Marked-content spans with an ActualText (ISO 32000-1 14.9.4): the glyphs they
    /// cover (indices into `glyphs`) and the text they read as.
    actual_texts: Vec<(std::ops::Range<usize>, String)>,
}

/// A simple font view: code → text (ToUnicode) and code → width (/W, 1/1000 em).
struct FontRead {
    to_unicode: HashMap<u16, String>,
    widths: HashMap<u16, f32>,
    default_width: f32,
}

fn num(o: &Object) -> f32 {
    o.as_float()
        .or_else(|_| o.as_i64().map(|i| i as f32))
        .unwrap_or(0.0)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn parse_hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn parse_cmap(text: &str) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let hexes = |line: &str| -> Vec<String> {
        line.split('<')
            .skip(1)
            .filter_map(|p| p.split('>').next().map(str::to_string))
            .collect()
    };
    let mut mode = "";
    for line in text.lines() {
        let l = line.trim();
        if l.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if l.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if l.starts_with("endbf") {
            mode = "";
            continue;
        }
        let h = hexes(l);
        match (mode, h.len()) {
            ("char", 2) => {
                let code = u16::from_str_radix(&h[0], 16).unwrap();
                map.insert(code, utf16(&parse_hex(&h[1])));
            }
            ("range", 3) => {
                let a = u16::from_str_radix(&h[0], 16).unwrap();
                let b = u16::from_str_radix(&h[1], 16).unwrap();
                let start = parse_hex(&h[2]);
                let base = u16::from_be_bytes([start[0], start[1]]);
                for (k, code) in (a..=b).enumerate() {
                    map.insert(code, String::from_utf16_lossy(&[base + k as u16]));
                }
            }
            _ => {}
        }
    }
    map
}

fn read_font(doc: &Document, font: &lopdf::Dictionary) -> FontRead {
    let mut to_unicode = HashMap::new();
    if let Ok(o) = font.get(b"ToUnicode") {
        if let Ok(s) = deref(doc, o).as_stream() {
            let data = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            to_unicode = parse_cmap(&String::from_utf8_lossy(&data));
        }
    }
    let mut widths = HashMap::new();
    let mut default_width = 1000.0;
    if let Ok(arr) = font
        .get(b"DescendantFonts")
        .and_then(|o| deref(doc, o).as_array())
    {
        if let Ok(cid) = deref(doc, &arr[0]).as_dict() {
            if let Ok(dw) = cid.get(b"DW") {
                default_width = num(dw);
            }
            if let Ok(w) = cid.get(b"W").and_then(|o| deref(doc, o).as_array()) {
                let mut i = 0;
                while i < w.len() {
                    let first = num(&w[i]) as u16;
                    match deref(doc, w.get(i + 1).unwrap_or(&Object::Null)) {
                        Object::Array(list) => {
                            for (k, v) in list.iter().enumerate() {
                                widths.insert(first + k as u16, num(v));
                            }
                            i += 2;
                        }
                        other => {
                            let last = num(other) as u16;
                            let v = num(&w[i + 2]);
                            for c in first..=last {
                                widths.insert(c, v);
                            }
                            i += 3;
                        }
                    }
                }
            }
        }
    }
    FontRead {
        to_unicode,
        widths,
        default_width,
    }
}

fn read_pdf(bytes: &[u8]) -> (Document, Vec<PageRead>) {
    let doc = Document::load_mem(bytes).expect("the PDF parses");
    let mut pages = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let page_dict = doc.get_object(page_id).unwrap().as_dict().unwrap();
        let mb = page_dict.get(b"MediaBox").unwrap().as_array().unwrap();
        let mut out = PageRead {
            width: num(&mb[2]) - num(&mb[0]),
            height: num(&mb[3]) - num(&mb[1]),
            ..PageRead::default()
        };
        let fonts: HashMap<Vec<u8>, FontRead> = doc
            .get_page_fonts(page_id)
            .unwrap()
            .into_iter()
            .map(|(name, dict)| (name, read_font(&doc, dict)))
            .collect();
        let content = lopdf::content::Content::decode(&doc.get_page_content(page_id)).unwrap();
        let (mut tx, mut ty) = (0.0f32, 0.0f32);
        let mut font: Option<&FontRead> = None;
        let mut size = 0.0;
        let mut fill = vec![0.0];
        let mut stroke_color = vec![0.0];
        let mut line_width = 1.0;
        let mut path_start = (0.0, 0.0);
        let mut path: Vec<(f32, f32, f32, f32)> = Vec::new();
        let mut open_span: Option<(usize, String)> = None;
        for op in &content.operations {
            let a = &op.operands;
            match op.operator.as_str() {
                "Tf" => {
                    font = fonts.get(a[0].as_name().unwrap());
                    size = num(&a[1]);
                }
                "Tm" => {
                    tx = num(&a[4]);
                    ty = num(&a[5]);
                }
                "Td" => {
                    tx += num(&a[0]);
                    ty += num(&a[1]);
                }
                "BDC" => {
                    let text = a
                        .get(1)
                        .and_then(|d| deref(&doc, d).as_dict().ok())
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|t| t.as_str().ok())
                        .map(|t| utf16(t.strip_prefix(&[0xFE, 0xFF][..]).unwrap_or(t)));
                    open_span = text.map(|t| (out.glyphs.len(), t));
                }
                "EMC" => {
                    if let Some((start, text)) = open_span.take() {
                        out.actual_texts.push((start..out.glyphs.len(), text));
                    }
                }
                "k" | "rg" | "g" => fill = a.iter().map(num).collect(),
                "K" | "RG" | "G" => stroke_color = a.iter().map(num).collect(),
                "w" => line_width = num(&a[0]),
                "m" => path_start = (num(&a[0]), num(&a[1])),
                "l" => {
                    let p = (num(&a[0]), num(&a[1]));
                    path.push((path_start.0, path_start.1, p.0, p.1));
                    path_start = p;
                }
                "S" => {
                    for (x0, y0, x1, _) in path.drain(..) {
                        out.strokes.push(Stroke {
                            x0,
                            y0,
                            x1,
                            width: line_width,
                            color: stroke_color.clone(),
                        });
                    }
                }
                "TJ" | "Tj" => {
                    let f = font.expect("a font is set before text");
                    let items: Vec<Object> = match op.operator.as_str() {
                        "TJ" => a[0].as_array().unwrap().clone(),
                        _ => vec![a[0].clone()],
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                for c in bytes.chunks(2) {
                                    let code = u16::from_be_bytes([c[0], c[1]]);
                                    let w = f.widths.get(&code).copied().unwrap_or(f.default_width);
                                    out.glyphs.push(Glyph {
                                        x: tx,
                                        y: ty,
                                        size,
                                        advance: w / 1000.0 * size,
                                        text: f.to_unicode.get(&code).cloned().unwrap_or_default(),
                                        fill: fill.clone(),
                                    });
                                    tx += w / 1000.0 * size;
                                }
                            }
                            other => tx -= num(&other) / 1000.0 * size,
                        }
                    }
                }
                _ => {}
            }
        }
        pages.push(out);
    }
    (doc, pages)
}

/// Lines of text on a page: glyphs grouped by baseline, left to right, top to bottom.
fn page_lines(p: &PageRead) -> Vec<Vec<Glyph>> {
    let mut glyphs = p.glyphs.clone();
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(l) if (l[0].y - g.y).abs() < 1.0 => l.push(g),
            _ => lines.push(vec![g]),
        }
    }
    lines
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn export_sample(style: &Style) -> (Issue, Vec<u8>) {
    let issue = Issue::sample();
    let book = FontBook::bundled();
    let pages = layout::layout(&issue, style, &book);
    let bytes = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
    (issue, bytes)
}

/// Every piece of the issue's text in print order.
fn expected_texts(issue: &Issue) -> Vec<String> {
    let mut out = Vec::new();
    for a in issue.articles() {
        out.push(a.title.replace('\n', ""));
        if let Some(s) = &a.subtitle {
            out.push(s.clone());
        }
        for b in &a.blocks {
            match b {
                Block::Paragraph { text } | Block::ListIntro { text } => out.push(text.clone()),
                Block::Figure(f) => out.extend(f.pictures().map(|c| c.caption.clone())),
                Block::AwardList { categories } => {
                    for c in categories {
                        out.push(c.name.clone());
                        for r in &c.rows {
                            match r {
                                AwardRow::Person { name, org, award } => {
                                    out.push(format!("{name}{org}{award}"))
                                }
                                AwardRow::Org { org } => out.push(org.clone()),
                            }
                        }
                    }
                }
                Block::Table(t) => {
                    out.extend(t.texts().filter(|c| !c.trim().is_empty()).map(String::from))
                }
            }
        }
        if let Some(at) = &a.attribution {
            out.push(match &at.kind {
                AttributionKind::Author { names } => names.join(""),
                AttributionKind::Source { text } => text.clone(),
            });
        }
    }
    for line in &issue.distribution.lines {
        for g in &line.groups {
            for r in &g.names {
                out.push(r.clone());
            }
        }
    }
    out.into_iter().map(|s| squash(&s)).collect()
}

#[test]
fn the_sample_pdf_reads_back_as_a_house_format_bulletin() {
    let style = Style::house();
    let (issue, bytes) = export_sample(&style);
    assert!(bytes.len() < 1_500_000, "PDF is {} bytes", bytes.len());
    let (doc, pages) = read_pdf(&bytes);

    // A4, 11 pages like the original issue (house-format.md §2.2).
    assert_eq!(pages.len(), 11, "the sample should set in 11 pages");
    for p in &pages {
        assert!((p.width - 595.28).abs() < 0.5 && (p.height - 841.89).abs() < 0.5);
    }

    // All text present, in order: every title, paragraph, row, byline and recipient.
    // (The page number, the last line of each page, is left out.)
    let all: String = pages
        .iter()
        .flat_map(|p| {
            let mut lines = page_lines(p);
            lines.pop();
            lines.into_iter().flatten().map(|g| g.text)
        })
        .collect();
    let all = squash(&all);
    let mut at = 0;
    for piece in expected_texts(&issue) {
        match all[at..].find(&piece) {
            Some(i) => at += i + piece.len(),
            None => panic!("not found in order: {piece}"),
        }
    }

    // Page numbers `— n —` on every page, outside edge alternating.
    for (i, p) in pages.iter().enumerate() {
        let lines = page_lines(p);
        let last = lines.last().unwrap();
        let text: String = last.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(squash(&text), format!("—{}—", i + 1), "page {}", i + 1);
        let left = last[0].x;
        if (i + 1) % 2 == 1 {
            assert!(left > p.width / 2.0, "odd page number on the right");
        } else {
            assert!(left < p.width / 2.0, "even page number on the left");
        }
    }

    // Red masthead in CMYK (0, 1, 1, 0): the bulletin name's glyphs and the rule.
    let red: Vec<&Glyph> = pages[0]
        .glyphs
        .iter()
        .filter(|g| g.fill == [0.0, 1.0, 1.0, 0.0])
        .collect();
    let name: String = red.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(name, issue.meta.bulletin_name);
    assert!(red.iter().all(|g| g.size >= 36.0));
    assert!(pages[0]
        .strokes
        .iter()
        .any(|s| s.color == [0.0, 1.0, 1.0, 0.0] && (s.x1 - s.x0 - mm(156.0)).abs() < 0.5));

    // No line starts with a class A mark; no two glyphs on a line overlap.
    for (pi, p) in pages.iter().enumerate() {
        let mut lines = page_lines(p);
        lines.pop(); // the page number `— n —`
        for line in lines {
            let first = line[0].text.chars().next().unwrap_or(' ');
            assert!(
                !cjk::no_line_start(first, Strictness::GbStyle),
                "page {}: a line starts with {first}",
                pi + 1
            );
            for w in line.windows(2) {
                let (a, b) = (&w[0], &w[1]);
                let ca = a.text.chars().next().unwrap_or(' ');
                let cb = b.text.chars().next().unwrap_or(' ');
                if cjk::is_han(ca) && cjk::is_han(cb) && (a.size - b.size).abs() < 0.01 {
                    assert!(
                        b.x - a.x >= a.size * 0.98,
                        "page {}: {ca}{cb} overlap",
                        pi + 1
                    );
                }
            }
        }
    }

    // The rules of line composition, read back from the pages (house-format.md §5).
    check_body_lines(&pages, &style);

    // 报/发/送 on the last page, above its bottom rule, which sits on the text block's
    // bottom edge.
    let last = pages.last().unwrap();
    let bottom_edge = mm(35.0);
    let rules: Vec<&Stroke> = last
        .strokes
        .iter()
        .filter(|s| s.color == [0.0, 0.0, 0.0, 1.0] && (s.x1 - s.x0 - mm(156.0)).abs() < 0.5)
        .collect();
    let bottom = rules.iter().map(|s| s.y0).fold(f32::INFINITY, f32::min);
    let bottom_rule = rules.iter().find(|s| s.y0 == bottom).unwrap();
    assert!(
        (bottom - bottom_rule.width / 2.0 - bottom_edge).abs() < 0.5,
        "bottom rule at {bottom}, text block bottom at {bottom_edge}"
    );
    assert!((bottom_rule.width - mm(0.35)).abs() < 0.01);
    for label in ["报：", "发：", "送："] {
        let first = label.chars().next().unwrap().to_string();
        let g = last
            .glyphs
            .iter()
            .find(|g| {
                g.text == first
                    && last
                        .glyphs
                        .iter()
                        .any(|h| h.text == "：" && (h.y - g.y).abs() < 0.5)
            })
            .unwrap_or_else(|| panic!("{label} missing on the last page"));
        assert!(g.y > bottom, "{label} below the bottom rule");
    }

    // Every font embedded and subset.
    let mut font_count = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        font_count += 1;
        let name =
            String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let tag = name.split('+').next().unwrap();
        assert!(
            name.contains('+') && tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        let file = d
            .get(b"FontFile2")
            .or_else(|_| d.get(b"FontFile3"))
            .unwrap_or_else(|_| panic!("{name} is not embedded"));
        let stream = deref(&doc, file).as_stream().unwrap();
        let program = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        assert!(
            program.len() < 600_000,
            "{name} embeds {} bytes: not subset",
            program.len()
        );
    }
    assert!(font_count >= 3);
}

/// Body lines as a reader of the PDF sees them: no line ends with a class B mark; every
/// line of a paragraph but its last ends exactly at the right edge of the text block;
/// no paragraph's last line holds a single Han character.
fn check_body_lines(pages: &[PageRead], style: &Style) {
    let size = style.body_size.0;
    let cell = style.char_pitch().0;
    let measure = style.text_width().0;
    // (page, left edge, glyphs) of every line but page numbers, in reading order.
    let mut all: Vec<(usize, f32, Vec<Glyph>)> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        let left = style.text_left(pi + 1).0;
        let mut lines = page_lines(p);
        lines.pop();
        all.extend(lines.into_iter().map(|l| (pi + 1, left, l)));
    }
    let is_body = |l: &[Glyph]| l.iter().all(|g| (g.size - size).abs() < 0.01);
    let starts_at = |l: &[Glyph], x: f32| (l[0].x - x).abs() < 0.5;
    let char_of = |g: &Glyph| g.text.chars().next().unwrap_or(' ');
    let mut justified = 0;
    let mut last_lines = 0;
    for k in 0..all.len() {
        let (page, left, line) = &all[k];
        let last = line.last().unwrap();
        assert!(
            !cjk::no_line_end(char_of(last), Strictness::GbStyle),
            "page {page}: a line ends with {}",
            last.text
        );
        if !is_body(line) {
            continue;
        }
        let next_continues = all.get(k + 1).is_some_and(|(_, nleft, next)| {
            is_body(next) && starts_at(next, *nleft) && char_of(&next[0]) != '报'
        });
        let starts_paragraph_line = starts_at(line, *left) || starts_at(line, left + 2.0 * cell);
        if next_continues && starts_paragraph_line {
            // The right edge of the last glyph's cell: a full-width mark at the line
            // end has dropped its blank half, Latin ends at its advance.
            let c = char_of(last);
            let right = match cjk::kind(c) {
                cjk::CharKind::Punct(p) if p.blank_right() => last.x + cell / 2.0,
                cjk::CharKind::Narrow => last.x + last.advance,
                _ => last.x + cell,
            };
            assert!(
                (right - (left + measure)).abs() < 0.3,
                "page {page}: a justified line ends at {right:.2}, not {:.2}: {}",
                left + measure,
                line.iter().map(|g| g.text.as_str()).collect::<String>()
            );
            justified += 1;
        } else if starts_at(line, *left) && k > 0 && is_body(&all[k - 1].2) {
            // A paragraph's last line (before an inline byline, which keeps an em away).
            let mut text = String::new();
            for (i, g) in line.iter().enumerate() {
                if i > 0 && g.x - line[i - 1].x > 2.0 * cell {
                    break;
                }
                text.push_str(&g.text);
            }
            let han = text.chars().filter(|c| cjk::is_han(*c)).count();
            assert!(han != 1, "page {page}: a lone last character: {text}");
            last_lines += 1;
        }
    }
    assert!(justified > 150, "{justified} justified lines checked");
    assert!(last_lines > 20, "{last_lines} last lines checked");
}

#[test]
fn the_gb_profile_sets_the_sample_on_its_own_grid() {
    let style = Style::gb();
    let (_, bytes) = export_sample(&style);
    let (_, pages) = read_pdf(&bytes);
    assert!(
        (14..=20).contains(&pages.len()),
        "{} pages in profile G",
        pages.len()
    );
    // Body text is 三号 (16 pt) in profile G.
    let sizes: Vec<f32> = pages[2].glyphs.iter().map(|g| g.size).collect();
    assert!(sizes.iter().filter(|s| (**s - 16.0).abs() < 0.01).count() > sizes.len() / 2);
}

/// An issue of elements longer than a line: titles with long book titles and brackets,
/// —— subtitles, long section labels, award rows with long organisations and Latin
/// names, a long web address, long bylines and recipients.
fn long_elements_issue() -> Issue {
    use jianbao::model::{Article, Attribution, AwardCategory, Placement, Section};
    let mut issue = Issue::sample();
    let person = |name: &str, org: &str, award: &str| AwardRow::Person {
        name: name.into(),
        org: org.into(),
        award: award.into(),
    };
    let long_org = "山西省通信行业协会信息通信网络运行维护专业委员会太原分会";
    let rows: Vec<AwardRow> = (0..14)
        .map(|k| match k % 4 {
            0 => person("Zhang Wei（张伟）", long_org, "一等奖"),
            1 => person("王五", "山西移动", "优秀信息员"),
            2 => person(
                "欧阳晓明",
                "中国铁塔股份有限公司山西省分公司运营维护部",
                "二等奖",
            ),
            _ => AwardRow::Org {
                org: format!("{long_org}及其所属各市级分会联合工作组"),
            },
        })
        .collect();
    let articles = vec![
        Article {
            title: "关于印发《山西省信息通信行业网络安全能力提升专项行动方案（2024—2026年）及配套考核细则》的通知".into(),
            subtitle: Some("——记山西移动太原分公司网络维护中心党支部书记、全省信息通信行业技术能手王建国同志".into()),
            blocks: vec![
                Block::Paragraph {
                    text: "详见https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2024/art_5c1b2e3f4a5b6c7d8e9f0a1b.html，联系邮箱xinxi.bao@sxtx.com.cn。".into(),
                },
                Block::ListIntro {
                    text: "经各单位推荐、协会评审委员会评审并公示，现将2024年度全省信息通信行业优秀信息员和先进集体名单公布如下：".into(),
                },
                Block::AwardList {
                    categories: vec![
                        AwardCategory {
                            name: "优秀信息员（按单位推荐顺序排列，排名不分先后，含跨区域协作单位推荐人选）".into(),
                            rows: rows.clone(),
                        },
                        AwardCategory {
                            name: "先进个人".into(),
                            rows,
                        },
                    ],
                },
            ],
            attribution: Some(Attribution {
                kind: AttributionKind::Source {
                    text: "据山西省通信管理局网络安全管理处、信息通信发展处、山西移动、山西联通、山西电信供稿".into(),
                },
                placement: Placement::Auto,
            }),
        },
        Article {
            title: "“数智赋能　惠企利民”山西信息通信业2024年度“双千兆”网络协同发展暨5G应用“扬帆”行动推进会在太原召开".into(),
            subtitle: Some("省通信管理局、省工业和信息化厅、各基础电信企业和铁塔公司主要负责同志出席会议并讲话".into()),
            blocks: vec![Block::Paragraph {
                text: "会议指出，要坚持以新时代中国特色社会主义思想为指导，持续推进网络建设。".into(),
            }],
            attribution: None,
        },
    ];
    issue.front.clear();
    issue.sections = vec![Section {
        label: "学习贯彻党的二十届三中全会精神推进信息通信行业高质量发展专栏".into(),
        articles,
    }];
    issue.distribution.lines[0].groups[0].names[0] =
        "山西省通信管理局、省委网信办、省工业和信息化厅、省发展和改革委员会联合工作专班".into();
    issue
}

/// Elements longer than a line, exported and read back: every glyph inside the text
/// block, in both profiles, and the titles and subtitles there.
#[test]
fn long_titles_subtitles_and_award_rows_stay_inside_the_text_block_in_the_pdf() {
    let issue = long_elements_issue();
    let book = FontBook::bundled();
    for style in [Style::house(), Style::gb()] {
        let pages = layout::layout(&issue, &style, &book);
        assert!(
            pages.warnings.iter().all(|w| w.code != "text-overflow"),
            "{:?}",
            pages.warnings
        );
        let bytes = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
        let (_, read) = read_pdf(&bytes);
        let mut checked = 0;
        for (pi, p) in read.iter().enumerate() {
            let left = style.text_left(pi + 1).0;
            let right = left + style.text_width().0;
            let top = p.height - mm(style.margin_top_mm.0);
            let bottom = mm(style.margin_bottom_mm.0);
            let mut lines = page_lines(p);
            lines.pop(); // the page number, below the text block by design
            for g in lines.iter().flatten() {
                let c = g.text.chars().next().unwrap_or(' ');
                // A full-width mark at a line end has dropped its blank right half, an
                // opening mark at a line start its blank left half.
                let (ink_left, ink_right) = match cjk::kind(c) {
                    cjk::CharKind::Punct(k) if k.blank_right() => (g.x, g.x + g.advance / 2.0),
                    cjk::CharKind::Punct(k) if k.blank_left() => {
                        (g.x + g.advance / 2.0, g.x + g.advance)
                    }
                    _ => (g.x, g.x + g.advance),
                };
                assert!(
                    ink_left >= left - 0.5 && ink_right <= right + 0.5,
                    "profile {:?} page {}: {} at {:.1}..{ink_right:.1}, text block {left:.1}..{right:.1}",
                    style.profile,
                    pi + 1,
                    g.text,
                    g.x
                );
                assert!(
                    g.y <= top + 0.5 && g.y >= bottom - 0.5,
                    "page {}: {} outside the text block vertically",
                    pi + 1,
                    g.text
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked} glyphs checked");
        let all: String = read
            .iter()
            .flat_map(|p| {
                let mut lines = page_lines(p);
                lines.pop();
                lines.into_iter().flatten().map(|g| g.text)
            })
            .collect();
        let all = squash(&all);
        // Titles and cells wrap, so check pieces that stay on one line: each title's and
        // subtitle's first eight characters.
        for a in issue.articles() {
            for t in [Some(&a.title), a.subtitle.as_ref()].into_iter().flatten() {
                let head: String = squash(t).chars().take(8).collect();
                assert!(all.contains(&head), "{head} printed");
            }
        }
    }
}

/// The text of every glyph the display list prints, page by page in drawing order.
fn display_list_text(pages: &layout::Pages) -> Vec<String> {
    pages
        .pages
        .iter()
        .map(|p| {
            p.runs()
                .flat_map(|r| r.glyphs.iter().map(|g| r.cluster_text(g)))
                .collect()
        })
        .collect()
}

/// A face with CFF outlines (.otf), as many installed fonts are, is embedded as a
/// CIDFontType0 whose glyphs read back as the text laid out. Skipped where no such
/// font is installed.
#[test]
fn a_cff_face_is_embedded_and_reads_back() {
    let found = std::fs::read_dir("/usr/share/fonts/opentype")
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|dir| {
            std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == "otf"))
        .find(|p| std::fs::read(p).is_ok_and(|d| d.starts_with(b"OTTO")));
    let Some(path) = found else {
        eprintln!("skipped: no CFF (.otf) font under /usr/share/fonts/opentype");
        return;
    };
    let family = "Test CFF Latin".to_string();
    let book = FontBook::bundled().with_installed(&[(family.clone(), path.clone(), 0)]);
    assert!(book.family(&family).is_some(), "{} loads", path.display());
    let mut style = Style::house();
    style.fonts.latin = vec![family];
    let issue = Issue::sample();
    let pages = layout::layout(&issue, &style, &book);
    let bytes = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
    let (doc, read) = read_pdf(&bytes);
    let cff_fonts = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"DescendantFonts").and_then(Object::as_array).ok())
        .flatten()
        .filter_map(|o| deref(&doc, o).as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"CIDFontType0"))
        .count();
    let descriptors_with_file3 = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile3"))
        .count();
    assert_eq!(
        (cff_fonts, descriptors_with_file3),
        (1, 1),
        "one CFF font, embedded"
    );
    let printed: Vec<String> = read
        .iter()
        .map(|p| p.glyphs.iter().map(|g| g.text.as_str()).collect())
        .collect();
    assert_eq!(printed, display_list_text(&pages), "{}", path.display());
}

/// Reference renders of the sample issue: poppler's `pdftoppm -r 30 -gray`, one
/// 8-bit gray PNG per page, made from the sample exported before the PDF writer was
/// restructured. Regenerate (after a deliberate change of what prints) with
/// `JIANBAO_UPDATE_REFERENCE=1 cargo test --test pdf_export renders`.
const REFERENCE_DIR: &str = "tests/reference/sample";
const REFERENCE_DPI: &str = "30";

/// A page matches its reference when at most this share of its pixels differ by more
/// than [`RENDER_LEVELS`] gray levels: room for another poppler or FreeType version's
/// anti-aliasing, none for a font, a width or a position written differently (a
/// glyph moved by a fraction of a point changes dozens of pixels at once).
const RENDER_SHARE: f64 = 0.0005;
const RENDER_LEVELS: u8 = 24;

/// CRC-32 (ISO 3309), as PNG chunks carry it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// An 8-bit gray image.
struct Gray {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Writes an 8-bit gray PNG (each row filtered with "up").
fn png_encode(img: &Gray) -> Vec<u8> {
    let mut raw = Vec::with_capacity((img.width + 1) * img.height);
    let mut prev = vec![0u8; img.width];
    for row in img.pixels.chunks(img.width) {
        raw.push(2);
        raw.extend(row.iter().zip(&prev).map(|(a, b)| a.wrapping_sub(*b)));
        prev.copy_from_slice(row);
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |tag: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let body = [tag, data].concat();
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut header = Vec::new();
    header.extend_from_slice(&(img.width as u32).to_be_bytes());
    header.extend_from_slice(&(img.height as u32).to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(b"IHDR", &header);
    chunk(
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 9),
    );
    chunk(b"IEND", &[]);
    out
}

/// Reads an 8-bit gray, non-interlaced PNG (what [`png_encode`] writes).
fn png_decode(data: &[u8]) -> Result<Gray, String> {
    let mut at = 8;
    let (mut width, mut height) = (0usize, 0usize);
    let mut idat = Vec::new();
    while at + 8 <= data.len() {
        let len = u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
        let tag = &data[at + 4..at + 8];
        let body = data
            .get(at + 8..at + 8 + len)
            .ok_or("a chunk is cut short")?;
        match tag {
            b"IHDR" => {
                width = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                if body[8..13] != [8, 0, 0, 0, 0] {
                    return Err(format!("not an 8-bit gray PNG: {:?}", &body[8..13]));
                }
            }
            b"IDAT" => idat.extend_from_slice(body),
            _ => {}
        }
        at += 12 + len;
    }
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&idat).map_err(|e| format!("{e:?}"))?;
    if raw.len() != (width + 1) * height {
        return Err("the image data has the wrong size".to_string());
    }
    let mut pixels = vec![0u8; width * height];
    for y in 0..height {
        let filter = raw[y * (width + 1)];
        for x in 0..width {
            let v = raw[y * (width + 1) + 1 + x];
            let left = if x > 0 { pixels[y * width + x - 1] } else { 0 };
            let up = if y > 0 {
                pixels[(y - 1) * width + x]
            } else {
                0
            };
            let up_left = if x > 0 && y > 0 {
                pixels[(y - 1) * width + x - 1]
            } else {
                0
            };
            let predicted = match filter {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => {
                    let p = i16::from(left) + i16::from(up) - i16::from(up_left);
                    let (pa, pb, pc) = (
                        (p - i16::from(left)).abs(),
                        (p - i16::from(up)).abs(),
                        (p - i16::from(up_left)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        left
                    } else if pb <= pc {
                        up
                    } else {
                        up_left
                    }
                }
                f => return Err(format!("unknown PNG filter {f}")),
            };
            pixels[y * width + x] = v.wrapping_add(predicted);
        }
    }
    Ok(Gray {
        width,
        height,
        pixels,
    })
}

/// Reads a binary PGM (P5, 8-bit), as `pdftoppm -gray` writes.
fn pgm_decode(data: &[u8]) -> Result<Gray, String> {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while data.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let start = at;
        while data.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).to_string());
    }
    let number = |k: usize| fields[k].parse::<usize>().map_err(|e| e.to_string());
    if fields[0] != "P5" || number(3)? != 255 {
        return Err(format!("not an 8-bit binary PGM: {fields:?}"));
    }
    let (width, height) = (number(1)?, number(2)?);
    let pixels = data
        .get(at + 1..at + 1 + width * height)
        .ok_or("the PGM is cut short")?
        .to_vec();
    Ok(Gray {
        width,
        height,
        pixels,
    })
}

/// Renders a PDF with poppler, one gray image per page; None when pdftoppm is missing
/// (and CI, which sets JIANBAO_REQUIRE_PDFTOTEXT because it installs poppler, has not
/// asked for it).
fn render_pages(pdf: &[u8], name: &str) -> Option<Vec<Gray>> {
    let dir = std::env::temp_dir().join(format!("jianbao-render-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let pdf_path = dir.join("issue.pdf");
    std::fs::write(&pdf_path, pdf).expect("the PDF is written");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", REFERENCE_DPI, "-gray"])
        .arg(&pdf_path)
        .arg(dir.join("page"))
        .status();
    match status {
        Ok(s) => assert!(s.success(), "pdftoppm failed on our PDF"),
        Err(e) => {
            assert!(
                std::env::var_os("JIANBAO_REQUIRE_PDFTOTEXT").is_none(),
                "pdftoppm could not run: {e}"
            );
            eprintln!("skipped: pdftoppm is not installed (poppler-utils): {e}");
            return None;
        }
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("the render folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pgm"))
        .collect();
    // page-01.pgm … page-11.pgm: zero-padded, so name order is page order.
    files.sort();
    let pages = files
        .iter()
        .map(|f| pgm_decode(&std::fs::read(f).expect("a render")).expect("a PGM"))
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    Some(pages)
}

/// The sample, exported as `jianbao export --sample --bundled-fonts` does, renders
/// like the reference renders, page by page.
#[test]
fn the_sample_renders_like_the_reference_renders() {
    let issue = Issue::sample();
    let style = jianbao::cli::effective_style(&issue, None);
    let book = FontBook::bundled();
    let pages = layout::layout(&issue, &style, &book);
    let pdf = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
    let Some(renders) = render_pages(&pdf, "sample") else {
        return;
    };
    let reference = |k: usize| format!("{REFERENCE_DIR}/page-{:02}.png", k + 1);
    if std::env::var_os("JIANBAO_UPDATE_REFERENCE").is_some() {
        for old in std::fs::read_dir(REFERENCE_DIR)
            .into_iter()
            .flatten()
            .flatten()
        {
            std::fs::remove_file(old.path()).expect("an old reference removed");
        }
        std::fs::create_dir_all(REFERENCE_DIR).expect("the reference folder");
        for (k, page) in renders.iter().enumerate() {
            std::fs::write(reference(k), png_encode(page)).expect("a reference written");
        }
        eprintln!(
            "wrote {} reference renders to {REFERENCE_DIR}",
            renders.len()
        );
        return;
    }
    let stored = std::fs::read_dir(REFERENCE_DIR).map_or(0, |d| d.count());
    assert_eq!(
        renders.len(),
        stored,
        "the sample has {} pages, the references {stored}; if the change is meant, \
         regenerate with JIANBAO_UPDATE_REFERENCE=1 cargo test --test pdf_export renders",
        renders.len()
    );
    for (k, page) in renders.iter().enumerate() {
        let want = png_decode(&std::fs::read(reference(k)).expect("a reference render"))
            .expect("the reference is a gray PNG");
        assert_eq!(
            (page.width, page.height),
            (want.width, want.height),
            "page {} size",
            k + 1
        );
        let off = page
            .pixels
            .iter()
            .zip(&want.pixels)
            .filter(|(a, b)| a.abs_diff(**b) > RENDER_LEVELS)
            .count();
        let allowed = (RENDER_SHARE * page.pixels.len() as f64) as usize;
        assert!(
            off <= allowed,
            "page {}: {off} pixels differ from {} by more than {RENDER_LEVELS} levels (at most \
             {allowed} may); if the change is meant, regenerate with \
             JIANBAO_UPDATE_REFERENCE=1 cargo test --test pdf_export renders",
            k + 1,
            reference(k)
        );
    }
}

/// Where the display-list fingerprint of the sample set 120 times over is kept.
const FINGERPRINT: &str = "tests/reference/x120-display-list.txt";

/// FNV-1a, 64 bits: stable across runs and platforms.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, data: &[u8]) {
        for &b in data {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    /// A length in points, rounded to 1/100 pt.
    fn length(&mut self, v: f32) {
        self.bytes(&((f64::from(v) * 100.0).round() as i64).to_le_bytes());
    }
}

/// One line per page: the hash of everything it draws (face, size, colour, baseline
/// and each glyph's id and position; each rule's ends, height, thickness and colour),
/// then the number of glyphs and rules, so a difference names its page.
fn fingerprint(pages: &layout::Pages) -> String {
    let mut out = String::new();
    for page in &pages.pages {
        let mut h = Fnv::new();
        h.length(page.width);
        h.length(page.height);
        let (mut glyphs, mut rules) = (0, 0);
        for item in &page.items {
            match item {
                layout::Item::Text(run) => {
                    h.bytes(b"T");
                    h.bytes(&run.font.0.to_le_bytes());
                    h.length(run.size);
                    h.length(run.y);
                    run.ink.cmyk.iter().for_each(|c| h.length(*c));
                    for g in &run.glyphs {
                        h.bytes(&g.id.to_le_bytes());
                        h.length(g.x);
                    }
                    glyphs += run.glyphs.len();
                }
                layout::Item::Rule(r) => {
                    h.bytes(b"R");
                    for v in [r.x0, r.x1, r.y, r.thickness] {
                        h.length(v);
                    }
                    r.ink.cmyk.iter().for_each(|c| h.length(*c));
                    rules += 1;
                }
                // The sample has no pictures; one appearing would change the hash.
                layout::Item::Picture(p) => {
                    h.bytes(b"P");
                    h.bytes(p.picture.0.as_bytes());
                    p.rect.iter().for_each(|v| h.length(*v));
                }
            }
        }
        out.push_str(&format!(
            "page {}: {:016x} {glyphs} glyphs {rules} rules\n",
            page.number, h.0
        ));
    }
    out
}

/// The sample set 120 times over (1,316 pages) lays out exactly as stored: every
/// glyph and rule of every page in the same place. Guards refactoring of layout and
/// of the display list; regenerate after a deliberate change of layout with
/// `JIANBAO_UPDATE_REFERENCE=1 cargo test --test pdf_export display_list`.
#[test]
fn the_120_times_issue_lays_out_as_its_display_list_fingerprint() {
    let issue = Issue::sample().repeated(120);
    let style = jianbao::cli::effective_style(&issue, None);
    let pages = layout::layout(&issue, &style, &FontBook::bundled());
    let now = fingerprint(&pages);
    if std::env::var_os("JIANBAO_UPDATE_REFERENCE").is_some() {
        std::fs::write(FINGERPRINT, &now).expect("the fingerprint is written");
        eprintln!("wrote {FINGERPRINT}");
        return;
    }
    let stored = std::fs::read_to_string(FINGERPRINT).unwrap_or_default();
    let how = "if layout was meant to change, regenerate with \
               JIANBAO_UPDATE_REFERENCE=1 cargo test --test pdf_export display_list";
    let (now_lines, stored_lines): (Vec<&str>, Vec<&str>) =
        (now.lines().collect(), stored.lines().collect());
    let differing: Vec<String> = now_lines
        .iter()
        .zip(&stored_lines)
        .filter(|(a, b)| a != b)
        .take(5)
        .map(|(a, b)| format!("now    {a}\nstored {b}"))
        .collect();
    assert!(
        differing.is_empty(),
        "pages lay out differently from {FINGERPRINT} (first five):\n{}\n{how}",
        differing.join("\n")
    );
    assert_eq!(
        now_lines.len(),
        stored_lines.len(),
        "{} pages now, {} stored in {FINGERPRINT}; {how}",
        now_lines.len(),
        stored_lines.len()
    );
}

/// What each glyph of a page reads as for a text extractor: its ToUnicode text, or,
/// inside an ActualText span, the span's text on its first glyph and nothing on the
/// others; with the spans' glyph ranges.
fn extracted_per_glyph(page: &PageRead) -> Vec<String> {
    let mut out: Vec<String> = page.glyphs.iter().map(|g| g.text.clone()).collect();
    for (range, text) in &page.actual_texts {
        for k in range.clone() {
            out[k] = if k == range.start {
                text.clone()
            } else {
                String::new()
            };
        }
    }
    out
}

/// Checks that every run of `pages` reads back from `pdf` as its text (spaces and
/// blanks aside, which the PDF leaves to the gaps between glyphs). Runs an ActualText
/// span joins (a squeezed mark grouped with the next run's first glyph) are compared
/// together. Returns how many runs were checked.
fn runs_read_back_as_their_text(pages: &layout::Pages, pdf: &[u8]) -> usize {
    let (_, read) = read_pdf(pdf);
    assert_eq!(read.len(), pages.pages.len(), "page count");
    let mut checked = 0;
    for (page, got) in pages.pages.iter().zip(&read) {
        let runs: Vec<&layout::GlyphRun> = page.runs().collect();
        let total: usize = runs.iter().map(|r| r.glyphs.len()).sum();
        assert_eq!(
            got.glyphs.len(),
            total,
            "page {}: glyphs written",
            page.number
        );
        let texts = extracted_per_glyph(got);
        // Glyph index where each run starts; a span crossing a start joins the runs.
        let starts: Vec<usize> = runs
            .iter()
            .scan(0, |at, r| {
                let start = *at;
                *at += r.glyphs.len();
                Some(start)
            })
            .collect();
        let crossed = |start: usize| {
            got.actual_texts
                .iter()
                .any(|(range, _)| range.start < start && start < range.end)
        };
        let mut k = 0;
        while k < runs.len() {
            let mut end = k + 1;
            while end < runs.len() && crossed(starts[end]) {
                end += 1;
            }
            let glyph_end = starts.get(end).copied().unwrap_or(total);
            let want: String = runs[k..end].iter().map(|r| &*r.text).collect();
            let got_text: String = texts[starts[k]..glyph_end].concat();
            assert_eq!(
                squash(&got_text),
                squash(&want),
                "page {}: run {k} ({:?}, {:?}) reads back differently",
                page.number,
                runs[k].line,
                runs[k].source
            );
            checked += end - k;
            k = end;
        }
    }
    checked
}

/// Every run of the sample, in both house profiles, reads back through the fonts'
/// ToUnicode maps and the ActualText spans as the run's text: squeezed punctuation
/// (grouped with its neighbour) included.
#[test]
fn every_run_reads_back_as_its_text() {
    for style in [Style::house(), Style::gb()] {
        let issue = Issue::sample();
        let book = FontBook::bundled();
        let pages = layout::layout(&issue, &style, &book);
        let pdf = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
        let runs: usize = pages.pages.iter().map(|p| p.runs().count()).sum();
        assert_eq!(runs_read_back_as_their_text(&pages, &pdf), runs);
    }
}

/// Characters no face has all print as the same glyph (.notdef), which one ToUnicode
/// entry cannot tell apart: each is marked with its own text, so two different missing
/// characters read back as themselves, not both as the first.
#[test]
fn missing_characters_read_back_as_themselves() {
    let mut issue = Issue::sample();
    let paragraph = issue
        .sections
        .iter_mut()
        .flat_map(|s| s.articles.iter_mut())
        .flat_map(|a| a.blocks.iter_mut())
        .find_map(|b| match b {
            Block::Paragraph { text } => Some(text),
            _ => None,
        })
        .expect("the sample has a paragraph");
    paragraph.insert_str(0, "\u{E000}甲\u{E001}乙\u{E000}");
    let book = FontBook::bundled();
    let pages = layout::layout(&issue, &Style::house(), &book);
    assert!(
        pages.warnings.iter().any(|w| w.code == "missing-glyph"),
        "the private-use characters are missing from every bundled face"
    );
    let pdf = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
    runs_read_back_as_their_text(&pages, &pdf);
    let (_, read) = read_pdf(&pdf);
    let text: String = read.iter().flat_map(extracted_per_glyph).collect();
    assert!(
        text.contains("\u{E000}甲\u{E001}乙\u{E000}"),
        "the missing characters read back in order"
    );
}

/// A table longer than a page, in the PDF: every cell's text in order (a row's cells
/// on one line), its rules inside the text block, its header row again at the top of
/// every page it continues on.
#[test]
fn a_long_table_reads_back_cell_by_cell_with_its_header_repeated() {
    let mut issue = Issue::sample();
    let names = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let name = |k: usize| format!("{}{}", names[k / 10 % 10], names[k % 10]);
    let mut rows = vec![vec!["组别".to_string(), "地区".into(), "数量".into()]];
    for k in 0..80 {
        rows.push(vec![
            format!("第{}组", name(k)),
            format!("区{}", name(k)),
            format!("{}", k * 13),
        ]);
    }
    let table = jianbao::model::Table {
        caption: "表1　分组统计".into(),
        header: true,
        rows: rows.clone(),
        widths: Vec::new(),
    };
    issue.front.truncate(1);
    issue.front[0].blocks = vec![
        Block::Paragraph {
            text: "各组情况见下表。".into(),
        },
        Block::Table(table),
    ];
    issue.sections.clear();
    let book = FontBook::bundled();
    let style = Style::house();
    let pages = layout::layout(&issue, &style, &book);
    let bytes = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
    let (_, read) = read_pdf(&bytes);
    let header = squash(&rows[0].concat());
    let mut found = Vec::new();
    let mut continued = 0;
    for (pi, p) in read.iter().enumerate() {
        let mut lines: Vec<String> = page_lines(p)
            .iter()
            .map(|l| squash(&l.iter().map(|g| g.text.as_str()).collect::<String>()))
            .collect();
        lines.pop(); // the page number
        let first_row = lines
            .iter()
            .position(|l| l.starts_with('第') && l.ends_with(|c: char| c.is_ascii_digit()));
        if let Some(at) = first_row {
            // The line above a page's first row is the header.
            assert!(
                at > 0 && lines[at - 1] == header,
                "page {}: {:?}",
                pi + 1,
                &lines[..=at]
            );
            if pi > 0 {
                continued += 1;
                assert_eq!(lines[0], header, "page {} starts with the header", pi + 1);
            }
        }
        found.extend(
            lines
                .into_iter()
                .filter(|l| l.starts_with('第') && l.contains('组')),
        );
        // Rules inside the text block (a vertical rule is a stroke as long as its
        // thickness and as wide as its row is tall).
        let left = style.text_left(pi + 1).0;
        let right = left + style.text_width().0;
        let top = p.height - mm(style.margin_top_mm.0);
        let bottom = top - style.text_height().0;
        let rule = style.table_rule().0;
        let table_rules = p
            .strokes
            .iter()
            .filter(|s| (s.width - rule).abs() < 0.01 || ((s.x1 - s.x0).abs() - rule).abs() < 0.01);
        for s in table_rules {
            assert!(
                s.x0.min(s.x1) >= left - 0.01 && s.x0.max(s.x1) <= right + 0.01,
                "page {}: {s:?}",
                pi + 1
            );
            assert!(
                s.y0 + s.width / 2.0 <= top + 0.01 && s.y0 - s.width / 2.0 >= bottom - 0.01,
                "page {}: {s:?}",
                pi + 1
            );
        }
    }
    assert!(continued >= 2, "the table runs over {continued} more pages");
    let want: Vec<String> = rows[1..].iter().map(|r| squash(&r.concat())).collect();
    assert_eq!(
        found, want,
        "every row once, in order, its cells on one line"
    );
}

// ---------------------------------------------------------------------------------
// Pictures: image XObjects read back.

/// Picture files for the tests, made with the `image` crate's encoders (and one CMYK
/// JPEG as Photoshop and ImageMagick write them, with an Adobe marker).
mod pictures {
    use image::{DynamicImage, Rgb, RgbImage, Rgba, RgbaImage};

    /// A JPEG of `img` with its own colour type (grey stays one component).
    pub fn jpeg(img: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92)
            .encode(
                img.as_bytes(),
                img.width(),
                img.height(),
                img.color().into(),
            )
            .expect("encoding to memory");
        out
    }

    pub fn png(img: &DynamicImage) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png)
            .expect("encoding to memory");
        out.into_inner()
    }

    /// Red on the left half, blue on the right.
    pub fn red_blue(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                Rgb([220, 20, 30])
            } else {
                Rgb([20, 40, 210])
            }
        }))
    }

    /// Opaque green on the left half, fully transparent on the right.
    pub fn green_and_clear(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgba8(RgbaImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                Rgba([20, 180, 40, 255])
            } else {
                Rgba([0, 0, 0, 0])
            }
        }))
    }

    /// A grey ramp from black on the left to white on the right.
    pub fn grey_ramp(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageLuma8(image::GrayImage::from_fn(w, h, |x, _| {
            image::Luma([(x * 255 / w) as u8])
        }))
    }

    pub const CMYK_RED_CYAN: &[u8] = include_bytes!("pictures/cmyk-red-cyan.jpg");
}

/// A picture placed on a laid-out page at `rect` (left, top, width, height in points).
fn place(page: &mut layout::Page, bytes: &[u8], rect: [f32; 4]) {
    let source = page
        .runs()
        .next()
        .map(|r| r.source)
        .expect("the page has text");
    let bytes: std::sync::Arc<[u8]> = bytes.into();
    page.items
        .push(layout::Item::Picture(layout::PlacedPicture {
            rect,
            picture: jianbao::model::PictureId::of(&bytes),
            info: jianbao::picture::probe(&bytes).expect("a picture"),
            bytes,
            source,
        }));
}

/// An image XObject as read back, with the page it is drawn on and where.
#[derive(Debug)]
struct ImageRead {
    page: usize,
    name: String,
    dict: lopdf::Dictionary,
    content: Vec<u8>,
    /// The `cm` before its `Do`: width, height, x, y (PDF coordinates, y up).
    placed: [f32; 4],
}

/// Every image drawn on every page: the `q w 0 0 h x y cm /Name Do Q` operators of
/// the content streams and the XObjects their names stand for in the page resources.
fn images_drawn(doc: &Document) -> Vec<ImageRead> {
    let mut out = Vec::new();
    for (n, (_, id)) in doc.get_pages().into_iter().enumerate() {
        let content = doc.get_page_content(id);
        let ops = lopdf::content::Content::decode(&content)
            .expect("content parses")
            .operations;
        let resources = deref(
            doc,
            doc.get_dictionary(id).unwrap().get(b"Resources").unwrap(),
        )
        .as_dict()
        .unwrap()
        .clone();
        let mut cm = [0.0f32; 6];
        for op in ops {
            match op.operator.as_str() {
                "cm" => {
                    for (k, v) in op.operands.iter().enumerate().take(6) {
                        cm[k] = num(v);
                    }
                }
                "Do" => {
                    let name = op.operands[0].as_name().unwrap().to_vec();
                    let xobjects =
                        deref(doc, resources.get(b"XObject").expect("XObject resources"))
                            .as_dict()
                            .unwrap();
                    let stream = deref(doc, xobjects.get(&name).expect("the named XObject"))
                        .as_stream()
                        .unwrap();
                    assert_eq!((cm[1], cm[2]), (0.0, 0.0), "an image is drawn unrotated");
                    out.push(ImageRead {
                        page: n + 1,
                        name: String::from_utf8_lossy(&name).into_owned(),
                        dict: stream.dict.clone(),
                        content: stream.content.clone(),
                        placed: [cm[0], cm[3], cm[4], cm[5]],
                    });
                }
                _ => {}
            }
        }
    }
    out
}

fn dict_num(d: &lopdf::Dictionary, key: &str) -> f32 {
    num(d
        .get(key.as_bytes())
        .unwrap_or_else(|_| panic!("no /{key}")))
}

fn dict_name(d: &lopdf::Dictionary, key: &str) -> String {
    String::from_utf8_lossy(d.get(key.as_bytes()).unwrap().as_name().unwrap()).into_owned()
}

/// The sample with pictures placed by hand on pages 2 and 3 (the display list as
/// layout will hand it over), exported at `max_dpi`.
/// Picture files with the boxes they were placed in.
type Placed = Vec<(Vec<u8>, [f32; 4])>;

fn sample_with_pictures(max_dpi: f32) -> (layout::Pages, Vec<u8>, Placed) {
    let book = FontBook::bundled();
    let issue = Issue::sample();
    let style = issue.style.clone().unwrap_or_default();
    let mut pages = layout::layout(&issue, &style, &book);
    // Pages 2 and 3 keep one line of text (so fonts are still written) and get the
    // pictures, so a rendering shows the pictures' own colours.
    for page in pages.pages[1..3].iter_mut().map(std::sync::Arc::make_mut) {
        let first = page.runs().next().cloned().expect("the page has text");
        page.items.retain(|i| !matches!(i, layout::Item::Text(_)));
        page.items.push(layout::Item::Text(first));
    }
    let photo = pictures::jpeg(&pictures::red_blue(300, 200));
    let grey = pictures::jpeg(&pictures::grey_ramp(120, 90));
    let clear = pictures::png(&pictures::green_and_clear(80, 40));
    // 1,200 pixels across 144 pt (2 inches): 600 dpi.
    let fine = pictures::jpeg(&pictures::red_blue(1200, 600));
    let placed: Placed = vec![
        (photo.clone(), [90.0, 150.0, 300.0, 200.0]),
        (clear, [100.0, 400.0, 160.0, 80.0]),
        (
            pictures::CMYK_RED_CYAN.to_vec(),
            [300.0, 400.0, 128.0, 64.0],
        ),
        (grey, [100.0, 520.0, 120.0, 90.0]),
        (fine, [300.0, 520.0, 144.0, 72.0]),
    ];
    for (bytes, rect) in &placed[..3] {
        place(std::sync::Arc::make_mut(&mut pages.pages[1]), bytes, *rect);
    }
    for (bytes, rect) in &placed[3..] {
        place(std::sync::Arc::make_mut(&mut pages.pages[2]), bytes, *rect);
    }
    // The photo again, smaller, on page 3: written once, drawn twice.
    place(
        std::sync::Arc::make_mut(&mut pages.pages[2]),
        &photo,
        [90.0, 150.0, 150.0, 100.0],
    );
    let options = jianbao::pdf::PdfOptions {
        picture_max_dpi: max_dpi,
    };
    let pdf = jianbao::pdf::export_with(&pages, &issue, &book, &options).expect("export works");
    (pages, pdf, placed)
}

#[test]
fn pictures_are_image_xobjects_drawn_at_their_laid_out_boxes() {
    let (pages, pdf, placed) = sample_with_pictures(300.0);
    let doc = Document::load_mem(&pdf).expect("the PDF reads back");
    let drawn = images_drawn(&doc);
    assert_eq!(drawn.len(), 6, "{drawn:#?}");
    let height = pages.pages[1].height;
    // Each drawing at its box: PDF y is measured up from the page's foot.
    let boxes: Vec<(usize, [f32; 4])> = placed[..3]
        .iter()
        .map(|(_, r)| (2, *r))
        .chain(placed[3..].iter().map(|(_, r)| (3, *r)))
        .chain([(3, [90.0, 150.0, 150.0, 100.0])])
        .collect();
    for (d, (page, [left, top, w, h])) in drawn
        .iter()
        .filter(|d| d.page == 2)
        .chain(drawn.iter().filter(|d| d.page == 3))
        .zip(boxes)
    {
        assert_eq!(d.page, page);
        let want = [w, h, left, height - top - h];
        for (got, want) in d.placed.iter().zip(want) {
            assert!(
                (got - want).abs() < 0.001,
                "{} drawn at {:?}, laid out {want:?}",
                d.name,
                d.placed
            );
        }
        assert_eq!(dict_name(&d.dict, "Subtype"), "Image");
        assert_eq!(dict_num(&d.dict, "BitsPerComponent"), 8.0);
    }
    let by_place = |page: usize, k: usize| drawn.iter().filter(|d| d.page == page).nth(k).unwrap();
    // The photo: the JPEG file's own bytes, its size and colour space.
    let photo = by_place(2, 0);
    assert_eq!(dict_name(&photo.dict, "Filter"), "DCTDecode");
    assert!(photo.content == placed[0].0, "the JPEG's bytes are changed");
    assert_eq!(
        (
            dict_num(&photo.dict, "Width"),
            dict_num(&photo.dict, "Height")
        ),
        (300.0, 200.0)
    );
    assert_eq!(dict_name(&photo.dict, "ColorSpace"), "DeviceRGB");
    // Drawn twice, written once.
    let again = by_place(3, 2);
    assert_eq!(again.name, photo.name);
    let image_count = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())
            })
        })
        .count();
    assert_eq!(image_count, 6, "five pictures and one soft mask");
    // The PNG: decoded, Flate-compressed, its alpha as a soft mask.
    let clear = by_place(2, 1);
    assert_eq!(dict_name(&clear.dict, "Filter"), "FlateDecode");
    assert_eq!(dict_name(&clear.dict, "ColorSpace"), "DeviceRGB");
    let mask_id = clear
        .dict
        .get(b"SMask")
        .expect("an SMask")
        .as_reference()
        .unwrap();
    let mask = doc.get_object(mask_id).unwrap().as_stream().unwrap();
    assert_eq!(dict_name(&mask.dict, "ColorSpace"), "DeviceGray");
    let alpha = mask.decompressed_content().expect("the mask inflates");
    assert_eq!(alpha.len(), 80 * 40);
    assert_eq!((alpha[0], alpha[79]), (255, 0), "opaque left, clear right");
    let colour = {
        let s = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .find(|s| s.dict.get(b"SMask").is_ok())
            .unwrap();
        s.decompressed_content().unwrap()
    };
    assert_eq!(&colour[..3], &[20, 180, 40]);
    // The CMYK JPEG: untouched, DeviceCMYK, read inverted as its Adobe marker asks.
    let cmyk = by_place(2, 2);
    assert!(cmyk.content == pictures::CMYK_RED_CYAN);
    assert_eq!(dict_name(&cmyk.dict, "ColorSpace"), "DeviceCMYK");
    let decode: Vec<f32> = cmyk
        .dict
        .get(b"Decode")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    assert_eq!(decode, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    // The grey JPEG: untouched, DeviceGray.
    let grey = by_place(3, 0);
    assert!(grey.content == placed[3].0);
    assert_eq!(dict_name(&grey.dict, "ColorSpace"), "DeviceGray");
    // The 600 dpi picture: halved to 300 dpi, encoded again.
    let fine = by_place(3, 1);
    assert_eq!(
        (
            dict_num(&fine.dict, "Width"),
            dict_num(&fine.dict, "Height")
        ),
        (600.0, 300.0)
    );
    assert_eq!(dict_name(&fine.dict, "Filter"), "DCTDecode");
    assert!(fine.content != placed[4].0);
}

#[test]
fn the_resolution_limit_is_the_style_setting_and_never_enlarges() {
    // At 1,200 dpi nothing is scaled: the 600 dpi picture keeps its bytes.
    let (_, pdf, placed) = sample_with_pictures(1200.0);
    let doc = Document::load_mem(&pdf).expect("the PDF reads back");
    let drawn = images_drawn(&doc);
    let fine = drawn.iter().filter(|d| d.page == 3).nth(1).unwrap();
    assert_eq!(dict_num(&fine.dict, "Width"), 1200.0);
    assert!(fine.content == placed[4].0);
    // At 150 dpi the 300 × 200 photo drawn 300 pt wide (72 dpi) stays as it is.
    let (_, pdf, placed) = sample_with_pictures(150.0);
    let doc = Document::load_mem(&pdf).expect("the PDF reads back");
    let drawn = images_drawn(&doc);
    let photo = drawn.iter().find(|d| d.page == 2).unwrap();
    assert!(photo.content == placed[0].0);
    let fine = drawn.iter().filter(|d| d.page == 3).nth(1).unwrap();
    assert_eq!(dict_num(&fine.dict, "Width"), 300.0);
    // The style's default is 300 dpi and a style saved without it reads it so.
    assert_eq!(Style::default().picture_max_dpi, 300);
    assert_eq!(jianbao::pdf::PdfOptions::default().picture_max_dpi, 300.0);
}

/// poppler shows the pictures where they are laid out, in their colours: the photo's
/// red and blue halves, the CMYK picture red (not its inverse), the PNG's clear half
/// showing the paper.
#[test]
fn pictures_render_in_their_colours_where_they_are_laid_out() {
    let (pages, pdf, _) = sample_with_pictures(300.0);
    let dir = std::env::temp_dir().join(format!("jianbao-pictures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("p.pdf"), &pdf).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "72", "-f", "2", "-l", "2", "p.pdf", "pp"])
        .current_dir(&dir)
        .status();
    let Ok(status) = status else {
        assert!(
            std::env::var_os("JIANBAO_REQUIRE_PDFTOTEXT").is_none(),
            "pdftoppm could not run"
        );
        eprintln!("skipped: pdftoppm is not installed");
        return;
    };
    assert!(status.success());
    let name = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "ppm"))
        .expect("a rendered page");
    let ppm = std::fs::read(&name).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    // P6 header: "P6\n<w> <h>\n255\n".
    let text = String::from_utf8_lossy(&ppm[..20]).into_owned();
    let mut fields = text.split_ascii_whitespace();
    assert_eq!(fields.next(), Some("P6"));
    let w: usize = fields.next().unwrap().parse().unwrap();
    let h: usize = fields.next().unwrap().parse().unwrap();
    let pixels = &ppm[ppm.len() - w * h * 3..];
    assert_eq!(h, pages.pages[1].height.ceil() as usize);
    let at = |x: f32, y: f32| {
        let k = (y as usize * w + x as usize) * 3;
        [pixels[k], pixels[k + 1], pixels[k + 2]]
    };
    let close = |got: [u8; 3], want: [u8; 3], what: &str| {
        let d = got
            .iter()
            .zip(want)
            .map(|(a, b)| a.abs_diff(b))
            .max()
            .unwrap_or(0);
        assert!(d <= 40, "{what}: {got:?}, expected about {want:?}");
    };
    close(at(150.0, 250.0), [220, 20, 30], "photo, left half");
    close(at(330.0, 250.0), [20, 40, 210], "photo, right half");
    close(at(130.0, 440.0), [20, 180, 40], "PNG, opaque half");
    close(at(230.0, 440.0), [255, 255, 255], "PNG, clear half");
    let red = at(330.0, 432.0);
    assert!(
        red[0] > 180 && red[1] < 90 && red[2] < 90,
        "CMYK red shows as {red:?}"
    );
    let cyan = at(400.0, 432.0);
    assert!(cyan[0] < 90 && cyan[2] > 180, "CMYK cyan shows as {cyan:?}");
}

/// An issue with a JPEG figure in an article, laid out by layout (not placed by hand):
/// the PDF draws the image XObject at the laid-out box inside the text block, its
/// stream is the JPEG file byte for byte, and the caption reads back as text.
#[test]
fn a_laid_out_jpeg_figure_is_drawn_at_its_box_with_the_file_untouched() {
    use jianbao::model::{Figure, FigureWidth};
    let book = FontBook::bundled();
    let mut issue = Issue::sample();
    let style = issue.style.clone().unwrap_or_default();
    // 1,400 pixels across the 156 mm measure: about 230 dpi, under the 300 dpi limit,
    // so the file must go in as it is.
    let photo = pictures::jpeg(&pictures::red_blue(1400, 933));
    let id = issue.add_picture(photo.clone(), "会场.jpg").unwrap();
    let mut figure = Figure::single(id, "图为会员单位代表在交流会上发言");
    figure.width = FigureWidth::Full;
    issue.sections[1].articles[0]
        .blocks
        .insert(1, Block::Figure(figure));
    let pages = layout::layout(&issue, &style, &book);
    let laid: Vec<(usize, layout::PlacedPicture)> = (pages.pages.iter().enumerate())
        .flat_map(|(n, p)| p.pictures().map(move |x| (n + 1, x.clone())))
        .collect();
    assert_eq!(laid.len(), 1, "one picture laid out");
    let (page_no, placed) = &laid[0];
    let page = &pages.pages[page_no - 1];
    let [l, t, w, h] = placed.rect;
    let [bl, bt, bw, bh] = page.text_block;
    assert!(l >= bl - 0.01 && t >= bt - 0.01 && l + w <= bl + bw + 0.01 && t + h <= bt + bh + 0.01);
    assert!((w - style.text_width().0).abs() < 0.01, "full measure");
    assert!((h / w - 933.0 / 1400.0).abs() < 1e-3, "aspect kept");
    assert!(
        !pages
            .warnings
            .iter()
            .any(|w| w.code.starts_with("picture-")),
        "{:?}",
        pages.warnings
    );

    let pdf = jianbao::pdf::export(&pages, &issue, &book).expect("export works");
    let doc = Document::load_mem(&pdf).expect("the PDF reads back");
    let drawn = images_drawn(&doc);
    assert_eq!(drawn.len(), 1, "{drawn:#?}");
    let d = &drawn[0];
    assert_eq!(d.page, *page_no);
    let want = [w, h, l, page.height - t - h];
    for (got, want) in d.placed.iter().zip(want) {
        assert!(
            (got - want).abs() < 0.01,
            "drawn at {:?}, laid out {want:?}",
            d.placed
        );
    }
    assert_eq!(dict_name(&d.dict, "Filter"), "DCTDecode");
    assert_eq!(dict_num(&d.dict, "Width"), 1400.0);
    assert!(
        d.content == photo,
        "the JPEG stream is the file, byte for byte"
    );

    // The caption is text under the picture on the same page.
    let (_, read) = read_pdf(&pdf);
    let text: String = page_lines(&read[page_no - 1])
        .iter()
        .map(|line| line.iter().map(|g| g.text.as_str()).collect::<String>())
        .collect();
    assert!(
        squash(&text).contains("图为会员单位代表在交流会上发言"),
        "{text}"
    );
}
