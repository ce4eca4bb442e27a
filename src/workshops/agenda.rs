//! A workshop's agenda, built from the top results of the panel's tasks.
use axum::Router;

use crate::startup::AppState;

/// This part's pages, merged into the feature's `pages()`.
pub fn pages() -> Router<AppState> {
    Router::new()
}
