use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "poll_questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub task_id: i32,
    pub position: i32,
    pub prompt: String,
    pub kind: String,
    pub required: bool,
    pub min_picks: Option<i32>,
    pub max_picks: Option<i32>,
    pub scale_min: Option<i32>,
    pub scale_max: Option<i32>,
    pub scale_min_label: String,
    pub scale_max_label: String,
    pub points: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
