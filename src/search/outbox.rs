//! The search outbox: every write that changes searchable content records what changed here,
//! in its own transaction, so each node's indexer can apply the changes in order and never
//! miss one (the row id is the position).
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::Notify;

use crate::{
    db::now,
    entities::{search_node, search_outbox},
};

/// Rung by every enqueue; the indexer also polls, for changes committed after it looked.
static WAKE: Notify = Notify::const_new();

/// What changed: the indexer works out which documents that touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// A post was written, edited, published, unpublished or changed visibility.
    Post(i32),
    /// A comment was written, edited, removed, hidden or shown again.
    Comment(i32),
    /// A person was renamed (their byline is searchable).
    Person(i32),
    /// An organisation was renamed.
    Organization(i32),
    /// A workshop's minutes (or agenda outcomes) were written, edited or removed.
    Workshop(i32),
    /// A panel task (poll or survey) was written or edited: its title, introduction and
    /// questions are searchable (never its answers).
    Task(i32),
}

impl Change {
    fn parts(self) -> (&'static str, i32) {
        match self {
            Change::Post(id) => ("post", id),
            Change::Comment(id) => ("comment", id),
            Change::Person(id) => ("person", id),
            Change::Organization(id) => ("organization", id),
            Change::Workshop(id) => ("workshop", id),
            Change::Task(id) => ("task", id),
        }
    }

    fn from_parts(kind: &str, id: i32) -> Option<Change> {
        match kind {
            "post" => Some(Change::Post(id)),
            "comment" => Some(Change::Comment(id)),
            "person" => Some(Change::Person(id)),
            "organization" => Some(Change::Organization(id)),
            "workshop" => Some(Change::Workshop(id)),
            "task" => Some(Change::Task(id)),
            _ => None,
        }
    }
}

/// Record a change, inside the caller's write transaction.
pub async fn enqueue(db: &impl ConnectionTrait, change: Change) -> Result<(), DbErr> {
    let (kind, entity_id) = change.parts();
    search_outbox::ActiveModel {
        kind: Set(kind.to_owned()),
        entity_id: Set(entity_id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    WAKE.notify_one();
    Ok(())
}

/// Resolves when something was enqueued since the last wake-up.
pub(crate) async fn woken() {
    WAKE.notified().await
}

/// Up to `limit` changes after `position`, oldest first, with their positions.
pub(crate) async fn after(
    db: &impl ConnectionTrait,
    position: i64,
    limit: u64,
) -> Result<Vec<(i64, Option<Change>)>, DbErr> {
    let rows = search_outbox::Entity::find()
        .filter(search_outbox::Column::Id.gt(position))
        .order_by_asc(search_outbox::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (i64::from(r.id), Change::from_parts(&r.kind, r.entity_id)))
        .collect())
}

/// The newest position (0 when the outbox is empty): a rebuild starts from here.
pub(crate) async fn last_position(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let last = search_outbox::Entity::find()
        .order_by_desc(search_outbox::Column::Id)
        .one(db)
        .await?;
    Ok(last.map_or(0, |r| i64::from(r.id)))
}

/// The oldest position still in the outbox, if any: a node whose position is below it by more
/// than one row was left behind by a trim and must rebuild.
pub(crate) async fn first_position(db: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    let first = search_outbox::Entity::find()
        .order_by_asc(search_outbox::Column::Id)
        .one(db)
        .await?;
    Ok(first.map(|r| i64::from(r.id)))
}

/// Record that `node` has applied the outbox up to `position` (and is alive).
pub async fn report(db: &impl ConnectionTrait, node: &str, position: i64) -> Result<(), DbErr> {
    use sea_orm::sea_query::OnConflict;
    search_node::Entity::insert(search_node::ActiveModel {
        node: Set(node.to_owned()),
        position: Set(position),
        seen_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(search_node::Column::Node)
            .update_columns([search_node::Column::Position, search_node::Column::SeenAt])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Trim the shared outbox: delete the rows every live node has applied, that is the rows at
/// or below the smallest position among nodes seen in the last `stale_days` days. Nodes not
/// seen for longer are forgotten (their rows deleted too); one that comes back finds a gap
/// below the oldest row and rebuilds its index from the database. Returns the rows deleted.
pub async fn trim(db: &impl ConnectionTrait, stale_days: i64) -> Result<u64, DbErr> {
    let cutoff = now() - chrono::Duration::days(stale_days);
    search_node::Entity::delete_many()
        .filter(search_node::Column::SeenAt.lt(cutoff))
        .exec(db)
        .await?;
    let lowest = search_node::Entity::find()
        .order_by_asc(search_node::Column::Position)
        .one(db)
        .await?;
    let Some(lowest) = lowest else {
        return Ok(0);
    };
    let res = search_outbox::Entity::delete_many()
        .filter(search_outbox::Column::Id.lte(lowest.position))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
