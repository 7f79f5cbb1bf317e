//! The page preview: shows `layout::Pages` as page images drawn by the page rasteriser
//! from the same faces, glyph ids and positions the PDF uses, so what the editor sees
//! is the glyph that prints (not one egui's own text engine picks for the character).

use super::page_images::PageImages;
use super::view::{Fit, ViewChange};
use super::{App, Command};
use crate::fonts::{FontBook, FontId, SharedFontBook};
use crate::layout::{Page, Pages, Source};
use eframe::egui::{self, Color32, FontFamily, Pos2, Rect, Stroke, Vec2};
use std::sync::Arc;

/// egui family name for a face of the font book.
pub fn family_name(id: FontId) -> String {
    format!("jb-{}", id.0)
}

/// Registers every face of the book with egui, and the bundled serif as the UI's CJK font.
pub fn install_fonts(ctx: &egui::Context, book: &FontBook) {
    let mut defs = egui::FontDefinitions::default();
    for (id, face) in book.faces() {
        let name = family_name(id);
        let mut data = egui::FontData::from_static(face.data);
        data.index = face.index;
        defs.font_data
            .insert(name.clone(), std::sync::Arc::new(data));
        defs.families
            .insert(FontFamily::Name(name.clone().into()), vec![name.clone()]);
    }
    // Chinese for the interface itself: the bundled Song (Noto Serif CJK SC) after egui's
    // Latin faces, so the window looks the same on every machine.
    let ui_face = family_name(FontId(0));
    for fam in [FontFamily::Proportional, FontFamily::Monospace] {
        defs.families.entry(fam).or_default().push(ui_face.clone());
    }
    ctx.set_fonts(defs);
}

/// Draws page `index` scaled by `scale` (screen points per PDF point) with its top-left
/// at `origin`: the page image the rasteriser made from the same faces and glyph ids as
/// the PDF (see [`PageImages`]), with the line grid over it when asked for.
/// Returns the page rectangle on screen.
#[allow(clippy::too_many_arguments)]
pub(super) fn paint_page(
    painter: &egui::Painter,
    pages: &Arc<Pages>,
    index: usize,
    origin: Pos2,
    scale: f32,
    show_grid: Option<(u32, f32)>,
    images: &mut PageImages,
    book: &SharedFontBook,
) -> Rect {
    let Some(page) = pages.pages.get(index) else {
        return Rect::NOTHING;
    };
    let rect = Rect::from_min_size(origin, Vec2::new(page.width * scale, page.height * scale));
    painter.rect_filled(
        rect.translate(Vec2::splat(3.0)),
        0.0,
        Color32::from_gray(150),
    );
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    images.paint(painter, pages, index, rect, book);
    let to_screen = |x: f32, y: f32| Pos2::new(origin.x + x * scale, origin.y + y * scale);
    if let Some((lines, pitch)) = show_grid {
        let [l, t, w, h] = page.text_block;
        let stroke = Stroke::new(1.0, Color32::from_rgba_unmultiplied(80, 140, 220, 60));
        painter.rect_stroke(
            Rect::from_min_max(to_screen(l, t), to_screen(l + w, t + h)),
            0.0,
            stroke,
            egui::StrokeKind::Middle,
        );
        for i in 1..lines {
            let y = t + i as f32 * pitch;
            painter.line_segment([to_screen(l, y), to_screen(l + w, y)], stroke);
        }
    }
    rect
}

/// What was clicked on a page, in page coordinates.
pub fn hit(page: &Page, origin: Pos2, scale: f32, pointer: Pos2) -> Option<Source> {
    let x = (pointer.x - origin.x) / scale;
    let y = (pointer.y - origin.y) / scale;
    page.source_at(x, y)
}

/// The preview panel: zoom and page buttons over the pages; a click selects what it
/// hit. Draws from the app as it is and returns the view changes and selection asked
/// for; `images` are the page images [`paint_page`] keeps between frames.
pub(super) fn preview_panel(app: &App, images: &mut PageImages, ui: &mut egui::Ui) -> Vec<Command> {
    images.begin_frame(ui.ctx());
    let mut out = Vec::new();
    let view = app.view.pages;
    ui.horizontal(|ui| {
        if ui.button("－").on_hover_text("缩小").clicked() {
            out.push(Command::View(ViewChange::ZoomOut(0.2)));
        }
        ui.label(format!("{:.0}%", view.zoom * 100.0));
        if ui.button("＋").on_hover_text("放大").clicked() {
            out.push(Command::View(ViewChange::ZoomIn));
        }
        let mut fit = view.fit;
        ui.selectable_value(&mut fit, Fit::Page, "整页")
            .on_hover_text("缩放到能看见整页");
        ui.selectable_value(&mut fit, Fit::Width, "适合宽度")
            .on_hover_text("让页面宽度适合预览区");
        if fit != view.fit {
            out.push(Command::View(ViewChange::Fit(fit)));
        }
        let count = app.typeset.pages.pages.len();
        if ui
            .button("上一页")
            .on_hover_text("上一页（PageUp）")
            .clicked()
        {
            out.push(Command::View(ViewChange::GotoPage(
                view.current_page.saturating_sub(1),
            )));
        }
        ui.label(format!("{}/{}", view.current_page + 1, count));
        if ui
            .button("下一页")
            .on_hover_text("下一页（PageDown）")
            .clicked()
        {
            out.push(Command::View(ViewChange::GotoPage(
                (view.current_page + 1).min(count.saturating_sub(1)),
            )));
        }
    });
    let pages = Arc::clone(&app.typeset.pages);
    let style = app.style();
    let avail = ui.available_size();
    let per_row = if view.two_up { 2 } else { 1 };
    egui::ScrollArea::both()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let (page_w, page_h) = pages
                .pages
                .first()
                .map_or((595.0, 842.0), |p| (p.width, p.height));
            let row_w = page_w * per_row as f32 + 12.0 * (per_row - 1) as f32;
            let scale = match view.fit {
                Fit::Width => ((avail.x - 24.0) / row_w).clamp(0.1, 5.0),
                Fit::Page => ((avail.x - 24.0) / row_w)
                    .min((avail.y - 60.0) / page_h)
                    .clamp(0.1, 5.0),
                Fit::Free => view.zoom,
            };
            if scale != view.zoom {
                out.push(Command::View(ViewChange::Fitted(scale)));
            }
            let grid = view
                .show_grid
                .then(|| (style.lines_per_page, style.line_pitch().0));
            let mut top_page = view.current_page;
            let view_top = ui.clip_rect().top();
            // Spreads: page 1 alone on the right, then 2–3, 4–5 … as printed.
            let mut rows: Vec<Vec<usize>> = Vec::new();
            if per_row == 2 {
                rows.push(vec![0]);
                let mut i = 1;
                while i < pages.pages.len() {
                    rows.push((i..(i + 2).min(pages.pages.len())).collect());
                    i += 2;
                }
            } else {
                rows = (0..pages.pages.len()).map(|i| vec![i]).collect();
            }
            ui.add_space(8.0);
            for row in rows {
                let size = egui::vec2(page_w * scale, page_h * scale);
                let (rect, response) = ui.allocate_exact_size(
                    egui::vec2(avail.x.max(row_w * scale + 24.0), size.y + 12.0),
                    egui::Sense::click(),
                );
                let left = rect.center().x - row_w * scale / 2.0;
                for (k, &index) in row.iter().enumerate() {
                    let slot = if per_row == 2 && index == 0 { 1 } else { k };
                    let origin =
                        egui::pos2(left + slot as f32 * (page_w + 12.0) * scale, rect.top());
                    let page = &pages.pages[index];
                    if view.goto_page == Some(index) {
                        ui.scroll_to_rect(rect, Some(egui::Align::TOP));
                        out.push(Command::View(ViewChange::ReachedPage));
                    }
                    if rect.top() <= view_top + rect.height() / 2.0 {
                        top_page = index;
                    }
                    if ui.is_rect_visible(rect) {
                        let book = &app.fonts.book;
                        paint_page(
                            ui.painter(),
                            &pages,
                            index,
                            origin,
                            scale,
                            grid,
                            images,
                            book,
                        );
                    }
                    if response.clicked() {
                        if let Some(pos) = response.interact_pointer_pos() {
                            let page_rect = egui::Rect::from_min_size(origin, size);
                            if page_rect.contains(pos) {
                                if let Some(source) = hit(page, origin, scale, pos) {
                                    out.push(Command::Show(source));
                                }
                            }
                        }
                    }
                }
            }
            if top_page != view.current_page {
                out.push(Command::View(ViewChange::PageAtTop(top_page)));
            }
        });
    out
}
