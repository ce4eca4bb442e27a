use sea_orm::entity::prelude::*;

/// Something a panel agreed to do, owned by one person, due on a day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub title: String,
    pub description_md: String,
    /// `markdown::render` of `description_md`, stored once.
    pub description_html: String,
    /// `None` only when the owner's account was deleted.
    pub owner_id: Option<i32>,
    /// The due day, on the Helsinki calendar.
    pub due_on: Date,
    /// "planned" | "in_progress" | "done" | "dropped"
    pub status: String,
    /// "manual" | "agenda" | "task" | "feedback"
    pub source_kind: String,
    pub source_id: Option<i32>,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
