//! Notifications on the site: who is told of what, held content, access, the bell, the page,
//! marking read, and the page's fixed number of queries.
use lupa::entities::panel_member;

use super::*;
use crate::fixtures::{PanelWorld, PrivatePanel};

#[tokio::test]
async fn a_comment_tells_the_posts_follower_and_a_reply_tells_the_one_answered() {
    let w = World::new().await;
    let path = w.post("Asiakaspalvelun kehittäminen", "public").await;
    w.comment(&w.mclient, &path, "Hyvä kirjoitus!", None).await;
    assert_eq!(kinds_of(&w.app, w.writer.id).await, ["comment"]);
    assert!(
        kinds_of(&w.app, w.member.id).await.is_empty(),
        "not told of one's own words"
    );

    let first = notifications_of(&w.app, w.writer.id).await.remove(0);
    let comment_id = first.comment_id.unwrap();
    w.comment(&w.wclient, &path, "Kiitos!", Some(comment_id))
        .await;
    // The member follows the post since commenting, but is told once, as answered.
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["reply"]);
    assert_eq!(kinds_of(&w.app, w.writer.id).await, ["comment"]);

    let page = w.mclient.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1").len(), 1);
    let item = page.select(".notification[data-kind=reply] a");
    assert_eq!(item.len(), 1);
    assert!(item[0].contains("vastasi sinulle"), "{}", item[0]);
    assert!(item[0].contains("Asiakaspalvelun kehittäminen"));
    assert_eq!(page.text("#bell"), "🔔 1 uusi ilmoitus");
    assert_eq!(
        page.attr(".notification a[href*=comment]", "href")
            .first()
            .map(|h| h.starts_with(&format!("{path}#comment-"))),
        Some(true)
    );
}

#[tokio::test]
async fn a_followed_person_s_members_only_post_never_reaches_a_customer() {
    let w = World::new().await;
    let first = w.post("Julkinen aloitus", "public").await;
    for client in [&w.mclient, &w.cclient] {
        let status = follow(client, &first, "person", w.writer.id, "follow").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    w.post("Julkinen jatko", "public").await;
    w.post("Vain henkilöstölle", "members").await;
    assert_eq!(
        kinds_of(&w.app, w.member.id).await,
        ["new-post", "new-post"]
    );
    assert_eq!(kinds_of(&w.app, w.customer.id).await, ["new-post"]);
    let page = w.cclient.get("/notifications").await;
    assert!(!page.body.contains("Vain henkilöstölle"));
}

#[tokio::test]
async fn labels_and_organisations_can_be_followed_and_unfollowed() {
    let w = World::new().await;
    let first = w.post("Kokeiluja", "public").await;
    let label = lupa::blog::store::label_by_slug(w.app.db(), "kokeilu")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        follow(&w.mclient, "/labels/kokeilu", "label", label.id, "follow").await,
        StatusCode::SEE_OTHER
    );
    let org = w.post_at(&first).await.organization_id;
    let org_page = "/organizations/vero";
    let shown = w.cclient.get(org_page).await;
    assert!(
        shown.exists("form.follow-button button[value=follow]"),
        "{}",
        shown.body
    );
    assert_eq!(
        follow(&w.cclient, org_page, "organization", org, "follow").await,
        StatusCode::SEE_OTHER
    );
    assert!(
        w.cclient
            .get(org_page)
            .await
            .exists("form.follow-button button[value=unfollow][aria-pressed=true]")
    );
    w.post("Toinen kokeilu", "public").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["new-post"]);
    assert_eq!(kinds_of(&w.app, w.customer.id).await, ["new-post"]);

    assert_eq!(
        follow(
            &w.mclient,
            "/settings/following",
            "label",
            label.id,
            "unfollow"
        )
        .await,
        StatusCode::SEE_OTHER
    );
    w.post("Kolmas kokeilu", "public").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await.len(), 1, "unfollowed");
    assert_eq!(kinds_of(&w.app, w.customer.id).await.len(), 2);
}

#[tokio::test]
async fn a_draft_tells_nobody_until_it_is_published() {
    let w = World::new().await;
    let first = w.post("Alku", "public").await;
    follow(&w.mclient, &first, "person", w.writer.id, "follow").await;
    let r = w
        .wclient
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", "Luonnos"),
                ("body", "Kesken."),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", "public"),
                ("status", "draft"),
                ("action", "save"),
            ],
        )
        .await;
    let path = r.location().unwrap();
    assert!(kinds_of(&w.app, w.member.id).await.is_empty());
    let r = w
        .wclient
        .form_post(
            &format!("{path}/edit"),
            &path,
            &[
                ("title", "Luonnos"),
                ("body", "Valmis."),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", "public"),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["new-post"]);
}

#[tokio::test]
async fn held_replies_tell_nobody_until_approved_and_the_author_hears_the_decision() {
    let w = crate::moderation::World::new().await;
    let sent = w.reply(&w.cclient, "Odottava vastaus.").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // The facilitator wrote the topic and follows it; the member follows the panel.
    assert!(kinds_of(&w.app, w.facilitator.id).await.is_empty(), "held");
    let c = w.comment("Odottava vastaus.").await;
    let r = w
        .fclient
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{}/approve", c.id),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(kinds_of(&w.app, w.facilitator.id).await, ["comment"]);
    // The customer, seated in the panel, heard of the topic, then of the decision.
    let told = notifications_of(&w.app, w.customer.id).await;
    assert_eq!(told.len(), 2);
    assert_eq!(told[0].kind, "new-topic");
    assert_eq!(
        (told[1].kind.as_str(), told[1].detail.as_deref()),
        ("moderation", Some("approved"))
    );

    w.reply(&w.cclient, "Toinen vastaus.").await;
    let c2 = w.comment("Toinen vastaus.").await;
    let r = w
        .fclient
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{}/reject", c2.id),
            &[("reason", "Ei aiheeseen")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Approved once, the customer's next reply was out at once (and told of then).
    assert_eq!(
        kinds_of(&w.app, w.facilitator.id).await,
        ["comment", "comment"],
        "a rejection tells only the author"
    );
    let page = w.cclient.get("/notifications").await;
    assert!(
        page.text(".notification__reason").contains("Ei aiheeseen"),
        "{}",
        page.body
    );
    assert_eq!(page.select(".notification[data-kind=moderation]").len(), 2);
}

async fn panel_world() -> PanelWorld {
    PanelWorld::new(
        &PrivatePanel {
            slug: "ilmoituspaneeli",
            name: "Ilmoituspaneeli",
            organization: "kunta",
            term_end: (2040, 12, 31),
            seat_target: 20,
            seat_cap: 30,
        },
        2,
        None,
    )
    .await
}

async fn start_topic(client: &TestClient, title: &str) -> i32 {
    let topics = "/panels/ilmoituspaneeli/topics";
    let r = client
        .form_post(
            topics,
            topics,
            &[("title", title), ("body", "Mitä mieltä?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_new_topic_tells_the_panel_s_members_unless_they_unfollowed_and_never_an_outsider() {
    let w = panel_world().await;
    let outsider = w.app.create_user(Role::Member).await;
    let oclient = w.app.client_for(&outsider).await;
    // An outsider cannot follow a private panel they may not read.
    assert_eq!(
        follow(&oclient, "/", "panel", w.panel_id, "follow").await,
        StatusCode::NOT_FOUND
    );
    let m0 = w.client(0).await;
    let m1 = w.client(1).await;
    let overview = "/panels/ilmoituspaneeli";
    assert!(
        m1.get(overview)
            .await
            .exists("form.follow-button button[value=unfollow]"),
        "members follow their panel"
    );
    let topic = start_topic(&m0, "Ensimmäinen aihe").await;
    assert_eq!(kinds_of(&w.app, w.facilitator.id).await, ["new-topic"]);
    // A member follows the topic from its page and hears of its replies.
    let topic_path = format!("{overview}/topics/{topic}");
    assert!(
        m1.get(&topic_path)
            .await
            .exists("form.follow-button button[value=follow]")
    );
    assert_eq!(
        follow(&m1, &topic_path, "post", topic, "follow").await,
        StatusCode::SEE_OTHER
    );
    let r = m0
        .form_post(
            &topic_path,
            &format!("{topic_path}/replies"),
            &[("body", "Oma vastaus.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        kinds_of(&w.app, w.members[1].id).await,
        ["new-topic", "comment"]
    );
    assert!(kinds_of(&w.app, outsider.id).await.is_empty());

    assert_eq!(
        follow(&m1, overview, "panel", w.panel_id, "unfollow").await,
        StatusCode::SEE_OTHER
    );
    start_topic(&m0, "Toinen aihe").await;
    assert_eq!(kinds_of(&w.app, w.members[1].id).await.len(), 2);
    assert_eq!(kinds_of(&w.app, w.facilitator.id).await.len(), 2);
}

#[tokio::test]
async fn a_notification_whose_place_the_reader_lost_is_no_longer_shown() {
    let w = panel_world().await;
    let m0 = w.client(0).await;
    let m1 = w.client(1).await;
    start_topic(&m0, "Salainen aihe").await;
    assert_eq!(
        m1.get("/notifications").await.select(".notification").len(),
        1
    );
    panel_member::Entity::delete_many()
        .filter(panel_member::Column::UserId.eq(w.members[1].id))
        .exec(w.app.db())
        .await
        .unwrap();
    let page = m1.get("/notifications").await;
    assert_eq!(page.select(".notification").len(), 0);
    assert!(!page.body.contains("Salainen aihe"));
}

#[tokio::test]
async fn marking_one_and_then_all_read_empties_the_bell() {
    let w = World::new().await;
    let path = w.post("Luettavaa", "public").await;
    for i in 0..3 {
        w.comment(&w.mclient, &path, &format!("Kommentti {i}"), None)
            .await;
    }
    let page = w.wclient.get("/notifications").await;
    assert_eq!(page.select(".notification--unread").len(), 3);
    assert_eq!(page.text("#bell"), "🔔 3 uutta ilmoitusta");
    let id = notifications_of(&w.app, w.writer.id).await[0]
        .id
        .to_string();
    let r = w
        .wclient
        .form_post(
            "/notifications",
            "/notifications/read",
            &[("id", id.as_str())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        w.wclient
            .get("/notifications")
            .await
            .select(".notification--unread")
            .len(),
        2
    );
    // Someone else's id changes nothing.
    w.mclient
        .form_post(
            "/notifications",
            "/notifications/read",
            &[("id", id.as_str())],
        )
        .await;
    let r = w
        .wclient
        .form_post("/notifications", "/notifications/read", &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = w.wclient.get("/notifications").await;
    assert_eq!(page.select(".notification--unread").len(), 0);
    assert_eq!(page.select(".notification").len(), 3);
    assert_eq!(page.text("#bell"), "🔔 Ilmoitukset");
}

#[tokio::test]
async fn the_notifications_page_groups_by_helsinki_day() {
    let w = World::at("2026-12-06T22:30:00Z").await;
    let path = w.post("Yöllinen", "public").await;
    w.comment(&w.mclient, &path, "Myöhään illalla", None).await;
    let page = w.wclient.get("/notifications").await;
    // 22:30 UTC on 6 December is already 7 December in Helsinki.
    assert_eq!(
        page.select(".notification-day h2"),
        ["maanantai 7. joulukuuta 2026"]
    );
}

#[tokio::test]
async fn the_notifications_page_takes_a_fixed_number_of_queries_however_many_it_shows() {
    let w = World::new().await;
    let path = w.post("Laskettavaa", "public").await;
    let queries_for_page = || async {
        let before = w.app.state().queries.get();
        let page = w.wclient.get("/notifications").await;
        assert_eq!(page.status, StatusCode::OK);
        (
            w.app.state().queries.get() - before,
            page.select(".notification").len(),
        )
    };
    w.comment(&w.mclient, &path, "Yksi", None).await;
    // The writer's next page shows and removes the flash of publishing (a session write of
    // its own, once); count from the page after.
    w.wclient.get("/").await;
    let (with_one, shown) = queries_for_page().await;
    assert_eq!(shown, 1);
    let other = w.app.create_user_in("traficom", Role::Member).await;
    let oclient = w.app.client_for(&other).await;
    for i in 0..5 {
        let client = if i % 2 == 0 { &oclient } else { &w.mclient };
        w.comment(client, &path, &format!("Lisää {i}"), None).await;
    }
    let (with_six, shown) = queries_for_page().await;
    assert_eq!(shown, 6);
    assert_eq!(with_one, with_six, "the page runs a query per notification");
}
