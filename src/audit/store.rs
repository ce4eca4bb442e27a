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

/// Which entries to list: every filter is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub action: Option<super::model::Action>,
    /// Entries where this person acted or was acted on.
    pub person: Option<i32>,
    pub target: Option<super::model::TargetKind>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Exclusive end.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

fn filtered(filter: &Filter) -> sea_orm::Select<audit_entry::Entity> {
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
    let mut q = audit_entry::Entity::find();
    if let Some(a) = filter.action {
        q = q.filter(audit_entry::Column::Action.eq(a.as_str()));
    }
    if let Some(p) = filter.person {
        q = q.filter(
            Condition::any()
                .add(audit_entry::Column::ActorId.eq(p))
                .add(audit_entry::Column::SubjectUserId.eq(p)),
        );
    }
    if let Some(t) = filter.target {
        q = q.filter(audit_entry::Column::TargetKind.eq(t.as_str()));
    }
    if let Some(from) = filter.from {
        q = q.filter(audit_entry::Column::At.gte(from));
    }
    if let Some(until) = filter.until {
        q = q.filter(audit_entry::Column::At.lt(until));
    }
    q
}

/// One page of entries, newest first, and how many match in all.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<audit_entry::Model>, u64), DbErr> {
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
    let total = filtered(filter).count(conn).await?;
    let rows = filtered(filter)
        .order_by_desc(audit_entry::Column::At)
        .order_by_desc(audit_entry::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok((rows, total))
}
