//! Panel pages: thin handlers that find the panel as the reader may approach it
//! (`access::panel_for`), call `service`, and render.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    access::{self, PanelAccess, PanelRole},
    model::{
        ApplicationStatus, CodeList, CompanyStage, Industry, LogAction, MemberRole,
        PanelVisibility, Region,
    },
    service::{
        self, AccountInput, Applicant, Applied, CompanyInput, Decision, PanelError, PanelInput,
    },
    store,
};
use crate::{
    auth::{CurrentUser, permissions, start_signed_in_session},
    blog::model::PostTitle,
    comments::{
        model::{CommentBody, CommentId, Thread},
        service::NewComment,
    },
    entities::{organization, panel, panel_application, panel_log, panel_member, post, user},
    error::{AppError, AppResult, FieldError},
    i18n::Tr,
    markdown::{self, SafeHtml},
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

use super::nav::PanelNav;

async fn panel_for(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<PanelAccess> {
    access::panel_for(&state.db, slug, ctx.actor()).await
}

/// The body field's error when the author is over the rate of writing.
fn too_fast() -> Vec<FieldError> {
    vec![FieldError {
        field: "body".into(),
        message_key: "error-too-many-contributions",
    }]
}

fn unprocessable(page: &impl Template) -> AppResult<Response> {
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
    /// The reader's own latest application, if any.
    pub application: Option<panel_application::Model>,
    pub facilitators: Vec<user::Model>,
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
            .and_then(|a| ApplicationStatus::parse(&a.status))
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
            .and_then(|a| ApplicationStatus::parse(&a.status))
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
    let tasks = crate::polls::awaiting(&state.db, access.id(), actor.id).await?;
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
        .and_then(|a| ApplicationStatus::parse(&a.status))
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
    let page = OverviewPage {
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
        can_apply: !is_in && !open_application,
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
        Ok(checked) => service::update_panel(&state.db, &user, &access, checked).await,
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

// ----- Joining -----

/// The join form as typed (also the invitation form).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct JoinForm {
    #[serde(flatten)]
    pub company: CompanyInput,
    #[serde(flatten)]
    pub account: AccountInput,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub consent: String,
}

#[derive(Template)]
#[template(path = "panels/apply.html")]
pub struct ApplyPage {
    pub ctx: PageCtx,
    pub nav: Option<PanelNav>,
    pub panel: panel::Model,
    pub action: String,
    /// The invitation form: no message or consent, email fixed.
    pub invitation_email: Option<String>,
    pub form: JoinForm,
    pub errors: FormErrors,
}

impl ApplyPage {
    /// The join form of a panel, as typed so far (the password is never shown again).
    async fn to_apply(
        ctx: PageCtx,
        access: PanelAccess,
        mut form: JoinForm,
        errors: Vec<FieldError>,
    ) -> AppResult<ApplyPage> {
        form.account.password.clear();
        Ok(ApplyPage {
            nav: Some(PanelNav::new(&access, "")),
            action: format!("/panels/{}/apply", access.panel.slug),
            panel: access.panel,
            invitation_email: None,
            form,
            errors: FormErrors::new(ctx.t, errors),
            ctx: ctx.with_csrf().await?,
        })
    }

    /// The form behind an invitation link, for the invited email address.
    async fn to_accept(
        ctx: PageCtx,
        panel: panel::Model,
        token: &str,
        email: String,
        mut form: JoinForm,
        errors: Vec<FieldError>,
    ) -> AppResult<ApplyPage> {
        form.account.password.clear();
        Ok(ApplyPage {
            nav: None,
            action: format!("/panels/invitations/{token}"),
            panel,
            invitation_email: Some(email),
            form,
            errors: FormErrors::new(ctx.t, errors),
            ctx: ctx.with_csrf().await?,
        })
    }

    pub fn industries(&self) -> &'static [Industry] {
        Industry::ALL
    }
    pub fn regions(&self) -> &'static [Region] {
        Region::ALL
    }
    pub fn stages(&self) -> &'static [CompanyStage] {
        CompanyStage::ALL
    }
    pub fn is_open_panel(&self) -> bool {
        self.panel.visibility == PanelVisibility::Open.as_str()
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

/// `GET /panels/{slug}/apply`
pub async fn apply_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    let page = ApplyPage::to_apply(ctx, access, JoinForm::default(), Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

async fn sign_in_as(ctx: &PageCtx, person: &user::Model) -> AppResult<()> {
    start_signed_in_session(ctx.session(), person.id).await
}

/// `POST /panels/{slug}/apply`: the public join application.
pub async fn apply(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
    Form(form): Form<JoinForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    let mut errors = Vec::new();
    let account = if ctx.user.is_none() {
        service::check_account(&form.account, &mut errors)
    } else {
        None
    };
    let application = service::check_application(
        &form.company,
        &form.message,
        !form.consent.is_empty(),
        &mut errors,
    );
    let result = match (application, &ctx.user, account) {
        (Some(app), Some(user), _) if errors.is_empty() => {
            service::apply(&state.db, &access, Applicant::Existing(user), app, ctx.lang).await
        }
        (Some(app), None, Some(account)) if errors.is_empty() => {
            service::apply(&state.db, &access, Applicant::New(account), app, ctx.lang).await
        }
        _ => Err(PanelError::Fields(errors)),
    };
    match result {
        Ok((person, outcome)) => {
            if ctx.user.is_none() {
                sign_in_as(&ctx, &person).await?;
            }
            let key = match outcome {
                Applied::Pending => "panel-applied",
                Applied::Joined => "panel-joined",
                Applied::Waiting => "panel-applied-waiting",
            };
            ctx.flash(key, None).await?;
            Ok(see_other(&format!("/panels/{}", access.panel.slug)).into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let page = ApplyPage::to_apply(ctx, access, form, errors).await?;
            unprocessable(&page)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /panels/{slug}/take-seat`: accept the seat offered from the waiting list.
pub async fn take_seat(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    service::take_offered_seat(&state.db, &user, &access).await?;
    ctx.flash("panel-joined", None).await?;
    Ok(see_other(&format!("/panels/{slug}")).into_response())
}

/// `POST /panels/{slug}/withdraw`: take back one's own open application.
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    service::withdraw(&state.db, &user, &access).await?;
    state.mailer.wake();
    ctx.flash("panel-withdrawn", None).await?;
    Ok(see_other(&format!("/panels/{slug}")).into_response())
}

/// `POST /panels/{slug}/leave`
pub async fn leave(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    service::leave(&state.db, &user, &access).await?;
    state.mailer.wake();
    ctx.flash("panel-left", None).await?;
    Ok(see_other("/panels").into_response())
}

// ----- Applications queue, invitations, log -----

/// One application in the queue.
pub struct QueueItem {
    pub app: panel_application::Model,
    pub person: Option<user::Model>,
}

impl QueueItem {
    pub fn status_key(&self) -> &'static str {
        ApplicationStatus::parse(&self.app.status)
            .unwrap_or(ApplicationStatus::Pending)
            .label_key()
    }
    pub fn industry_key(&self) -> &'static str {
        Industry::parse(&self.app.industry)
            .unwrap_or(Industry::Other)
            .label_key()
    }
    pub fn region_key(&self) -> &'static str {
        Region::parse(&self.app.region)
            .unwrap_or(Region::Uusimaa)
            .label_key()
    }
    pub fn stage_key(&self) -> &'static str {
        CompanyStage::parse(&self.app.stage)
            .unwrap_or(CompanyStage::Small)
            .label_key()
    }
    pub fn is_waiting(&self) -> bool {
        self.app.status == ApplicationStatus::Waiting.as_str()
    }
    pub fn person_name(&self) -> &str {
        self.person.as_ref().map_or("", |p| p.display_name.as_str())
    }
}

#[derive(Template)]
#[template(path = "panels/applications.html")]
pub struct ApplicationsPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub seats: String,
    pub pending: Vec<QueueItem>,
    pub waiting: Vec<QueueItem>,
    pub invite_email: String,
    pub errors: FormErrors,
}

async fn queue(
    state: &AppState,
    access: &PanelAccess,
    status: &[ApplicationStatus],
) -> AppResult<Vec<QueueItem>> {
    let apps = store::applications_in(&state.db, access.id(), status).await?;
    let people = store::users_by_id(&state.db, apps.iter().map(|a| a.user_id).collect()).await?;
    Ok(apps
        .into_iter()
        .map(|app| QueueItem {
            person: people.get(&app.user_id).cloned(),
            app,
        })
        .collect())
}

async fn applications_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    invite_email: String,
    errors: Vec<FieldError>,
) -> AppResult<ApplicationsPage> {
    let pending = queue(
        state,
        &access,
        &[ApplicationStatus::Offered, ApplicationStatus::Pending],
    )
    .await?;
    let waiting = queue(state, &access, &[ApplicationStatus::Waiting]).await?;
    Ok(ApplicationsPage {
        nav: PanelNav::new(&access, "applications"),
        seats: seats_text(
            &ctx.t,
            store::seat_count(&state.db, access.id()).await?,
            access.panel.seat_target,
            access.panel.seat_cap,
        ),
        panel: access.panel,
        pending,
        waiting,
        invite_email,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/applications`: the facilitators' review queue.
pub async fn applications(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let page = applications_page(&state, ctx, access, String::new(), Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// The decision form: `decision` is `accept`, `decline` or `wait`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub message: String,
}

pub fn parse_decision(decision: &str, message: &str) -> Result<Decision, AppError> {
    match decision {
        "accept" => Ok(Decision::Accept),
        "decline" => {
            let m = message.trim();
            if m.chars().count() > 4000 {
                return Err(AppError::Validation(vec![FieldError {
                    field: "message".into(),
                    message_key: "panel-text-too-long",
                }]));
            }
            Ok(Decision::Decline((!m.is_empty()).then(|| m.to_owned())))
        }
        "wait" => Ok(Decision::Wait),
        _ => Err(AppError::BadRequest("panel-decision-invalid")),
    }
}

/// `POST /panels/{slug}/applications/{id}`
pub async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let decision = parse_decision(&form.decision, &form.message)?;
    match service::decide(&state.db, &user, &access, id, decision.clone()).await {
        Ok(_) => {
            state.mailer.wake();
            let key = match decision {
                Decision::Accept => "panel-decision-accepted",
                Decision::Decline(_) => "panel-decision-declined",
                Decision::Wait => "panel-decision-waitlisted",
            };
            ctx.flash(key, None).await?;
            Ok(see_other(&format!("/panels/{slug}/applications")).into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let page = applications_page(&state, ctx, access, String::new(), errors).await?;
            unprocessable(&page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    pub email: String,
}

/// `POST /panels/{slug}/invitations`
pub async fn invite(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let base = state.settings.base_url();
    match service::invite(&state.db, &user, &access, &form.email, &base).await {
        Ok(_) => {
            state.mailer.wake();
            ctx.flash("panel-invited", Some(form.email.trim().to_owned()))
                .await?;
            Ok(see_other(&format!("/panels/{slug}/applications")).into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let errors = errors
                .into_iter()
                .map(|e| FieldError {
                    field: "invite_email".into(),
                    ..e
                })
                .collect();
            let page = applications_page(&state, ctx, access, form.email, errors).await?;
            unprocessable(&page)
        }
        Err(e) => Err(e.into()),
    }
}

async fn invitation_access(state: &AppState, token: &str) -> AppResult<(panel::Model, String)> {
    let inv = store::open_invitation_by_token(&state.db, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let panel = store::panel_by_id(&state.db, super::model::PanelId(inv.panel_id))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((panel, inv.email))
}

/// `GET /panels/invitations/{token}`
pub async fn invitation_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (panel, email) = invitation_access(&state, &token).await?;
    let page =
        ApplyPage::to_accept(ctx, panel, &token, email, JoinForm::default(), Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/invitations/{token}`
pub async fn accept_invitation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
    Form(form): Form<JoinForm>,
) -> AppResult<Response> {
    let (panel, email) = invitation_access(&state, &token).await?;
    let mut errors = Vec::new();
    let account = if ctx.user.is_none() {
        let mut input = form.account.clone();
        input.email = email.clone();
        service::check_account(&input, &mut errors)
    } else {
        None
    };
    let company = service::check_company(&form.company, &mut errors);
    let result = match (company, &ctx.user, account) {
        (Some(c), Some(user), _) if errors.is_empty() => {
            service::accept_invitation(&state.db, &token, Applicant::Existing(user), c, ctx.lang)
                .await
        }
        (Some(c), None, Some(account)) if errors.is_empty() => {
            service::accept_invitation(&state.db, &token, Applicant::New(account), c, ctx.lang)
                .await
        }
        _ => Err(PanelError::Fields(errors)),
    };
    match result {
        Ok((person, panel)) => {
            if ctx.user.is_none() {
                sign_in_as(&ctx, &person).await?;
            }
            ctx.flash("panel-joined", None).await?;
            Ok(see_other(&format!("/panels/{}", panel.slug)).into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let page = ApplyPage::to_accept(ctx, panel, &token, email, form, errors).await?;
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
            .map(|u| u.display_name.clone())
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

// ----- Members -----

/// One bar of a breakdown chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    /// Bar length in the SVG's units (0–300).
    pub width: usize,
    pub y: usize,
    pub percent: usize,
}

/// Companies counted by one attribute, as a chart and a table.
#[derive(Clone, Debug)]
pub struct Breakdown {
    pub id: &'static str,
    pub title_key: &'static str,
    pub bars: Vec<Bar>,
    pub height: usize,
}

pub const BAR_HEIGHT: usize = 24;
pub const BAR_MAX: usize = 300;

/// Count members by a key, in the list's order, leaving out values nobody has.
pub fn breakdown(
    id: &'static str,
    title_key: &'static str,
    labels: Vec<(String, usize)>,
) -> Breakdown {
    let total: usize = labels.iter().map(|(_, n)| n).sum();
    let max = labels.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let bars: Vec<Bar> = labels
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .enumerate()
        .map(|(i, (label, count))| Bar {
            label,
            count,
            width: count * BAR_MAX / max,
            y: i * BAR_HEIGHT,
            percent: (count * 100 + total / 2).checked_div(total).unwrap_or(0),
        })
        .collect();
    Breakdown {
        id,
        title_key,
        height: bars.len().max(1) * BAR_HEIGHT,
        bars,
    }
}

/// The name of a stored code in the reader's language; empty when missing or unknown.
fn code_name<C: CodeList>(t: &Tr, code: Option<&str>) -> String {
    code.and_then(C::from_code)
        .map(|c| t.get(c.name_key()))
        .unwrap_or_default()
}

/// Members counted by one of their company's codes, every value of the list in its order.
fn breakdown_by<C: CodeList>(
    t: &Tr,
    id: &'static str,
    title_key: &'static str,
    members: &[MemberRow],
    field: fn(&panel_member::Model) -> Option<&str>,
) -> Breakdown {
    let labels = C::all()
        .iter()
        .map(|c| {
            let count = members
                .iter()
                .filter(|r| field(&r.member) == Some(c.code()))
                .count();
            (t.get(c.name_key()), count)
        })
        .collect();
    breakdown(id, title_key, labels)
}

/// A seated member as the members page lists them.
pub struct MemberRow {
    pub member: panel_member::Model,
    pub person: user::Model,
    pub industry: String,
    pub region: String,
    pub stage: String,
}

#[derive(Template)]
#[template(path = "panels/members.html")]
pub struct MembersPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub members: Vec<MemberRow>,
    pub seats: String,
    pub facilitators: Vec<user::Model>,
    pub breakdowns: Vec<Breakdown>,
    pub is_facilitator: bool,
    pub is_member: bool,
}

/// `GET /panels/{slug}/members`: companies by industry, region and stage.
pub async fn members(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let rows = store::members_with_people(&state.db, access.id()).await?;
    let t = &ctx.t;
    let mut members = Vec::new();
    let mut facilitators = Vec::new();
    for (m, person) in rows {
        if m.role == MemberRole::Facilitator.as_str() {
            facilitators.push(person);
            continue;
        }
        members.push(MemberRow {
            industry: code_name::<Industry>(t, m.industry.as_deref()),
            region: code_name::<Region>(t, m.region.as_deref()),
            stage: code_name::<CompanyStage>(t, m.stage.as_deref()),
            member: m,
            person,
        });
    }
    let breakdowns = vec![
        breakdown_by::<Industry>(t, "industry", "panel-by-industry", &members, |m| {
            m.industry.as_deref()
        }),
        breakdown_by::<Region>(t, "region", "panel-by-region", &members, |m| {
            m.region.as_deref()
        }),
        breakdown_by::<CompanyStage>(t, "stage", "panel-by-stage", &members, |m| {
            m.stage.as_deref()
        }),
    ];
    let is_member = access.role == Some(PanelRole::Member)
        && members
            .iter()
            .any(|r| Some(r.person.id) == ctx.actor().map(|a| a.id));
    Ok(render(&MembersPage {
        nav: PanelNav::new(&access, "members"),
        is_facilitator: access.is_facilitator(),
        is_member,
        seats: seats_text(
            &ctx.t,
            members.len() as u64,
            access.panel.seat_target,
            access.panel.seat_cap,
        ),
        panel: access.panel,
        members,
        facilitators,
        breakdowns,
        ctx: ctx.with_csrf().await?,
    })?
    .into_response())
}

/// `POST /panels/{slug}/members/{user_id}/remove`
pub async fn remove_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, user_id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    service::remove(&state.db, &user, &access, user_id).await?;
    state.mailer.wake();
    ctx.flash("panel-member-removed", None).await?;
    Ok(see_other(&format!("/panels/{slug}/members")).into_response())
}

// ----- Discussion -----

/// A topic in the list.
pub struct TopicItem {
    pub post: post::Model,
    pub pinned: bool,
    pub author: String,
    pub replies: i64,
}

#[derive(Template)]
#[template(path = "panels/topics.html")]
pub struct TopicsPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub topics: Vec<TopicItem>,
    pub can_post: bool,
    pub is_facilitator: bool,
    pub form: TopicForm,
    pub errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

async fn topics_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    form: TopicForm,
    errors: Vec<FieldError>,
) -> AppResult<TopicsPage> {
    let rows = store::topics_of(&state.db, access.id()).await?;
    let ids: Vec<i32> = rows.iter().map(|(p, _)| p.id).collect();
    let counts = crate::blog::store::comment_counts(&state.db, &ids).await?;
    let people =
        store::users_by_id(&state.db, rows.iter().map(|(p, _)| p.author_id).collect()).await?;
    let topics = rows
        .into_iter()
        .map(|(post, link)| TopicItem {
            pinned: link.pinned_at.is_some(),
            author: people
                .get(&post.author_id)
                .map(|u| u.display_name.clone())
                .unwrap_or_default(),
            replies: counts.get(&post.id).copied().unwrap_or(0),
            post,
        })
        .collect();
    Ok(TopicsPage {
        nav: PanelNav::new(&access, "topics"),
        can_post: access.role.is_some(),
        is_facilitator: access.is_facilitator(),
        panel: access.panel,
        topics,
        form,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics`
pub async fn topics(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let page = topics_page(&state, ctx, access, TopicForm::default(), Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/topics`
pub async fn create_topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<TopicForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match check_topic(&form) {
        Ok((title, html)) => {
            let saved = service::create_topic(
                &state.db,
                &user,
                &access,
                title,
                form.body.clone(),
                html,
                ctx.lang,
                state.settings.write_rate,
            )
            .await;
            let saved = match saved {
                Ok(saved) => saved,
                // Over the rate of writing: the form comes back filled in, with 429.
                Err(PanelError::TooFast) => {
                    let page = topics_page(&state, ctx, access, form, too_fast()).await?;
                    return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
                }
                Err(e) => return Err(e.into()),
            };
            ctx.flash("panel-topic-created", None).await?;
            Ok(see_other(&format!("/panels/{slug}/topics/{}", saved.id)).into_response())
        }
        Err(errors) => {
            let page = topics_page(&state, ctx, access, form, errors).await?;
            unprocessable(&page)
        }
    }
}

/// A topic's title and Markdown body, checked together so every mistake shows at once.
fn check_topic(form: &TopicForm) -> Result<(PostTitle, SafeHtml), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = crate::web::forms::collect(&mut errors, PostTitle::parse(&form.title));
    let html = if form.body.trim().is_empty() {
        errors.push(FieldError {
            field: "body".into(),
            message_key: "field-required",
        });
        None
    } else {
        markdown::render(&form.body)
            .map_err(|e| errors.push(crate::blog::service::markdown_field_error("body", &e)))
            .ok()
    };
    match (title, html) {
        (Some(title), Some(html)) if errors.is_empty() => Ok((title, html)),
        _ => Err(errors),
    }
}

/// The form for editing one's own topic.
#[derive(Template)]
#[template(path = "panels/topic_edit.html")]
pub struct TopicEditPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub post_id: i32,
    pub form: TopicForm,
    pub errors: FormErrors,
}

async fn topic_edit_page(
    ctx: PageCtx,
    access: PanelAccess,
    post_id: i32,
    form: TopicForm,
    errors: Vec<FieldError>,
) -> AppResult<TopicEditPage> {
    Ok(TopicEditPage {
        nav: PanelNav::new(&access, "topics"),
        panel: access.panel,
        post_id,
        form,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics/{id}/edit`: the topic's author edits it.
pub async fn edit_topic_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    let topic = service::own_topic(&state.db, &user, &access, id).await?;
    let form = TopicForm {
        title: topic.title,
        body: topic.body_md,
    };
    let page = topic_edit_page(ctx, access, id, form, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/topics/{id}/edit`
pub async fn edit_topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<TopicForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match check_topic(&form) {
        Ok((title, html)) => {
            service::edit_topic(&state.db, &user, &access, id, title, form.body, html).await?;
            ctx.flash("panel-topic-saved", None).await?;
            Ok(see_other(&format!("/panels/{slug}/topics/{id}")).into_response())
        }
        Err(errors) => {
            // Only its author gets the form back.
            service::own_topic(&state.db, &user, &access, id).await?;
            let page = topic_edit_page(ctx, access, id, form, errors).await?;
            unprocessable(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "panels/topic.html")]
pub struct TopicPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub post: post::Model,
    pub body: SafeHtml,
    pub author: String,
    pub pinned: bool,
    pub thread: Thread,
    pub can_reply: bool,
    pub is_facilitator: bool,
    /// The reader started this topic and may edit it.
    pub can_edit: bool,
    pub reply_body: String,
    pub reply_parent: Option<i32>,
    pub errors: FormErrors,
}

impl TopicPage {
    pub fn is_reply_target(&self, id: &i32) -> bool {
        self.reply_parent == Some(*id)
    }
    pub fn href(&self) -> String {
        format!("/panels/{}/topics/{}", self.panel.slug, self.post.id)
    }
}

async fn topic_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    post_id: i32,
    reply_body: String,
    reply_parent: Option<i32>,
    errors: Vec<FieldError>,
) -> AppResult<TopicPage> {
    let (post, link) = store::topic(&state.db, access.id(), post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Facilitators moderate their panel's discussion, as editors do the blog's.
    let viewer = ctx.actor().map(|a| {
        if access.is_facilitator() {
            permissions::Actor {
                id: a.id,
                role: crate::auth::Role::Editor.max(a.role),
            }
        } else {
            a
        }
    });
    let thread = crate::comments::service::thread_for_post(&state.db, post.id, viewer).await?;
    let author = store::users_by_id(&state.db, vec![post.author_id])
        .await?
        .remove(&post.author_id)
        .map(|u| u.display_name)
        .unwrap_or_default();
    Ok(TopicPage {
        nav: PanelNav::new(&access, "topics"),
        body: SafeHtml::from_stored(post.body_html.clone()),
        can_reply: access.role.is_some(),
        is_facilitator: access.is_facilitator(),
        can_edit: access.role.is_some() && ctx.actor().is_some_and(|a| a.id == post.author_id),
        pinned: link.pinned_at.is_some(),
        panel: access.panel,
        post,
        author,
        thread,
        reply_body,
        reply_parent,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics/{id}`
pub async fn topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let page = topic_page(&state, ctx, access, id, String::new(), None, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub parent_id: String,
}

/// `POST /panels/{slug}/topics/{id}/replies`
pub async fn reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<ReplyForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    let parent = form.parent_id.trim().parse::<i32>().ok();
    let result = match CommentBody::parse(&form.body) {
        Ok(body) => {
            let rate = state.settings.write_rate;
            let new = NewComment {
                body,
                parent_id: parent.map(CommentId),
            };
            service::reply(&state.db, &user, &access, id, new, rate).await
        }
        Err(e) => Err(PanelError::Fields(vec![e])),
    };
    match result {
        Ok(saved) => {
            ctx.flash("comment-saved", None).await?;
            Ok(
                see_other(&format!("/panels/{slug}/topics/{id}#comment-{}", saved.id))
                    .into_response(),
            )
        }
        Err(PanelError::Fields(errors)) => {
            let page = topic_page(&state, ctx, access, id, form.body, parent, errors).await?;
            unprocessable(&page)
        }
        Err(PanelError::TooFast) => {
            let page = topic_page(&state, ctx, access, id, form.body, parent, too_fast()).await?;
            Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ToggleForm {
    #[serde(default)]
    pub action: String,
}

/// `POST /panels/{slug}/topics/{id}/pin`: `action` is `pin` or `unpin`.
pub async fn pin(
    State(state): State<AppState>,
    ctx: PageCtx,
    _user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<ToggleForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let pinned = match form.action.as_str() {
        "pin" => true,
        "unpin" => false,
        _ => return Err(AppError::BadRequest("panel-decision-invalid")),
    };
    service::set_pinned(&state.db, &access, id, pinned).await?;
    ctx.flash(
        if pinned {
            "panel-topic-pinned"
        } else {
            "panel-topic-unpinned"
        },
        None,
    )
    .await?;
    Ok(see_other(&format!("/panels/{slug}/topics")).into_response())
}

/// `POST /panels/{slug}/topics/{id}/replies/{comment}/hide`: `action` is `hide` or `unhide`.
pub async fn hide_reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
    Form(form): Form<ToggleForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let hidden = match form.action.as_str() {
        "" | "hide" => true,
        "unhide" => false,
        _ => return Err(AppError::BadRequest("comment-action-invalid")),
    };
    service::moderate_reply(&state.db, &user, &access, id, comment, hidden).await?;
    ctx.flash(
        if hidden {
            "comment-hidden-flash"
        } else {
            "comment-unhidden-flash"
        },
        None,
    )
    .await?;
    Ok(see_other(&format!("/panels/{slug}/topics/{id}#comment-{comment}")).into_response())
}

/// The form for editing one's own reply in a topic.
#[derive(Template)]
#[template(path = "panels/reply_edit.html")]
pub struct ReplyEditPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub post_id: i32,
    pub topic_title: String,
    pub comment_id: i32,
    pub body: String,
    pub errors: FormErrors,
}

impl ReplyEditPage {
    pub fn topic_href(&self) -> String {
        format!("/panels/{}/topics/{}", self.panel.slug, self.post_id)
    }
}

async fn reply_edit_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    (post_id, comment_id): (i32, i32),
    body: String,
    errors: Vec<FieldError>,
) -> AppResult<ReplyEditPage> {
    let (topic, _) = store::topic(&state.db, access.id(), post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ReplyEditPage {
        nav: PanelNav::new(&access, "topics"),
        panel: access.panel,
        post_id,
        topic_title: topic.title,
        comment_id,
        body,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics/{id}/replies/{comment}/edit`: the author edits their reply.
pub async fn edit_reply_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    let reply = service::editable_reply(&state.db, &user, &access, id, comment).await?;
    let page = reply_edit_page(
        &state,
        ctx,
        access,
        (id, comment),
        reply.body_md,
        Vec::new(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/topics/{id}/replies/{comment}/edit`
pub async fn edit_reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
    Form(form): Form<ReplyForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match CommentBody::parse(&form.body) {
        Ok(body) => {
            service::edit_reply(&state.db, &user, &access, id, comment, body).await?;
            ctx.flash("comment-updated", None).await?;
            Ok(see_other(&format!("/panels/{slug}/topics/{id}#comment-{comment}")).into_response())
        }
        Err(e) => {
            // Only its author gets the form back.
            service::editable_reply(&state.db, &user, &access, id, comment).await?;
            let page =
                reply_edit_page(&state, ctx, access, (id, comment), form.body, vec![e]).await?;
            unprocessable(&page)
        }
    }
}

/// `POST /panels/{slug}/topics/{id}/replies/{comment}/delete`: the author removes their reply.
pub async fn remove_reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    service::remove_reply(&state.db, &user, &access, id, comment).await?;
    ctx.flash("comment-removed-flash", None).await?;
    Ok(see_other(&format!("/panels/{slug}/topics/{id}#comments-title")).into_response())
}
