//! The bell in the header: how many of the reader's notifications are unread (one query per
//! page for a signed-in reader; a plain link to `/notifications`, no JavaScript).
use sea_orm::{
    ConnectionTrait, DbErr,
    sea_query::{Expr, ExprTrait, Func, Query, QueryStatementBuilder},
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
        .and_where(
            Expr::col((notification::Entity, notification::Column::UserId))
                .equals((session::Entity, session::Column::UserId)),
        )
        .and_where(Expr::col((notification::Entity, notification::Column::ReadAt)).is_null())
        .to_owned();
    Expr::SubQuery(None, Box::new(count.into_sub_query_statement()))
}
