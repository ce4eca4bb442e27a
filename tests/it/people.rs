//! People end to end: invitations (shown, or emailed over real SMTP), accepting one,
//! settings, tokens, and what deactivation and password changes do to sessions.
use lupa::auth::Role;
use reqwest::StatusCode;

use crate::{
    helpers::{PASSWORD, TestApp, TestClient},
    smtp,
};

/// Invite `email` as `role` into the first organisation in the form; returns the flash page.
async fn invite(client: &TestClient, email: &str, role: &str) -> crate::helpers::TestResponse {
    let page = client.get("/admin/people").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let org = page
        .attr("#organization option", "value")
        .first()
        .cloned()
        .expect("an organisation to invite into");
    let response = client
        .form_post(
            "/admin/people",
            "/admin/people",
            &[("email", email), ("organization", &org), ("role", role)],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    client.get(&response.location().unwrap()).await
}

fn invitation_path(text: &str) -> String {
    let start = text.find("/invitations/").expect("an invitation link");
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '-')
        .collect()
}

#[tokio::test]
async fn invite_accept_and_sign_in() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let shown = invite(&app.client, "uusi.henkilo@ely.example", "writer").await;
    let link = invitation_path(&shown.text(".flash__detail code"));

    let newcomer = app.new_client();
    let form = newcomer.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("uusi.henkilo@ely.example"));
    // A short password is refused and the rest of the form is kept.
    let refused = newcomer
        .form_post(
            &link,
            &link,
            &[
                ("display_name", "Uusi Henkilö"),
                ("job_title", "Neuvoja"),
                ("password", "lyhyt"),
                ("language", "sv"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr("#display_name", "value"), ["Uusi Henkilö"]);
    let accepted = newcomer
        .form_post(
            &link,
            &link,
            &[
                ("display_name", "Uusi Henkilö"),
                ("job_title", "Neuvoja"),
                ("password", PASSWORD),
                ("language", "sv"),
            ],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert!(newcomer.is_signed_in().await);
    // A writer may write, and the interface follows the chosen language.
    let editor = newcomer.get("/posts/new").await;
    assert_eq!(editor.status, StatusCode::OK);
    assert_eq!(editor.lang().as_deref(), Some("sv"));

    // The link was single-use.
    assert_eq!(
        app.new_client().get(&link).await.status,
        StatusCode::NOT_FOUND
    );
    // The new person signs in with their own password.
    newcomer.sign_out().await;
    let again = app.new_client();
    assert_eq!(
        again
            .sign_in("uusi.henkilo@ely.example", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn with_smtp_configured_the_invitation_is_emailed() {
    let (url, mut inbox) = smtp::start().await;
    let app = TestApp::spawn_with(|s| {
        s.smtp_url = Some(lupa::config::Secret::new(url));
        s.run_workers = true;
    })
    .await;
    app.setup_site().await;
    let shown = invite(&app.client, "postitse@vero.example", "member").await;
    assert!(
        !shown.exists(".flash__detail code"),
        "the link is not shown when it is emailed"
    );

    let mail = tokio::time::timeout(std::time::Duration::from_secs(20), inbox.recv())
        .await
        .expect("the invitation email within 20 s")
        .expect("an email");
    assert_eq!(mail.to, ["postitse@vero.example"]);
    let link = invitation_path(&mail.text());
    assert!(mail.html().contains(&link));
    assert!(!mail.subject().is_empty());
    assert_eq!(app.new_client().get(&link).await.status, StatusCode::OK);
}

#[tokio::test]
async fn editors_invite_but_cannot_grant_admin_and_writers_cannot_invite() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let editor = app.client_for(&app.create_user(Role::Editor).await).await;
    let page = editor.get("/admin/people").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page
            .attr("#role option", "value")
            .contains(&"admin".to_owned())
    );
    let org = page.attr("#organization option", "value")[0].clone();
    let refused = editor
        .form_post(
            "/admin/people",
            "/admin/people",
            &[
                ("email", "x@y.example"),
                ("organization", &org),
                ("role", "admin"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let writer = app.client_for(&app.create_user(Role::Writer).await).await;
    assert_eq!(
        writer.get("/admin/people").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let laptop = app.client_for(&member).await;
    let phone = app.client_for(&member).await;
    let wrong = laptop
        .form_post(
            "/settings",
            "/settings/password",
            &[
                ("current_password", "ei tämä ollut se"),
                ("new_password", "uusi pitkä salasana"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(phone.is_signed_in().await, "a failed change ends nothing");
    let changed = laptop
        .form_post(
            "/settings",
            "/settings/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "uusi pitkä salasana"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert!(laptop.is_signed_in().await);
    assert!(!phone.is_signed_in().await);
    assert_eq!(
        app.new_client()
            .sign_in(&member.email, PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.new_client()
            .sign_in(&member.email, "uusi pitkä salasana")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_deactivated_person_is_signed_out_and_their_tokens_stop_working_but_their_posts_stay() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user(Role::Writer).await;
    let session = app.client_for(&writer).await;
    let post = session
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", "Jää talteen"),
                ("body", "Teksti."),
                ("visibility", "public"),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    let token = lupa::people::service::create_api_token(app.db(), writer.id, "testi")
        .await
        .unwrap();
    let api = reqwest::Client::new();
    let me = |t: &str| {
        api.get(app.url("/api/v1/posts"))
            .bearer_auth(t.to_owned())
            .send()
    };
    assert_eq!(me(&token).await.unwrap().status(), StatusCode::OK);

    let response = app
        .form_post(
            "/admin/people",
            &format!("/admin/people/{}", writer.id),
            &[("active", "false")],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert!(!session.is_signed_in().await);
    assert_eq!(
        app.new_client()
            .sign_in(&writer.email, PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(me(&token).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.new_client().get("/posts/jaa-talteen").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_person_creates_and_revokes_an_api_token_in_settings() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let created = client
        .form_post("/settings", "/settings/tokens", &[("name", "Skripti")])
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let token = created.text(".flash__detail code");
    assert!(token.starts_with("lupa_"), "{token}");
    let api = reqwest::Client::new();
    let call = || {
        api.get(app.url("/api/v1/posts"))
            .bearer_auth(token.clone())
            .send()
    };
    assert_eq!(call().await.unwrap().status(), StatusCode::OK);
    // The settings page lists it without showing it again.
    let settings = client.get("/settings").await;
    assert!(settings.body.contains("Skripti"));
    assert!(!settings.body.contains(&token));
    let revoke_action = settings
        .attr("form[action$='/revoke']", "action")
        .first()
        .cloned()
        .expect("a revoke button");
    let revoked = client.form_post("/settings", &revoke_action, &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(call().await.unwrap().status(), StatusCode::UNAUTHORIZED);
}
