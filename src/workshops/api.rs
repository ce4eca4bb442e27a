//! JSON API v1 for scheduling polls, slot answers, workshops and registrations (the routes are
//! in `mod.rs`'s `api()`, where the OpenAPI check reads them). The same access rules and
//! services as the pages: a private panel the caller is not part of is 404, members doing a
//! facilitator's work get 403, and bad input is 422 with each field's problem.
use std::collections::{BTreeMap, HashSet};

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};

use super::{
    model::{
        Answer, PollId, RegistrationStatus, SlotId, Span, Title, WorkshopId, parse_capacity,
        parse_colleague, parse_deadline, parse_online_url, parse_slots,
    },
    service::{self, Change, DeadlineEdit, PollView, Site, WorkshopDraft, WorkshopError},
    store,
    time::to_helsinki,
};
use crate::{
    auth::{ApiCaller, ApiUser},
    db::now,
    entities::{scheduling_poll, user, workshop, workshop_registration},
    error::{AppError, AppResult},
    i18n::{Lang, Tr},
    panels::access::{self, PanelAccess},
    state::AppState,
    web::ApiJson,
};

/// Longest place (address) of a workshop, in characters.
const MAX_PLACE_CHARS: usize = 300;

fn site(state: &AppState) -> Site {
    Site {
        base_url: state.settings.base_url(),
        default_lang: state.settings.default_language,
    }
}

/// The language of error messages: `Accept-Language`, else the site's default.
fn lang_of(state: &AppState, headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or(state.settings.default_language)
}

/// A field's problem: the field's name as the client sent it (`slots[2].start`) and a
/// catalogue key.
type Problems = Vec<(String, &'static str)>;

/// 422 in the shape of every API error, with one message per field (the first one found).
fn invalid(lang: Lang, problems: &Problems) -> Response {
    let t = Tr::new(lang);
    let mut fields = serde_json::Map::new();
    for (field, key) in problems {
        fields
            .entry(field.clone())
            .or_insert_with(|| t.get(key).into());
    }
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(serde_json::json!({
            "error": {
                "code": "validation",
                "message": t.get("error-validation"),
                "fields": fields,
            }
        })),
    )
        .into_response()
}

/// The panel for a content reader (404 for a private panel the caller is not part of).
async fn reader(state: &AppState, caller: &ApiCaller, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, caller.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

async fn user_row(state: &AppState, id: i32) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// Helsinki wall-clock date and times of a span, as the API writes and reads them.
#[derive(Serialize)]
pub struct LocalTimes {
    /// `YYYY-MM-DD` in Europe/Helsinki.
    pub date: String,
    /// `HH:MM` in Europe/Helsinki.
    pub start: String,
    pub end: String,
}

fn local(start: DateTime<Utc>, end: DateTime<Utc>) -> LocalTimes {
    let (s, e) = (to_helsinki(start), to_helsinki(end));
    LocalTimes {
        date: s.format("%Y-%m-%d").to_string(),
        start: s.format("%H:%M").to_string(),
        end: e.format("%H:%M").to_string(),
    }
}

// ----- Answers as the API spells them -----

/// `yes`, `if_need_be` or `no`.
fn answer_code(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "yes",
        Answer::IfNeedBe => "if_need_be",
        Answer::No => "no",
    }
}

fn parse_answer_code(s: &str) -> Option<Answer> {
    match s {
        "yes" => Some(Answer::Yes),
        "if_need_be" => Some(Answer::IfNeedBe),
        "no" => Some(Answer::No),
        _ => None,
    }
}

// ----- Scheduling polls -----

/// A scheduling poll in a listing.
#[derive(Serialize)]
pub struct PollOut {
    pub id: i32,
    pub title: String,
    /// Markdown, as written.
    pub description: String,
    /// Whether members can still answer (until a time is confirmed).
    pub open: bool,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub confirmed_slot_id: Option<i32>,
    /// The workshop made when a time was confirmed.
    pub workshop_id: Option<i32>,
}

fn poll_out(p: &scheduling_poll::Model) -> PollOut {
    PollOut {
        id: p.id,
        title: p.title.clone(),
        description: p.description.clone(),
        open: p.closed_at.is_none(),
        created_at: p.created_at,
        closed_at: p.closed_at,
        confirmed_slot_id: p.confirmed_slot_id,
        workshop_id: p.workshop_id,
    }
}

#[derive(Serialize)]
pub struct PollList {
    pub polls: Vec<PollOut>,
}

/// `GET /api/v1/panels/{slug}/scheduling`: the panel's polls, newest first.
pub async fn list_polls(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<PollList>> {
    let access = reader(&state, &caller, &slug).await?;
    let polls = store::polls_of(&state.db, access.id()).await?;
    Ok(Json(PollList {
        polls: polls.iter().map(poll_out).collect(),
    }))
}

#[derive(Serialize)]
pub struct Totals {
    pub yes: usize,
    pub if_need_be: usize,
    pub no: usize,
}

/// One candidate time with its totals.
#[derive(Serialize)]
pub struct SlotOut {
    pub id: i32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[serde(flatten)]
    pub local: LocalTimes,
    /// The Finnish public holiday on that day, named in the caller's language.
    pub holiday: Option<String>,
    pub totals: Totals,
    /// The caller's own answer.
    pub my_answer: Option<&'static str>,
}

/// Someone who answered, with their answers by slot id.
#[derive(Serialize)]
pub struct RespondentOut {
    pub user_id: i32,
    pub name: String,
    pub answers: BTreeMap<String, &'static str>,
}

#[derive(Serialize)]
pub struct PollDetail {
    #[serde(flatten)]
    pub poll: PollOut,
    /// In time order.
    pub slots: Vec<SlotOut>,
    /// Slot ids best first: most yes, then most "if need be", then earliest.
    pub best_first: Vec<i32>,
    /// Everyone's answers, as the poll page shows them to the panel.
    pub respondents: Vec<RespondentOut>,
}

fn poll_detail(view: &PollView, me: Option<i32>, lang: Lang) -> PollDetail {
    let t = Tr::new(lang);
    let slots = view
        .slots
        .iter()
        .map(|s| SlotOut {
            id: s.slot.id,
            starts_at: s.slot.starts_at,
            ends_at: s.slot.ends_at,
            local: local(s.slot.starts_at, s.slot.ends_at),
            holiday: s.span().holiday().map(|h| t.get(h.label_key())),
            totals: Totals {
                yes: s.tally.yes,
                if_need_be: s.tally.if_need_be,
                no: s.tally.no,
            },
            my_answer: me.and_then(|m| s.answers.get(&m).copied().map(answer_code)),
        })
        .collect();
    let respondents = view
        .respondents
        .iter()
        .map(|u| RespondentOut {
            user_id: u.id,
            name: u.display_name.clone(),
            answers: view
                .slots
                .iter()
                .filter_map(|s| {
                    let a = s.answers.get(&u.id)?;
                    Some((s.slot.id.to_string(), answer_code(*a)))
                })
                .collect(),
        })
        .collect();
    PollDetail {
        poll: poll_out(&view.poll),
        slots,
        best_first: view.ranked().iter().map(|s| s.slot.id).collect(),
        respondents,
    }
}

async fn load_poll(
    state: &AppState,
    access: &PanelAccess,
    id: i32,
    me: Option<i32>,
    lang: Lang,
) -> AppResult<PollDetail> {
    let view = service::poll_view(&state.db, access.id(), PollId(id)).await?;
    Ok(poll_detail(&view, me, lang))
}

/// `GET /api/v1/panels/{slug}/scheduling/{id}`
pub async fn show_poll(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<PollDetail>> {
    let access = reader(&state, &caller, &slug).await?;
    let me = caller.0.as_ref().map(|u| u.id);
    Ok(Json(
        load_poll(&state, &access, id, me, lang_of(&state, &headers)).await?,
    ))
}

/// A candidate time as sent: Helsinki date and wall-clock times.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotIn {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
}

/// A new scheduling poll.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PollIn {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub slots: Vec<SlotIn>,
}

/// The candidate times, each checked on its own; identical times are kept once.
fn check_slots(slots: &[SlotIn], problems: &mut Problems) -> Vec<Span> {
    if slots.is_empty() {
        problems.push(("slots".into(), "workshops-dates-missing"));
        return Vec::new();
    }
    if slots.len() > super::model::MAX_SLOTS {
        problems.push(("slots".into(), "workshops-api-too-many-slots"));
        return Vec::new();
    }
    let mut spans: Vec<Span> = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        if let Some(span) = one_span(&s.date, &s.start, &s.end, &format!("slots[{i}]."), problems)
            && !spans.contains(&span)
        {
            spans.push(span);
        }
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// One time (a day, a start and an end in Helsinki time), or its problems named
/// `<prefix>date`, `<prefix>start`, `<prefix>end`.
fn one_span(
    date: &str,
    start: &str,
    end: &str,
    prefix: &str,
    problems: &mut Problems,
) -> Option<Span> {
    match parse_slots(date, start, end) {
        Ok(found) if found.len() == 1 => Some(found[0]),
        Ok(_) => {
            problems.push((format!("{prefix}date"), "workshops-dates-invalid"));
            None
        }
        Err(errors) => {
            for e in errors {
                let name = if e.field == "dates" { "date" } else { &e.field };
                problems.push((format!("{prefix}{name}"), e.message_key));
            }
            None
        }
    }
}

/// `POST /api/v1/panels/{slug}/scheduling`: a facilitator opens a poll; every seated member
/// is emailed.
pub async fn create_poll(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<PollIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let lang = lang_of(&state, &headers);
    let mut problems: Problems = Vec::new();
    let title = Title::parse(&body.title)
        .map_err(|e| problems.push(("title".into(), e.message_key)))
        .ok();
    let description = body.description.trim();
    if let Err(e) = crate::markdown::render(description) {
        let key = crate::blog::service::markdown_field_error("description", &e).message_key;
        problems.push(("description".into(), key));
    }
    let spans = check_slots(&body.slots, &mut problems);
    let Some(title) = title.filter(|_| problems.is_empty()) else {
        return Ok(invalid(lang, &problems));
    };
    let id = service::create_poll(
        &state.db,
        &site(&state),
        access.id(),
        &slug,
        user.id,
        title.as_str(),
        description,
        &spans,
    )
    .await?;
    state.mailer.wake();
    let detail = load_poll(&state, &access, id.0, Some(user.id), lang).await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

/// The caller's answers: `{"answers": {"<slot id>": "yes" | "if_need_be" | "no"}}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersIn {
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// `PUT /api/v1/panels/{slug}/scheduling/{id}/answers`: members (and facilitators) answer
/// while the poll is open. Slots left out keep the caller's earlier answer.
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<AnswersIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_member()?;
    let lang = lang_of(&state, &headers);
    let view = service::poll_view(&state.db, access.id(), PollId(id)).await?;
    if view.poll.closed_at.is_some() {
        return Err(AppError::BadRequest("workshops-poll-closed"));
    }
    let known: HashSet<i32> = view.slots.iter().map(|s| s.slot.id).collect();
    let mut problems: Problems = Vec::new();
    let mut answers = Vec::new();
    if body.answers.is_empty() {
        problems.push(("answers".into(), "workshops-api-answers-missing"));
    }
    for (slot, value) in &body.answers {
        let field = format!("answers.{slot}");
        match slot.parse::<i32>().ok().filter(|s| known.contains(s)) {
            None => problems.push((field, "workshops-api-unknown-slot")),
            Some(s) => match parse_answer_code(value) {
                Some(a) => answers.push((SlotId(s), a)),
                None => problems.push((field, "workshops-api-answer-invalid")),
            },
        }
    }
    if !problems.is_empty() {
        return Ok(invalid(lang, &problems));
    }
    service::answer(&state.db, access.id(), PollId(id), user.id, &answers).await?;
    let detail = load_poll(&state, &access, id, Some(user.id), lang).await?;
    Ok(Json(detail).into_response())
}

/// What a facilitator adds when confirming a time.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmIn {
    pub slot_id: Option<i32>,
    pub capacity: Option<i64>,
    pub place: Option<String>,
    pub online_url: Option<String>,
}

/// `POST /api/v1/panels/{slug}/scheduling/{id}/confirm`: the workshop is created at the chosen
/// time, the poll closes, and everyone who answered is emailed.
pub async fn confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<ConfirmIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let lang = lang_of(&state, &headers);
    let view = service::poll_view(&state.db, access.id(), PollId(id)).await?;
    if view.poll.closed_at.is_some() {
        return Err(AppError::BadRequest("workshops-poll-closed"));
    }
    let mut problems: Problems = Vec::new();
    let slot = body
        .slot_id
        .filter(|s| view.slots.iter().any(|v| v.slot.id == *s));
    if slot.is_none() {
        problems.push(("slot_id".into(), "workshops-slot-missing"));
    }
    let capacity = parse_capacity(&body.capacity.map(|c| c.to_string()).unwrap_or_default())
        .map_err(|e| problems.push(("capacity".into(), e.message_key)))
        .ok();
    let place = body
        .place
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned);
    if place
        .as_ref()
        .is_some_and(|p| p.chars().count() > MAX_PLACE_CHARS || p.contains(char::is_control))
    {
        problems.push(("place".into(), "workshops-api-place-invalid"));
    }
    let online_url = parse_online_url(body.online_url.as_deref().unwrap_or(""))
        .map_err(|e| problems.push(("online_url".into(), e.message_key)))
        .ok();
    let (Some(slot), Some(capacity), Some(online_url)) = (slot, capacity, online_url) else {
        return Ok(invalid(lang, &problems));
    };
    if !problems.is_empty() {
        return Ok(invalid(lang, &problems));
    }
    let workshop = service::confirm(
        &state.db,
        &site(&state),
        access.id(),
        &slug,
        PollId(id),
        SlotId(slot),
        WorkshopDraft {
            capacity,
            place,
            online_url,
        },
        user.id,
    )
    .await?;
    state.mailer.wake();
    let detail = workshop_detail(&state, &access, &slug, workshop.0, Some(user.id)).await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
}

// ----- Workshops and registration -----

/// Seats taken and the waiting list (user ids, in the order they move up).
struct Seating {
    taken: i32,
    waiting: Vec<i32>,
}

fn seating(regs: &[workshop_registration::Model]) -> Seating {
    let mut taken = 0;
    let mut waiting = Vec::new();
    for r in regs {
        match RegistrationStatus::parse(&r.status) {
            Some(RegistrationStatus::Registered) => {
                taken += 1 + i32::from(r.colleague_name.is_some());
            }
            Some(RegistrationStatus::Waiting) => waiting.push(r.user_id),
            _ => {}
        }
    }
    Seating { taken, waiting }
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
    let url = service::workshop_url(&site(state), slug, WorkshopId(w.id));
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
        registration_open: w.cancelled_at.is_none()
            && w.starts_at > at
            && w.registration_deadline.is_none_or(|d| d >= at),
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

fn registration_out(r: &workshop_registration::Model, seats: &Seating) -> Option<RegistrationOut> {
    let status = RegistrationStatus::parse(&r.status)?;
    Some(RegistrationOut {
        status: status.as_str(),
        colleague: r
            .colleague_name
            .clone()
            .filter(|_| status != RegistrationStatus::Cancelled),
        waiting_position: seats.position(r.user_id),
    })
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

async fn workshop_detail(
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
        my_registration: mine.and_then(|r| registration_out(r, &seats)),
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

/// Registering, optionally with a colleague from the same company.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterIn {
    pub colleague: Option<String>,
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
        .and_then(|r| registration_out(r, &seats)))
}

/// `POST /api/v1/panels/{slug}/workshops/{id}/registration`: a seat while there are seats,
/// else the waiting list (`status` says which). The body may be empty or
/// `{"colleague": "Name"}`; the colleague gets a seat only if one is left beside the caller's.
/// Registering again changes nothing and answers the same.
pub async fn register(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
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
    let colleague = match parse_colleague(input.colleague.as_deref().unwrap_or("")) {
        Ok(c) => c,
        Err(e) => {
            let problems = vec![("colleague".to_owned(), e.message_key)];
            return Ok(invalid(lang_of(&state, &headers), &problems));
        }
    };
    let who = user_row(&state, user.id).await?;
    service::register(
        &state.db,
        &site(&state),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        &who,
        colleague,
        now(),
    )
    .await?;
    state.mailer.wake();
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
    store::workshop_in_panel(&state.db, access.id(), WorkshopId(id))
        .await?
        .ok_or(AppError::NotFound)?;
    service::cancel_registration(
        &state.db,
        &site(&state),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        user.id,
    )
    .await?;
    state.mailer.wake();
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

/// A workshop's new time, in Helsinki time as a poll's slots are (`"date": "2027-03-04",
/// "start": "9.00", "end": "12.00"`), and optionally its registration deadline as the page
/// takes it (`"2027-03-01 16.00"`; `""` removes it; left out, it is kept).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleIn {
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub registration_deadline: Option<String>,
}

/// `POST /api/v1/panels/{slug}/workshops/{id}/reschedule`: facilitators move a workshop;
/// everyone holding a seat gets the updated calendar invitation (same UID, next SEQUENCE).
pub async fn reschedule(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<RescheduleIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let lang = lang_of(&state, &headers);
    let mut problems: Problems = Vec::new();
    let span = one_span(&body.date, &body.start, &body.end, "", &mut problems);
    let deadline = match body.registration_deadline.as_deref().map(parse_deadline) {
        None => Some(DeadlineEdit::Keep),
        Some(Ok(deadline)) => Some(DeadlineEdit::Set(deadline)),
        Some(Err(e)) => {
            problems.push((e.field.into(), e.message_key));
            None
        }
    };
    let (Some(span), Some(deadline)) = (span, deadline) else {
        return Ok(invalid(lang, &problems));
    };
    let changed = service::change_with_deadline(
        &state.db,
        &site(&state),
        access.id(),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        Change::Rescheduled(span),
        deadline,
    )
    .await;
    if let Err(WorkshopError::Fields(fields)) = &changed {
        let problems: Problems = fields
            .iter()
            .map(|f| (f.field.to_string(), f.message_key))
            .collect();
        return Ok(invalid(lang, &problems));
    }
    changed?;
    state.mailer.wake();
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
    service::change_workshop(
        &state.db,
        &site(&state),
        access.id(),
        &slug,
        &access.panel.name,
        WorkshopId(id),
        Change::Cancelled,
    )
    .await?;
    state.mailer.wake();
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
        .filter_map(|r| {
            let status = RegistrationStatus::parse(&r.status)
                .filter(|s| *s != RegistrationStatus::Cancelled)?;
            let u = people.iter().find(|u| u.id == r.user_id)?;
            Some(ParticipantOut {
                user_id: u.id,
                name: u.display_name.clone(),
                email: u.email.clone(),
                status: status.as_str(),
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
