//! Queries for panel rules: the versions (one owner of their writes: `service`) and who
//! accepted which.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

use crate::{
    db::now,
    entities::{panel_rules_acceptance as acceptance, panel_rules_version as version},
    panels::model::PanelId,
};

/// The current (highest) version of a panel's rules.
pub async fn current(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Option<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::PanelId.eq(panel.0))
        .order_by_desc(version::Column::Version)
        .one(db)
        .await
}

/// The number of the current version, without its text.
pub async fn current_number(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Option<i32>, DbErr> {
    version::Entity::find()
        .select_only()
        .column(version::Column::Version)
        .filter(version::Column::PanelId.eq(panel.0))
        .order_by_desc(version::Column::Version)
        .into_tuple::<i32>()
        .one(db)
        .await
}

/// One version by number.
pub async fn version(
    db: &impl ConnectionTrait,
    panel: PanelId,
    number: i32,
) -> Result<Option<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::PanelId.eq(panel.0))
        .filter(version::Column::Version.eq(number))
        .one(db)
        .await
}

/// Every version, newest first.
pub async fn versions(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<version::Model>, DbErr> {
    version::Entity::find()
        .filter(version::Column::PanelId.eq(panel.0))
        .order_by_desc(version::Column::Version)
        .all(db)
        .await
}

/// Store a new version.
pub async fn insert_version(
    db: &impl ConnectionTrait,
    row: version::ActiveModel,
) -> Result<version::Model, DbErr> {
    row.insert(db).await
}

/// The version `user` accepted last in the panel.
pub async fn accepted_by(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user: i32,
) -> Result<Option<i32>, DbErr> {
    Ok(acceptance::Entity::find_by_id((panel.0, user))
        .one(db)
        .await?
        .map(|a| a.version))
}

/// Everyone's last acceptance in the panel.
pub async fn acceptances(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<acceptance::Model>, DbErr> {
    acceptance::Entity::find()
        .filter(acceptance::Column::PanelId.eq(panel.0))
        .all(db)
        .await
}

/// A person's acceptances in every panel (their own data).
pub async fn acceptances_of(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<Vec<acceptance::Model>, DbErr> {
    acceptance::Entity::find()
        .filter(acceptance::Column::UserId.eq(user))
        .order_by_asc(acceptance::Column::PanelId)
        .all(db)
        .await
}

/// Record that `user` accepted `number` now (replacing what they accepted before).
pub async fn accept(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user: i32,
    number: i32,
) -> Result<(), DbErr> {
    acceptance::Entity::insert(acceptance::ActiveModel {
        panel_id: Set(panel.0),
        user_id: Set(user),
        version: Set(number),
        accepted_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([acceptance::Column::PanelId, acceptance::Column::UserId])
            .update_columns([acceptance::Column::Version, acceptance::Column::AcceptedAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Delete a person's acceptances (erasure).
pub async fn delete_acceptances_of(db: &impl ConnectionTrait, user: i32) -> Result<(), DbErr> {
    acceptance::Entity::delete_many()
        .filter(acceptance::Column::UserId.eq(user))
        .exec(db)
        .await?;
    Ok(())
}
