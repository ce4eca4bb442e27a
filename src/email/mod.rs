//! Outgoing email: written to the `email_outbox` table in the same transaction as the change
//! that causes it, then delivered by one sender task over SMTP (lettre), or written to
//! `data/outbox/*.eml` when no SMTP server is configured.
use std::sync::Arc;

use chrono::Duration;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{MultiPart, header::ContentType},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use tokio::sync::Notify;

use crate::{config::Settings, db::now, entities::email_outbox};

/// One email to send.
#[derive(Clone, Debug)]
pub struct OutgoingEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Queue an email inside the caller's transaction; it is sent only if that commits.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: OutgoingEmail,
) -> Result<(), sea_orm::DbErr> {
    email_outbox::ActiveModel {
        to_address: Set(email.to),
        subject: Set(email.subject),
        body_text: Set(email.text),
        body_html: Set(email.html),
        created_at: Set(now()),
        attempts: Set(0),
        next_attempt_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

const MAX_ATTEMPTS: i32 = 8;

/// Wakes and runs the sender.
#[derive(Clone)]
pub struct Mailer {
    db: DatabaseConnection,
    settings: Arc<Settings>,
    wake: Arc<Notify>,
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

    /// Tell the sender that a transaction with emails has committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Start the sender: it runs when woken and every 30 s (to pick up retries and emails
    /// queued by other app nodes).
    pub fn spawn_sender(&self) {
        let mailer = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(e) = mailer.send_due().await {
                    tracing::warn!(error = ?e, "email sender pass failed");
                }
                tokio::select! {
                    _ = mailer.wake.notified() => {}
                    _ = tokio::time::sleep(std::time::Duration::from_secs(30)) => {}
                }
            }
        });
    }

    /// Send every email that is due; returns how many were delivered.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        let due = email_outbox::Entity::find()
            .filter(email_outbox::Column::SentAt.is_null())
            .filter(email_outbox::Column::FailedAt.is_null())
            .filter(email_outbox::Column::NextAttemptAt.lte(now()))
            .order_by_asc(email_outbox::Column::Id)
            .limit(50)
            .all(&self.db)
            .await?;
        let mut sent = 0;
        for row in due {
            // Claim the row: push its next attempt forward unless another node did already.
            let claimed = email_outbox::Entity::update_many()
                .col_expr(
                    email_outbox::Column::NextAttemptAt,
                    sea_orm::sea_query::Expr::value(now() + Duration::minutes(10)),
                )
                .filter(email_outbox::Column::Id.eq(row.id))
                .filter(email_outbox::Column::NextAttemptAt.eq(row.next_attempt_at))
                .exec(&self.db)
                .await?;
            if claimed.rows_affected != 1 {
                continue;
            }
            let attempts = row.attempts + 1;
            let id = row.id;
            let mut update = email_outbox::ActiveModel {
                id: Set(id),
                attempts: Set(attempts),
                ..Default::default()
            };
            match self.deliver(&row).await {
                Ok(()) => {
                    update.sent_at = Set(Some(now()));
                    update.last_error = Set(None);
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(email_id = id, attempts, error = %e, "email not delivered");
                    update.last_error = Set(Some(e.to_string()));
                    if attempts >= MAX_ATTEMPTS {
                        update.failed_at = Set(Some(now()));
                    } else {
                        update.next_attempt_at =
                            Set(now() + Duration::minutes(1 << attempts.min(10)));
                    }
                }
            }
            update.update(&self.db).await?;
        }
        Ok(sent)
    }

    async fn deliver(&self, row: &email_outbox::Model) -> anyhow::Result<()> {
        let message = self.build(row)?;
        match &self.settings.smtp_url {
            Some(url) => {
                let transport =
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())?.build();
                transport.send(message).await?;
            }
            None => {
                let dir = self.settings.data_dir.join("outbox");
                tokio::fs::create_dir_all(&dir).await?;
                tokio::fs::write(dir.join(format!("{}.eml", row.id)), message.formatted()).await?;
            }
        }
        Ok(())
    }

    fn build(&self, row: &email_outbox::Model) -> anyhow::Result<Message> {
        let builder = Message::builder()
            .from(self.settings.smtp_from.parse()?)
            .to(row.to_address.parse()?)
            .subject(row.subject.clone());
        let message = match &row.body_html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                row.body_text.clone(),
                html.clone(),
            ))?,
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(row.body_text.clone())?,
        };
        Ok(message)
    }
}
