//! Blog pages: thin handlers that parse, call the store or service, and render.
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use super::page::{readable_post, show_page};
use super::{
    model::{PostStatus, Visibility},
    service::{self, CheckedPost, PostInput},
    store::{self, LabelCount, MonthCount, PostFilter, PostView},
};
use crate::{
    auth::{CurrentUser, permissions},
    entities::{organization, post, post_revision, user},
    error::{AppError, AppResult},
    i18n::Lang,
    markdown::SafeHtml,
    people::store as people_store,
    state::AppState,
    web::{
        FormErrors, PageCtx, Pagination,
        pagination::{PER_PAGE, PageQuery},
        render,
    },
};

// ----- Listings -----

#[derive(Template)]
#[template(path = "blog/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub heading: String,
    pub intro: Option<String>,
    pub posts: Vec<PostView>,
    pub pagination: Pagination,
    pub feed_href: Option<String>,
    /// The organisation page also lists its people.
    pub people: Vec<user::Model>,
    /// The follow button of a label, person or organisation page.
    pub follow: Option<crate::notifications::service::FollowButton>,
}

/// What a listing page shows besides its posts.
struct Listing {
    filter: PostFilter,
    /// The page's path without `page`.
    base: String,
    heading: String,
    intro: Option<String>,
    feed_href: Option<String>,
}

async fn listing(
    state: &AppState,
    ctx: PageCtx,
    q: PageQuery,
    spec: Listing,
) -> AppResult<ListPage> {
    let Listing {
        filter,
        base,
        heading,
        intro,
        feed_href,
    } = spec;
    let scope = service::scope_for(ctx.actor());
    let (posts, total) =
        store::list_published(&state.db, scope, &filter, q.offset(), PER_PAGE).await?;
    let pagination = Pagination::new(q, total, base);
    if pagination.is_beyond_end() && q.number() > 1 {
        return Err(AppError::NotFound);
    }
    Ok(ListPage {
        ctx,
        heading,
        intro,
        posts,
        pagination,
        feed_href,
        people: Vec::new(),
        follow: None,
    })
}

/// The front page: the setup form on an empty site, else the latest posts.
pub async fn front_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    if !ctx.setup_done {
        return crate::setup::page::form_page(ctx).await;
    }
    let heading = ctx.t.get("front-heading");
    let page = listing(
        &state,
        ctx,
        q,
        Listing {
            filter: PostFilter::default(),
            base: "/".into(),
            heading,
            intro: None,
            feed_href: Some("/feed.atom".into()),
        },
    )
    .await?;
    Ok(render(&page)?.into_response())
}

pub async fn label_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let label = store::label_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let heading = ctx.t.arg("label-heading", "label", &label.name);
    let follow = crate::notifications::service::button(
        &state.db,
        ctx.user.as_ref(),
        crate::notifications::model::FollowTarget::Label(label.id),
        &format!("/labels/{}", label.slug),
    )
    .await?;
    let filter = PostFilter {
        label_id: Some(label.id),
        ..Default::default()
    };
    let mut page = listing(
        &state,
        ctx,
        q,
        Listing {
            filter,
            base: format!("/labels/{}", label.slug),
            heading,
            intro: None,
            feed_href: Some(format!("/labels/{}/feed.atom", label.slug)),
        },
    )
    .await?;
    if page.pagination.total == 0 {
        // A label whose posts the reader may not see does not exist for them.
        return Err(AppError::NotFound);
    }
    page.follow = follow;
    Ok(render(&page)?.into_response())
}

pub async fn author_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<i32>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let person = service::visible_person(&state.db, ctx.actor(), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let org = match person.organization_id {
        Some(org_id) => people_store::organization_by_id(&state.db, org_id).await?,
        None => None,
    };
    let heading = crate::people::model::PersonName::of(&person).shown(&ctx.t);
    let follow = crate::notifications::service::button(
        &state.db,
        ctx.user.as_ref(),
        crate::notifications::model::FollowTarget::Person(person.id),
        &format!("/people/{id}"),
    )
    .await?;
    let intro = Some(
        [
            Some(person.job_title.clone()).filter(|t| !t.is_empty()),
            org.map(|o| o.name),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", "),
    )
    .filter(|s| !s.is_empty());
    let filter = PostFilter {
        author_id: Some(person.id),
        ..Default::default()
    };
    let mut page = listing(
        &state,
        ctx,
        q,
        Listing {
            filter,
            base: format!("/people/{id}"),
            heading,
            intro,
            feed_href: Some(format!("/people/{id}/feed.atom")),
        },
    )
    .await?;
    page.follow = follow;
    Ok(render(&page)?.into_response())
}

pub async fn organization_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(short): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let org = people_store::organization_by_short(&state.db, &short)
        .await?
        .ok_or(AppError::NotFound)?;
    let people = people_store::people_of_organization(&state.db, org.id).await?;
    let people = service::visible_people(&state.db, ctx.actor(), people).await?;
    let filter = PostFilter {
        organization_id: Some(org.id),
        ..Default::default()
    };
    let intro = Some(org.description.clone()).filter(|d| !d.is_empty());
    let follow = crate::notifications::service::button(
        &state.db,
        ctx.user.as_ref(),
        crate::notifications::model::FollowTarget::Organization(org.id),
        &format!("/organizations/{}", org.short_name),
    )
    .await?;
    let mut page = listing(
        &state,
        ctx,
        q,
        Listing {
            filter,
            base: format!("/organizations/{}", org.short_name),
            heading: org.name.clone(),
            intro,
            feed_href: Some(format!("/organizations/{}/feed.atom", org.short_name)),
        },
    )
    .await?;
    page.people = people;
    page.follow = follow;
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "blog/organizations.html")]
pub struct OrganizationsPage {
    ctx: PageCtx,
    organizations: Vec<(organization::Model, i64)>,
}

pub async fn organizations_index(
    State(state): State<AppState>,
    ctx: PageCtx,
) -> AppResult<Response> {
    let organizations =
        store::organization_counts(&state.db, service::scope_for(ctx.actor())).await?;
    Ok(render(&OrganizationsPage { ctx, organizations })?.into_response())
}

#[derive(Template)]
#[template(path = "blog/labels.html")]
pub struct LabelsPage {
    ctx: PageCtx,
    labels: Vec<LabelCount>,
}

pub async fn labels_index(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let labels = store::label_counts(&state.db, service::scope_for(ctx.actor())).await?;
    Ok(render(&LabelsPage { ctx, labels })?.into_response())
}

// ----- Archive -----

/// One year of the archive with its months.
pub struct ArchiveYear {
    pub year: i32,
    pub count: i64,
    /// (month number, count), newest first.
    pub months: Vec<(u32, i64)>,
}

fn group_years(months: Vec<MonthCount>) -> Vec<ArchiveYear> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for m in months {
        let Some((y, mo)) = m.month.split_once('-') else {
            continue;
        };
        let (Ok(y), Ok(mo)) = (y.parse::<i32>(), mo.parse::<u32>()) else {
            continue;
        };
        match years.last_mut() {
            Some(last) if last.year == y => {
                last.count += m.n;
                last.months.push((mo, m.n));
            }
            _ => years.push(ArchiveYear {
                year: y,
                count: m.n,
                months: vec![(mo, m.n)],
            }),
        }
    }
    years
}

#[derive(Template)]
#[template(path = "blog/archive.html")]
pub struct ArchivePage {
    ctx: PageCtx,
    years: Vec<ArchiveYear>,
}

pub async fn archive_index(State(state): State<AppState>, ctx: PageCtx) -> AppResult<Response> {
    let months = store::archive_months(&state.db, service::scope_for(ctx.actor())).await?;
    Ok(render(&ArchivePage {
        ctx,
        years: group_years(months),
    })?
    .into_response())
}

pub async fn archive_year(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(year): Path<i32>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    if !(1970..=9999).contains(&year) {
        return Err(AppError::NotFound);
    }
    let heading = ctx.t.args(
        "archive-year-heading",
        &[("year", crate::i18n::FluentArg::Num(year.into()))],
    );
    let filter = PostFilter {
        year: Some(year),
        ..Default::default()
    };
    let page = listing(
        &state,
        ctx,
        q,
        Listing {
            filter,
            base: format!("/archive/{year}"),
            heading,
            intro: None,
            feed_href: None,
        },
    )
    .await?;
    Ok(render(&page)?.into_response())
}

pub async fn archive_month(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path((year, month)): Path<(i32, u32)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    if !(1970..=9999).contains(&year) || !(1..=12).contains(&month) {
        return Err(AppError::NotFound);
    }
    let heading = ctx.t.month_year(year, month);
    let filter = PostFilter {
        month: Some(format!("{year:04}-{month:02}")),
        ..Default::default()
    };
    let page = listing(
        &state,
        ctx,
        q,
        Listing {
            filter,
            base: format!("/archive/{year}/{month:02}"),
            heading,
            intro: None,
            feed_href: None,
        },
    )
    .await?;
    Ok(render(&page)?.into_response())
}

// ----- One post -----

pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let page = show_page(&state, ctx, &slug).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "blog/revisions.html")]
pub struct RevisionsPage {
    ctx: PageCtx,
    post: post::Model,
    revisions: Vec<(post_revision::Model, crate::people::model::PersonName)>,
}

pub async fn revisions(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let post = readable_post(&state, &ctx, &slug).await?;
    let facts = store::decorate(&state.db, vec![post.clone()])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?
        .facts();
    if !permissions::can_edit_post(Some(user.actor()), facts) {
        return Err(AppError::Forbidden);
    }
    let revisions = store::revisions_of(&state.db, post.id).await?;
    Ok(render(&RevisionsPage {
        ctx,
        post,
        revisions,
    })?
    .into_response())
}

// ----- Writing -----

/// The editor form as typed.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PostForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub labels: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub status: String,
    /// `preview` shows the rendered post without saving.
    #[serde(default)]
    pub action: String,
}

impl PostForm {
    fn input(&self) -> PostInput {
        PostInput {
            title: self.title.clone(),
            body: self.body.clone(),
            labels: self.labels.split(',').map(str::to_owned).collect(),
            language: Some(self.language.clone()),
            visibility: Some(self.visibility.clone()),
            status: Some(self.status.clone()),
        }
    }

    fn from_post(p: &PostView) -> Self {
        PostForm {
            title: p.post.title.clone(),
            body: p.post.body_md.clone(),
            labels: p
                .labels
                .iter()
                .map(|l| l.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            language: p.post.language.clone(),
            visibility: p.post.visibility.clone(),
            status: p.post.status.clone(),
            action: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "blog/editor.html")]
pub struct EditorPage {
    pub ctx: PageCtx,
    pub form: PostForm,
    pub errors: FormErrors,
    /// `/posts` for a new post, `/posts/{slug}` for an edit.
    pub action: String,
    pub is_new: bool,
    pub preview: Option<SafeHtml>,
}

impl EditorPage {
    pub fn languages(&self) -> [Lang; 3] {
        Lang::ALL
    }
    pub fn visibilities(&self) -> [(Visibility, &'static str); 2] {
        [
            (Visibility::Public, "visibility-public"),
            (Visibility::Members, "visibility-members"),
        ]
    }
    pub fn statuses(&self) -> [(PostStatus, &'static str); 2] {
        [
            (PostStatus::Draft, "status-draft"),
            (PostStatus::Published, "status-published"),
        ]
    }
}

pub async fn new_form(ctx: PageCtx, user: CurrentUser) -> AppResult<Response> {
    if !permissions::can_write_posts(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let form = PostForm {
        language: ctx.site_default_lang.code().to_owned(),
        visibility: Visibility::Members.as_str().to_owned(),
        status: PostStatus::Draft.as_str().to_owned(),
        ..Default::default()
    };
    let errors = FormErrors::none(ctx.t);
    Ok(render(&EditorPage {
        ctx,
        form,
        errors,
        action: "/posts".into(),
        is_new: true,
        preview: None,
    })?
    .into_response())
}

/// Show the editor again: with a preview (200) or with errors (422).
fn editor_again(
    ctx: PageCtx,
    form: PostForm,
    outcome: Result<CheckedPost, Vec<crate::error::FieldError>>,
    action: String,
    is_new: bool,
) -> AppResult<Response> {
    let (status, errors, preview) = match outcome {
        Ok(checked) => (StatusCode::OK, Vec::new(), Some(checked.html)),
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
    };
    let errors = FormErrors::new(ctx.t, errors);
    Ok((
        status,
        render(&EditorPage {
            ctx,
            form,
            errors,
            action,
            is_new,
            preview,
        })?,
    )
        .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Form(form): Form<PostForm>,
) -> AppResult<Response> {
    if !permissions::can_write_posts(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let checked = service::check(&form.input(), ctx.site_default_lang);
    match checked {
        Ok(checked) if form.action != "preview" => {
            let post = match service::create(&state.db, &user, checked, state.settings.write_rate)
                .await
            {
                Ok(post) => post,
                // Over the rate of writing: the editor comes back filled in, with 429.
                Err(service::BlogError::Rate(crate::auth::write_rate::RateError::TooFast)) => {
                    let refused = vec![crate::error::FieldError {
                        field: "body".into(),
                        message_key: "error-too-many-contributions",
                        args: Vec::new(),
                    }];
                    let mut page = editor_again(ctx, form, Err(refused), "/posts".into(), true)?;
                    *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                    return Ok(page);
                }
                Err(e) => return Err(e.into()),
            };
            let key = if post.status == PostStatus::Published.as_str() {
                "post-published"
            } else {
                "post-saved-draft"
            };
            ctx.flash(key, None).await?;
            Ok(Redirect::to(&super::visibility::url(&post)).into_response())
        }
        outcome => editor_again(ctx, form, outcome, "/posts".into(), true),
    }
}

async fn editable_post(state: &AppState, user: &CurrentUser, slug: &str) -> AppResult<PostView> {
    let post = store::post_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let view = store::decorate(&state.db, vec![post])
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    if !permissions::can_read_post(Some(user.actor()), view.facts()) {
        return Err(AppError::NotFound);
    }
    if !permissions::can_edit_post(Some(user.actor()), view.facts()) {
        return Err(AppError::Forbidden);
    }
    Ok(view)
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let view = editable_post(&state, &user, &slug).await?;
    let errors = FormErrors::none(ctx.t);
    Ok(render(&EditorPage {
        ctx,
        form: PostForm::from_post(&view),
        errors,
        action: view.url(),
        is_new: false,
        preview: None,
    })?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<PostForm>,
) -> AppResult<Response> {
    let view = editable_post(&state, &user, &slug).await?;
    let action = view.url();
    match service::check(&form.input(), ctx.site_default_lang) {
        Ok(checked) if form.action != "preview" => {
            let post = service::update(&state.db, &user, view.post, checked).await?;
            ctx.flash("post-updated", None).await?;
            Ok(Redirect::to(&super::visibility::url(&post)).into_response())
        }
        outcome => editor_again(ctx, form, outcome, action, false),
    }
}

#[derive(Template)]
#[template(path = "blog/drafts.html")]
pub struct DraftsPage {
    ctx: PageCtx,
    posts: Vec<PostView>,
}

/// A writer's own drafts; editors see everyone's.
pub async fn drafts(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
) -> AppResult<Response> {
    if !permissions::can_write_posts(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let only_own = (!permissions::can_moderate(Some(user.actor()))).then_some(user.id);
    let posts = store::list_drafts(&state.db, only_own).await?;
    Ok(render(&DraftsPage { ctx, posts })?.into_response())
}
