//! Discussion pages: topics, replies, pinning, moderation and editing.
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::panels::{
    access::PanelAccess,
    handlers::{panel_for, too_fast, unprocessable},
    service::PanelError,
    store,
};
use crate::{
    auth::{CurrentUser, permissions},
    blog::model::PostTitle,
    comments::{
        model::{CommentBody, CommentId, Thread},
        service::NewComment,
    },
    entities::{panel, post},
    error::{AppError, AppResult, FieldError},
    markdown::{self, SafeHtml},
    notifications::mention_links::MentionLinks,
    state::AppState,
    web::{FormErrors, PageCtx, render, see_other},
};

use super::service::{self};
use crate::panels::nav::PanelNav;

// ----- Discussion -----

/// A topic in the list.
pub struct TopicItem {
    pub post: post::Model,
    pub pinned: bool,
    pub author: String,
    pub replies: i64,
}

#[derive(Template)]
#[template(path = "panels/topics.html")]
pub struct TopicsPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub topics: Vec<TopicItem>,
    pub can_post: bool,
    pub is_facilitator: bool,
    pub form: TopicForm,
    pub errors: FormErrors,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TopicForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
}

async fn topics_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    form: TopicForm,
    errors: Vec<FieldError>,
) -> AppResult<TopicsPage> {
    let rows: Vec<_> = store::topics_of(&state.db, access.id())
        .await?
        .into_iter()
        .filter(|(p, _)| shows_topic(&access, ctx.actor(), p))
        .collect();
    let ids: Vec<i32> = rows.iter().map(|(p, _)| p.id).collect();
    let counts = crate::blog::store::comment_counts(&state.db, &ids).await?;
    let people =
        store::users_by_id(&state.db, rows.iter().map(|(p, _)| p.author_id).collect()).await?;
    let topics = rows
        .into_iter()
        .map(|(post, link)| TopicItem {
            pinned: link.pinned_at.is_some(),
            author: people
                .get(&post.author_id)
                .map(|u| crate::people::model::PersonName::of(u).shown(&ctx.t))
                .unwrap_or_default(),
            replies: counts.get(&post.id).copied().unwrap_or(0),
            post,
        })
        .collect();
    Ok(TopicsPage {
        nav: PanelNav::new(&access, "topics"),
        can_post: access.role.is_some(),
        is_facilitator: access.is_facilitator(),
        panel: access.panel,
        topics,
        form,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// A topic under moderation (a newcomer's, waiting; rejected; hidden by flags) shows only to
/// its author and the panel's moderators.
fn shows_topic(
    access: &PanelAccess,
    viewer: Option<permissions::Actor>,
    topic: &post::Model,
) -> bool {
    crate::moderation::rules::shows_to(
        topic.moderation(),
        topic.author_id,
        viewer,
        access.is_facilitator() || permissions::can_moderate(viewer),
    )
}

/// `GET /panels/{slug}/topics`
pub async fn topics(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let page = topics_page(&state, ctx, access, TopicForm::default(), Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/topics`
pub async fn create_topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<TopicForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match check_topic(&form) {
        Ok((title, html)) => {
            let saved = service::create_topic(
                &state.db,
                &user,
                &access,
                title,
                form.body.clone(),
                html,
                ctx.lang,
                state.settings.write_rate,
            )
            .await;
            let saved = match saved {
                Ok(saved) => saved,
                // Over the rate of writing: the form comes back filled in, with 429.
                Err(e @ (PanelError::TooFast | PanelError::Newcomer(_))) => {
                    let page = topics_page(&state, ctx, access, form, too_fast(&e)).await?;
                    return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
                }
                Err(e) => return Err(e.into()),
            };
            ctx.flash("panel-topic-created", None).await?;
            Ok(see_other(&format!("/panels/{slug}/topics/{}", saved.id)).into_response())
        }
        Err(errors) => {
            let page = topics_page(&state, ctx, access, form, errors).await?;
            unprocessable(&page)
        }
    }
}

/// A topic's title and Markdown body, checked together so every mistake shows at once.
fn check_topic(form: &TopicForm) -> Result<(PostTitle, SafeHtml), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = crate::web::forms::collect(&mut errors, PostTitle::parse(&form.title));
    let html = if form.body.trim().is_empty() {
        errors.push(FieldError {
            field: "body".into(),
            message_key: "field-required",
            args: Vec::new(),
        });
        None
    } else {
        markdown::render(&form.body)
            .map_err(|e| errors.push(crate::blog::service::markdown_field_error("body", &e)))
            .ok()
    };
    match (title, html) {
        (Some(title), Some(html)) if errors.is_empty() => Ok((title, html)),
        _ => Err(errors),
    }
}

/// The form for editing one's own topic.
#[derive(Template)]
#[template(path = "panels/topic_edit.html")]
pub struct TopicEditPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub post_id: i32,
    pub form: TopicForm,
    pub errors: FormErrors,
}

async fn topic_edit_page(
    ctx: PageCtx,
    access: PanelAccess,
    post_id: i32,
    form: TopicForm,
    errors: Vec<FieldError>,
) -> AppResult<TopicEditPage> {
    Ok(TopicEditPage {
        nav: PanelNav::new(&access, "topics"),
        panel: access.panel,
        post_id,
        form,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics/{id}/edit`: the topic's author edits it.
pub async fn edit_topic_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    let topic = service::own_topic(&state.db, &user, &access, id).await?;
    let form = TopicForm {
        title: topic.title,
        body: topic.body_md,
    };
    let page = topic_edit_page(ctx, access, id, form, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/topics/{id}/edit`
pub async fn edit_topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<TopicForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match check_topic(&form) {
        Ok((title, html)) => {
            service::edit_topic(&state.db, &user, &access, id, title, form.body, html).await?;
            ctx.flash("panel-topic-saved", None).await?;
            Ok(see_other(&format!("/panels/{slug}/topics/{id}")).into_response())
        }
        Err(errors) => {
            // Only its author gets the form back.
            service::own_topic(&state.db, &user, &access, id).await?;
            let page = topic_edit_page(ctx, access, id, form, errors).await?;
            unprocessable(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "panels/topic.html")]
pub struct TopicPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub post: post::Model,
    pub body: SafeHtml,
    pub author: String,
    pub pinned: bool,
    pub thread: Thread,
    pub can_reply: bool,
    pub is_facilitator: bool,
    /// The reader started this topic and may edit it.
    pub can_edit: bool,
    pub reply_body: String,
    pub reply_parent: Option<i32>,
    pub errors: FormErrors,
    /// Follow the topic (and its replies).
    pub follow: Option<crate::notifications::service::FollowButton>,
}

impl TopicPage {
    pub fn is_reply_target(&self, id: &i32) -> bool {
        self.reply_parent == Some(*id)
    }
    pub fn href(&self) -> String {
        crate::panels::visibility::topic_url(&self.panel.slug, self.post.id)
    }
}

async fn topic_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    post_id: i32,
    reply_body: String,
    reply_parent: Option<i32>,
    errors: Vec<FieldError>,
) -> AppResult<TopicPage> {
    let (post, link) = store::topic(&state.db, access.id(), post_id)
        .await?
        .filter(|(p, _)| shows_topic(&access, ctx.actor(), p))
        .ok_or(AppError::NotFound)?;
    // Facilitators moderate their panel's discussion, as editors do the blog's.
    let viewer = ctx.actor().map(|a| {
        if access.is_facilitator() {
            permissions::Actor {
                id: a.id,
                role: crate::auth::Role::Editor.max(a.role),
            }
        } else {
            a
        }
    });
    let mut thread = crate::comments::service::thread_for_post(&state.db, post.id, viewer).await?;
    // Mentions link to the people this reader may see, in one lookup for the whole page.
    let body = SafeHtml::from_stored(post.body_html.clone());
    let texts = std::iter::once(&body).chain(thread.bodies());
    let mentions = MentionLinks::resolve(&state.db, ctx.actor(), &ctx.t, "", texts).await?;
    thread.map_bodies(&|b| mentions.show(b));
    let author = store::users_by_id(&state.db, vec![post.author_id])
        .await?
        .remove(&post.author_id)
        .map(|u| crate::people::model::PersonName::of(&u).shown(&ctx.t))
        .unwrap_or_default();
    let follow = if post.moderation().is_visible() {
        crate::notifications::service::button(
            &state.db,
            ctx.user.as_ref(),
            crate::notifications::model::FollowTarget::Post(post.id),
            &crate::panels::visibility::topic_url(&access.panel.slug, post.id),
        )
        .await?
    } else {
        None
    };
    Ok(TopicPage {
        follow,
        nav: PanelNav::new(&access, "topics"),
        body: mentions.show(&body),
        can_reply: access.role.is_some(),
        is_facilitator: access.is_facilitator(),
        can_edit: access.role.is_some() && ctx.actor().is_some_and(|a| a.id == post.author_id),
        pinned: link.pinned_at.is_some(),
        panel: access.panel,
        post,
        author,
        thread,
        reply_body,
        reply_parent,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics/{id}`
pub async fn topic(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_reader()?;
    let page = topic_page(&state, ctx, access, id, String::new(), None, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub parent_id: String,
}

/// `POST /panels/{slug}/topics/{id}/replies`
pub async fn reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<ReplyForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    let parent = form.parent_id.trim().parse::<i32>().ok();
    let result = match CommentBody::parse(&form.body) {
        Ok(body) => {
            let rate = state.settings.write_rate;
            let new = NewComment {
                body,
                parent_id: parent.map(CommentId),
            };
            service::reply(&state.db, &user, &access, id, new, rate).await
        }
        Err(e) => Err(PanelError::Fields(vec![e])),
    };
    match result {
        Ok(saved) => {
            ctx.flash("comment-saved", None).await?;
            Ok(see_other(&crate::comments::visibility::url(
                &crate::panels::visibility::topic_url(&slug, id),
                saved.id,
            ))
            .into_response())
        }
        Err(PanelError::Fields(errors)) => {
            let page = topic_page(&state, ctx, access, id, form.body, parent, errors).await?;
            unprocessable(&page)
        }
        Err(e @ (PanelError::TooFast | PanelError::Newcomer(_))) => {
            let page = topic_page(&state, ctx, access, id, form.body, parent, too_fast(&e)).await?;
            Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ToggleForm {
    #[serde(default)]
    pub action: String,
}

/// `POST /panels/{slug}/topics/{id}/pin`: `action` is `pin` or `unpin`.
pub async fn pin(
    State(state): State<AppState>,
    ctx: PageCtx,
    _user: CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
    Form(form): Form<ToggleForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let pinned = match form.action.as_str() {
        "pin" => true,
        "unpin" => false,
        _ => return Err(AppError::BadRequest("panel-decision-invalid")),
    };
    service::set_pinned(&state.db, &access, id, pinned).await?;
    ctx.flash(
        if pinned {
            "panel-topic-pinned"
        } else {
            "panel-topic-unpinned"
        },
        None,
    )
    .await?;
    Ok(see_other(&format!("/panels/{slug}/topics")).into_response())
}

/// `POST /panels/{slug}/topics/{id}/replies/{comment}/hide`: `action` is `hide` or `unhide`.
pub async fn hide_reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
    Form(form): Form<ToggleForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_facilitator()?;
    let hidden = match form.action.as_str() {
        "" | "hide" => true,
        "unhide" => false,
        _ => return Err(AppError::BadRequest("comment-action-invalid")),
    };
    service::moderate_reply(&state.db, &user, &access, id, comment, hidden).await?;
    ctx.flash(
        if hidden {
            "comment-hidden-flash"
        } else {
            "comment-unhidden-flash"
        },
        None,
    )
    .await?;
    Ok(see_other(&crate::comments::visibility::url(
        &crate::panels::visibility::topic_url(&slug, id),
        comment,
    ))
    .into_response())
}

/// The form for editing one's own reply in a topic.
#[derive(Template)]
#[template(path = "panels/reply_edit.html")]
pub struct ReplyEditPage {
    pub ctx: PageCtx,
    pub nav: PanelNav,
    pub panel: panel::Model,
    pub post_id: i32,
    pub topic_title: String,
    pub comment_id: i32,
    pub body: String,
    pub errors: FormErrors,
}

impl ReplyEditPage {
    pub fn topic_href(&self) -> String {
        crate::panels::visibility::topic_url(&self.panel.slug, self.post_id)
    }
}

async fn reply_edit_page(
    state: &AppState,
    ctx: PageCtx,
    access: PanelAccess,
    (post_id, comment_id): (i32, i32),
    body: String,
    errors: Vec<FieldError>,
) -> AppResult<ReplyEditPage> {
    let (topic, _) = store::topic(&state.db, access.id(), post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ReplyEditPage {
        nav: PanelNav::new(&access, "topics"),
        panel: access.panel,
        post_id,
        topic_title: topic.title,
        comment_id,
        body,
        errors: FormErrors::new(ctx.t, errors),
        ctx: ctx.with_csrf().await?,
    })
}

/// `GET /panels/{slug}/topics/{id}/replies/{comment}/edit`: the author edits their reply.
pub async fn edit_reply_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    let reply = service::editable_reply(&state.db, &user, &access, id, comment).await?;
    let page = reply_edit_page(
        &state,
        ctx,
        access,
        (id, comment),
        reply.body_md,
        Vec::new(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// `POST /panels/{slug}/topics/{id}/replies/{comment}/edit`
pub async fn edit_reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
    Form(form): Form<ReplyForm>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    match CommentBody::parse(&form.body) {
        Ok(body) => {
            service::edit_reply(&state.db, &user, &access, id, comment, body).await?;
            ctx.flash("comment-updated", None).await?;
            Ok(see_other(&crate::comments::visibility::url(
                &crate::panels::visibility::topic_url(&slug, id),
                comment,
            ))
            .into_response())
        }
        Err(e) => {
            // Only its author gets the form back.
            service::editable_reply(&state.db, &user, &access, id, comment).await?;
            let page =
                reply_edit_page(&state, ctx, access, (id, comment), form.body, vec![e]).await?;
            unprocessable(&page)
        }
    }
}

/// `POST /panels/{slug}/topics/{id}/replies/{comment}/delete`: the author removes their reply.
pub async fn remove_reply(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path((slug, id, comment)): Path<(String, i32, i32)>,
) -> AppResult<Response> {
    let access = panel_for(&state, &ctx, &slug).await?;
    access.require_member()?;
    service::remove_reply(&state.db, &user, &access, id, comment).await?;
    ctx.flash("comment-removed-flash", None).await?;
    Ok(see_other(&format!("/panels/{slug}/topics/{id}#comments-title")).into_response())
}
