//! Writing posts: checking input, rendering Markdown once on save, keeping revisions and labels.
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};

use super::{
    model::{Labels, PostDraft, PostStatus, PostTitle, Visibility, slugify},
    store,
};
use crate::{
    auth::{CurrentUser, permissions},
    db::{begin_write, now},
    entities::post,
    error::{AppError, FieldError},
    i18n::Lang,
    markdown::{self, MarkdownError},
};

/// A post as typed into a form or sent to the API, before checking.
#[derive(Clone, Debug, Default)]
pub struct PostInput {
    pub title: String,
    pub body: String,
    pub labels: Vec<String>,
    pub language: Option<String>,
    pub visibility: Option<String>,
    pub status: Option<String>,
}

/// A checked post with its rendered body.
pub struct CheckedPost {
    pub draft: PostDraft,
    pub html: markdown::SafeHtml,
}

/// Check every field, reporting all problems at once.
pub fn check(input: &PostInput, default_lang: Lang) -> Result<CheckedPost, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = PostTitle::parse(&input.title)
        .map_err(|e| errors.push(e))
        .ok();
    let labels = Labels::parse_list(input.labels.iter().map(String::as_str))
        .map_err(|e| errors.push(e))
        .ok();
    let language = match input.language.as_deref().filter(|s| !s.is_empty()) {
        None => Some(default_lang),
        Some(code) => Lang::parse(code).or_else(|| {
            errors.push(FieldError {
                field: "language".into(),
                message_key: "language-invalid",
                args: Vec::new(),
            });
            None
        }),
    };
    let visibility = match input.visibility.as_deref() {
        None | Some("") => Some(Visibility::Public),
        Some(v) => Visibility::parse(v).or_else(|| {
            errors.push(FieldError {
                field: "visibility".into(),
                message_key: "visibility-invalid",
                args: Vec::new(),
            });
            None
        }),
    };
    let status = match input.status.as_deref() {
        None | Some("") => Some(PostStatus::Draft),
        Some(s) => PostStatus::parse(s).or_else(|| {
            errors.push(FieldError {
                field: "status".into(),
                message_key: "status-invalid",
                args: Vec::new(),
            });
            None
        }),
    };
    let body = crate::text::clean(&input.body).into_owned();
    let html = if body.trim().is_empty() {
        errors.push(FieldError {
            field: "body".into(),
            message_key: "field-required",
            args: Vec::new(),
        });
        None
    } else {
        markdown::render(&body)
            .map_err(|e| errors.push(markdown_field_error("body", &e)))
            .ok()
    };
    match (title, labels, language, visibility, status, html) {
        (Some(title), Some(labels), Some(language), Some(visibility), Some(status), Some(html))
            if errors.is_empty() =>
        {
            Ok(CheckedPost {
                draft: PostDraft {
                    title,
                    body_md: body,
                    labels,
                    language,
                    visibility,
                    status,
                },
                html,
            })
        }
        _ => Err(errors),
    }
}

/// A Markdown limit as a field error.
pub fn markdown_field_error(field: &'static str, e: &MarkdownError) -> FieldError {
    FieldError {
        field: field.into(),
        message_key: match e {
            MarkdownError::TooLong { .. } => "markdown-too-long",
            MarkdownError::TooDeep { .. } => "markdown-too-deep",
        },
        args: Vec::new(),
    }
}

/// Why writing a post failed.
#[derive(Debug, thiserror::Error)]
pub enum BlogError {
    #[error("not allowed")]
    Forbidden,
    #[error("the author belongs to no organisation")]
    NoOrganization,
    /// The author is over the rate of writing.
    #[error(transparent)]
    Rate(#[from] crate::auth::write_rate::RateError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<BlogError> for AppError {
    fn from(e: BlogError) -> Self {
        match e {
            BlogError::Forbidden => AppError::Forbidden,
            BlogError::NoOrganization => AppError::BadRequest("post-no-organization"),
            BlogError::Rate(e) => e.into(),
            BlogError::Db(e) => e.into(),
        }
    }
}

fn month_of(at: &DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Helsinki)
        .format("%Y-%m")
        .to_string()
}

/// Slugs that would collide with fixed URLs under `/posts/`.
fn is_reserved(slug: &str) -> bool {
    matches!(slug, "new")
}

/// Write a new post signed with the author's name and organisation.
#[tracing::instrument(skip_all, fields(author = author.id))]
pub async fn create(
    db: &DatabaseConnection,
    author: &CurrentUser,
    checked: CheckedPost,
    rate: crate::config::WriteRate,
) -> Result<post::Model, BlogError> {
    let txn = begin_write(db).await?;
    let saved = create_in(&txn, author, checked, rate).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Write a new post in the caller's transaction (for a use case that writes more with it,
/// such as publishing a feedback item): the same rules as [`create`].
pub async fn create_in(
    txn: &DatabaseTransaction,
    author: &CurrentUser,
    checked: CheckedPost,
    rate: crate::config::WriteRate,
) -> Result<post::Model, BlogError> {
    if !permissions::can_write_posts(Some(author.actor())) {
        return Err(BlogError::Forbidden);
    }
    let org_id = author.organization_id.ok_or(BlogError::NoOrganization)?;
    let CheckedPost { draft, html } = checked;
    use crate::auth::write_rate::{self, Contribution};
    write_rate::admit(txn, rate, author.id, Contribution::Post).await?;
    let at = now();
    let published_at = (draft.status == PostStatus::Published).then_some(at);
    let row = store::NewPostRow {
        title: draft.title.as_str().to_owned(),
        body_md: draft.body_md,
        html,
        language: draft.language,
        visibility: draft.visibility,
        status: draft.status,
        author_id: author.id,
        organization_id: org_id,
        published_at,
        published_month: published_at.as_ref().map(month_of),
        at,
    };
    let saved = store::insert_post(txn, &slugify(draft.title.as_str()), is_reserved, row).await?;
    store::set_labels(txn, saved.id, &draft.labels).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Post(saved.id)).await?;
    crate::notifications::events::post_written(txn, &saved).await?;
    Ok(saved)
}

/// Edit a post: the previous title and body are kept as a revision; a post edited after it
/// was published says so.
#[tracing::instrument(skip_all, fields(post = existing.id, editor = editor.id))]
pub async fn update(
    db: &DatabaseConnection,
    editor: &CurrentUser,
    existing: post::Model,
    checked: CheckedPost,
) -> Result<post::Model, BlogError> {
    let facts = permissions::PostFacts {
        author_id: existing.author_id,
        visibility: existing.post_visibility(),
        status: existing.post_status(),
    };
    if !permissions::can_edit_post(Some(editor.actor()), facts) {
        return Err(BlogError::Forbidden);
    }
    let CheckedPost { draft, html } = checked;
    let txn = begin_write(db).await?;
    let at = now();
    let content_changed =
        existing.title != draft.title.as_str() || existing.body_md != draft.body_md;
    if content_changed {
        store::insert_revision(&txn, &existing, editor.id, at).await?;
    }
    let was_published = existing.published_at.is_some();
    let published_at = match (draft.status, existing.published_at) {
        (PostStatus::Published, Some(t)) => Some(t),
        (PostStatus::Published, None) => Some(at),
        // Back to draft: keep the first publication time for when it returns.
        (PostStatus::Draft, t) => t,
    };
    let edited_at = if content_changed && was_published {
        Some(at)
    } else {
        existing.edited_at
    };
    let content = store::PostContent {
        title: draft.title.as_str().to_owned(),
        body_md: draft.body_md,
        html,
    };
    let publication = store::Publication {
        language: draft.language,
        visibility: draft.visibility,
        status: draft.status,
        published_at,
        published_month: published_at.as_ref().map(month_of),
    };
    let saved =
        store::update_post(&txn, existing, content, Some(publication), at, edited_at).await?;
    store::set_labels(&txn, saved.id, &draft.labels).await?;
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Post(saved.id)).await?;
    if !was_published && saved.published_at.is_some() {
        // Published for the first time: its followers hear of it now.
        crate::notifications::events::post_published(&txn, &saved).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

// ----- Imported posts -----

/// A post brought from another blog by `lupa import`: its HTML already cleaned by
/// `markdown::clean_html`, its author found or created by the importer.
pub struct ImportedPost {
    pub title: PostTitle,
    pub html: markdown::SafeHtml,
    pub labels: Labels,
    pub language: Lang,
    pub visibility: Visibility,
    pub status: PostStatus,
    pub author_id: i32,
    pub organization_id: i32,
    pub published_at: Option<DateTime<Utc>>,
    /// When it was last changed on the old blog.
    pub updated_at: DateTime<Utc>,
}

/// Write an imported post with its labels and queue it for the search index, in the
/// caller's transaction. The cleaned HTML is kept as the body (Markdown passes HTML
/// through, so the post can be edited as any other). Returns the post and how many of its
/// labels were new.
pub async fn import_post(
    txn: &DatabaseTransaction,
    imported: ImportedPost,
) -> Result<(post::Model, usize), sea_orm::DbErr> {
    let created = imported.published_at.unwrap_or(imported.updated_at);
    let row = store::NewPostRow {
        title: imported.title.as_str().to_owned(),
        body_md: imported.html.as_str().to_owned(),
        html: imported.html,
        language: imported.language,
        visibility: imported.visibility,
        status: imported.status,
        author_id: imported.author_id,
        organization_id: imported.organization_id,
        published_at: imported.published_at,
        published_month: imported.published_at.as_ref().map(month_of),
        at: created,
    };
    let base = slugify(imported.title.as_str());
    let mut saved = store::insert_post(txn, &base, is_reserved, row).await?;
    if imported.updated_at > created {
        saved = store::set_updated_at(txn, saved, imported.updated_at).await?;
    }
    let mut new_labels = 0;
    for name in imported.labels.names() {
        if store::label_by_slug(txn, &slugify(name)).await?.is_none() {
            new_labels += 1;
        }
    }
    store::set_labels(txn, saved.id, &imported.labels).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Post(saved.id)).await?;
    Ok((saved, new_labels))
}

// ----- Discussion topics -----

/// A discussion topic another feature (a panel) starts: a published post that belongs to
/// that feature only. The caller has checked who may write there.
pub struct NewTopic {
    pub title: PostTitle,
    pub body_md: String,
    pub html: markdown::SafeHtml,
    pub language: Lang,
    pub author_id: i32,
    pub organization_id: i32,
}

/// Write a discussion topic under the first free slug from `slug_base` (`panel-7-title`)
/// and queue it for the search index, in the caller's transaction (which also records
/// where the topic lives).
pub async fn insert_topic(
    txn: &DatabaseTransaction,
    slug_base: &str,
    topic: NewTopic,
) -> Result<post::Model, sea_orm::DbErr> {
    let saved = store::insert_post(txn, slug_base, |_| false, topic_row(topic, now())).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Post(saved.id)).await?;
    Ok(saved)
}

/// The row of a discussion topic written at `at`.
pub fn topic_row(topic: NewTopic, at: DateTime<Utc>) -> store::NewPostRow {
    store::NewPostRow {
        title: topic.title.as_str().to_owned(),
        body_md: topic.body_md,
        html: topic.html,
        language: topic.language,
        // Members-only, as a second lock: a topic must never reach the public even if some
        // listing forgot to leave topics out.
        visibility: Visibility::Members,
        status: PostStatus::Published,
        author_id: topic.author_id,
        organization_id: topic.organization_id,
        published_at: Some(at),
        published_month: None,
        at,
    }
}

/// Edit a discussion topic: the previous title and body are kept as a revision, as for a
/// blog post, and the topic shows as edited; an unchanged text writes nothing. In the
/// caller's transaction; the caller has checked that `editor_id` may edit it.
pub async fn revise_topic(
    txn: &DatabaseTransaction,
    existing: post::Model,
    editor_id: i32,
    title: PostTitle,
    body_md: String,
    html: markdown::SafeHtml,
) -> Result<post::Model, sea_orm::DbErr> {
    if existing.title == title.as_str() && existing.body_md == body_md {
        return Ok(existing);
    }
    let at = now();
    store::insert_revision(txn, &existing, editor_id, at).await?;
    let content = store::PostContent {
        title: title.as_str().to_owned(),
        body_md,
        html,
    };
    let saved = store::update_post(txn, existing, content, None, at, Some(at)).await?;
    crate::search::outbox::enqueue(txn, crate::search::outbox::Change::Post(saved.id)).await?;
    Ok(saved)
}

/// Whether the reader may open this post (one under moderation: only its author and moderators).
pub fn readable_by(actor: Option<permissions::Actor>, post: &post::Model) -> bool {
    super::visibility::readable_by(actor, post)
}

/// The person, if they have a person page for this reader (`permissions::can_see_person`);
/// `None` alike for an unknown id and for someone the reader may not see.
pub async fn visible_person(
    db: &impl ConnectionTrait,
    actor: Option<permissions::Actor>,
    id: i32,
) -> Result<Option<crate::entities::user::Model>, sea_orm::DbErr> {
    let Some(person) = crate::people::store::user_by_id(db, id).await? else {
        return Ok(None);
    };
    Ok(visible_people(db, actor, vec![person]).await?.pop())
}

/// The people among these whom the reader may see named (see `visible_person`).
pub async fn visible_people(
    db: &impl ConnectionTrait,
    actor: Option<permissions::Actor>,
    people: Vec<crate::entities::user::Model>,
) -> Result<Vec<crate::entities::user::Model>, sea_orm::DbErr> {
    let ids: Vec<i32> = people.iter().map(|p| p.id).collect();
    let with_pages = people_with_pages(db, actor, &ids).await?;
    Ok(people
        .into_iter()
        // A removed account has no page for anyone: its name is gone.
        .filter(|p| p.removed_at.is_none() && with_pages.contains(&p.id))
        .collect())
}

/// Which of these people have a person page for the reader, in one query.
pub async fn people_with_pages(
    db: &impl ConnectionTrait,
    actor: Option<permissions::Actor>,
    ids: &[i32],
) -> Result<std::collections::HashSet<i32>, sea_orm::DbErr> {
    let writers = store::authors_with_published(db, scope_for(actor), ids).await?;
    Ok(with_pages_among(actor, ids, &writers))
}

/// Which of these people have a person page for the reader, given `writers`: those of them
/// with writing published in the reader's scope (`store::authors_with_published`).
pub fn with_pages_among(
    actor: Option<permissions::Actor>,
    ids: &[i32],
    writers: &std::collections::HashSet<i32>,
) -> std::collections::HashSet<i32> {
    ids.iter()
        .copied()
        .filter(|&id| {
            permissions::can_see_person(
                actor,
                permissions::PersonFacts {
                    id,
                    has_readable_writing: writers.contains(&id),
                },
            )
        })
        .collect()
}

/// The reader's listing scope.
pub fn scope_for(actor: Option<permissions::Actor>) -> store::ReadScope {
    store::ReadScope {
        members: permissions::sees_members_content(actor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn archive_month_is_the_month_in_helsinki() {
        let late = Utc.with_ymd_and_hms(2025, 1, 31, 22, 30, 0).unwrap();
        assert_eq!(month_of(&late), "2025-02");
        let summer = Utc.with_ymd_and_hms(2025, 6, 30, 20, 59, 0).unwrap();
        assert_eq!(month_of(&summer), "2025-06");
        assert_eq!(
            month_of(&(summer + chrono::Duration::minutes(1))),
            "2025-07"
        );
    }
}
