//! The pages: `/settings/data` (download my data, erase me), the download link, the admin's
//! `/admin/data-rights` settings and `/admin/people/{id}/erase`.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    download::{self, Status},
    erase::{self, Erased},
    model::{DataRightsSettings, ErasurePolicy, RANGES, RawDataRights},
    settings,
};
use crate::{
    auth::CurrentUser,
    entities::user,
    error::{AppError, AppResult},
    people::model::PersonName,
    state::AppState,
    web::{FormErrors, PageCtx, render},
};

#[derive(Template)]
#[template(path = "data_rights/mine.html")]
struct MinePage {
    ctx: PageCtx,
    status: Status,
    policy: ErasurePolicy,
    errors: FormErrors,
}

impl MinePage {
    fn expires(&self) -> Option<String> {
        match &self.status {
            Status::Ready { expires_at, .. } => Some(self.ctx.format_datetime(expires_at)),
            _ => None,
        }
    }
    fn pending(&self) -> bool {
        self.status == Status::Pending
    }
}

async fn mine_page(
    state: &AppState,
    ctx: PageCtx,
    me: &CurrentUser,
    errors: Vec<crate::error::FieldError>,
) -> AppResult<Response> {
    let status = download::status(&state.db, me.id).await?;
    let policy = settings::current(&state.db).await?.erasure_policy;
    let failed = !errors.is_empty();
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    let page = render(&MinePage {
        ctx,
        status,
        policy,
        errors,
    })?;
    Ok(if failed {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page.into_response()
    })
}

/// `GET /settings/data`: the person's own data: download it, or erase themself.
pub async fn mine(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
) -> AppResult<Response> {
    mine_page(&state, ctx, &me, Vec::new()).await
}

/// `POST /settings/data/download`: ask for the ZIP file; the link comes by email.
pub async fn ask_download(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
) -> AppResult<Response> {
    download::request(&state.db, &me).await?;
    ctx.flash("data-rights-download-asked", None).await?;
    Ok(Redirect::to("/settings/data").into_response())
}

/// `GET /settings/data-download/{token}`: the ZIP file, for its owner only.
pub async fn fetch_download(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let bytes = download::fetch(&state.db, &me, &token).await?;
    Ok(zip_response(bytes))
}

/// A ZIP file as an attachment that no cache keeps.
pub fn zip_response(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/zip"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"my-data.zip\"",
            ),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    erase_password: String,
}

/// `POST /settings/data/erase`: erase myself, with my password.
pub async fn erase_me(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
    Form(form): Form<EraseForm>,
) -> AppResult<Response> {
    match erase::erase_self(&state, &me, &form.erase_password).await {
        Ok(_) => {
            ctx.session().flush().await?;
            crate::web::page::set_flash(ctx.session(), "data-rights-erased-self", None).await?;
            Ok(Redirect::to("/").into_response())
        }
        Err(AppError::Validation(errors)) => mine_page(&state, ctx, &me, errors).await,
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "data_rights/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    form: RawDataRights,
    errors: FormErrors,
}

impl AdminPage {
    fn policies(&self) -> Vec<(&'static str, &'static str)> {
        ErasurePolicy::ALL
            .into_iter()
            .map(|p| (p.as_str(), p.label_key()))
            .collect()
    }

    /// The number fields: (name, value typed, min, max).
    fn numbers(&self) -> Vec<(&'static str, &str, i32, i32)> {
        let f = &self.form;
        RANGES
            .iter()
            .map(|&(name, min, max)| {
                let value = match name {
                    "retention_declined_months" => f.retention_declined_months.as_str(),
                    "retention_sessions_days" => f.retention_sessions_days.as_str(),
                    _ => f.retention_outbox_days.as_str(),
                };
                (name, value, min, max)
            })
            .collect()
    }

    fn label_key(name: &str) -> String {
        format!("data-rights-{}", name.replace('_', "-"))
    }
}

/// `GET /admin/data-rights`: the erasure policy and retention periods.
pub async fn admin_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
) -> AppResult<Response> {
    settings::require_admin(&me)?;
    let form = settings::current(&state.db).await?.raw();
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::none(ctx.t);
    Ok(render(&AdminPage { ctx, form, errors })?.into_response())
}

/// `POST /admin/data-rights`: save them (422 with the form kept when a field is wrong).
pub async fn admin_save(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
    Form(form): Form<RawDataRights>,
) -> AppResult<Response> {
    settings::require_admin(&me)?;
    match DataRightsSettings::parse(&form) {
        Ok(new) => {
            settings::save(&state.db, &me, new).await?;
            ctx.flash("data-rights-saved", None).await?;
            Ok(Redirect::to("/admin/data-rights").into_response())
        }
        Err(errors) => {
            let ctx = ctx.with_csrf().await?;
            let errors = FormErrors::new(ctx.t, errors);
            let page = AdminPage { ctx, form, errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "data_rights/erase.html")]
struct ErasePage {
    ctx: PageCtx,
    person: Option<user::Model>,
    person_id: i32,
    policy: ErasurePolicy,
    done: Option<Erased>,
    errors: FormErrors,
}

impl ErasePage {
    /// The account was deleted before: the form asks for the name and address it had.
    fn deleted_before(&self) -> bool {
        self.person.as_ref().is_some_and(|p| p.removed_at.is_some())
    }

    fn name(&self) -> String {
        self.person
            .as_ref()
            .map_or_else(PersonName::former, PersonName::of)
            .shown(&self.ctx.t)
    }
}

/// `GET /admin/people/{id}/erase`: what erasing this person will do, and the button.
pub async fn admin_erase_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    settings::require_admin(&me)?;
    let person = crate::people::store::user_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = settings::current(&state.db).await?.erasure_policy;
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::none(ctx.t);
    Ok(render(&ErasePage {
        ctx,
        person: Some(person),
        person_id: id,
        policy,
        done: None,
        errors,
    })?
    .into_response())
}

/// The admin's erasure form: for an account deleted earlier, the name and address it had
/// (both optional).
#[derive(Deserialize)]
pub struct FormerForm {
    #[serde(default)]
    former_name: String,
    #[serde(default)]
    former_email: String,
}

/// `POST /admin/people/{id}/erase`: erase them; the answer lists other people's texts that
/// name them, for review.
pub async fn admin_erase(
    State(state): State<AppState>,
    ctx: PageCtx,
    me: CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<FormerForm>,
) -> AppResult<Response> {
    let former = erase::Former {
        name: form.former_name,
        email: form.former_email,
    };
    let done = erase::erase_by_admin(&state, &me, id, former).await?;
    let policy = settings::current(&state.db).await?.erasure_policy;
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::none(ctx.t);
    Ok(render(&ErasePage {
        ctx,
        person: None,
        person_id: id,
        policy,
        done: Some(done),
        errors,
    })?
    .into_response())
}
