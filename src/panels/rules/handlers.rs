//! Rules pages: the current rules (with facilitators' view of who has accepted them), the
//! history and old versions, the editor, and accepting.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::service::{self, MemberAcceptance, VersionView};
use crate::{
    auth::CurrentUser,
    entities::panel,
    error::{AppResult, FieldError},
    panels::{
        access::PanelAccess,
        handlers::{panel_for, unprocessable},
        membership::open_join,
        nav::PanelNav,
        service::PanelError,
    },
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

#[derive(Template)]
#[template(path = "panels/rules.html")]
pub struct RulesPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    /// The version shown (the current one unless `old`); none while the panel has no rules.
    pub shown: Option<VersionView>,
    pub old: bool,
    pub current: Option<i32>,
    pub is_facilitator: bool,
    /// A member who has not accepted the current version: the Accept button shows.
    pub pending: bool,
    /// Someone signed in who may join this open panel here, accepting the rules.
    pub can_join: bool,
    pub errors: FormErrors,
    /// Facilitators: every member's accepted version, those not yet accepted first.
    pub acceptances: Vec<MemberAcceptance>,
}

impl RulesPage {
    /// Members who have not accepted the current version.
    pub fn not_yet(&self) -> Vec<&MemberAcceptance> {
        self.acceptances.iter().filter(|a| a.pending).collect()
    }

    /// The number of the version shown (0 for none).
    pub fn shown_version(&self) -> i32 {
        self.shown.as_ref().map_or(0, |v| v.version)
    }
}

async fn rules_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    shown: Option<VersionView>,
    old: bool,
    errors: Vec<FieldError>,
) -> AppResult<RulesPage> {
    let (current, acceptances) = if access.is_facilitator() {
        service::acceptances(&state.db, &access, &ctx.t).await?
    } else {
        (access.rules.current, Vec::new())
    };
    let is_in = access.role.is_some();
    Ok(RulesPage {
        nav: PanelNav::new(&access, "rules"),
        can_join: current.is_some() && open_join::offers_join(&access, ctx.user.as_ref(), is_in),
        pending: access.rules_pending(),
        is_facilitator: access.is_facilitator(),
        panel: access.panel,
        shown,
        old,
        current,
        errors: FormErrors::new(ctx.t, errors),
        acceptances,
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/rules`
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let shown = service::read(&state.db, &access, None, &ctx.t).await?;
    let page = rules_page(&state, ctx, access, shown, false, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `GET /panels/{slug}/rules/versions/{number}`
pub async fn version(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, number)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let shown = service::read(&state.db, &access, Some(number), &ctx.t).await?;
    let old = access.rules.current != Some(number);
    let page = rules_page(&state, ctx, access, shown, old, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// The one-click join of an open panel without the rules box ticked: the rules page with
/// its join form and the error, 422.
pub async fn join_refused(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let shown = service::read(&state.db, &access, None, &ctx.t).await?;
    let page = rules_page(state, ctx, access, shown, false, errors).await?;
    unprocessable(&page)
}

#[derive(Template)]
#[template(path = "panels/rules_history.html")]
pub struct HistoryPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub versions: Vec<VersionView>,
}

/// `GET /panels/{slug}/rules/history`
pub async fn history(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let versions = service::history(&state.db, &access, &ctx.t).await?;
    let page = HistoryPage {
        nav: PanelNav::new(&access, "rules"),
        panel: access.panel,
        versions,
        ctx,
    };
    Ok(render(&page)?.into_response())
}

/// The editor's fields as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RulesForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Template)]
#[template(path = "panels/rules_edit.html")]
pub struct EditPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub current: Option<i32>,
    pub form: RulesForm,
    pub errors: FormErrors,
}

async fn edit_page(
    ctx: PageCtx,
    access: PanelAccess,
    form: RulesForm,
    errors: Vec<FieldError>,
) -> AppResult<EditPage> {
    Ok(EditPage {
        nav: PanelNav::new(&access, "rules"),
        current: access.rules.current,
        panel: access.panel,
        form,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/rules/edit`: the current text to start from.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let body = service::read(&state.db, &access, None, &ctx.t)
        .await?
        .map(|v| v.body_md)
        .unwrap_or_default();
    let form = RulesForm {
        body,
        note: String::new(),
    };
    let page = edit_page(ctx, access, form, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/rules/edit`: save a new version.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<RulesForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    match super::model::RulesDraft::parse(&form.body, &form.note) {
        Ok(draft) => {
            service::save(&state.db, &user, &access, draft).await?;
            ctx.flash("panel-rules-saved", None).await?;
            Ok(see_other(&format!("/panels/{slug}/rules")).into_response())
        }
        Err(errors) => {
            let page = edit_page(ctx, access, form, errors).await?;
            unprocessable(&page)
        }
    }
}

/// `POST /panels/{slug}/rules/accept`: a member accepts the current version.
pub async fn accept(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match service::accept_current(&state.db, &user, &access).await {
        Ok(_) => ctx.flash("panel-rules-accepted", None).await?,
        Err(PanelError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&format!("/panels/{slug}/rules")).into_response())
}
