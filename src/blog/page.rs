//! The post page, which the blog's own handlers show and the comment handlers show again
//! with a comment form that needs correcting.
use askama::Template;

use super::{
    service,
    store::{self, PostView},
};
use crate::{
    auth::permissions,
    comments::{
        self,
        model::{CommentFormState, Thread},
    },
    entities::post,
    error::{AppError, AppResult},
    markdown::SafeHtml,
    state::AppState,
    web::PageCtx,
};

#[derive(Template)]
#[template(path = "blog/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub post: PostView,
    pub body: SafeHtml,
    pub comments: Thread,
    pub comment_form: CommentFormState,
    pub can_edit: bool,
    pub can_comment: bool,
    pub can_moderate: bool,
}

/// Load a post the reader may open, or answer 404 (never 403: a hidden post does not exist).
pub async fn readable_post(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<post::Model> {
    let post = store::post_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::readable_by(ctx.actor(), &post) {
        return Err(AppError::NotFound);
    }
    Ok(post)
}

/// Render a post page; the comment handlers call this to show the form again with an error.
pub async fn post_page(
    state: &AppState,
    ctx: PageCtx,
    post: post::Model,
    comment_form: CommentFormState,
) -> AppResult<ShowPage> {
    let mut views = store::decorate(&state.db, vec![post]).await?;
    let view = views.pop().ok_or(AppError::NotFound)?;
    let comments = comments::service::thread_for_post(&state.db, view.post.id, ctx.actor()).await?;
    let actor = ctx.actor();
    Ok(ShowPage {
        can_edit: permissions::can_edit_post(actor, view.facts()),
        can_comment: permissions::can_comment(actor, view.facts()),
        can_moderate: permissions::can_moderate(actor),
        body: SafeHtml::from_stored(view.post.body_html.clone()),
        post: view,
        comments,
        comment_form,
        ctx,
    })
}
