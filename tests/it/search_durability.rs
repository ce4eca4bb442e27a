//! The index stays in step with the database: after `kill -9` a restarted node catches up,
//! `lupa reindex` rebuilds into a fresh folder
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
    let second = Search::open(
        app.db().clone(),
        other_dir.path(),
        lupa::search::Analyser::detect(true),
    )
    .unwrap();
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

/// A word no other post contains, made of letters only (so every analyser keeps it whole).
fn unique_word(i: usize) -> String {
    let mut n = i * 7919 + 104_729;
    let mut word = String::from("tunnus");
    for _ in 0..6 {
        word.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    word
}

/// A running `lupa serve` child on a free port, with its own index folder.
struct Node {
    child: std::process::Child,
    address: String,
}

impl Node {
    async fn start(data_dir: &std::path::Path, database_url: &str) -> Node {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_lupa"))
            .arg("serve")
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--database-url")
            .arg(database_url)
            .env_remove("DATABASE_URL")
            .env("LUPA_LOG", "warn")
            // The stream writes faster than a person may (the rate is tested elsewhere).
            .env("LUPA_LIMITS__WRITES_PER_MINUTE", "100000")
            .env("LUPA_LIMITS__WRITES_PER_HOUR", "100000")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("starting lupa serve");
        let node = Node {
            child,
            address: format!("http://127.0.0.1:{port}"),
        };
        // Ready when /healthz answers (the process binds after migrating and opening).
        let http = reqwest::Client::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", node.address)).send().await
                && r.status() == StatusCode::OK
            {
                return node;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "lupa serve never answered"
            );
            // Poll interval while waiting for an observable state, not a guess at timing.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the node's search API answers for `q`: the total and the titles.
async fn api_search(http: &reqwest::Client, node: &Node, q: &str) -> (u64, Vec<String>) {
    let body: serde_json::Value = http
        .get(format!("{}/api/v1/search", node.address))
        .query(&[("q", q)])
        .send()
        .await
        .expect("the search API answers")
        .json()
        .await
        .expect("search answers JSON");
    let titles = body["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (body["total"].as_u64().unwrap_or(0), titles)
}

#[tokio::test]
async fn after_kill_9_in_a_stream_of_writes_a_restarted_node_catches_up_with_the_database() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let writer = app.create_user_in("vero", Role::Writer).await;
    let token = lupa::people::service::create_api_token(app.db(), writer.id, "kaatumiskoe")
        .await
        .unwrap();
    let database_url = app.state().settings.effective_database_url();
    let node_dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();

    // A stream of posts through the node's API; SIGKILL the node while it runs.
    let mut node = Node::start(node_dir.path(), &database_url).await;
    let (written_tx, mut written_rx) = tokio::sync::mpsc::unbounded_channel();
    let stream = {
        let (http, address, token) = (http.clone(), node.address.clone(), token.clone());
        tokio::spawn(async move {
            for i in 0.. {
                let sent = http
                    .post(format!("{address}/api/v1/posts"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({
                        "title": format!("Kaatumiskoe {i}"),
                        "body": format!("Kaatumiskoe kirjoittaa sanan {}.", unique_word(i)),
                        "language": "fi",
                        "visibility": "public",
                        "status": "published",
                    }))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status().is_success() => {
                        let _ = written_tx.send(i);
                    }
                    _ => return i,
                }
            }
            unreachable!()
        })
    };
    for _ in 0..25 {
        written_rx.recv().await.expect("the stream writes");
    }
    node.child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
    node.child.wait().unwrap();
    let attempted = stream.await.unwrap();
    assert!(attempted >= 25);

    // More writes while the node is down, through another node (the test's own app).
    let other = app.client_for(&writer).await;
    for i in attempted + 1..attempted + 4 {
        write(
            &other,
            &format!("Kaatumiskoe {i}"),
            &format!("Kaatumiskoe kirjoittaa sanan {}.", unique_word(i)),
        )
        .await;
    }

    // Restarted on the same folder, the node catches up by itself: wait until its index
    // holds as many documents as the database has published posts.
    let posts = lupa::entities::post::Entity::find()
        .all(app.db())
        .await
        .unwrap();
    assert!(posts.len() >= 28, "{}", posts.len());
    let node = Node::start(node_dir.path(), &database_url).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (total, _) = api_search(&http, &node, "kaatumiskoe").await;
        if total == posts.len() as u64 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the index holds {total} of {} posts",
            posts.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The index equals the database: every post is found by its own word, once, and
    // nothing else is.
    for post in &posts {
        let i: usize = post
            .title
            .trim_start_matches("Kaatumiskoe ")
            .parse()
            .unwrap();
        let (total, titles) = api_search(&http, &node, &unique_word(i)).await;
        assert_eq!((total, titles), (1, vec![post.title.clone()]));
    }
}
