//! Export and move: demo → export → import (into the other engine when `TEST_DATABASE_URL` is
//! set) → export gives the same bytes; the schema guard; credentials; refusals; backup.
mod backup;
mod cli;
mod roundtrip;
mod schema_guard;

use std::path::{Path, PathBuf};

use lupa::{config::Settings, db};
use sea_orm::DatabaseConnection;

/// A migrated SQLite database in `dir`, whatever `TEST_DATABASE_URL` says.
pub async fn sqlite_in(dir: &Path) -> DatabaseConnection {
    let settings = Settings {
        data_dir: dir.to_owned(),
        database_url: None,
        ..Settings::default()
    };
    let conn = db::connect(&settings).await.expect("opening SQLite");
    db::migrate(&conn).await.expect("migrating SQLite");
    conn
}

/// The files of an export folder with their bytes, by name.
pub fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p: PathBuf| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Two export folders hold the same files, byte for byte (the first differing line is shown).
pub fn assert_same_exports(a: &Path, b: &Path) {
    let (a, b) = (files_of(a), files_of(b));
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the exports have different files");
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        if x != y {
            let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
            let diff = x
                .lines()
                .zip(y.lines())
                .enumerate()
                .find(|(_, (l, r))| l != r)
                .map(|(i, (l, r))| format!("line {}:\n  {l}\n  {r}", i + 1))
                .unwrap_or_else(|| "a different number of lines".into());
            panic!("{name} differs, {diff}");
        }
    }
}

/// The rows of one table's file.
pub fn rows_of(dir: &Path, table: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    std::fs::read_to_string(dir.join(format!("{table}.jsonl")))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
