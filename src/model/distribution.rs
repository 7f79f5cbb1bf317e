//! The distribution block (版记) at the foot of the last page.

use serde::{Deserialize, Serialize};

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
