//! Comment use cases: writing, replying, editing, removing and moderating comments, and
//! building a post's thread for a reader. Every write runs in one write transaction and
//! checks the permission rules itself, whoever calls it.
use std::collections::{HashMap, HashSet};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::{
    model::{
        CommentBody, CommentId, CommentView, Discussion, MAX_DEPTH, ReplyTarget, Shown, Standing,
        Thread, place,
    },
    store::{self, Byline},
};
use crate::{
    auth::{
        CurrentUser,
        permissions::{self, Actor, PostFacts},
        write_rate::{self, Contribution, RateError},
    },
    blog::store as blog_store,
    config::WriteRate,
    db::{begin_write, now},
    entities::{comment, post},
    error::{AppError, FieldError},
};

/// Why a comment could not be written or changed.
#[derive(Debug, thiserror::Error)]
pub enum CommentError {
    /// The comment or post does not exist for this person.
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The comment being answered was removed or hidden meanwhile (or is on another post).
    #[error("the comment replied to is no longer there")]
    ParentGone,
    /// The author is over the rate of writing.
    #[error(transparent)]
    Rate(#[from] RateError),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<CommentError> for AppError {
    fn from(e: CommentError) -> Self {
        match e {
            CommentError::NotFound => AppError::NotFound,
            CommentError::Forbidden => AppError::Forbidden,
            CommentError::ParentGone => AppError::Validation(vec![FieldError {
                field: "parent_id".into(),
                message_key: "comment-parent-gone",
                args: Vec::new(),
            }]),
            CommentError::Rate(e) => e.into(),
            CommentError::Db(e) => e.into(),
        }
    }
}

/// A checked new comment.
#[derive(Clone, Debug)]
pub struct NewComment {
    pub body: CommentBody,
    /// The comment answered, if any.
    pub parent_id: Option<CommentId>,
}

/// The facts about a post that decide who may comment on it.
pub fn post_facts(post: &post::Model) -> PostFacts {
    PostFacts {
        author_id: post.author_id,
        visibility: post.post_visibility(),
        status: post.post_status(),
    }
}

/// Where a new comment goes.
#[derive(Clone, Copy, Debug)]
pub enum CommentTarget<'a> {
    /// Under a blog post: the blog's rules on reading and commenting decide.
    Post(&'a post::Model),
    /// Into a discussion another feature owns, as its participant.
    Discussion(Discussion),
}

impl<'a> From<&'a post::Model> for CommentTarget<'a> {
    fn from(post: &'a post::Model) -> Self {
        CommentTarget::Post(post)
    }
}

/// Write a comment, or a reply (placed as `model::place` says), on a blog post or in a
/// discussion.
#[tracing::instrument(skip_all, fields(author = author.id))]
pub async fn create<'a>(
    db: &DatabaseConnection,
    author: &CurrentUser,
    target: impl Into<CommentTarget<'a>>,
    new: NewComment,
    rate: WriteRate,
) -> Result<comment::Model, CommentError> {
    let (post_id, contribution) = match target.into() {
        CommentTarget::Post(post) => {
            let actor = Some(author.actor());
            let facts = post_facts(post);
            if !permissions::can_read_post(actor, facts) {
                return Err(CommentError::NotFound);
            }
            if !crate::auth::participation::may_comment(db, Some(author), facts).await? {
                return Err(CommentError::Forbidden);
            }
            (post.id, Contribution::Comment)
        }
        CommentTarget::Discussion(d) => {
            require(d, Standing::Participant)?;
            (d.post_id, Contribution::Reply)
        }
    };
    let txn = begin_write(db).await?;
    let target = match new.parent_id {
        None => None,
        Some(CommentId(id)) => {
            let parent = store::comment_by_id(&txn, id)
                .await?
                .filter(|c| c.post_id == post_id && is_visible(c))
                .ok_or(CommentError::ParentGone)?;
            Some(ReplyTarget {
                id: parent.id,
                parent_id: parent.parent_id,
                depth: parent.depth,
            })
        }
    };
    let state = crate::moderation::admission::admit(&txn, author, new.body.markdown()).await?;
    write_rate::admit(&txn, rate, author.id, contribution).await?;
    let row = store::NewRow {
        post_id,
        author_id: author.id,
        placement: place(target),
        state,
    };
    let saved = store::insert_in_state(&txn, row, &new.body, now()).await?;
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Comment(saved.id)).await?;
    crate::notifications::events::comment_written(&txn, &saved).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Write a comment brought from another blog by `lupa import`, shown at once as it was
/// there, under `parent` if it answered one, and queue it for the search index; in the
/// caller's transaction.
pub async fn import_comment(
    txn: &sea_orm::DatabaseTransaction,
    post_id: i32,
    author_id: i32,
    parent: Option<CommentId>,
    body: &CommentBody,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<comment::Model, DbErr> {
    let target = match parent {
        None => None,
        Some(CommentId(id)) => store::comment_by_id(txn, id)
            .await?
            .filter(|c| c.post_id == post_id)
            .map(|c| ReplyTarget {
                id: c.id,
                parent_id: c.parent_id,
                depth: c.depth,
            }),
    };
    let saved = store::insert(txn, post_id, author_id, place(target), body, at).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Comment(saved.id)).await?;
    Ok(saved)
}

/// The standing a discussion asks for, or `Forbidden`.
fn require(d: Discussion, least: Standing) -> Result<(), CommentError> {
    if d.standing >= least {
        Ok(())
    } else {
        Err(CommentError::Forbidden)
    }
}

/// A reply in this discussion, for a participant to change. Someone who no longer takes
/// part keeps their words as they were.
async fn reply_in(
    db: &impl ConnectionTrait,
    d: Discussion,
    id: CommentId,
) -> Result<comment::Model, CommentError> {
    require(d, Standing::Participant)?;
    store::comment_by_id(db, id.0)
        .await?
        .filter(|c| c.post_id == d.post_id)
        .ok_or(CommentError::NotFound)
}

/// A reply in a discussion its author may edit now, for the edit form.
pub async fn editable_reply(
    db: &impl ConnectionTrait,
    author: &CurrentUser,
    d: Discussion,
    id: CommentId,
) -> Result<comment::Model, CommentError> {
    let c = reply_in(db, d, id).await?;
    may_edit(author.actor(), &c)?;
    Ok(c)
}

/// Replace the text of one's own reply in a discussion; it then shows as edited.
#[tracing::instrument(skip_all, fields(comment = id.0, author = author.id))]
pub async fn edit_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    d: Discussion,
    id: CommentId,
    body: CommentBody,
) -> Result<comment::Model, CommentError> {
    let txn = begin_write(db).await?;
    let c = editable_reply(&txn, author, d, id).await?;
    let saved = write_body(&txn, c, &body).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Remove one's own reply in a discussion (hidden or not): its text is erased for good, as
/// on the blog.
#[tracing::instrument(skip_all, fields(comment = id.0, author = author.id))]
pub async fn remove_reply(
    db: &DatabaseConnection,
    author: &CurrentUser,
    d: Discussion,
    id: CommentId,
) -> Result<comment::Model, CommentError> {
    let txn = begin_write(db).await?;
    let c = reply_in(&txn, d, id).await?;
    may_remove(author.actor(), &c)?;
    let saved = erase(&txn, c).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Hide a reply in a discussion from everyone but its moderators, or show it again.
#[tracing::instrument(skip_all, fields(comment = id.0, moderator = moderator.id, hidden))]
pub async fn moderate_reply(
    db: &DatabaseConnection,
    moderator: &CurrentUser,
    d: Discussion,
    id: CommentId,
    hidden: bool,
) -> Result<comment::Model, CommentError> {
    require(d, Standing::Moderator)?;
    let txn = begin_write(db).await?;
    let c = store::comment_by_id(&txn, id.0)
        .await?
        .filter(|c| c.post_id == d.post_id && c.deleted_at.is_none())
        .ok_or(CommentError::NotFound)?;
    let saved = hide(&txn, c, moderator.id, hidden).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Hide or show a comment as asked and queue it for the search index, in the caller's
/// transaction. Already as asked: nothing to write (a double submit is harmless).
async fn hide(
    txn: &impl ConnectionTrait,
    comment: comment::Model,
    moderator_id: i32,
    hidden: bool,
) -> Result<comment::Model, DbErr> {
    let saved = match (hidden, comment.hidden_at.is_some()) {
        (true, false) => store::set_hidden(txn, comment, Some((now(), moderator_id))).await?,
        (false, true) => store::set_hidden(txn, comment, None).await?,
        _ => comment,
    };
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Comment(saved.id)).await?;
    Ok(saved)
}

/// Whether the author may edit this comment now: their own, not removed, and not under
/// moderation (hidden text stays as the moderator found it). Shared by the blog and the
/// panels' discussions, which check who may reach the post themselves.
pub fn may_edit(author: Actor, comment: &comment::Model) -> Result<(), CommentError> {
    may_remove(author, comment)?;
    if comment.hidden_at.is_some() {
        return Err(CommentError::Forbidden);
    }
    Ok(())
}

/// Whether the author may remove this comment: their own (hidden or not), not removed yet.
pub fn may_remove(author: Actor, comment: &comment::Model) -> Result<(), CommentError> {
    if comment.deleted_at.is_some() {
        return Err(CommentError::NotFound);
    }
    if !permissions::can_change_comment(Some(author), comment.author_id) {
        return Err(CommentError::Forbidden);
    }
    Ok(())
}

/// Replace a comment's text (it then shows as edited) and queue it for the search index,
/// in the caller's transaction. The caller has checked `may_edit`.
async fn write_body(
    txn: &impl ConnectionTrait,
    comment: comment::Model,
    body: &CommentBody,
) -> Result<comment::Model, DbErr> {
    let saved = store::set_body(txn, comment, body, now()).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Comment(saved.id)).await?;
    Ok(saved)
}

/// Erase a comment's text for good (the row stays while replies hang under it) and queue
/// it for the search index, in the caller's transaction. The caller has checked
/// `may_remove`.
async fn erase(
    txn: &impl ConnectionTrait,
    comment: comment::Model,
) -> Result<comment::Model, DbErr> {
    let saved = store::mark_removed(txn, comment, now()).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Comment(saved.id)).await?;
    Ok(saved)
}

/// A comment its author may change now, with its post (for the edit form).
pub async fn own_comment(
    db: &impl ConnectionTrait,
    author: &CurrentUser,
    id: CommentId,
) -> Result<(comment::Model, post::Model), CommentError> {
    let (comment, post) = comment_and_post(db, Some(author.actor()), id).await?;
    may_edit(author.actor(), &comment)?;
    Ok((comment, post))
}

/// Replace the text of one's own comment; it is then shown as edited.
#[tracing::instrument(skip_all, fields(comment = id.0, author = author.id))]
pub async fn update(
    db: &DatabaseConnection,
    author: &CurrentUser,
    id: CommentId,
    body: CommentBody,
) -> Result<(comment::Model, post::Model), CommentError> {
    let txn = begin_write(db).await?;
    let (comment, post) = own_comment(&txn, author, id).await?;
    let saved = write_body(&txn, comment, &body).await?;
    txn.commit().await?;
    Ok((saved, post))
}

/// Remove one's own comment (hidden or not): its text is erased for good, and the thread
/// keeps a placeholder only while replies under it are shown.
#[tracing::instrument(skip_all, fields(comment = id.0, author = author.id))]
pub async fn remove(
    db: &DatabaseConnection,
    author: &CurrentUser,
    id: CommentId,
) -> Result<(comment::Model, post::Model), CommentError> {
    let txn = begin_write(db).await?;
    let (comment, post) = comment_and_post(&txn, Some(author.actor()), id).await?;
    may_remove(author.actor(), &comment)?;
    let saved = erase(&txn, comment).await?;
    txn.commit().await?;
    Ok((saved, post))
}

/// Hide a comment from everyone but moderators (`hidden = true`), or show it again.
#[tracing::instrument(skip_all, fields(comment = id.0, moderator = moderator.id, hidden))]
pub async fn set_hidden(
    db: &DatabaseConnection,
    moderator: &CurrentUser,
    id: CommentId,
    hidden: bool,
) -> Result<(comment::Model, post::Model), CommentError> {
    let actor = Some(moderator.actor());
    let txn = begin_write(db).await?;
    let (comment, post) = comment_and_post(&txn, actor, id).await?;
    if !permissions::can_moderate(actor) {
        return Err(CommentError::Forbidden);
    }
    let saved = hide(&txn, comment, moderator.id, hidden).await?;
    txn.commit().await?;
    Ok((saved, post))
}

/// A comment that is not removed, on a post this person may read; else `NotFound`.
async fn comment_and_post(
    db: &impl ConnectionTrait,
    actor: Option<Actor>,
    id: CommentId,
) -> Result<(comment::Model, post::Model), CommentError> {
    let comment = store::comment_by_id(db, id.0)
        .await?
        .filter(|c| c.deleted_at.is_none())
        .ok_or(CommentError::NotFound)?;
    let post = blog_store::post_by_id(db, comment.post_id)
        .await?
        .filter(|p| permissions::can_read_post(actor, post_facts(p)))
        .ok_or(CommentError::NotFound)?;
    Ok((comment, post))
}

fn is_visible(c: &comment::Model) -> bool {
    super::visibility::is_shown(c)
}

/// The thread of a post as the reader sees it: four queries in all.
#[tracing::instrument(skip(db, viewer))]
pub async fn thread_for_post(
    db: &impl ConnectionTrait,
    post_id: i32,
    viewer: Option<Actor>,
) -> Result<Thread, DbErr> {
    let rows = thread_rows(db, post_id).await?;
    let with_pages =
        crate::blog::service::people_with_pages(db, viewer, &rows.author_ids()).await?;
    Ok(rows.thread(viewer, &with_pages))
}

/// A post's comments, oldest first, with their writers' bylines: what every reader's thread
/// of that post is built from (`ThreadRows::thread`). The same for every reader, so the post
/// page keeps it with the cached pages.
#[derive(Debug)]
pub struct ThreadRows {
    rows: Vec<comment::Model>,
    bylines: HashMap<i32, Byline>,
}

/// A post's comments with their writers' bylines: three queries (the comments, their writers, their organisations).
pub async fn thread_rows(db: &impl ConnectionTrait, post_id: i32) -> Result<ThreadRows, DbErr> {
    let rows = store::comments_of_post(db, post_id).await?;
    let mut thread = ThreadRows {
        rows,
        bylines: HashMap::new(),
    };
    thread.bylines = store::bylines(db, &thread.author_ids()).await?;
    Ok(thread)
}

impl ThreadRows {
    /// The writers of the comments not removed.
    pub fn author_ids(&self) -> Vec<i32> {
        self.rows
            .iter()
            .filter(|c| c.deleted_at.is_none())
            .map(|c| c.author_id)
            .collect()
    }

    /// The stored HTML of every comment, removed and hidden ones included.
    pub fn bodies(&self) -> Vec<crate::markdown::SafeHtml> {
        self.rows
            .iter()
            .map(|c| crate::markdown::SafeHtml::from_stored(c.body_html.clone()))
            .collect()
    }

    /// Each comment's Markdown as written, by id (the API gives it beside the HTML).
    pub fn markdown_by_id(&self) -> HashMap<i32, String> {
        self.rows
            .iter()
            .map(|c| (c.id, c.body_md.clone()))
            .collect()
    }

    /// The thread as `viewer` sees it; a writer's name links to their person page where
    /// `with_pages` has them (`blog::service::people_with_pages` for this reader).
    pub fn thread(&self, viewer: Option<Actor>, with_pages: &HashSet<i32>) -> Thread {
        let mut thread = build_thread(&self.rows, &self.bylines, viewer);
        fn mark(views: &mut [CommentView], with_pages: &HashSet<i32>) {
            for v in views {
                v.author_has_page = v
                    .author
                    .as_ref()
                    .is_some_and(|a| with_pages.contains(&a.id));
                mark(&mut v.replies, with_pages);
            }
        }
        mark(&mut thread.roots, with_pages);
        thread
    }
}

/// Arrange comments (oldest first) into a thread at most `MAX_DEPTH + 1` levels deep, as
/// `model` describes: replies below the deepest level go beside their parent, removed
/// comments with nothing shown under them disappear, hidden ones become placeholders for
/// everyone but moderators.
pub fn build_thread(
    rows: &[comment::Model],
    bylines: &HashMap<i32, Byline>,
    viewer: Option<Actor>,
) -> Thread {
    let moderator = permissions::can_moderate(viewer);
    let visible_count = rows.iter().filter(|c| is_visible(c)).count() as i64;
    // Where each comment shows: (depth, the comment it shows under). A reply always has a
    // larger id than what it answers, so parents are placed before their replies.
    let mut placed: HashMap<i32, (i32, Option<i32>)> = HashMap::with_capacity(rows.len());
    for c in rows {
        let parent = c
            .parent_id
            .and_then(|p| placed.get(&p).map(|&(d, up)| (p, d, up)));
        let spot = match parent {
            None => (0, None),
            Some((p, d, _)) if d < MAX_DEPTH => (d + 1, Some(p)),
            Some((_, _, up)) => (MAX_DEPTH, up),
        };
        placed.insert(c.id, spot);
    }
    // Newest first, so each comment's replies are complete when it is reached.
    let mut replies: HashMap<Option<i32>, Vec<CommentView>> = HashMap::new();
    for c in rows.iter().rev() {
        let (depth, under) = placed.get(&c.id).copied().unwrap_or((0, None));
        let mut own_replies = replies.remove(&Some(c.id)).unwrap_or_default();
        own_replies.reverse();
        let is_own = viewer.is_some_and(|v| v.id == c.author_id);
        let shown = if c.deleted_at.is_some() {
            Shown::Removed
        } else if !c.moderation().is_visible() && c.hidden_at.is_none() {
            if moderator || is_own {
                Shown::Pending
            } else if own_replies.is_empty() {
                // Held, rejected or hidden by flags: not there at all for anyone else.
                continue;
            } else {
                Shown::Hidden
            }
        } else if c.hidden_at.is_some() {
            if moderator {
                Shown::HiddenForModerator
            } else {
                Shown::Hidden
            }
        } else {
            Shown::Visible
        };
        if shown == Shown::Removed && own_replies.is_empty() {
            continue;
        }
        let shows_text = matches!(
            shown,
            Shown::Visible | Shown::HiddenForModerator | Shown::Pending
        );
        let byline = bylines.get(&c.author_id).filter(|_| shows_text);
        let view = CommentView {
            id: c.id,
            depth,
            shown,
            author: byline.map(|b| b.author.clone()),
            author_has_page: false,
            organization: byline.and_then(|b| b.organization.clone()),
            created_at: c.created_at,
            edited_at: c.edited_at,
            body: if shows_text {
                crate::markdown::SafeHtml::from_stored(c.body_html.clone())
            } else {
                Default::default()
            },
            is_own,
            moderation: c.moderation(),
            moderation_reason: c.moderation_reason.clone(),
            replies: own_replies,
        };
        replies.entry(under).or_default().push(view);
    }
    let mut roots = replies.remove(&None).unwrap_or_default();
    roots.reverse();
    Thread {
        roots,
        visible_count,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::auth::Role;

    fn row(id: i32, parent_id: Option<i32>) -> comment::Model {
        comment::Model {
            id,
            post_id: 1,
            parent_id,
            depth: 0,
            author_id: 10,
            body_md: format!("c{id}"),
            body_html: format!("<p>c{id}</p>"),
            created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, id as u32).unwrap(),
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
            hidden_by: None,
            moderation_state: "visible".into(),
            moderation_reason: None,
        }
    }

    fn removed(mut c: comment::Model) -> comment::Model {
        c.deleted_at = Some(c.created_at);
        c.body_md.clear();
        c.body_html.clear();
        c
    }

    fn hidden(mut c: comment::Model) -> comment::Model {
        c.hidden_at = Some(c.created_at);
        c
    }

    /// (id, depth) of every comment in display order.
    fn outline(thread: &Thread) -> Vec<(i32, i32)> {
        fn walk(nodes: &[CommentView], out: &mut Vec<(i32, i32)>) {
            for n in nodes {
                out.push((n.id, n.depth));
                walk(&n.replies, out);
            }
        }
        let mut out = Vec::new();
        walk(&thread.roots, &mut out);
        out
    }

    #[test]
    fn replies_below_the_third_level_show_beside_their_parent() {
        // 1 <- 2 <- 3 <- 4 (stored deeper than allowed, as old data might be), and 5 at top.
        let rows = vec![
            row(1, None),
            row(2, Some(1)),
            row(3, Some(2)),
            row(4, Some(3)),
            row(5, None),
        ];
        let thread = build_thread(&rows, &HashMap::new(), None);
        assert_eq!(outline(&thread), [(1, 0), (2, 1), (3, 2), (4, 2), (5, 0)]);
        assert_eq!(thread.visible_count, 5);
    }

    #[test]
    fn removed_comments_stay_as_placeholders_only_above_replies() {
        let rows = vec![
            removed(row(1, None)),
            row(2, Some(1)),
            removed(row(3, None)),
        ];
        let thread = build_thread(&rows, &HashMap::new(), None);
        assert_eq!(outline(&thread), [(1, 0), (2, 1)]);
        assert_eq!(thread.roots[0].shown, Shown::Removed);
        assert!(thread.roots[0].body.as_str().is_empty());
        assert_eq!(thread.visible_count, 1);
    }

    #[test]
    fn hidden_comments_are_placeholders_except_for_moderators() {
        let rows = || vec![hidden(row(1, None)), row(2, None)];
        let reader = build_thread(&rows(), &HashMap::new(), None);
        assert_eq!(reader.roots[0].shown, Shown::Hidden);
        assert!(reader.roots[0].body.as_str().is_empty());
        assert_eq!(reader.visible_count, 1);
        let editor = Some(Actor {
            id: 99,
            role: Role::Editor,
        });
        let moderator = build_thread(&rows(), &HashMap::new(), editor);
        assert_eq!(moderator.roots[0].shown, Shown::HiddenForModerator);
        assert_eq!(moderator.roots[0].body.as_str(), "<p>c1</p>");
        assert_eq!(moderator.visible_count, 1);
    }
}
