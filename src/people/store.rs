//! Queries for people, organisations, invitations and API tokens.
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr,
};

use crate::{
    auth::tokens,
    db::now,
    entities::{api_token, invitation, organization, user},
};

pub async fn organization_by_short(
    db: &impl ConnectionTrait,
    short: &str,
) -> Result<Option<organization::Model>, DbErr> {
    organization::Entity::find()
        .filter(organization::Column::ShortName.eq(short.to_lowercase()))
        .one(db)
        .await
}

pub async fn organization_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<organization::Model>, DbErr> {
    organization::Entity::find_by_id(id).one(db).await
}

pub async fn all_organizations(
    db: &impl ConnectionTrait,
) -> Result<Vec<organization::Model>, DbErr> {
    organization::Entity::find()
        .order_by_asc(organization::Column::Name)
        .all(db)
        .await
}

pub async fn user_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email.to_lowercase()))
        .one(db)
        .await
}

pub async fn user_by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// The people (not removed) whose name is exactly this, for matching a name met elsewhere
/// (an imported blog's authors).
pub async fn users_named(db: &impl ConnectionTrait, name: &str) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::DisplayName.eq(name))
        .filter(user::Column::RemovedAt.is_null())
        .all(db)
        .await
}

/// The people with these ids, in one query, by id (for listings that name many people).
pub async fn users_by_ids(
    db: &impl ConnectionTrait,
    mut ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, user::Model>, DbErr> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// The active people of an organisation, by name.
pub async fn people_of_organization(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org_id))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await
}

pub async fn all_people(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await
}

/// An unused, unexpired invitation by its link token.
pub async fn open_invitation_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<invitation::Model>, DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::hash_token(token)))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now()))
        .one(db)
        .await
}

/// Invitations still waiting for an answer, newest first.
pub async fn open_invitations(db: &impl ConnectionTrait) -> Result<Vec<invitation::Model>, DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now()))
        .order_by_desc(invitation::Column::CreatedAt)
        .order_by_desc(invitation::Column::Id)
        .all(db)
        .await
}

/// Mark an invitation used by `user_id`; false if someone used it first.
pub async fn use_invitation(
    db: &impl ConnectionTrait,
    invitation_id: i32,
    user_id: i32,
) -> Result<bool, DbErr> {
    let res = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now()))
        .col_expr(invitation::Column::AcceptedUserId, Expr::value(user_id))
        .filter(invitation::Column::Id.eq(invitation_id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A person's API tokens that still work, newest first.
pub async fn active_tokens_of(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<api_token::Model>, DbErr> {
    api_token::Entity::find()
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .order_by_desc(api_token::Column::CreatedAt)
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await
}

/// The unrevoked token with this hash.
pub async fn active_token_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<api_token::Model>, DbErr> {
    api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await
}

/// Revoke one of a person's own tokens; false if it is not theirs or already revoked.
pub async fn revoke_token_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    token_id: i32,
) -> Result<bool, DbErr> {
    let res = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(now()))
        .filter(api_token::Column::Id.eq(token_id))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
