//! Customers take part: who may comment under each site setting, self-registration with an
//! email confirmation link, deleting one's account, the privacy notice, the admin's site
//! settings and open panels.
mod deletion;
mod demo;
mod policy;
mod registration;
mod settings;

use lupa::entities::email_outbox;
use reqwest::StatusCode;
use sea_orm::{EntityTrait, QueryOrder};

use crate::helpers::{PASSWORD, TestApp, TestClient, TestResponse, write_post};

/// A set-up site (the default client is its admin) with a public post by a writer; the
/// comment policy is `policy`. Returns the app and the post's path.
pub(crate) async fn site_with_policy(policy: &str) -> (TestApp, String) {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", lupa::auth::Role::Writer).await;
    let path = write_post(&app.client_for(&writer).await, "Avoin kirjoitus", "public").await;
    set_policy(&app, policy).await;
    (app, path)
}

/// The settings form as sent, with the defaults and `policy`.
pub(crate) fn settings_fields(policy: &str) -> Vec<(&'static str, String)> {
    vec![
        ("comment_policy", policy.to_owned()),
        ("premoderate_first", "1".into()),
        ("flags_to_hide", "3".into()),
        ("newcomer_days", "7".into()),
        ("newcomer_writes_per_hour", "5".into()),
        ("newcomer_links", "2".into()),
        ("feedback_retention_months", "12".into()),
    ]
}

/// Change the comment policy through the admin's settings form.
pub(crate) async fn set_policy(app: &TestApp, policy: &str) {
    let fields = settings_fields(policy);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app
        .form_post("/admin/settings", "/admin/settings", &pairs)
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

/// Fill in the registration form with a new client; returns the client and the answer.
pub(crate) async fn register(app: &TestApp, name: &str, email: &str) -> (TestClient, TestResponse) {
    let client = app.new_client();
    let response = client
        .form_post(
            "/register",
            "/register",
            &[
                ("display_name", name),
                ("email", email),
                ("password", PASSWORD),
                ("language", "fi"),
                ("consent", "yes"),
            ],
        )
        .await;
    (client, response)
}

/// The path of the newest confirmation link emailed to `to`.
pub(crate) async fn confirmation_link(app: &TestApp, to: &str) -> String {
    emailed_link(app, to, "/register/confirm/").await
}

/// The path starting with `prefix` in the newest email to `to` that has one.
pub(crate) async fn emailed_link(app: &TestApp, to: &str, prefix: &str) -> String {
    let mail = email_outbox::Entity::find()
        .order_by_desc(email_outbox::Column::Id)
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to_address == to && m.body_text.contains(prefix))
        .expect("an email with the link");
    let at = mail.body_text.find(prefix).expect("a link in the email");
    mail.body_text[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

/// Register and confirm a customer; returns their signed-in client.
pub(crate) async fn confirmed_customer(app: &TestApp, name: &str, email: &str) -> TestClient {
    let (client, response) = register(app, name, email).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let link = confirmation_link(app, email).await;
    let confirmed = client.get(&link).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    client
}

/// Send the comment form; returns the answer.
pub(crate) async fn send_comment(client: &TestClient, path: &str, body: &str) -> TestResponse {
    client
        .form_post(
            path,
            &format!("{path}/comments"),
            &[("body", body), ("parent_id", "")],
        )
        .await
}

/// A customer's first contributions wait for a moderator (issue 15's pre-moderation): the site's
/// admin approves the newest comment through the moderation queue.
pub(crate) async fn approve_newest_comment(app: &TestApp) {
    use sea_orm::{EntityTrait, QueryOrder};
    let newest = lupa::entities::comment::Entity::find()
        .order_by_desc(lupa::entities::comment::Column::Id)
        .one(app.db())
        .await
        .unwrap()
        .expect("a comment");
    let approved = app
        .client
        .form_post(
            "/moderation",
            &format!("/moderation/comment/{}/approve", newest.id),
            &[],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
}
