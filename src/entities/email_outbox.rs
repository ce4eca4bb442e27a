use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub created_at: DateTimeUtc,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub failed_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// What the email is about (`crate::email::kinds::EmailKind`), for unsubscribing by kind.
    pub kind: String,
    /// The recipient, when they are a person of this site.
    pub user_id: Option<i32>,
    /// Random key behind the stable `Message-ID`.
    pub message_key: Option<String>,
    /// A sender owns the row until then (its lease).
    pub claimed_until: Option<DateTimeUtc>,
    pub claim_token: Option<String>,
    pub unsubscribe_token_hash: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_body: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The stored kind as the email feature's type (`None` for a code it does not know).
    pub fn email_kind(&self) -> Option<crate::email::kinds::EmailKind> {
        crate::email::kinds::EmailKind::parse(&self.kind)
    }
}
