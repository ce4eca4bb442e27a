//! The task page and its answer form: `GET /panels/{slug}/tasks/{id}` and
//! `POST …/answers`. Thin: parse, ask the service, render.
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

use super::model::{AnswerFields, options_for};
use crate::{
    auth::CurrentUser,
    db::now,
    error::AppResult,
    i18n::{FluentArg, Tr},
    markdown::SafeHtml,
    panels::{
        access::{PanelAccess, PanelRole},
        nav::PanelNav,
    },
    state::AppState,
    tasks::{
        handlers::{disclosure, panel, task_of, task_url},
        ideas::handlers as ideas,
        model::{Choice, MAX_TEXT_CHARS, Phase, QuestionKind},
        service::{self, TaskError, TaskView},
        store,
    },
    web::{PageCtx, render},
};

/// A question as the answer form shows it.
pub struct QuestionForm {
    pub id: i32,
    pub field: String,
    pub prompt: String,
    pub kind: &'static str,
    pub required: bool,
    /// Options in this person's order.
    pub options: Vec<Choice>,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub scale: Vec<i32>,
    pub min_label: String,
    pub max_label: String,
    /// 1..=number of options, for the ranking selects.
    pub places: Vec<usize>,
}

impl QuestionForm {
    pub fn option_field(&self, option: &Choice) -> String {
        format!("q{}_o{}", self.id, option.id.0)
    }
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.field));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.field));
        }
        ids.join(" ")
    }
}

fn question_forms(
    t: &Tr,
    task: &TaskView,
    person: i32,
    errors: &HashMap<i32, String>,
) -> Vec<QuestionForm> {
    task.questions
        .iter()
        .map(|q| {
            let options = options_for(q, task.id(), person, task.row.shuffle_options);
            let hint = match &q.kind {
                QuestionKind::MultipleChoice { min, max } => Some(t.args(
                    "poll-hint-multiple",
                    &[
                        ("min", FluentArg::Num(i64::from(*min))),
                        ("max", FluentArg::Num(i64::from(*max))),
                    ],
                )),
                QuestionKind::Ranking => Some(t.count("poll-hint-ranking", q.options.len())),
                QuestionKind::Dots { points } => Some(t.count("poll-hint-dots", *points)),
                QuestionKind::FreeText => Some(t.count("poll-hint-text", MAX_TEXT_CHARS)),
                _ => None,
            };
            let (min_label, max_label) = match &q.kind {
                QuestionKind::Scale {
                    min_label,
                    max_label,
                    ..
                } => (min_label.clone(), max_label.clone()),
                _ => (String::new(), String::new()),
            };
            QuestionForm {
                id: q.id.0,
                field: q.field(),
                prompt: q.prompt.clone(),
                kind: q.kind.code(),
                required: q.required,
                places: (1..=q.options.len()).collect(),
                options,
                hint,
                error: errors.get(&q.id.0).cloned(),
                scale: q.scale_steps(),
                min_label,
                max_label,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "tasks/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub task: TaskView,
    pub url: String,
    pub phase: Phase,
    pub intro: SafeHtml,
    pub disclosure: Vec<String>,
    /// The answer form, when this person may answer now.
    pub questions: Vec<QuestionForm>,
    pub fields: AnswerFields,
    pub error_summary: Vec<(String, String)>,
    pub answered: bool,
    pub is_member: bool,
    pub can_edit_answer: bool,
    pub results_visible: bool,
    pub facilitator: bool,
}

impl ShowPage {
    pub fn checked(&self, field: &str, value: &i32) -> bool {
        self.fields.has(field, value)
    }
    pub fn text_value(&self, field: &str) -> String {
        self.fields.raw(field).unwrap_or("").to_owned()
    }
    pub fn value_is(&self, field: &str, value: &str) -> bool {
        self.fields.one(field) == Some(value)
    }
    pub fn number_value(&self, field: &str) -> String {
        self.fields.one(field).unwrap_or("").to_owned()
    }
}

async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    task: TaskView,
    submitted: Option<(AnswerFields, Vec<(i32, String)>)>,
) -> AppResult<ShowPage> {
    let at = now();
    let phase = task.phase(at);
    let user_id = ctx.user.as_ref().map(|u| u.id);
    let answered = match user_id {
        Some(id) => store::has_answered(&state.db, task.row.id, id).await?,
        None => false,
    };
    let is_member = access.role == Some(PanelRole::Member);
    let anonymous = task.anonymity().is_anonymous();
    let may_answer = is_member && phase == Phase::Open && (!anonymous || !answered);
    let (fields, errors) = match submitted {
        Some((fields, errors)) => (fields, errors),
        None => {
            let fields = match user_id {
                Some(id) if may_answer => service::own_answers(&state.db, &task, id)
                    .await?
                    .map(|a| AnswerFields::from_answers(&task.questions, &a))
                    .unwrap_or_default(),
                _ => AnswerFields::default(),
            };
            (fields, Vec::new())
        }
    };
    let error_map: HashMap<i32, String> = errors.iter().cloned().collect();
    let questions = if may_answer {
        question_forms(&ctx.t, &task, user_id.unwrap_or(0), &error_map)
    } else {
        Vec::new()
    };
    let error_summary = errors
        .iter()
        .map(|(id, m)| (format!("q{id}"), m.clone()))
        .collect();
    Ok(ShowPage {
        nav: PanelNav::new(access, "tasks"),
        url: task_url(access, task.row.id),
        phase,
        intro: SafeHtml::from_stored(task.row.intro_html.clone()),
        disclosure: disclosure(&ctx.t, &task),
        questions,
        fields,
        error_summary,
        answered,
        is_member,
        can_edit_answer: !anonymous,
        results_visible: task.results_visible_to(access.role, answered, at),
        facilitator: access.is_facilitator(),
        task,
        ctx,
    })
}

/// `GET /panels/{slug}/tasks/{id}`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = task_of(&state, &access, id).await?;
    if task.ideas.is_some() {
        let page = ideas::board_page(&state, ctx, &access, task, Default::default()).await?;
        return Ok(render(&page)?.into_response());
    }
    let page = show_page(&state, ctx, &access, task, None).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/tasks/{id}/answers`
pub async fn answer(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_member()?;
    let task = task_of(&state, &access, id).await?;
    let fields = AnswerFields::from_pairs(pairs.into_iter().filter(|(k, _)| k != "csrf_token"));
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
        Ok(_) => {
            ctx.flash("poll-answer-saved", None).await?;
            Ok(Redirect::to(&task_url(&access, id)).into_response())
        }
        Err(TaskError::Invalid(errors)) => {
            let t = ctx.t;
            let errors = errors
                .into_iter()
                .map(|(q, e)| (q.0, e.message(&t)))
                .collect();
            let page = show_page(&state, ctx, &access, task, Some((fields, errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(TaskError::AlreadyAnswered) => {
            ctx.flash("poll-error-already-answered", None).await?;
            Ok(Redirect::to(&task_url(&access, id)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
