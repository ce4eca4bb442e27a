//! Queries on the email outbox and the opt-outs.
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Condition, Expr, ExprTrait},
};

use crate::{auth::tokens, entities::email_outbox as outbox};

/// Rows a sender may claim at `at`: unsent, not failed, due, and under no live lease.
pub async fn due(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(claimable(at))
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

fn claimable(at: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox::Column::SentAt.is_null())
        .add(outbox::Column::FailedAt.is_null())
        .add(outbox::Column::NextAttemptAt.lte(at))
        .add(
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lte(at)),
        )
}

/// Claim one row until `until`: one conditional UPDATE, so of several senders exactly one
/// wins. Returns the claim token, or `None` when the row was not claimable any more.
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i32,
    at: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let token = tokens::random_token();
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedUntil, Expr::value(Some(until)))
        .col_expr(outbox::Column::ClaimToken, Expr::value(Some(token.clone())))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(claimable(at))
        .exec(db)
        .await?;
    Ok((result.rows_affected == 1).then_some(token))
}

/// Record a delivery, if this sender still holds the claim.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i32,
    claim: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(Some(at)))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::ClaimToken,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimToken.eq(claim))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Record a failed attempt: retry at `next`, or give up (the row shows to administrators).
pub async fn mark_attempt_failed(
    db: &impl ConnectionTrait,
    id: i32,
    claim: &str,
    error: &str,
    give_up: bool,
    next: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut update = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Some(error.to_owned())),
        )
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::ClaimToken,
            Expr::value(Option::<String>::None),
        );
    update = if give_up {
        update.col_expr(outbox::Column::FailedAt, Expr::value(Some(at)))
    } else {
        update.col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
    };
    update
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::ClaimToken.eq(claim))
        .exec(db)
        .await?;
    Ok(())
}

/// Emails that failed for good, newest first.
pub async fn failed(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::FailedAt.is_not_null())
        .filter(outbox::Column::SentAt.is_null())
        .order_by_desc(outbox::Column::FailedAt)
        .order_by_desc(outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// How many emails wait to be sent.
pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::FailedAt.is_null())
        .count(db)
        .await
}

/// How many emails gave up after their last attempt (the operator's to look at).
pub async fn failed_count(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::FailedAt.is_not_null())
        .count(db)
        .await
}

/// Put a failed email back in the queue with fresh attempts. Returns whether it was failed.
pub async fn retry(db: &impl ConnectionTrait, id: i32, at: DateTime<Utc>) -> Result<bool, DbErr> {
    let result = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::FailedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(at))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::FailedAt.is_not_null())
        .filter(outbox::Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The email whose unsubscribe link carries `token`.
pub async fn by_unsubscribe_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::UnsubscribeTokenHash.eq(tokens::hash_token(token)))
        .one(db)
        .await
}
