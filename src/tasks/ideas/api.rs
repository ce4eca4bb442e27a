//! The JSON API of ideas tasks: writing one, its ideas as the caller sees them, submitting,
//! editing and merging ideas, comments, votes and the facilitator's phase change — through
//! the same parsers and rules as the pages. Results are the tasks' own
//! (`GET …/tasks/{id}/results`).
use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    model::{
        CommentForm, CommentText, IdeaForm, IdeaId, IdeaPhase, IdeaTaskForm, IdeaText, NewIdeaTask,
        PhaseChange, VOTE_QUESTION,
    },
    service::{self, Board, CommentView, IdeaError, IdeaView},
    store,
};
use crate::{
    auth::{ApiCaller, ApiUser},
    db::now,
    error::{AppError, AppResult, FieldError},
    i18n::Tr,
    panels::access::{self, PanelAccess},
    state::AppState,
    tasks::{
        answering::model::AnswerFields,
        api::time_input,
        service::{TaskError, TaskView, task_for},
    },
    web::{ApiJson, page::ApiLang},
};

async fn panel(state: &AppState, caller: &ApiCaller, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, caller.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

async fn ideas_task(state: &AppState, access: &PanelAccess, id: i32) -> AppResult<TaskView> {
    task_for(&state.db, access, id)
        .await?
        .filter(|t| t.ideas.is_some())
        .ok_or(AppError::NotFound)
}

/// An idea as the caller sees it.
#[derive(Serialize)]
pub struct IdeaOut {
    pub id: i32,
    pub title: String,
    /// Markdown, as written.
    pub body: String,
    pub body_html: String,
    /// `visible`, `held` or `hidden` (only facilitators and its authors see the last two).
    pub state: &'static str,
    /// The names of the people credited; empty in an anonymous task.
    pub credits: Vec<String>,
    pub merged_into: Option<i32>,
    /// Ideas merged into this one.
    pub merged_here: Vec<i32>,
    pub comments: u64,
    pub href: String,
}

fn idea_out(t: &Tr, v: &IdeaView, anonymous: bool) -> IdeaOut {
    IdeaOut {
        id: v.row.id,
        title: v.row.title.clone(),
        body: v.row.body_md.clone(),
        body_html: v.row.body_html.clone(),
        state: v.state.as_str(),
        credits: if anonymous {
            Vec::new()
        } else {
            v.credits.iter().map(|n| n.shown(t)).collect()
        },
        merged_into: v.row.merged_into_id,
        merged_here: v.merged_here.iter().map(|(id, _)| *id).collect(),
        comments: v.comments,
        href: v.href.clone(),
    }
}

/// An ideas task's ideas as the caller sees them.
#[derive(Serialize)]
pub struct IdeasOut {
    pub task_id: i32,
    pub phase: IdeaPhase,
    pub opens_at: DateTime<Utc>,
    pub voting_opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub anonymous: bool,
    pub method: &'static str,
    pub points: u32,
    pub ideas_visible: bool,
    /// Ideas the caller does not see yet (others' ideas are hidden while collected).
    pub not_shown: u64,
    pub ideas: Vec<IdeaOut>,
}

fn ideas_out(t: &Tr, task: &TaskView, board: &Board) -> IdeasOut {
    let anonymous = task.anonymity().is_anonymous();
    IdeasOut {
        task_id: task.row.id,
        phase: board.phase,
        opens_at: task.row.opens_at,
        voting_opens_at: board.settings.voting_opens_at,
        closes_at: task.row.closes_at,
        anonymous,
        method: board.settings.method.as_str(),
        points: board.settings.points,
        ideas_visible: board.settings.ideas_visible,
        not_shown: board.not_shown,
        ideas: board
            .ideas
            .iter()
            .map(|v| idea_out(t, v, anonymous))
            .collect(),
    }
}

async fn board_json(
    state: &AppState,
    t: &Tr,
    access: &PanelAccess,
    task: &TaskView,
) -> AppResult<IdeasOut> {
    let board = service::board(&state.db, access, task, now()).await?;
    Ok(ideas_out(t, task, &board))
}

/// `GET /api/v1/panels/{slug}/tasks/{id}/ideas`
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiLang(t): ApiLang,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<IdeasOut>> {
    let access = panel(&state, &caller, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    Ok(Json(board_json(&state, &t, &access, &task).await?))
}

/// An ideas task as sent to `POST /api/v1/panels/{slug}/idea-tasks`. Times are Helsinki
/// wall-clock `YYYY-MM-DDTHH:MM` or RFC 3339.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaTaskIn {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub voting_opens_at: String,
    #[serde(default)]
    pub closes_at: String,
    #[serde(default)]
    pub anonymous: bool,
    pub results_visibility: Option<String>,
    pub method: Option<String>,
    pub points: Option<u32>,
    pub ideas_visible: Option<bool>,
}

/// The API's field names for the form's (`results` is `results_visibility` here).
fn api_fields(errors: Vec<FieldError>) -> AppError {
    AppError::Validation(
        errors
            .into_iter()
            .map(|mut e| {
                if e.field == "results" {
                    e.field = "results_visibility".into();
                }
                e
            })
            .collect(),
    )
}

/// `POST /api/v1/panels/{slug}/idea-tasks`: a facilitator writes an ideas task → 201 with
/// its (empty) ideas.
pub async fn create_task(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<IdeaTaskIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let on = |b: bool| b.then(|| "on".to_owned());
    let form = IdeaTaskForm {
        title: body.title,
        intro: body.intro,
        opens_at: time_input(body.opens_at),
        voting_opens_at: time_input(body.voting_opens_at),
        closes_at: time_input(body.closes_at),
        anonymous: on(body.anonymous),
        results: body
            .results_visibility
            .unwrap_or_else(|| "after_answering".into()),
        method: body.method.unwrap_or_else(|| "dots".into()),
        points: body.points.unwrap_or(10).to_string(),
        ideas_visible: on(body.ideas_visible.unwrap_or(true)),
    };
    let new = NewIdeaTask::parse(&form).map_err(api_fields)?;
    let saved = service::create_task(&state.db, &access, &user, new, now()).await?;
    let task = ideas_task(&state, &access, saved.id).await?;
    let out = board_json(&state, &t, &access, &task).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// `POST /api/v1/panels/{slug}/tasks/{id}/ideas` body: `{"title", "body"?}` → 201.
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(form): ApiJson<IdeaForm>,
) -> AppResult<Response> {
    let caller = ApiCaller(Some(user.clone()));
    let access = panel(&state, &caller, &slug).await?;
    access.require_member()?;
    let task = ideas_task(&state, &access, id).await?;
    let text = IdeaText::parse(&form).map_err(AppError::Validation)?;
    let saved = service::submit_idea(
        &state.db,
        &access,
        &user,
        &task,
        text,
        state.settings.write_rate,
        now(),
    )
    .await?;
    let (view, _) = service::idea_view(&state.db, &access, &task, IdeaId(saved.id), now()).await?;
    Ok((
        StatusCode::CREATED,
        Json(idea_out(&t, &view, task.anonymity().is_anonymous())),
    )
        .into_response())
}

/// A comment as the caller sees it.
#[derive(Serialize)]
pub struct CommentOut {
    pub id: i32,
    /// The writer's name; absent in an anonymous task.
    pub author: Option<String>,
    pub body: String,
    pub body_html: String,
    /// `visible`, `held`, `hidden` or `removed`.
    pub state: &'static str,
    pub created_at: Option<DateTime<Utc>>,
    /// The title of the merged duplicate it was first written on.
    pub moved_from: Option<String>,
}

fn comment_out(t: &Tr, c: &CommentView) -> CommentOut {
    CommentOut {
        id: c.row.id,
        author: c.author.as_ref().map(|n| n.shown(t)),
        body: c.row.body_md.clone(),
        body_html: c.row.body_html.clone(),
        state: if c.removed {
            store::REMOVED
        } else {
            c.state.as_str()
        },
        created_at: c.row.created_at,
        moved_from: c.moved_from.clone(),
    }
}

/// One idea with its comments.
#[derive(Serialize)]
pub struct IdeaDetail {
    #[serde(flatten)]
    pub idea: IdeaOut,
    pub comment_list: Vec<CommentOut>,
}

async fn detail(
    state: &AppState,
    t: &Tr,
    access: &PanelAccess,
    task: &TaskView,
    id: IdeaId,
) -> AppResult<IdeaDetail> {
    let (view, comments) = service::idea_view(&state.db, access, task, id, now()).await?;
    Ok(IdeaDetail {
        idea: idea_out(t, &view, task.anonymity().is_anonymous()),
        comment_list: comments.iter().map(|c| comment_out(t, c)).collect(),
    })
}

/// `GET /api/v1/panels/{slug}/tasks/{id}/ideas/{idea}`
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiLang(t): ApiLang,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
) -> AppResult<Json<IdeaDetail>> {
    let access = panel(&state, &caller, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    Ok(Json(
        detail(&state, &t, &access, &task, IdeaId(idea)).await?,
    ))
}

/// An edit: only the fields sent change.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaPatch {
    pub title: Option<String>,
    pub body: Option<String>,
}

/// `PATCH /api/v1/panels/{slug}/tasks/{id}/ideas/{idea}`: facilitators until closing, its
/// authors while ideas are collected.
pub async fn edit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    ApiJson(patch): ApiJson<IdeaPatch>,
) -> AppResult<Json<IdeaDetail>> {
    let caller = ApiCaller(Some(user));
    let access = panel(&state, &caller, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    let row = store::idea_in_task(&state.db, task.row.id, IdeaId(idea))
        .await?
        .ok_or(AppError::NotFound)?;
    let form = IdeaForm {
        title: patch.title.unwrap_or(row.title),
        body: patch.body.unwrap_or(row.body_md),
    };
    let text = IdeaText::parse(&form).map_err(AppError::Validation)?;
    service::edit_idea(&state.db, &access, &task, IdeaId(idea), text, now()).await?;
    Ok(Json(
        detail(&state, &t, &access, &task, IdeaId(idea)).await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeIn {
    pub into: i32,
}

/// `POST /api/v1/panels/{slug}/tasks/{id}/ideas/{idea}/merge` body `{"into": 12}`: the idea
/// it joined, with its credits and comments.
pub async fn merge(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    ApiJson(body): ApiJson<MergeIn>,
) -> AppResult<Json<IdeaDetail>> {
    let caller = ApiCaller(Some(user));
    let access = panel(&state, &caller, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    service::merge(
        &state.db,
        &access,
        &task,
        IdeaId(idea),
        IdeaId(body.into),
        now(),
    )
    .await?;
    Ok(Json(
        detail(&state, &t, &access, &task, IdeaId(body.into)).await?,
    ))
}

/// `POST /api/v1/panels/{slug}/tasks/{id}/ideas/{idea}/comments` body `{"body"}` → 201.
pub async fn comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    ApiJson(form): ApiJson<CommentForm>,
) -> AppResult<Response> {
    let caller = ApiCaller(Some(user.clone()));
    let access = panel(&state, &caller, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    let text = CommentText::parse(&form).map_err(AppError::Validation)?;
    let saved = service::comment(
        &state.db,
        &access,
        &user,
        &task,
        IdeaId(idea),
        text,
        state.settings.write_rate,
        now(),
    )
    .await?;
    let (_, comments) = service::idea_view(&state.db, &access, &task, IdeaId(idea), now()).await?;
    let out = comments
        .iter()
        .find(|c| c.row.id == saved.id)
        .map(|c| comment_out(&t, c))
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// A vote: `{"points": {"<idea id>": n, …}}` for dots, `{"ranking": [idea ids, first
/// first]}` for a ranking.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteIn {
    pub points: Option<HashMap<String, serde_json::Value>>,
    pub ranking: Option<Vec<serde_json::Value>>,
}

/// `PUT /api/v1/panels/{slug}/tasks/{id}/votes`: seated members, while voting → 204; 422
/// names the problem under `votes`.
pub async fn vote(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<VoteIn>,
) -> AppResult<Response> {
    let caller = ApiCaller(Some(user.clone()));
    let access = panel(&state, &caller, &slug).await?;
    access.require_member()?;
    let task = ideas_task(&state, &access, id).await?;
    let value = match (body.points, body.ranking) {
        (Some(points), None) => serde_json::Value::Object(points.into_iter().collect()),
        (None, Some(ranking)) => serde_json::Value::Array(ranking),
        _ => {
            return Err(AppError::Validation(vec![FieldError::new(
                "votes",
                "ideas-error-vote-shape",
            )]));
        }
    };
    let answers = HashMap::from([(VOTE_QUESTION.0.to_string(), value)]);
    let fields = AnswerFields::from_json(&task.questions, &answers);
    match service::vote(&state.db, &access, &user, &task, &fields, now()).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(TaskError::Invalid(errors)) => Err(AppError::Validation(
            errors
                .into_iter()
                .map(|(_, e)| FieldError {
                    field: "votes".into(),
                    message_key: e.key,
                    args: e.args,
                })
                .collect(),
        )),
        Err(TaskError::NotOpen) => Err(AppError::BadRequest("ideas-error-not-voting")),
        Err(TaskError::AlreadyAnswered) => Err(AppError::BadRequest("poll-error-already-answered")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseIn {
    pub phase: String,
}

/// `POST /api/v1/panels/{slug}/tasks/{id}/phase` body `{"phase": "collecting" | "voting" |
/// "closed"}`: facilitators move the phase on now → the ideas as they then are.
pub async fn change_phase(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<PhaseIn>,
) -> AppResult<Json<IdeasOut>> {
    let caller = ApiCaller(Some(user));
    let access = panel(&state, &caller, &slug).await?;
    access.require_facilitator()?;
    let task = ideas_task(&state, &access, id).await?;
    let change = PhaseChange::parse(&body.phase).ok_or_else(|| {
        AppError::Validation(vec![FieldError::new("phase", "ideas-error-phase-unknown")])
    })?;
    match service::change_phase(&state.db, &access, &task, change, now()).await {
        Ok(()) => {}
        Err(IdeaError::Phase(key)) => {
            return Err(AppError::Validation(vec![FieldError::new("phase", key)]));
        }
        Err(e) => return Err(e.into()),
    }
    let task = ideas_task(&state, &access, id).await?;
    Ok(Json(board_json(&state, &t, &access, &task).await?))
}
