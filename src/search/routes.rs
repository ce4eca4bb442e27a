//! The search page's and the search API's routes. Not in `mod.rs`, because `AppState` holds
//! this feature's index handle: the routers sit above it, the index below.
use axum::{Router, routing::get};

use super::{api, handlers};
use crate::state::AppState;

/// The search page.
pub fn pages() -> Router<AppState> {
    Router::new().route("/search", get(handlers::search_page))
}

/// The search API.
pub fn api() -> Router<AppState> {
    Router::new().route("/api/v1/search", get(api::search))
}
