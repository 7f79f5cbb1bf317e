use super::*;
use crate::model::{AttributionKind, Block};

pub const SEED_TEXT: &str = include_str!("../../assets/seed-issue.txt");
const SEED: &str = SEED_TEXT;

/// The texts of an article's paragraphs, in order (list intros, lists, figures and
/// tables left out): what most import tests compare.
pub(super) fn paragraphs(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// An article's figures, in order: what the picture import tests look at.
pub(super) fn figures(a: &Article) -> Vec<&crate::model::Figure> {
    a.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// The kinds of an article's blocks, in order (P paragraph, F figure, T table).
pub(super) fn kinds(a: &Article) -> String {
    a.blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => 'P',
            Block::Figure(_) => 'F',
            Block::Table(_) => 'T',
            _ => '?',
        })
        .collect()
}

/// A figure's captions, left to right.
pub(super) fn captions(f: &crate::model::Figure) -> Vec<&str> {
    f.pictures().map(|c| c.caption.as_str()).collect()
}

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

fn utf16le(text: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xFE];
    b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    b
}

/// Formats that are not read are recognised by content, whatever the file is
/// called, and refused with the advice to save as .docx; nothing is imported
/// as raw text.
#[test]
fn disguised_formats_are_named_and_refused() {
    let refused = |bytes: &[u8]| match articles_from_file(bytes) {
        Err(FileError::Text(e)) => e,
        other => panic!("not refused: {other:?}"),
    };
    let rtf = br"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}}\f0 \'bd\'fc\'c8\'d5}";
    assert_eq!(refused(rtf), ImportError::Disguised(Disguise::Rtf));
    let mht = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart\"\r\n\r\n<html><p>近日</p></html>";
    assert_eq!(
        refused(mht.as_bytes()),
        ImportError::Disguised(Disguise::Mht)
    );
    let word_xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><?mso-application progid=\"Word.Document\"?><w:wordDocument xmlns:w=\"http://schemas.microsoft.com/office/word/2003/wordml\"><w:body><w:p><w:r><w:t>近日</w:t></w:r></w:p></w:body></w:wordDocument>";
    assert_eq!(
        refused(&utf16le(word_xml)),
        ImportError::Disguised(Disguise::WordXml)
    );
    assert_eq!(
        refused(word_xml.as_bytes()),
        ImportError::Disguised(Disguise::WordXml)
    );
    let flat = "<?xml version=\"1.0\"?><pkg:package xmlns:pkg=\"http://schemas.microsoft.com/office/2006/xmlPackage\"></pkg:package>";
    assert_eq!(
        refused(flat.as_bytes()),
        ImportError::Disguised(Disguise::WordXml)
    );
    assert_eq!(
        refused(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"),
        ImportError::Disguised(Disguise::Pdf)
    );
    // OLE compound files, told apart by their stream names.
    let ole = |streams: &[&str]| {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.extend([0u8; 504]);
        for s in streams {
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b.extend([0u8; 64]);
        }
        b
    };
    assert_eq!(
        refused(&ole(&["Root Entry", "WordDocument", "1Table"])),
        ImportError::OldWordFormat
    );
    assert_eq!(
        refused(&ole(&["Root Entry", "EncryptionInfo", "EncryptedPackage"])),
        ImportError::Encrypted
    );
    assert_eq!(
        refused(&ole(&["Root Entry", "Workbook"])),
        ImportError::OldOffice(OfficeKind::Spreadsheet)
    );
    for e in [
        ImportError::Disguised(Disguise::Rtf),
        ImportError::Disguised(Disguise::Mht),
        ImportError::Disguised(Disguise::WordXml),
        ImportError::OldWordFormat,
    ] {
        assert!(e.chinese().contains("另存为”.docx"), "{}", e.chinese());
        assert!(e.to_string().contains("save it as .docx"), "{e}");
    }
    assert!(ImportError::Encrypted.chinese().contains("密码"));
    // A web page named .txt or .docx is read as a web page (content decides).
    let page = "<!DOCTYPE html><html><body><h1>协会召开理事会</h1><p>会议审议了工作报告。</p></body></html>";
    let (a, _) = articles_from_file(page.as_bytes()).expect("a page");
    assert_eq!(a[0].title, "协会召开理事会");
}

/// Japanese and Korean in their legacy encodings are named and refused; Big5 is
/// read and said to be traditional Chinese.
#[test]
fn other_languages_are_named_and_big5_is_read() {
    let sjis = encoding_rs::SHIFT_JIS
        .encode("本日、東京都内で会議が開かれました。参加者は意見を交換しました。")
        .0;
    assert_eq!(
        articles_from_file(&sjis),
        Err(FileError::Text(ImportError::OtherLanguage(
            Foreign::ShiftJis
        )))
    );
    let euckr = encoding_rs::EUC_KR.encode("오늘 서울에서 통신 업계의 회의가 열렸습니다. 참가한 기업의 담당자들은 의견을 나누었습니다.").0;
    let e = articles_from_file(&euckr).expect_err("refused");
    assert_eq!(
        e,
        FileError::Text(ImportError::OtherLanguage(Foreign::EucKr))
    );
    assert!(e.chinese().contains("韩文") && e.to_string().contains("Korean"));
    let text = "臺北市通信業者召開會議\n\n　　近日，臺北市通信業者召開網路安全工作會議，總結去年的安全生產工作。\n";
    let big5 = encoding_rs::BIG5.encode(text).0;
    let (articles, notes) = articles_from_file(&big5).expect("Big5 reads");
    assert_eq!(articles[0].title, "臺北市通信業者召開會議");
    assert_eq!(notes, [ImportNote::Traditional]);
    assert!(ImportNote::Traditional.chinese().contains("繁体"));
    // Two marks before the text are not text (and never "expected value").
    let mut two = vec![0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF];
    two.extend("标题\n\n　　正文。\n".as_bytes());
    assert_eq!(articles_from_file(&two).expect("reads").0[0].title, "标题");
    let mut issue = vec![0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF];
    issue.extend(Issue::sample().to_json().as_bytes());
    assert!(articles_from_file(&issue).is_ok());
}

/// Every line end ends a line: the three paragraphs come back from each.
#[test]
fn every_line_end_gives_the_paragraphs() {
    let lines = [
        "协会召开理事会",
        "",
        "　　会议审议了工作报告。",
        "　　会议选举产生了新一届理事会。",
    ];
    for eol in ["\n", "\r\n", "\r", "\u{2028}", "\u{2029}", "\u{85}"] {
        let text = lines.join(eol) + eol;
        for bytes in [text.as_bytes().to_vec(), utf16le(&text)] {
            let (a, _) = articles_from_file(&bytes).expect("reads");
            assert_eq!(a.len(), 1, "{eol:?}");
            assert_eq!(a[0].title, "协会召开理事会", "{eol:?}");
            assert_eq!(a[0].blocks.len(), 2, "{eol:?}");
        }
    }
}

/// Control characters and U+FFFD never reach the issue, whatever the reader
/// (text, web page, Word); the user is told how many were taken out.
#[test]
fn control_and_unreadable_characters_are_taken_out_and_counted() {
    let text = "关于开展通信工程质量培训的通知\n\n各会员单位\u{1b}]0;PWN\u{7}：为进一步提升全省通信工程建设质量，协会定于下月举办专题培训班，请各单位认真组织，按时报名，认真落实。\u{0}\n";
    let html = "<html><body><h1>协会年会召开\u{1b}[2J</h1><p>会议&#x1b;审议&#0;了&#xD800;报告&#99999999;。</p></body></html>";
    let doc = docx::tests::zip(
        &[("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>标题文字</w:t></w:r></w:p><w:p><w:r><w:t>正文\u{1b}第一段。</w:t></w:r></w:p></w:body></w:document>".as_bytes())],
        true,
    );
    for (what, bytes) in [
        ("text", text.as_bytes().to_vec()),
        ("html", html.as_bytes().to_vec()),
        ("docx", doc),
    ] {
        let (articles, notes) = articles_from_file(&bytes).expect(what);
        let json = serde_json::to_string(&articles).expect("serialises");
        let all: String = articles
            .iter()
            .flat_map(|a| serde_json::to_value(a).ok())
            .map(|v| v.to_string())
            .collect();
        for bad in ['\u{1b}', '\u{7}', '\u{0}', '\u{FFFD}'] {
            assert!(!all.contains(bad), "{what}: {bad:?} kept in {json}");
        }
        assert!(
            !json.contains("\\u001b") && !json.contains("\\u0000"),
            "{what}: {json}"
        );
        assert!(
            notes
                .iter()
                .any(|n| matches!(n, ImportNote::Removed(k) if *k > 0)),
            "{what}: {notes:?}"
        );
        // The text around the removed characters is kept.
        assert!(
            json.contains("审议") || json.contains("落实") || json.contains("第一段"),
            "{what}: {json}"
        );
    }
    // Clean text gets no such note.
    let (_, notes) =
        articles_from_file("协会召开理事会\n\n会议审议了报告。\n".as_bytes()).expect("clean");
    assert!(
        !notes.iter().any(|n| matches!(n, ImportNote::Removed(_))),
        "{notes:?}"
    );
}

/// A Word document cut short keeps what it holds, and says text may be missing.
#[test]
fn a_word_document_cut_short_is_imported_with_a_note() {
    let whole = "<w:document><w:body><w:p><w:r><w:t>协会召开理事会</w:t></w:r></w:p><w:p><w:r><w:t>会议审议了年度工作报告。</w:t></w:r></w:p><w:p><w:r><w:t>会议选举产生了新一届理事会成员名单。</w:t></w:r></w:p></w:body></w:document>";
    let (_, notes) = articles_from_file(&docx::tests::zip(
        &[("word/document.xml", whole.as_bytes())],
        true,
    ))
    .expect("whole");
    assert!(!notes.contains(&ImportNote::CutShort), "{notes:?}");
    for cut in [30, 45, 60] {
        let part = &whole.as_bytes()[..whole.len() - cut];
        let (articles, notes) =
            articles_from_file(&docx::tests::zip(&[("word/document.xml", part)], true))
                .expect("what is there is read");
        assert!(
            notes.contains(&ImportNote::CutShort),
            "cut {cut}: {notes:?}"
        );
        let json = serde_json::to_string(&articles).expect("serialises");
        assert!(json.contains("年度工作报告"), "cut {cut}: {json}");
        assert!(ImportNote::CutShort.chinese().contains("截断"));
    }
}

/// Files with no text give "no article found", never an empty article; an issue
/// file gives its articles, with a note of what was left behind.
#[test]
fn empty_documents_and_issue_files() {
    let empty = docx::tests::zip(
        &[("word/document.xml", b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:sectPr/></w:body></w:document>")],
        true,
    );
    assert_eq!(
        articles_from_file(&empty),
        Err(FileError::NoArticle { images: 0 })
    );
    let pictures = docx::tests::zip(
        &[("word/document.xml", b"<w:document><w:body><w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p><w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p></w:body></w:document>")],
        false,
    );
    let e = articles_from_file(&pictures).expect_err("no article");
    assert_eq!(e, FileError::NoArticle { images: 2 });
    assert!(e.chinese().contains("2 张图片"));
    assert_eq!(
        articles_from_file(b"- 3 -\n\n"),
        Err(FileError::NoArticle { images: 0 })
    );
    let sample = Issue::sample();
    let (articles, notes) = articles_from_file(sample.to_json().as_bytes()).expect("an issue");
    assert_eq!(articles.len(), sample.articles().count());
    assert_eq!(
        notes,
        [ImportNote::FromIssue {
            articles: sample.articles().count(),
            sections: sample.sections.len()
        }]
    );
    let broken = sample.to_json().replacen("\"meta\"", "\"meta\" 1", 1);
    let e = articles_from_file(broken.as_bytes()).expect_err("damaged");
    assert!(matches!(e, FileError::BadIssue(..)), "{e:?}");
    assert!(
        e.to_string().contains("line") && e.chinese().contains("损坏"),
        "{e}"
    );
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
                    Block::Figure(_) => "figure",
                    Block::Table(_) => "table",
                })
                .collect()
        };
        if g.blocks.len() + 1 == w.blocks.len() && w.title.starts_with("山西邮电工程公司") {
            // The sample splits this article's second paragraph in two, as the
            // spec's inventory counts 45 paragraphs (README); the seed's text
            // shows no break there. Same words, one paragraph fewer.
            assert_eq!(
                paragraphs(g).concat(),
                paragraphs(w).concat(),
                "text of {} from {what}",
                w.title
            );
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
