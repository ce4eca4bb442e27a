//! Writing posts: checking input, rendering Markdown once on save, keeping revisions and labels.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};

use super::{
    model::{Labels, PostDraft, PostStatus, PostTitle, Visibility, slugify},
    store,
};
use crate::{
    auth::{CurrentUser, permissions},
    db::{begin_write, now},
    entities::{post, post_label, post_revision},
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
            });
            None
        }),
    };
    let body = crate::text::clean(&input.body).into_owned();
    let html = if body.trim().is_empty() {
        errors.push(FieldError {
            field: "body".into(),
            message_key: "field-required",
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

async fn set_labels(
    db: &impl ConnectionTrait,
    post_id: i32,
    labels: &Labels,
) -> Result<(), sea_orm::DbErr> {
    post_label::Entity::delete_many()
        .filter(post_label::Column::PostId.eq(post_id))
        .exec(db)
        .await?;
    for name in labels.names() {
        let label = store::label_for(db, name, &slugify(name)).await?;
        post_label::ActiveModel {
            post_id: Set(post_id),
            label_id: Set(label.id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Write a new post signed with the author's name and organisation.
#[tracing::instrument(skip_all, fields(author = author.id))]
pub async fn create(
    db: &DatabaseConnection,
    author: &CurrentUser,
    checked: CheckedPost,
    rate: crate::config::WriteRate,
) -> Result<post::Model, BlogError> {
    if !permissions::can_write_posts(Some(author.actor())) {
        return Err(BlogError::Forbidden);
    }
    let org_id = author.organization_id.ok_or(BlogError::NoOrganization)?;
    let CheckedPost { draft, html } = checked;
    let txn = begin_write(db).await?;
    use crate::auth::write_rate::{self, Contribution};
    write_rate::admit(&txn, rate, author.id, Contribution::Post).await?;
    let at = now();
    let published_at = (draft.status == PostStatus::Published).then_some(at);
    let row = post::ActiveModel {
        title: Set(draft.title.as_str().to_owned()),
        excerpt: Set(markdown::excerpt(&draft.body_md, 300)),
        body_md: Set(draft.body_md),
        body_html: Set(html.into_string()),
        language: Set(draft.language.code().to_owned()),
        visibility: Set(draft.visibility.as_str().to_owned()),
        status: Set(draft.status.as_str().to_owned()),
        author_id: Set(author.id),
        organization_id: Set(org_id),
        published_at: Set(published_at),
        published_month: Set(published_at.as_ref().map(month_of)),
        created_at: Set(at),
        updated_at: Set(at),
        edited_at: Set(None),
        ..Default::default()
    };
    let saved = store::insert_post(&txn, &slugify(draft.title.as_str()), is_reserved, row).await?;
    set_labels(&txn, saved.id, &draft.labels).await?;
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Post(saved.id)).await?;
    txn.commit().await?;
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
        visibility: Visibility::parse(&existing.visibility).unwrap_or(Visibility::Members),
        status: PostStatus::parse(&existing.status).unwrap_or(PostStatus::Draft),
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
        post_revision::ActiveModel {
            post_id: Set(existing.id),
            editor_id: Set(editor.id),
            created_at: Set(at),
            title: Set(existing.title.clone()),
            body_md: Set(existing.body_md.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
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
    let mut active: post::ActiveModel = existing.clone().into();
    active.title = Set(draft.title.as_str().to_owned());
    active.excerpt = Set(markdown::excerpt(&draft.body_md, 300));
    active.body_md = Set(draft.body_md);
    active.body_html = Set(html.into_string());
    active.language = Set(draft.language.code().to_owned());
    active.visibility = Set(draft.visibility.as_str().to_owned());
    active.status = Set(draft.status.as_str().to_owned());
    active.published_at = Set(published_at);
    active.published_month = Set(published_at.as_ref().map(month_of));
    active.updated_at = Set(at);
    active.edited_at = Set(edited_at);
    let saved = active.update(&txn).await?;
    set_labels(&txn, saved.id, &draft.labels).await?;
    crate::search::outbox::enqueue(&txn, crate::search::outbox::Change::Post(saved.id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Whether the reader may open this post.
pub fn readable_by(actor: Option<permissions::Actor>, post: &post::Model) -> bool {
    permissions::can_read_post(
        actor,
        permissions::PostFacts {
            author_id: post.author_id,
            visibility: Visibility::parse(&post.visibility).unwrap_or(Visibility::Members),
            status: PostStatus::parse(&post.status).unwrap_or(PostStatus::Draft),
        },
    )
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
        .filter(|p| with_pages.contains(&p.id))
        .collect())
}

/// Which of these people have a person page for the reader, in one query.
pub async fn people_with_pages(
    db: &impl ConnectionTrait,
    actor: Option<permissions::Actor>,
    ids: &[i32],
) -> Result<std::collections::HashSet<i32>, sea_orm::DbErr> {
    let writers = store::authors_with_published(db, scope_for(actor), ids).await?;
    Ok(ids
        .iter()
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
        .collect())
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
