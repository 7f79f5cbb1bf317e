//! Figures in the web page: each picture carried in the page as a `data:` address (the
//! page stays one self-contained file), no wider than the text and scaling with the
//! phone's width, its caption centred below in 楷体. Two pictures side by side share
//! one row in proportion to their printed widths.

use super::{attr, escape, px, Page};
use crate::export::figures::{data_url, picture_sizes};
use crate::model::{Captioned, Figure, FigureWidth};
use std::fmt::Write as _;

impl Page<'_> {
    /// A figure: its picture(s) and caption(s).
    pub(super) fn figure(&mut self, figure: &Figure) {
        let s = self.style;
        let measure = s.text_width().0.max(1.0);
        let sizes = picture_sizes(figure, self.issue, s);
        let caption_css = format!(
            "margin:0.4em 0 0 0;font-size:{};line-height:1.6;text-indent:0;text-align:center;font-family:{};",
            px(s, s.caption_text_size().0),
            self.kai_font
        );
        let pictures: Vec<(&Captioned, f32)> = figure
            .pictures()
            .zip(&sizes)
            .map(|(c, (w, _))| (c, 100.0 * w / measure))
            .collect();
        if let [(only, share)] = pictures.as_slice() {
            let share = match figure.width {
                FigureWidth::Full => 100.0,
                FigureWidth::Half => share.min(100.0),
            };
            let _ = writeln!(
                self.out,
                "<figure style=\"{}\">",
                attr(&format!(
                    "margin:1em auto;padding:0;text-align:center;width:{share:.1}%;max-width:100%;"
                ))
            );
            self.picture(only, &caption_css);
            self.out.push_str("</figure>\n");
            return;
        }
        let _ = writeln!(
            self.out,
            "<div style=\"{}\">",
            attr("margin:1em 0;padding:0;display:flex;justify-content:space-between;align-items:flex-end;")
        );
        for (c, share) in pictures {
            let _ = writeln!(
                self.out,
                "<figure style=\"{}\">",
                attr(&format!(
                    "margin:0;padding:0;text-align:center;width:{share:.1}%;"
                ))
            );
            self.picture(c, &caption_css);
            self.out.push_str("</figure>\n");
        }
        self.out.push_str("</div>\n");
    }

    /// One picture filling its figure's width, and its caption.
    fn picture(&mut self, c: &Captioned, caption_css: &str) {
        let caption = c.caption.trim();
        // A missing file (layout warned) leaves the caption to say what was meant.
        if let Some(p) = self
            .issue
            .pictures
            .get(&c.picture)
            .filter(|p| p.is_present())
        {
            let _ = writeln!(
                self.out,
                "<img src=\"{}\" alt=\"{}\" style=\"{}\"/>",
                data_url(p),
                attr(if caption.is_empty() { &p.name } else { caption }),
                attr("display:block;width:100%;max-width:100%;height:auto;margin:0 auto;")
            );
        }
        if !caption.is_empty() {
            let _ = writeln!(
                self.out,
                "<figcaption style=\"{}\">{}</figcaption>",
                attr(caption_css),
                escape(caption)
            );
        }
    }
}
