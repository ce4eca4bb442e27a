//! Whether a registered participant (and their named colleague) came to a workshop.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshop_attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub workshop_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub attended: bool,
    pub colleague_attended: Option<bool>,
    pub marked_by: Option<i32>,
    pub marked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
