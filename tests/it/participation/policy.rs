//! Who may comment on public posts under each comment policy.
use lupa::auth::Role;
use reqwest::StatusCode;

use super::*;
use crate::helpers::{private_panel, seat};

#[tokio::test]
async fn under_the_default_policy_a_confirmed_customer_may_not_comment() {
    let (app, path) = site_with_policy("registered").await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    set_policy(&app, "staff").await;

    let page = customer.get(&path).await;
    assert!(!page.exists("#comment-form"), "{}", page.body);
    let refused = send_comment(&customer, &path, "Saanko kommentoida?").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn under_the_registered_policy_a_confirmed_customer_comments_on_public_posts() {
    let (app, path) = site_with_policy("registered").await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;

    let page = customer.get(&path).await;
    assert!(page.exists("#comment-form"), "{}", page.body);
    let sent = send_comment(&customer, &path, "Hyvä kirjoitus!").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // A customer's first comment waits for a moderator: only its writer sees it, marked.
    assert!(!app.new_client().get(&path).await.exists(".comment__author"));
    assert!(customer.get(&path).await.exists(".comment__moderation"));
    approve_newest_comment(&app).await;
    let again = app.new_client().get(&path).await;
    assert!(again.text(".comment__author").contains("Asiakas Anna"));
}

#[tokio::test]
async fn a_visitor_is_offered_registration_only_when_the_policy_allows_it() {
    let (app, path) = site_with_policy("registered").await;
    let page = app.new_client().get(&path).await;
    assert!(
        page.exists(".comments__sign-in a[href='/register']"),
        "{}",
        page.body
    );

    assert!(
        app.new_client()
            .get("/sign-in")
            .await
            .exists("main a[href='/register']")
    );

    set_policy(&app, "staff").await;
    let page = app.new_client().get(&path).await;
    assert!(!page.exists("a[href='/register']"), "{}", page.body);
    assert!(
        !app.new_client()
            .get("/sign-in")
            .await
            .exists("a[href='/register']")
    );
    assert_eq!(
        app.new_client().get("/register").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_unconfirmed_customer_is_told_to_confirm_and_the_comment_is_kept() {
    let (app, path) = site_with_policy("registered").await;
    let (customer, _) = register(&app, "Vahvistamaton", "uusi@example.fi").await;

    let page = customer.get(&path).await;
    assert!(!page.exists("#comment-form"));
    assert!(page.exists("#comment-confirm-first"), "{}", page.body);
    assert!(page.exists("#confirm-email-banner"));
    let refused = send_comment(&customer, &path, "Tämä teksti säilyy").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("Tämä teksti säilyy"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn a_customer_never_comments_on_a_members_only_post() {
    let (app, _) = site_with_policy("registered").await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let members_only =
        write_post(&app.client_for(&writer).await, "Vain jäsenille", "members").await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    assert_eq!(
        customer.get(&members_only).await.status,
        StatusCode::NOT_FOUND
    );
    let refused = send_comment(&customer, &members_only, "Hei").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_follows_the_same_policy() {
    let (app, path) = site_with_policy("registered").await;
    let _ = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let anna = lupa::people::store::user_by_email(app.db(), "anna@example.fi")
        .await
        .unwrap()
        .unwrap();
    let token = lupa::people::service::create_api_token(app.db(), anna.id, "t")
        .await
        .unwrap();
    let slug = path.trim_start_matches("/posts/");
    let http = reqwest::Client::new();
    let send = |body: &'static str| {
        http.post(app.url(&format!("/api/v1/posts/{slug}/comments")))
            .bearer_auth(&token)
            .json(&serde_json::json!({ "body": body }))
            .send()
    };
    assert_eq!(
        send("Rajapinnasta").await.unwrap().status(),
        StatusCode::CREATED
    );
    set_policy(&app, "panel_members").await;
    assert_eq!(
        send("Ei enää").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn under_the_panel_members_policy_a_panelist_comments_and_a_customer_does_not() {
    let (app, path) = site_with_policy("registered").await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    set_policy(&app, "panel_members").await;
    let facilitator = app.create_user(Role::Member).await;
    let panel = private_panel(&app, "kommenttipaneeli", facilitator.id).await;
    let panelist = app.create_user(Role::Panelist).await;
    seat(&app, panel.id, panelist.id, "member", "Yritys Oy", "it").await;

    let sent = send_comment(&app.client_for(&panelist).await, &path, "Paneelin jäsenenä").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let refused = send_comment(&customer, &path, "Asiakkaana").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // A panelist outside every panel does not comment.
    let outside = app.create_user(Role::Panelist).await;
    let refused = send_comment(&app.client_for(&outside).await, &path, "Ulkopuolelta").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_customers_held_blog_comment_is_absent_from_the_api_feed_and_search_until_approved() {
    use crate::fixtures::Client;
    let (app, path) = site_with_policy("registered").await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let sent = send_comment(&customer, &path, "Tilitoimistoille kaivattaisiin ohjeita").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let slug = path.trim_start_matches("/posts/").to_owned();

    let absent_everywhere = |held: bool| {
        let app = &app;
        let path = path.clone();
        let slug = slug.clone();
        async move {
            let api = Client::anonymous(app)
                .get(&format!("/api/v1/posts/{slug}"))
                .await;
            let feed = app.new_client().get(&format!("{path}/comments.atom")).await;
            app.state().search.catch_up().await.unwrap();
            let found = app.new_client().get("/search?q=Tilitoimistoille").await;
            let shown = [
                api.json.to_string().contains("Tilitoimistoille"),
                feed.body.contains("Tilitoimistoille"),
                found.exists(".search-hit"),
            ];
            assert_eq!(shown, [!held; 3], "api, feed, search: {}", api.json);
            assert_eq!(api.json["comment_count"], if held { 0 } else { 1 });
        }
    };
    absent_everywhere(true).await;
    approve_newest_comment(&app).await;
    absent_everywhere(false).await;
}
