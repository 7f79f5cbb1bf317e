//! Text helpers the editors and the app share: counting an article's characters and
//! tidying pasted text.

use crate::model::{Article, AwardRow, Block};

/// Characters of an article's text (title, paragraphs, list rows), for the outline.
pub fn article_chars(a: &Article) -> usize {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let mut n = count(&a.title);
    for b in &a.blocks {
        match b {
            Block::Paragraph { text } | Block::ListIntro { text } => n += count(text),
            Block::Figure(f) => n += f.pictures().map(|c| count(&c.caption)).sum::<usize>(),
            Block::AwardList { categories } => {
                for c in categories {
                    for r in &c.rows {
                        n += match r {
                            AwardRow::Person { name, org, award } => {
                                count(name) + count(org) + count(award)
                            }
                            AwardRow::Org { org } => count(org),
                        };
                    }
                }
            }
            Block::Table(t) => n += t.texts().map(count).sum::<usize>(),
        }
    }
    n
}

/// Whether a pasted line ends a sentence (the same rule as importing).
pub(super) fn ends_sentence(line: &str) -> bool {
    crate::import::ends_sentence(line)
}

/// 整理粘贴文本: stray spaces removed and hard line breaks joined into paragraphs
/// (the same repair as importing a text file).
pub fn join_hard_breaks(lines: &[String]) -> Vec<String> {
    let cleaned: Vec<String> = lines
        .iter()
        .map(|l| crate::import::fix_spaces(l))
        .filter(|l| !l.is_empty())
        .collect();
    crate::import::join_lines(&cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_line_breaks_from_a_pdf_join_into_paragraphs() {
        let lines: Vec<String> = [
            "继8月13日山西省委副书记、省长蓝佛安一行赴山西联通调研数字",
            "经济发展后，9月16日，蓝佛安又到山西移动。",
            "",
            "蓝佛安听取了汇报。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let joined = join_hard_breaks(&lines);
        assert_eq!(joined.len(), 2);
        assert!(joined[0].starts_with("继8月") && joined[0].ends_with("山西移动。"));
    }
}
