//! The post page, which the blog's own handlers show and the comment handlers show again
//! with a comment form that needs correcting.
use askama::Template;

use super::{
    service,
    store::{self, PostView},
};
use crate::{
    auth::{participation, permissions},
    comments::{
        self,
        model::{CommentFormState, Thread},
    },
    entities::post,
    error::{AppError, AppResult},
    markdown::SafeHtml,
    notifications::mention_links::MentionLinks,
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
    /// Why the comment form is not shown, for a reader who could comment after a step
    /// (sign in, register, confirm their email): a catalogue key.
    pub comment_hint: Option<&'static str>,
    pub can_moderate: bool,
    /// Follow the post (and its comments).
    pub follow: Option<crate::notifications::service::FollowButton>,
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
    let mut comments =
        comments::service::thread_for_post(&state.db, view.post.id, ctx.actor()).await?;
    let actor = ctx.actor();
    // Mentions link to the people this reader may see, in one lookup for the whole page.
    let body = SafeHtml::from_stored(view.post.body_html.clone());
    let texts = std::iter::once(&body).chain(comments.bodies());
    let mentions = MentionLinks::resolve(&state.db, actor, &ctx.t, "", texts).await?;
    comments.map_bodies(&|b| mentions.show(b));
    let can_comment =
        participation::may_comment(&state.db, ctx.user.as_ref(), view.facts()).await?;
    let comment_hint = if can_comment {
        None
    } else {
        comment_hint(&state.db, &ctx, view.facts()).await?
    };
    let follow = crate::notifications::service::button(
        &state.db,
        ctx.user.as_ref(),
        crate::notifications::model::FollowTarget::Post(view.post.id),
        &super::visibility::url(&view.post),
    )
    .await?;
    Ok(ShowPage {
        follow,
        can_edit: permissions::can_edit_post(actor, view.facts()),
        can_comment,
        comment_hint,
        can_moderate: permissions::can_moderate(actor),
        body: mentions.show(&body),
        post: view,
        comments,
        comment_form,
        ctx,
    })
}

/// What a reader who may not comment could do about it: visitors are asked to sign in (or
/// to register, where the site lets customers register), and a person whose email is not
/// confirmed yet is told to confirm it. Others (e.g. a members-only post) get no hint.
async fn comment_hint(
    db: &sea_orm::DatabaseConnection,
    ctx: &PageCtx,
    post: permissions::PostFacts,
) -> AppResult<Option<&'static str>> {
    let policy = participation::comment_policy(db).await?;
    let public = post.visibility == super::model::Visibility::Public
        && post.status == super::model::PostStatus::Published;
    Ok(match &ctx.user {
        None if public && policy.opens_registration() => Some("comment-sign-in-or-register"),
        None => Some("comment-sign-in"),
        Some(u) if !u.email_confirmed && public => Some("comment-confirm-email-first"),
        Some(_) => None,
    })
}
