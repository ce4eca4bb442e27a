//! The search page: `/search?q=…&page=N`.
use askama::Template;
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::query::Hit;
use crate::{
    error::AppResult,
    startup::AppState,
    web::{
        page::PageCtx,
        pagination::{PER_PAGE, PageQuery, Pagination},
        render,
    },
};

/// Longest query read, in characters.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
}

#[derive(Template)]
#[template(path = "search/results.html")]
pub struct SearchPage {
    pub ctx: PageCtx,
    /// What the reader typed, shown again in the box.
    pub q: String,
    pub searched: bool,
    pub hits: Vec<Hit>,
    pub pagination: Pagination,
}

pub async fn search_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(params): Query<SearchParams>,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    let q: String = params.q.trim().chars().take(MAX_QUERY_CHARS).collect();
    let actor = ctx.user.as_ref().map(|u| u.actor());
    let results = if q.is_empty() {
        Default::default()
    } else {
        state
            .search
            .search(&q, actor, page.offset() as usize, PER_PAGE as usize)
            .await?
    };
    let base = format!(
        "/search?{}",
        serde_urlencoded::to_string([("q", q.as_str())]).unwrap_or_default()
    );
    let pagination = Pagination::new(page, results.total, base);
    Ok(render(&SearchPage {
        ctx,
        searched: !q.is_empty(),
        q,
        hits: results.hits,
        pagination,
    })?
    .into_response())
}
