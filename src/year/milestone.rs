//! The `panel_milestones` table (migration `m20261206_250000_create_actions`): only
//! `year::store` queries it.
use sea_orm::entity::prelude::*;

/// A day of the panel's own year that its facilitators marked ("Budget proposal", "Survey
/// report published").
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panel_milestones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub day: Date,
    pub title: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
