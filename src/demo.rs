//! `lupa demo`: a demo network written by us.
use sea_orm::DatabaseConnection;

pub const SIGN_IN_HELP: &str = "demo data created";

pub async fn fill(_db: &DatabaseConnection) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
