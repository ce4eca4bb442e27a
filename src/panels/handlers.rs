//! Panel pages: thin handlers that find the panel as the reader may approach it
//! (`access::panel_for`), call `service`, and render.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::{
    access::{self, PanelAccess, PanelRole},
    model::{ApplicationStatus, LogAction, PanelVisibility},
    service::PanelError,
    settings::service::{self, PanelInput},
    store,
};
use crate::{
    auth::{CurrentUser, permissions},
    entities::{organization, panel, panel_application, panel_log, user},
    error::{AppError, AppResult, FieldError},
    markdown::SafeHtml,
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

use super::nav::PanelNav;

pub(crate) async fn panel_for(
    state: &AppState,
    ctx: &PageCtx,
    slug: &str,
) -> AppResult<PanelAccess> {
    access::panel_for(&state.db, slug, ctx.actor()).await
}

/// The body field's error when the author is over the rate of writing.
pub(crate) fn too_fast(e: &PanelError) -> Vec<FieldError> {
    let message_key = match e {
        PanelError::Newcomer(key) => key,
        _ => "error-too-many-contributions",
    };
    vec![FieldError {
        field: "body".into(),
        message_key,
        args: Vec::new(),
    }]
}

pub(crate) fn unprocessable(page: &impl Template) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

/// "12 companies (target 15, at most 20)" in the reader's language.
pub fn seats_text(t: &crate::i18n::Tr, taken: u64, target: i32, cap: i32) -> String {
    use crate::i18n::FluentArg::Num;
    t.args(
        "panel-seats-value",
        &[
            ("taken", Num(taken as i64)),
            ("target", Num(i64::from(target))),
            ("cap", Num(i64::from(cap))),
        ],
    )
}

// ----- List and overview -----

/// One panel in the listing.
pub struct PanelSummary {
    pub panel: panel::Model,
    pub role: Option<PanelRole>,
    pub reads_content: bool,
}

#[derive(Template)]
#[template(path = "panels/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub panels: Vec<PanelSummary>,
    pub can_create: bool,
}

/// `GET /panels`: the reader's panels, open panels and publicly listed private ones.
pub async fn list(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let actor = ctx.actor();
    let all = permissions::can_manage_panels(actor) || permissions::facilitates_every_panel(actor);
    let own = match actor {
        Some(a) => store::own_panel_ids(&state.db, a.id).await?,
        None => Vec::new(),
    };
    let rows = store::listed_panels(&state.db, all, &own).await?;
    let ids: Vec<_> = rows.iter().map(|p| super::model::PanelId(p.id)).collect();
    let roles = access::roles_in(&state.db, &ids, actor).await?;
    let mut panels = Vec::with_capacity(rows.len());
    for (panel, role) in rows.into_iter().zip(roles) {
        let reads_content = role.is_some()
            || (panel.visibility == PanelVisibility::Open.as_str() && actor.is_some());
        panels.push(PanelSummary {
            panel,
            role,
            reads_content,
        });
    }
    Ok(render(&ListPage {
        can_create: permissions::can_manage_panels(actor),
        ctx,
        panels,
    })?
    .into_response())
}

/// A link shown in one of the overview's boxes (tasks awaiting an answer, next workshop).
#[derive(Clone, Debug)]
pub struct PanelLink {
    pub title: String,
    pub href: String,
    /// e.g. "closes 12 December" — already in the reader's language.
    pub detail: String,
}

#[derive(Template)]
#[template(path = "panels/overview.html")]
pub struct OverviewPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub description: SafeHtml,
    pub organization: Option<organization::Model>,
    pub role: Option<PanelRole>,
    pub seats: String,
    pub can_manage: bool,
    pub can_apply: bool,
    /// An open-join panel the person is not in: "Join this panel" joins at once.
    pub can_join: bool,
    /// The reader's own latest application, if any.
    pub application: Option<panel_application::Model>,
    pub facilitators: Vec<user::Model>,
    /// Follow the panel (readers of its content).
    pub follow: Option<crate::notifications::service::FollowButton>,
    /// LEAD WIRES: the polls feature's open tasks awaiting this member's answer.
    pub awaiting_tasks: Vec<PanelLink>,
    /// LEAD WIRES: the workshops feature's next workshop.
    pub next_workshop: Option<PanelLink>,
}

impl OverviewPage {
    pub fn visibility_key(&self) -> &'static str {
        PanelVisibility::parse(&self.panel.visibility)
            .unwrap_or(PanelVisibility::Private)
            .label_key()
    }
    pub fn application_status_key(&self) -> Option<&'static str> {
        self.application
            .as_ref()
            .and_then(|a| a.application_status())
            .map(|s| s.label_key())
    }
    pub fn has_offer(&self) -> bool {
        self.application
            .as_ref()
            .is_some_and(|a| a.status == ApplicationStatus::Offered.as_str())
    }
    pub fn is_member(&self) -> bool {
        self.role == Some(PanelRole::Member)
    }
    /// The reader's application is still open, so they may withdraw it.
    pub fn can_withdraw(&self) -> bool {
        self.application
            .as_ref()
            .and_then(|a| a.application_status())
            .is_some_and(ApplicationStatus::is_open)
    }
}

/// The polls feature's open tasks that await the reader's answer, for the overview's reminder.
async fn awaiting_tasks(
    state: &AppState,
    ctx: &PageCtx,
    access: &PanelAccess,
) -> AppResult<Vec<PanelLink>> {
    let Some(actor) = ctx.actor() else {
        return Ok(Vec::new());
    };
    let tasks = crate::tasks::awaiting(&state.db, access.id(), actor.id).await?;
    Ok(tasks
        .into_iter()
        .map(|t| PanelLink {
            href: format!("/panels/{}/tasks/{}", access.panel.slug, t.task_id),
            detail: ctx.t.arg(
                "panel-task-closes",
                "date",
                ctx.format_datetime(&t.closes_at),
            ),
            title: t.title,
        })
        .collect())
}

/// The workshops feature's next workshop that is not cancelled, for those who read the panel.
async fn next_workshop(
    state: &AppState,
    ctx: &PageCtx,
    access: &PanelAccess,
) -> AppResult<Option<PanelLink>> {
    if access.role.is_none() {
        return Ok(None);
    }
    let now = crate::db::now();
    let next = crate::workshops::store::workshops_of(&state.db, access.id())
        .await?
        .into_iter()
        .filter(|w| w.cancelled_at.is_none() && w.ends_at > now)
        .min_by_key(|w| w.starts_at);
    Ok(next.map(|w| PanelLink {
        href: format!("/panels/{}/workshops/{}", access.panel.slug, w.id),
        detail: ctx.format_datetime(&w.starts_at),
        title: w.title,
    }))
}

/// `GET /panels/{slug}`
pub async fn overview(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    let id = access.id();
    let seats_taken = store::seat_count(&state.db, id).await?;
    let organization =
        crate::entities::organization::Entity::find_by_id(access.panel.organization_id)
            .one(&state.db)
            .await?;
    let application = match ctx.actor() {
        Some(a) => store::latest_application_of(&state.db, id, a.id).await?,
        None => None,
    };
    let open_application = application
        .as_ref()
        .and_then(|a| a.application_status())
        .is_some_and(ApplicationStatus::is_open);
    let is_in = store::membership(&state.db, id, ctx.actor().map_or(0, |a| a.id))
        .await?
        .is_some();
    let facilitator_ids = store::facilitator_ids(&state.db, id).await?;
    let mut facilitators: Vec<user::Model> = store::users_by_id(&state.db, facilitator_ids)
        .await?
        .into_values()
        .collect();
    facilitators.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    let follow = if access.reads_content() {
        crate::notifications::service::button(
            &state.db,
            ctx.user.as_ref(),
            crate::notifications::model::FollowTarget::Panel(access.panel.id),
            &format!("/panels/{}", access.panel.slug),
        )
        .await?
    } else {
        None
    };
    let page = OverviewPage {
        follow,
        nav: PanelNav::new(&access, "overview"),
        description: SafeHtml::from_stored(access.panel.description_html.clone()),
        organization,
        role: access.role,
        seats: seats_text(
            &ctx.t,
            seats_taken,
            access.panel.seat_target,
            access.panel.seat_cap,
        ),
        can_manage: access.manages(),
        can_apply: !is_in && !open_application && !access.panel.open_join,
        can_join: crate::panels::membership::open_join::offers_join(
            &access,
            ctx.user.as_ref(),
            is_in,
        ),
        application,
        facilitators,
        awaiting_tasks: awaiting_tasks(&state, &ctx, &access).await?,
        next_workshop: next_workshop(&state, &ctx, &access).await?,
        panel: access.panel,
        ctx: ctx.with_csrf().await?,
    };
    Ok(render(&page)?.into_response())
}

use sea_orm::EntityTrait;

// ----- Creating and editing -----

/// The settings form as re-shown.
#[derive(Template)]
#[template(path = "panels/editor.html")]
pub struct EditorPage {
    pub ctx: PageCtx,
    pub is_new: bool,
    pub action: String,
    pub form: PanelInput,
    pub errors: FormErrors,
    pub organizations: Vec<organization::Model>,
    pub staff: Vec<user::Model>,
}

impl EditorPage {
    pub fn visibilities(&self) -> &'static [PanelVisibility] {
        PanelVisibility::ALL
    }
    pub fn is_facilitator(&self, id: &i32) -> bool {
        self.form.facilitators.contains(id)
    }
    pub fn org_selected(&self, id: &i32) -> bool {
        self.form.organization_id == id.to_string()
    }
}

/// A form body with repeated keys (`facilitators`) read into `PanelInput`.
fn panel_input(pairs: Vec<(String, String)>) -> PanelInput {
    let mut input = PanelInput::default();
    for (k, v) in pairs {
        match k.as_str() {
            "name" => input.name = v,
            "slug" => input.slug = v,
            "description" => input.description = v,
            "organization_id" => input.organization_id = v,
            "term_start" => input.term_start = v,
            "term_end" => input.term_end = v,
            "seat_target" => input.seat_target = v,
            "seat_cap" => input.seat_cap = v,
            "visibility" => input.visibility = v,
            "listed_publicly" => input.listed_publicly = !v.is_empty(),
            "open_join" => input.open_join = !v.is_empty(),
            "feedback_form" => input.feedback_form = !v.is_empty(),
            "facilitators" => {
                if let Ok(id) = v.trim().parse() {
                    input.facilitators.push(id);
                }
            }
            _ => {}
        }
    }
    input
}

async fn editor_page(
    state: &AppState,
    ctx: PageCtx,
    is_new: bool,
    action: String,
    form: PanelInput,
    errors: Vec<FieldError>,
) -> AppResult<EditorPage> {
    Ok(EditorPage {
        errors: FormErrors::new(ctx.t, errors),
        organizations: crate::people::service::organizations(&state.db).await?,
        staff: store::staff(&state.db).await?,
        ctx: ctx.with_csrf().await?,
        is_new,
        action,
        form,
    })
}

/// `GET /panels/new`
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    if !permissions::can_manage_panels(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let form = PanelInput {
        organization_id: user
            .organization_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        visibility: PanelVisibility::Private.as_str().to_owned(),
        seat_target: "15".into(),
        seat_cap: "20".into(),
        ..Default::default()
    };
    let page = editor_page(&state, ctx, true, "/panels".into(), form, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels`
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    if !permissions::can_manage_panels(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let form = panel_input(pairs);
    let result = match service::check_panel(&form) {
        Ok(checked) => service::create_panel(&state.db, &user, checked).await,
        Err(errors) => Err(PanelError::Fields(errors)),
    };
    match result {
        Ok(saved) => {
            ctx.flash("panel-created", None).await?;
            Ok(see_other(&format!("/panels/{}", saved.slug)).into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let page = editor_page(&state, ctx, true, "/panels".into(), form, errors).await?;
            unprocessable(&page)
        }
        Err(e) => Err(e.into()),
    }
}

fn input_of(panel: &panel::Model, facilitators: Vec<i32>) -> PanelInput {
    PanelInput {
        name: panel.name.clone(),
        slug: panel.slug.clone(),
        description: panel.description_md.clone(),
        organization_id: panel.organization_id.to_string(),
        term_start: panel.term_start.format("%Y-%m-%d").to_string(),
        term_end: panel.term_end.format("%Y-%m-%d").to_string(),
        seat_target: panel.seat_target.to_string(),
        seat_cap: panel.seat_cap.to_string(),
        visibility: panel.visibility.clone(),
        listed_publicly: panel.listed_publicly,
        open_join: panel.open_join,
        feedback_form: panel.feedback_form,
        facilitators,
    }
}

/// `GET /panels/{slug}/edit`
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    _user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    if !access.manages() {
        return Err(AppError::Forbidden);
    }
    let facilitators = store::facilitator_ids(&state.db, access.id()).await?;
    let form = input_of(&access.panel, facilitators);
    let action = format!("/panels/{slug}/edit");
    let page = editor_page(&state, ctx, false, action, form, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/edit`
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    if !access.manages() {
        return Err(AppError::Forbidden);
    }
    let form = panel_input(pairs);
    let result = match service::check_panel(&form) {
        Ok(checked) => {
            service::update_panel(&state.db, &state.mailer, &user, &access, checked).await
        }
        Err(errors) => Err(PanelError::Fields(errors)),
    };
    match result {
        Ok(saved) => {
            ctx.flash("panel-saved", None).await?;
            Ok(see_other(&format!("/panels/{}", saved.slug)).into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let action = format!("/panels/{slug}/edit");
            let page = editor_page(&state, ctx, false, action, form, errors).await?;
            unprocessable(&page)
        }
        Err(e) => Err(e.into()),
    }
}

/// One line of the log with names.
pub struct LogLine {
    pub entry: panel_log::Model,
    pub actor: String,
    pub subject: String,
}

impl LogLine {
    pub fn action_key(&self) -> &'static str {
        LogAction::parse(&self.entry.action)
            .unwrap_or(LogAction::Edited)
            .label_key()
    }
}

#[derive(Template)]
#[template(path = "panels/log.html")]
pub struct LogPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub lines: Vec<LogLine>,
}

/// `GET /panels/{slug}/log`: every membership change, for facilitators.
pub async fn log_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let entries = store::log_entries(&state.db, access.id()).await?;
    let ids: Vec<i32> = entries
        .iter()
        .flat_map(|e| [e.actor_id, e.subject_user_id])
        .flatten()
        .collect();
    let people = store::users_by_id(&state.db, ids).await?;
    let name = |id: Option<i32>| {
        id.and_then(|i| people.get(&i))
            .map(|u| crate::people::model::PersonName::of(u).shown(&ctx.t))
            .unwrap_or_default()
    };
    let lines = entries
        .into_iter()
        .map(|entry| LogLine {
            actor: name(entry.actor_id),
            subject: name(entry.subject_user_id),
            entry,
        })
        .collect();
    Ok(render(&LogPage {
        nav: PanelNav::new(&access, "log"),
        panel: access.panel,
        lines,
        ctx,
    })?
    .into_response())
}
