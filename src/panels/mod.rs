//! Customer panels: workspaces of client companies' people, their membership (applications,
//! invitations, waiting list, log) and their discussion. `access` is the contract the
//! panel features (polls, workshops, search) build on.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod access;
pub mod api;
pub mod demo;
pub mod handlers;
pub mod model;
pub mod nav;
pub mod service;
pub mod store;
pub mod visibility;

/// This feature's pages (behind the CSRF check), merged into `routes.rs`.
pub fn pages() -> Router<AppState> {
    use handlers as h;
    Router::new()
        .route("/panels", get(h::list).post(h::create))
        .route("/panels/new", get(h::new_form))
        .route(
            "/panels/invitations/{token}",
            get(h::invitation_form).post(h::accept_invitation),
        )
        .route("/panels/{slug}", get(h::overview))
        .route("/panels/{slug}/edit", get(h::edit_form).post(h::update))
        .route("/panels/{slug}/apply", get(h::apply_form).post(h::apply))
        .route("/panels/{slug}/take-seat", post(h::take_seat))
        .route("/panels/{slug}/leave", post(h::leave))
        .route("/panels/{slug}/withdraw", post(h::withdraw))
        .route("/panels/{slug}/applications", get(h::applications))
        .route("/panels/{slug}/applications/{id}", post(h::decide))
        .route("/panels/{slug}/invitations", post(h::invite))
        .route("/panels/{slug}/log", get(h::log_page))
        .route("/panels/{slug}/members", get(h::members))
        .route(
            "/panels/{slug}/members/{user_id}/remove",
            post(h::remove_member),
        )
        .route(
            "/panels/{slug}/topics",
            get(h::topics).post(h::create_topic),
        )
        .route("/panels/{slug}/topics/{id}", get(h::topic))
        .route(
            "/panels/{slug}/topics/{id}/edit",
            get(h::edit_topic_form).post(h::edit_topic),
        )
        .route("/panels/{slug}/topics/{id}/pin", post(h::pin))
        .route("/panels/{slug}/topics/{id}/replies", post(h::reply))
        .route(
            "/panels/{slug}/topics/{id}/replies/{comment}/hide",
            post(h::hide_reply),
        )
        .route(
            "/panels/{slug}/topics/{id}/replies/{comment}/edit",
            get(h::edit_reply_form).post(h::edit_reply),
        )
        .route(
            "/panels/{slug}/topics/{id}/replies/{comment}/delete",
            post(h::remove_reply),
        )
}

/// This feature's JSON API v1 routes, merged into `routes.rs`.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/panels", get(api::list))
        .route("/api/v1/panels/{slug}", get(api::show))
        .route("/api/v1/panels/{slug}/members", get(api::members))
        .route(
            "/api/v1/panels/{slug}/applications",
            get(api::applications).post(api::apply),
        )
        .route(
            "/api/v1/panels/{slug}/applications/{id}/decision",
            post(api::decide),
        )
}
