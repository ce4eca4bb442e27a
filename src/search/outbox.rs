//! The search outbox: every write that changes searchable content records what changed here,
//! in its own transaction, so each node's indexer can apply the changes in order and never
//! miss one.
//!
//! Positions are given in commit order, not insert order. A row's id is handed out when it is
//! inserted, but on PostgreSQL transactions commit in any order: a row with a lower id can
//! become visible after a higher one has been applied, and an indexer reading "ids after my
//! position" would step over it for good. So a row gets its position (`seq`) only after its
//! transaction has committed: before reading, an indexer runs `sequence`, which, holding a
//! lock that every sequencer takes (an advisory transaction lock on PostgreSQL; SQLite's one
//! writer), numbers the committed rows that have none yet, in id order, above every number
//! given before. A row that commits later is numbered by a later run, so it always lands
//! above whatever any node has already applied. (Of the designs that fix this, this one keeps
//! a position a single number and costs one small `UPDATE` per batch; reading only below the
//! oldest running transaction's snapshot would need a transaction id per row and a pair as
//! the position, and is PostgreSQL-only.)
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Notify;

use crate::{
    db::{begin_write, now},
    entities::{search_node, search_outbox},
};

/// Rung by every enqueue; the indexer also polls, for changes committed after it looked.
static WAKE: Notify = Notify::const_new();
/// Changes recorded by this process so far (the page cache drops this node's pages after a
/// request that recorded one).
static ENQUEUED: AtomicU64 = AtomicU64::new(0);

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
    /// Something only pages show changed (the site's settings, an organisation's
    /// description, a person's job title or suspension): nothing to index, but every node's
    /// page cache drops what it holds (`page_cache`).
    Site,
    /// A person was erased (`data_rights`): their documents are indexed again like a
    /// rename's, and then every node merges its segments so that the deleted documents'
    /// terms leave its index files, not only the erasing node's.
    Erasure(i32),
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
            Change::Site => ("site", 0),
            Change::Erasure(id) => ("erasure", id),
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
            "site" => Some(Change::Site),
            "erasure" => Some(Change::Erasure(id)),
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
    ENQUEUED.fetch_add(1, Ordering::Relaxed);
    WAKE.notify_one();
    Ok(())
}

/// Record many changes at once (an import), inside the caller's write transaction; returns
/// how many.
pub async fn enqueue_many(
    db: &impl ConnectionTrait,
    changes: impl IntoIterator<Item = Change>,
) -> Result<u64, DbErr> {
    let at = now();
    let rows: Vec<_> = changes
        .into_iter()
        .map(|change| {
            let (kind, entity_id) = change.parts();
            search_outbox::ActiveModel {
                kind: Set(kind.to_owned()),
                entity_id: Set(entity_id),
                created_at: Set(at),
                ..Default::default()
            }
        })
        .collect();
    let count = rows.len() as u64;
    for chunk in rows.chunks(1000) {
        search_outbox::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    ENQUEUED.fetch_add(count, Ordering::Relaxed);
    WAKE.notify_one();
    Ok(count)
}

/// How many changes this process has recorded (a counter, not a position).
pub fn enqueued() -> u64 {
    ENQUEUED.load(Ordering::Relaxed)
}

/// Resolves when something was enqueued since the last wake-up.
pub(crate) async fn woken() {
    WAKE.notified().await
}

/// Key of the PostgreSQL advisory lock every sequencer holds while it numbers rows ("lupa
/// search outbox" in ASCII, as a number).
const SEQUENCE_LOCK: i64 = 0x6c75_7061_5f73_6571;

/// Number the committed outbox rows that have no position yet, in id order, after the
/// highest position given so far. Returns how many were numbered. Any node may run it at
/// any time: the lock makes sequencers take turns, and each sees every number the one before
/// it committed, so numbers only ever grow with commit time.
pub async fn sequence(db: &DatabaseConnection) -> Result<u64, DbErr> {
    // Most runs find nothing to number: a plain read, without taking the lock.
    let waiting = search_outbox::Entity::find()
        .select_only()
        .column(search_outbox::Column::Id)
        .filter(search_outbox::Column::Seq.is_null())
        .limit(1)
        .into_tuple::<i32>()
        .one(db)
        .await?;
    if waiting.is_none() {
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let txn = begin_write(db).await?;
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT pg_advisory_xact_lock($1)",
            [SEQUENCE_LOCK.into()],
        ))
        .await?;
    }
    // One statement in both dialects: the committed rows without a number, counted in id
    // order, above the highest number (which `trim` never deletes).
    let numbered = txn
        .execute_unprepared(
            "UPDATE search_outbox SET seq = waiting.base + waiting.n \
             FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n, \
                          (SELECT COALESCE(MAX(seq), 0) FROM search_outbox) AS base \
                   FROM search_outbox WHERE seq IS NULL) AS waiting \
             WHERE search_outbox.id = waiting.id",
        )
        .await?
        .rows_affected();
    txn.commit().await?;
    Ok(numbered)
}

/// Up to `limit` changes after `position`, oldest first, with their positions. Only rows
/// `sequence` has numbered are read.
pub(crate) async fn after(
    db: &impl ConnectionTrait,
    position: i64,
    limit: u64,
) -> Result<Vec<(i64, Option<Change>)>, DbErr> {
    let rows = search_outbox::Entity::find()
        .filter(search_outbox::Column::Seq.gt(position))
        .order_by_asc(search_outbox::Column::Seq)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.seq?, Change::from_parts(&r.kind, r.entity_id))))
        .collect())
}

/// The newest position (0 when nothing has been numbered): a rebuild starts from here. Run
/// `sequence` first to include every committed change.
pub(crate) async fn last_position(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let last: Option<Option<i64>> = search_outbox::Entity::find()
        .select_only()
        .column_as(search_outbox::Column::Seq.max(), "seq")
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten().unwrap_or(0))
}

/// The oldest position still in the outbox, if any. Positions have no gaps, so a node whose
/// position is below it by more than one was left behind by a trim and must rebuild.
pub(crate) async fn first_position(db: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    let first: Option<Option<i64>> = search_outbox::Entity::find()
        .select_only()
        .column_as(search_outbox::Column::Seq.min(), "seq")
        .into_tuple()
        .one(db)
        .await?;
    Ok(first.flatten())
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

/// How many nodes have reported in the last `stale_days` days (`lupa check-config`).
pub async fn live_nodes(db: &impl ConnectionTrait, stale_days: i64) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    let cutoff = now() - chrono::Duration::days(stale_days);
    search_node::Entity::find()
        .filter(search_node::Column::SeenAt.gte(cutoff))
        .count(db)
        .await
}

/// Trim the shared outbox: delete the rows every live node has applied, that is the rows at
/// or below the smallest position among nodes seen in the last `stale_days` days, except the
/// newest numbered row, which carries the highest position for `sequence` to count on from.
/// Nodes not seen for longer are forgotten (their rows deleted too); one that comes back
/// finds a gap below the oldest row and rebuilds its index from the database. Rows not yet
/// numbered are never deleted. Returns the rows deleted.
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
    let newest = last_position(db).await?;
    let res = search_outbox::Entity::delete_many()
        .filter(search_outbox::Column::Seq.lte(lowest.position))
        .filter(search_outbox::Column::Seq.lt(newest))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
