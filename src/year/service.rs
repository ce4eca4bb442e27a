//! The panel's year: what stands on it for one reader (workshops not cancelled, tasks the
//! reader may know of, action due days, milestones), adding milestones, and the year as an
//! `.ics` through the workshops' calendar writer.
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::DatabaseConnection;

use super::{
    model::{Entry, Kind, MilestoneForm, NewMilestone, YEARS},
    store,
};
use crate::{
    actions,
    auth::CurrentUser,
    db::{begin_write, now},
    error::AppError,
    panels::access::{PanelAccess, panel_for},
    tasks,
    workshops::{
        self,
        ics::{self, CalPerson, Method},
        service::Site,
        time::{helsinki_to_utc, to_helsinki},
    },
};

/// The panel `slug` and the year asked for, for its content readers (404 for a year out of
/// range).
pub async fn open(
    db: &DatabaseConnection,
    slug: &str,
    year: i32,
    actor: Option<crate::auth::permissions::Actor>,
) -> Result<PanelAccess, AppError> {
    if !YEARS.contains(&year) {
        return Err(AppError::NotFound);
    }
    let access = panel_for(db, slug, actor).await?;
    access.require_reader()?;
    Ok(access)
}

fn day(at: DateTime<Utc>) -> NaiveDate {
    to_helsinki(at).date_naive()
}

/// Everything on the panel's `year` that the reader may see, by day.
pub async fn entries(
    db: &DatabaseConnection,
    access: &PanelAccess,
    year: i32,
) -> Result<Vec<Entry>, AppError> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::NotFound)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::NotFound)?;
    let slug = &access.panel.slug;
    let at = now();
    let mut out = Vec::new();
    for w in workshops::store::workshops_of(db, access.id()).await? {
        let on = day(w.starts_at);
        if w.cancelled_at.is_none() && on.year() == year {
            out.push(Entry {
                kind: Kind::Workshop,
                id: w.id,
                href: Some(workshops::visibility::url(slug, w.id)),
                title: w.title,
                start: on,
                end: on,
            });
        }
    }
    // Members do not see a task before it opens; facilitators see every one.
    for t in tasks::service::tasks_seen(db, access).await? {
        let (opens, closes) = (day(t.opens_at), day(t.closes_at));
        if (access.is_facilitator() || t.opens_at <= at) && opens <= last && closes >= first {
            out.push(Entry {
                kind: Kind::Task,
                id: t.id,
                href: Some(tasks::visibility::url(slug, t.id)),
                title: t.title,
                start: opens,
                end: closes,
            });
        }
    }
    for a in actions::store::actions_of_panel(db, access.panel.id).await? {
        if a.due_on.year() == year {
            out.push(Entry {
                kind: Kind::Action,
                id: a.id,
                href: Some(actions::url(slug, a.id)),
                title: a.title,
                start: a.due_on,
                end: a.due_on,
            });
        }
    }
    for m in store::milestones_between(db, access.panel.id, first, last).await? {
        out.push(Entry {
            kind: Kind::Milestone,
            id: m.id,
            href: None,
            title: m.title,
            start: m.day,
            end: m.day,
        });
    }
    out.sort_by_key(|a| (a.start, a.kind, a.id));
    Ok(out)
}

/// Add a milestone to the panel's year (facilitators).
pub async fn add_milestone(
    db: &DatabaseConnection,
    access: &PanelAccess,
    user: &CurrentUser,
    form: &MilestoneForm,
) -> Result<NewMilestone, AppError> {
    access.require_facilitator()?;
    let new = NewMilestone::parse(form).map_err(AppError::Validation)?;
    let txn = begin_write(db).await?;
    store::insert_milestone(&txn, access.panel.id, new.day, &new.title, user.id, now()).await?;
    txn.commit().await?;
    Ok(new)
}

/// The year as a calendar: days as whole-day blocks, tasks from their opening day to their
/// closing day, workshops at their day.
pub fn calendar(
    site: &Site,
    access: &PanelAccess,
    entries: &[Entry],
    stamp: DateTime<Utc>,
) -> String {
    let host = site.host();
    let midnight = NaiveTime::MIN;
    let start_of = |d: NaiveDate| {
        helsinki_to_utc(d, midnight).unwrap_or_else(|_| d.and_time(midnight).and_utc())
    };
    let events: Vec<ics::Event> = entries
        .iter()
        .map(|e| ics::Event {
            uid: format!("{}-{}-year@{host}", e.kind.as_str(), e.id),
            sequence: 0,
            stamp,
            start: start_of(e.start),
            end: start_of(e.end + Duration::days(1)),
            summary: format!("{} – {}", e.title, access.panel.name),
            description: String::new(),
            location: None,
            url: e.href.as_ref().map(|h| format!("{}{h}", site.base_url)),
            organizer: CalPerson {
                name: access.panel.name.clone(),
                email: format!("noreply@{host}"),
            },
            attendees: Vec::new(),
            cancelled: false,
        })
        .collect();
    ics::calendar(Method::Publish, Some(&access.panel.name), &events)
}
