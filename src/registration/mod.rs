//! Self-registration of customers (open while the site's comment policy is `Registered`):
//! the form, the email confirmation link and a new link on request, as pages and in the API.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod api;
pub mod demo;
pub mod handlers;
pub mod model;
pub mod service;

/// `/register`, `/register/confirm/{token}`, `/register/resend`
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/register", get(handlers::form).post(handlers::register))
        .route("/register/confirm/{token}", get(handlers::confirm))
        .route("/register/resend", post(handlers::resend))
}

/// `POST /api/v1/registrations`
pub fn api() -> Router<AppState> {
    Router::new().route("/api/v1/registrations", post(api::create))
}
