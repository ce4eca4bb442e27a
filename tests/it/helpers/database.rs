//! Each test's own database: a temp SQLite file, or a fresh PostgreSQL database when
//! `TEST_DATABASE_URL` is set, dropped when the test ends.
use reqwest::Url;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use tempfile::TempDir;

pub(super) struct TestDatabase {
    pub(super) _dir: TempDir,
    pub(super) _postgres: Option<PgDatabase>,
}

pub(super) fn test_database_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// A PostgreSQL database made for one test and dropped (`WITH (FORCE)`, PostgreSQL 13+)
/// when the test ends, pass or fail.
pub(super) struct PgDatabase {
    server_url: String,
    name: String,
    pub(super) url: String,
}

impl PgDatabase {
    pub(super) async fn create(server_url: &str) -> PgDatabase {
        let token = lupa::auth::tokens::random_token();
        let name = format!("lupa_test_{}", &token[..16]);
        let mut url = Url::parse(server_url).expect("TEST_DATABASE_URL is a URL");
        let parent = url.path().trim_start_matches('/').to_owned();
        let admin = admin_connection(server_url).await;
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
        // Says which database it was made through, so that CI can drop exactly the leftovers
        // of its own run (a killed test process never reaches `Drop`).
        admin
            .execute_unprepared(&format!(
                "COMMENT ON DATABASE \"{name}\" IS '{}'",
                test_database_comment(&parent).replace('\'', "''")
            ))
            .await
            .unwrap_or_else(|e| panic!("COMMENT ON DATABASE {name}: {e}"));
        let _ = admin.close().await;
        url.set_path(&format!("/{name}"));
        PgDatabase {
            server_url: server_url.to_owned(),
            name,
            url: url.to_string(),
        }
    }
}

/// The comment on a per-test database; `.ci/run` looks for `lupa-test via <its database>`.
fn test_database_comment(parent: &str) -> String {
    format!("lupa-test via {parent}")
}

async fn admin_connection(server_url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(server_url.to_owned());
    options
        .max_connections(1)
        .min_connections(0)
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .unwrap_or_else(|e| panic!("connecting to TEST_DATABASE_URL: {e}"))
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Drop cannot await, and the test's runtime may be the one being dropped from: do the
        // work on a thread with its own small runtime and wait for it.
        let server_url = self.server_url.clone();
        let name = self.name.clone();
        let outcome = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let admin = admin_connection(&server_url).await;
                let dropped = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                let _ = admin.close().await;
                dropped
            })
        })
        .join();
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}
