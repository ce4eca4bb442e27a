//! Security headers on every response: a strict Content-Security-Policy (no inline script,
//! no framing), nosniff, a referrer policy, HSTS when the site is served over https, and
//! `Cache-Control: no-store` on everything a handler has not marked as public.
use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

use crate::config::Settings;

/// The policy: our own scripts, styles and images, https images in posts, nothing inline.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' https: data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What answers that depend on who asks get: no copy anywhere, not even in the browser's
/// back-forward cache.
pub const NO_STORE: &str = "no-store";
/// Public files any cache may keep, asking the server whether they changed before reuse.
pub const PUBLIC_REVALIDATE: &str = "public, no-cache";
/// Public feeds: the same for every reader of a language, kept five minutes.
pub const PUBLIC_FEED: &str = "public, max-age=300";

/// The parts of the headers that come from the settings, worked out once at startup.
#[derive(Clone, Debug)]
pub struct HeaderPolicy {
    hsts: Option<HeaderValue>,
}

impl HeaderPolicy {
    pub fn new(settings: &Settings) -> Self {
        Self {
            hsts: settings
                .hsts_header()
                .and_then(|v| HeaderValue::from_str(&v).ok()),
        }
    }
}

/// Mark a response as the same for everyone who asks in the same language (the language
/// cookie or `Accept-Language` chooses it), so shared caches may keep it.
pub fn cache_publicly(headers: &mut HeaderMap, cache_control: &'static str) {
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
}

pub async fn security_headers(
    State(policy): State<HeaderPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    // Private unless a handler said otherwise, and always private when it sets a cookie.
    if !h.contains_key(header::CACHE_CONTROL) || h.contains_key(header::SET_COOKIE) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    if let Some(hsts) = &policy.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    let mut set = |name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    response
}
