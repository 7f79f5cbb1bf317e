//! jianbao (简报编排): compose an issue of an association bulletin and typeset it in the
//! house format.
//!
//! Data flows one way: [`model`] (the issue) + [`style`] (the house style) + [`fonts`]
//! → [`layout`] (pages: a display list) → [`pdf`] (the printed file) and [`raster`]
//! (page images, which the `ui` preview shows). [`cli`] and `ui` sit on top; `layout` never knows about egui or printpdf.

pub mod check;
pub mod cli;
pub mod edit;
pub mod export;
pub mod fonts;
pub mod import;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod picture;
pub mod quote;
pub mod raster;
pub mod store;
pub mod style;
#[cfg(test)]
mod testing;
pub mod ui;
pub mod units;
