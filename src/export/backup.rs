//! `lupa backup FILE`: a consistent copy of the live SQLite database, made with `VACUUM INTO`
//! (one read transaction: the site goes on serving and writing meanwhile, and the copy is the
//! database as it was at one instant, compact and without the write-ahead log). PostgreSQL
//! is backed up with its own tools.
use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// Why a backup was not made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "lupa backup copies a SQLite database; this site runs on PostgreSQL: back it up with \
         pg_dump, e.g. `pg_dump --format=custom --file=lupa.dump \"$DATABASE_URL\"` \
         (restore with pg_restore), or `lupa export DIR` for a copy that either database can import"
    )]
    Postgres,
    #[error("{0} exists already: choose a new file name")]
    Exists(String),
    #[error("the backup file name is not valid UTF-8")]
    Name,
    #[error("copying the database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// Copy the database to `file`, which must not exist yet.
#[tracing::instrument(skip(db))]
pub async fn backup(db: &DatabaseConnection, file: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::Postgres);
    }
    if file.exists() {
        return Err(BackupError::Exists(file.display().to_string()));
    }
    let name = file.to_str().ok_or(BackupError::Name)?;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [name.into()],
    ))
    .await?;
    Ok(())
}
