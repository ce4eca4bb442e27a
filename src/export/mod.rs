//! Export and move: the whole site as versioned JSON Lines (`lupa export`), recreated in an
//! empty database of either engine (`lupa import lupa`), and a live copy of a SQLite
//! database (`lupa backup`). See docs/export.md.
pub mod backup;
pub mod dump;
pub mod import;
pub mod manifest;
pub mod tables;
pub mod value;

use std::path::PathBuf;

pub use backup::{BackupError, backup};
pub use dump::{ExportOptions, export};
pub use import::{ImportSummary, import};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} is not empty: export into a new or empty folder")]
    FolderNotEmpty(PathBuf),
    #[error("table {0}: {1}")]
    Table(&'static str, tables::RowError),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("reading the database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// Why an import failed (nothing is imported then: it runs in one transaction).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Manifest(String),
    #[error(
        "the database is not empty (table {table} has {rows} rows): import into a new, empty \
         database — a fresh data folder, or a newly created PostgreSQL database"
    )]
    NotEmpty { table: &'static str, rows: u64 },
    #[error(
        "the export has a table {table} this Lupa does not know: it was made at schema \
         {export_schema}, this database is at {schema}; import it with the Lupa that made it"
    )]
    UnknownTable {
        table: String,
        export_schema: String,
        schema: String,
    },
    #[error(
        "table {table} has other columns in the export than in this Lupa: the export was made \
         at schema {export_schema}, this database is at {schema}; import it with the Lupa that \
         made it, then upgrade"
    )]
    Columns {
        table: String,
        export_schema: String,
        schema: String,
    },
    #[error(
        "{0} does not match the manifest (checksum or row count): the export was changed or is incomplete"
    )]
    Changed(String),
    #[error("{table}.jsonl line {line}: {error}")]
    Line {
        table: &'static str,
        line: usize,
        error: String,
    },
    #[error("reading {0}: {1}")]
    File(PathBuf, std::io::Error),
    #[error("writing the database: {0}")]
    Db(#[from] sea_orm::DbErr),
}
