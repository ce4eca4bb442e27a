//! How the site is assembled: each feature's routers (`pages()` behind the CSRF check,
//! `api()` with bearer tokens), written in the feature's `mod.rs`, merged here; then the few
//! site-wide routes (language switch, health check, OpenAPI document, static files) and the
//! layers (input cleaning, error pages, sessions, body limit, security headers, tracing).
use axum::http::{HeaderValue, header};
use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request},
    middleware,
    routing::get,
};
use tower_http::{services::ServeDir, set_header::SetResponseHeader, trace::TraceLayer};
use tower_sessions::SessionManagerLayer;

use crate::{
    accessibility, auth, auth::session_store::DbSessionStore, blog, comments, email, feeds,
    metrics, openapi, panels, people, search, setup, state::AppState, tasks, web, workshops,
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
        .route("/language", get(web::language::switch))
        .merge(email::pages())
        .merge(panels::pages())
        .merge(tasks::pages())
        .merge(workshops::pages())
        .fallback(web::errors::not_found)
        .layer(middleware::from_fn(auth::csrf::require_token));

    let api = Router::new()
        .route("/api/v1/openapi.json", get(openapi::serve))
        .merge(search::routes::api())
        .merge(blog::api())
        .merge(email::api())
        .merge(panels::api())
        .merge(tasks::api())
        .merge(workshops::api());

    Router::new()
        .merge(pages)
        .merge(api)
        .route("/healthz", get(web::health::healthz))
        .method_not_allowed_fallback(web::errors::method_not_allowed)
        .nest_service("/static", static_files())
        .layer(middleware::from_fn(web::input::clean_text_input))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::errors::render_errors,
        ))
        .layer(sessions)
        .layer(DefaultBodyLimit::max(auth::csrf::MAX_FORM_BYTES))
        .layer(middleware::from_fn_with_state(
            web::headers::HeaderPolicy::new(&state.settings),
            web::headers::security_headers,
        ))
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

/// The files under `static/`: never a redirect (a folder is 404, so `/static///css` cannot
/// become `//css/`, another host to a browser), and cacheable by anyone, revalidated with
/// `Last-Modified` because the file names carry no version.
fn static_files() -> SetResponseHeader<ServeDir, HeaderValue> {
    SetResponseHeader::overriding(
        ServeDir::new(static_dir()).append_index_html_on_directories(false),
        header::CACHE_CONTROL,
        HeaderValue::from_static(web::headers::PUBLIC_REVALIDATE),
    )
}

/// The `static/` folder beside `Cargo.toml` (or the working directory when installed).
fn static_dir() -> std::path::PathBuf {
    let beside_manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    if beside_manifest.is_dir() {
        beside_manifest
    } else {
        std::path::PathBuf::from("static")
    }
}
