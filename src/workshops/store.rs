//! Queries for scheduling polls, workshops and registrations.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

use super::model::{Answer, PollId, Registration, RegistrationStatus, SlotId, Span, WorkshopId};
use crate::{
    db::now,
    entities::{
        calendar_feed as feed, scheduling_answer as answer, scheduling_poll as poll,
        scheduling_slot as slot, sent_reminder,
        tasks::{participation, task},
        user, workshop, workshop_registration as registration,
    },
    panels::model::PanelId,
};

pub async fn poll_in_panel(
    db: &impl ConnectionTrait,
    panel: PanelId,
    id: PollId,
) -> Result<Option<poll::Model>, DbErr> {
    poll::Entity::find_by_id(id.0)
        .filter(poll::Column::PanelId.eq(panel.0))
        .one(db)
        .await
}

pub async fn polls_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<poll::Model>, DbErr> {
    poll::Entity::find()
        .filter(poll::Column::PanelId.eq(panel.0))
        .order_by_desc(poll::Column::CreatedAt)
        .order_by_desc(poll::Column::Id)
        .all(db)
        .await
}

pub async fn insert_poll(
    db: &impl ConnectionTrait,
    panel: PanelId,
    title: &str,
    description: &str,
    author: i32,
) -> Result<poll::Model, DbErr> {
    poll::ActiveModel {
        panel_id: Set(panel.0),
        title: Set(title.to_owned()),
        description: Set(description.to_owned()),
        created_by: Set(author),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn insert_slot(
    db: &impl ConnectionTrait,
    poll: PollId,
    span: Span,
) -> Result<slot::Model, DbErr> {
    slot::ActiveModel {
        poll_id: Set(poll.0),
        starts_at: Set(span.start),
        ends_at: Set(span.end),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn slots_of(db: &impl ConnectionTrait, poll: PollId) -> Result<Vec<slot::Model>, DbErr> {
    slot::Entity::find()
        .filter(slot::Column::PollId.eq(poll.0))
        .order_by_asc(slot::Column::StartsAt)
        .order_by_asc(slot::Column::Id)
        .all(db)
        .await
}

pub async fn update_slot(db: &impl ConnectionTrait, id: SlotId, span: Span) -> Result<(), DbErr> {
    slot::ActiveModel {
        id: Set(id.0),
        starts_at: Set(span.start),
        ends_at: Set(span.end),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn delete_answers_to(db: &impl ConnectionTrait, id: SlotId) -> Result<u64, DbErr> {
    Ok(answer::Entity::delete_many()
        .filter(answer::Column::SlotId.eq(id.0))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn answers_to(
    db: &impl ConnectionTrait,
    slots: &[i32],
) -> Result<Vec<answer::Model>, DbErr> {
    if slots.is_empty() {
        return Ok(Vec::new());
    }
    answer::Entity::find()
        .filter(answer::Column::SlotId.is_in(slots.iter().copied()))
        .all(db)
        .await
}

pub async fn upsert_answer(
    db: &impl ConnectionTrait,
    slot: SlotId,
    user_id: i32,
    value: Answer,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    answer::Entity::insert(answer::ActiveModel {
        slot_id: Set(slot.0),
        user_id: Set(user_id),
        answer: Set(value),
        updated_at: Set(at),
    })
    .on_conflict(
        OnConflict::columns([answer::Column::SlotId, answer::Column::UserId])
            .update_columns([answer::Column::Answer, answer::Column::UpdatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn close_poll(
    db: &impl ConnectionTrait,
    id: PollId,
    slot: SlotId,
    workshop: WorkshopId,
) -> Result<(), DbErr> {
    poll::ActiveModel {
        id: Set(id.0),
        closed_at: Set(Some(now())),
        confirmed_slot_id: Set(Some(slot.0)),
        workshop_id: Set(Some(workshop.0)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn users_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<Vec<user::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await
}

pub async fn workshop_in_panel(
    db: &impl ConnectionTrait,
    panel: PanelId,
    id: WorkshopId,
) -> Result<Option<workshop::Model>, DbErr> {
    workshop::Entity::find_by_id(id.0)
        .filter(workshop::Column::PanelId.eq(panel.0))
        .one(db)
        .await
}

/// The workshop row, locked for the rest of the transaction (PostgreSQL `FOR UPDATE`;
/// on SQLite the write transaction itself is exclusive).
pub async fn workshop_for_update(
    db: &impl ConnectionTrait,
    id: WorkshopId,
) -> Result<Option<workshop::Model>, DbErr> {
    workshop::Entity::find_by_id(id.0)
        .lock_exclusive()
        .one(db)
        .await
}

pub async fn workshops_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<workshop::Model>, DbErr> {
    workshop::Entity::find()
        .filter(workshop::Column::PanelId.eq(panel.0))
        .order_by_desc(workshop::Column::StartsAt)
        .all(db)
        .await
}

/// A stored registration with its status parsed; a status this code does not know is a
/// corrupt row, and an error.
fn registration(row: registration::Model) -> Result<Registration, DbErr> {
    let status = RegistrationStatus::parse(&row.status).ok_or_else(|| {
        DbErr::Type(format!(
            "workshop registration {}: unknown status {:?}",
            row.id, row.status
        ))
    })?;
    Ok(Registration {
        id: row.id,
        user_id: row.user_id,
        status,
        colleague_name: row.colleague_name,
        updated_at: row.updated_at,
    })
}

/// Everyone's registrations to a workshop, in the order they last changed.
pub async fn registrations_of(
    db: &impl ConnectionTrait,
    workshop: WorkshopId,
) -> Result<Vec<Registration>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::WorkshopId.eq(workshop.0))
        .order_by_asc(registration::Column::UpdatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(registration)
        .collect()
}

pub async fn registration_of(
    db: &impl ConnectionTrait,
    workshop: WorkshopId,
    user_id: i32,
) -> Result<Option<Registration>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::WorkshopId.eq(workshop.0))
        .filter(registration::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(registration)
        .transpose()
}

/// Write a person's registration (one row per person and workshop, reused on re-registering).
pub async fn save_registration(
    db: &impl ConnectionTrait,
    existing: Option<&Registration>,
    workshop: WorkshopId,
    user_id: i32,
    status: RegistrationStatus,
    colleague: Option<String>,
) -> Result<(), DbErr> {
    let at = now();
    match existing {
        Some(row) => {
            registration::ActiveModel {
                id: Set(row.id),
                status: Set(status.as_str().to_owned()),
                colleague_name: Set(colleague),
                updated_at: Set(at),
                ..Default::default()
            }
            .update(db)
            .await?;
        }
        None => {
            registration::ActiveModel {
                workshop_id: Set(workshop.0),
                user_id: Set(user_id),
                status: Set(status.as_str().to_owned()),
                colleague_name: Set(colleague),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

// ----- Reminders -----

/// Workshops, not cancelled, starting in `(after, until]`.
pub async fn workshops_starting(
    db: &impl ConnectionTrait,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<workshop::Model>, DbErr> {
    workshop::Entity::find()
        .filter(workshop::Column::CancelledAt.is_null())
        .filter(workshop::Column::StartsAt.gt(after))
        .filter(workshop::Column::StartsAt.lte(until))
        .order_by_asc(workshop::Column::StartsAt)
        .order_by_asc(workshop::Column::Id)
        .all(db)
        .await
}

/// Tasks open at `at` (opened, not yet closed) that close by `until`.
pub async fn tasks_closing(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<task::Model>, DbErr> {
    task::Entity::find()
        .filter(task::Column::OpensAt.lte(at))
        .filter(task::Column::ClosesAt.gt(at))
        .filter(task::Column::ClosesAt.lte(until))
        .order_by_asc(task::Column::ClosesAt)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await
}

/// Who has answered a task (from the participation rows, which anonymous tasks keep too).
pub async fn task_participants(db: &impl ConnectionTrait, task_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(participation::Entity::find()
        .filter(participation::Column::TaskId.eq(task_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.user_id)
        .collect())
}

/// Record that a reminder goes out; `false` when it already had (the unique key holds, even
/// against another node doing the same at the same moment).
pub async fn record_reminder(
    db: &impl ConnectionTrait,
    kind: &str,
    target_id: i32,
    version: &str,
    user_id: i32,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = sent_reminder::Entity::insert(sent_reminder::ActiveModel {
        kind: Set(kind.to_owned()),
        target_id: Set(target_id),
        version: Set(version.to_owned()),
        user_id: Set(user_id),
        sent_at: Set(at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            sent_reminder::Column::Kind,
            sent_reminder::Column::TargetId,
            sent_reminder::Column::Version,
            sent_reminder::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}

// ----- Calendar feeds -----

/// A person's calendar feed of a panel, if they have made one.
pub async fn feed_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
) -> Result<Option<feed::Model>, DbErr> {
    feed::Entity::find()
        .filter(feed::Column::PanelId.eq(panel.0))
        .filter(feed::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// The feed whose token hashes to `token_hash`.
pub async fn feed_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<feed::Model>, DbErr> {
    feed::Entity::find()
        .filter(feed::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Give a person's feed a new token (hash): the old address stops working.
pub async fn save_feed(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    feed::Entity::insert(feed::ActiveModel {
        panel_id: Set(panel.0),
        user_id: Set(user_id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([feed::Column::PanelId, feed::Column::UserId])
            .update_columns([feed::Column::TokenHash, feed::Column::CreatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Every workshop of a panel that is not cancelled, in time order (the feed).
pub async fn live_workshops_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<workshop::Model>, DbErr> {
    workshop::Entity::find()
        .filter(workshop::Column::PanelId.eq(panel.0))
        .filter(workshop::Column::CancelledAt.is_null())
        .order_by_asc(workshop::Column::StartsAt)
        .order_by_asc(workshop::Column::Id)
        .all(db)
        .await
}
