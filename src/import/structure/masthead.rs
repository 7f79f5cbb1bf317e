//! The masthead at the top of an imported issue (bulletin name, 第X期（总第Y期）,
//! organisation and date): kept apart from the recogniser's pass because it is read
//! once, before the pass, and by its own rules.

/// What a masthead at the top of an imported issue said.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Masthead {
    pub bulletin_name: Option<String>,
    pub issue_no: u32,
    pub total_no: Option<u32>,
    pub supplement: bool,
    pub editor_org: Option<String>,
    pub date: Option<crate::model::Date>,
}

/// `增刊第9期（总第96期）` → (supplement, 9, Some(96)).
pub(in crate::import) fn issue_line(line: &str) -> Option<(bool, u32, Option<u32>)> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (supplement, t) = match t.strip_prefix("增刊") {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    let rest = t.strip_prefix('第')?;
    let (no, rest) = rest.split_once('期')?;
    let no: u32 = no.parse().ok()?;
    let total = match rest {
        "" => None,
        r => Some(
            r.strip_prefix("（总第")?
                .strip_suffix("期）")?
                .parse()
                .ok()?,
        ),
    };
    Some((supplement, no, total))
}

/// A date such as `2021年9月30日` in a line, and the text before it.
fn date_in(line: &str) -> Option<(String, crate::model::Date)> {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let y = t.find('年')?;
    let digits_start = t[..y]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()?
        .0;
    let year: i32 = t[digits_start..y].parse().ok()?;
    let rest = &t[y + '年'.len_utf8()..];
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    let date = crate::model::Date::new(year, m.parse().ok()?, d.parse().ok()?)?;
    Some((t[..digits_start].to_string(), date))
}

/// Recognises a masthead in the first lines; returns it and how many lines it took.
pub(super) fn masthead(lines: &[String]) -> Option<(Masthead, usize)> {
    let m = lines.iter().take(4).position(|l| issue_line(l).is_some())?;
    let (supplement, issue_no, total_no) = issue_line(&lines[m])?;
    let mut head = Masthead {
        bulletin_name: (m > 0).then(|| {
            lines[m - 1]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        }),
        issue_no,
        total_no,
        supplement,
        ..Masthead::default()
    };
    let mut used = m + 1;
    // Organisation and date: on one line, or on two.
    for k in used..(used + 2).min(lines.len()) {
        if let Some((before, date)) = date_in(&lines[k]) {
            head.date = Some(date);
            if !before.is_empty() {
                head.editor_org = Some(before);
            } else if k > used {
                head.editor_org = Some(lines[k - 1].clone());
            }
            used = k + 1;
            break;
        }
    }
    Some((head, used))
}
