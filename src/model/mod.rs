//! The issue document: what the editor composes, saved as a versioned `.jianbao` JSON file.
//!
//! The tree follows house-format.md §6: masthead data, lead article(s), sections of
//! articles, and the distribution block. It holds content only; how it looks is
//! `style`, where it goes on the page is `layout`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The value of the `"format"` field that marks a file as a jianbao issue.
pub const FORMAT_TAG: &str = "jianbao-issue";
/// The file version this build writes; files with a higher version are refused.
pub const FORMAT_VERSION: u32 = 2;
/// File extension of an issue.
pub const EXTENSION: &str = "jianbao";

/// One issue of the bulletin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Always [`FORMAT_TAG`]; lets us refuse a JSON file of another kind.
    pub format: String,
    /// File version, see [`FORMAT_VERSION`].
    pub version: u32,
    /// Masthead data.
    pub meta: IssueMeta,
    /// Lead article(s) set before the first section, with no section heading.
    #[serde(default)]
    pub front: Vec<Article>,
    /// Sections (栏目) in print order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The 报 / 发 / 送 block at the foot of the last page.
    #[serde(default)]
    pub distribution: Distribution,
    /// A house style saved with this issue; `None` uses the user's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<crate::style::Style>,
}

/// Masthead data (报头).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueMeta {
    /// The bulletin's name, printed large and red: 工作信息, 简报 …
    pub bulletin_name: String,
    /// Year the issue numbering belongs to.
    pub year: i32,
    /// 第X期 (numbered per year; supplements are numbered apart).
    pub issue_no: u32,
    /// Optional running total, printed （总第Y期）.
    #[serde(default)]
    pub total_no: Option<u32>,
    /// A supplement (增刊) prints 增刊第X期.
    #[serde(default)]
    pub supplement: bool,
    /// The editing organisation printed left under the issue line.
    pub editor_org: String,
    /// Date printed right under the issue line, as 2021年9月30日.
    pub date: Date,
    /// Optional classification mark in the top-left corner (内部资料 注意保存 …).
    #[serde(default)]
    pub classification: Option<String>,
}

impl IssueMeta {
    /// The issue line under the masthead, 第X期（总第Y期） or 增刊第X期: one wording
    /// for the PDF, the Word file and the web page.
    pub fn issue_line(&self) -> String {
        let mut line = if self.supplement {
            format!("增刊第{}期", self.issue_no)
        } else {
            format!("第{}期", self.issue_no)
        };
        if let Some(total) = self.total_no {
            line.push_str(&format!("（总第{total}期）"));
        }
        line
    }
}

/// A calendar date without time zone, stored as `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A checked date: refuses month 13 or 30 February.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().split('-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        if it.next().is_some() {
            return None;
        }
        Date::new(y, m, d)
    }

    /// Today's date where the user is (the system's time zone), for a new issue's
    /// masthead: in China the day starts eight hours before UTC's, so a UTC date is
    /// yesterday's every morning and misses New Year's Day.
    pub fn today() -> Date {
        Date::local(std::time::SystemTime::now(), &jiff::tz::TimeZone::system())
    }

    /// The calendar date of `instant` in `zone` (what [`Date::today`] reads, with the
    /// clock and the zone given, so it can be tested).
    pub fn local(instant: std::time::SystemTime, zone: &jiff::tz::TimeZone) -> Date {
        let stamp = jiff::Timestamp::try_from(instant).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let date = zone.to_datetime(stamp).date();
        Date {
            year: i32::from(date.year()),
            month: u32::from(date.month().unsigned_abs()),
            day: u32::from(date.day().unsigned_abs()),
        }
    }

    /// Days since 1970-01-01 (the inverse of [`Date::from_days`]), for distances
    /// between dates.
    pub fn days_since_epoch(&self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (H. Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The printed form, without zero padding (GB/T 9704 7.3.5.4): 2021年9月30日.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("“{s}” is not a date of the form YYYY-MM-DD"))
        })
    }
}

/// A section (栏目), printed as 【label】.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The bare label, e.g. 高层信息; the brackets are added when printing.
    pub label: String,
    pub articles: Vec<Article>,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The title; a `\n` is a line break the editor forced.
    pub title: String,
    /// Optional subtitle (副题).
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Body content in order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Byline or source note; `None` when the article has none.
    #[serde(default)]
    pub attribution: Option<Attribution>,
}

impl Article {
    /// Title lines as the editor forced them (at least one).
    pub fn title_lines(&self) -> Vec<&str> {
        self.title
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// A block of article content. Tagged by `"type"` so new kinds (an image) can be added
/// without breaking older files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A body paragraph, indented 2 em and justified.
    Paragraph { text: String },
    /// The line that introduces a list, such as 获奖作者名单：
    ListIntro { text: String },
    /// A prize-winner list with numbered categories.
    AwardList { categories: Vec<AwardCategory> },
}

/// A category of an award list, printed with its ordinal: 一、书法.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwardCategory {
    /// Category name without ordinal, e.g. 书法.
    pub name: String,
    pub rows: Vec<AwardRow>,
}

/// One row of an award list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AwardRow {
    /// A person: name (stored without padding spaces), organisation, award.
    Person {
        name: String,
        org: String,
        award: String,
    },
    /// An organisation alone (组织奖).
    Org { org: String },
}

/// Who wrote the article or where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    #[serde(flatten)]
    pub kind: AttributionKind,
    /// Where the note goes; see [`Placement`].
    #[serde(default)]
    pub placement: Placement,
}

/// Author byline or source note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AttributionKind {
    /// Author names, printed （王婧） or （张俊清　张梦梦）.
    Author { names: Vec<String> },
    /// A source, stored with its leading 据: （据国资网）.
    Source { text: String },
}

impl Attribution {
    /// The printed note with its full-width parentheses.
    pub fn printed(&self) -> String {
        match &self.kind {
            AttributionKind::Author { names } => format!("（{}）", names.join("\u{3000}")),
            AttributionKind::Source { text } => format!("（{text}）"),
        }
    }

    /// Source notes always take their own line when placement is automatic (§3.6).
    pub fn is_source(&self) -> bool {
        matches!(self.kind, AttributionKind::Source { .. })
    }
}

/// Placement of an attribution (house-format.md §3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Author bylines inline when they fit with 1 em of gap, source notes on their own line.
    #[default]
    Auto,
    /// Right-aligned on the last line of the text when it fits.
    Inline,
    /// Right-aligned on a line of its own.
    OwnLine,
}

/// The distribution block (版记): 报 / 发 / 送 lines, extras and print count.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Distribution {
    /// Labelled lines in the order they are stored; the style may reorder them.
    #[serde(default)]
    pub lines: Vec<RecipientLine>,
    /// Optional 本期增发 recipients.
    #[serde(default)]
    pub extra: Vec<String>,
    /// Optional print count, printed （共印X份）.
    #[serde(default)]
    pub print_count: Option<u32>,
}

impl Distribution {
    /// True when there is nothing to print.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.groups.iter().all(|g| g.is_empty()))
            && self.extra.is_empty()
            && self.print_count.is_none()
    }
}

impl Distribution {
    /// The labelled lines as printed: in the style's `order` (labels it does not name
    /// keep their place after), empty groups and lines left out, 本期增发 last. Each
    /// line is its label and its groups of names (each group starts a printed line).
    pub fn ordered(&self, order: &[String]) -> Vec<(String, Vec<Vec<String>>)> {
        let mut lines: Vec<&RecipientLine> = Vec::new();
        for label in order {
            lines.extend(self.lines.iter().filter(|l| &l.label == label));
        }
        lines.extend(self.lines.iter().filter(|l| !order.contains(&l.label)));
        let mut out: Vec<(String, Vec<Vec<String>>)> = lines
            .into_iter()
            .filter(|l| l.groups.iter().any(|g| !g.is_empty()))
            .map(|l| {
                let groups = l.groups.iter().map(|g| g.names.clone()).collect();
                (l.label.clone(), groups)
            })
            .collect();
        if !self.extra.is_empty() {
            out.push(("本期增发".to_string(), vec![self.extra.clone()]));
        }
        out
    }
}

/// One labelled line of the distribution block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecipientLine {
    /// 报, 发, 送 or 抄送; printed with a full-width colon.
    pub label: String,
    /// Recipient groups; each group starts a new printed line.
    pub groups: Vec<RecipientGroup>,
}

/// Recipients printed together, in order. The issue keeps its own copy of the names:
/// `from` only remembers which address-book group they were picked from, so the editor
/// can show when the address book has changed since (and never changes an issue itself).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "GroupRepr")]
pub struct RecipientGroup {
    pub names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
}

impl RecipientGroup {
    pub fn new(names: Vec<String>) -> RecipientGroup {
        RecipientGroup { names, from: None }
    }
    pub fn is_empty(&self) -> bool {
        self.names.iter().all(|n| n.trim().is_empty())
    }
}

/// A group as stored: version 1 files hold a plain list of names.
#[derive(Deserialize)]
#[serde(untagged)]
enum GroupRepr {
    Names(Vec<String>),
    Group {
        names: Vec<String>,
        #[serde(default)]
        from: Option<String>,
    },
}

impl From<GroupRepr> for RecipientGroup {
    fn from(r: GroupRepr) -> RecipientGroup {
        match r {
            GroupRepr::Names(names) => RecipientGroup { names, from: None },
            GroupRepr::Group { names, from } => RecipientGroup { names, from },
        }
    }
}

/// Why an issue file could not be read. Every variant names the file.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// Not JSON, or JSON that does not match the issue format.
    Syntax {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A JSON file of another kind.
    WrongType { path: String, found: String },
    /// Written by a newer jianbao.
    TooNew { path: String, version: u32 },
    /// Larger than any issue can be (see [`MAX_ISSUE_FILE_BYTES`]).
    TooLarge { path: String, bytes: u64 },
    /// A directory, FIFO, device or socket given as an issue.
    NotAFile {
        path: String,
        kind: crate::store::FileKind,
    },
    /// The issue's own style holds numbers outside their ranges: laying it out would
    /// give pages off the paper or lines on top of each other, so it is refused whole,
    /// with every field named so a hand-edited file is fixed in one go.
    Style {
        path: String,
        errors: Vec<crate::style::StyleError>,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => write!(f, "cannot read {path}: {source}"),
            LoadError::NotAFile { path, kind } => write!(
                f,
                "{path} is {}, not an issue file; nothing was read",
                kind.en()
            ),
            LoadError::Syntax {
                path,
                line,
                column,
                message,
            } => write!(
                f,
                "{path}: line {line}, column {column}: {message}"
            ),
            LoadError::WrongType { path, found } => write!(
                f,
                "{path} is not a jianbao issue (its \"format\" is {found}, expected \"{FORMAT_TAG}\")"
            ),
            LoadError::TooLarge { path, bytes } => write!(
                f,
                "{path}: the file is {} MB, too large for an issue (the limit is {} MB; a long issue is a few MB); it was not read",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(MAX_ISSUE_FILE_BYTES)
            ),
            LoadError::Style { path, errors } => {
                let all: Vec<String> = errors.iter().map(|e| e.en_in(path)).collect();
                write!(
                    f,
                    "{path}: the issue's style is not usable, so it was not opened: {}",
                    all.join("; ")
                )
            }
            LoadError::TooNew { path, version } => write!(
                f,
                "{path} was written by a newer jianbao (file version {version}, this program reads up to {FORMAT_VERSION}); update jianbao to open it"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// The same error in Chinese, for the editor's message box.
    pub fn chinese(&self) -> String {
        match self {
            LoadError::Io { path, source } => format!("无法读取文件 {path}：{source}"),
            LoadError::NotAFile { path, kind } => {
                format!("{path} 是{}，不是简报文件，未读取", kind.zh())
            }
            LoadError::Syntax {
                path,
                line,
                column,
                message,
            } => format!("文件 {path} 已损坏或格式不对：第 {line} 行第 {column} 列，{message}"),
            LoadError::WrongType { path, found } => {
                format!("{path} 不是简报文件（format 为 {found}）")
            }
            LoadError::TooLarge { path, bytes } => format!(
                "文件 {path} 有 {} MB，太大，不像简报文件（上限 {} MB，很长的一期也只有几 MB），未读取",
                crate::store::megabytes(*bytes),
                crate::store::megabytes(MAX_ISSUE_FILE_BYTES)
            ),
            LoadError::Style { path, errors } => {
                let all: Vec<String> = errors.iter().map(|e| e.chinese()).collect();
                format!("{path} 的版式数值不可用，未打开：{}", all.join("；"))
            }
            LoadError::TooNew { path, version } => format!(
                "{path} 由更新版本的简报编排保存（文件版本 {version}，本程序最高支持 {FORMAT_VERSION}），请升级后再打开"
            ),
        }
    }
}

/// The largest issue file read: the sample is 60 KB and its body set 120 times over
/// (about a million characters, 1,977 pages) is 4.6 MB, so this leaves room for any
/// real issue, while an issue of this size in the shapes layout finds hardest (one
/// glyph per byte, one word of the whole file) still lays out and exports within 1 GB
/// and 10 s on two cores (measured: 16 MB of Latin text peaked at 1.01 GB; 64 MB at
/// 3.5 GB; see the test `the_largest_accepted_issue_lays_out_within_1_gb_and_10_s`).
pub const MAX_ISSUE_FILE_BYTES: u64 = 10 << 20;

impl Issue {
    /// An empty issue with the given masthead.
    pub fn new(meta: IssueMeta) -> Issue {
        Issue {
            format: FORMAT_TAG.to_string(),
            version: FORMAT_VERSION,
            meta,
            front: Vec::new(),
            sections: Vec::new(),
            distribution: Distribution::default(),
            style: None,
        }
    }

    /// The built-in sample issue (the seed issue of autumn 2021), embedded in the binary.
    pub fn sample() -> Issue {
        // The sample is checked by tests; failing here would be a build defect, not user input.
        Issue::from_json(SAMPLE_JSON, "sample.jianbao").expect("the embedded sample issue is valid")
    }

    /// Parses an issue from JSON text; `path` is only used in error messages.
    pub fn from_json(text: &str, path: &str) -> Result<Issue, LoadError> {
        // A byte-order mark is what Windows Notepad puts before UTF-8 (twice, when a
        // file was saved through two programs); it is not content.
        let text = text.trim_start_matches('\u{feff}');
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| syntax(path, &e))?;
        let format = value
            .get("format")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        if format.as_str() != Some(FORMAT_TAG) {
            return Err(LoadError::WrongType {
                path: path.to_string(),
                found: crate::quote::text(&format.to_string()),
            });
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(FORMAT_VERSION) {
            return Err(LoadError::TooNew {
                path: path.to_string(),
                version: u32::try_from(version).unwrap_or(u32::MAX),
            });
        }
        // Parse the text again (not the Value) so errors carry line and column.
        let mut issue = serde_json::from_str::<Issue>(text).map_err(|e| syntax(path, &e))?;
        // A field this version does not know would be dropped silently by the next save,
        // so it is named instead (a typo such as "subtitel", or another program's data).
        let kept = serde_json::to_value(&issue).unwrap_or(serde_json::Value::Null);
        let mut dropped = Vec::new();
        dropped_fields(&value, &kept, "", &mut dropped);
        if let Some((key, place)) = dropped.first() {
            let (line, column) = key_position(text, key);
            return Err(LoadError::Syntax {
                path: path.to_string(),
                line,
                column,
                message: format!(
                    "unknown field `{}` in {}; this version of jianbao does not read it and would drop it on saving",
                    crate::quote::text(key),
                    crate::quote::message(place)
                ),
            });
        }
        if let Some(Err(errors)) = issue.style.as_ref().map(crate::style::Style::validate) {
            return Err(LoadError::Style {
                path: path.to_string(),
                errors,
            });
        }
        // Older files are read into the current model and saved in the current version.
        issue.version = FORMAT_VERSION;
        Ok(issue)
    }

    /// Reads an issue file.
    pub fn load(path: &std::path::Path) -> Result<Issue, LoadError> {
        let shown = crate::quote::path(path);
        // Refused before reading (parsing takes several times a file's size in memory),
        // and stopped at the limit if the file turns out longer than it said.
        let bytes =
            crate::store::read_bounded(path, MAX_ISSUE_FILE_BYTES).map_err(|e| match e {
                crate::store::ReadError::NotAFile(kind) => LoadError::NotAFile {
                    path: shown.clone(),
                    kind,
                },
                crate::store::ReadError::TooLarge { bytes, .. } => LoadError::TooLarge {
                    path: shown.clone(),
                    bytes,
                },
                crate::store::ReadError::Io(source) => LoadError::Io {
                    path: shown.clone(),
                    source,
                },
            })?;
        if let Some(what) = other_kind(&bytes) {
            return Err(LoadError::Syntax {
                path: shown,
                line: 1,
                column: 1,
                message: what.to_string(),
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| not_utf8(&shown, e))?;
        Issue::from_json(&text, &shown)
    }

    /// Pretty JSON as saved on disk.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The next issue (新建下一期): 第X期 and 总第Y期 one higher (第X期 starts again at 1
    /// in a new year), dated `today`; masthead, sections, distribution and style kept;
    /// the articles emptied. After a 增刊 the next issue is the next 增刊 (supplements
    /// are numbered in their own series): an editor making a run of supplements asks
    /// for the next one; a regular issue is one click away (the 增刊 box).
    pub fn next_issue(&self, today: Date) -> Issue {
        let mut next = self.clone();
        next.meta.issue_no = if today.year > self.meta.year {
            1
        } else {
            self.meta.issue_no + 1
        };
        next.meta.year = today.year;
        next.meta.total_no = self.meta.total_no.map(|t| t + 1);
        next.meta.date = today;
        next.front.clear();
        for section in &mut next.sections {
            section.articles.clear();
        }
        next
    }

    /// The issue's body set `n` times over, for measuring speed and limits at scale
    /// (benchmarks, `--repeat`): copy 1 is the issue itself; each further copy appends
    /// every section again, with that copy's lead articles at the start of its first
    /// section. Masthead and distribution appear once.
    pub fn repeated(&self, n: usize) -> Issue {
        let mut out = self.clone();
        for _ in 1..n {
            let mut copy = self.sections.clone();
            match copy.first_mut() {
                Some(first) => {
                    let mut articles = self.front.clone();
                    articles.append(&mut first.articles);
                    first.articles = articles;
                }
                None => copy.push(Section {
                    label: String::new(),
                    articles: self.front.clone(),
                }),
            }
            out.sections.append(&mut copy);
        }
        out
    }

    /// Every article in print order: lead articles, then each section's.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.front
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.articles.iter()))
    }

    /// The default file name for this issue, e.g. `2021年第9期`.
    pub fn default_stem(&self) -> String {
        let supp = if self.meta.supplement { "增刊" } else { "" };
        format!("{}年{}第{}期", self.meta.year, supp, self.meta.issue_no)
    }
}

/// What a file given as an issue is when its first bytes say it is no JSON text at all
/// (JSON never starts with these), so the message names it: opening the exported PDF
/// instead of the issue is an easy slip.
fn other_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| bytes.starts_with(sig);
    Some(if starts(b"%PDF") {
        "this is a PDF document, not a jianbao issue"
    } else if starts(b"\x89PNG") {
        "this is a PNG image, not a jianbao issue"
    } else if starts(b"\xFF\xD8\xFF") {
        "this is a JPEG image, not a jianbao issue"
    } else if starts(b"PK\x03\x04") {
        "this is a zip archive (a Word .docx or another Office file), not a jianbao issue"
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "this is an old Office document (.doc, .wps, .xls), not a jianbao issue"
    } else if starts(&[0xFF, 0xFE])
        || starts(&[0xFE, 0xFF])
        || bytes.iter().take(2).any(|&b| b == 0)
    {
        "this is text saved as UTF-16; jianbao issues are UTF-8 (save it as UTF-8)"
    } else {
        return None;
    })
}

/// The error for bytes that are not UTF-8, with the place of the first bad byte and
/// the likely cause (a file cut off mid-character, or text saved as GBK).
fn not_utf8(path: &str, e: std::string::FromUtf8Error) -> LoadError {
    let bytes = e.as_bytes();
    let at = e.utf8_error().valid_up_to();
    // The valid prefix gives the line and column (in characters) of the bad byte.
    let good = String::from_utf8_lossy(&bytes[..at]);
    let line = good.matches('\n').count() + 1;
    let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let message = if e.utf8_error().error_len().is_none() {
        "the file ends in the middle of a character: it was cut off (not saved completely?)"
            .to_string()
    } else if !encoding_rs::GB18030.decode_without_bom_handling(bytes).1 {
        "not UTF-8 text: this looks like text saved as GBK/GB18030 (save it as UTF-8)".to_string()
    } else {
        format!("not UTF-8 text (invalid byte 0x{:02X})", bytes[at])
    };
    LoadError::Syntax {
        path: path.to_string(),
        line,
        column,
        message,
    }
}

/// Fields of `read` (the file) missing from `kept` (the issue as it would be saved), as
/// (key, place). Only objects are compared, and arrays of equal length element by
/// element (a version 1 name list becomes an object and is not compared); a null value
/// holds nothing to lose.
fn dropped_fields(
    read: &serde_json::Value,
    kept: &serde_json::Value,
    place: &str,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match (read, kept) {
        (Value::Object(r), Value::Object(k)) => {
            for (key, v) in r {
                let here = if place.is_empty() {
                    key.clone()
                } else {
                    format!("{place}.{key}")
                };
                match k.get(key) {
                    Some(kv) => dropped_fields(v, kv, &here, out),
                    None if !v.is_null() => out.push((
                        key.clone(),
                        if place.is_empty() { "the issue" } else { place }.to_string(),
                    )),
                    None => {}
                }
            }
        }
        (Value::Array(r), Value::Array(k)) if r.len() == k.len() => {
            for (i, (rv, kv)) in r.iter().zip(k).enumerate() {
                dropped_fields(rv, kv, &format!("{place}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Line and column (1-based, in characters) where `"key":` first appears in `text`.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    // As written raw, or as JSON escapes it (a key holding control characters).
    let written = [
        format!("\"{key}\""),
        serde_json::to_string(key).unwrap_or_default(),
    ];
    let at = written
        .iter()
        .filter(|quoted| !quoted.is_empty())
        .find_map(|quoted| {
            text.match_indices(quoted.as_str())
                .map(|(i, _)| i)
                .find(|&i| text[i + quoted.len()..].trim_start().starts_with(':'))
        })
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn syntax(path: &str, e: &serde_json::Error) -> LoadError {
    let message = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => &message,
    };
    // serde_json quotes the offending value, which may be long or hold control characters.
    let message = crate::quote::message(message);
    LoadError::Syntax {
        path: path.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// The sample issue's JSON, embedded so the program works from any directory.
pub const SAMPLE_JSON: &str = include_str!("../../assets/sample.jianbao");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_without_zero_padding_and_refuse_nonsense() {
        let d = Date::parse("2021-09-30").unwrap();
        assert_eq!(d.chinese(), "2021年9月30日");
        assert_eq!(d.to_string(), "2021-09-30");
        assert!(Date::parse("2021-02-29").is_none());
        assert!(Date::parse("2020-02-29").is_some());
        assert!(Date::parse("2021-13-01").is_none());
        assert!(Date::parse("2021-1").is_none());
    }

    #[test]
    fn attribution_prints_names_with_ideographic_space() {
        let a = Attribution {
            kind: AttributionKind::Author {
                names: vec!["张俊清".into(), "张梦梦".into()],
            },
            placement: Placement::Auto,
        };
        assert_eq!(a.printed(), "（张俊清\u{3000}张梦梦）");
    }

    #[test]
    fn an_issue_whose_style_is_out_of_range_is_refused_naming_file_and_fields() {
        let mut issue = Issue::sample();
        let mut style = crate::style::Style::house();
        style.page_width_mm.0 = 1e38;
        style.margin_top_mm.0 = -5.0;
        issue.style = Some(style);
        let e = Issue::from_json(&issue.to_json(), "bad-style.jianbao").unwrap_err();
        let LoadError::Style { errors, .. } = &e else {
            panic!("expected a style refusal, got {e}");
        };
        let fields: Vec<&str> = errors.iter().map(|x| x.field.as_ref()).collect();
        assert!(fields.contains(&"page_width_mm"), "{fields:?}");
        assert!(fields.contains(&"margin_top_mm"), "{fields:?}");
        let en = e.to_string();
        assert!(
            en.contains("bad-style.jianbao") && en.contains("page_width_mm"),
            "{en}"
        );
        let zh = e.chinese();
        assert!(
            zh.contains("bad-style.jianbao") && zh.contains("版式"),
            "{zh}"
        );
        // The house style itself is of course accepted.
        issue.style = Some(crate::style::Style::house());
        assert!(Issue::from_json(&issue.to_json(), "good.jianbao").is_ok());
    }

    #[test]
    fn sizes_in_messages_keep_a_decimal_so_just_over_is_not_the_limit() {
        assert_eq!(crate::store::megabytes(10 << 20), "10");
        assert_eq!(crate::store::megabytes((10 << 20) + (1 << 17)), "10.1");
        assert_eq!(crate::store::megabytes(0), "0");
        assert!(!crate::store::megabytes(u64::MAX).is_empty());
    }

    #[test]
    fn wrong_type_too_new_and_damaged_files_are_named() {
        let e = Issue::from_json(r#"{"format":"other","version":1}"#, "x.jianbao").unwrap_err();
        assert!(matches!(e, LoadError::WrongType { .. }), "{e}");
        assert!(e.to_string().contains("x.jianbao"));
        let e = Issue::from_json(r#"{"format":"jianbao-issue","version":99}"#, "y.jianbao")
            .unwrap_err();
        assert!(matches!(e, LoadError::TooNew { version: 99, .. }), "{e}");
        let e =
            Issue::from_json("{\n \"format\": \"jianbao-issue\",\n oops", "z.jianbao").unwrap_err();
        match &e {
            LoadError::Syntax { line, .. } => assert_eq!(*line, 3),
            other => panic!("expected a syntax error, got {other}"),
        }
        assert!(e.chinese().contains("第 3 行"));
        // A field of the wrong type is reported with its place, not a panic.
        let mut v: serde_json::Value = serde_json::from_str(SAMPLE_JSON).unwrap();
        v["meta"]["issue_no"] = serde_json::json!("九");
        let e =
            Issue::from_json(&serde_json::to_string_pretty(&v).unwrap(), "w.jianbao").unwrap_err();
        assert!(e.to_string().contains("w.jianbao"), "{e}");
        assert!(
            matches!(e, LoadError::Syntax { line, .. } if line > 0),
            "{e}"
        );
    }

    #[test]
    fn the_next_issue_counts_on_and_restarts_in_a_new_year() {
        let issue = Issue::sample();
        let same_year = issue.next_issue(Date::new(2021, 10, 31).unwrap());
        assert_eq!(same_year.meta.issue_no, issue.meta.issue_no + 1);
        assert_eq!(same_year.meta.total_no, issue.meta.total_no.map(|t| t + 1));
        assert_eq!(same_year.meta.date.chinese(), "2021年10月31日");
        assert!(same_year.articles().next().is_none());
        assert_eq!(same_year.sections.len(), issue.sections.len());
        assert_eq!(same_year.distribution, issue.distribution);
        let new_year = issue.next_issue(Date::new(2022, 1, 5).unwrap());
        assert_eq!((new_year.meta.year, new_year.meta.issue_no), (2022, 1));
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_631).to_string(), "2023-10-01");
        assert!(Date::today().year >= 2024);
        for days in [-800_000, -1, 0, 59, 60, 365, 11_016, 19_631, 2_000_000] {
            assert_eq!(Date::from_days(days).days_since_epoch(), days);
        }
    }

    fn at(utc: &str) -> std::time::SystemTime {
        let stamp: jiff::Timestamp = utc.parse().unwrap();
        std::time::SystemTime::from(stamp)
    }

    /// The masthead's date is the user's local date: 07:30 in Beijing is still the
    /// previous day in UTC, and New Year's morning in Beijing is a new year.
    #[test]
    fn today_is_the_local_date_not_utc() {
        let beijing = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        let utc = jiff::tz::TimeZone::UTC;
        let morning = at("2024-03-04T23:30:00Z"); // 07:30 on 5 March in Beijing
        assert_eq!(Date::local(morning, &utc).to_string(), "2024-03-04");
        assert_eq!(Date::local(morning, &beijing).to_string(), "2024-03-05");
        // A zone with summer time: 23:30 UTC on 1 July is 19:30 in New York (EDT, -4).
        let new_york = jiff::tz::TimeZone::posix("EST5EDT,M3.2.0,M11.1.0").unwrap();
        assert_eq!(
            Date::local(at("2024-07-01T23:30:00Z"), &new_york).to_string(),
            "2024-07-01"
        );
        assert_eq!(
            Date::local(at("2024-07-02T03:30:00Z"), &new_york).to_string(),
            "2024-07-01"
        );
        // New Year's morning in Beijing restarts the numbering; UTC would not.
        let issue = Issue::sample(); // 2021年第N期
        let new_year = at("2021-12-31T23:00:00Z");
        let next = issue.next_issue(Date::local(new_year, &beijing));
        assert_eq!((next.meta.year, next.meta.issue_no), (2022, 1));
        let next = issue.next_issue(Date::local(new_year, &utc));
        assert_eq!(next.meta.issue_no, issue.meta.issue_no + 1);
    }

    /// After a 增刊, 新建下一期 makes the next 增刊: the supplement series counts on
    /// (and restarts in a new year) apart from the regular issues.
    #[test]
    fn the_next_issue_after_a_supplement_continues_the_supplement_series() {
        let mut supplement = Issue::sample();
        supplement.meta.supplement = true;
        supplement.meta.issue_no = 2;
        let next = supplement.next_issue(Date::new(2021, 11, 2).unwrap());
        assert!(next.meta.supplement);
        assert_eq!(next.meta.issue_no, 3);
        assert!(
            next.default_stem().contains("增刊第3期"),
            "{}",
            next.default_stem()
        );
        let next_year = supplement.next_issue(Date::new(2022, 2, 1).unwrap());
        assert!(next_year.meta.supplement);
        assert_eq!(next_year.meta.issue_no, 1);
        // A regular issue's next is regular.
        let regular = Issue::sample().next_issue(Date::new(2021, 11, 2).unwrap());
        assert!(!regular.meta.supplement);
    }

    #[test]
    fn version_1_distribution_groups_still_load() {
        let old = SAMPLE_JSON;
        assert!(old.contains("\"version\": 1"));
        let issue = Issue::from_json(old, "old.jianbao").unwrap();
        assert_eq!(issue.version, FORMAT_VERSION);
        assert_eq!(issue.distribution.lines[0].groups[0].from, None);
        let again = Issue::from_json(&issue.to_json(), "new.jianbao").unwrap();
        assert_eq!(again, issue);
    }

    #[test]
    fn sample_round_trips() {
        let issue = Issue::sample();
        let again = Issue::from_json(&issue.to_json(), "mem").unwrap();
        assert_eq!(issue, again);
    }
}
