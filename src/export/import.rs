//! `lupa import lupa DIR`: recreate a site from an export folder, into an empty database.
//! Every file is checked against the manifest before anything is written; then the rows go
//! in with their ids, in one transaction, parents first; PostgreSQL's sequences are moved past
//! the imported ids; and every post, comment, workshop and task is queued in the search
//! outbox, so each node's index catches up by itself.
use std::{
    collections::BTreeSet,
    fs::File,
    io::{BufRead, BufReader},
    path::Path,
};

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, EntityTrait, QuerySelect,
    Statement,
};

use super::{
    ImportError,
    dump::newest_migration,
    manifest::{Manifest, TableEntry, digest_file},
    tables::{EXPORTED, Row, Table, exported},
};
use crate::{
    db::begin_write,
    entities::{comment, post, tasks::task, workshop},
    search::outbox::{self, Change},
};

/// Rows inserted per call.
const BATCH: usize = 1000;

/// What an import brought in.
#[derive(Debug)]
pub struct ImportSummary {
    /// Rows per table, in import order.
    pub tables: Vec<(String, u64)>,
    /// Whether the export carried credentials (without them nobody can sign in with a
    /// password until one is set).
    pub credentials: bool,
    /// Changes queued for the search index.
    pub queued_for_search: u64,
}

/// Import the export in `dir` into `db`, which must hold no content yet.
#[tracing::instrument(skip(db))]
pub async fn import(db: &DatabaseConnection, dir: &Path) -> Result<ImportSummary, ImportError> {
    let manifest = Manifest::read(dir).map_err(ImportError::Manifest)?;
    let schema = newest_migration(db).await?;
    let mut plan: Vec<(&'static Table, &TableEntry)> = Vec::new();
    for entry in &manifest.tables {
        let table = exported(&entry.name).ok_or_else(|| ImportError::UnknownTable {
            table: entry.name.clone(),
            export_schema: manifest.schema.clone(),
            schema: schema.clone(),
        })?;
        check_entry(table, entry, dir, &manifest, &schema)?;
        plan.push((table, entry));
    }
    // Parents first, whatever order the manifest lists them in.
    plan.sort_by_key(|(table, _)| EXPORTED.iter().position(|t| t.name() == table.name()));

    let txn = begin_write(db).await?;
    for table in EXPORTED {
        let rows = table.io.count(&txn).await?;
        if rows > 0 {
            return Err(ImportError::NotEmpty {
                table: table.name(),
                rows,
            });
        }
    }
    let mut summary = ImportSummary {
        tables: Vec::new(),
        credentials: manifest.credentials,
        queued_for_search: 0,
    };
    for (table, entry) in plan {
        let rows = insert_file(&txn, table, &dir.join(&entry.file)).await?;
        summary.tables.push((entry.name.clone(), rows));
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        move_sequences(&txn).await?;
    }
    summary.queued_for_search = queue_for_search(&txn).await?;
    txn.commit().await?;
    Ok(summary)
}

/// The entry names a table this Lupa has with the same columns, and its file is the one the
/// manifest describes.
fn check_entry(
    table: &Table,
    entry: &TableEntry,
    dir: &Path,
    manifest: &Manifest,
    schema: &str,
) -> Result<(), ImportError> {
    let ours: BTreeSet<&str> = table.io.columns().into_iter().collect();
    let theirs: BTreeSet<&str> = entry.columns.iter().map(String::as_str).collect();
    if ours != theirs {
        return Err(ImportError::Columns {
            table: entry.name.clone(),
            export_schema: manifest.schema.clone(),
            schema: schema.to_owned(),
        });
    }
    // Only the file name the export writes: a manifest cannot point outside the folder.
    if entry.file != format!("{}.jsonl", entry.name) {
        return Err(ImportError::Manifest(format!(
            "table {} names the file {:?}, expected {}.jsonl",
            entry.name, entry.file, entry.name
        )));
    }
    let path = dir.join(&entry.file);
    let (sha256, rows) = digest_file(&path).map_err(|e| ImportError::File(path.clone(), e))?;
    if sha256 != entry.sha256 || rows != entry.rows {
        return Err(ImportError::Changed(entry.file.clone()));
    }
    Ok(())
}

async fn insert_file(
    txn: &DatabaseTransaction,
    table: &Table,
    path: &Path,
) -> Result<u64, ImportError> {
    let file_error = |e| ImportError::File(path.to_owned(), e);
    let reader = BufReader::new(File::open(path).map_err(file_error)?);
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    let mut count = 0;
    let mut first_line = 1;
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(file_error)?;
        let row: Row = serde_json::from_str(&line).map_err(|e| ImportError::Line {
            table: table.name(),
            line: i + 1,
            error: e.to_string(),
        })?;
        batch.push(row);
        count += 1;
        if batch.len() == BATCH {
            insert_batch(txn, table, std::mem::take(&mut batch), first_line).await?;
            first_line = i + 2;
        }
    }
    insert_batch(txn, table, batch, first_line).await?;
    Ok(count)
}

async fn insert_batch(
    txn: &DatabaseTransaction,
    table: &Table,
    rows: Vec<Row>,
    first_line: usize,
) -> Result<(), ImportError> {
    if rows.is_empty() {
        return Ok(());
    }
    let last_line = first_line + rows.len() - 1;
    table
        .io
        .insert(txn, rows)
        .await
        .map_err(|e| ImportError::Line {
            table: table.name(),
            line: first_line,
            error: format!("(in lines {first_line}–{last_line}) {e}"),
        })
}

/// Move each auto-numbered key's sequence past the imported ids (PostgreSQL; SQLite numbers
/// on from the largest id by itself).
async fn move_sequences(txn: &DatabaseTransaction) -> Result<(), ImportError> {
    for table in EXPORTED {
        let Some(key) = table.io.serial_key() else {
            continue;
        };
        let name = table.name();
        txn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT setval(pg_get_serial_sequence('\"{name}\"', '{key}'), \
                 COALESCE(MAX(\"{key}\"), 0) + 1, false) FROM \"{name}\""
            ),
        ))
        .await?;
    }
    Ok(())
}

/// Queue everything searchable for the index.
async fn queue_for_search(txn: &DatabaseTransaction) -> Result<u64, ImportError> {
    /// Every id of `E`'s table, as a change.
    async fn changes<E: EntityTrait>(
        txn: &DatabaseTransaction,
        id: E::Column,
        change: fn(i32) -> Change,
    ) -> Result<Vec<Change>, ImportError> {
        let ids: Vec<i32> = E::find()
            .select_only()
            .column(id)
            .into_tuple()
            .all(txn)
            .await?;
        Ok(ids.into_iter().map(change).collect())
    }
    let all = [
        changes::<post::Entity>(txn, post::Column::Id, Change::Post).await?,
        changes::<comment::Entity>(txn, comment::Column::Id, Change::Comment).await?,
        changes::<workshop::Entity>(txn, workshop::Column::Id, Change::Workshop).await?,
        changes::<task::Entity>(txn, task::Column::Id, Change::Task).await?,
    ];
    Ok(outbox::enqueue_many(txn, all.into_iter().flatten()).await?)
}
