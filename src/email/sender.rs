//! The sender: claims due outbox rows with a lease, one at a time, delivers them, and
//! records the outcome.
//!
//! The exact guarantee. A row is *claimed* by one conditional `UPDATE` (it must be unsent,
//! not failed, due, and not under another sender's live lease); only the sender whose
//! `UPDATE` changed the row sends it, so two nodes or two passes never send a row at the same
//! time. A delivery is bounded by `SEND_TIMEOUT`, well under the `LEASE`, so a lease
//! cannot run out while its sender is still talking to the server. A sender claims one row,
//! sends it, and only then claims the next, so a node that dies holds at most one row, and
//! that for at most a `LEASE` (two minutes): the rest wait for nobody. A sent row is marked
//! `sent_at` and is never claimed again. The one case no outbox can close: if a node dies
//! after the SMTP server accepted the message but before `sent_at` was written, the row is
//! claimed again when its lease runs out and sent once more, with the *same* `Message-ID`
//! (made from the row's stable key), so mail servers and programs can recognise the
//! duplicate. Every claim counts as an attempt, so a row that keeps crashing its sender ends
//! as failed instead of looping. Permanent SMTP refusals (5xx) fail at once; temporary ones
//! are retried with exponential back-off, up to `MAX_ATTEMPTS`.
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Attachment, Mailbox, MultiPart, SinglePart,
        header::{ContentType, HeaderName, HeaderValue},
    },
};
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use super::store;
use crate::{config::Settings, db::now, entities::email_outbox};

/// Attempts before a row is marked failed for the administrators.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claim holds a row: how long a crashed sender can delay the one email it held.
pub const LEASE: Duration = Duration::minutes(2);
/// The longest one delivery may take (connection, every command, the message).
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(50);
/// Rows sent per pass (each claimed just before it is sent).
const BATCH: usize = 50;
/// Due rows looked at per claim: another sender may take the first ones meanwhile.
const CANDIDATES: u64 = 8;

/// The wait before attempt `attempts + 1`: 1, 2, 4, … minutes, at most six hours.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = (attempts.max(1) - 1).min(9) as u32;
    Duration::minutes(2i64.pow(exponent)).min(Duration::hours(6))
}

/// Wakes and runs the sender.
#[derive(Clone)]
pub struct Mailer {
    db: DatabaseConnection,
    settings: Arc<Settings>,
    wake: Arc<Notify>,
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

impl Pass {
    /// Rows this pass claimed and dealt with.
    fn handled(&self) -> usize {
        self.sent + self.retried + self.failed
    }
}

impl Mailer {
    pub fn new(db: DatabaseConnection, settings: Arc<Settings>) -> Self {
        Self {
            db,
            settings,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Whether email really leaves the machine.
    pub fn smtp_configured(&self) -> bool {
        self.settings.smtp_url.is_some()
    }

    /// Put a failed email back in the queue and wake the sender for it; false when `id` is not
    /// a failed, unsent email.
    pub async fn retry(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        id: i32,
    ) -> Result<bool, sea_orm::DbErr> {
        let queued = super::store::retry(db, id, crate::db::now()).await?;
        if queued {
            self.wake();
        }
        Ok(queued)
    }

    /// Tell the sender that a transaction with emails has committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Start the sender: it runs when woken and every 30 s (to pick up retries, rows whose
    /// lease ran out, and emails queued by other app nodes), and at once again after a full
    /// pass.
    pub fn spawn_sender(&self) {
        let mailer = self.clone();
        crate::clock::spawn(async move {
            loop {
                match mailer.pass(now).await {
                    Ok(pass) if pass.handled() >= BATCH => continue,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = ?e, "email sender pass failed"),
                }
                tokio::select! {
                    _ = mailer.wake.notified() => {}
                    _ = tokio::time::sleep(std::time::Duration::from_secs(30)) => {}
                }
            }
        });
    }

    /// Send every email that is due now; returns how many were delivered.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        Ok(self.pass(now).await?.sent)
    }

    /// One pass as if the clock showed `at` (tests drive retries and leases with it).
    pub async fn send_due_at(&self, at: DateTime<Utc>) -> anyhow::Result<Pass> {
        self.pass(|| at).await
    }

    /// Up to `BATCH` emails, each claimed at the clock's time just before it is sent.
    async fn pass(&self, clock: impl Fn() -> DateTime<Utc>) -> anyhow::Result<Pass> {
        let mut pass = Pass::default();
        while pass.handled() < BATCH {
            let at = clock();
            let Some((row, claim)) = self.claim_next(at).await? else {
                break;
            };
            self.send_claimed(&row, &claim, at, &mut pass).await?;
        }
        Ok(pass)
    }

    async fn send_claimed(
        &self,
        row: &email_outbox::Model,
        claim: &str,
        at: DateTime<Utc>,
        pass: &mut Pass,
    ) -> anyhow::Result<()> {
        let id = row.id;
        let attempts = row.attempts;
        match self.deliver(row).await {
            Ok(()) => {
                if store::mark_sent(&self.db, id, claim, at).await? {
                    pass.sent += 1;
                } else {
                    tracing::warn!(email_id = id, "email sent after its lease was lost");
                }
            }
            Err(e) => {
                let permanent = e.permanent;
                tracing::warn!(email_id = id, attempts, permanent, error = %e.error, "email not delivered");
                let give_up = permanent || attempts >= MAX_ATTEMPTS;
                let next = at + backoff(attempts);
                store::mark_attempt_failed(
                    &self.db,
                    id,
                    claim,
                    &format!("{:#}", e.error),
                    give_up,
                    next,
                    at,
                )
                .await?;
                if give_up {
                    pass.failed += 1;
                } else {
                    pass.retried += 1;
                }
            }
        }
        Ok(())
    }

    /// Claim what a sender holds at once at `at` — the next due row — without sending it;
    /// returns it with its claim token (already counted as an attempt). Tests use it to play
    /// a sender that crashes after claiming.
    pub async fn claim_due_at(
        &self,
        at: DateTime<Utc>,
    ) -> anyhow::Result<Vec<(email_outbox::Model, String)>> {
        Ok(self.claim_next(at).await?.into_iter().collect())
    }

    /// The next due row, claimed until `at + LEASE`, if any is due.
    async fn claim_next(
        &self,
        at: DateTime<Utc>,
    ) -> anyhow::Result<Option<(email_outbox::Model, String)>> {
        loop {
            let candidates = store::due(&self.db, at, CANDIDATES).await?;
            if candidates.is_empty() {
                return Ok(None);
            }
            for mut row in candidates {
                if let Some(claim) = store::claim(&self.db, row.id, at, at + LEASE).await? {
                    row.attempts += 1;
                    return Ok(Some((row, claim)));
                }
            }
            // Every candidate was taken by another sender meanwhile: look again.
        }
    }

    async fn deliver(&self, row: &email_outbox::Model) -> Result<(), DeliveryError> {
        let message = build(&self.settings, row).map_err(DeliveryError::permanent)?;
        match &self.settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(DeliveryError::permanent)?
                    .timeout(Some(SEND_TIMEOUT / 4))
                    .build();
                match tokio::time::timeout(SEND_TIMEOUT, transport.send(message)).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(DeliveryError {
                        permanent: e.is_permanent(),
                        error: e.into(),
                    }),
                    Err(_) => Err(DeliveryError::transient(anyhow::anyhow!(
                        "SMTP delivery timed out"
                    ))),
                }
            }
            None => {
                let dir = self.settings.data_dir.join("outbox");
                tokio::fs::create_dir_all(&dir)
                    .await
                    .map_err(DeliveryError::transient)?;
                tokio::fs::write(dir.join(format!("{}.eml", row.id)), message.formatted())
                    .await
                    .map_err(DeliveryError::transient)
            }
        }
    }
}

struct DeliveryError {
    permanent: bool,
    error: anyhow::Error,
}

impl DeliveryError {
    fn permanent(e: impl Into<anyhow::Error>) -> Self {
        Self {
            permanent: true,
            error: e.into(),
        }
    }
    fn transient(e: impl Into<anyhow::Error>) -> Self {
        Self {
            permanent: false,
            error: e.into(),
        }
    }
}

/// The stable `Message-ID` of an outbox row: the same on every attempt.
pub fn message_id(row: &email_outbox::Model, from: &Mailbox) -> String {
    let key = row
        .message_key
        .clone()
        .unwrap_or_else(|| format!("outbox-{}-{}", row.id, row.created_at.timestamp()));
    format!("<lupa.{key}@{}>", from.email.domain())
}

/// The RFC 5322 message of an outbox row.
pub fn build(settings: &Settings, row: &email_outbox::Model) -> anyhow::Result<Message> {
    let from: Mailbox = settings.smtp_from.parse()?;
    let mut builder = Message::builder()
        .message_id(Some(message_id(row, &from)))
        .from(from)
        .to(row.to_address.parse()?)
        .subject(row.subject.clone());
    if let Some(page) = row
        .unsubscribe_token_hash
        .as_ref()
        .and_then(|_| unsubscribe_link(&row.body_text))
    {
        let mut value = format!("<{page}>");
        if let Some(one_click) = super::one_click_url(&page) {
            value = format!("<{one_click}>");
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
        }
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            value,
        ));
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(row.body_text.clone());
    let attachment = match (
        &row.attachment_name,
        &row.attachment_type,
        &row.attachment_body,
    ) {
        (Some(name), Some(kind), Some(content)) => {
            Some(Attachment::new(name.clone()).body(content.clone(), ContentType::parse(kind)?))
        }
        _ => None,
    };
    let alternative = |html: &String| {
        MultiPart::alternative()
            .singlepart(text.clone())
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html.clone()),
            )
    };
    let message = match (&row.body_html, attachment) {
        (None, None) => builder.singlepart(text.clone())?,
        (Some(html), None) => builder.multipart(alternative(html))?,
        (None, Some(file)) => {
            builder.multipart(MultiPart::mixed().singlepart(text.clone()).singlepart(file))?
        }
        (Some(html), Some(file)) => builder.multipart(
            MultiPart::mixed()
                .multipart(alternative(html))
                .singlepart(file),
        )?,
    };
    Ok(message)
}

/// The unsubscribe page link `enqueue_email` put at the end of the text part.
fn unsubscribe_link(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .find(|l| l.contains("/email/unsubscribe/"))
        .map(|l| l.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_one_minute_and_is_capped() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(16));
        assert_eq!(backoff(40), Duration::hours(6));
    }

    #[test]
    fn a_delivery_always_ends_well_inside_its_lease() {
        assert!(chrono::Duration::from_std(SEND_TIMEOUT).unwrap() * 2 < LEASE);
    }
}
