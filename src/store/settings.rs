//! The user's settings: recent files, the default style, the editor's colours.

use super::places::read_json;
use super::Places;
use crate::style::Style;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The user's settings: recently opened files and the default style for new issues.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    /// The style new issues start from (None: profile H).
    pub default_style: Option<Style>,
    /// The editor's colours (视图 → 外观).
    pub theme: Theme,
}

/// The editor's colours: the desktop's preference (light when the desktop states
/// none), or always light, or always dark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Recent files remembered.
pub const RECENT_MAX: usize = 10;

impl Settings {
    pub fn load(places: &Places) -> Result<Settings, String> {
        read_json(&places.settings_file())
    }
    pub fn save(&self, places: &Places) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        places.write(&places.settings_file(), &text)
    }
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(RECENT_MAX);
    }
}
