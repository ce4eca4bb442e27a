//! Pages for people: accepting an invitation, a person's own settings and API tokens, and the
//! admin pages for people and organisations.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    model::{DisplayName, Email, OrgName, ShortName, short_text},
    service::{self, PeopleError},
};
use crate::{
    auth::{CurrentUser, Role, csrf, password::Password, permissions, start_signed_in_session},
    entities::{api_token, organization},
    error::{AppError, AppResult, FieldError},
    i18n::Lang,
    state::AppState,
    web::{Flash, FormErrors, PageCtx, forms::collect, language::lang_cookie, render},
};

/// Longest job title, in characters.
const JOB_TITLE_MAX: usize = 100;
/// Longest organisation description, in characters.
const DESCRIPTION_MAX: usize = 1000;

/// A re-rendered form with errors.
fn unprocessable(html: Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
}

/// Field errors go back to the form; anything else becomes an error page.
fn form_errors(e: PeopleError) -> AppResult<Vec<FieldError>> {
    match e {
        PeopleError::Field(f) => Ok(vec![f]),
        other => Err(other.into()),
    }
}

fn parse_password(raw: &str, field: &'static str) -> Result<Password, FieldError> {
    Password::parse(raw).map_err(|e| FieldError {
        field: field.into(),
        message_key: e.message_key(),
    })
}

fn parse_language(raw: &str, fallback: Lang) -> Lang {
    Lang::parse(raw).unwrap_or(fallback)
}

// ---------------------------------------------------------------------------------------------
// Invitations: /invitations/{token}

/// What the invited person typed, kept to refill the form (never the password).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct InvitationForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub language: String,
}

#[derive(Template)]
#[template(path = "people/invitation.html")]
struct InvitationPage {
    ctx: PageCtx,
    token: String,
    invitation: service::InvitationView,
    form: InvitationForm,
    errors: FormErrors,
}

/// A link that is unknown, expired or used: 404 with the reason.
#[derive(Template)]
#[template(path = "error.html")]
struct InvitationInvalidPage {
    ctx: PageCtx,
    title: String,
    message: String,
}

fn invitation_invalid(ctx: PageCtx) -> AppResult<Response> {
    let title = ctx.t.get("invitation-invalid-title");
    let message = ctx.t.get("invitation-invalid");
    Ok((
        StatusCode::NOT_FOUND,
        render(&InvitationInvalidPage {
            ctx,
            title,
            message,
        })?,
    )
        .into_response())
}

pub async fn invitation_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Some(invitation) = service::invitation_view(&state.db, &token).await? else {
        return invitation_invalid(ctx);
    };
    let ctx = ctx.with_csrf().await?;
    let form = InvitationForm {
        language: ctx.lang.code().to_owned(),
        ..Default::default()
    };
    let errors = FormErrors::none(ctx.t);
    Ok(render(&InvitationPage {
        ctx,
        token,
        invitation,
        form,
        errors,
    })?
    .into_response())
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
    Form(mut form): Form<InvitationForm>,
) -> AppResult<Response> {
    let Some(invitation) = service::invitation_view(&state.db, &token).await? else {
        return invitation_invalid(ctx);
    };
    let mut errors = Vec::new();
    let name = collect(&mut errors, DisplayName::parse(&form.display_name));
    let job_title = collect(
        &mut errors,
        short_text(&form.job_title, "job_title", JOB_TITLE_MAX),
    );
    let password = collect(&mut errors, parse_password(&form.password, "password"));
    let language = parse_language(&form.language, ctx.lang);
    if let (Some(name), Some(job_title), Some(password), true) =
        (name, job_title, password, errors.is_empty())
    {
        let accepted = service::accept_invitation(
            &state.db,
            &token,
            name,
            job_title,
            password,
            Some(language.code().to_owned()),
        )
        .await;
        match accepted {
            Ok(person) => {
                start_signed_in_session(ctx.session(), person.id).await?;
                ctx.flash("invitation-accepted", None).await?;
                return Ok(Redirect::to("/").into_response());
            }
            Err(PeopleError::NotFound) => return invitation_invalid(ctx),
            Err(e) => errors = form_errors(e)?,
        }
    }
    form.password.clear();
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    Ok(unprocessable(render(&InvitationPage {
        ctx,
        token,
        invitation,
        form,
        errors,
    })?))
}

// ---------------------------------------------------------------------------------------------
// A person's own settings: /settings

/// The profile form, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub language: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

#[derive(Template)]
#[template(path = "people/settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    email: String,
    profile: ProfileForm,
    token_name: String,
    tokens: Vec<api_token::Model>,
    email_kinds: Vec<crate::email::preferences::KindChoice>,
    errors: FormErrors,
}

/// What to refill the settings page with after a failed form.
#[derive(Default)]
struct SettingsRefill {
    profile: Option<ProfileForm>,
    token_name: String,
}

async fn settings_response(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    refill: SettingsRefill,
    errors: Vec<FieldError>,
) -> AppResult<Html<String>> {
    let own = service::own_settings(&state.db, user.id).await?;
    let ctx = ctx.with_csrf().await?;
    let profile = refill.profile.unwrap_or_else(|| ProfileForm {
        display_name: own.person.display_name.clone(),
        job_title: own.person.job_title.clone(),
        language: own
            .person
            .language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or(ctx.lang)
            .code()
            .to_owned(),
    });
    let errors = FormErrors::new(ctx.t, errors);
    render(&SettingsPage {
        ctx,
        email: own.person.email,
        profile,
        token_name: refill.token_name,
        tokens: own.tokens,
        email_kinds: crate::email::preferences::choices(&state.db, user.id).await?,
        errors,
    })
}

pub async fn settings_page(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
) -> AppResult<Response> {
    Ok(
        settings_response(&state, ctx, &user, SettingsRefill::default(), Vec::new())
            .await?
            .into_response(),
    )
}

pub async fn update_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Form(form): Form<ProfileForm>,
) -> AppResult<Response> {
    let mut errors = Vec::new();
    let display_name = collect(&mut errors, DisplayName::parse(&form.display_name));
    let job_title = collect(
        &mut errors,
        short_text(&form.job_title, "job_title", JOB_TITLE_MAX),
    );
    let language = collect(
        &mut errors,
        Lang::parse(&form.language).ok_or(FieldError {
            field: "language".into(),
            message_key: "people-language-invalid",
        }),
    );
    if let (Some(display_name), Some(job_title), Some(language)) =
        (display_name, job_title, language)
    {
        let profile = service::Profile {
            display_name,
            job_title,
            language,
        };
        service::update_profile(&state.db, user.id, profile).await?;
        ctx.flash("settings-profile-saved", None).await?;
        // The saved language takes effect in this browser too, over an earlier switch.
        let mut response = Redirect::to("/settings").into_response();
        response.headers_mut().insert(
            header::SET_COOKIE,
            lang_cookie(language, state.settings.cookies_secure()),
        );
        return Ok(response);
    }
    let refill = SettingsRefill {
        profile: Some(form),
        ..Default::default()
    };
    Ok(unprocessable(
        settings_response(&state, ctx, &user, refill, errors).await?,
    ))
}

pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let errors = match parse_password(&form.new_password, "new_password") {
        Ok(new) => {
            let keep = ctx.session().id();
            match service::change_password(
                &state.db,
                user.id,
                &form.current_password,
                new,
                keep.as_ref(),
            )
            .await
            {
                Ok(()) => {
                    // This session stays, under a fresh id and with a fresh CSRF token.
                    ctx.session().cycle_id().await?;
                    csrf::renew(ctx.session()).await?;
                    ctx.flash("settings-password-changed", None).await?;
                    return Ok(Redirect::to("/settings").into_response());
                }
                Err(e) => form_errors(e)?,
            }
        }
        Err(e) => vec![e],
    };
    Ok(unprocessable(
        settings_response(&state, ctx, &user, SettingsRefill::default(), errors).await?,
    ))
}

/// Makes a token and shows it on the page this once: it is not kept anywhere, not even in
/// the session, so this answer is the only place it appears.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    mut ctx: PageCtx,
    Form(form): Form<TokenForm>,
) -> AppResult<Response> {
    match service::create_api_token(&state.db, user.id, &form.name).await {
        Ok(token) => {
            ctx.flash = Some(Flash {
                message_key: "token-created".to_owned(),
                detail: Some(token),
            });
            Ok(
                settings_response(&state, ctx, &user, SettingsRefill::default(), Vec::new())
                    .await?
                    .into_response(),
            )
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let refill = SettingsRefill {
                token_name: form.name,
                ..Default::default()
            };
            Ok(unprocessable(
                settings_response(&state, ctx, &user, refill, errors).await?,
            ))
        }
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: PageCtx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    service::revoke_api_token(&state.db, user.id, id).await?;
    ctx.flash("token-revoked", None).await?;
    Ok(Redirect::to("/settings").into_response())
}

// ---------------------------------------------------------------------------------------------
// People administration: /admin/people

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
            }),
    );
    let role = collect(
        &mut errors,
        Role::parse(&form.role).ok_or(FieldError {
            field: "role".into(),
            message_key: "people-role-invalid",
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

// ---------------------------------------------------------------------------------------------
// Organisations: /admin/organizations

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

#[cfg(test)]
mod tests {
    use std::{collections::BTreeSet, path::Path};

    use crate::i18n::{FluentArg, Lang, Tr};

    fn is_key(s: &str) -> bool {
        s.contains('-')
            && !s.starts_with('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }

    /// Every catalogue key the people pages, services and templates use.
    fn used_keys() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys = BTreeSet::new();
        for file in ["src/people/handlers.rs", "src/people/service.rs"] {
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            for literal in code.split('"').skip(1).step_by(2) {
                if is_key(literal) {
                    keys.insert(literal.to_owned());
                }
            }
        }
        for entry in std::fs::read_dir(root.join("templates/people")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for call in ["t.get(\"", "t.arg(\"", "t.count(\""] {
                for rest in text.split(call).skip(1) {
                    let key = rest.split('"').next().unwrap();
                    assert!(is_key(key), "odd key {key:?}");
                    keys.insert(key.to_owned());
                }
            }
        }
        keys
    }

    #[test]
    fn every_message_the_people_pages_use_exists_in_every_language() {
        let keys = used_keys();
        assert!(keys.len() > 50, "scanner found only {keys:?}");
        // Messages with variables only resolve when given them.
        let args: Vec<(&str, FluentArg)> = [
            "network",
            "inviter",
            "organization",
            "role",
            "name",
            "email",
        ]
        .into_iter()
        .map(|n| (n, FluentArg::Str("x".to_owned())))
        .chain([("count", FluentArg::Num(2))])
        .collect();
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            let missing: Vec<_> = keys.iter().filter(|k| t.args(k, &args) == **k).collect();
            assert!(missing.is_empty(), "{lang}: {missing:?}");
        }
    }

    #[test]
    fn invitation_email_expiry_reads_naturally() {
        assert_eq!(
            Tr::new(Lang::Fi).count("invitation-email-expiry", 7),
            "Linkki on voimassa 7 päivää, ja sitä voi käyttää vain kerran."
        );
        assert_eq!(
            Tr::new(Lang::Sv).count("invitation-email-expiry", 1),
            "Länken gäller i 1 dag och kan bara användas en gång."
        );
        assert_eq!(
            Tr::new(Lang::En).count("invitation-email-expiry", 7),
            "The link is valid for 7 days and can be used only once."
        );
    }
}
