//! sea-orm queries of the panel's milestones: their one writer.
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use super::milestone;

/// The panel's milestones from `first` to `last` (inclusive), by day.
pub async fn milestones_between(
    db: &impl ConnectionTrait,
    panel_id: i32,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<milestone::Model>, DbErr> {
    milestone::Entity::find()
        .filter(milestone::Column::PanelId.eq(panel_id))
        .filter(milestone::Column::Day.gte(first))
        .filter(milestone::Column::Day.lte(last))
        .order_by_asc(milestone::Column::Day)
        .order_by_asc(milestone::Column::Id)
        .all(db)
        .await
}

pub async fn insert_milestone(
    db: &impl ConnectionTrait,
    panel_id: i32,
    day: NaiveDate,
    title: &str,
    created_by: i32,
    at: DateTime<Utc>,
) -> Result<milestone::Model, DbErr> {
    milestone::ActiveModel {
        panel_id: Set(panel_id),
        day: Set(day),
        title: Set(title.to_owned()),
        created_by: Set(Some(created_by)),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}
