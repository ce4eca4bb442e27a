//! Queries for moderation: the flags (written here only), what waits in the queue, and a
//! post's or a person's moderation columns.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, sea_query::OnConflict,
};

use super::model::{FlagReason, ItemKind, ModerationState};
use crate::entities::{api_token, comment, flag, post, user};

/// Record one person's flag on an item; `false` when they had flagged it already (the
/// unique index keeps one flag per person per item).
pub async fn insert_flag(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: i32,
    user_id: i32,
    reason: FlagReason,
    details: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = flag::ActiveModel {
        target_kind: Set(kind.as_str().to_owned()),
        target_id: Set(id),
        user_id: Set(user_id),
        reason: Set(reason.as_str().to_owned()),
        details: Set(details.to_owned()),
        created_at: Set(at),
        resolved_at: Set(None),
        ..Default::default()
    };
    let inserted = flag::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                flag::Column::TargetKind,
                flag::Column::TargetId,
                flag::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// The unresolved flags on an item, oldest first.
pub async fn open_flags(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: i32,
) -> Result<Vec<flag::Model>, DbErr> {
    flag::Entity::find()
        .filter(flag::Column::TargetKind.eq(kind.as_str()))
        .filter(flag::Column::TargetId.eq(id))
        .filter(flag::Column::ResolvedAt.is_null())
        .order_by_asc(flag::Column::Id)
        .all(db)
        .await
}

/// Every unresolved flag, oldest first (the queue groups them by item).
pub async fn all_open_flags(db: &impl ConnectionTrait) -> Result<Vec<flag::Model>, DbErr> {
    flag::Entity::find()
        .filter(flag::Column::ResolvedAt.is_null())
        .order_by_asc(flag::Column::Id)
        .all(db)
        .await
}

/// Mark an item's flags resolved (a moderator has looked at it).
pub async fn resolve_flags(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: i32,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let res = flag::Entity::update_many()
        .col_expr(
            flag::Column::ResolvedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(flag::Column::TargetKind.eq(kind.as_str()))
        .filter(flag::Column::TargetId.eq(id))
        .filter(flag::Column::ResolvedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Comments waiting for a moderator or hidden by flags, or with open flags, not removed.
pub async fn queued_comments(
    db: &impl ConnectionTrait,
    flagged_ids: Vec<i32>,
) -> Result<Vec<comment::Model>, DbErr> {
    comment::Entity::find()
        .filter(comment::Column::DeletedAt.is_null())
        .filter(
            Condition::any()
                .add(comment::Column::ModerationState.is_in([
                    ModerationState::Held.as_str(),
                    ModerationState::Flagged.as_str(),
                ]))
                .add(
                    Condition::all()
                        .add(comment::Column::Id.is_in(flagged_ids))
                        .add(comment::Column::HiddenAt.is_null()),
                ),
        )
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}

/// Posts (panel topics) waiting for a moderator or hidden by flags, or with open flags.
pub async fn queued_posts(
    db: &impl ConnectionTrait,
    flagged_ids: Vec<i32>,
) -> Result<Vec<post::Model>, DbErr> {
    post::Entity::find()
        .filter(
            Condition::any()
                .add(post::Column::ModerationState.is_in([
                    ModerationState::Held.as_str(),
                    ModerationState::Flagged.as_str(),
                ]))
                .add(post::Column::Id.is_in(flagged_ids)),
        )
        .order_by_asc(post::Column::Id)
        .all(db)
        .await
}

/// Set a post's moderation state (and a rejection's reason). The blog owns posts; this one
/// column pair is moderation's, as `comments::store::set_moderation` is for comments.
pub async fn set_post_moderation(
    db: &impl ConnectionTrait,
    existing: post::Model,
    state: ModerationState,
    reason: Option<String>,
) -> Result<post::Model, DbErr> {
    let mut active: post::ActiveModel = existing.into();
    active.moderation_state = Set(state.as_str().to_owned());
    active.moderation_reason = Set(reason);
    active.update(db).await
}

/// Suspend a person until `until` (`None`: for good) or lift it (`at` = `None`); a
/// suspension also ends their sessions and revokes their API tokens at once.
pub async fn set_suspension(
    db: &impl ConnectionTrait,
    existing: user::Model,
    at: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Result<user::Model, DbErr> {
    let id = existing.id;
    let mut active: user::ActiveModel = existing.into();
    active.suspended_at = Set(at);
    active.suspended_until = Set(until);
    let saved = active.update(db).await?;
    if let Some(now) = at {
        crate::auth::session_store::end_sessions_of(db, id, None).await?;
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(api_token::Column::UserId.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(saved)
}
