use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub description_md: String,
    pub description_html: String,
    pub organization_id: i32,
    pub term_start: Date,
    pub term_end: Date,
    pub seat_target: i32,
    pub seat_cap: i32,
    /// "private" | "open"
    pub visibility: String,
    pub listed_publicly: bool,
    /// Signed-in customers may join by themselves, without an application.
    pub open_join: bool,
    /// Whether the panel has its own public feedback form (`/panels/{slug}/feedback`).
    pub feedback_form: bool,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
