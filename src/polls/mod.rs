//! Polls and surveys (a panel's evaluation and mapping tasks): questions, answers, results,
//! charts and exports.
pub mod api;
pub mod chart;
pub mod csv;
pub mod demo;
pub mod handlers;
pub mod model;
pub mod results;
pub mod service;
pub mod store;
pub mod visibility;

use axum::{
    Router,
    routing::{get, post, put},
};

pub use service::{Awaiting, awaiting};

use crate::state::AppState;

/// This feature's pages (behind the CSRF check), merged into `routes.rs`.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/panels/{slug}/tasks",
            get(handlers::list).post(handlers::create),
        )
        .route("/panels/{slug}/tasks/new", get(handlers::new_form))
        .route("/panels/{slug}/tasks/{id}", get(handlers::show))
        .route("/panels/{slug}/tasks/{id}/answers", post(handlers::answer))
        .route(
            "/panels/{slug}/tasks/{id}/edit",
            get(handlers::edit_form).post(handlers::update),
        )
        .route(
            "/panels/{slug}/tasks/{id}/duplicate",
            post(handlers::duplicate),
        )
        .route(
            "/panels/{slug}/tasks/{id}/results",
            get(handlers::results_page),
        )
        .route(
            "/panels/{slug}/tasks/{id}/results.csv",
            get(handlers::export_csv),
        )
}

/// This feature's JSON API v1 routes, merged into `routes.rs`.
pub fn api() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/panels/{slug}/tasks",
            get(api::list).post(api::create),
        )
        .route(
            "/api/v1/panels/{slug}/tasks/{id}",
            get(api::show).put(api::replace).patch(api::patch),
        )
        .route("/api/v1/panels/{slug}/tasks/{id}/answers", put(api::answer))
        .route(
            "/api/v1/panels/{slug}/tasks/{id}/results",
            get(api::results),
        )
}
