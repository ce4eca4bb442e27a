//! What a search asks (words, filters, order, page) and what it answers (hits, counts).
use chrono::{DateTime, Utc};

use super::super::facets::Filters;
use crate::i18n::Lang;

/// A piece of a snippet: text, and whether it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub marked: bool,
}

/// One search result as the reader sees it, read from the database.
#[derive(Clone, Debug)]
pub struct Hit {
    /// `post` or `comment`.
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub author: crate::people::model::PersonName,
    pub organization: String,
    pub date: DateTime<Utc>,
    pub lang: Lang,
    /// Plain text pieces; the template escapes them and wraps the matches in `<mark>`.
    pub snippet: Vec<SnippetPart>,
}

impl Hit {
    /// The date for `<time datetime>`.
    pub fn iso_date(&self) -> String {
        crate::i18n::iso_datetime(&self.date)
    }
    pub fn date_ref(&self) -> &DateTime<Utc> {
        &self.date
    }
}

/// A page of results and how many there are in all.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// How many hits there are, counted up to `TOTAL_CAP`.
    pub total: u64,
    /// Whether counting stopped at `TOTAL_CAP` (there are more).
    pub total_capped: bool,
    pub hits: Vec<Hit>,
    /// Counts per filter value (when asked for).
    pub facets: Facets,
    /// A respelled query that finds more, when this one found little.
    pub suggestion: Option<String>,
}

/// How the hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25 with Lupa's weights and a gentle recency boost).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
        }
    }
}

/// A search with its filters, order and page.
#[derive(Clone, Debug)]
pub struct Request {
    pub q: String,
    pub filters: Filters,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Count the filter values (the results page does; the bare entry point does not).
    pub facets: bool,
}

impl Request {
    /// Just the words, best first.
    pub fn new(q: &str, offset: usize, limit: usize) -> Request {
        Request {
            q: q.to_owned(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            offset,
            limit,
            facets: false,
        }
    }
}

/// One value of a filter with the number of hits it would leave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// What goes in the URL: an organisation's short name, a person's id, a label's slug,
    /// `post`/`comment`, a year.
    pub key: String,
    pub name: String,
    pub count: u64,
}

/// Filter values with counts, most hits first.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub organizations: Vec<FacetValue>,
    pub authors: Vec<FacetValue>,
    pub labels: Vec<FacetValue>,
    pub kinds: Vec<FacetValue>,
    pub years: Vec<FacetValue>,
}
