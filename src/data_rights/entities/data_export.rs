//! A "download my data" archive: asked for, prepared in the background, downloadable by its
//! owner with the emailed link until it expires.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_exports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    /// "pending" | "ready"
    pub status: String,
    /// SHA-256 (hex) of the link's secret, once ready.
    pub token_hash: Option<String>,
    /// The ZIP file, once ready.
    pub archive: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
    pub ready_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
