//! Queries for posts, labels and listings. Each listing takes a fixed number of queries,
//! however many posts or comments it shows.
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationDef,
    sea_query::{Expr, Func},
};

use chrono::{DateTime, Utc};

use super::model::{Labels, PostStatus, Visibility, slugify};
use crate::{
    db::{self, now},
    entities::{comment, label, organization, panel_topic, post, post_label, post_revision, user},
    i18n::Lang,
    markdown::{self, SafeHtml},
};

/// Not a panel's discussion topic: those posts belong to their panel only and never show
/// anywhere in the blog (listings, archives, labels, organisations, feeds, API, post pages).
fn not_panel_topic() -> Condition {
    Condition::all().add(
        post::Column::Id.not_in_subquery(
            sea_orm::sea_query::Query::select()
                .column(panel_topic::Column::PostId)
                .from(panel_topic::Entity)
                .to_owned(),
        ),
    )
}

/// What a reader may list: public posts only, or members-only ones too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadScope {
    pub members: bool,
}

/// Which published posts a listing shows.
#[derive(Clone, Debug, Default)]
pub struct PostFilter {
    pub label_id: Option<i32>,
    pub author_id: Option<i32>,
    pub organization_id: Option<i32>,
    /// "YYYY-MM"
    pub month: Option<String>,
    /// "YYYY": months starting with it.
    pub year: Option<i32>,
}

/// A label's name and URL part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelRef {
    pub name: String,
    pub slug: String,
}

/// A person as shown beside what they wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorRef {
    pub id: i32,
    pub name: crate::people::model::PersonName,
}

/// An organisation as shown beside what its people wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgRef {
    pub id: i32,
    pub name: String,
    pub short_name: String,
}

/// A post with everything its listing entry or page shows.
#[derive(Clone, Debug)]
pub struct PostView {
    pub post: post::Model,
    pub author: AuthorRef,
    pub organization: OrgRef,
    pub labels: Vec<LabelRef>,
    pub comment_count: i64,
}

impl PostView {
    pub fn visibility(&self) -> Visibility {
        Visibility::parse(&self.post.visibility).unwrap_or(Visibility::Members)
    }
    pub fn status(&self) -> PostStatus {
        PostStatus::parse(&self.post.status).unwrap_or(PostStatus::Draft)
    }
    pub fn facts(&self) -> crate::auth::permissions::PostFacts {
        crate::auth::permissions::PostFacts {
            author_id: self.post.author_id,
            visibility: self.visibility(),
            status: self.status(),
        }
    }
    pub fn is_members_only(&self) -> bool {
        self.visibility() == Visibility::Members
    }
    pub fn is_draft(&self) -> bool {
        self.status() == PostStatus::Draft
    }
    pub fn url(&self) -> String {
        super::visibility::url(&self.post)
    }
}

fn published_in_scope(scope: ReadScope) -> Condition {
    let mut cond = Condition::all()
        .add(post::Column::Status.eq(PostStatus::Published.as_str()))
        .add(post::Column::PublishedAt.lte(now()))
        .add(post::Column::ModerationState.eq("visible"))
        .add(not_panel_topic());
    if !scope.members {
        cond = cond.add(post::Column::Visibility.eq(Visibility::Public.as_str()));
    }
    cond
}

fn filter_condition(filter: &PostFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(id) = filter.author_id {
        cond = cond.add(post::Column::AuthorId.eq(id));
    }
    if let Some(id) = filter.organization_id {
        cond = cond.add(post::Column::OrganizationId.eq(id));
    }
    if let Some(month) = &filter.month {
        cond = cond.add(post::Column::PublishedMonth.eq(month.clone()));
    }
    if let Some(year) = filter.year {
        cond = cond.add(post::Column::PublishedMonth.starts_with(format!("{year:04}-")));
    }
    if let Some(label_id) = filter.label_id {
        cond = cond.add(
            post::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(post_label::Column::PostId)
                    .from(post_label::Entity)
                    .and_where(post_label::Column::LabelId.eq(label_id))
                    .to_owned(),
            ),
        );
    }
    cond
}

/// A page of published posts the reader may see, newest first, and how many there are.
pub async fn list_published(
    db: &impl ConnectionTrait,
    scope: ReadScope,
    filter: &PostFilter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<PostView>, u64), DbErr> {
    let cond = published_in_scope(scope).add(filter_condition(filter));
    let total = post::Entity::find().filter(cond.clone()).count(db).await?;
    let rows = post::Entity::find()
        .filter(cond)
        .order_by_desc(post::Column::PublishedAt)
        .order_by_desc(post::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((decorate(db, rows).await?, total))
}

/// Which of these people have a published post the reader may list (blog posts only,
/// never panel topics), in one query.
pub async fn authors_with_published(
    db: &impl ConnectionTrait,
    scope: ReadScope,
    author_ids: &[i32],
) -> Result<std::collections::HashSet<i32>, DbErr> {
    if author_ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<i32> = post::Entity::find()
        .select_only()
        .column(post::Column::AuthorId)
        .distinct()
        .filter(published_in_scope(scope).add(post::Column::AuthorId.is_in(author_ids.to_vec())))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Drafts: an author's own, or everyone's for editors.
pub async fn list_drafts(
    db: &impl ConnectionTrait,
    author_id: Option<i32>,
) -> Result<Vec<PostView>, DbErr> {
    let mut q = post::Entity::find()
        .filter(post::Column::Status.eq(PostStatus::Draft.as_str()))
        .filter(not_panel_topic());
    if let Some(id) = author_id {
        q = q.filter(post::Column::AuthorId.eq(id));
    }
    let rows = q.order_by_desc(post::Column::UpdatedAt).all(db).await?;
    decorate(db, rows).await
}

/// Add authors, organisations, labels and comment counts to posts: four queries in all.
pub async fn decorate(
    db: &impl ConnectionTrait,
    rows: Vec<post::Model>,
) -> Result<Vec<PostView>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let author_ids: Vec<i32> = rows.iter().map(|p| p.author_id).collect();
    let org_ids: Vec<i32> = rows.iter().map(|p| p.organization_id).collect();
    let authors: HashMap<i32, AuthorRef> = user::Entity::find()
        .filter(user::Column::Id.is_in(author_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.id,
                AuthorRef {
                    id: u.id,
                    name: crate::people::model::PersonName::of(&u),
                },
            )
        })
        .collect();
    let orgs: HashMap<i32, OrgRef> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            (
                o.id,
                OrgRef {
                    id: o.id,
                    name: o.name,
                    short_name: o.short_name,
                },
            )
        })
        .collect();
    let mut labels = labels_of_posts(db, &ids).await?;
    let counts = comment_counts(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|p| PostView {
            author: authors.get(&p.author_id).cloned().unwrap_or(AuthorRef {
                id: p.author_id,
                name: crate::people::model::PersonName::former(),
            }),
            organization: orgs.get(&p.organization_id).cloned().unwrap_or(OrgRef {
                id: p.organization_id,
                name: String::new(),
                short_name: String::new(),
            }),
            labels: labels.remove(&p.id).unwrap_or_default(),
            comment_count: counts.get(&p.id).copied().unwrap_or(0),
            post: p,
        })
        .collect())
}

#[derive(FromQueryResult)]
struct LabelRow {
    post_id: i32,
    name: String,
    slug: String,
}

async fn labels_of_posts(
    db: &impl ConnectionTrait,
    post_ids: &[i32],
) -> Result<HashMap<i32, Vec<LabelRef>>, DbErr> {
    let rows = post_label::Entity::find()
        .select_only()
        .column(post_label::Column::PostId)
        .column_as(label::Column::Name, "name")
        .column_as(label::Column::Slug, "slug")
        .join(
            sea_orm::JoinType::InnerJoin,
            post_label::Entity::belongs_to(label::Entity)
                .from(post_label::Column::LabelId)
                .to(label::Column::Id)
                .into(),
        )
        .filter(post_label::Column::PostId.is_in(post_ids.to_vec()))
        .order_by_asc(label::Column::Name)
        .into_model::<LabelRow>()
        .all(db)
        .await?;
    let mut out: HashMap<i32, Vec<LabelRef>> = HashMap::new();
    for r in rows {
        out.entry(r.post_id).or_default().push(LabelRef {
            name: r.name,
            slug: r.slug,
        });
    }
    Ok(out)
}

#[derive(FromQueryResult)]
struct CountRow {
    post_id: i32,
    n: i64,
}

/// Visible comments per post (not removed, not hidden, not under moderation).
pub async fn comment_counts(
    db: &impl ConnectionTrait,
    post_ids: &[i32],
) -> Result<HashMap<i32, i64>, DbErr> {
    let rows = comment::Entity::find()
        .select_only()
        .column(comment::Column::PostId)
        .column_as(Expr::from(Func::count(Expr::col(comment::Column::Id))), "n")
        .filter(comment::Column::PostId.is_in(post_ids.to_vec()))
        .filter(comment::Column::DeletedAt.is_null())
        .filter(comment::Column::HiddenAt.is_null())
        .filter(comment::Column::ModerationState.eq("visible"))
        .group_by(comment::Column::PostId)
        .into_model::<CountRow>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.post_id, r.n)).collect())
}

/// A blog post by its slug (never a panel topic).
pub async fn post_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<post::Model>, DbErr> {
    post::Entity::find()
        .filter(post::Column::Slug.eq(slug))
        .filter(not_panel_topic())
        .one(db)
        .await
}

/// A blog post by id (never a panel topic, so the blog's comment pages never reach one).
pub async fn post_by_id(db: &impl ConnectionTrait, id: i32) -> Result<Option<post::Model>, DbErr> {
    post::Entity::find_by_id(id)
        .filter(not_panel_topic())
        .one(db)
        .await
}

pub async fn slug_taken(db: &impl ConnectionTrait, slug: &str) -> Result<bool, DbErr> {
    Ok(post::Entity::find()
        .filter(post::Column::Slug.eq(slug))
        .count(db)
        .await?
        > 0)
}

/// Tries before `insert_post` gives up on finding a free slug that no concurrent writer takes
/// first (each failed try means another post took that slug meanwhile).
const SLUG_TRIES: usize = 64;

/// A new post row, every column but its id and slug: the only shape in which posts (blog
/// posts and panel topics alike) are written.
#[derive(Clone, Debug)]
pub struct NewPostRow {
    pub title: String,
    pub body_md: String,
    pub html: SafeHtml,
    pub language: Lang,
    pub visibility: Visibility,
    pub status: PostStatus,
    pub author_id: i32,
    pub organization_id: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub published_month: Option<String>,
    /// Creation time, also the first `updated_at`.
    pub at: DateTime<Utc>,
}

impl NewPostRow {
    fn into_active(self) -> post::ActiveModel {
        post::ActiveModel {
            title: Set(self.title),
            excerpt: Set(markdown::excerpt(&self.body_md, 300)),
            body_md: Set(self.body_md),
            body_html: Set(self.html.into_string()),
            language: Set(self.language.code().to_owned()),
            visibility: Set(self.visibility.as_str().to_owned()),
            status: Set(self.status.as_str().to_owned()),
            author_id: Set(self.author_id),
            organization_id: Set(self.organization_id),
            published_at: Set(self.published_at),
            published_month: Set(self.published_month),
            created_at: Set(self.at),
            updated_at: Set(self.at),
            edited_at: Set(None),
            ..Default::default()
        }
    }
}

/// Insert a post (a blog post or a panel topic) under the first free slug of `base`,
/// `base-2`, `base-3`, …, skipping those `reserved` rejects. A slug another transaction
/// commits meanwhile costs one more try, not an error.
pub async fn insert_post(
    txn: &DatabaseTransaction,
    base: &str,
    reserved: impl Fn(&str) -> bool,
    row: NewPostRow,
) -> Result<post::Model, DbErr> {
    let row = row.into_active();
    let mut tries = 0;
    for candidate in super::model::slug_candidates(base) {
        if reserved(&candidate) || slug_taken(txn, &candidate).await? {
            continue;
        }
        let mut row = row.clone();
        row.slug = Set(candidate);
        if let Some(saved) = db::unless_taken(txn, "slug", async |sp| row.insert(sp).await).await? {
            return Ok(saved);
        }
        tries += 1;
        if tries == SLUG_TRIES {
            break;
        }
    }
    Err(DbErr::Custom(format!(
        "no free slug for {base:?} after {SLUG_TRIES} tries"
    )))
}

/// A post's new title and body.
#[derive(Clone, Debug)]
pub struct PostContent {
    pub title: String,
    pub body_md: String,
    pub html: SafeHtml,
}

/// How a post is published, when an edit changes it too.
#[derive(Clone, Debug)]
pub struct Publication {
    pub language: Lang,
    pub visibility: Visibility,
    pub status: PostStatus,
    pub published_at: Option<DateTime<Utc>>,
    pub published_month: Option<String>,
}

/// Keep a post's current title and body as a revision by `editor_id`.
pub async fn insert_revision(
    db: &impl ConnectionTrait,
    existing: &post::Model,
    editor_id: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    post_revision::ActiveModel {
        post_id: Set(existing.id),
        editor_id: Set(editor_id),
        created_at: Set(at),
        title: Set(existing.title.clone()),
        body_md: Set(existing.body_md.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Write a post's new content (and publication, if given) at `at`.
pub async fn update_post(
    db: &impl ConnectionTrait,
    existing: post::Model,
    content: PostContent,
    publication: Option<Publication>,
    at: DateTime<Utc>,
    edited_at: Option<DateTime<Utc>>,
) -> Result<post::Model, DbErr> {
    let mut active: post::ActiveModel = existing.into();
    active.title = Set(content.title);
    active.excerpt = Set(markdown::excerpt(&content.body_md, 300));
    active.body_md = Set(content.body_md);
    active.body_html = Set(content.html.into_string());
    if let Some(p) = publication {
        active.language = Set(p.language.code().to_owned());
        active.visibility = Set(p.visibility.as_str().to_owned());
        active.status = Set(p.status.as_str().to_owned());
        active.published_at = Set(p.published_at);
        active.published_month = Set(p.published_month);
    }
    active.updated_at = Set(at);
    active.edited_at = Set(edited_at);
    active.update(db).await
}

/// Set when a post was last changed (an imported post keeps its old blog's time).
pub async fn set_updated_at(
    db: &impl ConnectionTrait,
    existing: post::Model,
    at: DateTime<Utc>,
) -> Result<post::Model, DbErr> {
    let mut active: post::ActiveModel = existing.into();
    active.updated_at = Set(at);
    active.update(db).await
}

/// Give a post exactly these labels (created as needed), in the caller's transaction.
pub async fn set_labels(
    db: &impl ConnectionTrait,
    post_id: i32,
    labels: &Labels,
) -> Result<(), DbErr> {
    post_label::Entity::delete_many()
        .filter(post_label::Column::PostId.eq(post_id))
        .exec(db)
        .await?;
    for name in labels.names() {
        let label = label_for(db, name, &slugify(name)).await?;
        post_label::ActiveModel {
            post_id: Set(post_id),
            label_id: Set(label.id),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The label with this slug, created under `name` if there is none yet. Concurrent writers
/// naming the same new label get the same row (`ON CONFLICT DO NOTHING`, then read).
pub async fn label_for(
    db: &impl ConnectionTrait,
    name: &str,
    slug: &str,
) -> Result<label::Model, DbErr> {
    if let Some(label) = label_by_slug(db, slug).await? {
        return Ok(label);
    }
    label::Entity::insert(label::ActiveModel {
        name: Set(name.to_owned()),
        slug: Set(slug.to_owned()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([label::Column::Slug])
    .exec_without_returning(db)
    .await?;
    label_by_slug(db, slug)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("label {slug}")))
}

pub async fn label_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<label::Model>, DbErr> {
    label::Entity::find()
        .filter(label::Column::Slug.eq(slug))
        .one(db)
        .await
}

#[derive(FromQueryResult, Clone, Debug)]
pub struct MonthCount {
    pub month: String,
    pub n: i64,
}

/// Months with published posts the reader may see, newest first, with counts.
pub async fn archive_months(
    db: &impl ConnectionTrait,
    scope: ReadScope,
) -> Result<Vec<MonthCount>, DbErr> {
    post::Entity::find()
        .select_only()
        .column_as(post::Column::PublishedMonth, "month")
        .column_as(Expr::from(Func::count(Expr::col(post::Column::Id))), "n")
        .filter(published_in_scope(scope))
        .group_by(post::Column::PublishedMonth)
        .order_by_desc(post::Column::PublishedMonth)
        .into_model::<MonthCount>()
        .all(db)
        .await
}

#[derive(FromQueryResult, Clone, Debug)]
pub struct LabelCount {
    pub name: String,
    pub slug: String,
    pub n: i64,
}

/// Labels with how many posts the reader may see carry them (labels with none are left out).
pub async fn label_counts(
    db: &impl ConnectionTrait,
    scope: ReadScope,
) -> Result<Vec<LabelCount>, DbErr> {
    label::Entity::find()
        .select_only()
        .column(label::Column::Name)
        .column(label::Column::Slug)
        .column_as(
            Expr::from(Func::count(Expr::col((post::Entity, post::Column::Id)))),
            "n",
        )
        .join(sea_orm::JoinType::InnerJoin, label_to_post_labels())
        .join(
            sea_orm::JoinType::InnerJoin,
            post_label::Entity::belongs_to(post::Entity)
                .from(post_label::Column::PostId)
                .to(post::Column::Id)
                .into(),
        )
        .filter(published_in_scope(scope))
        .group_by(label::Column::Id)
        .group_by(label::Column::Name)
        .group_by(label::Column::Slug)
        .order_by_asc(label::Column::Name)
        .into_model::<LabelCount>()
        .all(db)
        .await
}

#[derive(FromQueryResult, Clone, Debug)]
pub struct OrgCount {
    pub name: String,
    pub short_name: String,
    pub n: i64,
}

/// Organisations with how many posts the reader may see they have.
pub async fn organization_counts(
    db: &impl ConnectionTrait,
    scope: ReadScope,
) -> Result<Vec<(organization::Model, i64)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        organization_id: i32,
        n: i64,
    }
    let counts: HashMap<i32, i64> = post::Entity::find()
        .select_only()
        .column(post::Column::OrganizationId)
        .column_as(Expr::from(Func::count(Expr::col(post::Column::Id))), "n")
        .filter(published_in_scope(scope))
        .group_by(post::Column::OrganizationId)
        .into_model::<Row>()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.organization_id, r.n))
        .collect();
    let orgs = organization::Entity::find()
        .order_by_asc(organization::Column::Name)
        .all(db)
        .await?;
    Ok(orgs
        .into_iter()
        .map(|o| {
            let n = counts.get(&o.id).copied().unwrap_or(0);
            (o, n)
        })
        .collect())
}

pub async fn labels_of_post(
    db: &impl ConnectionTrait,
    post_id: i32,
) -> Result<Vec<LabelRef>, DbErr> {
    Ok(labels_of_posts(db, &[post_id])
        .await?
        .remove(&post_id)
        .unwrap_or_default())
}

pub async fn revisions_of(
    db: &impl ConnectionTrait,
    post_id: i32,
) -> Result<
    Vec<(
        crate::entities::post_revision::Model,
        crate::people::model::PersonName,
    )>,
    DbErr,
> {
    use crate::entities::post_revision;
    let revs = post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post_id))
        .order_by_desc(post_revision::Column::Id)
        .all(db)
        .await?;
    let editor_ids: Vec<i32> = revs.iter().map(|r| r.editor_id).collect();
    let names: HashMap<i32, crate::people::model::PersonName> = user::Entity::find()
        .filter(user::Column::Id.is_in(editor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, crate::people::model::PersonName::of(&u)))
        .collect();
    Ok(revs
        .into_iter()
        .map(|r| {
            let name = names
                .get(&r.editor_id)
                .cloned()
                .unwrap_or_else(crate::people::model::PersonName::former);
            (r, name)
        })
        .collect())
}

fn label_to_post_labels() -> RelationDef {
    let rel: RelationDef = post_label::Entity::belongs_to(label::Entity)
        .from(post_label::Column::LabelId)
        .to(label::Column::Id)
        .into();
    rel.rev()
}
