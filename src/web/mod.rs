//! What every page shares: the page context (language, person, CSRF token, flash), error
//! pages, security headers, the language switcher, health check and the static files embedded in the binary.
pub mod assets;
pub mod compression;
pub mod errors;
pub mod forms;
pub mod headers;
pub mod health;
pub mod input;
pub mod json;
pub mod language;
pub mod page;
pub mod pagination;
pub mod request_id;
pub mod return_address;

pub use forms::FormErrors;
pub use json::ApiJson;
pub use page::{Flash, PageCtx};
pub use pagination::Pagination;

/// Render an askama template into an HTML response.
pub fn render(
    template: &impl askama::Template,
) -> crate::error::AppResult<axum::response::Html<String>> {
    Ok(axum::response::Html(template.render()?))
}

/// A redirect after a successful form (303 See Other, so the browser GETs the target).
pub fn see_other(to: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(to)
}
