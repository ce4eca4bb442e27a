//! SQLite FTS5 over the same rows, in the same database file as Lupa's tables: one fts5
//! table (tokenizer `unicode61`, the default: lower case, diacritics folded, no stemming, as
//! SQLite has no Finnish stemmer) holding each published post's title and body and each
//! comment's body, ranked with FTS5's built-in BM25 (`ORDER BY rank`).
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::corpus::Query;

/// Check that the linked SQLite has FTS5 compiled in.
pub async fn check(db: &DatabaseConnection) -> anyhow::Result<String> {
    let version = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT sqlite_version()",
        ))
        .await?
        .context("no SQLite version")?
        .try_get_by_index::<String>(0)?;
    let options = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA compile_options",
        ))
        .await?;
    let has = options.iter().any(|r| {
        r.try_get_by_index::<String>(0)
            .is_ok_and(|o| o == "ENABLE_FTS5")
    });
    if !has {
        bail!("this SQLite ({version}) was built without FTS5");
    }
    Ok(version)
}

/// Build the FTS5 table; returns the time it took and its size on disk in bytes.
pub async fn build(db: &DatabaseConnection) -> anyhow::Result<(Duration, u64)> {
    let started = Instant::now();
    db.execute_unprepared(
        "CREATE VIRTUAL TABLE bench_fts USING fts5(title, body, kind UNINDEXED, ref_id UNINDEXED)",
    )
    .await?;
    db.execute_unprepared(
        "INSERT INTO bench_fts (title, body, kind, ref_id) \
         SELECT title, body_md, 'post', id FROM posts WHERE status = 'published'",
    )
    .await?;
    db.execute_unprepared(
        "INSERT INTO bench_fts (title, body, kind, ref_id) \
         SELECT '', c.body_md, 'comment', c.id FROM comments c \
         JOIN posts p ON p.id = c.post_id \
         WHERE p.status = 'published' AND c.deleted_at IS NULL AND c.hidden_at IS NULL",
    )
    .await?;
    // Merge the b-tree segments into one, as a maintained FTS5 index would be.
    db.execute_unprepared("INSERT INTO bench_fts (bench_fts) VALUES ('optimize')")
        .await?;
    let took = started.elapsed();
    Ok((took, size(db).await?))
}

/// The FTS5 table's size on disk in bytes (all its shadow tables).
pub async fn size(db: &DatabaseConnection) -> anyhow::Result<u64> {
    let size = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'bench_fts%'",
        ))
        .await?
        .context("no size")?
        .try_get_by_index::<i64>(0)?;
    Ok(size as u64)
}

/// The top 10 by rank: kind, id and title of each hit. Returns how many it found.
pub async fn search(db: &DatabaseConnection, q: &Query) -> anyhow::Result<usize> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT kind, ref_id, title FROM bench_fts WHERE bench_fts MATCH ? \
             ORDER BY rank LIMIT 10",
            [q.fts5().into()],
        ))
        .await?;
    for r in &rows {
        let _: (String, i64, String) = (
            r.try_get_by_index(0)?,
            r.try_get_by_index(1)?,
            r.try_get_by_index(2)?,
        );
    }
    Ok(rows.len())
}
