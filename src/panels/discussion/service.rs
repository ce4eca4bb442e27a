//! A panel's discussion: topics are the blog's posts and replies the comments' comments,
//! written through their services; the panel decides who stands where.
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
};

use crate::auth::write_rate::{self, Contribution};
use crate::config::WriteRate;
use crate::panels::{access::PanelAccess, service::PanelError, store};
use crate::{
    auth::CurrentUser,
    blog::service as blog_service,
    comments::{
        model::{CommentBody, CommentId, Discussion, Standing},
        service::{self as comment_service, CommentTarget, NewComment},
    },
    db::{begin_write, now},
    entities::{panel_topic, post},
    i18n::Lang,
    markdown,
};

// ----- Discussion -----

/// Start a topic: a published post that belongs to the panel only, written by the blog.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, author = author.id))]
#[allow(clippy::too_many_arguments)]
pub async fn create_topic(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    title: crate::blog::model::PostTitle,
    body_md: String,
    html: markdown::SafeHtml,
    language: Lang,
    rate: WriteRate,
) -> Result<post::Model, PanelError> {
    let txn = begin_write(db).await?;
    let saved = create_topic_in(&txn, author, access, title, body_md, html, language, rate).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Start a topic in the caller's transaction (for a use case that writes more with it, such as
/// publishing a feedback item): the same rules as [`create_topic`].
#[allow(clippy::too_many_arguments)]
pub async fn create_topic_in(
    txn: &DatabaseTransaction,
    author: &CurrentUser,
    access: &PanelAccess,
    title: crate::blog::model::PostTitle,
    body_md: String,
    html: markdown::SafeHtml,
    language: Lang,
    rate: WriteRate,
) -> Result<post::Model, PanelError> {
    access.require_member().map_err(|_| PanelError::Forbidden)?;
    let state = crate::moderation::admission::admit(txn, author, &body_md).await?;
    write_rate::admit(txn, rate, author.id, Contribution::Topic).await?;
    let base = format!(
        "panel-{}-{}",
        access.panel.id,
        crate::blog::model::slugify(title.as_str())
    );
    let topic = blog_service::NewTopic {
        title,
        body_md,
        html,
        language,
        author_id: author.id,
        organization_id: access.panel.organization_id,
    };
    let mut saved = blog_service::insert_topic(txn, &base, topic).await?;
    if !state.is_visible() {
        // A newcomer's topic waits for a moderator like their replies do.
        saved = crate::moderation::store::set_post_moderation(txn, saved, state, None).await?;
    }
    store::insert_topic_link(txn, access.id(), saved.id, None).await?;
    crate::notifications::events::post_written(txn, &saved).await?;
    Ok(saved)
}

/// Pin a topic to the top of the discussion, or unpin it (facilitators).
pub async fn set_pinned(
    db: &DatabaseConnection,
    access: &PanelAccess,
    post_id: i32,
    pinned: bool,
) -> Result<(), PanelError> {
    if !access.is_facilitator() {
        return Err(PanelError::Forbidden);
    }
    let (_, link) = store::topic(db, access.id(), post_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    let mut active: panel_topic::ActiveModel = link.into();
    active.pinned_at = Set(pinned.then(now));
    active.update(db).await?;
    Ok(())
}

/// The discussion of a topic of this panel, with the actor's standing there; `NotFound` for
/// a post that is no topic of the panel. Someone who takes no part learns nothing more: the
/// comments service refuses them.
async fn discussion(
    db: &impl ConnectionTrait,
    access: &PanelAccess,
    post_id: i32,
) -> Result<Discussion, PanelError> {
    let d = Discussion {
        post_id,
        standing: access.standing(),
    };
    if d.standing != Standing::Outsider {
        // A topic under moderation is there only for its author and the moderators.
        store::topic(db, access.id(), post_id)
            .await?
            .filter(|(topic, _)| {
                crate::moderation::rules::shows_to(
                    topic.moderation(),
                    topic.author_id,
                    access.actor,
                    access.is_facilitator(),
                )
            })
            .ok_or(PanelError::NotFound)?;
    }
    Ok(d)
}

/// Reply in a topic: the comments service writes it (threading, Markdown, moderation).
pub async fn reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    new: NewComment,
    rate: WriteRate,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::create(db, author, CommentTarget::Discussion(d), new, rate).await?)
}

/// Hide a reply from everyone but facilitators, or show it again (facilitators moderate
/// their panel's discussion).
pub async fn moderate_reply(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
    hidden: bool,
) -> Result<(), PanelError> {
    let d = discussion(db, access, post_id).await?;
    comment_service::moderate_reply(db, actor, d, CommentId(comment_id), hidden).await?;
    Ok(())
}

/// A reply its author may edit now, for the edit form. Only the panel's members and
/// facilitators change replies there; the rules on whose comment and when are the comments
/// service's.
pub async fn editable_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::editable_reply(db, author, d, CommentId(comment_id)).await?)
}

/// Replace the text of one's own reply; it then shows as edited.
pub async fn edit_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
    body: CommentBody,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::edit_reply(db, author, d, CommentId(comment_id), body).await?)
}

/// Remove one's own reply (hidden or not): its text is erased for good, as on the blog.
pub async fn remove_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    comment_id: i32,
) -> Result<crate::entities::comment::Model, PanelError> {
    let d = discussion(db, access, post_id).await?;
    Ok(comment_service::remove_reply(db, author, d, CommentId(comment_id)).await?)
}

/// A topic its author may edit: they started it and are still in the panel (as on the blog,
/// where writers edit their own posts).
pub async fn own_topic(
    db: &impl ConnectionTrait,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
) -> Result<post::Model, PanelError> {
    access.require_member().map_err(|_| PanelError::Forbidden)?;
    let (topic, _) = store::topic(db, access.id(), post_id)
        .await?
        .ok_or(PanelError::NotFound)?;
    if topic.author_id != author.id {
        return Err(PanelError::Forbidden);
    }
    Ok(topic)
}

/// Edit one's own topic: the blog keeps the previous title and body as a revision, and the
/// topic shows as edited.
#[tracing::instrument(skip_all, fields(panel = access.panel.id, post = post_id))]
pub async fn edit_topic(
    db: &DatabaseConnection,
    author: &CurrentUser,
    access: &PanelAccess,
    post_id: i32,
    title: crate::blog::model::PostTitle,
    body_md: String,
    html: markdown::SafeHtml,
) -> Result<post::Model, PanelError> {
    let txn = begin_write(db).await?;
    let existing = own_topic(&txn, author, access, post_id).await?;
    let saved = blog_service::revise_topic(&txn, existing, author.id, title, body_md, html).await?;
    txn.commit().await?;
    Ok(saved)
}
