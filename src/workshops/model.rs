//! Workshop domain values: ids, answers, registration states, and the parsed forms.
use chrono::{DateTime, NaiveDate, Utc};

use super::{
    holidays::{Holiday, holiday_on},
    time::{helsinki_to_utc, parse_date, parse_time, to_helsinki},
};
use crate::error::FieldError;

/// A scheduling poll's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PollId(pub i32);
/// A candidate slot's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SlotId(pub i32);
/// A workshop's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WorkshopId(pub i32);

/// A member's answer to a candidate time (stored as the entity's string values).
pub use crate::entities::scheduling_answer::Answer;

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::IfNeedBe, Answer::No];

    /// The stored value, which the answer form sends too (`yes`, `maybe`, `no`).
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::IfNeedBe => "maybe",
            Answer::No => "no",
        }
    }

    /// An answer form's value.
    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Answer::Yes => "workshops-answer-yes",
            Answer::IfNeedBe => "workshops-answer-maybe",
            Answer::No => "workshops-answer-no",
        }
    }
}

/// Where a registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistrationStatus {
    Registered,
    Waiting,
    Cancelled,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "registered",
            RegistrationStatus::Waiting => "waiting",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        [
            RegistrationStatus::Registered,
            RegistrationStatus::Waiting,
            RegistrationStatus::Cancelled,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "workshops-status-registered",
            RegistrationStatus::Waiting => "workshops-status-waiting",
            RegistrationStatus::Cancelled => "workshops-status-cancelled",
        }
    }
}

/// One person's registration to a workshop, as the store reads it (the status parsed once,
/// there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub id: i32,
    pub user_id: i32,
    pub status: RegistrationStatus,
    /// The colleague: seated beside the person when registered; asked for when waiting.
    pub colleague_name: Option<String>,
    /// When the status last changed (the waiting list moves up in this order).
    pub updated_at: DateTime<Utc>,
}

impl Registration {
    /// Seats this registration holds: its own and the colleague's (while registered).
    pub fn seats(&self) -> i32 {
        if self.status == RegistrationStatus::Registered {
            1 + i32::from(self.colleague_name.is_some())
        } else {
            0
        }
    }
}

fn field(field: &'static str, message_key: &'static str) -> FieldError {
    FieldError {
        field: field.into(),
        message_key,
        args: Vec::new(),
    }
}

/// A title of 1–200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(raw: &str) -> Result<Title, FieldError> {
        let t = crate::text::one_line(raw);
        if t.is_empty() {
            Err(field("title", "workshops-title-missing"))
        } else if t.chars().count() > 200 {
            Err(field("title", "workshops-title-too-long"))
        } else {
            Ok(Title(t))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A time span in Helsinki, stored as UTC instants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Span {
    /// The Helsinki date of the start.
    pub fn date(&self) -> NaiveDate {
        to_helsinki(self.start).date_naive()
    }
    /// The holiday on the start date, if any.
    pub fn holiday(&self) -> Option<Holiday> {
        holiday_on(self.date())
    }
}

/// Quick entry of candidate times: several dates (one per line, or separated by commas or
/// spaces) that all get the same start and end time.
/// Most candidate times one scheduling poll may have, however they were added.
pub const MAX_SLOTS: usize = 100;

pub fn parse_slots(dates: &str, start: &str, end: &str) -> Result<Vec<Span>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let start_time = parse_time(start);
    if start_time.is_none() {
        errors.push(field("start", "workshops-time-invalid"));
    }
    let end_time = parse_time(end);
    if end_time.is_none() {
        errors.push(field("end", "workshops-time-invalid"));
    }
    let mut days = Vec::new();
    for piece in dates
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match parse_date(piece) {
            Some(d) if !days.contains(&d) => {
                if days.len() == MAX_SLOTS {
                    // Refused before reading on: the rest could be megabytes of dates.
                    errors.push(field("dates", "workshops-api-too-many-slots"));
                    break;
                }
                days.push(d)
            }
            Some(_) => {}
            None => {
                errors.push(field("dates", "workshops-dates-invalid"));
                break;
            }
        }
    }
    if days.is_empty() && !errors.iter().any(|e| e.field == "dates") {
        errors.push(field("dates", "workshops-dates-missing"));
    }
    if let (Some(s), Some(e)) = (start_time, end_time)
        && e <= s
    {
        errors.push(field("end", "workshops-end-before-start"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (s, e) = (start_time.unwrap_or_default(), end_time.unwrap_or_default());
    days.sort();
    let mut spans = Vec::new();
    for day in days {
        let start =
            helsinki_to_utc(day, s).map_err(|err| vec![field("start", err.message_key())])?;
        let end = helsinki_to_utc(day, e).map_err(|err| vec![field("end", err.message_key())])?;
        spans.push(Span { start, end });
    }
    Ok(spans)
}

/// A seat count of 1–10 000.
pub fn parse_capacity(raw: &str) -> Result<i32, FieldError> {
    match raw.trim().parse::<i32>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err(field("capacity", "workshops-capacity-invalid")),
    }
}

/// An optional `https://` (or `http://`) meeting link.
pub fn parse_online_url(raw: &str) -> Result<Option<String>, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if (t.starts_with("https://") || t.starts_with("http://"))
        && !t.contains(char::is_whitespace)
        && t.len() <= 500
    {
        Ok(Some(t.to_owned()))
    } else {
        Err(field("online_url", "workshops-url-invalid"))
    }
}

/// Longest place (address) of a workshop, in characters.
pub const MAX_PLACE_CHARS: usize = 300;

/// An optional place (an address): one line of at most `MAX_PLACE_CHARS` characters.
pub fn parse_place(raw: &str) -> Result<Option<String>, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.chars().count() > MAX_PLACE_CHARS || t.contains(char::is_control) {
        Err(field("place", "workshops-api-place-invalid"))
    } else {
        Ok(Some(t.to_owned()))
    }
}

/// One time: a day, a start and an end in Helsinki time, with its problems named `date`,
/// `start` and `end`.
pub fn parse_span(date: &str, start: &str, end: &str) -> Result<Span, Vec<FieldError>> {
    match parse_slots(date, start, end) {
        Ok(found) if found.len() == 1 => Ok(found[0]),
        Ok(_) => Err(vec![field("date", "workshops-dates-invalid")]),
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| {
                if e.field == "dates" {
                    FieldError::new("date", e.message_key)
                } else {
                    e
                }
            })
            .collect()),
    }
}

/// One problem per field, the first found (parsers check in the order a reader fixes them).
pub fn first_per_field(errors: Vec<FieldError>) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = Vec::new();
    for e in errors {
        if !out.iter().any(|o| o.field == e.field) {
            out.push(e);
        }
    }
    out
}

/// A colleague's name: optional, at most 120 characters.
pub fn parse_colleague(raw: &str) -> Result<Option<String>, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.chars().count() > 120 {
        Err(field("colleague", "workshops-colleague-too-long"))
    } else {
        Ok(Some(t.to_owned()))
    }
}

/// An optional registration deadline typed as Helsinki time (`2026-05-04T16:00` from a
/// `datetime-local` field, or `2026-05-04 16.00`); empty means none.
pub fn parse_deadline(raw: &str) -> Result<Option<DateTime<Utc>>, FieldError> {
    const F: &str = "registration_deadline";
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (date, time) = t
        .split_once(['T', ' '])
        .ok_or(field(F, "workshops-reminders-deadline-invalid"))?;
    let (Some(date), Some(time)) = (parse_date(date), parse_time(time)) else {
        return Err(field(F, "workshops-reminders-deadline-invalid"));
    };
    helsinki_to_utc(date, time)
        .map(Some)
        .map_err(|e| field(F, e.message_key()))
}

/// A registration deadline must fall before the workshop starts.
pub fn check_deadline(
    deadline: Option<DateTime<Utc>>,
    starts_at: DateTime<Utc>,
) -> Result<(), FieldError> {
    match deadline {
        Some(d) if d >= starts_at => Err(field(
            "registration_deadline",
            "workshops-reminders-deadline-after-start",
        )),
        _ => Ok(()),
    }
}

/// The deadline as a `datetime-local` value in Helsinki time (to fill a form in).
pub fn deadline_input(deadline: Option<DateTime<Utc>>) -> String {
    deadline
        .map(|d| to_helsinki(d).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// Per-slot totals of a poll.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub yes: usize,
    pub if_need_be: usize,
    pub no: usize,
}

impl Tally {
    /// Better first: more yes, then more "if need be", then fewer no.
    pub fn rank_key(&self) -> (std::cmp::Reverse<usize>, std::cmp::Reverse<usize>, usize) {
        (
            std::cmp::Reverse(self.yes),
            std::cmp::Reverse(self.if_need_be),
            self.no,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_entry_gives_one_slot_per_day_with_the_same_times() {
        let spans = parse_slots("2026-03-31\n2026-03-29, 2026-03-31", "9.00", "12:00").unwrap();
        assert_eq!(spans.len(), 2, "duplicates are dropped, days sorted");
        assert_eq!(spans[0].start.to_rfc3339(), "2026-03-29T06:00:00+00:00");
        assert_eq!(spans[1].end.to_rfc3339(), "2026-03-31T09:00:00+00:00");
    }

    #[test]
    fn quick_entry_explains_every_problem() {
        let errors = parse_slots("", "12:00", "9:00").unwrap_err();
        let keys: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_ref(), e.message_key))
            .collect();
        assert_eq!(
            keys,
            [
                ("dates", "workshops-dates-missing"),
                ("end", "workshops-end-before-start")
            ]
        );
        let errors = parse_slots("2026-03-29", "03:30", "05:00").unwrap_err();
        assert_eq!(errors[0].message_key, "workshops-time-nonexistent");
        assert_eq!(
            parse_slots("29.3.2026", "9:00", "10:00").unwrap_err()[0].field,
            "dates"
        );
    }

    #[test]
    fn slots_on_holidays_know_it() {
        let spans = parse_slots("2026-12-06 2026-12-07", "10:00", "12:00").unwrap();
        assert_eq!(spans[0].holiday(), Some(Holiday::IndependenceDay));
        assert_eq!(spans[1].holiday(), None);
    }

    #[test]
    fn a_deadline_is_helsinki_time_and_must_come_before_the_start() {
        assert_eq!(parse_deadline("  "), Ok(None));
        let d = parse_deadline("2026-05-04T16:00").unwrap().unwrap();
        assert_eq!(d.to_rfc3339(), "2026-05-04T13:00:00+00:00");
        assert_eq!(parse_deadline("2026-05-04 16.00"), Ok(Some(d)));
        assert_eq!(deadline_input(Some(d)), "2026-05-04T16:00");
        for bad in ["4.5.2026 16:00", "2026-05-04", "2026-05-04T25:00"] {
            assert_eq!(
                parse_deadline(bad).unwrap_err().message_key,
                "workshops-reminders-deadline-invalid",
                "{bad}"
            );
        }
        assert_eq!(
            parse_deadline("2026-03-29T03:30").unwrap_err().message_key,
            "workshops-time-nonexistent"
        );
        let start = d + chrono::Duration::days(1);
        assert!(check_deadline(Some(d), start).is_ok());
        assert!(check_deadline(None, start).is_ok());
        assert_eq!(
            check_deadline(Some(start), start).unwrap_err().field,
            "registration_deadline"
        );
    }

    #[test]
    fn the_best_slot_has_most_yes_then_most_if_need_be() {
        let a = Tally {
            yes: 3,
            if_need_be: 0,
            no: 2,
        };
        let b = Tally {
            yes: 3,
            if_need_be: 1,
            no: 1,
        };
        let c = Tally {
            yes: 4,
            if_need_be: 0,
            no: 1,
        };
        let mut all = [a, b, c];
        all.sort_by_key(Tally::rank_key);
        assert_eq!(all, [c, b, a]);
    }
}
