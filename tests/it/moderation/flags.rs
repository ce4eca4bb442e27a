//! Flags: one per person per item, a reason required, three different people hide it.
use super::*;

async fn flag(
    client: &TestClient,
    kind: &str,
    id: i32,
    reason: &str,
    details: &str,
) -> TestResponse {
    let page = format!("/flag/{kind}/{id}");
    client
        .form_post(&page, &page, &[("reason", reason), ("details", details)])
        .await
}

#[tokio::test]
async fn three_different_peoples_flags_hide_a_reply_pending_review() {
    let w = World::new().await;
    w.reply(&w.mclient, "Kiistanalainen viesti.").await;
    let c = w.comment("Kiistanalainen viesti.").await;

    let r = flag(&w.cclient, "comment", c.id, "inappropriate", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The same person again: nothing more is counted.
    flag(&w.cclient, "comment", c.id, "spam", "").await;
    let (second, second_client) = w.staff(Role::Member).await;
    seat_company(&w.app, panel_id(&w).await, second.id, "member", None).await;
    flag(&second_client, "comment", c.id, "personal_data", "").await;
    assert_eq!(
        w.comment("Kiistanalainen viesti.").await.moderation_state,
        "visible"
    );
    assert!(
        w.cclient
            .get(&w.topic_path())
            .await
            .body
            .contains("Kiistanalainen")
    );

    // The third person's flag hides it, as the system's audited action.
    flag(&w.fclient, "comment", c.id, "other", "Loukkaava sävy").await;
    assert_eq!(
        w.comment("Kiistanalainen viesti.").await.moderation_state,
        "flagged"
    );
    assert!(
        !w.cclient
            .get(&w.topic_path())
            .await
            .body
            .contains("Kiistanalainen")
    );
    let entries = audit_entries(&w.app).await;
    let hidden = entries
        .iter()
        .find(|e| e.action == "auto_hide_by_flags")
        .expect("an audit entry for hiding by flags");
    assert_eq!(hidden.actor_id, None);
    assert_eq!(hidden.target_id, Some(c.id));
    // Its author still sees it, marked.
    let own = w.mclient.get(&w.topic_path()).await;
    assert!(own.text(".comment__moderation").contains("ilmoitusten"));
}

async fn panel_id(w: &World) -> i32 {
    lupa::panels::store::panel_by_slug(w.app.db(), SLUG)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn a_flag_needs_a_reason_and_other_needs_words_and_the_form_keeps_them() {
    let w = World::new().await;
    w.reply(&w.fclient, "Liputettava viesti.").await;
    let c = w.comment("Liputettava viesti.").await;
    let page = w.mclient.get(&format!("/flag/comment/{}", c.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1").len(), 1);
    assert_eq!(page.attr("input[name=reason]", "type").len(), 4);

    let r = flag(&w.mclient, "comment", c.id, "", "").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.exists("#reason-error"));
    let r = flag(&w.mclient, "comment", c.id, "other", "  ").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.exists("#details-error"));
    assert_eq!(r.attr("#reason-other", "checked").len(), 1);
}

#[tokio::test]
async fn nobody_flags_what_they_cannot_read() {
    let w = World::new().await;
    w.reply(&w.cclient, "Odottava, ei liputettavissa.").await;
    let held = w.comment("Odottava, ei liputettavissa.").await;
    w.reply(&w.fclient, "Paneelin sisäinen.").await;
    let inner = w.comment("Paneelin sisäinen.").await;

    // A held reply cannot be flagged, not even by someone in the panel.
    let r = flag(&w.mclient, "comment", held.id, "spam", "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Someone outside the panel cannot flag its replies.
    let (_, outsider) = w.staff(Role::Writer).await;
    let r = flag(&outsider, "comment", inner.id, "spam", "").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // A visitor is sent to sign in.
    let visitor = w.app.new_client();
    let r = visitor.get(&format!("/flag/comment/{}", inner.id)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_blog_post_is_flagged_by_its_readers() {
    let w = World::new().await;
    let (_, writer) = w.staff(Role::Writer).await;
    let path = crate::helpers::write_post(&writer, "Julkinen kirjoitus", "public").await;
    let slug = path.trim_start_matches("/posts/");
    let p = post::Entity::find()
        .filter(post::Column::Slug.eq(slug))
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let r = flag(&w.cclient, "post", p.id, "spam", "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location().as_deref(), Some(path.as_str()));
    let queue = w.app.client.get("/moderation").await;
    assert!(
        queue.exists(&format!("#item-post-{}", p.id)),
        "{}",
        queue.body
    );

    // Two more readers' flags hide it from the blog until a moderator has looked.
    for role in [Role::Member, Role::Customer] {
        let (_, reader) = w.staff(role).await;
        let r = flag(&reader, "post", p.id, "spam", "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let visitor = w.app.new_client();
    assert_eq!(visitor.get(&path).await.status, StatusCode::NOT_FOUND);
    assert!(!visitor.get("/").await.body.contains("Julkinen kirjoitus"));
    assert!(
        !visitor
            .get("/feed.atom")
            .await
            .body
            .contains("Julkinen kirjoitus")
    );
    assert_eq!(
        writer.get(&path).await.status,
        StatusCode::OK,
        "its author still reads it"
    );
    let r = w
        .app
        .client
        .form_post(
            "/moderation",
            &format!("/moderation/post/{}/dismiss", p.id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.get(&path).await.status, StatusCode::OK);
}
