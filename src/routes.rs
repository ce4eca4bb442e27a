//! How the site is assembled: the blog's and the site-wide routes listed here, each other
//! feature's router from its `mod.rs` merged in, then the layers (sessions, CSRF, headers).
use axum::http::{HeaderValue, header};
use axum::{
    Router,
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post},
};
use tower_http::{services::ServeDir, set_header::SetResponseHeader, trace::TraceLayer};
use tower_sessions::SessionManagerLayer;

use crate::{
    accessibility, api, auth, auth::session_store::DbSessionStore, blog, comments, email, feeds,
    panels, people, search, setup, state::AppState, tasks, web, workshops,
};

pub fn router(state: AppState, sessions: SessionManagerLayer<DbSessionStore>) -> Router {
    let pages = Router::new()
        // Reading
        .route("/", get(blog::handlers::front_page))
        .route(
            "/posts/{slug}",
            get(blog::handlers::show).post(blog::handlers::update),
        )
        .route("/posts/{slug}/edit", get(blog::handlers::edit_form))
        .route("/posts/{slug}/revisions", get(blog::handlers::revisions))
        .route("/posts/new", get(blog::handlers::new_form))
        .route("/posts", post(blog::handlers::create))
        .route("/drafts", get(blog::handlers::drafts))
        .route("/archive", get(blog::handlers::archive_index))
        .route("/archive/{year}", get(blog::handlers::archive_year))
        .route(
            "/archive/{year}/{month}",
            get(blog::handlers::archive_month),
        )
        .route("/labels", get(blog::handlers::labels_index))
        .route("/labels/{slug}", get(blog::handlers::label_page))
        .route("/people/{id}", get(blog::handlers::author_page))
        .route("/organizations", get(blog::handlers::organizations_index))
        .route(
            "/organizations/{short}",
            get(blog::handlers::organization_page),
        )
        .route("/search", get(search::handlers::search_page))
        // Comments
        .route("/posts/{slug}/comments", post(comments::handlers::create))
        .route(
            "/comments/{id}/edit",
            get(comments::handlers::edit_form).post(comments::handlers::update),
        )
        .route("/comments/{id}/delete", post(comments::handlers::delete))
        .route("/comments/{id}/hide", post(comments::handlers::hide))
        // Feeds
        .route("/feed.atom", get(feeds::handlers::site))
        .route("/labels/{slug}/feed.atom", get(feeds::handlers::label))
        .route("/people/{id}/feed.atom", get(feeds::handlers::author))
        .route(
            "/organizations/{short}/feed.atom",
            get(feeds::handlers::organization),
        )
        .route(
            "/posts/{slug}/comments.atom",
            get(feeds::handlers::post_comments),
        )
        // Setup, sign-in, invitations
        .route("/setup", post(setup::handlers::submit))
        .route(
            "/sign-in",
            get(auth::handlers::sign_in_form).post(auth::handlers::sign_in),
        )
        .route("/sign-out", post(auth::handlers::sign_out))
        .route(
            "/invitations/{token}",
            get(people::handlers::invitation_form).post(people::handlers::accept_invitation),
        )
        // A person's own settings
        .route(
            "/settings",
            get(people::handlers::settings_page).post(people::handlers::update_profile),
        )
        .route(
            "/settings/password",
            post(people::handlers::change_password),
        )
        .route("/settings/tokens", post(people::handlers::create_token))
        .route(
            "/settings/tokens/{id}/revoke",
            post(people::handlers::revoke_token),
        )
        // Administration
        .route(
            "/admin/people",
            get(people::handlers::admin_people).post(people::handlers::invite),
        )
        .route(
            "/admin/people/{id}",
            post(people::handlers::admin_update_person),
        )
        .route(
            "/admin/organizations",
            get(people::handlers::admin_organizations)
                .post(people::handlers::admin_create_organization),
        )
        .route(
            "/admin/organizations/{short}",
            post(people::handlers::admin_update_organization),
        )
        .route(
            "/accessibility",
            get(accessibility::handlers::page).post(accessibility::handlers::update),
        )
        .route("/language", get(web::language::switch))
        .merge(email::pages())
        .merge(panels::pages())
        .merge(tasks::pages())
        .merge(workshops::pages())
        .fallback(web::errors::not_found)
        .layer(middleware::from_fn(auth::csrf::require_token));

    let api = Router::new()
        .route("/api/v1/openapi.json", get(api::handlers::openapi))
        .route("/api/v1/search", get(search::api::search))
        .route(
            "/api/v1/posts",
            get(api::handlers::list_posts).post(api::handlers::create_post),
        )
        .route(
            "/api/v1/posts/{slug}",
            get(api::handlers::get_post).patch(api::handlers::update_post),
        )
        .route(
            "/api/v1/posts/{slug}/comments",
            post(api::handlers::create_comment),
        )
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
        .layer(TraceLayer::new_for_http())
        .with_state(state)
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
