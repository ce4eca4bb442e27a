//! The bell in the header: how many of the reader's notifications are unread (read with the
//! session, in its statement, for a signed-in reader's page; a plain link to `/notifications`,
//! no JavaScript).
use sea_orm::{
    ConnectionTrait, DbErr,
    sea_query::{Expr, Func, Query, QueryStatementBuilder},
};

use super::entities::notification;
use crate::entities::session;

/// The reader's unread count.
pub async fn unread(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    super::store::unread_count(db, user_id).await
}

/// The same count as a subquery over `sessions.user_id`, for the session store to read with
/// each session (`DbSessionStore::with_badge`), so a page costs no statement for the bell.
pub fn unread_of_session_person() -> Expr {
    let count = Query::select()
        .expr(Func::count(Expr::col((
            notification::Entity,
            notification::Column::Id,
        ))))
        .from(notification::Entity)
        .cond_where(super::store::unread_of(Expr::col((
            session::Entity,
            session::Column::UserId,
        ))))
        .to_owned();
    Expr::SubQuery(None, Box::new(count.into_sub_query_statement()))
}
