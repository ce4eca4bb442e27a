//! Follows, mentions, notifications and their email (issue 16): who follows what, what the
//! site tells each person (written in the same transaction as the event, `events`), the bell,
//! the notifications and following pages, @handles, and the email settings.
//! See docs/notifications.md.
pub mod api;
pub mod bell;
pub mod demo;
pub mod entities;
pub mod events;
pub mod handlers;
pub mod mail;
pub mod mention_links;
pub mod mentions;
pub mod model;
pub mod service;
pub mod store;

use axum::{
    Router,
    routing::{get, post, put},
};

use crate::state::AppState;

/// The pages: notifications, following, the follow buttons' form, the email settings (and
/// their old address, redirected).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(handlers::list))
        .route("/notifications/read", post(handlers::mark_read))
        .route("/follows", post(handlers::follow))
        .route("/settings/following", get(handlers::following))
        .route(
            handlers::SETTINGS,
            get(handlers::settings).post(handlers::save_settings),
        )
        .route(
            "/settings/notifications",
            get(handlers::old_settings).post(handlers::old_settings),
        )
        .route("/settings/handle", post(handlers::change_handle))
}

/// The same use cases as JSON.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/notifications", get(api::list))
        .route("/api/v1/notifications/read", post(api::mark_read))
        .route(
            "/api/v1/notifications/settings",
            get(api::settings).put(api::save_settings),
        )
        .route("/api/v1/follows", get(api::follows))
        .route(
            "/api/v1/follows/{kind}/{id}",
            put(api::follow).delete(api::unfollow),
        )
}
