//! Tables (表格, house-format.md §3.11): an optional caption, a header row and body
//! rows of wrapped cells between thin rules, at most the measure wide.
//!
//! Column widths come from the content, the way browsers and word processors size an
//! automatic table: every column gets at least its widest unbreakable word and at most
//! its longest line; a table whose longest lines all fit is as wide as the measure,
//! the widest text column taking the rest; one that does not fit shares the room in
//! proportion to what each column would still like. A manual width (in 字 of the
//! grid) overrides a column. Cells are wrapped with the body text's line-breaking
//! rules (no mark a line may not start with at a line start, numbers kept whole).
//!
//! A row is one flow line of as many slots as its tallest cell, so it never splits
//! across pages; every row after the first may start a page, and when one does, the
//! header row is set again above it ([`Head`]). Rules are inset by half their
//! thickness so none leaves the text block. A vertical rule is a [`Rule`] as wide as
//! its thickness and as thick as the row is tall.

use super::wrapped::Place;
use super::{shift, Ctx, FlowLine, Head, Role, Tag, Variant};
use crate::layout::pages::{GlyphRun, LineKind, Rule, Source, Warning};
use crate::layout::text::{natural_width, prepare};
use crate::model::Table;
use crate::style::Ink;
use std::sync::Arc;

/// The lines of a table: caption, header row, body rows.
pub fn table(ctx: &mut Ctx, t: &Table, source: Source, title: &str, block: usize) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let size = s.table_text_size().0;
    let pad = s.table_padding().0.min(measure / 8.0);
    let rule = s.table_rule().0.min(pitch / 4.0);
    let cap = s.lines_per_page.max(1);
    let columns = t.columns();
    let place = Place::new(
        format!("文章“{title}”第{block}段的表格"),
        format!("the table in paragraph {block} of article “{title}”"),
    );
    let mut out = Vec::new();
    if !t.caption.trim().is_empty() {
        out.extend(caption(ctx, t.caption.trim(), source, &place));
    }
    if columns == 0 || t.rows.is_empty() {
        return out;
    }
    let header = t.header && !t.rows.is_empty();
    let numeric: Vec<bool> = (0..columns)
        .map(|c| numeric_column(t.body_rows().iter().map(|r| cell(r, c))))
        .collect();
    let widths = fitted_widths(ctx, t, header, &numeric, pad, &place, source);
    let mut lefts = Vec::with_capacity(columns);
    let mut x = 0.0;
    for w in &widths {
        lefts.push(x);
        x += w;
    }
    let right = x.min(measure);
    let geometry = Geometry {
        lefts: &lefts,
        widths: &widths,
        right,
        rule,
        pitch,
    };
    let cells = Cells {
        lefts: &lefts,
        widths: &widths,
        numeric: &numeric,
        columns,
        pad,
        size,
        pitch,
        header,
        source,
        place: &place,
    };
    let mut rows_set: Vec<(u32, Vec<GlyphRun>)> = Vec::with_capacity(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        rows_set.push(cells.set_row(ctx, r, row));
    }
    let top_rule = geometry.top();
    let head = if header {
        let (slots, runs) = rows_set[0].clone();
        let mut rules = geometry.row(slots);
        rules.extend(top_rule.clone());
        Head { slots, runs, rules }
    } else {
        Head {
            slots: 0,
            runs: Vec::new(),
            rules: top_rule.clone(),
        }
    };
    let head = Arc::new(head);
    let had_caption = !out.is_empty();
    let mut no_repeat = false;
    for (r, (slots, runs)) in rows_set.into_iter().enumerate() {
        let mut rules = geometry.row(slots);
        if r == 0 {
            rules.extend(top_rule.clone());
        }
        // The header and the first row stay together and with the caption; any later
        // row may start a page, under the header repeated.
        let first_body = usize::from(header);
        let may_break = r > first_body || (r == 0 && !had_caption);
        let repeats = r > first_body && slots + head.slots <= cap;
        no_repeat |= r > first_body && !repeats && header;
        let line = FlowLine {
            slots,
            runs,
            rules,
            break_before: may_break,
            kind: LineKind::TableRow,
            source,
            variant: Variant::Always,
            space_above: 0,
            head: repeats.then(|| Arc::clone(&head)),
            pictures: Vec::new(),
        };
        out.extend(split_tall_row(line, pitch, cap));
    }
    if no_repeat {
        ctx.warnings.push(Warning {
            code: "table-row-too-tall",
            zh: format!(
                "{}：有的行连同表头比一页还高，换页时不能重复表头",
                place.zh
            ),
            en: format!(
                "{}: a row and the header row together are taller than a page; the header is not repeated above it",
                place.en
            ),
            source,
            page: None,
        });
    }
    out
}

/// The columns' widths from their content (the header measured in its own face) and
/// any manual widths; a table whose columns cannot fit the measure is warned about.
fn fitted_widths(
    ctx: &mut Ctx,
    t: &Table,
    header: bool,
    numeric: &[bool],
    pad: f32,
    place: &Place,
    source: Source,
) -> Vec<f32> {
    let s = ctx.style;
    let measure = s.text_width().0;
    let em = s.char_pitch().0;
    let size = s.table_text_size().0;
    let columns = t.columns();
    // Content widths, the header measured in its own face.
    let body_ts = ctx.text_style(Role::Body, size);
    let head_ts = ctx.text_style(Role::Hei, size);
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    for (r, row) in t.rows.iter().enumerate() {
        let ts = if header && r == 0 { &head_ts } else { &body_ts };
        for c in 0..columns {
            for line in cell(row, c).split('\n') {
                let p = prepare(line.trim(), ts, ctx.book);
                max[c] = max[c].max(natural_width(&p));
                min[c] = min[c].max(widest_word(&p));
            }
        }
    }
    let wanted = |w: f32| w.max(size) + 2.0 * pad;
    let min: Vec<f32> = min.into_iter().map(wanted).collect();
    let max: Vec<f32> = max.into_iter().map(wanted).collect();
    let manual: Vec<Option<f32>> = (0..columns)
        .map(|c| {
            t.width(c)
                .map(|w| w.at(crate::units::Pt(em)).0.max(2.0 * pad + 1.0))
        })
        .collect();
    let fit = column_widths(&min, &max, &manual, numeric, measure);
    if fit.too_wide {
        ctx.warnings.push(Warning {
            code: "table-too-wide",
            zh: format!(
                "{}：{}列放不进版心宽度，单元格内的词已强行断开；请减少列数或缩短内容",
                place.zh, columns
            ),
            en: format!(
                "{}: its {} columns do not fit the measure; words in cells were split",
                place.en, columns
            ),
            source,
            page: None,
        });
    }
    fit.widths
}

/// What setting a row's cells needs: the columns, and how text sits in them.
struct Cells<'a> {
    lefts: &'a [f32],
    widths: &'a [f32],
    numeric: &'a [bool],
    columns: usize,
    pad: f32,
    size: f32,
    pitch: f32,
    header: bool,
    source: Source,
    place: &'a Place,
}

impl Cells<'_> {
    /// Row `r` set: its height in slots (its tallest cell) and its glyph runs, each
    /// cell wrapped in its column, centred in the header, right-aligned in a numeric
    /// column, else at the left padding.
    fn set_row(&self, ctx: &mut Ctx, r: usize, row: &[String]) -> (u32, Vec<GlyphRun>) {
        let is_head = self.header && r == 0;
        let role = if is_head { Role::Hei } else { Role::Body };
        let tag = Tag::new(Ink::BLACK, self.source, LineKind::TableRow);
        let mut runs = Vec::new();
        let mut lines = 1usize;
        for c in 0..self.columns {
            let text = cell(row, c);
            if text.trim().is_empty() {
                continue;
            }
            let inner = (self.widths[c] - 2.0 * self.pad).max(1.0);
            let where_ = Place::new(
                format!("{}第{}行第{}列", self.place.zh, r + 1, c + 1),
                format!("{} (row {}, column {})", self.place.en, r + 1, c + 1),
            );
            let mut k = 0usize;
            for forced in text.split('\n') {
                let forced = forced.trim();
                if forced.is_empty() {
                    k += 1;
                    continue;
                }
                for mut line in ctx.wrapped(forced, role, self.size, tag, (inner, inner), &where_) {
                    let x = if is_head {
                        self.lefts[c]
                            + ((self.widths[c] - line.width) / 2.0)
                                .max(self.pad.min(self.widths[c] / 2.0))
                    } else if self.numeric[c] {
                        self.lefts[c] + (self.widths[c] - self.pad - line.width).max(0.0)
                    } else {
                        self.lefts[c] + self.pad
                    };
                    shift(
                        &mut line.runs,
                        x,
                        k as f32 * self.pitch + Ctx::baseline(self.pitch, self.size),
                    );
                    runs.extend(line.runs);
                    k += 1;
                }
            }
            lines = lines.max(k);
        }
        (lines as u32, runs)
    }
}

/// Where a table's columns and rules go.
struct Geometry<'a> {
    lefts: &'a [f32],
    widths: &'a [f32],
    /// The table's right edge.
    right: f32,
    rule: f32,
    pitch: f32,
}

impl Geometry<'_> {
    /// A row's rules: the vertical ones at every column edge and the one below it.
    fn row(&self, slots: u32) -> Vec<Rule> {
        if self.rule <= 0.0 {
            return Vec::new();
        }
        let h = slots as f32 * self.pitch;
        let half = self.rule / 2.0;
        let mut edges: Vec<f32> = self.lefts.to_vec();
        if let (Some(last), Some(w)) = (self.lefts.last(), self.widths.last()) {
            edges.push(last + w);
        }
        let mut out: Vec<Rule> = edges
            .iter()
            .map(|&x| {
                let x = x.min(self.right - half).max(half);
                Rule {
                    x0: x - half,
                    x1: x + half,
                    y: h / 2.0,
                    thickness: h,
                    ink: Ink::BLACK,
                    source: Source::Style,
                }
            })
            .collect();
        out.push(self.horizontal(h - half));
        out
    }

    /// The rule above the table (or above its repeated header).
    fn top(&self) -> Vec<Rule> {
        if self.rule <= 0.0 {
            return Vec::new();
        }
        vec![self.horizontal(self.rule / 2.0)]
    }

    fn horizontal(&self, y: f32) -> Rule {
        Rule {
            x0: 0.0,
            x1: self.right,
            y,
            thickness: self.rule,
            ink: Ink::BLACK,
            source: Source::Style,
        }
    }
}

/// A row taller than a page cannot stay whole: it becomes one line per slot, with its
/// text and rules (vertical rules cut per slot) on the slot they fall in.
fn split_tall_row(line: FlowLine, pitch: f32, cap: u32) -> Vec<FlowLine> {
    if line.slots <= cap || pitch <= 0.0 {
        return vec![line];
    }
    let count = line.slots as usize;
    let slot_of = |y: f32| ((y / pitch).floor().max(0.0) as usize).min(count - 1);
    let mut parts: Vec<FlowLine> = (0..count)
        .map(|k| FlowLine {
            slots: 1,
            runs: Vec::new(),
            rules: Vec::new(),
            break_before: k > 0 || line.break_before,
            kind: line.kind,
            source: line.source,
            variant: line.variant,
            space_above: 0,
            head: None,
            pictures: Vec::new(),
        })
        .collect();
    for mut run in line.runs {
        let k = slot_of(run.y);
        run.y -= k as f32 * pitch;
        parts[k].runs.push(run);
    }
    for r in line.rules {
        if r.x1 - r.x0 < r.thickness {
            // Vertical: one piece per slot.
            for part in &mut parts {
                part.rules.push(Rule {
                    y: pitch / 2.0,
                    thickness: pitch,
                    ..r
                });
            }
        } else {
            let k = slot_of(r.y);
            parts[k].rules.push(Rule {
                y: r.y - k as f32 * pitch,
                ..r
            });
        }
    }
    parts
}

/// The caption (表1　…) above the table: 黑体 at the table's size, centred, wrapped.
fn caption(ctx: &mut Ctx, text: &str, source: Source, place: &Place) -> Vec<FlowLine> {
    let s = ctx.style;
    let pitch = s.line_pitch().0;
    let measure = s.text_width().0;
    let size = s.table_text_size().0;
    let where_ = Place::new(format!("{}标题", place.zh), format!("{}'s title", place.en));
    let mut out = Vec::new();
    for forced in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let tag = Tag::new(Ink::BLACK, source, LineKind::TableCaption);
        for mut line in ctx.wrapped(forced, Role::Hei, size, tag, (measure, measure), &where_) {
            shift(
                &mut line.runs,
                ((measure - line.width) / 2.0).max(0.0),
                Ctx::baseline(pitch, size),
            );
            out.push(FlowLine {
                slots: 1,
                runs: line.runs,
                rules: Vec::new(),
                break_before: out.is_empty(),
                kind: LineKind::TableCaption,
                source,
                variant: Variant::Always,
                space_above: 0,
                head: None,
                pictures: Vec::new(),
            });
        }
    }
    out
}

fn cell(row: &[String], c: usize) -> &str {
    row.get(c).map_or("", String::as_str)
}

/// The widest stretch of a prepared text between two places a line may break: the
/// narrowest a column holding it can be without splitting a word.
fn widest_word(p: &crate::layout::text::Prepared) -> f32 {
    let mut widest = 0.0f32;
    let mut run = 0.0f32;
    for (i, piece) in p.pieces.iter().enumerate() {
        let j = &p.junctions[i];
        if i > 0 && j.breakable {
            widest = widest.max(run);
            run = 0.0;
        } else if i > 0 {
            run += j.natural;
        }
        run += piece.width;
    }
    widest.max(run)
}

/// Column widths and whether the content had to be squeezed below its words.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub widths: Vec<f32>,
    pub too_wide: bool,
}

/// Widths of columns whose content needs at least `min` and at most `max` (padding
/// included), some set by hand, on `avail` points: automatic columns first get
/// their longest lines and the widest text column (not `numeric`) takes what is left;
/// when the longest lines do not fit, each column gets its minimum plus a share of
/// the rest in proportion to how much more it wants; when even the minimums do not,
/// columns with a small minimum keep it and the others share the rest alike (their
/// longest words will split). Manual widths stay unless they leave automatic
/// columns less than their minimum. The sum never exceeds `avail`.
pub fn column_widths(
    min: &[f32],
    max: &[f32],
    manual: &[Option<f32>],
    numeric: &[bool],
    avail: f32,
) -> Fit {
    let n = min.len();
    let auto: Vec<usize> = (0..n)
        .filter(|&c| manual.get(c).copied().flatten().is_none())
        .collect();
    let min_auto: f32 = auto.iter().map(|&c| min[c]).sum();
    let max_auto: f32 = auto.iter().map(|&c| max[c].max(min[c])).sum();
    let mut widths: Vec<f32> = (0..n)
        .map(|c| manual.get(c).copied().flatten().unwrap_or(0.0))
        .collect();
    let fixed: f32 = widths.iter().sum();
    let mut too_wide = false;
    // Manual widths give way so automatic columns keep their minimum.
    let room_for_fixed = (avail - min_auto).max(0.0);
    if fixed > room_for_fixed && fixed > 0.0 {
        let k = room_for_fixed.max(avail * 0.5 * (fixed / (fixed + min_auto))) / fixed;
        // Automatic columns are still 0 here: only the manual ones shrink.
        for w in &mut widths {
            *w *= k.min(1.0);
        }
    }
    let fixed: f32 = widths.iter().sum();
    let rest = (avail - fixed).max(0.0);
    if auto.is_empty() {
        // Every width set by hand: the table is as wide as they make it.
    } else if max_auto <= rest {
        for &c in &auto {
            widths[c] = max[c].max(min[c]);
        }
        let spare = rest - max_auto;
        let text: Vec<usize> = auto.iter().copied().filter(|&c| !numeric[c]).collect();
        match text
            .iter()
            .copied()
            .max_by(|&a, &b| max[a].total_cmp(&max[b]))
        {
            Some(widest) => widths[widest] += spare,
            None => {
                for &c in &auto {
                    widths[c] += spare / auto.len() as f32;
                }
            }
        }
    } else if min_auto <= rest {
        let wish = max_auto - min_auto;
        for &c in &auto {
            let more = max[c].max(min[c]) - min[c];
            let share = if wish > 0.0 { more / wish } else { 0.0 };
            widths[c] = min[c] + share * (rest - min_auto);
        }
    } else {
        // Water-filling: columns whose minimum is within an even share keep it, the
        // others share what is left alike (their long words will split).
        too_wide = true;
        let mut open: Vec<usize> = auto.clone();
        let mut room = rest;
        loop {
            let share = room / open.len().max(1) as f32;
            let (small, big): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&c| min[c] <= share);
            if small.is_empty() || big.is_empty() {
                for &c in &open {
                    widths[c] = if big.is_empty() { min[c] } else { share };
                }
                break;
            }
            for &c in &small {
                widths[c] = min[c];
                room -= min[c];
            }
            open = big;
        }
    }
    // Rounding never takes the table past the measure.
    let total: f32 = widths.iter().sum();
    if total > avail && total > 0.0 {
        let k = avail / total;
        for w in &mut widths {
            *w *= k;
        }
    }
    Fit { widths, too_wide }
}

/// A column is numeric, and right-aligned, when every body cell is a number (with
/// thousands separators, a decimal point, a sign or currency in front, a short unit
/// after: 1,234 · 12.5% · ￥300 · 3.2亿元) or a placeholder (empty, —, -, /), and at
/// least one is a number.
pub fn numeric_column<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    let mut any = false;
    for c in cells {
        let c = c.trim();
        if matches!(c, "" | "—" | "-" | "－" | "/" | "——" | "–") {
            continue;
        }
        if !is_number(c) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether a cell holds one number, as [`numeric_column`] says.
pub fn is_number(cell: &str) -> bool {
    let s = cell
        .trim()
        .trim_start_matches(['+', '-', '−', '±', '￥', '¥', '$', '€', '£']);
    let core_end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let (core, unit) = s.split_at(core_end);
    let digits_first = core.starts_with(|c: char| c.is_ascii_digit());
    let clean_end = !core.ends_with([',', '.']);
    let unit_ok = unit.chars().count() <= 3
        && unit
            .chars()
            .all(|c| !c.is_ascii_digit() && !c.is_whitespace() && !"，。、；：,.".contains(c));
    digits_first && clean_end && unit_ok
}

#[cfg(test)]
mod tests;
