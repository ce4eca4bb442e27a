//! Comment pages and forms: thin handlers that parse, call `comments::service`, and redirect
//! back to the post (or show the form again with the text kept).
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::{
    model::{CommentBody, CommentFormState, CommentId},
    service::{self, CommentError, NewComment},
};
use crate::{
    auth::{CurrentUser, participation, write_rate::RateError},
    blog,
    entities::post,
    error::{AppError, AppResult},
    state::AppState,
    web::{PageCtx, render, see_other},
};

/// The comment and reply forms as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub body: String,
    /// The comment answered; empty for a top-level comment.
    #[serde(default)]
    pub parent_id: String,
}

/// Write a comment or reply on a post. A reader who may not see the post gets 404, one who
/// is not signed in is sent to sign in, and a mistake shows the post again (422) with the
/// text kept in the form it was typed into.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
    Form(form): Form<CommentForm>,
) -> AppResult<Response> {
    let post = blog::page::readable_post(&state, &ctx, &slug).await?;
    let user = ctx.user.clone().ok_or(AppError::Unauthorized)?;
    if !participation::may_comment(&state.db, Some(&user), service::post_facts(&post)).await? {
        if user.email_confirmed {
            return Err(AppError::Forbidden);
        }
        // Not confirmed yet: say so on the post, with the text kept.
        let again = CommentFormState {
            body: form.body,
            parent_id: None,
            error: Some("comment-confirm-email-first"),
        };
        let page = blog::page::post_page(&state, ctx, post, again).await?;
        return Ok((StatusCode::FORBIDDEN, render(&page)?).into_response());
    }
    let parent_id = match form.parent_id.trim() {
        "" => None,
        id => Some(
            id.parse::<i32>()
                .map_err(|_| AppError::BadRequest("comment-parent-gone"))?,
        ),
    };
    let body = match CommentBody::parse(&form.body) {
        Ok(body) => body,
        Err(e) => {
            let again = CommentFormState {
                body: form.body,
                parent_id,
                error: Some(e.message_key),
            };
            return post_again(&state, ctx, post, again).await;
        }
    };
    let new = NewComment {
        body,
        parent_id: parent_id.map(CommentId),
    };
    match service::create(&state.db, &user, &post, new, state.settings.write_rate).await {
        Ok(saved) => {
            ctx.flash("comment-saved", None).await?;
            Ok(see_other(&comment_href(&post, saved.id)).into_response())
        }
        // The comment answered went away while the reply was typed: keep the text, offered
        // as a new top-level comment.
        Err(CommentError::ParentGone) => {
            let again = CommentFormState {
                body: form.body,
                parent_id: None,
                error: Some("comment-parent-gone"),
            };
            post_again(&state, ctx, post, again).await
        }
        // Over the rate of writing: the text is kept for sending again a little later.
        Err(CommentError::Rate(
            e @ (RateError::TooFast | RateError::NewcomerTooFast | RateError::TooManyLinks),
        )) => {
            let again = CommentFormState {
                body: form.body,
                parent_id,
                error: Some(e.message_key()),
            };
            let page = blog::page::post_page(&state, ctx, post, again).await?;
            Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn post_again(
    state: &AppState,
    ctx: PageCtx,
    post: post::Model,
    form: CommentFormState,
) -> AppResult<Response> {
    let page = blog::page::post_page(state, ctx, post, form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

fn comment_href(post: &post::Model, comment_id: i32) -> String {
    super::visibility::url(&crate::blog::visibility::url(post), comment_id)
}

/// The page for editing one's own comment.
#[derive(Template)]
#[template(path = "comments/edit.html")]
pub struct EditPage {
    pub ctx: PageCtx,
    pub comment_id: i32,
    pub post: post::Model,
    /// The text in the form.
    pub body: String,
    /// Catalogue key of what is wrong with the text.
    pub error: Option<&'static str>,
}

impl EditPage {
    pub fn post_href(&self) -> String {
        comment_href(&self.post, self.comment_id)
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (comment, post) = service::own_comment(&state.db, &user, CommentId(id)).await?;
    Ok(render(&EditPage {
        ctx,
        comment_id: comment.id,
        post,
        body: comment.body_md,
        error: None,
    })?
    .into_response())
}

/// The edit form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    pub body: String,
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<EditForm>,
) -> AppResult<Response> {
    let body = match CommentBody::parse(&form.body) {
        Ok(body) => body,
        Err(e) => {
            let (comment, post) = service::own_comment(&state.db, &user, CommentId(id)).await?;
            let page = EditPage {
                ctx,
                comment_id: comment.id,
                post,
                body: form.body,
                error: Some(e.message_key),
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let (saved, post) = service::update(&state.db, &user, CommentId(id), body).await?;
    ctx.flash("comment-updated", None).await?;
    Ok(see_other(&comment_href(&post, saved.id)).into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let (_, post) = service::remove(&state.db, &user, CommentId(id)).await?;
    ctx.flash("comment-removed-flash", None).await?;
    // The comment may have left the thread entirely: back to the top of the comments.
    Ok(see_other(&format!("/posts/{}#comments-title", post.slug)).into_response())
}

/// The moderation form: `action` is `hide` or `unhide`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct HideForm {
    #[serde(default)]
    pub action: String,
}

pub async fn hide(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<HideForm>,
) -> AppResult<Response> {
    let hidden = match form.action.as_str() {
        "" | "hide" => true,
        "unhide" => false,
        _ => return Err(AppError::BadRequest("comment-action-invalid")),
    };
    let (saved, post) = service::set_hidden(&state.db, &user, CommentId(id), hidden).await?;
    let key = if hidden {
        "comment-hidden-flash"
    } else {
        "comment-unhidden-flash"
    };
    ctx.flash(key, None).await?;
    Ok(see_other(&comment_href(&post, saved.id)).into_response())
}
