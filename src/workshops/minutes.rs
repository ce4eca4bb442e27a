//! After a workshop: minutes, attachments as links, outcomes and attendance.
use axum::Router;

use crate::startup::AppState;

/// This part's pages, merged into the feature's `pages()`.
pub fn pages() -> Router<AppState> {
    Router::new()
}
