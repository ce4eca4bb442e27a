use sea_orm::entity::prelude::*;

/// A person following something: a post or panel topic, a label, an organisation, a person
/// or a panel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// "post" | "label" | "organization" | "person" | "panel"
    pub target_kind: String,
    pub target_id: i32,
    /// `false`: turned off (a panel member who unfollowed their panel).
    pub active: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
