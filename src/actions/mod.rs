//! Actions and follow-through (issue 19): what a panel agreed to do — from a workshop's
//! outcome, a task's results, a member's idea, a feedback item or by hand — with an owner, a
//! due day and a status moved on with short updates; the panel's progress page, each
//! owner's own list, reminders to owners through the email outbox (`reminders`), and overdue
//! actions offered to the next workshop's agenda. See docs/actions.md.
pub mod access;
pub mod api;
pub mod demo;
pub mod entities;
pub mod handlers;
pub mod model;
pub mod notify;
pub mod reminders;
pub mod service;
pub mod store;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

/// The action's page, in the panel `slug`.
pub fn url(slug: &str, id: i32) -> String {
    format!("/panels/{slug}/actions/{id}")
}

/// The pages: the progress page, writing an action, one action, and "my actions".
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/actions/mine", get(handlers::mine))
        .route("/panels/{slug}/actions", get(handlers::progress))
        .route(
            "/panels/{slug}/actions/new",
            get(handlers::new_form).post(handlers::create),
        )
        .route("/panels/{slug}/actions/{id}", get(handlers::show))
        .route(
            "/panels/{slug}/actions/{id}/status",
            post(handlers::change_status),
        )
}

/// The JSON API: the same use cases.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/actions/mine", get(api::mine))
        .route(
            "/api/v1/panels/{slug}/actions",
            get(api::list).post(api::create),
        )
        .route("/api/v1/panels/{slug}/actions/{id}", get(api::show))
        .route(
            "/api/v1/panels/{slug}/actions/{id}/updates",
            post(api::change_status),
        )
}
