use sea_orm::entity::prelude::*;

/// A comment on an idea. Anonymous tasks leave `author_id` and `created_at` empty.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idea_comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub idea_id: i32,
    pub author_id: Option<i32>,
    pub body_md: String,
    pub body_html: String,
    pub state: String,
    pub moved_from_idea_id: Option<i32>,
    pub created_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
