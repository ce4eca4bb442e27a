use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "panel_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub panel_id: i32,
    pub user_id: i32,
    /// "facilitator" | "member"
    pub role: String,
    pub company_name: String,
    pub business_id: Option<String>,
    pub industry: Option<String>,
    pub region: Option<String>,
    pub stage: Option<String>,
    pub role_in_company: String,
    pub joined_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The stored role as the panels' type (`None` for a code it does not know).
    pub fn member_role(&self) -> Option<crate::panels::model::MemberRole> {
        crate::panels::model::MemberRole::parse(&self.role)
    }
}
