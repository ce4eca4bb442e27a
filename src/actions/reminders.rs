//! Reminders to an action's owner through the email outbox: once when a week is left, once
//! on the due day, then once a week while the action is overdue (still planned or in
//! progress).
//!
//! Timing. Each reminder belongs to a day on the Helsinki calendar (due day − 7, the due
//! day, due day + 7·k) and goes out from 08:00 Helsinki time that day, whatever the offset
//! (UTC+2 in winter, UTC+3 in summer). A day that falls on a Saturday or a Sunday moves to
//! the Friday before, so an owner never hears later than promised. At any instant only the
//! latest reminder that has fallen due is sent (a node that was down for weeks sends one
//! "overdue" mail, not a backlog), and none that fell due before the action was written.
//!
//! Once. `run_due(db, site, at)` records each reminder under a unique (action, kind,
//! version, owner) key in the same transaction as its email, as the workshop reminders do;
//! the version is the due day (and the overdue week), so a moved due day or a new owner is
//! reminded afresh.
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use sea_orm::DatabaseConnection;

use super::{
    model::{ActionId, Status},
    service::{ActionError, day_of},
    store,
};
use crate::{
    db::begin_write,
    email::{self, EmailKind, KindEmail},
    i18n::{FluentArg, Tr},
    panels::{self, model::PanelId},
    people,
    state::AppState,
    workshops::{
        service::{Site, recipient},
        time::helsinki_to_utc,
    },
};

/// How often the worker looks for due reminders.
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// The hour of the Helsinki day reminders go out.
const SEND_HOUR: u32 = 8;

/// A kind of reminder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reminder {
    /// A week is left.
    WeekLeft,
    /// The due day.
    DueDay,
    /// The `n`th week after the due day, still open.
    Overdue(u32),
}

impl Reminder {
    fn kind(self) -> &'static str {
        match self {
            Reminder::WeekLeft => "week",
            Reminder::DueDay => "due",
            Reminder::Overdue(_) => "overdue",
        }
    }

    /// The key's version: the due day, and the week for an overdue reminder.
    fn version(self, due: NaiveDate) -> String {
        match self {
            Reminder::Overdue(n) => format!("{due}+{n}"),
            _ => due.to_string(),
        }
    }

    /// The calendar day the reminder belongs to (before the weekend rule).
    fn day(self, due: NaiveDate) -> NaiveDate {
        match self {
            Reminder::WeekLeft => due - Duration::days(7),
            Reminder::DueDay => due,
            Reminder::Overdue(n) => due + Duration::days(7 * i64::from(n)),
        }
    }

    fn subject_key(self) -> &'static str {
        match self {
            Reminder::WeekLeft => "actions-reminder-week-subject",
            Reminder::DueDay => "actions-reminder-due-subject",
            Reminder::Overdue(_) => "actions-reminder-overdue-subject",
        }
    }

    fn body_key(self) -> &'static str {
        match self {
            Reminder::WeekLeft => "actions-reminder-week-body",
            Reminder::DueDay => "actions-reminder-due-body",
            Reminder::Overdue(_) => "actions-reminder-overdue-body",
        }
    }
}

/// The working day a reminder day is sent on: Saturday and Sunday move to the Friday before.
fn sending_day(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day - Duration::days(1),
        Weekday::Sun => day - Duration::days(2),
        _ => day,
    }
}

/// The instant a reminder falls due: 08:00 Helsinki time on its sending day.
pub fn falls_due(reminder: Reminder, due: NaiveDate) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(SEND_HOUR, 0, 0).unwrap_or_default();
    // 08:00 exists on every Helsinki day (the clocks move at 03:00 and 04:00).
    helsinki_to_utc(sending_day(reminder.day(due)), time)
        .unwrap_or_else(|_| sending_day(reminder.day(due)).and_time(time).and_utc())
}

/// The latest reminder that has fallen due at `now` for an action due on `due`, if any.
pub fn current(due: NaiveDate, now: DateTime<Utc>) -> Option<Reminder> {
    if now < falls_due(Reminder::WeekLeft, due) {
        return None;
    }
    if now < falls_due(Reminder::DueDay, due) {
        return Some(Reminder::WeekLeft);
    }
    if now < falls_due(Reminder::Overdue(1), due) {
        return Some(Reminder::DueDay);
    }
    // Start near the answer and step to the latest week that has fallen due.
    let days = (day_of(now) - due).num_days().max(7);
    let mut n = u32::try_from(days / 7).unwrap_or(1).max(1);
    while n > 1 && now < falls_due(Reminder::Overdue(n), due) {
        n -= 1;
    }
    while now >= falls_due(Reminder::Overdue(n + 1), due) {
        n += 1;
    }
    Some(Reminder::Overdue(n))
}

/// Queue every reminder due at `now` not queued before; returns how many emails were queued
/// (owners who turned the kind off are recorded but get none).
#[tracing::instrument(skip(db, site))]
pub async fn run_due(
    db: &DatabaseConnection,
    site: &Site,
    now: DateTime<Utc>,
) -> Result<usize, ActionError> {
    // Nothing due later than eight days ahead has a reminder yet (Friday before a Sunday).
    let last_day = day_of(now) + Duration::days(9);
    let mut queued = 0;
    for row in store::open_due_by(db, last_day).await? {
        let Some(reminder) = current(row.due_on, now) else {
            continue;
        };
        if falls_due(reminder, row.due_on) < row.created_at {
            continue;
        }
        queued += remind(db, site, ActionId(row.id), reminder, now).await?;
    }
    Ok(queued)
}

/// One action's reminder, in one transaction: read again (a status or due day committed
/// meanwhile is seen), recorded once, and the email queued with it.
async fn remind(
    db: &DatabaseConnection,
    site: &Site,
    id: ActionId,
    reminder: Reminder,
    now: DateTime<Utc>,
) -> Result<usize, ActionError> {
    let txn = begin_write(db).await?;
    let Some(row) = store::action(&txn, id).await? else {
        return Ok(0);
    };
    let open = Status::parse(&row.status).is_some_and(Status::is_open);
    let Some(owner_id) = row.owner_id else {
        return Ok(0);
    };
    if !open || current(row.due_on, now) != Some(reminder) {
        return Ok(0);
    }
    let Some(owner) = people::store::user_by_id(&txn, owner_id).await? else {
        return Ok(0);
    };
    let Some(p) = panels::store::panel_by_id(&txn, PanelId(row.panel_id)).await? else {
        return Ok(0);
    };
    if !owner.active
        || !store::record_reminder(
            &txn,
            id,
            reminder.kind(),
            &reminder.version(row.due_on),
            owner.id,
            now,
        )
        .await?
    {
        return Ok(0);
    }
    let to = recipient(&owner, site);
    let t = Tr::new(to.lang);
    let due = helsinki_to_utc(
        row.due_on,
        NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
    )
    .unwrap_or(now);
    let args = [
        ("title", FluentArg::Str(row.title.clone())),
        ("panel", FluentArg::Str(p.name.clone())),
        ("due", FluentArg::Str(t.long_date(&due))),
    ];
    let link = format!("{}{}", site.base_url, super::url(&p.slug, row.id));
    let action = t.get("actions-reminder-open");
    let paragraphs = [
        t.args(reminder.body_key(), &args),
        t.get("actions-reminder-hint"),
    ];
    let body = email::compose(to.lang, &paragraphs, Some((&action, &link)))
        .map_err(|e| ActionError::App(e.into()))?;
    let sent = email::enqueue_email(
        &txn,
        &site.base_url,
        KindEmail {
            kind: EmailKind::ActionReminder,
            to,
            subject: t.args(reminder.subject_key(), &args),
            text: body.text,
            html: Some(body.html),
            attachment: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(usize::from(sent))
}

/// Start the reminder worker (called from `startup.rs` with the other workers): one pass a
/// minute with the real time; the sender is woken when a pass queued something.
pub fn spawn(state: AppState) {
    crate::clock::spawn(async move {
        let site = Site::of(&state);
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_due(&state.db, &site, crate::db::now()).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(queued = n, "action reminders queued");
                    state.mailer.wake();
                }
                Err(e) => tracing::warn!(error = %e, "action reminder pass failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn reminders_go_out_at_eight_helsinki_time_in_winter_and_summer() {
        // Due Monday 29 March 2027, the day after the clocks moved to summer time: the
        // week-left reminder on 22 March is at 08:00 EET (06:00Z), the due-day one at
        // 08:00 EEST (05:00Z).
        let due = day("2027-03-29");
        assert_eq!(
            falls_due(Reminder::WeekLeft, due),
            at("2027-03-22T06:00:00Z")
        );
        assert_eq!(falls_due(Reminder::DueDay, due), at("2027-03-29T05:00:00Z"));
        assert_eq!(
            falls_due(Reminder::Overdue(1), due),
            at("2027-04-05T05:00:00Z")
        );
    }

    #[test]
    fn a_weekend_day_moves_to_the_friday_before() {
        // Due Sunday 28 March 2027 (the day of the change): Friday 26 March, still winter.
        let due = day("2027-03-28");
        assert_eq!(falls_due(Reminder::DueDay, due), at("2027-03-26T06:00:00Z"));
        assert_eq!(
            falls_due(Reminder::WeekLeft, due),
            at("2027-03-19T06:00:00Z")
        );
        assert_eq!(
            falls_due(Reminder::Overdue(1), due),
            at("2027-04-02T05:00:00Z")
        );
    }

    #[test]
    fn only_the_latest_reminder_that_fell_due_is_current() {
        let due = day("2027-03-29");
        let cases = [
            ("2027-03-22T05:59:59Z", None),
            ("2027-03-22T06:00:00Z", Some(Reminder::WeekLeft)),
            ("2027-03-29T04:59:59Z", Some(Reminder::WeekLeft)),
            ("2027-03-29T05:00:00Z", Some(Reminder::DueDay)),
            ("2027-04-05T04:59:59Z", Some(Reminder::DueDay)),
            ("2027-04-05T05:00:00Z", Some(Reminder::Overdue(1))),
            ("2027-04-12T04:59:00Z", Some(Reminder::Overdue(1))),
            ("2027-04-12T05:00:00Z", Some(Reminder::Overdue(2))),
            ("2027-12-31T12:00:00Z", Some(Reminder::Overdue(39))),
        ];
        for (now, expected) in cases {
            assert_eq!(current(due, at(now)), expected, "at {now}");
        }
    }
}
