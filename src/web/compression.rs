//! Compression of what Lupa writes itself: HTML pages, JSON, Atom feeds and CSV exports, in
//! brotli, zstd or gzip as the client accepts (tower-http's layer). The static files come
//! precompressed (`assets.rs`) and are left alone.
//!
//! BREACH: a compressed page that reflects the reader's input next to a secret leaks the
//! secret through its length. The one such secret on Lupa's pages is the CSRF token, and it
//! is masked afresh for every response (`auth::csrf::masked`), so no two responses carry the
//! same bytes for it. API tokens and invitation links are shown once, fresh each time.
use axum::http::{Extensions, HeaderMap, StatusCode, Version, header};
use tower_http::compression::{
    CompressionLayer,
    predicate::{Predicate, SizeAbove},
};

/// Responses smaller than this are not worth a compressor.
const MIN_BYTES: u16 = 256;

/// The content types Lupa writes and compresses.
const COMPRESSED_TYPES: [&str; 5] = [
    "text/html",
    "application/json",
    "application/atom+xml",
    "text/csv",
    "application/problem+json",
];

/// The layer, for `routes.rs`.
pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new().compress_when(SizeAbove::new(MIN_BYTES).and(written_by_lupa))
}

fn written_by_lupa(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let essence = v.split(';').next().unwrap_or("").trim();
            COMPRESSED_TYPES
                .iter()
                .any(|t| essence.eq_ignore_ascii_case(t))
        })
}
