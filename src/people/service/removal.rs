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
    entities::{api_token, site_settings, user},
    i18n::{Lang, Tr},
};

/// The name shown for a removed person, in the site's language (it is stored, so that every
/// page, feed, search result, API answer and email that names them says the same).
pub fn former_participant(lang: Lang) -> String {
    Tr::new(lang).get("former-participant")
}

/// Why the removal happens, for the audit entry.
#[derive(Clone, Copy, Debug)]
pub enum RemovedBy {
    /// The person deleted their own account.
    Themself,
    /// An admin erased the person (the data-rights feature).
    Admin(i32),
}

/// Remove person `user_id`'s account: `removed_at` and `active = false`, the email replaced
/// by `removed-<id>@invalid`, no password, no job title, the name replaced by "former
/// participant"; their sessions and API tokens deleted in the same transaction, an audit
/// entry, and their posts and comments queued for the search index.
#[tracing::instrument(skip(db))]
pub async fn remove_account(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    by: RemovedBy,
) -> Result<(), PeopleError> {
    let txn = begin_write(db).await?;
    let person = store::user_by_id(&txn, user_id)
        .await?
        .filter(|u| u.removed_at.is_none())
        .ok_or(PeopleError::NotFound)?;
    let lang = site_settings::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .and_then(|s| s.language())
        .unwrap_or(Lang::Fi);
    user::ActiveModel {
        id: Set(person.id),
        email: Set(format!("removed-{}@invalid", person.id)),
        display_name: Set(former_participant(lang)),
        job_title: Set(String::new()),
        // No hash verifies against an empty string: signing in is impossible.
        password_hash: Set(String::new()),
        active: Set(false),
        deactivated_at: Set(Some(now())),
        removed_at: Set(Some(now())),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    session_store::end_sessions_of(&txn, person.id, None).await?;
    api_token::Entity::delete_many()
        .filter(api_token::Column::UserId.eq(person.id))
        .exec(&txn)
        .await?;
    let actor_id = match by {
        RemovedBy::Themself => person.id,
        RemovedBy::Admin(id) => id,
    };
    audit::store::record(
        &txn,
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
    crate::notifications::events::forget(&txn, person.id).await?;
    // Bylines are searchable: the person's posts and comments are indexed again.
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Person(person.id)).await?;
    txn.commit().await?;
    Ok(())
}

/// A person deletes their own account after confirming their password.
pub async fn delete_own_account(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    password_typed: &str,
) -> Result<(), PeopleError> {
    let person = store::user_by_id(db, user_id)
        .await?
        .ok_or(PeopleError::NotFound)?;
    if password_typed.is_empty() || !password::verify(password_typed, &person.password_hash).await {
        return Err(field("delete_password", "password-wrong"));
    }
    remove_account(db, user_id, RemovedBy::Themself).await
}
