//! People administration: /admin/people (invitations, roles, organisations, activity).
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    super::{
        model::Email,
        service::{self},
    },
    form_errors, unprocessable,
};
use crate::{
    auth::{CurrentUser, Role, permissions},
    entities::organization,
    error::{AppError, AppResult, FieldError},
    state::AppState,
    web::{FormErrors, PageCtx, forms::collect, render},
};

#[derive(Clone, Debug, Default, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub role: String,
}

/// An admin's change to one person; a missing field leaves that part alone.
#[derive(Deserialize)]
pub struct PersonForm {
    role: Option<String>,
    active: Option<String>,
}

#[derive(Template)]
#[template(path = "people/admin_people.html")]
struct AdminPeoplePage {
    ctx: PageCtx,
    me: i32,
    can_manage: bool,
    grantable: Vec<Role>,
    all_roles: Vec<Role>,
    overview: service::PeopleOverview,
    form: InviteForm,
    errors: FormErrors,
}

impl AdminPeoplePage {
    fn org_name(org: &Option<organization::Model>) -> &str {
        org.as_ref().map(|o| o.name.as_str()).unwrap_or("–")
    }
    fn role_code(role: &Option<Role>) -> &'static str {
        role.map(Role::as_str).unwrap_or("")
    }
    fn role_name(&self, role: &Option<Role>) -> String {
        role.map(|r| self.ctx.t.get(r.label_key()))
            .unwrap_or_else(|| "–".to_owned())
    }
}

/// Roles from the least to the most, as the selects list them.
fn roles_ascending() -> Vec<Role> {
    let mut roles = Role::ALL.to_vec();
    roles.sort();
    roles
}

async fn people_response(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    form: Option<InviteForm>,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
    let overview = service::people_overview(&state.db).await?;
    let actor = user.actor();
    let form = form.unwrap_or_else(|| InviteForm {
        organization: user
            .organization_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        role: Role::Member.as_str().to_owned(),
        ..Default::default()
    });
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    render(&AdminPeoplePage {
        ctx,
        me: user.id,
        can_manage: permissions::can_manage_people(Some(actor)),
        grantable: roles_ascending()
            .into_iter()
            .filter(|&r| permissions::can_grant_role(Some(actor), r))
            .collect(),
        all_roles: roles_ascending(),
        overview,
        form,
        errors,
    })
}

pub async fn admin_people(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
) -> AppResult<Response> {
    if !permissions::can_invite(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    Ok(people_response(&state, ctx, &user, None, Vec::new())
        .await?
        .into_response())
}

pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let actor = user.actor();
    if !permissions::can_invite(Some(actor)) {
        return Err(AppError::Forbidden);
    }
    let mut errors = Vec::new();
    let email = collect(&mut errors, Email::parse(&form.email));
    let organization_id = collect(
        &mut errors,
        form.organization
            .trim()
            .parse::<i32>()
            .map_err(|_| FieldError {
                field: "organization".into(),
                message_key: "organization-unknown",
                args: Vec::new(),
            }),
    );
    let role = collect(
        &mut errors,
        Role::parse(&form.role).ok_or(FieldError {
            field: "role".into(),
            message_key: "people-role-invalid",
            args: Vec::new(),
        }),
    );
    if let (Some(email), Some(organization_id), Some(role)) = (email, organization_id, role) {
        let base_url = state.settings.base_url();
        let made = service::invite(
            &state.db,
            &state.mailer,
            service::NewInvitation {
                inviter: actor,
                inviter_name: user.display_name.clone(),
                email,
                organization_id,
                role,
            },
            service::Letter {
                t: ctx.t,
                network_name: &ctx.site_name,
                base_url: &base_url,
            },
        )
        .await;
        match made {
            Ok(made) if made.emailed => {
                ctx.flash("invitation-sent", None).await?;
                return Ok(Redirect::to("/admin/people").into_response());
            }
            Ok(made) => {
                ctx.flash("invitation-created", Some(made.link)).await?;
                return Ok(Redirect::to("/admin/people").into_response());
            }
            Err(e) => errors = form_errors(e)?,
        }
    }
    Ok(unprocessable(
        people_response(&state, ctx, &user, Some(form), errors).await?,
    ))
}

pub async fn admin_update_person(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(id): Path<String>,
    Form(form): Form<PersonForm>,
) -> AppResult<Response> {
    let actor = user.actor();
    if !permissions::can_manage_people(Some(actor)) {
        return Err(AppError::Forbidden);
    }
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let mut errors = Vec::new();
    let role = match form.role.as_deref() {
        None => None,
        Some(raw) => collect(
            &mut errors,
            Role::parse(raw).ok_or(FieldError {
                field: "people".into(),
                message_key: "people-role-invalid",
                args: Vec::new(),
            }),
        ),
    };
    let active = match form.active.as_deref().map(str::trim) {
        None => None,
        Some("true" | "1" | "on") => Some(true),
        Some("false" | "0" | "off") => Some(false),
        Some(_) => {
            errors.push(FieldError {
                field: "people".into(),
                message_key: "people-active-invalid",
                args: Vec::new(),
            });
            None
        }
    };
    if errors.is_empty() {
        let change = service::PersonChange { role, active };
        match service::change_person(&state.db, actor, id, change).await {
            Ok(_) => {
                let key = match active {
                    Some(false) => "person-deactivated",
                    Some(true) => "person-reactivated",
                    None => "person-role-changed",
                };
                ctx.flash(key, None).await?;
                return Ok(Redirect::to("/admin/people").into_response());
            }
            Err(e) => errors = form_errors(e)?,
        }
    }
    Ok(unprocessable(
        people_response(&state, ctx, &user, None, errors).await?,
    ))
}
