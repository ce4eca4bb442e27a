//! Creating a person's account (setup, an accepted invitation, tests).
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

use super::{
    super::{
        model::{DisplayName, Email, ShortName},
        store,
    },
    PeopleError, field,
};
use crate::{
    auth::{
        Role,
        password::{self, Password},
    },
    db::now,
    entities::user,
    i18n::Lang,
};

// People

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
    insert_user(
        db,
        NewRow {
            email: &new.email,
            name: &new.display_name,
            org_id: org.id,
            role: new.role,
            job_title: &new.job_title,
            password: &new.password,
            language: None,
        },
    )
    .await
}

/// The columns of a new `users` row.
pub(super) struct NewRow<'a> {
    pub(super) email: &'a Email,
    pub(super) name: &'a DisplayName,
    pub(super) org_id: i32,
    pub(super) role: Role,
    pub(super) job_title: &'a str,
    pub(super) password: &'a Password,
    pub(super) language: Option<Lang>,
}

pub(super) async fn insert_user(
    db: &impl ConnectionTrait,
    new: NewRow<'_>,
) -> Result<user::Model, PeopleError> {
    if store::user_by_email(db, new.email.as_str())
        .await?
        .is_some()
    {
        return Err(field("email", "email-taken"));
    }
    let hash = password::hash(new.password).await?;
    Ok(user::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.name.as_str().to_owned()),
        organization_id: Set(Some(new.org_id)),
        job_title: Set(new.job_title.to_owned()),
        language: Set(new.language.map(|l| l.code().to_owned())),
        role: Set(new.role.as_str().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(now()),
        deactivated_at: Set(None),
        // Staff come in through setup, an invitation or an admin: the address is theirs.
        email_confirmed_at: Set(Some(now())),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Someone named in an imported blog who has no account here (a post's author, a comment's
/// writer): shown by name beside what they wrote, and unable to sign in (inactive, no
/// password) until an admin gives them an account.
pub struct Placeholder<'a> {
    pub name: &'a DisplayName,
    /// A made-up address under `.invalid`, so a later run finds the same person.
    pub email: &'a Email,
    pub org_id: Option<i32>,
    pub role: Role,
}

/// Create a placeholder person in the caller's transaction.
pub async fn create_placeholder(
    db: &impl ConnectionTrait,
    new: Placeholder<'_>,
) -> Result<user::Model, PeopleError> {
    if store::user_by_email(db, new.email.as_str())
        .await?
        .is_some()
    {
        return Err(field("email", "email-taken"));
    }
    Ok(user::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.name.as_str().to_owned()),
        organization_id: Set(new.org_id),
        job_title: Set(String::new()),
        language: Set(None),
        role: Set(new.role.as_str().to_owned()),
        // No hash verifies against an empty string: signing in is impossible.
        password_hash: Set(String::new()),
        active: Set(false),
        created_at: Set(now()),
        deactivated_at: Set(Some(now())),
        email_confirmed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A customer who registers themself, already checked.
pub struct NewCustomer {
    pub email: Email,
    pub display_name: DisplayName,
    pub language: Lang,
    pub password: Password,
}

/// Create a self-registered customer's account (no organisation, email not yet confirmed,
/// the terms accepted now), inside the caller's transaction. A taken address is an error on
/// the `email` field.
pub async fn create_customer(
    db: &impl ConnectionTrait,
    new: &NewCustomer,
) -> Result<user::Model, PeopleError> {
    if store::user_by_email(db, new.email.as_str())
        .await?
        .is_some()
    {
        return Err(field("email", "email-taken"));
    }
    let hash = password::hash(&new.password).await?;
    Ok(user::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name.as_str().to_owned()),
        organization_id: Set(None),
        job_title: Set(String::new()),
        language: Set(Some(new.language.code().to_owned())),
        role: Set(Role::Customer.as_str().to_owned()),
        password_hash: Set(hash),
        active: Set(true),
        created_at: Set(now()),
        deactivated_at: Set(None),
        email_confirmed_at: Set(None),
        terms_accepted_at: Set(Some(now())),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Mark a person's email address as confirmed (a customer followed their link).
pub async fn confirm_email(db: &impl ConnectionTrait, user_id: i32) -> Result<(), PeopleError> {
    user::ActiveModel {
        id: Set(user_id),
        email_confirmed_at: Set(Some(now())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
