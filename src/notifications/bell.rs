//! The bell in the header: how many of the reader's notifications are unread (one query per
//! page for a signed-in reader; a plain link to `/notifications`, no JavaScript).
use sea_orm::{ConnectionTrait, DbErr};

/// The reader's unread count.
pub async fn unread(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    super::store::unread_count(db, user_id).await
}
