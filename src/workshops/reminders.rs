//! Reminders: 7 days and 1 day before a workshop to everyone with a seat, and "task closing
//! in 2 days" to seated members who have not answered an open task.
//!
//! `run_due(db, site, now)` does one pass for the instant `now`, which tests choose (the
//! controllable clock); `spawn` runs it every minute with the real time. Each reminder is
//! recorded in `sent_reminders` under a unique (kind, target, version, person) key **in the
//! same transaction as its email**, so however many nodes run the pass, and however often,
//! a reminder is queued at most once. The version is the workshop's start (or the task's
//! closing) time: a moved workshop is reminded of again for its new time.
//!
//! Timing. The week reminder is due from 7 days before the start and for one day (a node
//! that was down for longer skips it: "in a week" would no longer be true); the day
//! reminder from 1 day before until the start. A person whose seat is newer than the moment
//! a reminder fell due gets no such reminder: their registration email was the reminder.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

use super::{
    model::{RegistrationStatus, WorkshopId},
    service::{self, Site, WorkshopError, recipient},
    store,
};
use crate::{
    db::begin_write,
    email::{self, EmailKind, KindEmail},
    entities::{panel, tasks::task, user, workshop},
    i18n::{FluentArg, Tr},
    state::AppState,
};

/// How often the worker looks for due reminders.
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// A kind of reminder: when it falls due and what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reminder {
    WeekBefore,
    DayBefore,
    TaskClosing,
}

impl Reminder {
    /// The kind in `sent_reminders`.
    fn key(self) -> &'static str {
        match self {
            Reminder::WeekBefore => "workshop-7d",
            Reminder::DayBefore => "workshop-1d",
            Reminder::TaskClosing => "task-closing",
        }
    }

    /// How long before the event the reminder falls due.
    fn lead(self) -> Duration {
        match self {
            Reminder::WeekBefore => Duration::days(7),
            Reminder::DayBefore => Duration::days(1),
            Reminder::TaskClosing => Duration::days(2),
        }
    }

    fn subject_key(self) -> &'static str {
        match self {
            Reminder::WeekBefore => "workshops-reminders-week-subject",
            Reminder::DayBefore => "workshops-reminders-day-subject",
            Reminder::TaskClosing => "workshops-reminders-task-subject",
        }
    }

    fn body_key(self) -> &'static str {
        match self {
            Reminder::WeekBefore => "workshops-reminders-week-body",
            Reminder::DayBefore => "workshops-reminders-day-body",
            Reminder::TaskClosing => "workshops-reminders-task-body",
        }
    }
}

/// Which workshop reminder, if any, is due at `now` for a workshop starting at `start`.
fn workshop_reminder_due(start: DateTime<Utc>, now: DateTime<Utc>) -> Option<Reminder> {
    let day = start - Reminder::DayBefore.lead();
    let week = start - Reminder::WeekBefore.lead();
    if now >= start {
        None
    } else if now >= day {
        Some(Reminder::DayBefore)
    } else if now >= week && now < week + Duration::days(1) {
        Some(Reminder::WeekBefore)
    } else {
        None
    }
}

/// The version part of a reminder's key: the instant it is about.
fn version(at: DateTime<Utc>) -> String {
    at.timestamp().to_string()
}

/// Queue every reminder due at `now` that has not been queued before; returns how many
/// emails were queued (people who turned the kind off are recorded but get none).
#[tracing::instrument(skip(db, site))]
pub async fn run_due(
    db: &DatabaseConnection,
    site: &Site,
    now: DateTime<Utc>,
) -> Result<usize, WorkshopError> {
    let mut queued = 0;
    for w in store::workshops_starting(db, now, now + Reminder::WeekBefore.lead()).await? {
        if let Some(kind) = workshop_reminder_due(w.starts_at, now) {
            queued += remind_workshop(db, site, WorkshopId(w.id), kind, now).await?;
        }
    }
    for t in store::tasks_closing(db, now, now + Reminder::TaskClosing.lead()).await? {
        queued += remind_task(db, site, &t, now).await?;
    }
    Ok(queued)
}

/// One workshop's reminders, in one transaction with the workshop row locked (so a
/// cancellation or a new time committed meanwhile is seen, and no reminder goes out for it).
async fn remind_workshop(
    db: &DatabaseConnection,
    site: &Site,
    id: WorkshopId,
    kind: Reminder,
    now: DateTime<Utc>,
) -> Result<usize, WorkshopError> {
    let txn = begin_write(db).await?;
    let Some(w) = store::workshop_for_update(&txn, id).await? else {
        return Ok(0);
    };
    if w.cancelled_at.is_some() || workshop_reminder_due(w.starts_at, now) != Some(kind) {
        return Ok(0);
    }
    let Some(p) = panel::Entity::find_by_id(w.panel_id).one(&txn).await? else {
        return Ok(0);
    };
    let due = w.starts_at - kind.lead();
    let seated: Vec<i32> = store::registrations_of(&txn, id)
        .await?
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Registered && r.updated_at <= due)
        .map(|r| r.user_id)
        .collect();
    let link = service::workshop_url(site, &p.slug, id);
    let mut queued = 0;
    for u in store::users_by_id(&txn, seated).await? {
        if !u.active
            || !store::record_reminder(&txn, kind.key(), w.id, &version(w.starts_at), u.id, now)
                .await?
        {
            continue;
        }
        if workshop_email(&txn, site, &u, kind, &w, &p, &link).await? {
            queued += 1;
        }
    }
    txn.commit().await?;
    Ok(queued)
}

async fn workshop_email(
    db: &impl ConnectionTrait,
    site: &Site,
    u: &user::Model,
    kind: Reminder,
    w: &workshop::Model,
    p: &panel::Model,
    link: &str,
) -> Result<bool, WorkshopError> {
    let to = recipient(u, site);
    let t = Tr::new(to.lang);
    let args = [
        ("title", FluentArg::Str(w.title.clone())),
        ("panel", FluentArg::Str(p.name.clone())),
        (
            "time",
            FluentArg::Str(service::when(t, w.starts_at, w.ends_at)),
        ),
    ];
    let mut paragraphs = vec![t.args(kind.body_key(), &args)];
    if let Some(place) = &w.place {
        paragraphs.push(t.arg("workshops-reminders-place", "place", place));
    }
    if let Some(url) = &w.online_url {
        paragraphs.push(t.arg("workshops-reminders-online", "url", url));
    }
    paragraphs.push(t.get("workshops-reminders-cancel-hint"));
    send(
        db,
        site,
        to,
        EmailKind::Reminder,
        t.args(kind.subject_key(), &args),
        &paragraphs,
        link,
    )
    .await
}

/// One task's "closing soon" reminders to the seated members who have not answered. Who has
/// answered comes from the participation rows, never from the answers (anonymous tasks
/// keep no link from an answer to a person).
async fn remind_task(
    db: &DatabaseConnection,
    site: &Site,
    t: &task::Model,
    now: DateTime<Utc>,
) -> Result<usize, WorkshopError> {
    let txn = begin_write(db).await?;
    let Some(p) = panel::Entity::find_by_id(t.panel_id).one(&txn).await? else {
        return Ok(0);
    };
    let answered = store::task_participants(&txn, t.id).await?;
    // Only the members the task is aimed at are reminded of it.
    let waiting: Vec<i32> = crate::tasks::aim::aimed_member_ids(&txn, t)
        .await?
        .into_iter()
        .filter(|id| !answered.contains(id))
        .collect();
    let link = format!("{}/panels/{}/tasks/{}", site.base_url, p.slug, t.id);
    let mut queued = 0;
    for u in store::users_by_id(&txn, waiting).await? {
        if !u.active
            || !store::record_reminder(
                &txn,
                Reminder::TaskClosing.key(),
                t.id,
                &version(t.closes_at),
                u.id,
                now,
            )
            .await?
        {
            continue;
        }
        let to = recipient(&u, site);
        let tr = Tr::new(to.lang);
        let args = [
            ("title", FluentArg::Str(t.title.clone())),
            ("panel", FluentArg::Str(p.name.clone())),
            ("time", FluentArg::Str(tr.long_datetime(&t.closes_at))),
        ];
        let kind = Reminder::TaskClosing;
        let paragraphs = [tr.args(kind.body_key(), &args)];
        let subject = tr.args(kind.subject_key(), &args);
        if send(
            &txn,
            site,
            to,
            EmailKind::TaskClosing,
            subject,
            &paragraphs,
            &link,
        )
        .await?
        {
            queued += 1;
        }
    }
    txn.commit().await?;
    Ok(queued)
}

/// Queue one reminder email: the paragraphs and a link to the page, in the person's
/// language, with the unsubscribe link of its kind. `false` when they turned the kind off.
async fn send(
    db: &impl ConnectionTrait,
    site: &Site,
    to: email::Recipient,
    kind: EmailKind,
    subject: String,
    paragraphs: &[String],
    link: &str,
) -> Result<bool, WorkshopError> {
    let t = Tr::new(to.lang);
    let action = t.get("workshops-email-open");
    let body = email::compose(to.lang, paragraphs, Some((&action, link)))?;
    Ok(email::enqueue_email(
        db,
        &site.base_url,
        KindEmail {
            kind,
            to,
            subject,
            text: body.text,
            html: Some(body.html),
            attachment: None,
        },
    )
    .await?)
}

/// Start the reminder worker (called from `startup.rs` with the other workers): one pass a
/// minute with the real time; the sender is woken when a pass queued something.
pub fn spawn(state: AppState) {
    crate::clock::spawn(async move {
        let site = Site {
            base_url: state.settings.base_url(),
            default_lang: state.settings.default_language,
        };
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match run_due(&state.db, &site, crate::db::now()).await {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(queued = n, "reminders queued");
                    state.mailer.wake();
                }
                Err(e) => tracing::warn!(error = %e, "reminder pass failed"),
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

    #[test]
    fn the_week_reminder_is_due_for_one_day_and_the_day_reminder_until_the_start() {
        let start = at("2026-05-12T06:00:00Z");
        let cases = [
            ("2026-05-05T05:59:00Z", None),
            ("2026-05-05T06:00:00Z", Some(Reminder::WeekBefore)),
            ("2026-05-06T05:59:00Z", Some(Reminder::WeekBefore)),
            ("2026-05-06T06:00:00Z", None),
            ("2026-05-11T05:59:00Z", None),
            ("2026-05-11T06:00:00Z", Some(Reminder::DayBefore)),
            ("2026-05-12T05:59:00Z", Some(Reminder::DayBefore)),
            ("2026-05-12T06:00:00Z", None),
        ];
        for (now, expected) in cases {
            assert_eq!(workshop_reminder_due(start, at(now)), expected, "at {now}");
        }
    }
}
