//! The masthead editor (报头: title, numbers, date, issuer, print count) and its
//! date picker.

use super::distribution::print_count;
use super::line_field;
use crate::edit::Field;
use crate::model::Date;
use crate::ui::edits::EditBuffer;
use crate::ui::App;
use eframe::egui;

/// The masthead (报头): what changes from issue to issue sits at the top.
pub(super) fn masthead_editor(app: &App, ui: &mut egui::Ui, buf: &mut EditBuffer) {
    ui.heading("报头");
    let m = app.session.doc.issue.meta.clone();
    let key = |what: &str| Field::Text(format!("meta/{what}"));
    if let Some(t) = line_field(ui, "简报名称", &m.bulletin_name, "工作信息") {
        buf.change("修改简报名称", key("name"), move |i| {
            i.meta.bulletin_name = t
        });
    }
    ui.horizontal(|ui| {
        let mut no = m.issue_no;
        let l = ui.label("期号：第");
        if ui
            .add(egui::DragValue::new(&mut no).range(1..=999))
            .labelled_by(l.id)
            .changed()
        {
            buf.change("修改期号", key("no"), move |i| i.meta.issue_no = no);
        }
        ui.label("期");
        let mut has_total = m.total_no.is_some();
        if ui.checkbox(&mut has_total, "总第").changed() {
            let t = has_total.then_some(m.total_no.unwrap_or(m.issue_no));
            buf.change("修改总期号", Field::Step, move |i| i.meta.total_no = t);
        }
        if let Some(mut total) = m.total_no {
            let l = ui.label("总期号");
            if ui
                .add(egui::DragValue::new(&mut total).range(1..=99_999))
                .labelled_by(l.id)
                .changed()
            {
                buf.change("修改总期号", key("total"), move |i| {
                    i.meta.total_no = Some(total)
                });
            }
            ui.label("期");
        }
        let mut sup = m.supplement;
        if ui.checkbox(&mut sup, "增刊").changed() {
            buf.change("修改增刊", Field::Step, move |i| {
                i.meta.supplement = sup
            });
        }
    });
    if let Some(t) = line_field(ui, "编发单位", &m.editor_org, "山西省通信行业协会") {
        buf.change("修改编发单位", key("org"), move |i| {
            i.meta.editor_org = t
        });
    }
    ui.horizontal(|ui| {
        ui.label("日期");
        if let Some(d) = date_picker(ui, m.date) {
            buf.change("修改日期", Field::Step, move |i| {
                i.meta.date = d;
                i.meta.year = d.year;
            });
        }
    });
    let class = m.classification.clone().unwrap_or_default();
    if let Some(t) = line_field(ui, "密级或标志（可不填）", &class, "内部资料") {
        buf.change("修改密级标志", key("class"), move |i| {
            i.meta.classification = (!t.trim().is_empty()).then_some(t)
        });
    }
    print_count(app, ui, buf);
}

/// The weekday header of the calendar, Monday first as Chinese calendars print it.
pub(super) const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// 0 for Monday … 6 for Sunday (Sakamoto's method on the proleptic Gregorian calendar).
pub(super) fn weekday_from_monday(year: i32, month: u32, day: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let m = month.clamp(1, 12) as usize;
    let sunday_based =
        (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + T[m - 1] + day as i32)
            .rem_euclid(7);
    ((sunday_based + 6) % 7) as u32
}

/// The month as calendar rows Monday to Sunday: each day in its weekday's column,
/// blanks before the 1st and after the last day.
pub(super) fn month_weeks(year: i32, month: u32) -> Vec<[Option<u32>; 7]> {
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut column = weekday_from_monday(year, month, 1) as usize;
    for day in (1..=31).take_while(|&d| Date::new(year, month, d).is_some()) {
        week[column] = Some(day);
        column += 1;
        if column == 7 {
            weeks.push(week);
            week = [None; 7];
            column = 0;
        }
    }
    if column > 0 {
        weeks.push(week);
    }
    weeks
}

/// A small calendar: month steppers, the weekday header and the days of the month,
/// each under its weekday.
pub(super) fn date_picker(ui: &mut egui::Ui, date: Date) -> Option<Date> {
    let mut out = None;
    let label = date.chinese();
    ui.menu_button(format!("{label}（点击选择）"), |ui| {
        let mut y = date.year;
        let mut m = date.month;
        ui.horizontal(|ui| {
            if ui.button("上个月").clicked() {
                (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            }
            ui.label(format!("{y}年{m}月"));
            if ui.button("下个月").clicked() {
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
            if ui.button("今天").clicked() {
                out = Some(Date::today());
            }
        });
        if (y, m) != (date.year, date.month) {
            let day = date.day.min(28);
            out = Date::new(y, m, day);
        }
        ui.separator();
        egui::Grid::new("days")
            .min_col_width(26.0)
            .spacing([2.0, 2.0])
            .show(ui, |ui| {
                for name in WEEKDAYS {
                    ui.vertical_centered(|ui| ui.label(egui::RichText::new(name).strong()));
                }
                ui.end_row();
                for week in month_weeks(y, m) {
                    for cell in week {
                        match cell.and_then(|d| Date::new(y, m, d)) {
                            Some(day) => {
                                let picked = day == date;
                                let button = egui::Button::selectable(picked, day.day.to_string())
                                    .min_size(egui::vec2(26.0, 0.0));
                                if ui.add(button).clicked() {
                                    out = Some(day);
                                    ui.close();
                                }
                            }
                            None => {
                                ui.label("");
                            }
                        }
                    }
                    ui.end_row();
                }
            });
    });
    out
}

#[cfg(test)]
mod calendar_tests {
    use super::*;

    #[test]
    fn the_first_of_the_month_sits_under_its_weekday() {
        // Checked against a printed calendar; months starting on every weekday,
        // leap and century years, and both ends of the year.
        for (year, month, column) in [
            (2024, 7, 0),  // Monday
            (2026, 12, 1), // Tuesday
            (2021, 9, 2),  // Wednesday
            (2024, 2, 3),  // Thursday (leap year)
            (2000, 3, 2),  // Wednesday (after a century leap day)
            (2021, 1, 4),  // Friday
            (2022, 1, 5),  // Saturday
            (2023, 10, 6), // Sunday
            (1900, 3, 3),  // Thursday (1900 is not a leap year)
        ] {
            let weeks = month_weeks(year, month);
            assert_eq!(
                weeks[0].iter().position(|d| *d == Some(1)),
                Some(column),
                "{year}-{month}"
            );
            assert!(weeks[0][..column].iter().all(Option::is_none));
        }
    }

    #[test]
    fn every_day_appears_once_and_consecutive_days_follow_each_other() {
        for year in [1999, 2000, 2024, 2025, 2100] {
            for month in 1..=12 {
                let days: Vec<u32> = month_weeks(year, month)
                    .iter()
                    .flatten()
                    .flatten()
                    .copied()
                    .collect();
                let last = (28..=31)
                    .rev()
                    .find(|&d| Date::new(year, month, d).is_some())
                    .unwrap_or(28);
                assert_eq!(days, (1..=last).collect::<Vec<_>>(), "{year}-{month}");
                // The last day's column is the next month's 1st's column minus one.
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let last_column = month_weeks(year, month)
                    .last()
                    .and_then(|w| w.iter().rposition(Option::is_some))
                    .unwrap_or(0);
                assert_eq!(
                    (last_column + 1) % 7,
                    weekday_from_monday(ny, nm, 1) as usize,
                    "{year}-{month}"
                );
            }
        }
    }
}
