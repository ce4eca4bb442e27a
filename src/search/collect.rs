//! Collectors that check each hit's access scope inside tantivy, so that tantivy can still
//! skip whole blocks of documents that cannot reach the top (block-max WAND) — a scope
//! filter written as a required query clause would rule that out — and a count that stops
//! at a cap instead of visiting every match of a common word.
use std::{
    cmp::Ordering,
    sync::atomic::{AtomicU64, Ordering as AtomicOrdering},
};

use tantivy::{
    DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED,
    collector::{Collector, SegmentCollector},
    columnar::Column,
    query::Weight,
};

/// The fast field holding each document's scope code.
#[cfg(test)]
const SCOPE_FIELD: &str = "scope_code";

/// Whether a document is alive and in one of the reader's scopes.
pub(crate) struct Admits {
    codes: Vec<u64>,
    column: Option<Column<u64>>,
}

impl Admits {
    pub(crate) fn new(reader: &SegmentReader, codes: &[u64]) -> tantivy::Result<Admits> {
        Ok(Admits {
            codes: codes.to_vec(),
            column: super::columns::of(reader).scope.clone(),
        })
    }

    pub(crate) fn admits(&self, doc: DocId) -> bool {
        // A document without a scope code is never shown.
        self.column
            .as_ref()
            .and_then(|c| c.first(doc))
            .is_some_and(|code| self.codes.contains(&code))
    }
}

/// The `limit` best-scoring documents the reader may see, best first (ties: lower address
/// first, so the order is stable).
pub struct ScopedTop {
    pub limit: usize,
    pub scopes: Vec<u64>,
}

/// A candidate with its score.
#[derive(Clone, Copy, Debug)]
struct Scored(Score, DocAddress);

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Scored {}
impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scored {
    /// "Greater" is better: higher score, then lower address.
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// A bounded heap of the best `limit` candidates (a min-heap of `Reverse`, so the worst is on
/// top and is what a better candidate replaces).
struct Best {
    limit: usize,
    heap: std::collections::BinaryHeap<std::cmp::Reverse<Scored>>,
}

impl Best {
    fn new(limit: usize) -> Best {
        Best {
            limit,
            heap: std::collections::BinaryHeap::with_capacity(limit + 1),
        }
    }

    /// Offer a candidate; returns the score a later one must beat to get in.
    fn offer(&mut self, candidate: Scored) -> Score {
        if self.limit == 0 {
            return Score::MAX;
        }
        if self.heap.len() < self.limit {
            self.heap.push(std::cmp::Reverse(candidate));
        } else if let Some(worst) = self.heap.peek()
            && candidate > worst.0
        {
            self.heap.pop();
            self.heap.push(std::cmp::Reverse(candidate));
        }
        self.threshold()
    }

    fn threshold(&self) -> Score {
        if self.heap.len() < self.limit {
            Score::MIN
        } else {
            self.heap.peek().map_or(Score::MIN, |w| w.0.0)
        }
    }

    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        let mut all: Vec<Scored> = self.heap.into_iter().map(|r| r.0).collect();
        all.sort_by(|a, b| b.cmp(a));
        all.into_iter().map(|s| (s.0, s.1)).collect()
    }
}

/// What [`ScopedTop`] keeps of a segment.
pub struct ScopedTopSegment {
    best: Best,
    segment: SegmentOrdinal,
    admits: Admits,
}

impl SegmentCollector for ScopedTopSegment {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.admits.admits(doc) {
            self.best
                .offer(Scored(score, DocAddress::new(self.segment, doc)));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.best.into_sorted()
    }
}

impl Collector for ScopedTop {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = ScopedTopSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<ScopedTopSegment> {
        Ok(ScopedTopSegment {
            best: Best::new(self.limit),
            segment,
            admits: Admits::new(reader, &self.scopes)?,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(Score, DocAddress)>>,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut best = Best::new(self.limit);
        for (score, address) in fruits.into_iter().flatten() {
            best.offer(Scored(score, address));
        }
        Ok(best.into_sorted())
    }

    /// Let the query skip what cannot beat the current `limit`-th score (block-max WAND for
    /// a flat disjunction of terms), checking liveness and scope for each candidate.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let admits = Admits::new(reader, &self.scopes)?;
        let alive = reader.alive_bitset();
        let mut best = Best::new(self.limit);
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_some_and(|a| !a.is_alive(doc)) || !admits.admits(doc) {
                return best.threshold();
            }
            best.offer(Scored(score, DocAddress::new(segment, doc)))
        })?;
        Ok(best.into_sorted())
    }
}

/// How many documents the reader may see match, counted up to `cap` (then "more than").
pub struct CappedCount {
    pub cap: u64,
    pub scopes: Vec<u64>,
    /// Counted so far over the segments searched (they are searched one after another).
    seen: AtomicU64,
}

impl CappedCount {
    pub fn new(cap: u64, scopes: Vec<u64>) -> CappedCount {
        CappedCount {
            cap,
            scopes,
            seen: AtomicU64::new(0),
        }
    }
}

/// A segment's count (only used through `collect_segment`).
pub struct CountSegment(u64);

impl SegmentCollector for CountSegment {
    type Fruit = u64;
    fn collect(&mut self, _: DocId, _: Score) {
        self.0 += 1;
    }
    fn harvest(self) -> u64 {
        self.0
    }
}

impl Collector for CappedCount {
    /// The count, and whether it stopped at the cap.
    type Fruit = (u64, bool);
    type Child = CountSegment;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<CountSegment> {
        Ok(CountSegment(0))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<u64>) -> tantivy::Result<(u64, bool)> {
        let total: u64 = fruits.iter().sum();
        Ok((total.min(self.cap), total > self.cap))
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        _: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<u64> {
        let admits = Admits::new(reader, &self.scopes)?;
        let alive = reader.alive_bitset();
        // One beyond the cap tells "exactly the cap" from "more".
        let room = (self.cap + 1).saturating_sub(self.seen.load(AtomicOrdering::Relaxed));
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut count = 0;
        let mut doc = scorer.doc();
        while doc != TERMINATED && count < room {
            if alive.is_none_or(|a| a.is_alive(doc)) && admits.admits(doc) {
                count += 1;
            }
            doc = scorer.advance();
        }
        self.seen.fetch_add(count, AtomicOrdering::Relaxed);
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::{
        Index, TantivyDocument, Term,
        collector::{Count, TopDocs},
        query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery},
        schema::{FAST, IndexRecordOption, Schema, TEXT},
    };

    /// An index of `n` documents: document `i` has the word `common`, `i % 7` times the word
    /// `often` and scope code `i % 3`.
    fn index(n: u64) -> (Index, tantivy::schema::Field) {
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT);
        let scope = b.add_u64_field(SCOPE_FIELD, FAST);
        let index = Index::create_in_ram(b.build());
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        for i in 0..n {
            let mut doc = TantivyDocument::default();
            let words = format!("common {}", "often ".repeat((i % 7) as usize));
            doc.add_text(body, words);
            doc.add_u64(scope, i % 3);
            writer.add_document(doc).unwrap();
            if i % 40 == 39 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        (index, body)
    }

    fn word(field: tantivy::schema::Field, w: &str, boost: f32) -> Box<dyn Query> {
        Box::new(BoostQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(field, w),
                IndexRecordOption::WithFreqs,
            )),
            boost,
        ))
    }

    #[test]
    fn the_count_stops_at_its_cap_and_says_so() {
        let (index, body) = index(100);
        let searcher = index.reader().unwrap().searcher();
        let q = word(body, "common", 1.0);
        assert_eq!(
            searcher
                .search(&*q, &CappedCount::new(10, vec![0, 1, 2]))
                .unwrap(),
            (10, true)
        );
        assert_eq!(
            searcher
                .search(&*q, &CappedCount::new(100, vec![0, 1, 2]))
                .unwrap(),
            (100, false)
        );
        // Only scope 0: documents 0, 3, …, 99.
        assert_eq!(
            searcher
                .search(&*q, &CappedCount::new(1000, vec![0]))
                .unwrap(),
            (34, false)
        );
    }

    #[test]
    fn the_pruned_top_equals_the_full_ranking_within_the_scopes() {
        let (index, body) = index(500);
        let searcher = index.reader().unwrap().searcher();
        // A flat disjunction of boosted terms: the shape tantivy prunes with block-max WAND.
        let q = BooleanQuery::new(vec![
            (Occur::Should, word(body, "often", 2.0)),
            (Occur::Should, word(body, "common", 0.5)),
        ]);
        let scopes = vec![1, 2];
        let top = searcher
            .search(
                &q,
                &ScopedTop {
                    limit: 15,
                    scopes: scopes.clone(),
                },
            )
            .unwrap();
        let all = searcher
            .search(&q, &TopDocs::with_limit(500).order_by_score())
            .unwrap();
        let scope_of = |a: DocAddress| {
            let reader = searcher.segment_reader(a.segment_ord);
            reader
                .fast_fields()
                .u64(SCOPE_FIELD)
                .unwrap()
                .first(a.doc_id)
                .unwrap()
        };
        let expected: Vec<f32> = all
            .iter()
            .filter(|(_, a)| scopes.contains(&scope_of(*a)))
            .map(|(s, _)| *s)
            .take(15)
            .collect();
        assert_eq!(top.iter().map(|(s, _)| *s).collect::<Vec<_>>(), expected);
        assert!(top.iter().all(|(_, a)| scopes.contains(&scope_of(*a))));
        assert_eq!(searcher.search(&q, &Count).unwrap(), 500);
    }

    #[test]
    fn a_reader_without_scopes_gets_nothing() {
        let (index, body) = index(20);
        let searcher = index.reader().unwrap().searcher();
        let q = word(body, "common", 1.0);
        assert!(
            searcher
                .search(
                    &*q,
                    &ScopedTop {
                        limit: 10,
                        scopes: vec![]
                    }
                )
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            searcher.search(&*q, &CappedCount::new(10, vec![])).unwrap(),
            (0, false)
        );
    }

    #[test]
    fn best_keeps_the_highest_scores_in_order() {
        let mut best = Best::new(2);
        let at = |d| DocAddress::new(0, d);
        assert_eq!(best.offer(Scored(1.0, at(1))), Score::MIN);
        assert_eq!(best.offer(Scored(3.0, at(2))), 1.0);
        assert_eq!(best.offer(Scored(2.0, at(3))), 2.0);
        assert_eq!(best.offer(Scored(0.5, at(4))), 2.0);
        assert_eq!(best.into_sorted(), vec![(3.0, at(2)), (2.0, at(3))]);
    }

    #[test]
    fn equal_scores_keep_the_lower_address_first() {
        let mut best = Best::new(2);
        let at = |d| DocAddress::new(0, d);
        best.offer(Scored(1.0, at(5)));
        best.offer(Scored(1.0, at(2)));
        best.offer(Scored(1.0, at(9)));
        assert_eq!(best.into_sorted(), vec![(1.0, at(2)), (1.0, at(5))]);
    }
}
