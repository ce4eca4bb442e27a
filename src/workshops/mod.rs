//! Workshops: finding a time, registration, calendar invitations, agenda and minutes.
pub mod agenda;
pub mod demo;
pub mod feed;
pub mod holidays;
pub mod ics;
pub mod json;
pub mod minutes;
pub mod model;
pub mod pages;
pub mod registration;
pub mod reminders;
pub mod scheduling;
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
    use registration::handlers as w;
    use scheduling::handlers as s;
    Router::new()
        .route(
            "/panels/{slug}/scheduling",
            get(s::scheduling_index).post(s::create_poll),
        )
        .route("/panels/{slug}/scheduling/{id}", get(s::show_poll))
        .route("/panels/{slug}/scheduling/{id}/answers", post(s::answer))
        .route("/panels/{slug}/scheduling/{id}/slots", post(s::add_slots))
        .route(
            "/panels/{slug}/scheduling/{id}/slots/{slot}",
            post(s::edit_slot),
        )
        .route("/panels/{slug}/scheduling/{id}/confirm", post(s::confirm))
        .route("/panels/{slug}/workshops", get(w::workshops_index))
        .route("/panels/{slug}/workshops/{id}", get(w::show_workshop))
        .route("/panels/{slug}/workshops/{id}/register", post(w::register))
        .route(
            "/panels/{slug}/workshops/{id}/cancel-registration",
            post(w::cancel_registration),
        )
        .route(
            "/panels/{slug}/workshops/{id}/reschedule",
            post(w::reschedule),
        )
        .route(
            "/panels/{slug}/workshops/{id}/cancel",
            post(w::cancel_workshop),
        )
        .route(
            "/panels/{slug}/workshops/{id}/participants.csv",
            get(w::participants_csv),
        )
        .route(
            "/panels/{slug}/workshops/{id}/workshop.ics",
            get(w::ics_download),
        )
        .merge(feed::pages())
        .merge(agenda::pages())
        .merge(minutes::pages())
}

/// This feature's JSON API v1 routes, merged into `routes.rs`.
pub fn api() -> Router<AppState> {
    use axum::routing::put;
    use registration::api as w;
    use scheduling::api as s;
    Router::new()
        .route(
            "/api/v1/panels/{slug}/scheduling",
            get(s::list_polls).post(s::create_poll),
        )
        .route("/api/v1/panels/{slug}/scheduling/{id}", get(s::show_poll))
        .route(
            "/api/v1/panels/{slug}/scheduling/{id}/answers",
            put(s::answer),
        )
        .route(
            "/api/v1/panels/{slug}/scheduling/{id}/confirm",
            post(s::confirm),
        )
        .route("/api/v1/panels/{slug}/workshops", get(w::list_workshops))
        .route(
            "/api/v1/panels/{slug}/workshops/{id}",
            get(w::show_workshop),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/registration",
            post(w::register).delete(w::cancel_registration),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/participants",
            get(w::participants),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/reschedule",
            post(w::reschedule),
        )
        .route(
            "/api/v1/panels/{slug}/workshops/{id}/cancel",
            post(w::cancel_workshop),
        )
}
