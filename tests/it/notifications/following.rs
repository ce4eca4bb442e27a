//! Following: the buttons on each followable page, automatic follows, the following page,
//! and nothing followed that the person may not open.
use super::*;

#[tokio::test]
async fn each_followable_page_has_a_follow_button_for_signed_in_readers_only() {
    let w = World::new().await;
    let path = w.post("Napit", "public").await;
    let pages = [
        path.clone(),
        "/labels/kokeilu".to_owned(),
        "/organizations/vero".to_owned(),
        format!("/people/{}", w.writer.id),
    ];
    for page in &pages {
        let shown = w.mclient.get(page).await;
        assert_eq!(shown.status, StatusCode::OK, "{page}");
        assert_eq!(shown.select("form.follow-button").len(), 1, "{page}");
        let visitor = w.app.new_client().get(page).await;
        assert!(!visitor.exists("form.follow-button"), "{page}");
    }
    // The writer follows their own post from the start.
    assert!(
        w.wclient
            .get(&path)
            .await
            .exists("form.follow-button button[value=unfollow]")
    );
}

#[tokio::test]
async fn commenters_follow_the_post_and_the_following_page_lists_and_unfollows() {
    let w = World::new().await;
    let path = w.post("Seurattava", "public").await;
    w.comment(&w.mclient, &path, "Olen mukana.", None).await;
    let post_id = w.post_at(&path).await.id;
    let page = w.mclient.get("/settings/following").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1").len(), 1);
    assert!(
        page.exists(&format!("#follow-post-{post_id}")),
        "{}",
        page.body
    );

    assert_eq!(
        follow(
            &w.mclient,
            "/settings/following",
            "post",
            post_id,
            "unfollow"
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let page = w.mclient.get("/settings/following").await;
    assert!(!page.exists(&format!("#follow-post-{post_id}")));
    // A later comment does not bring it back, nor tell the member.
    w.comment(&w.mclient, &path, "Vielä yksi.", None).await;
    w.comment(&w.wclient, &path, "Kirjoittajan kommentti.", None)
        .await;
    assert!(kinds_of(&w.app, w.member.id).await.is_empty());
}

#[tokio::test]
async fn nobody_follows_what_they_may_not_open() {
    let w = World::new().await;
    let path = w.post("Vain meille", "members").await;
    let id = w.post_at(&path).await.id;
    assert_eq!(
        follow(&w.cclient, "/", "post", id, "follow").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        follow(&w.cclient, "/", "person", 999_999, "follow").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        follow(&w.cclient, "/", "spaceship", 1, "follow").await,
        StatusCode::NOT_FOUND
    );
    // A return address elsewhere is not followed.
    let first = w.post("Julkinen", "public").await;
    let pid = w.post_at(&first).await.id.to_string();
    let r = w
        .cclient
        .form_post(
            &first,
            "/follows",
            &[
                ("kind", "post"),
                ("id", pid.as_str()),
                ("action", "follow"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(r.location().as_deref(), Some("/"));
}
