//! Queries for comments. Loading a thread takes three queries (comments, their authors,
//! the authors' organisations), however many comments there are.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::model::{CommentBody, Placement};
use crate::moderation::model::ModerationState;
use crate::{
    blog::store::{AuthorRef, OrgRef},
    entities::{comment, organization, user},
};

/// Every comment of a post, removed and hidden ones too, oldest first.
pub async fn comments_of_post(
    db: &impl ConnectionTrait,
    post_id: i32,
) -> Result<Vec<comment::Model>, DbErr> {
    comment::Entity::find()
        .filter(comment::Column::PostId.eq(post_id))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}

/// The newest comments of a post that are neither removed nor hidden nor under moderation,
/// newest first.
pub async fn latest_visible(
    db: &impl ConnectionTrait,
    post_id: i32,
    limit: u64,
) -> Result<Vec<comment::Model>, DbErr> {
    comment::Entity::find()
        .filter(comment::Column::PostId.eq(post_id))
        .filter(comment::Column::DeletedAt.is_null())
        .filter(comment::Column::HiddenAt.is_null())
        .filter(comment::Column::ModerationState.eq(ModerationState::Visible.as_str()))
        .order_by_desc(comment::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

pub async fn comment_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<comment::Model>, DbErr> {
    comment::Entity::find_by_id(id).one(db).await
}

/// A comment's author as shown beside it.
#[derive(Clone, Debug)]
pub struct Byline {
    pub author: AuthorRef,
    pub organization: Option<OrgRef>,
}

/// Names and organisations of these people: two queries.
pub async fn bylines(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> Result<HashMap<i32, Byline>, DbErr> {
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut ids = user_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let mut org_ids: Vec<i32> = people.iter().filter_map(|u| u.organization_id).collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let orgs: HashMap<i32, OrgRef> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organization::Entity::find()
            .filter(organization::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| {
                (
                    o.id,
                    OrgRef {
                        id: o.id,
                        name: o.name,
                        short_name: o.short_name,
                    },
                )
            })
            .collect()
    };
    Ok(people
        .into_iter()
        .map(|u| {
            let organization = u.organization_id.and_then(|id| orgs.get(&id).cloned());
            (
                u.id,
                Byline {
                    author: AuthorRef {
                        id: u.id,
                        name: crate::people::model::PersonName::of(&u),
                    },
                    organization,
                },
            )
        })
        .collect())
}

/// Save a new comment, shown at once (seeding, staff).
pub async fn insert(
    db: &impl ConnectionTrait,
    post_id: i32,
    author_id: i32,
    placement: Placement,
    body: &CommentBody,
    at: DateTime<Utc>,
) -> Result<comment::Model, DbErr> {
    let new = NewRow {
        post_id,
        author_id,
        placement,
        state: ModerationState::Visible,
    };
    insert_in_state(db, new, body, at).await
}

/// Where a new comment goes, by whom, in which moderation state.
#[derive(Clone, Copy, Debug)]
pub struct NewRow {
    pub post_id: i32,
    pub author_id: i32,
    pub placement: Placement,
    pub state: ModerationState,
}

/// Save a new comment in the moderation state its author's standing gives it.
pub async fn insert_in_state(
    db: &impl ConnectionTrait,
    new: NewRow,
    body: &CommentBody,
    at: DateTime<Utc>,
) -> Result<comment::Model, DbErr> {
    let NewRow {
        post_id,
        author_id,
        placement,
        state,
    } = new;
    comment::ActiveModel {
        post_id: Set(post_id),
        parent_id: Set(placement.parent_id),
        depth: Set(placement.depth),
        author_id: Set(author_id),
        body_md: Set(body.markdown().to_owned()),
        body_html: Set(body.html().as_str().to_owned()),
        created_at: Set(at),
        edited_at: Set(None),
        deleted_at: Set(None),
        hidden_at: Set(None),
        hidden_by: Set(None),
        moderation_state: Set(state.as_str().to_owned()),
        moderation_reason: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Replace a comment's text, marking it edited.
pub async fn set_body(
    db: &impl ConnectionTrait,
    existing: comment::Model,
    body: &CommentBody,
    at: DateTime<Utc>,
) -> Result<comment::Model, DbErr> {
    let mut active: comment::ActiveModel = existing.into();
    active.body_md = Set(body.markdown().to_owned());
    active.body_html = Set(body.html().as_str().to_owned());
    active.edited_at = Set(Some(at));
    active.update(db).await
}

/// Mark a comment removed and erase its text; the row stays so replies keep their place.
pub async fn mark_removed(
    db: &impl ConnectionTrait,
    existing: comment::Model,
    at: DateTime<Utc>,
) -> Result<comment::Model, DbErr> {
    let mut active: comment::ActiveModel = existing.into();
    active.body_md = Set(String::new());
    active.body_html = Set(String::new());
    active.deleted_at = Set(Some(at));
    active.update(db).await
}

/// Hide a comment (recording who did it), or show it again with `None`.
pub async fn set_hidden(
    db: &impl ConnectionTrait,
    existing: comment::Model,
    hidden: Option<(DateTime<Utc>, i32)>,
) -> Result<comment::Model, DbErr> {
    let mut active: comment::ActiveModel = existing.into();
    active.hidden_at = Set(hidden.map(|(at, _)| at));
    active.hidden_by = Set(hidden.map(|(_, by)| by));
    active.update(db).await
}

/// Set a comment's moderation state (and a rejection's reason), in the caller's transaction.
pub async fn set_moderation(
    db: &impl ConnectionTrait,
    existing: comment::Model,
    state: ModerationState,
    reason: Option<String>,
) -> Result<comment::Model, DbErr> {
    let mut active: comment::ActiveModel = existing.into();
    active.moderation_state = Set(state.as_str().to_owned());
    active.moderation_reason = Set(reason);
    active.update(db).await
}
