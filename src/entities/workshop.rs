//! A panel's workshop.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshops")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub uid_key: String,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: i32,
    pub registration_deadline: Option<DateTimeUtc>,
    pub sequence: i32,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_by: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The minutes as Markdown; `None` until written (read by the search indexer too).
    pub minutes: Option<String>,
    /// The minutes rendered once, when saved.
    pub minutes_html: Option<String>,
    pub minutes_updated_at: Option<DateTimeUtc>,
    /// Who saved the minutes last.
    pub minutes_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
