use super::*;
use crate::model::AttributionKind;

/// The checksum is the standard CRC-32: its published check value, and the
/// checksum Python's zlib gives for UTF-8 text.
#[test]
fn crc32_is_the_zip_checksum() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
    assert_eq!(crc32("简报".as_bytes()), 0x5272_96E1);
}

/// A zip archive of `files`, stored or deflated.
pub(crate) fn zip(files: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let (method, body) = if deflate {
            (8u16, miniz_oxide::deflate::compress_to_vec(data, 6))
        } else {
            (0u16, data.to_vec())
        };
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]);
            h.extend(crc.to_le_bytes());
            h.extend((body.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central {
                // Comment length, disk, internal and external attributes.
                h.extend([0u8; 10]);
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend(&body);
        central.extend(header(b"PK\x01\x02", true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn para(text: &str, style: Option<&str>, bold: bool) -> String {
    let style = style.map_or(String::new(), |s| {
        format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
    });
    let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!("<w:p>{style}<w:r>{rpr}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

pub(crate) fn sample_docx(deflate: bool) -> Vec<u8> {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let row = |a: &str, b: &str, c: &str| format!("<w:tr>{}{}{}</w:tr>", cell(a), cell(b), cell(c));
    let body = [
        para("山西移动召开“数智移动　实事为民”启动会", Some("Heading1"), true),
        para("近日，山西移动召开启动会。人民网、新华网等&amp;媒体记者应邀参会。", None, false),
        "<w:p><w:r><w:t>活动中，</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>媒体记者</w:t></w:r><w:r><w:t>奔赴基层。</w:t></w:r></w:p>".to_string(),
        format!("<w:tbl>{}{}{}</w:tbl>", row("姓名", "单位", "奖项"), row("薛亥申", "山西省通信行业协会", "特等奖"), row("徐媛", "山西邮政", "二等奖")),
        "<w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p>".to_string(),
        para("（王婧）", None, false),
    ]
    .concat();
    let doc = format!("<?xml version=\"1.0\"?><w:document><w:body>{body}</w:body></w:document>");
    zip(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", doc.as_bytes()),
        ],
        deflate,
    )
}

#[test]
fn a_word_document_imports_as_an_article() {
    for deflate in [false, true] {
        let got = read_docx(&sample_docx(deflate)).expect("reads");
        let a = &got.article;
        assert_eq!(a.title, "山西移动召开“数智移动　实事为民”启动会");
        assert_eq!(
            a.blocks[0],
            Block::Paragraph {
                text: "近日，山西移动召开启动会。人民网、新华网等&媒体记者应邀参会。".into()
            }
        );
        // Bold runs are plain text.
        assert_eq!(
            a.blocks[1],
            Block::Paragraph {
                text: "活动中，媒体记者奔赴基层。".into()
            }
        );
        let Block::AwardList { categories } = &a.blocks[2] else {
            panic!("the three-column table is an award list: {:?}", a.blocks);
        };
        assert_eq!(categories[0].rows.len(), 2, "header row dropped");
        assert_eq!(got.shapes, 1, "a drawing with no picture in it");
        assert_eq!(
            a.attribution.as_ref().map(|x| &x.kind),
            Some(&AttributionKind::Author {
                names: vec!["王婧".into()]
            })
        );
    }
}

/// A zip64 archive as streaming writers make it: every size and offset in the
/// central directory left at all ones with the values in the zip64 extra field,
/// and a zip64 end record with its locator.
fn zip64(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u64;
        let crc = crc32(data);
        out.extend(b"PK\x03\x04");
        out.extend([45u8, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(crc.to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        out.extend(*data);
        central.extend(b"PK\x01\x02");
        central.extend([45u8, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend(crc.to_le_bytes());
        central.extend([0xFF; 8]);
        central.extend((name.len() as u16).to_le_bytes());
        central.extend(28u16.to_le_bytes());
        central.extend([0u8; 10]);
        central.extend([0xFF; 4]);
        central.extend(name.as_bytes());
        central.extend(1u16.to_le_bytes());
        central.extend(24u16.to_le_bytes());
        central.extend((data.len() as u64).to_le_bytes());
        central.extend((data.len() as u64).to_le_bytes());
        central.extend(offset.to_le_bytes());
    }
    let cd_offset = out.len() as u64;
    out.extend(&central);
    let record = out.len() as u64;
    out.extend(b"PK\x06\x06");
    out.extend(44u64.to_le_bytes());
    out.extend([45u8, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend((files.len() as u64).to_le_bytes());
    out.extend((files.len() as u64).to_le_bytes());
    out.extend((central.len() as u64).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(b"PK\x06\x07");
    out.extend(0u32.to_le_bytes());
    out.extend(record.to_le_bytes());
    out.extend(1u32.to_le_bytes());
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend([0xFF; 16]);
    out.extend(0u16.to_le_bytes());
    out
}

fn docx_of(xml: &str) -> Vec<u8> {
    zip(&[("word/document.xml", xml.as_bytes())], true)
}

fn texts(a: &Article) -> Vec<String> {
    let mut out = vec![a.title.clone()];
    for b in &a.blocks {
        if let Block::Paragraph { text } = b {
            out.push(text.clone());
        }
    }
    out
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A first paragraph of Chinese text that runs past the 16 KB where namespace
/// declarations are looked for (the cut fell inside a character and panicked;
/// found by the acceptance run of hostile inputs).
#[test]
fn a_long_first_paragraph_is_cut_at_a_character_boundary() {
    for pad in 0..3 {
        let text = format!("{}{}", "a".repeat(pad), "测".repeat(8_000));
        let xml = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        );
        let a = read_docx(&docx_of(&xml)).expect("reads").article;
        assert_eq!(texts(&a).concat(), text);
    }
}

/// Any prefix, or the default namespace, and UTF-16 parts read as Word's own.
#[test]
fn any_prefix_and_utf16_parts_are_read() {
    let body = |p: &str| {
        format!(
            "<{p}body><{p}p><{p}pPr><{p}pStyle {p}val=\"Title\"/></{p}pPr><{p}r><{p}t>协会召开理事会</{p}t></{p}r></{p}p><{p}p><{p}r><{p}t>会议审议了工作报告。</{p}t></{p}r></{p}p></{p}body>"
        )
    };
    let want = ["协会召开理事会", "会议审议了工作报告。"];
    let forms = [
        format!(
            "<?xml version=\"1.0\"?><ns0:document xmlns:ns0=\"{MAIN_NS}\">{}</ns0:document>",
            body("ns0:")
        ),
        format!(
            "<?xml version=\"1.0\"?><document xmlns=\"{MAIN_NS}\">{}</document>",
            body("")
        ),
        format!(
            "<w:document xmlns:w=\"{MAIN_NS}\">{}</w:document>",
            body("w:")
        ),
    ];
    for xml in &forms {
        let a = read_docx(&docx_of(xml)).expect("reads").article;
        assert_eq!(texts(&a), want, "{xml}");
    }
    for big_endian in [false, true] {
        let xml = forms[0].replace("version=\"1.0\"", "version=\"1.0\" encoding=\"UTF-16\"");
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        bytes.extend(xml.encode_utf16().flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        }));
        let d = zip(&[("word/document.xml", &bytes)], true);
        assert_eq!(texts(&read_docx(&d).expect("reads").article), want);
    }
}

/// Text boxes once (Choice, else Fallback), hidden text and comments never,
/// special characters as their characters.
#[test]
fn text_boxes_once_hidden_text_and_comments_never() {
    let box_ =
        |t: &str| format!("<w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent>");
    let alt = |choice: bool, fallback: bool| {
        let c = if choice {
            format!("<mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice>", box_("框中文字。"))
        } else {
            String::new()
        };
        let f = if fallback {
            format!(
                "<mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback>",
                box_("框中文字。")
            )
        } else {
            String::new()
        };
        format!("<w:p><w:r><mc:AlternateContent>{c}{f}</mc:AlternateContent></w:r></w:p>")
    };
    for (choice, fallback) in [(true, true), (true, false), (false, true)] {
        let xml = format!(
            "<w:document xmlns:w=\"{MAIN_NS}\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{}{}<w:p><w:r><w:t>正文。</w:t></w:r></w:p></w:body></w:document>",
            para("标题", Some("Heading1"), false),
            alt(choice, fallback)
        );
        let a = read_docx(&docx_of(&xml)).expect("reads").article;
        assert_eq!(
            texts(&a),
            ["标题", "框中文字。", "正文。"],
            "{choice} {fallback}"
        );
    }
    // Another prefix for markup compatibility, too.
    let xml = format!(
        "<w:document xmlns:w=\"{MAIN_NS}\" xmlns:m2=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{}{}</w:body></w:document>",
        para("标题", Some("Heading1"), false),
        alt(true, true).replace("mc:", "m2:")
    );
    assert_eq!(
        texts(&read_docx(&docx_of(&xml)).expect("reads").article),
        ["标题", "框中文字。"]
    );
    let xml = format!(
        "<w:document xmlns:w=\"{MAIN_NS}\"><w:body>{}<w:p><w:r><w:t>会议</w:t></w:r><w:commentRangeStart w:id=\"0\"/><w:r><w:rPr><w:vanish/></w:rPr><w:t>（隐藏的意见）</w:t></w:r><w:r><w:t>要求</w:t></w:r><w:r><w:tab/><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t><w:sym w:font=\"Symbol\" w:char=\"F0B3\"/><w:t>5。</w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p></w:body></w:document>",
        para("标题", Some("Heading1"), false)
    );
    let d = zip(
        &[
            ("word/document.xml", xml.as_bytes()),
            ("word/comments.xml", "<w:comments><w:comment w:id=\"0\"><w:p><w:r><w:t>批注文字</w:t></w:r></w:p></w:comment></w:comments>".as_bytes()),
        ],
        true,
    );
    let a = read_docx(&d).expect("reads").article;
    assert_eq!(texts(&a), ["标题", "会议要求A-B≥5。"]);
}

#[test]
fn zip64_encrypted_entries_and_opendocument() {
    let xml = format!(
        "<w:document xmlns:w=\"{MAIN_NS}\"><w:body>{}{}</w:body></w:document>",
        para("协会召开理事会", Some("Heading1"), false),
        para("会议审议了工作报告。", None, false)
    );
    let d = zip64(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", xml.as_bytes()),
    ]);
    assert_eq!(
        texts(&read_docx(&d).expect("zip64 reads").article),
        ["协会召开理事会", "会议审议了工作报告。"]
    );
    // General-purpose flag bit 0: the entry is encrypted.
    let mut enc = docx_of(&xml);
    let cd = enc
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .expect("central entry");
    enc[cd + 8] |= 1;
    assert_eq!(read_docx(&enc), Err(DocxError::Encrypted));
    let odt = zip(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<x/>"),
        ],
        false,
    );
    assert_eq!(read_docx(&odt), Err(DocxError::OpenDocument));
}

#[test]
fn damaged_documents_and_zip_bombs_are_errors() {
    assert!(matches!(read_docx(b"not a zip"), Err(DocxError::NotZip(_))));
    let good = sample_docx(true);
    for cut in [10, good.len() / 2, good.len() - 5] {
        assert!(read_docx(&good[..cut]).is_err(), "cut at {cut}");
    }
    let other = zip(&[("a.txt", b"hello")], false);
    assert_eq!(read_docx(&other), Err(DocxError::NotWord));
    // 100 MB of zeros compresses to ~100 KB: refused at the limit, not inflated.
    let zeros = vec![0u8; 100 * 1024 * 1024];
    let bomb = zip(&[("word/document.xml", &zeros)], true);
    assert_eq!(read_docx(&bomb), Err(DocxError::TooLarge));
    // Arbitrary bytes after a zip signature never panic.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..200 {
        let mut bytes = b"PK\x03\x04".to_vec();
        for _ in 0..300 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.push((x >> 32) as u8);
        }
        let _ = read_docx(&bytes);
    }
}
