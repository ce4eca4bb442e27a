//! The team blog: posts, their revisions and labels, and every listing of them (front page,
//! archives, label, author and organisation pages).
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod api;
pub mod handlers;
pub mod json;
pub mod model;
pub mod page;
pub mod service;
pub mod store;
pub mod visibility;

/// The blog's pages: reading, writing, archives, labels, author and organisation pages.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(handlers::front_page))
        .route("/posts/{slug}", get(handlers::show).post(handlers::update))
        .route("/posts/{slug}/edit", get(handlers::edit_form))
        .route("/posts/{slug}/revisions", get(handlers::revisions))
        .route("/posts/new", get(handlers::new_form))
        .route("/posts", post(handlers::create))
        .route("/drafts", get(handlers::drafts))
        .route("/archive", get(handlers::archive_index))
        .route("/archive/{year}", get(handlers::archive_year))
        .route("/archive/{year}/{month}", get(handlers::archive_month))
        .route("/labels", get(handlers::labels_index))
        .route("/labels/{slug}", get(handlers::label_page))
        .route("/people/{id}", get(handlers::author_page))
        .route("/organizations", get(handlers::organizations_index))
        .route("/organizations/{short}", get(handlers::organization_page))
}

/// The blog's JSON API: posts, and comments on a post.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/posts", get(api::list_posts).post(api::create_post))
        .route(
            "/api/v1/posts/{slug}",
            get(api::get_post).patch(api::update_post),
        )
        .route("/api/v1/posts/{slug}/comments", post(api::create_comment))
}
