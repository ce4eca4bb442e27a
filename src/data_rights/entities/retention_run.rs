//! One day's retention pass: the unique day makes the pass run once however many nodes try.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "retention_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub day: String,
    pub started_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
