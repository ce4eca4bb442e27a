//! Customer panels: workspaces of client companies' people, their membership (applications,
//! invitations, waiting list, log) and their discussion.
use axum::Router;

use crate::startup::AppState;

/// This feature's pages (behind the CSRF check), merged into `routes.rs`.
pub fn pages() -> Router<AppState> {
    Router::new()
}

/// This feature's JSON API v1 routes, merged into `routes.rs`.
pub fn api() -> Router<AppState> {
    Router::new()
}
