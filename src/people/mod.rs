//! People and organisations: accounts, invitations, personal settings, API tokens and the
//! admin pages for them.
use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

pub mod handlers;
pub mod model;
pub mod service;
pub mod store;

/// Accepting an invitation, a person's own settings and tokens, and the admin pages.
pub fn pages() -> Router<AppState> {
    Router::new()
        // Invitations
        .route(
            "/invitations/{token}",
            get(handlers::invitation_form).post(handlers::accept_invitation),
        )
        // A person's own settings
        .route(
            "/settings",
            get(handlers::settings_page).post(handlers::update_profile),
        )
        .route("/settings/password", post(handlers::change_password))
        .route("/settings/tokens", post(handlers::create_token))
        .route("/settings/tokens/{id}/revoke", post(handlers::revoke_token))
        // Administration
        .route(
            "/admin/people",
            get(handlers::admin_people).post(handlers::invite),
        )
        .route("/admin/people/{id}", post(handlers::admin_update_person))
        .route(
            "/admin/organizations",
            get(handlers::admin_organizations).post(handlers::admin_create_organization),
        )
        .route(
            "/admin/organizations/{short}",
            post(handlers::admin_update_organization),
        )
}
