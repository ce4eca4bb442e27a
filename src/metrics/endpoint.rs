//! The metrics listener's whole site: `GET /metrics`, gauges sampled on each read.
use axum::{
    Router, extract::State, http::StatusCode, http::header, response::IntoResponse, routing::get,
};

use super::gauges;
use crate::state::AppState;

/// The metrics listener's whole site: `GET /metrics`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(serve))
        .with_state(state)
}

async fn serve(State(state): State<AppState>) -> impl IntoResponse {
    if let Err(e) = gauges::sample(&state.metrics, &state.db, &state.search).await {
        // The request counters are still worth reading when the database is away.
        tracing::warn!(error = %e, "metrics: could not sample the database gauges");
        state.metrics.gauge("lupa_database_up", &[], 0.0);
    } else {
        state.metrics.gauge("lupa_database_up", &[], 1.0);
    }
    state
        .metrics
        .gauge("lupa_page_cache_pages", &[], state.page_cache.len() as f64);
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
