//! Panel discussion: topics and replies, kept out of the blog and found only by the panel's readers.
use super::*;

#[tokio::test]
async fn panel_topics_never_appear_in_the_blog() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "10").await;
    let created = w
        .fclient
        .form_post(
            &format!("{path}/topics"),
            &format!("{path}/topics"),
            &[
                ("title", "Salainen aihe"),
                ("body", "Paneelin sisäinen asia"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let topic = w.fclient.get(&created.location().unwrap()).await;
    assert_eq!(topic.select("h1"), ["Salainen aihe"]);
    let post = lupa::entities::post::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let reply = w
        .fclient
        .form_post(
            &created.location().unwrap(),
            &format!("{path}/topics/{}/replies", post.id),
            &[("body", "Vastaus aiheeseen")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    // Staff (who see members-only posts) and the admin find it nowhere in the blog.
    let admin = &w.app.client;
    let org = w.app.create_organization("testivirasto").await;
    for client in [admin, &w.fclient] {
        for page in [
            "/".to_owned(),
            "/archive".to_owned(),
            "/labels".to_owned(),
            format!("/organizations/{}", org.short_name),
            format!("/people/{}", w.facilitator.id),
            "/feed.atom".to_owned(),
            format!("/people/{}/feed.atom", w.facilitator.id),
            "/api/v1/posts".to_owned(),
        ] {
            let r = client.get(&page).await;
            assert!(!r.body.contains("Salainen aihe"), "{page}");
        }
        assert_eq!(
            client.get(&format!("/posts/{}", post.slug)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            client
                .get(&format!("/api/v1/posts/{}", post.slug))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    let organizations = admin.get("/organizations").await;
    assert!(!organizations.body.contains("Salainen aihe"));
    // The blog's comment pages do not reach a panel reply either.
    let comment = lupa::entities::comment::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        w.fclient
            .get(&format!("/comments/{}/edit", comment.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn facilitators_pin_topics_to_the_top() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "10").await;
    for title in ["Vanha aihe", "Uusi aihe"] {
        w.fclient
            .form_post(
                &format!("{path}/topics"),
                &format!("{path}/topics"),
                &[("title", title), ("body", "Tekstiä")],
            )
            .await;
    }
    let before = w.fclient.get(&format!("{path}/topics")).await;
    assert_eq!(
        before.select(".panel-topic h2 a"),
        ["Uusi aihe", "Vanha aihe"]
    );
    let old = lupa::entities::post::Entity::find()
        .filter(lupa::entities::post::Column::Title.eq("Vanha aihe"))
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let pinned = w
        .fclient
        .form_post(
            &format!("{path}/topics"),
            &format!("{path}/topics/{}/pin", old.id),
            &[("action", "pin")],
        )
        .await;
    assert_eq!(pinned.status, StatusCode::SEE_OTHER);
    let after = w.fclient.get(&format!("{path}/topics")).await;
    assert_eq!(
        after.select(".panel-topic h2 a"),
        ["Vanha aihe", "Uusi aihe"]
    );
    assert!(after.exists(".panel-topic--pinned"));
}

#[tokio::test]
async fn a_panelist_never_sees_members_only_blog_content() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "open", "10").await;
    let (panelist, email) = stranger_applies(&w.app, &path, "Eka Oy").await;
    let writer = w.app.create_user(Role::Writer).await;
    let writer_client = w.app.client_for(&writer).await;
    for (title, visibility) in [("Julkinen juttu", "public"), ("Sisäinen juttu", "members")] {
        let body = "Tekstiä";
        write_post(
            &writer_client,
            title,
            body,
            "yhteinen",
            visibility,
            "published",
        )
        .await;
    }
    for page in [
        "/".to_owned(),
        "/labels/yhteinen".to_owned(),
        "/feed.atom".to_owned(),
        format!("/people/{}", writer.id),
        "/organizations/testivirasto".to_owned(),
    ] {
        let r = panelist.get(&page).await;
        assert!(r.body.contains("Julkinen juttu"), "{page}");
        assert!(!r.body.contains("Sisäinen juttu"), "{page}");
    }
    assert_eq!(
        panelist.get("/posts/sisainen-juttu").await.status,
        StatusCode::NOT_FOUND
    );
    // Nor through the API with their own token.
    let person = lupa::people::store::user_by_email(w.app.db(), &email)
        .await
        .unwrap()
        .unwrap();
    let token = lupa::people::service::create_api_token(w.app.db(), person.id, "testi")
        .await
        .unwrap();
    let api = reqwest::Client::new()
        .get(w.app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(api.contains("Julkinen juttu"));
    assert!(!api.contains("Sisäinen juttu"));
    // And they cannot comment on the blog.
    let r = panelist
        .form_post(
            "/posts/julkinen-juttu",
            "/posts/julkinen-juttu/comments",
            &[("body", "Hei")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// The hit titles and links a search for `q` shows `client`.
async fn search_hits(client: &TestClient, q: &str) -> Vec<String> {
    let page = client
        .get(&format!(
            "/search?{}",
            serde_urlencoded::to_string([("q", q)]).unwrap()
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.select(".search-hit__title a")
}

#[tokio::test]
async fn panel_topics_are_searchable_by_exactly_the_panels_readers() {
    let w = world().await;
    let path = create_panel(&w, "Paneeli", "private", "15").await;
    let created = w
        .fclient
        .form_post(
            &format!("{path}/topics"),
            &format!("{path}/topics"),
            &[
                ("title", "Rahoitushakemuksen luonnos"),
                (
                    "body",
                    "Kommentoikaa hakemuslomakkeen kysymyksiä ennen työpajaa.",
                ),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let topic_url = created.location().unwrap();
    let post = lupa::entities::post::Entity::find()
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    let reply = w
        .fclient
        .form_post(
            &topic_url,
            &format!("{path}/topics/{}/replies", post.id),
            &[("body", "Lomakkeen toinen kysymys on vaikeaselkoinen.")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // An accepted panel member, staff outside the panel and a reader.
    let (member, email) = stranger_applies(&w.app, &path, "Konepaja Oy").await;
    let accepted = decide(&w, &path, &email, "accept").await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let outsider = w.app.create_user(Role::Editor).await;
    let outsider = w.app.client_for(&outsider).await;
    let reader = w.app.new_client();
    w.app
        .state()
        .search
        .catch_up()
        .await
        .expect("the index catches up");

    // The facilitator, the member and the admin find the topic and the reply, in the panel.
    for client in [&w.fclient, &member, &w.app.client] {
        let hits = search_hits(client, "hakemuslomake").await;
        assert_eq!(hits, ["Rahoitushakemuksen luonnos"]);
        let hits = search_hits(client, "vaikeaselkoinen").await;
        assert_eq!(hits, ["Rahoitushakemuksen luonnos"]);
        let page = client
            .get(&format!(
                "/search?{}",
                serde_urlencoded::to_string([("q", "rahoitushakemuksen")]).unwrap()
            ))
            .await;
        let href = page.attr(".search-hit__title a", "href").remove(0);
        assert!(href.starts_with(&format!("{path}/topics/")), "{href}");
        assert_eq!(client.get(&href).await.status, StatusCode::OK);
        // A typo is corrected from the panel's words for those who may read them.
        let page = client.get("/search?q=hakemuslomakkeem").await;
        assert_eq!(page.text(".search-suggestion a"), "hakemuslomakkeen");
    }
    // Staff outside the panel and readers find nothing, not even a count or a suggestion.
    for client in [&outsider, &reader] {
        for q in ["hakemuslomake", "vaikeaselkoinen", "rahoitushakemuksen"] {
            assert!(search_hits(client, q).await.is_empty(), "{q}");
        }
        let page = client.get("/search?q=hakemuslomakkeem").await;
        assert!(
            page.select(".search-suggestion").is_empty(),
            "a suggestion leaked"
        );
        assert!(!page.body.contains("hakemuslomakkeen"), "a word leaked");
    }
}

/// A private panel with two seated panelists; returns the path and their clients.
async fn panel_with_two_members(w: &World) -> (String, TestClient, TestClient) {
    let path = create_panel(w, "Paneeli", "private", "10").await;
    let (first, first_email) = stranger_applies(&w.app, &path, "Eka Oy").await;
    let (second, second_email) = stranger_applies(&w.app, &path, "Toka Oy").await;
    decide(w, &path, &first_email, "accept").await;
    decide(w, &path, &second_email, "accept").await;
    (path, first, second)
}

/// Start a topic as this client; returns the topic's path.
async fn start_topic(client: &TestClient, path: &str, title: &str) -> String {
    let r = client
        .form_post(
            &format!("{path}/topics"),
            &format!("{path}/topics"),
            &[("title", title), ("body", "Aloitus")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().unwrap()
}

/// Reply in a topic as this client; returns the reply's id.
async fn reply_in(client: &TestClient, topic: &str, body: &str) -> i32 {
    let r = client
        .form_post(topic, &format!("{topic}/replies"), &[("body", body)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location().unwrap();
    location
        .rsplit_once("#comment-")
        .and_then(|(_, id)| id.parse().ok())
        .expect("a link to the reply")
}

#[tokio::test]
async fn members_edit_and_remove_their_own_replies_only() {
    let w = world().await;
    let (path, first, second) = panel_with_two_members(&w).await;
    let topic = start_topic(&first, &path, "Palautetta").await;
    let own = reply_in(&first, &topic, "Ensimmäinen ajatus").await;
    let other = reply_in(&second, &topic, "Toisen mielipide").await;
    let edit = |id: i32| format!("{topic}/replies/{id}/edit");
    let delete = |id: i32| format!("{topic}/replies/{id}/delete");

    // Each sees edit and remove on their own reply only.
    let page = first.get(&topic).await;
    assert_eq!(page.attr("a.comment__edit", "href"), [edit(own)]);
    assert_eq!(page.attr(".comment__remove form", "action"), [delete(own)]);

    // Editing: the form holds the text, a mistake keeps the form with 422, then it saves.
    let form = first.get(&edit(own)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.text("textarea#body"), "Ensimmäinen ajatus");
    let empty = first
        .form_post(&edit(own), &edit(own), &[("body", "  ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.exists("#body-error"));
    let saved = first
        .form_post(&edit(own), &edit(own), &[("body", "Tarkennettu ajatus")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = first.get(&topic).await;
    let shown = page.text(&format!("#comment-{own} .comment__body"));
    assert_eq!(shown, "Tarkennettu ajatus");
    assert!(page.exists(&format!("#comment-{own} .comment__edited")));

    // Someone else's reply is not theirs to change.
    assert_eq!(first.get(&edit(other)).await.status, StatusCode::FORBIDDEN);
    let tamper = first.post_form(&edit(other), &[("body", "Kaapattu")]).await;
    assert_eq!(tamper.status, StatusCode::FORBIDDEN);
    let tamper = first.post_form(&delete(other), &[]).await;
    assert_eq!(tamper.status, StatusCode::FORBIDDEN);
    assert!(first.get(&topic).await.body.contains("Toisen mielipide"));

    // Removing erases the text for good.
    let removed = first.form_post(&topic, &delete(own), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let row = lupa::entities::comment::Entity::find_by_id(own)
        .one(w.app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(row.deleted_at.is_some() && row.body_md.is_empty());
    assert!(!first.get(&topic).await.body.contains("Tarkennettu"));
    assert_eq!(first.get(&edit(own)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_hidden_reply_stays_as_moderated_and_outsiders_change_nothing() {
    let w = world().await;
    let (path, first, second) = panel_with_two_members(&w).await;
    let topic = start_topic(&first, &path, "Palautetta").await;
    let reply = reply_in(&second, &topic, "Asiaton kommentti").await;
    let edit = format!("{topic}/replies/{reply}/edit");

    // A facilitator hides it: its author can no longer edit it, but may still remove it.
    let hidden = w
        .fclient
        .form_post(
            &topic,
            &format!("{topic}/replies/{reply}/hide"),
            &[("action", "hide")],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER);
    let page = second.get(&topic).await;
    assert!(!page.exists("a.comment__edit"));
    assert!(page.exists(".comment__remove form"));
    assert_eq!(second.get(&edit).await.status, StatusCode::FORBIDDEN);

    // Someone outside the panel does not even find it; the blog's own comment pages do not
    // reach a panel reply.
    let outsider = w
        .app
        .client_for(&w.app.create_user(Role::Member).await)
        .await;
    assert_eq!(outsider.get(&edit).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        second.get(&format!("/comments/{reply}/edit")).await.status,
        StatusCode::NOT_FOUND
    );

    // A member who leaves keeps their words as they were.
    let own = reply_in(&first, &topic, "Lähtijän sanat").await;
    first.form_post(&path, &format!("{path}/leave"), &[]).await;
    let late = first
        .post_form(&format!("{topic}/replies/{own}/delete"), &[])
        .await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    assert!(second.get(&topic).await.body.contains("Lähtijän sanat"));
}

#[tokio::test]
async fn a_topics_author_edits_it_and_the_old_text_is_kept_as_a_revision() {
    let w = world().await;
    let (path, first, second) = panel_with_two_members(&w).await;
    let topic = start_topic(&first, &path, "Palautetta").await;
    let edit = format!("{topic}/edit");
    assert_eq!(
        first.get(&topic).await.attr("a.panel-topic__edit", "href"),
        std::slice::from_ref(&edit)
    );
    assert!(!second.get(&topic).await.exists("a.panel-topic__edit"));
    assert_eq!(second.get(&edit).await.status, StatusCode::FORBIDDEN);

    let bad = first
        .form_post(&edit, &edit, &[("title", ""), ("body", "Uusi teksti")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.text("textarea#body"), "Uusi teksti");
    let saved = first
        .form_post(
            &edit,
            &edit,
            &[("title", "Palautetta palvelusta"), ("body", "Uusi teksti")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = second.get(&topic).await;
    assert_eq!(page.select("h1"), ["Palautetta palvelusta"]);
    assert!(page.exists(".post__edited"));
    let revisions = lupa::entities::post_revision::Entity::find()
        .all(w.app.db())
        .await
        .unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].title, "Palautetta");
    assert_eq!(revisions[0].body_md, "Aloitus");
}
