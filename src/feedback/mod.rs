//! The feedback channel (issue 15): each organisation's public feedback form, held against
//! bots without third-party services, and the staff's inbox (states, assignee, internal
//! notes, reply by email, publishing with the sender's permission, topics, counts). Feedback
//! is private to staff and never indexed for search; senders' addresses are erased after the
//! retention period (`retention`). See docs/feedback.md.
pub mod access;
pub mod api;
pub mod bots;
pub mod demo;
pub mod entities;
pub mod handlers;
pub mod model;
pub mod retention;
pub mod service;
pub mod stats;
pub mod store;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

/// The pages: the public form, the inboxes, items, topics and counts.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/feedback", get(handlers::inboxes))
        .route(
            "/feedback/{org}",
            get(handlers::show_form).post(handlers::send),
        )
        .route("/feedback/{org}/thanks", get(handlers::thanks))
        .route(
            "/panels/{slug}/feedback",
            get(handlers::show_panel_form).post(handlers::send_panel),
        )
        .route(
            "/panels/{slug}/feedback/thanks",
            get(handlers::panel_thanks),
        )
        .route("/feedback/{org}/inbox", get(handlers::inbox))
        .route("/feedback/{org}/inbox/{id}", get(handlers::show_item))
        .route(
            "/feedback/{org}/inbox/{id}/status",
            post(handlers::set_status),
        )
        .route("/feedback/{org}/inbox/{id}/assign", post(handlers::assign))
        .route("/feedback/{org}/inbox/{id}/notes", post(handlers::add_note))
        .route("/feedback/{org}/inbox/{id}/reply", post(handlers::reply))
        .route(
            "/feedback/{org}/inbox/{id}/publish",
            post(handlers::publish),
        )
        .route(
            "/feedback/{org}/topics",
            get(handlers::topics).post(handlers::add_topic),
        )
        .route("/feedback/{org}/topics/{id}", post(handlers::change_topic))
        .route("/feedback/{org}/stats", get(handlers::stats))
        .route("/feedback/{org}/stats.csv", get(handlers::stats_csv))
}

/// The JSON API: sending (public, the same limits) and the inbox for staff with tokens.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/feedback/{org}", get(api::form).post(api::send))
        .route(
            "/api/v1/panels/{slug}/feedback",
            get(api::panel_form).post(api::send_panel),
        )
        .route("/api/v1/feedback/{org}/topics", get(api::topics))
        .route("/api/v1/feedback/{org}/items", get(api::list))
        .route(
            "/api/v1/feedback/{org}/items/{id}",
            get(api::show).patch(api::update),
        )
        .route(
            "/api/v1/feedback/{org}/items/{id}/notes",
            post(api::add_note),
        )
        .route("/api/v1/feedback/{org}/items/{id}/reply", post(api::reply))
        .route(
            "/api/v1/feedback/{org}/items/{id}/publish",
            post(api::publish),
        )
}

/// The inbox of `short` for an API caller (404 when they may not work it).
async fn auth_inbox(
    state: &AppState,
    staff: &crate::auth::CurrentUser,
    short: &str,
) -> Result<service::Inbox, service::FeedbackError> {
    service::open_inbox(&state.db, staff, short).await
}
