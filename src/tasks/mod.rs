//! Tasks: a panel's surveys (evaluation and mapping tasks) under `/panels/{slug}/tasks` —
//! questions, answers, results, charts and exports. Not the workshops' scheduling polls.
pub mod aim;
pub mod answering;
pub mod api;
pub mod demo;
pub mod editing;
pub mod handlers;
pub mod ideas;
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
            get(handlers::list).post(editing::handlers::create),
        )
        .route("/panels/{slug}/tasks/new", get(editing::handlers::new_form))
        .route("/panels/{slug}/tasks/{id}", get(answering::handlers::show))
        .route(
            "/panels/{slug}/tasks/{id}/answers",
            post(answering::handlers::answer),
        )
        .route(
            "/panels/{slug}/tasks/{id}/edit",
            get(editing::handlers::edit_form).post(editing::handlers::update),
        )
        .route(
            "/panels/{slug}/tasks/{id}/duplicate",
            post(editing::handlers::duplicate),
        )
        .route(
            "/panels/{slug}/tasks/{id}/results",
            get(results::handlers::results_page),
        )
        .route(
            "/panels/{slug}/tasks/{id}/results.csv",
            get(results::handlers::export_csv),
        )
        .merge(ideas::pages())
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
        .merge(ideas::api())
}
