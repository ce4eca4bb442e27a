//! Comment use cases.
use sea_orm::{ConnectionTrait, DbErr};

use super::model::Thread;
use crate::auth::permissions::Actor;

/// The thread of a post as the reader sees it.
pub async fn thread_for_post(
    _db: &impl ConnectionTrait,
    _post_id: i32,
    _viewer: Option<Actor>,
) -> Result<Thread, DbErr> {
    Ok(Thread::default())
}
