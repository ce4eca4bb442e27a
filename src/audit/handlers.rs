//! The audit log page for admins (`/admin/audit`), its CSV file and its JSON list.
use askama::Template;
use axum::{
    Json,
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use super::{
    model::{Action, TargetKind},
    service::{self, Line},
    store::Filter,
};
use crate::{
    auth::{ApiUser, CurrentUser},
    error::{AppError, AppResult},
    state::AppState,
    web::{PageCtx, Pagination, pagination::PER_PAGE, pagination::PageQuery, render},
};

/// The filters as typed in the address (`?action=&person=&target=&from=&to=&page=`).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct FilterQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: Option<String>,
}

impl FilterQuery {
    /// The filter: anything unreadable is left out (a filter form cannot be wrong, only
    /// empty); `to` includes its whole day.
    pub fn filter(&self) -> Filter {
        let day = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| Utc.from_utc_datetime(&d))
        };
        Filter {
            action: Action::parse(self.action.trim()),
            person: self.person.trim().parse().ok(),
            target: TargetKind::parse(self.target.trim()),
            from: day(&self.from),
            until: day(&self.to).map(|d| d + chrono::Duration::days(1)),
        }
    }
    fn page(&self) -> PageQuery {
        PageQuery {
            page: self
                .page
                .as_deref()
                .and_then(|p| p.parse().ok())
                .filter(|n: &u64| (1..=1_000_000).contains(n)),
        }
    }
    /// The address of this listing without the page number.
    fn base(&self, path: &str) -> String {
        let pairs = [
            ("action", &self.action),
            ("person", &self.person),
            ("target", &self.target),
            ("from", &self.from),
            ("to", &self.to),
        ];
        let q: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", urlencoding(v.trim())))
            .collect();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", q.join("&"))
        }
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "audit/log.html")]
pub struct AuditPage {
    pub ctx: PageCtx,
    pub lines: Vec<Line>,
    pub query: FilterQuery,
    pub actions: Vec<Action>,
    pub targets: Vec<TargetKind>,
    pub pagination: Pagination,
    pub csv_href: String,
}

/// `GET /admin/audit`
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Query(query): Query<FilterQuery>,
) -> AppResult<Response> {
    service::require_reader(&user)?;
    let page = query.page();
    let (lines, total) =
        service::lines(&state.db, &ctx.t, &query.filter(), page.offset(), PER_PAGE).await?;
    let base = query.base("/admin/audit");
    let csv_href = query.base("/admin/audit.csv");
    Ok(render(&AuditPage {
        lines,
        pagination: Pagination::new(page, total, base),
        csv_href,
        query,
        actions: Action::ALL.to_vec(),
        targets: TargetKind::ALL.to_vec(),
        ctx,
    })?
    .into_response())
}

/// `GET /admin/audit.csv`: the filtered entries as a spreadsheet file.
pub async fn csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    user: CurrentUser,
    Query(query): Query<FilterQuery>,
) -> AppResult<Response> {
    service::require_reader(&user)?;
    let (lines, _) =
        service::lines(&state.db, &ctx.t, &query.filter(), 0, service::MAX_EXPORT).await?;
    let bytes = service::csv(&ctx.t, &lines).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One page of the log as JSON.
#[derive(Debug, serde::Serialize)]
pub struct AuditOut {
    pub entries: Vec<Line>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// `GET /api/v1/admin/audit`: the same filters and pages (admins).
pub async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(query): Query<FilterQuery>,
) -> AppResult<Json<AuditOut>> {
    service::require_reader(&user)?;
    let page = query.page();
    let t = crate::i18n::Tr::new(user.language.unwrap_or_default());
    let (entries, total) =
        service::lines(&state.db, &t, &query.filter(), page.offset(), PER_PAGE).await?;
    Ok(Json(AuditOut {
        entries,
        total,
        page: page.number(),
        per_page: PER_PAGE,
    }))
}
