use sea_orm::entity::prelude::*;

/// One thing the site tells one person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// `model::NotificationKind::as_str`
    pub kind: String,
    pub actor_id: Option<i32>,
    pub post_id: Option<i32>,
    pub comment_id: Option<i32>,
    /// An action that moved (`action-moved`), instead of a post.
    pub action_id: Option<i32>,
    /// The update written with that move (its status and note).
    pub action_update_id: Option<i32>,
    /// The moderation decision, or the status an action moved to.
    pub detail: Option<String>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    pub emailed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
