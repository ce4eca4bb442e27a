//! `GET /api/v1/search`: the search page's parameters, answered in JSON, with the same
//! scopes (an API token's person, or a reader without one).
use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use super::{
    params::{self, SearchParams},
    query::{Hit, SnippetPart},
};
use crate::{
    auth::ApiCaller,
    error::{AppError, AppResult},
    state::AppState,
};

/// Hits per page of the API.
const PER_PAGE: usize = 10;

#[derive(Debug, Serialize)]
pub struct SearchOut {
    /// Hits in all, counted up to 10,000.
    pub total: u64,
    /// Whether there are more hits than `total` (counting stops at 10,000).
    pub total_capped: bool,
    pub page: u64,
    pub per_page: usize,
    pub hits: Vec<HitOut>,
    /// A respelled query that finds more, when this one found little.
    pub suggestion: Option<String>,
    /// Set while this node's index is being filled for the first time (a new site, or the
    /// first start after an upgrade that changed the index): it finds nothing yet.
    pub index_building: Option<BuildingOut>,
}

/// How far the first filling has come, in whole percent (not in posts: the counts include
/// posts the caller may not open).
#[derive(Debug, Serialize)]
pub struct BuildingOut {
    pub percent_done: u8,
}

#[derive(Debug, Serialize)]
pub struct HitOut {
    pub kind: &'static str,
    pub title: String,
    /// Absolute URL of the post (with `#comment-N` for a comment).
    pub url: String,
    /// Plain text; each matched word is wrapped in `**` (as Markdown bold), and a literal
    /// `*` or `\` in the text is escaped with a backslash.
    pub snippet: String,
    pub author: String,
    pub organisation: String,
    pub published_at: String,
}

/// A snippet as plain text with `**` around the matches.
pub fn marked_text(parts: &[SnippetPart]) -> String {
    let mut out = String::new();
    for part in parts {
        let text = part.text.replace('\\', "\\\\").replace('*', "\\*");
        if part.marked {
            out.push_str("**");
            out.push_str(&text);
            out.push_str("**");
        } else {
            out.push_str(&text);
        }
    }
    out
}

fn hit_out(base_url: &str, hit: Hit, t: &crate::i18n::Tr) -> HitOut {
    HitOut {
        kind: hit.kind,
        url: format!("{}{}", base_url.trim_end_matches('/'), hit.url),
        snippet: marked_text(&hit.snippet),
        published_at: hit.date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        title: hit.title,
        author: hit.author.shown(t),
        organisation: hit.organization,
    }
}

/// `GET /api/v1/search?q=…`: 200 with the hits, 422 (the common error body, with the
/// field) for an unreadable date or range, 400 (the common body too, not axum's English
/// text) for a query string that cannot be read at all (a parameter given twice).
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    crate::web::page::ApiLang(t): crate::web::page::ApiLang,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> AppResult<Response> {
    let Ok(Query(params)) = params else {
        return Err(AppError::BadRequest("error-bad-request"));
    };
    let (request, errors) = params::request(&state.db, &params, PER_PAGE).await?;
    if !errors.is_empty() {
        // The common error body, in the caller's language (`web::errors` renders it).
        return Err(AppError::Validation(errors));
    }
    let results = if request.q.is_empty() {
        Default::default()
    } else {
        state.search.find(&request, caller.actor()).await?
    };
    let base = state.settings.base_url();
    Ok(Json(SearchOut {
        total: results.total,
        total_capped: results.total_capped,
        page: params.page(),
        per_page: PER_PAGE,
        hits: results
            .hits
            .into_iter()
            .map(|h| hit_out(&base, h, &t))
            .collect(),
        suggestion: results.suggestion,
        index_building: state.search.building().map(|b| BuildingOut {
            percent_done: b.percent(),
        }),
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_starred_and_stars_escaped() {
        let parts = [
            SnippetPart {
                text: "2*3 ".into(),
                marked: false,
            },
            SnippetPart {
                text: "asiakas".into(),
                marked: true,
            },
        ];
        assert_eq!(marked_text(&parts), "2\\*3 **asiakas**");
    }
}
