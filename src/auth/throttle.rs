//! Sign-in throttling: ten failed attempts for one account or from one address within
//! fifteen minutes lock further attempts until the oldest of them ages out. Kept in the
//! database so every app node sees the same count.
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use crate::{db::now, entities::login_attempt};

pub const MAX_FAILURES: u64 = 10;
pub const WINDOW_MINUTES: i64 = 15;

/// Whether this email or address has failed too often lately.
pub async fn is_locked(
    db: &impl ConnectionTrait,
    email: &str,
    ip: &str,
) -> Result<bool, sea_orm::DbErr> {
    let since = now() - Duration::minutes(WINDOW_MINUTES);
    for (column, value) in [
        (login_attempt::Column::Email, email),
        (login_attempt::Column::Ip, ip),
    ] {
        let failures = login_attempt::Entity::find()
            .filter(column.eq(value))
            .filter(login_attempt::Column::AttemptedAt.gt(since))
            .count(db)
            .await?;
        if failures >= MAX_FAILURES {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Remember one failed attempt.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    email: &str,
    ip: &str,
) -> Result<(), sea_orm::DbErr> {
    login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        ip: Set(ip.to_owned()),
        attempted_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Old rows say nothing any more.
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now() - Duration::hours(24)))
        .exec(db)
        .await?;
    Ok(())
}

/// Forget an account's failed attempts after a successful sign-in.
pub async fn forget_failures_of(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<(), sea_orm::DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Email.eq(email))
        .exec(db)
        .await?;
    Ok(())
}
