//! Self-registration: the form, the confirmation link and the customer role.
use lupa::{auth::Role, entities::user};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;

use super::*;
use crate::fixtures::Client;

#[tokio::test]
async fn registering_makes_a_signed_in_unconfirmed_customer_and_emails_a_link() {
    let (app, _) = site_with_policy("registered").await;
    let (client, response) = register(&app, "Asiakas Anna", "Anna@Example.fi").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert!(client.is_signed_in().await);

    let anna = lupa::people::store::user_by_email(app.db(), "anna@example.fi")
        .await
        .unwrap()
        .expect("the account");
    assert_eq!(anna.user_role(), Some(Role::Customer));
    assert!(anna.email_confirmed_at.is_none());
    assert!(anna.terms_accepted_at.is_some());
    assert_eq!(anna.organization_id, None);
    let link = confirmation_link(&app, "anna@example.fi").await;
    // Only a hash of the token is stored.
    let token = link.rsplit('/').next().unwrap();
    let rows = lupa::entities::email_confirmation::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.token_hash != token));
}

#[tokio::test]
async fn a_confirmation_link_works_once() {
    let (app, _) = site_with_policy("registered").await;
    let (client, _) = register(&app, "Asiakas Anna", "anna@example.fi").await;
    let link = confirmation_link(&app, "anna@example.fi").await;

    let first = client.get(&link).await;
    assert_eq!(first.status, StatusCode::OK);
    let anna = user::Entity::find()
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "anna@example.fi")
        .unwrap();
    assert!(anna.email_confirmed());
    assert!(!client.get("/").await.exists("#confirm-email-banner"));

    let again = client.get(&link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(
        again.exists("form[action='/register/resend']"),
        "{}",
        again.body
    );
}

#[tokio::test]
async fn an_expired_link_is_refused_and_a_new_one_is_throttled() {
    let (app, _) = site_with_policy("registered").await;
    let (client, _) = register(&app, "Asiakas Anna", "anna@example.fi").await;
    let link = confirmation_link(&app, "anna@example.fi").await;
    // The link's 48 hours have passed.
    for row in lupa::entities::email_confirmation::Entity::find()
        .all(app.db())
        .await
        .unwrap()
    {
        let mut row: lupa::entities::email_confirmation::ActiveModel = row.into();
        row.expires_at = sea_orm::ActiveValue::Set(app.now() - chrono::Duration::hours(1));
        row.created_at = sea_orm::ActiveValue::Set(app.now() - chrono::Duration::hours(49));
        sea_orm::ActiveModelTrait::update(row, app.db())
            .await
            .unwrap();
    }

    let late = client.get(&link).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);
    let resent = client.form_post("/", "/register/resend", &[]).await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    let new_link = confirmation_link(&app, "anna@example.fi").await;
    assert_ne!(new_link, link);
    // A second link at once is refused.
    let too_soon = client.form_post("/", "/register/resend", &[]).await;
    assert_eq!(too_soon.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(client.get(&new_link).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_taken_email_is_refused_on_its_field_and_the_form_kept_without_the_password() {
    let (app, _) = site_with_policy("registered").await;
    let _ = register(&app, "Asiakas Anna", "anna@example.fi").await;
    let (_, again) = register(&app, "Toinen Anna", "ANNA@example.fi").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.exists("#email-error"), "{}", again.body);
    assert_eq!(again.attr("#display_name", "value"), ["Toinen Anna"]);
    assert_eq!(again.attr("#password", "value"), Vec::<String>::new());
    assert_eq!(again.attr("#consent", "checked"), [""]);
}

#[tokio::test]
async fn registration_without_consent_is_refused() {
    let (app, _) = site_with_policy("registered").await;
    let response = app
        .new_client()
        .form_post(
            "/register",
            "/register",
            &[
                ("display_name", "Anna"),
                ("email", "anna@example.fi"),
                ("password", crate::helpers::PASSWORD),
                ("language", "sv"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.exists("#consent-error"));
    assert!(response.exists("a[href='/privacy']"));
}

#[tokio::test]
async fn registration_is_closed_unless_the_policy_is_registered() {
    let (app, _) = site_with_policy("panel_members").await;
    assert_eq!(
        app.new_client().get("/register").await.status,
        StatusCode::NOT_FOUND
    );
    let response = app
        .new_client()
        .post_form(
            "/register",
            &[
                ("display_name", "Anna"),
                ("email", "anna@example.fi"),
                ("password", crate::helpers::PASSWORD),
                ("language", "fi"),
                ("consent", "yes"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let api = Client::anonymous(&app)
        .post(
            "/api/v1/registrations",
            json!({"display_name": "Anna", "email": "anna@example.fi",
                   "password": crate::helpers::PASSWORD, "language": "fi", "consent": true}),
        )
        .await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_registers_with_the_forms_rules() {
    let (app, _) = site_with_policy("registered").await;
    let api = Client::anonymous(&app);
    let made = api
        .post(
            "/api/v1/registrations",
            json!({"display_name": "Bengt", "email": "bengt@example.fi",
                   "password": crate::helpers::PASSWORD, "language": "sv", "consent": true}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{:#}", made.json);
    assert_eq!(made.json["role"], "customer");
    assert_eq!(made.json["email_confirmed"], false);
    let taken = api
        .post(
            "/api/v1/registrations",
            json!({"display_name": "Bengt", "email": "bengt@example.fi",
                   "password": "short", "language": "xx", "consent": false}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.fields(), ["consent", "language", "password"]);
}

#[tokio::test]
async fn registrations_from_one_address_are_limited() {
    let (app, _) = site_with_policy("registered").await;
    let mut last = StatusCode::OK;
    for n in 0..11 {
        let (_, response) = register(&app, "Massa", &format!("massa{n}@example.fi")).await;
        last = response.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_customer_sees_no_members_only_content() {
    let (app, _) = site_with_policy("registered").await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let secret = write_post(
        &app.client_for(&writer).await,
        "Salainen suunnitelma",
        "members",
    )
    .await;
    let customer = confirmed_customer(&app, "Asiakas Anna", "anna@example.fi").await;

    assert_eq!(customer.get(&secret).await.status, StatusCode::NOT_FOUND);
    assert!(
        !customer
            .get("/")
            .await
            .body
            .contains("Salainen suunnitelma")
    );
    assert!(
        !customer
            .get("/feed.atom")
            .await
            .body
            .contains("Salainen suunnitelma")
    );
    assert!(
        !customer
            .get("/archive")
            .await
            .body
            .contains("Salainen suunnitelma")
    );
    app.state().search.catch_up().await.unwrap();
    let found = customer.get("/search?q=Salainen").await;
    assert!(!found.exists(".search-hit"), "{}", found.body);
    let org = customer.get("/organizations/vero").await;
    assert!(!org.body.contains("Salainen suunnitelma"), "{}", org.body);
    // Nor a private panel they are not in.
    let panel = crate::helpers::private_panel(&app, "suljettu", writer.id).await;
    assert_eq!(
        customer
            .get(&format!("/panels/{}", panel.slug))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The writer has only members-only writing: no person page for the customer.
    assert_eq!(
        customer.get(&format!("/people/{}", writer.id)).await.status,
        StatusCode::NOT_FOUND
    );
}
