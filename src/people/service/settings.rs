//! A person's own settings: profile, password and personal API tokens.
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::{
    super::{
        model::{DisplayName, Email},
        store,
    },
    PeopleError, field,
};
use crate::{
    auth::{
        password::{self, Password},
        tokens,
    },
    db::{begin_write, now},
    entities::{api_token, user},
    i18n::Lang,
};

/// What the settings page shows: the person and their working API tokens.
pub struct OwnSettings {
    pub person: user::Model,
    pub tokens: Vec<api_token::Model>,
}

pub async fn own_settings(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<OwnSettings, PeopleError> {
    let person = store::user_by_id(db, user_id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    let tokens = store::active_tokens_of(db, user_id).await?;
    Ok(OwnSettings { person, tokens })
}

/// What a person may change about themselves on the settings page.
pub struct Profile {
    pub display_name: DisplayName,
    pub job_title: String,
    pub language: Lang,
}

#[tracing::instrument(skip(db, profile))]
pub async fn update_profile(
    db: &DatabaseConnection,
    user_id: i32,
    profile: Profile,
) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    let renamed = store::user_by_id(&txn, user_id)
        .await?
        .is_some_and(|u| u.display_name != profile.display_name.as_str());
    user::ActiveModel {
        id: Set(user_id),
        display_name: Set(profile.display_name.as_str().to_owned()),
        job_title: Set(profile.job_title),
        language: Set(Some(profile.language.code().to_owned())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // Bylines are searchable: a renamed person's posts and comments are indexed again. A
    // new job title shows on their page only: the page caches drop it.
    let change = if renamed {
        crate::search::outbox::Change::Person(user_id)
    } else {
        crate::search::outbox::Change::Site
    };
    crate::search::outbox::enqueue(&txn, change).await?;
    txn.commit().await?;
    Ok(())
}

/// Change a password after checking the current one; ends the person's other sessions.
#[tracing::instrument(skip_all, fields(user_id))]
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

/// Set a person's password without the current one (`lupa user set-password`, for the
/// operator: e.g. after importing an export made without credentials); ends their sessions.
#[tracing::instrument(skip_all)]
pub async fn set_password_for_email(
    db: &DatabaseConnection,
    email: &Email,
    new: Password,
) -> Result<i32, PeopleError> {
    let user = store::user_by_email(db, email.as_str())
        .await?
        .filter(|u| u.removed_at.is_none())
        .ok_or_else(|| field("email", "email-unknown"))?;
    let hash = password::hash(&new).await?;
    let txn = begin_write(db).await?;
    user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(hash),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    crate::auth::session_store::end_sessions_of(&txn, user.id, None).await?;
    txn.commit().await?;
    Ok(user.id)
}

// API tokens

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
    let Some(row) = store::active_token_by_hash(db, &tokens::hash_token(token)).await? else {
        return Ok(None);
    };
    let user = store::user_by_id(db, row.user_id)
        .await?
        .filter(|u| u.active);
    // Remember when a token was last used, but write at most once a minute per token.
    let stale = row
        .last_used_at
        .is_none_or(|t| t < now() - Duration::minutes(1));
    if user.is_some() && stale {
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

/// Revoke one of your own tokens; anyone else's (or an unknown one) is not found.
#[tracing::instrument(skip(db))]
pub async fn revoke_api_token(
    db: &impl ConnectionTrait,
    user_id: i32,
    token_id: i32,
) -> Result<(), PeopleError> {
    if store::revoke_token_of(db, user_id, token_id).await? {
        Ok(())
    } else {
        Err(PeopleError::NotFound)
    }
}
