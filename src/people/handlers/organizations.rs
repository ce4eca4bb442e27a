//! Organisations' administration: /admin/organizations.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    super::{
        model::{OrgName, ShortName, short_text},
        service::{self},
    },
    DESCRIPTION_MAX, form_errors, unprocessable,
};
use crate::{
    auth::{CurrentUser, permissions},
    entities::organization,
    error::{AppError, AppResult, FieldError},
    state::AppState,
    web::{FormErrors, PageCtx, forms::collect, render},
};

/// The new-organisation form (also read for edits, which ignore the short name).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct OrgForm {
    #[serde(default, alias = "name")]
    pub org_name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub description: String,
}

/// An organisation's edit form that failed, shown open with its errors.
struct OrgEdit {
    short: String,
    form: OrgForm,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "people/admin_organizations.html")]
struct AdminOrganizationsPage {
    ctx: PageCtx,
    organizations: Vec<organization::Model>,
    form: OrgForm,
    errors: FormErrors,
    edit: Option<OrgEdit>,
}

impl AdminOrganizationsPage {
    /// The edit form's values for an organisation: as typed after an error, else as stored.
    fn edit_values<'a>(&'a self, org: &'a organization::Model) -> (&'a str, &'a str) {
        match &self.edit {
            Some(e) if e.short == org.short_name => (&e.form.org_name, &e.form.description),
            _ => (&org.name, &org.description),
        }
    }
    /// The error for an organisation's edit field, if that form failed.
    fn edit_error(&self, org: &organization::Model, field: &str) -> Option<String> {
        self.edit
            .as_ref()
            .filter(|e| e.short == org.short_name)
            .and_then(|e| e.errors.get(field))
    }
    fn is_being_edited(&self, org: &organization::Model) -> bool {
        self.edit
            .as_ref()
            .is_some_and(|e| e.short == org.short_name)
    }
}

fn require_admin(user: &CurrentUser) -> AppResult<()> {
    if permissions::can_manage_people(Some(user.actor())) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn organizations_response(
    state: &AppState,
    ctx: PageCtx,
    form: OrgForm,
    errors: Vec<FieldError>,
    edit: Option<(String, OrgForm, Vec<FieldError>)>,
) -> AppResult<Html<String>> {
    let organizations = service::organizations(&state.db).await?;
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    let edit = edit.map(|(short, form, errors)| OrgEdit {
        short,
        form,
        errors: FormErrors::new(ctx.t, errors),
    });
    render(&AdminOrganizationsPage {
        ctx,
        organizations,
        form,
        errors,
        edit,
    })
}

pub async fn admin_organizations(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
) -> AppResult<Response> {
    require_admin(&user)?;
    Ok(
        organizations_response(&state, ctx, OrgForm::default(), Vec::new(), None)
            .await?
            .into_response(),
    )
}

pub async fn admin_create_organization(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    require_admin(&user)?;
    let mut errors = Vec::new();
    let name = collect(&mut errors, OrgName::parse(&form.org_name));
    let short = collect(&mut errors, ShortName::parse(&form.short_name));
    let description = collect(
        &mut errors,
        short_text(&form.description, "description", DESCRIPTION_MAX),
    );
    if let (Some(name), Some(short), Some(description)) = (name, short, description) {
        match service::add_organization(&state.db, user.actor(), name, short, &description).await {
            Ok(_) => {
                ctx.flash("org-created", None).await?;
                return Ok(Redirect::to("/admin/organizations").into_response());
            }
            Err(e) => errors = form_errors(e)?,
        }
    }
    Ok(unprocessable(
        organizations_response(&state, ctx, form, errors, None).await?,
    ))
}

pub async fn admin_update_organization(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(short): Path<String>,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    require_admin(&user)?;
    let short = short.to_lowercase();
    let mut errors = Vec::new();
    let name = collect(&mut errors, OrgName::parse(&form.org_name));
    let description = collect(
        &mut errors,
        short_text(&form.description, "description", DESCRIPTION_MAX),
    );
    if let (Some(name), Some(description)) = (name, description) {
        match service::update_organization(&state.db, user.actor(), &short, name, &description)
            .await
        {
            Ok(_) => {
                ctx.flash("org-updated", None).await?;
                return Ok(Redirect::to("/admin/organizations").into_response());
            }
            Err(e) => errors = form_errors(e)?,
        }
    } else if service::organizations(&state.db)
        .await?
        .iter()
        .all(|o| o.short_name != short)
    {
        return Err(AppError::NotFound);
    }
    Ok(unprocessable(
        organizations_response(
            &state,
            ctx,
            OrgForm::default(),
            Vec::new(),
            Some((short, form, errors)),
        )
        .await?,
    ))
}
