//! The issue itself and its masthead data, with what the editor does to a whole issue
//! (a new issue, the next issue, the body repeated for measuring).

use super::{Article, Date, Distribution, Section, FORMAT_TAG, FORMAT_VERSION, SAMPLE_JSON};
use serde::{Deserialize, Serialize};

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
    /// The picture files the issue's figures show, by content hash.
    #[serde(default, skip_serializing_if = "super::Pictures::is_empty")]
    pub pictures: super::Pictures,
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
            pictures: super::Pictures::default(),
        }
    }

    /// The built-in sample issue (the seed issue of autumn 2021), embedded in the binary.
    pub fn sample() -> Issue {
        // The sample is checked by tests; failing here would be a build defect, not user input.
        Issue::from_json(SAMPLE_JSON, "sample.jianbao").expect("the embedded sample issue is valid")
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
