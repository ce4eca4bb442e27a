//! Admitting a new contribution: the limits for new accounts and the state it is saved in.
//! Asked by the services that write comments, replies and panel topics, inside their own
//! write transaction, so the counts cannot race.
use chrono::Duration;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

use super::{model::ModerationRules, model::ModerationState, rules};
use crate::{
    auth::{CurrentUser, write_rate::RateError},
    db::now,
    entities::{comment, contribution, post, site_settings, user},
};

/// The site's moderation settings (the defaults before setup).
pub async fn site_rules(db: &impl ConnectionTrait) -> Result<ModerationRules, DbErr> {
    Ok(site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|s| s.moderation_rules())
        .unwrap_or_default())
}

/// How many of `author`'s contributions are out for everyone (approved or never held).
pub async fn approved_count(db: &impl ConnectionTrait, author: i32) -> Result<u64, DbErr> {
    let visible = ModerationState::Visible.as_str();
    let comments = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(author))
        .filter(comment::Column::ModerationState.eq(visible))
        .count(db)
        .await?;
    let posts = post::Entity::find()
        .filter(post::Column::AuthorId.eq(author))
        .filter(post::Column::ModerationState.eq(visible))
        .count(db)
        .await?;
    Ok(comments + posts)
}

/// Check a new account's limits for `body_md` and say which state the contribution is saved
/// in. Call it in the writing transaction before `write_rate::admit` (which counts this one).
#[tracing::instrument(skip_all, fields(author = author.id))]
pub async fn admit(
    txn: &impl ConnectionTrait,
    author: &CurrentUser,
    body_md: &str,
) -> Result<ModerationState, RateError> {
    let rules = site_rules(txn).await?;
    let Some(row) = user::Entity::find_by_id(author.id).one(txn).await? else {
        return Err(RateError::Db(DbErr::RecordNotFound("author".into())));
    };
    let at = now();
    if rules::is_newcomer(author.role, row.created_at, at, rules) {
        if !rules::within_link_limit(body_md, rules) {
            return Err(RateError::TooManyLinks);
        }
        let last_hour = contribution::Entity::find()
            .filter(contribution::Column::UserId.eq(author.id))
            .filter(contribution::Column::MadeAt.gt(at - Duration::hours(1)))
            .count(txn)
            .await?;
        if !rules::within_newcomer_rate(last_hour, rules) {
            return Err(RateError::NewcomerTooFast);
        }
    }
    let approved = approved_count(txn, author.id).await?;
    Ok(rules::initial_state(author.role, approved, rules))
}
