//! `lupa check-config`: the settings in force (secrets redacted) and the problems an operator
//! should fix before going live. Read-only: it opens an existing database only to count the
//! nodes that share it, and never creates one.
use std::{fmt::Write, net::SocketAddr};

use crate::{
    config::{LogFormat, Secret, Settings},
    search::Analyser,
};

/// Something in the configuration that will bite in production.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem(pub String);

/// The settings in force, one `LUPA_*` name per line, secrets redacted.
pub fn effective(s: &Settings, analyser: &Analyser) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: String| {
        let _ = writeln!(out, "{k:<38} {v}");
    };
    let or_unset = |v: Option<String>| v.unwrap_or_else(|| "(not set)".to_owned());
    line("LUPA_SERVER__BIND", s.bind.to_string());
    line("LUPA_SERVER__PUBLIC_URL", or_unset(s.public_url.clone()));
    line("  (base URL of links)", s.base_url());
    line(
        "LUPA_SERVER__SECURE_COOKIES",
        s.cookies_secure().to_string(),
    );
    line(
        "LUPA_SERVER__TRUST_FORWARDED_FOR",
        s.trust_forwarded_for.to_string(),
    );
    line("LUPA_SERVER__HSTS", or_unset(s.hsts_header()));
    line(
        "LUPA_SERVER__SHUTDOWN_GRACE_SECONDS",
        s.shutdown_grace.as_secs().to_string(),
    );
    line("LUPA_SERVER__DATA_DIR", s.data_dir.display().to_string());
    line(
        "LUPA_DATABASE__URL",
        redacted_url(&Secret::new(s.effective_database_url())),
    );
    line(
        "LUPA_DATABASE__MAX_CONNECTIONS",
        s.database_max_connections.to_string(),
    );
    line(
        "LUPA_DATABASE__ACQUIRE_TIMEOUT_SECONDS",
        s.database_acquire_timeout.as_secs().to_string(),
    );
    line(
        "LUPA_SESSION__IDLE_MINUTES",
        s.session_idle_minutes.to_string(),
    );
    line(
        "LUPA_SMTP__URL",
        or_unset(s.smtp_url.as_ref().map(redacted_url)),
    );
    line("LUPA_SMTP__FROM", s.smtp_from.clone());
    line(
        "LUPA_SITE__DEFAULT_LANGUAGE",
        s.default_language.code().to_owned(),
    );
    line(
        "LUPA_SEARCH__VOIKKO",
        format!("{} (analyser in use: {})", s.search_voikko, analyser.tag()),
    );
    line("LUPA_LOG", s.log_filter.clone());
    line(
        "LUPA_LOG_FORMAT",
        match s.log_format {
            LogFormat::Text => "text".to_owned(),
            LogFormat::Json => "json".to_owned(),
        },
    );
    line(
        "LUPA_METRICS__BIND",
        or_unset(s.metrics_bind.map(|a| a.to_string())),
    );
    line(
        "LUPA_LIMITS__WRITES_PER_MINUTE",
        s.write_rate.per_minute.to_string(),
    );
    line(
        "LUPA_LIMITS__WRITES_PER_HOUR",
        s.write_rate.per_hour.to_string(),
    );
    line("LUPA_RESULTS__MIN_GROUP", s.results_min_group.to_string());
    line(
        "LUPA_CLOCK__START",
        or_unset(s.clock_start.map(|t| t.to_rfc3339())),
    );
    out
}

/// A URL with its password (if any) replaced by `***`.
pub fn redacted_url(secret: &Secret) -> String {
    match url::Url::parse(secret.expose()) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.to_string()
        }
        Err(_) => "*** (not a URL)".to_owned(),
    }
}

/// What is wrong with these settings, given the analyser that loaded and how many app nodes
/// have recently used the database (`None` when it could not be read).
pub fn problems(s: &Settings, analyser: &Analyser, nodes_seen: Option<u64>) -> Vec<Problem> {
    let mut found = Vec::new();
    let mut problem = |text: &str| found.push(Problem(text.to_owned()));
    let public_bind = !s.bind.ip().is_loopback();
    if s.public_url.is_none() && (s.trust_forwarded_for || public_bind) {
        problem(
            "no LUPA_SERVER__PUBLIC_URL, yet the server is reachable from elsewhere (behind a \
             proxy or on a public address): links in emails and feeds would point at the bind \
             address",
        );
    }
    if let Some(url) = &s.public_url
        && url.starts_with("http://")
    {
        problem("LUPA_SERVER__PUBLIC_URL is not https: cookies are sent without `Secure`");
    }
    if s.smtp_url.is_none() {
        problem("no LUPA_SMTP__URL: emails (invitations, reminders, digests) stay in the outbox");
    }
    let sqlite = !s.effective_database_url().starts_with("postgres");
    if sqlite && nodes_seen.is_some_and(|n| n > 1) {
        problem(
            "SQLite with several app nodes using it: run one node on SQLite, or move every node \
             to PostgreSQL",
        );
    }
    if s.search_voikko && matches!(analyser, Analyser::Snowball) {
        problem(
            "Voikko is missing (libvoikko1 and voikko-fi): Finnish search falls back to \
             Snowball stems and n-grams",
        );
    }
    if let Some(address) = s.metrics_bind
        && !is_private(&address)
    {
        problem(
            "LUPA_METRICS__BIND is not a loopback or private address: /metrics would be public",
        );
    }
    found
}

/// Loopback or a private network (where a monitoring host, not the public, can reach it).
fn is_private(address: &SocketAddr) -> bool {
    match address.ip() {
        std::net::IpAddr::V4(ip) => ip.is_loopback() || ip.is_private() || ip.is_link_local(),
        std::net::IpAddr::V6(ip) => ip.is_loopback() || ip.is_unique_local(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::from_env(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string()))).unwrap()
    }

    fn says(problems: &[Problem], words: &str) -> bool {
        problems.iter().any(|p| p.0.contains(words))
    }

    #[test]
    fn a_complete_production_configuration_has_no_problems() {
        let s = settings(&[
            ("LUPA_SERVER__BIND", "0.0.0.0:3000"),
            ("LUPA_SERVER__PUBLIC_URL", "https://lupa.example.fi"),
            ("LUPA_SERVER__TRUST_FORWARDED_FOR", "true"),
            ("LUPA_SMTP__URL", "smtp://lupa:salainen@mail.example.fi:587"),
            ("LUPA_DATABASE__URL", "postgres://lupa:salainen@db/lupa"),
            ("LUPA_METRICS__BIND", "10.0.0.5:9464"),
            ("LUPA_SEARCH__VOIKKO", "false"),
        ]);
        assert_eq!(problems(&s, &Analyser::Snowball, Some(3)), vec![]);
    }

    #[test]
    fn each_problem_is_named() {
        let s = settings(&[
            ("LUPA_SERVER__TRUST_FORWARDED_FOR", "true"),
            ("LUPA_METRICS__BIND", "0.0.0.0:9464"),
        ]);
        let found = problems(&s, &Analyser::Snowball, Some(2));
        assert!(says(&found, "no LUPA_SERVER__PUBLIC_URL"), "{found:?}");
        assert!(says(&found, "no LUPA_SMTP__URL"), "{found:?}");
        assert!(says(&found, "SQLite with several app nodes"), "{found:?}");
        assert!(says(&found, "Voikko is missing"), "{found:?}");
        assert!(says(&found, "/metrics would be public"), "{found:?}");
        let one_node = problems(&s, &Analyser::Snowball, Some(1));
        assert!(!says(&one_node, "SQLite"), "{one_node:?}");
    }

    #[test]
    fn secrets_are_redacted_in_the_listing() {
        let s = settings(&[
            (
                "LUPA_SMTP__URL",
                "smtp://lupa:smtp-salasana@mail.example.fi:587",
            ),
            (
                "LUPA_DATABASE__URL",
                "postgres://lupa:db-salasana@db:5432/lupa",
            ),
        ]);
        let listing = effective(&s, &Analyser::Snowball);
        assert!(!listing.contains("salasana"), "{listing}");
        assert!(
            listing.contains("postgres://lupa:***@db:5432/lupa"),
            "{listing}"
        );
        assert!(
            listing.contains("smtp://lupa:***@mail.example.fi:587"),
            "{listing}"
        );
    }
}
