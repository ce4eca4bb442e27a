//! The demo network, exported, imported into a fresh database and exported again: the same
//! files. The middle database is PostgreSQL when `TEST_DATABASE_URL` is set (SQLite →
//! PostgreSQL → SQLite), else another SQLite file.
use lupa::{
    db, demo,
    export::{ExportOptions, ImportError, export, import},
};
use reqwest::StatusCode;

use super::{assert_same_exports, rows_of, sqlite_in};
use crate::helpers::TestApp;

const WITH_CREDENTIALS: ExportOptions = ExportOptions {
    with_credentials: true,
};

#[tokio::test]
async fn demo_exported_imported_into_the_other_engine_and_back_exports_the_same_bytes() {
    let (_source_dir, source) = demo_source().await;
    super::fill_the_rest(&source).await;
    let out = tempfile::tempdir().unwrap();
    let (first, second, third) = (
        out.path().join("first"),
        out.path().join("second"),
        out.path().join("third"),
    );
    let manifest = export(&source, &first, WITH_CREDENTIALS).await.unwrap();
    let empty: Vec<_> = manifest.tables.iter().filter(|t| t.rows == 0).collect();
    assert!(
        empty.is_empty(),
        "every table takes part in the round trip: add a row to fill_the_rest for {empty:?}"
    );
    assert_eq!(
        rows_of(&first, "post_revisions")[0]["created_at"],
        "2026-12-06T10:00:00.123456Z"
    );

    // Exporting the same data twice gives the same bytes.
    let again = out.path().join("again");
    export(&source, &again, WITH_CREDENTIALS).await.unwrap();
    assert_same_exports(&first, &again);

    let middle = TestApp::spawn().await;
    let summary = import(middle.db(), &first).await.unwrap();
    assert!(summary.queued_for_search >= 16, "{summary:?}");
    export(middle.db(), &second, WITH_CREDENTIALS)
        .await
        .unwrap();
    assert_same_exports(&first, &second);

    let back_dir = tempfile::tempdir().unwrap();
    let back = sqlite_in(back_dir.path()).await;
    import(&back, &second).await.unwrap();
    export(&back, &third, WITH_CREDENTIALS).await.unwrap();
    assert_same_exports(&first, &third);

    // The imported site works: people sign in with their passwords, new rows get new ids
    // (PostgreSQL's sequences moved on), and search finds the imported posts.
    let admin = middle.new_client();
    admin
        .sign_in("aino.administraattori@vero.example", demo::DEMO_PASSWORD)
        .await;
    assert!(admin.is_signed_in().await);
    let org = middle.create_organization("uusi").await;
    let most = rows_of(&first, "organizations")
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .max()
        .unwrap();
    assert!(i64::from(org.id) > most, "new id {} after {most}", org.id);
    middle.state().search.catch_up().await.unwrap();
    let page = middle.get("/search?q=asiansa").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.select(".search-hit__title a")
            .iter()
            .any(|t| t.contains("kertomaan asiansa kolmesti")),
        "{:?}",
        page.select(".search-hit__title a")
    );
}

#[tokio::test]
async fn without_credentials_no_password_hash_or_token_leaves_the_site() {
    let (dir, source) = demo_source().await;
    lupa::people::service::create_api_token_for_email(
        &source,
        &lupa::people::model::Email::parse("aino.administraattori@vero.example").unwrap(),
        "cli",
    )
    .await
    .unwrap();
    let out = dir.path().join("export");
    let manifest = export(&source, &out, ExportOptions::default())
        .await
        .unwrap();
    assert!(!manifest.credentials);
    let users = rows_of(&out, "users");
    assert!(users.len() > 20);
    assert!(
        users.iter().all(|u| u["password_hash"] == ""),
        "a hash left"
    );
    for table in [
        "api_tokens",
        "invitations",
        "panel_invitations",
        "calendar_feeds",
    ] {
        assert!(
            !out.join(format!("{table}.jsonl")).exists(),
            "{table} exported"
        );
    }
    let everything: String = super::files_of(&out)
        .into_iter()
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    assert!(
        !everything.contains("$argon2"),
        "a password hash in the export"
    );

    // With them, the hashes and the token are there.
    let full = dir.path().join("full");
    export(&source, &full, WITH_CREDENTIALS).await.unwrap();
    // (Placeholder authors of the imported blog and erased accounts have no password.)
    let hashes: Vec<String> = rows_of(&full, "users")
        .iter()
        .map(|u| u["password_hash"].as_str().unwrap().to_owned())
        .filter(|h| !h.is_empty())
        .collect();
    assert!(!hashes.is_empty());
    assert!(hashes.iter().all(|h| h.starts_with("$argon2")));
    assert_eq!(rows_of(&full, "api_tokens").len(), 1);

    // The import of the export without credentials signs nobody in.
    let target = TestApp::spawn().await;
    import(target.db(), &out).await.unwrap();
    let client = target.new_client();
    client
        .sign_in("aino.administraattori@vero.example", demo::DEMO_PASSWORD)
        .await;
    assert!(!client.is_signed_in().await);
}

#[tokio::test]
async fn anonymous_answers_are_written_without_respondent_or_time_in_id_order() {
    let (dir, source) = demo_source().await;
    let out = dir.path().join("export");
    export(&source, &out, ExportOptions::default())
        .await
        .unwrap();
    let anonymous: Vec<i64> = rows_of(&out, "poll_tasks")
        .iter()
        .filter(|t| t["anonymous"] == true)
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert!(!anonymous.is_empty(), "the demo has an anonymous task");
    let sets = rows_of(&out, "poll_answer_sets");
    let secret: Vec<_> = sets
        .iter()
        .filter(|s| anonymous.contains(&s["task_id"].as_i64().unwrap()))
        .collect();
    assert!(secret.len() > 1, "the demo's anonymous task has answers");
    assert!(
        secret
            .iter()
            .all(|s| s["respondent_id"].is_null() && s["saved_at"].is_null())
    );
    let ids: Vec<i64> = sets.iter().map(|s| s["id"].as_i64().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "answer sets in id (random) order");
}

#[tokio::test]
async fn import_refuses_a_database_with_content_and_changes_nothing() {
    let (dir, source) = demo_source().await;
    let out = dir.path().join("export");
    export(&source, &out, ExportOptions::default())
        .await
        .unwrap();

    let target = TestApp::spawn().await;
    target.setup_site().await;
    let before = rows_in(&target).await;
    let err = import(target.db(), &out).await.unwrap_err();
    assert!(matches!(err, ImportError::NotEmpty { .. }), "{err}");
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(rows_in(&target).await, before);
}

#[tokio::test]
async fn import_refuses_a_changed_file_before_writing_anything() {
    let (dir, source) = demo_source().await;
    let out = dir.path().join("export");
    export(&source, &out, ExportOptions::default())
        .await
        .unwrap();
    let posts = out.join("posts.jsonl");
    let text = std::fs::read_to_string(&posts).unwrap();
    std::fs::write(&posts, text.replacen("Miksi", "Miksei", 1)).unwrap();

    let target = TestApp::spawn().await;
    let err = import(target.db(), &out).await.unwrap_err();
    assert!(matches!(err, ImportError::Changed(_)), "{err}");
    assert_eq!(rows_in(&target).await, 0);
}

/// A SQLite database in a temp folder filled with the demo network.
async fn demo_source() -> (tempfile::TempDir, sea_orm::DatabaseConnection) {
    let dir = tempfile::tempdir().unwrap();
    let source = sqlite_in(dir.path()).await;
    demo::fill(&source, db::now()).await.unwrap();
    (dir, source)
}

async fn rows_in(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    lupa::entities::user::Entity::find()
        .count(app.db())
        .await
        .unwrap()
        + lupa::entities::organization::Entity::find()
            .count(app.db())
            .await
            .unwrap()
}
