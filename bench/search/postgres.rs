//! PostgreSQL full-text search over the same rows: a fresh database with one `docs` table
//! (each published post's title and body, each comment's body), a stored `tsvector` column
//! made with the `finnish` configuration (title weighted A, body B) and a GIN index on it;
//! queries through `websearch_to_tsquery('finnish', …)`, ordered by `ts_rank`, top 10.
use std::time::{Duration, Instant};

use anyhow::Context;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};

use crate::corpus::Query;

pub struct Postgres {
    admin: Option<DatabaseConnection>,
    pub db: DatabaseConnection,
    name: String,
}

/// Rows copied per INSERT statement.
const BATCH: i64 = 2000;

impl Postgres {
    /// Create a fresh database next to the one `url` names.
    pub async fn create(url: &str) -> anyhow::Result<Postgres> {
        let admin = Database::connect(url)
            .await
            .with_context(|| format!("connecting to {url}"))?;
        let name = format!("lupa_search_bench_{}", std::process::id());
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await?;
        // Room for the GIN build, as one would give it on a server doing this for real.
        admin
            .execute_unprepared(&format!(
                "ALTER DATABASE \"{name}\" SET maintenance_work_mem = '256MB'"
            ))
            .await?;
        let (base, _) = url
            .rsplit_once('/')
            .context("no database name in the URL")?;
        let db = Database::connect(format!("{base}/{name}")).await?;
        db.execute_unprepared(
            "CREATE TABLE docs (id bigint PRIMARY KEY, kind text NOT NULL, \
             ref_id integer NOT NULL, title text NOT NULL, body text NOT NULL)",
        )
        .await?;
        Ok(Postgres {
            admin: Some(admin),
            db,
            name,
        })
    }

    /// An already built benchmark database (`--existing`), kept afterwards.
    pub async fn existing(url: &str) -> anyhow::Result<Postgres> {
        let db = Database::connect(url)
            .await
            .with_context(|| format!("connecting to {url}"))?;
        Ok(Postgres {
            admin: None,
            db,
            name: String::new(),
        })
    }

    /// Sizes of the GIN index and of the tsvector column, in bytes.
    pub async fn sizes(&self) -> anyhow::Result<(u64, u64)> {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SELECT pg_relation_size('docs_tsv')::bigint, \
                 (SELECT SUM(pg_column_size(tsv)) FROM docs)::bigint",
            ))
            .await?
            .context("no sizes")?;
        let gin: i64 = row.try_get_by_index(0)?;
        let column: i64 = row.try_get_by_index(1)?;
        Ok((gin as u64, column as u64))
    }

    pub async fn version(&self) -> anyhow::Result<String> {
        Ok(self
            .db
            .query_one_raw(Statement::from_string(
                DbBackend::Postgres,
                "SHOW server_version",
            ))
            .await?
            .context("no version")?
            .try_get_by_index::<String>(0)?)
    }

    /// Copy the published posts and visible comments from Lupa's SQLite database.
    pub async fn load(&self, sqlite: &DatabaseConnection) -> anyhow::Result<u64> {
        let sources = [
            (
                "post",
                "SELECT id, title, body_md FROM posts WHERE status = 'published' AND id > ? \
                 ORDER BY id LIMIT ?",
            ),
            (
                "comment",
                "SELECT c.id, '', c.body_md FROM comments c JOIN posts p ON p.id = c.post_id \
                 WHERE p.status = 'published' AND c.deleted_at IS NULL AND c.hidden_at IS NULL \
                 AND c.id > ? ORDER BY c.id LIMIT ?",
            ),
        ];
        let mut row_id: i64 = 0;
        for (kind, sql) in sources {
            let mut after: i64 = 0;
            loop {
                let rows = sqlite
                    .query_all_raw(Statement::from_sql_and_values(
                        DbBackend::Sqlite,
                        sql,
                        [after.into(), BATCH.into()],
                    ))
                    .await?;
                if rows.is_empty() {
                    break;
                }
                let mut values: Vec<Value> = Vec::with_capacity(rows.len() * 5);
                let mut placeholders = Vec::with_capacity(rows.len());
                for r in &rows {
                    let id: i64 = r.try_get_by_index(0)?;
                    let title: String = r.try_get_by_index(1)?;
                    let body: String = r.try_get_by_index(2)?;
                    row_id += 1;
                    after = id;
                    let n = values.len();
                    placeholders.push(format!(
                        "(${}, ${}, ${}, ${}, ${})",
                        n + 1,
                        n + 2,
                        n + 3,
                        n + 4,
                        n + 5
                    ));
                    values.extend([
                        row_id.into(),
                        kind.into(),
                        (id as i32).into(),
                        title.into(),
                        body.into(),
                    ]);
                }
                self.db
                    .execute_raw(Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        format!(
                            "INSERT INTO docs (id, kind, ref_id, title, body) VALUES {}",
                            placeholders.join(", ")
                        ),
                        values,
                    ))
                    .await?;
            }
        }
        Ok(row_id as u64)
    }

    /// Make the tsvector column and its GIN index; returns the time and the size of both.
    pub async fn build(&self) -> anyhow::Result<(Duration, u64, u64)> {
        let started = Instant::now();
        self.db
            .execute_unprepared(
                "ALTER TABLE docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (\
                 setweight(to_tsvector('finnish', title), 'A') || \
                 setweight(to_tsvector('finnish', body), 'B')) STORED",
            )
            .await?;
        self.db
            .execute_unprepared("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
            .await?;
        self.db.execute_unprepared("VACUUM ANALYZE docs").await?;
        let took = started.elapsed();
        let (gin, column) = self.sizes().await?;
        Ok((took, gin, column))
    }

    /// The top 10 by `ts_rank`: kind, id and title of each hit. Returns how many it found.
    pub async fn search(&self, q: &Query) -> anyhow::Result<usize> {
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT kind, ref_id, title FROM docs, websearch_to_tsquery('finnish', $1) q \
                 WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10",
                [q.text().into()],
            ))
            .await?;
        for r in &rows {
            let _: (String, i32, String) = (
                r.try_get_by_index(0)?,
                r.try_get_by_index(1)?,
                r.try_get_by_index(2)?,
            );
        }
        Ok(rows.len())
    }

    /// Drop the benchmark's database.
    pub async fn drop(self) -> anyhow::Result<()> {
        self.db.close().await?;
        if let Some(admin) = self.admin {
            admin
                .execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
                .await?;
        }
        Ok(())
    }
}
