//! Customer panels: workspaces of client companies' people, their membership (applications,
//! invitations, waiting list, log), their rules and their discussion. `access` is the contract the
//! panel features (polls, workshops, search) build on.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod access;
pub mod api;
pub mod demo;
pub mod discussion;
pub mod handlers;
pub mod invitations;
pub mod membership;
pub mod model;
pub mod nav;
pub mod rules;
pub mod service;
pub mod settings;
pub mod store;
pub mod visibility;

/// This feature's pages (behind the CSRF check), merged into `routes.rs`.
pub fn pages() -> Router<AppState> {
    use handlers as h;
    Router::new()
        .merge(rules::pages())
        .route("/panels", get(h::list).post(h::create))
        .route("/panels/new", get(h::new_form))
        .route(
            "/panels/invitations/{token}",
            get(invitations::handlers::invitation_form)
                .post(invitations::handlers::accept_invitation),
        )
        .route("/panels/{slug}", get(h::overview))
        .route("/panels/{slug}/edit", get(h::edit_form).post(h::update))
        .route(
            "/panels/{slug}/apply",
            get(membership::handlers::apply_form).post(membership::handlers::apply),
        )
        .route(
            "/panels/{slug}/take-seat",
            post(membership::handlers::take_seat),
        )
        .route("/panels/{slug}/leave", post(membership::handlers::leave))
        .route("/panels/{slug}/join", post(membership::handlers::join))
        .route(
            "/panels/{slug}/withdraw",
            post(membership::handlers::withdraw),
        )
        .route(
            "/panels/{slug}/applications",
            get(membership::handlers::applications),
        )
        .route(
            "/panels/{slug}/applications/{id}",
            post(membership::handlers::decide),
        )
        .route(
            "/panels/{slug}/invitations",
            post(invitations::handlers::invite),
        )
        .route("/panels/{slug}/log", get(h::log_page))
        .route("/panels/{slug}/members", get(membership::handlers::members))
        .route(
            "/panels/{slug}/members/{user_id}/remove",
            post(membership::handlers::remove_member),
        )
        .route(
            "/panels/{slug}/topics",
            get(discussion::handlers::topics).post(discussion::handlers::create_topic),
        )
        .route(
            "/panels/{slug}/topics/{id}",
            get(discussion::handlers::topic),
        )
        .route(
            "/panels/{slug}/topics/{id}/edit",
            get(discussion::handlers::edit_topic_form).post(discussion::handlers::edit_topic),
        )
        .route(
            "/panels/{slug}/topics/{id}/pin",
            post(discussion::handlers::pin),
        )
        .route(
            "/panels/{slug}/topics/{id}/replies",
            post(discussion::handlers::reply),
        )
        .route(
            "/panels/{slug}/topics/{id}/replies/{comment}/hide",
            post(discussion::handlers::hide_reply),
        )
        .route(
            "/panels/{slug}/topics/{id}/replies/{comment}/edit",
            get(discussion::handlers::edit_reply_form).post(discussion::handlers::edit_reply),
        )
        .route(
            "/panels/{slug}/topics/{id}/replies/{comment}/delete",
            post(discussion::handlers::remove_reply),
        )
}

/// This feature's JSON API v1 routes, merged into `routes.rs`.
pub fn api() -> Router<AppState> {
    Router::new()
        .merge(rules::api())
        .route("/api/v1/panels", get(api::list))
        .route("/api/v1/panels/{slug}", get(api::show))
        .route("/api/v1/panels/{slug}/members", get(api::members))
        .route("/api/v1/panels/{slug}/join", post(api::join))
        .route(
            "/api/v1/panels/{slug}/applications",
            get(api::applications).post(api::apply),
        )
        .route(
            "/api/v1/panels/{slug}/applications/{id}/decision",
            post(api::decide),
        )
}
