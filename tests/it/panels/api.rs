//! The panels API: listing panels, applications and decisions.
use super::*;

pub(super) async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut request = reqwest::Client::new().request(method, app.url(path));
    if let Some(t) = token {
        request = request.bearer_auth(t);
    }
    if let Some(b) = body {
        request = request.json(&b);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

pub(super) async fn token_for(app: &TestApp, user_id: i32) -> String {
    lupa::people::service::create_api_token(app.db(), user_id, "testi")
        .await
        .unwrap()
}

#[tokio::test]
async fn the_api_lists_panels_the_caller_may_know_and_hides_the_rest() {
    let w = world().await;
    let path = create_panel(&w, "Salainen paneeli", "private", "10").await;
    let slug = path.trim_start_matches("/panels/");
    let (status, body) = api(&w.app, reqwest::Method::GET, "/api/v1/panels", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["panels"][0]["slug"], slug);
    set_listed(&w.app, false).await;
    let (_, body) = api(&w.app, reqwest::Method::GET, "/api/v1/panels", None, None).await;
    assert_eq!(body["panels"].as_array().unwrap().len(), 0);
    let one = format!("/api/v1/panels/{slug}");
    assert_eq!(
        api(&w.app, reqwest::Method::GET, &one, None, None).await.0,
        StatusCode::NOT_FOUND
    );
    let token = token_for(&w.app, w.facilitator.id).await;
    let (status, body) = api(&w.app, reqwest::Method::GET, &one, Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["role"], "facilitator");
    let members = format!("/api/v1/panels/{slug}/members");
    assert_eq!(
        api(&w.app, reqwest::Method::GET, &members, None, None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_api_takes_applications_and_facilitators_decide_them() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "10").await;
    let slug = path.trim_start_matches("/panels/");
    let applicant = w.app.create_user(Role::Member).await;
    let token = token_for(&w.app, applicant.id).await;
    let apply = format!("/api/v1/panels/{slug}/applications");
    let mut body = serde_json::json!({
        "company_name": "Rajapinta Oy",
        "business_id": "0112038-8",
        "industry": "ict",
        "region": "uusimaa",
        "stage": "starting",
        "role_in_company": "Perustaja",
        "message": "Haluamme mukaan.",
        "consent": true
    });
    let (status, error) = api(
        &w.app,
        reqwest::Method::POST,
        &apply,
        Some(&token),
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error.to_string().contains("business_id"), "{error}");
    body["business_id"] = "0112038-9".into();
    let (status, outcome) = api(
        &w.app,
        reqwest::Method::POST,
        &apply,
        Some(&token),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(outcome["status"], "pending");

    // Only facilitators see the queue; to an applicant the private panel is still closed.
    assert_eq!(
        api(&w.app, reqwest::Method::GET, &apply, Some(&token), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let ftoken = token_for(&w.app, w.facilitator.id).await;
    let (_, queue) = api(&w.app, reqwest::Method::GET, &apply, Some(&ftoken), None).await;
    let id = queue["applications"][0]["id"].as_i64().unwrap();
    let decide = format!("/api/v1/panels/{slug}/applications/{id}/decision");
    let (status, decided) = api(
        &w.app,
        reqwest::Method::POST,
        &decide,
        Some(&ftoken),
        Some(serde_json::json!({ "decision": "accept" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decided["status"], "accepted");
    let members = format!("/api/v1/panels/{slug}/members");
    let (_, list) = api(&w.app, reqwest::Method::GET, &members, Some(&token), None).await;
    assert_eq!(list["members"][0]["company"], "Rajapinta Oy");
    assert_eq!(list["members"][0]["stage"], "starting");
    // Now a member, but still not a facilitator.
    assert_eq!(
        api(&w.app, reqwest::Method::GET, &apply, Some(&token), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}
