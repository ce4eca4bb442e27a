//! Notification pages: the list with marking read, the following page, the follow buttons'
//! form, and the email settings (the whole matrix, the digest hour, the @handle). Thin: parse,
//! call `notifications::service`, render or redirect.
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::{
    model::{Delivery, EmailSettings, FollowTarget},
    service::{self, Day, Followable, NotifyError, Page, SettingsInput, Shown},
};
use crate::{
    auth::CurrentUser,
    error::{AppError, AppResult},
    state::AppState,
    web::{FormErrors, PageCtx, render, return_address::safe_next, see_other},
};

/// `/notifications`.
#[derive(Template)]
#[template(path = "notifications/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub page: Page,
}

impl ListPage {
    pub fn day_label(&self, d: &Day) -> String {
        d.items
            .first()
            .map(|s| self.ctx.t.long_date(&s.created_at))
            .unwrap_or_default()
    }
    /// The sentence of one notification, in the reader's language.
    pub fn sentence(&self, s: &Shown) -> String {
        service::sentence(&self.ctx.t, s)
    }
    pub fn time(&self, s: &Shown) -> String {
        self.ctx.t.long_datetime(&s.created_at)
    }
    pub fn iso(&self, s: &Shown) -> String {
        crate::i18n::iso_datetime(&s.created_at)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub before: Option<i32>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let page = service::page(&state.db, &user, q.before).await?;
    let ctx = ctx.with_csrf().await?;
    Ok(render(&ListPage { ctx, page })?.into_response())
}

/// The mark-read form: one notification's id, or none for all of them.
#[derive(Debug, Default, Deserialize)]
pub struct ReadForm {
    #[serde(default)]
    pub id: Option<String>,
}

pub async fn mark_read(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(form): Form<ReadForm>,
) -> AppResult<Response> {
    let ids = match form.id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => Some(vec![
            id.parse::<i32>()
                .map_err(|_| AppError::BadRequest("notify-bad-id"))?,
        ]),
    };
    let all = ids.is_none();
    service::mark_read(&state.db, &user, ids).await?;
    if all {
        ctx.flash("notify-all-read", None).await?;
    }
    Ok(see_other("/notifications").into_response())
}

// ----- Following -----

/// `/settings/following`.
#[derive(Template)]
#[template(path = "notifications/following.html")]
pub struct FollowingPage {
    pub ctx: PageCtx,
    pub items: Vec<Followable>,
}

impl FollowingPage {
    pub fn kind_key(&self, f: &Followable) -> String {
        format!("notify-follow-kind-{}", f.target.kind())
    }
}

pub async fn following(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    let items = service::following(&state.db, &user).await?;
    let ctx = ctx.with_csrf().await?;
    Ok(render(&FollowingPage { ctx, items })?.into_response())
}

/// A follow button's form.
#[derive(Debug, Default, Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub id: String,
    /// "follow" or "unfollow".
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub next: Option<String>,
}

/// Follow or unfollow, then back to the page the button was on.
pub async fn follow(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(form): Form<FollowForm>,
) -> AppResult<Response> {
    let target = FollowTarget::parse(&form.kind, &form.id).ok_or(AppError::NotFound)?;
    let on = match form.action.as_str() {
        "follow" => true,
        "unfollow" => false,
        _ => return Err(AppError::BadRequest("notify-bad-action")),
    };
    let found = service::set_following(&state.db, &user, target, on).await?;
    let key = if on {
        "notify-followed"
    } else {
        "notify-unfollowed"
    };
    ctx.flash(key, Some(found.name)).await?;
    Ok(see_other(&safe_next(form.next.as_deref())).into_response())
}

// ----- Email settings -----

/// The email settings page.
pub const SETTINGS: &str = "/settings/email";

/// `/settings/notifications`, the page's old address: a permanent redirect that keeps the
/// method, so a bookmark opens the page and an old form's POST still saves.
pub async fn old_settings() -> Redirect {
    Redirect::permanent(SETTINGS)
}

/// `/settings/email`: every email choice on one page (what `/settings/notifications` was,
/// with the other optional emails), and the handle.
#[derive(Template)]
#[template(path = "notifications/settings.html")]
pub struct SettingsPage {
    pub ctx: PageCtx,
    pub settings: EmailSettings,
    pub handle: String,
    pub errors: FormErrors,
}

/// One row of the matrix: a kind's radio group.
pub struct MatrixRow {
    pub field: String,
    pub label_key: String,
    /// (value, catalogue key of its label, checked)
    pub options: Vec<(&'static str, String, bool)>,
}

impl MatrixRow {
    fn new(name: &str, label_key: String, choices: &[Delivery], chosen: Delivery) -> MatrixRow {
        MatrixRow {
            field: format!("delivery-{name}"),
            label_key,
            options: choices
                .iter()
                .map(|d| (d.as_str(), d.label_key(), *d == chosen))
                .collect(),
        }
    }
}

impl SettingsPage {
    /// The notification kinds: at once, daily, weekly or never.
    pub fn matrix(&self) -> Vec<MatrixRow> {
        self.settings
            .deliveries
            .iter()
            .map(|(kind, chosen)| {
                MatrixRow::new(kind.as_str(), kind.label_key(), &Delivery::ALL, *chosen)
            })
            .collect()
    }
    /// The other optional emails: at once or never.
    pub fn others(&self) -> Vec<MatrixRow> {
        self.settings
            .others
            .iter()
            .map(|(kind, chosen)| {
                MatrixRow::new(kind.as_str(), kind.label_key(), &Delivery::ON_OFF, *chosen)
            })
            .collect()
    }
    /// The hours of the day: (value, label, selected).
    pub fn hours(&self) -> Vec<(u8, String, bool)> {
        (0..24)
            .map(|h| {
                (
                    h,
                    format!("{h:02}:00"),
                    h == self.settings.digest_hour.get(),
                )
            })
            .collect()
    }
}

async fn settings_page(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    settings: Option<EmailSettings>,
    handle: Option<String>,
    errors: Vec<crate::error::FieldError>,
) -> AppResult<SettingsPage> {
    let settings = match settings {
        Some(s) => s,
        None => service::settings(&state.db, user.id).await?,
    };
    let handle = match handle {
        Some(h) => h,
        None => service::handle(&state.db, user.id).await?,
    };
    let ctx = ctx.with_csrf().await?;
    let errors = FormErrors::new(ctx.t, errors);
    Ok(SettingsPage {
        ctx,
        settings,
        handle,
        errors,
    })
}

pub async fn settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    let page = settings_page(&state, ctx, &user, None, None, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// The settings form's fields as typed, from `delivery-{kind}`, `digest_hour` and
/// `combine_minutes`.
pub fn settings_input(form: &HashMap<String, String>) -> SettingsInput<'_> {
    SettingsInput {
        deliveries: form
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("delivery-")?, v.as_str())))
            .collect(),
        digest_hour: form.get("digest_hour").map_or("", String::as_str),
        combine_minutes: form.get("combine_minutes").map_or("", String::as_str),
    }
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let current = service::settings(&state.db, user.id).await?;
    match service::parse_settings(&settings_input(&form), &current) {
        Ok(s) => {
            service::save_settings(&state.db, &user, &s).await?;
            ctx.flash("notify-settings-saved", None).await?;
            Ok(see_other(SETTINGS).into_response())
        }
        Err(errors) => {
            let page = settings_page(&state, ctx, &user, Some(current), None, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct HandleForm {
    #[serde(default)]
    pub handle: String,
}

pub async fn change_handle(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(form): Form<HandleForm>,
) -> AppResult<Response> {
    match service::change_handle(&state.db, &user, &form.handle).await {
        Ok(_) => {
            ctx.flash("notify-handle-saved", None).await?;
            Ok(see_other(SETTINGS).into_response())
        }
        Err(NotifyError::Fields(errors)) => {
            let page = settings_page(&state, ctx, &user, None, Some(form.handle), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
