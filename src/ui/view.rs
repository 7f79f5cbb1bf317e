//! How the editor is looking at the issue ([`ViewState`]): what is selected, how the
//! preview is zoomed and where it scrolls, which panels and small windows are open.
//! Nothing here is part of the document: undo never touches it, saving never writes it.

use crate::edit::ArticleRef;

/// What the centre panel edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    Masthead,
    Section(usize),
    Article(ArticleRef),
    Distribution,
    Style,
}

/// How the preview's zoom follows the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// A whole page (or spread) is visible.
    Page,
    /// The page width fills the view.
    Width,
    /// The zoom the user chose.
    Free,
}

/// The preview's zoom, arrangement and scrolling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageView {
    /// Screen points per PDF point.
    pub zoom: f32,
    pub fit: Fit,
    /// Two pages side by side, as a printed spread.
    pub two_up: bool,
    /// The type area and every line's place drawn over the pages.
    pub show_grid: bool,
    /// Scroll this page (index) into view on the next frame.
    pub goto_page: Option<usize>,
    /// The page (index) at the top of the preview, for 上一页 / 下一页.
    pub current_page: usize,
}

impl Default for PageView {
    fn default() -> Self {
        PageView {
            zoom: 1.0,
            fit: Fit::Width,
            two_up: false,
            show_grid: false,
            goto_page: None,
            current_page: 0,
        }
    }
}

impl PageView {
    /// 放大: a quarter more, up to 500 %.
    pub fn zoom_in(&mut self) {
        self.fit = Fit::Free;
        self.zoom = (self.zoom * 1.25).min(5.0);
    }
    /// 缩小: a quarter less, down to `floor`.
    pub fn zoom_out(&mut self, floor: f32) {
        self.fit = Fit::Free;
        self.zoom = (self.zoom / 1.25).max(floor);
    }
}

/// Everything about how the window shows the issue, apart from the issue itself.
#[derive(Default)]
pub struct ViewState {
    /// What the centre panel edits (the outline shows it selected).
    pub selection: Selection,
    pub pages: PageView,
    /// The warnings panel under the editor.
    pub warnings_open: bool,
    pub find_open: bool,
    /// What the find window looks for.
    pub find_text: String,
    pub address_book_open: bool,
    pub shortcuts_open: bool,
    pub about_open: bool,
    /// Put the keyboard in the editor's first field on the next frame.
    pub focus_editor: bool,
    /// Paragraphs `start..end` of an article just received pasted text with hard line
    /// breaks: the editor offers to join them.
    pub join_offer: Option<(ArticleRef, usize, usize)>,
}

/// A change to how the window shows the issue (never to the issue itself).
#[derive(Debug, Clone, PartialEq)]
pub enum ViewChange {
    /// 放大.
    ZoomIn,
    /// 缩小, down to this zoom (the preview's button stops at 20 %, the menu at 10 %).
    ZoomOut(f32),
    /// 整页 or 适合宽度 (or back to the chosen zoom).
    Fit(Fit),
    /// The zoom a fit works out for the preview's size this frame.
    Fitted(f32),
    /// 单页 / 双页.
    TwoUp(bool),
    /// 显示版心网格.
    ShowGrid(bool),
    /// Scroll page `n` (index) into view.
    GotoPage(usize),
    /// The preview scrolled to the page asked for.
    ReachedPage,
    /// The page (index) now at the top of the preview.
    PageAtTop(usize),
    /// The status bar's warning count: opens or closes the warnings panel.
    ToggleWarnings,
    /// 查找… (Ctrl+F), 通讯录…, 快捷键, 关于, and the warnings panel.
    Open(Window),
    /// A window's close button (or the warnings panel's 关闭).
    Close(Window),
    /// Offer to join pasted paragraphs `start..end` of an article, or stop offering.
    JoinOffer(Option<(ArticleRef, usize, usize)>),
}

/// The panels and small windows the user opens and closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Warnings,
    Find,
    AddressBook,
    Shortcuts,
    About,
}

impl ViewState {
    /// Whether `window` is open.
    pub fn is_open(&self, window: Window) -> bool {
        match window {
            Window::Warnings => self.warnings_open,
            Window::Find => self.find_open,
            Window::AddressBook => self.address_book_open,
            Window::Shortcuts => self.shortcuts_open,
            Window::About => self.about_open,
        }
    }

    fn open_mut(&mut self, window: Window) -> &mut bool {
        match window {
            Window::Warnings => &mut self.warnings_open,
            Window::Find => &mut self.find_open,
            Window::AddressBook => &mut self.address_book_open,
            Window::Shortcuts => &mut self.shortcuts_open,
            Window::About => &mut self.about_open,
        }
    }

    /// Makes `change`: the one place the panels' view changes land.
    pub fn apply(&mut self, change: ViewChange) {
        match change {
            ViewChange::ZoomIn => self.pages.zoom_in(),
            ViewChange::ZoomOut(floor) => self.pages.zoom_out(floor),
            ViewChange::Fit(fit) => self.pages.fit = fit,
            ViewChange::Fitted(zoom) => self.pages.zoom = zoom,
            ViewChange::TwoUp(on) => self.pages.two_up = on,
            ViewChange::ShowGrid(on) => self.pages.show_grid = on,
            ViewChange::GotoPage(n) => self.pages.goto_page = Some(n),
            ViewChange::ReachedPage => self.pages.goto_page = None,
            ViewChange::PageAtTop(n) => self.pages.current_page = n,
            ViewChange::ToggleWarnings => self.warnings_open = !self.warnings_open,
            ViewChange::Open(window) => *self.open_mut(window) = true,
            ViewChange::Close(window) => *self.open_mut(window) = false,
            ViewChange::JoinOffer(offer) => self.join_offer = offer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_leave_the_fit_and_stop_at_their_limits() {
        let mut v = ViewState::default();
        assert_eq!(v.pages.fit, Fit::Width);
        v.apply(ViewChange::ZoomIn);
        assert_eq!(v.pages.fit, Fit::Free);
        assert!((v.pages.zoom - 1.25).abs() < 1e-6);
        for _ in 0..20 {
            v.apply(ViewChange::ZoomIn);
        }
        assert_eq!(v.pages.zoom, 5.0);
        for _ in 0..40 {
            v.apply(ViewChange::ZoomOut(0.2));
        }
        assert_eq!(v.pages.zoom, 0.2);
        v.apply(ViewChange::ZoomOut(0.1));
        assert!(v.pages.zoom < 0.2 && v.pages.zoom >= 0.1);
        v.apply(ViewChange::Fit(Fit::Page));
        assert_eq!(v.pages.fit, Fit::Page);
    }

    #[test]
    fn a_page_asked_for_is_forgotten_once_reached_and_panels_toggle() {
        let mut v = ViewState::default();
        v.apply(ViewChange::GotoPage(3));
        assert_eq!(v.pages.goto_page, Some(3));
        v.apply(ViewChange::ReachedPage);
        assert_eq!(v.pages.goto_page, None);
        v.apply(ViewChange::ToggleWarnings);
        assert!(v.warnings_open);
        v.apply(ViewChange::ToggleWarnings);
        assert!(!v.warnings_open);
        v.apply(ViewChange::ToggleWarnings);
        v.apply(ViewChange::Close(Window::Warnings));
        assert!(!v.warnings_open);
        for w in [
            Window::Warnings,
            Window::Find,
            Window::AddressBook,
            Window::Shortcuts,
            Window::About,
        ] {
            v.apply(ViewChange::Open(w));
            assert!(v.is_open(w), "{w:?}");
            v.apply(ViewChange::Close(w));
            assert!(!v.is_open(w), "{w:?}");
        }
    }
}
