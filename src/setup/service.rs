//! Setting up a new network, exactly once.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::{
    auth::{Role, password::Password},
    db::{begin_write, now},
    entities::{site_settings, user},
    error::FieldError,
    i18n::Lang,
    people::{
        model::{DisplayName, Email, OrgName, ShortName},
        service::{self as people, NewUser, PeopleError},
    },
};

/// The setup form, checked.
pub struct SetupInput {
    pub network_name: String,
    pub language: Lang,
    pub org_name: OrgName,
    pub org_short: ShortName,
    pub admin_name: DisplayName,
    pub admin_email: Email,
    pub password: Password,
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("already set up")]
    AlreadyDone,
    #[error(transparent)]
    People(#[from] PeopleError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// Create the site, its first organisation and administrator in one transaction. A second
/// attempt (even a simultaneous one) finds the settings row and fails.
pub async fn run(db: &DatabaseConnection, input: SetupInput) -> Result<user::Model, SetupError> {
    let txn = begin_write(db).await?;
    if site_settings::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(SetupError::AlreadyDone);
    }
    site_settings::ActiveModel {
        id: Set(1),
        network_name: Set(input.network_name),
        default_language: Set(input.language.code().to_owned()),
        contact_email: Set(input.admin_email.as_str().to_owned()),
        accessibility_contact: Set(String::new()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|_| SetupError::AlreadyDone)?;
    people::create_organization(&txn, input.org_name, input.org_short.clone(), "").await?;
    let admin = people::create_user(
        &txn,
        NewUser {
            email: input.admin_email,
            display_name: input.admin_name,
            org_short: input.org_short,
            role: Role::Admin,
            job_title: String::new(),
            password: input.password,
        },
    )
    .await?;
    let admin = user::ActiveModel {
        id: Set(admin.id),
        language: Set(Some(input.language.code().to_owned())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // The site's name and language are on every page: every node's page cache drops them.
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Site).await?;
    txn.commit().await?;
    Ok(admin)
}

/// Check the network name: 1–100 characters.
pub fn network_name(raw: &str) -> Result<String, FieldError> {
    let s = raw.trim();
    match s.chars().count() {
        0 => Err(FieldError {
            field: "network_name".into(),
            message_key: "field-required",
            args: Vec::new(),
        }),
        1..=100 => Ok(s.to_owned()),
        _ => Err(FieldError {
            field: "network_name".into(),
            message_key: "field-too-long",
            args: Vec::new(),
        }),
    }
}
