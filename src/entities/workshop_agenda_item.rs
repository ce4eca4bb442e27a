//! One item of a workshop's agenda: free, or picked from a task's results; with its outcome.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshop_agenda_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub workshop_id: i32,
    pub position: i32,
    pub title: String,
    pub note_md: String,
    pub note_html: String,
    pub duration_minutes: Option<i32>,
    pub task_id: Option<i32>,
    pub question_id: Option<i32>,
    pub option_id: Option<i32>,
    pub outcome_md: Option<String>,
    pub outcome_html: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
