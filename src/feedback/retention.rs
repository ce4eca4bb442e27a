//! Erasing senders' addresses once the retention period the admin set has passed
//! (`site_settings.feedback_retention_months`, default 12). Run by the hourly session
//! cleanup worker, at most once a day per node; running it more often changes nothing.
use chrono::{DateTime, Months, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr};

use super::{entities::feedback_item as item, store};
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    db::begin_write,
    entities::site_settings,
};

/// The retention when the site has not been set up yet.
pub const DEFAULT_MONTHS: u32 = 12;

/// The instant before which addresses are erased.
pub fn cutoff(now: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(months)).unwrap_or(now)
}

/// Erase every address older than the retention period at `now`; returns how many were
/// erased. Each erasure is logged (by the system, no actor) in the same transaction.
#[tracing::instrument(skip(db))]
pub async fn run_due(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize, DbErr> {
    use sea_orm::EntityTrait;
    let months = site_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|s| u32::try_from(s.feedback_retention_months.max(1)).unwrap_or(DEFAULT_MONTHS))
        .unwrap_or(DEFAULT_MONTHS);
    let txn = begin_write(db).await?;
    let due = store::items_with_email_before(&txn, cutoff(now, months)).await?;
    let count = due.len();
    for row in due {
        let id = row.id;
        let mut active: item::ActiveModel = row.into();
        active.email = Set(None);
        active.email_erased_at = Set(Some(now));
        store::save_item(&txn, active, now).await?;
        audit::store::record(
            &txn,
            NewEntry {
                reason: format!("retention {months} months"),
                ..NewEntry::new(
                    None,
                    Action::FeedbackEraseEmail,
                    TargetKind::Feedback,
                    Some(id),
                )
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(count)
}

/// One tick of a periodic worker: run the pass when a day has gone since this node's last
/// one (`last` remembers it), logging rather than failing.
pub async fn tick(db: &DatabaseConnection, last: &mut Option<DateTime<Utc>>) {
    let now = crate::db::now();
    if !due_again(*last, now) {
        return;
    }
    *last = Some(now);
    match run_due(db, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(erased = n, "feedback addresses erased after retention"),
        Err(e) => tracing::warn!(error = %e, "feedback retention pass failed"),
    }
}

/// Whether a daily pass is due: none has run yet, or the last one was a day ago or more.
pub fn due_again(last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last.is_none_or(|at| now - at >= chrono::Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_whole_calendar_months_back() {
        let now: DateTime<Utc> = "2027-03-31T10:00:00Z".parse().unwrap();
        assert_eq!(cutoff(now, 12).to_rfc3339(), "2026-03-31T10:00:00+00:00");
        assert_eq!(cutoff(now, 1).to_rfc3339(), "2027-02-28T10:00:00+00:00");
    }

    #[test]
    fn the_pass_runs_once_a_day() {
        let now: DateTime<Utc> = "2027-03-31T10:00:00Z".parse().unwrap();
        assert!(due_again(None, now));
        assert!(!due_again(Some(now - chrono::Duration::hours(23)), now));
        assert!(due_again(Some(now - chrono::Duration::hours(24)), now));
    }
}
