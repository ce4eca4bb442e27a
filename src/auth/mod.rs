//! Who is asking and what they may do: passwords, sessions, CSRF, sign-in throttling,
//! API tokens and the permission rules.
pub mod bearer;
pub mod client_ip;
pub mod csrf;
pub mod current_user;
pub mod handlers;
pub mod participation;
pub mod password;
pub mod permissions;
pub mod service;
pub mod session_store;
pub mod throttle;
pub mod tokens;
pub mod write_rate;

pub use bearer::{ApiCaller, ApiUser};
pub use current_user::{CurrentUser, MaybeUser, start_signed_in_session};
pub use handlers::ClientIp;
pub use permissions::Role;

use axum::{
    Router,
    routing::{get, post},
};

use crate::state::AppState;

/// Signing in and out.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route(
            "/sign-in",
            get(handlers::sign_in_form).post(handlers::sign_in),
        )
        .route("/sign-out", post(handlers::sign_out))
}
