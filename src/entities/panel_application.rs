use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panel_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub user_id: i32,
    pub company_name: String,
    pub business_id: String,
    pub industry: String,
    pub region: String,
    pub stage: String,
    pub role_in_company: String,
    pub message: String,
    pub consent_at: DateTimeUtc,
    /// "pending" | "waiting" | "offered" | "accepted" | "declined" | "withdrawn"
    pub status: String,
    pub waiting_position: Option<i32>,
    pub offered_at: Option<DateTimeUtc>,
    pub decision_message: Option<String>,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The stored status as the panels' type (`None` for a code it does not know).
    pub fn application_status(&self) -> Option<crate::panels::model::ApplicationStatus> {
        crate::panels::model::ApplicationStatus::parse(&self.status)
    }
}
