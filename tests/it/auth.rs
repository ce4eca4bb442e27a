//! Signing in and out, sessions, CSRF, throttling, security headers, languages and the
//! pages everyone can reach.
use lupa::{
    auth::Role,
    entities::user,
    i18n::{Lang, Tr},
    web::page::urlencode,
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{SESSION_COOKIE, TestApp, TestResponse, csrf_from, setup_fields};

const WRONG_PASSWORD: &str = "väärä hevonen patteri";

#[tokio::test]
async fn signing_out_ends_the_session_so_its_old_cookie_no_longer_works() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.new_client();
    assert!(!client.is_signed_in().await);

    let signed_in = client.sign_in(&writer.email, &writer.password).await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "{}",
        signed_in.body
    );
    assert_eq!(signed_in.location().as_deref(), Some("/"));
    let front = client.get("/").await;
    assert_eq!(
        front.select(".site-account a[href='/settings']"),
        [writer.display_name.as_str()]
    );
    let cookie = client.session_cookie().expect("a session cookie");
    // The same cookie in another browser is the same session, while it lasts.
    assert!(
        client
            .with_cookie(SESSION_COOKIE, &cookie)
            .is_signed_in()
            .await
    );

    let signed_out = client.sign_out().await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_out.location().as_deref(), Some("/"));
    assert!(!client.is_signed_in().await);
    let front = client.get("/").await;
    assert!(!front.exists("form[action='/sign-out']"));
    assert!(front.exists(".site-account a[href^='/sign-in']"));

    let replayed = client.with_cookie(SESSION_COOKIE, &cookie);
    assert!(!replayed.is_signed_in().await);
}

#[tokio::test]
async fn signing_in_gives_the_session_a_new_id() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.new_client();

    // The sign-in page starts a session, because its form needs a CSRF token.
    let form = client.get("/sign-in").await;
    assert!(
        form.set_cookie(SESSION_COOKIE).is_some(),
        "{:?}",
        form.headers
    );
    let before = client
        .session_cookie()
        .expect("a session before signing in");

    let response = client.sign_in(&writer.email, &writer.password).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);

    let after = client.session_cookie().expect("a session after signing in");
    assert_ne!(before, after);
    assert!(client.is_signed_in().await);
    // An id planted before sign-in is worth nothing afterwards.
    assert!(
        !client
            .with_cookie(SESSION_COOKIE, &before)
            .is_signed_in()
            .await
    );
}

#[tokio::test]
async fn a_wrong_password_answers_401_and_keeps_the_email() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.new_client();

    let response = client.sign_in(&writer.email, WRONG_PASSWORD).await;

    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(response.attr("#email", "value"), [writer.email.as_str()]);
    assert!(
        response
            .attr("#password", "value")
            .iter()
            .all(String::is_empty)
    );
    assert_eq!(
        response.select("#sign-in-error"),
        [Tr::new(Lang::Fi).get("sign-in-invalid")]
    );
    assert_eq!(
        response.attr("#email", "aria-describedby"),
        ["sign-in-error"]
    );
    assert!(!client.is_signed_in().await);
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;

    let wrong_password = app
        .new_client()
        .sign_in(&writer.email, WRONG_PASSWORD)
        .await;
    let unknown = app
        .new_client()
        .sign_in("nobody@nowhere.example", WRONG_PASSWORD)
        .await;

    assert_eq!(unknown.status, wrong_password.status);
    assert_eq!(
        unknown.select("#sign-in-error"),
        wrong_password.select("#sign-in-error")
    );
}

#[tokio::test]
async fn after_ten_failed_sign_ins_even_the_right_password_is_refused_in_the_readers_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let client = app.client_with_language("sv");

    for attempt in 1..=10 {
        let response = client.sign_in(&writer.email, WRONG_PASSWORD).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let response = client.sign_in(&writer.email, &writer.password).await;

    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.lang().as_deref(), Some("sv"));
    assert_eq!(
        response.select("#sign-in-error"),
        [Tr::new(Lang::Sv).get("sign-in-locked")]
    );
    assert_eq!(response.attr("#email", "value"), [writer.email.as_str()]);
    assert!(!client.is_signed_in().await);
}

#[tokio::test]
async fn a_setup_post_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let client = app.new_client();
    let form = client.get("/").await;
    let real_token = csrf_from(&form.body).expect("the setup form has a token");
    let fields = setup_fields().as_pairs();

    let without = client.post_raw("/setup", &fields).await;
    let mut with_wrong = fields.clone();
    with_wrong.push((
        "csrf_token",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ));
    let wrong = client.post_raw("/setup", &with_wrong).await;
    // A token is only good in its own session.
    let mut with_stolen = fields.clone();
    with_stolen.push(("csrf_token", real_token.as_str()));
    let other_browser = app.new_client();
    other_browser.get("/").await;
    let stolen = other_browser.post_raw("/setup", &with_stolen).await;
    // No session at all.
    let no_session = app.new_client().post_raw("/setup", &with_stolen).await;

    for (what, response) in [
        ("without a token", &without),
        ("with a wrong token", &wrong),
        ("with another session's token", &stolen),
        ("without a session", &no_session),
    ] {
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{what}");
    }
    assert_eq!(
        without.select("h1"),
        [Tr::new(Lang::Fi).get("error-title-403")]
    );
    assert_eq!(user::Entity::find().count(app.db()).await.unwrap(), 0);
    assert!(app.get("/").await.exists("form[action='/setup']"));
}

#[tokio::test]
async fn signing_out_without_the_right_csrf_token_is_refused_and_keeps_the_session() {
    let app = TestApp::spawn().await;
    app.setup_site().await;

    let without = app.client.post_raw("/sign-out", &[]).await;
    let wrong = app
        .client
        .post_raw("/sign-out", &[("csrf_token", "not-the-token")])
        .await;

    assert_eq!(without.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert!(app.client.is_signed_in().await);
}

/// The value of one directive of a Content-Security-Policy.
fn csp_directive(policy: &str, name: &str) -> Option<String> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
        .map(|rest| rest.trim().to_owned())
}

fn assert_security_headers(path: &str, response: &TestResponse) {
    let csp = response
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{path} has no Content-Security-Policy"));
    let script_src =
        csp_directive(&csp, "script-src").unwrap_or_else(|| panic!("{path}: no script-src"));
    assert!(!script_src.contains("'unsafe-inline'"), "{path}: {csp}");
    assert!(!script_src.contains("'unsafe-eval'"), "{path}: {csp}");
    assert_eq!(
        csp_directive(&csp, "frame-ancestors").as_deref(),
        Some("'none'"),
        "{path}: {csp}"
    );
    assert_eq!(
        response.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{path}"
    );
    let referrer = response
        .header("referrer-policy")
        .unwrap_or_else(|| panic!("{path} has no Referrer-Policy"));
    assert!(
        !["unsafe-url", "no-referrer-when-downgrade", ""].contains(&referrer.as_str()),
        "{path}: Referrer-Policy {referrer}"
    );
}

#[tokio::test]
async fn pages_carry_the_security_headers_and_nothing_inline_the_policy_would_block() {
    let app = TestApp::spawn().await;
    // The setup form on an empty site.
    assert_security_headers("/ (setup)", &app.get("/").await);
    app.setup_site().await;

    for path in ["/", "/sign-in", "/no-such-page", "/healthz"] {
        let response = app.get(path).await;
        assert_security_headers(path, &response);
        assert!(
            !response.exists("script:not([src])"),
            "{path} has an inline script"
        );
        assert!(
            !response.exists("[style]"),
            "{path} has an inline style attribute"
        );
        assert!(!response.exists("style"), "{path} has a <style> element");
    }
    let signed_out = app.new_client();
    for path in ["/", "/sign-in"] {
        assert_security_headers(path, &signed_out.get(path).await);
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = TestApp::spawn().await;

    let page = app.get("/sign-in").await;

    let cookie = page
        .set_cookie(SESSION_COOKIE)
        .expect("the sign-in page sets the session cookie");
    let attributes: Vec<String> = cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(attributes.contains(&"httponly".to_owned()), "{cookie}");
    assert!(attributes.contains(&"samesite=lax".to_owned()), "{cookie}");
    assert!(attributes.contains(&"path=/".to_owned()), "{cookie}");
}

#[tokio::test]
async fn the_language_switcher_remembers_the_choice_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let visitor = app.new_client();
    assert_eq!(visitor.get("/").await.lang().as_deref(), Some("fi"));

    let response = visitor.get("/language?lang=sv&next=/").await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location().as_deref(), Some("/"));
    let cookie = response.set_cookie("lupa_lang").expect("a language cookie");
    assert!(cookie.starts_with("lupa_lang=sv;"), "{cookie}");
    assert_eq!(visitor.cookie("lupa_lang").as_deref(), Some("sv"));
    let front = visitor.get("/").await;
    assert_eq!(front.lang().as_deref(), Some("sv"));
    let sign_in = visitor.get("/sign-in").await;
    assert_eq!(sign_in.lang().as_deref(), Some("sv"));
    assert_eq!(sign_in.select("h1"), [Tr::new(Lang::Sv).get("sign-in")]);
    // The switcher marks the language in use.
    assert_eq!(
        sign_in.attr(".language-switcher a[aria-current]", "lang"),
        ["sv"]
    );
}

#[tokio::test]
async fn a_signed_in_persons_saved_language_follows_them_and_the_switcher_only_this_browser() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let laptop = app.client_for(&writer).await;

    // The switcher (a GET) changes this browser only.
    let switched = laptop.get("/language?lang=en&next=/").await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(laptop.get("/").await.lang().as_deref(), Some("en"));
    let phone = app.client_for(&writer).await;
    assert_eq!(phone.get("/").await.lang().as_deref(), Some("fi"));

    // Saved in the settings (a POST), the choice follows them to their next session.
    let saved = laptop
        .form_post(
            "/settings",
            "/settings",
            &[
                ("display_name", &writer.display_name),
                ("job_title", ""),
                ("language", "sv"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(laptop.get("/").await.lang().as_deref(), Some("sv"));
    let tablet = app.client_for(&writer).await;
    assert_eq!(tablet.cookie("lupa_lang"), None);
    assert_eq!(tablet.get("/").await.lang().as_deref(), Some("sv"));
}

#[tokio::test]
async fn an_unknown_address_answers_404_in_the_readers_language() {
    let app = TestApp::spawn().await;
    app.setup_site().await;

    for lang in Lang::ALL {
        let t = Tr::new(lang);
        let page = app
            .client_with_language(lang.code())
            .get("/no/such/page")
            .await;

        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert_eq!(page.lang().as_deref(), Some(lang.code()));
        assert_eq!(page.select("h1"), [t.get("error-title-404")]);
        assert!(page.select("main p").contains(&t.get("error-not-found")));
    }
    // A language chosen with the switcher wins over the browser's.
    let visitor = app.client_with_language("en");
    visitor.get("/language?lang=sv&next=/").await;
    assert_eq!(
        visitor.get("/no/such/page").await.lang().as_deref(),
        Some("sv")
    );
}

#[tokio::test]
async fn the_next_parameter_cannot_send_anyone_off_site() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;

    // With control and white-space characters a browser drops or reads as `/` (issue 13).
    let hostile = crate::security::HOSTILE_NEXT;
    for evil in [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "http:evil.example",
        "evil.example",
    ]
    .into_iter()
    .chain(hostile)
    {
        let client = app.new_client();
        let form = client
            .get(&format!("/sign-in?next={}", urlencode(evil)))
            .await;
        assert_eq!(form.attr("input[name=next]", "value"), ["/"], "{evil:?}");

        let signed_in = client
            .post_form(
                "/sign-in",
                &[
                    ("email", &writer.email),
                    ("password", &writer.password),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{evil}");
        assert_eq!(signed_in.location().as_deref(), Some("/"), "{evil}");

        let already = client
            .get(&format!("/sign-in?next={}", urlencode(evil)))
            .await;
        assert_eq!(already.location().as_deref(), Some("/"), "{evil}");

        let switched = client
            .get(&format!("/language?lang=en&next={}", urlencode(evil)))
            .await;
        assert_eq!(switched.location().as_deref(), Some("/"), "{evil}");
    }

    // A path on this site is followed.
    let client = app.new_client();
    let form = client.get("/sign-in?next=%2Flabels%3Fpage%3D2").await;
    assert_eq!(form.attr("input[name=next]", "value"), ["/labels?page=2"]);
    let signed_in = client
        .form_post(
            "/sign-in?next=%2Flabels%3Fpage%3D2",
            "/sign-in",
            &[
                ("email", &writer.email),
                ("password", &writer.password),
                ("next", "/labels?page=2"),
            ],
        )
        .await;
    assert_eq!(signed_in.location().as_deref(), Some("/labels?page=2"));
}
