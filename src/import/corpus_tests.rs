//! Measures import on the corpus in `tests/corpus/` (articles in the forms editors
//! paste, each with the structure it must come back as) and on generated articles
//! rendered into those forms. Both fail below the targets of issue 11: 98 % of
//! paragraphs exact, every title, 95 % of bylines, every list row.

use super::articles_from_file;
use crate::model::{Article, AttributionKind, AwardRow, Block};
use std::path::{Path, PathBuf};

/// The structure an imported article must have.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Expected {
    pub title: String,
    pub subtitle: Option<String>,
    /// (kind, text): kind is "p" or "intro".
    pub blocks: Vec<(String, String)>,
    pub categories: Vec<(String, Vec<AwardRow>)>,
    pub byline: Option<AttributionKind>,
}

/// Reads an `.expect` file: `# key: value` headers (how the source was rendered) and
/// lines `title …`, `subtitle …`, `p …`, `intro …`, `cat …`, `row name | org |
/// award`, `org …`, `byline author NAME…` / `byline source TEXT`.
pub(crate) fn parse_expect(text: &str) -> Expected {
    let mut e = Expected::default();
    for line in text.lines() {
        // A text box's paragraph (written once in the document, read once).
        if let Some(text) = line.strip_prefix("# textbox:") {
            e.blocks.push(("p".into(), text.trim().to_string()));
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
        match kind {
            "title" => e.title = rest.to_string(),
            "subtitle" => e.subtitle = Some(rest.to_string()),
            "p" | "intro" => e.blocks.push((kind.to_string(), rest.to_string())),
            "cat" => e.categories.push((rest.to_string(), Vec::new())),
            "row" | "org" => {
                if e.categories.is_empty() {
                    e.categories.push(("获奖名单".into(), Vec::new()));
                }
                let row = if kind == "org" {
                    AwardRow::Org {
                        org: rest.to_string(),
                    }
                } else {
                    let mut cols = rest.split('|').map(str::trim);
                    AwardRow::Person {
                        name: cols.next().unwrap_or_default().to_string(),
                        org: cols.next().unwrap_or_default().to_string(),
                        award: cols.next().unwrap_or_default().to_string(),
                    }
                };
                if let Some(c) = e.categories.last_mut() {
                    c.1.push(row);
                }
            }
            // A notice's signature: body and date, kept as one source note.
            "sig" => {
                let (body, date) = rest.split_once('|').unwrap_or((rest, ""));
                e.byline = Some(AttributionKind::Source {
                    text: format!("{}\u{3000}{}", body.trim(), date.trim()),
                });
            }
            "byline" => {
                let (k, v) = rest.split_once(' ').unwrap_or((rest, ""));
                e.byline = Some(if k == "author" {
                    AttributionKind::Author {
                        names: v.split_whitespace().map(str::to_string).collect(),
                    }
                } else {
                    AttributionKind::Source {
                        text: v.to_string(),
                    }
                });
            }
            _ => {}
        }
    }
    e
}

/// Counts of what came back right, out of how many.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Score {
    pub paragraphs: (usize, usize),
    pub titles: (usize, usize),
    pub bylines: (usize, usize),
    pub rows: (usize, usize),
    pub categories: (usize, usize),
}

impl Score {
    pub fn add(&mut self, o: Score) {
        for (a, b) in [
            (&mut self.paragraphs, o.paragraphs),
            (&mut self.titles, o.titles),
            (&mut self.bylines, o.bylines),
            (&mut self.rows, o.rows),
            (&mut self.categories, o.categories),
        ] {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    pub fn rate(part: (usize, usize)) -> f64 {
        if part.1 == 0 {
            1.0
        } else {
            part.0 as f64 / part.1 as f64
        }
    }

    pub fn report(&self, what: &str) -> String {
        let pct = |p: (usize, usize)| format!("{}/{} ({:.1} %)", p.0, p.1, 100.0 * Self::rate(p));
        format!(
            "{what}: paragraphs exact {}, titles {}, bylines {}, list rows {}, categories {}",
            pct(self.paragraphs),
            pct(self.titles),
            pct(self.bylines),
            pct(self.rows),
            pct(self.categories)
        )
    }

    /// The targets of issue 11.
    pub fn meets_targets(&self) -> bool {
        Self::rate(self.paragraphs) >= 0.98
            && Self::rate(self.titles) >= 1.0
            && Self::rate(self.bylines) >= 0.95
            && Self::rate(self.rows) >= 1.0
    }
}

/// Removes from `pool` the first element equal to `x`; whether there was one.
fn take<T: PartialEq>(pool: &mut Vec<T>, x: &T) -> bool {
    match pool.iter().position(|p| p == x) {
        Some(k) => {
            pool.remove(k);
            true
        }
        None => false,
    }
}

/// Scores imported articles against the expected structure; `misses` collects what
/// went wrong, for the failure message.
pub(crate) fn score(got: &[Article], want: &Expected, misses: &mut Vec<String>) -> Score {
    let mut s = Score::default();
    let first = got.first();
    // Titles and subtitles: the first article's.
    let title = first.map(|a| a.title.as_str()).unwrap_or("");
    s.titles.1 += 1;
    if title == want.title {
        s.titles.0 += 1;
    } else {
        misses.push(format!("title: got {title:?}, want {:?}", want.title));
    }
    let subtitle = first.and_then(|a| a.subtitle.clone());
    if want.subtitle.is_some() || subtitle.is_some() {
        s.titles.1 += 1;
        if subtitle == want.subtitle {
            s.titles.0 += 1;
        } else {
            misses.push(format!(
                "subtitle: got {subtitle:?}, want {:?}",
                want.subtitle
            ));
        }
    }
    // Paragraphs and intros of all articles (a wrongly split article loses the
    // paragraphs that became titles).
    let mut pool: Vec<(String, String)> = Vec::new();
    let mut rows: Vec<(String, AwardRow)> = Vec::new();
    let mut cats: Vec<String> = Vec::new();
    for (k, a) in got.iter().enumerate() {
        if k > 0 && !a.title.is_empty() {
            pool.push(("p".into(), a.title.clone()));
        }
        for b in &a.blocks {
            match b {
                Block::Paragraph { text } => pool.push(("p".into(), text.clone())),
                Block::ListIntro { text } => pool.push(("intro".into(), text.clone())),
                Block::Figure(_) => {}
                Block::AwardList { categories } => {
                    for c in categories {
                        cats.push(c.name.clone());
                        rows.extend(c.rows.iter().map(|r| (c.name.clone(), r.clone())));
                    }
                }
                Block::Table(_) => pool.push(("table".into(), String::new())),
            }
        }
    }
    let extra_before = pool.clone();
    for b in &want.blocks {
        s.paragraphs.1 += 1;
        if take(&mut pool, b) {
            s.paragraphs.0 += 1;
        } else {
            misses.push(format!("paragraph missing: {} {}", b.0, b.1));
        }
    }
    if !pool.is_empty() && extra_before.len() != want.blocks.len() {
        for p in &pool {
            misses.push(format!("paragraph extra: {} {}", p.0, p.1));
        }
    }
    for (name, want_rows) in &want.categories {
        s.categories.1 += 1;
        if take(&mut cats, name) {
            s.categories.0 += 1;
        } else {
            misses.push(format!("category missing: {name} (got {cats:?})"));
        }
        for r in want_rows {
            s.rows.1 += 1;
            if take(&mut rows, &(name.clone(), r.clone())) {
                s.rows.0 += 1;
            } else {
                misses.push(format!("row missing: {name} {r:?}"));
            }
        }
    }
    for r in &rows {
        misses.push(format!("row extra: {r:?}"));
    }
    // Bylines: every expected one, and every one found where none was written.
    let got_byline = got
        .iter()
        .filter_map(|a| a.attribution.as_ref())
        .map(|a| a.kind.clone())
        .next();
    if want.byline.is_some() || got_byline.is_some() {
        s.bylines.1 += 1;
        if got_byline == want.byline {
            s.bylines.0 += 1;
        } else {
            misses.push(format!(
                "byline: got {got_byline:?}, want {:?}",
                want.byline
            ));
        }
    }
    s
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Scores every source in `dir` that has an `.expect` file beside it.
fn score_dir(dir: &Path) -> (Score, Vec<String>, usize) {
    let mut total = Score::default();
    let mut report = Vec::new();
    let mut files = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the corpus folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "expect"))
        .collect();
    entries.sort();
    for expect in entries {
        let want = parse_expect(&std::fs::read_to_string(&expect).expect("expect file"));
        let source = ["txt", "html", "htm", "docx"]
            .iter()
            .map(|x| expect.with_extension(x))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no source beside {}", expect.display()));
        let bytes = std::fs::read(&source).expect("source file");
        let got = match articles_from_file(&bytes) {
            Ok((articles, _)) => articles,
            Err(e) => {
                report.push(format!("{}: import failed: {e}", source.display()));
                Vec::new()
            }
        };
        let mut misses = Vec::new();
        let s = score(&got, &want, &mut misses);
        files += 1;
        if !misses.is_empty() {
            let name = source.file_name().map(|n| n.to_string_lossy().to_string());
            report.push(format!(
                "{}:\n  {}",
                name.unwrap_or_default(),
                misses.join("\n  ")
            ));
        }
        total.add(s);
    }
    (total, report, files)
}

#[test]
fn corpus_scores_meet_the_targets() {
    let (score, report, files) = score_dir(&corpus_dir());
    assert!(files >= 20, "the corpus has {files} articles");
    let line = score.report(&format!("corpus ({files} articles)"));
    eprintln!("{line}");
    assert!(score.meets_targets(), "{line}\n{}", report.join("\n"));
}

/// Articles in forms the rules were not written from (`held-out/`; the `m…` files
/// were written by hand as the sources themselves, see the corpus README).
#[test]
fn held_out_corpus_scores_meet_the_targets() {
    let (score, report, files) = score_dir(&corpus_dir().join("held-out"));
    assert!(files >= 19, "the held-out set has {files} articles");
    let line = score.report(&format!("held-out corpus ({files} articles)"));
    eprintln!("{line}");
    assert!(score.meets_targets(), "{line}\n{}", report.join("\n"));
}

/// A small deterministic random source (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const ORGS: [&str; 12] = [
    "省通信管理局",
    "市通信行业协会",
    "晋中移动",
    "运城电信",
    "大同联通",
    "长治铁塔",
    "忻州广电网络",
    "省邮政分公司",
    "太原移动",
    "吕梁电信",
    "临汾联通",
    "协会秘书处",
];
const DOINGS: [&str; 12] = [
    "召开安全生产工作会议",
    "开展防汛应急通信演练",
    "举办网络安全技能培训班",
    "完成农村千兆光网改造",
    "启动“5G+智慧矿山”应用推广",
    "开展反诈宣传进社区活动",
    "组织职业技能竞赛",
    "部署夏季网络保障工作",
    "推进IPv6规模部署",
    "建成全市首个算力中心",
    "开展服务质量提升行动",
    "召开信息宣传工作座谈会",
];
const OPENERS: [&str; 8] = [
    "近日，",
    "6月18日，",
    "今年以来，",
    "为进一步提升服务水平，",
    "据统计，",
    "会议指出，",
    "活动期间，",
    "下一步，",
];
const CLAUSES: [&str; 16] = [
    "各单位认真落实工作部署",
    "全市新建5G基站1200个",
    "累计培训员工3600人次",
    "检查组深入20个机房查看消防设施运行情况",
    "公司组织32支施工队伍分片包干、倒排工期",
    "网络平均时延由43毫秒降低至5.7毫秒",
    "用户满意度达到98.6%",
    "专家围绕《数据安全法》进行了解读",
    "与会人员就“如何提升网格产能”进行了深入交流",
    "项目总投资约3.8亿元",
    "发现并整改问题隐患47处",
    "各企业要强化责任担当（含外包单位）",
    "群众下载安装“国家反诈中心”APP12.6万人次",
    "要坚持问题导向，狠抓工作落实",
    "应急通信车4台、卫星电话20部全部到位",
    "SRv6、网络切片等新技术得到应用",
];
const ENDS: [&str; 4] = ["。", "。", "；", "！"];
const NAMES: [&str; 14] = [
    "王婧",
    "李明",
    "张小凡",
    "赵敏",
    "刘洋",
    "陈思远",
    "杨帆",
    "周凯",
    "吴静",
    "郑伟",
    "孙悦",
    "马丽",
    "韩冰",
    "何晓东",
];
/// Bodies that sign notices.
const SIGNING_BODIES: [&str; 5] = [
    "山西省通信行业协会",
    "某某市通信管理局",
    "中国移动通信集团山西有限公司晋中分公司",
    "省通信行业协会秘书处",
    "长治铁塔",
];
const AWARDS: [&str; 6] = [
    "一等奖",
    "二等奖",
    "三等奖",
    "优秀信息员",
    "金牌客服",
    "优秀奖",
];
const CATEGORIES: [&str; 6] = ["光缆接续", "网络运维", "信息安全", "书法", "摄影", "个人赛"];
const UNITS: [&str; 6] = [
    "山西移动太原分公司",
    "中国电信晋中分公司",
    "山西联通大同分公司",
    "中国铁塔长治分公司",
    "山西信息规划设计院有限公司",
    "长风信联科技有限公司",
];

/// A random article of realistic parts, and how its byline is written.
fn random_article(rng: &mut Rng) -> (Expected, String) {
    let mut e = Expected {
        title: format!("{}{}", rng.pick(&ORGS), rng.pick(&DOINGS)),
        ..Expected::default()
    };
    if rng.chance(30) {
        e.subtitle = Some(if rng.chance(50) {
            format!("——记{}{}", rng.pick(&ORGS), "一线员工")
        } else {
            format!("{}团队获评先进集体", rng.pick(&ORGS))
        });
    }
    let paragraphs = 2 + rng.below(4);
    let list_at = rng.chance(30).then(|| rng.below(paragraphs));
    for k in 0..paragraphs {
        let mut p = rng.pick(&OPENERS).to_string();
        let sentences = 1 + rng.below(4);
        for s in 0..sentences {
            let clauses = 1 + rng.below(3);
            for c in 0..clauses {
                p.push_str(rng.pick(&CLAUSES));
                p.push_str(if c + 1 < clauses { "，" } else { "" });
            }
            p.push_str(if s + 1 < sentences {
                rng.pick(&ENDS)
            } else {
                "。"
            });
        }
        e.blocks.push(("p".into(), p));
        if list_at == Some(k) {
            e.blocks.push(("intro".into(), "获奖名单如下：".into()));
            for c in 0..1 + rng.below(3) {
                let rows = (0..2 + rng.below(4))
                    .map(|_| AwardRow::Person {
                        name: rng.pick(&NAMES).to_string(),
                        org: rng.pick(&UNITS).to_string(),
                        award: rng.pick(&AWARDS).to_string(),
                    })
                    .collect();
                e.categories.push((CATEGORIES[c * 2 % 6].to_string(), rows));
            }
        }
    }
    let form = if rng.chance(10) {
        // A notice's signature: the issuing body and the date, each on its own line.
        let body = rng.pick(&SIGNING_BODIES);
        let date = if rng.chance(80) {
            format!(
                "20{}年{}月{}日",
                20 + rng.below(10),
                1 + rng.below(12),
                1 + rng.below(28)
            )
        } else {
            "二〇二六年十一月二十日".to_string()
        };
        e.byline = Some(AttributionKind::Source {
            text: format!("{body}\u{3000}{date}"),
        });
        format!("{body}\n{date}")
    } else if rng.chance(15) {
        e.byline = None;
        String::new()
    } else if rng.chance(60) {
        let n = 1 + rng.below(2);
        let names: Vec<String> = (0..n).map(|_| rng.pick(&NAMES).to_string()).collect();
        e.byline = Some(AttributionKind::Author {
            names: names.clone(),
        });
        match rng.below(3) {
            0 => format!("（{}）", names.join("\u{3000}")),
            1 => format!("通讯员\u{3000}{}", names.join("\u{3000}")),
            _ => format!("作者：{}", names.join("、")),
        }
    } else {
        let org = rng.pick(&ORGS);
        let (text, written) = match rng.below(3) {
            0 => (format!("据{org}"), format!("（据{org}）")),
            1 => (format!("{org}供稿"), format!("（{org}供稿）")),
            _ => (format!("来源：{org}"), format!("来源：{org}")),
        };
        e.byline = Some(AttributionKind::Source { text });
        written
    };
    (e, form)
}

/// Hard-wraps `text` at `measure` characters (a text editor's wrap: no line-start
/// rules), the first line after `indent`.
fn hard_wrap(text: &str, measure: usize, indent: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = indent.to_string();
    let mut n = indent.chars().count();
    for c in text.chars() {
        if n >= measure {
            out.push(std::mem::take(&mut line));
            n = 0;
        }
        line.push(c);
        n += 1;
    }
    if !line.trim().is_empty() {
        out.push(line);
    }
    out
}

/// Renders an article into one of the paste forms; returns the file's bytes and the
/// form's name.
fn render(e: &Expected, byline: &str, rng: &mut Rng) -> (Vec<u8>, String) {
    let form = rng.below(6);
    let measure = 20 + rng.below(21);
    let (indent, blank, wrap) = match form {
        0 => ("\u{3000}\u{3000}", false, false), // Word copy
        1 => ("", true, false),                  // web copy
        2 => ("\u{3000}\u{3000}", false, true),  // wrapped, indented
        3 => ("    ", false, true),              // wrapped, space indent
        4 => ("", true, true),                   // wrapped, blank lines
        _ => ("\t", rng.chance(50), true),       // wrapped, tab indent
    };
    // Inline only where the article ends with a paragraph (not after a list).
    let ends_with_paragraph = e.blocks.last().is_some_and(|b| b.0 == "p");
    let inline_byline = byline.starts_with('（') && ends_with_paragraph && rng.chance(40);
    let mut lines: Vec<String> = vec![e.title.clone()];
    if blank || rng.chance(50) {
        lines.push(String::new());
    }
    if let Some(s) = &e.subtitle {
        lines.push(s.clone());
        lines.push(String::new());
    }
    let paragraphs = e.blocks.iter().filter(|b| b.0 == "p").count();
    let mut seen = 0;
    for (kind, text) in &e.blocks {
        if kind == "intro" {
            lines.push(text.clone());
            for (k, (name, rows)) in e.categories.iter().enumerate() {
                lines.push(format!("{}、{name}", ["一", "二", "三"][k % 3]));
                for r in rows {
                    if let AwardRow::Person { name, org, award } = r {
                        let padded: String = if name.chars().count() == 2 {
                            name.chars()
                                .map(String::from)
                                .collect::<Vec<_>>()
                                .join("\u{3000}")
                        } else {
                            name.clone()
                        };
                        lines.push(match rng.below(3) {
                            0 => format!("{name}\t{org}\t{award}"),
                            1 => format!("{padded}\u{3000}{org}\u{3000}{award}"),
                            _ => format!("{name}    {org}    {award}"),
                        });
                    }
                }
            }
            if blank {
                lines.push(String::new());
            }
            continue;
        }
        seen += 1;
        let mut text = text.clone();
        if seen == paragraphs && inline_byline {
            text.push_str(byline);
        }
        if wrap {
            lines.extend(hard_wrap(&text, measure, indent));
        } else {
            lines.push(format!("{indent}{text}"));
        }
        if blank {
            lines.push(String::new());
        }
    }
    if !byline.is_empty() && !inline_byline {
        // A signature is set right, with ideographic or plain spaces, or not at all.
        let pad = match rng.below(3) {
            0 => "\u{3000}".repeat(16),
            1 => " ".repeat(30),
            _ => String::new(),
        };
        for part in byline.split('\n') {
            let pad = if byline.contains('\n') {
                pad.as_str()
            } else {
                ""
            };
            lines.push(format!("{pad}{part}"));
        }
    }
    let eol = ["\n", "\r\n", "\r"][rng.below(3)];
    let text = lines.join(eol) + eol;
    let (bytes, enc) = match rng.below(4) {
        0 => (encoding_rs::GBK.encode(&text).0.into_owned(), "GBK"),
        1 => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            (b, "UTF-16LE")
        }
        _ => (text.into_bytes(), "UTF-8"),
    };
    let name = [
        "Word copy",
        "web copy",
        "wrapped+U+3000",
        "wrapped+spaces",
        "wrapped+blank",
        "wrapped+tab",
    ][form];
    (bytes, format!("{name} at {measure}, {enc}, {eol:?}"))
}

/// Random articles from varied parts, rendered into each paste form, come back as
/// the structure they were made from. `JIANBAO_IMPORT_CASES` sets how many.
#[test]
fn generated_articles_in_every_paste_form_come_back() {
    let cases: usize = std::env::var("JIANBAO_IMPORT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let mut rng = Rng(0x5DEE_CE66_D1CE_F00D);
    let mut total = Score::default();
    let mut failures = Vec::new();
    for case in 0..cases {
        let (want, byline) = random_article(&mut rng);
        let (bytes, form) = render(&want, &byline, &mut rng);
        if std::env::var("JIANBAO_IMPORT_DUMP").is_ok_and(|c| c == case.to_string()) {
            let _ = std::fs::write(std::env::temp_dir().join("jianbao-case.txt"), &bytes);
        }
        let got = match articles_from_file(&bytes) {
            Ok((a, _)) => a,
            Err(e) => panic!("case {case} ({form}) failed to import: {e}"),
        };
        let mut misses = Vec::new();
        total.add(score(&got, &want, &mut misses));
        if !misses.is_empty() && failures.len() < 12 {
            failures.push(format!("case {case} ({form}):\n  {}", misses.join("\n  ")));
        }
    }
    let line = total.report(&format!("generated ({cases} articles)"));
    eprintln!("{line}");
    assert!(total.meets_targets(), "{line}\n{}", failures.join("\n"));
}

/// Prints what a file imports as (`JIANBAO_IMPORT_SHOW=path cargo test show_import`).
#[test]
fn show_import() {
    let Some(path) = std::env::var_os("JIANBAO_IMPORT_SHOW") else {
        return;
    };
    let bytes = std::fs::read(&path).expect("the file");
    if let Ok((text, _)) = super::decode(&bytes) {
        let source = super::lines::text_source(&text);
        eprintln!(
            "wrapped {} measure {} marked {}",
            source.wrapped, source.measure, source.marked
        );
        for l in &source.lines {
            eprintln!(
                "{:5.1} {} {} {:?} {}",
                l.width,
                u8::from(l.starts_paragraph),
                u8::from(l.blank_before),
                l.hint,
                l.text
            );
        }
    }
    eprintln!("{:#?}", articles_from_file(&bytes));
}
