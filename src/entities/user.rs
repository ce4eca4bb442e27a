use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub organization_id: Option<i32>,
    pub job_title: String,
    pub language: Option<String>,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub deactivated_at: Option<DateTimeUtc>,
    /// When the person proved the address (a confirmation link, an invitation, setup);
    /// `None` for a self-registered customer who has not yet: no contributions until then.
    pub email_confirmed_at: Option<DateTimeUtc>,
    /// When a self-registered customer accepted the terms and privacy notice.
    pub terms_accepted_at: Option<DateTimeUtc>,
    /// A suspension's start; with `suspended_until` `None` it is for good.
    pub suspended_at: Option<DateTimeUtc>,
    pub suspended_until: Option<DateTimeUtc>,
    /// The person deleted their account (or it was erased): shown as "former participant".
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the account is suspended at `now` (for good when there is no end).
    pub fn is_suspended_at(&self, now: DateTimeUtc) -> bool {
        self.suspended_at.is_some() && self.suspended_until.is_none_or(|until| now < until)
    }

    /// Whether the person has proved their email address.
    pub fn email_confirmed(&self) -> bool {
        self.email_confirmed_at.is_some()
    }

    /// The stored role as the site's type (`None` for a code it does not know).
    pub fn user_role(&self) -> Option<crate::auth::permissions::Role> {
        crate::auth::permissions::Role::parse(&self.role)
    }
}
