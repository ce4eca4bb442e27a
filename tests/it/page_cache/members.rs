//! A signed-in reader's post page is never a cached page, but what it shows every reader
//! alike (the post, its comments and their bylines) is kept in memory with the cached pages
//! and dropped with them: a second view reads only what is the reader's own, a write on any
//! node reaches the page once that node follows the outbox, and nothing one reader may see
//! reaches another through what is kept.
use super::*;

/// The first node has applied every change committed so far, so its cache stays put until
/// the next write.
async fn settle(site: &Site) {
    site.app
        .state()
        .search
        .catch_up()
        .await
        .expect("the first node catches up");
}

/// A comment written straight into the database, as no request would: no change is recorded,
/// so nothing drops what the node keeps.
async fn unrecorded_comment(site: &Site, author_id: i32, body: &str) {
    use lupa::entities::{comment, post};
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let slug = site.post.trim_start_matches("/posts/");
    let post = post::Entity::find()
        .filter(post::Column::Slug.eq(slug))
        .one(site.app.db())
        .await
        .unwrap()
        .expect("the post");
    comment::ActiveModel {
        post_id: Set(post.id),
        depth: Set(0),
        author_id: Set(author_id),
        body_md: Set(body.to_owned()),
        body_html: Set(format!("<p>{body}</p>")),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(site.app.db())
    .await
    .unwrap();
}

#[tokio::test]
async fn a_members_second_view_of_a_post_comes_from_memory_until_a_recorded_write() {
    let site = Site::new().await;
    let (commenter, client) = site.person(Role::Member).await;
    site.comment(&client, "Ensimmäinen kommentti").await;
    let (_, reader) = site.person(Role::Member).await;
    settle(&site).await;
    let page = reader.get(&site.post).await;
    assert!(page.body.contains("Ensimmäinen kommentti"));
    assert_eq!(cache_of(&page), None, "never the visitors' cached page");
    // A row no write recorded is not seen: the post and its thread were kept.
    unrecorded_comment(&site, commenter.id, "Ohi kirjanpidon").await;
    let page = reader.get(&site.post).await;
    assert!(page.body.contains("Ensimmäinen kommentti"));
    assert!(!page.body.contains("Ohi kirjanpidon"), "read again");
    // A recorded write drops what was kept: the page is read afresh, both comments on it.
    site.comment(&client, "Toinen kommentti").await;
    let page = reader.get(&site.post).await;
    for text in ["Ohi kirjanpidon", "Toinen kommentti"] {
        assert!(page.body.contains(text), "{text}");
    }
}

#[tokio::test]
async fn a_comment_written_or_hidden_on_one_node_reaches_a_members_page_on_the_other() {
    let site = Site::new().await;
    let (_, reader) = site.person(Role::Member).await;
    let on_second = reader.via(&site.node.address);
    let page = on_second.get(&site.post).await;
    assert_eq!(page.status, StatusCode::OK);
    let (_, writer) = site.person(Role::Member).await;
    let id = site.comment(&writer, "Toisen solmun kommentti").await;
    site.follow().await;
    assert!(
        on_second
            .get(&site.post)
            .await
            .body
            .contains("Toisen solmun kommentti")
    );
    site.hide(id).await;
    site.follow().await;
    assert!(
        !on_second
            .get(&site.post)
            .await
            .body
            .contains("Toisen solmun kommentti")
    );
}

#[tokio::test]
async fn a_hidden_comment_a_moderator_has_read_stays_hidden_from_a_member() {
    let site = Site::new().await;
    let (_, writer) = site.person(Role::Member).await;
    let id = site.comment(&writer, "Piilotettava teksti").await;
    let editor = site.hide(id).await;
    settle(&site).await;
    // The moderator reads it first (and again, from what was kept): they see the text.
    for _ in 0..2 {
        assert!(
            editor
                .get(&site.post)
                .await
                .body
                .contains("Piilotettava teksti")
        );
    }
    let (_, member) = site.person(Role::Member).await;
    let page = member.get(&site.post).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Piilotettava teksti"), "{}", page.body);
}

#[tokio::test]
async fn a_members_only_post_a_member_has_read_is_not_found_for_a_panelist_or_a_visitor() {
    let site = Site::new().await;
    site.edit_post("Vain jäsenille", "members").await;
    let (_, member) = site.person(Role::Member).await;
    settle(&site).await;
    for _ in 0..2 {
        assert!(member.get(&site.post).await.body.contains("Vain jäsenille"));
    }
    let (_, panelist) = site.person(Role::Panelist).await;
    assert_eq!(panelist.get(&site.post).await.status, StatusCode::NOT_FOUND);
    let visitor = TestClient::new(&site.app.url(""), None);
    assert_eq!(visitor.get(&site.post).await.status, StatusCode::NOT_FOUND);
}
