//! The address book: named recipient groups the distribution block picks from.

use super::places::read_json;
use super::Places;
use crate::model::Issue;
use serde::{Deserialize, Serialize};

/// Named recipient groups (上级主管单位, 理事单位, 兄弟协会 …) that an issue's
/// distribution lines pick from. Issues copy the names; see [`crate::model::RecipientGroup`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressBook {
    pub groups: Vec<AddressGroup>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddressGroup {
    pub name: String,
    pub names: Vec<String>,
}

impl AddressBook {
    pub fn load(places: &Places) -> Result<AddressBook, String> {
        read_json(&places.address_book_file())
    }
    pub fn save(&self, places: &Places) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        places.write(&places.address_book_file(), &text)
    }
    pub fn group(&self, name: &str) -> Option<&AddressGroup> {
        self.groups.iter().find(|g| g.name == name)
    }
    /// A starting address book taken from an issue's distribution lines, so a new user
    /// finds the groups the sample issue uses.
    pub fn from_issue(issue: &Issue) -> AddressBook {
        let mut book = AddressBook::default();
        for line in &issue.distribution.lines {
            for (k, g) in line.groups.iter().enumerate() {
                let name = g.from.clone().unwrap_or_else(|| {
                    format!(
                        "{}{}",
                        line.label,
                        if k == 0 {
                            String::new()
                        } else {
                            format!("（{}）", k + 1)
                        }
                    )
                });
                if book.group(&name).is_none() && !g.is_empty() {
                    book.groups.push(AddressGroup {
                        name,
                        names: g.names.clone(),
                    });
                }
            }
        }
        book
    }
}
