//! `lupa backup`: a consistent copy of a live SQLite database while writes go on; PostgreSQL
//! is pointed to pg_dump.
use lupa::{
    entities::organization,
    export::{BackupError, backup},
    people::{
        model::{OrgName, ShortName},
        service as people,
    },
};
use sea_orm::{ConnectionTrait, Database, DbBackend, EntityTrait, PaginatorTrait, Statement};

use crate::helpers::TestApp;

async fn add_org(db: &sea_orm::DatabaseConnection, n: usize) {
    people::create_organization(
        db,
        OrgName::parse(&format!("Virasto {n}")).unwrap(),
        ShortName::parse(&format!("virasto-{n}")).unwrap(),
        "",
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn backup_of_a_live_sqlite_database_while_writes_happen_opens_with_the_rows() {
    let app = TestApp::spawn_with(|s| s.database_url = None).await;
    let db = app.db().clone();
    for n in 0..5 {
        add_org(&db, n).await;
    }
    let writer = tokio::spawn({
        let db = db.clone();
        async move {
            for n in 5..200 {
                add_org(&db, n).await;
            }
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("lupa-kopio.db");
    // The site answers while the copy is made.
    let (made, page) = tokio::join!(backup(&db, &copy), app.get("/"));
    made.unwrap();
    assert!(page.status.is_success());
    writer.await.unwrap();

    let opened = Database::connect(format!("sqlite://{}?mode=ro", copy.display()))
        .await
        .unwrap();
    let check = opened
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
    let copied = organization::Entity::find().count(&opened).await.unwrap();
    assert!(
        (5..=200).contains(&copied),
        "{copied} organisations in the copy"
    );

    // An existing file is not overwritten.
    let again = backup(&db, &copy).await.unwrap_err();
    assert!(matches!(again, BackupError::Exists(_)), "{again}");
}

#[tokio::test]
async fn backup_of_postgresql_points_to_pg_dump() {
    let app = TestApp::spawn().await;
    if app.db().get_database_backend() != DbBackend::Postgres {
        return; // runs in the PostgreSQL pass
    }
    let dir = tempfile::tempdir().unwrap();
    let err = backup(app.db(), &dir.path().join("x.db"))
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Postgres));
    assert!(err.to_string().contains("pg_dump"), "{err}");
}
