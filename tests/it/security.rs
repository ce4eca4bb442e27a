//! The hardening of issue 13: return addresses that stay on the site, static files without
//! redirects, control characters kept out of stored text and feeds, caching of private
//! answers, HSTS, the CSRF token renewed at sign-in, no state changed by GET, editors and
//! facilitators, over-limit forms, and the search API's error body.
use lupa::{
    auth::Role,
    config::Settings,
    entities::{comment, panel, post, user},
    i18n::{Lang, Tr},
    people::service as people,
    web::page::urlencode,
};
use reqwest::{StatusCode, header};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::{
    fixtures::write_post,
    helpers::{TestApp, csrf_from},
};

/// Return addresses a browser would follow off the site (or that are not addresses at all);
/// `auth.rs: the_next_parameter_cannot_send_anyone_off_site` sends them through sign-in.
pub const HOSTILE_NEXT: [&str; 9] = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: planted=1",
    "/ /evil.example",
    "/%09/evil.example",
    "/\\/evil.example",
    "/\u{0}/evil.example",
    "/\u{a0}/evil.example",
    "/%2F%2Fevil.example",
];

// ----- 1. Return addresses -----

#[tokio::test]
async fn the_language_switcher_refuses_return_addresses_with_control_or_space_characters() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let visitor = app.new_client();

    for evil in HOSTILE_NEXT {
        let response = visitor
            .get(&format!("/language?lang=en&next={}", urlencode(evil)))
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{evil:?}");
        assert_eq!(response.location().as_deref(), Some("/"), "{evil:?}");
    }
    // A path of this site, with its query and fragment, is still followed.
    let response = visitor
        .get(&format!(
            "/language?lang=en&next={}",
            urlencode("/labels?page=2#x")
        ))
        .await;
    assert_eq!(response.location().as_deref(), Some("/labels?page=2#x"));
}

// ----- 2. Static files -----

#[tokio::test]
async fn static_files_are_served_without_ever_redirecting() {
    let app = TestApp::spawn().await;
    for path in ["/static///css", "/static/css", "/static//css/", "/static/"] {
        let response = app.get(path).await;
        assert!(
            !response.status.is_redirection(),
            "{path} answered {} to {:?}",
            response.status,
            response.location()
        );
        assert_eq!(response.location(), None, "{path}");
    }
}

// ----- 3. Control characters -----

/// Whether XML 1.0 allows the character (§2.2 Char).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

#[tokio::test]
async fn control_characters_typed_into_forms_are_removed_before_saving() {
    let app = TestApp::spawn().await;
    app.setup_site().await;

    let path = write_post(
        &app.client,
        "Otsikko\u{0}\u{1} ohjausmerkein",
        "Teksti\u{0}ä\u{1b}[31m\tsarkain\r\nrivi",
        "Tunniste\u{7}",
        "public",
        "published",
    )
    .await;
    let saved = post::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .expect("the post");
    assert_eq!(saved.title, "Otsikko ohjausmerkein");
    assert_eq!(saved.body_md, "Tekstiä[31m\tsarkain\r\nrivi");
    let commented = app
        .form_post(
            &path,
            &format!("{path}/comments"),
            &[("body", "Kommentti\u{0}\u{8} tässä")],
        )
        .await;
    assert_eq!(
        commented.status,
        StatusCode::SEE_OTHER,
        "{}",
        commented.body
    );
    let saved = comment::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .expect("the comment");
    assert_eq!(saved.body_md, "Kommentti tässä");

    // Not only the blog: a panel's name goes through the same door.
    let facilitator = app.create_user(Role::Member).await;
    let org = app.create_organization("testivirasto").await.id.to_string();
    let facilitator = facilitator.id.to_string();
    let response = app
        .form_post(
            "/panels/new",
            "/panels",
            &[
                ("name", "Paneeli\u{1}\u{1f}"),
                ("slug", ""),
                ("description", "Kuvaus\u{0}"),
                ("organization_id", &org),
                ("term_start", "2026-01-01"),
                ("term_end", "2028-12-31"),
                ("seat_target", "10"),
                ("seat_cap", "10"),
                ("visibility", "open"),
                ("listed_publicly", "yes"),
                ("facilitators", &facilitator),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let saved = panel::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .expect("the panel");
    assert_eq!(saved.name, "Paneeli");
    assert_eq!(saved.description_md, "Kuvaus");
}

#[tokio::test]
async fn control_characters_sent_to_the_json_api_are_removed_before_saving() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let token = people::create_api_token(app.db(), writer.id, "test")
        .await
        .expect("a token");
    let http = reqwest::Client::new();

    let body = json!({
        "title": "Rajapinta\u{0}\u{2} kirjoittaa",
        "body": "Sisältö\u{0}\u{1b}",
        "labels": ["Nimi\u{5}"],
        "visibility": "public",
        "status": "published",
    });
    let response = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let slug = created["slug"].as_str().expect("a slug").to_owned();
    assert_eq!(created["title"], "Rajapinta kirjoittaa");

    let response = http
        .post(app.url(&format!("/api/v1/posts/{slug}/comments")))
        .bearer_auth(&token)
        .json(&json!({ "body": "Vastaus\u{0}\u{3}!" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let saved = comment::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .expect("the comment");
    assert_eq!(saved.body_md, "Vastaus!");
    let post = post::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .expect("the post");
    assert_eq!(post.body_md, "Sisältö");
}

#[tokio::test]
async fn feeds_stay_valid_xml_even_with_control_characters_saved_before_the_fix() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let path = write_post(
        &app.client,
        "Vanha kirjoitus",
        "Teksti",
        "vanha",
        "public",
        "published",
    )
    .await;
    let commented = app
        .form_post(&path, &format!("{path}/comments"), &[("body", "Hyvä")])
        .await;
    assert_eq!(commented.status, StatusCode::SEE_OTHER);

    // Rows written by an older Lupa, straight into the database (NUL is left out: PostgreSQL
    // never stored it).
    let old = post::Entity::find().one(app.db()).await.unwrap().unwrap();
    let mut row: post::ActiveModel = old.into();
    row.title = Set("Vanha\u{1}\u{b} otsikko\u{fffe}".into());
    row.excerpt = Set("Ote\u{1b}[0m".into());
    row.body_html = Set("<p>Sisältö\u{c}</p>".into());
    row.update(app.db()).await.unwrap();
    let old = comment::Entity::find()
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut row: comment::ActiveModel = old.into();
    row.body_md = Set("Kommentti\u{2}".into());
    row.body_html = Set("<p>Kommentti\u{2}</p>".into());
    row.update(app.db()).await.unwrap();
    user::Entity::update_many()
        .col_expr(
            user::Column::DisplayName,
            sea_orm::sea_query::Expr::value("Ylläpitäjä\u{7}"),
        )
        .filter(user::Column::Email.eq("admin@yllapito.example"))
        .exec(app.db())
        .await
        .unwrap();

    let slug = path.trim_start_matches("/posts/");
    for feed in [
        "/feed.atom".to_owned(),
        "/labels/vanha/feed.atom".to_owned(),
        format!("/posts/{slug}/comments.atom"),
    ] {
        let response = app.new_client().get(&feed).await;
        assert_eq!(response.status, StatusCode::OK, "{feed}");
        let bad: Vec<char> = response.body.chars().filter(|c| !xml_char(*c)).collect();
        assert!(bad.is_empty(), "{feed} has {bad:?}:\n{}", response.body);
        assert!(response.body.contains("Vanha otsikko"), "{feed}");
    }
}

// ----- 4. Caching -----

#[tokio::test]
async fn answers_that_depend_on_who_asks_tell_caches_not_to_store_them() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    for path in [
        "/",
        "/settings",
        "/admin/people",
        "/panels",
        "/no/such/page",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            response.header("cache-control").as_deref(),
            Some("no-store"),
            "{path} ({})",
            response.status
        );
    }
    // A visitor's pages too: they carry the visitor's language and session.
    let visitor = app.new_client();
    for path in ["/", "/sign-in", "/search?q=x"] {
        let response = visitor.get(path).await;
        assert_eq!(
            response.header("cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
    }
    // Bearer-token answers of the API.
    let writer = app.create_user(Role::Writer).await;
    let token = people::create_api_token(app.db(), writer.id, "test")
        .await
        .expect("a token");
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers().get(header::CACHE_CONTROL).unwrap(),
        "no-store"
    );
}

#[tokio::test]
async fn static_files_and_public_feeds_may_be_cached() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let visitor = app.new_client();

    let css = visitor.get("/static/css/lupa.css").await;
    assert_eq!(css.status, StatusCode::OK);
    let cache = css.header("cache-control").unwrap_or_default();
    assert!(cache.starts_with("public"), "{cache}");

    let feed = visitor.get("/feed.atom").await;
    assert_eq!(feed.status, StatusCode::OK);
    let cache = feed.header("cache-control").unwrap_or_default();
    assert!(cache.starts_with("public, max-age="), "{cache}");
    // The feed's texts follow the reader's language, so caches keep one copy per language.
    let vary = feed.header("vary").unwrap_or_default().to_ascii_lowercase();
    assert!(vary.contains("accept-language"), "{vary}");
    assert!(vary.contains("cookie"), "{vary}");

    // A missing feed is not cached as if it were public.
    let missing = visitor.get("/labels/ei-ole/feed.atom").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("cache-control").as_deref(), Some("no-store"));
}

// ----- 5. HSTS -----

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app = TestApp::spawn_with(|s| {
        s.public_url = Some("https://lupa.example.fi".into());
    })
    .await;
    let response = app.get("/healthz").await;
    assert_eq!(
        response.header("strict-transport-security").as_deref(),
        Some("max-age=31536000")
    );

    // Through the environment, as an operator would set it.
    let app = TestApp::spawn_with(|s| {
        let mut configured = Settings::from_env([
            (
                "LUPA_SERVER__PUBLIC_URL".to_owned(),
                "https://lupa.example.fi".to_owned(),
            ),
            (
                "LUPA_SERVER__HSTS_INCLUDE_SUBDOMAINS".to_owned(),
                "true".to_owned(),
            ),
        ])
        .expect("the HSTS settings exist");
        configured.bind = s.bind;
        configured.data_dir = s.data_dir.clone();
        configured.database_url = s.database_url.clone();
        configured.run_workers = false;
        *s = configured;
    })
    .await;
    let response = app.get("/no/such/page").await;
    assert_eq!(
        response.header("strict-transport-security").as_deref(),
        Some("max-age=31536000; includeSubDomains")
    );
}

#[tokio::test]
async fn no_hsts_is_sent_when_the_public_address_is_plain_http() {
    let app = TestApp::spawn_with(|s| {
        s.public_url = Some("http://lupa.internal".into());
    })
    .await;
    assert_eq!(
        app.get("/healthz")
            .await
            .header("strict-transport-security"),
        None
    );
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/").await.header("strict-transport-security"), None);
}

// ----- 6. CSRF token at sign-in -----

#[tokio::test]
async fn signing_in_renews_the_csrf_token_and_the_old_one_stops_working() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.new_client();

    let form = client.get("/sign-in").await;
    let before = csrf_from(&form.body).expect("a token on the sign-in form");
    let signed_in = client
        .post_raw(
            "/sign-in",
            &[
                ("email", &writer.email),
                ("password", &writer.password),
                ("csrf_token", &before),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);

    let settings = client.get("/settings").await;
    let after = csrf_from(&settings.body).expect("a token on the settings page");
    assert_ne!(before, after);
    let with_old = client
        .post_raw(
            "/settings/tokens",
            &[("name", "vanha"), ("csrf_token", &before)],
        )
        .await;
    assert_eq!(with_old.status, StatusCode::FORBIDDEN);
    let with_new = client
        .post_raw(
            "/settings/tokens",
            &[("name", "uusi"), ("csrf_token", &after)],
        )
        .await;
    assert!(with_new.status.is_success() || with_new.status.is_redirection());
}

// ----- 11. No state changed by GET -----

#[tokio::test]
async fn the_language_switcher_does_not_change_a_signed_in_persons_saved_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.client_for(&writer).await;
    let saved = || async {
        user::Entity::find_by_id(writer.id)
            .one(app.db())
            .await
            .unwrap()
            .unwrap()
            .language
    };
    let before = saved().await;

    let switched = client.get("/language?lang=sv&next=/").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(saved().await, before);
    // The switch still holds in this browser, over the saved preference.
    assert_eq!(client.get("/").await.lang().as_deref(), Some("sv"));
}

// ----- 12. Smaller things -----

/// The panel form's fields, with `facilitators` as given.
fn panel_fields<'a>(org: &'a str, facilitator: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("name", "Toimituksen paneeli"),
        ("slug", "toimitus"),
        ("description", "Kuvaus"),
        ("organization_id", org),
        ("term_start", "2026-01-01"),
        ("term_end", "2028-12-31"),
        ("seat_target", "10"),
        ("seat_cap", "10"),
        ("visibility", "private"),
        ("facilitators", facilitator),
    ]
}

#[tokio::test]
async fn an_editor_may_not_make_themselves_a_panels_facilitator() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let editor = app.create_user(Role::Editor).await;
    let colleague = app.create_user(Role::Member).await;
    let client = app.client_for(&editor).await;
    let org = app.create_organization("testivirasto").await.id.to_string();
    let me = editor.id.to_string();
    let other = colleague.id.to_string();
    let t = Tr::new(Lang::Fi);

    // Not when creating a panel…
    let refused = client
        .form_post("/panels/new", "/panels", &panel_fields(&org, &me))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.text("#facilitators-error"),
        t.get("panel-facilitator-self")
    );
    assert_eq!(
        refused.attr("input[name=name]", "value"),
        ["Toimituksen paneeli"]
    );

    // …nor by editing one they manage.
    let created = client
        .form_post("/panels/new", "/panels", &panel_fields(&org, &other))
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let mut both = panel_fields(&org, &other);
    both.push(("facilitators", &me));
    let refused = client
        .form_post("/panels/toimitus/edit", "/panels/toimitus/edit", &both)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.text("#facilitators-error"),
        t.get("panel-facilitator-self")
    );
    // So the private panel's members stay closed to them.
    assert_ne!(
        client.get("/panels/toimitus/members").await.status,
        StatusCode::OK
    );

    // An administrator may appoint the editor.
    let appointed = app
        .form_post("/panels/toimitus/edit", "/panels/toimitus/edit", &both)
        .await;
    assert_eq!(
        appointed.status,
        StatusCode::SEE_OTHER,
        "{}",
        appointed.body
    );
}

#[tokio::test]
async fn an_over_limit_form_answers_413_with_a_page_in_the_readers_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let _ = app.get("/settings").await;
    let huge = "x".repeat(3 * 1024 * 1024);

    let response = app.post_form("/settings", &[("display_name", &huge)]).await;

    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    let t = Tr::new(Lang::Fi);
    assert_eq!(response.select("h1"), [t.get("error-title-413")]);
    assert!(
        response
            .select("main p")
            .contains(&t.get("error-too-large"))
    );
}

#[tokio::test]
async fn search_api_errors_use_the_common_error_body_in_the_callers_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let t = Tr::new(Lang::Sv);

    let response = reqwest::Client::new()
        .get(app.url("/api/v1/search?q=katsaus&from=eilen"))
        .header(header::ACCEPT_LANGUAGE, "sv")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation");
    assert_eq!(body["error"]["message"], t.get("error-validation"));
    let from = body["error"]["fields"]["from"].as_str().unwrap_or_default();
    assert!(!from.is_empty(), "{body:#}");
    assert_ne!(from, Tr::new(Lang::En).get("search-error-date"), "{body:#}");
}
