//! Use cases for people and organisations.
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

use super::{
    model::{DisplayName, Email, OrgName, ShortName},
    store,
};
use crate::{
    auth::{
        Role,
        password::{self, Password},
        tokens,
    },
    db::{begin_write, now},
    entities::{api_token, invitation, organization, user},
    error::{AppError, FieldError},
};

/// Invitation links last this long.
pub const INVITATION_DAYS: i64 = 7;

/// Why a person or organisation could not be created.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error("{}", .0.message_key)]
    Field(FieldError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<PeopleError> for AppError {
    fn from(e: PeopleError) -> Self {
        match e {
            PeopleError::Field(f) => AppError::Validation(vec![f]),
            PeopleError::Db(e) => e.into(),
            PeopleError::Other(e) => AppError::Internal(e),
        }
    }
}

fn field(field: &'static str, message_key: &'static str) -> PeopleError {
    PeopleError::Field(FieldError { field, message_key })
}

pub async fn create_organization(
    db: &impl ConnectionTrait,
    name: OrgName,
    short: ShortName,
    description: &str,
) -> Result<organization::Model, PeopleError> {
    if store::organization_by_short(db, short.as_str()).await?.is_some() {
        return Err(field("short_name", "short-name-taken"));
    }
    Ok(organization::ActiveModel {
        name: Set(name.as_str().to_owned()),
        short_name: Set(short.as_str().to_owned()),
        description: Set(description.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A person to create, already checked.
pub struct NewUser {
    pub email: Email,
    pub display_name: DisplayName,
    pub org_short: ShortName,
    pub role: Role,
    pub job_title: String,
    pub password: Password,
}

pub async fn create_user(
    db: &impl ConnectionTrait,
    new: NewUser,
) -> Result<user::Model, PeopleError> {
    let org = store::organization_by_short(db, new.org_short.as_str())
        .await?
        .ok_or_else(|| field("org", "organization-unknown"))?;
    insert_user(db, &new.email, &new.display_name, org.id, new.role, &new.job_title, &new.password, None).await
}

#[allow(clippy::too_many_arguments)]
async fn insert_user(
    db: &impl ConnectionTrait,
    email: &Email,
    name: &DisplayName,
    org_id: i32,
    role: Role,
    job_title: &str,
    password: &Password,
    language: Option<String>,
) -> Result<user::Model, PeopleError> {
    if store::user_by_email(db, email.as_str()).await?.is_some() {
        return Err(field("email", "email-taken"));
    }
    let hash = password::hash(password).await?;
    Ok(user::ActiveModel {
        email: Set(email.as_str().to_owned()),
        display_name: Set(name.as_str().to_owned()),
        organization_id: Set(Some(org_id)),
        job_title: Set(job_title.to_owned()),
        language: Set(language),
        role: Set(role.as_str().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(now()),
        deactivated_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Make a personal API token for a person; returns the token, which is never stored.
pub async fn create_api_token(
    db: &impl ConnectionTrait,
    user_id: i32,
    name: &str,
) -> Result<String, PeopleError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(field("name", "field-required"));
    }
    if name.chars().count() > 100 {
        return Err(field("name", "field-too-long"));
    }
    let token = tokens::new_api_token();
    api_token::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(tokens::hash_token(&token)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn create_api_token_for_email(
    db: &impl ConnectionTrait,
    email: &Email,
    name: &str,
) -> Result<String, PeopleError> {
    let user = store::user_by_email(db, email.as_str())
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| field("email", "email-unknown"))?;
    create_api_token(db, user.id, name).await
}

/// The active person a bearer token belongs to, marking the token used.
pub async fn user_for_api_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<user::Model>, sea_orm::DbErr> {
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(tokens::hash_token(token)))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let user = store::user_by_id(db, row.user_id).await?.filter(|u| u.active);
    if user.is_some() {
        api_token::ActiveModel {
            id: Set(row.id),
            last_used_at: Set(Some(now())),
            ..Default::default()
        }
        .update(db)
        .await?;
    }
    Ok(user)
}

/// An invitation just made: the link to pass on (or that was emailed).
pub struct InvitationMade {
    pub token: String,
    pub email: Email,
}

/// Invite a person by a single-use link valid for seven days.
pub async fn invite(
    db: &impl ConnectionTrait,
    inviter_id: i32,
    email: Email,
    org_id: i32,
    role: Role,
) -> Result<InvitationMade, PeopleError> {
    if store::user_by_email(db, email.as_str()).await?.is_some() {
        return Err(field("email", "email-taken"));
    }
    if store::organization_by_id(db, org_id).await?.is_none() {
        return Err(field("org", "organization-unknown"));
    }
    let token = tokens::random_token();
    invitation::ActiveModel {
        token_hash: Set(tokens::hash_token(&token)),
        email: Set(email.as_str().to_owned()),
        organization_id: Set(org_id),
        role: Set(role.as_str().to_owned()),
        invited_by: Set(inviter_id),
        created_at: Set(now()),
        expires_at: Set(now() + Duration::days(INVITATION_DAYS)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(InvitationMade { token, email })
}

/// An open invitation by its token: unused and not expired.
pub async fn open_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<invitation::Model>, sea_orm::DbErr> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::hash_token(token)))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now()))
        .one(db)
        .await
}

/// Accept an invitation: create the person and use the link up, in one transaction.
pub async fn accept_invitation(
    db: &DatabaseConnection,
    token: &str,
    name: DisplayName,
    job_title: String,
    password: Password,
    language: Option<String>,
) -> Result<user::Model, PeopleError> {
    let txn = begin_write(db).await?;
    let inv = open_invitation(&txn, token)
        .await?
        .ok_or_else(|| field("token", "invitation-invalid"))?;
    let role = Role::parse(&inv.role).unwrap_or(Role::Member);
    let email = Email::parse(&inv.email).map_err(PeopleError::Field)?;
    let user = insert_user(&txn, &email, &name, inv.organization_id, role, &job_title, &password, language).await?;
    let used = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedAt, sea_orm::sea_query::Expr::value(now()))
        .col_expr(invitation::Column::AcceptedUserId, sea_orm::sea_query::Expr::value(user.id))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if used.rows_affected != 1 {
        return Err(field("token", "invitation-invalid"));
    }
    txn.commit().await?;
    Ok(user)
}

/// Change a password after checking the current one; ends the person's other sessions.
pub async fn change_password(
    db: &DatabaseConnection,
    user_id: i32,
    current: &str,
    new: Password,
    keep_session: Option<&tower_sessions::session::Id>,
) -> Result<(), PeopleError> {
    let user = store::user_by_id(db, user_id)
        .await?
        .ok_or_else(|| field("current_password", "password-wrong"))?;
    if !password::verify(current, &user.password_hash).await {
        return Err(field("current_password", "password-wrong"));
    }
    let hash = password::hash(&new).await?;
    let txn = begin_write(db).await?;
    user::ActiveModel {
        id: Set(user_id),
        password_hash: Set(hash),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    crate::auth::session_store::end_sessions_of(&txn, user_id, keep_session).await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivate or reactivate a person. A deactivated person's sessions end and their tokens
/// stop working at once; what they wrote stays.
pub async fn set_active(db: &DatabaseConnection, user_id: i32, active: bool) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    user::ActiveModel {
        id: Set(user_id),
        active: Set(active),
        deactivated_at: Set((!active).then(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if !active {
        crate::auth::session_store::end_sessions_of(&txn, user_id, None).await?;
    }
    txn.commit().await?;
    Ok(())
}
