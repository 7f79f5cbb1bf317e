//! The preview's page images: each visible page drawn by the page rasteriser
//! ([`crate::raster`]) from the same faces and glyph ids as the PDF, at the screen's
//! pixel size, on a worker thread, and kept as a texture per page. A page is drawn
//! again only when its content, the font book or the zoom changes; meanwhile its
//! previous image is shown, stretched, so typing and zooming never wait for drawing.

use crate::fonts::SharedFontBook;
use crate::layout::{Item, Page, Pages};
use crate::raster::Outlines;
use eframe::egui::{self, Color32, ColorImage, Painter, Rect, TextureHandle, TextureOptions};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

/// The longest side of a page texture in pixels: far zoomed in on a high-density
/// screen a page would be 8,000 pixels tall (a quarter gigabyte of texture); beyond
/// this the image is enlarged instead.
const MAX_TEXTURE_SIDE: f32 = 4096.0;

/// Page textures kept: the pages on screen and those just scrolled past.
const KEPT: usize = 16;

/// The page images of the preview and the worker that draws them.
#[derive(Default)]
pub(in crate::ui) struct PageImages {
    /// Page index → its texture and what it shows.
    shown: HashMap<usize, Shown>,
    /// Page index → the key of the image being drawn for it.
    asked: HashMap<usize, u64>,
    worker: Option<Worker>,
    /// Frames painted (for keeping the most recently used textures).
    frame: u64,
}

struct Shown {
    key: u64,
    texture: TextureHandle,
    last_used: u64,
}

struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
}

/// One page to draw.
struct Job {
    pages: Arc<Pages>,
    index: usize,
    key: u64,
    scale: f32,
    book: SharedFontBook,
    ctx: egui::Context,
}

/// A drawn page.
struct Done {
    index: usize,
    key: u64,
    image: Option<ColorImage>,
}

impl PageImages {
    /// Takes the images the worker finished; called once per frame before painting.
    pub(in crate::ui) fn begin_frame(&mut self, ctx: &egui::Context) {
        self.frame += 1;
        let Some(worker) = &self.worker else { return };
        while let Ok(done) = worker.done.try_recv() {
            if self.asked.get(&done.index) == Some(&done.key) {
                self.asked.remove(&done.index);
            }
            let Some(image) = done.image else { continue };
            match self.shown.get_mut(&done.index) {
                Some(shown) => {
                    shown.texture.set(image, TextureOptions::LINEAR);
                    shown.key = done.key;
                }
                None => {
                    let texture = ctx.load_texture(
                        format!("page-{}", done.index),
                        image,
                        TextureOptions::LINEAR,
                    );
                    self.shown.insert(
                        done.index,
                        Shown {
                            key: done.key,
                            texture,
                            last_used: self.frame,
                        },
                    );
                }
            }
        }
        if self.shown.len() > KEPT {
            let mut by_use: Vec<(u64, usize)> =
                self.shown.iter().map(|(i, s)| (s.last_used, *i)).collect();
            by_use.sort_unstable();
            for (_, index) in by_use.iter().take(self.shown.len() - KEPT) {
                self.shown.remove(index);
            }
        }
    }

    /// Paints page `index` of `pages` into `rect` (on screen), asking the worker for a
    /// new image when the one kept does not show the page as it is at this size.
    pub(in crate::ui) fn paint(
        &mut self,
        painter: &Painter,
        pages: &Arc<Pages>,
        index: usize,
        rect: Rect,
        book: &SharedFontBook,
    ) {
        let Some(page) = pages.pages.get(index) else {
            return;
        };
        let ppp = painter.ctx().pixels_per_point();
        let mut scale = rect.width() / page.width * ppp;
        let longest = page.width.max(page.height) * scale;
        if longest > MAX_TEXTURE_SIDE {
            scale *= MAX_TEXTURE_SIDE / longest;
        }
        if !(scale.is_finite() && scale > 0.0) {
            return;
        }
        let key = page_key(page, book.id(), scale);
        let current = self.shown.get(&index).is_some_and(|s| s.key == key);
        if !current && self.asked.get(&index) != Some(&key) {
            self.ask(Job {
                pages: Arc::clone(pages),
                index,
                key,
                scale,
                book: Arc::clone(book),
                ctx: painter.ctx().clone(),
            });
        }
        if let Some(shown) = self.shown.get_mut(&index) {
            shown.last_used = self.frame;
            // An image of the current size lands on whole pixels, texel for pixel.
            let min = (rect.min.to_vec2() * ppp).round() / ppp;
            let target = if current {
                Rect::from_min_size(min.to_pos2(), shown.texture.size_vec2() / ppp)
            } else {
                rect
            };
            let uv = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
            painter.image(shown.texture.id(), target, uv, Color32::WHITE);
        }
    }

    fn ask(&mut self, job: Job) {
        self.asked.insert(job.index, job.key);
        let worker = self.worker.get_or_insert_with(Worker::start);
        if let Err(failed) = worker.jobs.send(job) {
            // The worker is gone (it panicked): start another for the next frames.
            self.worker = None;
            self.asked.remove(&failed.0.index);
        }
    }
}

impl Worker {
    fn start() -> Worker {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let timing = std::env::var_os("JIANBAO_TIMING").is_some();
        let spawned = std::thread::Builder::new()
            .name("page images".into())
            .spawn(move || draw_pages(&job_rx, &done_tx, timing));
        if let Err(e) = spawned {
            log::warn!("no thread for page images: {e}");
        }
        Worker { jobs, done }
    }
}

/// The worker: draws the latest job of each page, newest pages first.
fn draw_pages(jobs: &Receiver<Job>, done: &Sender<Done>, timing: bool) {
    let mut outlines: Option<Outlines> = None;
    while let Ok(first) = jobs.recv() {
        // Jobs that came meanwhile replace older ones for the same page.
        let mut batch: Vec<Job> = vec![first];
        while let Ok(job) = jobs.try_recv() {
            batch.retain(|j| j.index != job.index);
            batch.push(job);
        }
        for job in batch {
            let Some(page) = job.pages.pages.get(job.index) else {
                continue;
            };
            if !outlines.as_ref().is_some_and(|o| o.belongs_to(&job.book)) {
                outlines = Some(Outlines::new(&job.book));
            }
            let Some(outlines) = outlines.as_mut() else {
                continue;
            };
            let started = std::time::Instant::now();
            let image = crate::raster::draw_page(page, outlines, job.scale)
                .ok()
                .map(|pixmap| {
                    let size = [pixmap.width() as usize, pixmap.height() as usize];
                    ColorImage::from_rgba_premultiplied(size, pixmap.data())
                });
            if timing {
                eprintln!(
                    "timing: page {} drawn at {:.2} px/pt in {:.1} ms",
                    page.number,
                    job.scale,
                    started.elapsed().as_secs_f32() * 1000.0
                );
            }
            let sent = done.send(Done {
                index: job.index,
                key: job.key,
                image,
            });
            if sent.is_err() {
                return; // the preview is gone
            }
            job.ctx.request_repaint();
        }
    }
}

/// What a page image shows: the page's items, the faces they refer to and the size.
fn page_key(page: &Page, book: u64, scale: f32) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    book.hash(&mut h);
    for v in [scale, page.width, page.height] {
        v.to_bits().hash(&mut h);
    }
    for item in &page.items {
        match item {
            Item::Text(run) => {
                (run.font, run.size.to_bits(), run.y.to_bits()).hash(&mut h);
                run.ink.cmyk.map(f32::to_bits).hash(&mut h);
                for g in &run.glyphs {
                    (g.id, g.x.to_bits()).hash(&mut h);
                }
            }
            Item::Rule(r) => {
                [r.x0, r.x1, r.y, r.thickness]
                    .map(f32::to_bits)
                    .hash(&mut h);
                r.ink.cmyk.map(f32::to_bits).hash(&mut h);
            }
            Item::Picture(p) => {
                p.picture.hash(&mut h);
                p.rect.map(f32::to_bits).hash(&mut h);
            }
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;

    #[test]
    fn a_page_key_changes_with_what_the_image_shows_and_nothing_else() {
        let book = FontBook::bundled();
        let issue = crate::model::Issue::sample();
        let style = issue.style.clone().unwrap_or_default();
        let pages = crate::layout::layout(&issue, &style, &book);
        let again = crate::layout::layout(&issue, &style, &book);
        let key = |p: &Page| page_key(p, book.id(), 1.5);
        let page = &pages.pages[1];
        assert_eq!(key(page), key(&again.pages[1]), "laid out again, same key");
        assert_ne!(key(page), key(&pages.pages[2]), "another page");
        assert_ne!(key(page), page_key(page, book.id(), 1.6), "another zoom");
        assert_ne!(
            key(page),
            page_key(page, book.id() + 1, 1.5),
            "another book"
        );
        let mut moved = Page::clone(page);
        if let Some(Item::Text(run)) = moved.items.iter_mut().find(|i| matches!(i, Item::Text(_))) {
            run.glyphs[0].x += 0.01;
        }
        assert_ne!(key(page), key(&moved), "a glyph moved");
        let mut recoloured = Page::clone(page);
        if let Some(Item::Rule(r)) = recoloured
            .items
            .iter_mut()
            .find(|i| matches!(i, Item::Rule(_)))
        {
            r.ink.cmyk[0] = 0.5;
        } else if let Some(Item::Text(run)) = recoloured.items.first_mut() {
            run.ink.cmyk[0] = 0.5;
        }
        assert_ne!(key(page), key(&recoloured), "another ink");
    }
}
