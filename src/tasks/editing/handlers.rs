//! The task editor: `GET …/tasks/new`, `POST …/tasks`, `GET`/`POST …/tasks/{id}/edit` and
//! `POST …/duplicate`. The form's fields become a `TaskInput`, checked by the same parser as
//! the API's (`TaskInput::check`).
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::{DateTime, Utc};

use super::model::{CheckedTask, Problem, Problems, QuestionDraftInput, TaskField, TaskInput};
use crate::{
    auth::CurrentUser,
    db::now,
    error::AppResult,
    i18n::Tr,
    panels::{access::PanelAccess, model::CodeList, nav::PanelNav},
    state::AppState,
    tasks::{
        aim::AIM_KINDS,
        handlers::{disclosure, panel, require_facilitator, task_of, task_url},
        ideas::handlers as ideas,
        model::{MAX_QUESTIONS, Phase, QuestionKind, ResultsVisibility, helsinki_input},
        service::{self, TaskError, TaskView},
    },
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
                .map(|p| (p.field.editor_name(), t.get(p.key)))
                .collect(),
        )
    }
}

// ----- Editor -----

/// How many empty question slots the editor offers beyond the filled ones.
const SPARE_SLOTS: usize = 2;

#[derive(Template)]
#[template(path = "tasks/editor.html")]
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
    /// The "Aimed at" choices: everyone, or values present in the panel.
    pub aim_groups: Vec<AimGroup>,
}

/// One way of aiming a task in the editor, with the values to tick.
pub struct AimGroup {
    pub kind: &'static str,
    pub label: String,
    pub chosen: bool,
    pub options: Vec<AimOption>,
}

/// One value to aim at (an industry, a region, a stage or a member).
pub struct AimOption {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// Codes with their names in the reader's language (companies without the fact skipped).
fn named<T: CodeList>(t: &Tr, values: impl Iterator<Item = Option<T>>) -> Vec<(String, String)> {
    values
        .flatten()
        .map(|v| (v.code().to_owned(), t.get(v.name_key())))
        .collect()
}

/// The editor's aim choices: the industries, regions and stages the panel's member companies
/// have, and its members, each ticked when the form has it.
async fn aim_groups(
    state: &AppState,
    access: &PanelAccess,
    t: &Tr,
    form: &TaskInput,
) -> AppResult<Vec<AimGroup>> {
    let companies = crate::panels::access::companies(&state.db, access.id()).await?;
    let chosen_kind = if form.aim_kind.is_empty() {
        "everyone"
    } else {
        form.aim_kind.as_str()
    };
    let mut groups = Vec::new();
    for kind in AIM_KINDS {
        let mut values: Vec<(String, String)> = match kind {
            "industry" => named(t, companies.iter().map(|c| c.industry)),
            "region" => named(t, companies.iter().map(|c| c.region)),
            "stage" => named(t, companies.iter().map(|c| c.stage)),
            "members" => companies
                .iter()
                .map(|c| (c.user_id.to_string(), c.company.clone()))
                .collect(),
            _ => Vec::new(),
        };
        values.sort_by(|a, b| a.1.cmp(&b.1));
        values.dedup();
        let chosen = kind == chosen_kind;
        groups.push(AimGroup {
            kind,
            label: t.get(&format!("aim-kind-{kind}")),
            chosen,
            options: values
                .into_iter()
                .map(|(value, label)| AimOption {
                    checked: chosen && form.aim_values.contains(&value),
                    value,
                    label,
                })
                .collect(),
        });
    }
    Ok(groups)
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
    // The aim's values are checkboxes of one name (`aim_industry`…), each ticked one a pair.
    let aim_kind = pairs
        .iter()
        .find(|(k, _)| k == "aim_kind")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let aim_field = format!("aim_{aim_kind}");
    let aim_values: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| *k == aim_field)
        .map(|(_, v)| v.clone())
        .collect();
    let map: HashMap<String, String> = pairs.into_iter().collect();
    let mut questions = Vec::new();
    // One past the cap, so that an overfull form is refused rather than cut short.
    for i in 0..=MAX_QUESTIONS {
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
        aim_kind,
        aim_values,
        questions,
    };
    (input, field(&map, "action").to_owned())
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
        opens_at: helsinki_input(&start),
        closes_at: helsinki_input(&(start + chrono::Duration::days(14))),
        results: ResultsVisibility::AfterAnswering.as_str().to_owned(),
        ..Default::default()
    };
    let aim_groups = aim_groups(&state, &access, &ctx.t, &form).await?;
    Ok(render(&EditorPage {
        nav: PanelNav::new(&access, "tasks"),
        form,
        errors: Errors::default(),
        action: format!("/panels/{slug}/tasks"),
        is_new: true,
        fixed: false,
        disclosure: Vec::new(),
        aim_groups,
        ctx,
    })?
    .into_response())
}

/// Where the editor's form goes: its address, whether it writes a new task, and whether
/// the task is open or closed (its settings fixed).
struct Target {
    action: String,
    is_new: bool,
    fixed: bool,
}

impl Target {
    fn new_task(action: String) -> Self {
        Target {
            is_new: true,
            ..Target::existing(action, false)
        }
    }
    fn existing(action: String, fixed: bool) -> Self {
        Target {
            action,
            is_new: false,
            fixed,
        }
    }
}

async fn editor_again(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    form: TaskInput,
    problems: &Problems,
    target: Target,
) -> AppResult<Response> {
    let Target {
        action,
        is_new,
        fixed,
    } = target;
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let errors = Errors::from_problems(&ctx.t, problems);
    let aim_groups = aim_groups(state, access, &ctx.t, &form).await?;
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
            aim_groups,
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
        return editor_again(
            &state,
            ctx,
            &access,
            input,
            &Vec::new(),
            Target::new_task(url),
        )
        .await;
    }
    let problems = match service::check_task(&input) {
        Ok(checked) => {
            match service::create_task(&state.db, access.id(), user.id, checked, now()).await {
                Ok(task) => {
                    ctx.flash("poll-task-created", None).await?;
                    return Ok(Redirect::to(&task_url(&access, task.id)).into_response());
                }
                // Settled against the panel (a list of members naming someone not seated).
                Err(TaskError::Fixed(problems)) => problems,
                Err(e) => return Err(e.into()),
            }
        }
        Err(problems) => problems,
    };
    editor_again(
        &state,
        ctx,
        &access,
        input,
        &problems,
        Target::new_task(url),
    )
    .await
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
    if task.ideas.is_some() {
        return ideas::edit_task_form(ctx, &access, &task).await;
    }
    let fixed = task.phase(now()) != Phase::Upcoming;
    let form = service::input_of(&task);
    let aim_groups = aim_groups(&state, &access, &ctx.t, &form).await?;
    Ok(render(&EditorPage {
        nav: PanelNav::new(&access, "tasks"),
        form,
        errors: Errors::default(),
        action: format!("{}/edit", task_url(&access, id)),
        is_new: false,
        fixed,
        disclosure: disclosure(&ctx.t, &task),
        aim_groups,
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
    if task.ideas.is_some() {
        return ideas::edit_task(&state, ctx, &access, &task, ideas::form_of_pairs(pairs)).await;
    }
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
        return editor_again(
            &state,
            ctx,
            &access,
            input,
            &Vec::new(),
            Target::existing(url, fixed),
        )
        .await;
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
        Err(problems) => {
            editor_again(
                &state,
                ctx,
                &access,
                input,
                &problems,
                Target::existing(url, fixed),
            )
            .await
        }
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
        Err(TaskError::Fixed(problems)) => Err(problems),
        Err(e) => {
            tracing::error!(error = %e, "saving a task failed");
            Err(vec![Problem {
                field: TaskField::Title,
                key: "error-internal",
            }])
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
