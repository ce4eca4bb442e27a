//! Invitation pages: a facilitator invites by email; the link lets the invited person join.
use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::panels::{
    handlers::{panel_for, unprocessable},
    service::PanelError,
    store,
};
use crate::{
    auth::CurrentUser,
    entities::panel,
    error::{AppError, AppResult, FieldError},
    state::AppState,
    web::{PageCtx, render, see_other},
};

use super::service::{self};
use crate::panels::membership::handlers::{ApplyPage, JoinForm, applications_page, sign_in_as};
use crate::panels::membership::service as membership_service;
use crate::panels::membership::service::Applicant;

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
    match service::invite(&state.db, &state.mailer, &user, &access, &form.email, &base).await {
        Ok(_) => {
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
    let panel = store::panel_by_id(&state.db, crate::panels::model::PanelId(inv.panel_id))
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
    let mut form = JoinForm::default();
    if let Some(user) = &ctx.user {
        form.company = membership_service::known_company(&state.db, user).await?;
    }
    let page = ApplyPage::to_accept(&state.db, ctx, panel, &token, email, form, Vec::new()).await?;
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
        membership_service::check_account(&input, &mut errors)
    } else {
        None
    };
    let company = membership_service::check_company(&form.company, &mut errors);
    let accepts_rules = !form.accept_rules.is_empty();
    let standing = crate::panels::access::rules_standing(
        &state.db,
        crate::panels::model::PanelId(panel.id),
        None,
        None,
    )
    .await?;
    crate::panels::rules::service::check_ticked(standing, accepts_rules, &mut errors);
    let result = match (company, &ctx.user, account) {
        (Some(c), Some(user), _) if errors.is_empty() => {
            service::accept_invitation(
                &state.db,
                &token,
                Applicant::Existing(user),
                c,
                accepts_rules,
                ctx.lang,
            )
            .await
        }
        (Some(c), None, Some(account)) if errors.is_empty() => {
            service::accept_invitation(
                &state.db,
                &token,
                Applicant::New(account),
                c,
                accepts_rules,
                ctx.lang,
            )
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
            let page =
                ApplyPage::to_accept(&state.db, ctx, panel, &token, email, form, errors).await?;
            unprocessable(&page)
        }
        Err(e) => Err(e.into()),
    }
}
