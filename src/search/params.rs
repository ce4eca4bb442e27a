//! The search parameters of `/search` and `/api/v1/search`, read leniently: `q`,
//! `organization` (short name), `author` (person id), `label` (slug), `kind` (`post`, `minutes`, `task` or
//! `comment`), `from` and `to` (YYYY-MM-DD, both days included), `sort` (`relevance` or
//! `newest`) and `page`. A name that does not exist matches nothing; a date that cannot be
//! read is an error tied to its field.
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Deserialize;

use super::{
    facets::{Filters, Kind, UNKNOWN},
    query::{Request, Sort},
};
use crate::{
    entities::{label, organization},
    error::FieldError,
};

/// Longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Pages beyond this do not exist (keeps the offset arithmetic safe).
const MAX_PAGE: u64 = 1_000;

/// The parameters as sent.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

impl SearchParams {
    /// The query trimmed and cut to `MAX_QUERY_CHARS`.
    pub fn query(&self) -> String {
        self.q.trim().chars().take(MAX_QUERY_CHARS).collect()
    }

    /// The page number, 1 when missing or unreadable.
    pub fn page(&self) -> u64 {
        self.page
            .trim()
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .unwrap_or(1)
    }

    /// These parameters without `page` (and with `replace` applied), as a query string:
    /// the base of pagination and filter links.
    pub fn query_string(&self, replace: &[(&str, &str)]) -> String {
        let q = self.query();
        let mut pairs: Vec<(&str, &str)> = vec![
            ("q", q.as_str()),
            ("organization", self.organization.trim()),
            ("author", self.author.trim()),
            ("label", self.label.trim()),
            ("kind", self.kind.trim()),
            ("from", self.from.trim()),
            ("to", self.to.trim()),
            ("sort", self.sort.trim()),
        ];
        for (key, value) in replace {
            if let Some(pair) = pairs.iter_mut().find(|(k, _)| k == key) {
                pair.1 = value;
            }
        }
        pairs.retain(|(k, v)| !v.is_empty() || *k == "q");
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

fn date(raw: &str, field: &'static str) -> Result<Option<NaiveDate>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| FieldError {
            field: field.into(),
            message_key: "search-error-date",
            args: Vec::new(),
        })
}

/// The request these parameters ask for, `per_page` hits a page, and the fields that could
/// not be read (their filters left out).
pub async fn request(
    db: &impl ConnectionTrait,
    params: &SearchParams,
    per_page: usize,
) -> Result<(Request, Vec<FieldError>), DbErr> {
    let mut errors = Vec::new();
    let mut filters = Filters::default();
    let short = params.organization.trim();
    if !short.is_empty() {
        let org = organization::Entity::find()
            .filter(organization::Column::ShortName.eq(short))
            .one(db)
            .await?;
        filters.organization = Some(org.map_or(UNKNOWN, |o| o.id));
    }
    let slug = params.label.trim();
    if !slug.is_empty() {
        let l = label::Entity::find()
            .filter(label::Column::Slug.eq(slug))
            .one(db)
            .await?;
        filters.label = Some(l.map_or(UNKNOWN, |l| l.id));
    }
    let author = params.author.trim();
    if !author.is_empty() {
        filters.author = Some(author.parse().unwrap_or(UNKNOWN));
    }
    filters.kind = Kind::parse(params.kind.trim());
    match date(&params.from, "from") {
        Ok(d) => filters.from = d,
        Err(e) => errors.push(e),
    }
    match date(&params.to, "to") {
        Ok(d) => filters.to = d,
        Err(e) => errors.push(e),
    }
    if let (Some(from), Some(to)) = (filters.from, filters.to)
        && from > to
    {
        filters.to = None;
        errors.push(FieldError {
            field: "to".into(),
            message_key: "search-error-range",
            args: Vec::new(),
        });
    }
    let page = params.page() as usize;
    let request = Request {
        q: params.query(),
        filters,
        sort: Sort::parse(params.sort.trim()).unwrap_or_default(),
        offset: (page - 1) * per_page,
        limit: per_page,
        facets: false,
    };
    Ok((request, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_every_parameter_but_the_page() {
        let p = SearchParams {
            q: " asiakas ".into(),
            label: "verotus".into(),
            sort: "newest".into(),
            page: "3".into(),
            ..SearchParams::default()
        };
        assert_eq!(p.query_string(&[]), "q=asiakas&label=verotus&sort=newest");
        assert_eq!(p.query_string(&[("label", "")]), "q=asiakas&sort=newest");
        assert_eq!(p.page(), 3);
    }

    #[test]
    fn an_unreadable_date_is_an_error_of_its_field() {
        assert_eq!(date("2026-02-30", "from").unwrap_err().field, "from");
        assert!(date(" ", "to").unwrap().is_none());
    }
}
