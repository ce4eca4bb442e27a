//! Each member's private calendar feed of a panel's workshops (a secret token in the URL).
use axum::Router;

use crate::startup::AppState;

/// This part's pages, merged into the feature's `pages()`.
pub fn pages() -> Router<AppState> {
    Router::new()
}
