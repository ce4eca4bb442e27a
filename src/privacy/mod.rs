//! The privacy notice ("tietosuojaseloste"): a public page in three languages that admins
//! write (a default text stands in until they do), linked from every footer and from the
//! registration form.
use axum::{Router, routing::get};

use crate::state::AppState;

pub mod api;
pub mod handlers;
pub mod service;

/// `/privacy`
pub fn pages() -> Router<AppState> {
    Router::new().route("/privacy", get(handlers::page).post(handlers::update))
}

/// `/api/v1/site/privacy`
pub fn api() -> Router<AppState> {
    Router::new().route("/api/v1/site/privacy", get(api::show).put(api::update))
}
