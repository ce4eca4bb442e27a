//! Signing in: throttled, constant-effort password check, a fresh session id.
use sea_orm::DatabaseConnection;

use super::{CurrentUser, password, throttle};
use crate::people::{model::Email, store};

/// Why a sign-in did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong email or password (deliberately not saying which).
    Invalid,
    /// Too many failures lately for this account or address.
    Locked,
    /// The right password, but a moderator has suspended the account.
    Suspended,
}

/// Check the credentials; records failures and refuses while locked.
pub async fn check_credentials(
    db: &DatabaseConnection,
    raw_email: &str,
    candidate: &str,
    ip: &str,
) -> Result<Result<CurrentUser, SignInError>, sea_orm::DbErr> {
    let email_key = Email::parse(raw_email)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| raw_email.trim().to_lowercase());
    if throttle::is_locked(db, &email_key, ip).await? {
        return Ok(Err(SignInError::Locked));
    }
    let user = store::user_by_email(db, &email_key).await?;
    let ok = match &user {
        Some(u) => password::verify(candidate, &u.password_hash).await,
        None => {
            password::verify_nothing(candidate).await;
            false
        }
    };
    // Only someone who knows the password learns that the account is suspended.
    if ok
        && user
            .as_ref()
            .is_some_and(|u| u.active && u.is_suspended_at(crate::db::now()))
    {
        return Ok(Err(SignInError::Suspended));
    }
    match user.filter(|_| ok).and_then(CurrentUser::from_row) {
        Some(current) => {
            // The right password ends the account's run of failures (not the address's).
            throttle::forget_failures_of(db, &email_key).await?;
            Ok(Ok(current))
        }
        None => {
            throttle::record_failure(db, &email_key, ip).await?;
            Ok(Err(SignInError::Invalid))
        }
    }
}
