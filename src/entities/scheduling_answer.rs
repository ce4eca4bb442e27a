//! A member's answer to one candidate time: yes, if need be, or no.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scheduling_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub slot_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub answer: Answer,
    pub updated_at: DateTimeUtc,
}

/// A member's answer to a candidate time, stored as `yes`, `maybe` or `no` (the answer form's
/// values too; the JSON API spells "if need be" `if_need_be`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Answer {
    #[sea_orm(string_value = "yes")]
    Yes,
    #[sea_orm(string_value = "maybe")]
    IfNeedBe,
    #[sea_orm(string_value = "no")]
    No,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
