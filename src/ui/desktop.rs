//! How the window presents itself to the desktop: its icon, its application id, and
//! its colours. Platform differences stay in these few functions so the rest of the
//! editor never asks which desktop it runs on.

use crate::store::Theme;
use eframe::egui;

/// The application id: on Wayland (and in X11's WM_CLASS) it names the installed
/// `jianbao.desktop`, whose icon and name the task bar then shows.
pub const APP_ID: &str = "jianbao";

/// The icon, compiled in so the window has it wherever the binary is copied. eframe
/// already decodes PNG (its `image` dependency), so no raw pixel file is needed.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icon/jianbao-256.png");

/// The window's title-bar and task-bar icon (X11, Windows), or `None` if the embedded
/// file cannot be decoded (the window then opens without one).
pub fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG).ok()
}

/// The viewport with everything that identifies the application to the desktop.
/// (On macOS the icon comes from the app bundle and the id is ignored; Wayland
/// ignores the icon and uses the id.)
pub fn identify(viewport: egui::ViewportBuilder) -> egui::ViewportBuilder {
    let viewport = viewport.with_app_id(APP_ID);
    match window_icon() {
        Some(icon) => viewport.with_icon(icon),
        None => viewport,
    }
}

/// The window title as Word and WPS show it: the file's name first (what the task bar
/// and Alt+Tab show), a star while there are unsaved changes.
pub fn window_title(path: Option<&std::path::Path>, dirty: bool) -> String {
    let name = path.and_then(|p| p.file_name()).map_or_else(
        || "未命名".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!("{}{name} - 简报编排", if dirty { "*" } else { "" })
}

/// Sets the window title when it changed (a viewport command only then).
pub fn update_title(ctx: &egui::Context, title: String) {
    let id = egui::Id::unique("jianbao-window-title");
    if ctx.data(|d| d.get_temp::<String>(id)).as_ref() != Some(&title) {
        ctx.data_mut(|d| d.insert_temp(id, title.clone()));
        ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
    }
}

/// Applies the user's theme choice. "Follow the desktop" uses what the platform
/// reports and is light when it reports nothing (as Word and WPS are).
pub fn apply_theme(ctx: &egui::Context, theme: Theme) {
    ctx.options_mut(|o| o.fallback_theme = egui::Theme::Light);
    ctx.set_theme(match theme {
        Theme::System => egui::ThemePreference::System,
        Theme::Light => egui::ThemePreference::Light,
        Theme::Dark => egui::ThemePreference::Dark,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_a_square_image() {
        let icon = window_icon().expect("the icon PNG decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        // Not blank: the red of the masthead is there.
        assert!(icon
            .rgba
            .chunks(4)
            .any(|p| p[0] > 150 && p[1] < 60 && p[2] < 60 && p[3] == 255));
    }

    #[test]
    fn the_title_names_the_file_and_marks_unsaved_work() {
        let path = std::path::Path::new("/home/a/简报 9月.jianbao");
        assert_eq!(
            window_title(Some(path), false),
            "简报 9月.jianbao - 简报编排"
        );
        assert_eq!(
            window_title(Some(path), true),
            "*简报 9月.jianbao - 简报编排"
        );
        assert_eq!(window_title(None, true), "*未命名 - 简报编排");
    }

    #[test]
    fn following_the_desktop_is_light_when_the_desktop_says_nothing() {
        let ctx = egui::Context::default();
        apply_theme(&ctx, Theme::System);
        assert_eq!(ctx.system_theme(), None);
        assert_eq!(ctx.theme(), egui::Theme::Light);
        apply_theme(&ctx, Theme::Dark);
        assert_eq!(ctx.theme(), egui::Theme::Dark);
        apply_theme(&ctx, Theme::Light);
        assert_eq!(ctx.theme(), egui::Theme::Light);
    }
}
