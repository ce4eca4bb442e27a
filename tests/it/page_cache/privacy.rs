//! The cache never answers a signed-in reader and never carries what a visitor may not read.
use super::*;

#[tokio::test]
async fn a_signed_in_reader_never_gets_the_visitors_cached_page() {
    let site = Site::new().await;
    let (member, signed_in) = site.person(Role::Member).await;
    let visitors = site.cached(&site.post).await;
    assert!(!visitors.body.contains(&member.display_name));

    // Signed in (on the first node), reading on the node that holds the visitors' page.
    let client = signed_in.via(&site.node.address);
    for _ in 0..2 {
        let page = client.get(&site.post).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            cache_of(&page),
            None,
            "a signed-in reader bypasses the cache"
        );
        assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
        assert!(page.body.contains(&member.display_name), "their own page");
        assert!(page.exists("textarea[name=body]"), "with the comment form");
    }
    // And the visitors' page stayed theirs.
    let again = site.visit(&site.post).await;
    assert_eq!(cache_of(&again).as_deref(), Some("hit"));
    assert!(!again.body.contains(&member.display_name));
    assert!(!again.body.contains("csrf_token"));
}

#[tokio::test]
async fn members_only_posts_never_reach_a_visitor_through_the_cache() {
    let site = Site::new().await;
    let secret = write_post(&site.writer_client, "Vain jäsenille tarkoitettu", "members").await;
    site.follow().await;
    let member = site.person(Role::Member).await.1.via(&site.node.address);
    // A member reads the post and the lists that show it, on the node with the cache.
    for path in [secret.as_str(), "/", "/labels/kokeilu"] {
        let page = member.get(path).await;
        assert!(page.body.contains("Vain jäsenille"), "{path}");
    }
    // Visitors never see it, the first time or from the cache.
    for path in ["/", "/labels/kokeilu", "/feed.atom"] {
        for _ in 0..2 {
            let page = site.visit(path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert!(!page.body.contains("Vain jäsenille"), "{path}");
        }
    }
    for _ in 0..2 {
        let page = site.visit(&secret).await;
        assert_ne!(page.status, StatusCode::OK);
        assert_ne!(cache_of(&page).as_deref(), Some("hit"), "never kept");
        assert!(!page.body.contains("Vain jäsenille"));
    }
}

#[tokio::test]
async fn a_visitor_with_a_session_or_credentials_is_not_answered_from_the_cache() {
    let site = Site::new().await;
    site.cached("/").await;
    let with_session =
        TestClient::new(&site.node.address, None).with_cookie("lupa_session", "whatever");
    assert_eq!(cache_of(&with_session.get("/").await), None);
    let with_token = reqwest::Client::new()
        .get(format!("{}/", site.node.address))
        .bearer_auth("lupa_not_a_token")
        .send()
        .await
        .unwrap();
    assert!(with_token.headers().get("x-lupa-cache").is_none());
}

#[tokio::test]
async fn a_mention_linked_for_members_stays_plain_text_in_the_visitors_cached_page() {
    let site = Site::new().await;
    // A writer whose only post is for members: a page for staff, none for visitors.
    let (insider, insider_client) = site.person(Role::Writer).await;
    write_post(&insider_client, "Sisäpiirin kirjoitus", "members").await;
    let h = lupa::notifications::mentions::handle_of(site.app.db(), insider.id)
        .await
        .unwrap();
    let (_, member) = site.person(Role::Member).await;
    site.comment(&member, &format!("Kysy @{h}")).await;
    site.follow().await;
    let link = format!(".comment__body a[href='/people/{}']", insider.id);
    // A member reads first, on the node with the cache; then visitors; then the member again.
    let member = member.via(&site.node.address);
    assert_eq!(
        member.get(&site.post).await.select(&link),
        [format!("@{h}")]
    );
    let visitors = site.cached(&site.post).await;
    assert!(visitors.select(&link).is_empty(), "{}", visitors.body);
    assert!(
        visitors
            .text(".comment__body")
            .contains(&format!("Kysy @{h}"))
    );
    let again = member.get(&site.post).await;
    assert_eq!(cache_of(&again), None);
    assert_eq!(again.select(&link), [format!("@{h}")]);
    assert!(site.visit(&site.post).await.select(&link).is_empty());
}

#[tokio::test]
async fn a_visitors_cached_search_holds_no_members_only_post_and_never_reaches_a_member() {
    let site = Site::new().await;
    write_post(
        &site.writer_client,
        "Sisäinen muistio kokouksesta",
        "members",
    )
    .await;
    site.follow().await;
    let path = "/search?q=muistio";
    let cached = site.cached(path).await;
    assert!(!cached.body.contains("Sisäinen muistio"), "{}", cached.body);
    let (_, member) = site.person(Role::Member).await;
    let page = member.via(&site.node.address).get(path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        cache_of(&page),
        None,
        "a member's search is never the cached page"
    );
    assert!(page.body.contains("Sisäinen muistio"), "{}", page.body);
}
