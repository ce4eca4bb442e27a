//! `GET /api/v1/search`: the page's parameters in JSON, the same scopes (a token's person, or
//! a reader), snippets as plain text with the matches starred.
use lupa::{auth::Role, people::service as people};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{fixtures::write_post, helpers::TestApp};

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the API answers");
    let status = response.status();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn search_answers_in_json_within_the_callers_scopes() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let client = app.client_for(&writer).await;
    for (title, visibility) in [("Avoin katsaus", "public"), ("Sisäinen katsaus", "members")] {
        let body = "Verotus <b>selkeytyi</b> 2*3 kertaa.";
        write_post(&client, title, body, "verotus", visibility, "published").await;
    }
    app.state().search.catch_up().await.unwrap();

    let (status, json) = get(&app, "/api/v1/search?q=selkeytyi", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["total"], 1);
    let hit = &json["hits"][0];
    assert_eq!(hit["kind"], "post");
    assert_eq!(hit["title"], "Avoin katsaus");
    assert!(
        hit["url"]
            .as_str()
            .unwrap()
            .ends_with("/posts/avoin-katsaus")
    );
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.contains("**selkeytyi**"), "{snippet}");
    assert!(snippet.contains("2\\*3"), "{snippet}");
    assert!(!snippet.contains("<b>"), "{snippet}");
    for key in ["author", "organisation", "published_at"] {
        assert!(hit[key].is_string(), "{key} in {hit}");
    }
    assert!(json["suggestion"].is_null());

    let member = app.create_user(Role::Member).await;
    let token = people::create_api_token(app.db(), member.id, "test")
        .await
        .unwrap();
    let (_, json) = get(&app, "/api/v1/search?q=selkeytyi&sort=newest", Some(&token)).await;
    assert_eq!(json["total"], 2);
    let (_, json) = get(
        &app,
        "/api/v1/search?q=selkeytyi&label=verotus&kind=comment",
        Some(&token),
    )
    .await;
    assert_eq!(json["total"], 0);

    let (_, json) = get(&app, "/api/v1/search?q=selkeytyj", None).await;
    assert_eq!(json["suggestion"], "selkeytyi");

    let (status, json) = get(&app, "/api/v1/search?q=katsaus&from=eilen", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json["error"]["code"], "validation");
    assert!(json["error"]["fields"]["from"].is_string(), "{json:#}");

    let (status, _) = get(&app, "/api/v1/search?q=katsaus", Some("not-a-token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_describes_search() {
    let app = TestApp::spawn().await;
    let (_, doc) = get(&app, "/api/v1/openapi.json", None).await;
    assert!(doc["paths"]["/api/v1/search"]["get"].is_object());
    assert!(doc["components"]["schemas"]["SearchHit"]["properties"]["snippet"].is_object());
}
