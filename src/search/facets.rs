//! Filters (organisation, author, label, kind, date range) as tantivy queries, and their
//! counts: one pass over the documents that match the words within the reader's scopes,
//! counting each filter's values among the documents that pass the *other* filters (so the
//! reader can switch an organisation without clearing it first). Counts come from documents
//! the reader may find, so they leak nothing.
use std::{collections::HashMap, ops::Bound};

use chrono::{Datelike, NaiveDate};
use tantivy::{
    DocId, Score, SegmentOrdinal, SegmentReader, Term,
    collector::{Collector, SegmentCollector},
    columnar::Column,
    query::{Occur, Query, RangeQuery, TermQuery},
    schema::IndexRecordOption,
};

use super::schema::{Fields, KIND_COMMENT, KIND_MINUTES, KIND_POST, KIND_TASK};

/// A filter value naming something that does not exist: matches nothing.
pub const UNKNOWN: i32 = -1;

/// Posts or comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Post,
    Comment,
    /// A workshop's minutes.
    Minutes,
    /// A panel task (poll or survey).
    Task,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "post" => Some(Kind::Post),
            "comment" => Some(Kind::Comment),
            "minutes" => Some(Kind::Minutes),
            "task" => Some(Kind::Task),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Minutes => "minutes",
            Kind::Task => "task",
        }
    }
    fn code(self) -> u64 {
        match self {
            Kind::Post => KIND_POST,
            Kind::Comment => KIND_COMMENT,
            Kind::Minutes => KIND_MINUTES,
            Kind::Task => KIND_TASK,
        }
    }
}

/// What the reader narrowed the results to; ids are database ids (`UNKNOWN` for a name that
/// does not exist).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub organization: Option<i32>,
    pub author: Option<i32>,
    pub label: Option<i32>,
    pub kind: Option<Kind>,
    /// First day included.
    pub from: Option<NaiveDate>,
    /// Last day included.
    pub to: Option<NaiveDate>,
}

/// An id as the index holds it; `UNKNOWN` becomes a value no document has.
fn id_value(id: i32) -> u64 {
    u64::try_from(id).unwrap_or(u64::MAX)
}

/// Milliseconds since 1970 at the start of a day (UTC).
fn day_start(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp_millis())
}

impl Filters {
    /// Whether any filter is set.
    pub fn any(&self) -> bool {
        *self != Filters::default()
    }

    /// The date range as `[start, end)` in milliseconds.
    fn range(&self) -> (Option<i64>, Option<i64>) {
        (
            self.from.map(day_start),
            self.to
                .and_then(|d| d.succ_opt())
                .map(day_start)
                .or(self.to.map(|_| i64::MAX)),
        )
    }

    /// The filters as required clauses of the tantivy query.
    pub fn clauses(&self, f: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut term = |field, value: u64| {
            out.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(field, value),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ));
        };
        if let Some(id) = self.organization {
            term(f.org, id_value(id));
        }
        if let Some(id) = self.author {
            term(f.author, id_value(id));
        }
        if let Some(id) = self.label {
            term(f.label, id_value(id));
        }
        if let Some(kind) = self.kind {
            term(f.kind_code, kind.code());
        }
        let (start, end) = self.range();
        if start.is_some() || end.is_some() {
            let lower = start.map_or(Bound::Unbounded, |s| {
                Bound::Included(Term::from_field_i64(f.date, s))
            });
            let upper = end.map_or(Bound::Unbounded, |e| {
                Bound::Excluded(Term::from_field_i64(f.date, e))
            });
            out.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        out
    }
}

/// How many documents each value of each filter would leave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub organizations: HashMap<i32, u64>,
    pub authors: HashMap<i32, u64>,
    pub labels: HashMap<i32, u64>,
    pub kinds: HashMap<&'static str, u64>,
    pub years: HashMap<i32, u64>,
}

impl Counts {
    fn merge(&mut self, other: Counts) {
        fn add<K: std::hash::Hash + Eq>(into: &mut HashMap<K, u64>, from: HashMap<K, u64>) {
            for (k, n) in from {
                *into.entry(k).or_default() += n;
            }
        }
        add(&mut self.organizations, other.organizations);
        add(&mut self.authors, other.authors);
        add(&mut self.labels, other.labels);
        add(&mut self.kinds, other.kinds);
        add(&mut self.years, other.years);
    }
}

/// Collects `Counts` under `Filters`.
pub struct FacetCollector {
    pub filters: Filters,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let ff = reader.fast_fields();
        let (start, end) = self.filters.range();
        Ok(SegmentFacets {
            org: ff.u64("org")?,
            author: ff.u64("author")?,
            label: ff.u64("label")?,
            kind: ff.u64("kind_code")?,
            date: ff.i64("date")?,
            filters: self.filters.clone(),
            start: start.unwrap_or(i64::MIN),
            end: end.unwrap_or(i64::MAX),
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for c in fruits {
            all.merge(c);
        }
        Ok(all)
    }
}

pub struct SegmentFacets {
    org: Column<u64>,
    author: Column<u64>,
    label: Column<u64>,
    kind: Column<u64>,
    date: Column<i64>,
    filters: Filters,
    start: i64,
    end: i64,
    counts: Counts,
}

fn as_id(v: u64) -> i32 {
    i32::try_from(v).unwrap_or(UNKNOWN)
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let org = self.org.first(doc).map(as_id);
        let author = self.author.first(doc).map(as_id);
        let labels: Vec<i32> = self.label.values_for_doc(doc).map(as_id).collect();
        let kind = self.kind.first(doc).unwrap_or(KIND_POST);
        let date = self.date.first(doc).unwrap_or(0);
        let fl = &self.filters;
        let ok = [
            fl.organization.is_none_or(|o| org == Some(o)),
            fl.author.is_none_or(|a| author == Some(a)),
            fl.label.is_none_or(|l| labels.contains(&l)),
            fl.kind.is_none_or(|k| k.code() == kind),
            (self.start..self.end).contains(&date),
        ];
        // Passes every filter but (possibly) the one at `skip`.
        let others = |skip: usize| ok.iter().enumerate().all(|(i, &b)| i == skip || b);
        let c = &mut self.counts;
        if let Some(org) = org.filter(|_| others(0)) {
            *c.organizations.entry(org).or_default() += 1;
        }
        if let Some(author) = author.filter(|_| others(1)) {
            *c.authors.entry(author).or_default() += 1;
        }
        if others(2) {
            for l in labels {
                *c.labels.entry(l).or_default() += 1;
            }
        }
        if others(3) {
            let name = match kind {
                KIND_COMMENT => Kind::Comment,
                KIND_MINUTES => Kind::Minutes,
                KIND_TASK => Kind::Task,
                _ => Kind::Post,
            };
            *c.kinds.entry(name.as_str()).or_default() += 1;
        }
        if others(4)
            && let Some(day) = chrono::DateTime::from_timestamp_millis(date)
        {
            *c.years.entry(day.year()).or_default() += 1;
        }
    }

    fn harvest(self) -> Counts {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_range_includes_its_last_day() {
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let f = Filters {
            from: Some(day("2026-01-01")),
            to: Some(day("2026-01-31")),
            ..Filters::default()
        };
        let (start, end) = f.range();
        assert_eq!(end.unwrap() - start.unwrap(), 31 * 86_400_000);
    }
}
