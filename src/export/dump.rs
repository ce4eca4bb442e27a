//! `lupa export DIR`: the whole site as one JSON Lines file per table and a manifest, read in
//! one transaction (a consistent snapshot while the site serves), rows in primary-key order
//! and keys in alphabetical order, so the same data always gives the same bytes.
use std::{
    fs::File,
    io::{BufWriter, Write},
    path::Path,
};

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel, Statement,
    TransactionTrait,
};
use serde_json::Value as Json;

use super::{
    ExportError,
    manifest::{FORMAT, FORMAT_VERSION, Hashing, Manifest, TableEntry},
    tables::{EXPORTED, Kind, RowError},
};

/// `lupa export`'s options.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExportOptions {
    /// Include password hashes and the tables of token hashes (API tokens, invitation,
    /// calendar and confirmation links).
    pub with_credentials: bool,
}

/// Write the export into `dir` (created if missing; it must be empty) and return its manifest.
#[tracing::instrument(skip(db))]
pub async fn export(
    db: &DatabaseConnection,
    dir: &Path,
    options: ExportOptions,
) -> Result<Manifest, ExportError> {
    prepare_folder(dir)?;
    let txn = match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
        _ => db.begin().await?,
    };
    let schema = newest_migration(&txn).await?;
    let mut tables = Vec::new();
    for table in EXPORTED {
        if table.kind == Kind::Credentials && !options.with_credentials {
            continue;
        }
        let file = format!("{}.jsonl", table.name());
        let mut out = Hashing::new(BufWriter::new(File::create(dir.join(&file))?));
        let secrets = if options.with_credentials {
            &[][..]
        } else {
            table.secret_columns
        };
        let rows = table
            .io
            .rows(&txn, &mut |mut row| {
                for (column, stand_in) in secrets {
                    row.insert((*column).to_owned(), Json::from(*stand_in));
                }
                serde_json::to_writer(&mut out, &row).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
                Ok::<_, RowError>(())
            })
            .await
            .map_err(|e| ExportError::Table(table.name(), e))?;
        tables.push(TableEntry {
            name: table.name().to_owned(),
            file,
            columns: table.io.columns().into_iter().map(str::to_owned).collect(),
            rows,
            sha256: out.finish()?,
        });
    }
    txn.commit().await?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema,
        credentials: options.with_credentials,
        tables,
    };
    manifest.write(dir)?;
    Ok(manifest)
}

fn prepare_folder(dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir)?;
    if std::fs::read_dir(dir)?.next().is_some() {
        return Err(ExportError::FolderNotEmpty(dir.to_owned()));
    }
    Ok(())
}

/// The name of the newest migration applied to the database.
pub(super) async fn newest_migration(db: &impl ConnectionTrait) -> Result<String, sea_orm::DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT MAX(version) AS version FROM seaql_migrations",
        ))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<Option<String>>("", "version").ok().flatten())
        .unwrap_or_default())
}
