//! What the cache answers: the same page again with its `ETag`, `304` for a reader who has
//! it, one page per language, counted in the metrics.
use super::*;

#[tokio::test]
async fn a_visitors_second_visit_is_answered_from_the_cache_and_a_repeat_with_its_etag_gets_304() {
    let site = Site::new().await;
    for path in [site.post.as_str(), "/", "/feed.atom"] {
        let first = site.visit(path).await;
        assert_eq!(cache_of(&first).as_deref(), Some("miss"), "{path}");
        let second = site.cached(path).await;
        assert_eq!(second.body, first.body, "{path}");
        let etag = second.header("etag").expect("an ETag");
        assert_eq!(first.header("etag").as_deref(), Some(etag.as_str()));
        assert!(
            second
                .header("vary")
                .is_some_and(|v| v.contains("Accept-Language, Cookie")),
            "{path}"
        );
        assert!(
            second
                .header("cache-control")
                .is_some_and(|c| c.starts_with("public")),
            "{path}"
        );

        let again = reqwest::Client::new()
            .get(format!("{}{path}", site.node.address))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()["etag"], etag.as_str());
        assert!(again.text().await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn each_language_a_visitor_asks_for_has_its_own_cached_page() {
    let site = Site::new().await;
    let client = |lang: &str| TestClient::new(&site.node.address, Some(lang));
    for (lang, expected) in [("sv", "sv"), ("en-GB,en", "en"), ("fi", "fi")] {
        for _ in 0..2 {
            let page = client(lang).get(&site.post).await;
            assert_eq!(page.lang().as_deref(), Some(expected), "{lang}");
        }
    }
    // The language cookie wins over the header, in the cache as on a rendered page.
    let chosen = TestClient::new(&site.node.address, Some("fi")).with_cookie("lupa_lang", "sv");
    for _ in 0..2 {
        assert_eq!(chosen.get(&site.post).await.lang().as_deref(), Some("sv"));
    }
    // No preference at all: the site's default (Finnish).
    assert_eq!(site.cached(&site.post).await.lang().as_deref(), Some("fi"));
}

#[tokio::test]
async fn hits_and_misses_are_counted_for_prometheus() {
    let site = Site::new().await;
    site.cached("/").await;
    site.cached("/").await;
    let metrics = site.node.state.metrics.render();
    let line = |result: &str| {
        metrics
            .lines()
            .find(|l| {
                l.starts_with(&format!(
                    "lupa_page_cache_requests_total{{result=\"{result}\"}}"
                ))
            })
            .map(|l| l.rsplit(' ').next().unwrap_or_default().to_owned())
    };
    assert_eq!(line("hit").as_deref(), Some("3"), "{metrics}");
    assert_eq!(line("miss").as_deref(), Some("1"), "{metrics}");
}

#[tokio::test]
async fn a_node_without_its_indexer_keeps_no_pages() {
    // `TestApp::spawn` runs no workers: nothing would drop its pages, so it keeps none.
    let app = TestApp::spawn().await;
    app.setup_site().await;
    for _ in 0..2 {
        assert_eq!(cache_of(&app.new_client().get("/").await), None);
    }
}
