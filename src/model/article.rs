//! Sections, articles and what an article holds: blocks of text, award lists and
//! the byline or source note.

use serde::{Deserialize, Serialize};

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
    /// One picture, or two side by side, with captions.
    Figure(super::Figure),
    /// A table of text cells (house-format.md §3.11).
    Table(super::Table),
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
