//! Membership pages: joining (applications, the waiting list, offered seats), the
//! facilitators' queue and decisions, the member list and removal.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::panels::{
    access::{PanelAccess, PanelRole},
    handlers::{panel_for, seats_text, unprocessable},
    model::{
        ApplicationStatus, CodeList, CompanyStage, Industry, MemberRole, PanelVisibility, Region,
    },
    service::PanelError,
    store,
};
use crate::{
    auth::{CurrentUser, start_signed_in_session},
    entities::{panel, panel_application, panel_member, user},
    error::{AppResult, FieldError},
    i18n::Tr,
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

use super::service::{self};
use crate::panels::membership::service::{
    AccountInput, Applicant, Applied, CompanyInput, Decision,
};
use crate::panels::model::PanelId;
use crate::panels::nav::PanelNav;
use crate::panels::rules::service as rules;
use sea_orm::DatabaseConnection;

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
    /// "I accept the panel's rules" (asked when the panel has rules).
    #[serde(default)]
    pub accept_rules: String,
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
    /// The panel's current rules, which the joiner accepts.
    pub rules: Option<rules::JoinRules>,
}

impl ApplyPage {
    /// The join form of a panel, as typed so far (the password is never shown again).
    async fn to_apply(
        db: &DatabaseConnection,
        ctx: PageCtx,
        access: PanelAccess,
        mut form: JoinForm,
        errors: Vec<FieldError>,
    ) -> AppResult<ApplyPage> {
        form.account.password.clear();
        let rules = rules::for_joining(db, access.id()).await?;
        Ok(ApplyPage {
            rules,
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
    pub(crate) async fn to_accept(
        db: &DatabaseConnection,
        ctx: PageCtx,
        panel: panel::Model,
        token: &str,
        email: String,
        mut form: JoinForm,
        errors: Vec<FieldError>,
    ) -> AppResult<ApplyPage> {
        form.account.password.clear();
        let rules = rules::for_joining(db, PanelId(panel.id)).await?;
        Ok(ApplyPage {
            rules,
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
    let mut form = JoinForm::default();
    if let Some(user) = &ctx.user {
        form.company = service::known_company(&state.db, user).await?;
    }
    let page = ApplyPage::to_apply(&state.db, ctx, access, form, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

pub(crate) async fn sign_in_as(ctx: &PageCtx, person: &user::Model) -> AppResult<()> {
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
    let accepts_rules = !form.accept_rules.is_empty();
    let application = service::check_application(
        &form.company,
        &form.message,
        !form.consent.is_empty(),
        accepts_rules,
        &mut errors,
    );
    rules::check_ticked(access.rules, accepts_rules, &mut errors);
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
            let page = ApplyPage::to_apply(&state.db, ctx, access, form, errors).await?;
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
    service::withdraw(&state.db, &state.mailer, &user, &access).await?;
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
    service::leave(&state.db, &state.mailer, &user, &access).await?;
    ctx.flash("panel-left", None).await?;
    Ok(see_other("/panels").into_response())
}

/// The one-click join's form: only the rules box, when the panel has rules.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct OneClickJoin {
    #[serde(default)]
    pub accept_rules: String,
}

/// `POST /panels/{slug}/join`: join an open panel at once; a full panel says so.
pub async fn join(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<OneClickJoin>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    let back = format!("/panels/{}", access.panel.slug);
    let accepts = !form.accept_rules.is_empty();
    match super::open_join::join(&state.db, &user, &access, accepts).await {
        Ok(()) => ctx.flash("panel-joined", None).await?,
        // Rules not accepted: the rules page with its join form answers, 422.
        Err(PanelError::Fields(f)) if f.iter().any(|e| e.field == rules::ACCEPT_FIELD) => {
            return crate::panels::rules::handlers::join_refused(&state, ctx, access, f).await;
        }
        Err(crate::panels::service::PanelError::Fields(f)) => {
            let key = f.first().map_or("panel-join-full", |e| e.message_key);
            ctx.flash(key, None).await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&back).into_response())
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
    pub fn person_name(&self, t: &crate::i18n::Tr) -> String {
        self.person
            .as_ref()
            .map(|p| crate::people::model::PersonName::of(p).shown(t))
            .unwrap_or_default()
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

pub(crate) async fn applications_page(
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
    let decision = Decision::parse(&form.decision, &form.message)?;
    match service::decide(
        &state.db,
        &state.mailer,
        &user,
        &access,
        id,
        decision.clone(),
    )
    .await
    {
        Ok(_) => {
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
    service::remove(&state.db, &state.mailer, &user, &access, user_id).await?;
    ctx.flash("panel-member-removed", None).await?;
    Ok(see_other(&format!("/panels/{slug}/members")).into_response())
}
