//! The accessibility statement required of Finnish public-sector sites (Act on the Provision
//! of Digital Services 306/2019): a public page in three languages, with contact details
//! admins keep up to date.
use axum::{Router, routing::get};

use crate::state::AppState;

pub mod handlers;
pub mod service;

/// The accessibility statement and its contact form for admins.
pub fn pages() -> Router<AppState> {
    Router::new().route("/accessibility", get(handlers::page).post(handlers::update))
}
