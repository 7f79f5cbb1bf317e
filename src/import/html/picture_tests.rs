//! Pictures of web pages as browsers, Word's "save as web page" and WeChat leave them:
//! files beside the page (percent-encoded names), data: URLs, remote addresses,
//! figure/figcaption and caption paragraphs.

use super::*;
use crate::import::pictures::LeftOutWhy;
use crate::import::tests::{captions, figures, kinds};
use crate::model::FigureWidth;
use crate::picture::samples;
use std::path::PathBuf;

/// A folder holding a saved page's pictures (removed when dropped).
struct Saved(PathBuf);

impl Saved {
    fn new(tag: &str, files: &[(&str, Vec<u8>)]) -> Saved {
        let dir =
            std::env::temp_dir().join(format!("jianbao-htmlpics-{tag}-{}", std::process::id()));
        for (name, bytes) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("temp folder");
            std::fs::write(path, bytes).expect("temp file");
        }
        std::fs::create_dir_all(&dir).expect("temp folder");
        Saved(dir)
    }
}

impl Drop for Saved {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const BODY: &str =
    "5月18日，协会在太原举办第三届通信行业职业技能竞赛，来自全省12家会员单位的60名选手同台竞技。";
const BODY2: &str =
    "竞赛分理论考试和实际操作两部分，全面检验了选手的业务水平，评出一等奖3名、二等奖6名。";

/// A page saved by a browser with its pictures beside it: figure/figcaption, an img
/// followed by a centred caption, an img followed by body text, two images in one
/// paragraph with both captions under them; percent-encoded and file:// addresses.
#[test]
fn a_saved_page_brings_its_pictures_with_their_captions() {
    let photo = samples::jpeg(200, 150);
    let saved = Saved::new(
        "page",
        &[
            ("竞赛_files/会场.jpg", photo.clone()),
            ("竞赛_files/合影 1.png", samples::png(60, 40)),
            ("竞赛_files/a.jpg", samples::jpeg(30, 40)),
            ("竞赛_files/b.jpg", samples::jpeg(31, 40)),
        ],
    );
    let file_url = format!(
        "file://{}/%E7%AB%9E%E8%B5%9B_files/a.jpg",
        saved.0.display()
    );
    let page = format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>协会举办职业技能竞赛</title></head><body>
<div class="logo"><img src="https://www.example.cn/logo.png"></div>
<h1>协会举办职业技能竞赛</h1>
<p>{BODY}</p>
<figure><img src="竞赛_files/会场.jpg" alt=""><figcaption>竞赛开幕式现场</figcaption></figure>
<p style="text-align:center"><img src="%E7%AB%9E%E8%B5%9B_files/%E5%90%88%E5%BD%B1%201.png" width="290"></p>
<p style="text-align: center;"><span style="font-size:12px;color:#888">全体参赛选手合影</span></p>
<p><img src="竞赛_files/a.jpg?v=2"></p>
<p>{BODY2}</p>
<p align="center"><img src="{file_url}" width="45%"> <img src="竞赛_files/b.jpg" width="45%"></p>
<p align="center">图3 理论考试　　图4 实操考核</p>
<p>协会将继续举办此类竞赛。<img src="icons/print.gif" width="16" height="16"></p>
</body></html>"#
    );
    let got = read_html_in(&page, Some(&saved.0));
    let a = &got.articles[0];
    assert_eq!(a.title, "协会举办职业技能竞赛");
    assert_eq!(kinds(a), "PFFFPFP", "{:?}", a.blocks);
    let figs = figures(a);
    assert_eq!(captions(figs[0]), ["竞赛开幕式现场"]);
    assert_eq!(captions(figs[1]), ["全体参赛选手合影"]);
    assert_eq!(figs[1].width, FigureWidth::Half, "290 px of a page column");
    assert_eq!(captions(figs[2]), [""], "body text is no caption");
    assert_eq!(captions(figs[3]), ["图3 理论考试", "图4 实操考核"]);
    assert_eq!(figs[3].width, FigureWidth::Full);
    // The picture from file:// and the one from a relative address with a query
    // are the same file, carried once.
    assert_eq!(figs[2].first.picture, figs[3].first.picture);
    let first = got
        .found
        .pictures
        .get(&figs[0].first.picture)
        .expect("carried");
    assert_eq!(first.name, "会场.jpg");
    assert_eq!(&*first.bytes, photo.as_slice());
    assert_eq!(got.found.pictures.len(), 4);
    // The site's logo above the title is page furniture: not read, not reported.
    assert!(got.found.left_out.is_empty(), "{:?}", got.found.left_out);
}

/// A data: URL picture comes in; a remote picture (WeChat's data-src, a site's
/// uploads) and a file the page names but that is not there are reported by name
/// with the text before them.
#[test]
fn data_urls_come_in_remote_and_missing_pictures_are_reported() {
    let png = samples::png(20, 10);
    let b64 = {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in png.chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for k in 0..4 {
                if k <= c.len() {
                    out.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    };
    let saved = Saved::new("missing", &[]);
    let page = format!(
        r#"<html><head><title>x</title></head><body><h1 class="rich_media_title">忻州铁塔守护林区</h1>
<div id="js_content"><p>{BODY}</p>
<p><img src="data:image/png;base64,{b64}"></p><p>图为技术人员安装监控设备</p>
<p><img class="rich_pages" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/abc/640?wx_fmt=jpeg" src="data:image/svg+xml,%3C%3Fxml%20version%3D%271.0%27%3F%3E%3Csvg%3E%3C/svg%3E"></p>
<p>{BODY2}</p>
<p><img src="images/%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg"></p>
<p><img src="https://www.example.gov.cn/uploads/2024/05/photo1.jpg"></p>
</div></body></html>"#
    );
    let got = read_html_in(&page, Some(&saved.0));
    let a = &got.articles[0];
    assert_eq!(kinds(a), "PFP", "{:?}", a.blocks);
    assert_eq!(captions(figures(a)[0]), ["图为技术人员安装监控设备"]);
    let left: Vec<(&str, &LeftOutWhy)> = got
        .found
        .left_out
        .iter()
        .map(|l| (l.name.as_str(), &l.why))
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(matches!(left[0], ("640", LeftOutWhy::Linked(u)) if u.starts_with("https://mmbiz")));
    assert_eq!(left[1], ("现场照片.jpg", &LeftOutWhy::Missing));
    assert!(matches!(left[2], ("photo1.jpg", LeftOutWhy::Linked(_))));
    assert!(got.found.left_out[1].after.ends_with("二等奖6名。"));
    let zh = got.found.left_out[1].chinese();
    assert!(zh.contains("现场照片.jpg") && zh.contains("找不到"), "{zh}");
    // Through the common entry the report says the same, in Chinese.
    let (_, notes) = crate::import::articles_from_file(page.as_bytes()).expect("reads");
    let all: String = notes.iter().map(|n| n.chinese()).collect();
    assert!(
        all.contains("mmbiz.qpic.cn") && all.contains("没有下载"),
        "{all}"
    );
}

/// Word's "save as web page" writes each picture twice, VML in a conditional
/// comment and an img for other browsers: one figure comes in.
#[test]
fn word_saved_as_web_page_gives_each_picture_once() {
    let saved = Saved::new(
        "word",
        &[
            ("文档1.files/image001.png", samples::png(30, 20)),
            ("文档1.files/image002.jpg", samples::jpeg(30, 20)),
        ],
    );
    let page = r#"<html xmlns:v="urn:schemas-microsoft-com:vml"><head><meta name=ProgId content=Word.Document><title>文档1</title></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center style='text-align:center'><b>长治铁塔助力数字乡村</b></p>
<p class=MsoNormal style='text-indent:21.0pt'>今年以来，长治铁塔新建共享站址416个，有力支撑了数字乡村建设。</p>
<p class=MsoNormal align=center style='text-align:center'><!--[if gte vml 1]><v:shape id="图片_x0020_1" style='width:415pt;height:233pt'><v:imagedata src="文档1.files/image001.png" o:title=""/></v:shape><![endif]--><![if !vml]><img width=553 height=311 src="文档1.files/image002.jpg" v:shapes="图片_x0020_1"><![endif]></p>
<p class=MsoNormal align=center style='text-align:center'>图1 新建铁塔</p>
</div></body></html>"#;
    let got = read_html_in(page, Some(&saved.0));
    let a = &got.articles[0];
    assert_eq!(a.title, "长治铁塔助力数字乡村");
    assert_eq!(kinds(a), "PF");
    let f = figures(a)[0];
    assert_eq!(captions(f), ["图1 新建铁塔"]);
    assert_eq!(
        f.width,
        FigureWidth::Full,
        "553 px is Word's full text width"
    );
    assert_eq!(
        got.found
            .pictures
            .get(&f.first.picture)
            .map(|p| p.name.as_str()),
        Some("image002.jpg")
    );
}

/// Photos laid out in a table: two pictures in a row with their captions in the row
/// below, and a row whose cells hold a picture and its caption each.
#[test]
fn photos_in_a_layout_table_stand_side_by_side() {
    let saved = Saved::new(
        "table",
        &[
            ("p/1.jpg", samples::jpeg(40, 30)),
            ("p/2.jpg", samples::jpeg(41, 30)),
            ("p/3.png", samples::png(42, 30)),
            ("p/4.png", samples::png(43, 30)),
        ],
    );
    let page = format!(
        r#"<html><body><h1>协会开展志愿服务活动</h1><p>{BODY}</p>
<table border="0"><tr><td><img src="p/1.jpg"></td><td><img src="p/2.jpg"></td></tr>
<tr><td align="center">图1 志愿者在社区服务</td><td align="center">图2 志愿者合影</td></tr></table>
<table><tr><td><img src="p/3.png"> 义诊现场</td><td><img src="p/4.png"> 宣传咨询</td></tr></table>
<p>{BODY2}</p></body></html>"#
    );
    let got = read_html_in(&page, Some(&saved.0));
    let a = &got.articles[0];
    assert_eq!(kinds(a), "PFFP", "{:?}", a.blocks);
    let figs = figures(a);
    assert_eq!(
        captions(figs[0]),
        ["图1 志愿者在社区服务", "图2 志愿者合影"]
    );
    assert_eq!(captions(figs[1]), ["义诊现场", "宣传咨询"]);
    let json = serde_json::to_string(&a.blocks).expect("serialises");
    assert_eq!(json.matches("志愿者合影").count(), 1, "{json}");
}
