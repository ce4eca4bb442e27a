//! The use cases of follows and notifications for the pages and the API: following and
//! unfollowing (only what the person may open), the following list, the notifications list
//! (a fixed number of queries however long; nothing shown the reader may no longer open),
//! marking read, and the email settings.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{
    entities::notification,
    events,
    mention_links::MentionLinks,
    mentions::{self, Handle},
    model::{CombineMinutes, Delivery, DigestHour, EmailSettings, FollowTarget, NotificationKind},
    store,
};
use crate::{
    auth::{CurrentUser, permissions::Actor},
    db::{begin_write, now},
    email::EmailKind,
    entities::{comment, label, post},
    error::{AppError, FieldError},
    i18n::Tr,
    markdown::SafeHtml,
    panels::{access, model::PanelId},
};

/// How many notifications a page shows.
pub const PAGE_SIZE: u64 = 50;

/// Why a notification use case failed.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<NotifyError> for AppError {
    fn from(e: NotifyError) -> Self {
        match e {
            NotifyError::NotFound => AppError::NotFound,
            NotifyError::Fields(f) => AppError::Validation(f),
            NotifyError::Db(e) => e.into(),
        }
    }
}

// ----- Following -----

/// A thing the person may follow, with its name and page.
#[derive(Clone, Debug, Serialize)]
pub struct Followable {
    pub target: FollowTarget,
    pub name: String,
    pub url: String,
}

/// The target as `actor` may see it; `None` when it does not exist for them.
async fn followable(
    db: &impl ConnectionTrait,
    actor: Actor,
    target: FollowTarget,
) -> Result<Option<Followable>, DbErr> {
    let found = match target {
        FollowTarget::Post(id) => {
            let Some(p) = post::Entity::find_by_id(id).one(db).await? else {
                return Ok(None);
            };
            let panel = access::panel_of_post(db, p.id).await?;
            if !reads_post(db, actor, &p, panel).await? {
                return Ok(None);
            }
            let url = post_url(db, &p, panel).await?;
            Some((p.title, url))
        }
        FollowTarget::Label(id) => label::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|l| (l.name, format!("/labels/{}", l.slug))),
        FollowTarget::Organization(id) => crate::people::store::organization_by_id(db, id)
            .await?
            .map(|o| (o.name, format!("/organizations/{}", o.short_name))),
        FollowTarget::Person(id) => crate::blog::service::visible_person(db, Some(actor), id)
            .await?
            .map(|u| (u.display_name, format!("/people/{}", u.id))),
        FollowTarget::Panel(id) => {
            if !access::panel_ids_of(db, Some(actor))
                .await?
                .contains(&PanelId(id))
            {
                return Ok(None);
            }
            crate::panels::store::panel_by_id(db, PanelId(id))
                .await?
                .map(|p| (p.name, format!("/panels/{}", p.slug)))
        }
    };
    Ok(found.map(|(name, url)| Followable { target, name, url }))
}

/// Whether `actor` may read the post now.
async fn reads_post(
    db: &impl ConnectionTrait,
    actor: Actor,
    p: &post::Model,
    panel: Option<PanelId>,
) -> Result<bool, DbErr> {
    if !crate::blog::visibility::is_published(p) {
        return Ok(false);
    }
    Ok(match panel {
        None => crate::blog::visibility::readable_by(Some(actor), p),
        Some(panel) => access::panel_ids_of(db, Some(actor))
            .await?
            .contains(&panel),
    })
}

async fn post_url(
    db: &impl ConnectionTrait,
    p: &post::Model,
    panel: Option<PanelId>,
) -> Result<String, DbErr> {
    Ok(match panel {
        Some(panel) => {
            let slug = crate::panels::store::panel_by_id(db, panel)
                .await?
                .map(|p| p.slug)
                .unwrap_or_default();
            crate::panels::visibility::topic_url(&slug, p.id)
        }
        None => crate::blog::visibility::url(p),
    })
}

/// Follow (or stop following) something the person may open; `NotFound` otherwise.
#[tracing::instrument(skip(db, user), fields(user = user.id))]
pub async fn set_following(
    db: &DatabaseConnection,
    user: &CurrentUser,
    target: FollowTarget,
    follow: bool,
) -> Result<Followable, NotifyError> {
    let txn = begin_write(db).await?;
    let Some(found) = followable(&txn, user.actor(), target).await? else {
        return Err(NotifyError::NotFound);
    };
    store::set_follow(&txn, user.id, target, follow, now()).await?;
    txn.commit().await?;
    Ok(found)
}

/// Whether the person follows `target` (a panel's members do unless they turned it off).
pub async fn is_following(
    db: &impl ConnectionTrait,
    user_id: i32,
    target: FollowTarget,
) -> Result<bool, DbErr> {
    if let Some(row) = store::follow_of(db, user_id, target).await? {
        return Ok(row.active);
    }
    Ok(match target {
        FollowTarget::Panel(id) => events::panel_followers(db, PanelId(id))
            .await?
            .contains(&user_id),
        _ => false,
    })
}

/// The follow button of a page: what it follows and whether the reader does already.
#[derive(Clone, Debug)]
pub struct FollowButton {
    pub kind: &'static str,
    pub id: i32,
    pub following: bool,
    /// Where the form returns (the page it is on).
    pub next: String,
}

/// The button for a signed-in reader (`None` for visitors, who follow nothing).
pub async fn button(
    db: &impl ConnectionTrait,
    user: Option<&CurrentUser>,
    target: FollowTarget,
    next: &str,
) -> Result<Option<FollowButton>, DbErr> {
    let Some(u) = user else { return Ok(None) };
    Ok(Some(FollowButton {
        kind: target.kind(),
        id: target.id(),
        following: is_following(db, u.id, target).await?,
        next: next.to_owned(),
    }))
}

/// Everything the person follows that they may still open, by kind, then newest first; the
/// panels they follow as members included.
pub async fn following(
    db: &DatabaseConnection,
    user: &CurrentUser,
) -> Result<Vec<Followable>, DbErr> {
    let mut targets: Vec<FollowTarget> = store::follows_of(db, user.id)
        .await?
        .into_iter()
        .filter_map(|f| FollowTarget::new(&f.target_kind, f.target_id))
        .collect();
    for p in crate::panels::store::memberships_of(db, user.id).await? {
        let t = FollowTarget::Panel(p.panel_id);
        if !targets.contains(&t) && is_following(db, user.id, t).await? {
            targets.push(t);
        }
    }
    let mut out = Vec::new();
    for t in targets {
        if let Some(f) = followable(db, user.actor(), t).await? {
            out.push(f);
        }
    }
    out.sort_by_key(|f| {
        FollowTarget::KINDS
            .iter()
            .position(|k| *k == f.target.kind())
    });
    Ok(out)
}

// ----- Notifications -----

/// One notification as the reader sees it.
#[derive(Clone, Debug, Serialize)]
pub struct Shown {
    pub id: i32,
    pub kind: NotificationKind,
    /// Who did it ("former participant" for a removed account), if anyone.
    pub actor: Option<String>,
    pub title: String,
    /// The organisation of who did it, if any.
    pub organization: Option<String>,
    /// The beginning of the comment, or of the post.
    pub snippet: String,
    pub url: String,
    /// A moderation decision: "approved" | "rejected" | "hidden".
    pub decision: Option<String>,
    /// The reason of a rejection.
    pub reason: Option<String>,
    /// An action that moved: the status it moved to ("planned" | "in_progress" | "done" |
    /// "dropped").
    pub status: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}

/// One day of notifications (Helsinki time).
#[derive(Clone, Debug, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub items: Vec<Shown>,
}

/// A page of the reader's notifications.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    pub days: Vec<Day>,
    pub unread: u64,
    /// The id to ask for older ones with (`?before=`), when there are more.
    pub older: Option<i32>,
}

/// The reader's notifications, newest first, grouped by day: a fixed number of queries
/// however many (the notifications, their posts, comments, panels, panel slugs, the reader's
/// panels and the people named are each read once). Each is checked against what the reader
/// may open now: one whose place they lost is left out.
pub async fn page(
    db: &DatabaseConnection,
    user: &CurrentUser,
    before: Option<i32>,
) -> Result<Page, DbErr> {
    let rows = store::latest_of(db, user.id, before, PAGE_SIZE + 1).await?;
    let older = if rows.len() as u64 > PAGE_SIZE {
        rows.get(PAGE_SIZE as usize - 1).map(|r| r.id)
    } else {
        None
    };
    let rows: Vec<notification::Model> = rows.into_iter().take(PAGE_SIZE as usize).collect();
    let shown = show(
        db,
        user.actor(),
        &Tr::new(user.language.unwrap_or_default()),
        rows,
    )
    .await?;
    let mut days: Vec<Day> = Vec::new();
    for s in shown {
        let date = s
            .created_at
            .with_timezone(&chrono_tz::Europe::Helsinki)
            .date_naive();
        match days.last_mut() {
            Some(d) if d.date == date => d.items.push(s),
            _ => days.push(Day {
                date,
                items: vec![s],
            }),
        }
    }
    Ok(Page {
        days,
        unread: store::unread_count(db, user.id).await?,
        older,
    })
}

/// Notifications as `actor` may see them now, in the order given (shared with the emails).
pub async fn show(
    db: &impl ConnectionTrait,
    actor: Actor,
    t: &Tr,
    rows: Vec<notification::Model>,
) -> Result<Vec<Shown>, DbErr> {
    let post_ids: Vec<i32> = rows.iter().filter_map(|r| r.post_id).collect();
    let comment_ids: Vec<i32> = rows.iter().filter_map(|r| r.comment_id).collect();
    let posts: HashMap<i32, post::Model> = if post_ids.is_empty() {
        HashMap::new()
    } else {
        post::Entity::find()
            .filter(post::Column::Id.is_in(post_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let comments: HashMap<i32, comment::Model> = if comment_ids.is_empty() {
        HashMap::new()
    } else {
        comment::Entity::find()
            .filter(comment::Column::Id.is_in(comment_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect()
    };
    let panel_of = crate::panels::store::panels_of_posts(db, post_ids).await?;
    let actions = crate::actions::store::actions_by_ids(
        db,
        rows.iter().filter_map(|r| r.action_id).collect(),
    )
    .await?;
    let updates = crate::actions::store::updates_by_ids(
        db,
        rows.iter().filter_map(|r| r.action_update_id).collect(),
    )
    .await?;
    let readable: HashSet<PanelId> = if panel_of.is_empty() && actions.is_empty() {
        HashSet::new()
    } else {
        access::panel_ids_of(db, Some(actor))
            .await?
            .into_iter()
            .collect()
    };
    let slugs = crate::panels::store::slugs_by_id(
        db,
        panel_of
            .values()
            .map(|p| p.0)
            .chain(actions.values().map(|a| a.panel_id))
            .collect(),
    )
    .await?;
    let people =
        crate::people::store::users_by_ids(db, rows.iter().filter_map(|r| r.actor_id).collect())
            .await?;
    let org_ids: Vec<i32> = people.values().filter_map(|u| u.organization_id).collect();
    let orgs: HashMap<i32, String> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        crate::entities::organization::Entity::find()
            .filter(crate::entities::organization::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    // Snippets show mentions as the reader sees them (a removed person as "former
    // participant"), from one lookup for all of them.
    let bodies: Vec<SafeHtml> = posts
        .values()
        .map(|p| &p.body_html)
        .chain(comments.values().map(|c| &c.body_html))
        .map(|html| SafeHtml::from_stored(html.clone()))
        .collect();
    let mentions = MentionLinks::resolve(db, Some(actor), t, "", &bodies).await?;
    let actor_name = |r: &notification::Model| {
        r.actor_id.and_then(|id| people.get(&id)).map(|u| {
            if u.removed_at.is_some() {
                t.get("former-participant")
            } else {
                u.display_name.clone()
            }
        })
    };
    let organization = |r: &notification::Model| {
        r.actor_id
            .and_then(|id| people.get(&id))
            .filter(|u| u.removed_at.is_none())
            .and_then(|u| u.organization_id)
            .and_then(|id| orgs.get(&id).cloned())
    };
    let mut out = Vec::new();
    for r in rows {
        let Some(kind) = NotificationKind::parse(&r.kind) else {
            continue;
        };
        if let Some(a) = r.action_id.and_then(|id| actions.get(&id)) {
            // An action: its owner opens it anywhere, others while they read its panel.
            if a.owner_id != Some(actor.id) && !readable.contains(&PanelId(a.panel_id)) {
                continue;
            }
            let update = r.action_update_id.and_then(|id| updates.get(&id));
            out.push(Shown {
                id: r.id,
                kind,
                actor: actor_name(&r),
                organization: organization(&r),
                snippet: update.map_or_else(String::new, |u| crate::text::shorten(&u.note, 200)),
                title: a.title.clone(),
                url: crate::actions::url(slugs.get(&a.panel_id).map_or("", String::as_str), a.id),
                decision: None,
                reason: None,
                status: update
                    .map(|u| u.status.clone())
                    .or_else(|| r.detail.clone()),
                created_at: r.created_at,
                read: r.read_at.is_some(),
            });
            continue;
        }
        let Some(p) = r.post_id.and_then(|id| posts.get(&id)) else {
            continue;
        };
        let c = r.comment_id.and_then(|id| comments.get(&id));
        if r.comment_id.is_some() && c.is_none() {
            continue;
        }
        let panel = panel_of.get(&p.id).copied();
        let own = kind == NotificationKind::Moderation;
        // About one's own contribution, one may read it whatever its state; anything else
        // must be out and readable now.
        let place_ok = match panel {
            Some(panel) => readable.contains(&panel),
            None => crate::blog::visibility::readable_by(Some(actor), p),
        };
        let out_now = crate::blog::visibility::is_published(p)
            && c.is_none_or(crate::comments::visibility::is_shown);
        if !place_ok || !(own || out_now) {
            continue;
        }
        let base = match panel {
            Some(panel) => crate::panels::visibility::topic_url(
                slugs.get(&panel.0).map_or("", String::as_str),
                p.id,
            ),
            None => crate::blog::visibility::url(p),
        };
        let url = match c {
            Some(c) => crate::comments::visibility::url(&base, c.id),
            None => base,
        };
        let reason = (r.detail.as_deref() == Some("rejected"))
            .then(|| c.map_or(p.moderation_reason.clone(), |c| c.moderation_reason.clone()))
            .flatten();
        let body = SafeHtml::from_stored(c.map_or(&p.body_html, |c| &c.body_html).clone());
        let snippet = crate::markdown::html_excerpt(&mentions.show(&body), 200);
        out.push(Shown {
            id: r.id,
            kind,
            actor: actor_name(&r),
            organization: organization(&r),
            snippet,
            title: p.title.clone(),
            url,
            decision: r.detail.clone(),
            reason,
            status: None,
            created_at: r.created_at,
            read: r.read_at.is_some(),
        });
    }
    Ok(out)
}

/// The sentence of one notification, in the reader's language ("Aino replied to you: ...").
pub fn sentence(t: &Tr, s: &Shown) -> String {
    match s.kind {
        NotificationKind::Moderation => {
            let key = format!(
                "notify-text-moderation-{}",
                s.decision.as_deref().unwrap_or("approved")
            );
            t.arg(&key, "title", &s.title)
        }
        NotificationKind::ActionMoved => {
            let status = s
                .status
                .as_deref()
                .and_then(crate::actions::model::Status::parse)
                .map(|st| t.get(st.label_key()))
                .unwrap_or_default();
            t.args(
                "notify-text-action-moved",
                &[
                    (
                        "who",
                        crate::i18n::FluentArg::Str(s.actor.clone().unwrap_or_default()),
                    ),
                    ("title", crate::i18n::FluentArg::Str(s.title.clone())),
                    ("status", crate::i18n::FluentArg::Str(status)),
                ],
            )
        }
        kind => t.args(
            &format!("notify-text-{}", kind.as_str()),
            &[
                (
                    "who",
                    crate::i18n::FluentArg::Str(s.actor.clone().unwrap_or_default()),
                ),
                ("title", crate::i18n::FluentArg::Str(s.title.clone())),
            ],
        ),
    }
}

/// Mark some of the reader's notifications read (`None`: all of them). Others' ids are
/// ignored.
pub async fn mark_read(
    db: &DatabaseConnection,
    user: &CurrentUser,
    ids: Option<Vec<i32>>,
) -> Result<u64, DbErr> {
    store::mark_read(db, user.id, ids, now()).await
}

// ----- Settings -----

/// The email settings form, parsed: one delivery per kind, the digest hour, the window.
#[derive(Clone, Debug)]
pub struct SettingsInput<'a> {
    pub deliveries: Vec<(&'a str, &'a str)>,
    pub digest_hour: &'a str,
    pub combine_minutes: &'a str,
}

/// Parse the settings (one parser for the page and the API); kinds left out keep their value.
pub fn parse_settings(
    input: &SettingsInput<'_>,
    current: &EmailSettings,
) -> Result<EmailSettings, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut deliveries = current.deliveries.clone();
    let mut others = current.others.clone();
    for (name, value) in &input.deliveries {
        // A notification kind takes every delivery; another optional email at once or never.
        let chosen = Delivery::parse(value);
        let ok = if let Some(kind) = NotificationKind::parse(name) {
            set(&mut deliveries, kind, chosen)
        } else if let Some(kind) =
            EmailKind::parse(name).filter(|k| EmailKind::OPTIONAL.contains(k))
        {
            set(
                &mut others,
                kind,
                chosen.filter(|d| Delivery::ON_OFF.contains(d)),
            )
        } else {
            // Not a kind of email: nothing to set.
            true
        };
        if !ok {
            errors.push(FieldError {
                field: format!("delivery-{name}").into(),
                message_key: "notify-delivery-invalid",
                args: Vec::new(),
            });
        }
    }
    let digest_hour = if input.digest_hour.trim().is_empty() {
        Some(current.digest_hour)
    } else {
        DigestHour::parse(input.digest_hour)
    };
    let combine = if input.combine_minutes.trim().is_empty() {
        Some(current.combine_minutes)
    } else {
        CombineMinutes::parse(input.combine_minutes)
    };
    if digest_hour.is_none() {
        errors.push(FieldError {
            field: "digest_hour".into(),
            message_key: "notify-digest-hour-invalid",
            args: Vec::new(),
        });
    }
    if combine.is_none() {
        errors.push(FieldError {
            field: "combine_minutes".into(),
            message_key: "notify-combine-invalid",
            args: Vec::new(),
        });
    }
    match (digest_hour, combine) {
        (Some(digest_hour), Some(combine_minutes)) if errors.is_empty() => Ok(EmailSettings {
            deliveries,
            others,
            digest_hour,
            combine_minutes,
        }),
        _ => Err(errors),
    }
}

/// Put `chosen` in `kind`'s place; `false` when nothing valid was chosen.
fn set<K: PartialEq>(slots: &mut [(K, Delivery)], kind: K, chosen: Option<Delivery>) -> bool {
    let Some(d) = chosen else { return false };
    if let Some(slot) = slots.iter_mut().find(|(k, _)| *k == kind) {
        slot.1 = d;
    }
    true
}

/// The reader's email settings, with what they unsubscribed from by link.
pub async fn settings(db: &impl ConnectionTrait, user_id: i32) -> Result<EmailSettings, DbErr> {
    let off = crate::email::preferences::opted_out(db, user_id).await?;
    Ok(store::email_settings(db, user_id)
        .await?
        .with_opt_outs(&off))
}

/// Save the email settings.
#[tracing::instrument(skip(db, user, s), fields(user = user.id))]
pub async fn save_settings(
    db: &DatabaseConnection,
    user: &CurrentUser,
    s: &EmailSettings,
) -> Result<(), DbErr> {
    let txn = begin_write(db).await?;
    use crate::email::preferences;
    for (kind, delivery) in &s.deliveries {
        store::set_delivery(&txn, user.id, *kind, *delivery).await?;
        // Chosen here again: an earlier unsubscribe link no longer holds.
        match delivery {
            Delivery::Immediately => preferences::opt_in(&txn, user.id, kind.email_kind()).await?,
            Delivery::Daily | Delivery::Weekly => {
                preferences::opt_in(&txn, user.id, EmailKind::Digest).await?
            }
            Delivery::Never => {}
        }
    }
    for (kind, delivery) in &s.others {
        match delivery {
            Delivery::Never => preferences::opt_out(&txn, user.id, *kind).await?,
            _ => preferences::opt_in(&txn, user.id, *kind).await?,
        }
    }
    store::set_prefs(&txn, user.id, s.digest_hour, s.combine_minutes, now()).await?;
    txn.commit().await
}

/// The reader's current @handle.
pub async fn handle(db: &DatabaseConnection, user_id: i32) -> Result<String, DbErr> {
    let txn = begin_write(db).await?;
    let h = mentions::handle_of(&txn, user_id).await?;
    txn.commit().await?;
    Ok(h)
}

/// Change the reader's @handle; the old one keeps pointing at them.
#[tracing::instrument(skip(db, user), fields(user = user.id))]
pub async fn change_handle(
    db: &DatabaseConnection,
    user: &CurrentUser,
    raw: &str,
) -> Result<Handle, NotifyError> {
    let handle = Handle::parse(raw).map_err(|e| NotifyError::Fields(vec![e]))?;
    let txn = begin_write(db).await?;
    mentions::handle_of(&txn, user.id).await?;
    if !mentions::change(&txn, user.id, &handle).await? {
        return Err(NotifyError::Fields(vec![FieldError {
            field: "handle".into(),
            message_key: "notify-handle-taken",
            args: Vec::new(),
        }]));
    }
    // Mentions of the person read their current handle: every node's cached pages go.
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Site).await?;
    txn.commit().await?;
    Ok(handle)
}
