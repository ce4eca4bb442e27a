//! The search page: `/search?q=…` with filters, order and page, all in a GET form that works
//! without JavaScript.
use askama::Template;
use axum::{
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{
    Building,
    params::{self, SearchParams},
    query::{FacetValue, Hit, Results},
};
use crate::{
    error::{AppResult, FieldError},
    i18n::FluentArg,
    state::AppState,
    web::{
        headers::NO_STORE,
        page::PageCtx,
        pagination::{PER_PAGE, PageQuery, Pagination},
        render,
    },
};

/// One option of a filter's `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A link that narrows the results to one year.
pub struct YearLink {
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "search/results.html")]
pub struct SearchPage {
    pub ctx: PageCtx,
    pub params: SearchParams,
    /// What the reader typed, shown again in the box.
    pub q: String,
    pub searched: bool,
    /// Whether the count stopped at its cap (the page says "more than").
    pub total_capped: bool,
    pub hits: Vec<Hit>,
    pub pagination: Pagination,
    pub organizations: Vec<Choice>,
    pub authors: Vec<Choice>,
    pub labels: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub sorts: Vec<Choice>,
    pub years: Vec<YearLink>,
    pub errors: Vec<FieldError>,
    /// A respelled query and the link that runs it.
    pub suggestion: Option<(String, String)>,
    /// Which Finnish analyser runs (message key).
    pub analyser: &'static str,
    /// Said while the index is being filled for the first time: it finds nothing yet.
    pub building: Option<String>,
}

impl SearchPage {
    /// The message key of the error of `field`, if it has one.
    pub fn error_of(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message_key)
    }
}

/// What the page says while the index is being filled for the first time.
fn building_notice(b: Building, t: &crate::i18n::Tr) -> String {
    if b.total == 0 {
        return t.get("search-building");
    }
    t.args(
        "search-building-progress",
        &[("percent", FluentArg::Num(i64::from(b.percent())))],
    )
}

/// `All` first, then the counted values; the chosen one is kept even with no hits.
fn choices(all: String, values: &[FacetValue], chosen: &str) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: all,
        selected: chosen.is_empty(),
    }];
    for v in values {
        out.push(Choice {
            value: v.key.clone(),
            label: format!("{} ({})", v.name, v.count),
            selected: v.key == chosen,
        });
    }
    if !chosen.is_empty() && !values.iter().any(|v| v.key == chosen) {
        out.push(Choice {
            value: chosen.to_owned(),
            label: format!("{chosen} (0)"),
            selected: true,
        });
    }
    out
}

pub async fn search_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(params): Query<SearchParams>,
) -> AppResult<Response> {
    let actor = ctx.user.as_ref().map(|u| u.actor());
    let (mut request, errors) = params::request(&state.db, &params, PER_PAGE as usize).await?;
    request.facets = true;
    let results = if request.q.is_empty() {
        Results::default()
    } else {
        state.search.find(&request, actor).await?
    };
    let t = &ctx.t;
    let base = format!("/search?{}", params.query_string(&[]));
    let page = PageQuery {
        page: Some(params.page()),
    };
    let pagination = Pagination::new(page, results.total, base);
    let f = &results.facets;
    let kinds: Vec<FacetValue> = f
        .kinds
        .iter()
        .map(|k| FacetValue {
            name: t.get(&format!("search-kind-{}", k.key)),
            ..k.clone()
        })
        .collect();
    let sort = request.sort.as_str();
    let sorts = ["relevance", "newest"]
        .into_iter()
        .map(|s| Choice {
            value: s.to_owned(),
            label: t.get(&format!("search-sort-{s}")),
            selected: s == sort,
        })
        .collect();
    let years = f
        .years
        .iter()
        .map(|y| YearLink {
            label: format!("{} ({})", y.name, y.count),
            href: format!(
                "/search?{}",
                params.query_string(&[
                    ("from", &format!("{}-01-01", y.key)),
                    ("to", &format!("{}-12-31", y.key)),
                ])
            ),
        })
        .collect();
    let suggestion = results.suggestion.map(|s| {
        let href = format!("/search?{}", params.query_string(&[("q", s.as_str())]));
        (s, href)
    });
    let q = request.q.clone();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = SearchPage {
        organizations: choices(
            t.get("search-filter-all"),
            &f.organizations,
            params.organization.trim(),
        ),
        authors: choices(t.get("search-filter-all"), &f.authors, params.author.trim()),
        labels: choices(t.get("search-filter-all"), &f.labels, params.label.trim()),
        kinds: choices(t.get("search-filter-all"), &kinds, params.kind.trim()),
        sorts,
        years,
        errors,
        suggestion,
        analyser: state.search.analyser().message_key(),
        building: state.search.building().map(|b| building_notice(b, t)),
        searched: !q.is_empty(),
        total_capped: results.total_capped,
        q,
        hits: results.hits,
        pagination,
        params,
        ctx,
    };
    let building = page.building.is_some();
    let mut response = (status, render(&page)?).into_response();
    if building {
        // Not for the page cache nor the browser's: the index fills within minutes.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    #[test]
    fn the_building_notice_tells_how_much_is_done_once_the_posts_are_counted() {
        let fi = Tr::new(Lang::Fi);
        let not_counted = building_notice(Building::default(), &fi);
        assert!(not_counted.starts_with("Hakemistoa rakennetaan parhaillaan,"));
        let counted = Building {
            done: 1250,
            total: 5000,
        };
        let notice = building_notice(counted, &fi);
        assert!(notice.contains("(25 % valmis)"), "{notice}");
        assert!(!notice.contains("5000"), "{notice}");
        assert!(building_notice(counted, &Tr::new(Lang::Sv)).contains("(25 % klart)"));
        assert!(building_notice(counted, &Tr::new(Lang::En)).contains("(25% done)"));
    }

    #[test]
    fn the_share_done_is_whole_percent_and_never_over_a_hundred() {
        let b = |done, total| Building { done, total }.percent();
        assert_eq!(b(0, 0), 0);
        assert_eq!(b(1, 3), 33);
        assert_eq!(b(2, 3), 66);
        assert_eq!(b(3, 3), 100);
        assert_eq!(b(4, 3), 100);
    }
}
