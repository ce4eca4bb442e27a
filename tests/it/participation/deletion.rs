//! Deleting one's own account: sign-in, sessions and tokens end at once, and the name
//! becomes "former participant" wherever it was shown.
use lupa::entities::{api_token, audit_entry, user};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use super::*;
use crate::fixtures::Client;

const FORMER: &str = "entinen osallistuja";

async fn person(app: &TestApp, email: &str) -> user::Model {
    lupa::people::store::user_by_email(app.db(), email)
        .await
        .unwrap()
        .expect("the person")
}

#[tokio::test]
async fn deleting_an_account_ends_everything_and_leaves_a_former_participant() {
    let (app, path) = site_with_policy("registered").await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;
    let sent = send_comment(&customer, &path, "Kommentti ennen poistoa").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    approve_newest_comment(&app).await;
    let anna = person(&app, "anna@example.fi").await;
    let token = lupa::people::service::create_api_token(app.db(), anna.id, "t")
        .await
        .unwrap();
    let other_session = app.new_client();
    assert_eq!(
        other_session
            .sign_in("anna@example.fi", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // A wrong password deletes nothing.
    let wrong = customer
        .form_post(
            "/settings/data",
            "/settings/data/erase",
            &[("erase_password", "väärä salasana")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.exists("#erase_password-error"));

    let deleted = customer
        .form_post(
            "/settings/data",
            "/settings/data/erase",
            &[("erase_password", PASSWORD)],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);

    let row = user::Entity::find_by_id(anna.id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(row.removed_at.is_some() && !row.active);
    assert_eq!(row.email, format!("removed-{}@invalid", anna.id));
    // The name itself is gone; readers see "former participant" in their own language.
    assert!(row.display_name.is_empty());
    assert!(row.password_hash.is_empty());
    let tokens = api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(anna.id))
        .all(app.db())
        .await
        .unwrap();
    assert!(tokens.is_empty());
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("delete_account"))
        .all(app.db())
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].subject_user_id, Some(anna.id));

    // Sign-in, the other session and the token are refused.
    let again = app.new_client();
    assert_ne!(
        again.sign_in("anna@example.fi", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(!other_session.is_signed_in().await);
    assert!(!customer.is_signed_in().await);
    let with_token = reqwest::Client::new()
        .get(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(with_token.status(), StatusCode::UNAUTHORIZED);

    // The comment stays, by a former participant: on the page, in the feed, the API, search.
    let page = app.new_client().get(&path).await;
    assert!(
        page.text(".comment__author").contains(FORMER),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Asiakas Anna"));
    let feed = app.new_client().get(&format!("{path}/comments.atom")).await;
    assert!(
        feed.body.contains(FORMER) && !feed.body.contains("Asiakas Anna"),
        "{}",
        feed.body
    );
    let slug = path.trim_start_matches("/posts/");
    let api = Client::anonymous(&app)
        .get(&format!("/api/v1/posts/{slug}"))
        .await;
    assert!(api.json.to_string().contains(FORMER), "{:#}", api.json);
    assert!(!api.json.to_string().contains("Asiakas Anna"));
    app.state().search.catch_up().await.unwrap();
    let found = app.new_client().get("/search?q=poistoa").await;
    assert!(found.exists(".search-hit"), "{}", found.body);
    assert!(
        found.text(".search-hit__meta").contains(FORMER),
        "{}",
        found.body
    );
    // Each reader sees it in their own language (the site's default is Finnish).
    for (lang, former) in [("sv", "tidigare deltagare"), ("en", "former participant")] {
        let page = app.client_with_language(lang).get(&path).await;
        assert!(
            page.text(".comment__author").contains(former),
            "{lang}: {}",
            page.body
        );
        assert!(!page.body.contains(FORMER), "{lang}: {}", page.body);
        let feed = app
            .client_with_language(lang)
            .get(&format!("{path}/comments.atom"))
            .await;
        assert!(feed.body.contains(former), "{lang}: {}", feed.body);
        let api = Client::anonymous(&app)
            .in_language(lang)
            .get(&format!("/api/v1/posts/{slug}"))
            .await;
        let text = api.json.to_string();
        assert!(
            text.contains(former) && !text.contains(FORMER),
            "{lang}: {text}"
        );
        let found = app
            .client_with_language(lang)
            .get("/search?q=poistoa")
            .await;
        assert!(
            found.text(".search-hit__meta").contains(former),
            "{lang}: {}",
            found.body
        );
        let hits = Client::anonymous(&app)
            .in_language(lang)
            .get("/api/v1/search?q=poistoa")
            .await;
        assert_eq!(hits.json["hits"][0]["author"], former, "{lang}");
    }
    // No person page.
    assert_eq!(
        app.new_client()
            .get(&format!("/people/{}", anna.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_api_deletes_the_callers_account_with_the_password() {
    let (app, _) = site_with_policy("registered").await;
    let _ = confirmed_customer(&app, "Bengt Kund", "bengt@example.fi").await;
    let bengt = person(&app, "bengt@example.fi").await;
    let token = lupa::people::service::create_api_token(app.db(), bengt.id, "t")
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let delete = |password: &'static str| {
        http.delete(app.url("/api/v1/me"))
            .bearer_auth(&token)
            .json(&json!({ "password": password }))
            .send()
    };
    let wrong = delete("väärin").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        delete(PASSWORD).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        delete(PASSWORD).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let row = user::Entity::find_by_id(bengt.id)
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    assert!(row.removed_at.is_some());
}
