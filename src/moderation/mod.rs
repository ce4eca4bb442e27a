//! Moderation: what waits for a moderator (newcomers' first contributions), flags, the
//! moderation queue, suspensions and the limits for new accounts.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod admission;
pub mod api;
pub mod demo;
pub mod handlers;
pub mod model;
pub mod rules;
pub mod service;
pub mod store;

/// The queue, its actions, suspensions and the flag page.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/moderation", get(handlers::queue))
        .route("/moderation/{kind}/{id}/{action}", post(handlers::act))
        .route("/moderation/people/{id}/suspend", post(handlers::suspend))
        .route(
            "/moderation/people/{id}/unsuspend",
            post(handlers::unsuspend),
        )
        .route(
            "/flag/{kind}/{id}",
            get(handlers::flag_form).post(handlers::flag),
        )
}

/// The same use cases as JSON.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/moderation/queue", get(api::queue))
        .route("/api/v1/moderation/{kind}/{id}/{action}", post(api::act))
        .route("/api/v1/moderation/people/{id}/suspend", post(api::suspend))
        .route(
            "/api/v1/moderation/people/{id}/unsuspend",
            post(api::unsuspend),
        )
        .route("/api/v1/flags/{kind}/{id}", post(api::flag))
}
