use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub topic_id: i32,
    /// The panel whose form it came through; none for the organisation's own form.
    pub panel_id: Option<i32>,
    pub body_md: String,
    /// `markdown::render` of `body_md`, stored once.
    pub body_html: String,
    /// The sender's address for an answer: staff only, erased after the retention period.
    pub email: Option<String>,
    pub email_erased_at: Option<DateTimeUtc>,
    pub may_publish: bool,
    pub language: String,
    /// "new" | "in_progress" | "answered" | "closed"
    pub status: String,
    pub assignee_id: Option<i32>,
    pub reply_md: Option<String>,
    pub replied_at: Option<DateTimeUtc>,
    pub replied_by: Option<i32>,
    /// "post" | "topic" once published.
    pub published_kind: Option<String>,
    pub published_post_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
