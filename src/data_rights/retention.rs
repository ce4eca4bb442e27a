//! The daily retention pass: declined panel applications, sessions not used for the set
//! time, sent email outbox rows (with their `.eml` files), expired data downloads and, with
//! the feedback feature's own pass, feedback senders' addresses are deleted once the
//! periods the admin set (`/admin/data-rights`) have passed. Each day's pass is claimed by a
//! unique row in the same transaction as its deletions, so however many nodes run it, and
//! however often, it runs once a day; a node that was down runs the day's pass when it
//! starts. Every pass is logged in the audit log (by the system, no actor).
use chrono::{DateTime, Duration, Months, Utc};
use sea_orm::DbErr;

use super::{settings, store};
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    db::begin_write,
    state::AppState,
};

/// How often a node looks whether today's pass has run.
const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// What one pass deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub declined_applications: u64,
    pub sessions: u64,
    pub emails: u64,
    pub data_downloads: u64,
    pub feedback_addresses: u64,
}

impl Swept {
    fn describe(&self) -> String {
        format!(
            "declined_applications={}\nsessions={}\nemails={}\ndata_downloads={}\nfeedback_addresses={}",
            self.declined_applications,
            self.sessions,
            self.emails,
            self.data_downloads,
            self.feedback_addresses
        )
    }
}

/// Run the pass for the day of `now` unless it has run; `None` when it had.
#[tracing::instrument(skip(state))]
pub async fn run_due(state: &AppState, now: DateTime<Utc>) -> Result<Option<Swept>, DbErr> {
    let db = &state.db;
    let rules = settings::current(db).await?;
    let txn = begin_write(db).await?;
    if !store::claim_day(&txn, &now.format("%Y-%m-%d").to_string(), now).await? {
        return Ok(None);
    }
    let months = u32::try_from(rules.retention_declined_months).unwrap_or(12);
    let declined_cutoff = now.checked_sub_months(Months::new(months)).unwrap_or(now);
    let idle = Duration::minutes(state.settings.session_idle_minutes);
    // A session expires `idle` after its last use: one last used before the cutoff
    // expires before cutoff + idle.
    let session_cutoff = now - Duration::days(i64::from(rules.retention_sessions_days)) + idle;
    let outbox_cutoff = now - Duration::days(i64::from(rules.retention_outbox_days));
    let mut swept = Swept {
        declined_applications: store::delete_declined_before(&txn, declined_cutoff).await?,
        sessions: store::delete_sessions_expiring_before(&txn, session_cutoff.timestamp()).await?,
        data_downloads: store::delete_expired_exports(&txn, now).await?,
        ..Swept::default()
    };
    let mail = store::delete_finished_mail_before(&txn, outbox_cutoff).await?;
    swept.emails = mail.len() as u64;
    audit::store::record(
        &txn,
        NewEntry {
            reason: rules.describe(),
            after: swept.describe(),
            ..NewEntry::new(None, Action::RetentionPass, TargetKind::Settings, None)
        },
    )
    .await?;
    txn.commit().await?;
    let dir = state.settings.data_dir.join("outbox");
    for id in &mail {
        let _ = tokio::fs::remove_file(dir.join(format!("{id}.eml"))).await;
    }
    // Feedback addresses: the feedback feature's own pass, with its own period and entries.
    swept.feedback_addresses = crate::feedback::retention::run_due(db, now).await? as u64;
    Ok(Some(swept))
}

/// Look every hour whether today's pass is due, with the real time.
pub fn spawn(state: AppState) {
    crate::clock::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            match run_due(&state, crate::db::now()).await {
                Ok(Some(swept)) => tracing::info!(?swept, "retention pass done"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "retention pass failed"),
            }
        }
    });
}
