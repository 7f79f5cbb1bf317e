//! Bringing text in: decoding files in the encodings member units use, repairing text
//! copied out of PDFs (hard line breaks, page-start artefacts, stray spaces), and
//! recognising an article's or a whole issue's structure (house-format.md §6).
//!
//! Everything here is a suggestion the editor shows before it is applied; nothing is
//! rewritten silently. The functions take bytes or text and return model values, so the
//! editor, the command line and the tests share them.

mod byline;
#[cfg(test)]
mod corpus_tests;
pub mod docx;
pub mod html;
mod lines;
mod lists;
mod structure;

use crate::model::{Article, Issue};

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    /// Not text in UTF-8, UTF-16 or GBK/GB18030 (e.g. an image or a program).
    NotText,
    /// An old binary Word (.doc) or WPS document: save it as .docx first.
    OldWordFormat,
    /// Larger than any article or issue text can be (see [`MAX_SOURCE_BYTES`]).
    TooLarge(u64),
}

/// The largest file imported: a whole issue's text is well under 1 MB and a Word
/// document with photos a few MB; anything past this is not an article.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// Reads a file to import: only a regular file (a FIFO or a device is named and refused
/// before it is opened), stopped at [`MAX_SOURCE_BYTES`] actually read.
pub fn read_source(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let shown = crate::quote::path(path);
    crate::store::read_bounded(path, MAX_SOURCE_BYTES).map_err(|e| match e {
        crate::store::ReadError::TooLarge { bytes, .. } => {
            format!("{shown}: {}", ImportError::TooLarge(bytes))
        }
        crate::store::ReadError::NotAFile(_) => format!("{shown}: {e}"),
        crate::store::ReadError::Io(e) => format!("cannot read {shown}: {e}"),
    })
}

impl ImportError {
    /// The message for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            ImportError::Empty => "文件是空的，没有可导入的文字。".into(),
            ImportError::NotText => {
                "这个文件不是文本（不是 UTF-8、UTF-16 或 GBK/GB18030 编码的文字），无法导入。"
                    .into()
            }
            ImportError::OldWordFormat => {
                "这是旧版 Word（.doc）或 WPS 文件，请先在 Word 或 WPS 中“另存为”.docx 再导入。"
                    .into()
            }
            ImportError::TooLarge(bytes) => format!(
                "文件有 {} MB，太大，不像文章（上限 {} MB），未导入。",
                bytes >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty => f.write_str("the file is empty"),
            ImportError::NotText => {
                f.write_str("the file is not text in UTF-8, UTF-16 or GBK/GB18030")
            }
            ImportError::OldWordFormat => f.write_str(
                "this is an old binary Word (.doc) or WPS file; save it as .docx first",
            ),
            ImportError::TooLarge(bytes) => write!(
                f,
                "the file is {} MB, too large to be an article (the limit is {} MB); it was not read",
                bytes >> 20,
                MAX_SOURCE_BYTES >> 20
            ),
        }
    }
}

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 (with BOM, or detected by
/// its zero bytes) or GBK/GB18030.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    // OLE compound file: .doc, .wps, .xls.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(ImportError::OldWordFormat);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), Encoding::Utf8Bom))
            .map_err(|_| ImportError::NotText);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(&bytes[2..], false).map(|s| (s, Encoding::Utf16Le));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(&bytes[2..], true).map(|s| (s, Encoding::Utf16Be));
    }
    // UTF-16 without a BOM: many zero bytes, all at odd (LE) or even (BE) offsets.
    let zeros_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = bytes.len() / 2;
    if half > 0 && zeros_odd * 4 > half && zeros_even == 0 {
        return utf16(bytes, false).map(|s| (s, Encoding::Utf16Le));
    }
    if half > 0 && zeros_even * 4 > half && zeros_odd == 0 {
        return utf16(bytes, true).map(|s| (s, Encoding::Utf16Be));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return text_or_binary(s.to_string(), Encoding::Utf8);
    }
    let (text, _, errors) = encoding_rs::GB18030.decode(bytes);
    if errors {
        return Err(ImportError::NotText);
    }
    text_or_binary(text.into_owned(), Encoding::Gb18030)
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, ImportError> {
    let enc = if big_endian {
        encoding_rs::UTF_16BE
    } else {
        encoding_rs::UTF_16LE
    };
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    if errors {
        return Err(ImportError::NotText);
    }
    let enc = if big_endian {
        Encoding::Utf16Be
    } else {
        Encoding::Utf16Le
    };
    text_or_binary(text.into_owned(), enc).map(|(t, _)| t)
}

/// Refuses decoded "text" full of control characters (a binary file that happened to
/// decode).
fn text_or_binary(text: String, enc: Encoding) -> Result<(String, Encoding), ImportError> {
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    if control * 20 > text.chars().count().max(1) {
        return Err(ImportError::NotText);
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok((text, enc))
}

pub use byline::split_attribution;
pub use lines::{ends_sentence, fix_spaces, join_lines};
pub use structure::{ImportedText, Masthead};

/// Reads the structure of a whole issue (or of one article) from plain text such as
/// the text of a PDF: masthead, 【…】 section headings, titles, subtitles, paragraphs
/// (joined across hard line breaks where the text is wrapped), bylines, award lists
/// and the 报/发/送 lines.
pub fn read_issue_text(text: &str) -> ImportedText {
    structure::recognise(&lines::text_source(text), structure::Mode::Issue)
}

/// Why a file to import gave no articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Text(ImportError),
    Docx(docx::DocxError),
    /// A web page with no paragraphs or headings in it.
    EmptyPage,
}

impl FileError {
    /// The message for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            FileError::Text(e) => e.chinese(),
            FileError::Docx(e) => e.chinese(),
            FileError::EmptyPage => "网页里没有找到正文（没有 <p>、<h1> 等段落）。".into(),
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Text(e) => e.fmt(f),
            FileError::Docx(e) => e.fmt(f),
            FileError::EmptyPage => f.write_str("the web page has no paragraphs (<p>, <h1>)"),
        }
    }
}

/// The articles of any file an editor receives: a .docx, a saved web page (.html,
/// .htm, a WeChat article) or text in any supported encoding, all read by the same
/// recogniser. Returns the articles and notes for the user (images not imported).
pub fn articles_from_file(bytes: &[u8]) -> Result<(Vec<Article>, Vec<String>), FileError> {
    let images_note = |n: usize| format!("文件里有 {n} 张图片，本版本还不能排入图片，已略去。");
    if bytes.starts_with(b"PK\x03\x04") {
        let d = docx::read_docx(bytes).map_err(FileError::Docx)?;
        let mut notes = Vec::new();
        if d.images > 0 {
            notes.push(images_note(d.images));
        }
        return Ok((vec![d.article], notes));
    }
    let (text, _) = decode(bytes).map_err(FileError::Text)?;
    if html::looks_like_html(&text) {
        let page = html::read_html(&text);
        if page.articles.is_empty() {
            return Err(FileError::EmptyPage);
        }
        let mut notes = Vec::new();
        if page.images > 0 {
            notes.push(images_note(page.images));
        }
        return Ok((page.articles, notes));
    }
    Ok((articles_from_text(&text), Vec::new()))
}

/// An issue built from imported text on top of `template` (its masthead and style).
pub fn issue_from_text(text: &str, template: &Issue) -> Issue {
    let imported = read_issue_text(text);
    let mut issue = template.clone();
    issue.front = imported.articles_front;
    issue.sections = imported.sections;
    if let Some(m) = imported.masthead {
        let meta = &mut issue.meta;
        if let Some(name) = m.bulletin_name.filter(|n| !n.is_empty()) {
            meta.bulletin_name = name;
        }
        meta.issue_no = m.issue_no;
        meta.total_no = m.total_no;
        meta.supplement = m.supplement;
        if let Some(org) = m.editor_org {
            meta.editor_org = org;
        }
        if let Some(date) = m.date {
            meta.date = date;
            meta.year = date.year;
        }
    }
    if !imported.distribution.lines.is_empty() {
        issue.distribution = imported.distribution;
    }
    issue
}

/// The articles of a text (an article file or a paste), for adding to an issue. A text
/// with 【…】 sections or a masthead is read as a whole issue; otherwise the first
/// line is the title and a short line mid-text is part of the body.
pub fn articles_from_text(text: &str) -> Vec<Article> {
    let source = lines::text_source(text);
    let issue_like = source
        .lines
        .iter()
        .any(|l| l.text.starts_with('【') && l.text.ends_with('】'));
    let mode = if issue_like {
        structure::Mode::Issue
    } else {
        structure::Mode::Article
    };
    let imported = structure::recognise(&source, mode);
    let mut out = imported.articles_front;
    for s in imported.sections {
        out.extend(s.articles);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttributionKind, Block};

    pub const SEED_TEXT: &str = include_str!("../../assets/seed-issue.txt");
    const SEED: &str = SEED_TEXT;

    #[test]
    fn encodings_decode_to_the_same_text_and_bad_files_are_named() {
        let text = "山西移动召开“数智移动　实事为民”主题宣传活动启动会。\n近日，5G应用。\n";
        let utf8 = text.as_bytes().to_vec();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for (bytes, enc) in [
            (utf8, Encoding::Utf8),
            (bom, Encoding::Utf8Bom),
            (le, Encoding::Utf16Le),
            (be, Encoding::Utf16Be),
            (gbk.into_owned(), Encoding::Gb18030),
        ] {
            let (decoded, found) = decode(&bytes).expect("decodes");
            assert_eq!(decoded, text);
            assert_eq!(found, enc);
        }
        assert_eq!(decode(b""), Err(ImportError::Empty));
        assert_eq!(decode(b"  \n"), Err(ImportError::Empty));
        let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert_eq!(decode(&binary), Err(ImportError::NotText));
        let doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(decode(&doc), Err(ImportError::OldWordFormat));
        assert!(ImportError::NotText.chinese().contains("GBK"));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for len in [0usize, 1, 2, 3, 7, 64, 513, 4096] {
            for _ in 0..50 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x >> 24) as u8
                    })
                    .collect();
                if let Ok((text, _)) = decode(&bytes) {
                    let _ = read_issue_text(&text);
                }
                let lossy = String::from_utf8_lossy(&bytes);
                let _ = read_issue_text(&lossy);
                let _ = articles_from_text(&lossy);
            }
        }
    }

    #[test]
    fn spaces_and_page_artefacts_are_repaired() {
        assert_eq!(fix_spaces("继 8 月 13 日山西省"), "继8月13日山西省");
        assert_eq!(fix_spaces("数智移动 实事为民"), "数智移动\u{3000}实事为民");
        assert_eq!(fix_spaces("Full mesh 网络"), "Full mesh网络");
        let source = lines::text_source("— 3 —\n\u{0C} 据悉，“十三五”\n-12-\n");
        let texts: Vec<&str> = source.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["据悉，“十三五”"]);
        let lines: Vec<String> = [
            "继8月13日山西省委副书记、省长蓝佛安一行赴山西联通调研数字",
            "经济发展后，9月16日，蓝佛安又到山西移动、山西电信就加快5G建设、",
            "推进“5G+工业互联网”发展、促进数字经济发展进行专题调研。",
            "蓝佛安听取和观看了山西移动、山西电信公司概况和发展战略、网络",
            "能力和5G规划。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let paras = join_lines(&lines);
        assert_eq!(paras.len(), 2, "{paras:?}");
        assert!(paras[0].ends_with("专题调研。"));
    }

    #[test]
    fn a_masthead_at_the_top_fills_the_issue_data() {
        let text = "工 作 信 息\n第 12 期（总第 99 期）\n山西省通信行业协会\n2022 年 1 月 5 日\n省长蓝佛安赴山西移动山西电信专题调研\n近日，蓝佛安到山西移动调研。\n（王婧）\n";
        let issue = issue_from_text(text, &Issue::sample());
        let m = &issue.meta;
        assert_eq!(m.bulletin_name, "工作信息");
        assert_eq!((m.issue_no, m.total_no), (12, Some(99)));
        assert_eq!(m.editor_org, "山西省通信行业协会");
        assert_eq!(m.date.chinese(), "2022年1月5日");
        assert_eq!(issue.front.len(), 1);
        assert_eq!(issue.front[0].title, "省长蓝佛安赴山西移动山西电信专题调研");
        assert_eq!(structure::issue_line("增刊第3期"), Some((true, 3, None)));
        assert_eq!(structure::issue_line("第九期"), None);
    }

    #[test]
    fn bylines_and_sources_are_recognised() {
        let (before, a) = split_attribution("受到蓝佛安的肯定。 （王婧）").unwrap();
        assert_eq!(before, "受到蓝佛安的肯定。");
        assert_eq!(
            a.kind,
            AttributionKind::Author {
                names: vec!["王婧".into()]
            }
        );
        let (_, a) = split_attribution("（据国资网）").unwrap();
        assert!(a.is_source());
        let (_, a) = split_attribution("通人的责任！” （张俊清 张梦梦）").unwrap();
        assert_eq!(
            a.kind,
            AttributionKind::Author {
                names: vec!["张俊清".into(), "张梦梦".into()]
            }
        );
        // Parentheses inside a sentence are not a byline.
        assert!(split_attribution("工程设计服务集中采购项目（标段一）").is_none());
    }

    /// The seed issue read from its extracted text matches the hand-made sample issue,
    /// except where noted.
    #[test]
    fn the_seed_text_imports_as_the_sample_issue() {
        let sample = Issue::sample();
        let issue = issue_from_text(SEED, &sample);
        assert_matches_sample(&issue, &sample, "the seed text");
    }

    /// The text `pdftotext` reads out of our own export imports as the issue it came
    /// from: masthead, sections, titles, bylines, every paragraph, the award list and
    /// the distribution. Needs poppler's `pdftotext` (CI installs it and sets
    /// JIANBAO_REQUIRE_PDFTOTEXT so that a missing tool fails the test there).
    #[test]
    fn our_exported_pdf_text_imports_as_the_sample_issue() {
        let sample = Issue::sample();
        let book = crate::fonts::FontBook::bundled();
        let pages = crate::layout::layout(&sample, &crate::style::Style::default(), &book);
        let pdf = crate::pdf::export(&pages, &sample, &book).expect("the sample exports");
        let dir = std::env::temp_dir().join(format!("jianbao-pdftext-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let pdf_path = dir.join("sample.pdf");
        std::fs::write(&pdf_path, pdf).expect("the PDF is written");
        // -raw: content-stream order, which is our reading order; the default mode
        // (reading order guessed from columns) is also read, for the award list.
        for mode in ["-raw", "default"] {
            let txt_path = dir.join(format!("sample{mode}.txt"));
            let mut cmd = std::process::Command::new("pdftotext");
            if mode != "default" {
                cmd.arg(mode);
            }
            let status = match cmd
                .arg("-enc")
                .arg("UTF-8")
                .arg(&pdf_path)
                .arg(&txt_path)
                .status()
            {
                Ok(s) => s,
                Err(e) => {
                    assert!(
                        std::env::var_os("JIANBAO_REQUIRE_PDFTOTEXT").is_none(),
                        "pdftotext could not run: {e}"
                    );
                    eprintln!("skipped: pdftotext is not installed (poppler-utils): {e}");
                    return;
                }
            };
            assert!(status.success(), "pdftotext {mode} failed");
            let text = std::fs::read_to_string(&txt_path).expect("pdftotext wrote UTF-8");
            let imported = read_issue_text(&text);
            let head = imported
                .masthead
                .clone()
                .expect("the masthead is recognised");
            assert_eq!(head.issue_no, sample.meta.issue_no);
            assert_eq!(head.total_no, sample.meta.total_no);
            assert_eq!(head.date, Some(sample.meta.date));
            let mut template = Issue::sample();
            template.meta.bulletin_name = String::new();
            let issue = issue_from_text(&text, &template);
            assert_eq!(issue.meta.bulletin_name, sample.meta.bulletin_name);
            if mode == "-raw" {
                assert_matches_sample(&issue, &sample, "pdftotext -raw of our PDF");
            } else {
                // Poppler's column guessing splits the one title set on two lines
                // around its ideographic space (数智移动　实事为民) into two columns;
                // everything else, the award list included, must still come back.
                let lists = |i: &Issue| -> Vec<Block> {
                    i.articles()
                        .flat_map(|a| a.blocks.iter())
                        .filter(|b| matches!(b, Block::AwardList { .. }))
                        .cloned()
                        .collect()
                };
                assert_eq!(lists(&issue), lists(&sample), "award list ({mode})");
                assert_eq!(issue.distribution, sample.distribution);
                let titles: Vec<String> = issue.articles().map(|a| a.title.clone()).collect();
                for a in sample.articles().filter(|a| !a.title.contains('\u{3000}')) {
                    assert!(
                        titles.contains(&a.title.replace('\n', "")),
                        "title {} ({mode})",
                        a.title
                    );
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Asserts that an imported issue has the sample's structure and words; `what`
    /// names the source in failure messages.
    fn assert_matches_sample(issue: &Issue, sample: &Issue, what: &str) {
        // Structure: 1 lead article, 4 sections, 12 articles in all.
        assert_eq!(issue.front.len(), 1, "lead articles from {what}");
        let labels: Vec<&str> = issue.sections.iter().map(|s| s.label.as_str()).collect();
        let sample_labels: Vec<&str> = sample.sections.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, sample_labels, "sections from {what}");
        let got: Vec<&Article> = issue.articles().collect();
        let want: Vec<&Article> = sample.articles().collect();
        assert_eq!(got.len(), want.len(), "articles from {what}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g.title, w.title.replace('\n', ""), "title from {what}");
            assert_eq!(
                g.subtitle, w.subtitle,
                "subtitle of {} from {what}",
                w.title
            );
            assert_eq!(
                g.attribution, w.attribution,
                "byline of {} from {what}",
                w.title
            );
            let kinds = |a: &Article| -> Vec<&'static str> {
                a.blocks
                    .iter()
                    .map(|b| match b {
                        Block::Paragraph { .. } => "p",
                        Block::ListIntro { .. } => "intro",
                        Block::AwardList { .. } => "list",
                    })
                    .collect()
            };
            let text = |a: &Article| -> String {
                a.blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Paragraph { text } => Some(text.as_str()),
                        _ => None,
                    })
                    .collect()
            };
            if g.blocks.len() + 1 == w.blocks.len() && w.title.starts_with("山西邮电工程公司")
            {
                // The sample splits this article's second paragraph in two, as the
                // spec's inventory counts 45 paragraphs (README); the seed's text
                // shows no break there. Same words, one paragraph fewer.
                assert_eq!(text(g), text(w), "text of {} from {what}", w.title);
                continue;
            }
            assert_eq!(kinds(g), kinds(w), "blocks of {} from {what}", w.title);
            assert_eq!(g.blocks, w.blocks, "text of {} from {what}", w.title);
        }
        assert_eq!(
            issue.distribution, sample.distribution,
            "distribution from {what}"
        );
    }
}
