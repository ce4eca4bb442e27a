//! Logging: `tracing` with a filter from the settings (`LUPA_LOG`), info by default.
use tracing_subscriber::{EnvFilter, fmt};

/// Install the global subscriber once; later calls do nothing (tests call it per test).
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
