//! Moderation use cases: flagging, the queue, approving, rejecting, editing, hiding,
//! dismissing flags, suspending and unsuspending. Every action runs in one write transaction
//! with its audit entry; who may act is checked here, whoever calls.
use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};

use super::{
    admission::site_rules,
    model::{ItemKind, ModerationState, NewFlag, Reason, SuspensionLength},
    rules::{self, Venue},
    store,
};
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::{CurrentUser, permissions::Actor},
    comments::{model::CommentBody, store as comment_store},
    db::{begin_write, now},
    email::Mailer,
    entities::{comment, flag, post, user},
    error::{AppError, FieldError},
    i18n::{Lang, Tr},
    notifications::events::{self, Decision},
    panels::{access, model::PanelId},
    search::outbox::{self, Change},
};

/// Why a moderation action could not be done.
#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    /// No such item for this person (or nothing they may see).
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ModerationError> for AppError {
    fn from(e: ModerationError) -> Self {
        match e {
            ModerationError::NotFound => AppError::NotFound,
            ModerationError::Forbidden => AppError::Forbidden,
            ModerationError::Fields(f) => AppError::Validation(f),
            ModerationError::Db(e) => e.into(),
            ModerationError::Internal(e) => AppError::Internal(e),
        }
    }
}

/// A contribution as moderation sees it: the comment (if it is one), its post, its panel.
#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ItemKind,
    pub comment: Option<comment::Model>,
    pub post: post::Model,
    pub panel: Option<PanelId>,
}

impl Item {
    pub fn id(&self) -> i32 {
        self.comment.as_ref().map_or(self.post.id, |c| c.id)
    }
    pub fn author_id(&self) -> i32 {
        self.comment
            .as_ref()
            .map_or(self.post.author_id, |c| c.author_id)
    }
    pub fn state(&self) -> ModerationState {
        self.comment
            .as_ref()
            .map_or(self.post.moderation(), |c| c.moderation())
    }
    /// The Markdown text as written.
    pub fn text(&self) -> &str {
        self.comment
            .as_ref()
            .map_or(self.post.body_md.as_str(), |c| c.body_md.as_str())
    }
    /// Whether anyone who may read the place sees it now.
    pub fn is_shown(&self) -> bool {
        crate::blog::visibility::is_published(&self.post)
            && self
                .comment
                .as_ref()
                .is_none_or(crate::comments::visibility::is_shown)
    }
    /// Where it is read.
    pub async fn url(&self, db: &impl ConnectionTrait) -> Result<String, DbErr> {
        let slug = match self.panel {
            Some(p) => crate::panels::store::panel_by_id(db, p)
                .await?
                .map(|p| p.slug)
                .unwrap_or_default(),
            None => String::new(),
        };
        Ok(self.url_with(|_| slug.clone()))
    }
    /// Where it is read, with the panel's slug from `slug_of` (a listing reads them at once).
    pub fn url_with(&self, slug_of: impl FnOnce(PanelId) -> String) -> String {
        let base = match self.panel {
            Some(p) => crate::panels::visibility::topic_url(&slug_of(p), self.post.id),
            None => crate::blog::visibility::url(&self.post),
        };
        match &self.comment {
            Some(c) => crate::comments::visibility::url(&base, c.id),
            None => base,
        }
    }
    fn target(&self) -> TargetKind {
        match self.kind {
            ItemKind::Post => TargetKind::Post,
            ItemKind::Comment => TargetKind::Comment,
        }
    }
    fn entry(&self, actor: Option<i32>, action: Action) -> NewEntry {
        NewEntry {
            panel_id: self.panel.map(|p| p.0),
            subject_user_id: Some(self.author_id()),
            ..NewEntry::new(actor, action, self.target(), Some(self.id()))
        }
    }
}

/// The item, whatever its state; `NotFound` for an unknown or removed one.
pub async fn load_item(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: i32,
) -> Result<Item, ModerationError> {
    let (comment, post_id) = match kind {
        ItemKind::Comment => {
            let c = comment_store::comment_by_id(db, id)
                .await?
                .filter(|c| c.deleted_at.is_none())
                .ok_or(ModerationError::NotFound)?;
            let post_id = c.post_id;
            (Some(c), post_id)
        }
        ItemKind::Post => (None, id),
    };
    // A blog post or a panel's topic alike.
    let post = post::Entity::find_by_id(post_id)
        .one(db)
        .await?
        .ok_or(ModerationError::NotFound)?;
    let panel = access::panel_of_post(db, post.id).await?;
    Ok(Item {
        kind,
        comment,
        post,
        panel,
    })
}

/// Where `actor` stands with an item's place: reads it, moderates it.
async fn standing(
    db: &impl ConnectionTrait,
    actor: Option<Actor>,
    item: &Item,
) -> Result<(bool, bool), DbErr> {
    match item.panel {
        Some(panel) => {
            let role = access::role_in(db, panel, actor).await?;
            let venue = Venue::Panel {
                facilitator: role.is_some_and(|r| r.is_facilitator()),
            };
            let moderates = rules::moderates(actor, venue);
            Ok((role.is_some() || moderates, moderates))
        }
        None => Ok((
            crate::blog::visibility::readable_by(actor, &item.post),
            rules::moderates(actor, Venue::Blog),
        )),
    }
}

/// An item `actor` moderates; `NotFound` when they may not even read it.
async fn moderated_item(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    kind: ItemKind,
    id: i32,
) -> Result<Item, ModerationError> {
    let item = load_item(db, kind, id).await?;
    match standing(db, Some(actor.actor()), &item).await? {
        (_, true) => Ok(item),
        (true, false) => Err(ModerationError::Forbidden),
        (false, false) => Err(ModerationError::NotFound),
    }
}

/// What became of a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagOutcome {
    /// Recorded; the item stays up.
    Recorded,
    /// This person had flagged it already; nothing changed.
    AlreadyFlagged,
    /// Recorded, and it was the flag that hid the item pending review.
    Hidden,
}

/// Flag an item the person can read. Enough different people's flags hide it pending
/// review, audited as the system's action.
#[tracing::instrument(skip(db, who, new), fields(who = who.id))]
pub async fn flag(
    db: &DatabaseConnection,
    who: &CurrentUser,
    kind: ItemKind,
    id: i32,
    new: NewFlag,
) -> Result<FlagOutcome, ModerationError> {
    let txn = begin_write(db).await?;
    let item = load_item(&txn, kind, id).await?;
    let (reads, _) = standing(&txn, Some(who.actor()), &item).await?;
    if !reads || !item.is_shown() {
        return Err(ModerationError::NotFound);
    }
    if !store::insert_flag(&txn, kind, id, who.id, new.reason, &new.details, now()).await? {
        return Ok(FlagOutcome::AlreadyFlagged);
    }
    let flags = store::open_flags(&txn, kind, id).await?.len() as u64;
    let rules = site_rules(&txn).await?;
    let outcome = if rules::flags_hide(flags, rules) {
        set_state(&txn, &item, ModerationState::Flagged, None).await?;
        let entry = NewEntry {
            reason: format!("{flags}"),
            ..item.entry(None, Action::AutoHideByFlags)
        };
        audit::store::record(&txn, entry).await?;
        FlagOutcome::Hidden
    } else {
        FlagOutcome::Recorded
    };
    txn.commit().await?;
    Ok(outcome)
}

/// Whether `actor` may flag the item: they can read it and it is shown.
pub async fn flaggable(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    kind: ItemKind,
    id: i32,
) -> Result<Item, ModerationError> {
    let item = load_item(db, kind, id).await?;
    let (reads, _) = standing(db, Some(actor.actor()), &item).await?;
    if !reads || !item.is_shown() {
        return Err(ModerationError::NotFound);
    }
    Ok(item)
}

/// Write an item's moderation state and queue it for search, in the caller's transaction.
async fn set_state(
    txn: &impl ConnectionTrait,
    item: &Item,
    state: ModerationState,
    reason: Option<String>,
) -> Result<(), DbErr> {
    match &item.comment {
        Some(c) => {
            comment_store::set_moderation(txn, c.clone(), state, reason).await?;
            outbox::enqueue(txn, Change::Comment(c.id)).await?;
        }
        None => {
            store::set_post_moderation(txn, item.post.clone(), state, reason).await?;
            outbox::enqueue(txn, Change::Post(item.post.id)).await?;
        }
    }
    Ok(())
}

/// One entry of the queue, with what a moderator needs to decide.
#[derive(Clone, Debug)]
pub struct QueueItem {
    pub item: Item,
    pub url: String,
    pub author: Option<user::Model>,
    pub flags: Vec<flag::Model>,
}

/// What waits for `actor`: held and flagged items, and items with open flags, in the places
/// they moderate (everything for editors and admins, their panels for facilitators). A fixed
/// number of queries however long the queue: the posts, panels, roles and authors are read
/// once each for all the items.
pub async fn queue(
    db: &DatabaseConnection,
    actor: &CurrentUser,
) -> Result<Vec<QueueItem>, ModerationError> {
    let open = store::all_open_flags(db).await?;
    let mut flags: HashMap<(ItemKind, i32), Vec<flag::Model>> = HashMap::new();
    for f in open {
        if let Some(kind) = ItemKind::parse(&f.target_kind) {
            flags.entry((kind, f.target_id)).or_default().push(f);
        }
    }
    let ids = |k: ItemKind| -> Vec<i32> {
        flags
            .keys()
            .filter(|(kind, _)| *kind == k)
            .map(|(_, id)| *id)
            .collect()
    };
    let queued_posts = store::queued_posts(db, ids(ItemKind::Post)).await?;
    let queued_comments = store::queued_comments(db, ids(ItemKind::Comment)).await?;

    // The posts the comments live in, beside the queued posts themselves.
    let mut posts: HashMap<i32, post::Model> =
        queued_posts.iter().map(|p| (p.id, p.clone())).collect();
    let missing: Vec<i32> = queued_comments
        .iter()
        .map(|c| c.post_id)
        .filter(|id| !posts.contains_key(id))
        .collect();
    if !missing.is_empty() {
        use sea_orm::{ColumnTrait, QueryFilter};
        for p in post::Entity::find()
            .filter(post::Column::Id.is_in(missing))
            .all(db)
            .await?
        {
            posts.insert(p.id, p);
        }
    }
    let panel_of =
        crate::panels::store::panels_of_posts(db, posts.keys().copied().collect()).await?;
    let mut panel_ids: Vec<PanelId> = panel_of.values().copied().collect();
    panel_ids.sort_by_key(|p| p.0);
    panel_ids.dedup();
    let actor_ = Some(actor.actor());
    let roles: HashMap<PanelId, bool> = panel_ids
        .iter()
        .copied()
        .zip(access::roles_in(db, &panel_ids, actor_).await?)
        .map(|(p, role)| {
            (
                p,
                rules::moderates(
                    actor_,
                    Venue::Panel {
                        facilitator: role.is_some_and(|r| r.is_facilitator()),
                    },
                ),
            )
        })
        .collect();
    let slugs =
        crate::panels::store::slugs_by_id(db, panel_ids.iter().map(|p| p.0).collect()).await?;

    let items = queued_posts
        .into_iter()
        .map(|p| (None, p.id))
        .chain(queued_comments.into_iter().map(|c| {
            let post_id = c.post_id;
            (Some(c), post_id)
        }))
        .filter_map(|(comment, post_id)| {
            let post = posts.get(&post_id)?.clone();
            let kind = if comment.is_some() {
                ItemKind::Comment
            } else {
                ItemKind::Post
            };
            Some(Item {
                kind,
                comment,
                panel: panel_of.get(&post.id).copied(),
                post,
            })
        })
        .filter(|item| match item.panel {
            Some(panel) => roles.get(&panel).copied().unwrap_or(false),
            None => rules::moderates(actor_, Venue::Blog),
        })
        .collect::<Vec<_>>();
    let authors =
        crate::people::store::users_by_ids(db, items.iter().map(Item::author_id).collect()).await?;
    Ok(items
        .into_iter()
        .map(|item| QueueItem {
            url: item.url_with(|panel| slugs.get(&panel.0).cloned().unwrap_or_default()),
            flags: flags.remove(&(item.kind, item.id())).unwrap_or_default(),
            author: authors.get(&item.author_id()).cloned(),
            item,
        })
        .collect())
}

/// Whether `actor` has a queue at all: editors, admins and facilitators of some panel.
pub async fn has_queue(db: &impl ConnectionTrait, actor: &CurrentUser) -> Result<bool, DbErr> {
    if rules::sees_whole_queue(Some(actor.actor())) {
        return Ok(true);
    }
    Ok(crate::panels::store::memberships_of(db, actor.id)
        .await?
        .iter()
        .any(|m| m.member_role() == Some(crate::panels::model::MemberRole::Facilitator)))
}

/// Approve a held or flagged item: it shows to everyone and its flags are resolved.
#[tracing::instrument(skip(db, actor), fields(actor = actor.id))]
pub async fn approve(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    kind: ItemKind,
    id: i32,
) -> Result<(), ModerationError> {
    let txn = begin_write(db).await?;
    let item = moderated_item(&txn, actor, kind, id).await?;
    let before = item.state();
    set_state(&txn, &item, ModerationState::Visible, None).await?;
    store::resolve_flags(&txn, kind, id, now()).await?;
    let entry = NewEntry {
        before: before.as_str().into(),
        after: ModerationState::Visible.as_str().into(),
        ..item.entry(Some(actor.id), Action::Approve)
    };
    audit::store::record(&txn, entry).await?;
    // Held or rejected until now: out for the first time, so its followers hear of it.
    let came_out = matches!(before, ModerationState::Held | ModerationState::Rejected);
    tell_author(&txn, &item, Decision::Approved, actor.id, came_out).await?;
    txn.commit().await?;
    Ok(())
}

/// Reject an item with a reason: it stays hidden, its author sees the reason beside it and
/// gets it by email in their language.
#[tracing::instrument(skip(db, mailer, actor, reason), fields(actor = actor.id))]
pub async fn reject(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &CurrentUser,
    kind: ItemKind,
    id: i32,
    reason: Reason,
) -> Result<(), ModerationError> {
    let txn = begin_write(db).await?;
    let item = moderated_item(&txn, actor, kind, id).await?;
    let before = item.state();
    set_state(
        &txn,
        &item,
        ModerationState::Rejected,
        Some(reason.as_str().to_owned()),
    )
    .await?;
    store::resolve_flags(&txn, kind, id, now()).await?;
    let entry = NewEntry {
        reason: reason.as_str().to_owned(),
        before: before.as_str().into(),
        after: ModerationState::Rejected.as_str().into(),
        ..item.entry(Some(actor.id), Action::Reject)
    };
    audit::store::record(&txn, entry).await?;
    tell_author(&txn, &item, Decision::Rejected, actor.id, false).await?;
    if let Some(author) = user::Entity::find_by_id(item.author_id()).one(&txn).await? {
        mail_rejection(&txn, &author, &item, reason.as_str()).await?;
    }
    txn.commit().await?;
    mailer.wake();
    Ok(())
}

/// Tell the author of a moderated item what was decided (a notification, with the item as
/// it is now), and when it came out, its followers too.
async fn tell_author(
    txn: &impl ConnectionTrait,
    item: &Item,
    decision: Decision,
    moderator_id: i32,
    came_out: bool,
) -> Result<(), DbErr> {
    let post = post::Entity::find_by_id(item.post.id)
        .one(txn)
        .await?
        .unwrap_or_else(|| item.post.clone());
    let comment = match &item.comment {
        Some(c) => comment_store::comment_by_id(txn, c.id).await?,
        None => None,
    };
    if came_out {
        match &comment {
            Some(c) => events::comment_published(txn, c).await?,
            None => events::post_published(txn, &post).await?,
        }
    }
    events::moderated(txn, &post, comment.as_ref(), decision, moderator_id).await
}

/// The rejection email, in the author's language, with their text so nothing is lost.
async fn mail_rejection(
    txn: &impl ConnectionTrait,
    author: &user::Model,
    item: &Item,
    reason: &str,
) -> Result<(), ModerationError> {
    let lang = author
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(Lang::Fi);
    let t = Tr::new(lang);
    let paragraphs = vec![
        t.arg("moderation-email-rejected-intro", "title", &item.post.title),
        t.arg("moderation-email-rejected-reason", "reason", reason),
        t.get("moderation-email-rejected-text"),
        item.text().to_owned(),
    ];
    let composed = crate::email::compose(lang, &paragraphs, None)
        .map_err(|e| ModerationError::Internal(anyhow::anyhow!("email: {e}")))?;
    crate::email::enqueue(
        txn,
        crate::email::OutgoingEmail {
            to: author.email.clone(),
            subject: t.get("moderation-email-rejected-subject"),
            text: composed.text,
            html: Some(composed.html),
        },
    )
    .await?;
    Ok(())
}

/// Replace a comment's text on a moderator's behalf, with a note; the audit entry keeps the
/// text before and after.
#[tracing::instrument(skip(db, actor, body, note), fields(actor = actor.id))]
pub async fn edit(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    body: CommentBody,
    note: Reason,
) -> Result<(), ModerationError> {
    let txn = begin_write(db).await?;
    let item = moderated_item(&txn, actor, ItemKind::Comment, id).await?;
    let Some(c) = item.comment.clone() else {
        return Err(ModerationError::NotFound);
    };
    let before = c.body_md.clone();
    comment_store::set_body(&txn, c, &body, now()).await?;
    outbox::enqueue(&txn, Change::Comment(id)).await?;
    let entry = NewEntry {
        reason: note.as_str().to_owned(),
        before,
        after: body.markdown().to_owned(),
        ..item.entry(Some(actor.id), Action::Edit)
    };
    audit::store::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Hide an item and resolve its flags. A comment keeps its place in the thread as a placeholder
/// (the comments' own hiding); a post or panel topic leaves every listing, feed and search, and
/// its author sees it marked hidden with the reason. Approving it shows it again.
#[tracing::instrument(skip(db, actor), fields(actor = actor.id))]
pub async fn hide(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    kind: ItemKind,
    id: i32,
    reason: String,
) -> Result<(), ModerationError> {
    let reason = reason.trim().to_owned();
    if reason.chars().count() > super::model::MAX_REASON_CHARS {
        return Err(ModerationError::Fields(vec![
            crate::error::FieldError::new("reason", "moderation-text-too-long"),
        ]));
    }
    let txn = begin_write(db).await?;
    let item = moderated_item(&txn, actor, kind, id).await?;
    let before = item.state();
    match item.comment.clone() {
        Some(c) => {
            let c = if c.hidden_at.is_none() {
                comment_store::set_hidden(&txn, c, Some((now(), actor.id))).await?
            } else {
                c
            };
            // Hidden by a moderator now: the flags' own hiding is settled.
            if before != ModerationState::Visible {
                comment_store::set_moderation(&txn, c, ModerationState::Visible, None).await?;
            }
            outbox::enqueue(&txn, Change::Comment(id)).await?;
        }
        None => {
            let shown = (!reason.is_empty()).then(|| reason.clone());
            set_state(&txn, &item, ModerationState::Hidden, shown).await?;
        }
    }
    store::resolve_flags(&txn, kind, id, now()).await?;
    let entry = NewEntry {
        reason,
        before: before.as_str().into(),
        after: "hidden".into(),
        ..item.entry(Some(actor.id), Action::Hide)
    };
    audit::store::record(&txn, entry).await?;
    tell_author(&txn, &item, Decision::Hidden, actor.id, false).await?;
    txn.commit().await?;
    Ok(())
}

/// Dismiss an item's flags: it shows again if the flags had hidden it.
#[tracing::instrument(skip(db, actor), fields(actor = actor.id))]
pub async fn dismiss_flags(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    kind: ItemKind,
    id: i32,
) -> Result<(), ModerationError> {
    let txn = begin_write(db).await?;
    let item = moderated_item(&txn, actor, kind, id).await?;
    let before = item.state();
    if before == ModerationState::Flagged {
        set_state(&txn, &item, ModerationState::Visible, None).await?;
    }
    let n = store::resolve_flags(&txn, kind, id, now()).await?;
    let entry = NewEntry {
        reason: format!("{n}"),
        before: before.as_str().into(),
        after: if before == ModerationState::Flagged {
            ModerationState::Visible.as_str().into()
        } else {
            before.as_str().into()
        },
        ..item.entry(Some(actor.id), Action::DismissFlags)
    };
    audit::store::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// The person `actor` may suspend or unsuspend; `NotFound` for an unknown one.
async fn suspendable(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    user_id: i32,
) -> Result<user::Model, ModerationError> {
    if !rules::sees_whole_queue(Some(actor.actor())) {
        return Err(ModerationError::Forbidden);
    }
    let person = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .ok_or(ModerationError::NotFound)?;
    let role = person.user_role().ok_or(ModerationError::Forbidden)?;
    if !rules::may_suspend(Some(actor.actor()), role) {
        return Err(ModerationError::Forbidden);
    }
    Ok(person)
}

/// Suspend a person for some days or for good: their sessions and API tokens end in the
/// same transaction, and signing in is refused until it ends.
#[tracing::instrument(skip(db, actor, reason), fields(actor = actor.id))]
pub async fn suspend(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    user_id: i32,
    length: SuspensionLength,
    reason: Reason,
) -> Result<user::Model, ModerationError> {
    let txn = begin_write(db).await?;
    let person = suspendable(&txn, actor, user_id).await?;
    let at = now();
    let until = match length {
        SuspensionLength::Days(d) => Some(at + Duration::days(i64::from(d))),
        SuspensionLength::ForGood => None,
    };
    let before = suspension_text(&person);
    let saved = store::set_suspension(&txn, person, Some(at), until).await?;
    // Nothing searchable changes, but the pages' caches drop what they hold.
    outbox::enqueue(&txn, Change::Site).await?;
    let entry = NewEntry {
        subject_user_id: Some(user_id),
        reason: reason.as_str().to_owned(),
        before,
        after: suspension_text(&saved),
        ..NewEntry::new(
            Some(actor.id),
            Action::Suspend,
            TargetKind::User,
            Some(user_id),
        )
    };
    audit::store::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Lift a suspension.
#[tracing::instrument(skip(db, actor), fields(actor = actor.id))]
pub async fn unsuspend(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    user_id: i32,
) -> Result<user::Model, ModerationError> {
    let txn = begin_write(db).await?;
    let person = suspendable(&txn, actor, user_id).await?;
    let before = suspension_text(&person);
    let saved = store::set_suspension(&txn, person, None, None).await?;
    outbox::enqueue(&txn, Change::Site).await?;
    let entry = NewEntry {
        subject_user_id: Some(user_id),
        before,
        after: suspension_text(&saved),
        ..NewEntry::new(
            Some(actor.id),
            Action::Unsuspend,
            TargetKind::User,
            Some(user_id),
        )
    };
    audit::store::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(saved)
}

/// A suspension as the audit log's before/after text.
fn suspension_text(u: &user::Model) -> String {
    match (u.suspended_at, u.suspended_until) {
        (None, _) => "active".into(),
        (Some(_), None) => "suspended".into(),
        (Some(_), Some(until)) => format!("suspended until {}", until.to_rfc3339()),
    }
}
