//! Lengths with their unit in the type: millimetres (how the house format and the
//! editor give page geometry), points (what layout and the display list work in) and
//! em (a fraction of a font size or of the character pitch). A millimetre cannot be
//! added to a point by mistake: [`Mm::to_pt`] and [`Em::at`] are the only ways across,
//! and arithmetic is defined only within one unit (and with plain factors).
//!
//! Each is a transparent newtype over `f32`, so a saved style keeps the plain numbers
//! it always had.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Millimetres: page size, margins, rules and distances as the house format gives them.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Mm(pub f32);

/// PostScript points (1/72 in): font sizes and every position layout computes.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pt(pub f32);

/// A length relative to a size (a font's size, or the grid's character pitch): it
/// becomes a length only once that size is known ([`Em::at`]).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Em(pub f32);

impl Mm {
    /// The same length in points (1 in = 25.4 mm = 72 pt).
    pub fn to_pt(self) -> Pt {
        Pt(self.0 * 72.0 / 25.4)
    }
}

impl Em {
    /// The length this many em make at `size`.
    pub fn at(self, size: Pt) -> Pt {
        Pt(self.0 * size.0)
    }
}

impl Pt {
    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

/// Same-unit sums and differences, scaling by a plain factor, and the ratio of two
/// lengths of one unit (a plain number).
macro_rules! length_ops {
    ($($unit:ident),*) => {$(
        impl Add for $unit {
            type Output = $unit;
            fn add(self, other: $unit) -> $unit {
                $unit(self.0 + other.0)
            }
        }
        impl Sub for $unit {
            type Output = $unit;
            fn sub(self, other: $unit) -> $unit {
                $unit(self.0 - other.0)
            }
        }
        impl AddAssign for $unit {
            fn add_assign(&mut self, other: $unit) {
                self.0 += other.0;
            }
        }
        impl SubAssign for $unit {
            fn sub_assign(&mut self, other: $unit) {
                self.0 -= other.0;
            }
        }
        impl Neg for $unit {
            type Output = $unit;
            fn neg(self) -> $unit {
                $unit(-self.0)
            }
        }
        impl Mul<f32> for $unit {
            type Output = $unit;
            fn mul(self, factor: f32) -> $unit {
                $unit(self.0 * factor)
            }
        }
        impl Mul<$unit> for f32 {
            type Output = $unit;
            fn mul(self, length: $unit) -> $unit {
                $unit(self * length.0)
            }
        }
        impl Div<f32> for $unit {
            type Output = $unit;
            fn div(self, divisor: f32) -> $unit {
                $unit(self.0 / divisor)
            }
        }
        impl Div for $unit {
            type Output = f32;
            fn div(self, other: $unit) -> f32 {
                self.0 / other.0
            }
        }
    )*};
}

length_ops!(Mm, Pt, Em);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_the_printers_ones() {
        assert_eq!(Mm(25.4).to_pt(), Pt(72.0));
        // The house text block: 210 − 28 − 26 mm.
        let block = (Mm(210.0) - Mm(28.0) - Mm(26.0)).to_pt();
        assert!((block.0 - 442.2047).abs() < 1e-3, "{block:?}");
        assert_eq!(Em(0.25).at(Pt(16.0)), Pt(4.0));
        assert_eq!(Pt(3.0) * 2.0, 2.0 * Pt(3.0));
        assert_eq!(Pt(9.0) / Pt(3.0), 3.0);
        assert!(Pt(1.0) < Pt(2.0));
    }

    /// In a file a length is the plain number it always was.
    #[test]
    fn lengths_are_plain_numbers_in_a_file() {
        let text = serde_json::to_string(&(Mm(0.35), Pt(15.5), Em(0.02))).unwrap_or_default();
        assert_eq!(text, "[0.35,15.5,0.02]");
        let back: (Mm, Pt, Em) = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, (Mm(0.35), Pt(15.5), Em(0.02)));
    }
}
