//! Self-registration of customers: creating the account, the confirmation link (emailed
//! through the outbox in the person's language; only its hash is stored), confirming it and
//! sending a new one. Open only while the site's comment policy is `Registered`.
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};

use super::model::{LINK_VALID_HOURS, RESEND_MINUTES};
use crate::{
    auth::{participation, throttle, tokens},
    db::{begin_write, now},
    email::{self, Mailer, OutgoingEmail},
    entities::{email_confirmation, site_settings, user},
    error::{AppError, FieldError},
    i18n::{Lang, Tr},
    people::service::{self as people, NewCustomer, PeopleError},
};

/// Why a registration or confirmation did not go through.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationError {
    /// Registration is closed (the site's policy does not let customers register).
    #[error("registration closed")]
    Closed,
    #[error("invalid")]
    Invalid(Vec<FieldError>),
    /// Too many registrations or failed sign-ins from this address, or links asked too often.
    #[error("too many attempts")]
    TooMany,
    /// The link is unknown, used or expired.
    #[error("link not valid")]
    LinkInvalid,
    #[error(transparent)]
    People(#[from] PeopleError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<RegistrationError> for AppError {
    fn from(e: RegistrationError) -> Self {
        match e {
            RegistrationError::Closed | RegistrationError::LinkInvalid => AppError::NotFound,
            RegistrationError::Invalid(fields) => AppError::Validation(fields),
            RegistrationError::TooMany => AppError::TooManyAttempts,
            RegistrationError::People(e) => e.into(),
            RegistrationError::Db(e) => e.into(),
        }
    }
}

/// Whether customers may register now.
pub async fn is_open(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(participation::comment_policy(db)
        .await?
        .opens_registration())
}

/// Where the confirmation email's link points and what the site is called.
pub struct Letter<'a> {
    pub base_url: &'a str,
}

/// The key registrations are counted under in the sign-in throttle (per address).
fn throttle_key(email: &str) -> String {
    format!("register:{email}")
}

/// Register a customer from address `ip`: the account, a confirmation link and its email in
/// one transaction. Each registration counts toward the address's sign-in throttle, so one
/// address cannot make accounts without limit.
#[tracing::instrument(skip_all)]
pub async fn register(
    db: &DatabaseConnection,
    mailer: &Mailer,
    letter: Letter<'_>,
    new: NewCustomer,
    ip: &str,
) -> Result<user::Model, RegistrationError> {
    if !is_open(db).await? {
        return Err(RegistrationError::Closed);
    }
    let key = throttle_key(new.email.as_str());
    if throttle::is_locked(db, &key, ip).await? {
        return Err(RegistrationError::TooMany);
    }
    let txn = begin_write(db).await?;
    let person = match people::create_customer(&txn, &new).await {
        Ok(person) => person,
        Err(PeopleError::Field(f)) => return Err(RegistrationError::Invalid(vec![f])),
        Err(e) => return Err(e.into()),
    };
    throttle::record_failure(&txn, &key, ip).await?;
    send_link(&txn, &letter, &person).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(person)
}

/// Make a new confirmation link for `person` and queue its email, in their language.
async fn send_link(
    db: &impl ConnectionTrait,
    letter: &Letter<'_>,
    person: &user::Model,
) -> Result<(), sea_orm::DbErr> {
    let token = tokens::random_token();
    email_confirmation::ActiveModel {
        user_id: Set(person.id),
        token_hash: Set(tokens::hash_token(&token)),
        created_at: Set(now()),
        expires_at: Set(now() + Duration::hours(LINK_VALID_HOURS)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let lang = person
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(Lang::Fi);
    let t = Tr::new(lang);
    let site = site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|s| s.network_name)
        .unwrap_or_else(|| "Lupa".to_owned());
    let link = format!(
        "{}/register/confirm/{token}",
        letter.base_url.trim_end_matches('/')
    );
    let text = format!(
        "{}\n\n{}\n\n{link}\n\n{}\n",
        t.arg("registration-email-greeting", "name", &person.display_name),
        t.arg("registration-email-body", "site", &site),
        t.get("registration-email-expiry"),
    );
    email::enqueue(
        db,
        OutgoingEmail {
            to: person.email.clone(),
            subject: t.arg("registration-email-subject", "site", &site),
            text,
            html: None,
        },
    )
    .await
}

/// Follow a confirmation link: confirms the address once. Returns the person confirmed.
#[tracing::instrument(skip_all)]
pub async fn confirm(db: &DatabaseConnection, token: &str) -> Result<i32, RegistrationError> {
    let txn = begin_write(db).await?;
    let link = email_confirmation::Entity::find()
        .filter(email_confirmation::Column::TokenHash.eq(tokens::hash_token(token)))
        .one(&txn)
        .await?
        .filter(|l| l.used_at.is_none() && l.expires_at > now())
        .ok_or(RegistrationError::LinkInvalid)?;
    email_confirmation::ActiveModel {
        id: Set(link.id),
        used_at: Set(Some(now())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    people::confirm_email(&txn, link.user_id).await?;
    txn.commit().await?;
    Ok(link.user_id)
}

/// Send a new link to a signed-in person whose address is not confirmed, at most one every
/// `RESEND_MINUTES`.
#[tracing::instrument(skip_all, fields(user_id))]
pub async fn resend(
    db: &DatabaseConnection,
    mailer: &Mailer,
    letter: Letter<'_>,
    user_id: i32,
) -> Result<(), RegistrationError> {
    let txn = begin_write(db).await?;
    let person = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .filter(|u| u.email_confirmed_at.is_none() && u.removed_at.is_none())
        .ok_or(RegistrationError::LinkInvalid)?;
    let latest = email_confirmation::Entity::find()
        .filter(email_confirmation::Column::UserId.eq(user_id))
        .order_by_desc(email_confirmation::Column::CreatedAt)
        .one(&txn)
        .await?;
    if latest.is_some_and(|l| l.created_at > now() - Duration::minutes(RESEND_MINUTES)) {
        return Err(RegistrationError::TooMany);
    }
    send_link(&txn, &letter, &person).await?;
    txn.commit().await?;
    mailer.wake();
    Ok(())
}
