//! Pictures found in imported documents (Word drawings, web pages' `<img>`): the table
//! of those that came in, the ones left out with the reason and the place, and the rules
//! both importers share: which paragraph is a picture's caption (图注), and how wide a
//! figure is set.

use crate::model::{Captioned, Figure, FigureWidth, PictureId, Pictures};

/// Why a picture of an imported document did not come in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOutWhy {
    /// Not a JPEG or PNG (EMF, GIF, BMP, TIFF …), or damaged: the reason in Chinese
    /// and in English.
    Format { zh: String, en: String },
    /// Linked from outside the document (Word's "link to file", a web address): not
    /// fetched; the address.
    Linked(String),
    /// A local file the page names that is not there (or cannot be read).
    Missing,
    /// Set behind the text (a seal or a background), not a picture of the article.
    BehindText,
}

/// A picture that did not come in, for the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOutPicture {
    /// The file name (image3.emf, 会场 1.jpg) or the last part of its address.
    pub name: String,
    pub why: LeftOutWhy,
    /// The end of the text just before it, so the editor can find the place.
    pub after: String,
}

impl LeftOutPicture {
    /// One line of the import report, in Chinese.
    pub fn chinese(&self) -> String {
        let place = if self.after.is_empty() {
            "文章开头".to_string()
        } else {
            format!("“{}”之后", self.after)
        };
        let why = match &self.why {
            LeftOutWhy::Format { zh, .. } => zh.clone(),
            LeftOutWhy::Linked(to) => {
                format!("这是链接的外部图片（{to}），没有下载；请把图片文件保存到本机后用“插入 → 图片…”加入")
            }
            LeftOutWhy::Missing => "图片文件找不到（网页保存时没有一起保存？）".into(),
            LeftOutWhy::BehindText => "图片衬于文字下方（如印章、底纹），不是文章的配图".into(),
        };
        format!("{}（{place}）：{why}", self.name)
    }
}

impl std::fmt::Display for LeftOutPicture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = if self.after.is_empty() {
            "at the start".to_string()
        } else {
            format!("after \"{}\"", self.after)
        };
        match &self.why {
            LeftOutWhy::Format { en, .. } => write!(f, "{} ({place}): {en}", self.name),
            LeftOutWhy::Linked(to) => write!(
                f,
                "{} ({place}): a picture linked from {to}, not fetched",
                self.name
            ),
            LeftOutWhy::Missing => write!(f, "{} ({place}): the file is not there", self.name),
            LeftOutWhy::BehindText => write!(
                f,
                "{} ({place}): set behind the text (a seal or a background)",
                self.name
            ),
        }
    }
}

/// The pictures an import found: the table whose entries go into the issue with the
/// articles, and what was left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    pub pictures: Pictures,
    pub left_out: Vec<LeftOutPicture>,
}

impl Found {
    /// Takes a picture's bytes (JPEG or PNG, checked by the probe); anything else is
    /// recorded as left out, named, with its place.
    pub fn add(&mut self, bytes: Vec<u8>, name: &str, after: &str) -> Option<PictureId> {
        match self.pictures.add(bytes.into(), name) {
            Ok(id) => Some(id),
            Err(e) => {
                let vector = name
                    .rsplit('.')
                    .next()
                    .map(str::to_ascii_lowercase)
                    .filter(|x| matches!(x.as_str(), "emf" | "wmf" | "emz" | "wmz"));
                let (zh, en) = match vector {
                    Some(x) => (
                        format!("{} 矢量图（多是从 Excel、Visio 等粘贴的图表）不能排入；请在 Word 中右键“另存为图片”存成 PNG，再用“插入 → 图片…”加入", x.to_ascii_uppercase()),
                        format!("{} vector graphics (often a chart pasted from Excel or Visio) cannot be placed; save it as PNG and insert that", x.to_ascii_uppercase()),
                    ),
                    None => (e.chinese(), e.to_string()),
                };
                self.left_out.push(LeftOutPicture {
                    name: name.to_string(),
                    why: LeftOutWhy::Format { zh, en },
                    after: after.to_string(),
                });
                None
            }
        }
    }

    /// Records a picture left out for another reason.
    pub fn leave_out(&mut self, name: &str, why: LeftOutWhy, after: &str) {
        self.left_out.push(LeftOutPicture {
            name: name.to_string(),
            why,
            after: after.to_string(),
        });
    }
}

/// The last characters of a text, to say where something was ("…深入20个基站").
pub fn tail_of(text: &str) -> String {
    let t = text.trim();
    let n = t.chars().count();
    if n <= 16 {
        t.to_string()
    } else {
        let tail: String = t.chars().skip(n - 15).collect();
        format!("…{tail}")
    }
}

/// Whether a paragraph next to a picture is its caption: one that starts like a
/// caption (图1、图 2、图一、图为…、图：…、图片：…) and is not a long paragraph, or a short
/// centred line (what Word and WPS users set under a photo). A paragraph starting with
/// a word that merely begins with 图 (图书馆、图纸) is body text, and so is a list
/// heading (一、…) even when centred.
pub fn is_caption(text: &str, centred: bool) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    if n == 0 {
        return false;
    }
    let mut chars = t.chars();
    let starts_like_caption = chars.next() == Some('图')
        && match chars.next() {
            Some(c) => {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "一二三四五六七八九十为：:（( 　-—．.".contains(c)
                    || (c == '片' && matches!(chars.next(), Some('：' | ':' | '为')))
            }
            None => false,
        };
    if starts_like_caption {
        return n <= 100;
    }
    let list_heading = {
        let mut c = t.chars();
        let first = c.next();
        let second = c.next();
        first.is_some_and(|f| "一二三四五六七八九十".contains(f)) && second == Some('、')
            || first.is_some_and(|f| matches!(f, '（' | '('))
                && second.is_some_and(|s| "一二三四五六七八九十".contains(s))
    };
    centred && n <= 40 && !list_heading && !super::lines::has_final_stop(t)
}

/// Two captions written on one line under two pictures side by side ("图1 会场　　图2
/// 颁奖"): split where a second caption starts, or at a wide gap (two or more spaces, a
/// tab); otherwise the whole line goes under the first picture.
pub fn split_pair_caption(text: &str) -> (String, String) {
    let t = text.trim();
    // A second caption mark after the start.
    if let Some((at, _)) = t.char_indices().skip(1).find(|&(k, c)| {
        c == '图' && is_caption(&t[k..], false) && t[..k].ends_with([' ', '　', '\t'])
    }) {
        return (t[..at].trim().to_string(), t[at..].trim().to_string());
    }
    for gap in ["\t", "　　", "    ", "  ", "　 ", " 　"] {
        if let Some((a, b)) = t.split_once(gap) {
            if !a.trim().is_empty() && !b.trim().is_empty() {
                return (a.trim().to_string(), b.trim().to_string());
            }
        }
    }
    (t.to_string(), String::new())
}

/// The captions of `n` pictures in a row given one caption line under them: one
/// picture takes it, two share it out (see [`split_pair_caption`]), more give it to
/// the last figure (the pictures go in pairs).
pub fn captions_for(caption: Option<String>, n: usize) -> Vec<String> {
    let mut out = vec![String::new(); n];
    match (caption, n) {
        (None, _) | (_, 0) => {}
        (Some(c), 2) => {
            let (a, b) = split_pair_caption(&c);
            out = vec![a, b];
        }
        (Some(c), _) => out[if n.is_multiple_of(2) { n - 2 } else { n - 1 }] = c,
    }
    out
}

/// One picture that came in, with its caption and how much of the text width the
/// document drew it (when it says).
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub picture: PictureId,
    pub caption: String,
    /// Drawn width over the text width (1.0 = the full measure).
    pub share: Option<f32>,
}

/// A picture drawn at up to this share of the text width is set at half measure.
pub const HALF_UP_TO: f32 = 0.6;

/// The figures for pictures in a row: one picture alone, two side by side, more in
/// pairs. A figure is set at half measure when the document drew it (the pair
/// together) at most [`HALF_UP_TO`] of its text width.
pub fn figures(placed: Vec<Placed>) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut it = placed.into_iter();
    while let Some(first) = it.next() {
        let second = it.next();
        let share = match &second {
            Some(s) => first.share.zip(s.share).map(|(a, b)| a + b),
            None => first.share,
        };
        let width = if share.is_some_and(|s| s <= HALF_UP_TO) {
            FigureWidth::Half
        } else {
            FigureWidth::Full
        };
        out.push(Figure {
            width,
            first: Captioned {
                picture: first.picture,
                caption: first.caption,
            },
            second: second.map(|s| Captioned {
                picture: s.picture,
                caption: s.caption,
            }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Captions as Word, WPS and WeChat users write them come in as captions; the
    /// body paragraphs that follow photos in real articles do not.
    #[test]
    fn captions_are_told_from_body_text() {
        for caption in [
            "图1 协会第三届理事会现场",
            "图2：颁奖仪式",
            "图为选手在比赛中",
            "图 3 参赛选手合影",
            "图一　会议现场",
            "图（左）会长致辞",
            "图片：协会供图",
            "图１　全体合影",
        ] {
            assert!(is_caption(caption, false), "{caption}");
            assert!(is_caption(caption, true), "{caption}");
        }
        for centred_only in ["会议现场", "选手们在比赛中", "全体参会人员合影留念"]
        {
            assert!(is_caption(centred_only, true), "{centred_only}");
            assert!(!is_caption(centred_only, false), "{centred_only}");
        }
        for body in [
            "图书馆举办了读书分享会，来自各会员单位的五十余名职工参加了活动。",
            "图纸会审工作于本月完成。",
            "会议指出，要以高质量发展为主线，扎实推进各项工作。",
            "近日，协会在太原召开第三届理事会第五次会议，审议通过了年度工作报告和财务报告，选举产生了新一届领导班子。",
            "",
        ] {
            assert!(!is_caption(body, false), "{body}");
        }
        // Centred but no caption: a list heading, a centred sentence, a long line.
        assert!(!is_caption("一、基本情况", true));
        assert!(!is_caption("（一）工作进展", true));
        assert!(!is_caption("会议取得圆满成功。", true));
        assert!(!is_caption(
            "这是一段居中的很长的文字，它比任何图注都长，讲的是会议的全部内容和下一步的工作安排部署",
            true
        ));
        // A caption mark on a whole paragraph is still body text.
        assert!(!is_caption(
            &format!("图为{}", "会议现场，".repeat(30)),
            false
        ));
    }

    #[test]
    fn two_captions_on_one_line_are_split() {
        assert_eq!(
            split_pair_caption("图1 会议现场　　图2 颁奖仪式"),
            ("图1 会议现场".into(), "图2 颁奖仪式".into())
        );
        assert_eq!(
            split_pair_caption("会长致辞\t嘉宾发言"),
            ("会长致辞".into(), "嘉宾发言".into())
        );
        assert_eq!(
            split_pair_caption("图为会议现场"),
            ("图为会议现场".into(), String::new())
        );
    }

    #[test]
    fn figures_pair_pictures_and_choose_their_width() {
        let id = |n: u8| PictureId::of(&[n]);
        let p = |n: u8, share: Option<f32>| Placed {
            picture: id(n),
            caption: format!("图{n}"),
            share,
        };
        let f = figures(vec![p(1, Some(0.5))]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].width, FigureWidth::Half);
        assert_eq!(figures(vec![p(1, Some(0.9))])[0].width, FigureWidth::Full);
        assert_eq!(figures(vec![p(1, None)])[0].width, FigureWidth::Full);
        let pair = figures(vec![p(1, Some(0.45)), p(2, Some(0.45))]);
        assert_eq!(pair.len(), 1);
        assert_eq!(pair[0].width, FigureWidth::Full);
        assert_eq!(
            pair[0].second.as_ref().map(|c| c.caption.as_str()),
            Some("图2")
        );
        let three = figures(vec![p(1, None), p(2, None), p(3, None)]);
        assert_eq!(three.len(), 2);
        assert!(three[1].second.is_none());
    }
}
