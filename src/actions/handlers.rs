//! Action pages: the panel's progress page, writing an action, one action with its history
//! and the status form, and "my actions". Thin: parse, call `service`, render.
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use serde::Deserialize;

use super::{
    access,
    entities::action,
    model::{ActionForm, Status, StatusChange, UpdateForm},
    service::{self, ActionError, ActionView, OwnAction, SourceChoice, UpdateView, due_text},
};
use crate::{
    auth::CurrentUser,
    entities::user,
    error::{AppResult, FieldError},
    markdown::SafeHtml,
    panels::{access::PanelAccess, nav::PanelNav},
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

// ----- The progress page -----

#[derive(Template)]
#[template(path = "actions/progress.html")]
struct ProgressPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    groups: Vec<(Status, Vec<ActionView>)>,
    can_create: bool,
}

impl ProgressPage {
    fn due(&self, day: &NaiveDate) -> String {
        due_text(&self.ctx.t, *day)
    }
}

/// `GET /panels/{slug}/actions`: the panel's actions by status, each traced to its source.
pub async fn progress(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = service::open_panel(&state.db, &slug, ctx.actor()).await?;
    let groups = service::progress(&state.db, &access, ctx.user.as_ref()).await?;
    Ok(render(&ProgressPage {
        nav: PanelNav::new(&access, "actions"),
        can_create: access::may_create(&access),
        slug,
        groups,
        ctx,
    })?
    .into_response())
}

// ----- Writing an action -----

#[derive(Template)]
#[template(path = "actions/new.html")]
struct NewPage {
    ctx: PageCtx,
    nav: PanelNav,
    slug: String,
    form: ActionForm,
    owners: Vec<user::Model>,
    sources: Vec<SourceChoice>,
    errors: FormErrors,
}

impl NewPage {
    fn is_owner(&self, id: &i32) -> bool {
        self.form.owner.trim() == id.to_string()
    }
    fn is_source(&self, key: &str) -> bool {
        self.form.source.trim() == key
    }
    /// `aria-describedby` for a field: its hint (if any) and its error (if any).
    fn described_by(&self, field: &str, hint: bool) -> String {
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

async fn new_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    user: &CurrentUser,
    form: ActionForm,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> AppResult<Response> {
    let page = NewPage {
        nav: PanelNav::new(access, "actions"),
        slug: access.panel.slug.clone(),
        owners: service::owners(&state.db, &access.panel).await?,
        sources: service::source_choices(&state.db, access, user).await?,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
        form,
    };
    Ok((status, render(&page)?).into_response())
}

/// Prefill of the form: `?source=agenda:12`.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    pub source: String,
}

/// `GET /panels/{slug}/actions/new` (facilitators).
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Query(query): Query<NewQuery>,
) -> AppResult<Response> {
    let access = service::open_panel(&state.db, &slug, ctx.actor()).await?;
    access.require_facilitator()?;
    let form = ActionForm {
        source: query.source,
        ..Default::default()
    };
    new_page(
        &state,
        ctx,
        &access,
        &user,
        form,
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /panels/{slug}/actions/new`: write the action; a refused form comes back filled in.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let access = service::open_panel(&state.db, &slug, ctx.actor()).await?;
    match service::create(&state.db, &access, &user, &form).await {
        Ok(row) => {
            ctx.flash("actions-created", None).await?;
            Ok(see_other(&super::url(&slug, row.id)).into_response())
        }
        Err(ActionError::Fields(errors)) => {
            new_page(
                &state,
                ctx,
                &access,
                &user,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ----- One action -----

#[derive(Template)]
#[template(path = "actions/show.html")]
struct ShowPage {
    ctx: PageCtx,
    nav: PanelNav,
    view: ActionView,
    updates: Vec<UpdateView>,
    may_move: bool,
    form: UpdateForm,
    errors: FormErrors,
}

impl ShowPage {
    fn due(&self, day: &NaiveDate) -> String {
        due_text(&self.ctx.t, *day)
    }
    fn description(&self) -> SafeHtml {
        SafeHtml::from_stored(self.view.row.description_html.clone())
    }
    fn statuses(&self) -> [Status; 4] {
        Status::ALL
    }
    /// The status preselected: what was typed, else the action's.
    fn is_chosen(&self, s: &Status) -> bool {
        if self.form.status.is_empty() {
            *s == self.view.status
        } else {
            self.form.status == s.as_str()
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    access: &PanelAccess,
    row: action::Model,
    form: UpdateForm,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> AppResult<Response> {
    let may_move = ctx
        .user
        .as_ref()
        .is_some_and(|u| access::may_move(access, &row, u.id));
    let (view, updates) = service::action_view(&state.db, access, row, ctx.user.as_ref()).await?;
    let page = ShowPage {
        nav: PanelNav::new(access, "actions"),
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
        view,
        updates,
        may_move,
        form,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /panels/{slug}/actions/{id}`: the action, its trail and history.
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let (access, row) = service::open_action(&state.db, &slug, id, ctx.actor()).await?;
    show_page(
        &state,
        ctx,
        &access,
        row,
        UpdateForm::default(),
        Vec::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /panels/{slug}/actions/{id}/status`: a new status with a short update.
pub async fn change_status(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<UpdateForm>,
) -> AppResult<Response> {
    let (access, row) = service::open_action(&state.db, &slug, id, ctx.actor()).await?;
    if !access::may_move(&access, &row, user.id) {
        return Err(ActionError::Forbidden.into());
    }
    let refused = match StatusChange::parse(&form) {
        Ok(change) => match service::change_status(&state.db, &access, &row, &user, change).await {
            Ok(_) => {
                ctx.flash("actions-status-saved", None).await?;
                return Ok(see_other(&super::url(&slug, id)).into_response());
            }
            Err(ActionError::Fields(errors)) => errors,
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    show_page(
        &state,
        ctx,
        &access,
        row,
        form,
        refused,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

// ----- My actions -----

#[derive(Template)]
#[template(path = "actions/mine.html")]
struct MinePage {
    ctx: PageCtx,
    actions: Vec<OwnAction>,
}

impl MinePage {
    fn due(&self, day: &NaiveDate) -> String {
        due_text(&self.ctx.t, *day)
    }
}

/// `GET /actions/mine`: the actions the signed-in person owns.
pub async fn mine(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    let actions = service::mine(&state.db, &user).await?;
    Ok(render(&MinePage { ctx, actions })?.into_response())
}
