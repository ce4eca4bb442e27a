//! Every table of the schema is either exported or listed as left out with a reason, so a
//! table added later cannot be forgotten by `lupa export`.
use std::collections::BTreeSet;

use lupa::export::tables::{EXPORTED, NOT_EXPORTED};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::TestApp;

async fn schema_tables(app: &TestApp) -> BTreeSet<String> {
    let db = app.db();
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .collect()
}

#[tokio::test]
async fn every_table_is_exported_or_left_out_with_a_reason() {
    let app = TestApp::spawn().await;
    let schema = schema_tables(&app).await;
    assert!(schema.contains("posts"), "{schema:?}");
    let exported: BTreeSet<String> = EXPORTED.iter().map(|t| t.name().to_owned()).collect();
    let left_out: BTreeSet<String> = NOT_EXPORTED.iter().map(|(t, _)| (*t).to_owned()).collect();
    let forgotten: Vec<_> = schema
        .iter()
        .filter(|t| !exported.contains(*t) && !left_out.contains(*t))
        .collect();
    assert!(
        forgotten.is_empty(),
        "tables neither exported nor listed in export::tables::NOT_EXPORTED with a reason: \
         {forgotten:?}"
    );
    let unknown: Vec<_> = exported
        .union(&left_out)
        .filter(|t| !schema.contains(*t))
        .collect();
    assert!(
        unknown.is_empty(),
        "listed but not in the schema: {unknown:?}"
    );
    assert!(exported.is_disjoint(&left_out));
    assert_eq!(exported.len(), EXPORTED.len(), "a table exported twice");
    assert!(NOT_EXPORTED.iter().all(|(_, why)| why.len() > 10));
}
