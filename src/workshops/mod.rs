//! Workshops: finding a time, registration, calendar invitations, agenda and minutes.
pub mod agenda;
pub mod api;
pub mod demo;
pub mod feed;
pub mod handlers;
pub mod holidays;
pub mod ics;
pub mod minutes;
pub mod model;
pub mod reminders;
pub mod service;
pub mod store;
pub mod time;
pub mod visibility;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

/// This feature's pages (behind the CSRF check), merged into `routes.rs`.
pub fn pages() -> Router<AppState> {
    use handlers as h;
    Router::new()
        .route(
            "/panels/{slug}/scheduling",
            get(h::scheduling_index).post(h::create_poll),
        )
        .route("/panels/{slug}/scheduling/{id}", get(h::show_poll))
        .route("/panels/{slug}/scheduling/{id}/answers", post(h::answer))
        .route("/panels/{slug}/scheduling/{id}/slots", post(h::add_slots))
        .route(
            "/panels/{slug}/scheduling/{id}/slots/{slot}",
            post(h::edit_slot),
        )
        .route("/panels/{slug}/scheduling/{id}/confirm", post(h::confirm))
        .route("/panels/{slug}/workshops", get(h::workshops_index))
        .route("/panels/{slug}/workshops/{id}", get(h::show_workshop))
        .route("/panels/{slug}/workshops/{id}/register", post(h::register))
        .route(
            "/panels/{slug}/workshops/{id}/cancel-registration",
            post(h::cancel_registration),
        )
        .route(
            "/panels/{slug}/workshops/{id}/reschedule",
            post(h::reschedule),
        )
        .route(
            "/panels/{slug}/workshops/{id}/cancel",
            post(h::cancel_workshop),
        )
        .route(
            "/panels/{slug}/workshops/{id}/participants.csv",
            get(h::participants_csv),
        )
        .route(
            "/panels/{slug}/workshops/{id}/workshop.ics",
            get(h::ics_download),
        )
        .merge(feed::pages())
        .merge(agenda::pages())
        .merge(minutes::pages())
}

/// This feature's JSON API v1 routes, merged into `routes.rs`.
pub fn api() -> Router<AppState> {
    use axum::routing::put;
    Router::new()
        .route(
            "/api/v1/panels/{slug}/scheduling",
            get(api::list_polls).post(api::create_poll),
        )
        .route("/api/v1/panels/{slug}/scheduling/{id}", get(api::show_poll))
        .route(
            "/api/v1/panels/{slug}/scheduling/{id}/answers",
            put(api::answer),
        )
        .route(
            "/api/v1/panels/{slug}/scheduling/{id}/confirm",
            post(api::confirm),
        )
        .route("/api/v1/panels/{slug}/workshops", get(api::list_workshops))
        .route(
            "/api/v1/panels/{slug}/workshops/{id}",
            get(api::show_workshop),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/registration",
            post(api::register).delete(api::cancel_registration),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/participants",
            get(api::participants),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/reschedule",
            post(api::reschedule),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/cancel",
            post(api::cancel_workshop),
        )
}
