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

/// Set a stored session's data and expiry as if its last write had been at another time.
async fn rewrite_row(app: &TestApp, id: &str, data: &serde_json::Value, expires_at: i64) {
    session::ActiveModel {
        id: Set(id.to_owned()),
        data: Set(data.to_string()),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .update(app.db())
    .await
    .unwrap();
}

#[tokio::test]
async fn a_signed_in_page_view_leaves_an_unchanged_session_unwritten() {
    let app = TestApp::spawn_with(|s| s.session_idle_minutes = 30).await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    assert_eq!(client.get("/").await.status, reqwest::StatusCode::OK);
    // Seen just now, so the once-a-minute touch is not due; an expiry no write would set.
    let row = session_row(&app, member.id).await;
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    data["seen_at"] = now().into();
    let marker = now() + 10 * 60;
    rewrite_row(&app, &row.id, &data, marker).await;

    for path in ["/", "/archive", "/notifications"] {
        let page = client.get(path).await;
        assert_eq!(page.status, reqwest::StatusCode::OK, "{path}");
        let after = session_row(&app, member.id).await;
        assert_eq!(
            (after.expires_at, after.data.as_str()),
            (marker, data.to_string().as_str()),
            "viewing {path} wrote the unchanged session back"
        );
    }
}

#[tokio::test]
async fn a_flash_message_is_shown_once_and_its_removal_is_stored() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let row = session_row(&app, member.id).await;
    let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
    data["seen_at"] = now().into();
    data["flash"] =
        serde_json::json!({"message_key": "registration-done", "detail": "näkyy kerran"});
    rewrite_row(&app, &row.id, &data, row.expires_at).await;

    let shown = client.get("/").await;
    assert_eq!(shown.text(".flash__detail code"), "näkyy kerran");
    let stored: serde_json::Value =
        serde_json::from_str(&session_row(&app, member.id).await.data).unwrap();
    assert!(
        stored.get("flash").is_none(),
        "the shown flash is still stored"
    );
    assert!(
        !client.get("/").await.exists(".flash"),
        "the flash is shown twice"
    );
}

#[tokio::test]
async fn a_session_ended_while_a_request_ran_is_not_written_back() {
    use tower_sessions::SessionStore;

    let app = TestApp::spawn().await;
    app.setup_site().await;
    let member = app.create_user(Role::Member).await;
    let client = app.client_for(&member).await;
    let row = session_row(&app, member.id).await;
    let store = lupa::auth::session_store::DbSessionStore::new(app.db().clone());
    let id = row.id.parse().unwrap();
    // A request on some node has loaded the session and changed it...
    let mut record = store.load(&id).await.unwrap().expect("the session loads");
    record.data.insert("seen_at".to_owned(), now().into());
    // ...meanwhile the person changes their password elsewhere, which ends their sessions...
    lupa::auth::session_store::end_sessions_of(app.db(), member.id, None)
        .await
        .unwrap();
    // ...and then the first request writes its session back.
    store.save(&record).await.unwrap();

    assert!(
        session::Entity::find_by_id(row.id)
            .one(app.db())
            .await
            .unwrap()
            .is_none(),
        "an ended session came back"
    );
    assert!(!client.is_signed_in().await);
}
