//! The files under `static/` come from the binary under content-hashed names, cached for a
//! year, precompressed, revalidated by `ETag`; an unknown one is a bare 404.
use std::io::Read;

use reqwest::{StatusCode, header};

use crate::fixtures::{free_port, wait_until_serving};
use crate::helpers::{TestApp, attr};

const STYLESHEET: &[u8] = include_bytes!("../../../static/css/lupa.css");

/// A plain HTTP client that shows headers and bodies exactly as sent (no decompression).
async fn fetch(app_url: &str, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(format!("{app_url}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("the request")
}

fn header_of(response: &reqwest::Response, name: header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The stylesheet's address as the page links it.
async fn stylesheet_url(app: &TestApp) -> String {
    let page = app.new_client().get("/sign-in").await;
    let hrefs = attr(&page.body, "link[rel=stylesheet]", "href");
    assert_eq!(hrefs.len(), 1, "{hrefs:?}");
    hrefs[0].clone()
}

#[tokio::test]
async fn pages_link_the_stylesheet_by_its_content_hash_and_it_is_kept_for_a_year() {
    let app = TestApp::spawn().await;
    let url = stylesheet_url(&app).await;
    let hash = url
        .strip_prefix("/static/css/lupa.")
        .and_then(|rest| rest.strip_suffix(".css"))
        .unwrap_or_else(|| panic!("not a hashed name: {url}"));
    assert!(
        hash.len() >= 6 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{url}"
    );

    let css = fetch(&app.address, &url, &[]).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(
        header_of(&css, header::CONTENT_TYPE),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        header_of(&css, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(header_of(&css, header::ETAG).contains(hash));
    assert_eq!(header_of(&css, header::CONTENT_ENCODING), "");
    assert!(header_of(&css, header::VARY).eq_ignore_ascii_case("accept-encoding"));
    // The security headers still apply.
    assert_eq!(header_of(&css, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(css.bytes().await.unwrap().as_ref(), STYLESHEET);
}

#[tokio::test]
async fn the_stylesheet_comes_in_brotli_or_gzip_as_the_browser_accepts() {
    let app = TestApp::spawn().await;
    let url = stylesheet_url(&app).await;

    let br = fetch(
        &app.address,
        &url,
        &[("accept-encoding", "gzip, deflate, br, zstd")],
    )
    .await;
    assert_eq!(header_of(&br, header::CONTENT_ENCODING), "br");
    let compressed = br.bytes().await.unwrap();
    assert!(compressed.len() < STYLESHEET.len() / 2);
    let mut plain = Vec::new();
    brotli::Decompressor::new(compressed.as_ref(), 4096)
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain, STYLESHEET);

    let gz = fetch(&app.address, &url, &[("accept-encoding", "br;q=0, gzip")]).await;
    assert_eq!(header_of(&gz, header::CONTENT_ENCODING), "gzip");
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(gz.bytes().await.unwrap().as_ref())
        .read_to_end(&mut plain)
        .unwrap();
    assert_eq!(plain, STYLESHEET);

    let identity = fetch(&app.address, &url, &[("accept-encoding", "identity")]).await;
    assert_eq!(header_of(&identity, header::CONTENT_ENCODING), "");
    assert_eq!(identity.bytes().await.unwrap().as_ref(), STYLESHEET);
}

#[tokio::test]
async fn a_browser_that_has_the_stylesheet_gets_304_without_a_body() {
    let app = TestApp::spawn().await;
    let url = stylesheet_url(&app).await;
    for encoding in ["br", "gzip", "identity"] {
        let first = fetch(&app.address, &url, &[("accept-encoding", encoding)]).await;
        let etag = header_of(&first, header::ETAG);
        assert!(etag.starts_with('"'), "{etag}");
        let again = fetch(
            &app.address,
            &url,
            &[("accept-encoding", encoding), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{encoding}");
        assert_eq!(header_of(&again, header::ETAG), etag);
        assert!(again.bytes().await.unwrap().is_empty());
    }
    let other = fetch(&app.address, &url, &[("if-none-match", "\"0123456789\"")]).await;
    assert_eq!(other.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_asset_is_a_bare_404_without_a_page() {
    let app = TestApp::spawn().await;
    for path in [
        "/static/css/no-such.css",
        "/static/css/lupa.0000000000.css",
        "/static/css/lupa.css/x",
    ] {
        let response = fetch(&app.address, path, &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), "no-store");
        // No session was started for it.
        assert!(response.headers().get(header::SET_COOKIE).is_none());
        let body = response.text().await.unwrap();
        assert!(!body.contains("<main"), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_old_unhashed_stylesheet_url_still_answers_revalidated_by_etag() {
    let app = TestApp::spawn().await;
    let css = fetch(&app.address, "/static/css/lupa.css", &[]).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(header_of(&css, header::CACHE_CONTROL), "public, no-cache");
    let etag = header_of(&css, header::ETAG);
    assert_eq!(css.bytes().await.unwrap().as_ref(), STYLESHEET);
    let again = fetch(
        &app.address,
        "/static/css/lupa.css",
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn the_binary_serves_its_stylesheet_from_any_working_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lupa"))
        .current_dir(elsewhere.path())
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(elsewhere.path().join("data"))
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("starting lupa serve");
    let address = format!("http://127.0.0.1:{port}");
    wait_until_serving(&address).await;
    let page = fetch(&address, "/", &[]).await.text().await.unwrap();
    let href = attr(&page, "link[rel=stylesheet]", "href");
    let css = fetch(&address, &href[0], &[]).await;
    let status = css.status();
    let body = css.bytes().await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_ref(), STYLESHEET);
}
