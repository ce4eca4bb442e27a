//! How the site is assembled: each feature's routers (`pages()` behind the CSRF check,
//! `api()` with bearer tokens), written in the feature's `mod.rs`, merged here; then the few
//! site-wide routes (language switch, health check, OpenAPI document) and the layers (input
//! cleaning, error pages, sessions, body limit, security headers, compression, request ids,
//! tracing). The static files sit outside the session and error-page layers: no database for
//! them.
use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request},
    middleware,
    routing::get,
};
use tower_http::trace::TraceLayer;
use tower_sessions::SessionManagerLayer;

use crate::{
    accessibility, audit, auth, auth::session_store::DbSessionStore, blog, comments, data_rights,
    email, feedback, feeds, import, metrics, moderation, notifications, openapi, page_cache,
    panels, people, privacy, registration, search, setup, site_settings, state::AppState, tasks,
    web, workshops,
};

pub fn router(state: AppState, sessions: SessionManagerLayer<DbSessionStore>) -> Router {
    let pages = Router::new()
        .merge(blog::pages())
        .merge(comments::pages())
        .merge(feeds::pages())
        .merge(setup::pages())
        .merge(auth::pages())
        .merge(search::routes::pages())
        .merge(people::pages())
        .merge(accessibility::pages())
        .merge(privacy::pages())
        .merge(registration::pages())
        .merge(site_settings::pages())
        .route("/language", get(web::language::switch))
        .merge(email::pages())
        .merge(panels::pages())
        .merge(tasks::pages())
        .merge(workshops::pages())
        .merge(feedback::pages())
        .merge(crate::actions::pages())
        .merge(crate::year::pages())
        .merge(moderation::pages())
        .merge(audit::pages())
        .merge(notifications::pages())
        .merge(data_rights::pages())
        .fallback(web::errors::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            import::redirects::answer_old_addresses,
        ))
        .layer(middleware::from_fn(auth::csrf::require_token));

    let api = Router::new()
        .route("/api/v1/openapi.json", get(openapi::serve))
        .merge(search::routes::api())
        .merge(blog::api())
        .merge(email::api())
        .merge(panels::api())
        .merge(tasks::api())
        .merge(workshops::api())
        .merge(privacy::api())
        .merge(site_settings::api())
        .merge(registration::api())
        .merge(feedback::api())
        .merge(crate::actions::api())
        .merge(crate::year::api())
        .merge(moderation::api())
        .merge(audit::api())
        .merge(notifications::api())
        .merge(data_rights::api());

    let site = Router::new()
        .merge(pages)
        .merge(api)
        .route("/healthz", get(web::health::healthz))
        .method_not_allowed_fallback(web::errors::method_not_allowed)
        .layer(middleware::from_fn(web::input::clean_text_input))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::errors::render_errors,
        ))
        .layer(middleware::from_fn(
            auth::session_store::remember_what_the_session_read,
        ))
        .layer(sessions)
        .layer(DefaultBodyLimit::max(auth::csrf::MAX_FORM_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_cache::layer::serve,
        ));

    Router::new()
        .route("/static/{*path}", get(web::assets::serve))
        .merge(site)
        .layer(middleware::from_fn_with_state(
            web::headers::HeaderPolicy::new(&state.settings),
            web::headers::security_headers,
        ))
        .layer(web::compression::layer())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(middleware::from_fn(web::request_id::assign))
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::http::count_requests,
        ))
        .with_state(state)
}

/// Each request's span: every log line of the request carries its id and route pattern (not
/// the path, which may hold a token).
fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    tracing::info_span!(
        "request",
        request_id = web::request_id::of(request),
        method = %request.method(),
        route,
    )
}
