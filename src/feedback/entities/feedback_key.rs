use sea_orm::entity::prelude::*;

/// The key that signs the feedback form's start time (made on first use, shared by nodes).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feedback_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub secret: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
