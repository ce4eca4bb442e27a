use sea_orm::entity::prelude::*;

/// A person credited for an idea (their own, or a duplicate of theirs merged into it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idea_credits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub idea_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
