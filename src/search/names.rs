//! The names search results and filters show: people (with their organisation), organisations
//! and labels. A page of results names up to ten authors and thirty values per filter, which
//! were four reads of the database per search; they are kept in memory beside the cached
//! pages (`PageCache::recall`/`keep`), so they are dropped exactly when the pages are: a change
//! the outbox records (a renamed or removed person, a renamed organisation or label), a write
//! on this node, or the pages' maximum age. Only what is not in memory is read.
use std::{any::Any, collections::HashMap, sync::Arc};

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::{
    entities::{label, organization, user},
    page_cache::PageCache,
    people::model::PersonName,
};

/// A person as a byline and the author filter show them.
pub(super) struct Person {
    pub(super) name: PersonName,
    /// Removed people are no filter value: their names are gone.
    pub(super) removed: bool,
    pub(super) display_name: String,
    pub(super) organization_id: Option<i32>,
}

pub(super) struct Organization {
    pub(super) name: String,
    pub(super) short_name: String,
}

pub(super) struct Label {
    pub(super) name: String,
    pub(super) slug: String,
}

pub(super) async fn people(
    db: &DatabaseConnection,
    memory: Option<&PageCache>,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Arc<Person>>, DbErr> {
    named::<user::Entity, _>(db, memory, user::Column::Id, ids, |p| {
        (
            p.id,
            Person {
                name: PersonName::of(p),
                removed: p.removed_at.is_some(),
                display_name: p.display_name.clone(),
                organization_id: p.organization_id,
            },
        )
    })
    .await
}

pub(super) async fn organizations(
    db: &DatabaseConnection,
    memory: Option<&PageCache>,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Arc<Organization>>, DbErr> {
    named::<organization::Entity, _>(db, memory, organization::Column::Id, ids, |o| {
        (
            o.id,
            Organization {
                name: o.name.clone(),
                short_name: o.short_name.clone(),
            },
        )
    })
    .await
}

pub(super) async fn labels(
    db: &DatabaseConnection,
    memory: Option<&PageCache>,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Arc<Label>>, DbErr> {
    named::<label::Entity, _>(db, memory, label::Column::Id, ids, |l| {
        (
            l.id,
            Label {
                name: l.name.clone(),
                slug: l.slug.clone(),
            },
        )
    })
    .await
}

/// The values of `ids` from memory, the others read in one query (none when all are known)
/// and kept; an id with no row is left out.
async fn named<E, V>(
    db: &DatabaseConnection,
    memory: Option<&PageCache>,
    column: E::Column,
    ids: impl IntoIterator<Item = i32>,
    make: impl Fn(&E::Model) -> (i32, V),
) -> Result<HashMap<i32, Arc<V>>, DbErr>
where
    E: EntityTrait,
    V: Any + Send + Sync,
{
    let mut found = HashMap::new();
    let mut missing = Vec::new();
    for id in ids {
        if found.contains_key(&id) {
            continue;
        }
        match memory.and_then(|m| m.recall::<V>(&id.to_string())) {
            Some(value) => {
                found.insert(id, value);
            }
            None => missing.push(id),
        }
    }
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        return Ok(found);
    }
    // Taken before the read: a value read before a concurrent change is not kept.
    let ticket = memory.map(PageCache::ticket);
    for row in E::find().filter(column.is_in(missing)).all(db).await? {
        let (id, value) = make(&row);
        let value = Arc::new(value);
        if let (Some(memory), Some(ticket)) = (memory, ticket) {
            memory.keep(ticket, id.to_string(), value.clone());
        }
        found.insert(id, value);
    }
    Ok(found)
}
