//! Settings: one typed struct with defaults in code, overridden by `LUPA_SECTION__KEY`
//! environment variables and then by command-line flags. Nothing else reads the environment.
use std::{collections::HashMap, fmt, net::SocketAddr, path::PathBuf, time::Duration};

use crate::{clock::Clock, i18n::Lang};

/// A value that must never reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything Lupa can be configured with.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests use it).
    pub bind: SocketAddr,
    /// Folder for the SQLite database and other local files.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; when absent, SQLite under `data_dir`.
    pub database_url: Option<Secret>,
    /// Pool size per app node.
    pub database_max_connections: u32,
    /// How long a request waits for a database connection before it is answered 503
    /// (`LUPA_DATABASE__ACQUIRE_TIMEOUT_SECONDS`). While the database is unreachable every
    /// request waits this long, so behind a balancer a few seconds is kinder than the default.
    pub database_acquire_timeout: Duration,
    /// Public base URL used in emails and feeds, e.g. `https://lupa.example.fi`.
    /// When absent, it is `http://{bind}`.
    pub public_url: Option<String>,
    /// Mark cookies `Secure`; defaults to whether `public_url` is https.
    pub secure_cookies: Option<bool>,
    /// With an https `public_url`, `Strict-Transport-Security` tells browsers to use https
    /// only, for this many seconds (at least a year, `LUPA_SERVER__HSTS_MAX_AGE`).
    pub hsts_max_age: u64,
    /// Whether HSTS also covers every subdomain of the public host
    /// (`LUPA_SERVER__HSTS_INCLUDE_SUBDOMAINS`). Off by default: only turn it on when every
    /// subdomain is served over https.
    pub hsts_include_subdomains: bool,
    /// Behind a reverse proxy: take the client's address from the last `X-Forwarded-For`
    /// entry (the one the proxy added) for sign-in throttling. Off by default, because a
    /// client could otherwise claim any address.
    pub trust_forwarded_for: bool,
    /// Minutes of inactivity after which a signed-in session ends.
    pub session_idle_minutes: i64,
    /// SMTP server URL for lettre, e.g. `smtp://user:pass@mail.example.fi:587?tls=required`.
    pub smtp_url: Option<Secret>,
    /// Sender address of outgoing email.
    pub smtp_from: String,
    /// Language used before the setup form has chosen one.
    pub default_language: Lang,
    /// Run background workers (the email sender). Tests that drive them by hand turn this off.
    pub run_workers: bool,
    /// Use Voikko for Finnish search when the library is installed (`LUPA_SEARCH__VOIKKO`);
    /// `false` keeps Snowball stems and n-grams even then.
    pub search_voikko: bool,
    /// Log filter in `tracing` directive syntax, e.g. `info` or `lupa=debug,sqlx=warn`.
    pub log_filter: String,
    /// How many contributions one person may make, counted over every app node.
    pub write_rate: WriteRate,
    /// Smallest group of answer sets a results breakdown shows to anyone but a facilitator
    /// (`LUPA_RESULTS__MIN_GROUP`).
    pub results_min_group: usize,
    /// Run the site as if it were this instant when it starts (`LUPA_CLOCK__START`, RFC 3339,
    /// e.g. `2026-12-24T22:30:00+02:00`); its clock runs on from there. Absent: the system's
    /// time. For demonstrations and tests, never for a real site.
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
    /// On SIGTERM, how long requests in flight may take to finish before the server stops
    /// anyway (`LUPA_SERVER__SHUTDOWN_GRACE_SECONDS`).
    pub shutdown_grace: Duration,
    /// Log lines as plain text or as JSON objects, one per line (`LUPA_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// Where `/metrics` (Prometheus text) is served, on its own listener
    /// (`LUPA_METRICS__BIND`). Absent (the default): no metrics endpoint at all.
    pub metrics_bind: Option<SocketAddr>,
    /// How long the page cache keeps a visitor's page at most, even when nothing that
    /// changes it is written (`LUPA_PAGE_CACHE__MAX_AGE_SECONDS`, default 60; 0 turns the
    /// cache off).
    pub page_cache_max_age: Duration,
}

/// How log lines are written (`LUPA_LOG_FORMAT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Contributions (posts, comments, panel topics and replies) one person may make per minute
/// and per hour (`LUPA_LIMITS__WRITES_PER_MINUTE`, `LUPA_LIMITS__WRITES_PER_HOUR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteRate {
    pub per_minute: u32,
    pub per_hour: u32,
}

impl Default for WriteRate {
    fn default() -> Self {
        Self {
            per_minute: 10,
            per_hour: 100,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            database_url: None,
            database_max_connections: 10,
            database_acquire_timeout: Duration::from_secs(10),
            public_url: None,
            secure_cookies: None,
            hsts_max_age: HSTS_MIN_MAX_AGE,
            hsts_include_subdomains: false,
            trust_forwarded_for: false,
            session_idle_minutes: 8 * 60,
            smtp_url: None,
            smtp_from: "Lupa <lupa@localhost>".to_owned(),
            default_language: Lang::Fi,
            run_workers: true,
            search_voikko: true,
            log_filter: "info,sqlx=warn,tower_sessions=warn".to_owned(),
            write_rate: WriteRate::default(),
            results_min_group: 5,
            clock_start: None,
            shutdown_grace: Duration::from_secs(20),
            log_format: LogFormat::Text,
            metrics_bind: None,
            page_cache_max_age: Duration::from_secs(60),
        }
    }
}

/// A configuration value that could not be understood.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {key} = {value:?}: {reason}")]
pub struct ConfigError {
    key: String,
    value: String,
    reason: String,
}

impl Settings {
    /// Defaults overridden by the process environment.
    pub fn from_process_env() -> Result<Self, ConfigError> {
        Self::from_env(std::env::vars())
    }

    /// Defaults overridden by the given `LUPA_*` variables (and `DATABASE_URL`).
    pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let vars: HashMap<String, String> = vars.into_iter().collect();
        let mut s = Settings::default();
        let bad = |key: &str, value: &str, reason: &str| ConfigError {
            key: key.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        };
        let positive = |key: &str, value: &str| {
            value
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| bad(key, value, "a positive whole number"))
        };
        if let Some(v) = vars.get("DATABASE_URL").filter(|v| !v.is_empty()) {
            s.database_url = Some(Secret::new(v.clone()));
        }
        for (key, value) in &vars {
            let Some(name) = key.strip_prefix("LUPA_") else {
                continue;
            };
            match name {
                "SERVER__BIND" => {
                    s.bind = value
                        .parse()
                        .map_err(|_| bad(key, value, "expected host:port"))?
                }
                "SERVER__PUBLIC_URL" => s.public_url = Some(value.trim_end_matches('/').to_owned()),
                "SERVER__SECURE_COOKIES" => {
                    s.secure_cookies =
                        Some(parse_bool(value).ok_or_else(|| bad(key, value, "true or false"))?)
                }
                "SERVER__HSTS_MAX_AGE" => {
                    s.hsts_max_age = value
                        .parse()
                        .ok()
                        .filter(|n| *n >= HSTS_MIN_MAX_AGE)
                        .ok_or_else(|| bad(key, value, "seconds, at least 31536000 (a year)"))?
                }
                "SERVER__HSTS_INCLUDE_SUBDOMAINS" => {
                    s.hsts_include_subdomains =
                        parse_bool(value).ok_or_else(|| bad(key, value, "true or false"))?
                }
                "SERVER__TRUST_FORWARDED_FOR" => {
                    s.trust_forwarded_for =
                        parse_bool(value).ok_or_else(|| bad(key, value, "true or false"))?
                }
                "SERVER__DATA_DIR" | "DATA_DIR" => s.data_dir = PathBuf::from(value),
                "SEARCH__VOIKKO" => {
                    s.search_voikko =
                        parse_bool(value).ok_or_else(|| bad(key, value, "true or false"))?
                }
                "DATABASE__URL" => s.database_url = Some(Secret::new(value.clone())),
                "DATABASE__MAX_CONNECTIONS" => {
                    s.database_max_connections = value
                        .parse()
                        .map_err(|_| bad(key, value, "a whole number"))?
                }
                "DATABASE__ACQUIRE_TIMEOUT_SECONDS" => {
                    s.database_acquire_timeout =
                        Duration::from_secs(u64::from(positive(key, value)?))
                }
                "SESSION__IDLE_MINUTES" => {
                    s.session_idle_minutes = value
                        .parse()
                        .ok()
                        .filter(|m| *m > 0)
                        .ok_or_else(|| bad(key, value, "a positive number of minutes"))?
                }
                "SMTP__URL" => s.smtp_url = Some(Secret::new(value.clone())),
                "SMTP__FROM" => s.smtp_from = value.clone(),
                "LOG" => s.log_filter = value.clone(),
                "LOG_FORMAT" => {
                    s.log_format = match value.to_ascii_lowercase().as_str() {
                        "text" => LogFormat::Text,
                        "json" => LogFormat::Json,
                        _ => return Err(bad(key, value, "text or json")),
                    }
                }
                "SERVER__SHUTDOWN_GRACE_SECONDS" => {
                    s.shutdown_grace = Duration::from_secs(u64::from(positive(key, value)?))
                }
                "METRICS__BIND" => {
                    s.metrics_bind = Some(
                        value
                            .parse()
                            .map_err(|_| bad(key, value, "expected host:port"))?,
                    )
                }
                "PAGE_CACHE__MAX_AGE_SECONDS" => {
                    s.page_cache_max_age = Duration::from_secs(
                        value
                            .parse()
                            .map_err(|_| bad(key, value, "a whole number of seconds"))?,
                    )
                }
                "SITE__DEFAULT_LANGUAGE" => {
                    s.default_language =
                        Lang::parse(value).ok_or_else(|| bad(key, value, "fi, sv or en"))?
                }
                "LIMITS__WRITES_PER_MINUTE" => s.write_rate.per_minute = positive(key, value)?,
                "LIMITS__WRITES_PER_HOUR" => s.write_rate.per_hour = positive(key, value)?,
                "RESULTS__MIN_GROUP" => s.results_min_group = positive(key, value)? as usize,
                "CLOCK__START" => {
                    s.clock_start = Some(
                        chrono::DateTime::parse_from_rfc3339(value)
                            .map_err(|_| {
                                bad(key, value, "an instant such as 2026-12-24T22:30:00+02:00")
                            })?
                            .to_utc(),
                    )
                }
                _ => return Err(bad(key, value, "unknown setting")),
            }
        }
        Ok(s)
    }

    /// The database URL in force: the configured one, or SQLite in the data folder.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_owned(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("lupa.db").display()
            ),
        }
    }

    /// Base URL for links that leave the site (emails, feeds).
    pub fn base_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }

    /// The clock the site runs on: the system's, or one starting at `clock_start`.
    pub fn clock(&self) -> Clock {
        self.clock_start
            .map(Clock::starting_at)
            .unwrap_or(Clock::SYSTEM)
    }

    /// Whether cookies get the `Secure` flag.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
        })
    }
}

/// The shortest HSTS lifetime worth sending: a year, as browsers' preload lists ask.
pub const HSTS_MIN_MAX_AGE: u64 = 365 * 24 * 60 * 60;

impl Settings {
    /// The `Strict-Transport-Security` value, only when the public address is https (a
    /// plain-http site must not tell browsers to insist on https).
    pub fn hsts_header(&self) -> Option<String> {
        let https = self
            .public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"));
        https.then(|| {
            let age = self.hsts_max_age.max(HSTS_MIN_MAX_AGE);
            if self.hsts_include_subdomains {
                format!("max-age={age}; includeSubDomains")
            } else {
                format!("max-age={age}")
            }
        })
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn environment_overrides_defaults() {
        let s = Settings::from_env(env(&[
            ("LUPA_SERVER__BIND", "0.0.0.0:8080"),
            ("DATABASE_URL", "postgres://x@y/z"),
            ("LUPA_SMTP__URL", "smtp://mail"),
            ("PATH", "/bin"),
        ]))
        .unwrap();
        assert_eq!(s.bind.port(), 8080);
        assert_eq!(s.effective_database_url(), "postgres://x@y/z");
        assert!(s.smtp_url.is_some());
    }

    #[test]
    fn write_rate_and_min_group_default_and_take_positive_numbers_only() {
        let d = Settings::default();
        assert_eq!((d.write_rate.per_minute, d.write_rate.per_hour), (10, 100));
        assert_eq!(d.results_min_group, 5);
        let s = Settings::from_env(env(&[
            ("LUPA_LIMITS__WRITES_PER_MINUTE", "3"),
            ("LUPA_LIMITS__WRITES_PER_HOUR", "30"),
            ("LUPA_RESULTS__MIN_GROUP", "7"),
        ]))
        .unwrap();
        assert_eq!(
            s.write_rate,
            WriteRate {
                per_minute: 3,
                per_hour: 30
            }
        );
        assert_eq!(s.results_min_group, 7);
        assert!(Settings::from_env(env(&[("LUPA_RESULTS__MIN_GROUP", "0")])).is_err());
        assert!(Settings::from_env(env(&[("LUPA_LIMITS__WRITES_PER_HOUR", "x")])).is_err());
    }

    #[test]
    fn the_clock_starts_at_the_configured_instant_or_is_the_systems() {
        assert_eq!(Settings::default().clock(), Clock::SYSTEM);
        let s = Settings::from_env(env(&[("LUPA_CLOCK__START", "2026-12-24T22:30:00+02:00")]));
        let start = s.unwrap().clock_start.unwrap();
        assert_eq!(start.to_rfc3339(), "2026-12-24T20:30:00+00:00");
        assert!(Settings::from_env(env(&[("LUPA_CLOCK__START", "2026-12-24")])).is_err());
    }

    #[test]
    fn unknown_lupa_variable_is_an_error() {
        assert!(Settings::from_env(env(&[("LUPA_NO_SUCH", "1")])).is_err());
    }

    #[test]
    fn hsts_is_only_for_an_https_public_address_and_lasts_at_least_a_year() {
        let plain = Settings::from_env(env(&[("LUPA_SERVER__PUBLIC_URL", "http://x.fi")]));
        assert_eq!(plain.unwrap().hsts_header(), None);
        assert_eq!(Settings::default().hsts_header(), None);
        let https = Settings::from_env(env(&[
            ("LUPA_SERVER__PUBLIC_URL", "https://x.fi"),
            ("LUPA_SERVER__HSTS_MAX_AGE", "63072000"),
            ("LUPA_SERVER__HSTS_INCLUDE_SUBDOMAINS", "true"),
        ]))
        .unwrap();
        assert_eq!(
            https.hsts_header().as_deref(),
            Some("max-age=63072000; includeSubDomains")
        );
        let short = Settings::from_env(env(&[("LUPA_SERVER__HSTS_MAX_AGE", "3600")]));
        assert!(short.is_err());
    }

    #[test]
    fn log_format_shutdown_grace_and_metrics_address_are_typed_settings() {
        let d = Settings::default();
        assert_eq!(d.log_format, LogFormat::Text);
        assert_eq!(d.metrics_bind, None, "metrics are off by default");
        let s = Settings::from_env(env(&[
            ("LUPA_LOG_FORMAT", "JSON"),
            ("LUPA_SERVER__SHUTDOWN_GRACE_SECONDS", "5"),
            ("LUPA_METRICS__BIND", "127.0.0.1:9464"),
        ]))
        .unwrap();
        assert_eq!(s.log_format, LogFormat::Json);
        assert_eq!(s.shutdown_grace, Duration::from_secs(5));
        assert_eq!(s.metrics_bind, Some("127.0.0.1:9464".parse().unwrap()));
        assert!(Settings::from_env(env(&[("LUPA_LOG_FORMAT", "xml")])).is_err());
        assert!(Settings::from_env(env(&[("LUPA_SERVER__SHUTDOWN_GRACE_SECONDS", "0")])).is_err());
        assert!(Settings::from_env(env(&[("LUPA_METRICS__BIND", "9464")])).is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
