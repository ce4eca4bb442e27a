//! Queries for panels, their members, applications, invitations, log and topics.
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::model::{ApplicationStatus, MemberRole, PanelId, PanelVisibility};
use crate::{
    auth::tokens::hash_token,
    db::now,
    entities::{
        panel, panel_application, panel_invitation, panel_log, panel_member, panel_topic, post,
        user,
    },
};

pub async fn panel_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<panel::Model>, DbErr> {
    panel::Entity::find()
        .filter(panel::Column::Slug.eq(slug))
        .one(db)
        .await
}

pub async fn panel_by_id(
    db: &impl ConnectionTrait,
    id: PanelId,
) -> Result<Option<panel::Model>, DbErr> {
    panel::Entity::find_by_id(id.0).one(db).await
}

/// A person's membership row in a panel, if any.
pub async fn membership(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
) -> Result<Option<panel_member::Model>, DbErr> {
    panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(panel.0))
        .filter(panel_member::Column::UserId.eq(user_id))
        .one(db)
        .await
}

pub async fn all_panel_ids(db: &impl ConnectionTrait) -> Result<Vec<PanelId>, DbErr> {
    Ok(panel::Entity::find()
        .select_only()
        .column(panel::Column::Id)
        .order_by_asc(panel::Column::Id)
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .map(PanelId)
        .collect())
}

/// The person's own panels and every open panel.
pub async fn readable_panel_ids(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<PanelId>, DbErr> {
    let own = panel_member::Entity::find()
        .select_only()
        .column(panel_member::Column::PanelId)
        .filter(panel_member::Column::UserId.eq(user_id))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let open = panel::Entity::find()
        .select_only()
        .column(panel::Column::Id)
        .filter(panel::Column::Visibility.eq(PanelVisibility::Open.as_str()))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let mut ids: Vec<i32> = own.into_iter().chain(open).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids.into_iter().map(PanelId).collect())
}

/// Seated members (not facilitators), by company name.
pub async fn seated_members(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<panel_member::Model>, DbErr> {
    panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(panel.0))
        .filter(panel_member::Column::Role.eq(MemberRole::Member.as_str()))
        .order_by_asc(panel_member::Column::CompanyName)
        .order_by_asc(panel_member::Column::Id)
        .all(db)
        .await
}

pub async fn panel_of_post(
    db: &impl ConnectionTrait,
    post_id: i32,
) -> Result<Option<PanelId>, DbErr> {
    Ok(panel_topic::Entity::find_by_id(post_id)
        .one(db)
        .await?
        .map(|t| PanelId(t.panel_id)))
}

/// The panel of each of `post_ids` that is a panel's topic, in one query.
pub async fn panels_of_posts(
    db: &impl ConnectionTrait,
    post_ids: Vec<i32>,
) -> Result<HashMap<i32, PanelId>, DbErr> {
    if post_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(panel_topic::Entity::find()
        .filter(panel_topic::Column::PostId.is_in(post_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.post_id, PanelId(t.panel_id)))
        .collect())
}

/// The slug of each of `ids`, in one query.
pub async fn slugs_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(panel::Entity::find()
        .filter(panel::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.slug))
        .collect())
}

/// Panels the listing shows this actor, by name: every panel for managers and admins,
/// otherwise their own, every open panel and private ones listed publicly.
pub async fn listed_panels(
    db: &impl ConnectionTrait,
    all: bool,
    own: &[i32],
) -> Result<Vec<panel::Model>, DbErr> {
    let mut q = panel::Entity::find();
    if !all {
        q = q.filter(
            Condition::any()
                .add(panel::Column::Visibility.eq(PanelVisibility::Open.as_str()))
                .add(panel::Column::ListedPublicly.eq(true))
                .add(panel::Column::Id.is_in(own.to_vec())),
        );
    }
    q.order_by_asc(panel::Column::Name).all(db).await
}

/// The panels a person belongs to (any role).
pub async fn own_panel_ids(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<i32>, DbErr> {
    panel_member::Entity::find()
        .select_only()
        .column(panel_member::Column::PanelId)
        .filter(panel_member::Column::UserId.eq(user_id))
        .into_tuple::<i32>()
        .all(db)
        .await
}

/// Every membership row of one person (their role in each of their panels).
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<panel_member::Model>, DbErr> {
    panel_member::Entity::find()
        .filter(panel_member::Column::UserId.eq(user_id))
        .all(db)
        .await
}

pub async fn slug_taken(db: &impl ConnectionTrait, slug: &str) -> Result<bool, DbErr> {
    Ok(panel::Entity::find()
        .filter(panel::Column::Slug.eq(slug))
        .count(db)
        .await?
        > 0)
}

/// Every membership row of a panel with the person's name and email, facilitators first.
pub async fn members_with_people(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<(panel_member::Model, user::Model)>, DbErr> {
    let rows = panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(panel.0))
        .order_by_asc(panel_member::Column::Role)
        .order_by_asc(panel_member::Column::CompanyName)
        .order_by_asc(panel_member::Column::Id)
        .all(db)
        .await?;
    let people = users_by_id(db, rows.iter().map(|m| m.user_id).collect()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| people.get(&m.user_id).cloned().map(|u| (m, u)))
        .collect())
}

pub async fn users_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, user::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Active staff (members and up) who may be chosen as facilitators, by name.
pub async fn staff(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in(["member", "writer", "editor", "admin"]))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await
}

pub async fn seat_count(db: &impl ConnectionTrait, panel: PanelId) -> Result<u64, DbErr> {
    panel_member::Entity::find()
        .filter(panel_member::Column::PanelId.eq(panel.0))
        .filter(panel_member::Column::Role.eq(MemberRole::Member.as_str()))
        .count(db)
        .await
}

pub async fn facilitator_ids(db: &impl ConnectionTrait, panel: PanelId) -> Result<Vec<i32>, DbErr> {
    panel_member::Entity::find()
        .select_only()
        .column(panel_member::Column::UserId)
        .filter(panel_member::Column::PanelId.eq(panel.0))
        .filter(panel_member::Column::Role.eq(MemberRole::Facilitator.as_str()))
        .into_tuple::<i32>()
        .all(db)
        .await
}

pub async fn application_by_id(
    db: &impl ConnectionTrait,
    panel: PanelId,
    id: i32,
) -> Result<Option<panel_application::Model>, DbErr> {
    panel_application::Entity::find_by_id(id)
        .filter(panel_application::Column::PanelId.eq(panel.0))
        .one(db)
        .await
}

/// A person's latest application to a panel.
pub async fn latest_application_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
    user_id: i32,
) -> Result<Option<panel_application::Model>, DbErr> {
    panel_application::Entity::find()
        .filter(panel_application::Column::PanelId.eq(panel.0))
        .filter(panel_application::Column::UserId.eq(user_id))
        .order_by_desc(panel_application::Column::Id)
        .one(db)
        .await
}

/// A person's latest application to any panel (the company they last told us about).
pub async fn latest_application_by(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Option<panel_application::Model>, DbErr> {
    panel_application::Entity::find()
        .filter(panel_application::Column::UserId.eq(user_id))
        .order_by_desc(panel_application::Column::Id)
        .one(db)
        .await
}

/// Applications in the given states: pending and offered oldest first, waiting in list order.
pub async fn applications_in(
    db: &impl ConnectionTrait,
    panel: PanelId,
    statuses: &[ApplicationStatus],
) -> Result<Vec<panel_application::Model>, DbErr> {
    panel_application::Entity::find()
        .filter(panel_application::Column::PanelId.eq(panel.0))
        .filter(
            panel_application::Column::Status
                .is_in(statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
        )
        .order_by_asc(panel_application::Column::WaitingPosition)
        .order_by_asc(panel_application::Column::Id)
        .all(db)
        .await
}

pub async fn count_applications_in(
    db: &impl ConnectionTrait,
    panel: PanelId,
    status: ApplicationStatus,
) -> Result<u64, DbErr> {
    panel_application::Entity::find()
        .filter(panel_application::Column::PanelId.eq(panel.0))
        .filter(panel_application::Column::Status.eq(status.as_str()))
        .count(db)
        .await
}

/// The next place at the end of the waiting list.
pub async fn next_waiting_position(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<i32, DbErr> {
    let max: Option<Option<i32>> = panel_application::Entity::find()
        .select_only()
        .column_as(panel_application::Column::WaitingPosition.max(), "m")
        .filter(panel_application::Column::PanelId.eq(panel.0))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

/// The first on the waiting list.
pub async fn first_waiting(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Option<panel_application::Model>, DbErr> {
    panel_application::Entity::find()
        .filter(panel_application::Column::PanelId.eq(panel.0))
        .filter(panel_application::Column::Status.eq(ApplicationStatus::Waiting.as_str()))
        .order_by_asc(panel_application::Column::WaitingPosition)
        .order_by_asc(panel_application::Column::Id)
        .one(db)
        .await
}

pub async fn log_entries(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<panel_log::Model>, DbErr> {
    panel_log::Entity::find()
        .filter(panel_log::Column::PanelId.eq(panel.0))
        .order_by_desc(panel_log::Column::Id)
        .limit(500)
        .all(db)
        .await
}

pub async fn open_invitation_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<panel_invitation::Model>, DbErr> {
    panel_invitation::Entity::find()
        .filter(panel_invitation::Column::TokenHash.eq(hash_token(token)))
        .filter(panel_invitation::Column::UsedAt.is_null())
        .filter(panel_invitation::Column::ExpiresAt.gt(now()))
        .one(db)
        .await
}

/// The panel's topics: pinned first (latest pin first), then newest first.
pub async fn topics_of(
    db: &impl ConnectionTrait,
    panel: PanelId,
) -> Result<Vec<(post::Model, panel_topic::Model)>, DbErr> {
    let links = panel_topic::Entity::find()
        .filter(panel_topic::Column::PanelId.eq(panel.0))
        .all(db)
        .await?;
    let ids: Vec<i32> = links.iter().map(|l| l.post_id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let posts: HashMap<i32, post::Model> = post::Entity::find()
        .filter(post::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out: Vec<(post::Model, panel_topic::Model)> = links
        .into_iter()
        .filter_map(|l| posts.get(&l.post_id).cloned().map(|p| (p, l)))
        .collect();
    out.sort_by(|(pa, la), (pb, lb)| {
        lb.pinned_at
            .is_some()
            .cmp(&la.pinned_at.is_some())
            .then(lb.pinned_at.cmp(&la.pinned_at))
            .then(pb.created_at.cmp(&pa.created_at))
            .then(pb.id.cmp(&pa.id))
    });
    Ok(out)
}

/// A topic of this panel by its post id.
pub async fn topic(
    db: &impl ConnectionTrait,
    panel: PanelId,
    post_id: i32,
) -> Result<Option<(post::Model, panel_topic::Model)>, DbErr> {
    let Some(link) = panel_topic::Entity::find_by_id(post_id)
        .filter(panel_topic::Column::PanelId.eq(panel.0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(post::Entity::find_by_id(post_id)
        .one(db)
        .await?
        .map(|p| (p, link)))
}

/// Record that a post is a topic of this panel (pinned at `pinned_at`, if given).
pub async fn insert_topic_link(
    db: &impl ConnectionTrait,
    panel: PanelId,
    post_id: i32,
    pinned_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(), DbErr> {
    panel_topic::ActiveModel {
        post_id: Set(post_id),
        panel_id: Set(panel.0),
        pinned_at: Set(pinned_at),
    }
    .insert(db)
    .await?;
    Ok(())
}
