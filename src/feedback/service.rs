//! The feedback channel's use cases: sending feedback through the public form, and the
//! inbox's work (state, assignee, notes, reply by email, publishing, topics). Every change of
//! an item is written with its audit entry in one transaction.
use sea_orm::{ActiveValue::Set, DatabaseConnection};

use super::{
    access, bots,
    entities::{feedback_item as item, feedback_note as note, feedback_topic as topic},
    model::{FeedbackForm, Refusal, Status, TopicName, check},
    store,
};
use crate::{
    audit::{
        self,
        model::{Action, NewEntry, TargetKind},
    },
    auth::{CurrentUser, Role},
    blog::service::{self as blog_service, BlogError, PostInput},
    db::{begin_write, now},
    email::{self, Mailer, OutgoingEmail},
    entities::{organization, user},
    error::{AppError, FieldError},
    i18n::{Lang, Tr},
    people,
};

/// Why a feedback use case did not go through.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("refused as a bot: {0:?}")]
    Refused(Refusal),
    #[error("invalid fields")]
    Fields(Vec<FieldError>),
    #[error(transparent)]
    Blog(#[from] BlogError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
    /// Another feature's refusal, as it answers it.
    #[error("{0}")]
    App(AppError),
}

impl From<FeedbackError> for AppError {
    fn from(e: FeedbackError) -> Self {
        match e {
            FeedbackError::NotFound => AppError::NotFound,
            FeedbackError::Forbidden => AppError::Forbidden,
            FeedbackError::Refused(Refusal::RateLimited) => AppError::TooManyContributions,
            FeedbackError::Refused(Refusal::TooLarge) => AppError::TooLarge,
            FeedbackError::Refused(r) => AppError::Validation(vec![r.field_error()]),
            FeedbackError::Fields(fields) => AppError::Validation(fields),
            FeedbackError::Blog(e) => e.into(),
            FeedbackError::Db(e) => e.into(),
            FeedbackError::Other(e) => AppError::Internal(e),
            FeedbackError::App(e) => e,
        }
    }
}

type Result<T> = std::result::Result<T, FeedbackError>;

/// The organisation with this short name (404 when there is none).
pub async fn organization(db: &DatabaseConnection, short: &str) -> Result<organization::Model> {
    people::store::organization_by_short(db, short)
        .await?
        .ok_or(FeedbackError::NotFound)
}

/// Where a public form sends: always an organisation's inbox, through the organisation's own
/// form or through the form of one of its panels that offers one.
#[derive(Clone, Debug)]
pub struct FormTarget {
    pub org: organization::Model,
    pub panel: Option<crate::entities::panel::Model>,
}

impl FormTarget {
    /// The form's address (sending posts to it; the thank-you page is below it).
    pub fn path(&self) -> String {
        match &self.panel {
            Some(p) => format!("/panels/{}/feedback", p.slug),
            None => format!("/feedback/{}", self.org.short_name),
        }
    }
}

/// The organisation `short`'s own form.
pub async fn organization_form(db: &DatabaseConnection, short: &str) -> Result<FormTarget> {
    Ok(FormTarget {
        org: organization(db, short).await?,
        panel: None,
    })
}

/// The form of panel `slug`, when the panel offers one (404 otherwise). A panel's form is
/// public like the organisation's: its facilitators turned it on for anyone to use.
pub async fn panel_form(db: &DatabaseConnection, slug: &str) -> Result<FormTarget> {
    let panel = crate::panels::store::panel_by_slug(db, slug)
        .await?
        .filter(|p| p.feedback_form)
        .ok_or(FeedbackError::NotFound)?;
    let org = people::store::organization_by_id(db, panel.organization_id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    Ok(FormTarget {
        org,
        panel: Some(panel),
    })
}

/// The topics the form offers (open ones).
pub async fn open_topics(db: &DatabaseConnection, org_id: i32) -> Result<Vec<topic::Model>> {
    Ok(store::topics(db, org_id)
        .await?
        .into_iter()
        .filter(|t| t.retired_at.is_none())
        .collect())
}

/// The stamp for a form shown now.
pub async fn form_stamp(db: &DatabaseConnection) -> Result<String> {
    Ok(bots::stamp(db, now()).await?)
}

/// Send feedback to an organisation from `address` (the client's address, for the rate
/// limit). The bot defences run first; the fields are checked by the same parser for the
/// page and the API.
#[tracing::instrument(skip_all, fields(org = target.org.id))]
pub async fn submit(
    db: &DatabaseConnection,
    target: &FormTarget,
    form: &FeedbackForm,
    address: &str,
    page_lang: Lang,
) -> Result<item::Model> {
    bots::screen(form).map_err(FeedbackError::Refused)?;
    let org = &target.org;
    let topics: Vec<i32> = open_topics(db, org.id)
        .await?
        .iter()
        .map(|t| t.id)
        .collect();
    let new = check(form, &topics, page_lang).map_err(FeedbackError::Fields)?;
    let txn = begin_write(db).await?;
    let at = now();
    if let Err(refusal) = bots::admit(&txn, form, address, at).await? {
        tracing::info!(?refusal, "feedback refused");
        return Err(FeedbackError::Refused(refusal));
    }
    let panel_id = target.panel.as_ref().map(|p| p.id);
    let saved = store::insert_item(&txn, org.id, panel_id, new, at).await?;
    txn.commit().await?;
    Ok(saved)
}

// ----- The inbox -----

/// An organisation's inbox, opened by someone allowed to work it.
#[derive(Clone, Debug)]
pub struct Inbox {
    pub org: organization::Model,
    pub staff: CurrentUser,
}

impl Inbox {
    pub fn can_keep_topics(&self) -> bool {
        access::can_keep_topics(&self.staff, self.org.id)
    }
    fn entry(&self, action: Action, item_id: i32) -> NewEntry {
        NewEntry::new(
            Some(self.staff.id),
            action,
            TargetKind::Feedback,
            Some(item_id),
        )
    }
}

/// Open the inbox of organisation `short` for `staff`; 404 for anyone who may not see it.
pub async fn open_inbox(
    db: &DatabaseConnection,
    staff: &CurrentUser,
    short: &str,
) -> Result<Inbox> {
    let org = organization(db, short).await?;
    if !access::can_work_inbox(staff, org.id) {
        return Err(FeedbackError::NotFound);
    }
    Ok(Inbox {
        org,
        staff: staff.clone(),
    })
}

/// The inboxes `staff` may open, by name.
pub async fn inboxes(
    db: &DatabaseConnection,
    staff: &CurrentUser,
) -> Result<Vec<organization::Model>> {
    Ok(people::store::all_organizations(db)
        .await?
        .into_iter()
        .filter(|o| access::can_work_inbox(staff, o.id))
        .collect())
}

/// One item with what its page shows.
#[derive(Clone, Debug)]
pub struct ItemView {
    pub item: item::Model,
    pub topic: topic::Model,
    pub notes: Vec<(note::Model, people::model::PersonName)>,
    pub assignee: Option<user::Model>,
    /// The panel whose form it came through.
    pub panel: Option<crate::entities::panel::Model>,
}

/// An item of the inbox (404 for another organisation's).
pub async fn item(db: &DatabaseConnection, inbox: &Inbox, id: i32) -> Result<item::Model> {
    store::item(db, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)
}

/// An item with its topic, notes (with their authors' names) and assignee.
pub async fn item_view(db: &DatabaseConnection, inbox: &Inbox, id: i32) -> Result<ItemView> {
    let item = item(db, inbox, id).await?;
    let topic = store::topic(db, inbox.org.id, item.topic_id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    let rows = store::notes(db, item.id).await?;
    let authors =
        people::store::users_by_ids(db, rows.iter().map(|n| n.author_id).collect()).await?;
    let notes = rows
        .into_iter()
        .map(|n| {
            let name = authors.get(&n.author_id).map_or_else(
                people::model::PersonName::former,
                people::model::PersonName::of,
            );
            (n, name)
        })
        .collect();
    let assignee = match item.assignee_id {
        Some(id) => people::store::user_by_id(db, id).await?,
        None => None,
    };
    let panel = match item.panel_id {
        Some(id) => {
            crate::panels::store::panel_by_id(db, crate::panels::model::PanelId(id)).await?
        }
        None => None,
    };
    Ok(ItemView {
        item,
        topic,
        notes,
        assignee,
        panel,
    })
}

/// The people an item can be assigned to: the organisation's active staff.
pub async fn assignable(db: &DatabaseConnection, inbox: &Inbox) -> Result<Vec<user::Model>> {
    Ok(people::store::people_of_organization(db, inbox.org.id)
        .await?
        .into_iter()
        .filter(|u| {
            u.active && u.removed_at.is_none() && u.user_role().is_some_and(|r| r >= Role::Member)
        })
        .collect())
}

/// Move an item to another state.
#[tracing::instrument(skip_all, fields(item = id))]
pub async fn set_status(
    db: &DatabaseConnection,
    inbox: &Inbox,
    id: i32,
    status: Status,
) -> Result<item::Model> {
    let txn = begin_write(db).await?;
    let row = store::item(&txn, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    let before = row.status.clone();
    let mut active: item::ActiveModel = row.into();
    active.status = Set(status.as_str().to_owned());
    let saved = store::save_item(&txn, active, now()).await?;
    audit::store::record(
        &txn,
        NewEntry {
            before,
            after: status.as_str().to_owned(),
            ..inbox.entry(Action::FeedbackStatus, id)
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Give an item to one of the organisation's staff, or to nobody.
#[tracing::instrument(skip_all, fields(item = id))]
pub async fn assign(
    db: &DatabaseConnection,
    inbox: &Inbox,
    id: i32,
    assignee: Option<i32>,
) -> Result<item::Model> {
    if let Some(person) = assignee
        && !assignable(db, inbox).await?.iter().any(|u| u.id == person)
    {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "assignee",
            "feedback-assignee-invalid",
        )]));
    }
    let txn = begin_write(db).await?;
    let row = store::item(&txn, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    let before = row.assignee_id.map(|i| i.to_string()).unwrap_or_default();
    let mut active: item::ActiveModel = row.into();
    active.assignee_id = Set(assignee);
    let saved = store::save_item(&txn, active, now()).await?;
    audit::store::record(
        &txn,
        NewEntry {
            subject_user_id: assignee,
            before,
            after: assignee.map(|i| i.to_string()).unwrap_or_default(),
            ..inbox.entry(Action::FeedbackAssign, id)
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Add an internal note (staff only ever see it).
pub async fn add_note(
    db: &DatabaseConnection,
    inbox: &Inbox,
    id: i32,
    body: &str,
) -> Result<note::Model> {
    let body = crate::text::clean(body).trim().to_owned();
    if body.is_empty() {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "note",
            "field-required",
        )]));
    }
    if body.chars().count() > super::model::MAX_TEXT_CHARS {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "note",
            "feedback-note-too-long",
        )]));
    }
    let txn = begin_write(db).await?;
    store::item(&txn, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    let saved = store::insert_note(&txn, id, inbox.staff.id, &body, now()).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Answer the sender by email, in the language they wrote in: the reply is kept on the item,
/// which becomes answered. Needs an address the sender gave (and that was not erased).
#[tracing::instrument(skip_all, fields(item = id))]
pub async fn reply(
    db: &DatabaseConnection,
    mailer: &Mailer,
    inbox: &Inbox,
    id: i32,
    body: &str,
) -> Result<item::Model> {
    let text = crate::text::clean(body).trim().to_owned();
    if text.is_empty() {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "reply",
            "field-required",
        )]));
    }
    if text.chars().count() > super::model::MAX_TEXT_CHARS {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "reply",
            "feedback-note-too-long",
        )]));
    }
    let txn = begin_write(db).await?;
    let row = store::item(&txn, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    let Some(address) = row.email.clone() else {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "reply",
            "feedback-no-email",
        )]));
    };
    let lang = Lang::parse(&row.language).unwrap_or(Lang::Fi);
    let t = Tr::new(lang);
    let paragraphs = vec![
        text.clone(),
        format!(
            "{}\n\n{}",
            t.get("feedback-reply-email-quote"),
            quote(&row.body_md)
        ),
    ];
    let composed = email::compose(lang, &paragraphs, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    email::enqueue(
        &txn,
        OutgoingEmail {
            to: address,
            subject: t.arg("feedback-reply-email-subject", "org", &inbox.org.name),
            text: composed.text,
            html: Some(composed.html),
        },
    )
    .await?;
    let before = row.status.clone();
    let at = now();
    let mut active: item::ActiveModel = row.into();
    active.reply_md = Set(Some(text));
    active.replied_at = Set(Some(at));
    active.replied_by = Set(Some(inbox.staff.id));
    active.status = Set(Status::Answered.as_str().to_owned());
    let saved = store::save_item(&txn, active, at).await?;
    audit::store::record(
        &txn,
        NewEntry {
            before,
            after: Status::Answered.as_str().to_owned(),
            ..inbox.entry(Action::FeedbackReply, id)
        },
    )
    .await?;
    txn.commit().await?;
    mailer.wake();
    Ok(saved)
}

fn quote(text: &str) -> String {
    text.lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a published item goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// A public blog post of the person publishing.
    Post,
    /// A discussion topic of this panel (by slug) of the organisation, where the person
    /// publishing takes part.
    Topic(String),
}

impl Destination {
    /// The `target` field of the publish form: `post`, or `panel:{slug}`.
    pub fn parse_field(raw: &str) -> std::result::Result<Destination, FieldError> {
        match raw.trim() {
            "" | "post" => Ok(Destination::Post),
            other => other
                .strip_prefix("panel:")
                .filter(|slug| !slug.is_empty())
                .map(|slug| Destination::Topic(slug.to_owned()))
                .ok_or_else(|| FieldError::new("publish", "feedback-publish-panel-invalid")),
        }
    }
}

/// The panels of the inbox's organisation where the staff member takes part: where they
/// may publish an item as a discussion topic.
pub async fn panels_to_publish_in(
    db: &DatabaseConnection,
    inbox: &Inbox,
) -> Result<Vec<crate::entities::panel::Model>> {
    use crate::panels::{model::PanelId, store as panel_store};
    let mut out = Vec::new();
    for id in panel_store::own_panel_ids(db, inbox.staff.id).await? {
        if let Some(panel) = panel_store::panel_by_id(db, PanelId(id)).await?
            && panel.organization_id == inbox.org.id
        {
            out.push(panel);
        }
    }
    Ok(out)
}

/// Publish an item, with the reply if there is one: only with the sender's permission, and
/// never with their address. As a post, the blog's service writes it (and checks that the
/// person may write posts); as a topic, the panel discussion's service (and checks that the
/// person takes part in the panel). The item's link and the audit entry are written together
/// right after.
#[tracing::instrument(skip_all, fields(item = id))]
pub async fn publish(
    db: &DatabaseConnection,
    inbox: &Inbox,
    id: i32,
    to: Destination,
    rate: crate::config::WriteRate,
) -> Result<item::Model> {
    let view = item_view(db, inbox, id).await?;
    let row = view.item;
    if !row.may_publish {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "publish",
            "feedback-publish-no-permission",
        )]));
    }
    if row.published_post_id.is_some() {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "publish",
            "feedback-publish-already",
        )]));
    }
    let lang = Lang::parse(&row.language).unwrap_or(Lang::Fi);
    let t = Tr::new(lang);
    let mut body = format!(
        "{}\n\n{}",
        t.get("feedback-post-intro"),
        quote(&row.body_md)
    );
    if let Some(reply) = &row.reply_md {
        body.push_str(&format!(
            "\n\n**{}**\n\n{reply}",
            t.get("feedback-post-reply")
        ));
    }
    let title = t.arg("feedback-post-title", "topic", &view.topic.name);
    // The post or topic and the item's link to it are written together: a failure leaves
    // neither, and two staff publishing at once cannot both succeed.
    let txn = begin_write(db).await?;
    let row = store::item_for_update(&txn, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    if row.published_post_id.is_some() {
        return Err(FeedbackError::Fields(vec![FieldError::new(
            "publish",
            "feedback-publish-already",
        )]));
    }
    let (kind, post) = match &to {
        Destination::Post => {
            let input = PostInput {
                title,
                body,
                labels: Vec::new(),
                language: Some(lang.code().to_owned()),
                visibility: Some("public".into()),
                status: Some("published".into()),
            };
            let checked = blog_service::check(&input, lang).map_err(FeedbackError::Fields)?;
            (
                "post",
                blog_service::create_in(&txn, &inbox.staff, checked, rate).await?,
            )
        }
        Destination::Topic(slug) => {
            let invalid = || {
                FeedbackError::Fields(vec![FieldError::new(
                    "publish",
                    "feedback-publish-panel-invalid",
                )])
            };
            let access = crate::panels::access::panel_for(&txn, slug, Some(inbox.staff.actor()))
                .await
                .map_err(|_| invalid())?;
            if access.panel.organization_id != inbox.org.id || access.role.is_none() {
                return Err(invalid());
            }
            let title = crate::blog::model::PostTitle::parse(&title)
                .map_err(|e| FeedbackError::Fields(vec![e]))?;
            let html = crate::markdown::render(&body).map_err(|e| {
                FeedbackError::Fields(vec![blog_service::markdown_field_error("publish", &e)])
            })?;
            let topic = crate::panels::discussion::service::create_topic_in(
                &txn,
                &inbox.staff,
                &access,
                title,
                body,
                html,
                lang,
                rate,
            )
            .await
            .map_err(|e| FeedbackError::App(e.into()))?;
            ("topic", topic)
        }
    };
    let mut active: item::ActiveModel = row.into();
    active.published_kind = Set(Some(kind.into()));
    active.published_post_id = Set(Some(post.id));
    let saved = store::save_item(&txn, active, now()).await?;
    audit::store::record(
        &txn,
        NewEntry {
            after: format!("{kind}:{}", post.id),
            ..inbox.entry(Action::FeedbackPublish, id)
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// The published post's or topic's address, for the item page (each feature's own rule).
pub async fn published_path(db: &DatabaseConnection, row: &item::Model) -> Result<Option<String>> {
    let Some(post_id) = row.published_post_id else {
        return Ok(None);
    };
    if row.published_kind.as_deref() == Some("topic") {
        let Some(panel) = crate::panels::access::panel_of_post(db, post_id).await? else {
            return Ok(None);
        };
        return Ok(crate::panels::store::panel_by_id(db, panel)
            .await?
            .map(|p| crate::panels::visibility::topic_url(&p.slug, post_id)));
    }
    Ok(crate::blog::store::post_by_id(db, post_id)
        .await?
        .map(|post| crate::blog::visibility::url(&post)))
}

// ----- Topics -----

/// Add a topic to the organisation's list (its editors and admins).
pub async fn add_topic(db: &DatabaseConnection, inbox: &Inbox, name: &str) -> Result<topic::Model> {
    if !inbox.can_keep_topics() {
        return Err(FeedbackError::Forbidden);
    }
    let name = TopicName::parse(name).map_err(|e| FeedbackError::Fields(vec![e]))?;
    Ok(store::insert_topic(db, inbox.org.id, name.as_str(), now()).await?)
}

/// Rename a topic, and retire it from the form or bring it back.
pub async fn change_topic(
    db: &DatabaseConnection,
    inbox: &Inbox,
    id: i32,
    name: &str,
    retired: bool,
) -> Result<topic::Model> {
    if !inbox.can_keep_topics() {
        return Err(FeedbackError::Forbidden);
    }
    let name = TopicName::parse(name).map_err(|e| FeedbackError::Fields(vec![e]))?;
    let row = store::topic(db, inbox.org.id, id)
        .await?
        .ok_or(FeedbackError::NotFound)?;
    let retired_at = match (retired, row.retired_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now()),
        (false, _) => None,
    };
    Ok(store::update_topic(db, row, name.as_str(), retired_at).await?)
}

/// Every topic of the inbox's organisation (retired ones too).
pub async fn all_topics(db: &DatabaseConnection, inbox: &Inbox) -> Result<Vec<topic::Model>> {
    Ok(store::topics(db, inbox.org.id).await?)
}

/// The inbox's items, narrowed by state and topic.
pub async fn list(
    db: &DatabaseConnection,
    inbox: &Inbox,
    filter: store::Filter,
) -> Result<Vec<item::Model>> {
    Ok(store::items(db, inbox.org.id, filter).await?)
}
