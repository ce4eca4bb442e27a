//! A panel's rules, agreed together (issue 19): Markdown with numbered versions that
//! facilitators write, which a member accepts when joining and again after a change.
//! Joining (`membership`, `invitations`) asks `service::version_to_accept`; `access` carries
//! where the reader stands (`model::RulesStanding`) so every panel page can ask them to accept.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod api;
pub mod demo;
pub mod handlers;
pub mod model;
pub mod service;
pub mod store;

/// The rules pages (behind the CSRF check).
pub fn pages() -> Router<AppState> {
    use handlers as h;
    Router::new()
        .route("/panels/{slug}/rules", get(h::show))
        .route("/panels/{slug}/rules/edit", get(h::edit_form).post(h::save))
        .route("/panels/{slug}/rules/history", get(h::history))
        .route("/panels/{slug}/rules/versions/{number}", get(h::version))
        .route("/panels/{slug}/rules/accept", post(h::accept))
}

/// The rules' JSON API v1.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/panels/{slug}/rules", get(api::show).put(api::save))
        .route("/api/v1/panels/{slug}/rules/history", get(api::history))
        .route(
            "/api/v1/panels/{slug}/rules/versions/{number}",
            get(api::version),
        )
        .route("/api/v1/panels/{slug}/rules/accept", post(api::accept))
        .route(
            "/api/v1/panels/{slug}/rules/acceptances",
            get(api::acceptances),
        )
}
