//! SQLite keeps each statement it has prepared: running one again with other values does not
//! parse and plan it again (`db::stable_query_plans`).
use std::ffi::CStr;

use libsqlite3_sys::{
    SQLITE_STMTSTATUS_REPREPARE, sqlite3_next_stmt, sqlite3_sql, sqlite3_stmt_status,
};
use sea_orm::{DbBackend, sqlx};

use crate::helpers::TestApp;

/// sea-orm binds every `LIMIT` (`.one()` is `LIMIT ?` with 1), so this is most statements.
const LIMITED: &str = "SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?";

#[tokio::test]
async fn a_statement_with_a_bound_limit_is_not_prepared_again_on_each_run() {
    let app = TestApp::spawn().await;
    if app.db().get_database_backend() != DbBackend::Sqlite {
        return;
    }
    app.setup_site().await;
    let pool = app.db().get_sqlite_connection_pool();
    let mut conn = pool.acquire().await.unwrap();
    for limit in [1, 2, 1, 3] {
        sqlx::query(LIMITED)
            .bind(0)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    }

    let mut handle = conn.lock_handle().await.unwrap();
    let db = handle.as_raw_handle().as_ptr();
    let mut reprepared = None;
    // SAFETY: `db` is the connection's open handle, locked away from its worker thread while
    // we walk its prepared statements; none is finalized meanwhile.
    unsafe {
        let mut stmt = sqlite3_next_stmt(db, std::ptr::null_mut());
        while !stmt.is_null() {
            if CStr::from_ptr(sqlite3_sql(stmt)).to_str() == Ok(LIMITED) {
                reprepared = Some(sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 0));
            }
            stmt = sqlite3_next_stmt(db, stmt);
        }
    }
    assert_eq!(
        reprepared,
        Some(0),
        "the cached statement was prepared again (None: not cached)"
    );
}
