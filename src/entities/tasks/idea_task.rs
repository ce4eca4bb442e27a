use sea_orm::entity::prelude::*;

/// What makes a task an ideas task: its voting day, how members vote and whether they see
/// each other's ideas while ideas are collected.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idea_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: i32,
    pub voting_opens_at: DateTimeUtc,
    pub vote_method: String,
    pub vote_points: i32,
    pub ideas_visible: bool,
    pub revealed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
