use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub network_name: String,
    pub default_language: String,
    pub contact_email: String,
    /// Phone, postal address or office hours for accessibility feedback.
    pub accessibility_contact: String,
    /// Who may comment on public posts: "staff" | "panel_members" | "registered".
    pub comment_policy: String,
    /// How many of a customer's first contributions wait for a moderator.
    pub premoderate_first: i32,
    /// Flags from different people that hide a contribution pending review.
    pub flags_to_hide: i32,
    /// How long an account counts as new for the limits below.
    pub newcomer_days: i32,
    pub newcomer_writes_per_hour: i32,
    pub newcomer_links: i32,
    /// Months after which a feedback sender's email address is erased.
    pub feedback_retention_months: i32,
    /// The privacy notice ("tietosuojaseloste") in Markdown, per language.
    pub privacy_notice_fi: String,
    pub privacy_notice_sv: String,
    pub privacy_notice_en: String,
    /// What erasing a person does to their posts and comments: "keep" (under "former
    /// participant") or "remove" (`data_rights::model::ErasurePolicy`).
    pub erasure_policy: String,
    /// Retention (the daily pass in `data_rights::retention`): declined panel applications
    /// in months, signed-out or idle sessions and sent email outbox rows in days.
    pub retention_declined_months: i32,
    pub retention_sessions_days: i32,
    pub retention_outbox_days: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The site's default language, read from its stored code (the one conversion).
    pub fn language(&self) -> Option<crate::i18n::Lang> {
        crate::i18n::Lang::parse(&self.default_language)
    }

    /// Who may comment on public posts.
    pub fn comment_policy(&self) -> crate::auth::permissions::CommentPolicy {
        crate::auth::permissions::CommentPolicy::parse(&self.comment_policy)
    }

    /// The moderation settings as the site's type (negative numbers read as 0).
    pub fn moderation_rules(&self) -> crate::moderation::model::ModerationRules {
        let n = |v: i32| u32::try_from(v).unwrap_or(0);
        crate::moderation::model::ModerationRules {
            premoderate_first: n(self.premoderate_first),
            flags_to_hide: n(self.flags_to_hide),
            newcomer_days: n(self.newcomer_days),
            newcomer_writes_per_hour: n(self.newcomer_writes_per_hour),
            newcomer_links: n(self.newcomer_links),
        }
    }

    /// The privacy notice's Markdown in `lang` (empty when not written yet).
    pub fn privacy_notice(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Fi => &self.privacy_notice_fi,
            crate::i18n::Lang::Sv => &self.privacy_notice_sv,
            crate::i18n::Lang::En => &self.privacy_notice_en,
        }
    }
}
