//! Languages: which one a request gets, and the fi / sv / en message catalogues
//! (`locales/<lang>/*.ftl`, compiled into the binary).
use std::{
    borrow::Cow,
    collections::HashMap,
    sync::{Arc, LazyLock, RwLock},
};

use chrono::{DateTime, Datelike, Utc};
use fluent_templates::{fluent_bundle::FluentValue, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "fi",
        // No Unicode isolation marks around arguments: our arguments are names and numbers
        // shown in running text, and the marks would break tests and copy-paste.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Formatted messages by what tells them apart, one table per language.
type Kept = RwLock<HashMap<String, Arc<str>, foldhash::fast::RandomState>>;

/// Messages without arguments by key (`Tr::plain`).
static PLAIN: LazyLock<[Kept; 3]> = LazyLock::new(Default::default);

/// Messages with arguments as formatted, by key and arguments (`Tr::args`, `Tr::long_date`):
/// a page of fifty comments formats a date, a "reply to" and a "report" label for each,
/// mostly the same few names and days.
static FORMATTED: LazyLock<[Kept; 3]> = LazyLock::new(Default::default);
/// At most this many formatted messages are kept per language; past it they are all dropped
/// and kept anew (the arguments are names and dates, which users choose).
const MAX_FORMATTED: usize = 8192;

/// The interface languages.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fi,
    Sv,
    En,
}

static FI: LanguageIdentifier = langid!("fi");
static SV: LanguageIdentifier = langid!("sv");
static EN: LanguageIdentifier = langid!("en");

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    /// `fi`, `sv` or `en` (any case, with or without region) to a language.
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fi" => Some(Lang::Fi),
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fi => "Suomi",
            Lang::Sv => "Svenska",
            Lang::En => "English",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Fi => &FI,
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    /// The first supported language in an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut candidates: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let lang = Lang::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        candidates.first().map(|c| c.2)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Choose the language of a response: the language cookie (this browser's switcher choice),
/// else the person's saved preference, else `Accept-Language`, else the site default.
pub fn negotiate(
    preference: Option<Lang>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
    site_default: Lang,
) -> Lang {
    cookie
        .and_then(Lang::parse)
        .or(preference)
        .or_else(|| accept_language.and_then(Lang::from_accept_language))
        .unwrap_or(site_default)
}

/// Translator for one language: what templates and services use to produce visible text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    /// The message `key`; a missing key shows the key itself (and a test catches it).
    pub fn get(&self, key: &str) -> String {
        self.plain(key)
            .map_or_else(|| key.to_owned(), |text| text.to_string())
    }

    /// The message `key`, if the catalogue has it.
    pub fn try_get(&self, key: &str) -> Option<String> {
        self.plain(key).map(|text| text.to_string())
    }

    /// A message without arguments, formatted once per language and then kept: a page shows
    /// hundreds, the same on every page. Only keys the catalogues have are kept, so the
    /// memory is bounded by them.
    fn plain(&self, key: &str) -> Option<Arc<str>> {
        let kept = &PLAIN[self.lang as usize];
        if let Some(text) = kept.read().unwrap_or_else(|e| e.into_inner()).get(key) {
            return Some(text.clone());
        }
        let text: Arc<str> = self.lookup(key, None)?.into();
        kept.write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_owned(), text.clone());
        Some(text)
    }

    /// The message in this language, else in Finnish (the catalogues' fallback). What the
    /// loader's own `try_lookup` does, without negotiating the language anew on every
    /// message (a page looks up hundreds).
    fn lookup(
        &self,
        key: &str,
        args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
    ) -> Option<String> {
        LOCALES
            .lookup_single_language(self.lang.id(), key, args)
            .ok()
            .or_else(|| {
                (self.lang != Lang::Fi)
                    .then(|| {
                        LOCALES
                            .lookup_single_language(Lang::Fi.id(), key, args)
                            .ok()
                    })
                    .flatten()
            })
    }

    /// The message `key` with named arguments; formatted once per language and arguments,
    /// then kept.
    pub fn args(&self, key: &str, args: &[(&str, FluentArg)]) -> String {
        // Unit and record separators cannot occur in a key or an argument's name, and an
        // argument's value ends where the next separator begins, so no two calls share a key.
        let mut memo_key = String::with_capacity(key.len() + 32);
        memo_key.push_str(key);
        for (name, value) in args {
            memo_key.push('\u{1e}');
            memo_key.push_str(name);
            memo_key.push('\u{1f}');
            match value {
                FluentArg::Str(s) if s.contains('\u{1e}') => {
                    memo_key.push('s');
                    memo_key.push_str(&s.replace('\u{1e}', "\u{1e}\u{1e}"));
                }
                FluentArg::Str(s) => {
                    memo_key.push('s');
                    memo_key.push_str(s);
                }
                FluentArg::Num(n) => {
                    memo_key.push('n');
                    memo_key.push_str(&n.to_string());
                }
            }
        }
        self.memo(memo_key, || self.format(key, args))
    }

    /// What `make` returns, kept under `memo_key` in this language's table.
    fn memo(&self, memo_key: String, make: impl FnOnce() -> String) -> String {
        let kept = &FORMATTED[self.lang as usize];
        if let Some(text) = kept
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&memo_key)
        {
            return text.to_string();
        }
        let text = make();
        let mut table = kept.write().unwrap_or_else(|e| e.into_inner());
        if table.len() >= MAX_FORMATTED {
            table.clear();
        }
        table.insert(memo_key, text.as_str().into());
        text
    }

    /// The message `key` formatted with `args` by the catalogue.
    fn format(&self, key: &str, args: &[(&str, FluentArg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let v = match value {
                    FluentArg::Str(s) => FluentValue::from(s.clone()),
                    FluentArg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Owned(name.to_string()), v)
            })
            .collect();
        self.lookup(key, Some(&map))
            .unwrap_or_else(|| key.to_owned())
    }

    /// The message `key` with one string argument.
    pub fn arg(&self, key: &str, name: &str, value: impl AsRef<str>) -> String {
        self.args(key, &[(name, FluentArg::Str(value.as_ref().to_owned()))])
    }

    /// A counted message (`$count` selects the plural form).
    pub fn count(&self, key: &str, count: impl Number) -> String {
        self.args(key, &[("count", FluentArg::Num(count.as_i64()))])
    }

    /// The long date in this language, in Helsinki time:
    /// "tiistai 1. joulukuuta 2009", "tisdag 1 december 2009", "Tuesday 1 December 2009".
    pub fn long_date(&self, at: &DateTime<Utc>) -> String {
        let local = at.with_timezone(&chrono_tz::Europe::Helsinki);
        // Kept by the day (a page of comments shows the same few): `\u{1e}` cannot begin a
        // message key, so these never meet `args`' keys.
        self.memo(
            format!("\u{1e}date-long\u{1f}{}", local.date_naive()),
            || self.format_long_date(&local),
        )
    }

    fn format_long_date(&self, local: &DateTime<chrono_tz::Tz>) -> String {
        let weekday = self.get(&format!("weekday-{}", local.weekday().number_from_monday()));
        let month = self.get(&format!("month-in-date-{}", local.month()));
        self.format(
            "date-long",
            &[
                ("weekday", FluentArg::Str(weekday)),
                ("day", FluentArg::Num(i64::from(local.day()))),
                ("month", FluentArg::Str(month)),
                ("year", FluentArg::Num(i64::from(local.year()))),
            ],
        )
    }

    /// Long date and time, e.g. "tiistai 1. joulukuuta 2009 klo 14.05".
    pub fn long_datetime(&self, at: &DateTime<Utc>) -> String {
        let local = at.with_timezone(&chrono_tz::Europe::Helsinki);
        let time = match self.lang {
            Lang::Fi => local.format("%H.%M").to_string(),
            Lang::Sv | Lang::En => local.format("%H:%M").to_string(),
        };
        self.args(
            "datetime-long",
            &[
                ("date", FluentArg::Str(self.long_date(at))),
                ("time", FluentArg::Str(time)),
            ],
        )
    }

    /// "joulukuu 2009" / "december 2009" / "December 2009" for archive headings.
    pub fn month_year(&self, year: impl Number, month: impl Number) -> String {
        self.args(
            "month-year",
            &[
                (
                    "month",
                    FluentArg::Str(self.get(&format!("month-{}", month.as_i64()))),
                ),
                ("year", FluentArg::Num(year.as_i64())),
            ],
        )
    }
}

/// Whole numbers of any width (and references to them, as templates pass them).
pub trait Number {
    fn as_i64(&self) -> i64;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn as_i64(&self) -> i64 {
                i64::try_from(*self).unwrap_or(i64::MAX)
            }
        }
    )*};
}
number!(i32, i64, u32, u64, usize);

impl<T: Number + ?Sized> Number for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

/// An argument to a message.
#[derive(Clone, Debug)]
pub enum FluentArg {
    Str(String),
    Num(i64),
}

/// Machine-readable date (for `<time datetime>`), in UTC.
pub fn iso_datetime(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_kept_message_reads_as_the_catalogue_has_it_and_a_missing_key_is_not_kept() {
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            let fresh = t.lookup("comment-reply", None).expect("in every catalogue");
            assert_eq!(t.get("comment-reply"), fresh);
            assert_eq!(t.get("comment-reply"), fresh, "{lang:?} kept");
            assert_eq!(t.get("ei-tällaista-avainta"), "ei-tällaista-avainta");
            assert!(t.try_get("ei-tällaista-avainta").is_none());
            let kept = PLAIN[lang as usize].read().unwrap();
            assert!(kept.contains_key("comment-reply"));
            assert!(!kept.contains_key("ei-tällaista-avainta"));
        }
    }

    #[test]
    fn a_message_with_arguments_is_kept_per_language_and_arguments() {
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            let aino = [("name", FluentArg::Str("Aino Ääninen".into()))];
            let fresh = t.format("comment-reply-to", &aino);
            assert!(fresh.contains("Aino Ääninen"), "{fresh}");
            assert_eq!(t.args("comment-reply-to", &aino), fresh);
            assert_eq!(t.args("comment-reply-to", &aino), fresh, "{lang:?} kept");
            // Other arguments, or the same text as a number, are other messages.
            let other = t.arg("comment-reply-to", "name", "Eino");
            assert!(other.contains("Eino") && !other.contains("Aino"), "{other}");
            assert_eq!(
                t.count("comment-count", 1),
                t.format("comment-count", &[("count", FluentArg::Num(1))])
            );
            assert_ne!(t.count("comment-count", 5), t.count("comment-count", 1));
            let kept = FORMATTED[lang as usize].read().unwrap();
            assert!(kept.values().any(|v| **v == *fresh));
        }
    }

    #[test]
    fn kept_long_dates_are_told_apart_by_the_day_in_helsinki() {
        let fi = Tr::new(Lang::Fi);
        // 23.59 and 00.00 in Helsinki, on the same day in UTC; and back, in the other order.
        let before = Utc.with_ymd_and_hms(2009, 11, 30, 21, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2009, 11, 30, 22, 0, 0).unwrap();
        for _ in 0..2 {
            assert_eq!(fi.long_date(&before), "maanantai 30. marraskuuta 2009");
            assert_eq!(fi.long_date(&after), "tiistai 1. joulukuuta 2009");
        }
        // Across the change to summer time (03.00 became 04.00 on 29 March 2026).
        let night = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
        let morning = Utc.with_ymd_and_hms(2026, 3, 29, 21, 30, 0).unwrap();
        assert_eq!(fi.long_date(&night), "sunnuntai 29. maaliskuuta 2026");
        assert_eq!(fi.long_date(&morning), "maanantai 30. maaliskuuta 2026");
        assert_eq!(
            Tr::new(Lang::En).long_date(&before),
            "Monday 30 November 2009"
        );
    }

    #[test]
    fn finnish_long_date_reads_as_finns_write_it() {
        let at = Utc.with_ymd_and_hms(2009, 12, 1, 10, 0, 0).unwrap();
        assert_eq!(
            Tr::new(Lang::Fi).long_date(&at),
            "tiistai 1. joulukuuta 2009"
        );
        assert_eq!(Tr::new(Lang::Sv).long_date(&at), "tisdag 1 december 2009");
        assert_eq!(Tr::new(Lang::En).long_date(&at), "Tuesday 1 December 2009");
    }

    #[test]
    fn long_date_uses_helsinki_time() {
        // 22:30 UTC on 30 November is already 1 December in Helsinki.
        let at = Utc.with_ymd_and_hms(2009, 11, 30, 22, 30, 0).unwrap();
        assert_eq!(
            Tr::new(Lang::Fi).long_date(&at),
            "tiistai 1. joulukuuta 2009"
        );
    }

    #[test]
    fn comment_counts_read_naturally() {
        let fi = Tr::new(Lang::Fi);
        assert_eq!(fi.count("comment-count", 0), "Ei kommentteja");
        assert_eq!(fi.count("comment-count", 1), "1 kommentti");
        assert_eq!(fi.count("comment-count", 5), "5 kommenttia");
        let sv = Tr::new(Lang::Sv);
        assert_eq!(sv.count("comment-count", 0), "Inga kommentarer");
        assert_eq!(sv.count("comment-count", 1), "1 kommentar");
        assert_eq!(sv.count("comment-count", 5), "5 kommentarer");
        let en = Tr::new(Lang::En);
        assert_eq!(en.count("comment-count", 0), "No comments");
        assert_eq!(en.count("comment-count", 1), "1 comment");
        assert_eq!(en.count("comment-count", 5), "5 comments");
    }

    #[test]
    fn accept_language_respects_quality() {
        assert_eq!(
            Lang::from_accept_language("de;q=1, en;q=0.5, sv-FI;q=0.8"),
            Some(Lang::Sv)
        );
        assert_eq!(Lang::from_accept_language("de, fr"), None);
    }

    #[test]
    fn negotiation_order_is_cookie_preference_header_default() {
        assert_eq!(
            negotiate(Some(Lang::En), Some("sv"), Some("fi"), Lang::Fi),
            Lang::Sv
        );
        assert_eq!(
            negotiate(Some(Lang::En), None, Some("fi"), Lang::Fi),
            Lang::En
        );
        assert_eq!(negotiate(None, Some("sv"), Some("en"), Lang::Fi), Lang::Sv);
        assert_eq!(negotiate(None, None, Some("en"), Lang::Fi), Lang::En);
        assert_eq!(negotiate(None, Some("xx"), None, Lang::Sv), Lang::Sv);
    }

    /// Every catalogue defines the same messages, so no language shows a bare key.
    #[test]
    fn catalogues_define_the_same_keys() {
        fn keys(lang: &str) -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/i18n/locales")
                .join(lang);
            let mut keys = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((key, _)) = line.split_once(" =")
                        && !key.starts_with([' ', '#', '.', '[', '*'])
                        && !key.is_empty()
                    {
                        keys.insert(key.trim().to_owned());
                    }
                }
            }
            keys
        }
        let fi = keys("fi");
        for other in ["sv", "en"] {
            let theirs = keys(other);
            let missing: Vec<_> = fi.symmetric_difference(&theirs).collect();
            assert!(missing.is_empty(), "fi and {other} differ in: {missing:?}");
        }
    }
}
