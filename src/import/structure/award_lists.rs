//! Reading an award list (category headings, a header row, rows, cells merged down
//! the table): the longest single job of the recogniser, in its own file so the
//! pass reads as a list of decisions.

use crate::import::byline::{own_line, signature};
use crate::import::lines::{ends_sentence, Hint, SourceLine};
use crate::import::lists::{columns, header, is_strong_row, list_heading, rows, HeaderMap};
use crate::model::AwardCategory;

/// The name given to an award list that has no category heading.
const UNNAMED_LIST: &str = "获奖名单";

/// The rows a line gives inside a list (with the header's column map, if any).
fn line_rows(line: &SourceLine, map: Option<HeaderMap>) -> Vec<crate::model::AwardRow> {
    if line.text.chars().count() > 80 {
        return Vec::new();
    }
    rows(&columns(line), map, true)
}

/// Whether a list goes on at line `k`: a header, or a line that gives rows.
fn list_goes_on(lines: &[SourceLine], k: usize, map: Option<HeaderMap>) -> bool {
    lines
        .get(k)
        .is_some_and(|l| header(&columns(l)).is_some() || !line_rows(l, map).is_empty())
}

/// A category heading without an ordinal (一等奖, 团体奖, 优秀组织单位：): short,
/// unpunctuated, followed by rows. The first one of a list may not end with a colon
/// or say 名单/如下: that is the list's intro.
fn bare_category(line: &SourceLine, first: bool) -> Option<String> {
    let text = line.text.as_str();
    let t = text.trim_end_matches(['：', ':']);
    let n = t.chars().count();
    let intro_like = t.contains("名单") || t.contains("如下") || t.contains("以下");
    ((2..=16).contains(&n)
        && !ends_sentence(t)
        && !t.contains(['，', '。', '\u{3000}', ' '])
        && !matches!(line.hint, Hint::Cells(_))
        && !(first && (intro_like || t.len() != text.len())))
    .then(|| t.to_string())
}

/// Reads an award list starting at line `i`; returns its categories and the line
/// after it.
pub(super) fn read_list(lines: &[SourceLine], mut k: usize) -> (Vec<AwardCategory>, usize) {
    let mut categories: Vec<AwardCategory> = Vec::new();
    let mut map: Option<HeaderMap> = None;
    // The cells of the last full row under a header, for rows whose first cells
    // were merged with it (一等奖 written once for all its winners).
    let mut last_cells: Vec<String> = Vec::new();
    while k < lines.len() {
        let filled = merged_row(&lines[k], map, &last_cells);
        let line = filled.as_ref().unwrap_or(&lines[k]);
        // A byline after the list ends it (通讯员　李明 is no row), and so does a
        // signature (the issuing body over the date).
        let next = lines.get(k + 1).map(|l| l.text.as_str());
        if own_line(&line.text).is_some() || signature(&line.text, next).is_some() {
            break;
        }
        if let Some(m) = header(&columns(line)) {
            map = Some(m);
            last_cells.clear();
            k += 1;
            continue;
        }
        if map.is_some_and(|m| columns(line).len() == m.columns) {
            last_cells = columns(line);
        }
        // Extractors that sort by columns put the award on a line of its own.
        let split = lines
            .get(k + 1)
            .filter(|n| {
                n.text.chars().count() <= 5
                    && n.text.ends_with('奖')
                    && list_heading(&n.text).is_none()
                    && matches!(
                        line_rows(line, None).as_slice(),
                        [crate::model::AwardRow::Person { award, .. }] if award.is_empty()
                    )
            })
            .map(|n| {
                let mut cells = columns(line);
                cells.push(n.text.clone());
                let mut merged = line.clone();
                merged.hint = Hint::Cells(cells);
                line_rows(&merged, map)
            })
            .filter(|r| {
                r.len() == 1
                    && matches!(&r[0], crate::model::AwardRow::Person { award, .. } if !award.is_empty())
            });
        let heading = list_heading(&line.text)
            .filter(|_| split.is_none())
            .or_else(|| {
                (line_rows(line, map).is_empty() && split.is_none())
                    .then(|| bare_category(line, categories.is_empty()))
                    .flatten()
            });
        if let Some(name) = heading {
            if list_goes_on(lines, k + 1, None) || list_goes_on(lines, k + 1, map) {
                categories.push(AwardCategory {
                    name,
                    rows: Vec::new(),
                });
                // A new table under a new heading brings its own header.
                map = None;
                k += 1;
                continue;
            }
            break;
        }
        let (got, used) = match split {
            Some(r) => (r, 2),
            None => (line_rows(line, map), 1),
        };
        if got.is_empty() {
            break;
        }
        if categories.is_empty() {
            categories.push(AwardCategory {
                name: UNNAMED_LIST.into(),
                rows: Vec::new(),
            });
        }
        if let Some(c) = categories.last_mut() {
            c.rows.extend(got);
        }
        k += used;
    }
    categories.retain(|c| !c.rows.is_empty());
    (categories, k)
}

/// A table row whose leading cells are empty because they were merged with the
/// row above (a tab-indented line of pasted text, or empty first cells): the row
/// with those cells taken from the last full row.
fn merged_row(line: &SourceLine, map: Option<HeaderMap>, last: &[String]) -> Option<SourceLine> {
    let m = map?;
    let leading_empty = match &line.hint {
        Hint::Cells(cells) => cells.first().is_some_and(|c| c.trim().is_empty()),
        _ => line.indented,
    };
    let cols = columns(line);
    if !leading_empty || last.len() != m.columns || cols.is_empty() || cols.len() >= m.columns {
        return None;
    }
    let mut cells = last[..m.columns - cols.len()].to_vec();
    cells.extend(cols);
    let mut merged = line.clone();
    merged.text = cells.join("\u{3000}");
    merged.hint = Hint::Cells(cells);
    Some(merged)
}

/// Whether an award list starts at line `i`.
pub(super) fn list_starts(lines: &[SourceLine], i: usize, after_intro: bool) -> bool {
    let line = &lines[i];
    if let Some(m) = header(&columns(line)) {
        return list_goes_on(lines, i + 1, Some(m));
    }
    if list_heading(&line.text).is_some() {
        return list_goes_on(lines, i + 1, None);
    }
    // A category without an ordinal (一等奖, 团体奖) directly before a table or rows.
    if bare_category(line, true).is_some() {
        if let Some(next) = lines.get(i + 1) {
            let cols = columns(next);
            if header(&cols).is_some()
                || (matches!(next.hint, Hint::Cells(_)) && !line_rows(next, None).is_empty())
                || is_strong_row(next)
            {
                return true;
            }
        }
    }
    if matches!(line.hint, Hint::Cells(_)) && !line_rows(line, None).is_empty() {
        return true;
    }
    if after_intro && !line_rows(line, None).is_empty() {
        return true;
    }
    is_strong_row(line) && lines.get(i + 1).is_some_and(is_strong_row)
}
