//! Demo content for notifications: everyone's @handle, follows of a person, an organisation
//! and a label, unread notifications of the newest posts and their comments, and a comment
//! that mentions the administrator. Written through `events`, as the real writes do.
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::{entities::notification, events, mentions, model::FollowTarget, store};
use crate::{
    comments::{
        model::{CommentBody, place},
        store as comment_store,
    },
    db::{begin_write, now},
    entities::{comment, post, post_label, user},
};

/// Add the notifications demo (once) to a demo site that has posts and people.
pub async fn demo(db: &DatabaseConnection) -> anyhow::Result<()> {
    let txn = begin_write(db).await?;
    // Done once: the actions' demo may have written its own (about actions) before.
    if notification::Entity::find()
        .filter(notification::Column::PostId.is_not_null())
        .count(&txn)
        .await?
        > 0
    {
        return Ok(());
    }
    mentions::assign_missing(&txn).await?;
    let staff: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::OrganizationId.is_not_null())
        .order_by_asc(user::Column::Id)
        .all(&txn)
        .await?;
    let mut posts: Vec<post::Model> = post::Entity::find()
        .filter(post::Column::Status.eq("published"))
        .filter(post::Column::Slug.not_like("panel-%"))
        .order_by_desc(post::Column::PublishedAt)
        .all(&txn)
        .await?;
    posts.truncate(3);
    let (Some(newest), Some(admin), Some(second), Some(third)) =
        (posts.first(), staff.first(), staff.get(1), staff.get(2))
    else {
        return Ok(());
    };
    let at = now();
    // Who follows what: a colleague follows the newest post's writer, another its
    // organisation, the administrator its first label.
    store::follow_if_new(&txn, second.id, FollowTarget::Person(newest.author_id), at).await?;
    store::follow_if_new(
        &txn,
        third.id,
        FollowTarget::Organization(newest.organization_id),
        at,
    )
    .await?;
    if let Some(label) = post_label::Entity::find()
        .filter(post_label::Column::PostId.eq(newest.id))
        .one(&txn)
        .await?
    {
        store::follow_if_new(&txn, admin.id, FollowTarget::Label(label.label_id), at).await?;
    }
    for p in posts.iter().rev() {
        events::post_written(&txn, p).await?;
        for c in comment::Entity::find()
            .filter(comment::Column::PostId.eq(p.id))
            .order_by_asc(comment::Column::Id)
            .all(&txn)
            .await?
        {
            events::comment_written(&txn, &c).await?;
        }
    }
    // A colleague thanks the administrator by name under the newest post.
    let writer = if newest.author_id == second.id {
        third
    } else {
        second
    };
    let handle = mentions::handle_of(&txn, admin.id).await?;
    let body = CommentBody::parse(&format!(
        "Kiitos @{handle} vinkistä! Kokeilemme tätä meidän palvelupisteessämme ensi viikolla \
         ja kerromme, miten asiakkaat ottivat sen vastaan."
    ))
    .map_err(|e| anyhow::anyhow!("demo comment: {}", e.message_key))?;
    let saved = comment_store::insert(&txn, newest.id, writer.id, place(None), &body, at).await?;
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Comment(saved.id)).await?;
    events::comment_written(&txn, &saved).await?;
    txn.commit().await?;
    Ok(())
}
