use sea_orm::entity::prelude::*;

/// One member's answers to a task. Anonymous tasks leave `respondent_id` and `saved_at` empty.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_answer_sets")]
pub struct Model {
    /// Random, never a sequence.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub task_id: i32,
    pub respondent_id: Option<i32>,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub stage: Option<String>,
    pub answers: String,
    pub saved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
