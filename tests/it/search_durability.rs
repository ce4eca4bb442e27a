//! The index stays in step with the database: `lupa reindex` rebuilds into a fresh folder
//! and swaps it in while the site serves, and the shared outbox is trimmed only below the
//! position of every live node.
use std::process::Command;

use lupa::{
    auth::Role,
    entities::{search_node, search_outbox},
    search::Search,
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};

use crate::helpers::{TestApp, TestClient};

async fn write(client: &TestClient, title: &str, body: &str) {
    let r = client
        .form_post(
            "/posts/new",
            "/posts",
            &[
                ("title", title),
                ("body", body),
                ("labels", ""),
                ("language", "fi"),
                ("visibility", "public"),
                ("status", "published"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

async fn titles(client: &TestClient, q: &str) -> Vec<String> {
    let page = client.get(&format!("/search?q={q}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.select(".search-hit__title a")
}

async fn writer_of(app: &TestApp) -> TestClient {
    app.setup_site().await;
    app.client_for(&app.create_user_in("vero", Role::Writer).await)
        .await
}

#[tokio::test]
async fn reindex_rebuilds_into_a_fresh_folder_that_the_running_site_switches_to() {
    let app = TestApp::spawn().await;
    let writer = writer_of(&app).await;
    write(&writer, "Kevään raportti", "Raportoimme keväästä.").await;
    let search = &app.state().search;
    search.catch_up().await.unwrap();
    let before = search.folder().await;
    let data_dir = app.state().settings.data_dir.clone();
    let reader = app.new_client();

    let mut command = Command::new(env!("CARGO_BIN_EXE_lupa"));
    command
        .arg("reindex")
        .arg("--data-dir")
        .arg(&data_dir)
        .env_remove("DATABASE_URL")
        .env("LUPA_LOG", "warn");
    if let Some(url) = &app.state().settings.database_url {
        command.arg("--database-url").arg(url.expose());
    }
    let child = std::thread::spawn(move || command.output().expect("running lupa reindex"));
    // The site keeps answering while the rebuild runs.
    while !child.is_finished() {
        assert_eq!(titles(&reader, "raportti").await, ["Kevään raportti"]);
    }
    let output = child.join().unwrap();
    assert!(output.status.success(), "{output:?}");
    let progress = String::from_utf8_lossy(&output.stderr);
    assert!(
        progress.contains("100%") && progress.contains("1/1"),
        "{progress}"
    );

    // The node follows the pointer (the indexer does this on its poll tick).
    assert!(search.follow_pointer().await.unwrap());
    let after = search.folder().await;
    assert_ne!(after, before);
    assert!(
        !data_dir.join("search").join(&before).exists(),
        "the old folder is removed"
    );
    assert_eq!(titles(&reader, "raportti").await, ["Kevään raportti"]);
    write(&writer, "Syksyn raportti", "Raportoimme syksystä.").await;
    search.catch_up().await.unwrap();
    let mut all = titles(&reader, "raportti").await;
    all.sort();
    assert_eq!(all, ["Kevään raportti", "Syksyn raportti"]);
}

async fn outbox_rows(app: &TestApp) -> u64 {
    search_outbox::Entity::find().count(app.db()).await.unwrap()
}

#[tokio::test]
async fn the_outbox_is_trimmed_only_below_every_live_nodes_position() {
    let app = TestApp::spawn().await;
    let writer = writer_of(&app).await;
    let first = &app.state().search;
    let other_dir = tempfile::tempdir().unwrap();
    let second = Search::open(app.db().clone(), other_dir.path()).unwrap();
    assert_ne!(first.node(), second.node());

    write(&writer, "Ensimmäinen", "Ensimmäinen kirjoitus.").await;
    let behind = second.tick(false).await.unwrap();
    write(&writer, "Toinen", "Toinen kirjoitus.").await;
    let ahead = first.tick(true).await.unwrap();
    assert!(ahead > behind);
    // The second node has not applied the newest rows: they stay.
    assert_eq!(outbox_rows(&app).await, (ahead - behind) as u64);

    second.tick(true).await.unwrap();
    assert_eq!(
        outbox_rows(&app).await,
        0,
        "both nodes have applied everything"
    );

    // A node away for longer than the limit no longer holds trimming back...
    write(&writer, "Kolmas", "Kolmas kirjoitus.").await;
    let away = search_node::Entity::find_by_id(second.node().to_owned())
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let mut away: search_node::ActiveModel = away.into();
    away.seen_at = Set(chrono::Utc::now() - chrono::Duration::days(8));
    away.update(app.db()).await.unwrap();
    first.tick(true).await.unwrap();
    assert_eq!(outbox_rows(&app).await, 0);
    write(&writer, "Neljäs", "Neljäs kirjoitus.").await;

    // ...and when it comes back it sees the gap and rebuilds, missing nothing.
    second.tick(false).await.unwrap();
    let found = second.search("kirjoitus", None, 0, 10).await.unwrap();
    assert_eq!(found.total, 4);
}
