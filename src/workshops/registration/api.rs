//! JSON API v1 for workshops: list, show, register, cancel a registration, the participant
//! list, and the facilitators' new time or cancellation (the routes are in `mod.rs`'s
//! `api()`). The same access rules, parsers and services as the pages.
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{
    super::{
        json::{LocalTimes, local, reader},
        model::{Registration, RegistrationStatus, WorkshopId},
        service::{Mail, Site, workshop_url},
        store,
    },
    command::{Register, RegisterIn, Reschedule, RescheduleIn},
    service::{self, Change, DeadlineEdit, registration_open},
};
use crate::{
    auth::{ApiCaller, ApiUser},
    db::now,
    entities::workshop,
    error::{AppError, AppResult},
    panels::access::{self, PanelAccess},
    state::AppState,
    web::ApiJson,
};

/// Seats taken and the waiting list (user ids, in the order they move up).
struct Seating {
    taken: i32,
    waiting: Vec<i32>,
}

fn seating(regs: &[Registration]) -> Seating {
    Seating {
        taken: regs.iter().map(Registration::seats).sum(),
        waiting: regs
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waiting)
            .map(|r| r.user_id)
            .collect(),
    }
}

impl Seating {
    /// 1 for the first on the waiting list.
    fn position(&self, user_id: i32) -> Option<usize> {
        self.waiting
            .iter()
            .position(|u| *u == user_id)
            .map(|i| i + 1)
    }
}

/// A workshop as the API shows it.
#[derive(Serialize)]
pub struct WorkshopOut {
    pub id: i32,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(flatten)]
    pub local: LocalTimes,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub capacity: i32,
    /// Seats taken, colleagues included.
    pub seats_taken: i32,
    pub seats_left: i32,
    /// How many are on the waiting list.
    pub waiting: usize,
    pub registration_deadline: Option<DateTime<Utc>>,
    pub registration_open: bool,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The workshop's page.
    pub url: String,
    /// The calendar file (for the panel's readers, signed in on the site).
    pub ics_url: String,
}

fn workshop_out(
    state: &AppState,
    slug: &str,
    w: &workshop::Model,
    seats: &Seating,
    at: DateTime<Utc>,
) -> WorkshopOut {
    let url = workshop_url(&Site::of(state), slug, WorkshopId(w.id));
    WorkshopOut {
        id: w.id,
        title: w.title.clone(),
        starts_at: w.starts_at,
        ends_at: w.ends_at,
        local: local(w.starts_at, w.ends_at),
        place: w.place.clone(),
        online_url: w.online_url.clone(),
        capacity: w.capacity,
        seats_taken: seats.taken,
        seats_left: (w.capacity - seats.taken).max(0),
        waiting: seats.waiting.len(),
        registration_deadline: w.registration_deadline,
        registration_open: registration_open(w, at),
        cancelled_at: w.cancelled_at,
        ics_url: format!("{url}/workshop.ics"),
        url,
    }
}

#[derive(Serialize)]
pub struct WorkshopList {
    pub workshops: Vec<WorkshopOut>,
}

/// `GET /api/v1/panels/{slug}/workshops`: latest first.
pub async fn list_workshops(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<WorkshopList>> {
    let access = reader(&state, &caller, &slug).await?;
    let at = now();
    let mut workshops = Vec::new();
    for w in store::workshops_of(&state.db, access.id()).await? {
        let regs = store::registrations_of(&state.db, WorkshopId(w.id)).await?;
        workshops.push(workshop_out(&state, &slug, &w, &seating(&regs), at));
    }
    Ok(Json(WorkshopList { workshops }))
}

/// Where one person's registration stands.
#[derive(Serialize)]
pub struct RegistrationOut {
    /// `registered`, `waiting` or `cancelled`.
    pub status: &'static str,
    /// The colleague: seated beside the person when `registered`; asked for when `waiting`.
    pub colleague: Option<String>,
    /// 1 for the first on the waiting list.
    pub waiting_position: Option<usize>,
}

fn registration_out(r: &Registration, seats: &Seating) -> RegistrationOut {
    RegistrationOut {
        status: r.status.as_str(),
        colleague: r
            .colleague_name
            .clone()
            .filter(|_| r.status != RegistrationStatus::Cancelled),
        waiting_position: seats.position(r.user_id),
    }
}

#[derive(Serialize)]
pub struct WorkshopDetail {
    #[serde(flatten)]
    pub workshop: WorkshopOut,
    /// Markdown, as written.
    pub description: String,
    pub description_html: String,
    /// The caller's registration, if they have one (a cancelled one included).
    pub my_registration: Option<RegistrationOut>,
}

pub(crate) async fn workshop_detail(
    state: &AppState,
    access: &PanelAccess,
    slug: &str,
    id: i32,
    me: Option<i32>,
) -> AppResult<WorkshopDetail> {
    let w = store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let regs = store::registrations_of(&state.db, WorkshopId(id)).await?;
    let seats = seating(&regs);
    let mine = me.and_then(|m| regs.iter().find(|r| r.user_id == m));
    Ok(WorkshopDetail {
        workshop: workshop_out(state, slug, &w, &seats, now()),
        description: w.description_md.clone(),
        description_html: w.description_html.clone(),
        my_registration: mine.map(|r| registration_out(r, &seats)),
    })
}

/// `GET /api/v1/panels/{slug}/workshops/{id}`
pub async fn show_workshop(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<WorkshopDetail>> {
    let access = reader(&state, &caller, &slug).await?;
    let me = caller.0.as_ref().map(|u| u.id);
    Ok(Json(workshop_detail(&state, &access, &slug, id, me).await?))
}

/// The caller's registration after a change, read back.
async fn my_registration(
    state: &AppState,
    id: WorkshopId,
    user_id: i32,
) -> AppResult<Option<RegistrationOut>> {
    let regs = store::registrations_of(&state.db, id).await?;
    let seats = seating(&regs);
    Ok(regs
        .iter()
        .find(|r| r.user_id == user_id)
        .map(|r| registration_out(r, &seats)))
}

/// `POST /api/v1/panels/{slug}/workshops/{id}/registration`: a seat while there are seats,
/// else the waiting list (`status` says which). The body may be empty or
/// `{"colleague": "Name"}`; the colleague gets a seat only if one is left beside the caller's.
/// Registering again changes nothing and answers the same.
pub async fn register(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    body: Bytes,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_member()?;
    store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let input: RegisterIn = if body.iter().all(u8::is_ascii_whitespace) {
        RegisterIn::default()
    } else {
        serde_json::from_slice(&body).map_err(|_| AppError::BadRequest("error-bad-json"))?
    };
    let registration = Register::try_from(&input).map_err(AppError::Validation)?;
    service::register(
        &state.db,
        &Mail::of(&state),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        user.id,
        registration.colleague,
        now(),
    )
    .await?;
    let out = my_registration(&state, WorkshopId(id), user.id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a registration just made is gone")))?;
    Ok(Json(out).into_response())
}

/// `DELETE /api/v1/panels/{slug}/workshops/{id}/registration`: cancel the caller's seat or
/// place on the waiting list; the first on the waiting list moves up (and is emailed).
pub async fn cancel_registration(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_member()?;
    service::cancel_registration(
        &state.db,
        &Mail::of(&state),
        &access.panel,
        WorkshopId(id),
        user.id,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// One person on the facilitators' list.
#[derive(Serialize)]
pub struct ParticipantOut {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    /// `registered` or `waiting`.
    pub status: &'static str,
    pub colleague: Option<String>,
    pub waiting_position: Option<usize>,
}

#[derive(Serialize)]
pub struct ParticipantList {
    pub workshop_id: i32,
    pub capacity: i32,
    pub seats_taken: i32,
    /// Seats first, then the waiting list in the order it moves up.
    pub participants: Vec<ParticipantOut>,
}

/// `POST /api/v1/panels/{slug}/workshops/{id}/reschedule`: facilitators move a workshop;
/// everyone holding a seat gets the updated calendar invitation (same UID, next SEQUENCE).
pub async fn reschedule(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<RescheduleIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let new_time = Reschedule::try_from(&body).map_err(AppError::Validation)?;
    service::apply_change(
        &state.db,
        &Mail::of(&state),
        access.id(),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        Change::Rescheduled(new_time.span),
        new_time.deadline,
    )
    .await?;
    let detail = workshop_detail(&state, &access, &slug, id, Some(user.id)).await?;
    Ok(Json(detail).into_response())
}

/// `POST /api/v1/panels/{slug}/workshops/{id}/cancel`: facilitators cancel a workshop;
/// everyone holding a seat gets the calendar cancellation.
pub async fn cancel_workshop(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    service::apply_change(
        &state.db,
        &Mail::of(&state),
        access.id(),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        Change::Cancelled,
        DeadlineEdit::Keep,
    )
    .await?;
    let detail = workshop_detail(&state, &access, &slug, id, Some(user.id)).await?;
    Ok(Json(detail).into_response())
}

/// `GET /api/v1/panels/{slug}/workshops/{id}/participants`: facilitators only.
pub async fn participants(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<ParticipantList>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let w = store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let regs = store::registrations_of(&state.db, WorkshopId(id)).await?;
    let seats = seating(&regs);
    let people = store::users_by_id(&state.db, regs.iter().map(|r| r.user_id).collect()).await?;
    let mut participants: Vec<ParticipantOut> = regs
        .iter()
        .filter(|r| r.status != RegistrationStatus::Cancelled)
        .filter_map(|r| {
            let u = people.iter().find(|u| u.id == r.user_id)?;
            Some(ParticipantOut {
                user_id: u.id,
                name: u.display_name.clone(),
                email: u.email.clone(),
                status: r.status.as_str(),
                colleague: r.colleague_name.clone(),
                waiting_position: seats.position(r.user_id),
            })
        })
        .collect();
    participants.sort_by_key(|p| (p.waiting_position.is_some(), p.waiting_position));
    Ok(Json(ParticipantList {
        workshop_id: w.id,
        capacity: w.capacity,
        seats_taken: seats.taken,
        participants,
    }))
}
