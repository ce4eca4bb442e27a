use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub post_id: i32,
    pub parent_id: Option<i32>,
    pub depth: i32,
    pub author_id: i32,
    pub body_md: String,
    pub body_html: String,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
    pub hidden_at: Option<DateTimeUtc>,
    pub hidden_by: Option<i32>,
    /// "visible" | "held" (waits for a moderator) | "rejected" | "flagged" (hidden by flags
    /// pending review); see `moderation::model::ModerationState`.
    pub moderation_state: String,
    /// Why a moderator rejected it, shown to its author.
    pub moderation_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Where the comment stands with the moderators.
    pub fn moderation(&self) -> crate::moderation::model::ModerationState {
        crate::moderation::model::ModerationState::parse(&self.moderation_state)
    }
}
