//! Figures in the Word file: each picture file once under `word/media/`, named in the
//! document's relationships, drawn inline (`w:drawing`, DrawingML) at the size layout
//! prints it, with its caption centred below in 楷体. Two pictures side by side go in a
//! borderless two-cell table, each over its caption.

use super::markup::{fonts, half_points, para, run};
use super::{escape, Writer};
use crate::export::figures::{picture_sizes, pictures_in_order};
use crate::model::{Figure, Issue, PictureId};
use std::fmt::Write as _;

/// English Metric Units per point (DrawingML's length unit).
const EMU_PER_PT: f32 = 12_700.0;

/// The relationship id of the `k`-th picture (from 0).
fn rel_id(k: usize) -> String {
    format!("rIdPic{}", k + 1)
}

/// The part name (under `word/`) of the `k`-th picture.
fn media_name(k: usize, ext: &str) -> String {
    format!("media/image{}.{ext}", k + 1)
}

/// The pictures' relationships: (id, target under `word/`).
pub(super) fn relationships(issue: &Issue) -> Vec<(String, String)> {
    pictures_in_order(issue)
        .iter()
        .enumerate()
        .map(|(k, p)| (rel_id(k), media_name(k, p.info.format.extension())))
        .collect()
}

/// The picture files as parts: (name, bytes), stored as they are.
pub(super) fn media(issue: &Issue) -> Vec<(String, std::sync::Arc<[u8]>)> {
    pictures_in_order(issue)
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let name = format!("word/{}", media_name(k, p.info.format.extension()));
            (name, std::sync::Arc::clone(&p.bytes))
        })
        .collect()
}

/// The caption size layout sets captions in.
pub(super) fn caption_size(style: &crate::style::Style) -> f32 {
    style.caption_text_size().0
}

impl Writer<'_> {
    /// A figure: its picture(s) and caption(s).
    pub(super) fn figure(&mut self, figure: &Figure) {
        let sizes = picture_sizes(figure, self.issue, self.style);
        let order: Vec<&PictureId> = pictures_in_order(self.issue)
            .iter()
            .map(|p| &p.id)
            .collect();
        let mut cells: Vec<String> = Vec::new();
        // Drawing ids are unique in the document: one per drawing written before.
        let mut next_id = self.body.matches("<wp:docPr ").count() + 1;
        for (c, (w, h)) in figure.pictures().zip(sizes) {
            let mut cell = String::new();
            let centred = "<w:jc w:val=\"center\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/>";
            // A picture whose file is missing leaves no drawing (layout warned).
            if let Some(k) = order.iter().position(|id| **id == c.picture) {
                let drawing = drawing(k, next_id, (w, h), &c.caption);
                next_id += 1;
                cell.push_str(&para("Normal", centred, &drawing));
            }
            if !c.caption.trim().is_empty() {
                let props = format!(
                    "<w:rPr>{}<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/></w:rPr>",
                    fonts(self.faces.kai, self.faces.kai),
                    s = half_points(caption_size(self.style))
                );
                let centred =
                    "<w:jc w:val=\"center\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/>";
                cell.push_str(&para("Normal", centred, &run(c.caption.trim(), &props)));
            }
            cells.push(cell);
        }
        if cells.len() == 1 {
            let only = cells.pop().unwrap_or_default();
            self.body.push_str(&only);
            return;
        }
        // Side by side: a borderless table across the measure, one cell per picture.
        let measure = self.measure();
        let half = measure / 2;
        let _ = write!(
            self.body,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{measure}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w=\"{half}\"/><w:gridCol w:w=\"{half}\"/></w:tblGrid><w:tr>"
        );
        for cell in cells {
            let _ = write!(
                self.body,
                "<w:tc><w:tcPr><w:tcW w:w=\"{half}\" w:type=\"dxa\"/><w:vAlign w:val=\"bottom\"/></w:tcPr>{cell}</w:tc>"
            );
        }
        self.body.push_str("</w:tr></w:tbl>");
        // Word needs a paragraph between a table and what follows to keep them apart.
        self.body.push_str(&para("Normal", "", ""));
    }
}

/// The run holding picture `k` drawn `w` × `h` points large as drawing `id`.
fn drawing(k: usize, id: usize, (w, h): (f32, f32), caption: &str) -> String {
    let (cx, cy) = (
        (w * EMU_PER_PT).round().max(1.0) as i64,
        (h * EMU_PER_PT).round().max(1.0) as i64,
    );
    let name = format!("图片 {id}");
    let descr = escape(caption.trim());
    let rel = rel_id(k);
    format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"{name}\" descr=\"{descr}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{A_NS}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic xmlns:a=\"{A_NS}\"><a:graphicData uri=\"{PIC_NS}\"><pic:pic xmlns:pic=\"{PIC_NS}\"><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"{name}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
}

/// DrawingML's main namespace.
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// DrawingML pictures.
const PIC_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
/// Word's drawing placement (inline and anchored drawings), declared on the document.
pub(super) const WP_NS: &str =
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
