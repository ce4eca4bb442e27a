use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub body_html: String,
    pub excerpt: String,
    pub language: String,
    pub visibility: String,
    pub status: String,
    pub author_id: i32,
    pub organization_id: i32,
    pub published_at: Option<DateTimeUtc>,
    pub published_month: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    /// "visible" | "held" (waits for a moderator) | "rejected" | "flagged" (hidden by flags
    /// pending review); see `moderation::model::ModerationState`.
    pub moderation_state: String,
    /// Why a moderator rejected it, shown to its author.
    pub moderation_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The stored codes as the blog's types: the one place they are read (an unknown code reads as
/// the most private value).
impl Model {
    /// Where the post stands with the moderators.
    pub fn moderation(&self) -> crate::moderation::model::ModerationState {
        crate::moderation::model::ModerationState::parse(&self.moderation_state)
    }

    pub fn post_status(&self) -> crate::blog::model::PostStatus {
        crate::blog::model::PostStatus::parse(&self.status)
            .unwrap_or(crate::blog::model::PostStatus::Draft)
    }

    pub fn post_visibility(&self) -> crate::blog::model::Visibility {
        crate::blog::model::Visibility::parse(&self.visibility)
            .unwrap_or(crate::blog::model::Visibility::Members)
    }

    /// The post's language (the default one for an unknown code).
    pub fn lang(&self) -> crate::i18n::Lang {
        crate::i18n::Lang::parse(&self.language).unwrap_or_default()
    }
}
