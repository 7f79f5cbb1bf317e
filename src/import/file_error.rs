//! Why a file given to import gave no articles, said in Chinese for the editor and in
//! English for the command line.

use super::{docx, ImportError};

/// Why a file to import gave no articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Text(ImportError),
    Docx(docx::DocxError),
    /// A web page with no paragraphs or headings in it.
    EmptyPage,
    /// A document with no text (an empty body, or only pictures).
    NoArticle {
        images: usize,
    },
    /// A jianbao issue file that cannot be read (English, Chinese).
    BadIssue(String, String),
}

impl FileError {
    /// The message for the editor, in Chinese.
    pub fn chinese(&self) -> String {
        match self {
            FileError::Text(e) => e.chinese(),
            FileError::Docx(e) => e.chinese(),
            FileError::EmptyPage => "网页里没有找到正文（没有 <p>、<h1> 等段落）。".into(),
            FileError::NoArticle { images: 0 } => {
                "文件里没有找到文章（没有标题或正文文字）。".into()
            }
            FileError::NoArticle { images } => {
                format!("文件里没有找到文章：只有 {images} 张图片，没有文字。")
            }
            FileError::BadIssue(_, zh) => zh.clone(),
        }
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Text(e) => e.fmt(f),
            FileError::Docx(e) => e.fmt(f),
            FileError::EmptyPage => f.write_str("the web page has no paragraphs (<p>, <h1>)"),
            FileError::NoArticle { images: 0 } => {
                f.write_str("no article found (no title or text in the file)")
            }
            FileError::NoArticle { images } => write!(
                f,
                "no article found: the file holds {images} picture(s) and no text"
            ),
            FileError::BadIssue(en, _) => f.write_str(en),
        }
    }
}
