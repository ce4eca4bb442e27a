//! Member ideas (issue 19): the "ideas" kind of panel task. While ideas are collected the
//! panel's members and facilitators submit ideas (title and Markdown) and comment on them,
//! and facilitators edit, moderate and merge duplicates (credits, comments and votes carried
//! over); then members vote with dots or a ranking. Votes are the task's answer sets over
//! an in-memory question whose options are the ideas (`model::VOTE_QUESTION`), so results,
//! breakdowns, CSV, anonymity and agenda picks are the tasks' own. See docs/tasks.md.
pub mod api;
pub mod demo;
pub mod handlers;
pub mod model;
pub mod service;
pub mod store;

use axum::{
    Router,
    routing::{get, post, put},
};

use crate::state::AppState;

/// The ideas pages (behind the CSRF check), merged into the tasks' router. The board itself
/// is the task's page, `GET /panels/{slug}/tasks/{id}`.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/panels/{slug}/tasks/new-ideas",
            get(handlers::new_form).post(handlers::create),
        )
        .route("/panels/{slug}/tasks/{id}/ideas", post(handlers::submit))
        .route("/panels/{slug}/tasks/{id}/votes", post(handlers::vote))
        .route(
            "/panels/{slug}/tasks/{id}/phase",
            post(handlers::change_phase),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}",
            get(handlers::show),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}/edit",
            get(handlers::edit_form).post(handlers::edit),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}/merge",
            post(handlers::merge),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}/moderate",
            post(handlers::moderate),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}/comments",
            post(handlers::add_comment),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}/comments/{comment}/moderate",
            post(handlers::moderate_comment),
        )
        .route(
            "/panels/{slug}/tasks/{id}/ideas/{idea}/comments/{comment}/remove",
            post(handlers::remove_comment),
        )
}

/// The ideas API routes, merged into the tasks' API router.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/panels/{slug}/idea-tasks", post(api::create_task))
        .route(
            "/api/v1/panels/{slug}/tasks/{id}/ideas",
            get(api::list).post(api::submit),
        )
        .route(
            "/api/v1/panels/{slug}/tasks/{id}/ideas/{idea}",
            get(api::show).patch(api::edit),
        )
        .route(
            "/api/v1/panels/{slug}/tasks/{id}/ideas/{idea}/merge",
            post(api::merge),
        )
        .route(
            "/api/v1/panels/{slug}/tasks/{id}/ideas/{idea}/comments",
            post(api::comment),
        )
        .route("/api/v1/panels/{slug}/tasks/{id}/votes", put(api::vote))
        .route(
            "/api/v1/panels/{slug}/tasks/{id}/phase",
            post(api::change_phase),
        )
}
