//! The year's values: what stands on it (workshops, tasks, action due days, milestones), the
//! milestone form's parser, and the geometry of the 12-month circle.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The years a view may be asked for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// What kind of thing stands on the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Workshop,
    Task,
    Action,
    Milestone,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Workshop => "workshop",
            Kind::Task => "task",
            Kind::Action => "action",
            Kind::Milestone => "milestone",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Kind::Workshop => "year-kind-workshop",
            Kind::Task => "year-kind-task",
            Kind::Action => "year-kind-action",
            Kind::Milestone => "year-kind-milestone",
        }
    }
}

/// One thing on the year: a day (workshops, due days, milestones) or a span (a task open
/// from `start` to `end`), on the Helsinki calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub id: i32,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub href: Option<String>,
}

/// The milestone form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    pub title: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub day: String,
}

/// A checked milestone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMilestone {
    pub title: String,
    pub day: NaiveDate,
}

/// Most characters in a milestone's title.
pub const MAX_TITLE_CHARS: usize = 120;

impl NewMilestone {
    pub fn parse(form: &MilestoneForm) -> Result<NewMilestone, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = crate::text::one_line(&form.title);
        if title.is_empty() {
            errors.push(FieldError::new("title", "field-required"));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new("title", "year-title-too-long"));
        }
        let day = NaiveDate::parse_from_str(form.day.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| YEARS.contains(&d.year()));
        if day.is_none() {
            errors.push(FieldError::new("day", "year-day-invalid"));
        }
        match day {
            Some(day) if errors.is_empty() => Ok(NewMilestone { title, day }),
            _ => Err(errors),
        }
    }
}

// ----- The circle -----

/// The circle's centre and radii in the SVG's 400 × 400 view box.
const CENTRE: f64 = 200.0;
const OUTER: f64 = 170.0;
const RING: f64 = 150.0;
const SPANS: f64 = 120.0;
const LABELS: f64 = 185.0;

/// How far round the year `day` is, in radians from the top, clockwise: its middle, or its
/// start with `at_start`.
fn turn(day: NaiveDate, year: i32, at_start: bool) -> f64 {
    let days = if NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|d| d.ordinal() == 366) {
        366.0
    } else {
        365.0
    };
    let within = if at_start { 0.0 } else { 0.5 };
    let into = if day.year() < year {
        0.0
    } else if day.year() > year {
        days
    } else {
        f64::from(day.ordinal0()) + within
    };
    into / days * std::f64::consts::TAU
}

fn point(angle: f64, radius: f64) -> (f64, f64) {
    (
        round(CENTRE + radius * angle.sin()),
        round(CENTRE - radius * angle.cos()),
    )
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A month's boundary line and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthMark {
    pub month: u32,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub label_x: f64,
    pub label_y: f64,
}

/// A day's mark on the ring.
#[derive(Clone, Debug, PartialEq)]
pub struct DayMark {
    pub kind: Kind,
    pub x: f64,
    pub y: f64,
    pub title: String,
}

/// A span's arc inside the ring (an SVG path).
#[derive(Clone, Debug, PartialEq)]
pub struct SpanArc {
    pub d: String,
    pub title: String,
}

/// The circle of `year`: month boundaries, day marks on the ring and spans inside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Circle {
    pub centre: f64,
    pub ring: f64,
    pub outer: f64,
    pub months: Vec<MonthMark>,
    pub days: Vec<DayMark>,
    pub spans: Vec<SpanArc>,
}

impl Circle {
    pub fn new(year: i32, entries: &[Entry]) -> Circle {
        let months = (1..=12)
            .filter_map(|m| {
                let first = NaiveDate::from_ymd_opt(year, m, 1)?;
                let start = turn(first, year, true);
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, m + 1, 1)?
                };
                let middle = (start + turn(next, year, true)) / 2.0;
                let (x1, y1) = point(start, SPANS - 10.0);
                let (x2, y2) = point(start, OUTER);
                let (label_x, label_y) = point(middle, LABELS);
                Some(MonthMark {
                    month: m,
                    x1,
                    y1,
                    x2,
                    y2,
                    label_x,
                    label_y,
                })
            })
            .collect();
        let mut days = Vec::new();
        let mut spans = Vec::new();
        for e in entries {
            if e.start == e.end {
                let (x, y) = point(turn(e.start, year, false), RING);
                days.push(DayMark {
                    kind: e.kind,
                    x,
                    y,
                    title: e.title.clone(),
                });
            } else {
                let a = turn(e.start, year, false);
                let b = turn(e.end, year, false).max(a + 0.01);
                let (x1, y1) = point(a, SPANS);
                let (x2, y2) = point(b, SPANS);
                let large = i32::from(b - a > std::f64::consts::PI);
                spans.push(SpanArc {
                    d: format!("M {x1} {y1} A {SPANS} {SPANS} 0 {large} 1 {x2} {y2}"),
                    title: e.title.clone(),
                });
            }
        }
        Circle {
            centre: CENTRE,
            ring: RING,
            outer: OUTER,
            months,
            days,
            spans,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn entry(start: &str, end: &str) -> Entry {
        Entry {
            kind: Kind::Milestone,
            id: 1,
            title: "x".into(),
            start: day(start),
            end: day(end),
            href: None,
        }
    }

    #[test]
    fn the_year_starts_at_the_top_and_midsummer_is_at_the_bottom() {
        let c = Circle::new(
            2027,
            &[
                entry("2027-01-01", "2027-01-01"),
                entry("2027-07-02", "2027-07-02"),
            ],
        );
        let (jan, jul) = (&c.days[0], &c.days[1]);
        assert!(
            (jan.x - 200.0).abs() < 2.0 && (jan.y - 50.0).abs() < 1.0,
            "{jan:?}"
        );
        assert!(
            (jul.x - 200.0).abs() < 2.0 && (jul.y - 350.0).abs() < 1.0,
            "{jul:?}"
        );
        assert_eq!(c.months.len(), 12);
        // April's boundary is a quarter round: on the right.
        assert!(c.months[3].x2 > 360.0, "{:?}", c.months[3]);
    }

    #[test]
    fn a_span_over_half_the_year_takes_the_long_way_round() {
        let c = Circle::new(
            2027,
            &[
                entry("2027-01-10", "2027-10-01"),
                entry("2027-03-01", "2027-03-20"),
            ],
        );
        assert!(c.spans[0].d.contains(" 0 1 1 "), "{}", c.spans[0].d);
        assert!(c.spans[1].d.contains(" 0 0 1 "), "{}", c.spans[1].d);
    }

    #[test]
    fn a_milestone_needs_a_title_and_a_real_day() {
        let bad = NewMilestone::parse(&MilestoneForm {
            title: "".into(),
            day: "2027-02-30".into(),
        })
        .unwrap_err();
        assert_eq!(bad.len(), 2);
        let ok = NewMilestone::parse(&MilestoneForm {
            title: "Talousarvio".into(),
            day: "2027-09-15".into(),
        })
        .unwrap();
        assert_eq!(ok.day, day("2027-09-15"));
    }
}
