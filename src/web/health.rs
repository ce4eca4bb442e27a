//! `GET /healthz`: 200 when the database answers, 503 when it does not — within
//! `PATIENCE`, so that a balancer's probe gets an answer rather than a hang while the
//! database is away (the pool would otherwise keep retrying for its whole acquire timeout).
use std::time::Duration;

use axum::{extract::State, http::StatusCode};

use crate::state::AppState;

/// How long the check waits for the database before calling it unreachable.
const PATIENCE: Duration = Duration::from_secs(2);

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(PATIENCE, state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ok"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
        Err(_) => {
            tracing::error!(
                seconds = PATIENCE.as_secs(),
                "health check: database did not answer in time"
            );
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
