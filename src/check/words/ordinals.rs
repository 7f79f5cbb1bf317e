//! Numbers written as list items: an Arabic ordinal with 、 (1、加强领导), which house
//! style writes 1., told apart from lists of numbers and dates (1、2月份, 2、7月中旬).

/// Where an Arabic number followed by 、 is an ordinal (`1、加强领导`), which takes a
/// full stop (`1.`) in house style; `None` when the 、 ends no ordinal. `i` is the 、.
///
/// An ordinal starts a paragraph or follows a clause mark or space (…如下：1、…；2、…);
/// a number inside a word (`SRv6、`, `5G、`) or in a list of numbers (`1、2月份`,
/// `第1、2名`) is not one.
pub(in crate::check) fn arabic_ordinal_at(chars: &[char], i: usize) -> bool {
    if chars.get(i) != Some(&'、') {
        return false;
    }
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let start = i - digits;
    let opens_item = opens_item_number(chars, i);
    // The item goes on with text, not another number (1、2月份), unless that number is
    // a full date (1、2024年…, 3、5月10日…).
    let item_follows = chars
        .get(i + 1)
        .is_some_and(|&c| !c.is_ascii_digit() && !c.is_whitespace() && !"、，。".contains(c));
    let item: u32 = chars[start..i]
        .iter()
        .fold(0, |n, c| n * 10 + c.to_digit(10).unwrap_or(0));
    let rest = &chars[i + 1..];
    opens_item && (item_follows || starts_with_date(rest) || month_after_item(rest, item))
}

/// Whether the one or two digits before `i` begin an item: at the start of the text or
/// after a clause mark or space (…如下：1、 or 1.), not inside a word or a number.
pub(in crate::check) fn opens_item_number(chars: &[char], i: usize) -> bool {
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let start = i - digits;
    start == 0 || {
        let before = chars[start - 1];
        before.is_whitespace() || "。；：！？，（“‘【》）】”’…—".contains(before)
    }
}

/// Whether `chars` begins with a date: a year (2024年) or a month and day (5月10日).
fn starts_with_date(chars: &[char]) -> bool {
    let digits = |from: usize| {
        chars[from..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let first = digits(0);
    match chars.get(first) {
        Some('年') => first == 4,
        Some('月') if (1..=2).contains(&first) => {
            let day = digits(first + 1);
            (1..=2).contains(&day) && chars.get(first + 1 + day) == Some(&'日')
        }
        _ => false,
    }
}

/// Whether the month after an ordinal-like `n、` is a date (2、7月中旬) rather than the
/// second of a list of months (1、2月份, 11、12月): a list names consecutive months.
fn month_after_item(chars: &[char], item: u32) -> bool {
    let digits: String = chars.iter().take_while(|c| c.is_ascii_digit()).collect();
    let Ok(month) = digits.parse::<u32>() else {
        return false;
    };
    let after = digits.len();
    // The month is placed in time (7月中旬, 9月底), as a list of months rarely is.
    (1..=12).contains(&month)
        && chars.get(after) == Some(&'月')
        && month != item + 1
        && chars
            .get(after + 1)
            .is_some_and(|&c| "上中下初底末".contains(c))
}
