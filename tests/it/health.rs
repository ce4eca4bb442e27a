//! `GET /healthz` for load balancers: 200 when the database answers, 503 when it does not.
use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_check_is_ok_when_the_database_answers() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, "ok");
    // Probes every few seconds must not pile up session rows.
    assert!(
        response.set_cookies().is_empty(),
        "{:?}",
        response.set_cookies()
    );
}

#[tokio::test]
async fn health_check_answers_503_when_the_database_is_unreachable() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);

    // Every clone of the connection shares one pool: closing it cuts the app off from its
    // database, as an outage would.
    app.state()
        .db
        .close_by_ref()
        .await
        .expect("closing the pool");

    let response = app.get("/healthz").await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!response.body.contains("sqlite") && !response.body.contains("postgres"));
}
