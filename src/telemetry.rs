//! Logging: `tracing` with a filter from the settings (`LUPA_LOG`), info by default, as text
//! or as JSON lines (`LUPA_LOG_FORMAT=json`) whose every line names the spans it ran in
//! (a request's line carries its `request_id`).
use tracing_subscriber::{EnvFilter, fmt};

use crate::config::LogFormat;

/// Install the global text subscriber once; later calls do nothing (tests call it per test).
pub fn init(filter: &str) {
    init_as(filter, LogFormat::Text);
}

/// Install the global subscriber once, writing lines in `format`.
pub fn init_as(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .try_init(),
    };
}
