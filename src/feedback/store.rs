//! sea-orm queries of the feedback tables: the one writer of topics, items and notes.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::entities::{feedback_item as item, feedback_note as note, feedback_topic as topic};
use super::model::{NewFeedback, Status};

// ----- Topics -----

/// Every topic of an organisation, open and retired, by name.
pub async fn topics(db: &impl ConnectionTrait, org_id: i32) -> Result<Vec<topic::Model>, DbErr> {
    topic::Entity::find()
        .filter(topic::Column::OrganizationId.eq(org_id))
        .order_by_asc(topic::Column::Name)
        .order_by_asc(topic::Column::Id)
        .all(db)
        .await
}

pub async fn topic(
    db: &impl ConnectionTrait,
    org_id: i32,
    id: i32,
) -> Result<Option<topic::Model>, DbErr> {
    topic::Entity::find_by_id(id)
        .filter(topic::Column::OrganizationId.eq(org_id))
        .one(db)
        .await
}

pub async fn insert_topic(
    db: &impl ConnectionTrait,
    org_id: i32,
    name: &str,
    at: DateTime<Utc>,
) -> Result<topic::Model, DbErr> {
    topic::ActiveModel {
        organization_id: Set(org_id),
        name: Set(name.to_owned()),
        retired_at: Set(None),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn update_topic(
    db: &impl ConnectionTrait,
    row: topic::Model,
    name: &str,
    retired_at: Option<DateTime<Utc>>,
) -> Result<topic::Model, DbErr> {
    let mut active: topic::ActiveModel = row.into();
    active.name = Set(name.to_owned());
    active.retired_at = Set(retired_at);
    active.update(db).await
}

// ----- Items -----

pub async fn insert_item(
    db: &impl ConnectionTrait,
    org_id: i32,
    panel_id: Option<i32>,
    new: NewFeedback,
    at: DateTime<Utc>,
) -> Result<item::Model, DbErr> {
    item::ActiveModel {
        organization_id: Set(org_id),
        panel_id: Set(panel_id),
        topic_id: Set(new.topic_id),
        body_md: Set(new.body_md),
        body_html: Set(new.html.into_string()),
        email: Set(new.email.map(|e| e.as_str().to_owned())),
        email_erased_at: Set(None),
        may_publish: Set(new.may_publish),
        language: Set(new.language.code().to_owned()),
        status: Set(Status::New.as_str().to_owned()),
        assignee_id: Set(None),
        reply_md: Set(None),
        replied_at: Set(None),
        replied_by: Set(None),
        published_kind: Set(None),
        published_post_id: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// What the inbox list is narrowed to.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter {
    pub status: Option<Status>,
    pub topic_id: Option<i32>,
}

/// An organisation's items, newest first.
pub async fn items(
    db: &impl ConnectionTrait,
    org_id: i32,
    filter: Filter,
) -> Result<Vec<item::Model>, DbErr> {
    let mut q = item::Entity::find().filter(item::Column::OrganizationId.eq(org_id));
    if let Some(status) = filter.status {
        q = q.filter(item::Column::Status.eq(status.as_str()));
    }
    if let Some(topic_id) = filter.topic_id {
        q = q.filter(item::Column::TopicId.eq(topic_id));
    }
    q.order_by_desc(item::Column::CreatedAt)
        .order_by_desc(item::Column::Id)
        .all(db)
        .await
}

pub async fn item(
    db: &impl ConnectionTrait,
    org_id: i32,
    id: i32,
) -> Result<Option<item::Model>, DbErr> {
    of_organization(org_id, id).one(db).await
}

fn of_organization(org_id: i32, id: i32) -> sea_orm::Select<item::Entity> {
    item::Entity::find_by_id(id).filter(item::Column::OrganizationId.eq(org_id))
}

/// The item, locked for the rest of the transaction (PostgreSQL `FOR UPDATE`; on SQLite the
/// write transaction itself is exclusive), so two staff acting on it at once go one by one.
pub async fn item_for_update(
    db: &impl ConnectionTrait,
    org_id: i32,
    id: i32,
) -> Result<Option<item::Model>, DbErr> {
    of_organization(org_id, id).lock_exclusive().one(db).await
}

/// Save changed fields of an item, stamping `updated_at`.
pub async fn save_item(
    db: &impl ConnectionTrait,
    mut active: item::ActiveModel,
    at: DateTime<Utc>,
) -> Result<item::Model, DbErr> {
    active.updated_at = Set(at);
    active.update(db).await
}

/// Items that still hold an address and were sent before `cutoff`.
pub async fn items_with_email_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<Vec<item::Model>, DbErr> {
    item::Entity::find()
        .filter(item::Column::Email.is_not_null())
        .filter(item::Column::CreatedAt.lt(cutoff))
        .all(db)
        .await
}

/// Items sent with this address (a person's own feedback, for their data download or their
/// erasure).
pub async fn items_from_address(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Vec<item::Model>, DbErr> {
    item::Entity::find()
        .filter(item::Column::Email.eq(email))
        .order_by_asc(item::Column::Id)
        .all(db)
        .await
}

/// Erase this address from every item sent with it (the person's erasure); returns how many.
pub async fn erase_address(
    db: &impl ConnectionTrait,
    email: &str,
    at: DateTime<Utc>,
) -> Result<u64, DbErr> {
    use sea_orm::sea_query::Expr;
    let done = item::Entity::update_many()
        .col_expr(item::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(item::Column::EmailErasedAt, Expr::value(Some(at)))
        .col_expr(item::Column::UpdatedAt, Expr::value(at))
        .filter(item::Column::Email.eq(email))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

// ----- Notes -----

pub async fn notes(db: &impl ConnectionTrait, item_id: i32) -> Result<Vec<note::Model>, DbErr> {
    note::Entity::find()
        .filter(note::Column::ItemId.eq(item_id))
        .order_by_asc(note::Column::CreatedAt)
        .order_by_asc(note::Column::Id)
        .all(db)
        .await
}

pub async fn insert_note(
    db: &impl ConnectionTrait,
    item_id: i32,
    author_id: i32,
    body: &str,
    at: DateTime<Utc>,
) -> Result<note::Model, DbErr> {
    note::ActiveModel {
        item_id: Set(item_id),
        author_id: Set(author_id),
        body: Set(body.to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
}
