//! What the user is told about an import that went through (the import report).

use super::LeftOutPicture;

/// Something the user should know about an import that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportNote {
    /// Pictures that did not come in (other formats, linked, missing, behind the
    /// text), each named with its place.
    PicturesLeftOut(Vec<LeftOutPicture>),
    /// Drawings that are no picture (charts, SmartArt, shapes) were left out.
    ShapesLeftOut(usize),
    /// The text was traditional Chinese in Big5; it was read as such, unconverted.
    Traditional,
    /// The file was a jianbao issue: its articles were taken, its sections,
    /// masthead and distribution were not.
    FromIssue { articles: usize, sections: usize },
    /// The Word document ends before its closing tag: text may be missing at the end.
    CutShort,
    /// Control characters (ESC, NUL, BEL …) and unreadable characters (U+FFFD, left
    /// by a broken character reference or a bad byte) were taken out of the text:
    /// they print as nothing or as boxes, and ESC could drive a terminal.
    Removed(usize),
    /// Tables with merged cells (named by their first cells) were split into plain
    /// cells, the merged text in the first of them.
    MergedCells(Vec<String>),
}

impl ImportNote {
    /// The note for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            ImportNote::PicturesLeftOut(list) => format!(
                "有 {} 张图片没有导入：\n{}",
                list.len(),
                list.iter()
                    .map(|p| format!("· {}", p.chinese()))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            ImportNote::ShapesLeftOut(n) => format!(
                "文件里有 {n} 个图表、形状或 SmartArt（不是图片），没有导入；需要时请在 Word 中另存为图片后用“插入 → 图片…”加入。"
            ),
            ImportNote::Traditional => "文件是繁体中文（Big5 编码），已按 Big5 读入；繁体字没有转换为简体，请自行核对。".into(),
            ImportNote::FromIssue { articles, sections } => format!(
                "这是一期简报文件：已取出其中 {articles} 篇文章；它的 {sections} 个栏目、报头和报送范围没有带入。"
            ),
            ImportNote::CutShort => "这个 Word 文件不完整（文档在结尾处被截断），已导入能读到的部分，结尾可能缺少文字，请与原文核对。".into(),
            ImportNote::Removed(n) => format!("文字中有 {n} 个控制字符或无法识别的字符（如 �），已删去。"),
            ImportNote::MergedCells(names) => format!(
                "表格{}有合并的单元格，已拆成普通单元格（合并格的文字放在其中第一格），请核对。",
                names
                    .iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }
    }
}

impl std::fmt::Display for ImportNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportNote::PicturesLeftOut(list) => write!(
                f,
                "{} picture(s) left out: {}",
                list.len(),
                list.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ImportNote::ShapesLeftOut(n) => write!(
                f,
                "{n} chart(s), shape(s) or SmartArt drawing(s) (no pictures) were left out"
            ),
            ImportNote::Traditional => f.write_str(
                "the file is traditional Chinese in Big5; it was read as Big5, characters not converted to simplified",
            ),
            ImportNote::FromIssue { articles, sections } => write!(
                f,
                "the file is a jianbao issue: its {articles} article(s) were taken; its {sections} section(s), masthead and distribution were not"
            ),
            ImportNote::CutShort => f.write_str(
                "the Word document is cut short (it ends before its closing tag); what could be read was imported, text may be missing at the end",
            ),
            ImportNote::Removed(n) => write!(
                f,
                "{n} control or unreadable character(s) (such as ESC or U+FFFD) were taken out of the text"
            ),
            ImportNote::MergedCells(names) => write!(
                f,
                "merged cells of the table(s) {} were split into plain cells (the merged text in the first of them)",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}
