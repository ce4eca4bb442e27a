//! sea-orm queries for follows, notifications, email settings and sent digests. The only
//! place these tables are read or written.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use super::{
    entities::{follow, notification, notification_delivery, notification_prefs, sent_digest},
    model::{CombineMinutes, Delivery, DigestHour, EmailSettings, FollowTarget, NotificationKind},
};
use crate::entities::post_label;

// ----- Follows -----

/// Follow or unfollow `target` (an unfollow is kept as an inactive row, so that an automatic
/// follow, such as a panel member's, stays off).
pub async fn set_follow(
    db: &impl ConnectionTrait,
    user_id: i32,
    target: FollowTarget,
    active: bool,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut on_conflict = follow_key();
    on_conflict.update_columns([follow::Column::Active, follow::Column::CreatedAt]);
    insert_follow(db, user_id, target, active, at, on_conflict).await
}

/// Follow `target` unless the person has a row for it already (followed, or turned off).
pub async fn follow_if_new(
    db: &impl ConnectionTrait,
    user_id: i32,
    target: FollowTarget,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut on_conflict = follow_key();
    on_conflict.do_nothing();
    insert_follow(db, user_id, target, true, at, on_conflict).await
}

/// A person's one row per target.
fn follow_key() -> OnConflict {
    OnConflict::columns([
        follow::Column::UserId,
        follow::Column::TargetKind,
        follow::Column::TargetId,
    ])
}

async fn insert_follow(
    db: &impl ConnectionTrait,
    user_id: i32,
    target: FollowTarget,
    active: bool,
    at: DateTime<Utc>,
    on_conflict: OnConflict,
) -> Result<(), DbErr> {
    follow::Entity::insert(follow::ActiveModel {
        user_id: Set(user_id),
        target_kind: Set(target.kind().to_owned()),
        target_id: Set(target.id()),
        active: Set(active),
        created_at: Set(at),
        ..Default::default()
    })
    .on_conflict(on_conflict)
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The person's row for `target`, if any.
pub async fn follow_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    target: FollowTarget,
) -> Result<Option<follow::Model>, DbErr> {
    follow::Entity::find()
        .filter(follow::Column::UserId.eq(user_id))
        .filter(follow::Column::TargetKind.eq(target.kind()))
        .filter(follow::Column::TargetId.eq(target.id()))
        .one(db)
        .await
}

/// Everything the person follows (active rows), newest first.
pub async fn follows_of(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<follow::Model>, DbErr> {
    follow::Entity::find()
        .filter(follow::Column::UserId.eq(user_id))
        .filter(follow::Column::Active.eq(true))
        .order_by_desc(follow::Column::CreatedAt)
        .order_by_desc(follow::Column::Id)
        .all(db)
        .await
}

/// Every row (followed or turned off) for any of `targets`, in one query.
pub async fn rows_for(
    db: &impl ConnectionTrait,
    targets: &[FollowTarget],
) -> Result<Vec<follow::Model>, DbErr> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Condition::any();
    for t in targets {
        any = any.add(
            Condition::all()
                .add(follow::Column::TargetKind.eq(t.kind()))
                .add(follow::Column::TargetId.eq(t.id())),
        );
    }
    follow::Entity::find().filter(any).all(db).await
}

/// The ids of the labels of a post.
pub async fn label_ids_of_post(db: &impl ConnectionTrait, post_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(post_label::Entity::find()
        .filter(post_label::Column::PostId.eq(post_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.label_id)
        .collect())
}

// ----- Notifications -----

/// One notification to write.
#[derive(Clone, Debug)]
pub struct NewNotification {
    pub user_id: i32,
    pub kind: NotificationKind,
    pub actor_id: Option<i32>,
    /// What it is about: a post (and maybe one of its comments), or an action.
    pub about: About,
    /// A moderation decision, or the status an action moved to.
    pub detail: Option<String>,
}

/// What a notification points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    Post {
        post: i32,
        comment: Option<i32>,
    },
    /// An action, and the update written with its move.
    Action {
        action: i32,
        update: i32,
    },
}

/// Write notifications in the caller's transaction.
pub async fn insert(
    db: &impl ConnectionTrait,
    rows: Vec<NewNotification>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    notification::Entity::insert_many(rows.into_iter().map(|n| notification::ActiveModel {
        user_id: Set(n.user_id),
        kind: Set(n.kind.as_str().to_owned()),
        actor_id: Set(n.actor_id),
        post_id: Set(match n.about {
            About::Post { post, .. } => Some(post),
            About::Action { .. } => None,
        }),
        comment_id: Set(match n.about {
            About::Post { comment, .. } => comment,
            About::Action { .. } => None,
        }),
        action_id: Set(match n.about {
            About::Action { action, .. } => Some(action),
            About::Post { .. } => None,
        }),
        action_update_id: Set(match n.about {
            About::Action { update, .. } => Some(update),
            About::Post { .. } => None,
        }),
        detail: Set(n.detail),
        created_at: Set(at),
        read_at: Set(None),
        emailed_at: Set(None),
        ..Default::default()
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The person's newest notifications, at most `limit`, older than `before` (an id) if given.
pub async fn latest_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    before: Option<i32>,
    limit: u64,
) -> Result<Vec<notification::Model>, DbErr> {
    let mut q = notification::Entity::find().filter(notification::Column::UserId.eq(user_id));
    if let Some(b) = before {
        q = q.filter(notification::Column::Id.lt(b));
    }
    q.order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// How many of the person's notifications are unread.
pub async fn unread_count(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    notification::Entity::find()
        .filter(unread_of(Expr::val(user_id)))
        .count(db)
        .await
}

/// The unread notifications of `person` (a value, or a column such as `sessions.user_id`):
/// the one definition of "unread" for the count above and the bell's subquery.
pub(super) fn unread_of(person: Expr) -> Condition {
    Condition::all()
        .add(Expr::col((notification::Entity, notification::Column::UserId)).eq(person))
        .add(notification::Column::ReadAt.is_null())
}

/// Mark the person's notifications read: `ids`, or all when `None`. Returns how many changed.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: i32,
    ids: Option<Vec<i32>>,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut q = notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        q = q.filter(notification::Column::Id.is_in(ids));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Notifications not yet emailed, created at or before `until`, oldest first, for the
/// immediate-email pass.
pub async fn unemailed_until(
    db: &impl ConnectionTrait,
    until: DateTime<Utc>,
) -> Result<Vec<notification::Model>, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::EmailedAt.is_null())
        .filter(notification::Column::CreatedAt.lte(until))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await
}

/// The person's notifications created in `[from, until)`, oldest first (a digest's items).
pub async fn of_between(
    db: &impl ConnectionTrait,
    user_id: i32,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<notification::Model>, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::CreatedAt.gte(from))
        .filter(notification::Column::CreatedAt.lt(until))
        .order_by_asc(notification::Column::Id)
        .all(db)
        .await
}

/// Record that these notifications' immediate email is done (sent, folded or not wanted);
/// only rows still unmarked change. Returns how many changed.
pub async fn mark_emailed(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(notification::Entity::update_many()
        .col_expr(
            notification::Column::EmailedAt,
            sea_orm::sea_query::Expr::value(at),
        )
        .filter(notification::Column::Id.is_in(ids))
        .filter(notification::Column::EmailedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

// ----- Email settings -----

/// The person's email settings (defaults for what they never chose).
pub async fn email_settings(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<EmailSettings, DbErr> {
    let rows = notification_delivery::Entity::find()
        .filter(notification_delivery::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let prefs = notification_prefs::Entity::find_by_id(user_id)
        .one(db)
        .await?;
    Ok(settings_from(&rows, prefs.as_ref()))
}

/// The email settings of many people, in two queries, by person.
pub async fn email_settings_of(
    db: &impl ConnectionTrait,
    user_ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, EmailSettings>, DbErr> {
    if user_ids.is_empty() {
        return Ok(Default::default());
    }
    let rows = notification_delivery::Entity::find()
        .filter(notification_delivery::Column::UserId.is_in(user_ids.clone()))
        .all(db)
        .await?;
    let prefs = notification_prefs::Entity::find()
        .filter(notification_prefs::Column::UserId.is_in(user_ids.clone()))
        .all(db)
        .await?;
    Ok(user_ids
        .into_iter()
        .map(|id| {
            let mine: Vec<_> = rows.iter().filter(|r| r.user_id == id).cloned().collect();
            let p = prefs.iter().find(|p| p.user_id == id);
            (id, settings_from(&mine, p))
        })
        .collect())
}

fn settings_from(
    rows: &[notification_delivery::Model],
    prefs: Option<&notification_prefs::Model>,
) -> EmailSettings {
    EmailSettings {
        deliveries: NotificationKind::ALL
            .into_iter()
            .map(|k| {
                let d = rows
                    .iter()
                    .find(|r| r.kind == k.as_str())
                    .and_then(|r| Delivery::parse(&r.delivery))
                    .unwrap_or(k.default_delivery());
                (k, d)
            })
            .collect(),
        // Every other optional email comes until the person turns it off (`with_opt_outs`).
        others: crate::email::EmailKind::OPTIONAL
            .into_iter()
            .map(|k| (k, Delivery::Immediately))
            .collect(),
        digest_hour: prefs.map_or(DigestHour::DEFAULT, |p| {
            DigestHour::from_stored(p.digest_hour)
        }),
        combine_minutes: prefs.map_or(CombineMinutes::DEFAULT, |p| {
            CombineMinutes::from_stored(p.combine_minutes)
        }),
    }
}

/// Set how one kind is emailed.
pub async fn set_delivery(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: NotificationKind,
    delivery: Delivery,
) -> Result<(), DbErr> {
    notification_delivery::Entity::insert(notification_delivery::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.as_str().to_owned()),
        delivery: Set(delivery.as_str().to_owned()),
    })
    .on_conflict(
        OnConflict::columns([
            notification_delivery::Column::UserId,
            notification_delivery::Column::Kind,
        ])
        .update_column(notification_delivery::Column::Delivery)
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Set the digest hour and the combining window.
pub async fn set_prefs(
    db: &impl ConnectionTrait,
    user_id: i32,
    hour: DigestHour,
    combine: CombineMinutes,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    notification_prefs::Entity::insert(notification_prefs::ActiveModel {
        user_id: Set(user_id),
        digest_hour: Set(i32::from(hour.get())),
        combine_minutes: Set(i32::from(combine.get())),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::column(notification_prefs::Column::UserId)
            .update_columns([
                notification_prefs::Column::DigestHour,
                notification_prefs::Column::CombineMinutes,
                notification_prefs::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

// ----- Digests -----

/// Record a digest for the person and period; `false` when one was recorded already (by
/// another node, or before a crash): then nothing may be sent.
pub async fn record_digest(
    db: &impl ConnectionTrait,
    user_id: i32,
    period: &str,
    items: i32,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = sent_digest::Entity::insert(sent_digest::ActiveModel {
        user_id: Set(user_id),
        period: Set(period.to_owned()),
        items: Set(items),
        sent_at: Set(at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([sent_digest::Column::UserId, sent_digest::Column::Period])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}

/// The person's latest digest of a kind ("daily" or "weekly"), if any.
pub async fn last_digest(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: &str,
) -> Result<Option<sent_digest::Model>, DbErr> {
    sent_digest::Entity::find()
        .filter(sent_digest::Column::UserId.eq(user_id))
        .filter(sent_digest::Column::Period.starts_with(format!("{kind}:")))
        .order_by_desc(sent_digest::Column::SentAt)
        .one(db)
        .await
}

/// Whether a digest for the person and period is recorded.
pub async fn digest_recorded(
    db: &impl ConnectionTrait,
    user_id: i32,
    period: &str,
) -> Result<bool, DbErr> {
    Ok(sent_digest::Entity::find()
        .filter(sent_digest::Column::UserId.eq(user_id))
        .filter(sent_digest::Column::Period.eq(period))
        .one(db)
        .await?
        .is_some())
}

// ----- Removal -----

/// Forget a removed person's follows, notifications and settings (digests sent stay only as
/// the unique keys, without content).
pub async fn forget(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    follow::Entity::delete_many()
        .filter(follow::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    notification::Entity::delete_many()
        .filter(notification::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    notification_delivery::Entity::delete_many()
        .filter(notification_delivery::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    notification_prefs::Entity::delete_many()
        .filter(notification_prefs::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
