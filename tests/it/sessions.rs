//! Sessions live in the database: they expire after the idle timeout, activity keeps them
//! alive, and a person's sessions end together.
use lupa::{auth::Role, entities::session};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::TestApp;

async fn session_row(app: &TestApp, user_id: i32) -> session::Model {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .one(app.db())
        .await
        .unwrap()
        .expect("a stored session for the person")
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[tokio::test]
async fn an_idle_session_expires_and_activity_keeps_one_alive() {
    let app = TestApp::spawn_with(|s| s.session_idle_minutes = 30).await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let row = session_row(&app, member.id).await;
    assert!(
        (row.expires_at - (now() + 30 * 60)).abs() < 60,
        "expiry is the idle timeout from now"
    );

    // Pretend the last request was long ago and the session is about to lapse.
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    data["seen_at"] = 0.into();
    session::ActiveModel {
        id: Set(row.id.clone()),
        data: Set(data.to_string()),
        expires_at: Set(now() + 5),
        ..Default::default()
    }
    .update(app.db())
    .await
    .unwrap();
    assert!(client.is_signed_in().await);
    let renewed = session_row(&app, member.id).await;
    assert!(
        renewed.expires_at > now() + 29 * 60,
        "a request renews the idle timeout"
    );

    // A session idle past its expiry is gone.
    session::ActiveModel {
        id: Set(row.id),
        expires_at: Set(now() - 1),
        ..Default::default()
    }
    .update(app.db())
    .await
    .unwrap();
    assert!(!client.is_signed_in().await);
}

#[tokio::test]
async fn sessions_survive_a_restart_of_the_app_on_the_same_database() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let cookie = client.session_cookie().expect("a session cookie");
    // A second app node on the same database accepts the same cookie.
    let other_node = lupa::startup::Application::build(lupa::config::Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: Some(lupa::config::Secret::new(
            app.state().settings.effective_database_url(),
        )),
        run_workers: false,
        ..Default::default()
    })
    .await
    .unwrap();
    let port = other_node.port();
    let server = tokio::spawn(async move {
        let _ = other_node.run().await;
    });
    let there = crate::helpers::TestClient::new(&format!("http://127.0.0.1:{port}"), None)
        .with_cookie(crate::helpers::SESSION_COOKIE, &cookie);
    assert!(there.is_signed_in().await);
    server.abort();
}
