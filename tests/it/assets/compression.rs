//! Pages, feeds and JSON are compressed as the client accepts, decompress to the very same
//! answer, and carry a CSRF token masked afresh for every response (BREACH).
use std::io::Read;

use lupa::auth::Role;
use reqwest::{StatusCode, header};

use crate::helpers::{SESSION_COOKIE, TestApp, csrf_from, write_post};

/// The answer to `path` as sent (no automatic decompression), with the given encodings
/// accepted and, optionally, a session cookie: (Content-Encoding, Vary, body decompressed).
async fn fetch(
    app: &TestApp,
    path: &str,
    accept: &str,
    session: Option<&str>,
) -> (String, String, String) {
    let mut request = reqwest::Client::new()
        .get(app.url(path))
        .header(header::ACCEPT_ENCODING, accept);
    if let Some(session) = session {
        request = request.header(header::COOKIE, format!("{SESSION_COOKIE}={session}"));
    }
    let response = request.send().await.expect("the request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    // Every line of the header (Vary may come in several).
    let value = |name| {
        response
            .headers()
            .get_all(name)
            .iter()
            .filter_map(|v: &header::HeaderValue| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (encoding, vary) = (value(header::CONTENT_ENCODING), value(header::VARY));
    let raw = response.bytes().await.unwrap();
    let mut plain = Vec::new();
    match encoding.as_str() {
        "br" => {
            brotli::Decompressor::new(raw.as_ref(), 4096)
                .read_to_end(&mut plain)
                .unwrap();
        }
        "gzip" => {
            flate2::read::GzDecoder::new(raw.as_ref())
                .read_to_end(&mut plain)
                .unwrap();
        }
        "zstd" => plain = zstd::decode_all(raw.as_ref()).unwrap(),
        _ => plain = raw.to_vec(),
    }
    (encoding, vary, String::from_utf8(plain).unwrap())
}

#[tokio::test]
async fn a_compressed_page_decompresses_to_the_same_page_in_each_encoding() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let (none, _, plain) = fetch(&app, "/archive", "identity", None).await;
    assert_eq!(none, "");
    assert!(plain.contains("<main"));
    for encoding in ["br", "gzip", "zstd"] {
        let (used, vary, page) = fetch(&app, "/archive", encoding, None).await;
        assert_eq!(used, encoding);
        assert!(
            vary.to_ascii_lowercase().contains("accept-encoding"),
            "{vary}"
        );
        assert_eq!(page, plain, "{encoding}");
    }
}

#[tokio::test]
async fn feeds_and_json_are_compressed_too() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    // An empty feed is "updated" now, which may tick between two requests; with a post in
    // it, the feed is the same bytes every time.
    write_post(&app.client_for(&admin).await, "Pakattu syöte", "public").await;
    let (_, _, plain_feed) = fetch(&app, "/feed.atom", "identity", None).await;
    assert!(plain_feed.contains("Pakattu syöte"), "{plain_feed}");
    let (used, _, feed) = fetch(&app, "/feed.atom", "gzip", None).await;
    assert_eq!(used, "gzip");
    assert_eq!(feed, plain_feed);
    // The feed's own Vary (language, cookie) is kept beside Accept-Encoding.
    let (_, vary, _) = fetch(&app, "/feed.atom", "br", None).await;
    let vary = vary.to_ascii_lowercase();
    assert!(
        vary.contains("accept-language") && vary.contains("accept-encoding"),
        "{vary}"
    );

    let (_, _, plain_json) = fetch(&app, "/api/v1/openapi.json", "identity", None).await;
    let (used, _, json) = fetch(&app, "/api/v1/openapi.json", "br", None).await;
    assert_eq!(used, "br");
    assert_eq!(json, plain_json);
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
}

#[tokio::test]
async fn the_csrf_token_is_masked_afresh_for_every_response_and_each_one_works() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.client_for(&writer).await;
    let session = client.session_cookie().expect("a session");

    let (used, _, first) = fetch(&app, "/settings", "br", Some(&session)).await;
    assert_eq!(used, "br");
    let (_, _, second) = fetch(&app, "/settings", "identity", Some(&session)).await;
    let (a, b) = (csrf_from(&first).unwrap(), csrf_from(&second).unwrap());
    assert_ne!(a, b, "the same token bytes in two responses");
    // Apart from the token, the compressed page is the same page.
    assert_eq!(first.replace(&a, "TOKEN"), second.replace(&b, "TOKEN"));

    for (name, token) in [("ensimmäinen", &a), ("toinen", &b)] {
        let made = client
            .post_raw("/settings/tokens", &[("name", name), ("csrf_token", token)])
            .await;
        assert!(
            made.status.is_success() || made.status.is_redirection(),
            "{}",
            made.status
        );
    }
    let forged = client
        .post_raw(
            "/settings/tokens",
            &[("name", "väärä"), ("csrf_token", &a[..64])],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
