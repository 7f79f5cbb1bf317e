//! The style and font parts (`styles.xml`, `fontTable.xml`): a named paragraph style
//! per element of the house format, so the Word user can restyle the issue, and the
//! fonts with the alternatives Word tries when a face is missing.

use super::markup::{eighths, fonts, half_points, hex, rpr, twips, Faces};
use super::{escape, W_NS, XML_HEAD};
use crate::export::other_faces;
use crate::style::{mm, Style};
use std::fmt::Write as _;

/// One paragraph style: its id, name, what it is based on, paragraph and run properties.
fn style_xml(id: &str, name: &str, ppr: &str, rpr: &str, extra: &str) -> String {
    let based = if id == "Normal" {
        String::new()
    } else {
        "<w:basedOn w:val=\"Normal\"/>".to_string()
    };
    let default = if id == "Normal" {
        " w:default=\"1\""
    } else {
        ""
    };
    format!(
        "<w:style w:type=\"paragraph\"{default} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )
}

/// `styles.xml`: the document defaults and every paragraph style the body uses.
pub(super) fn styles(style: &Style, faces: &Faces) -> String {
    let s = style;
    let pitch = twips(s.line_pitch().0);
    let exact = format!(
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>"
    );
    let no_indent = "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
    let em = s.char_pitch().0 * 20.0;
    let slots = |n: u32| twips(s.line_pitch().0 * n as f32);
    let spaced = |before: i64| {
        format!("<w:spacing w:before=\"{before}\" w:after=\"0\" w:line=\"{pitch}\" w:lineRule=\"exact\"/>")
    };
    // Large type takes its own height (an exact pitch would clip it).
    let auto = |before: i64, after: i64| {
        format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"240\" w:lineRule=\"auto\"/>")
    };
    let indent = format!(
        "<w:ind w:firstLineChars=\"{}\" w:firstLine=\"{}\"/>",
        (s.indent_chars * 100.0).round() as i64,
        (s.indent_chars * em).round() as i64
    );
    let org_inset = (s.org_date_inset_em.0 * s.org_date_size.0 * 20.0).round() as i64;
    let measure = twips(s.text_width().0);
    let masthead_rule = format!(
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"{}\" w:space=\"{}\" w:color=\"{}\"/></w:pBdr>",
        eighths(s.masthead_rule_pt.0),
        (mm(s.masthead_rule_gap_mm.0)).round().clamp(0.0, 31.0) as i64,
        hex(s.red)
    );
    let keep = "<w:keepNext/><w:keepLines/>";
    let list = [
        style_xml(
            "Normal",
            "Normal",
            &format!("<w:widowControl/>{exact}{indent}<w:jc w:val=\"both\"/>"),
            &rpr(faces.body, faces.latin, s.body_size.0, None),
            "",
        ),
        style_xml(
            "JBClassification",
            "简报密级",
            &format!("{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            &rpr(faces.hei, faces.hei, s.classification_size.0, None),
            "",
        ),
        style_xml(
            "JBMastheadName",
            "简报报头名称",
            &format!("{keep}{}{no_indent}<w:jc w:val=\"center\"/>", auto(slots(1), twips(s.line_pitch().0 * 0.5))),
            &rpr(faces.title, faces.title, s.masthead_name_size.0, Some(s.red)),
            "",
        ),
        style_xml(
            "JBIssueLine",
            "简报期号",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"center\"/>"),
            &rpr(faces.kai, faces.kai, s.issue_line_size.0, None),
            "",
        ),
        style_xml(
            "JBOrgDate",
            "简报编发单位和日期",
            &format!(
                "{keep}{masthead_rule}<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>{}<w:ind w:left=\"{org_inset}\" w:right=\"{org_inset}\" w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"left\"/>",
                measure - org_inset,
                auto(slots(1), slots(1)),
            ),
            &rpr(faces.body, faces.latin, s.org_date_size.0, None),
            "",
        ),
        style_xml(
            "Heading1",
            "heading 1",
            &format!("{keep}{}{no_indent}<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"0\"/>", spaced(slots(s.section_space_slots))),
            &rpr(faces.hei, faces.hei, s.section_size.0, None),
            "<w:next w:val=\"Heading2\"/>",
        ),
        style_xml(
            "Heading2",
            "heading 2",
            &format!("{keep}{}{no_indent}<w:jc w:val=\"center\"/><w:outlineLvl w:val=\"1\"/>", spaced(slots(s.title_space_slots))),
            &rpr(faces.title, faces.title, s.title_size.0, None),
            "<w:next w:val=\"Normal\"/>",
        ),
        style_xml(
            "Subtitle",
            "Subtitle",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"center\"/>"),
            &rpr(faces.kai, faces.kai, s.subtitle_size.0, None),
            "<w:next w:val=\"Normal\"/>",
        ),
        style_xml(
            "JBByline",
            "简报署名",
            &format!("{exact}{no_indent}<w:jc w:val=\"right\"/>"),
            &rpr(faces.kai, faces.kai, s.byline_size.0, None),
            "",
        ),
        style_xml(
            "JBListIntro",
            "简报名单引导语",
            "<w:keepNext/>",
            "",
            "",
        ),
        style_xml(
            "JBListCategory",
            "简报名单类别",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            &rpr(faces.hei, faces.hei, s.list_category_size.0, None),
            "",
        ),
        style_xml(
            "JBListCell",
            "简报名单",
            &format!("{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            "",
            "",
        ),
        style_xml(
            "JBTableCaption",
            "简报表格标题",
            &format!("{keep}{exact}{no_indent}<w:jc w:val=\"center\"/>"),
            &rpr(faces.hei, faces.hei, s.table_text_size().0, None),
            "",
        ),
        style_xml(
            "JBTableHead",
            "简报表头",
            &format!("{exact}{no_indent}"),
            &rpr(faces.hei, faces.hei, s.table_text_size().0, None),
            "",
        ),
        style_xml(
            "JBTableCell",
            "简报表格",
            &format!("{exact}{no_indent}"),
            &rpr(faces.body, faces.latin, s.table_text_size().0, None),
            "",
        ),
        style_xml(
            "JBTableAfter",
            "简报表后空行",
            &format!("{exact}{no_indent}"),
            "",
            "",
        ),
        style_xml(
            "JBDistribution",
            "简报版记",
            &format!("<w:keepNext/><w:keepLines/>{exact}{no_indent}<w:jc w:val=\"left\"/>"),
            &rpr(faces.body, faces.latin, s.distribution_size.0, None),
            "",
        ),
        style_xml(
            "Footer",
            "footer",
            &format!("{no_indent}<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"),
            &rpr(faces.song, faces.song, s.page_number_size.0, None),
            "",
        ),
    ];
    format!(
        "{XML_HEAD}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>{}</w:styles>",
        fonts(faces.body, faces.latin),
        list.concat(),
        sz = half_points(s.body_size.0),
    )
}

/// The fonts used, with the role's other names as alternatives Word tries and the
/// GB2312 character set, so a missing face is replaced by a Chinese one.
pub(super) fn font_table(style: &Style, faces: &Faces) -> String {
    let f = &style.fonts;
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for (name, list, cjk) in [
        (faces.title, &f.title, true),
        (faces.body, &f.body, true),
        (faces.hei, &f.hei, true),
        (faces.kai, &f.kai, true),
        (faces.song, &f.song, true),
        (faces.latin, &f.latin, false),
    ] {
        if !seen.insert(name) {
            continue;
        }
        let alt = other_faces(list, name)
            .into_iter()
            .find(|a| a.is_ascii())
            .map(|a| format!("<w:altName w:val=\"{}\"/>", escape(a)))
            .unwrap_or_default();
        let charset = if cjk { "86" } else { "00" };
        let _ = write!(
            out,
            "<w:font w:name=\"{}\">{alt}<w:charset w:val=\"{charset}\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>",
            escape(name)
        );
    }
    format!("{XML_HEAD}<w:fonts xmlns:w=\"{W_NS}\">{out}</w:fonts>")
}
