//! Several nodes starting at once on a new version (PostgreSQL only: SQLite has one node):
//! they take turns on the migration lock, and every one of them starts.
use sea_orm::{ConnectionTrait, Database};

#[tokio::test]
async fn three_nodes_migrating_a_fresh_database_at_once_all_succeed() {
    let Ok(server_url) = std::env::var("TEST_DATABASE_URL") else {
        return; // SQLite run: one node per database, nothing to race.
    };
    let name = format!("lupa_test_{}", &lupa::auth::tokens::random_token()[..16]);
    let admin = Database::connect(server_url.as_str()).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    let mut url = reqwest::Url::parse(&server_url).unwrap();
    url.set_path(&format!("/{name}"));

    let runs: Vec<_> = (0..3)
        .map(|_| {
            tokio::process::Command::new(env!("CARGO_BIN_EXE_lupa"))
                .arg("migrate")
                .env("DATABASE_URL", url.as_str())
                .env("LUPA_LOG", "warn")
                .env("RUST_BACKTRACE", "0")
                .output()
        })
        .collect();
    let outputs = futures::future::join_all(runs).await;

    admin
        .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .await
        .unwrap();
    for out in outputs {
        let out = out.unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
