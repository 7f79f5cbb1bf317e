//! The house style: page geometry, grid, faces and sizes of every element.
//!
//! Every value the specification marks as a setting ([I] in house-format.md) is a field
//! here, never a constant in layout code. A style is serde data, so it can be saved with
//! an issue or as the user's default.
//!
//! Parts: `choices` (profile, strictness, punctuation, ink, font roles), `values` (the
//! `Style` itself, its profiles and page geometry), `ranges` (the allowed range of
//! every number) and `validate` (refusals and warnings).

mod choices;
mod ranges;
mod validate;
mod values;

pub use choices::{FontRoles, Ink, Profile, PunctScheme, Strictness};
pub use ranges::{FieldRange, Unit, RANGES};
pub use validate::{Bound, StyleError, MIN_TEXT_BLOCK_MM};
pub use values::Style;

use crate::units::Mm;

/// Millimetres to PostScript points (1 pt = 1/72 in) for a plain number that is not a
/// style field (a test's expectation, an exporter's own constant); style fields carry
/// their unit and convert with [`Mm::to_pt`].
pub fn mm(v: f32) -> f32 {
    Mm(v).to_pt().0
}

#[cfg(test)]
mod tests;
