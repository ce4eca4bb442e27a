//! Removing an account: the person asks for it in their settings (or, later, an admin erases
//! them). One transaction ends the account, its sessions and tokens, scrubs its personal data
//! and records the audit entry; the search index is told to show the new name.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{super::store, PeopleError, field};
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::{password, session_store},
    db::{begin_write, now},
    entities::{api_token, user},
};

/// Why the removal happens, for the audit entry.
#[derive(Clone, Copy, Debug)]
pub enum RemovedBy {
    /// The person deleted their own account.
    Themself,
    /// An admin erased the person (the data-rights feature).
    Admin(i32),
}

/// Remove person `user_id`'s account: `removed_at` and `active = false`, the email replaced
/// by `removed-<id>@invalid`, no password, no job title, no name (shown as "former
/// participant" in each reader's language); their sessions and API tokens deleted in the same transaction, an audit
/// entry, and their posts and comments queued for the search index.
#[tracing::instrument(skip(db))]
pub async fn remove_account(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    by: RemovedBy,
) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    remove_account_in(&txn, user_id, by).await?;
    txn.commit().await?;
    Ok(())
}

/// `remove_account` inside a transaction the caller commits (the data-rights erasure does
/// more in the same one).
pub async fn remove_account_in(
    txn: &sea_orm::DatabaseTransaction,
    user_id: i32,
    by: RemovedBy,
) -> Result<(), PeopleError> {
    let person = store::user_by_id(txn, user_id)
        .await?
        .filter(|u| u.removed_at.is_none())
        .ok_or(PeopleError::NotFound)?;
    user::ActiveModel {
        id: Set(person.id),
        email: Set(format!("removed-{}@invalid", person.id)),
        // The name is gone; readers see "former participant" in their own language
        // (`people::model::PersonName`, decided by `removed_at`).
        display_name: Set(String::new()),
        job_title: Set(String::new()),
        // No hash verifies against an empty string: signing in is impossible.
        password_hash: Set(String::new()),
        active: Set(false),
        deactivated_at: Set(Some(now())),
        removed_at: Set(Some(now())),
        ..Default::default()
    }
    .update(txn)
    .await?;
    session_store::end_sessions_of(txn, person.id, None).await?;
    api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(person.id))
        .exec(txn)
        .await?;
    let actor_id = match by {
        RemovedBy::Themself => person.id,
        RemovedBy::Admin(id) => id,
    };
    audit::store::record(
        txn,
        NewEntry {
            subject_user_id: Some(person.id),
            ..NewEntry::new(
                Some(actor_id),
                Action::DeleteAccount,
                TargetKind::User,
                Some(person.id),
            )
        },
    )
    .await?;
    crate::notifications::events::forget(txn, person.id).await?;
    // Bylines are searchable: the person's posts and comments are indexed again.
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Person(person.id)).await?;
    Ok(())
}

/// A person confirms an irreversible step with their password; a wrong one is an error on
/// the form's field `form_field`.
pub async fn check_own_password(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    password_typed: &str,
    form_field: &'static str,
) -> Result<(), PeopleError> {
    let person = store::user_by_id(db, user_id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    if password_typed.is_empty() || !password::verify(password_typed, &person.password_hash).await {
        return Err(field(form_field, "password-wrong"));
    }
    Ok(())
}
