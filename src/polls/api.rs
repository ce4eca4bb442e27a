//! The JSON API v1 for tasks: list, one task with its questions, answering, and results —
//! with the same permissions and the same hidden-until-their-time rule as the pages.
use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    model::{AnswerFields, Phase, Question, QuestionKind, options_for},
    results::{self, QuestionResult},
    service::{self, PollError, TaskView},
    store,
};
use crate::{
    api::{
        auth::{ApiCaller, ApiUser},
        model::ApiJson,
    },
    db::now,
    error::{AppError, AppResult},
    i18n::{Lang, Tr},
    panels::access::{self, PanelAccess},
    startup::AppState,
};

async fn panel(state: &AppState, caller: &ApiCaller, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, caller.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

async fn task_of(state: &AppState, access: &PanelAccess, id: i32) -> AppResult<TaskView> {
    service::task_view(&state.db, access.id(), id)
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
}

fn task_out(task: &TaskView, answered: bool, at: DateTime<Utc>) -> TaskOut {
    TaskOut {
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
    let rows = store::tasks_of_panel(&state.db, access.panel.id).await?;
    let answered = match &caller.0 {
        Some(u) => {
            store::answered_among(&state.db, u.id, rows.iter().map(|t| t.id).collect()).await?
        }
        None => Default::default(),
    };
    let at = now();
    Ok(Json(TaskList {
        tasks: rows
            .into_iter()
            .map(|row| {
                let done = answered.contains(&row.id);
                task_out(
                    &TaskView {
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
    pub intro_html: String,
    pub questions: Vec<QuestionOut>,
    /// Whether the caller may read the results now.
    pub results_visible: bool,
}

/// `GET /api/v1/panels/{slug}/tasks/{id}`
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Json<TaskDetail>> {
    let access = panel(&state, &caller, &slug).await?;
    let task = task_of(&state, &access, id).await?;
    let person = caller.0.as_ref().map(|u| u.id).unwrap_or(0);
    let answered = match &caller.0 {
        Some(u) => store::has_answered(&state.db, task.row.id, u.id).await?,
        None => false,
    };
    let at = now();
    Ok(Json(TaskDetail {
        task: task_out(&task, answered, at),
        intro_html: task.row.intro_html.clone(),
        questions: task
            .questions
            .iter()
            .map(|q| question_out(&task, q, person))
            .collect(),
        results_visible: task.results_visible_to(access.role, answered, at),
    }))
}

/// `PUT …/answers` body: `{"answers": {"<question id>": value}}` where the value is an
/// option id (single), a list of option ids (multiple), a number (scale), option ids in
/// order (ranking), `{"<option id>": points}` (dots), a string (text) or a boolean (yes/no).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    pub answers: HashMap<String, serde_json::Value>,
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        _ => "\u{0}".into(),
    }
}

/// The JSON answers as the answer form's fields, so both go through one parser.
fn fields_of(questions: &[Question], body: &AnswerBody) -> AnswerFields {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for q in questions {
        let Some(v) = body.answers.get(&q.id.0.to_string()) else {
            continue;
        };
        match (&q.kind, v) {
            (QuestionKind::Ranking, serde_json::Value::Array(ids)) => {
                for (i, id) in ids.iter().enumerate() {
                    pairs.push((
                        format!("{}_o{}", q.field(), scalar(id)),
                        (i + 1).to_string(),
                    ));
                }
            }
            (QuestionKind::Dots { .. }, serde_json::Value::Object(points)) => {
                for (id, n) in points {
                    pairs.push((format!("{}_o{id}", q.field()), scalar(n)));
                }
            }
            (_, serde_json::Value::Array(items)) => {
                pairs.extend(items.iter().map(|i| (q.field(), scalar(i))));
            }
            (_, v) => pairs.push((q.field(), scalar(v))),
        }
    }
    AnswerFields::from_pairs(pairs)
}

fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default()
}

/// `PUT /api/v1/panels/{slug}/tasks/{id}/answers`: save the caller's answers (members only,
/// while the task is open). 422 names each question's problem in the caller's language.
pub async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> AppResult<Response> {
    let caller = ApiCaller(Some(user.clone()));
    let access = panel(&state, &caller, &slug).await?;
    access.require_member()?;
    let task = task_of(&state, &access, id).await?;
    let fields = fields_of(&task.questions, &body);
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
        Err(PollError::Invalid(errors)) => {
            let t = Tr::new(lang_of(&headers));
            let fields: serde_json::Map<String, serde_json::Value> = errors
                .iter()
                .map(|(q, e)| (q.0.to_string(), e.message(&t).into()))
                .collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({
                    "error": {
                        "code": "validation",
                        "message": t.get("error-validation"),
                        "fields": fields,
                    }
                })),
            )
                .into_response())
        }
        Err(PollError::AlreadyAnswered) => Err(AppError::BadRequest("poll-error-already-answered")),
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
pub struct ResultsOut {
    pub task_id: i32,
    pub answer_sets: u64,
    pub questions: Vec<QuestionResult>,
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
    Ok(Json(ResultsOut {
        task_id: task.row.id,
        answer_sets: responses.len() as u64,
        questions: results::count_all(&task.questions, &refs, ("yes", "no")),
    }))
}
