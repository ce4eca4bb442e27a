//! Finnish public holidays for any year, so that a facilitator proposing workshop dates sees
//! at a glance which days are off: the fixed ones, those counted from Easter (Good Friday,
//! Easter Sunday and Monday, Ascension Day, Pentecost), and those that move to a weekday
//! (Midsummer Eve and Day, All Saints' Day). Christmas Eve and Midsummer Eve are not
//! holidays by law but are days off in practice, so they are marked too.
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A Finnish holiday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    NewYear,
    Epiphany,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    MayDay,
    Ascension,
    Pentecost,
    MidsummerEve,
    MidsummerDay,
    AllSaints,
    IndependenceDay,
    ChristmasEve,
    ChristmasDay,
    StStephensDay,
}

impl Holiday {
    /// The catalogue key of the holiday's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Holiday::NewYear => "workshops-holiday-new-year",
            Holiday::Epiphany => "workshops-holiday-epiphany",
            Holiday::GoodFriday => "workshops-holiday-good-friday",
            Holiday::EasterSunday => "workshops-holiday-easter-sunday",
            Holiday::EasterMonday => "workshops-holiday-easter-monday",
            Holiday::MayDay => "workshops-holiday-may-day",
            Holiday::Ascension => "workshops-holiday-ascension",
            Holiday::Pentecost => "workshops-holiday-pentecost",
            Holiday::MidsummerEve => "workshops-holiday-midsummer-eve",
            Holiday::MidsummerDay => "workshops-holiday-midsummer-day",
            Holiday::AllSaints => "workshops-holiday-all-saints",
            Holiday::IndependenceDay => "workshops-holiday-independence-day",
            Holiday::ChristmasEve => "workshops-holiday-christmas-eve",
            Holiday::ChristmasDay => "workshops-holiday-christmas-day",
            Holiday::StStephensDay => "workshops-holiday-st-stephens-day",
        }
    }
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

/// The first `weekday` on or after `from`.
fn first_on_or_after(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a fixed holiday date")
}

/// Every holiday of `year`, in date order.
pub fn holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let easter = easter_sunday(year);
    let midsummer_day = first_on_or_after(ymd(year, 6, 20), Weekday::Sat);
    let mut days = vec![
        (ymd(year, 1, 1), Holiday::NewYear),
        (ymd(year, 1, 6), Holiday::Epiphany),
        (easter - Duration::days(2), Holiday::GoodFriday),
        (easter, Holiday::EasterSunday),
        (easter + Duration::days(1), Holiday::EasterMonday),
        (ymd(year, 5, 1), Holiday::MayDay),
        (easter + Duration::days(39), Holiday::Ascension),
        (easter + Duration::days(49), Holiday::Pentecost),
        (midsummer_day - Duration::days(1), Holiday::MidsummerEve),
        (midsummer_day, Holiday::MidsummerDay),
        (
            first_on_or_after(ymd(year, 10, 31), Weekday::Sat),
            Holiday::AllSaints,
        ),
        (ymd(year, 12, 6), Holiday::IndependenceDay),
        (ymd(year, 12, 24), Holiday::ChristmasEve),
        (ymd(year, 12, 25), Holiday::ChristmasDay),
        (ymd(year, 12, 26), Holiday::StStephensDay),
    ];
    days.sort_by_key(|(date, _)| *date);
    days
}

/// The holiday on `date`, if any.
pub fn holiday_on(date: NaiveDate) -> Option<Holiday> {
    holidays(date.year())
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_falls_on_the_known_sundays() {
        for (year, month, day) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
            (1818, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), ymd(year, month, day), "{year}");
        }
    }

    #[test]
    fn holidays_of_2026_are_the_calendars_red_days() {
        let found: Vec<(String, Holiday)> = holidays(2026)
            .into_iter()
            .map(|(d, h)| (d.to_string(), h))
            .collect();
        let expected = [
            ("2026-01-01", Holiday::NewYear),
            ("2026-01-06", Holiday::Epiphany),
            ("2026-04-03", Holiday::GoodFriday),
            ("2026-04-05", Holiday::EasterSunday),
            ("2026-04-06", Holiday::EasterMonday),
            ("2026-05-01", Holiday::MayDay),
            ("2026-05-14", Holiday::Ascension),
            ("2026-05-24", Holiday::Pentecost),
            ("2026-06-19", Holiday::MidsummerEve),
            ("2026-06-20", Holiday::MidsummerDay),
            ("2026-10-31", Holiday::AllSaints),
            ("2026-12-06", Holiday::IndependenceDay),
            ("2026-12-24", Holiday::ChristmasEve),
            ("2026-12-25", Holiday::ChristmasDay),
            ("2026-12-26", Holiday::StStephensDay),
        ];
        let expected: Vec<(String, Holiday)> =
            expected.iter().map(|(d, h)| (d.to_string(), *h)).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn moving_holidays_stay_in_their_windows_on_the_right_weekday() {
        for year in 1990..2100 {
            let all = holidays(year);
            let on = |h: Holiday| all.iter().find(|(_, x)| *x == h).unwrap().0;
            let eve = on(Holiday::MidsummerEve);
            assert_eq!(eve.weekday(), Weekday::Fri);
            assert!((ymd(year, 6, 19)..=ymd(year, 6, 25)).contains(&eve));
            let day = on(Holiday::MidsummerDay);
            assert_eq!(day.weekday(), Weekday::Sat);
            assert!((ymd(year, 6, 20)..=ymd(year, 6, 26)).contains(&day));
            let saints = on(Holiday::AllSaints);
            assert_eq!(saints.weekday(), Weekday::Sat);
            assert!((ymd(year, 10, 31)..=ymd(year, 11, 6)).contains(&saints));
            assert_eq!(on(Holiday::Ascension).weekday(), Weekday::Thu);
            assert_eq!(on(Holiday::Pentecost).weekday(), Weekday::Sun);
        }
    }

    #[test]
    fn all_saints_day_moves_into_november_when_31_october_is_not_a_saturday() {
        assert_eq!(holiday_on(ymd(2025, 11, 1)), Some(Holiday::AllSaints));
        assert_eq!(holiday_on(ymd(2027, 11, 6)), Some(Holiday::AllSaints));
        assert_eq!(holiday_on(ymd(2027, 10, 31)), None);
        assert_eq!(holiday_on(ymd(2026, 6, 26)), None);
    }
}
