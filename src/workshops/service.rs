//! Workshop use cases: scheduling polls (propose, answer, confirm) and registration with a
//! waiting list. Every write runs in one transaction with the emails it causes.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr};

use super::{
    ics::{self, CalPerson, Method},
    model::{Answer, PollId, RegistrationStatus, SlotId, Span, Tally, WorkshopId, check_deadline},
    store,
    time::to_helsinki,
};
use crate::{
    auth::tokens,
    db::{begin_write, now},
    email::{self, Attachment, EmailKind, KindEmail, Recipient},
    entities::{scheduling_poll, scheduling_slot, user, workshop},
    error::{AppError, FieldError},
    i18n::{FluentArg, Lang, Tr},
    panels::{access, model::PanelId},
};

/// What went wrong in a workshop use case.
#[derive(Debug, thiserror::Error)]
pub enum WorkshopError {
    #[error("not found")]
    NotFound,
    #[error("the poll is closed")]
    PollClosed,
    #[error("registration is closed")]
    RegistrationClosed,
    #[error("invalid input")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<WorkshopError> for AppError {
    fn from(e: WorkshopError) -> Self {
        match e {
            WorkshopError::NotFound => AppError::NotFound,
            WorkshopError::PollClosed => AppError::BadRequest("workshops-poll-closed"),
            WorkshopError::RegistrationClosed => {
                AppError::BadRequest("workshops-registration-closed")
            }
            WorkshopError::Fields(f) => AppError::Validation(f),
            WorkshopError::Db(e) => AppError::Internal(e.into()),
            WorkshopError::Internal(e) => AppError::Internal(e),
        }
    }
}

impl From<askama::Error> for WorkshopError {
    fn from(e: askama::Error) -> Self {
        WorkshopError::Internal(anyhow::anyhow!("email template: {e}"))
    }
}

/// What emails need to know about the site.
#[derive(Clone, Debug)]
pub struct Site {
    pub base_url: String,
    pub default_lang: Lang,
}

impl Site {
    fn host(&self) -> String {
        self.base_url
            .split("://")
            .nth(1)
            .unwrap_or("lupa")
            .split(['/', ':'])
            .next()
            .unwrap_or("lupa")
            .to_owned()
    }
}

/// A person as an email recipient, in their language (else the site's).
pub(crate) fn recipient(u: &user::Model, site: &Site) -> Recipient {
    Recipient {
        user_id: u.id,
        address: u.email.clone(),
        lang: u
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(site.default_lang),
    }
}

/// Queue one email of `kind` to `u` composed from message keys in their language.
#[allow(clippy::too_many_arguments)]
async fn notify(
    db: &impl ConnectionTrait,
    site: &Site,
    u: &user::Model,
    kind: EmailKind,
    subject_key: &str,
    body_key: &str,
    args: &[(&str, FluentArg)],
    link: &str,
    attachment: Option<Attachment>,
) -> Result<(), WorkshopError> {
    let to = recipient(u, site);
    let t = Tr::new(to.lang);
    let paragraphs = vec![t.args(body_key, args)];
    let action = t.get("workshops-email-open");
    let body = email::compose(to.lang, &paragraphs, Some((&action, link)))?;
    email::enqueue_email(
        db,
        &site.base_url,
        KindEmail {
            kind,
            to,
            subject: t.args(subject_key, args),
            text: body.text,
            html: Some(body.html),
            attachment,
        },
    )
    .await?;
    Ok(())
}

// ----- Scheduling polls -----

/// Open a poll with candidate slots; every seated member is emailed.
#[allow(clippy::too_many_arguments)]
pub async fn create_poll(
    db: &DatabaseConnection,
    site: &Site,
    panel: PanelId,
    panel_slug: &str,
    author: i32,
    title: &str,
    description: &str,
    slots: &[Span],
) -> Result<PollId, WorkshopError> {
    check_slot_count(0, slots.len())?;
    let txn = begin_write(db).await?;
    let poll = store::insert_poll(&txn, panel, title, description, author).await?;
    for span in slots {
        store::insert_slot(&txn, PollId(poll.id), *span).await?;
    }
    let link = format!(
        "{}/panels/{panel_slug}/scheduling/{}",
        site.base_url, poll.id
    );
    let members = access::member_user_ids(&txn, panel).await?;
    for u in store::users_by_id(&txn, members).await? {
        let args = [("title", FluentArg::Str(title.to_owned()))];
        notify(
            &txn,
            site,
            &u,
            EmailKind::PollOpened,
            "workshops-email-poll-subject",
            "workshops-email-poll-body",
            &args,
            &link,
            None,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(PollId(poll.id))
}

async fn open_poll(
    db: &impl ConnectionTrait,
    panel: PanelId,
    poll: PollId,
) -> Result<scheduling_poll::Model, WorkshopError> {
    let p = store::poll_in_panel(db, panel, poll)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    if p.closed_at.is_some() {
        return Err(WorkshopError::PollClosed);
    }
    Ok(p)
}

/// A poll keeps at most `MAX_SLOTS` candidate times, whichever door they came through.
fn check_slot_count(existing: usize, adding: usize) -> Result<(), WorkshopError> {
    if existing + adding > super::model::MAX_SLOTS {
        return Err(WorkshopError::Fields(vec![FieldError {
            field: "slots".into(),
            message_key: "workshops-api-too-many-slots",
        }]));
    }
    Ok(())
}

/// Add candidate slots to an open poll.
pub async fn add_slots(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
    slots: &[Span],
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    open_poll(&txn, panel, poll).await?;
    check_slot_count(store::slots_of(&txn, poll).await?.len(), slots.len())?;
    for span in slots {
        store::insert_slot(&txn, poll, *span).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Move a slot. Answers to that slot are cleared when its time changes (they were about
/// another time); answers to every other slot stay.
pub async fn edit_slot(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
    slot: SlotId,
    span: Span,
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    open_poll(&txn, panel, poll).await?;
    let current = store::slots_of(&txn, poll)
        .await?
        .into_iter()
        .find(|s| s.id == slot.0)
        .ok_or(WorkshopError::NotFound)?;
    if current.starts_at != span.start || current.ends_at != span.end {
        store::update_slot(&txn, slot, span).await?;
        store::delete_answers_to(&txn, slot).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Record a member's answers; slots left out keep their earlier answer.
pub async fn answer(
    db: &DatabaseConnection,
    panel: PanelId,
    poll: PollId,
    user_id: i32,
    answers: &[(SlotId, Answer)],
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    open_poll(&txn, panel, poll).await?;
    let slots: Vec<i32> = store::slots_of(&txn, poll)
        .await?
        .iter()
        .map(|s| s.id)
        .collect();
    let at = now();
    for (slot, value) in answers {
        if slots.contains(&slot.0) {
            store::upsert_answer(&txn, *slot, user_id, *value, at).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// One candidate slot with its answers.
#[derive(Clone, Debug)]
pub struct SlotView {
    pub slot: scheduling_slot::Model,
    pub tally: Tally,
    pub answers: HashMap<i32, Answer>,
}

impl SlotView {
    pub fn span(&self) -> Span {
        Span {
            start: self.slot.starts_at,
            end: self.slot.ends_at,
        }
    }
}

/// A poll as its page shows it.
#[derive(Clone, Debug)]
pub struct PollView {
    pub poll: scheduling_poll::Model,
    /// In time order.
    pub slots: Vec<SlotView>,
    /// Everyone who answered, by name.
    pub respondents: Vec<user::Model>,
}

impl PollView {
    /// Slots best first (most yes, then most "if need be", then earliest).
    pub fn ranked(&self) -> Vec<&SlotView> {
        let mut ranked: Vec<&SlotView> = self.slots.iter().collect();
        ranked.sort_by_key(|s| (s.tally.rank_key(), s.slot.starts_at));
        ranked
    }
}

pub async fn poll_view(
    db: &impl ConnectionTrait,
    panel: PanelId,
    poll: PollId,
) -> Result<PollView, WorkshopError> {
    let p = store::poll_in_panel(db, panel, poll)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    let slots = store::slots_of(db, poll).await?;
    let ids: Vec<i32> = slots.iter().map(|s| s.id).collect();
    let mut by_slot: HashMap<i32, HashMap<i32, Answer>> = HashMap::new();
    let mut people: BTreeMap<i32, ()> = BTreeMap::new();
    for a in store::answers_to(db, &ids).await? {
        by_slot
            .entry(a.slot_id)
            .or_default()
            .insert(a.user_id, a.answer);
        people.insert(a.user_id, ());
    }
    let slots = slots
        .into_iter()
        .map(|slot| {
            let answers = by_slot.remove(&slot.id).unwrap_or_default();
            let mut tally = Tally::default();
            for a in answers.values() {
                match a {
                    Answer::Yes => tally.yes += 1,
                    Answer::IfNeedBe => tally.if_need_be += 1,
                    Answer::No => tally.no += 1,
                }
            }
            SlotView {
                slot,
                tally,
                answers,
            }
        })
        .collect();
    let respondents = store::users_by_id(db, people.into_keys().collect()).await?;
    Ok(PollView {
        poll: p,
        slots,
        respondents,
    })
}

/// What the facilitator adds when confirming a time.
#[derive(Clone, Debug)]
pub struct WorkshopDraft {
    pub capacity: i32,
    pub place: Option<String>,
    pub online_url: Option<String>,
}

/// Confirm one slot: the workshop is created, the poll closes, and everyone who answered
/// is emailed.
#[allow(clippy::too_many_arguments)]
pub async fn confirm(
    db: &DatabaseConnection,
    site: &Site,
    panel: PanelId,
    panel_slug: &str,
    poll: PollId,
    slot: SlotId,
    draft: WorkshopDraft,
    author: i32,
) -> Result<WorkshopId, WorkshopError> {
    confirm_with_deadline(db, site, panel, panel_slug, poll, slot, draft, None, author).await
}

/// `confirm` with a registration deadline, which must fall before the chosen slot starts
/// (else `WorkshopError::Fields` on `registration_deadline`).
#[allow(clippy::too_many_arguments)]
pub async fn confirm_with_deadline(
    db: &DatabaseConnection,
    site: &Site,
    panel: PanelId,
    panel_slug: &str,
    poll: PollId,
    slot: SlotId,
    draft: WorkshopDraft,
    registration_deadline: Option<DateTime<Utc>>,
    author: i32,
) -> Result<WorkshopId, WorkshopError> {
    let txn = begin_write(db).await?;
    let p = open_poll(&txn, panel, poll).await?;
    let slots = store::slots_of(&txn, poll).await?;
    let chosen = slots
        .iter()
        .find(|s| s.id == slot.0)
        .ok_or(WorkshopError::NotFound)?;
    check_deadline(registration_deadline, chosen.starts_at)
        .map_err(|e| WorkshopError::Fields(vec![e]))?;
    let at = now();
    let w = workshop::ActiveModel {
        panel_id: Set(panel.0),
        uid_key: Set(tokens::random_token()[..20].to_owned()),
        title: Set(p.title.clone()),
        description_md: Set(p.description.clone()),
        // Rendered once here, never on read.
        description_html: Set(crate::markdown::render(&p.description)
            .map_err(|e| anyhow::anyhow!("workshop description: {e}"))?
            .into_string()),
        starts_at: Set(chosen.starts_at),
        ends_at: Set(chosen.ends_at),
        place: Set(draft.place),
        online_url: Set(draft.online_url),
        capacity: Set(draft.capacity),
        registration_deadline: Set(registration_deadline),
        sequence: Set(0),
        cancelled_at: Set(None),
        created_by: Set(author),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    store::close_poll(&txn, poll, slot, WorkshopId(w.id)).await?;
    let ids: Vec<i32> = slots.iter().map(|s| s.id).collect();
    let mut answered: Vec<i32> = store::answers_to(&txn, &ids)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    answered.sort_unstable();
    answered.dedup();
    let link = workshop_url(site, panel_slug, WorkshopId(w.id));
    for u in store::users_by_id(&txn, answered).await? {
        let t = Tr::new(recipient(&u, site).lang);
        let args = [
            ("title", FluentArg::Str(w.title.clone())),
            ("time", FluentArg::Str(t.long_datetime(&w.starts_at))),
        ];
        notify(
            &txn,
            site,
            &u,
            EmailKind::TimeConfirmed,
            "workshops-email-confirmed-subject",
            "workshops-email-confirmed-body",
            &args,
            &link,
            None,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(WorkshopId(w.id))
}

// ----- Workshops and registration -----

pub fn workshop_url(site: &Site, panel_slug: &str, id: WorkshopId) -> String {
    format!("{}/panels/{panel_slug}/workshops/{}", site.base_url, id.0)
}

fn seats(r: &crate::entities::workshop_registration::Model) -> i32 {
    1 + i32::from(r.colleague_name.is_some())
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
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    id: WorkshopId,
    who: &user::Model,
    colleague: Option<String>,
    at: DateTime<Utc>,
) -> Result<Registered, WorkshopError> {
    let txn = begin_write(db).await?;
    let w = store::workshop_for_update(&txn, id)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    if w.cancelled_at.is_some()
        || w.starts_at <= at
        || w.registration_deadline.is_some_and(|d| d < at)
    {
        return Err(WorkshopError::RegistrationClosed);
    }
    let all = store::registrations_of(&txn, id).await?;
    let existing = all.iter().find(|r| r.user_id == who.id).cloned();
    if let Some(r) = &existing {
        match RegistrationStatus::parse(&r.status) {
            Some(RegistrationStatus::Registered) => {
                return Ok(Registered::Seat {
                    with_colleague: r.colleague_name.is_some(),
                });
            }
            Some(RegistrationStatus::Waiting) => return Ok(Registered::Waiting),
            _ => {}
        }
    }
    let taken: i32 = all
        .iter()
        .filter(|r| r.status == RegistrationStatus::Registered.as_str())
        .map(seats)
        .sum();
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
    Ok(outcome)
}

/// Cancel a person's registration; the first on the waiting list moves up (emailed).
pub async fn cancel_registration(
    db: &DatabaseConnection,
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    id: WorkshopId,
    who: i32,
) -> Result<(), WorkshopError> {
    let txn = begin_write(db).await?;
    let w = store::workshop_for_update(&txn, id)
        .await?
        .ok_or(WorkshopError::NotFound)?;
    let Some(mine) = store::registration_of(&txn, id, who).await? else {
        return Err(WorkshopError::NotFound);
    };
    if mine.status == RegistrationStatus::Cancelled.as_str() {
        return Ok(());
    }
    store::save_registration(
        &txn,
        Some(mine),
        id,
        who,
        RegistrationStatus::Cancelled,
        None,
    )
    .await?;
    move_up(&txn, site, panel_slug, panel_name, &w).await?;
    txn.commit().await?;
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
    let mut free = w.capacity
        - all
            .iter()
            .filter(|r| r.status == RegistrationStatus::Registered.as_str())
            .map(seats)
            .sum::<i32>();
    let waiting: Vec<_> = all
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Waiting.as_str())
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
            Some(r),
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

/// The workshop as a calendar event.
pub fn event(
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    w: &workshop::Model,
    attendees: Vec<CalPerson>,
) -> ics::Event {
    let place = match (&w.place, &w.online_url) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(url)) => Some(url.clone()),
        (None, None) => None,
    };
    let mut description = w.description_md.clone();
    if let Some(url) = &w.online_url {
        description = format!("{url}\n\n{description}");
    }
    ics::Event {
        uid: format!("workshop-{}-{}@{}", w.id, w.uid_key, site.host()),
        sequence: w.sequence.max(0) as u32,
        stamp: w.updated_at,
        start: w.starts_at,
        end: w.ends_at,
        summary: format!("{} – {panel_name}", w.title),
        description,
        location: place,
        url: Some(workshop_url(site, panel_slug, WorkshopId(w.id))),
        organizer: CalPerson {
            name: panel_name.to_owned(),
            email: format!("noreply@{}", site.host()),
        },
        attendees,
        cancelled: w.cancelled_at.is_some(),
    }
}

/// An `.ics` invitation to one person.
fn invitation(
    site: &Site,
    panel_slug: &str,
    panel_name: &str,
    w: &workshop::Model,
    who: &user::Model,
    method: Method,
) -> Attachment {
    let attendee = CalPerson {
        name: who.display_name.clone(),
        email: who.email.clone(),
    };
    let e = event(site, panel_slug, panel_name, w, vec![attendee]);
    Attachment {
        filename: "invite.ics".to_owned(),
        content_type: method.content_type(),
        body: ics::calendar(method, None, &[e]),
    }
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
    let attendance: HashMap<i32, (bool, bool)> = super::agenda::store::attendance_of(db, id)
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
            let status = RegistrationStatus::parse(&r.status)?;
            if status == RegistrationStatus::Cancelled {
                return None;
            }
            let u = users.get(&r.user_id)?;
            Some(Participant {
                name: u.display_name.clone(),
                email: u.email.clone(),
                status,
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

/// Helsinki date and time range of a workshop, e.g. "12.5.2026 9.00–12.00".
pub fn when(t: Tr, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let s = to_helsinki(start);
    let e = to_helsinki(end);
    format!(
        "{} {}–{}",
        t.long_date(&start),
        s.format("%H:%M"),
        e.format("%H:%M")
    )
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

/// Move or cancel a workshop; everyone with a seat gets the updated invitation.
pub async fn change_workshop(
    db: &DatabaseConnection,
    site: &Site,
    panel: PanelId,
    panel_slug: &str,
    panel_name: &str,
    id: WorkshopId,
    change: Change,
) -> Result<(), WorkshopError> {
    change_with_deadline(
        db,
        site,
        panel,
        panel_slug,
        panel_name,
        id,
        change,
        DeadlineEdit::Keep,
    )
    .await
}

/// `change_workshop` that also sets the registration deadline (the reschedule form).
#[allow(clippy::too_many_arguments)]
pub async fn change_with_deadline(
    db: &DatabaseConnection,
    site: &Site,
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
        .filter(|r| r.status == RegistrationStatus::Registered.as_str())
        .map(|r| r.user_id)
        .collect();
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
    Ok(())
}
