//! Holding bots off the public form without third-party services: a honeypot field, a minimum
//! fill time (the time the form was shown, signed with HMAC-SHA256 under a key kept in the
//! database so every node agrees), per-address sending limits counted in the database, and a
//! size cap on the text (`model::MAX_TEXT_CHARS`).
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use sha2::Sha256;

use super::entities::{feedback_key, feedback_sending};
use super::model::{FeedbackForm, Refusal, too_large};
use crate::auth::tokens::{random_token, same_secret};

/// A person needs at least this long to write feedback; a bot posts at once.
pub const MIN_FILL_SECONDS: i64 = 3;
/// A form older than this is stale (the stamp is refused; the page shows a fresh one).
pub const MAX_FORM_AGE_HOURS: i64 = 24;
/// Sendings one client address may make per hour, across every node.
pub const PER_ADDRESS_PER_HOUR: u64 = 5;

/// The signing key, made on first use.
async fn key(db: &impl ConnectionTrait) -> Result<String, DbErr> {
    if let Some(row) = feedback_key::Entity::find()
        .order_by_asc(feedback_key::Column::Id)
        .one(db)
        .await?
    {
        return Ok(row.secret);
    }
    feedback_key::ActiveModel {
        secret: Set(random_token()),
        created_at: Set(crate::db::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Two nodes may have made one each at the same moment: the first row wins for both.
    let first = feedback_key::Entity::find()
        .order_by_asc(feedback_key::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("feedback key".into()))?;
    Ok(first.secret)
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`, as hex.
fn hmac_sha256(key: &[u8], message: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

fn sign_with(key: &str, at: DateTime<Utc>) -> String {
    let seconds = at.timestamp();
    format!(
        "{seconds}.{}",
        hmac_sha256(
            key.as_bytes(),
            format!("feedback-form:{seconds}").as_bytes()
        )
    )
}

/// The stamp for a form shown at `at` (pages put it in a hidden field).
pub async fn stamp(db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<String, DbErr> {
    Ok(sign_with(&key(db).await?, at))
}

/// The time a stamp vouches for, if it is ours.
fn verify(key: &str, stamp: &str) -> Option<DateTime<Utc>> {
    let (seconds, _) = stamp.split_once('.')?;
    let at = DateTime::from_timestamp(seconds.parse().ok()?, 0)?;
    same_secret(&sign_with(key, at), stamp).then_some(at)
}

/// Whether a form shown at `started` and sent at `now` took a person's time.
pub fn took_long_enough(started: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let age = now - started;
    age >= Duration::seconds(MIN_FILL_SECONDS) && age <= Duration::hours(MAX_FORM_AGE_HOURS)
}

/// The checks that need no database: the size cap and the honeypot.
pub fn screen(form: &FeedbackForm) -> Result<(), Refusal> {
    if too_large(form) {
        return Err(Refusal::TooLarge);
    }
    if !form.website.trim().is_empty() {
        return Err(Refusal::Honeypot);
    }
    Ok(())
}

/// Every defence, in the order that costs least: size, honeypot, fill time, then the
/// address's rate (counted, inside the caller's write transaction, only when admitted).
pub async fn admit(
    txn: &impl ConnectionTrait,
    form: &FeedbackForm,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), Refusal>, DbErr> {
    if let Err(refusal) = screen(form) {
        return Ok(Err(refusal));
    }
    let key = key(txn).await?;
    if !verify(&key, form.started.trim()).is_some_and(|at| took_long_enough(at, now)) {
        return Ok(Err(Refusal::TooFast));
    }
    feedback_sending::Entity::delete_many()
        .filter(feedback_sending::Column::SentAt.lte(now - Duration::hours(1)))
        .exec(txn)
        .await?;
    let lately = feedback_sending::Entity::find()
        .filter(feedback_sending::Column::Address.eq(address))
        .filter(feedback_sending::Column::SentAt.gt(now - Duration::hours(1)))
        .count(txn)
        .await?;
    if lately >= PER_ADDRESS_PER_HOUR {
        return Ok(Err(Refusal::RateLimited));
    }
    feedback_sending::ActiveModel {
        address: Set(address.to_owned()),
        sent_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231, test case 2.
        assert_eq!(
            hmac_sha256(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_stamp_is_ours_only_unchanged() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let stamp = sign_with("k", at);
        assert_eq!(verify("k", &stamp), Some(at));
        assert_eq!(verify("other", &stamp), None);
        let forged = stamp.replacen("1800000000", "1799999000", 1);
        assert_eq!(verify("k", &forged), None);
    }

    #[test]
    fn a_form_sent_within_the_minimum_time_or_a_day_later_is_refused() {
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert!(!took_long_enough(at, at + Duration::seconds(1)));
        assert!(took_long_enough(
            at,
            at + Duration::seconds(MIN_FILL_SECONDS)
        ));
        assert!(!took_long_enough(at, at + Duration::hours(25)));
    }
}
