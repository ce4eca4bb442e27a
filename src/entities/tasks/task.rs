use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub title: String,
    pub intro_md: String,
    pub intro_html: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub anonymous: bool,
    pub results_visibility: String,
    pub shuffle_options: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Who the task is aimed at: `everyone`, `industry`, `region`, `stage` or `members`.
    pub aim_kind: String,
    /// The aimed values, one a line (codes, or member user ids).
    pub aim_values: String,
    /// The earlier round this task was copied from.
    pub previous_task_id: Option<i32>,
    /// 1 for a first round, the earlier round's plus one for a copy.
    pub round: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
