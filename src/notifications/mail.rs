//! Notification email: immediate emails (one thread's notifications within the person's
//! window combined into one) and the daily and weekly digests, through the email outbox with
//! the unsubscribe link of their kind.
//!
//! `run_due(db, site, at)` does one pass for the instant `at`, which tests choose; `spawn`
//! runs it every minute with the real time. Nothing goes twice, however many nodes run the
//! pass: an immediate email is queued in the transaction that marks its notifications
//! emailed (only rows still unmarked), and a digest in the transaction that records its
//! (person, period) key, unique in `sent_digests`. A crash before the commit leaves neither,
//! and the next pass sends it. What the person may read is checked again at send time.
//!
//! Digests go at the person's local hour in Europe/Helsinki (07 by default): daily every day,
//! weekly on Mondays, covering the period since the one before. On the March change day an
//! hour that does not exist (03) goes at the next one (04); in October the hour that happens
//! twice goes at its first occurrence, once, as the key is the local date.
use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::{
    entities::notification,
    events::actor_of,
    model::{Delivery, NotificationKind},
    service::{self, Shown},
    store,
};
use crate::{
    db::begin_write,
    email::{self, EmailKind, KindEmail},
    entities::user,
    i18n::{FluentArg, Tr},
    state::AppState,
    workshops::service::{Site, recipient},
};

/// How often the worker runs a pass.
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Why a pass failed.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("email template: {0}")]
    Template(#[from] askama::Error),
}

/// A digest period: daily or weekly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Daily,
    Weekly,
}

impl Period {
    fn delivery(self) -> Delivery {
        match self {
            Period::Daily => Delivery::Daily,
            Period::Weekly => Delivery::Weekly,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Period::Daily => "daily",
            Period::Weekly => "weekly",
        }
    }
}

/// The instant of local `hour` on `date` in Helsinki: an hour skipped by the spring change
/// is the next one, an hour that happens twice in autumn is its first occurrence.
pub fn scheduled(date: NaiveDate, hour: u8) -> DateTime<Utc> {
    let naive = date
        .and_hms_opt(u32::from(hour.min(23)), 0, 0)
        .unwrap_or_default();
    let local = match Helsinki.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            let later = naive + Duration::hours(1);
            Helsinki
                .from_local_datetime(&later)
                .earliest()
                .unwrap_or_else(|| Helsinki.from_utc_datetime(&naive))
        }
    };
    local.with_timezone(&Utc)
}

/// The latest digest of `period` due at `at`: its key and the span it covers.
pub fn due_period(
    period: Period,
    hour: u8,
    at: DateTime<Utc>,
) -> (String, DateTime<Utc>, DateTime<Utc>) {
    let today = at.with_timezone(&Helsinki).date_naive();
    match period {
        Period::Daily => {
            let d = if scheduled(today, hour) <= at {
                today
            } else {
                today - Duration::days(1)
            };
            (
                format!("daily:{d}"),
                scheduled(d - Duration::days(1), hour),
                scheduled(d, hour),
            )
        }
        Period::Weekly => {
            let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
            let m = if scheduled(monday, hour) <= at {
                monday
            } else {
                monday - Duration::days(7)
            };
            let week = m.iso_week();
            (
                format!("weekly:{}-W{:02}", week.year(), week.week()),
                scheduled(m - Duration::days(7), hour),
                scheduled(m, hour),
            )
        }
    }
}

/// One pass: immediate emails, then digests. Returns how many emails were queued.
#[tracing::instrument(skip(db, site))]
pub async fn run_due(
    db: &DatabaseConnection,
    site: &Site,
    at: DateTime<Utc>,
) -> Result<usize, MailError> {
    Ok(run_immediate(db, site, at).await? + run_digests(db, site, at).await?)
}

/// The immediate emails due at `at`: per person and thread, once the oldest waiting
/// notification is older than the person's combining window.
pub async fn run_immediate(
    db: &DatabaseConnection,
    site: &Site,
    at: DateTime<Utc>,
) -> Result<usize, MailError> {
    // A thread is a post, or an action (kept apart from posts by the sign of the key).
    let mut threads: BTreeMap<(i32, i64), Vec<notification::Model>> = BTreeMap::new();
    for n in store::unemailed_until(db, at).await? {
        let thread = match (n.post_id, n.action_id) {
            (Some(post), _) => i64::from(post),
            (None, Some(action)) => -i64::from(action),
            (None, None) => 0,
        };
        threads.entry((n.user_id, thread)).or_default().push(n);
    }
    let mut queued = 0;
    for ((user_id, _), rows) in threads {
        let settings = service::settings(db, user_id).await?;
        let wanted = |n: &notification::Model| {
            NotificationKind::parse(&n.kind)
                .is_some_and(|k| settings.delivery(k) == Delivery::Immediately)
        };
        let window = Duration::minutes(i64::from(settings.combine_minutes.get()));
        if let Some(first) = rows.iter().find(|n| wanted(n))
            && first.created_at + window > at
        {
            continue;
        }
        let txn = begin_write(db).await?;
        let ids: Vec<i32> = rows.iter().map(|n| n.id).collect();
        if store::mark_emailed(&txn, ids.clone(), at).await? != ids.len() as u64 {
            // Another node took this thread meanwhile.
            continue;
        }
        let send: Vec<notification::Model> = rows.into_iter().filter(|n| wanted(n)).collect();
        if !send.is_empty() && immediate_email(&txn, site, user_id, send).await? {
            queued += 1;
        }
        txn.commit().await?;
    }
    Ok(queued)
}

/// Queue one thread's immediate email, with what the person may read now; `false` when
/// nothing is left or they unsubscribed.
async fn immediate_email(
    db: &impl ConnectionTrait,
    site: &Site,
    user_id: i32,
    rows: Vec<notification::Model>,
) -> Result<bool, MailError> {
    let Some(person) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(false);
    };
    let Some(actor) = actor_of(&person) else {
        return Ok(false);
    };
    let to = recipient(&person, site);
    let t = Tr::new(to.lang);
    let shown = service::show(db, actor, &t, rows).await?;
    let Some(first) = shown.first() else {
        return Ok(false);
    };
    let kind = first.kind.email_kind();
    let subject = if shown.len() == 1 {
        service::sentence(&t, first)
    } else {
        t.args(
            "notify-email-combined-subject",
            &[
                ("count", FluentArg::Num(shown.len() as i64)),
                ("title", FluentArg::Str(first.title.clone())),
            ],
        )
    };
    let mut paragraphs = Vec::new();
    for s in &shown {
        paragraphs.push(item_text(&t, s, &site.base_url));
    }
    let link = format!("{}{}", site.base_url, first.url);
    let body = email::compose(
        to.lang,
        &paragraphs,
        Some((&t.get("notify-email-open"), &link)),
    )?;
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

/// One notification as a paragraph: the sentence, who and where from, a snippet, the link.
fn item_text(t: &Tr, s: &Shown, base_url: &str) -> String {
    let mut lines = vec![service::sentence(t, s)];
    match (&s.actor, &s.organization) {
        (Some(a), Some(o)) => lines.push(format!("{a}, {o}")),
        (Some(a), None) => lines.push(a.clone()),
        _ => {}
    }
    if let Some(r) = &s.reason {
        lines.push(t.arg("notify-reason", "reason", r));
    }
    if !s.snippet.is_empty() {
        lines.push(format!("“{}”", s.snippet));
    }
    lines.push(format!("{base_url}{}", s.url));
    lines.join("\n")
}

/// The digests due at `at` for everyone with notifications in the last eight days.
pub async fn run_digests(
    db: &DatabaseConnection,
    site: &Site,
    at: DateTime<Utc>,
) -> Result<usize, MailError> {
    use sea_orm::ColumnTrait;
    let mut people: Vec<i32> = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .filter(notification::Column::CreatedAt.gte(at - Duration::days(8)))
        .filter(notification::Column::CreatedAt.lte(at))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    people.sort_unstable();
    let mut queued = 0;
    for user_id in people {
        let settings = service::settings(db, user_id).await?;
        for period in [Period::Daily, Period::Weekly] {
            if !settings
                .deliveries
                .iter()
                .any(|(_, d)| *d == period.delivery())
            {
                continue;
            }
            let (key, _, _) = due_period(period, settings.digest_hour.get(), at);
            if store::digest_recorded(db, user_id, &key).await? {
                continue;
            }
            let txn = begin_write(db).await?;
            if send_digest(&txn, site, user_id, period, at).await? {
                queued += 1;
            }
            txn.commit().await?;
        }
    }
    Ok(queued)
}

/// Compose, record and queue one person's digest of `period` due at `at`, in the caller's
/// transaction: `true` when an email was queued. Recorded (and so never sent again) even when
/// empty, but an empty digest is not sent; when the key is already taken nothing happens.
pub async fn send_digest(
    db: &impl ConnectionTrait,
    site: &Site,
    user_id: i32,
    period: Period,
    at: DateTime<Utc>,
) -> Result<bool, MailError> {
    let Some(person) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(false);
    };
    let settings = service::settings(db, user_id).await?;
    let (key, from, until) = due_period(period, settings.digest_hour.get(), at);
    let rows: Vec<notification::Model> = store::of_between(db, user_id, from, until)
        .await?
        .into_iter()
        .filter(|n| {
            NotificationKind::parse(&n.kind)
                .is_some_and(|k| settings.delivery(k) == period.delivery())
        })
        .collect();
    let to = recipient(&person, site);
    let t = Tr::new(to.lang);
    let shown = match actor_of(&person) {
        Some(actor) => service::show(db, actor, &t, rows).await?,
        None => Vec::new(),
    };
    let items = i32::try_from(shown.len()).unwrap_or(i32::MAX);
    if !store::record_digest(db, user_id, &key, items, at).await? || shown.is_empty() {
        return Ok(false);
    }
    let mut paragraphs = vec![t.count(
        &format!("notify-digest-{}-intro", period.name()),
        shown.len() as i64,
    )];
    for s in &shown {
        paragraphs.push(item_text(&t, s, &site.base_url));
    }
    let link = format!("{}/notifications", site.base_url);
    let body = email::compose(
        to.lang,
        &paragraphs,
        Some((&t.get("notify-email-all"), &link)),
    )?;
    Ok(email::enqueue_email(
        db,
        &site.base_url,
        KindEmail {
            kind: EmailKind::Digest,
            to,
            subject: t.count(
                &format!("notify-digest-{}-subject", period.name()),
                shown.len() as i64,
            ),
            text: body.text,
            html: Some(body.html),
            attachment: None,
        },
    )
    .await?)
}

/// Start the notification email worker (from `startup.rs` with the other workers): one pass
/// a minute with the real time; the sender is woken when a pass queued something.
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
                    tracing::info!(queued = n, "notification emails queued");
                    state.mailer.wake();
                }
                Err(e) => tracing::warn!(error = %e, "notification email pass failed"),
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
    fn an_hour_skipped_in_spring_goes_at_the_next_and_a_doubled_one_once() {
        // 29 March 2026: 03:00 EET becomes 04:00 EEST, so 03:00 does not exist.
        let march = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(scheduled(march, 3), at("2026-03-29T01:00:00Z"));
        assert_eq!(scheduled(march, 7), at("2026-03-29T04:00:00Z"));
        // 25 October 2026: 04:00 EEST becomes 03:00 EET, so 03:00 happens twice.
        let october = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(scheduled(october, 3), at("2026-10-25T00:00:00Z"));
        assert_eq!(scheduled(october, 7), at("2026-10-25T05:00:00Z"));
    }

    #[test]
    fn the_due_period_is_the_latest_whose_hour_has_come() {
        let (key, from, until) = due_period(Period::Daily, 7, at("2026-12-07T04:59:00Z"));
        assert_eq!(key, "daily:2026-12-06");
        assert_eq!(
            (from, until),
            (at("2026-12-05T05:00:00Z"), at("2026-12-06T05:00:00Z"))
        );
        let (key, ..) = due_period(Period::Daily, 7, at("2026-12-07T05:00:00Z"));
        assert_eq!(key, "daily:2026-12-07");
        // Monday 7 December 2026 is in ISO week 50.
        let (key, from, until) = due_period(Period::Weekly, 7, at("2026-12-07T05:00:00Z"));
        assert_eq!(key, "weekly:2026-W50");
        assert_eq!(
            (from, until),
            (at("2026-11-30T05:00:00Z"), at("2026-12-07T05:00:00Z"))
        );
        let (key, ..) = due_period(Period::Weekly, 7, at("2026-12-07T04:59:00Z"));
        assert_eq!(key, "weekly:2026-W49");
    }
}
