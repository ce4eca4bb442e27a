//! Feed URLs. Feeds carry public, published content only, whoever asks: a signed-in
//! member's feed reader gets the same feed as anyone, and a members-only or draft post's
//! comment feed does not exist (404).
use axum::{
    extract::{FromRequestParts, Path, State},
    http::{header, request::Parts},
    response::{IntoResponse, Response},
};

use super::atom::{self, CONTENT_TYPE, FeedInfo, MAX_ENTRIES};
use crate::{
    blog::{
        model::{PostStatus, Visibility},
        store::{self as blog_store, PostFilter, ReadScope},
    },
    comments::store as comment_store,
    db::now,
    error::{AppError, AppResult},
    i18n::Tr,
    markdown::SafeHtml,
    notifications::mention_links::MentionLinks,
    people::store as people_store,
    state::AppState,
    web::{
        headers::{PUBLIC_FEED, cache_publicly},
        page::{request_lang, site_frame},
    },
};

/// Feeds never include members-only posts.
const PUBLIC: ReadScope = ReadScope { members: false };

/// What every feed needs from the request: the language of its texts, the network's name
/// and the public address. Unlike `PageCtx` it leaves the session alone.
pub struct FeedCtx {
    pub t: Tr,
    pub site_name: String,
    pub base: String,
}

impl FromRequestParts<AppState> for FeedCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let frame = site_frame(state).await?;
        let default = frame
            .as_ref()
            .and_then(|s| s.default_language)
            .unwrap_or(state.settings.default_language);
        Ok(FeedCtx {
            t: Tr::new(request_lang(parts, default, None)),
            site_name: frame.map_or_else(|| "Lupa".to_owned(), |s| s.network_name),
            base: state.settings.base_url().trim_end_matches('/').to_owned(),
        })
    }
}

impl FeedCtx {
    fn info(&self, title: String, self_path: String, page_path: String) -> FeedInfo {
        FeedInfo {
            base: self.base.clone(),
            title,
            subtitle: None,
            self_path,
            page_path,
            lang: self.t.lang.code().to_owned(),
        }
    }
}

fn respond(feed: &atom_syndication::Feed) -> AppResult<Response> {
    let xml = atom::to_xml(feed).map_err(|e| AppError::Internal(anyhow::anyhow!("atom: {e}")))?;
    let mut response = ([(header::CONTENT_TYPE, CONTENT_TYPE)], xml).into_response();
    // Public content, the same for everyone reading in the same language.
    cache_publicly(response.headers_mut(), PUBLIC_FEED);
    Ok(response)
}

async fn posts(state: &AppState, info: FeedInfo, filter: PostFilter) -> AppResult<Response> {
    let (mut posts, _) =
        blog_store::list_published(&state.db, PUBLIC, &filter, 0, MAX_ENTRIES).await?;
    show_mentions(
        state,
        &info,
        posts.iter_mut().map(|p| &mut p.post.body_html),
    )
    .await?;
    respond(&atom::posts_feed(&info, &posts, now()))
}

/// Texts with their mentions as a visitor sees them (a feed reader is one), linked with the
/// site's address; one lookup for the whole feed.
async fn show_mentions<'a>(
    state: &AppState,
    info: &FeedInfo,
    bodies: impl Iterator<Item = &'a mut String>,
) -> AppResult<()> {
    let mut bodies: Vec<&mut String> = bodies.collect();
    let html: Vec<SafeHtml> = bodies
        .iter()
        .map(|b| SafeHtml::from_stored((**b).clone()))
        .collect();
    let mentions = MentionLinks::resolve(&state.db, None, &info.tr(), &info.base, &html).await?;
    for (body, html) in bodies.iter_mut().zip(&html) {
        **body = mentions.show(html).into_string();
    }
    Ok(())
}

/// `/feed.atom`: the newest public posts of the whole network.
pub async fn site(State(state): State<AppState>, ctx: FeedCtx) -> AppResult<Response> {
    let mut info = ctx.info(ctx.site_name.clone(), "/feed.atom".into(), "/".into());
    info.subtitle = Some(ctx.t.get("feed-site-subtitle"));
    posts(&state, info, PostFilter::default()).await
}

/// `/labels/{slug}/feed.atom`; like the label page, a label without public posts is 404.
pub async fn label(
    State(state): State<AppState>,
    ctx: FeedCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let label = blog_store::label_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let filter = PostFilter {
        label_id: Some(label.id),
        ..Default::default()
    };
    let (mut posts, _) =
        blog_store::list_published(&state.db, PUBLIC, &filter, 0, MAX_ENTRIES).await?;
    if posts.is_empty() {
        return Err(AppError::NotFound);
    }
    let title = ctx.t.args(
        "feed-label-title",
        &[
            ("site", crate::i18n::FluentArg::Str(ctx.site_name.clone())),
            ("label", crate::i18n::FluentArg::Str(label.name.clone())),
        ],
    );
    let path = format!("/labels/{}", label.slug);
    let info = ctx.info(title, format!("{path}/feed.atom"), path);
    show_mentions(
        &state,
        &info,
        posts.iter_mut().map(|p| &mut p.post.body_html),
    )
    .await?;
    respond(&atom::posts_feed(&info, &posts, now()))
}

/// `/people/{id}/feed.atom`: one person's public posts.
pub async fn author(
    State(state): State<AppState>,
    ctx: FeedCtx,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    // Feeds are read without a session: a person's feed exists only with public writing.
    let person = crate::blog::service::visible_person(&state.db, None, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = ctx.t.args(
        "feed-author-title",
        &[
            ("site", crate::i18n::FluentArg::Str(ctx.site_name.clone())),
            (
                "name",
                crate::i18n::FluentArg::Str(
                    crate::people::model::PersonName::of(&person).shown(&ctx.t),
                ),
            ),
        ],
    );
    let path = format!("/people/{}", person.id);
    let info = ctx.info(title, format!("{path}/feed.atom"), path);
    let filter = PostFilter {
        author_id: Some(person.id),
        ..Default::default()
    };
    posts(&state, info, filter).await
}

/// `/organizations/{short}/feed.atom`: the public posts of one organisation's people.
pub async fn organization(
    State(state): State<AppState>,
    ctx: FeedCtx,
    Path(short): Path<String>,
) -> AppResult<Response> {
    let org = people_store::organization_by_short(&state.db, &short)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = ctx.t.args(
        "feed-organization-title",
        &[
            ("site", crate::i18n::FluentArg::Str(ctx.site_name.clone())),
            (
                "organization",
                crate::i18n::FluentArg::Str(org.name.clone()),
            ),
        ],
    );
    let path = format!("/organizations/{}", org.short_name);
    let info = ctx.info(title, format!("{path}/feed.atom"), path);
    let filter = PostFilter {
        organization_id: Some(org.id),
        ..Default::default()
    };
    posts(&state, info, filter).await
}

/// `/posts/{slug}/comments.atom`: the newest visible comments of a public, published post.
pub async fn post_comments(
    State(state): State<AppState>,
    ctx: FeedCtx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let post = blog_store::post_by_slug(&state.db, &slug)
        .await?
        .filter(|p| {
            p.status == PostStatus::Published.as_str()
                && p.visibility == Visibility::Public.as_str()
                && p.published_at.is_some_and(|at| at <= now())
        })
        .ok_or(AppError::NotFound)?;
    let comments = comment_store::latest_visible(&state.db, post.id, MAX_ENTRIES).await?;
    let author_ids: Vec<i32> = comments.iter().map(|c| c.author_id).collect();
    let bylines = comment_store::bylines(&state.db, &author_ids).await?;
    let mut comments: Vec<_> = comments
        .into_iter()
        .map(|c| {
            let byline = bylines.get(&c.author_id).cloned();
            (c, byline)
        })
        .collect();
    let title = ctx.t.arg("feed-comments-title", "title", &post.title);
    let path = crate::blog::visibility::url(&post);
    let info = ctx.info(
        title,
        format!("{path}/comments.atom"),
        format!("{path}#comments"),
    );
    show_mentions(
        &state,
        &info,
        comments.iter_mut().map(|(c, _)| &mut c.body_html),
    )
    .await?;
    // The feed is for anyone: link only the commenters who have a page for visitors.
    let with_pages = crate::blog::service::people_with_pages(&state.db, None, &author_ids).await?;
    respond(&atom::comments_feed(
        &info,
        ctx.t,
        &post,
        &comments,
        &with_pages,
    ))
}
