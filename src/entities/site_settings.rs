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
}
