//! Pictures in the editor: 插入 → 图片…, a picture file dropped on the window, a
//! picture pasted from the clipboard, and 替换图片…. The file is read and checked on a
//! task (a photo is megabytes); the picture then goes into the issue's picture table
//! and its figure into the article as one undoable step. Small previews of the
//! pictures for the block editor are decoded off the UI thread and kept.

use super::file_chooser::FileQuestion;
use super::tasks::TaskResult;
use super::{App, Selection};
use crate::edit::{ArticleRef, Field};
use crate::model::{Block, Captioned, Figure, FigureWidth, PictureId};
use eframe::egui;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// The largest picture file taken: a full-frame camera's finest JPEG is about 25 MB, a
/// 600 dpi scan of an A4 page as PNG about as much; past this a file is not a photo
/// for a bulletin.
pub const MAX_PICTURE_BYTES: u64 = 64 << 20;

/// The file extensions offered when asking for a picture and taken when dropped.
pub const PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png"];

/// Where a picture read from a file or the clipboard goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureTarget {
    /// A new figure at the end of the article.
    NewFigure(ArticleRef),
    /// Picture `slot` (0: the only or left one, 1: the right one) of the figure that
    /// is block `block` of the article: replaced, or added as the right picture.
    Slot {
        article: ArticleRef,
        block: usize,
        slot: usize,
    },
}

impl FileQuestion {
    /// A JPEG or PNG picture to place.
    pub fn open_picture(title: &'static str) -> FileQuestion {
        FileQuestion {
            title,
            mode: super::file_chooser::Mode::Open,
            filter_name: "图片（JPEG、PNG）",
            extensions: PICTURE_EXTENSIONS,
            suggested_name: String::new(),
            folder: None,
        }
    }
}

impl App {
    /// The article new pictures go into: the selected one.
    fn picture_article(&mut self) -> Option<ArticleRef> {
        match self.view.selection {
            Selection::Article(r) if self.session.doc.article(r).is_some() => Some(r),
            _ => {
                self.status = "请先在左侧选中要放图片的文章".to_string();
                None
            }
        }
    }

    /// 插入 → 图片…: asks for a picture file, then places it at the end of the
    /// selected article.
    pub(super) fn insert_picture(&mut self, ctx: &egui::Context) {
        let Some(article) = self.picture_article() else {
            return;
        };
        self.ask_picture(ctx, "插入图片", PictureTarget::NewFigure(article));
    }

    /// 替换图片… (or the right picture of a pair): asks for a picture file for a slot.
    pub(super) fn ask_picture(
        &mut self,
        ctx: &egui::Context,
        title: &'static str,
        target: PictureTarget,
    ) {
        self.ask_file(
            ctx,
            FileQuestion::open_picture(title),
            "正在读取图片……",
            Box::new(move |path| Some(read_picture(&path, target))),
        );
    }

    /// A picture file given by path (dropped on the window): placed at the end of
    /// the selected article.
    pub(super) fn insert_picture_file(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(article) = self.picture_article() else {
            return;
        };
        let target = PictureTarget::NewFigure(article);
        self.run_task(ctx, "正在读取图片……", move || {
            Some(read_picture(&path, target))
        });
    }

    /// A picture from the clipboard (a screenshot, a picture copied in a browser):
    /// stored as a PNG, which keeps it exactly.
    pub(super) fn paste_picture(&mut self, ctx: &egui::Context, image: Arc<egui::ColorImage>) {
        let Some(article) = self.picture_article() else {
            return;
        };
        let target = PictureTarget::NewFigure(article);
        self.run_task(ctx, "正在粘贴图片……", move || {
            Some(match png_of_colour_image(&image) {
                Ok(bytes) => TaskResult::PictureRead {
                    target,
                    name: "粘贴的图片.png".to_string(),
                    bytes: bytes.into(),
                },
                Err(e) => TaskResult::Failed("粘贴图片失败".into(), e),
            })
        });
    }

    /// A picture read by a task goes into the issue: one undoable step that adds it to
    /// the picture table and places it. The task checked the bytes; what it was for is
    /// checked here, before the step, since the user may have deleted it meanwhile.
    pub(super) fn place_picture(&mut self, target: PictureTarget, name: &str, bytes: Arc<[u8]>) {
        let (article, slot) = match target {
            PictureTarget::NewFigure(a) => (a, None),
            PictureTarget::Slot {
                article,
                block,
                slot,
            } => (article, Some((block, slot))),
        };
        let Some(a) = self.session.doc.article(article) else {
            self.status = "要放图片的文章已不在了，图片未插入".to_string();
            return;
        };
        if let Some((block, _)) = slot {
            if !matches!(a.blocks.get(block), Some(Block::Figure(_))) {
                self.status = "要替换的图片已不在了，图片未放入".to_string();
                return;
            }
        }
        if let Err(e) = crate::picture::probe(&bytes) {
            self.error = Some(format!("{name}：{}", e.chinese()));
            return;
        }
        let label = if slot.is_some() {
            "替换图片"
        } else {
            "插入图片"
        };
        let placed = self.session.doc.change(label, Field::Step, |issue| {
            let id = issue.add_picture(bytes, name).ok()?;
            let a = article_mut(issue, article)?;
            match slot {
                None => {
                    a.blocks.push(Block::Figure(Figure::single(id, "")));
                    Some(a.blocks.len())
                }
                Some((block, slot)) => {
                    if let Some(Block::Figure(f)) = a.blocks.get_mut(block) {
                        set_slot(f, slot, id);
                    }
                    Some(block + 1)
                }
            }
        });
        self.status = match (placed, slot) {
            (Some(n), None) => {
                format!("已插入图片 {name}（文章的第 {n} 块，在末尾；可用 ↑ ↓ 移动，可撤销）")
            }
            (Some(_), Some(_)) => format!("已放入图片 {name}（可撤销）"),
            (None, _) => "图片未插入".to_string(),
        };
    }

    /// Picture files dropped on the window and pictures pasted, as commands; other
    /// dropped files are named in the status bar.
    pub(super) fn dropped_and_pasted(&self, ctx: &egui::Context) -> Vec<super::Command> {
        use super::Command;
        ctx.input(|i| {
            let mut out = Vec::new();
            for path in i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()) {
                let is_picture = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| PICTURE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                out.push(if is_picture {
                    Command::InsertPictureFile(path)
                } else {
                    Command::Status(format!(
                        "拖入的 {} 不是 JPEG 或 PNG 图片，未插入",
                        crate::quote::path(&path)
                    ))
                });
            }
            for event in &i.events {
                if let egui::Event::PasteImage(image) = event {
                    out.push(Command::PastePicture(Arc::clone(image)));
                }
            }
            out
        })
    }
}

/// The right picture of a pair goes in as a new slot; any other slot is replaced.
fn set_slot(f: &mut Figure, slot: usize, id: PictureId) {
    match (slot, &mut f.second) {
        (0, _) => f.first.picture = id,
        (_, Some(second)) => second.picture = id,
        (_, None) => {
            f.second = Some(Captioned {
                picture: id,
                caption: String::new(),
            });
            f.width = FigureWidth::Full;
        }
    }
}

fn article_mut(
    issue: &mut crate::model::Issue,
    r: ArticleRef,
) -> Option<&mut crate::model::Article> {
    match r.section {
        None => issue.front.get_mut(r.index),
        Some(s) => issue.sections.get_mut(s)?.articles.get_mut(r.index),
    }
}

/// Reads and checks a picture file (on a task).
fn read_picture(path: &Path, target: PictureTarget) -> TaskResult {
    let failed = |why: String| TaskResult::Failed("图片未插入".into(), why);
    let shown = crate::quote::path(path);
    let bytes = match crate::store::read_bounded(path, MAX_PICTURE_BYTES) {
        Ok(b) => b,
        Err(e @ crate::store::ReadError::TooLarge { .. }) => {
            return failed(format!("{shown}：{}；请先缩小图片", e.chinese()))
        }
        Err(e) => return failed(format!("无法读取 {shown}：{}", e.chinese())),
    };
    if let Err(e) = crate::picture::probe(&bytes) {
        return failed(format!("{shown}：{}", e.chinese()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "图片".to_string());
    TaskResult::PictureRead {
        target,
        name,
        bytes: bytes.into(),
    }
}

/// An egui clipboard image as PNG bytes (RGBA, or RGB when it is opaque).
fn png_of_colour_image(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let (w, h) = (
        u32::try_from(w).map_err(|_| "图片太大".to_string())?,
        u32::try_from(h).map_err(|_| "图片太大".to_string())?,
    );
    if w == 0 || h == 0 {
        return Err("剪贴板里的图片是空的".to_string());
    }
    let opaque = image.pixels.iter().all(|p| p.a() == 255);
    let mut data = Vec::with_capacity(image.pixels.len() * 4);
    for p in &image.pixels {
        let [r, g, b, a] = p.to_srgba_unmultiplied();
        data.extend_from_slice(&[r, g, b]);
        if !opaque {
            data.push(a);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The longest side of a picture's preview in the block editor, in pixels.
pub(crate) const THUMBNAIL_SIDE: u32 = 320;

/// Small previews of the issue's pictures for the block editor, decoded on threads
/// of their own (a camera photo takes a noticeable moment) and kept as textures.
#[derive(Default)]
pub struct Thumbnails {
    inner: Mutex<ThumbnailState>,
}

#[derive(Default)]
struct ThumbnailState {
    /// `None`: the picture could not be decoded.
    shown: HashMap<PictureId, Option<egui::TextureHandle>>,
    asked: HashSet<PictureId>,
    channel: Option<(Sender<Decoded>, Receiver<Decoded>)>,
}

type Decoded = (PictureId, Option<egui::ColorImage>);

impl Thumbnails {
    /// The preview of a picture, if it is decoded; asks for it otherwise. `Err` when
    /// the picture cannot be shown (missing or undecodable bytes).
    pub fn get(
        &self,
        ctx: &egui::Context,
        id: &PictureId,
        bytes: &Arc<[u8]>,
    ) -> Result<Option<egui::TextureHandle>, ()> {
        let Ok(mut state) = self.inner.lock() else {
            return Err(());
        };
        let state = &mut *state;
        let (tx, rx) = state.channel.get_or_insert_with(channel);
        while let Ok((done, image)) = rx.try_recv() {
            state.asked.remove(&done);
            let texture = image.map(|image| {
                ctx.load_texture(
                    format!("thumbnail-{}", done.short()),
                    image,
                    egui::TextureOptions::LINEAR,
                )
            });
            state.shown.insert(done, texture);
        }
        if let Some(shown) = state.shown.get(id) {
            return shown.clone().map(Some).ok_or(());
        }
        if bytes.is_empty() {
            return Err(());
        }
        if state.asked.insert(id.clone()) {
            let (tx, bytes, id, ctx) = (tx.clone(), Arc::clone(bytes), id.clone(), ctx.clone());
            let spawned = std::thread::Builder::new()
                .name("thumbnail".into())
                .spawn(move || {
                    let _ = tx.send((id, thumbnail(&bytes)));
                    ctx.request_repaint();
                });
            if spawned.is_err() {
                return Err(());
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
impl Thumbnails {
    /// Drops every decoded preview, so the next frames show spinners until they are
    /// decoded again (tests of what the editor does while previews arrive).
    pub fn forget(&self) {
        if let Ok(mut state) = self.inner.lock() {
            state.shown.clear();
            state.asked.clear();
        }
    }

    /// Whether a preview of the picture is decoded and shown.
    pub fn is_shown(&self, id: &PictureId) -> bool {
        self.inner
            .lock()
            .is_ok_and(|s| s.shown.get(id).is_some_and(Option::is_some))
    }
}

/// A picture reduced to at most [`THUMBNAIL_SIDE`] pixels on its longer side.
fn thumbnail(bytes: &[u8]) -> Option<egui::ColorImage> {
    let img = image::load_from_memory(bytes).ok()?;
    let small = img.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).to_rgba8();
    let size = [small.width() as usize, small.height() as usize];
    Some(egui::ColorImage::from_rgba_unmultiplied(
        size,
        small.as_raw(),
    ))
}
