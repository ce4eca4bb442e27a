//! Moderation pages: the queue and its actions, the flag page, suspending people. Thin:
//! parse, call `moderation::service`, redirect or show the form again.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    model::{FlagReason, ItemKind, NewFlag, Reason, SuspensionLength},
    service::{self, FlagOutcome, ModerationError, QueueItem},
};
use crate::{
    auth::CurrentUser,
    comments::model::CommentBody,
    error::{AppError, AppResult, FieldError},
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

/// The moderation queue.
#[derive(Template)]
#[template(path = "moderation/queue.html")]
pub struct QueuePage {
    pub ctx: PageCtx,
    pub items: Vec<QueueItem>,
    /// The reader may suspend authors (editors and admins).
    pub can_suspend: bool,
    pub errors: FormErrors,
}

impl QueuePage {
    pub fn state_key(&self, q: &QueueItem) -> &'static str {
        q.item.state().mark_key()
    }
    pub fn reason_key(&self, code: &str) -> String {
        FlagReason::parse(code).map_or_else(|| "flag-reason-other".into(), |r| r.label_key())
    }
    pub fn author_name(&self, q: &QueueItem) -> String {
        q.author
            .as_ref()
            .map(|u| crate::people::model::PersonName::of(u).shown(&self.ctx.t))
            .unwrap_or_default()
    }
    pub fn author_suspended(&self, q: &QueueItem) -> bool {
        q.author
            .as_ref()
            .is_some_and(|u| u.is_suspended_at(crate::db::now()))
    }
    pub fn action_href(&self, q: &QueueItem, action: &str) -> String {
        format!(
            "/moderation/{}/{}/{}",
            q.item.kind.as_str(),
            q.item.id(),
            action
        )
    }
}

async fn queue_page(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    errors: Vec<FieldError>,
) -> AppResult<QueuePage> {
    if !service::has_queue(&state.db, user).await? {
        return Err(AppError::NotFound);
    }
    let items = service::queue(&state.db, user).await?;
    Ok(QueuePage {
        can_suspend: super::rules::sees_whole_queue(Some(user.actor())),
        items,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /moderation`: editors, admins and panels' facilitators; 404 for everyone else.
pub async fn queue(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    let page = queue_page(&state, ctx, &user, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// What a queue action may carry.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub note: String,
}

/// One queue action, parsed: the same for the page and the API.
#[derive(Clone, Debug)]
pub enum Decision {
    Approve,
    Reject(Reason),
    Edit(CommentBody, Reason),
    Hide(String),
    Dismiss,
}

impl Decision {
    /// `action` from the address, the fields from the form or JSON body.
    pub fn parse(action: &str, form: &ActionForm) -> Result<Decision, ModerationError> {
        let fields = |e: FieldError| ModerationError::Fields(vec![e]);
        match action {
            "approve" => Ok(Decision::Approve),
            "reject" => Ok(Decision::Reject(
                Reason::parse(&form.reason, "reason").map_err(fields)?,
            )),
            "edit" => {
                let mut errors = Vec::new();
                let body = CommentBody::parse(&form.body)
                    .map_err(|e| errors.push(FieldError::new("body", e.message_key)))
                    .ok();
                let note =
                    crate::web::forms::collect(&mut errors, Reason::parse(&form.note, "note"));
                match (body, note) {
                    (Some(b), Some(n)) => Ok(Decision::Edit(b, n)),
                    _ => Err(ModerationError::Fields(errors)),
                }
            }
            "hide" => Ok(Decision::Hide(form.reason.clone())),
            "dismiss" => Ok(Decision::Dismiss),
            _ => Err(ModerationError::NotFound),
        }
    }

    /// Carry it out.
    pub async fn run(
        self,
        state: &AppState,
        user: &CurrentUser,
        kind: ItemKind,
        id: i32,
    ) -> Result<(), ModerationError> {
        let db = &state.db;
        match self {
            Decision::Approve => service::approve(db, user, kind, id).await,
            Decision::Reject(r) => service::reject(db, &state.mailer, user, kind, id, r).await,
            Decision::Edit(b, n) if kind == ItemKind::Comment => {
                service::edit(db, user, id, b, n).await
            }
            Decision::Hide(r) => service::hide(db, user, kind, id, r).await,
            Decision::Edit(..) => Err(ModerationError::NotFound),
            Decision::Dismiss => service::dismiss_flags(db, user, kind, id).await,
        }
    }
}

/// `POST /moderation/{kind}/{id}/{action}`: approve, reject, edit, hide or dismiss.
pub async fn act(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((kind, id, action)): Path<(String, i32, String)>,
    Form(form): Form<ActionForm>,
) -> AppResult<Response> {
    let kind = ItemKind::parse(&kind).ok_or(AppError::NotFound)?;
    let done = match Decision::parse(&action, &form) {
        Ok(d) => d.run(&state, &user, kind, id).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => {
            ctx.flash(&format!("moderation-done-{action}"), None)
                .await?;
            Ok(see_other("/moderation").into_response())
        }
        Err(ModerationError::Fields(errors)) => {
            // Each item has its own forms: name the field of this item's form.
            let errors = for_item(errors, &format!("{}-{id}", kind.as_str()));
            let page = queue_page(&state, ctx, &user, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Field errors renamed to one item's fields on the queue page (`reason` → `reason-comment-7`).
fn for_item(errors: Vec<FieldError>, key: &str) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError {
            field: format!("{}-{key}", e.field).into(),
            ..e
        })
        .collect()
}

/// The suspension form's fields.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SuspendForm {
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub reason: String,
    /// The queue item whose form this is (`comment-7`), for tying errors to its fields.
    #[serde(default)]
    pub item: String,
}

/// The suspension, parsed (one parser for the page and the API).
pub fn parse_suspension(form: &SuspendForm) -> Result<(SuspensionLength, Reason), ModerationError> {
    let mut errors = Vec::new();
    let length = crate::web::forms::collect(&mut errors, SuspensionLength::parse(&form.days));
    let reason = crate::web::forms::collect(&mut errors, Reason::parse(&form.reason, "reason"));
    match (length, reason) {
        (Some(l), Some(r)) => Ok((l, r)),
        _ => Err(ModerationError::Fields(errors)),
    }
}

/// `POST /moderation/people/{id}/suspend`
pub async fn suspend(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<SuspendForm>,
) -> AppResult<Response> {
    let done = match parse_suspension(&form) {
        Ok((length, reason)) => service::suspend(&state.db, &user, id, length, reason)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => {
            ctx.flash("moderation-done-suspend", None).await?;
            Ok(see_other("/moderation").into_response())
        }
        Err(ModerationError::Fields(errors)) => {
            // Named after the queue item whose form was sent (`item`), else the person.
            let key = Some(form.item.as_str())
                .filter(|k| {
                    !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
                .map_or_else(|| format!("person-{id}"), str::to_owned);
            let errors = for_item(errors, &key)
                .into_iter()
                .map(|e| match e.field.strip_prefix("reason-") {
                    Some(rest) => FieldError {
                        field: format!("suspend-reason-{rest}").into(),
                        ..e
                    },
                    None => e,
                })
                .collect();
            let page = queue_page(&state, ctx, &user, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /moderation/people/{id}/unsuspend`
pub async fn unsuspend(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    service::unsuspend(&state.db, &user, id).await?;
    ctx.flash("moderation-done-unsuspend", None).await?;
    Ok(see_other("/moderation").into_response())
}

/// The flag page: why the reader flags this post, comment or reply.
#[derive(Template)]
#[template(path = "moderation/flag.html")]
pub struct FlagPage {
    pub ctx: PageCtx,
    pub kind: ItemKind,
    pub id: i32,
    pub title: String,
    pub back: String,
    pub reasons: Vec<FlagReason>,
    pub form: FlagForm,
    pub errors: FormErrors,
}

/// The flag form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub details: String,
}

async fn flag_page(
    state: &AppState,
    ctx: PageCtx,
    user: &CurrentUser,
    kind: ItemKind,
    id: i32,
    form: FlagForm,
    errors: Vec<FieldError>,
) -> AppResult<FlagPage> {
    let item = service::flaggable(&state.db, user, kind, id).await?;
    Ok(FlagPage {
        title: item.post.title.clone(),
        back: item.url(&state.db).await?,
        kind,
        id,
        reasons: FlagReason::ALL.to_vec(),
        form,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /flag/{kind}/{id}`: signed-in readers of the item only (others get 404).
pub async fn flag_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((kind, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let kind = ItemKind::parse(&kind).ok_or(AppError::NotFound)?;
    let page = flag_page(
        &state,
        ctx,
        &user,
        kind,
        id,
        FlagForm::default(),
        Vec::new(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// `POST /flag/{kind}/{id}`
pub async fn flag(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((kind, id)): Path<(String, i32)>,
    Form(form): Form<FlagForm>,
) -> AppResult<Response> {
    let kind = ItemKind::parse(&kind).ok_or(AppError::NotFound)?;
    let new = match NewFlag::parse(&form.reason, &form.details) {
        Ok(new) => new,
        Err(errors) => {
            let page = flag_page(&state, ctx, &user, kind, id, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let item = service::flaggable(&state.db, &user, kind, id).await?;
    let back = item.url(&state.db).await?;
    let outcome = service::flag(&state.db, &user, kind, id, new).await?;
    let key = match outcome {
        FlagOutcome::AlreadyFlagged => "flag-already",
        FlagOutcome::Recorded | FlagOutcome::Hidden => "flag-thanks",
    };
    ctx.flash(key, None).await?;
    Ok(see_other(&back).into_response())
}
