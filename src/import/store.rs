//! Queries for what imports recorded: which exported item became which row, and the old
//! addresses of imported posts.
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::model::{Kind, OldPath};
use crate::{
    db::now,
    entities::{import_item, post_redirect},
};

fn kind_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Post => "post",
        Kind::Comment => "comment",
    }
}

/// The row an exported item became, if an import brought it already.
pub async fn imported(
    db: &impl ConnectionTrait,
    kind: Kind,
    key: &str,
) -> Result<Option<i32>, DbErr> {
    Ok(import_item::Entity::find()
        .filter(import_item::Column::SourceKey.eq(key))
        .filter(import_item::Column::Kind.eq(kind_code(kind)))
        .one(db)
        .await?
        .map(|i| i.target_id))
}

/// Record that the exported item `key` became row `target_id`.
pub async fn record(
    db: &impl ConnectionTrait,
    kind: Kind,
    key: &str,
    target_id: i32,
) -> Result<(), DbErr> {
    import_item::Entity::insert(import_item::ActiveModel {
        source_key: Set(key.to_owned()),
        kind: Set(kind_code(kind).to_owned()),
        target_id: Set(target_id),
        created_at: Set(now()),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Answer `old` with post `post_id` from now on, unless another post has that address
/// already (the first one keeps it). Whether it was recorded.
pub async fn add_redirect(
    db: &impl ConnectionTrait,
    old: &OldPath,
    post_id: i32,
) -> Result<bool, DbErr> {
    let result = post_redirect::Entity::insert(post_redirect::ActiveModel {
        old_path: Set(old.as_str().to_owned()),
        post_id: Set(post_id),
        created_at: Set(now()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([post_redirect::Column::OldPath])
    .exec_without_returning(db)
    .await?;
    Ok(matches!(result, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// The post an old address leads to.
pub async fn redirect_target(
    db: &impl ConnectionTrait,
    old: &OldPath,
) -> Result<Option<i32>, DbErr> {
    Ok(post_redirect::Entity::find()
        .filter(post_redirect::Column::OldPath.eq(old.as_str()))
        .one(db)
        .await?
        .map(|r| r.post_id))
}
