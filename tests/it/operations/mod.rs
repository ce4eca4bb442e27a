//! Running Lupa for real: the `lupa` binary stopped with SIGTERM, request ids and JSON logs,
//! the metrics listener, and `lupa check-config`.
mod check_config;
mod database_outage;
mod metrics;
mod migrations;
mod node;
mod request_ids;
mod shutdown;
