//! Use cases of a confirmed workshop: registration with a waiting list, the participant list,
//! and the facilitators' moves (a new time, a cancellation) that everyone with a seat hears
//! of. Every write runs in one transaction with the emails it causes, and wakes the sender
//! after its commit.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection};

use super::super::{
    ics::Method,
    model::{RegistrationStatus, Span, WorkshopId, check_deadline},
    service::{Mail, Site, WorkshopError, invitation, notify, recipient, workshop_url},
    store,
};
use crate::{
    db::{begin_write, now},
    email::EmailKind,
    entities::{user, workshop},
    i18n::{FluentArg, Tr},
    panels::model::PanelId,
};

/// Whether the deadline for registering to `w` has passed at `at`.
pub fn deadline_passed(w: &workshop::Model, at: DateTime<Utc>) -> bool {
    w.registration_deadline.is_some_and(|d| d < at)
}

/// Whether `w` takes registrations at `at`: not cancelled, not yet started, and its
/// registration deadline (if any) not passed. The pages, the API and `register` all ask this.
pub fn registration_open(w: &workshop::Model, at: DateTime<Utc>) -> bool {
    w.cancelled_at.is_none() && w.starts_at > at && !deadline_passed(w, at)
}

/// The outcome of registering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registered {
    /// A seat (and one for the colleague when asked and seats allowed).
    Seat { with_colleague: bool },
    /// The workshop is full: on the waiting list.
    Waiting,
}

/// Register a person: a seat while there are seats, else the waiting list. The workshop row
/// is locked for the transaction, so concurrent registrations never exceed the capacity.
#[allow(clippy::too_many_arguments)]
pub async fn register(
    db: &DatabaseConnection,
    mail: &Mail,
    panel_slug: &str,
    panel_name: &str,
    id: WorkshopId,
    who: i32,
    colleague: Option<String>,
    at: DateTime<Utc>,
) -> Result<Registered, WorkshopError> {
    let txn = begin_write(db).await?;
    let w = store::workshop_for_update(&txn, id)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    let who = &store::users_by_id(&txn, vec![who])
        .await?
        .pop()
        .ok_or(WorkshopError::NotFound)?;
    if !registration_open(&w, at) {
        return Err(WorkshopError::RegistrationClosed);
    }
    let all = store::registrations_of(&txn, id).await?;
    let existing = all.iter().find(|r| r.user_id == who.id);
    if let Some(r) = existing {
        match r.status {
            RegistrationStatus::Registered => {
                return Ok(Registered::Seat {
                    with_colleague: r.colleague_name.is_some(),
                });
            }
            RegistrationStatus::Waiting => return Ok(Registered::Waiting),
            RegistrationStatus::Cancelled => {}
        }
    }
    let taken: i32 = all.iter().map(|r| r.seats()).sum();
    let free = w.capacity - taken;
    let outcome = if free >= 1 {
        let with_colleague = colleague.is_some() && free >= 2;
        store::save_registration(
            &txn,
            existing,
            id,
            who.id,
            RegistrationStatus::Registered,
            colleague.filter(|_| with_colleague),
        )
        .await?;
        Registered::Seat { with_colleague }
    } else {
        store::save_registration(
            &txn,
            existing,
            id,
            who.id,
            RegistrationStatus::Waiting,
            colleague,
        )
        .await?;
        Registered::Waiting
    };
    let site = &mail.site;
    let link = workshop_url(site, panel_slug, id);
    let (subject, body, attachment) = match outcome {
        Registered::Seat { .. } => (
            "workshops-email-registered-subject",
            "workshops-email-registered-body",
            Some(invitation(
                site,
                panel_slug,
                panel_name,
                &w,
                who,
                Method::Request,
            )),
        ),
        Registered::Waiting => (
            "workshops-email-waiting-subject",
            "workshops-email-waiting-body",
            None,
        ),
    };
    let t = Tr::new(recipient(who, site).lang);
    let args = [
        ("title", FluentArg::Str(w.title.clone())),
        ("time", FluentArg::Str(t.long_datetime(&w.starts_at))),
    ];
    notify(
        &txn,
        site,
        who,
        EmailKind::Registration,
        subject,
        body,
        &args,
        &link,
        attachment,
    )
    .await?;
    txn.commit().await?;
    mail.committed();
    Ok(outcome)
}

/// Cancel a person's registration; the first on the waiting list moves up (emailed).
pub async fn cancel_registration(
    db: &DatabaseConnection,
    mail: &Mail,
    panel: &crate::entities::panel::Model,
    id: WorkshopId,
    who: i32,
) -> Result<(), WorkshopError> {
    let (panel_slug, panel_name) = (panel.slug.as_str(), panel.name.as_str());
    let txn = begin_write(db).await?;
    // A workshop of another panel does not exist here.
    let w = store::workshop_for_update(&txn, id)
        .await?
        .filter(|w| w.panel_id == panel.id)
        .ok_or(WorkshopError::NotFound)?;
    let Some(mine) = store::registration_of(&txn, id, who).await? else {
        return Err(WorkshopError::NotFound);
    };
    if mine.status == RegistrationStatus::Cancelled {
        return Ok(());
    }
    store::save_registration(
        &txn,
        Some(&mine),
        id,
        who,
        RegistrationStatus::Cancelled,
        None,
    )
    .await?;
    move_up(&txn, &mail.site, panel_slug, panel_name, &w).await?;
    txn.commit().await?;
    mail.committed();
    Ok(())
}

/// Give free seats to the waiting list in order; a colleague comes along if seats allow.
async fn move_up(
    db: &impl ConnectionTrait,
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    w: &workshop::Model,
) -> Result<(), WorkshopError> {
    let all = store::registrations_of(db, WorkshopId(w.id)).await?;
    let mut free = w.capacity - all.iter().map(|r| r.seats()).sum::<i32>();
    let waiting: Vec<_> = all
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Waiting)
        .collect();
    let link = workshop_url(site, panel_slug, WorkshopId(w.id));
    for r in waiting {
        if free < 1 {
            break;
        }
        let colleague = r.colleague_name.clone().filter(|_| free >= 2);
        free -= 1 + i32::from(colleague.is_some());
        let user_id = r.user_id;
        store::save_registration(
            db,
            Some(&r),
            WorkshopId(w.id),
            user_id,
            RegistrationStatus::Registered,
            colleague,
        )
        .await?;
        if let Some(u) = store::users_by_id(db, vec![user_id]).await?.pop() {
            let t = Tr::new(recipient(&u, site).lang);
            let args = [
                ("title", FluentArg::Str(w.title.clone())),
                ("time", FluentArg::Str(t.long_datetime(&w.starts_at))),
            ];
            let ics = invitation(site, panel_slug, panel_name, w, &u, Method::Request);
            notify(
                db,
                site,
                &u,
                EmailKind::Registration,
                "workshops-email-moved-up-subject",
                "workshops-email-moved-up-body",
                &args,
                &link,
                Some(ics),
            )
            .await?;
        }
    }
    Ok(())
}

/// A registration row with the person, for the facilitators' list.
#[derive(Clone, Debug)]
pub struct Participant {
    pub name: String,
    pub email: String,
    pub status: RegistrationStatus,
    pub colleague: Option<String>,
    /// After the workshop, as the facilitators marked it: (came, the colleague came); `None`
    /// while unmarked.
    pub attendance: Option<(bool, bool)>,
}

/// Everyone registered or waiting, seats first then the waiting list in order.
pub async fn participants(
    db: &impl ConnectionTrait,
    id: WorkshopId,
) -> Result<Vec<Participant>, WorkshopError> {
    let regs = store::registrations_of(db, id).await?;
    let users: HashMap<i32, user::Model> =
        store::users_by_id(db, regs.iter().map(|r| r.user_id).collect())
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
    let attendance: HashMap<i32, (bool, bool)> = super::super::agenda::store::attendance_of(db, id)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.user_id,
                (a.attended, a.colleague_attended.unwrap_or(false)),
            )
        })
        .collect();
    let mut out: Vec<Participant> = regs
        .into_iter()
        .filter_map(|r| {
            if r.status == RegistrationStatus::Cancelled {
                return None;
            }
            let u = users.get(&r.user_id)?;
            Some(Participant {
                name: u.display_name.clone(),
                email: u.email.clone(),
                status: r.status,
                colleague: r.colleague_name,
                attendance: attendance.get(&r.user_id).copied(),
            })
        })
        .collect();
    out.sort_by_key(|p| p.status != RegistrationStatus::Registered);
    Ok(out)
}

/// The participants as CSV (RFC 4180, with a header row). The attendance columns are empty
/// until the facilitators mark attendance after the workshop.
pub fn participants_csv(t: Tr, list: &[Participant]) -> String {
    let yes_no = |came: bool| {
        t.get(if came {
            "workshops-csv-yes"
        } else {
            "workshops-csv-no"
        })
    };
    fn cell(s: &str) -> String {
        let s = s.trim_start_matches(['=', '+', '-', '@']);
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    }
    let mut out = [
        t.get("workshops-csv-name"),
        t.get("workshops-csv-email"),
        t.get("workshops-csv-status"),
        t.get("workshops-csv-colleague"),
        t.get("workshops-csv-attended"),
        t.get("workshops-csv-colleague-attended"),
    ]
    .iter()
    .map(|h| cell(h))
    .collect::<Vec<_>>()
    .join(",");
    out.push_str("\r\n");
    for p in list {
        let row = [
            cell(&p.name),
            cell(&p.email),
            cell(&t.get(p.status.label_key())),
            cell(p.colleague.as_deref().unwrap_or("")),
            cell(&p.attendance.map_or(String::new(), |(came, _)| yes_no(came))),
            cell(&p.attendance.map_or(String::new(), |(_, colleague)| {
                if p.colleague.is_some() {
                    yes_no(colleague)
                } else {
                    String::new()
                }
            })),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Why a workshop changed, for the email sent with the updated invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A new time: calendar programs move the same event (same `UID`, higher `SEQUENCE`).
    Rescheduled(Span),
    /// Cancelled: `METHOD:CANCEL`.
    Cancelled,
}

/// What a reschedule does to the registration deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineEdit {
    /// Keep it, unless the new time starts before it (then there is none: registration
    /// closes at the start anyway).
    Keep,
    /// Set it (`None` removes it); it must fall before the new start.
    Set(Option<DateTime<Utc>>),
}

/// Move or cancel a workshop; everyone with a seat gets the updated invitation. Queues the
/// emails without waking a sender (the sender's regular pass sends them): for callers with
/// no app running, such as scripts and tests. The pages and the API call `apply_change`.
pub async fn change_workshop(
    db: &DatabaseConnection,
    site: &Site,
    panel: PanelId,
    panel_slug: &str,
    panel_name: &str,
    id: WorkshopId,
    change: Change,
) -> Result<(), WorkshopError> {
    apply_change(
        db,
        &Mail::queue_only(site.clone()),
        panel,
        panel_slug,
        panel_name,
        id,
        change,
        DeadlineEdit::Keep,
    )
    .await
}

/// Move or cancel a workshop, setting the registration deadline as `deadline` says; everyone
/// with a seat gets the updated invitation.
#[allow(clippy::too_many_arguments)]
pub async fn apply_change(
    db: &DatabaseConnection,
    mail: &Mail,
    panel: PanelId,
    panel_slug: &str,
    panel_name: &str,
    id: WorkshopId,
    change: Change,
    deadline: DeadlineEdit,
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    let w = store::workshop_for_update(&txn, id)
        .await?
        .filter(|w| w.panel_id == panel.0)
        .ok_or(WorkshopError::NotFound)?;
    if w.cancelled_at.is_some() {
        return Err(WorkshopError::RegistrationClosed);
    }
    let at = now();
    let mut update = workshop::ActiveModel {
        id: Set(w.id),
        sequence: Set(w.sequence + 1),
        updated_at: Set(at),
        ..Default::default()
    };
    let method = match change {
        Change::Rescheduled(span) => {
            update.starts_at = Set(span.start);
            update.ends_at = Set(span.end);
            let new_deadline = match deadline {
                DeadlineEdit::Keep => w.registration_deadline.filter(|d| *d < span.start),
                DeadlineEdit::Set(d) => {
                    check_deadline(d, span.start).map_err(|e| WorkshopError::Fields(vec![e]))?;
                    d
                }
            };
            update.registration_deadline = Set(new_deadline);
            Method::Request
        }
        Change::Cancelled => {
            update.cancelled_at = Set(Some(at));
            Method::Cancel
        }
    };
    let w = update.update(&txn).await?;
    let seated: Vec<i32> = store::registrations_of(&txn, id)
        .await?
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .map(|r| r.user_id)
        .collect();
    let site = &mail.site;
    let link = workshop_url(site, panel_slug, id);
    let (subject, body) = match change {
        Change::Rescheduled(_) => (
            "workshops-email-changed-subject",
            "workshops-email-changed-body",
        ),
        Change::Cancelled => (
            "workshops-email-cancelled-subject",
            "workshops-email-cancelled-body",
        ),
    };
    for u in store::users_by_id(&txn, seated).await? {
        let t = Tr::new(recipient(&u, site).lang);
        let args = [
            ("title", FluentArg::Str(w.title.clone())),
            ("time", FluentArg::Str(t.long_datetime(&w.starts_at))),
        ];
        let ics = invitation(site, panel_slug, panel_name, &w, &u, method);
        notify(
            &txn,
            site,
            &u,
            EmailKind::WorkshopChanged,
            subject,
            body,
            &args,
            &link,
            Some(ics),
        )
        .await?;
    }
    txn.commit().await?;
    mail.committed();
    Ok(())
}
