//! `/metrics`: off by default (nothing listens, and the site's port has no such page); when
//! `LUPA_METRICS__BIND` is set, Prometheus text on that port only, whose counters move.
use std::collections::HashMap;

use super::node::Node;
use crate::helpers::TestApp;

/// The samples of a Prometheus text page: `name{labels}` to value. Panics on a malformed line.
fn parse(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (series, value) = l.rsplit_once(' ').unwrap_or_else(|| panic!("{l}"));
            let value: f64 = value.parse().unwrap_or_else(|_| panic!("{l}"));
            (series.to_owned(), value)
        })
        .collect()
}

async fn scrape(node: &Node) -> HashMap<String, f64> {
    let port = node.metrics_port.expect("metrics are on");
    let response = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    parse(&response.text().await.unwrap())
}

const HEALTHZ_OK: &str = r#"lupa_http_requests_total{method="GET",route="/healthz",status="200"}"#;

#[tokio::test]
async fn metrics_on_their_own_port_count_requests_by_route_and_status() {
    let node = Node::start(&[("LUPA_METRICS__BIND", "127.0.0.1:0")]).await;
    let client = reqwest::Client::new();
    client.get(node.url("/healthz")).send().await.unwrap();

    let before = scrape(&node).await;
    for _ in 0..3 {
        client.get(node.url("/healthz")).send().await.unwrap();
    }
    let missing = client.get(node.url("/ei-ole/123")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let after = scrape(&node).await;

    assert_eq!(after[HEALTHZ_OK] - before[HEALTHZ_OK], 3.0);
    // A 404 for any path is one series, not one per path.
    let unmatched = r#"lupa_http_requests_total{method="GET",route="unmatched",status="404"}"#;
    assert_eq!(after[unmatched], 1.0, "{after:#?}");
    assert!(!after.keys().any(|k| k.contains("ei-ole")));
    let le =
        r#"lupa_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}"#;
    assert!(after[le] >= 4.0, "{after:#?}");
    for gauge in [
        r#"lupa_db_pool_connections{state="idle"}"#,
        "lupa_db_pool_max_connections",
        "lupa_search_outbox_position",
        "lupa_email_outbox_pending",
        "lupa_email_outbox_failed",
        "lupa_database_up",
    ] {
        assert!(after.contains_key(gauge), "{gauge} missing from {after:#?}");
    }
    assert!(
        after
            .keys()
            .any(|k| k.starts_with("lupa_search_index_position_this_node{node=")),
        "{after:#?}"
    );
    // The site's own port has no metrics page.
    let on_site = client.get(node.url("/metrics")).send().await.unwrap();
    assert_eq!(on_site.status(), 404);
}

#[tokio::test]
async fn metrics_are_off_by_default() {
    let app = TestApp::spawn().await;
    assert_eq!(app.state().settings.metrics_bind, None);

    let response = app.get("/metrics").await;

    assert_eq!(response.status, 404);
    assert!(!response.body.contains("lupa_http_requests_total"));
}

#[tokio::test]
async fn nothing_listens_for_metrics_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let settings = lupa::config::Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.path().to_owned(),
        run_workers: false,
        ..Default::default()
    };
    let app = lupa::startup::Application::build(settings).await.unwrap();
    assert_eq!(app.metrics_port(), None);
}
