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

/// Publish a public post through the editor.
pub(crate) async fn write(client: &TestClient, title: &str, body: &str) {
    crate::fixtures::write_post(client, title, body, "", "public", "published").await;
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
    assert_eq!(
        index_folders(&data_dir),
        std::slice::from_ref(&after),
        "one index folder after the swap"
    );
    write(&writer, "Syksyn raportti", "Raportoimme syksystä.").await;
    search.catch_up().await.unwrap();
    let mut all = titles(&reader, "raportti").await;
    all.sort();
    assert_eq!(all, ["Kevään raportti", "Syksyn raportti"]);
}

/// A node whose index has never been filled (a new site, or the first start after an upgrade
/// that changed the index) finds nothing until the rebuild commits: the page and the API say
/// so, with how much of the rebuild is done, and the page is kept by no cache meanwhile.
#[tokio::test]
async fn while_the_index_is_filled_for_the_first_time_search_says_so() {
    let app = TestApp::spawn().await;
    let writer = writer_of(&app).await;
    write(&writer, "Kevään raportti", "Raportoimme keväästä.").await;
    let reader = app.new_client();
    let api = |path: &str| {
        let url = app.url(path);
        async move {
            let response = reqwest::get(url).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<serde_json::Value>().await.unwrap()
        }
    };

    // The indexer has not run yet (the test app runs no workers).
    let page = reader.get("/search?q=raportti").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.select(".search-building"),
        [
            "Hakemistoa rakennetaan parhaillaan, joten haku ei vielä löydä mitään. Yritä hetken \
          kuluttua uudelleen."
        ]
    );
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    assert!(page.select(".search-hit__title a").is_empty());
    let json = api("/api/v1/search?q=raportti").await;
    // A share, not counts: those include posts a visitor may not open.
    assert_eq!(
        json["index_building"],
        serde_json::json!({"percent_done": 0})
    );

    // While the rebuild runs, it counts the posts.
    let search = app.state().search.clone();
    let seen = std::sync::Mutex::new(Vec::new());
    search
        .rebuild(|_, _| seen.lock().unwrap().push(search.building()))
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen.last().copied().flatten(),
        Some(lupa::search::Building { done: 1, total: 1 }),
        "{seen:?}"
    );
    assert_eq!(search.building(), None);

    let page = reader.get("/search?q=raportti").await;
    assert!(page.select(".search-building").is_empty());
    assert_eq!(titles(&reader, "raportti").await, ["Kevään raportti"]);
    let json = api("/api/v1/search?q=raportti").await;
    assert!(json["index_building"].is_null(), "{json}");
    assert_eq!(json["total"], 1);
}

/// The index folders under a data folder's `search/`.
fn index_folders(data_dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir.join("search"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_half_built_index_left_by_a_killed_reindex_is_removed_at_the_next_start() {
    let app = TestApp::spawn().await;
    let writer = writer_of(&app).await;
    write(&writer, "Kevään raportti", "Raportoimme keväästä.").await;
    let dir = tempfile::tempdir().unwrap();
    let analyser = || lupa::search::Analyser::detect(true);
    let node = Search::open(app.db().clone(), dir.path(), analyser()).unwrap();
    node.catch_up().await.unwrap();
    let in_use = node.folder().await;
    drop(node);

    // A reindex killed half-way: a newer folder with index files, not named by `current`.
    let prefix = in_use.rsplitn(3, '-').last().unwrap().to_owned();
    let half_built = format!("{prefix}-29991231T235959.000000-1");
    let half = dir.path().join("search").join(&half_built);
    std::fs::create_dir_all(&half).unwrap();
    std::fs::write(half.join("meta.json"), "{}").unwrap();
    std::fs::write(half.join("0123.idx"), "half").unwrap();
    assert_eq!(index_folders(dir.path()).len(), 2);

    let node = Search::open(app.db().clone(), dir.path(), analyser()).unwrap();
    assert_eq!(node.folder().await, in_use);
    assert_eq!(index_folders(dir.path()), [in_use]);
    node.catch_up().await.unwrap();
    let found = node.search("raportti", None, 0, 10).await.unwrap();
    assert_eq!(found.total, 1);
}

#[tokio::test]
async fn a_reindex_still_running_in_another_process_keeps_its_folder_when_a_node_starts() {
    let app = TestApp::spawn().await;
    writer_of(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let analyser = || lupa::search::Analyser::detect(true);
    let node = Search::open(app.db().clone(), dir.path(), analyser()).unwrap();
    let in_use = node.folder().await;
    drop(node);

    // A rebuild in progress holds its folder's writer lock (here: an open index writer).
    let prefix = in_use.rsplitn(3, '-').last().unwrap().to_owned();
    let building = format!("{prefix}-29991231T235959.000000-1");
    let building_dir = dir.path().join("search").join(&building);
    std::fs::create_dir_all(&building_dir).unwrap();
    let index =
        tantivy::Index::create_in_dir(&building_dir, lupa::search::schema::schema().0).unwrap();
    let writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();

    let node = Search::open(app.db().clone(), dir.path(), analyser()).unwrap();
    assert_eq!(node.folder().await, in_use);
    assert_eq!(index_folders(dir.path()), [in_use.clone(), building]);
    drop(writer);
}

/// Another app node's index on the same database, in a folder of its own (kept while the
/// returned folder lives).
pub(crate) fn second_node(app: &TestApp) -> (Search, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let search = Search::open(
        app.db().clone(),
        dir.path(),
        lupa::search::Analyser::detect(true),
    )
    .unwrap();
    (search, dir)
}

async fn outbox_rows(app: &TestApp) -> u64 {
    search_outbox::Entity::find().count(app.db()).await.unwrap()
}

#[tokio::test]
async fn the_outbox_is_trimmed_only_below_every_live_nodes_position() {
    let app = TestApp::spawn().await;
    let writer = writer_of(&app).await;
    let first = &app.state().search;
    let (second, _other_dir) = second_node(&app);
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
        1,
        "both nodes have applied everything: only the newest row stays, to number on from"
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
    assert_eq!(outbox_rows(&app).await, 1);
    write(&writer, "Neljäs", "Neljäs kirjoitus.").await;

    // ...and when it comes back it sees the gap and rebuilds, missing nothing.
    second.tick(false).await.unwrap();
    let found = second.search("kirjoitus", None, 0, 10).await.unwrap();
    assert_eq!(found.total, 4);
}

/// A word no other post contains, made of letters only (so every analyser keeps it whole).
pub(crate) fn unique_word(i: usize) -> String {
    let mut n = i * 7919 + 104_729;
    let mut word = String::from("tunnus");
    for _ in 0..6 {
        word.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    word
}

/// A running `lupa serve` child on a free port, with its own index folder.
pub(crate) struct Node {
    pub(crate) child: std::process::Child,
    pub(crate) address: String,
}

impl Node {
    pub(crate) async fn start(data_dir: &std::path::Path, database_url: &str) -> Node {
        let port = crate::fixtures::free_port();
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
        crate::fixtures::wait_until_serving(&node.address).await;
        node
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What the node's search API answers for `q`: the total and the titles.
pub(crate) async fn api_search(http: &reqwest::Client, node: &Node, q: &str) -> (u64, Vec<String>) {
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
    let stream = tokio::spawn(post_until_failure(
        http.clone(),
        node.address.clone(),
        token.clone(),
        "Kaatumiskoe",
        0..usize::MAX,
        written_tx,
    ));
    for _ in 0..25 {
        written_rx.recv().await.expect("the stream writes");
    }
    node.child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
    node.child.wait().unwrap();
    // The numbers run on from 0, so the first not acknowledged is the count.
    let attempted = stream.await.unwrap().len();
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

/// Post `<title> <number>` through `address` for each number until the first failure (a
/// killed node); each acknowledged post's number goes to `written`. Returns the numbers
/// acknowledged.
async fn post_until_failure(
    http: reqwest::Client,
    address: String,
    token: String,
    title: &'static str,
    numbers: std::ops::Range<usize>,
    written: tokio::sync::mpsc::UnboundedSender<usize>,
) -> Vec<usize> {
    let mut acknowledged = Vec::new();
    for i in numbers {
        let sent = http
            .post(format!("{address}/api/v1/posts"))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "title": format!("{title} {i}"),
                "body": format!("{title} kirjoittaa sanan {}.", unique_word(i)),
                "language": "fi",
                "visibility": "public",
                "status": "published",
            }))
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == StatusCode::CREATED => {
                acknowledged.push(i);
                let _ = written.send(i);
            }
            _ => break,
        }
    }
    acknowledged
}

#[tokio::test]
async fn two_nodes_one_killed_in_a_stream_of_writes_both_end_with_every_acknowledged_post() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let database_url = app.state().settings.effective_database_url();
    let mut tokens = Vec::new();
    for org in ["vero", "te"] {
        let writer = app.create_user_in(org, Role::Writer).await;
        tokens.push(
            lupa::people::service::create_api_token(app.db(), writer.id, "kaksi solmua")
                .await
                .unwrap(),
        );
    }
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = Node::start(dir_a.path(), &database_url).await;
    let b = Node::start(dir_b.path(), &database_url).await;
    let http = reqwest::Client::new();

    // Both nodes take writes at once; the first is killed with SIGKILL in the middle.
    let (a_tx, mut a_rx) = tokio::sync::mpsc::unbounded_channel();
    let (b_tx, _b_rx) = tokio::sync::mpsc::unbounded_channel();
    let to_a = tokio::spawn(post_until_failure(
        http.clone(),
        a.address.clone(),
        tokens[0].clone(),
        "Kaksi solmua",
        0..1_000,
        a_tx,
    ));
    let to_b = tokio::spawn(post_until_failure(
        http.clone(),
        b.address.clone(),
        tokens[1].clone(),
        "Kaksi solmua",
        1_000..1_060,
        b_tx,
    ));
    for _ in 0..20 {
        a_rx.recv().await.expect("the first node takes writes");
    }
    a.child.kill().expect("SIGKILL");
    a.child.wait().unwrap();
    let mut acknowledged = to_a.await.unwrap();
    assert!(acknowledged.len() >= 20);
    let from_b = to_b.await.unwrap();
    assert_eq!(from_b.len(), 60, "the second node kept taking writes");
    acknowledged.extend(from_b);

    // Restarted, the first node catches up; the second never stopped. Both find every
    // acknowledged post by its own word, once.
    let a = Node::start(dir_a.path(), &database_url).await;
    for node in [&a, &b] {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut missing: Vec<usize> = acknowledged.clone();
        while !missing.is_empty() {
            let mut still = Vec::new();
            for &i in &missing {
                if api_search(&http, node, &unique_word(i)).await.0 != 1 {
                    still.push(i);
                }
            }
            missing = still;
            assert!(
                std::time::Instant::now() < deadline,
                "{} never found posts {missing:?}",
                node.address
            );
        }
    }
}
