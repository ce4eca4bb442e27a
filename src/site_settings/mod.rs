//! The site's participation and moderation settings (who may comment, the numbers the
//! moderation and feedback features read), for admins, as a page and in the API.
use axum::{Router, routing::get};

use crate::state::AppState;

pub mod api;
pub mod handlers;
pub mod model;
pub mod service;

/// `/admin/settings`
pub fn pages() -> Router<AppState> {
    Router::new().route(
        "/admin/settings",
        get(handlers::page).post(handlers::update),
    )
}

/// `/api/v1/site/settings`
pub fn api() -> Router<AppState> {
    Router::new().route("/api/v1/site/settings", get(api::show).put(api::update))
}
