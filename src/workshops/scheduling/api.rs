//! JSON API v1 for scheduling polls: list, show, open, answer, confirm (the routes are in
//! `mod.rs`'s `api()`, where the OpenAPI check reads them). The same access rules, parsers
//! and services as the pages: a private panel the caller is not part of is 404, members doing
//! a facilitator's work get 403, and bad input is 422 with each field's problem.
use std::collections::BTreeMap;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{
    super::{
        json::{LocalTimes, lang_of, local, reader},
        model::PollId,
        registration::api::{WorkshopDetail, workshop_detail},
        service::Mail,
        store,
    },
    command::{AnswersIn, ConfirmIn, ConfirmTime, NewPoll, PollIn, answer_code, answers_from_json},
    service::{self, PollView},
};
use crate::{
    auth::{ApiCaller, ApiUser},
    entities::scheduling_poll,
    error::{AppError, AppResult},
    i18n::{Lang, Tr},
    panels::access::{self, PanelAccess},
    state::AppState,
    web::ApiJson,
};

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
    let poll = NewPoll::try_from(&body).map_err(AppError::Validation)?;
    let id = service::create_poll(
        &state.db,
        &Mail::of(&state),
        access.id(),
        &slug,
        user.id,
        &poll,
    )
    .await?;
    let lang = lang_of(&state, &headers);
    let detail = load_poll(&state, &access, id.0, Some(user.id), lang).await?;
    Ok((StatusCode::CREATED, Json(detail)).into_response())
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
    let view = service::poll_view(&state.db, access.id(), PollId(id)).await?;
    if view.poll.closed_at.is_some() {
        return Err(AppError::BadRequest("workshops-poll-closed"));
    }
    let answers = answers_from_json(&body, |s| view.slots.iter().any(|v| v.slot.id == s))
        .map_err(AppError::Validation)?;
    service::answer(&state.db, access.id(), PollId(id), user.id, &answers).await?;
    let lang = lang_of(&state, &headers);
    let detail = load_poll(&state, &access, id, Some(user.id), lang).await?;
    Ok(Json(detail).into_response())
}

/// `POST /api/v1/panels/{slug}/scheduling/{id}/confirm`: the workshop is created at the chosen
/// time, the poll closes, and everyone who answered is emailed.
pub async fn confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<ConfirmIn>,
) -> AppResult<(StatusCode, Json<WorkshopDetail>)> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let view = service::poll_view(&state.db, access.id(), PollId(id)).await?;
    if view.poll.closed_at.is_some() {
        return Err(AppError::BadRequest("workshops-poll-closed"));
    }
    let time = ConfirmTime::from_json(&body, |s| view.slots.iter().any(|v| v.slot.id == s))
        .map_err(AppError::Validation)?;
    let workshop = service::confirm(
        &state.db,
        &Mail::of(&state),
        access.id(),
        &slug,
        PollId(id),
        time,
        user.id,
    )
    .await?;
    let detail = workshop_detail(&state, &access, &slug, workshop.0, Some(user.id)).await?;
    Ok((StatusCode::CREATED, Json(detail)))
}
