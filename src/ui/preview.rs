//! The page preview: draws `layout::Pages` with egui's painter, glyph by glyph at the
//! positions layout computed (the same positions the PDF uses).

use crate::fonts::{FontBook, FontId};
use crate::layout::{Item, Page, Source};
use eframe::egui::{self, Color32, FontFamily, Pos2, Rect, Stroke, Vec2};
use std::collections::HashMap;

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

/// Draws one page scaled by `scale` (screen points per PDF point) with its top-left at `origin`.
/// Returns the page rectangle on screen.
pub fn paint_page(
    painter: &egui::Painter,
    page: &Page,
    origin: Pos2,
    scale: f32,
    show_grid: Option<(u32, f32)>,
    baselines: &mut HashMap<(FontId, u32), f32>,
) -> Rect {
    let rect = Rect::from_min_size(origin, Vec2::new(page.width * scale, page.height * scale));
    painter.rect_filled(
        rect.translate(Vec2::splat(3.0)),
        0.0,
        Color32::from_gray(150),
    );
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    let to_screen = |x: f32, y: f32| Pos2::new(origin.x + x * scale, origin.y + y * scale);
    let clip = painter.clip_rect();

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

    for item in &page.items {
        match item {
            Item::Rule(r) => {
                let [red, green, blue] = r.ink.screen_rgb;
                painter.line_segment(
                    [to_screen(r.x0, r.y), to_screen(r.x1, r.y)],
                    Stroke::new(
                        (r.thickness * scale).max(0.5),
                        Color32::from_rgb(red, green, blue),
                    ),
                );
            }
            Item::Text(run) => {
                let size = run.size * scale;
                let top = to_screen(0.0, run.y - run.size).y;
                let bottom = to_screen(0.0, run.y + run.size * 0.3).y;
                if bottom < clip.top() || top > clip.bottom() || size < 1.0 {
                    continue;
                }
                let [red, green, blue] = run.ink.screen_rgb;
                let color = Color32::from_rgb(red, green, blue);
                let font_id =
                    egui::FontId::new(size, FontFamily::Name(family_name(run.font).into()));
                // Offset from a galley's top to its baseline, measured once per face and size.
                let key = (run.font, (size * 100.0) as u32);
                let base = *baselines.entry(key).or_insert_with(|| {
                    let g = painter.layout_no_wrap("国".to_string(), font_id.clone(), color);
                    g.rows
                        .first()
                        .and_then(|r| r.glyphs.first())
                        .map_or(size * 0.88, |gl| gl.pos.y)
                });
                for g in &run.glyphs {
                    let p = to_screen(g.x, run.y);
                    let galley = painter.layout_no_wrap(g.ch.to_string(), font_id.clone(), color);
                    painter.galley(Pos2::new(p.x, p.y - base), galley, color);
                }
            }
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
