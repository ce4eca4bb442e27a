//! The JSON API v1 for tasks: list, one task with its questions, writing and editing tasks
//! (facilitators), answering, and results — with the same permissions, the same
//! fixed-once-open rule and the same hidden-until-their-time rule as the pages.
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
    answering::model::{AnswerError, AnswerFields, options_for},
    editing::model::{Door, Problems, QuestionDraftInput, TaskInput},
    ideas::model::IdeaPhase,
    model::{Phase, Question, QuestionId, QuestionKind, ResultsVisibility},
    results::{self, QuestionResult, rounds},
    service::{self, TaskError, TaskView},
    store,
};
use crate::{
    auth::CurrentUser,
    auth::{ApiCaller, ApiUser},
    db::now,
    error::{AppError, AppResult, FieldError},
    panels::access::{self, PanelAccess},
    state::AppState,
    web::ApiJson,
};

async fn panel(state: &AppState, caller: &ApiCaller, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, caller.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

async fn task_of(state: &AppState, access: &PanelAccess, id: i32) -> AppResult<TaskView> {
    service::task_for(&state.db, access, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A task in a listing.
#[derive(Serialize)]
pub struct TaskOut {
    pub id: i32,
    pub title: String,
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub anonymous: bool,
    pub results_visibility: &'static str,
    /// Whether the caller has answered.
    pub answered: bool,
    /// `survey`, or `ideas` for an ideas task (its ideas under `…/ideas`).
    pub kind: &'static str,
    /// An ideas task's phase: `upcoming`, `collecting`, `voting` or `closed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ideas_phase: Option<IdeaPhase>,
}

fn task_out(task: &TaskView, answered: bool, at: DateTime<Utc>) -> TaskOut {
    TaskOut {
        kind: if task.ideas.is_some() {
            "ideas"
        } else {
            "survey"
        },
        ideas_phase: task.ideas.map(|s| s.phase(task.window(), at)),
        id: task.row.id,
        title: task.row.title.clone(),
        phase: task.phase(at),
        opens_at: task.row.opens_at,
        closes_at: task.row.closes_at,
        anonymous: task.row.anonymous,
        results_visibility: task.results_visibility().as_str(),
        answered,
    }
}

#[derive(Serialize)]
pub struct TaskList {
    pub tasks: Vec<TaskOut>,
}

/// `GET /api/v1/panels/{slug}/tasks`
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<TaskList>> {
    let access = panel(&state, &caller, &slug).await?;
    let rows = service::tasks_seen(&state.db, &access).await?;
    let answered = match &caller.0 {
        Some(u) => {
            store::answered_among(&state.db, u.id, rows.iter().map(|t| t.id).collect()).await?
        }
        None => Default::default(),
    };
    let at = now();
    let ids: Vec<i32> = rows.iter().map(|t| t.id).collect();
    let ideas = super::ideas::store::settings_among(&state.db, &ids).await?;
    Ok(Json(TaskList {
        tasks: rows
            .into_iter()
            .map(|row| {
                let done = answered.contains(&row.id);
                task_out(
                    &TaskView {
                        ideas: ideas.get(&row.id).copied(),
                        row,
                        questions: Vec::new(),
                    },
                    done,
                    at,
                )
            })
            .collect(),
    }))
}

#[derive(Serialize)]
pub struct OptionOut {
    pub id: i32,
    pub label: String,
}

#[derive(Serialize)]
pub struct QuestionOut {
    pub id: i32,
    pub prompt: String,
    pub kind: &'static str,
    pub required: bool,
    /// In the caller's order (shuffled per person when the task says so).
    pub options: Vec<OptionOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_picks: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_picks: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<(i32, i32, String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
}

fn question_out(task: &TaskView, q: &Question, person: i32) -> QuestionOut {
    let mut out = QuestionOut {
        id: q.id.0,
        prompt: q.prompt.clone(),
        kind: q.kind.code(),
        required: q.required,
        options: options_for(q, task.id(), person, task.row.shuffle_options)
            .into_iter()
            .map(|o| OptionOut {
                id: o.id.0,
                label: o.label,
            })
            .collect(),
        min_picks: None,
        max_picks: None,
        scale: None,
        points: None,
    };
    match &q.kind {
        QuestionKind::MultipleChoice { min, max } => {
            out.min_picks = Some(*min);
            out.max_picks = Some(*max);
        }
        QuestionKind::Scale {
            min,
            max,
            min_label,
            max_label,
        } => out.scale = Some((*min, *max, min_label.clone(), max_label.clone())),
        QuestionKind::Dots { points } => out.points = Some(*points),
        _ => {}
    }
    out
}

#[derive(Serialize)]
pub struct TaskDetail {
    #[serde(flatten)]
    pub task: TaskOut,
    /// Markdown, as written.
    pub intro: String,
    pub intro_html: String,
    /// Whether each member sees the options in their own random order.
    pub shuffle_options: bool,
    pub questions: Vec<QuestionOut>,
    /// Whether the caller may read the results now.
    pub results_visible: bool,
    /// Who the task is aimed at (a list of members names them to facilitators only).
    pub aim: AimIo,
    /// 1 for a first round; a task copied as the next round counts on.
    pub round: i32,
    /// The earlier round this task was copied from.
    pub previous_task_id: Option<i32>,
}

/// A task as `caller` sees it.
async fn detail(
    state: &AppState,
    access: &PanelAccess,
    caller: &ApiCaller,
    task: &TaskView,
) -> AppResult<TaskDetail> {
    let person = caller.0.as_ref().map(|u| u.id).unwrap_or(0);
    let answered = match &caller.0 {
        Some(u) => store::has_answered(&state.db, task.row.id, u.id).await?,
        None => false,
    };
    let at = now();
    Ok(TaskDetail {
        task: task_out(task, answered, at),
        intro: task.row.intro_md.clone(),
        intro_html: task.row.intro_html.clone(),
        shuffle_options: task.row.shuffle_options,
        questions: task
            .questions
            .iter()
            .map(|q| question_out(task, q, person))
            .collect(),
        results_visible: task.results_visible_to(access.role, answered, at),
        aim: aim_out(task, access.is_facilitator()),
        round: task.row.round,
        previous_task_id: task.row.previous_task_id,
    })
}

/// The task's aim as the caller may read it: a list of members is the facilitators' to see.
fn aim_out(task: &TaskView, facilitator: bool) -> AimIo {
    let aim = task.aim();
    let values = match aim {
        super::aim::Aim::Members(_) if !facilitator => Vec::new(),
        _ => aim.values(),
    };
    AimIo {
        kind: aim.kind().to_owned(),
        values,
    }
}

/// `GET /api/v1/panels/{slug}/tasks/{id}`
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<TaskDetail>> {
    let access = panel(&state, &caller, &slug).await?;
    let task = task_of(&state, &access, id).await?;
    Ok(Json(detail(&state, &access, &caller, &task).await?))
}

/// `PUT …/answers` body: `{"answers": {"<question id>": value}}` where the value is an
/// option id (single), a list of option ids (multiple), a number (scale), option ids in
/// order (ranking), `{"<option id>": points}` (dots), a string (text) or a boolean (yes/no).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    pub answers: HashMap<String, serde_json::Value>,
}

/// 422 naming each question's problem, by question id (the common error body).
fn invalid_answers(errors: Vec<(QuestionId, AnswerError)>) -> AppError {
    AppError::Validation(
        errors
            .into_iter()
            .map(|(q, e)| FieldError {
                field: q.0.to_string().into(),
                message_key: e.key,
                args: e.args,
            })
            .collect(),
    )
}

/// `PUT /api/v1/panels/{slug}/tasks/{id}/answers`: save the caller's answers (members only,
/// while the task is open). 422 names each question's problem in the caller's language.
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> AppResult<Response> {
    let caller = ApiCaller(Some(user.clone()));
    let access = panel(&state, &caller, &slug).await?;
    access.require_member()?;
    let task = task_of(&state, &access, id).await?;
    let fields = AnswerFields::from_json(&task.questions, &body.answers);
    let company = service::company_of(&state.db, access.id(), user.id).await?;
    match service::submit(
        &state.db,
        &task,
        access.role,
        user.id,
        company.as_ref(),
        &fields,
        now(),
    )
    .await
    {
        Ok(_) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(TaskError::Invalid(errors)) => Err(invalid_answers(errors)),
        Err(TaskError::AlreadyAnswered) => Err(AppError::BadRequest("poll-error-already-answered")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
pub struct ResultsOut {
    pub task_id: i32,
    pub answer_sets: u64,
    pub questions: Vec<QuestionResult>,
    /// From the second round on: the rounds the caller may compare, earliest first, and
    /// each question beside its matches (by position and kind) in them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<RoundsOut>,
}

/// The rounds compared (`tasks::results::rounds`).
#[derive(Serialize)]
pub struct RoundsOut {
    pub rounds: Vec<rounds::RoundInfo>,
    pub questions: Vec<rounds::QuestionRounds>,
}

/// `GET /api/v1/panels/{slug}/tasks/{id}/results`: 403 until the caller may see them.
pub async fn results(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<ResultsOut>> {
    let access = panel(&state, &caller, &slug).await?;
    let task = task_of(&state, &access, id).await?;
    let answered = match &caller.0 {
        Some(u) => store::has_answered(&state.db, task.row.id, u.id).await?,
        None => false,
    };
    if !task.results_visible_to(access.role, answered, now()) {
        return Err(AppError::Forbidden);
    }
    let responses = service::responses(&state.db, &task).await?;
    let refs: Vec<&results::Response> = responses.iter().collect();
    let rounds = if task.row.previous_task_id.is_some() && task.ideas.is_none() {
        let loaded = service::rounds_of(&state.db, &access, &task, now()).await?;
        let data = service::round_data(&loaded);
        (data.len() > 1).then(|| RoundsOut {
            rounds: data.iter().map(|d| d.info.clone()).collect(),
            questions: rounds::compare(&data, ("yes", "no")),
        })
    } else {
        None
    };
    Ok(Json(ResultsOut {
        task_id: task.row.id,
        answer_sets: responses.len() as u64,
        questions: results::count_all(&task.questions, &refs, ("yes", "no")),
        rounds,
    }))
}

// ----- Writing tasks -----

/// An option as sent: its label, or an option as read (`{"id", "label"}`), so a task read
/// from the API can be sent back.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum OptionIn {
    Label(String),
    Read {
        label: String,
        #[allow(
            dead_code,
            reason = "ids are read back but options are matched by label"
        )]
        id: Option<i32>,
    },
}

impl OptionIn {
    fn label(&self) -> &str {
        match self {
            OptionIn::Label(l) | OptionIn::Read { label: l, .. } => l,
        }
    }
}

/// A question as sent; the same names as `QuestionOut`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionIn {
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub kind: String,
    /// Answering is required unless this is `false`.
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub options: Vec<OptionIn>,
    pub min_picks: Option<u32>,
    pub max_picks: Option<u32>,
    /// `[min, max, "low end label", "high end label"]`
    pub scale: Option<(i32, i32, String, String)>,
    pub points: Option<u32>,
    /// As read back; ignored (questions are matched by what they ask).
    #[allow(
        dead_code,
        reason = "accepted so a task read from the API can be sent back"
    )]
    pub id: Option<i32>,
}

fn yes() -> bool {
    true
}

/// A task as sent to `POST`, `PUT` (every field; what is left out takes its default) or
/// `PATCH` (only what changes). Times are Helsinki wall-clock `YYYY-MM-DDTHH:MM`, or any
/// RFC 3339 instant (`…Z`, `…+02:00`).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskIn {
    pub title: Option<String>,
    pub intro: Option<String>,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub anonymous: Option<bool>,
    pub results_visibility: Option<String>,
    pub shuffle_options: Option<bool>,
    /// Who the task is aimed at; left out, everyone (or, in a `PATCH`, as it was).
    pub aim: Option<AimIo>,
    pub questions: Option<Vec<QuestionIn>>,
}

/// Who a task is aimed at: `kind` is `everyone`, `industry`, `region`, `stage` or `members`;
/// `values` the codes of that kind (member user ids for `members`).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AimIo {
    pub kind: String,
    #[serde(default)]
    pub values: Vec<String>,
}

/// A time as the editor's Helsinki wall-clock text (an RFC 3339 instant is converted).
pub(crate) fn time_input(raw: String) -> String {
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(at) => at
            .with_timezone(&chrono_tz::Europe::Helsinki)
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string(),
        Err(_) => raw,
    }
}

fn question_input(q: &QuestionIn) -> QuestionDraftInput {
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    let (scale_min, scale_max, scale_min_label, scale_max_label) = match &q.scale {
        Some((min, max, low, high)) => {
            (min.to_string(), max.to_string(), low.clone(), high.clone())
        }
        None => Default::default(),
    };
    QuestionDraftInput {
        prompt: q.prompt.clone(),
        kind: q.kind.trim().to_owned(),
        required: q.required,
        // One per line in the editor: a line break inside a label would split it.
        options: q
            .options
            .iter()
            .map(|o| o.label().replace(['\r', '\n'], " "))
            .collect::<Vec<_>>()
            .join("\n"),
        min_picks: number(q.min_picks),
        max_picks: number(q.max_picks),
        scale_min,
        scale_max,
        scale_min_label,
        scale_max_label,
        points: number(q.points),
    }
}

impl TaskIn {
    /// The task as the service checks it, over `base` (defaults, or the task being edited).
    fn over(self, base: TaskInput) -> TaskInput {
        TaskInput {
            title: self.title.unwrap_or(base.title),
            intro: self.intro.unwrap_or(base.intro),
            opens_at: self.opens_at.map(time_input).unwrap_or(base.opens_at),
            closes_at: self.closes_at.map(time_input).unwrap_or(base.closes_at),
            anonymous: self.anonymous.unwrap_or(base.anonymous),
            results: self.results_visibility.unwrap_or(base.results),
            shuffle: self.shuffle_options.unwrap_or(base.shuffle),
            aim_kind: self.aim.as_ref().map_or(base.aim_kind, |a| a.kind.clone()),
            aim_values: self.aim.map_or(base.aim_values, |a| a.values),
            questions: match self.questions {
                Some(qs) => qs.iter().map(question_input).collect(),
                None => base.questions,
            },
        }
    }
}

/// What a new task (or a whole `PUT`) starts from: named, results after answering.
fn defaults() -> TaskInput {
    TaskInput {
        results: ResultsVisibility::AfterAnswering.as_str().to_owned(),
        ..Default::default()
    }
}

/// 422 naming each field's problem (the first found, where a field has several), rendered in
/// the caller's language by `AppError`.
fn invalid(problems: &Problems) -> AppError {
    let mut fields: Vec<FieldError> = Vec::new();
    for p in problems {
        let name = p.field.api_name();
        if !fields.iter().any(|f| f.field == name) {
            fields.push(FieldError::new(name, p.key));
        }
    }
    AppError::Validation(fields)
}

async fn facilitator(state: &AppState, user: &CurrentUser, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    Ok(access)
}

/// `POST /api/v1/panels/{slug}/tasks`: a facilitator writes a task with its questions.
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<TaskIn>,
) -> AppResult<Response> {
    let access = facilitator(&state, &user, &slug).await?;
    let checked = body
        .over(defaults())
        .check(Door::Api)
        .map_err(|p| invalid(&p))?;
    let saved = match service::create_task(&state.db, access.id(), user.id, checked, now()).await {
        Ok(saved) => saved,
        Err(TaskError::Fixed(problems)) => return Err(invalid(&problems)),
        Err(e) => return Err(e.into()),
    };
    let task = task_of(&state, &access, saved.id).await?;
    let out = detail(&state, &access, &ApiCaller(Some(user)), &task).await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

async fn edit(
    state: AppState,
    user: CurrentUser,
    slug: String,
    id: i32,
    body: TaskIn,
    whole: bool,
) -> AppResult<Response> {
    let access = facilitator(&state, &user, &slug).await?;
    let task = task_of(&state, &access, id).await?;
    let base = if whole {
        defaults()
    } else {
        service::input_of(&task)
    };
    let checked = body.over(base).check(Door::Api).map_err(|p| invalid(&p))?;
    match service::update_task(&state.db, &task, checked, now()).await {
        Ok(_) => {}
        Err(TaskError::Fixed(problems)) => return Err(invalid(&problems)),
        Err(e) => return Err(e.into()),
    }
    let task = task_of(&state, &access, id).await?;
    let out = detail(&state, &access, &ApiCaller(Some(user)), &task).await?;
    Ok(Json(out).into_response())
}

/// `PATCH /api/v1/panels/{slug}/tasks/{id}`: change the fields sent, keep the rest. Before the
/// task opens anything may change; once open only `title`, `intro` and `closes_at` (a change
/// to anything else is refused with 422, naming the field).
pub async fn patch(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<TaskIn>,
) -> AppResult<Response> {
    edit(state, user, slug, id, body, false).await
}

/// `PUT /api/v1/panels/{slug}/tasks/{id}`: replace the whole task (fields left out take the
/// same defaults as when creating), with the same rules as `PATCH`.
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<TaskIn>,
) -> AppResult<Response> {
    edit(state, user, slug, id, body, true).await
}
