//! Helsinki local time: every workshop time is entered and shown in Europe/Helsinki and
//! stored in UTC. Around the daylight-saving changes (the last Sundays of March and
//! October, at 03:00 and 04:00 local time) two rules apply:
//! - in March the clock jumps from 03:00 to 04:00, so 03:00–03:59 does not exist that day:
//!   such a time is refused with `LocalTimeError::Nonexistent`;
//! - in October 03:00–03:59 happens twice: Lupa always takes the *first* occurrence (still
//!   summer time, UTC+3). The rule is fixed so the same input always gives the same instant.
use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The time zone of every workshop.
pub const HELSINKI: Tz = chrono_tz::Europe::Helsinki;

/// A local time that cannot be turned into an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LocalTimeError {
    #[error("{0} does not exist in Helsinki: the clocks jump from 03:00 to 04:00 that night")]
    Nonexistent(NaiveDateTime),
}

impl LocalTimeError {
    /// The catalogue key of the message shown next to the field.
    pub fn message_key(&self) -> &'static str {
        match self {
            LocalTimeError::Nonexistent(_) => "workshops-time-nonexistent",
        }
    }
}

/// The instant of a Helsinki wall-clock time (see the module comment for the DST rules).
pub fn helsinki_to_utc(date: NaiveDate, time: NaiveTime) -> Result<DateTime<Utc>, LocalTimeError> {
    let local = date.and_time(time);
    match HELSINKI.from_local_datetime(&local) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _second) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(LocalTimeError::Nonexistent(local)),
    }
}

/// An instant on the Helsinki wall clock.
pub fn to_helsinki(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&HELSINKI)
}

/// `HH:MM` on the Helsinki wall clock.
pub fn helsinki_hhmm(at: DateTime<Utc>) -> String {
    to_helsinki(at).format("%H:%M").to_string()
}

/// Parse `YYYY-MM-DD` as typed in a date field.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Parse `HH:MM` (or `HH.MM`, the Finnish way) as typed in a time field.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim().replace('.', ":");
    NaiveTime::parse_from_str(&s, "%H:%M").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn winter_is_two_hours_and_summer_three_hours_ahead_of_utc() {
        assert_eq!(
            helsinki_to_utc(d(2026, 1, 15), t(9, 0)),
            Ok(utc("2026-01-15T07:00:00Z"))
        );
        assert_eq!(
            helsinki_to_utc(d(2026, 6, 15), t(9, 0)),
            Ok(utc("2026-06-15T06:00:00Z"))
        );
    }

    #[test]
    fn on_the_last_sunday_of_march_the_hour_after_three_does_not_exist() {
        // 29 March 2026 is the last Sunday of March.
        assert_eq!(
            helsinki_to_utc(d(2026, 3, 29), t(2, 59)),
            Ok(utc("2026-03-29T00:59:00Z"))
        );
        let err = helsinki_to_utc(d(2026, 3, 29), t(3, 30)).unwrap_err();
        assert_eq!(err.message_key(), "workshops-time-nonexistent");
        assert!(err.to_string().contains("2026-03-29 03:30:00"));
        assert_eq!(
            helsinki_to_utc(d(2026, 3, 29), t(4, 0)),
            Ok(utc("2026-03-29T01:00:00Z"))
        );
        // A workshop from 9 to 12 that day lasts three real hours, in summer time.
        let start = helsinki_to_utc(d(2026, 3, 29), t(9, 0)).unwrap();
        assert_eq!(start, utc("2026-03-29T06:00:00Z"));
    }

    #[test]
    fn on_the_last_sunday_of_october_the_repeated_hour_means_its_first_occurrence() {
        // 25 October 2026 is the last Sunday of October: 03:00–03:59 happens twice.
        assert_eq!(
            helsinki_to_utc(d(2026, 10, 25), t(3, 30)),
            Ok(utc("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            helsinki_to_utc(d(2026, 10, 25), t(2, 59)),
            Ok(utc("2026-10-24T23:59:00Z"))
        );
        assert_eq!(
            helsinki_to_utc(d(2026, 10, 25), t(4, 0)),
            Ok(utc("2026-10-25T02:00:00Z"))
        );
        // Both occurrences read back as 03:30 on the wall clock.
        assert_eq!(helsinki_hhmm(utc("2026-10-25T00:30:00Z")), "03:30");
        assert_eq!(helsinki_hhmm(utc("2026-10-25T01:30:00Z")), "03:30");
    }

    #[test]
    fn typed_times_accept_the_finnish_dot() {
        assert_eq!(parse_time("9.30"), Some(t(9, 30)));
        assert_eq!(parse_time(" 14:05 "), Some(t(14, 5)));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_date("2026-02-30"), None);
    }
}
