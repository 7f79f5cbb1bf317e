use super::*;
use crate::import::tests::paragraphs;
use crate::model::AttributionKind;

#[test]
fn a_saved_page_gives_title_paragraphs_source_and_images() {
    let page = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>全省通信行业开展安全生产检查_某某省通信管理局</title>
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><ul><li><a href="/">首页</a></li></ul></nav>
<div class="crumb">当前位置：首页 &gt; 工作动态</div>
<h1>全省通信行业开展安全生产检查</h1>
<div class="info">发布时间：2024-03-05　来源：某某省通信管理局</div>
<div class="content">
<p style="text-indent:2em">　　近日，全省通信行业开展了安全生产大检查。检查组深入20个基站、机房，查看了消防、用电等情况。</p>
<p><img src="a.jpg"></p>
<p>　　检查要求，各单位要&ldquo;举一反三&rdquo;，<strong>立即整改</strong>发现的问题。<br>　　下一步，将持续开展督导。</p>
</div>
<footer><p>版权所有 某某省通信管理局</p></footer></body></html>"#;
    let got = read_html(page);
    assert_eq!(got.images, 1);
    assert_eq!(got.articles.len(), 1);
    let a = &got.articles[0];
    assert_eq!(a.title, "全省通信行业开展安全生产检查");
    assert_eq!(
        paragraphs(a),
        [
            "近日，全省通信行业开展了安全生产大检查。检查组深入20个基站、机房，查看了消防、用电等情况。",
            "检查要求，各单位要“举一反三”，立即整改发现的问题。",
            "下一步，将持续开展督导。",
        ]
    );
    assert_eq!(
        a.attribution.as_ref().map(|x| &x.kind),
        Some(&AttributionKind::Source {
            text: "来源：某某省通信管理局".into()
        })
    );
}

#[test]
fn a_wechat_article_reads_only_its_body() {
    let page = r#"<html><head><title>公众号</title></head><body>
<h1 class="rich_media_title" id="activity-name">  协会举办第三届职业技能竞赛  </h1>
<div id="meta_content"><span>某某通信协会</span> <em>2024-05-20</em></div>
<div class="rich_media_content" id="js_content"><section><p><span>——以赛促学　以赛促训</span></p>
<p><span>5月18日，协会举办第三届职业技能竞赛。</span></p><p><br></p>
<section><p>来自12家单位的60名选手参赛。</p></section>
<p style="text-align:right">（协会培训部）</p></section></div>
<div id="js_pc_qr_code"><p>微信扫一扫关注该公众号</p></div></body></html>"#;
    let got = read_html(page);
    let a = &got.articles[0];
    assert_eq!(a.title, "协会举办第三届职业技能竞赛");
    assert_eq!(a.subtitle.as_deref(), Some("——以赛促学　以赛促训"));
    assert_eq!(
        paragraphs(a),
        [
            "5月18日，协会举办第三届职业技能竞赛。",
            "来自12家单位的60名选手参赛。"
        ]
    );
    assert_eq!(
        a.attribution.as_ref().map(|x| &x.kind),
        Some(&AttributionKind::Source {
            text: "协会培训部".into()
        })
    );
}

/// Older sites lay pages out with tables and centre the title in a cell; Word's
/// "save as web page" centres a bold paragraph: either is the title when there
/// is no h1. Menus (all links) and footers (主办…地址…) are left out; the
/// page's 来源 is the note only where the article names nobody.
#[test]
fn layout_tables_centred_titles_menus_and_the_page_source() {
    let page = r#"<html><head><title>某某局网站</title></head><body>
<table><tr><td class="dh"><a href="/">首页</a> | <a href="/tz">通知公告</a></td></tr></table>
<table><tr><td align="center" class="bt">关于开展通信保障工作的通知</td></tr>
<tr><td class="sj">发布日期：2026-12-18　来源：某某市通信管理局</td></tr>
<tr><td><div class="TRS_Editor"><p style="TEXT-INDENT: 2em"><font>各基础电信企业：</font></p>
<p style="TEXT-INDENT: 2em">请做好节日期间通信保障工作。</p></div></td></tr></table>
<table><tr><td>主办：某某市通信管理局　　地址：某某路1号　　电话：0351-1234567</td></tr></table>
</body></html>"#;
    let a = &read_html(page).articles[0];
    assert_eq!(a.title, "关于开展通信保障工作的通知");
    assert_eq!(
        paragraphs(a),
        ["各基础电信企业：", "请做好节日期间通信保障工作。"]
    );
    assert_eq!(
        a.attribution.as_ref().map(|x| &x.kind),
        Some(&AttributionKind::Source {
            text: "来源：某某市通信管理局".into()
        })
    );
    // The article's own byline wins over the page's source, which is dropped.
    let own = page.replace(
        "请做好节日期间通信保障工作。</p>",
        "请做好节日期间通信保障工作。</p><p align=right>（王婧）</p>",
    );
    let a = &read_html(&own).articles[0];
    assert_eq!(paragraphs(a).len(), 2);
    assert_eq!(
        a.attribution.as_ref().map(|x| &x.kind),
        Some(&AttributionKind::Author {
            names: vec!["王婧".into()]
        })
    );
    let word = r#"<html><head><meta name=ProgId content=Word.Document><title>文档1</title></head>
<body><div class=WordSection1><p class=MsoNormal align=center style='text-align:center'><b>长治铁塔助力数字乡村<o:p></o:p></b></p>
<p class=MsoNormal style='text-align: center'>——全年新建共享站址416个</p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal style='text-indent:21.0pt'>今年以来，长治铁塔新建共享站址416个。<o:p></o:p></p></div></body></html>"#;
    let a = &read_html(word).articles[0];
    assert_eq!(a.title, "长治铁塔助力数字乡村");
    assert_eq!(a.subtitle.as_deref(), Some("——全年新建共享站址416个"));
    assert_eq!(paragraphs(a), ["今年以来，长治铁塔新建共享站址416个。"]);
}

/// Older WeChat articles set the title in h2 and leave <title> empty.
#[test]
fn a_heading_at_the_top_is_the_title_without_h1() {
    let page = r#"<html><head><title></title></head><body><h2 class="rich_media_title">忻州铁塔：一座塔，守护一片林</h2>
<div id="js_content"><p style="text-align: right;">作者：邢志远</p><p>进入防火期以来，忻州铁塔为林草部门部署高清视频监控设备126套，实现了重点林区全天候监测。</p></div></body></html>"#;
    let a = &read_html(page).articles[0];
    assert_eq!(a.title, "忻州铁塔：一座塔，守护一片林");
    assert_eq!(paragraphs(a).len(), 1);
    assert_eq!(
        a.attribution.as_ref().map(|x| &x.kind),
        Some(&AttributionKind::Author {
            names: vec!["邢志远".into()]
        })
    );
    // A subheading after the body's first paragraph is no title.
    let later = "<html><head><title>全省开展安全检查_某某网</title></head><body><p>近日，全省通信行业开展了安全生产大检查，检查组深入20个基站、机房，查看了消防、用电等情况。</p><h2>一、检查情况</h2><p>检查发现问题12处。</p></body></html>";
    assert_eq!(read_html(later).articles[0].title, "全省开展安全检查");
}

#[test]
fn html_is_told_from_text() {
    assert!(looks_like_html("<!DOCTYPE html><html>"));
    assert!(looks_like_html("\u{FEFF}<html lang=\"zh\">"));
    assert!(!looks_like_html("标题\n正文<p>"));
}
