use sea_orm::entity::prelude::*;

/// One idea of an ideas task. Anonymous tasks leave `created_at` empty, and every idea has a
/// random id, so neither the time nor the order of writing points to anyone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ideas")]
pub struct Model {
    /// Random, never a sequence.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub task_id: i32,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub state: String,
    pub merged_into_id: Option<i32>,
    pub created_at: Option<DateTimeUtc>,
    pub edited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
