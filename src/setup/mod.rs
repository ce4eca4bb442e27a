//! The one-time setup form shown on an empty database: network name, default language and the
//! first administrator with their organisation.
use axum::{Router, routing::post};

use crate::state::AppState;

pub mod handlers;
pub mod page;
pub mod service;

/// The setup form's submission (the form itself is the front page of an empty database).
pub fn pages() -> Router<AppState> {
    Router::new().route("/setup", post(handlers::submit))
}
