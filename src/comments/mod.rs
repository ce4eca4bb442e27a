//! Comments on posts: threads up to three levels, editing, removal and moderation.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod handlers;
pub mod model;
pub mod service;
pub mod store;
pub mod visibility;

/// Commenting on a post, editing, removing and hiding comments.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/posts/{slug}/comments", post(handlers::create))
        .route(
            "/comments/{id}/edit",
            get(handlers::edit_form).post(handlers::update),
        )
        .route("/comments/{id}/delete", post(handlers::delete))
        .route("/comments/{id}/hide", post(handlers::hide))
}
