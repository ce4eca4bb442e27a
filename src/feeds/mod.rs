//! Atom feeds of public posts (the whole network, a label, a person, an organisation) and of
//! a public post's comments.
use axum::{Router, routing::get};

use crate::state::AppState;

pub mod atom;
pub mod handlers;

/// The Atom feeds.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/feed.atom", get(handlers::site))
        .route("/labels/{slug}/feed.atom", get(handlers::label))
        .route("/people/{id}/feed.atom", get(handlers::author))
        .route(
            "/organizations/{short}/feed.atom",
            get(handlers::organization),
        )
        .route("/posts/{slug}/comments.atom", get(handlers::post_comments))
}
