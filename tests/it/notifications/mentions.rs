//! @mentions: handles, who is told, code is not a mention, and an old handle still resolves.
use lupa::notifications::mentions;

use super::*;

async fn handle(w: &World, user_id: i32) -> String {
    mentions::handle_of(w.app.db(), user_id).await.unwrap()
}

async fn write(w: &World, title: &str, body: &str, visibility: &str) -> String {
    let r = w
        .wclient
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", title),
                ("body", body),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", visibility),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().unwrap()
}

#[tokio::test]
async fn a_mention_tells_the_person_named_if_they_may_read_it_and_code_mentions_nobody() {
    let w = World::new().await;
    let m = handle(&w, w.member.id).await;
    let c = handle(&w, w.customer.id).await;
    assert!(m.starts_with("testi-member"), "made from the name: {m}");
    write(
        &w,
        "Koodia",
        &format!("Esimerkki: `@{m}` ja\n\n    @{c}\n"),
        "public",
    )
    .await;
    assert!(kinds_of(&w.app, w.member.id).await.is_empty());
    assert!(kinds_of(&w.app, w.customer.id).await.is_empty());

    write(&w, "Sisäinen", &format!("Kiitos @{m} ja @{c}!"), "members").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["mention"]);
    assert!(
        kinds_of(&w.app, w.customer.id).await.is_empty(),
        "the customer may not read a members-only post"
    );
    let page = w.mclient.get("/notifications").await;
    assert!(
        page.text(".notification[data-kind=mention] a")
            .contains("mainitsi sinut")
    );
}

#[tokio::test]
async fn a_changed_handle_is_used_and_the_old_one_still_resolves() {
    let w = World::new().await;
    let old = handle(&w, w.member.id).await;
    let r = w
        .mclient
        .form_post(
            "/settings/email",
            "/settings/handle",
            &[("handle", "Ei kelpaa!")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.exists("#handle[aria-invalid=true]"));
    assert_eq!(r.attr("#handle", "value"), ["Ei kelpaa!"], "kept as typed");
    let taken = handle(&w, w.writer.id).await;
    let r = w
        .mclient
        .form_post("/settings/email", "/settings/handle", &[("handle", &taken)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = w
        .mclient
        .form_post(
            "/settings/email",
            "/settings/handle",
            &[("handle", "@Kela_Maija")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(handle(&w, w.member.id).await, "kela_maija");
    write(&w, "Uusi nimi", "Hei @kela_maija!", "public").await;
    write(&w, "Vanha nimi", &format!("Hei @{old}!"), "public").await;
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["mention", "mention"]);
}

// ----- How mentions show -----

/// A second writer of another organisation; their public post makes their page public.
async fn other_writer(w: &World) -> (TestUser, TestClient) {
    let u = w.app.create_user_in("traficom", Role::Writer).await;
    let c = w.app.client_for(&u).await;
    (u, c)
}

/// Write and publish a post as `client`; returns its path.
async fn write_as(client: &TestClient, title: &str, body: &str, visibility: &str) -> String {
    let r = client
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", title),
                ("body", body),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", visibility),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().unwrap()
}

/// The texts of the links to person `id`'s page inside `scope` on a page.
fn person_links(page: &crate::helpers::TestResponse, scope: &str, id: i32) -> Vec<String> {
    page.select(&format!("{scope} a[href='/people/{id}']"))
}

#[tokio::test]
async fn a_mention_links_to_the_person_for_a_reader_who_may_see_their_page_and_is_text_for_others()
{
    let w = World::new().await;
    // The writer's only post is for members: their page exists for staff, not for visitors.
    w.post("Vain jäsenille", "members").await;
    let h = handle(&w, w.writer.id).await;
    let (_, author) = other_writer(&w).await;
    let path = write_as(
        &author,
        "Kiitokset",
        &format!("Kiitos @{h}! Koodissa `@{h}` ei mainitse ketään.\n\n    @{h}\n"),
        "public",
    )
    .await;

    let member = w.mclient.get(&path).await;
    assert_eq!(
        person_links(&member, ".post__body", w.writer.id),
        [format!("@{h}")]
    );
    let code = member.select(".post__body code");
    assert_eq!(code.len(), 2, "{code:?}");
    assert!(code.iter().all(|c| c.trim() == format!("@{h}")), "{code:?}");

    for _ in 0..2 {
        // (The second visit may come from the visitors' page cache.)
        let visitor = w.app.new_client().get(&path).await;
        assert_eq!(visitor.status, StatusCode::OK);
        assert!(
            !visitor.exists(".post__body a[href^='/people/']"),
            "{}",
            visitor.body
        );
        assert!(
            visitor
                .text(".post__body")
                .contains(&format!("Kiitos @{h}!"))
        );
    }
    // The member's page is still theirs after the visitors'.
    let member = w.mclient.get(&path).await;
    assert_eq!(person_links(&member, ".post__body", w.writer.id).len(), 1);
}

#[tokio::test]
async fn a_mention_in_a_comment_keeps_pointing_at_the_person_after_a_handle_change() {
    let w = World::new().await;
    let path = w.post("Julkinen kirjoitus", "public").await;
    let old = handle(&w, w.writer.id).await;
    w.comment(&w.mclient, &path, &format!("Hyvä pointti, @{old}."), None)
        .await;
    let visitor = w.app.new_client();
    assert_eq!(
        person_links(&visitor.get(&path).await, ".comment__body", w.writer.id),
        [format!("@{old}")]
    );
    let r = w
        .wclient
        .form_post(
            "/settings/email",
            "/settings/handle",
            &[("handle", "uusi_nimi")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = visitor.get(&path).await;
    assert_eq!(
        person_links(&page, ".comment__body", w.writer.id),
        ["@uusi_nimi"]
    );
    assert!(!page.text(".comment__body").contains(&old));
}

#[tokio::test]
async fn a_mentioned_person_who_was_removed_is_a_former_participant_in_the_readers_language() {
    let w = World::new().await;
    let gone = handle(&w, w.customer.id).await;
    let r = w
        .cclient
        .form_post(
            "/settings/data",
            "/settings/data/erase",
            &[("erase_password", &w.customer.password)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let m = handle(&w, w.member.id).await;
    let path = write(
        &w,
        "Muistoissa",
        &format!("Hei @{m}, muistatko @{gone}?"),
        "public",
    )
    .await;
    for (lang, former) in [
        ("fi", "entinen osallistuja"),
        ("sv", "tidigare deltagare"),
        ("en", "former participant"),
    ] {
        let page = w.app.client_with_language(lang).get(&path).await;
        let text = page.text(".post__body");
        assert!(
            text.contains(&format!("muistatko {former}?")),
            "{lang}: {text}"
        );
        assert!(!text.contains(&gone), "{lang}: {text}");
    }
    // The email of the person mentioned alongside says the same.
    assert_eq!(kinds_of(&w.app, w.member.id).await, ["mention"]);
    mail_at(&w.app, lupa::db::now() + chrono::Duration::minutes(10)).await;
    let mails = emails_to(&w.app, &w.member.email).await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0]
            .body_text
            .contains("muistatko entinen osallistuja?"),
        "{}",
        mails[0].body_text
    );
    assert!(!mails[0].body_text.contains(&gone));
}

#[tokio::test]
async fn the_api_links_mentions_for_its_caller_and_the_feed_as_for_a_visitor() {
    let w = World::new().await;
    w.post("Vain jäsenille", "members").await;
    let h = handle(&w, w.writer.id).await;
    let (author, aclient) = other_writer(&w).await;
    let a = handle(&w, author.id).await;
    let path = write_as(
        &aclient,
        "Rajapinnan maininnat",
        &format!("Kiitos @{h} ja @{a}!"),
        "public",
    )
    .await;
    let base = w.app.state().settings.base_url();
    let link = |id: i32| format!("a[href='{base}/people/{id}']");
    let api_path = format!("/api/v1/posts/{}", path.trim_start_matches("/posts/"));

    let member = crate::fixtures::Client::for_user(&w.app, &w.member).await;
    let got = member.get(&api_path).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.json);
    let html = got.json["body_html"].as_str().unwrap().to_owned();
    assert_eq!(
        crate::helpers::select(&html, &link(w.writer.id)),
        [format!("@{h}")]
    );
    assert_eq!(
        crate::helpers::select(&html, &link(author.id)),
        [format!("@{a}")]
    );
    let listed = member.get("/api/v1/posts").await;
    assert!(
        listed.json["posts"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains(&format!("/people/{}\">@{h}</a>", w.writer.id))
    );

    let anonymous = crate::fixtures::Client::anonymous(&w.app)
        .get(&api_path)
        .await;
    let html = anonymous.json["body_html"].as_str().unwrap().to_owned();
    assert!(
        crate::helpers::select(&html, &link(w.writer.id)).is_empty(),
        "{html}"
    );
    assert_eq!(
        crate::helpers::select(&html, &link(author.id)),
        [format!("@{a}")]
    );

    let feed = w.app.new_client().get("/feed.atom").await;
    let feed = atom_syndication::Feed::read_from(feed.body.as_bytes()).unwrap();
    let content = feed.entries()[0].content().and_then(|c| c.value()).unwrap();
    assert!(
        crate::helpers::select(content, &link(w.writer.id)).is_empty(),
        "{content}"
    );
    assert!(content.contains(&format!("Kiitos @{h} ja")), "{content}");
    assert_eq!(
        crate::helpers::select(content, &link(author.id)),
        [format!("@{a}")]
    );
}

#[tokio::test]
async fn a_mention_in_a_panel_reply_links_only_for_readers_who_may_see_the_person() {
    use crate::fixtures::{PanelWorld, PrivatePanel};
    let w = PanelWorld::new(
        &PrivatePanel {
            slug: "mainintapaneeli",
            name: "Mainintapaneeli",
            organization: "kunta",
            term_end: (2040, 12, 31),
            seat_target: 20,
            seat_cap: 30,
        },
        2,
        None,
    )
    .await;
    let m0 = w.client(0).await;
    let m1 = w.client(1).await;
    let topics = "/panels/mainintapaneeli/topics";
    let r = m0
        .form_post(
            topics,
            topics,
            &[("title", "Aihe"), ("body", "Mitä mieltä?")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let topic = r.location().unwrap();
    let named = mentions::handle_of(w.app.db(), w.members[1].id)
        .await
        .unwrap();
    let r = m0
        .form_post(
            &topic,
            &format!("{topic}/replies"),
            &[("body", &format!("Entä @{named}?"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = w.members[1].id;
    // A fellow panel member writes no blog: no page, no link, the text as typed.
    let page = m0.get(&topic).await;
    assert!(person_links(&page, ".comment__body", id).is_empty());
    assert!(
        page.text(".comment__body")
            .contains(&format!("Entä @{named}?"))
    );
    // The person themself and the site's admin see the page.
    for reader in [&m1, &w.app.client] {
        let page = reader.get(&topic).await;
        assert_eq!(
            person_links(&page, ".comment__body", id),
            [format!("@{named}")]
        );
    }
}

#[tokio::test]
async fn hostile_text_around_a_mention_cannot_inject_anything() {
    let w = World::new().await;
    let h = handle(&w, w.writer.id).await;
    w.post("Julkinen", "public").await;
    let body = format!(
        "@{h}\"><script>alert(1)</script> <img src=\"x.png\" alt=\"@{h} onerror=alert(2)\"> \
         <a href=\"https://example.fi/\" title=\"@{h}\">linkki</a> <code>@{h}</code>"
    );
    let path = write(&w, "Vihamielinen", &body, "public").await;
    let page = w.app.new_client().get(&path).await;
    assert_eq!(
        person_links(&page, ".post__body", w.writer.id),
        [format!("@{h}")]
    );
    assert!(!page.exists(".post__body script"));
    assert_eq!(
        page.attr(".post__body img", "alt"),
        [format!("@{h} onerror=alert(2)")]
    );
    assert_eq!(
        page.attr(".post__body a[title]", "title"),
        [format!("@{h}")]
    );
    assert_eq!(page.select(".post__body code"), [format!("@{h}")]);
    assert!(!page.body.contains("<script>alert"));
}

#[tokio::test]
async fn the_post_page_takes_a_fixed_number_of_queries_however_many_people_it_mentions() {
    let w = World::new().await;
    let path = w.post("Laskettava", "public").await;
    let queries = || async {
        let before = w.app.state().queries.get();
        let page = w.mclient.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        (
            w.app.state().queries.get() - before,
            page.select(".comment__body a[href^='/people/']").len(),
        )
    };
    let h = handle(&w, w.writer.id).await;
    w.comment(&w.mclient, &path, &format!("Hei @{h}"), None)
        .await;
    let (with_one, linked) = queries().await;
    assert_eq!(linked, 1);
    for i in 0..5 {
        let (u, c) = other_writer(&w).await;
        write_as(&c, &format!("Oma {i}"), "Teksti.", "public").await;
        let h = handle(&w, u.id).await;
        w.comment(&w.mclient, &path, &format!("Ja @{h}"), None)
            .await;
    }
    let (with_six, linked) = queries().await;
    assert_eq!(linked, 6);
    assert_eq!(with_one, with_six, "the page runs a query per mention");
}
