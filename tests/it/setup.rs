//! The one-time setup form: shown on an empty site, creates the network and its first
//! administrator, then is gone for good.
use lupa::{
    entities::{organization, site_settings, user},
    i18n::{Lang, Tr},
};
use reqwest::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::helpers::{TestApp, csrf_from, setup_fields};

const SETUP_FORM: &str = "form[action='/setup'][method=post]";

async fn count_people(app: &TestApp) -> u64 {
    user::Entity::find().count(app.db()).await.unwrap()
}

#[tokio::test]
async fn an_empty_sites_front_page_shows_the_setup_form() {
    let app = TestApp::spawn().await;

    let page = app.get("/").await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.exists(SETUP_FORM), "no setup form:\n{}", page.body);
    for field in [
        "network_name",
        "language",
        "org_name",
        "short_name",
        "display_name",
        "email",
        "password",
    ] {
        assert!(
            page.exists(&format!("{SETUP_FORM} [name={field}]#{field}")),
            "the form has no {field} field"
        );
        assert!(
            page.exists(&format!("label[for={field}]")),
            "{field} has no label"
        );
    }
    assert!(
        csrf_from(&page.body).is_some(),
        "the form has no CSRF token"
    );
    assert_eq!(page.select("h1"), [Tr::new(Lang::Fi).get("setup-title")]);
}

#[tokio::test]
async fn submitting_the_setup_form_creates_the_administrator_and_signs_them_in() {
    let app = TestApp::spawn().await;
    let fields = setup_fields();

    let response = app.form_post("/", "/setup", &fields.as_pairs()).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location().as_deref(), Some("/"));
    let front = app.get("/").await;
    assert_eq!(front.status, StatusCode::OK);
    assert!(!front.exists(SETUP_FORM));
    assert_eq!(
        front.select(".site-account a[href='/settings']"),
        [fields.display_name]
    );
    assert!(front.exists("form[action='/sign-out']"));
    assert_eq!(
        front.select(".flash"),
        [Tr::new(Lang::Fi).get("setup-done")]
    );
    assert_eq!(front.select(".site-name"), [fields.network_name]);

    let admin = lupa::people::store::user_by_email(app.db(), fields.email)
        .await
        .unwrap()
        .expect("the administrator exists");
    assert_eq!(admin.role, "admin");
    let org = organization::Entity::find_by_id(admin.organization_id.unwrap())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (org.name.as_str(), org.short_name.as_str()),
        (fields.org_name, fields.short_name)
    );
    let settings = site_settings::Entity::find_by_id(1)
        .one(app.db())
        .await
        .unwrap()
        .expect("the site has settings");
    assert_eq!(settings.network_name, fields.network_name);

    // The administrator's password works from another browser too.
    let elsewhere = app.new_client();
    let signed_in = elsewhere.sign_in(fields.email, fields.password).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_language_chosen_at_setup_is_what_new_visitors_get() {
    let app = TestApp::spawn().await;
    let mut fields = setup_fields();
    fields.language = "sv";

    let response = app.form_post("/", "/setup", &fields.as_pairs()).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);

    let visitor = app.new_client();
    assert_eq!(visitor.get("/").await.lang().as_deref(), Some("sv"));
    assert_eq!(visitor.get("/sign-in").await.lang().as_deref(), Some("sv"));
}

#[tokio::test]
async fn after_setup_the_form_is_gone_for_good() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;

    let visitor = app.new_client();
    let front = visitor.get("/").await;
    assert_eq!(front.status, StatusCode::OK);
    assert!(!front.exists(SETUP_FORM));

    // Even with a valid token and valid input, a second setup is not there to be found.
    let mut second = setup_fields();
    second.network_name = "Kaapattu verkosto";
    second.short_name = "kaappari";
    second.email = "kaappari@evil.example";
    let answer = visitor.post_form("/setup", &second.as_pairs()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let answer = app.post_form("/setup", &second.as_pairs()).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    assert_eq!(count_people(&app).await, 1);
    assert_eq!(
        organization::Entity::find().count(app.db()).await.unwrap(),
        1
    );
    let settings = site_settings::Entity::find_by_id(1)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(settings.network_name, setup_fields().network_name);
    assert!(!visitor.is_signed_in().await);
    assert_eq!(
        app.get("/")
            .await
            .select(".site-account a[href='/settings']"),
        [admin.display_name]
    );
}

#[tokio::test]
async fn invalid_setup_input_keeps_the_form_filled_in_with_each_error_tied_to_its_field() {
    let app = TestApp::spawn().await;
    let client = app.client_with_language("en");
    let en = Tr::new(Lang::En);

    let response = client
        .form_post(
            "/",
            "/setup",
            &[
                ("network_name", "   "),
                ("language", "en"),
                ("org_name", "Verohallinto"),
                ("short_name", "vero fi"),
                ("display_name", "Maija Meikäläinen"),
                ("email", "not-an-email"),
                ("password", "too short"),
            ],
        )
        .await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.lang().as_deref(), Some("en"));
    assert!(response.exists(SETUP_FORM));
    // What was typed is kept, except the password.
    for (field, typed) in [
        ("org_name", "Verohallinto"),
        ("short_name", "vero fi"),
        ("display_name", "Maija Meikäläinen"),
        ("email", "not-an-email"),
    ] {
        assert_eq!(
            response.attr(&format!("#{field}"), "value"),
            [typed],
            "{field}"
        );
    }
    assert_eq!(response.attr("#password", "value"), [""]);
    assert_eq!(response.attr("#language option[selected]", "value"), ["en"]);
    // Each error is tied to its field, in the reader's language.
    for (field, message_key) in [
        ("network_name", "field-required"),
        ("short_name", "short-name-invalid"),
        ("email", "email-invalid"),
        ("password", "password-too-short"),
    ] {
        let input = format!("#{field}");
        assert_eq!(response.attr(&input, "aria-invalid"), ["true"], "{field}");
        let described_by = response.attr(&input, "aria-describedby");
        assert_eq!(described_by.len(), 1, "{field} has no aria-describedby");
        let messages: Vec<String> = described_by[0]
            .split_whitespace()
            .map(|id| response.text(&format!("[id='{id}']")))
            .collect();
        assert!(
            messages.contains(&en.get(message_key)),
            "{field} is described by {messages:?}"
        );
    }
    for field in ["org_name", "display_name"] {
        assert!(
            response
                .attr(&format!("#{field}"), "aria-invalid")
                .is_empty(),
            "{field}"
        );
        assert!(
            response
                .attr(&format!("#{field}"), "aria-describedby")
                .is_empty(),
            "{field}"
        );
    }
    // The summary at the top links to every field with an error.
    let summary_links = response.attr(".error-summary a", "href");
    for field in ["network_name", "short_name", "email", "password"] {
        assert!(
            summary_links.contains(&format!("#{field}")),
            "{summary_links:?}"
        );
    }
    // Nothing was created.
    assert_eq!(count_people(&app).await, 0);
    assert!(app.get("/").await.exists(SETUP_FORM));
}

#[tokio::test]
async fn the_setup_page_speaks_finnish_swedish_and_english() {
    let app = TestApp::spawn().await;

    for lang in Lang::ALL {
        let t = Tr::new(lang);
        let page = app.client_with_language(lang.code()).get("/").await;

        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.lang().as_deref(), Some(lang.code()));
        assert_eq!(page.select("h1"), [t.get("setup-title")]);
        assert_eq!(
            page.select(&format!("{SETUP_FORM} button[type=submit]")),
            [t.get("setup-submit")]
        );
        assert_eq!(page.select("label[for=email]"), [t.get("field-email")]);
        // The visitor's language is offered as the network's default.
        assert_eq!(
            page.attr("#language option[selected]", "value"),
            [lang.code()]
        );
    }
    // Without a preference, the configured default (Finnish).
    assert_eq!(
        app.new_client().get("/").await.lang().as_deref(),
        Some("fi")
    );
}
