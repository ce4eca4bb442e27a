//! Queries for scheduling polls, workshops and registrations.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

use super::model::{Answer, PollId, RegistrationStatus, SlotId, Span, WorkshopId};
use crate::{
    db::now,
    entities::{
        scheduling_answer as answer, scheduling_poll as poll, scheduling_slot as slot, user,
        workshop, workshop_registration as registration,
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
        answer: Set(value.as_str().to_owned()),
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

pub async fn registrations_of(
    db: &impl ConnectionTrait,
    workshop: WorkshopId,
) -> Result<Vec<registration::Model>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::WorkshopId.eq(workshop.0))
        .order_by_asc(registration::Column::UpdatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await
}

pub async fn registration_of(
    db: &impl ConnectionTrait,
    workshop: WorkshopId,
    user_id: i32,
) -> Result<Option<registration::Model>, DbErr> {
    registration::Entity::find()
        .filter(registration::Column::WorkshopId.eq(workshop.0))
        .filter(registration::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// Write a person's registration (one row per person and workshop, reused on re-registering).
pub async fn save_registration(
    db: &impl ConnectionTrait,
    existing: Option<registration::Model>,
    workshop: WorkshopId,
    user_id: i32,
    status: RegistrationStatus,
    colleague: Option<String>,
) -> Result<registration::Model, DbErr> {
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
            .await
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
            .await
        }
    }
}
