//! The issue document: what the editor composes, saved as a versioned `.jianbao` JSON file.
//!
//! The tree follows house-format.md §6: masthead data, lead article(s), sections of
//! articles, and the distribution block. It holds content only; how it looks is
//! `style`, where it goes on the page is `layout`.
//!
//! Parts: `issue` (the issue and its masthead), `date`, `article` (sections,
//! articles, blocks, attributions), `distribution` (版记), and `load` (reading a
//! file and the errors that name what is wrong), `picture` (the pictures an issue
//! carries and the figure block).

mod article;
mod container;
mod date;
mod distribution;
mod issue;
mod load;
mod picture;
mod table;

pub use article::{
    Article, Attribution, AttributionKind, AwardCategory, AwardRow, Block, Placement, Section,
};
pub use container::{
    picture_entry, SaveError, ISSUE_ENTRY, MAX_CONTAINER_BYTES, MAX_PICTURE_BYTES,
};
pub use date::Date;
pub use distribution::{Distribution, RecipientGroup, RecipientLine};
pub use issue::{Issue, IssueMeta};
pub use load::{LoadError, MAX_ISSUE_FILE_BYTES};
pub use picture::{Captioned, Figure, FigureWidth, Picture, PictureId, Pictures};
pub use table::Table;

/// The value of the `"format"` field that marks a file as a jianbao issue.
pub const FORMAT_TAG: &str = "jianbao-issue";
/// The file version this build writes; files with a higher version are refused.
/// Version 3 added pictures (figures, and the container that carries their files).
pub const FORMAT_VERSION: u32 = 3;
/// File extension of an issue.
pub const EXTENSION: &str = "jianbao";

/// The sample issue's JSON, embedded so the program works from any directory.
pub const SAMPLE_JSON: &str = include_str!("../../assets/sample.jianbao");

#[cfg(test)]
mod tests;
