//! `/accessibility`: the statement, and for admins the form for its contact details.
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::service;
use crate::{
    auth::permissions,
    error::{AppError, AppResult},
    state::AppState,
    web::{FormErrors, PageCtx, page::site_settings, render},
};

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub accessibility_contact: String,
}

#[derive(Template)]
#[template(path = "accessibility/statement.html")]
pub struct StatementPage {
    ctx: PageCtx,
    form: ContactForm,
    errors: FormErrors,
    can_edit: bool,
}

impl StatementPage {
    /// The contact text as lines, for a readable address block.
    fn contact_lines(&self) -> Vec<&str> {
        self.form
            .accessibility_contact
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

pub async fn page(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    // Before setup there are no contact details yet, but the statement is still there.
    let form = site_settings(&state.db)
        .await?
        .map(|s| ContactForm {
            contact_email: s.contact_email,
            accessibility_contact: s.accessibility_contact,
        })
        .unwrap_or_default();
    let can_edit = permissions::can_manage_people(ctx.actor());
    let errors = FormErrors::none(ctx.t);
    Ok(render(&StatementPage {
        ctx,
        form,
        errors,
        can_edit,
    })?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<ContactForm>,
) -> AppResult<Response> {
    if !permissions::can_manage_people(ctx.actor()) {
        return Err(if ctx.user.is_some() {
            AppError::Forbidden
        } else {
            AppError::Unauthorized
        });
    }
    match service::check(&form.contact_email, &form.accessibility_contact) {
        Ok(contact) => {
            service::save(&state.db, contact).await?;
            ctx.flash("accessibility-contact-saved", None).await?;
            Ok(Redirect::to("/accessibility").into_response())
        }
        Err(errors) => {
            let errors = FormErrors::new(ctx.t, errors);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(&StatementPage {
                    ctx,
                    form,
                    errors,
                    can_edit: true,
                })?,
            )
                .into_response())
        }
    }
}
