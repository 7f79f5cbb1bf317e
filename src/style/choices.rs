//! The style's choices that are not numbers: the profile it started from, how strictly
//! line breaking follows the rules, the punctuation scheme, the ink and the font roles.

use serde::{Deserialize, Serialize};

/// Which built-in profile a style started from (house-format.md §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Profile {
    /// House default: 四号 body on a 32 × 29 grid, the seed's geometry.
    H,
    /// GB/T 9704 strict: 三号 body on a 28 × 22 grid.
    G,
}

/// How strictly line-start and line-end prohibitions are applied (clreq; §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strictness {
    None,
    Basic,
    /// Basic plus the solidus (default).
    GbStyle,
    /// GB-style plus ⸺ and …… barred from line start.
    Strict,
}

/// How wide punctuation is set (house-format.md §5.3; names as in ctex).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PunctScheme {
    /// 全角: every mark 1 em, adjacent marks squeezed to 1.5 em, line-edge blanks dropped.
    #[default]
    Quanjiao,
    /// 开明: 。？！ full width, the other pause marks and brackets half width.
    Kaiming,
    /// 半角: every mark half width.
    Banjiao,
    /// No adjustment at all: every mark a full em, never squeezed.
    Plain,
}

/// A colour for print: CMYK in the PDF, an RGB approximation on screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ink {
    /// Cyan, magenta, yellow, black, each 0–1. Range: 0–1.
    pub cmyk: [f32; 4],
    pub screen_rgb: [u8; 3],
}

impl Ink {
    pub const BLACK: Ink = Ink {
        cmyk: [0.0, 0.0, 0.0, 1.0],
        screen_rgb: [0, 0, 0],
    };
    /// GB/T 9704 red (Y and M at least 80 %): DeviceCMYK (0, 1, 1, 0).
    pub const RED: Ink = Ink {
        cmyk: [0.0, 1.0, 1.0, 0.0],
        screen_rgb: [0xE6, 0x00, 0x12],
    };
}

/// Ordered family lists per typographic role; the first family that has a character wins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FontRoles {
    /// 小标宋: masthead name and article titles.
    pub title: Vec<String>,
    /// 仿宋: body text, distribution block.
    pub body: Vec<String>,
    /// 黑体: section headings, list categories, classification mark.
    pub hei: Vec<String>,
    /// 楷体: issue line, subtitles, bylines.
    pub kai: Vec<String>,
    /// 宋体: page numbers.
    pub song: Vec<String>,
    /// Latin letters and digits in body text (§5.6: a Times-compatible face); when none
    /// is installed they come from the body face itself.
    #[serde(default)]
    pub latin: Vec<String>,
}

impl FontRoles {
    pub(super) fn house() -> FontRoles {
        let list = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        FontRoles {
            title: list(&[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "方正小标宋_GBK",
                "Noto Serif CJK SC Bold",
            ]),
            body: list(&["仿宋", "FangSong", "仿宋_GB2312", "Noto Serif CJK SC"]),
            hei: list(&["黑体", "SimHei", "Noto Sans CJK SC Bold"]),
            kai: list(&[
                "楷体",
                "KaiTi",
                "楷体_GB2312",
                "LXGW WenKai",
                "Noto Serif CJK SC",
            ]),
            song: list(&["宋体", "SimSun", "Noto Serif CJK SC"]),
            latin: list(&["Times New Roman", "Liberation Serif", "TeX Gyre Termes"]),
        }
    }

    /// Every family any role names (used to find installed faces).
    pub fn all_families(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        // A set, not `out.contains`: a hand-edited style may list 100,000 names.
        let mut seen = std::collections::HashSet::new();
        for f in self
            .title
            .iter()
            .chain(&self.body)
            .chain(&self.hei)
            .chain(&self.kai)
            .chain(&self.song)
            .chain(&self.latin)
        {
            if seen.insert(f.as_str()) {
                out.push(f.clone());
            }
        }
        out
    }
}
