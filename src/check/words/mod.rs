//! Word-level slips an editor catches by reading: ordinal numbers written 1、 inside a
//! paragraph, 的/地/得 confused, and a word typed twice (发展发展).
//!
//! Each rule is a curated, high-precision pattern rather than a grammar: a bulletin's
//! editor must be able to trust every finding, so a rule stays silent wherever the same
//! characters are also correct Chinese (积极的促进作用, 研究研究, 一步一步).
//!
//! Parts: `ordinals` (1、 inside a paragraph), `particles` (的/地/得, with its word
//! lists in `particle_words`) and `doubled` (a word typed twice).

mod doubled;
mod ordinals;
mod particle_words;
mod particles;

pub(super) use doubled::{doubled_words, doubling_is_words};
pub(super) use ordinals::{arabic_ordinal_at, opens_item_number};
pub(super) use particles::particle_slips;

#[cfg(test)]
mod tests;
