//! The post page, which the blog's own handlers show and the comment handlers show again
//! with a comment form that needs correcting.
use std::{collections::HashSet, sync::Arc};

use askama::Template;
use sea_orm::{ConnectionTrait, DbErr};

use super::{
    service,
    store::{self, PostView, ReadScope},
};
use crate::{
    auth::{participation, permissions},
    comments::{
        self,
        model::{CommentFormState, Thread},
        service::ThreadRows,
    },
    entities::post,
    error::{AppError, AppResult},
    markdown::SafeHtml,
    notifications::mention_links::{MentionLinks, handles_in},
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

/// What the post page shows every reader alike: the post with its byline, labels and
/// comment count, its comments with theirs, and which commenters have writing published for
/// members and for everyone (their names link to their pages). Read in nine queries and
/// kept with this node's cached pages (`PageCache::keep`), which any write recording a
/// change drops, as it drops the visitors' pages; a signed-in reader's page then reads only
/// what is theirs (their session, person, bell and follow button).
#[derive(Debug)]
pub struct SharedPost {
    view: PostView,
    thread: ThreadRows,
    writers_for_members: HashSet<i32>,
    writers_for_everyone: HashSet<i32>,
    /// The handles mentioned in the post and its comments.
    handles: Vec<String>,
}

impl SharedPost {
    async fn read(db: &impl ConnectionTrait, post: post::Model) -> Result<SharedPost, DbErr> {
        let view = store::decorate(db, vec![post]).await?.remove(0);
        let thread = comments::service::thread_rows(db, view.post.id).await?;
        let ids = thread.author_ids();
        let writers = |members| store::authors_with_published(db, ReadScope { members }, &ids);
        let body = SafeHtml::from_stored(view.post.body_html.clone());
        let handles = handles_in(std::iter::once(&body).chain(thread.bodies().iter()));
        Ok(SharedPost {
            handles,
            writers_for_members: writers(true).await?,
            writers_for_everyone: writers(false).await?,
            view,
            thread,
        })
    }

    /// The thread as this reader sees it.
    fn thread(&self, actor: Option<permissions::Actor>) -> Thread {
        let writers = if service::scope_for(actor).members {
            &self.writers_for_members
        } else {
            &self.writers_for_everyone
        };
        let ids = self.thread.author_ids();
        let with_pages = service::with_pages_among(actor, &ids, writers);
        self.thread.thread(actor, &with_pages)
    }
}

/// The post page's shared part for a reader who may open the post (else 404), from this
/// node's memory when it has it.
async fn shown_post(state: &AppState, ctx: &PageCtx, slug: &str) -> AppResult<Arc<SharedPost>> {
    let cache = &state.page_cache;
    let shared = match cache.recall::<SharedPost>(slug) {
        Some(kept) => kept,
        None => {
            let ticket = cache.ticket();
            let post = store::post_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            let shared = Arc::new(SharedPost::read(&state.db, post).await?);
            cache.keep(ticket, slug, shared.clone());
            shared
        }
    };
    if !service::readable_by(ctx.actor(), &shared.view.post) {
        return Err(AppError::NotFound);
    }
    Ok(shared)
}

/// The post page for `slug`, or 404 for a reader who may not open it.
pub async fn show_page(state: &AppState, ctx: PageCtx, slug: &str) -> AppResult<ShowPage> {
    let shared = shown_post(state, &ctx, slug).await?;
    page_of(state, ctx, &shared, CommentFormState::default()).await
}

/// Render a post page read afresh; the comment handlers call this to show the form again
/// with an error.
pub async fn post_page(
    state: &AppState,
    ctx: PageCtx,
    post: post::Model,
    comment_form: CommentFormState,
) -> AppResult<ShowPage> {
    let shared = SharedPost::read(&state.db, post).await?;
    page_of(state, ctx, &shared, comment_form).await
}

async fn page_of(
    state: &AppState,
    ctx: PageCtx,
    shared: &SharedPost,
    comment_form: CommentFormState,
) -> AppResult<ShowPage> {
    let view = shared.view.clone();
    let actor = ctx.actor();
    let mut comments = shared.thread(actor);
    // Mentions link to the people this reader may see, in one lookup for the whole page.
    let mut body = SafeHtml::from_stored(view.post.body_html.clone());
    let handles = shared.handles.clone();
    let mentions = MentionLinks::resolve_handles(&state.db, actor, &ctx.t, "", handles).await?;
    if !mentions.is_empty() {
        comments.map_bodies(&|b| mentions.show(b));
        body = mentions.show(&body);
    }
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
        body,
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
