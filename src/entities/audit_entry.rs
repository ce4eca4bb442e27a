use sea_orm::entity::prelude::*;

/// One moderation or administrative action. Append-only for the application: the only change
/// ever made to a row is removing a person's personal data from its texts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: DateTimeUtc,
    /// Who acted; `None` for the system (a retention job, flags reaching the threshold).
    pub actor_id: Option<i32>,
    /// What was done, as `audit::model::Action`'s code.
    pub action: String,
    /// "post" | "comment" | "user" | "feedback" | "panel" | "settings" | ...
    pub target_kind: String,
    pub target_id: Option<i32>,
    pub panel_id: Option<i32>,
    /// The person the action was about (a comment's author, a suspended account).
    pub subject_user_id: Option<i32>,
    pub reason: String,
    pub before: String,
    pub after: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
