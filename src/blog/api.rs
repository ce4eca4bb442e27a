//! The blog's JSON API (`/api/v1/posts`, and comments on a post): the same rules and
//! services as the pages, answered in JSON.
//! A post the caller may not read does not exist for them (404, never 403).
use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, RawQuery, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

use super::json::{CommentFields, CommentOut, ListQuery, PostFields, PostList, PostOut};
use crate::{
    auth::{
        ApiCaller, ApiUser, participation,
        permissions::{self, Actor},
    },
    blog::{
        model::slugify,
        service,
        store::{self, PostFilter, PostView},
    },
    comments::{
        self,
        model::{CommentBody, CommentId, Thread},
        service::NewComment,
    },
    entities::post,
    error::{AppError, AppResult},
    i18n::{Lang, Tr},
    markdown::SafeHtml,
    notifications::mention_links::MentionLinks,
    people::store as people_store,
    state::AppState,
    web::{
        ApiJson,
        page::{ApiLang, site_frame},
        pagination::PER_PAGE,
    },
};

/// The language new posts get when none is given: the site's, as on the editor form.
async fn site_lang(state: &AppState) -> AppResult<Lang> {
    Ok(site_frame(state)
        .await?
        .and_then(|s| s.default_language)
        .unwrap_or(state.settings.default_language))
}

/// Posts as JSON for this caller, their mentions linked as the caller may see them (one
/// lookup for them all, links absolute as the API's other addresses are).
async fn posts_out(
    state: &AppState,
    actor: Option<Actor>,
    t: &Tr,
    views: Vec<PostView>,
) -> AppResult<Vec<PostOut>> {
    let base = state.settings.base_url();
    let mut out: Vec<PostOut> = views
        .into_iter()
        .map(|v| PostOut::new(v, &base, t))
        .collect();
    let bodies: Vec<SafeHtml> = out
        .iter()
        .map(|p| SafeHtml::from_stored(p.body_html.clone()))
        .collect();
    let mentions = MentionLinks::resolve(&state.db, actor, t, &base, &bodies).await?;
    for (p, body) in out.iter_mut().zip(&bodies) {
        p.body_html = mentions.show(body).into_string();
    }
    Ok(out)
}

/// One post as JSON for this caller (see `posts_out`).
async fn post_out(
    state: &AppState,
    actor: Option<Actor>,
    t: &Tr,
    view: PostView,
) -> AppResult<PostOut> {
    posts_out(state, actor, t, vec![view])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// The listing filter a query asks for; `None` when it names a label, author or organisation
/// that does not exist (so nothing matches).
async fn filter_for(state: &AppState, q: &ListQuery) -> AppResult<Option<PostFilter>> {
    let mut filter = PostFilter::default();
    if let Some(label) = &q.label {
        match store::label_by_slug(&state.db, &slugify(label)).await? {
            Some(l) => filter.label_id = Some(l.id),
            None => return Ok(None),
        }
    }
    if let Some(author) = &q.author {
        match author.trim().parse::<i32>() {
            Ok(id) => filter.author_id = Some(id),
            Err(_) => return Ok(None),
        }
    }
    if let Some(short) = &q.organization {
        match people_store::organization_by_short(&state.db, short.trim()).await? {
            Some(o) => filter.organization_id = Some(o.id),
            None => return Ok(None),
        }
    }
    Ok(Some(filter))
}

/// `GET /api/v1/posts`: published posts the caller may read, newest first.
pub async fn list_posts(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiLang(t): ApiLang,
    RawQuery(raw): RawQuery,
) -> AppResult<Json<PostList>> {
    let q = ListQuery::parse(raw.as_deref());
    let page = q.page();
    let (views, total) = match filter_for(&state, &q).await? {
        Some(filter) => {
            let scope = service::scope_for(caller.actor());
            let offset = (page - 1).saturating_mul(PER_PAGE);
            store::list_published(&state.db, scope, &filter, offset, PER_PAGE).await?
        }
        None => (Vec::new(), 0),
    };
    Ok(Json(PostList {
        posts: posts_out(&state, caller.actor(), &t, views).await?,
        total,
        page,
        per_page: PER_PAGE,
    }))
}

/// A post the caller may read, with its author, organisation, labels and comment count.
async fn readable_post(state: &AppState, actor: Option<Actor>, slug: &str) -> AppResult<PostView> {
    let post = store::post_by_slug(&state.db, slug)
        .await?
        .filter(|p| service::readable_by(actor, p))
        .ok_or(AppError::NotFound)?;
    decorated(state, post).await
}

async fn decorated(state: &AppState, post: post::Model) -> AppResult<PostView> {
    store::decorate(&state.db, vec![post])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// `GET /api/v1/posts/{slug}`: one post with its comments.
pub async fn get_post(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiLang(t): ApiLang,
    Path(slug): Path<String>,
) -> AppResult<Json<PostOut>> {
    let actor = caller.actor();
    let view = readable_post(&state, actor, &slug).await?;
    let (mut thread, markdown) = thread_of(&state, view.post.id, actor).await?;
    // The post's and the comments' mentions in one lookup.
    let base = state.settings.base_url();
    let body = SafeHtml::from_stored(view.post.body_html.clone());
    let texts = std::iter::once(&body).chain(thread.bodies());
    let mentions = MentionLinks::resolve(&state.db, actor, &t, &base, texts).await?;
    thread.map_bodies(&|b| mentions.show(b));
    let mut out = PostOut::new(view, &base, &t);
    out.body_html = mentions.show(&body).into_string();
    out.comments = Some(CommentOut::flatten(thread, &markdown, &t));
    Ok(Json(out))
}

/// `POST /api/v1/posts`: a writer writes a post (201, `Location` the post's API URL).
pub async fn create_post(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    ApiJson(fields): ApiJson<PostFields>,
) -> AppResult<Response> {
    if !permissions::can_write_posts(Some(user.actor())) {
        return Err(AppError::Forbidden);
    }
    let lang = site_lang(&state).await?;
    let checked =
        service::check(&fields.into_new_input(lang), lang).map_err(AppError::Validation)?;
    let saved = service::create(&state.db, &user, checked, state.settings.write_rate).await?;
    let out = post_out(
        &state,
        Some(user.actor()),
        &t,
        decorated(&state, saved).await?,
    )
    .await?;
    let location = format!("/api/v1/posts/{}", out.slug);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(out),
    )
        .into_response())
}

/// `PATCH /api/v1/posts/{slug}`: change the fields sent, keep the others. A change to the
/// title or text keeps the old one as a revision, as the editor form does.
pub async fn update_post(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path(slug): Path<String>,
    ApiJson(fields): ApiJson<PostFields>,
) -> AppResult<Json<PostOut>> {
    let view = readable_post(&state, Some(user.actor()), &slug).await?;
    if !permissions::can_edit_post(Some(user.actor()), view.facts()) {
        return Err(AppError::Forbidden);
    }
    let lang = site_lang(&state).await?;
    let checked =
        service::check(&fields.into_patch_input(&view), lang).map_err(AppError::Validation)?;
    let saved = service::update(&state.db, &user, view.post, checked).await?;
    let view = decorated(&state, saved).await?;
    Ok(Json(post_out(&state, Some(user.actor()), &t, view).await?))
}

/// A post's thread as the page shows it (three queries), with the comments'
/// Markdown by id.
async fn thread_of(
    state: &AppState,
    post_id: i32,
    actor: Option<Actor>,
) -> AppResult<(Thread, HashMap<i32, String>)> {
    let rows = comments::service::thread_rows(&state.db, post_id).await?;
    Ok((
        rows.thread(actor, &Default::default()),
        rows.markdown_by_id(),
    ))
}

/// `POST /api/v1/posts/{slug}/comments`: comment on a post, or reply with `parent_id`.
pub async fn create_comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiLang(t): ApiLang,
    Path(slug): Path<String>,
    ApiJson(fields): ApiJson<CommentFields>,
) -> AppResult<Response> {
    let view = readable_post(&state, Some(user.actor()), &slug).await?;
    if !participation::may_comment(&state.db, Some(&user), view.facts()).await? {
        return Err(AppError::Forbidden);
    }
    let body = CommentBody::parse(fields.body.as_deref().unwrap_or_default())
        .map_err(|e| AppError::Validation(vec![e]))?;
    let new = NewComment {
        body,
        parent_id: fields.parent_id.map(CommentId),
    };
    let saved =
        comments::service::create(&state.db, &user, &view.post, new, state.settings.write_rate)
            .await?;
    let body = SafeHtml::from_stored(saved.body_html.clone());
    let base = state.settings.base_url();
    let mentions = MentionLinks::resolve(&state.db, Some(user.actor()), &t, &base, [&body]).await?;
    let mut out = CommentOut::written(saved, &user);
    out.body_html = Some(mentions.show(&body).into_string());
    Ok((StatusCode::CREATED, Json(out)).into_response())
}
