//! The database connection: SQLite done right (WAL, busy timeout, foreign keys, write
//! transactions that begin IMMEDIATE) or PostgreSQL, and the migrations.
use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqlErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

use crate::config::Settings;

/// Counts the statements a connection pool has run: tests use it to prove that a page takes
/// a fixed number of queries, however much it shows.
#[derive(Clone, Debug, Default)]
pub struct QueryCounter(Arc<AtomicU64>);

impl QueryCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Statements slower than this are logged as warnings.
const SLOW_QUERY: Duration = Duration::from_millis(500);

/// Open the configured database (creating the SQLite file and its folder if needed).
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    Ok(connect_counted(settings).await?.0)
}

/// Open the database with a statement counter and slow-query logging.
pub async fn connect_counted(
    settings: &Settings,
) -> anyhow::Result<(DatabaseConnection, QueryCounter)> {
    let url = settings.effective_database_url();
    if settings.database_url.is_none() {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("creating data folder {}", settings.data_dir.display()))?;
    }
    let sqlite = url.starts_with("sqlite:");
    let mut options = ConnectOptions::new(url);
    options
        // At least two: `migrate` holds one for its lock on PostgreSQL while it runs.
        .max_connections(settings.database_max_connections.max(2))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(settings.database_acquire_timeout)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // Deleted content is overwritten with zeros (a person's erasure).
                .pragma("secure_delete", "ON")
                .create_if_missing(true)
        })
        .map_sqlx_sqlite_pool_opts(|pool| {
            pool.after_connect(|conn, _| Box::pin(stable_query_plans(conn)))
        });
    if sqlite {
        // A connection to a file in this process cannot be dropped by a server or a network,
        // and sqlx tests each one as it is handed back: pinging it again on every acquire was
        // a round trip to the connection's thread per statement. (PostgreSQL's connections
        // are tested on every acquire, so a restarted server costs no request an error.)
        options.test_before_acquire(false);
    }
    let mut db = Database::connect(options)
        .await
        .context("connecting to the database")?;
    let counter = QueryCounter::default();
    let count = counter.0.clone();
    db.set_metric_callback(move |info| {
        count.fetch_add(1, Ordering::Relaxed);
        // `LUPA_LOG=lupa::db=trace` lists every statement a request runs.
        tracing::trace!(elapsed_us = info.elapsed.as_micros() as u64, sql = %info.statement.sql, "statement");
        if info.elapsed > SLOW_QUERY {
            tracing::warn!(elapsed_ms = info.elapsed.as_millis() as u64, sql = %info.statement.sql, "slow query");
        }
    });
    Ok((db, counter))
}

/// Keep each prepared statement's plan whatever values are later bound to it (SQLite's
/// "query planner stability guarantee"). Without it SQLite (3.4x onwards) plans a `LIMIT ?`,
/// and a `LIKE ?`, for the value bound when it was prepared and marks the statement expired
/// whenever that parameter is bound again, so every `.one()` query (sea-orm binds its
/// `LIMIT 1`) was parsed and planned afresh on every run despite sqlx's statement cache: a
/// quarter of SQLite's time on a signed-in page. The plans lost are LIKE-prefix index scans
/// for a bound pattern, which no query here needs.
async fn stable_query_plans(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> Result<(), sea_orm::sqlx::Error> {
    use libsqlite3_sys::{SQLITE_DBCONFIG_ENABLE_QPSG, SQLITE_OK, sqlite3_db_config};
    let mut handle = conn.lock_handle().await?;
    let raw = handle.as_raw_handle().as_ptr();
    let mut enabled: std::ffi::c_int = 0;
    // SAFETY: `raw` is this connection's open handle, locked away from its worker thread for
    // the call; ENABLE_QPSG takes an int (1: on) and a pointer to an int it reports into.
    let rc = unsafe {
        sqlite3_db_config(
            raw,
            SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::ffi::c_int,
            &mut enabled as *mut std::ffi::c_int,
        )
    };
    if rc != SQLITE_OK || enabled != 1 {
        return Err(sea_orm::sqlx::Error::Configuration(
            format!("SQLite refused the query planner stability guarantee (code {rc})").into(),
        ));
    }
    Ok(())
}

/// The PostgreSQL advisory lock the nodes take turns on to migrate ("lupa_migrate" in ASCII).
const MIGRATE_LOCK: i64 = 0x6c75_7061_6d69_6772;

/// Apply every pending migration. On PostgreSQL several nodes starting at once on a new
/// version take turns on an advisory lock, held by a connection of its own for the whole
/// run: the first migrates, the others then find nothing pending. (SQLite has one node.)
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    let lock = match db.get_database_backend() {
        DbBackend::Postgres => {
            let mut conn = db
                .get_postgres_connection_pool()
                .acquire()
                .await
                .context("a connection for the migration lock")?;
            sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(MIGRATE_LOCK)
                .execute(&mut *conn)
                .await
                .context("taking the migration lock")?;
            Some(conn)
        }
        _ => None,
    };
    let migrated = Migrator::up(db, None).await.context("applying migrations");
    if let Some(mut conn) = lock {
        sea_orm::sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATE_LOCK)
            .execute(&mut *conn)
            .await
            .context("releasing the migration lock")?;
    }
    migrated
}

/// Begin a transaction that will write: on SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of failing
/// half-way with SQLITE_BUSY.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
        }
        _ => db.begin().await,
    }
}

/// Rewrite the database so that deleted rows leave nothing behind in its files (a person's
/// erasure): on SQLite `VACUUM` rebuilds the file without freed pages and a truncating
/// checkpoint empties the write-ahead log; on PostgreSQL `VACUUM` marks dead row versions'
/// space free (a dump never contains them).
pub async fn compact_freed_space(db: &DatabaseConnection) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            db.execute_unprepared("VACUUM").await?;
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
        }
        _ => {
            db.execute_unprepared("VACUUM").await?;
        }
    }
    Ok(())
}

/// Whether `e` is the violation of a unique constraint on a column named `column`: another
/// transaction committed the same value first. (Both databases name the column in the
/// message: `posts_slug_key` on PostgreSQL, `posts.slug` on SQLite; `""` matches any.)
pub fn is_unique_violation(e: &DbErr, column: &str) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(m)) if m.contains(column))
}

/// Run `attempt` in a savepoint of `txn`. If it breaks a unique constraint on `column` (a
/// concurrent transaction took the value since we looked), only the savepoint is rolled back
/// and the answer is `None`, so the caller can try another value in the same transaction:
/// on PostgreSQL a failed statement would otherwise abort the whole transaction. Every
/// look-up-then-insert of a unique value goes through here or through `ON CONFLICT`.
pub async fn unless_taken<T>(
    txn: &DatabaseTransaction,
    column: &str,
    attempt: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, DbErr>,
) -> Result<Option<T>, DbErr> {
    let savepoint = txn.begin().await?;
    match attempt(&savepoint).await {
        Ok(done) => {
            savepoint.commit().await?;
            Ok(Some(done))
        }
        Err(e) if is_unique_violation(&e, column) => {
            savepoint.rollback().await?;
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// "Now" on the current app's clock (`clock::now`: the system's time unless the app was
/// started at another instant), truncated to whole seconds, so stored times compare the same
/// on both databases.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    crate::clock::now().trunc_subsecs(0)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeDelta, Timelike};

    use crate::clock::{self, Clock};

    #[tokio::test]
    async fn now_is_whole_seconds_on_the_apps_clock() {
        let start = DateTime::parse_from_rfc3339("2027-03-28T03:30:00.75+03:00")
            .unwrap()
            .to_utc();
        let now = clock::scope(Clock::starting_at(start), async { super::now() }).await;
        assert_eq!(now.nanosecond(), 0);
        assert!((now - start).abs() < TimeDelta::seconds(5), "{now}");
    }
}
