//! Comments end to end: threads three levels deep, counts in every language, editing,
//! removal, moderation, who may comment where, hostile text and form mistakes.
use lupa::{auth::Role, entities::comment};
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::helpers::{TestApp, TestClient, TestResponse, write_post};

/// A site with a public post by a writer; returns the app and the post's path.
async fn site_with_post() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let path = write_post(&app.client_for(&writer).await, "Kommentoitava", "public").await;
    (app, path)
}

async fn signed_in(app: &TestApp, role: Role) -> TestClient {
    app.client_for(&app.create_user(role).await).await
}

/// Send the comment form of the post page; returns the response.
async fn send_comment(
    client: &TestClient,
    path: &str,
    body: &str,
    parent: Option<i32>,
) -> TestResponse {
    let parent = parent.map(|id| id.to_string()).unwrap_or_default();
    client
        .form_post(
            path,
            &format!("{path}/comments"),
            &[("body", body), ("parent_id", &parent)],
        )
        .await
}

/// Comment (or reply) successfully; returns the new comment's id.
async fn comment(client: &TestClient, path: &str, body: &str, parent: Option<i32>) -> i32 {
    let response = send_comment(client, path, body, parent).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("a redirect to the comment");
    assert!(
        location.starts_with(&format!("{path}#comment-")),
        "{location}"
    );
    location
        .rsplit_once("#comment-")
        .and_then(|(_, id)| id.parse().ok())
        .expect("the comment's id in the redirect")
}

/// The text of comment `id`'s body on a page, if shown.
fn comment_text(page: &TestResponse, id: i32) -> Option<String> {
    page.select(&format!("#comment-{id} > .comment__body"))
        .into_iter()
        .next()
}

#[tokio::test]
async fn a_reply_to_a_reply_to_a_reply_stays_at_most_three_levels_deep() {
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let first = comment(&member, &path, "Ensimmäinen taso", None).await;
    let second = comment(&member, &path, "Toinen taso", Some(first)).await;
    let third = comment(&member, &path, "Kolmas taso", Some(second)).await;
    let fourth = comment(&member, &path, "Vastaus kolmanteen", Some(third)).await;

    let page = app.new_client().get(&path).await;
    let item = "li.comment-thread__item";
    assert!(page.exists(&format!("{item} > #comment-{first}")));
    assert!(page.exists(&format!("{item} {item} > #comment-{second}")));
    assert!(page.exists(&format!("{item} {item} {item} > #comment-{third}")));
    // The reply to the third level shows beside it, still on the third level.
    assert!(page.exists(&format!("{item} {item} {item} > #comment-{fourth}")));
    assert!(!page.exists(&format!("{item} {item} {item} {item}")));
    assert_eq!(
        comment_text(&page, fourth).as_deref(),
        Some("Vastaus kolmanteen")
    );
    assert_eq!(
        page.attr(&format!("#comment-{fourth}"), "data-depth"),
        ["2"]
    );
    let stored = comment::Entity::find_by_id(fourth)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.parent_id, stored.depth), (Some(second), 2));
}

#[tokio::test]
async fn a_reply_link_opens_a_reply_form_under_its_comment() {
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let first = comment(&member, &path, "Kysymys", None).await;

    let page = member.get(&path).await;
    let href = page.attr(&format!("#comment-{first} .comment__reply"), "href");
    assert_eq!(href, [format!("{path}?reply_to={first}#reply-form")]);
    let with_form = member.get(&format!("{path}?reply_to={first}")).await;
    assert_eq!(
        with_form.attr(
            &format!("#comment-{first} #reply-form input[name=parent_id]"),
            "value"
        ),
        [first.to_string()]
    );
    assert!(with_form.exists("#reply-form label[for=reply-body]"));
    // Readers get no reply links, only the way to sign in.
    let reader = app.new_client().get(&path).await;
    assert!(!reader.exists(".comment__reply"));
    assert!(!reader.exists("form.comment-form"));
    assert_eq!(reader.select(".comments__sign-in a").len(), 1);
}

#[tokio::test]
async fn comment_counts_read_naturally_in_every_language_on_the_post_and_front_page() {
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let expected = [
        (0, ["Ei kommentteja", "Inga kommentarer", "No comments"]),
        (1, ["1 kommentti", "1 kommentar", "1 comment"]),
        (5, ["5 kommenttia", "5 kommentarer", "5 comments"]),
    ];
    let mut written = 0;
    for (count, texts) in expected {
        while written < count {
            comment(&member, &path, &format!("Kommentti {written}"), None).await;
            written += 1;
        }
        for (lang, text) in ["fi", "sv", "en"].into_iter().zip(texts) {
            let reader = app.client_with_language(lang);
            assert_eq!(
                reader.get(&path).await.text("#comments-title"),
                text,
                "{lang}"
            );
            assert_eq!(
                reader.get("/").await.text(".post-summary__comments"),
                text,
                "{lang} front page"
            );
        }
    }
}

#[tokio::test]
async fn editing_a_comment_marks_it_edited_and_only_its_author_may() {
    let (app, path) = site_with_post().await;
    let author = signed_in(&app, Role::Member).await;
    let id = comment(&author, &path, "Alkuperäinen", None).await;
    assert!(
        !author
            .get(&path)
            .await
            .exists(&format!("#comment-{id} .comment__edited"))
    );

    let form = author.get(&format!("/comments/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.text("textarea#body"), "Alkuperäinen");
    let saved = author
        .form_post(
            &format!("/comments/{id}/edit"),
            &format!("/comments/{id}/edit"),
            &[("body", "Korjattu *versio*")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), Some(format!("{path}#comment-{id}")));

    let page = app.new_client().get(&path).await;
    assert_eq!(comment_text(&page, id).as_deref(), Some("Korjattu versio"));
    assert!(page.exists(&format!("#comment-{id} .comment__body em")));
    assert!(
        page.text(&format!("#comment-{id} .comment__edited"))
            .starts_with("muokattu ")
    );
    let stored = comment::Entity::find_by_id(id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.edited_at.is_some());

    let someone_else = signed_in(&app, Role::Admin).await;
    assert_eq!(
        someone_else
            .get(&format!("/comments/{id}/edit"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let refused = someone_else
        .form_post(
            &path,
            &format!("/comments/{id}/edit"),
            &[("body", "Kaapattu")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // An empty edit keeps the form with the mistake explained.
    let empty = author
        .form_post(
            &format!("/comments/{id}/edit"),
            &format!("/comments/{id}/edit"),
            &[("body", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.attr("textarea#body", "aria-describedby"),
        ["body-hint body-error"]
    );
    assert!(empty.exists("#body-error"));
}

#[tokio::test]
async fn deleting_a_comment_with_replies_leaves_a_placeholder_and_erases_its_text() {
    let (app, path) = site_with_post().await;
    let author = signed_in(&app, Role::Member).await;
    let replier = signed_in(&app, Role::Member).await;
    let parent = comment(&author, &path, "Poistuva salaisuus", None).await;
    let reply = comment(&replier, &path, "Vastaus jää", Some(parent)).await;
    let lonely = comment(&author, &path, "Yksinäinen poistuva", None).await;

    for id in [parent, lonely] {
        let removed = author
            .form_post(&path, &format!("/comments/{id}/delete"), &[])
            .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    }

    let page = app.new_client().get(&path).await;
    assert_eq!(
        page.text(&format!("#comment-{parent} .comment__placeholder")),
        "Kommentti on poistettu."
    );
    assert!(!page.exists(&format!("#comment-{parent} .comment__author")));
    assert_eq!(comment_text(&page, reply).as_deref(), Some("Vastaus jää"));
    // Without replies a removed comment leaves the thread entirely.
    assert!(!page.exists(&format!("#comment-{lonely}")));
    assert!(!page.body.contains("Poistuva salaisuus") && !page.body.contains("Yksinäinen"));
    assert_eq!(page.text("#comments-title"), "1 kommentti");
    let stored = comment::Entity::find_by_id(parent)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.deleted_at.is_some());
    assert_eq!(
        (stored.body_md.as_str(), stored.body_html.as_str()),
        ("", "")
    );

    // Someone else's comment cannot be deleted.
    let refused = author
        .form_post(&path, &format!("/comments/{reply}/delete"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_editor_hides_a_comment_and_it_disappears_for_readers() {
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let editor = signed_in(&app, Role::Editor).await;
    let id = comment(&member, &path, "Asiaton kommentti", None).await;

    let hidden = editor
        .form_post(
            &path,
            &format!("/comments/{id}/hide"),
            &[("action", "hide")],
        )
        .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
    assert_eq!(hidden.location(), Some(format!("{path}#comment-{id}")));

    for viewer in [app.new_client(), member] {
        let page = viewer.get(&path).await;
        assert!(!page.body.contains("Asiaton kommentti"));
        assert_eq!(
            page.text(&format!("#comment-{id} .comment__placeholder")),
            "Moderaattori on piilottanut tämän kommentin."
        );
        assert_eq!(page.text("#comments-title"), "Ei kommentteja");
    }
    assert!(!app.new_client().get("/").await.body.contains("Asiaton"));
    // Moderators still see it, marked hidden, and can show it again.
    let for_editor = editor.get(&path).await;
    assert_eq!(
        comment_text(&for_editor, id).as_deref(),
        Some("Asiaton kommentti")
    );
    assert!(for_editor.exists(&format!(
        "#comment-{id}.comment--hidden .comment__hidden-badge"
    )));
    let shown = editor
        .form_post(
            &path,
            &format!("/comments/{id}/hide"),
            &[("action", "unhide")],
        )
        .await;
    assert_eq!(shown.status, StatusCode::SEE_OTHER);
    let page = app.new_client().get(&path).await;
    assert_eq!(
        comment_text(&page, id).as_deref(),
        Some("Asiaton kommentti")
    );
}

#[tokio::test]
async fn a_member_cannot_hide_a_comment() {
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let writer = signed_in(&app, Role::Writer).await;
    let id = comment(&member, &path, "Pysyy näkyvissä", None).await;
    assert!(!member.get(&path).await.exists("form.comment__moderate"));
    for who in [&member, &writer] {
        let refused = who
            .form_post(
                &path,
                &format!("/comments/{id}/hide"),
                &[("action", "hide")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let page = app.new_client().get(&path).await;
    assert_eq!(comment_text(&page, id).as_deref(), Some("Pysyy näkyvissä"));
}

#[tokio::test]
async fn a_reader_who_is_not_signed_in_cannot_comment() {
    let (app, path) = site_with_post().await;
    let reader = app.new_client();
    let page = reader.get(&path).await;
    assert_eq!(
        page.attr(".comments__sign-in a", "href"),
        [format!(
            "/sign-in?next={}",
            lupa::web::page::urlencode(&path)
        )]
    );
    // With a valid CSRF token (from the sign-in page) the form is still refused.
    let refused = reader
        .post_form(&format!("{path}/comments"), &[("body", "Anonyymi")])
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(refused.location().unwrap().starts_with("/sign-in?next="));
    assert!(
        comment::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn commenting_on_a_members_only_post_is_invisible_to_readers() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.client_for(&app.create_user(Role::Writer).await).await;
    let path = write_post(&writer, "Sisäinen", "members").await;
    let member = signed_in(&app, Role::Member).await;
    let id = comment(&member, &path, "Jäsenten kesken", None).await;

    let reader = app.new_client();
    assert_eq!(reader.get(&path).await.status, StatusCode::NOT_FOUND);
    let refused = reader
        .post_form(&format!("{path}/comments"), &[("body", "Hei")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reader.get(&format!("{path}/comments.atom")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!reader.get("/").await.body.contains("Jäsenten kesken"));
    assert_eq!(
        comment_text(&member.get(&path).await, id).as_deref(),
        Some("Jäsenten kesken")
    );
}

/// What no rendered comment may contain.
fn assert_harmless(html: &str, context: &str) {
    crate::fixtures::assert_harmless(
        html,
        context,
        &[
            "script", "iframe", "object", "embed", "form", "base", "meta", "style", "svg", "math",
        ],
        None,
    );
}

#[tokio::test]
async fn hostile_comment_bodies_render_without_scripts_or_event_handlers() {
    let Some(vectors) = crate::helpers::xss_vectors(
        "hostile_comment_bodies_render_without_scripts_or_event_handlers",
    ) else {
        return;
    };
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let hostile: Vec<&str> = vectors
        .iter()
        .filter_map(|v| v["payload"].as_str())
        .filter(|p| {
            let p = p.to_ascii_lowercase();
            p.contains("script") || p.contains("onerror") || p.contains("onload")
        })
        .filter(|p| p.len() < 2_000)
        .take(12)
        .collect();
    assert_eq!(hostile.len(), 12);
    let mut ids = Vec::new();
    for payload in &hostile {
        ids.push(comment(&member, &path, payload, None).await);
    }
    let page = app.new_client().get(&path).await;
    let doc = scraper::Html::parse_document(&page.body);
    for (id, payload) in ids.iter().zip(&hostile) {
        let selector =
            scraper::Selector::parse(&format!("#comment-{id} > .comment__body")).unwrap();
        let body = doc.select(&selector).next().map(|e| e.inner_html());
        assert_harmless(&body.unwrap_or_default(), payload);
    }
    // Nothing in the whole thread, either.
    let thread = scraper::Selector::parse("#comments").unwrap();
    let comments_html = doc.select(&thread).next().unwrap().inner_html();
    assert!(!comments_html.to_ascii_lowercase().contains("<script"));
}

#[tokio::test]
async fn an_empty_comment_answers_422_with_the_form_and_its_error() {
    let (app, path) = site_with_post().await;
    let member = signed_in(&app, Role::Member).await;
    let empty = send_comment(&member, &path, "  \n ", None).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.attr("#comment-body", "aria-describedby"),
        ["comment-body-hint comment-body-error"]
    );
    assert_eq!(empty.attr("#comment-body", "aria-invalid"), ["true"]);
    assert_eq!(
        empty.text("#comment-body-error"),
        "Tämä tieto on pakollinen."
    );

    // A reply that is too long comes back in its reply form, under its comment, as typed.
    let first = comment(&member, &path, "Alku", None).await;
    let long = "sana ".repeat(2_100);
    let too_long = send_comment(&member, &path, &long, Some(first)).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        too_long.text(&format!("#comment-{first} #reply-body")),
        long.trim()
    );
    assert!(too_long.exists(&format!("#comment-{first} #reply-body-error")));
    assert_eq!(too_long.text("#comment-body"), "");
    assert!(!too_long.exists("#comment-body-error"));
}

#[tokio::test]
async fn a_reply_to_a_comment_removed_meanwhile_keeps_its_text_as_a_new_comment() {
    let (app, path) = site_with_post().await;
    let author = signed_in(&app, Role::Member).await;
    let replier = signed_in(&app, Role::Member).await;
    let id = comment(&author, &path, "Kohta poissa", None).await;
    let form = replier.get(&format!("{path}?reply_to={id}")).await;
    assert!(form.exists("#reply-form"));
    author
        .form_post(&path, &format!("/comments/{id}/delete"), &[])
        .await;

    let late = replier
        .post_form(
            &format!("{path}/comments"),
            &[
                ("body", "Myöhästynyt vastaus"),
                ("parent_id", &id.to_string()),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(late.text("#comment-body"), "Myöhästynyt vastaus");
    assert!(late.exists("#comment-body-error"));
}

#[tokio::test]
async fn a_thread_takes_the_same_number_of_queries_however_many_people_write_in_it() {
    let (app, path) = site_with_post().await;
    let first = signed_in(&app, Role::Member).await;
    let root = comment(&first, &path, "Aloitus", None).await;
    let reader = app.new_client();
    let count = async || {
        let before = app.state().queries.get();
        let page = reader.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        app.state().queries.get() - before
    };
    let with_one = count().await;
    for (i, org) in ["kela", "vero", "dvv", "traficom"].into_iter().enumerate() {
        let person = app
            .client_for(&app.create_user_in(org, Role::Member).await)
            .await;
        let reply = comment(&person, &path, &format!("Vastaus {i}"), Some(root)).await;
        comment(&person, &path, &format!("Syvempi {i}"), Some(reply)).await;
    }
    assert_eq!(
        count().await,
        with_one,
        "the thread runs a query per comment or person"
    );
}
