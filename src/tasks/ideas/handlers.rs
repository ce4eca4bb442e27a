//! The pages of an ideas task: the board (`GET /panels/{slug}/tasks/{id}`, with the idea form
//! while collecting and the ballot while voting), one idea with its comments, editing and
//! merging ideas, moderation, the facilitator's phase button, and the ideas task's editor.
//! Thin: parse, ask `service`, render.
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    model::{
        CommentForm, CommentText, IdeaForm, IdeaId, IdeaPhase, IdeaTaskForm, IdeaText, Moderation,
        NewIdeaTask, PhaseChange, VOTE_QUESTION, VoteMethod,
    },
    service::{self, Board, CommentView, IdeaError, IdeaView},
};
use crate::{
    auth::CurrentUser,
    db::now,
    error::{AppError, AppResult, FieldError},
    i18n::Tr,
    markdown::SafeHtml,
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    tasks::{
        answering::model::AnswerFields,
        handlers::{disclosure, panel, task_of, task_url},
        model::{ResultsVisibility, helsinki_input},
        service::{TaskError, TaskView},
        store as tasks_store,
    },
    web::{FormErrors, PageCtx, render, see_other},
};

// ----- The board -----

/// One idea on the ballot.
pub struct BallotRow {
    pub id: i32,
    pub title: String,
    pub field: String,
    pub href: String,
}

/// What the facilitator's phase button does next.
pub struct NextPhase {
    pub value: &'static str,
    pub label_key: &'static str,
}

impl NextPhase {
    /// The button for a task in `phase` (none once closed).
    fn after(phase: IdeaPhase) -> Option<NextPhase> {
        let (value, label_key) = match phase {
            IdeaPhase::Upcoming => ("collecting", "ideas-phase-start-collecting"),
            IdeaPhase::Collecting => ("voting", "ideas-phase-start-voting"),
            IdeaPhase::Voting => ("closed", "ideas-phase-close"),
            IdeaPhase::Closed => return None,
        };
        Some(NextPhase { value, label_key })
    }
}

#[derive(Template)]
#[template(path = "tasks/ideas/board.html")]
pub struct BoardPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub task: TaskView,
    pub url: String,
    pub intro: SafeHtml,
    pub disclosure: Vec<String>,
    pub board: Board,
    pub facilitator: bool,
    pub may_submit: bool,
    pub may_vote: bool,
    pub voted: bool,
    pub anonymous: bool,
    pub results_visible: bool,
    pub next_phase: Option<NextPhase>,
    /// The idea form (kept filled in when refused).
    pub form: IdeaForm,
    pub errors: FormErrors,
    /// The ballot, in the task's order.
    pub ballot: Vec<BallotRow>,
    pub places: Vec<usize>,
    pub voting_opens_at: chrono::DateTime<chrono::Utc>,
    pub votes: AnswerFields,
    pub vote_error: Option<String>,
}

impl BoardPage {
    pub fn is_dots(&self) -> bool {
        self.board.settings.method == VoteMethod::Dots
    }
    pub fn vote_value(&self, field: &str) -> String {
        self.votes.one(field).unwrap_or("").to_owned()
    }
    pub fn place_is(&self, field: &str, place: &usize) -> bool {
        self.votes.one(field) == Some(place.to_string().as_str())
    }
    pub fn credits(&self, idea: &IdeaView) -> String {
        credit_line(&self.ctx.t, idea, self.anonymous)
    }
}

/// "Maija Mäkinen, Pekka Virtanen", or "anonymous".
fn credit_line(t: &Tr, idea: &IdeaView, anonymous: bool) -> String {
    if anonymous || idea.credits.is_empty() {
        return t.get("ideas-credit-anonymous");
    }
    idea.credits
        .iter()
        .map(|n| n.shown(t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ideas task's own lines of "who sees what and when", then the tasks' usual ones.
fn idea_disclosure(t: &Tr, task: &TaskView, board: &Board) -> Vec<String> {
    let s = &board.settings;
    let mut out = vec![
        if s.ideas_visible {
            t.get("ideas-disclose-visible")
        } else {
            t.get("ideas-disclose-hidden")
        },
        match s.method {
            VoteMethod::Dots => t.count("ideas-disclose-dots", s.points),
            VoteMethod::Ranking => t.get("ideas-disclose-ranking"),
        },
    ];
    if task.anonymity().is_anonymous() {
        out.push(t.get("ideas-disclose-anonymous"));
    }
    out.extend(disclosure(t, task));
    out
}

/// What a board shows beyond the task: a refused idea or vote, kept as typed.
#[derive(Default)]
pub struct Refused {
    pub form: IdeaForm,
    pub errors: Vec<FieldError>,
    pub votes: Option<AnswerFields>,
    pub vote_error: Option<String>,
}

/// The board of an ideas task as `ctx`'s reader may see it.
pub async fn board_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    task: TaskView,
    refused: Refused,
) -> AppResult<BoardPage> {
    let at = now();
    let board = service::board(&state.db, access, &task, at).await?;
    let user_id = ctx.user.as_ref().map(|u| u.id);
    let voted = match user_id {
        Some(id) => tasks_store::has_answered(&state.db, task.row.id, id).await?,
        None => false,
    };
    let anonymous = task.anonymity().is_anonymous();
    let may_vote =
        service::votes(access.role) && board.phase == IdeaPhase::Voting && (!anonymous || !voted);
    let votes = match (refused.votes, user_id) {
        (Some(v), _) => v,
        (None, Some(id)) if may_vote => crate::tasks::service::own_answers(&state.db, &task, id)
            .await?
            .map(|a| AnswerFields::from_answers(&task.questions, &a))
            .unwrap_or_default(),
        _ => AnswerFields::default(),
    };
    let ballot: Vec<BallotRow> = task
        .questions
        .iter()
        .filter(|q| q.id == VOTE_QUESTION)
        .flat_map(|q| {
            q.options.iter().map(|o| BallotRow {
                id: o.id.0,
                title: o.label.clone(),
                field: q.option_field(o.id),
                href: service::url(&access.panel.slug, task.row.id, o.id.0),
            })
        })
        .collect();
    let next_phase = if access.is_facilitator() {
        NextPhase::after(board.phase)
    } else {
        None
    };
    let ctx = ctx.with_csrf().await?;
    Ok(BoardPage {
        nav: PanelNav::new(access, "tasks"),
        url: task_url(access, task.row.id),
        intro: SafeHtml::from_stored(task.row.intro_html.clone()),
        disclosure: idea_disclosure(&ctx.t, &task, &board),
        facilitator: access.is_facilitator(),
        // A refused idea comes back in its form even when the phase moved on meanwhile, so
        // its text is not lost.
        may_submit: access.role.is_some()
            && (board.phase == IdeaPhase::Collecting || !refused.errors.is_empty()),
        may_vote,
        voted,
        anonymous,
        results_visible: task.results_visible_to(access.role, voted, at),
        next_phase,
        form: refused.form,
        errors: FormErrors::new(ctx.t, refused.errors),
        places: (1..=ballot.len()).collect(),
        voting_opens_at: board.settings.voting_opens_at,
        ballot,
        votes,
        vote_error: refused.vote_error,
        board,
        task,
        ctx,
    })
}

/// The board with a refusal: 422 and everything typed kept.
async fn board_again(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    task: TaskView,
    refused: Refused,
) -> AppResult<Response> {
    let page = board_page(state, ctx, access, task, refused).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn ideas_task(state: &AppState, access: &PanelAccess, id: i32) -> AppResult<TaskView> {
    let task = task_of(state, access, id).await?;
    if task.ideas.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(task)
}

/// `POST /panels/{slug}/tasks/{id}/ideas`: submit an idea.
pub async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<IdeaForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_member()?;
    let task = ideas_task(&state, &access, id).await?;
    let refuse = |errors| Refused {
        form: form.clone(),
        errors,
        ..Refused::default()
    };
    let text = match IdeaText::parse(&form) {
        Ok(text) => text,
        Err(errors) => return board_again(&state, ctx, &access, task, refuse(errors)).await,
    };
    match service::submit_idea(
        &state.db,
        &access,
        &user,
        &task,
        text,
        state.settings.write_rate,
        now(),
    )
    .await
    {
        Ok(saved) => {
            let key = if saved.state == super::model::IdeaState::Visible.as_str() {
                "ideas-submitted"
            } else {
                "ideas-submitted-held"
            };
            ctx.flash(key, None).await?;
            Ok(see_other(&task_url(&access, id)).into_response())
        }
        Err(IdeaError::Phase(key)) => {
            board_again(
                &state,
                ctx,
                &access,
                task,
                refuse(vec![FieldError::new("title", key)]),
            )
            .await
        }
        Err(IdeaError::Rate(e)) => {
            board_again(
                &state,
                ctx,
                &access,
                task,
                refuse(vec![FieldError::new("body", e.message_key())]),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /panels/{slug}/tasks/{id}/votes`: vote over the ideas.
pub async fn vote(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_member()?;
    let task = ideas_task(&state, &access, id).await?;
    let fields = AnswerFields::from_pairs(pairs.into_iter().filter(|(k, _)| k != "csrf_token"));
    match service::vote(&state.db, &access, &user, &task, &fields, now()).await {
        Ok(()) => {
            ctx.flash("ideas-voted", None).await?;
            Ok(see_other(&task_url(&access, id)).into_response())
        }
        Err(TaskError::Invalid(errors)) => {
            let message = errors.first().map(|(_, e)| e.message(&ctx.t));
            let refused = Refused {
                votes: Some(fields),
                vote_error: message,
                ..Refused::default()
            };
            board_again(&state, ctx, &access, task, refused).await
        }
        Err(TaskError::NotOpen) => Err(AppError::BadRequest("ideas-error-not-voting")),
        Err(TaskError::AlreadyAnswered) => {
            ctx.flash("poll-error-already-answered", None).await?;
            Ok(see_other(&task_url(&access, id)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct PhaseForm {
    #[serde(default)]
    pub phase: String,
}

/// `POST /panels/{slug}/tasks/{id}/phase`: the facilitator moves the phase on now.
pub async fn change_phase(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<PhaseForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let task = ideas_task(&state, &access, id).await?;
    let change =
        PhaseChange::parse(&form.phase).ok_or(AppError::BadRequest("ideas-error-phase-moved"))?;
    service::change_phase(&state.db, &access, &task, change, now()).await?;
    ctx.flash("ideas-phase-changed", None).await?;
    Ok(see_other(&task_url(&access, id)).into_response())
}

// ----- One idea -----

#[derive(Template)]
#[template(path = "tasks/ideas/idea.html")]
pub struct IdeaPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub task: TaskView,
    pub task_url: String,
    pub idea: IdeaView,
    pub body: SafeHtml,
    pub credits: String,
    pub comments: Vec<CommentView>,
    pub facilitator: bool,
    pub may_edit: bool,
    pub may_comment: bool,
    pub may_merge: bool,
    pub merge_targets: Vec<(i32, String)>,
    pub form: CommentForm,
    pub errors: FormErrors,
    pub merge_error: Option<String>,
}

impl IdeaPage {
    pub fn comment_html(&self, c: &CommentView) -> SafeHtml {
        SafeHtml::from_stored(c.row.body_html.clone())
    }
    pub fn comment_author(&self, c: &CommentView) -> String {
        match &c.author {
            Some(name) => name.shown(&self.ctx.t),
            None => self.ctx.t.get("ideas-credit-anonymous"),
        }
    }
}

/// What an idea's page shows beyond the idea: a refused comment or merge, kept as typed.
#[derive(Default)]
struct Typed {
    form: CommentForm,
    errors: Vec<FieldError>,
    merge_error: Option<String>,
}

async fn idea_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    task: TaskView,
    idea: IdeaId,
    typed: Typed,
) -> AppResult<IdeaPage> {
    let Typed {
        form,
        errors,
        merge_error,
    } = typed;
    let at = now();
    let (view, comments) = service::idea_view(&state.db, access, &task, idea, at).await?;
    let settings = service::settings_of(&task)?;
    let phase = service::phase_of(&task, &settings, at);
    let open = matches!(phase, IdeaPhase::Collecting | IdeaPhase::Voting);
    let may_edit = service::may_edit(&state.db, access, &task, &view.row, at).await?;
    let may_merge = access.is_facilitator() && open && view.merged_into.is_none();
    let merge_targets = if may_merge {
        service::merge_targets(&state.db, &task, idea).await?
    } else {
        Vec::new()
    };
    let ctx = ctx.with_csrf().await?;
    Ok(IdeaPage {
        nav: PanelNav::new(access, "tasks"),
        task_url: task_url(access, task.row.id),
        body: SafeHtml::from_stored(view.row.body_html.clone()),
        credits: credit_line(&ctx.t, &view, task.anonymity().is_anonymous()),
        facilitator: access.is_facilitator(),
        may_comment: access.role.is_some()
            && open
            && view.state.is_visible()
            && view.merged_into.is_none(),
        may_edit,
        may_merge,
        merge_targets,
        errors: FormErrors::new(ctx.t, errors),
        form,
        merge_error,
        comments,
        idea: view,
        task,
        ctx,
    })
}

/// `GET /panels/{slug}/tasks/{id}/ideas/{idea}`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    let page = idea_page(&state, ctx, &access, task, IdeaId(idea), Typed::default()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "tasks/ideas/edit.html")]
pub struct EditIdeaPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub task: TaskView,
    pub idea_url: String,
    pub form: IdeaForm,
    pub errors: FormErrors,
}

async fn editable(
    state: &AppState,
    access: &PanelAccess,
    task: &TaskView,
    idea: IdeaId,
) -> AppResult<crate::entities::tasks::idea::Model> {
    let row = super::store::idea_in_task(&state.db, task.row.id, idea)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_edit(&state.db, access, task, &row, now()).await? {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

async fn edit_again(
    ctx: PageCtx,
    access: &PanelAccess,
    task: TaskView,
    idea: i32,
    form: IdeaForm,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let ctx = ctx.with_csrf().await?;
    let page = EditIdeaPage {
        nav: PanelNav::new(access, "tasks"),
        idea_url: service::url(&access.panel.slug, task.row.id, idea),
        errors: FormErrors::new(ctx.t, errors),
        form,
        task,
        ctx,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /panels/{slug}/tasks/{id}/ideas/{idea}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    let row = editable(&state, &access, &task, IdeaId(idea)).await?;
    let form = IdeaForm {
        title: row.title,
        body: row.body_md,
    };
    edit_again(ctx, &access, task, idea, form, Vec::new()).await
}

/// `POST /panels/{slug}/tasks/{id}/ideas/{idea}/edit`
pub async fn edit(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    Form(form): Form<IdeaForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    editable(&state, &access, &task, IdeaId(idea)).await?;
    match IdeaText::parse(&form) {
        Ok(text) => {
            service::edit_idea(&state.db, &access, &task, IdeaId(idea), text, now()).await?;
            ctx.flash("ideas-edited", None).await?;
            Ok(see_other(&service::url(&slug, id, idea)).into_response())
        }
        Err(errors) => edit_again(ctx, &access, task, idea, form, errors).await,
    }
}

#[derive(Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    pub into: String,
}

/// `POST /panels/{slug}/tasks/{id}/ideas/{idea}/merge`: merge this duplicate into another.
pub async fn merge(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    Form(form): Form<MergeForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let task = ideas_task(&state, &access, id).await?;
    let into = form.into.trim().parse::<i32>().unwrap_or(0);
    match service::merge(&state.db, &access, &task, IdeaId(idea), IdeaId(into), now()).await {
        Ok(()) => {
            ctx.flash("ideas-merged", None).await?;
            Ok(see_other(&service::url(&slug, id, into)).into_response())
        }
        Err(IdeaError::Fields(errors)) => {
            let message = errors.first().map(|e| e.message(&ctx.t));
            let typed = Typed {
                merge_error: message,
                ..Typed::default()
            };
            let page = idea_page(&state, ctx, &access, task, IdeaId(idea), typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ModerationForm {
    #[serde(default)]
    pub action: String,
}

/// `POST /panels/{slug}/tasks/{id}/ideas/{idea}/moderate`: approve, hide or show again.
pub async fn moderate(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    Form(form): Form<ModerationForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    let action =
        Moderation::parse(&form.action).ok_or(AppError::BadRequest("ideas-error-moderation"))?;
    service::moderate_idea(&state.db, &access, &task, IdeaId(idea), action).await?;
    ctx.flash("ideas-moderated", None).await?;
    Ok(see_other(&service::url(&slug, id, idea)).into_response())
}

/// `POST /panels/{slug}/tasks/{id}/ideas/{idea}/comments`
pub async fn add_comment(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, idea)): Path<(String, i32, i32)>,
    Form(form): Form<CommentForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_member()?;
    let task = ideas_task(&state, &access, id).await?;
    let outcome = match CommentText::parse(&form) {
        Ok(text) => service::comment(
            &state.db,
            &access,
            &user,
            &task,
            IdeaId(idea),
            text,
            state.settings.write_rate,
            now(),
        )
        .await
        .map_err(|e| match e {
            IdeaError::Phase(key) => IdeaError::Fields(vec![FieldError::new("body", key)]),
            IdeaError::Rate(e) => IdeaError::Fields(vec![FieldError::new("body", e.message_key())]),
            other => other,
        }),
        Err(errors) => Err(IdeaError::Fields(errors)),
    };
    match outcome {
        Ok(saved) => {
            let key = if saved.state == super::model::IdeaState::Visible.as_str() {
                "ideas-commented"
            } else {
                "ideas-commented-held"
            };
            ctx.flash(key, None).await?;
            Ok(see_other(&format!(
                "{}#idea-comment-{}",
                service::url(&slug, id, idea),
                saved.id
            ))
            .into_response())
        }
        Err(IdeaError::Fields(errors)) => {
            let typed = Typed {
                form,
                errors,
                merge_error: None,
            };
            let page = idea_page(&state, ctx, &access, task, IdeaId(idea), typed).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /panels/{slug}/tasks/{id}/ideas/{idea}/comments/{comment}/moderate`
pub async fn moderate_comment(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id, idea, comment)): Path<(String, i32, i32, i32)>,
    Form(form): Form<ModerationForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    let action =
        Moderation::parse(&form.action).ok_or(AppError::BadRequest("ideas-error-moderation"))?;
    service::moderate_comment(&state.db, &access, &task, IdeaId(idea), comment, action).await?;
    ctx.flash("ideas-moderated", None).await?;
    Ok(see_other(&format!(
        "{}#idea-comment-{comment}",
        service::url(&slug, id, idea)
    ))
    .into_response())
}

/// `POST /panels/{slug}/tasks/{id}/ideas/{idea}/comments/{comment}/remove`: one's own.
pub async fn remove_comment(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, idea, comment)): Path<(String, i32, i32, i32)>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    let task = ideas_task(&state, &access, id).await?;
    service::remove_comment(&state.db, &user, &task, IdeaId(idea), comment).await?;
    ctx.flash("ideas-comment-removed", None).await?;
    Ok(see_other(&service::url(&slug, id, idea)).into_response())
}

// ----- The ideas task's editor -----

#[derive(Template)]
#[template(path = "tasks/ideas/editor.html")]
pub struct EditorPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub form: IdeaTaskForm,
    pub errors: FormErrors,
    pub action: String,
    pub is_new: bool,
    /// Once open, the settings members saw are shown but cannot change.
    pub fixed: bool,
}

impl EditorPage {
    pub fn visibilities(&self) -> [ResultsVisibility; 4] {
        ResultsVisibility::ALL
    }
    pub fn methods(&self) -> [VoteMethod; 2] {
        VoteMethod::ALL
    }
    pub fn results_is(&self, v: &ResultsVisibility) -> bool {
        self.form.results.trim() == v.as_str()
    }
    pub fn method_is(&self, m: &VoteMethod) -> bool {
        self.form.method.trim() == m.as_str()
    }
    /// `aria-describedby` for a field: its hint (if any) and its error (if any).
    pub fn described_by(&self, field: &str, hint: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{field}-hint"));
        }
        if self.errors.has(field) {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }
}

fn editor(
    ctx: PageCtx,
    access: &PanelAccess,
    form: IdeaTaskForm,
    errors: Vec<FieldError>,
    action: String,
    is_new: bool,
    fixed: bool,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = EditorPage {
        nav: PanelNav::new(access, "tasks"),
        errors: FormErrors::new(ctx.t, errors),
        form,
        action,
        is_new,
        fixed,
        ctx,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /panels/{slug}/tasks/new-ideas`
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let start = now() + chrono::Duration::days(1);
    let form = IdeaTaskForm {
        opens_at: helsinki_input(&start),
        voting_opens_at: helsinki_input(&(start + chrono::Duration::days(14))),
        closes_at: helsinki_input(&(start + chrono::Duration::days(21))),
        results: ResultsVisibility::AfterAnswering.as_str().to_owned(),
        method: VoteMethod::Dots.as_str().to_owned(),
        points: "10".into(),
        ideas_visible: Some("on".into()),
        ..Default::default()
    };
    let ctx = ctx.with_csrf().await?;
    editor(
        ctx,
        &access,
        form,
        Vec::new(),
        format!("/panels/{slug}/tasks/new-ideas"),
        true,
        false,
    )
}

/// `POST /panels/{slug}/tasks/new-ideas`
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<IdeaTaskForm>,
) -> AppResult<Response> {
    let access = panel(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let action = format!("/panels/{slug}/tasks/new-ideas");
    match NewIdeaTask::parse(&form) {
        Ok(new) => {
            let saved = service::create_task(&state.db, &access, &user, new, now()).await?;
            ctx.flash("ideas-task-created", None).await?;
            Ok(see_other(&task_url(&access, saved.id)).into_response())
        }
        Err(errors) => {
            let ctx = ctx.with_csrf().await?;
            editor(ctx, &access, form, errors, action, true, false)
        }
    }
}

/// The editor of an existing ideas task (`GET /panels/{slug}/tasks/{id}/edit` of an ideas
/// task comes here).
pub async fn edit_task_form(
    ctx: PageCtx,
    access: &PanelAccess,
    task: &TaskView,
) -> AppResult<Response> {
    access.require_facilitator()?;
    let settings = service::settings_of(task)?;
    let fixed = service::phase_of(task, &settings, now()) != IdeaPhase::Upcoming;
    let ctx = ctx.with_csrf().await?;
    editor(
        ctx,
        access,
        service::form_of(task, &settings),
        Vec::new(),
        format!("{}/edit", task_url(access, task.row.id)),
        false,
        fixed,
    )
}

/// The form's fields as sent to `POST …/edit` (read as a list of pairs by the tasks' editor).
pub fn form_of_pairs(pairs: Vec<(String, String)>) -> IdeaTaskForm {
    let map: HashMap<String, String> = pairs.into_iter().collect();
    let get = |k: &str| map.get(k).cloned().unwrap_or_default();
    IdeaTaskForm {
        title: get("title"),
        intro: get("intro"),
        opens_at: get("opens_at"),
        voting_opens_at: get("voting_opens_at"),
        closes_at: get("closes_at"),
        anonymous: map.get("anonymous").cloned(),
        results: get("results"),
        method: get("method"),
        points: get("points"),
        ideas_visible: map.get("ideas_visible").cloned(),
    }
}

/// Save an edit of an ideas task (`POST /panels/{slug}/tasks/{id}/edit` of an ideas task).
/// Fields a fixed task no longer offers keep their stored values.
pub async fn edit_task(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    task: &TaskView,
    mut form: IdeaTaskForm,
) -> AppResult<Response> {
    access.require_facilitator()?;
    let settings = service::settings_of(task)?;
    let at = now();
    let phase = service::phase_of(task, &settings, at);
    if phase != IdeaPhase::Upcoming {
        let kept = service::form_of(task, &settings);
        form.opens_at = kept.opens_at;
        form.anonymous = kept.anonymous;
        form.results = kept.results;
        form.ideas_visible = kept.ideas_visible;
        if phase >= IdeaPhase::Voting {
            form.voting_opens_at = kept.voting_opens_at;
            form.method = kept.method;
            form.points = kept.points;
        }
    }
    let action = format!("{}/edit", task_url(access, task.row.id));
    let fixed = phase != IdeaPhase::Upcoming;
    let outcome = match NewIdeaTask::parse(&form) {
        Ok(new) => service::update_task(&state.db, access, task, new, at).await,
        Err(errors) => Err(IdeaError::Fields(errors)),
    };
    match outcome {
        Ok(_) => {
            ctx.flash("poll-task-updated", None).await?;
            Ok(see_other(&task_url(access, task.row.id)).into_response())
        }
        Err(IdeaError::Fields(errors)) => {
            let ctx = ctx.with_csrf().await?;
            editor(ctx, access, form, errors, action, false, fixed)
        }
        Err(e) => Err(e.into()),
    }
}
