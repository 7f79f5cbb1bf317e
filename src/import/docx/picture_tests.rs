//! Pictures in Word documents as Word, WPS and LibreOffice write them: inline and
//! floating drawings, VML pictures, photos laid out in tables, captions above the
//! picture's paragraph or not at all, formats that cannot be placed, linked files.

use super::tests::zip;
use super::*;
use crate::import::pictures::LeftOutWhy;
use crate::import::tests::{captions, figures, kinds};
use crate::model::FigureWidth;
use crate::picture::samples;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#;

/// A Word package: the body, its relationships (id, target, external) and media files.
fn package(body: &str, rels: &[(&str, &str, bool)], media: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let rels: String = rels
        .iter()
        .map(|(id, target, external)| {
            format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{target}"{}/>"#,
                if *external { r#" TargetMode="External""# } else { "" }
            )
        })
        .collect();
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), doc.into_bytes()),
        ("word/_rels/document.xml.rels".into(), rels.into_bytes()),
    ];
    for (name, bytes) in media {
        files.push((format!("word/media/{name}"), bytes.clone()));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip(&refs, true)
}

/// Word's inline picture (what 插入 → 图片 writes), `cx` EMU wide.
fn inline(rel: &str, cx: u64) -> String {
    format!(
        r#"<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{}"/><wp:effectExtent l="0" t="0" r="2540" b="8255"/><wp:docPr id="1" name="图片 1"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="IMG_0312.JPG"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel}"><a:extLst><a:ext uri="{{28A0092B-C50C-407E-A947-70E740481C1C}}"/></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="3515995"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
        cx * 2 / 3
    )
}

/// WPS's floating picture (上下型环绕), anchored to a paragraph.
fn anchored(rel: &str, cx: u64, behind: bool) -> String {
    format!(
        r#"<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="{}" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>1270000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="{cx}" cy="1800000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/><wp:docPr id="2" name="图片 2" descr="wpsE2B1.tmp"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="2" name="图片 2"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="1800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"#,
        u8::from(behind)
    )
}

fn p(runs: &str, centred: bool) -> String {
    let ppr = if centred {
        r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#
    } else {
        r#"<w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>"#
    };
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn t(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#
    )
}

const TITLE: &str = "协会举办第三届通信行业职业技能竞赛";
const BODY1: &str =
    "5月18日，协会在太原举办第三届通信行业职业技能竞赛，来自全省12家会员单位的60名选手同台竞技。";
const BODY2: &str = "竞赛分理论考试和实际操作两部分，内容涵盖光缆接续、基站维护、网络优化等岗位技能，全面检验了选手的业务水平。";
const BODY3: &str = "协会负责同志表示，将以竞赛为契机，进一步加强行业技能人才队伍建设，为数字经济发展提供人才支撑。";

/// Word: a centred inline photo, the 图1 caption under it, and a photo drawn at full
/// width; the bytes come in under the media file's name.
#[test]
fn a_word_inline_picture_with_a_numbered_caption() {
    let photo = samples::jpeg(320, 240);
    let body = [
        p(&t(TITLE), true),
        p(&t(BODY1), false),
        p(&inline("rId4", 5_274_310), true),
        p(&t("图1　比赛现场"), true),
        p(&t(BODY2), false),
    ]
    .concat();
    let doc = package(
        &body,
        &[("rId4", "media/image1.jpeg", false)],
        &[("image1.jpeg", photo.clone())],
    );
    let got = read_docx(&doc).expect("reads");
    let a = &got.article;
    assert_eq!(a.title, TITLE);
    assert_eq!(kinds(a), "PFP");
    let f = figures(a)[0];
    assert_eq!(captions(f), ["图1　比赛现场"]);
    assert_eq!(f.width, FigureWidth::Full);
    let picture = got.found.pictures.get(&f.first.picture).expect("carried");
    assert_eq!(picture.name, "image1.jpeg");
    assert_eq!(&*picture.bytes, photo.as_slice(), "the JPEG as it was");
    assert!(got.found.left_out.is_empty());
}

/// WPS: a floating photo half the text wide, a short centred caption without 图; a
/// second photo anchored in a body paragraph's own text with no caption, followed by
/// a long paragraph that stays body text.
#[test]
fn a_wps_anchored_picture_with_a_centred_caption_and_one_without() {
    let body = [
        p(&t(TITLE), true),
        p(&anchored("rId5", 2_700_000, false), true),
        p(&t("选手在进行光缆接续"), true),
        p(&(anchored("rId6", 4_800_000, false) + &t(BODY1)), false),
        p(&t(BODY2), false),
        p(&inline("rId5", 2_000_000), true),
        p(&t(BODY3), true),
    ]
    .concat();
    let doc = package(
        &body,
        &[
            ("rId5", "media/image1.png", false),
            ("rId6", "media/image2.jpeg", false),
        ],
        &[
            ("image1.png", samples::png(90, 60)),
            ("image2.jpeg", samples::jpeg(200, 100)),
        ],
    );
    let got = read_docx(&doc).expect("reads");
    let a = &got.article;
    assert_eq!(kinds(a), "FFPPFP", "{:?}", a.blocks);
    let figs = figures(a);
    assert_eq!(captions(figs[0]), ["选手在进行光缆接续"]);
    assert_eq!(figs[0].width, FigureWidth::Half);
    assert_eq!(captions(figs[1]), [""], "body text is no caption");
    assert_eq!(figs[1].width, FigureWidth::Full);
    // A long centred paragraph after a picture is body text too.
    assert_eq!(captions(figs[2]), [""]);
    assert!(matches!(&a.blocks[5], Block::Paragraph { text } if text == BODY3));
    // The same picture drawn twice is carried once.
    assert_eq!(figs[0].first.picture, figs[2].first.picture);
    assert_eq!(got.found.pictures.len(), 2);
}

/// Two photos side by side: in a borderless 1×2 table with a caption under each (in
/// the cell), in a 2×2 table with the captions in the row below, and in one
/// paragraph with both captions on the line under them.
#[test]
fn pictures_side_by_side_in_tables_and_paragraphs() {
    let cell = |inner: &str| {
        format!(r#"<w:tc><w:tcPr><w:tcW w:w="4153" w:type="dxa"/></w:tcPr>{inner}</w:tc>"#)
    };
    let borderless = r#"<w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="none" w:sz="0" w:space="0" w:color="auto"/><w:left w:val="none"/><w:bottom w:val="none"/><w:right w:val="none"/><w:insideH w:val="none"/><w:insideV w:val="none"/></w:tblBorders></w:tblPr>"#;
    let one_row = format!(
        "<w:tbl>{borderless}<w:tr>{}{}</w:tr></w:tbl>",
        cell(&(p(&inline("rId1", 2_500_000), true) + &p(&t("图2 颁奖仪式"), true))),
        cell(&(p(&inline("rId2", 2_500_000), true) + &p(&t("图3 获奖选手合影"), true))),
    );
    let two_rows = format!(
        "<w:tbl>{borderless}<w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell(&p(&inline("rId3", 2_500_000), true)),
        cell(&p(&inline("rId4", 2_500_000), true)),
        cell(&p(&t("理论考试"), true)),
        cell(&p(&t("实操考核"), true)),
    );
    let body = [
        p(&t(TITLE), true),
        p(&t(BODY1), false),
        one_row,
        p(&t(BODY2), false),
        two_rows,
        p(
            &(inline("rId1", 2_400_000) + &t("  ") + &inline("rId3", 2_400_000)),
            true,
        ),
        p(&t("图4 开幕式　　图5 闭幕式"), true),
        p(&t(BODY3), false),
    ]
    .concat();
    let rels = [
        ("rId1", "media/image1.jpeg", false),
        ("rId2", "media/image2.jpeg", false),
        ("rId3", "media/image3.png", false),
        ("rId4", "media/image4.png", false),
    ];
    let media = [
        ("image1.jpeg", samples::jpeg(300, 200)),
        ("image2.jpeg", samples::jpeg(301, 200)),
        ("image3.png", samples::png(40, 30)),
        ("image4.png", samples::png(41, 30)),
    ];
    let got = read_docx(&package(&body, &rels, &media)).expect("reads");
    let a = &got.article;
    assert_eq!(kinds(a), "PFPFFP", "{:?}", a.blocks);
    let figs = figures(a);
    assert_eq!(captions(figs[0]), ["图2 颁奖仪式", "图3 获奖选手合影"]);
    assert_eq!(captions(figs[1]), ["理论考试", "实操考核"]);
    assert_eq!(captions(figs[2]), ["图4 开幕式", "图5 闭幕式"]);
    for f in &figs {
        assert!(f.second.is_some(), "side by side: {f:?}");
        assert_eq!(
            f.width,
            FigureWidth::Full,
            "two half-width photos fill the measure"
        );
    }
    assert_eq!(got.found.pictures.len(), 4);
    // No caption is also a paragraph.
    let json = serde_json::to_string(&a.blocks).expect("serialises");
    assert_eq!(json.matches("颁奖仪式").count(), 1, "{json}");
    assert_eq!(json.matches("实操考核").count(), 1, "{json}");
}

/// Pictures that cannot come in are named with their place: an EMF chart, a GIF, a
/// picture linked from a file on the author's computer, a seal behind the text, a
/// relationship whose media file is missing. A chart with no picture is counted.
#[test]
fn pictures_left_out_are_reported_with_name_and_place() {
    let emf = [&[1u8, 0, 0, 0, 0x6C, 0, 0, 0][..], &[0u8; 80][..], b" EMF"].concat();
    let linked = r#"<w:r><w:drawing><wp:inline><wp:extent cx="3000000" cy="2000000"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:link="rId9"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    let chart = r#"<w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart r:id="rId12"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    let body = [
        p(&t(TITLE), true),
        p(&t(BODY1), false),
        p(&inline("rId7", 5_000_000), true),
        p(&t("图1 各单位完成情况"), true),
        p(&t(BODY2), false),
        p(&inline("rId8", 3_000_000), true),
        p(linked, true),
        p(
            &(t("山西省通信行业协会") + &anchored("rId10", 1_500_000, true)),
            false,
        ),
        p(&inline("rId11", 3_000_000), true),
        p(chart, true),
        p(&inline("rId13", 3_000_000), true),
    ]
    .concat();
    let rels = [
        ("rId7", "media/image1.emf", false),
        ("rId8", "media/image2.gif", false),
        (
            "rId9",
            "file:///C:/Users/wang/Pictures/%E4%BC%9A%E5%9C%BA.jpg",
            true,
        ),
        ("rId10", "media/image3.png", false),
        ("rId11", "media/image4.jpeg", false),
        ("rId13", "media/image5.jpeg", false),
    ];
    let media = [
        ("image1.emf", emf),
        (
            "image2.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
        ),
        ("image3.png", samples::png(50, 50)),
        ("image5.jpeg", samples::jpeg(64, 48)),
    ];
    let got = read_docx(&package(&body, &rels, &media)).expect("reads");
    let left: Vec<(&str, &LeftOutWhy)> = got
        .found
        .left_out
        .iter()
        .map(|l| (l.name.as_str(), &l.why))
        .collect();
    assert_eq!(left.len(), 5, "{left:?}");
    assert_eq!(left[0].0, "image1.emf");
    assert!(matches!(left[0].1, LeftOutWhy::Format { zh, .. } if zh.contains("EMF")));
    assert_eq!(left[1].0, "image2.gif");
    assert!(matches!(left[1].1, LeftOutWhy::Format { zh, .. } if zh.contains("GIF")));
    assert_eq!(left[2].0, "会场.jpg");
    assert!(matches!(left[2].1, LeftOutWhy::Linked(to) if to.starts_with("file:///C:")));
    assert_eq!(left[3], ("image3.png", &LeftOutWhy::BehindText));
    assert_eq!(left[4], ("image4.jpeg", &LeftOutWhy::Missing));
    // Each names where it was.
    assert!(
        got.found.left_out[0].after.ends_with("同台竞技。"),
        "{:?}",
        got.found.left_out[0]
    );
    let report = got.found.left_out[0].chinese();
    assert!(
        report.contains("image1.emf") && report.contains("之后"),
        "{report}"
    );
    assert_eq!(got.shapes, 1, "the chart");
    // The caption of a picture left out stays as text; the picture that came in is
    // the only figure.
    let a = &got.article;
    assert_eq!(figures(a).len(), 1);
    assert_eq!(got.found.pictures.len(), 1);
    assert!(
        a.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { text } if text.ends_with("各单位完成情况"))),
        "{:?}",
        a.blocks
    );
    // The import report says all of it, in Chinese.
    let (_, notes) =
        crate::import::articles_from_file(&package(&body, &rels, &media)).expect("reads");
    let zh: Vec<String> = notes.iter().map(|n| n.chinese()).collect();
    let all = zh.join("\n");
    for want in [
        "image1.emf",
        "image2.gif",
        "会场.jpg",
        "衬于文字下方",
        "image4.jpeg",
        "1 个图表",
    ] {
        assert!(all.contains(want), "{want} missing from {all}");
    }
}

/// A document with a table of data and pictures brings in both, in document order;
/// VML pictures (older Word, WPS) come in too, sized from their style.
#[test]
fn tables_and_pictures_in_one_document_keep_their_order() {
    let row = |cells: &[&str]| {
        let cells: String = cells
            .iter()
            .map(|c| format!("<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>"))
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    };
    let table = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>{}{}{}</w:tbl>",
        row(&["单位", "新建基站", "完成率", "排名"]),
        row(&["太原分公司", "1,203", "102%", "1"]),
        row(&["大同分公司", "864", "97%", "2"]),
    );
    let vml = r##"<w:r><w:pict><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:200pt;height:150pt"><v:imagedata r:id="rId3" o:title=""/></v:shape></w:pict></w:r>"##;
    let body = [
        p(&t(TITLE), true),
        p(&inline("rId1", 5_000_000), true),
        p(&t("图1 竞赛开幕式"), true),
        p(&t(BODY1), false),
        p(&t("表1 各单位完成情况"), true),
        table,
        p(vml, true),
        p(&t("图2 获奖选手"), true),
        p(&t(BODY3), false),
    ]
    .concat();
    let doc = package(
        &body,
        &[
            ("rId1", "media/image1.jpeg", false),
            ("rId3", "media/image2.png", false),
        ],
        &[
            ("image1.jpeg", samples::jpeg(120, 80)),
            ("image2.png", samples::png(80, 60)),
        ],
    );
    let got = read_docx(&doc).expect("reads");
    let a = &got.article;
    assert_eq!(kinds(a), "FPPTFP", "{:?}", a.blocks);
    let Block::Table(t) = &a.blocks[3] else {
        panic!("a table");
    };
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[1][0], "太原分公司");
    let figs = figures(a);
    assert_eq!(captions(figs[1]), ["图2 获奖选手"]);
    assert_eq!(
        figs[1].width,
        FigureWidth::Half,
        "200 pt of a 415 pt text width"
    );
}

/// Generated documents: body paragraphs and pictures in random order, pictures with a
/// caption (numbered, 图为…, short centred) or none; every picture comes in, in its
/// place, with exactly its caption, and every paragraph stays a paragraph.
#[test]
fn generated_documents_keep_every_picture_caption_and_paragraph() {
    let bodies = [
        BODY1,
        BODY2,
        BODY3,
        "会议强调，各单位要提高认识，狠抓落实。",
        "图书馆同期举办了行业发展成果展，展出图片200余幅。",
    ];
    let captions_pool = [
        "图1 会议现场",
        "图为选手在比赛中",
        "全体合影",
        "图2：颁奖仪式",
        "图（右）会长致辞",
    ];
    let mut rng = crate::testing::Rng(0x2545_F491);
    let mut next = |n: usize| rng.below(n);
    for round in 0..40 {
        let mut body = p(&t(TITLE), true);
        let mut rels = Vec::new();
        let mut media = Vec::new();
        let mut want: Vec<(char, String)> = Vec::new();
        for k in 0..(3 + next(6)) {
            if next(2) == 0 {
                let text = bodies[next(bodies.len())];
                body += &p(&t(text), next(4) == 0);
                want.push(('P', text.to_string()));
            } else {
                let rel = format!("rId{k}");
                let name = format!("image{k}.jpeg");
                media.push((name.clone(), samples::jpeg(16 + k as u32, 16 + round)));
                rels.push((rel.clone(), format!("media/{name}")));
                body += &p(&inline(&rel, 4_000_000), true);
                let caption = if next(3) == 0 {
                    String::new()
                } else {
                    captions_pool[next(captions_pool.len())].to_string()
                };
                if !caption.is_empty() {
                    body += &p(&t(&caption), true);
                }
                want.push(('F', caption));
            }
        }
        let rels: Vec<(&str, &str, bool)> = rels
            .iter()
            .map(|(r, t)| (r.as_str(), t.as_str(), false))
            .collect();
        let media: Vec<(&str, Vec<u8>)> =
            media.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let got = read_docx(&package(&body, &rels, &media)).expect("reads");
        let have: Vec<(char, String)> = got
            .article
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } => ('P', text.clone()),
                Block::Figure(f) => ('F', f.first.caption.clone()),
                other => ('?', format!("{other:?}")),
            })
            .collect();
        assert_eq!(have, want, "round {round}");
        assert!(got.found.left_out.is_empty());
    }
}

/// An issue with imported pictures saves (a zip with the pictures) and opens again
/// with the same pictures, byte for byte; imported from, its articles come with them.
#[test]
fn imported_pictures_save_open_and_import_again() {
    let photo = samples::jpeg(160, 120);
    let body = [
        p(&t(TITLE), true),
        p(&t(BODY1), false),
        p(&inline("rId1", 5_000_000), true),
        p(&t("图1 比赛现场"), true),
        p(
            &(inline("rId2", 2_400_000) + &inline("rId3", 2_400_000)),
            true,
        ),
        p(&t("图2 理论考试　　图3 实操考核"), true),
    ]
    .concat();
    let doc = package(
        &body,
        &[
            ("rId1", "media/image1.jpeg", false),
            ("rId2", "media/image2.png", false),
            ("rId3", "media/image3.png", false),
        ],
        &[
            ("image1.jpeg", photo.clone()),
            ("image2.png", samples::png(50, 40)),
            ("image3.png", samples::png(51, 40)),
        ],
    );
    let file = crate::import::import_file(&doc, None).expect("imports");
    assert_eq!(file.pictures.len(), 3);
    let mut issue = crate::model::Issue::sample();
    crate::import::add_pictures(&file.pictures, &mut issue);
    issue.front.extend(file.articles.clone());
    let dir = std::env::temp_dir().join(format!("jianbao-picimp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let path = dir.join("第9期.jianbao");
    crate::store::save_issue(&issue, &path).expect("saves");
    let back = crate::model::Issue::load(&path).expect("opens");
    assert_eq!(back.pictures.len(), 3);
    for p in file.pictures.iter() {
        let q = back.pictures.get(&p.id).expect("carried");
        assert_eq!(q.bytes, p.bytes);
        assert_eq!(q.name, p.name);
    }
    assert_eq!(back, issue);
    // The saved issue given to import gives its articles with their pictures.
    let bytes = std::fs::read(&path).expect("reads");
    let again = crate::import::import_file(&bytes, None).expect("an issue file");
    assert_eq!(again.pictures.len(), 3);
    let figures = again
        .articles
        .iter()
        .flat_map(|a| &a.blocks)
        .filter(|b| matches!(b, Block::Figure(_)))
        .count();
    assert_eq!(figures, 2);
    let _ = std::fs::remove_dir_all(&dir);
}
