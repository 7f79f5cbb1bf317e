//! Pictures in a Word document: what a drawing holds (DrawingML `a:blip r:embed`/`r:link`
//! in `wp:inline` and `wp:anchor`, VML `v:imagedata r:id` in `w:pict` and `w:object`),
//! the relationships that name their files, and the tables that lay photos out side by
//! side with their captions.

use super::xml::{attr, xml_text};
use super::{zip_entry, Part};
use crate::import::pictures::{tail_of, Found, LeftOutWhy};
use crate::import::table::RawCell;
use crate::model::PictureId;
use std::collections::HashMap;

/// The text width of Word's default A4 page (21 cm less two 3.17 cm margins), for a
/// document that does not say.
const DEFAULT_TEXT_WIDTH_EMU: u64 = 8306 * 635;

/// The pictures of one document: its package, relationships and page, and the
/// pictures taken so far (a picture drawn twice is read once).
pub(super) struct Media<'a> {
    zip: &'a [u8],
    rels: HashMap<String, Target>,
    text_width_emu: u64,
    seen: HashMap<String, Option<PictureId>>,
    pub found: Found,
}

impl<'a> Media<'a> {
    pub fn new(zip: &'a [u8], text_width_emu: Option<u64>) -> Media<'a> {
        let rels = zip_entry(zip, "word/_rels/document.xml.rels")
            .ok()
            .flatten()
            .map(|r| relationships(&xml_text(&r)))
            .unwrap_or_default();
        Media {
            zip,
            rels,
            text_width_emu: text_width_emu.unwrap_or(DEFAULT_TEXT_WIDTH_EMU),
            seen: HashMap::new(),
            found: Found::default(),
        }
    }

    /// The picture a drawing shows, added to the found pictures, with the share of the
    /// text width it is drawn at; None (and a note in `found`) when it cannot come in.
    /// `after` is the text before it, to say where a left-out picture was.
    pub fn place(&mut self, d: &Drawn, after: &str) -> Option<(PictureId, Option<f32>)> {
        let share = d
            .width_emu
            .map(|w| w as f32 / self.text_width_emu.max(1) as f32);
        let after = tail_of(after);
        let target = self.rels.get(&d.rel).cloned();
        let name = match &target {
            Some(Target::Part(p)) | Some(Target::External(p)) => file_name(p),
            None => d.rel.clone(),
        };
        if d.behind {
            self.found.leave_out(&name, LeftOutWhy::BehindText, &after);
            return None;
        }
        if let Some(known) = self.seen.get(&d.rel) {
            return known.clone().map(|id| (id, share));
        }
        let id = match target {
            Some(Target::External(to)) => {
                self.found.leave_out(&name, LeftOutWhy::Linked(to), &after);
                None
            }
            Some(Target::Part(part)) => match zip_entry(self.zip, &part) {
                Ok(Some(bytes)) => self.found.add(bytes, &name, &after),
                _ => {
                    self.found.leave_out(&name, LeftOutWhy::Missing, &after);
                    None
                }
            },
            None => {
                self.found.leave_out(&name, LeftOutWhy::Missing, &after);
                None
            }
        };
        self.seen.insert(d.rel.clone(), id.clone());
        id.map(|id| (id, share))
    }
}

/// The last part of a path or address (`word/media/image1.png` → `image1.png`).
fn file_name(path: &str) -> String {
    let last = path
        .trim_end_matches(['/', '\\'])
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path);
    crate::import::html::percent_decoded(last)
}

/// One picture as the document draws it.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::import) struct Drawn {
    /// The relationship naming its file (`rId7`).
    pub rel: String,
    /// How wide it is drawn, in EMU (914400 to the inch), when the drawing says.
    pub width_emu: Option<u64>,
    /// Set behind the text (`wp:anchor behindDoc="1"`): a seal or a background.
    pub behind: bool,
}

/// A drawing being read.
#[derive(Debug, Default)]
pub(super) struct Drawing {
    /// It holds a text box (its paragraphs are read as text).
    pub textbox: bool,
    rels: Vec<String>,
    width_emu: Option<u64>,
    behind: bool,
}

/// The local part of an element name (`wp:extent` → `extent`).
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// An attribute by its local name, whatever its prefix (`r:embed`, `ns3:embed`).
fn attr_local(tag: &str, name: &str) -> Option<String> {
    let key = format!(":{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(tag[at..at + end].to_string())
}

/// A VML length (`415.3pt`, `5.5in`, `12cm`, `300px`) in EMU.
fn vml_length(v: &str) -> Option<u64> {
    let v = v.trim();
    let split = v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len());
    let n: f64 = v[..split].trim().parse().ok()?;
    let emu_per = match &v[split..] {
        "pt" => 12_700.0,
        "in" => 914_400.0,
        "cm" => 360_000.0,
        "mm" => 36_000.0,
        "px" | "" => 9_525.0,
        _ => return None,
    };
    let emu = n * emu_per;
    (emu.is_finite() && emu > 0.0).then_some(emu as u64)
}

impl Drawing {
    /// Reads one start tag inside the drawing (`written` is its name as written).
    pub fn read(&mut self, written: &str, tag: &str) {
        match local(written) {
            "txbxContent" | "textbox" => self.textbox = true,
            "extent" if self.width_emu.is_none() => {
                self.width_emu = attr(tag, "cx").and_then(|v| v.parse().ok());
            }
            "anchor" => {
                self.behind = matches!(attr(tag, "behindDoc").as_deref(), Some("1" | "true"));
            }
            "blip" => {
                if let Some(r) = attr_local(tag, "embed").or_else(|| attr_local(tag, "link")) {
                    self.rels.push(r);
                }
            }
            "imagedata" => {
                if let Some(r) = attr_local(tag, "id") {
                    self.rels.push(r);
                }
            }
            "shape" | "rect" if self.width_emu.is_none() => {
                self.width_emu = attr(tag, "style").and_then(|style| {
                    style.split(';').find_map(|d| {
                        let (k, v) = d.split_once(':')?;
                        (k.trim() == "width").then(|| vml_length(v)).flatten()
                    })
                });
            }
            _ => {}
        }
    }

    /// The pictures it draws (none for a text box, a chart or a shape).
    pub fn pictures(&self) -> Vec<Drawn> {
        if self.textbox {
            return Vec::new();
        }
        self.rels
            .iter()
            .map(|rel| Drawn {
                rel: rel.clone(),
                width_emu: self.width_emu,
                behind: self.behind,
            })
            .collect()
    }
}

/// Where a relationship points: a part of the package (`word/media/image1.png`) or an
/// outside address (TargetMode="External").
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Target {
    Part(String),
    External(String),
}

/// The relationships of `word/document.xml` (its `_rels` part), by id.
pub(super) fn relationships(xml: &str) -> HashMap<String, Target> {
    let mut out = HashMap::new();
    for tag in xml.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if local(tag.split([' ', '/', '\t', '\n', '\r']).next().unwrap_or("")) != "Relationship" {
            continue;
        }
        let (Some(id), Some(target)) = (attr(tag, "Id"), attr(tag, "Target")) else {
            continue;
        };
        let target = if attr(tag, "TargetMode").as_deref() == Some("External") {
            Target::External(target)
        } else {
            Target::Part(part_name(&target))
        };
        out.insert(id, target);
    }
    out
}

/// A relationship target of the document part as a zip entry name: relative to
/// `word/`, or absolute from the package root; `..` steps taken.
fn part_name(target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        vec!["word"]
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    let joined = path.join("/");
    crate::import::html::percent_decoded(&joined)
}

/// What a table cell holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CellItem {
    Text(String),
    Picture(Drawn),
}

/// The most text a cell of a photo layout table holds (a caption, not data).
const LAYOUT_CELL_CHARS: usize = 60;

/// A table as parts: a table of data as it is; a table that lays out photos (cells of
/// pictures and captions only) as the pictures with their captions, row by row (a
/// caption under its picture in the cell, or in the cell below in a row of captions);
/// a table of data with pictures in it as the table followed by its pictures.
pub(super) fn table_parts(raw: Vec<Vec<RawCell>>, items: Vec<Vec<Vec<CellItem>>>) -> Vec<Part> {
    let has_picture = |c: &[CellItem]| c.iter().any(|i| matches!(i, CellItem::Picture(_)));
    if !items.iter().flatten().any(|c| has_picture(c)) {
        return vec![Part::Table(raw)];
    }
    let cell_text = |c: &[CellItem]| -> String {
        c.iter()
            .filter_map(|i| match i {
                CellItem::Text(t) => Some(t.as_str()),
                CellItem::Picture(_) => None,
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let layout = items
        .iter()
        .flatten()
        .all(|c| cell_text(c).chars().count() <= LAYOUT_CELL_CHARS);
    if !layout {
        let pictures: Vec<Drawn> = items
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|i| match i {
                CellItem::Picture(d) => Some(d),
                CellItem::Text(_) => None,
            })
            .collect();
        return vec![Part::Table(raw), Part::Pictures(pictures)];
    }
    let mut out = Vec::new();
    let mut r = 0;
    while r < items.len() {
        let row = &items[r];
        // The next row holds the captions when it has text and no picture.
        let captions_below = items
            .get(r + 1)
            .filter(|next| !next.iter().any(|c| has_picture(c)))
            .filter(|next| next.iter().any(|c| !cell_text(c).trim().is_empty()));
        let mut placed = Vec::new();
        for (k, cell) in row.iter().enumerate() {
            let pictures: Vec<usize> = (0..cell.len())
                .filter(|&i| matches!(cell[i], CellItem::Picture(_)))
                .collect();
            for (n, &at) in pictures.iter().enumerate() {
                let CellItem::Picture(d) = &cell[at] else {
                    continue;
                };
                let until = pictures.get(n + 1).copied().unwrap_or(cell.len());
                let mut caption = cell_text(&cell[at + 1..until]);
                if caption.trim().is_empty() && n + 1 == pictures.len() {
                    caption = captions_below
                        .and_then(|next| next.get(k))
                        .map(|c| cell_text(c))
                        .unwrap_or_default();
                }
                placed.push((d.clone(), caption.trim().to_string()));
            }
        }
        if !placed.is_empty() {
            out.push(Part::Captioned(placed));
        } else if row.iter().any(|c| !cell_text(c).trim().is_empty()) {
            // A row of text alone in a photo table (a heading over the photos).
            for c in row {
                let t = cell_text(c);
                if !t.trim().is_empty() {
                    out.push(Part::Paragraph {
                        text: t.trim().to_string(),
                        heading: false,
                        centred: false,
                    });
                }
            }
        }
        r += if captions_below.is_some() && row.iter().any(|c| has_picture(c)) {
            2
        } else {
            1
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_become_entry_names() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg"/><Relationship Id="rId6" Type="…/image" Target="/word/media/%E5%9B%BE.png"/><Relationship Id="rId7" Type="…/image" Target="../word/media/image3.emf"/><Relationship Id="rId8" Type="…/image" Target="file:///C:\Users\a\photo.jpg" TargetMode="External"/></Relationships>"#;
        let r = relationships(rels);
        assert_eq!(r["rId5"], Target::Part("word/media/image1.jpeg".into()));
        assert_eq!(r["rId6"], Target::Part("word/media/图.png".into()));
        assert_eq!(r["rId7"], Target::Part("word/media/image3.emf".into()));
        assert_eq!(
            r["rId8"],
            Target::External("file:///C:\\Users\\a\\photo.jpg".into())
        );
    }

    #[test]
    fn vml_widths_in_any_unit() {
        assert_eq!(vml_length("72pt"), Some(914_400));
        assert_eq!(vml_length("1in"), Some(914_400));
        assert_eq!(vml_length("2.54cm"), Some(914_400));
        assert_eq!(vml_length("96px"), Some(914_400));
        assert_eq!(vml_length("auto"), None);
        assert_eq!(vml_length("-3pt"), None);
    }
}
