//! Queries for agenda items, attachments, attendance and the minutes columns.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, sea_query::OnConflict,
};

use super::model::{AttachmentId, ItemId};
use crate::{
    db::now,
    entities::{
        workshop, workshop_agenda_item as item, workshop_attachment as attachment,
        workshop_attendance as attendance,
    },
    workshops::model::WorkshopId,
};

/// The workshop's agenda in order.
pub async fn items_of(db: &impl ConnectionTrait, w: WorkshopId) -> Result<Vec<item::Model>, DbErr> {
    item::Entity::find()
        .filter(item::Column::WorkshopId.eq(w.0))
        .order_by_asc(item::Column::Position)
        .order_by_asc(item::Column::Id)
        .all(db)
        .await
}

/// One item, if it is on this workshop's agenda.
pub async fn item_of(
    db: &impl ConnectionTrait,
    w: WorkshopId,
    id: ItemId,
) -> Result<Option<item::Model>, DbErr> {
    item::Entity::find_by_id(id.0)
        .filter(item::Column::WorkshopId.eq(w.0))
        .one(db)
        .await
}

/// An item by its id alone (for an action built on its outcome; the caller checks the panel).
pub async fn item_by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<item::Model>, DbErr> {
    item::Entity::find_by_id(id).one(db).await
}

/// What a new item holds.
#[derive(Clone, Debug, Default)]
pub struct NewItem {
    pub title: String,
    pub note_md: String,
    pub note_html: String,
    pub duration_minutes: Option<i32>,
    pub task_id: Option<i32>,
    pub question_id: Option<i32>,
    pub option_id: Option<i32>,
}

pub async fn insert_item(
    db: &impl ConnectionTrait,
    w: WorkshopId,
    position: i32,
    new: NewItem,
) -> Result<item::Model, DbErr> {
    let at = now();
    item::ActiveModel {
        workshop_id: Set(w.0),
        position: Set(position),
        title: Set(new.title),
        note_md: Set(new.note_md),
        note_html: Set(new.note_html),
        duration_minutes: Set(new.duration_minutes),
        task_id: Set(new.task_id),
        question_id: Set(new.question_id),
        option_id: Set(new.option_id),
        outcome_md: Set(None),
        outcome_html: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn update_item(
    db: &impl ConnectionTrait,
    id: ItemId,
    title: String,
    note_md: String,
    note_html: String,
    duration_minutes: Option<i32>,
) -> Result<(), DbErr> {
    item::ActiveModel {
        id: Set(id.0),
        title: Set(title),
        note_md: Set(note_md),
        note_html: Set(note_html),
        duration_minutes: Set(duration_minutes),
        updated_at: Set(now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn set_position(
    db: &impl ConnectionTrait,
    id: ItemId,
    position: i32,
) -> Result<(), DbErr> {
    item::ActiveModel {
        id: Set(id.0),
        position: Set(position),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn set_outcome(
    db: &impl ConnectionTrait,
    id: ItemId,
    outcome: Option<(String, String)>,
) -> Result<(), DbErr> {
    let (md, html) = outcome.unzip();
    item::ActiveModel {
        id: Set(id.0),
        outcome_md: Set(md),
        outcome_html: Set(html),
        updated_at: Set(now()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn delete_item(db: &impl ConnectionTrait, id: ItemId) -> Result<(), DbErr> {
    item::Entity::delete_by_id(id.0).exec(db).await?;
    Ok(())
}

/// Write (or with `None`, remove) the minutes.
pub async fn set_minutes(
    db: &impl ConnectionTrait,
    w: WorkshopId,
    minutes: Option<(String, String)>,
    by: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (md, html) = minutes.unzip();
    workshop::ActiveModel {
        id: Set(w.0),
        minutes: Set(md),
        minutes_html: Set(html),
        minutes_updated_at: Set(Some(at)),
        minutes_by: Set(Some(by)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

pub async fn attachments_of(
    db: &impl ConnectionTrait,
    w: WorkshopId,
) -> Result<Vec<attachment::Model>, DbErr> {
    attachment::Entity::find()
        .filter(attachment::Column::WorkshopId.eq(w.0))
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await
}

pub async fn insert_attachment(
    db: &impl ConnectionTrait,
    w: WorkshopId,
    title: String,
    url: String,
    by: i32,
) -> Result<attachment::Model, DbErr> {
    attachment::ActiveModel {
        workshop_id: Set(w.0),
        title: Set(title),
        url: Set(url),
        created_by: Set(Some(by)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Remove an attachment of this workshop; whether there was one.
pub async fn delete_attachment(
    db: &impl ConnectionTrait,
    w: WorkshopId,
    id: AttachmentId,
) -> Result<bool, DbErr> {
    Ok(attachment::Entity::delete_many()
        .filter(attachment::Column::Id.eq(id.0))
        .filter(attachment::Column::WorkshopId.eq(w.0))
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

pub async fn attendance_of(
    db: &impl ConnectionTrait,
    w: WorkshopId,
) -> Result<Vec<attendance::Model>, DbErr> {
    attendance::Entity::find()
        .filter(attendance::Column::WorkshopId.eq(w.0))
        .all(db)
        .await
}

pub async fn upsert_attendance(
    db: &impl ConnectionTrait,
    w: WorkshopId,
    user_id: i32,
    attended: bool,
    colleague_attended: Option<bool>,
    by: i32,
) -> Result<(), DbErr> {
    attendance::Entity::insert(attendance::ActiveModel {
        workshop_id: Set(w.0),
        user_id: Set(user_id),
        attended: Set(attended),
        colleague_attended: Set(colleague_attended),
        marked_by: Set(Some(by)),
        marked_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([attendance::Column::WorkshopId, attendance::Column::UserId])
            .update_columns([
                attendance::Column::Attended,
                attendance::Column::ColleagueAttended,
                attendance::Column::MarkedBy,
                attendance::Column::MarkedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}
