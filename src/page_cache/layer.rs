//! The middleware in front of every route: answers a visitor's request for a public page from
//! the cache, keeps what it may keep, answers `If-None-Match` with `304`, and drops the cache
//! when this node has answered a write.
use axum::{
    body::{Body, HttpBody, to_bytes},
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use super::cache::{Key, Page};
use crate::{
    auth::session_store::SESSION_COOKIE,
    search::outbox,
    state::AppState,
    web::{
        headers::PUBLIC_REVALIDATE,
        page::{asked_lang, cookie},
    },
};

/// The routes whose answer to a visitor is the same for every visitor reading in the same
/// language: public listings, posts, feeds and search results (a search's hits for a visitor
/// are public posts and comments only, and its form sends no token). Nothing behind a
/// sign-in, no panel, no form that writes.
const CACHEABLE: &[&str] = &[
    "/",
    "/search",
    "/posts/{slug}",
    "/archive",
    "/archive/{year}",
    "/archive/{year}/{month}",
    "/labels",
    "/labels/{slug}",
    "/people/{id}",
    "/organizations",
    "/organizations/{short}",
    "/feed.atom",
    "/labels/{slug}/feed.atom",
    "/people/{id}/feed.atom",
    "/organizations/{short}/feed.atom",
    "/posts/{slug}/comments.atom",
];

/// A page larger than this is served but not kept.
const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// What every cached answer varies on besides its URL (`Accept-Encoding` is added by the
/// compression layer outside).
const VARY: &str = "Accept-Language, Cookie";

/// Tells operators (and tests) whether an answer came from the cache: `hit` or `miss`.
pub const CACHE_HEADER: &str = "x-lupa-cache";

pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.page_cache;
    if !cache.is_on() {
        return next.run(request).await;
    }
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        let before = outbox::enqueued();
        let response = next.run(request).await;
        // A write answered here that recorded a change (so it has committed): this node's
        // readers see it on their next page at once; other nodes follow the outbox. Writes
        // that change no public page (signing in, a session's settings) keep the pages.
        if outbox::enqueued() != before {
            cache.drop_all();
        }
        return response;
    }
    let Some(key) = key_for(&request) else {
        return next.run(request).await;
    };
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(page) = cache.get(&key) {
        state.metrics.page_cache("hit");
        return answer(&page, if_none_match.as_ref(), "hit");
    }
    state.metrics.page_cache("miss");
    let ticket = cache.ticket();
    let response = next.run(request).await;
    if !keepable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, MAX_PAGE_BYTES as usize).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(error = %e, "page cache: could not read a page's body");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if carries_form_token(&body) {
        return Response::from_parts(parts, Body::from(body));
    }
    let page = page_of(parts.headers, body);
    let response = answer(&page, if_none_match.as_ref(), "miss");
    cache.put(ticket, key, page);
    response
}

/// The key of a request the cache may answer: a `GET` of a cacheable route by a reader with
/// no session and no credentials.
fn key_for(request: &Request) -> Option<Key> {
    if request.method() != Method::GET {
        return None;
    }
    let route = request.extensions().get::<MatchedPath>()?.as_str();
    if !CACHEABLE.contains(&route) {
        return None;
    }
    let headers = request.headers();
    if headers.contains_key(header::AUTHORIZATION) || cookie(headers, SESSION_COOKIE).is_some() {
        return None;
    }
    Some(Key {
        path_and_query: request.uri().path_and_query()?.as_str().to_owned(),
        lang: asked_lang(headers),
    })
}

/// Whether a rendered answer may be kept: a whole `200` page or feed that sets no cookie and
/// that its handler did not mark private.
fn keepable(response: &Response) -> bool {
    let headers = response.headers();
    let public = headers
        .get(header::CACHE_CONTROL)
        .is_none_or(|v| v.as_bytes().starts_with(b"public"));
    let small = response
        .body()
        .size_hint()
        .upper()
        .is_some_and(|n| n <= MAX_PAGE_BYTES);
    response.status() == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && public
        && small
}

/// A page with a form token belongs to one session (a visitor's page has none; this is the
/// second lock).
fn carries_form_token(body: &[u8]) -> bool {
    const FIELD: &[u8] = b"csrf_token";
    body.windows(FIELD.len()).any(|w| w == FIELD)
}

/// The page to keep: the handler's headers, public and revalidated unless the handler chose
/// (feeds keep theirs), with `Vary` and a weak `ETag` of the body (weak: the compression
/// layer changes the bytes on the wire, not the content).
fn page_of(mut headers: HeaderMap, body: axum::body::Bytes) -> Page {
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(PUBLIC_REVALIDATE));
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    let digest = Sha256::digest(&body);
    let etag = HeaderValue::from_str(&format!("W/\"{}\"", hex::encode(&digest[..12])))
        .expect("hex digits make a header value");
    headers.insert(header::ETAG, etag.clone());
    Page::new(headers, body, etag)
}

/// The kept page as an answer: `304` when the reader already has it.
fn answer(page: &Page, if_none_match: Option<&HeaderValue>, how: &'static str) -> Response {
    let mut response = if if_none_match.is_some_and(|v| matches_etag(v, &page.etag)) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
            if let Some(v) = page.headers.get(&name) {
                r.headers_mut().insert(name, v.clone());
            }
        }
        r
    } else {
        let mut r = Response::new(Body::from(page.body.clone()));
        *r.headers_mut() = page.headers.clone();
        r
    };
    response.headers_mut().insert(
        HeaderName::from_static(CACHE_HEADER),
        HeaderValue::from_static(how),
    );
    response
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it).
fn matches_etag(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(given) = if_none_match.to_str() else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
    given
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_and_reads_lists() {
        let ours = HeaderValue::from_static("W/\"abc\"");
        for given in ["W/\"abc\"", "\"abc\"", "\"x\", W/\"abc\"", "*"] {
            assert!(
                matches_etag(&HeaderValue::from_static(given), &ours),
                "{given}"
            );
        }
        for given in ["\"abd\"", "", "W/\"ab\""] {
            assert!(
                !matches_etag(&HeaderValue::from_static(given), &ours),
                "{given}"
            );
        }
    }

    #[test]
    fn a_form_token_anywhere_in_the_body_is_found() {
        assert!(carries_form_token(
            b"<input name=\"csrf_token\" value=\"1\">"
        ));
        assert!(!carries_form_token(b"<p>csrf</p>"));
    }
}
