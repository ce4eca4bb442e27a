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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
