//! JSON API v1 for panels and membership applications: the same access rules and services
//! as the pages (a private panel the caller may not know is 404).
use axum::{
    Json,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};

use super::{
    access::{self, MemberCompany, PanelAccess, PanelRole},
    membership::service::{self, Applicant, Applied, CompanyInput},
    model::{ApplicationStatus, PanelId, PanelVisibility},
    store,
};
use crate::{
    auth::permissions,
    auth::{ApiCaller, ApiUser},
    entities::{panel, panel_application},
    error::{AppError, AppResult},
    i18n::Lang,
    state::AppState,
    web::ApiJson,
};

/// A panel as the API shows it.
#[derive(Serialize)]
pub struct PanelOut {
    pub slug: String,
    pub name: String,
    pub description_html: String,
    pub organization_id: i32,
    pub term_start: String,
    pub term_end: String,
    pub seat_target: i32,
    pub seat_cap: i32,
    pub visibility: String,
    /// The caller's role in the panel, if any.
    pub role: Option<PanelRole>,
}

fn panel_out(panel: &panel::Model, role: Option<PanelRole>) -> PanelOut {
    PanelOut {
        slug: panel.slug.clone(),
        name: panel.name.clone(),
        description_html: panel.description_html.clone(),
        organization_id: panel.organization_id,
        term_start: panel.term_start.format("%Y-%m-%d").to_string(),
        term_end: panel.term_end.format("%Y-%m-%d").to_string(),
        seat_target: panel.seat_target,
        seat_cap: panel.seat_cap,
        visibility: panel.visibility.clone(),
        role,
    }
}

#[derive(Serialize)]
pub struct PanelList {
    pub panels: Vec<PanelOut>,
}

/// `GET /api/v1/panels`
pub async fn list(State(state): State<AppState>, caller: ApiCaller) -> AppResult<Json<PanelList>> {
    let actor = caller.actor();
    let all = permissions::can_manage_panels(actor) || permissions::facilitates_every_panel(actor);
    let own = match actor {
        Some(a) => store::own_panel_ids(&state.db, a.id).await?,
        None => Vec::new(),
    };
    let mut panels = Vec::new();
    for p in store::listed_panels(&state.db, all, &own).await? {
        let role = access::role_in(&state.db, PanelId(p.id), actor).await?;
        panels.push(panel_out(&p, role));
    }
    Ok(Json(PanelList { panels }))
}

async fn panel_for(state: &AppState, caller: &ApiCaller, slug: &str) -> AppResult<PanelAccess> {
    access::panel_for(&state.db, slug, caller.actor()).await
}

/// `GET /api/v1/panels/{slug}`
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<PanelOut>> {
    let access = panel_for(&state, &caller, &slug).await?;
    Ok(Json(panel_out(&access.panel, access.role)))
}

#[derive(Serialize)]
pub struct MemberList {
    pub members: Vec<MemberCompany>,
}

/// `GET /api/v1/panels/{slug}/members`
pub async fn members(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(slug): Path<String>,
) -> AppResult<Json<MemberList>> {
    let access = panel_for(&state, &caller, &slug).await?;
    access.require_reader()?;
    Ok(Json(MemberList {
        members: access::companies(&state.db, access.id()).await?,
    }))
}

/// `?accept_rules=true` on a join: the caller accepts the panel's current rules.
#[derive(Deserialize, Default)]
pub struct JoinQuery {
    #[serde(default)]
    pub accept_rules: bool,
}

/// `POST /api/v1/panels/{slug}/join`: join an open-join panel at once (422 on `panel`
/// when full or already a member, on `accept_rules` when the panel has rules and the
/// caller did not accept them).
pub async fn join(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    Query(query): Query<JoinQuery>,
) -> AppResult<Json<PanelOut>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    super::membership::open_join::join(&state.db, &user, &access, query.accept_rules).await?;
    let role = access::role_in(&state.db, access.id(), Some(user.actor())).await?;
    Ok(Json(panel_out(&access.panel, role)))
}

/// An application as sent to the API.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationIn {
    #[serde(flatten)]
    pub company: CompanyInput,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub consent: bool,
    /// Needed (true) when the panel has rules.
    #[serde(default)]
    pub accept_rules: bool,
}

/// An application as the API shows it.
#[derive(Serialize)]
pub struct ApplicationOut {
    pub id: i32,
    pub user_id: i32,
    pub company_name: String,
    pub business_id: String,
    pub industry: String,
    pub region: String,
    pub stage: String,
    pub role_in_company: String,
    pub message: String,
    pub status: String,
    pub waiting_position: Option<i32>,
}

fn application_out(a: panel_application::Model) -> ApplicationOut {
    ApplicationOut {
        id: a.id,
        user_id: a.user_id,
        company_name: a.company_name,
        business_id: a.business_id,
        industry: a.industry,
        region: a.region,
        stage: a.stage,
        role_in_company: a.role_in_company,
        message: a.message,
        status: a.status,
        waiting_position: a.waiting_position,
    }
}

#[derive(Serialize)]
pub struct Outcome {
    /// `pending`, `accepted` (seated at once) or `waiting`.
    pub status: &'static str,
}

/// `POST /api/v1/panels/{slug}/applications`: apply (or join an open panel) as the caller.
pub async fn apply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<ApplicationIn>,
) -> AppResult<Response> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    if access.visibility() == PanelVisibility::Private
        && !access.panel.listed_publicly
        && access.role.is_none()
    {
        // Only managers know an unlisted private panel; they join it by being chosen.
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let app = service::check_application(
        &body.company,
        &body.message,
        body.consent,
        body.accept_rules,
        &mut errors,
    );
    super::rules::service::check_ticked(access.rules, body.accept_rules, &mut errors);
    let app = match app {
        Some(a) if errors.is_empty() => a,
        _ => return Err(AppError::Validation(errors)),
    };
    let lang = user.language.unwrap_or(Lang::Fi);
    let (_, outcome) =
        service::apply(&state.db, &access, Applicant::Existing(&user), app, lang).await?;
    let status = match outcome {
        Applied::Pending => ApplicationStatus::Pending,
        Applied::Joined => ApplicationStatus::Accepted,
        Applied::Waiting => ApplicationStatus::Waiting,
    };
    Ok((
        StatusCode::CREATED,
        Json(Outcome {
            status: status.as_str(),
        }),
    )
        .into_response())
}

#[derive(Serialize)]
pub struct ApplicationList {
    pub applications: Vec<ApplicationOut>,
}

/// `GET /api/v1/panels/{slug}/applications`: open applications (facilitators).
pub async fn applications(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(slug): Path<String>,
) -> AppResult<Json<ApplicationList>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let rows = store::applications_in(
        &state.db,
        access.id(),
        &[
            ApplicationStatus::Offered,
            ApplicationStatus::Pending,
            ApplicationStatus::Waiting,
        ],
    )
    .await?;
    Ok(Json(ApplicationList {
        applications: rows.into_iter().map(application_out).collect(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    /// `accept`, `decline` or `wait`.
    pub decision: String,
    #[serde(default)]
    pub message: String,
}

/// `POST /api/v1/panels/{slug}/applications/{id}/decision`
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((slug, id)): Path<(String, i32)>,
    ApiJson(body): ApiJson<DecisionIn>,
) -> AppResult<Json<ApplicationOut>> {
    let access = access::panel_for(&state.db, &slug, Some(user.actor())).await?;
    access.require_facilitator()?;
    let decision = service::Decision::parse(&body.decision, &body.message)?;
    let saved = service::decide(&state.db, &state.mailer, &user, &access, id, decision).await?;
    Ok(Json(application_out(saved)))
}
