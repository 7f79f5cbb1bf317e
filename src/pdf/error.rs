//! Why an export failed, in plain English for the command line and Chinese for the
//! editor's window.

/// Why a PDF could not be made.
#[derive(Debug)]
pub enum ExportError {
    /// A face could not be subset or parsed for embedding.
    Font { family: String, reason: String },
    /// A face's licence does not allow embedding.
    NotEmbeddable { family: String },
    /// The PDF could not be put together.
    Write { reason: String },
    /// Layout produced a number no PDF can hold (NaN, infinity, beyond the limits of
    /// a page): refused rather than written as a file readers reject.
    BadNumber {
        page: usize,
        what: &'static str,
        value: f32,
    },
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Font { family, reason } => {
                write!(f, "the font {family} could not be embedded: {reason}")
            }
            ExportError::NotEmbeddable { family } => write!(
                f,
                "the font {family} does not allow embedding in documents; choose another font for that role"
            ),
            ExportError::Write { reason } => write!(f, "the PDF could not be written: {reason}"),
            ExportError::BadNumber { page, what, value } => write!(
                f,
                "page {page}: the {what} came out of layout as {value}, which no PDF can hold (a style value out of range?); no PDF was written"
            ),
        }
    }
}

impl std::error::Error for ExportError {}

impl ExportError {
    /// The message for the editor's window.
    pub fn chinese(&self) -> String {
        match self {
            ExportError::Font { family, reason } => format!("字体 {family} 无法嵌入 PDF：{reason}"),
            ExportError::NotEmbeddable { family } => {
                format!("字体 {family} 的授权不允许嵌入文档，请为该用途换一种字体")
            }
            ExportError::Write { reason } => format!("PDF 无法生成：{reason}"),
            ExportError::BadNumber { page, what, value } => format!(
                "第{page}页的{}排版结果为 {value}，无法写入 PDF（版式数值超出范围？），未生成 PDF",
                match *what {
                    "page size" => "纸张尺寸",
                    _ => "内容坐标",
                }
            ),
        }
    }
}
