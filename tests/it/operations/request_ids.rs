//! Every response carries `X-Request-Id`: the proxy's when it is sane, a fresh one otherwise;
//! with `LUPA_LOG_FORMAT=json` the log is JSON lines, and a request's lines carry its id.
use super::node::Node;
use crate::helpers::TestApp;

async fn request_id(app: &TestApp, incoming: Option<&str>) -> String {
    let mut request = reqwest::Client::new().get(app.url("/healthz"));
    if let Some(id) = incoming {
        request = request.header("X-Request-Id", id);
    }
    let response = request.send().await.unwrap();
    response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn each_request_gets_its_own_id_in_the_response() {
    let app = TestApp::spawn().await;

    let first = request_id(&app, None).await;
    let second = request_id(&app, None).await;

    assert_eq!(first.len(), 32, "{first}");
    assert!(first.bytes().all(|b| b.is_ascii_hexdigit()), "{first}");
    assert_ne!(first, second);
    // Pages and errors too, not only the health check.
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.header("x-request-id").is_some());
}

#[tokio::test]
async fn a_sane_id_from_the_proxy_is_kept_and_a_strange_one_replaced() {
    let app = TestApp::spawn().await;

    assert_eq!(
        request_id(&app, Some("nginx-4f2a.17")).await,
        "nginx-4f2a.17"
    );
    let strange = request_id(&app, Some("<script>alert(1)</script>")).await;
    assert_eq!(strange.len(), 32, "{strange}");
    let long = request_id(&app, Some(&"a".repeat(200))).await;
    assert_eq!(long.len(), 32, "{long}");
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_and_a_requests_lines_carry_its_id() {
    let mut node = Node::start(&[
        ("LUPA_LOG_FORMAT", "json"),
        ("LUPA_LOG", "info,tower_http=debug"),
    ])
    .await;

    let response = reqwest::Client::new()
        .get(node.url("/healthz"))
        .header("X-Request-Id", "tarkistus-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "tarkistus-1");

    let line = node.line_where(|l| l.contains("tarkistus-1")).await;
    let entry: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(entry["span"]["request_id"], "tarkistus-1", "{entry}");
    assert_eq!(entry["span"]["route"], "/healthz", "{entry}");
    assert!(entry["fields"]["message"].is_string(), "{entry}");

    node.terminate();
    let rest = node.remaining_lines().await;
    assert!(!rest.is_empty());
    for line in rest {
        serde_json::from_str::<serde_json::Value>(&line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
}
