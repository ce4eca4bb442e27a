//! Mistakes in requests get a friendly page (or JSON error under /api/) in the reader's
//! language, with the right status — including the ones axum's extractors refuse.
use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn malformed_path_and_query_get_a_friendly_page_in_the_readers_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let sv = app.client_with_language("sv");
    let bad_path = sv.get("/people/not-a-number").await;
    assert_eq!(bad_path.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_path.select("h1"), ["Felaktig begäran"]);
    assert_eq!(bad_path.lang().as_deref(), Some("sv"));
    let bad_query = app
        .client_with_language("en")
        .get("/archive/2025/abc")
        .await;
    assert_eq!(bad_query.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_query.select("h1"), ["Bad request"]);
}

#[tokio::test]
async fn a_wrong_method_answers_405_as_a_page_or_json() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let client = reqwest::Client::new();
    let page = client.delete(app.url("/archive")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("<h1>Pyyntötapa ei käy</h1>")
    );
    let api = client
        .delete(app.url("/api/v1/posts"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn a_missing_static_file_is_a_404() {
    let app = TestApp::spawn().await;
    let response = app.new_client().get("/static/css/no-such.css").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    // A bare 404, fast: no page is rendered for a missing asset (tests/it/assets).
    assert!(!response.exists("main h1"));
    let css = app.new_client().get("/static/css/lupa.css").await;
    assert_eq!(css.status, StatusCode::OK);
}

#[tokio::test]
async fn the_language_switcher_ignores_an_unknown_or_missing_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let client = app.new_client();
    for path in ["/language?next=/archive", "/language?lang=xx&next=/archive"] {
        let response = client.get(path).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(response.location().as_deref(), Some("/archive"));
        assert!(response.set_cookie("lupa_lang").is_none());
    }
}

#[tokio::test]
async fn a_server_error_says_so_kindly_and_never_shows_its_cause() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    app.db().close_by_ref().await.expect("closing the pool");
    let response = app.client_with_language("en").get("/archive").await;
    assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.select("h1"), ["Something went wrong"]);
    assert!(
        response.body.contains("Something went wrong on our side"),
        "{}",
        response.body
    );
    for leak in ["pool", "sqlx", "Pool", "closed", "DbErr"] {
        assert!(
            !response.body.contains(leak),
            "the error page shows its cause: {}",
            response.body
        );
    }
}
