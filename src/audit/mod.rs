//! The audit log: every moderation and administrative action across the site, appended in
//! the transaction of the action itself, and read by admins.
use axum::{Router, routing::get};

use crate::state::AppState;

pub mod handlers;
pub mod model;
pub mod service;
pub mod store;

/// The admins' audit log page and its CSV file.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(handlers::page))
        .route("/admin/audit.csv", get(handlers::csv))
}

/// The log as JSON (admins).
pub fn api() -> Router<AppState> {
    Router::new().route("/api/v1/admin/audit", get(handlers::api_list))
}
