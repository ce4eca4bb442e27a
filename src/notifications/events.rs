//! What happens on write: the blog, the comments, the panels' discussion and moderation call
//! these inside their own write transaction, so a notification is written exactly when its
//! event commits, never lost and never for a rolled-back write. Held content notifies no one
//! until a moderator approves it; nobody is told of a place they may not read.
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use super::{
    mentions,
    model::{FollowTarget, NotificationKind},
    store::{self, About, NewNotification},
};
use crate::{
    auth::permissions::Actor,
    db::now,
    entities::{comment, post, user},
    markdown::SafeHtml,
    panels::{model::PanelId, store as panel_store},
};

/// A moderator's decision about a contribution, told to its author.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approved,
    Rejected,
    Hidden,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Hidden => "hidden",
        }
    }
}

/// A post or a panel topic was written or published. Its author follows it; if it is out
/// (published, not held), the followers of its author, organisation and labels (a blog
/// post) or of its panel (a topic), and the people it mentions, are told.
pub async fn post_written(db: &impl ConnectionTrait, post: &post::Model) -> Result<(), DbErr> {
    store::follow_if_new(db, post.author_id, FollowTarget::Post(post.id), now()).await?;
    post_published(db, post).await
}

/// A post came out (first published, or approved by a moderator).
pub async fn post_published(db: &impl ConnectionTrait, post: &post::Model) -> Result<(), DbErr> {
    if !crate::blog::visibility::is_published(post) {
        return Ok(());
    }
    let panel = panel_store::panel_of_post(db, post.id).await?;
    let mut told: HashMap<i32, NotificationKind> = HashMap::new();
    match panel {
        Some(p) => {
            for id in panel_followers(db, p).await? {
                told.insert(id, NotificationKind::NewTopic);
            }
        }
        None => {
            let mut targets = vec![
                FollowTarget::Person(post.author_id),
                FollowTarget::Organization(post.organization_id),
            ];
            for label in store::label_ids_of_post(db, post.id).await? {
                targets.push(FollowTarget::Label(label));
            }
            for row in store::rows_for(db, &targets).await? {
                if row.active {
                    told.insert(row.user_id, NotificationKind::NewPost);
                }
            }
        }
    }
    for id in mentions::mentioned(db, &SafeHtml::from_stored(post.body_html.clone())).await? {
        told.insert(id, NotificationKind::Mention);
    }
    tell(db, told, post, panel, None, post.author_id).await
}

/// A comment (or a panel reply) was written. Its author follows the post; if it is shown
/// (not held), the author of the comment answered, the post's followers and the people it
/// mentions are told.
pub async fn comment_written(
    db: &impl ConnectionTrait,
    comment: &comment::Model,
) -> Result<(), DbErr> {
    store::follow_if_new(
        db,
        comment.author_id,
        FollowTarget::Post(comment.post_id),
        now(),
    )
    .await?;
    comment_published(db, comment).await
}

/// A comment came out (written shown, or approved by a moderator).
pub async fn comment_published(
    db: &impl ConnectionTrait,
    comment: &comment::Model,
) -> Result<(), DbErr> {
    if !crate::comments::visibility::is_shown(comment) {
        return Ok(());
    }
    let Some(post) = post::Entity::find_by_id(comment.post_id).one(db).await? else {
        return Ok(());
    };
    if !crate::blog::visibility::is_published(&post) {
        return Ok(());
    }
    let panel = panel_store::panel_of_post(db, post.id).await?;
    let mut told: HashMap<i32, NotificationKind> = HashMap::new();
    for row in store::rows_for(db, &[FollowTarget::Post(post.id)]).await? {
        if row.active {
            told.insert(row.user_id, NotificationKind::Comment);
        }
    }
    if let Some(parent) = comment.parent_id
        && let Some(p) = comment::Entity::find_by_id(parent).one(db).await?
    {
        told.insert(p.author_id, NotificationKind::Reply);
    }
    for id in mentions::mentioned(db, &SafeHtml::from_stored(comment.body_html.clone())).await? {
        told.insert(id, NotificationKind::Mention);
    }
    tell(db, told, &post, panel, Some(comment), comment.author_id).await
}

/// A moderator decided about a contribution: its author is told (with the reason, on a
/// rejection, which they read beside their text). An approval also brings it out.
pub async fn moderated(
    db: &impl ConnectionTrait,
    post: &post::Model,
    comment: Option<&comment::Model>,
    decision: Decision,
    moderator_id: i32,
) -> Result<(), DbErr> {
    let author_id = comment.map_or(post.author_id, |c| c.author_id);
    if author_id != moderator_id {
        let row = NewNotification {
            user_id: author_id,
            kind: NotificationKind::Moderation,
            actor_id: Some(moderator_id),
            about: About::Post {
                post: post.id,
                comment: comment.map(|c| c.id),
            },
            detail: Some(decision.as_str().to_owned()),
        };
        store::insert(db, vec![row], now()).await?;
    }
    Ok(())
}

/// The people who follow a panel: its members and facilitators unless they turned it off,
/// and anyone else who chose to follow it.
pub async fn panel_followers(db: &impl ConnectionTrait, panel: PanelId) -> Result<Vec<i32>, DbErr> {
    let mut ids: Vec<i32> = panel_store::seated_members(db, panel)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    ids.extend(panel_store::facilitator_ids(db, panel).await?);
    let rows = store::rows_for(db, &[FollowTarget::Panel(panel.0)]).await?;
    ids.retain(|id| !rows.iter().any(|r| r.user_id == *id && !r.active));
    ids.extend(rows.iter().filter(|r| r.active).map(|r| r.user_id));
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Write one notification to each person in `told` who may read the place now (the writer
/// is never told of their own words).
async fn tell(
    db: &impl ConnectionTrait,
    mut told: HashMap<i32, NotificationKind>,
    post: &post::Model,
    panel: Option<PanelId>,
    comment: Option<&comment::Model>,
    writer_id: i32,
) -> Result<(), DbErr> {
    told.remove(&writer_id);
    if told.is_empty() {
        return Ok(());
    }
    let people = crate::people::store::users_by_ids(db, told.keys().copied().collect()).await?;
    let mut rows = Vec::new();
    for (id, kind) in told {
        let Some(person) = people.get(&id) else {
            continue;
        };
        if !may_read(db, person, post, panel).await? {
            continue;
        }
        rows.push(NewNotification {
            user_id: id,
            kind,
            actor_id: Some(writer_id),
            about: About::Post {
                post: post.id,
                comment: comment.map(|c| c.id),
            },
            detail: None,
        });
    }
    rows.sort_by_key(|r| r.user_id);
    store::insert(db, rows, now()).await
}

/// The person as an actor, if they are an active account that may read anything at all.
pub fn actor_of(person: &user::Model) -> Option<Actor> {
    if !person.active || person.removed_at.is_some() || person.is_suspended_at(now()) {
        return None;
    }
    Some(Actor {
        id: person.id,
        role: person.user_role()?,
    })
}

/// Whether the person may read the post now: a blog post by the blog's rules, a topic when
/// they read the panel's content.
pub async fn may_read(
    db: &impl ConnectionTrait,
    person: &user::Model,
    post: &post::Model,
    panel: Option<PanelId>,
) -> Result<bool, DbErr> {
    let Some(actor) = actor_of(person) else {
        return Ok(false);
    };
    if !crate::blog::visibility::is_published(post) {
        return Ok(false);
    }
    Ok(match panel {
        None => crate::blog::visibility::readable_by(Some(actor), post),
        Some(p) => reads_panel(db, actor, p).await?,
    })
}

/// Whether the person may read the panel's content now (an active account, by the rule of
/// `reads_panel`).
pub async fn reads_panel_now(
    db: &impl ConnectionTrait,
    person: &user::Model,
    panel: PanelId,
) -> Result<bool, DbErr> {
    match actor_of(person) {
        Some(actor) => reads_panel(db, actor, panel).await,
        None => Ok(false),
    }
}

/// Whether `actor` reads the panel's content, by the rule of `panels::access::panel_ids_of`
/// (admins every panel, others their own and the open ones). Asked of the panels' store
/// here, since `panels::access` sits above the services that call these events.
async fn reads_panel(
    db: &impl ConnectionTrait,
    actor: Actor,
    panel: PanelId,
) -> Result<bool, DbErr> {
    if crate::auth::permissions::facilitates_every_panel(Some(actor)) {
        return Ok(true);
    }
    Ok(panel_store::readable_panel_ids(db, actor.id)
        .await?
        .contains(&panel))
}

/// Forget a removed person's follows, notifications and settings, in the removal's
/// transaction (their handles stay, so old mentions keep pointing at "former participant").
pub async fn forget(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    store::forget(db, user_id).await
}
