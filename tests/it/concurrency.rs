//! Many writers and several app nodes at once: every acknowledged write becomes searchable on
//! every node, and writes that derive the same unique name (a label, a slug) all succeed.
//! PostgreSQL lets transactions commit in another order than they took their ids, which
//! SQLite's single writer hides, so the CI runs all of this on both.
use std::collections::BTreeSet;

use lupa::{
    auth::Role,
    entities::{label, panel, post},
    search::{
        Search,
        outbox::{self, Change},
    },
};
use reqwest::StatusCode;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DbBackend, EntityTrait, QueryFilter,
    TransactionTrait,
};

use crate::{
    helpers::TestApp,
    search_durability::{Node, api_search, second_node, unique_word, write},
};

/// How many public documents the node finds for `q`.
async fn found(search: &Search, q: &str) -> u64 {
    search.search(q, None, 0, 10).await.unwrap().total
}

#[tokio::test]
async fn a_change_committed_after_a_later_one_was_applied_is_found_on_both_nodes() {
    let app = TestApp::spawn().await;
    if app.db().get_database_backend() != DbBackend::Postgres {
        // SQLite has one writer at a time: a transaction cannot commit behind a later one.
        eprintln!("skipped: commit order differs from id order only on PostgreSQL");
        return;
    }
    app.setup_site().await;
    let writer = app
        .client_for(&app.create_user_in("vero", Role::Writer).await)
        .await;
    write(&writer, "Hidas muutos", "Ensimmäinen versio.").await;
    let first = &app.state().search;
    let (second, _other_dir) = second_node(&app);
    first.catch_up().await.unwrap();
    second.catch_up().await.unwrap();

    // A transaction renames the post and records the change (outbox row N), and stays open.
    let slow = post::Entity::find()
        .filter(post::Column::Title.eq("Hidas muutos"))
        .one(app.db())
        .await
        .unwrap()
        .unwrap();
    let late_word = unique_word(1);
    let txn = app.db().begin().await.unwrap();
    let mut renamed: post::ActiveModel = slow.clone().into();
    renamed.title = Set(format!("Hidas {late_word}"));
    renamed.update(&txn).await.unwrap();
    outbox::enqueue(&txn, Change::Post(slow.id)).await.unwrap();

    // A later write (row N + 1) commits first, and both nodes apply it.
    let early_word = unique_word(2);
    write(&writer, &format!("Nopea {early_word}"), "Toinen kirjoitus.").await;
    first.catch_up().await.unwrap();
    second.catch_up().await.unwrap();
    assert_eq!(found(first, &early_word).await, 1);
    assert_eq!(found(&second, &early_word).await, 1);

    // Row N commits last: both nodes still apply it, without a restart.
    txn.commit().await.unwrap();
    first.catch_up().await.unwrap();
    second.catch_up().await.unwrap();
    assert_eq!(found(first, &late_word).await, 1, "the first node");
    assert_eq!(found(&second, &late_word).await, 1, "the second node");
}

/// Post `n` words through the API of `address`, alternating posts and comments on the
/// writer's first post; returns the words of the writes that were acknowledged.
async fn stream_of_writes(
    http: reqwest::Client,
    address: String,
    token: String,
    words: Vec<String>,
) -> Vec<String> {
    let mut acknowledged = Vec::new();
    let mut slug: Option<String> = None;
    for (i, word) in words.into_iter().enumerate() {
        let response = match (&slug, i % 2) {
            (Some(slug), 1) => {
                http.post(format!("{address}/api/v1/posts/{slug}/comments"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({ "body": format!("Kommentti sanasta {word}.") }))
                    .send()
                    .await
            }
            _ => {
                http.post(format!("{address}/api/v1/posts"))
                    .bearer_auth(&token)
                    .json(&serde_json::json!({
                        "title": format!("Rinnakkain {word}"),
                        "body": "Kahdeksan kirjoittajaa yhtä aikaa.",
                        "language": "fi",
                        "visibility": "public",
                        "status": "published",
                    }))
                    .send()
                    .await
            }
        }
        .expect("the node answers");
        assert_eq!(response.status(), StatusCode::CREATED, "{word}");
        if slug.is_none() {
            let body: serde_json::Value = response.json().await.unwrap();
            slug = body["slug"].as_str().map(str::to_owned);
        }
        acknowledged.push(word);
    }
    acknowledged
}

#[tokio::test]
async fn eight_writers_on_two_nodes_leave_every_acknowledged_post_and_comment_searchable() {
    // Both nodes index while the writes go on: this one in-process, the other a `lupa serve`.
    let app = TestApp::spawn_with(|s| s.run_workers = true).await;
    app.setup_site().await;
    let database_url = app.state().settings.effective_database_url();
    let node_dir = tempfile::tempdir().unwrap();
    let node = Node::start(node_dir.path(), &database_url).await;
    let http = reqwest::Client::new();

    const WRITERS: usize = 8;
    const EACH: usize = 12;
    let mut streams = Vec::new();
    for w in 0..WRITERS {
        let writer = app
            .create_user_in(&format!("virasto{w}"), Role::Writer)
            .await;
        let token = lupa::people::service::create_api_token(app.db(), writer.id, "rinnakkain")
            .await
            .unwrap();
        let address = if w % 2 == 0 {
            app.address.clone()
        } else {
            node.address.clone()
        };
        let words = (0..EACH).map(|i| unique_word(100 + w * EACH + i)).collect();
        streams.push(tokio::spawn(stream_of_writes(
            http.clone(),
            address,
            token,
            words,
        )));
    }
    let mut acknowledged = Vec::new();
    for stream in streams {
        acknowledged.extend(stream.await.unwrap());
    }
    assert_eq!(acknowledged.len(), WRITERS * EACH);

    // Each node catches up by itself (no restart): every acknowledged word is found once.
    let search = &app.state().search;
    let target = search.outbox_position().await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(30), search.applied(target))
        .await
        .expect("this node applied the outbox");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let mut missing: BTreeSet<String> = acknowledged.iter().cloned().collect();
    while !missing.is_empty() {
        let mut still = BTreeSet::new();
        for word in &missing {
            if api_search(&http, &node, word).await.0 != 1 {
                still.insert(word.clone());
            }
        }
        missing = still;
        assert!(
            std::time::Instant::now() < deadline,
            "the other node never found {missing:?}"
        );
    }
    for word in &acknowledged {
        assert_eq!(found(search, word).await, 1, "this node: {word}");
    }
}

/// The distinct slugs of the posts with this title.
async fn post_slugs(app: &TestApp, title: &str) -> BTreeSet<String> {
    post::Entity::find()
        .filter(post::Column::Title.eq(title))
        .all(app.db())
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect()
}

/// Send eight requests at once and return their statuses.
async fn eight_at_once<F, Fut>(make: F) -> Vec<StatusCode>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = StatusCode>,
{
    futures::future::join_all((0..8).map(make)).await
}

#[tokio::test]
async fn eight_posts_at_once_naming_a_new_label_and_sharing_a_title_all_succeed() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let mut tokens = Vec::new();
    for w in 0..8 {
        let writer = app
            .create_user_in(&format!("virasto{w}"), Role::Writer)
            .await;
        tokens.push(
            lupa::people::service::create_api_token(app.db(), writer.id, "kilpa")
                .await
                .unwrap(),
        );
    }
    let http = reqwest::Client::new();
    for round in 0..10 {
        let title = format!("Sama otsikko {round}");
        let label = format!("Uusi tunniste {round}");
        let statuses = eight_at_once(|w| {
            let request = http
                .post(app.url("/api/v1/posts"))
                .bearer_auth(&tokens[w])
                .json(&serde_json::json!({
                    "title": title,
                    "body": "Kilpailemme samasta nimestä.",
                    "labels": [label],
                    "language": "fi",
                    "visibility": "public",
                    "status": "published",
                }));
            async move { request.send().await.expect("an answer").status() }
        })
        .await;
        assert_eq!(statuses, vec![StatusCode::CREATED; 8], "round {round}");
        let labels = label::Entity::find()
            .filter(label::Column::Name.eq(label.as_str()))
            .all(app.db())
            .await
            .unwrap();
        assert_eq!(labels.len(), 1, "round {round}: one label");
        let slugs = post_slugs(&app, &title).await;
        assert_eq!(slugs.len(), 8, "round {round}: distinct slugs {slugs:?}");
    }
}

#[tokio::test]
async fn eight_panels_and_eight_topics_at_once_with_one_name_all_succeed() {
    let app = TestApp::spawn().await;
    app.setup_site().await;
    let org = app.create_organization("testivirasto").await.id.to_string();
    let facilitator = app.create_user(Role::Member).await;
    let fclient = app.client_for(&facilitator).await;
    let facilitator_id = facilitator.id.to_string();
    let admin = &app.client;
    for round in 0..10 {
        let name = format!("Yhteinen paneeli {round}");
        let statuses = eight_at_once(|_| {
            let fields = [
                ("name", name.as_str()),
                ("slug", ""),
                ("description", "Sama nimi kahdeksalle."),
                ("organization_id", org.as_str()),
                ("term_start", "2026-01-01"),
                ("term_end", "2028-12-31"),
                ("seat_target", "20"),
                ("seat_cap", "20"),
                ("visibility", "private"),
                ("listed_publicly", "yes"),
                ("facilitators", facilitator_id.as_str()),
            ];
            async move { admin.post_form("/panels", &fields).await.status }
        })
        .await;
        assert_eq!(statuses, vec![StatusCode::SEE_OTHER; 8], "round {round}");
        let slugs: BTreeSet<String> = panel::Entity::find()
            .filter(panel::Column::Name.eq(name.as_str()))
            .all(app.db())
            .await
            .unwrap()
            .into_iter()
            .map(|p| p.slug)
            .collect();
        assert_eq!(slugs.len(), 8, "round {round}: distinct slugs {slugs:?}");
    }

    // Topics with one title in one panel, eight at once.
    let panel_path = format!("/panels/{}", "yhteinen-paneeli-0");
    for round in 0..10 {
        let title = format!("Sama aihe {round}");
        let statuses = eight_at_once(|_| {
            let fields = [("title", title.as_str()), ("body", "Aloitamme yhtä aikaa.")];
            let path = format!("{panel_path}/topics");
            let client = &fclient;
            async move { client.post_form(&path, &fields).await.status }
        })
        .await;
        assert_eq!(statuses, vec![StatusCode::SEE_OTHER; 8], "round {round}");
        let slugs = post_slugs(&app, &title).await;
        assert_eq!(slugs.len(), 8, "round {round}: distinct slugs {slugs:?}");
    }
}
