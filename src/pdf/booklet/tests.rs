//! The booklet read back: which page's form XObject sits left and right on each side,
//! checked by reading the booklet as a reader of the folded sheets would.

use super::*;
use lopdf::dictionary;

/// A PDF of `n` A4 pages whose content says which page it is.
fn numbered_pdf(n: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for i in 1..=n {
        let content = doc.add_object(Stream::new(
            dictionary! {},
            format!("% source page {i}\n0 0 m 100 100 l S\n").into_bytes(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => Object::Reference(tree),
            "Contents" => Object::Reference(content),
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => n as i64,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(mm(210.0)), Object::Real(mm(297.0))],
            "Resources" => dictionary! {},
        }),
    );
    let catalog =
        doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => Object::Reference(tree) });
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Each side of the booklet as (left, right): the source page number (1-based) each
/// half shows, `None` for a blank half; read from the content's placement of the
/// form XObjects and the forms' own content. Also the sheet size.
/// One side of a sheet: the source page (1-based) on its left and right halves.
type Side = (Option<usize>, Option<usize>);

fn sides(booklet: &[u8]) -> (Vec<Side>, [f32; 4]) {
    let doc = Document::load_mem(booklet).expect("the booklet is a readable PDF");
    let mut out = Vec::new();
    let mut sheet = [0.0; 4];
    for (_, page) in doc.get_pages() {
        sheet = media_box(&doc, page);
        let half = (sheet[2] - sheet[0]) / 2.0;
        let content = String::from_utf8(doc.get_page_content(page)).unwrap();
        let resources = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .as_dict()
            .unwrap();
        let xobjects = resources.get(b"XObject").unwrap().as_dict().unwrap();
        let mut side = (None, None);
        for line in content.lines().filter(|l| l.ends_with(" Do Q")) {
            let parts: Vec<&str> = line.split_whitespace().collect();
            // q 1 0 0 1 dx dy cm /Name Do Q
            let dx: f32 = parts[5].parse().unwrap();
            let name = parts[8].trim_start_matches('/');
            let form = xobjects
                .get(name.as_bytes())
                .unwrap()
                .as_reference()
                .unwrap();
            let stream = doc.get_object(form).unwrap().as_stream().unwrap();
            assert_eq!(
                stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
                b"Form"
            );
            let text = String::from_utf8(
                stream
                    .decompressed_content()
                    .unwrap_or(stream.content.clone()),
            )
            .unwrap();
            let number: usize = text
                .split("% source page ")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .and_then(|d| d.parse().ok())
                .unwrap_or(0);
            if dx < half {
                assert!(side.0.is_none(), "two pages on the left half");
                side.0 = Some(number);
            } else {
                assert!(side.1.is_none(), "two pages on the right half");
                side.1 = Some(number);
            }
        }
        out.push(side);
    }
    (out, sheet)
}

/// The pages in the order a reader of the folded, stacked sheets meets them: the
/// right half of each sheet's outside and the left half of its inside going in, then
/// the right of the inside and the left of the outside coming back out.
fn reading_order(sides: &[Side]) -> Vec<Option<usize>> {
    let sheets: Vec<_> = sides.chunks(2).collect();
    let mut order = Vec::new();
    for s in &sheets {
        order.push(s[0].1);
        order.push(s[1].0);
    }
    for s in sheets.iter().rev() {
        order.push(s[1].1);
        order.push(s[0].0);
    }
    order
}

#[test]
fn the_formula_places_the_first_and_last_pages_on_the_outside() {
    assert_eq!(imposition(4), vec![(4, 1), (2, 3)]);
    assert_eq!(imposition(8), vec![(8, 1), (2, 7), (6, 3), (4, 5)]);
    assert_eq!(
        padded_order(5, Some(4)),
        vec![
            Some(0),
            Some(1),
            Some(2),
            Some(3),
            None,
            None,
            None,
            Some(4)
        ]
    );
    // The 版记 on page 1 (a one-page issue): blanks after it, the cover stays.
    assert_eq!(padded_order(1, Some(0)), vec![Some(0), None, None, None]);
    assert_eq!(
        padded_order(6, None),
        vec![
            Some(0),
            Some(1),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            None,
            None
        ]
    );
    assert_eq!(padded_order(8, Some(7)).len(), 8);
}

/// For 1 to 13 pages with the 版记 on the last page: n/4 sheets of two sides, every
/// page once, read in order when folded, blanks just before the last page.
#[test]
fn booklets_of_1_to_13_pages_read_in_order_when_folded() {
    for n in 1..=13usize {
        for crop_marks in [false, true] {
            let pdf = numbered_pdf(n);
            let options = BookletOptions {
                crop_marks,
                distribution_page: Some(n - 1),
            };
            let out = booklet(&pdf, options).unwrap();
            let (sides, sheet) = sides(&out);
            let padded = n.div_ceil(4) * 4;
            assert_eq!(sides.len(), padded / 2, "n = {n}");
            // A3 landscape, plus the margin for crop marks.
            let extra = if crop_marks {
                2.0 * mm(MARK_MARGIN_MM)
            } else {
                0.0
            };
            assert!((sheet[2] - (mm(420.0) + extra)).abs() < 0.5, "{sheet:?}");
            assert!((sheet[3] - (mm(297.0) + extra)).abs() < 0.5, "{sheet:?}");
            let read = reading_order(&sides);
            let mut want: Vec<Option<usize>> = (1..n).map(Some).collect();
            if n == 1 {
                want = vec![Some(1), None, None, None];
            } else {
                want.extend(std::iter::repeat_n(None, padded - n));
                want.push(Some(n));
            }
            assert_eq!(read, want, "n = {n}, sides {sides:?}");
            // Sheet 1's outside: the last page left, the first right.
            assert_eq!(sides[0].1, Some(1));
            if n > 1 {
                assert_eq!(sides[0].0, Some(n), "the 版记 page is the back cover");
            }
        }
    }
}

/// The sample issue's real PDF: every page once on A3 sides, the 版记 page last, and
/// the result a PDF that pdfinfo reads (where poppler is installed).
#[test]
fn the_sample_pdf_becomes_an_a3_booklet() {
    let issue = crate::model::Issue::sample();
    let style = crate::style::Style::house();
    let book = crate::fonts::FontBook::bundled();
    let pages = crate::layout::layout(&issue, &style, &book);
    let pdf = crate::pdf::export(&pages, &issue, &book).unwrap();
    let n = pages.pages.len();
    let dist = distribution_page(&pages);
    assert_eq!(dist, Some(n - 1), "the 版记 is on the last page");
    let out = booklet(
        &pdf,
        BookletOptions {
            crop_marks: false,
            distribution_page: dist,
        },
    )
    .unwrap();
    let doc = Document::load_mem(&out).unwrap();
    let padded = n.div_ceil(4) * 4;
    assert_eq!(doc.get_pages().len(), padded / 2);
    // Every source page is one form XObject, placed once.
    let mut placed = 0;
    for (_, page) in doc.get_pages() {
        let content = String::from_utf8(doc.get_page_content(page)).unwrap();
        placed += content.matches(" Do Q").count();
        let [_, _, w, h] = media_box(&doc, page);
        assert!((w - mm(420.0)).abs() < 0.5 && (h - mm(297.0)).abs() < 0.5);
    }
    assert_eq!(placed, n);
    // The back cover (sheet 1 outside, left) is the 版记 page: its form holds the
    // last page's content.
    let first = *doc.get_pages().values().next().unwrap();
    let content = String::from_utf8(doc.get_page_content(first)).unwrap();
    let left = content
        .lines()
        .find(|l| l.ends_with(" Do Q") && l.contains(" 0 0 cm "))
        .map(|l| l.to_string());
    assert!(
        left.as_deref()
            .is_some_and(|l| l.contains(&format!("/P{n} "))),
        "{content}"
    );
    if let Ok(info) = std::process::Command::new("pdfinfo")
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        let mut child = info;
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(&out);
        }
        if let Ok(result) = child.wait_with_output() {
            if result.status.success() {
                let text = String::from_utf8_lossy(&result.stdout);
                let count = text
                    .lines()
                    .find_map(|l| l.strip_prefix("Pages:"))
                    .and_then(|v| v.trim().parse::<usize>().ok());
                assert_eq!(count, Some(padded / 2), "{text}");
                assert!(text.contains("1190.55 x 841.89"), "{text}");
            }
        }
    }
}

#[test]
fn what_is_not_a_pdf_is_a_plain_error() {
    let e = booklet(b"not a pdf", BookletOptions::default()).unwrap_err();
    assert!(matches!(e, BookletError::Read(_)));
    assert!(e.chinese().contains("小册子"));
}
