//! The panel's year (issue 19): its workshops, tasks (open to close), action due days and
//! the milestones facilitators add, on a 12-month circle as SVG with the same data as a
//! table, and as an `.ics`. See docs/actions.md.
pub mod api;
pub mod handlers;
pub mod milestone;
pub mod model;
pub mod service;
pub mod store;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

/// The pages: this year, a year, adding a milestone, the year's calendar file.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/panels/{slug}/year", get(handlers::this_year))
        .route("/panels/{slug}/year/{year}", get(handlers::show))
        .route(
            "/panels/{slug}/year/{year}/milestones",
            post(handlers::add_milestone),
        )
        .route(
            "/panels/{slug}/year/{year}/calendar.ics",
            get(handlers::calendar),
        )
}

/// The JSON API.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/panels/{slug}/year/{year}", get(api::show))
        .route("/api/v1/panels/{slug}/milestones", post(api::add_milestone))
}
