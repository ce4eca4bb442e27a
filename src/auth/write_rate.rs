//! The rate of writing: how many posts, comments, panel topics and replies one person may
//! make per minute and per hour. Counted in the `contributions` table inside the write's own
//! transaction, so every app node sees the same count and a refused or failed write costs
//! nothing.
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect,
};

use crate::{
    config::WriteRate,
    db::now,
    entities::{contribution, user},
    error::AppError,
};

/// What a person wrote, as the log of contributions names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contribution {
    Post,
    Comment,
    Topic,
    Reply,
    /// An idea in a panel's ideas task (its comments count as comments).
    Idea,
}

impl Contribution {
    pub fn as_str(self) -> &'static str {
        match self {
            Contribution::Post => "post",
            Contribution::Comment => "comment",
            Contribution::Topic => "topic",
            Contribution::Reply => "reply",
            Contribution::Idea => "idea",
        }
    }
}

/// Why a contribution was not admitted.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error("too many contributions in too short a time")]
    TooFast,
    /// A new account is over its hourly limit (`moderation::admission`).
    #[error("a new account's contributions per hour are used up")]
    NewcomerTooFast,
    /// A new account's text has more links than it may.
    #[error("too many links for a new account")]
    TooManyLinks,
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<RateError> for AppError {
    fn from(e: RateError) -> Self {
        match e {
            RateError::TooFast => AppError::TooManyContributions,
            RateError::NewcomerTooFast | RateError::TooManyLinks => {
                AppError::NewcomerLimit(e.message_key())
            }
            RateError::Db(e) => e.into(),
        }
    }
}

impl RateError {
    /// The catalogue key that tells the writer what happened.
    pub fn message_key(&self) -> &'static str {
        match self {
            RateError::NewcomerTooFast => "error-newcomer-too-fast",
            RateError::TooManyLinks => "error-newcomer-links",
            _ => "error-too-many-contributions",
        }
    }
}

/// Whether one more contribution stays within the rate, given what was made in the last
/// minute and the last hour.
pub fn within(rate: WriteRate, last_minute: u64, last_hour: u64) -> bool {
    last_minute < u64::from(rate.per_minute) && last_hour < u64::from(rate.per_hour)
}

/// Count one contribution of `person`, or refuse it when they are over the rate. Call it in
/// the transaction that makes the contribution (begun with `db::begin_write`): on SQLite that
/// transaction already holds the write lock, on PostgreSQL the person's row is locked here,
/// so two nodes cannot both admit the eleventh.
#[tracing::instrument(skip(txn))]
pub async fn admit(
    txn: &impl ConnectionTrait,
    rate: WriteRate,
    person: i32,
    kind: Contribution,
) -> Result<(), RateError> {
    user::Entity::find_by_id(person)
        .select_only()
        .column(user::Column::Id)
        .lock_exclusive()
        .into_tuple::<i32>()
        .one(txn)
        .await?;
    let at = now();
    contribution::Entity::delete_many()
        .filter(contribution::Column::UserId.eq(person))
        .filter(contribution::Column::MadeAt.lte(at - Duration::hours(1)))
        .exec(txn)
        .await?;
    let since = |d: Duration| {
        contribution::Entity::find()
            .filter(contribution::Column::UserId.eq(person))
            .filter(contribution::Column::MadeAt.gt(at - d))
            .count(txn)
    };
    let last_minute = since(Duration::minutes(1)).await?;
    let last_hour = since(Duration::hours(1)).await?;
    if !within(rate, last_minute, last_hour) {
        tracing::info!(
            last_minute,
            last_hour,
            "contribution refused: over the rate"
        );
        return Err(RateError::TooFast);
    }
    contribution::ActiveModel {
        user_id: Set(person),
        kind: Set(kind.as_str().to_owned()),
        made_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenth_in_a_minute_is_admitted_and_the_eleventh_is_not() {
        let rate = WriteRate::default();
        assert!(within(rate, 9, 9));
        assert!(!within(rate, 10, 10));
        assert!(!within(rate, 0, 100));
        assert!(within(rate, 0, 99));
    }
}
