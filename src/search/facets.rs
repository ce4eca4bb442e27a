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

use super::{
    collect::Admits,
    schema::{Fields, KIND_COMMENT, KIND_MINUTES, KIND_POST, KIND_TASK},
};

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
    /// The documents that pass every filter (what the filtered query finds).
    pub matched: u64,
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
        self.matched += other.matched;
        add(&mut self.organizations, other.organizations);
        add(&mut self.authors, other.authors);
        add(&mut self.labels, other.labels);
        add(&mut self.kinds, other.kinds);
        add(&mut self.years, other.years);
    }
}

/// Collects `Counts` under `Filters`, over the documents in the reader's scopes (`scopes`:
/// their codes, checked per document as the ranked search does, so the query need not carry
/// a scope clause).
pub struct FacetCollector {
    pub filters: Filters,
    pub scopes: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let columns = super::columns::of(reader);
        // A column the segment lacks is the error opening it gives.
        let ff = || reader.fast_fields();
        let u64s =
            |kept: &Option<Column<u64>>, name| kept.clone().map_or_else(|| ff().u64(name), Ok);
        let (start, end) = self.filters.range();
        Ok(SegmentFacets {
            admits: Admits::new(reader, &self.scopes)?,
            org: u64s(&columns.org, "org")?,
            author: u64s(&columns.author, "author")?,
            label: u64s(&columns.label, "label")?,
            kind: u64s(&columns.kind, "kind_code")?,
            date: columns.date.clone().map_or_else(|| ff().i64("date"), Ok)?,
            filters: self.filters.clone(),
            start: start.unwrap_or(i64::MIN),
            end: end.unwrap_or(i64::MAX),
            tallies: Tallies::default(),
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
    admits: Admits,
    org: Column<u64>,
    author: Column<u64>,
    label: Column<u64>,
    kind: Column<u64>,
    date: Column<i64>,
    filters: Filters,
    start: i64,
    end: i64,
    tallies: Tallies,
}

fn as_id(v: u64) -> i32 {
    i32::try_from(v).unwrap_or(UNKNOWN)
}

/// Ids below this are counted in a vector (organisations, people and labels are numbered
/// from 1 by the database); any other in a map.
const DENSE_IDS: usize = 1 << 16;

/// Counts by id, cheap enough to run for every match of a common word.
#[derive(Default)]
struct Tally {
    dense: Vec<u64>,
    sparse: HashMap<i32, u64>,
}

impl Tally {
    fn add(&mut self, id: i32) {
        match usize::try_from(id) {
            Ok(i) if i < DENSE_IDS => {
                if i >= self.dense.len() {
                    self.dense.resize(i + 1, 0);
                }
                self.dense[i] += 1;
            }
            _ => *self.sparse.entry(id).or_default() += 1,
        }
    }

    fn into_map(self) -> HashMap<i32, u64> {
        let mut map = self.sparse;
        for (id, n) in self.dense.into_iter().enumerate() {
            if n > 0 {
                *map.entry(id as i32).or_default() += n;
            }
        }
        map
    }
}

/// A segment's counts as it goes.
#[derive(Default)]
struct Tallies {
    matched: u64,
    organizations: Tally,
    authors: Tally,
    labels: Tally,
    /// By `kind_code`.
    kinds: [u64; 4],
    years: Tally,
    /// The last year seen: its first and past-the-last millisecond, and the year.
    year: Option<(i64, i64, i32)>,
}

impl Tallies {
    fn add_year(&mut self, date: i64) {
        let year = match self.year {
            Some((start, end, year)) if (start..end).contains(&date) => year,
            _ => {
                let Some(day) = chrono::DateTime::from_timestamp_millis(date) else {
                    return;
                };
                let year = day.year();
                let start = |y| NaiveDate::from_ymd_opt(y, 1, 1).map(day_start);
                if let (Some(s), Some(e)) = (start(year), start(year + 1)) {
                    self.year = Some((s, e, year));
                }
                year
            }
        };
        self.years.add(year);
    }

    fn into_counts(self) -> Counts {
        let kind = |code: u64| match code {
            KIND_COMMENT => Kind::Comment,
            KIND_MINUTES => Kind::Minutes,
            KIND_TASK => Kind::Task,
            _ => Kind::Post,
        };
        Counts {
            matched: self.matched,
            organizations: self.organizations.into_map(),
            authors: self.authors.into_map(),
            labels: self.labels.into_map(),
            kinds: self
                .kinds
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(code, n)| (kind(code as u64).as_str(), *n))
                .collect(),
            years: self.years.into_map(),
        }
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if !self.admits.admits(doc) {
            return;
        }
        let org = self.org.first(doc).map(as_id);
        let author = self.author.first(doc).map(as_id);
        let kind = self.kind.first(doc).unwrap_or(KIND_POST);
        let date = self.date.first(doc).unwrap_or(0);
        let fl = &self.filters;
        let ok = [
            fl.organization.is_none_or(|o| org == Some(o)),
            fl.author.is_none_or(|a| author == Some(a)),
            fl.label
                .is_none_or(|l| self.label.values_for_doc(doc).any(|v| as_id(v) == l)),
            fl.kind.is_none_or(|k| k.code() == kind),
            (self.start..self.end).contains(&date),
        ];
        // Passes every filter but (possibly) the one at `skip`.
        let others = |skip: usize| ok.iter().enumerate().all(|(i, &b)| i == skip || b);
        let t = &mut self.tallies;
        if ok.iter().all(|&b| b) {
            t.matched += 1;
        }
        if let Some(org) = org.filter(|_| others(0)) {
            t.organizations.add(org);
        }
        if let Some(author) = author.filter(|_| others(1)) {
            t.authors.add(author);
        }
        if others(2) {
            for l in self.label.values_for_doc(doc) {
                t.labels.add(as_id(l));
            }
        }
        if others(3)
            && let Some(n) = usize::try_from(kind).ok().and_then(|k| t.kinds.get_mut(k))
        {
            *n += 1;
        }
        if others(4) {
            t.add_year(date);
        }
    }

    fn harvest(self) -> Counts {
        self.tallies.into_counts()
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
