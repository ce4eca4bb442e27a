//! A scheduling poll: "when can you come?" for a panel's next workshop.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheduling_polls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub title: String,
    pub description: String,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub confirmed_slot_id: Option<i32>,
    pub workshop_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
