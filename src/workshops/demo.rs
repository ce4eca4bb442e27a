//! `lupa demo`: a confirmed workshop with registrations and an open scheduling poll.
use sea_orm::DatabaseConnection;

use crate::panels::model::PanelId;

/// Add the demo workshops to the demo panel.
pub async fn demo(_db: &DatabaseConnection, _panel: PanelId) -> anyhow::Result<()> {
    Ok(())
}
