//! The audit log's one writer: entries are appended, never updated by the application
//! (erasing a person's data from entry texts is the data-rights feature's one exception).
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use super::model::NewEntry;
use crate::entities::audit_entry;

/// Appends `entry`, stamped with the app's clock, in the caller's transaction.
pub async fn record(conn: &impl ConnectionTrait, entry: NewEntry) -> Result<i32, DbErr> {
    let row = audit_entry::ActiveModel {
        at: Set(crate::db::now()),
        actor_id: Set(entry.actor_id),
        action: Set(entry.action.as_str().to_owned()),
        target_kind: Set(entry.target.as_str().to_owned()),
        target_id: Set(entry.target_id),
        panel_id: Set(entry.panel_id),
        subject_user_id: Set(entry.subject_user_id),
        reason: Set(entry.reason),
        before: Set(entry.before),
        after: Set(entry.after),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(row.id)
}
