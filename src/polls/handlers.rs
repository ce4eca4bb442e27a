//! Task pages under `/panels/{slug}/tasks`: the list, the answer form, the editor, results
//! with charts and tables, and the CSV export. Thin: parse, ask the service, render.
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{
    chart::BarChart,
    csv as export,
    model::{
        AnswerFields, Choice, Phase, QuestionDraftInput, QuestionKind, ResultsVisibility,
        options_for,
    },
    results::{self, Dimension, QuestionResult, Tally, one_decimal},
    service::{self, CheckedTask, PollError, Problems, TaskInput, TaskView},
    store,
};
use crate::{
    auth::CurrentUser,
    db::now,
    error::{AppError, AppResult},
    i18n::{FluentArg, Tr},
    markdown::SafeHtml,
    panels::{
        access::{self, PanelAccess, PanelRole},
        model::{CompanyStage, Industry, Region},
        nav::PanelNav,
    },
    state::AppState,
    web::{PageCtx, render},
};

/// Form errors keyed by field names made at run time (`q3`, `q0_prompt`).
#[derive(Clone, Debug, Default)]
pub struct Errors(Vec<(String, String)>);

impl Errors {
    pub fn get(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn all(&self) -> &[(String, String)] {
        &self.0
    }
    fn from_problems(t: &Tr, problems: &Problems) -> Self {
        Errors(
            problems
                .iter()
                .map(|(f, k)| (f.clone(), t.get(k)))
                .collect(),
        )
    }
}

async fn panel(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<PanelAccess> {
    let access = access::panel_for(&state.db, slug, ctx.actor()).await?;
    access.require_reader()?;
    Ok(access)
}

async fn task_of(state: &AppState, access: &PanelAccess, id: i32) -> AppResult<TaskView> {
    service::task_view(&state.db, access.id(), id)
        .await?
        .ok_or(AppError::NotFound)
}

fn task_url(access: &PanelAccess, id: i32) -> String {
    format!("/panels/{}/tasks/{id}", access.panel.slug)
}

/// "Who sees what and when", in plain sentences.
pub fn disclosure(t: &Tr, task: &TaskView) -> Vec<String> {
    let mut out = Vec::new();
    out.push(if task.anonymity().is_anonymous() {
        t.get("poll-disclose-anonymous")
    } else {
        t.get("poll-disclose-named")
    });
    out.push(match task.results_visibility() {
        ResultsVisibility::Always => t.get("poll-disclose-results-always"),
        ResultsVisibility::AfterAnswering => t.get("poll-disclose-results-after-answering"),
        ResultsVisibility::AfterClosing => t.arg(
            "poll-disclose-results-after-closing",
            "date",
            t.long_datetime(&task.row.closes_at),
        ),
        ResultsVisibility::FacilitatorsOnly => t.get("poll-disclose-results-facilitators"),
    });
    out.push(t.get("poll-disclose-facilitators"));
    out
}

// ----- List -----

/// One task in the list.
pub struct TaskItem {
    pub id: i32,
    pub title: String,
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub anonymous: bool,
    pub awaiting: bool,
    pub answered: bool,
    pub answer_sets: u64,
}

#[derive(Template)]
#[template(path = "polls/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub slug: String,
    pub items: Vec<TaskItem>,
    pub facilitator: bool,
}

/// `GET /panels/{slug}/tasks`
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let at = now();
    let tasks = store::tasks_of_panel(&state.db, access.panel.id).await?;
    let answered = match &ctx.user {
        Some(u) => {
            store::answered_among(&state.db, u.id, tasks.iter().map(|t| t.id).collect()).await?
        }
        None => Default::default(),
    };
    let counts = service::answer_counts(&state.db, &tasks).await?;
    let is_member = access.role == Some(PanelRole::Member);
    let items = tasks
        .into_iter()
        .map(|t| {
            let phase = if at < t.opens_at {
                Phase::Upcoming
            } else if at < t.closes_at {
                Phase::Open
            } else {
                Phase::Closed
            };
            let done = answered.contains(&t.id);
            TaskItem {
                awaiting: is_member && phase == Phase::Open && !done,
                answered: done,
                answer_sets: counts.get(&t.id).copied().unwrap_or(0),
                id: t.id,
                title: t.title,
                phase,
                opens_at: t.opens_at,
                closes_at: t.closes_at,
                anonymous: t.anonymous,
            }
        })
        .collect();
    Ok(render(&ListPage {
        nav: PanelNav::new(&access, "tasks"),
        facilitator: access.is_facilitator(),
        slug,
        items,
        ctx,
    })?
    .into_response())
}

// ----- One task and its answer form -----

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
                QuestionKind::FreeText => {
                    Some(t.count("poll-hint-text", super::model::MAX_TEXT_CHARS))
                }
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
#[template(path = "polls/show.html")]
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
        Err(PollError::Invalid(errors)) => {
            let t = ctx.t;
            let errors = errors
                .into_iter()
                .map(|(q, e)| (q.0, e.message(&t)))
                .collect();
            let page = show_page(&state, ctx, &access, task, Some((fields, errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(PollError::AlreadyAnswered) => {
            ctx.flash("poll-error-already-answered", None).await?;
            Ok(Redirect::to(&task_url(&access, id)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ----- Editor -----

/// How many empty question slots the editor offers beyond the filled ones.
const SPARE_SLOTS: usize = 2;

#[derive(Template)]
#[template(path = "polls/editor.html")]
pub struct EditorPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub form: TaskInput,
    pub errors: Errors,
    pub action: String,
    pub is_new: bool,
    /// Open or closed: settings, opening time and questions are fixed.
    pub fixed: bool,
    pub disclosure: Vec<String>,
}

impl EditorPage {
    pub fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        QuestionKind::CODES
            .iter()
            .map(|c| (*c, QuestionKind::label_key(c)))
            .collect()
    }
    pub fn visibilities(&self) -> [ResultsVisibility; 4] {
        ResultsVisibility::ALL
    }
    pub fn slots(&self) -> Vec<(usize, QuestionDraftInput)> {
        let mut qs = self.form.questions.clone();
        let filled = qs.iter().filter(|q| !q.is_blank()).count();
        qs.retain(|q| !q.is_blank());
        qs.resize(filled + SPARE_SLOTS, QuestionDraftInput::default());
        qs.into_iter().enumerate().collect()
    }
}

fn field<'a>(map: &'a HashMap<String, String>, key: &str) -> &'a str {
    map.get(key).map(String::as_str).unwrap_or("")
}

/// The editor form's fields to a task input (question fields are numbered `q{i}_…`).
fn editor_input(pairs: Vec<(String, String)>) -> (TaskInput, String) {
    let map: HashMap<String, String> = pairs.into_iter().collect();
    let mut questions = Vec::new();
    // One past the cap, so that an overfull form is refused rather than cut short.
    for i in 0..=crate::polls::model::MAX_QUESTIONS {
        let p = |name: &str| field(&map, &format!("q{i}_{name}")).to_owned();
        if !map.contains_key(&format!("q{i}_prompt")) {
            break;
        }
        questions.push(QuestionDraftInput {
            prompt: p("prompt"),
            kind: p("kind"),
            required: map.contains_key(&format!("q{i}_required")),
            options: p("options"),
            min_picks: p("min"),
            max_picks: p("max"),
            scale_min: p("scale_min"),
            scale_max: p("scale_max"),
            scale_min_label: p("scale_min_label"),
            scale_max_label: p("scale_max_label"),
            points: p("points"),
        });
    }
    let input = TaskInput {
        title: field(&map, "title").to_owned(),
        intro: field(&map, "intro").to_owned(),
        opens_at: field(&map, "opens_at").to_owned(),
        closes_at: field(&map, "closes_at").to_owned(),
        anonymous: field(&map, "anonymity") == "anonymous",
        results: field(&map, "results").to_owned(),
        shuffle: map.contains_key("shuffle"),
        questions,
    };
    (input, field(&map, "action").to_owned())
}

fn require_facilitator(access: &PanelAccess) -> AppResult<()> {
    access.require_facilitator()
}

/// `GET /panels/{slug}/tasks/new`
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let start = now() + chrono::Duration::days(1);
    let form = TaskInput {
        opens_at: super::model::helsinki_input(&start),
        closes_at: super::model::helsinki_input(&(start + chrono::Duration::days(14))),
        results: ResultsVisibility::AfterAnswering.as_str().to_owned(),
        ..Default::default()
    };
    Ok(render(&EditorPage {
        nav: PanelNav::new(&access, "tasks"),
        form,
        errors: Errors::default(),
        action: format!("/panels/{slug}/tasks"),
        is_new: true,
        fixed: false,
        disclosure: Vec::new(),
        ctx,
    })?
    .into_response())
}

fn editor_again(
    ctx: PageCtx,
    access: &PanelAccess,
    form: TaskInput,
    problems: &Problems,
    action: String,
    is_new: bool,
    fixed: bool,
) -> AppResult<Response> {
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let errors = Errors::from_problems(&ctx.t, problems);
    Ok((
        status,
        render(&EditorPage {
            nav: PanelNav::new(access, "tasks"),
            form,
            errors,
            action,
            is_new,
            fixed,
            disclosure: Vec::new(),
            ctx,
        })?,
    )
        .into_response())
}

/// `POST /panels/{slug}/tasks`
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let (input, action) = editor_input(pairs);
    let url = format!("/panels/{slug}/tasks");
    if action == "more" {
        return editor_again(ctx, &access, input, &Vec::new(), url, true, false);
    }
    match service::check_task(&input) {
        Ok(checked) => {
            let task =
                service::create_task(&state.db, access.id(), user.id, checked, now()).await?;
            ctx.flash("poll-task-created", None).await?;
            Ok(Redirect::to(&task_url(&access, task.id)).into_response())
        }
        Err(problems) => editor_again(ctx, &access, input, &problems, url, true, false),
    }
}

/// `GET /panels/{slug}/tasks/{id}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let task = task_of(&state, &access, id).await?;
    let fixed = task.phase(now()) != Phase::Upcoming;
    Ok(render(&EditorPage {
        nav: PanelNav::new(&access, "tasks"),
        form: service::input_of(&task),
        errors: Errors::default(),
        action: format!("{}/edit", task_url(&access, id)),
        is_new: false,
        fixed,
        disclosure: disclosure(&ctx.t, &task),
        ctx,
    })?
    .into_response())
}

/// `POST /panels/{slug}/tasks/{id}/edit`
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let task = task_of(&state, &access, id).await?;
    let at = now();
    let fixed = task.phase(at) != Phase::Upcoming;
    let (mut input, action) = editor_input(pairs);
    if fixed {
        // The form of an open task offers only these; the rest stays as it is.
        let kept = service::input_of(&task);
        input = TaskInput {
            title: input.title,
            intro: input.intro,
            closes_at: input.closes_at,
            ..kept
        };
    }
    let url = format!("{}/edit", task_url(&access, id));
    if action == "more" && !fixed {
        return editor_again(ctx, &access, input, &Vec::new(), url, false, fixed);
    }
    let outcome = match service::check_task(&input) {
        Ok(checked) => update_checked(&state, &task, checked, at).await,
        Err(problems) => Err(problems),
    };
    match outcome {
        Ok(()) => {
            ctx.flash("poll-task-updated", None).await?;
            Ok(Redirect::to(&task_url(&access, id)).into_response())
        }
        Err(problems) => editor_again(ctx, &access, input, &problems, url, false, fixed),
    }
}

async fn update_checked(
    state: &AppState,
    task: &TaskView,
    checked: CheckedTask,
    at: DateTime<Utc>,
) -> Result<(), Problems> {
    match service::update_task(&state.db, task, checked, at).await {
        Ok(_) => Ok(()),
        Err(PollError::Fixed(problems)) => Err(problems),
        Err(e) => {
            tracing::error!(error = %e, "saving a task failed");
            Err(vec![("title".into(), "error-internal")])
        }
    }
}

/// `POST /panels/{slug}/tasks/{id}/duplicate`
pub async fn duplicate(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let task = task_of(&state, &access, id).await?;
    let title = ctx.t.arg("poll-copy-title", "title", &task.row.title);
    let copy = service::duplicate(&state.db, &task, user.id, title, now()).await?;
    ctx.flash("poll-task-duplicated", None).await?;
    Ok(Redirect::to(&format!("{}/edit", task_url(&access, copy.id))).into_response())
}

// ----- Results -----

/// A table row of a question's results, as text.
pub struct TableRow {
    pub label: String,
    pub value: String,
    pub percent: String,
    pub extra: Option<String>,
}

/// One question's results as shown: chart, table, texts.
pub struct ResultBlock {
    pub result: QuestionResult,
    pub chart: Option<BarChart>,
    pub value_heading: String,
    pub percent_heading: String,
    pub extra_heading: Option<String>,
    pub rows: Vec<TableRow>,
    pub summary: String,
}

fn result_blocks(t: &Tr, results: Vec<QuestionResult>, prefix: &str) -> Vec<ResultBlock> {
    let lang = t.lang;
    results
        .into_iter()
        .map(|r| {
            let respondents = t.count("poll-respondents", r.respondents);
            let (value_heading, percent_heading, extra_heading, summary) = match &r.tally {
                Tally::Ranking { .. } => (
                    t.get("poll-col-points"),
                    t.get("poll-col-share-points"),
                    Some(t.get("poll-col-average-rank")),
                    respondents,
                ),
                Tally::Dots { total, .. } => (
                    t.get("poll-col-points"),
                    t.get("poll-col-share-points"),
                    None,
                    format!("{respondents} · {}", t.count("poll-points-total", *total)),
                ),
                Tally::Scale { average, .. } => (
                    t.get("poll-col-count"),
                    t.get("poll-col-share"),
                    None,
                    match average {
                        Some(a) => format!(
                            "{respondents} · {}",
                            t.arg("poll-average", "value", one_decimal(*a, lang))
                        ),
                        None => respondents,
                    },
                ),
                _ => (
                    t.get("poll-col-count"),
                    t.get("poll-col-share"),
                    None,
                    respondents,
                ),
            };
            let points = r.is_ranking() || r.is_dots();
            let rows = r
                .rows()
                .iter()
                .map(|row| TableRow {
                    label: row.label.clone(),
                    value: row.value.to_string(),
                    percent: format!("{} %", one_decimal(row.percent, lang)),
                    extra: row.average_rank.map(|a| one_decimal(a, lang)),
                })
                .collect();
            let chart = BarChart::for_result(
                &r,
                format!("{prefix}-q{}", r.question_id),
                summary.clone(),
                lang,
                |v, pct| {
                    if points {
                        format!("{} ({pct} %)", t.count("poll-points", v))
                    } else {
                        format!("{v} ({pct} %)")
                    }
                },
            );
            ResultBlock {
                chart,
                value_heading,
                percent_heading,
                extra_heading,
                rows,
                summary,
                result: r,
            }
        })
        .collect()
}

/// A breakdown group as shown.
pub struct GroupBlock {
    /// Unique prefix for the group's element ids.
    pub prefix: String,
    pub heading: String,
    pub answer_sets: u64,
    /// Whether the group gathers groups too small to show on their own.
    pub merged: bool,
    pub blocks: Vec<ResultBlock>,
}

#[derive(Template)]
#[template(path = "polls/results.html")]
pub struct ResultsPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub task: TaskView,
    pub url: String,
    pub disclosure: Vec<String>,
    pub answer_sets: u64,
    pub by: Option<Dimension>,
    pub overall: Vec<ResultBlock>,
    pub groups: Vec<GroupBlock>,
    pub facilitator: bool,
    pub anonymous: bool,
    /// Said where a breakdown leaves small groups out or merges them.
    pub groups_hidden_note: Option<String>,
}

impl ResultsPage {
    pub fn dimensions(&self) -> [Dimension; 3] {
        Dimension::ALL
    }
    pub fn is_by(&self, d: &Dimension) -> bool {
        self.by == Some(*d)
    }
}

/// The label of a company fact's value in the reader's language.
fn fact_label(t: &Tr, dimension: Dimension, value: &str) -> String {
    let key = match dimension {
        Dimension::Industry => Industry::parse(value).map(|v| v.label_key()),
        Dimension::Region => Region::parse(value).map(|v| v.label_key()),
        Dimension::Stage => CompanyStage::parse(value).map(|v| v.label_key()),
    };
    key.map(|k| t.get(k)).unwrap_or_else(|| value.to_owned())
}

/// The task, if the reader may see its results now; else 403 (they know the task exists).
async fn results_task(
    state: &AppState,
    ctx: &PageCtx,
    access: &PanelAccess,
    id: i32,
) -> AppResult<TaskView> {
    let task = task_of(state, access, id).await?;
    let answered = match &ctx.user {
        Some(u) => store::has_answered(&state.db, task.row.id, u.id).await?,
        None => false,
    };
    if !task.results_visible_to(access.role, answered, now()) {
        return Err(AppError::Forbidden);
    }
    Ok(task)
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    by: String,
}

/// `GET /panels/{slug}/tasks/{id}/results`
pub async fn results_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Query(q): Query<ResultsQuery>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = results_task(&state, &ctx, &access, id).await?;
    let t = ctx.t;
    let yes_no = (t.get("poll-yes"), t.get("poll-no"));
    let yn = (yes_no.0.as_str(), yes_no.1.as_str());
    let responses = service::responses(&state.db, &task).await?;
    let refs: Vec<&results::Response> = responses.iter().collect();
    let overall = result_blocks(&t, results::count_all(&task.questions, &refs, yn), "all");
    let by = Dimension::parse(&q.by);
    let anonymous = task.anonymity().is_anonymous();
    let min = results::breakdown_min_group(
        access.role,
        task.anonymity(),
        state.settings.results_min_group,
    );
    let groups = match by {
        None => Vec::new(),
        Some(d) => results::breakdown(&task.questions, &responses, d, min, yn)
            .into_iter()
            .enumerate()
            .map(|(i, g)| GroupBlock {
                prefix: format!("group{i}"),
                heading: match &g.value {
                    Some(v) => fact_label(&t, d, v),
                    None => t.get("poll-group-other"),
                },
                answer_sets: g.answer_sets,
                merged: g.merged,
                blocks: result_blocks(&t, g.results, &format!("g{i}")),
            })
            .collect(),
    };
    let shown: u64 = groups.iter().map(|g: &GroupBlock| g.answer_sets).sum();
    let groups_hidden_note = (by.is_some()
        && min > 1
        && (shown < responses.len() as u64 || groups.iter().any(|g| g.merged)))
    .then(|| {
        t.args(
            "poll-groups-hidden",
            &[("min", crate::i18n::FluentArg::Num(min as i64))],
        )
    });
    Ok(render(&ResultsPage {
        nav: PanelNav::new(&access, "tasks"),
        url: task_url(&access, id),
        disclosure: disclosure(&t, &task),
        answer_sets: responses.len() as u64,
        by,
        overall,
        groups,
        facilitator: access.is_facilitator(),
        anonymous,
        groups_hidden_note,
        task,
        ctx,
    })?
    .into_response())
}

/// `GET /panels/{slug}/tasks/{id}/results.csv`: facilitators only, and only once the results
/// are theirs to see.
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    require_facilitator(&access)?;
    let task = results_task(&state, &ctx, &access, id).await?;
    let t = ctx.t;
    let anonymous = task.anonymity().is_anonymous();
    let sets = store::answer_sets_of(&state.db, task.row.id).await?;
    let mut names: HashMap<i32, (String, String)> = HashMap::new();
    if !anonymous {
        let companies = access::companies(&state.db, access.id()).await?;
        let ids: Vec<i32> = sets.iter().filter_map(|s| s.respondent_id).collect();
        for u in store::users_by_ids(&state.db, &ids).await? {
            let company = companies
                .iter()
                .find(|c| c.user_id == u.id)
                .map(|c| c.company.clone())
                .unwrap_or_default();
            names.insert(u.id, (u.display_name, company));
        }
    }
    let label = |d: Dimension, v: &Option<String>| {
        v.as_deref()
            .map(|v| fact_label(&t, d, v))
            .unwrap_or_default()
    };
    let rows: Vec<export::ExportRow> = sets
        .iter()
        .map(|s| export::ExportRow {
            respondent: (!anonymous).then(|| {
                let (name, company) = s
                    .respondent_id
                    .and_then(|id| names.get(&id).cloned())
                    .unwrap_or_default();
                export::Respondent {
                    name,
                    company,
                    industry: label(Dimension::Industry, &s.industry),
                    region: label(Dimension::Region, &s.region),
                    stage: label(Dimension::Stage, &s.stage),
                    saved_at: s
                        .saved_at
                        .map(|at| {
                            at.with_timezone(&chrono_tz::Europe::Helsinki)
                                .format("%Y-%m-%d %H:%M")
                                .to_string()
                        })
                        .unwrap_or_default(),
                }
            }),
            answers: service::answers_of(s),
        })
        .collect();
    let headings = export::Headings {
        name: t.get("poll-csv-name"),
        company: t.get("poll-csv-company"),
        industry: t.get("poll-breakdown-industry"),
        region: t.get("poll-breakdown-region"),
        stage: t.get("poll-breakdown-stage"),
        saved_at: t.get("poll-csv-saved-at"),
        yes: t.get("poll-yes"),
        no: t.get("poll-no"),
    };
    let bytes = export::export(&task.questions, &rows, anonymous, &headings)
        .map_err(|e| AppError::Internal(e.into()))?;
    let filename = format!(
        "{}-{}.csv",
        crate::blog::model::slugify(&task.row.title),
        task.row.id
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
