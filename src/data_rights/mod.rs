//! Each person's data (issue 17): "download my data" (`download`, `archive`), "erase me" and
//! the admin's erasure (`erase`), and the daily retention pass (`retention`), with the
//! admin's policy and periods (`model`, `settings`). See docs/privacy-rights.md.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod api;
pub mod archive;
pub mod demo;
pub mod download;
pub mod entities;
pub mod erase;
pub mod handlers;
pub mod model;
pub mod retention;
pub mod settings;
pub mod store;

/// The pages.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/settings/data", get(handlers::mine))
        .route("/settings/data/download", post(handlers::ask_download))
        .route("/settings/data/erase", post(handlers::erase_me))
        .route(
            "/settings/data-download/{token}",
            get(handlers::fetch_download),
        )
        .route(
            "/admin/data-rights",
            get(handlers::admin_page).post(handlers::admin_save),
        )
        .route(
            "/admin/people/{id}/erase",
            get(handlers::admin_erase_page).post(handlers::admin_erase),
        )
}

/// The JSON API.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me/data-download", get(api::status).post(api::ask))
        .route("/api/v1/me/data-download/{token}", get(api::fetch))
        .route("/api/v1/me/erase", post(api::erase_me))
        .route("/api/v1/me", axum::routing::delete(api::delete_me))
        .route("/api/v1/admin/people/{id}/erase", post(api::erase_person))
        .route(
            "/api/v1/admin/data-rights",
            get(api::get_settings).put(api::put_settings),
        )
}

/// The background workers: downloads to prepare, the daily retention pass.
pub fn spawn_workers(state: &AppState) {
    download::spawn(state.clone());
    retention::spawn(state.clone());
}
