//! Logging: `RUST_LOG`-style filtering, info by default.
use tracing_subscriber::{EnvFilter, fmt};

/// Install the global subscriber once; later calls do nothing (tests call it per test).
pub fn init(default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
