//! The package around the document: content types, relationships and the document
//! properties (title, organisation, application) a .docx file carries.

use super::{escape, XML_HEAD};
use crate::model::Issue;
use crate::style::Style;
use std::fmt::Write as _;

/// `[Content_Types].xml`: the type of every part, footers only where the style has them.
pub(super) fn content_types(style: &Style) -> String {
    let main = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut footers =
        format!("<Override PartName=\"/word/footer1.xml\" ContentType=\"{main}.footer+xml\"/>");
    if style.duplex {
        footers.push_str(&format!(
            "<Override PartName=\"/word/footer2.xml\" ContentType=\"{main}.footer+xml\"/>"
        ));
    }
    if style.page_number_skip_first {
        footers.push_str(&format!(
            "<Override PartName=\"/word/footer3.xml\" ContentType=\"{main}.footer+xml\"/>"
        ));
    }
    format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"jpg\" ContentType=\"image/jpeg\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"{main}.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"{main}.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"{main}.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"{main}.fontTable+xml\"/>{footers}<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>"
    )
}

/// A relationships part: (id, type, target) for each item.
pub(super) fn relationships(items: &[(&str, &str, &str)]) -> String {
    let mut out = String::new();
    for (id, kind, target) in items {
        let _ = write!(
            out,
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{target}\"/>"
        );
    }
    format!("{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{out}</Relationships>")
}

/// `docProps/core.xml`: the issue's title and organisation, shown by file browsers.
pub(super) fn core_properties(issue: &Issue) -> String {
    let m = &issue.meta;
    let title = format!("{} {}年{}", m.bulletin_name.trim(), m.year, m.issue_line());
    format!(
        "{XML_HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>",
        escape(&title),
        escape(m.editor_org.trim())
    )
}

/// `docProps/app.xml`: the application and version that wrote the file.
pub(super) fn app_properties() -> String {
    format!(
        "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>jianbao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}
