//! The blog end to end: writing, editing with revisions, limits, hostile Markdown, drafts,
//! and members-only posts staying invisible to readers in every listing.
use chrono::{TimeZone, Utc};
use lupa::{auth::Role, entities::post};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::{
    fixtures::{self, write_post},
    helpers::{TestApp, TestClient, TestUser, exists, select},
};

async fn site_with_writer() -> (TestApp, TestUser, TestClient) {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let client = app.client_for(&writer).await;
    (app, writer, client)
}

async fn set_published_at(app: &TestApp, path: &str, year: i32, month: u32, day: u32) {
    let slug = path.trim_start_matches("/posts/");
    let row = post::Entity::find()
        .filter(post::Column::Slug.eq(slug))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let at = Utc.with_ymd_and_hms(year, month, day, 10, 0, 0).unwrap();
    let mut active: post::ActiveModel = row.into();
    active.published_at = Set(Some(at));
    active.published_month = Set(Some(format!("{year:04}-{month:02}")));
    active.update(app.db()).await.unwrap();
}

#[tokio::test]
async fn writer_publishes_a_post_signed_with_name_and_organisation() {
    let (app, writer, client) = site_with_writer().await;
    let path = write_post(
        &client,
        "Asiakas kertoo asiansa kerran",
        "Tämä on **tärkeää**.",
        "asiakaskokemus, yhteistyö",
        "public",
        "published",
    )
    .await;
    assert_eq!(path, "/posts/asiakas-kertoo-asiansa-kerran");

    let page = app.new_client().get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.select("h1"), ["Asiakas kertoo asiansa kerran"]);
    assert!(page.exists(".post__body strong"));
    let meta = page.text(".post__header .post-meta");
    assert!(meta.contains(&writer.display_name), "{meta}");
    assert!(meta.contains("Organisaatio vero"), "{meta}");
    assert_eq!(
        page.select(".post__header .labels a"),
        ["asiakaskokemus", "yhteistyö"]
    );
    assert_eq!(page.attr(".post__body", "lang"), ["fi"]);
    // The front page lists it with its comment count.
    let front = app.new_client().get("/").await;
    assert_eq!(
        front.select(".post-summary__title a"),
        ["Asiakas kertoo asiansa kerran"]
    );
    assert_eq!(
        front.select(".post-summary__comments a"),
        ["Ei kommentteja"]
    );
}

#[tokio::test]
async fn editing_keeps_the_previous_version_and_the_slug() {
    let (app, _writer, client) = site_with_writer().await;
    let path = write_post(
        &client,
        "Ensimmäinen otsikko",
        "Alkuperäinen teksti.",
        "",
        "public",
        "published",
    )
    .await;
    let edit = client
        .form_post(
            &format!("{path}/edit"),
            &path,
            &[
                ("title", "Parempi otsikko"),
                ("body", "Korjattu teksti."),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", "public"),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER, "{}", edit.body);
    assert_eq!(
        edit.location().as_deref(),
        Some(path.as_str()),
        "the slug stays when the title changes"
    );

    let page = app.new_client().get(&path).await;
    assert_eq!(page.select("h1"), ["Parempi otsikko"]);
    assert!(
        page.text(".post__edited").starts_with("Muokattu"),
        "{}",
        page.body
    );

    let revisions = client.get(&format!("{path}/revisions")).await;
    assert_eq!(revisions.status, StatusCode::OK);
    assert_eq!(revisions.select(".revision h3"), ["Ensimmäinen otsikko"]);
    assert_eq!(
        revisions.select(".revision__body"),
        ["Alkuperäinen teksti."]
    );
    // Readers see that it was edited, not what was removed.
    assert_eq!(
        app.new_client()
            .get(&format!("{path}/revisions"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn same_title_twice_gets_a_second_slug() {
    let (_app, _writer, client) = site_with_writer().await;
    let first = write_post(&client, "Sama otsikko", "Yksi.", "", "public", "published").await;
    let second = write_post(&client, "Sama otsikko", "Kaksi.", "", "public", "published").await;
    assert_eq!(first, "/posts/sama-otsikko");
    assert_eq!(second, "/posts/sama-otsikko-2");
}

#[tokio::test]
async fn editor_form_with_mistakes_answers_422_and_keeps_what_was_typed() {
    let (_app, _writer, client) = site_with_writer().await;
    let response = client
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", "   "),
                ("body", "Teksti jää talteen."),
                ("labels", "a, b"),
                ("visibility", "members"),
                ("status", "draft"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.select("#title-error"),
        ["Tämä tieto on pakollinen."]
    );
    assert_eq!(response.attr("#title", "aria-describedby"), ["title-error"]);
    assert_eq!(response.select("#body"), ["Teksti jää talteen."]);
    assert_eq!(response.attr("#labels", "value"), ["a, b"]);
    assert!(response.exists("#visibility-members[checked]"));
    assert!(response.exists(".error-summary a[href='#title']"));
}

#[tokio::test]
async fn preview_renders_without_saving() {
    let (app, _writer, client) = site_with_writer().await;
    let response = client
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", "Esikatselu"),
                ("body", "# Otsikko\n\n*kursiivi*"),
                ("labels", ""),
                ("visibility", "public"),
                ("status", "published"),
                ("action", "preview"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.exists(".preview em"));
    assert_eq!(
        app.new_client().get("/posts/esikatselu").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn markdown_over_200_kb_or_nested_too_deep_is_refused_with_a_message() {
    let (_app, _writer, client) = site_with_writer().await;
    let too_long = "a".repeat(200 * 1024 + 1);
    let too_deep = format!("{}syvä", "> ".repeat(40));
    for (body, message) in [
        (too_long.as_str(), "Teksti on liian pitkä: enintään 200 kt."),
        (
            too_deep.as_str(),
            "Tekstissä on liian monta sisäkkäistä tasoa",
        ),
    ] {
        let response = client
            .form_post(
                "/posts/new",
                "/posts",
                &[
                    ("title", "Raja"),
                    ("body", body),
                    ("visibility", "public"),
                    ("status", "published"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        let error = response.text("#body-error");
        assert!(error.starts_with(message), "{error}");
        assert_eq!(
            response.select("#body").first().map(String::len),
            Some(body.len()),
            "the text is kept"
        );
    }
    // Exactly 200 KB is accepted.
    let just_fits = "b".repeat(200 * 1024);
    write_post(
        &client,
        "Juuri mahtuu",
        &just_fits,
        "",
        "public",
        "published",
    )
    .await;
}

/// What no rendered user content may contain.
fn assert_harmless(html: &str, context: &str) {
    fixtures::assert_harmless(
        html,
        context,
        &[
            "script", "iframe", "object", "embed", "form", "base", "meta", "style", "frame",
            "frameset",
        ],
        Some(&["href", "src", "xlink:href", "action", "formaction"]),
    );
}

#[tokio::test]
async fn hostile_markdown_is_sanitised_on_the_post_page() {
    let Some(vectors) =
        crate::helpers::xss_vectors("hostile_markdown_is_sanitised_on_the_post_page")
    else {
        return;
    };
    let (app, _writer, client) = site_with_writer().await;
    // Several vectors per post keeps the test quick while sending every one.
    let mut shown = 0;
    let chunks = vectors.chunks(25).count();
    for (i, chunk) in vectors.chunks(25).enumerate() {
        let body: String = chunk
            .iter()
            .map(|v| v["payload"].as_str().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        let response = client
            .form_post(
                "/posts/new",
                "/posts",
                &[
                    ("title", &format!("Vektorit {i}")),
                    ("body", &body),
                    ("visibility", "public"),
                    ("status", "published"),
                    ("action", "save"),
                ],
            )
            .await;
        if response.status == StatusCode::UNPROCESSABLE_ENTITY {
            continue; // refused by the size or depth limits: nothing stored, nothing shown
        }
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
        let page = app.new_client().get(&response.location().unwrap()).await;
        let body_html = scraper::Html::parse_document(&page.body)
            .select(&scraper::Selector::parse(".post__body").unwrap())
            .next()
            .map(|e| e.inner_html())
            .unwrap_or_default();
        assert!(!body_html.trim().is_empty(), "chunk {i} rendered nothing");
        assert_harmless(&body_html, &format!("chunk {i}"));
        shown += 1;
    }
    assert!(
        shown * 2 > chunks,
        "only {shown} of {chunks} chunks were accepted: the test would prove little"
    );
}

#[tokio::test]
async fn members_only_post_is_invisible_to_readers_in_every_listing() {
    let (app, writer, client) = site_with_writer().await;
    write_post(
        &client,
        "Julkinen kirjoitus",
        "Kaikille.",
        "yhteinen",
        "public",
        "published",
    )
    .await;
    let secret = write_post(
        &client,
        "Sisäinen kirjoitus",
        "Vain jäsenille.",
        "yhteinen, salainen",
        "members",
        "published",
    )
    .await;
    set_published_at(&app, &secret, 2025, 3, 4).await;

    let reader = app.new_client();
    let member = app.client_for(&app.create_user(Role::Member).await).await;
    let pages = [
        "/".to_owned(),
        "/archive".to_owned(),
        "/archive/2025".to_owned(),
        "/archive/2025/03".to_owned(),
        "/labels".to_owned(),
        "/labels/yhteinen".to_owned(),
        format!("/people/{}", writer.id),
        "/organizations".to_owned(),
        "/organizations/vero".to_owned(),
    ];
    for path in &pages {
        let seen = reader.get(path).await;
        assert!(
            !seen.body.contains("Sisäinen kirjoitus") && !seen.body.contains("salainen"),
            "a reader sees the members-only post on {path}"
        );
        let by_member = member.get(path).await;
        assert_eq!(by_member.status, StatusCode::OK, "{path}");
    }
    // Counts do not give it away either.
    assert_eq!(
        reader.get("/organizations/vero").await.select(".count"),
        ["1 kirjoitus"]
    );
    assert_eq!(
        member.get("/organizations/vero").await.select(".count"),
        ["2 kirjoitusta"]
    );
    assert!(
        reader
            .get("/archive")
            .await
            .select(".archive-year h2")
            .iter()
            .all(|h| !h.contains("2025"))
    );
    assert_eq!(
        reader.get("/labels/salainen").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(reader.get(&secret).await.status, StatusCode::NOT_FOUND);
    assert_eq!(member.get(&secret).await.status, StatusCode::OK);
    assert!(member.get("/").await.body.contains("Sisäinen kirjoitus"));
}

#[tokio::test]
async fn drafts_are_seen_only_by_their_author_and_editors() {
    let (app, _writer, client) = site_with_writer().await;
    let draft = write_post(
        &client,
        "Keskeneräinen",
        "Vielä työn alla.",
        "",
        "public",
        "draft",
    )
    .await;
    assert_eq!(client.get(&draft).await.status, StatusCode::OK);
    assert_eq!(
        client.get("/drafts").await.select(".post-summary__title a"),
        ["Keskeneräinen"]
    );

    let other_writer = app.client_for(&app.create_user(Role::Writer).await).await;
    assert_eq!(other_writer.get(&draft).await.status, StatusCode::NOT_FOUND);
    assert!(
        other_writer
            .get("/drafts")
            .await
            .select(".post-summary__title a")
            .is_empty()
    );
    let editor = app.client_for(&app.create_user(Role::Editor).await).await;
    assert_eq!(editor.get(&draft).await.status, StatusCode::OK);
    assert_eq!(
        app.new_client().get(&draft).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.new_client()
            .get("/")
            .await
            .body
            .contains("Keskeneräinen")
    );
}

#[tokio::test]
async fn members_cannot_write_and_writers_cannot_edit_others_posts() {
    let (app, _writer, client) = site_with_writer().await;
    let path = write_post(
        &client,
        "Kirjoittajan oma",
        "Teksti.",
        "",
        "public",
        "published",
    )
    .await;
    let member = app.client_for(&app.create_user(Role::Member).await).await;
    assert_eq!(member.get("/posts/new").await.status, StatusCode::FORBIDDEN);
    let refused = member
        .post_form(
            "/posts",
            &[
                ("title", "Ei saa"),
                ("body", "x"),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let other = app.client_for(&app.create_user(Role::Writer).await).await;
    assert_eq!(
        other.get(&format!("{path}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let editor = app.client_for(&app.create_user(Role::Editor).await).await;
    assert_eq!(
        editor.get(&format!("{path}/edit")).await.status,
        StatusCode::OK
    );
    // Readers are sent to sign in.
    let reader = app.new_client().get("/posts/new").await;
    assert_eq!(reader.status, StatusCode::SEE_OTHER);
    assert!(reader.location().unwrap().starts_with("/sign-in?next="));
}

#[tokio::test]
async fn archive_counts_posts_by_month_in_helsinki_time() {
    let (app, _writer, client) = site_with_writer().await;
    for (title, (y, m, d)) in [
        ("Yksi", (2025, 1, 10)),
        ("Kaksi", (2025, 1, 20)),
        ("Kolme", (2025, 3, 5)),
        ("Neljä", (2024, 12, 24)),
    ] {
        let path = write_post(&client, title, "Teksti.", "", "public", "published").await;
        set_published_at(&app, &path, y, m, d).await;
    }
    let archive = app.new_client().get("/archive").await;
    assert_eq!(archive.select(".archive-year h2 a"), ["2025", "2024"]);
    assert_eq!(
        archive.select(".archive-year li"),
        [
            "maaliskuu 2025 (1 kirjoitus)",
            "tammikuu 2025 (2 kirjoitusta)",
            "joulukuu 2024 (1 kirjoitus)"
        ]
    );
    let month = app.new_client().get("/archive/2025/01").await;
    assert_eq!(month.select("h1"), ["tammikuu 2025"]);
    assert_eq!(month.select(".post-summary__title a"), ["Kaksi", "Yksi"]);
    assert_eq!(
        app.new_client().get("/archive/2025/13").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn post_dates_are_written_as_each_language_writes_them() {
    let (app, _writer, client) = site_with_writer().await;
    let path = write_post(&client, "Päivämäärä", "Teksti.", "", "public", "published").await;
    set_published_at(&app, &path, 2009, 12, 1).await;
    for (lang, expected) in [
        ("fi", "tiistai 1. joulukuuta 2009"),
        ("sv", "tisdag 1 december 2009"),
        ("en", "Tuesday 1 December 2009"),
    ] {
        let page = app.client_with_language(lang).get(&path).await;
        assert_eq!(page.lang().as_deref(), Some(lang));
        assert_eq!(page.select(".post__header time"), [expected], "{lang}");
        assert_eq!(
            page.attr(".post__header time", "datetime"),
            ["2009-12-01T10:00:00Z"]
        );
    }
}

#[tokio::test]
async fn listings_are_paginated_ten_to_a_page() {
    let (app, _writer, client) = site_with_writer().await;
    for i in 1..=12 {
        write_post(
            &client,
            &format!("Kirjoitus {i}"),
            "Teksti.",
            "sivutus",
            "public",
            "published",
        )
        .await;
    }
    let first = app.new_client().get("/labels/sivutus").await;
    assert_eq!(first.select(".post-summary").len(), 10);
    assert!(exists(
        &first.body,
        "a[rel=next][href='/labels/sivutus?page=2']"
    ));
    let second = app.new_client().get("/labels/sivutus?page=2").await;
    assert_eq!(second.select(".post-summary").len(), 2);
    assert_eq!(
        select(&second.body, ".pagination li[aria-current=page]"),
        ["Sivu 2 / 2"]
    );
    assert_eq!(
        app.new_client().get("/labels/sivutus?page=9").await.status,
        StatusCode::NOT_FOUND
    );
}

/// Statements the app runs to answer one GET.
async fn queries_for(app: &TestApp, client: &TestClient, path: &str) -> u64 {
    let before = app.state().queries.get();
    let page = client.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    app.state().queries.get() - before
}

async fn add_comments(app: &TestApp, path: &str, author_id: i32, n: usize) {
    use lupa::entities::comment;
    let slug = path.trim_start_matches("/posts/");
    let post = post::Entity::find()
        .filter(post::Column::Slug.eq(slug))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut parent: Option<i32> = None;
    for i in 0..n {
        let saved = comment::ActiveModel {
            post_id: Set(post.id),
            parent_id: Set(if i % 2 == 1 { parent } else { None }),
            depth: Set(if i % 2 == 1 { 1 } else { 0 }),
            author_id: Set(author_id),
            body_md: Set(format!("Kommentti {i}")),
            body_html: Set(format!("<p>Kommentti {i}</p>")),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .unwrap();
        if i % 2 == 0 {
            parent = Some(saved.id);
        }
    }
}

#[tokio::test]
async fn post_page_and_front_page_take_a_fixed_number_of_queries() {
    let (app, writer, client) = site_with_writer().await;
    let path = write_post(
        &client,
        "Paljon kommentteja",
        "Teksti.",
        "a, b",
        "public",
        "published",
    )
    .await;
    let reader = app.new_client();

    add_comments(&app, &path, writer.id, 1).await;
    let with_one = queries_for(&app, &reader, &path).await;
    add_comments(&app, &path, writer.id, 49).await;
    let with_fifty = queries_for(&app, &reader, &path).await;
    assert_eq!(
        with_one, with_fifty,
        "the post page runs a query per comment"
    );
    assert!(with_fifty <= 12, "the post page takes {with_fifty} queries");

    let front_with_one = queries_for(&app, &reader, "/").await;
    for i in 0..9 {
        write_post(
            &client,
            &format!("Lisää {i}"),
            "Teksti.",
            &format!("aihe-{i}, yhteinen"),
            "public",
            "published",
        )
        .await;
    }
    let front_with_ten = queries_for(&app, &reader, "/").await;
    assert_eq!(
        front_with_one, front_with_ten,
        "the front page runs a query per post"
    );
    assert!(
        front_with_ten <= 12,
        "the front page takes {front_with_ten} queries"
    );
}

#[tokio::test]
async fn the_post_page_for_a_signed_in_member_takes_a_fixed_number_of_queries() {
    let (app, writer, client) = site_with_writer().await;
    let path = write_post(
        &client,
        "Jäsenen näkymä",
        "Teksti.",
        "a",
        "members",
        "published",
    )
    .await;
    let member = app.create_user_in("vero", Role::Member).await;
    let reader = app.client_for(&member).await;
    add_comments(&app, &path, writer.id, 1).await;
    let with_one = queries_for(&app, &reader, &path).await;
    add_comments(&app, &path, member.id, 49).await;
    let with_fifty = queries_for(&app, &reader, &path).await;
    eprintln!("signed-in post page: {with_one} queries with one comment, {with_fifty} with fifty");
    assert_eq!(
        with_one, with_fifty,
        "the signed-in post page runs a query per comment"
    );
}

#[tokio::test]
async fn a_kept_post_costs_a_signed_in_member_two_statements() {
    // With the workers running, the post's shared part is kept in memory (`page_cache`).
    let app = TestApp::spawn_with(|s| s.run_workers = true).await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let client = app.client_for(&writer).await;
    let path = write_post(&client, "Muistissa", "Teksti.", "a", "members", "published").await;
    let member = app.create_user_in("vero", Role::Member).await;
    let reader = app.client_for(&member).await;
    add_comments(&app, &path, writer.id, 3).await;
    // The indexer (a worker here) applies the writes above in its own time, and the kept parts
    // are dropped whenever it moves: let it finish first, or the second page may be rendered
    // afresh (seen on a loaded machine).
    let search = &app.state().search;
    search
        .applied(search.outbox_position().await.unwrap())
        .await;
    queries_for(&app, &reader, &path).await;
    // What is the reader's own: one statement for the session, the person and the bell, one
    // for the follow button.
    let again = queries_for(&app, &reader, &path).await;
    assert!(
        again <= 2,
        "the signed-in post page takes {again} statements when the post is kept"
    );
}
