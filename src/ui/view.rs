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
