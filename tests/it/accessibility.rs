//! The accessibility statement: linked from every page's footer, in three languages, with
//! contact details only admins change.
use lupa::auth::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn every_page_links_to_the_accessibility_statement() {
    let app = TestApp::spawn().await;
    // Even the setup form of an empty site.
    assert!(
        app.new_client()
            .get("/")
            .await
            .exists("footer a[href='/accessibility']")
    );
    app.setup_site().await;
    for path in [
        "/",
        "/archive",
        "/sign-in",
        "/no-such-page",
        "/accessibility",
    ] {
        let page = app.new_client().get(path).await;
        // The help group, first in the footer: the statement, then how to reach us.
        assert_eq!(
            page.attr("footer nav:first-of-type a", "href"),
            ["/accessibility", "/accessibility#feedback"],
            "{path} has no help links in its footer"
        );
    }
    let page = app.new_client().get("/accessibility").await;
    assert!(page.exists("h2#feedback + p + address"));
}

#[tokio::test]
async fn the_statement_reads_in_finnish_swedish_and_english_with_the_contact_email() {
    let app = TestApp::spawn().await;
    let admin = app.setup_site().await;
    for (lang, title) in [
        ("fi", "Saavutettavuusseloste"),
        ("sv", "Tillgänglighetsutlåtande"),
        ("en", "Accessibility statement"),
    ] {
        let page = app.client_with_language(lang).get("/accessibility").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.lang().as_deref(), Some(lang));
        assert_eq!(page.select("h1"), [title]);
        assert_eq!(
            page.attr("address a", "href"),
            [format!("mailto:{}", admin.email)]
        );
        assert!(
            !page.exists("form[action='/accessibility']"),
            "readers get no form"
        );
    }
}

#[tokio::test]
async fn admins_change_the_contact_details_and_others_cannot() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let bad = app
        .form_post(
            "/accessibility",
            "/accessibility",
            &[
                ("contact_email", "ei-osoite"),
                ("accessibility_contact", "Puhelin 09 123"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.attr("#contact_email", "aria-describedby"),
        ["contact_email-error"]
    );
    assert_eq!(bad.select("#accessibility_contact"), ["Puhelin 09 123"]);
    let saved = app
        .form_post(
            "/accessibility",
            "/accessibility",
            &[
                ("contact_email", "saavutettavuus@virasto.example"),
                (
                    "accessibility_contact",
                    "Puhelin 09 123\nPL 1, 00100 Helsinki",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = app.new_client().get("/accessibility").await;
    assert_eq!(page.select("address a"), ["saavutettavuus@virasto.example"]);
    assert!(page.text("address").contains("PL 1, 00100 Helsinki"));

    let editor = app.client_for(&app.create_user(Role::Editor).await).await;
    let refused = editor
        .form_post(
            "/accessibility",
            "/accessibility",
            &[
                ("contact_email", "x@y.example"),
                ("accessibility_contact", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.new_client()
            .get("/accessibility")
            .await
            .select("address a"),
        ["saavutettavuus@virasto.example"]
    );
}

#[tokio::test]
async fn the_statement_is_there_before_setup_too() {
    let app = TestApp::spawn().await;
    let page = app.new_client().get("/accessibility").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.exists("address a"));
}

#[tokio::test]
async fn the_statement_names_the_standards_the_tests_and_the_enforcement_body() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    for (lang, body) in [
        (
            "fi",
            "Etelä-Suomen aluehallintoviraston saavutettavuusvalvonta",
        ),
        (
            "sv",
            "tillgänglighetstillsynen vid Regionförvaltningsverket i Södra Finland",
        ),
        (
            "en",
            "Regional State Administrative Agency for Southern Finland",
        ),
    ] {
        let page = app.client_with_language(lang).get("/accessibility").await;
        let text = page.text("main");
        for needle in [
            "WCAG 2.1",
            "WCAG 2.2",
            "wcag22aa",
            "best-practice",
            "320",
            body,
        ] {
            assert!(
                text.contains(needle),
                "{lang}: no {needle:?} in the statement"
            );
        }
        // Every check the browser suite runs is named: axe, keyboard, reflow and target size,
        // dragging, help, re-entry, sign-in and HTML.
        assert_eq!(page.select("main h2 + p + ul li").len(), 8, "{lang}");
    }
}
