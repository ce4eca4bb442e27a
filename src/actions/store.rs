//! sea-orm queries of the actions tables: the one writer of actions, their updates and the
//! reminders queued to their owners.
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::OnConflict,
};

use super::{
    entities::{action, action_reminder as reminder, action_update as update},
    model::{ActionId, NewAction, Status},
};

/// A panel's actions, soonest due first.
pub async fn actions_of_panel(
    db: &impl ConnectionTrait,
    panel_id: i32,
) -> Result<Vec<action::Model>, DbErr> {
    action::Entity::find()
        .filter(action::Column::PanelId.eq(panel_id))
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id)
        .all(db)
        .await
}

/// The actions a person owns, soonest due first.
pub async fn actions_of_owner(
    db: &impl ConnectionTrait,
    owner_id: i32,
) -> Result<Vec<action::Model>, DbErr> {
    action::Entity::find()
        .filter(action::Column::OwnerId.eq(owner_id))
        .order_by_asc(action::Column::DueOn)
        .order_by_asc(action::Column::Id)
        .all(db)
        .await
}

/// Open actions (planned or in progress) due on or before `last_day`, of every panel.
pub async fn open_due_by(
    db: &impl ConnectionTrait,
    last_day: NaiveDate,
) -> Result<Vec<action::Model>, DbErr> {
    action::Entity::find()
        .filter(
            action::Column::Status.is_in([Status::Planned.as_str(), Status::InProgress.as_str()]),
        )
        .filter(action::Column::DueOn.lte(last_day))
        .filter(action::Column::OwnerId.is_not_null())
        .order_by_asc(action::Column::Id)
        .all(db)
        .await
}

pub async fn action(
    db: &impl ConnectionTrait,
    id: ActionId,
) -> Result<Option<action::Model>, DbErr> {
    action::Entity::find_by_id(id.0).one(db).await
}

pub async fn insert_action(
    db: &impl ConnectionTrait,
    panel_id: i32,
    new: NewAction,
    created_by: i32,
    at: DateTime<Utc>,
) -> Result<action::Model, DbErr> {
    action::ActiveModel {
        panel_id: Set(panel_id),
        title: Set(new.title),
        description_md: Set(new.description_md),
        description_html: Set(new.description_html.into_string()),
        owner_id: Set(Some(new.owner_id)),
        due_on: Set(new.due_on),
        status: Set(Status::Planned.as_str().to_owned()),
        source_kind: Set(new.source.kind().to_owned()),
        source_id: Set(new.source.id()),
        created_by: Set(Some(created_by)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    row: action::Model,
    status: Status,
    at: DateTime<Utc>,
) -> Result<action::Model, DbErr> {
    let mut active: action::ActiveModel = row.into();
    active.status = Set(status.as_str().to_owned());
    active.updated_at = Set(at);
    active.update(db).await
}

/// The actions with these ids, by id (one query).
pub async fn actions_by_ids(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, action::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(action::Entity::find()
        .filter(action::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect())
}

/// The history entries with these ids, by id (one query).
pub async fn updates_by_ids(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, update::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(update::Entity::find()
        .filter(update::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// An action's history, oldest first.
pub async fn updates_of(
    db: &impl ConnectionTrait,
    id: ActionId,
) -> Result<Vec<update::Model>, DbErr> {
    update::Entity::find()
        .filter(update::Column::ActionId.eq(id.0))
        .order_by_asc(update::Column::CreatedAt)
        .order_by_asc(update::Column::Id)
        .all(db)
        .await
}

pub async fn insert_update(
    db: &impl ConnectionTrait,
    id: ActionId,
    author_id: i32,
    status: Status,
    note: &str,
    at: DateTime<Utc>,
) -> Result<update::Model, DbErr> {
    update::ActiveModel {
        action_id: Set(id.0),
        author_id: Set(Some(author_id)),
        status: Set(status.as_str().to_owned()),
        note: Set(note.to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Record a reminder; `false` when this (action, kind, version, owner) was recorded before.
pub async fn record_reminder(
    db: &impl ConnectionTrait,
    id: ActionId,
    kind: &str,
    version: &str,
    owner_id: i32,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let inserted = reminder::Entity::insert(reminder::ActiveModel {
        action_id: Set(id.0),
        kind: Set(kind.to_owned()),
        version: Set(version.to_owned()),
        owner_id: Set(owner_id),
        sent_at: Set(at),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            reminder::Column::ActionId,
            reminder::Column::Kind,
            reminder::Column::Version,
            reminder::Column::OwnerId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted > 0)
}
