//! A workshop's agenda, built from the top results of the panel's tasks, and what the agenda
//! and minutes pages share. The routes are here; the pages in `handlers.rs`.
pub mod handlers;
pub mod model;
pub mod service;
pub mod store;

use axum::{
    Router,
    routing::{get, post},
};

use self::handlers::{
    add_item, add_picks, agenda_page, carry_action, edit_form, move_item, remove_item, save_item,
};
use crate::state::AppState;

/// This part's pages, merged into the feature's `pages()`.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/panels/{slug}/workshops/{id}/agenda", get(agenda_page))
        .route(
            "/panels/{slug}/workshops/{id}/agenda/picks",
            post(add_picks),
        )
        .route("/panels/{slug}/workshops/{id}/agenda/items", post(add_item))
        .route(
            "/panels/{slug}/workshops/{id}/agenda/actions",
            post(carry_action),
        )
        .route(
            "/panels/{slug}/workshops/{id}/agenda/items/{item}",
            get(edit_form).post(save_item),
        )
        .route(
            "/panels/{slug}/workshops/{id}/agenda/items/{item}/move",
            post(move_item),
        )
        .route(
            "/panels/{slug}/workshops/{id}/agenda/items/{item}/delete",
            post(remove_item),
        )
}
