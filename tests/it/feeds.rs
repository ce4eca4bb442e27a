//! Atom feeds end to end: valid Atom with absolute ids and links, public content only
//! whoever asks, and sanitised HTML.
use atom_syndication::Feed;
use lupa::auth::Role;
use reqwest::StatusCode;

use crate::{
    fixtures::write_post,
    helpers::{TestApp, TestClient, TestResponse, TestUser},
};

const BASE: &str = "https://lupa.example.fi";

/// A site whose public address is `BASE` (cookies still work over plain HTTP), with a
/// writer in the organisation `vero`.
async fn site_with_writer() -> (TestApp, TestUser, TestClient) {
    let app = TestApp::spawn_with(|s| {
        s.public_url = Some(BASE.to_owned());
        s.secure_cookies = Some(false);
    })
    .await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let client = app.client_for(&writer).await;
    (app, writer, client)
}

async fn comment(client: &TestClient, path: &str, body: &str) -> i32 {
    let response = client
        .form_post(path, &format!("{path}/comments"), &[("body", body)])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().unwrap();
    location
        .rsplit_once("#comment-")
        .unwrap()
        .1
        .parse()
        .unwrap()
}

/// GET a feed and parse it, checking it is served as Atom.
async fn feed(client: &TestClient, path: &str) -> (TestResponse, Feed) {
    let response = client.get(path).await;
    assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.body);
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("application/atom+xml; charset=utf-8"),
        "{path}"
    );
    let parsed = Feed::read_from(response.body.as_bytes())
        .unwrap_or_else(|e| panic!("{path} is not Atom: {e}\n{}", response.body));
    (response, parsed)
}

fn titles(feed: &Feed) -> Vec<&str> {
    feed.entries().iter().map(|e| e.title().as_str()).collect()
}

#[tokio::test]
async fn the_site_feed_is_atom_with_a_self_link_ids_updated_times_and_authors() {
    let (app, writer, client) = site_with_writer().await;
    let older = write_post(
        &client,
        "Ensimmäinen",
        "Teksti.",
        "verotus",
        "public",
        "published",
    )
    .await;
    let newer = write_post(
        &client,
        "Toinen",
        "Lisää tekstiä.",
        "",
        "public",
        "published",
    )
    .await;

    let (_, feed) = feed(&app.new_client(), "/feed.atom").await;
    assert_eq!(feed.id(), format!("{BASE}/feed.atom"));
    assert_eq!(feed.title().as_str(), "Testiverkosto");
    let link = |rel: &str| {
        feed.links()
            .iter()
            .find(|l| l.rel() == rel)
            .map(|l| l.href().to_owned())
    };
    assert_eq!(link("self"), Some(format!("{BASE}/feed.atom")));
    assert_eq!(link("alternate"), Some(format!("{BASE}/")));
    assert_eq!(titles(&feed), ["Toinen", "Ensimmäinen"]);
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids, [format!("{BASE}{newer}"), format!("{BASE}{older}")]);
    // The feed is as new as its newest entry.
    let newest = feed.entries().iter().map(|e| *e.updated()).max().unwrap();
    assert_eq!(*feed.updated(), newest);
    for entry in feed.entries() {
        assert!(entry.published().is_some());
        let author = &entry.authors()[0];
        assert_eq!(author.name(), writer.display_name);
        assert_eq!(
            author.uri(),
            Some(format!("{BASE}/people/{}", writer.id).as_str())
        );
        assert_eq!(entry.content().and_then(|c| c.content_type()), Some("html"));
        assert!(entry.summary().is_some());
    }
    let labelled = &feed.entries()[1];
    assert_eq!(labelled.categories()[0].term(), "verotus");
    // Feeds are advertised on the pages they follow.
    let front = app.new_client().get("/").await;
    assert!(front.exists("link[rel=alternate][type='application/atom+xml'][href='/feed.atom']"));
}

#[tokio::test]
async fn a_members_only_post_never_appears_in_any_feed_even_for_a_signed_in_member() {
    let (app, writer, client) = site_with_writer().await;
    write_post(
        &client,
        "Julkinen",
        "Kaikille.",
        "yhteinen",
        "public",
        "published",
    )
    .await;
    write_post(
        &client,
        "Sisäinen",
        "Vain jäsenille.",
        "yhteinen, salainen",
        "members",
        "published",
    )
    .await;
    write_post(&client, "Luonnos", "Kesken.", "yhteinen", "public", "draft").await;

    let member = app.client_for(&app.create_user(Role::Member).await).await;
    let feeds = [
        "/feed.atom".to_owned(),
        "/labels/yhteinen/feed.atom".to_owned(),
        format!("/people/{}/feed.atom", writer.id),
        "/organizations/vero/feed.atom".to_owned(),
    ];
    for who in [&member, &client, &app.new_client()] {
        for path in &feeds {
            let (response, parsed) = feed(who, path).await;
            assert_eq!(titles(&parsed), ["Julkinen"], "{path}");
            assert!(
                !response.body.contains("Sisäinen") && !response.body.contains("salainen"),
                "{path} gives the members-only post away"
            );
        }
        // A label only members-only posts carry has no feed at all.
        assert_eq!(
            who.get("/labels/salainen/feed.atom").await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        app.new_client().get("/people/9999/feed.atom").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.new_client()
            .get("/organizations/ei-ole/feed.atom")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_members_only_or_draft_posts_comment_feed_does_not_exist() {
    let (app, _writer, client) = site_with_writer().await;
    let members = write_post(&client, "Sisäinen", "Teksti.", "", "members", "published").await;
    let draft = write_post(&client, "Luonnos", "Teksti.", "", "public", "draft").await;
    let member = app.client_for(&app.create_user(Role::Member).await).await;
    comment(&member, &members, "Jäsenten kesken").await;
    for who in [&member, &client, &app.new_client()] {
        for path in [&members, &draft] {
            let response = who.get(&format!("{path}/comments.atom")).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!response.body.contains("Jäsenten kesken"));
        }
    }
}

#[tokio::test]
async fn a_public_posts_comment_feed_has_only_its_visible_comments() {
    let (app, _writer, client) = site_with_writer().await;
    let path = write_post(&client, "Keskustelu", "Teksti.", "", "public", "published").await;
    let member = app.client_for(&app.create_user(Role::Member).await).await;
    let kept = comment(&member, &path, "Näkyvä kommentti").await;
    let hidden = comment(&member, &path, "Piilotettava").await;
    let removed = comment(&member, &path, "Poistettava").await;
    let editor = app.client_for(&app.create_user(Role::Editor).await).await;
    let response = editor
        .form_post(
            &path,
            &format!("/comments/{hidden}/hide"),
            &[("action", "hide")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let response = member
        .form_post(&path, &format!("/comments/{removed}/delete"), &[])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);

    let (response, parsed) = feed(&app.new_client(), &format!("{path}/comments.atom")).await;
    assert_eq!(parsed.id(), format!("{BASE}{path}/comments.atom"));
    assert_eq!(parsed.entries().len(), 1);
    let entry = &parsed.entries()[0];
    assert_eq!(entry.id(), format!("{BASE}{path}#comment-{kept}"));
    assert_eq!(
        entry.content().and_then(|c| c.value()).map(str::trim),
        Some("<p>Näkyvä kommentti</p>")
    );
    assert!(!response.body.contains("Piilotettava") && !response.body.contains("Poistettava"));
}

#[tokio::test]
async fn feeds_carry_sanitised_html() {
    let (app, _writer, client) = site_with_writer().await;
    let hostile = "**Lihava** <script>alert(1)</script><img src=x onerror=alert(2)> \
                   [linkki](javascript:alert(3)) <iframe src=https://evil.example></iframe>";
    let path = write_post(&client, "Vaarallinen", hostile, "", "public", "published").await;
    comment(&client, &path, hostile).await;

    for feed_path in ["/feed.atom".to_owned(), format!("{path}/comments.atom")] {
        let (_, parsed) = feed(&app.new_client(), &feed_path).await;
        let html = parsed.entries()[0]
            .content()
            .and_then(|c| c.value())
            .unwrap_or_default()
            .to_ascii_lowercase();
        assert!(
            html.contains("<strong>lihava</strong>"),
            "{feed_path}: {html}"
        );
        for bad in ["<script", "onerror", "javascript:", "<iframe"] {
            assert!(!html.contains(bad), "{feed_path}: {bad} in {html}");
        }
    }
}
