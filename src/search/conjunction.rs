//! Words that must all match, ranked without scoring every document that has them all.
//!
//! Each word of a query is a flat disjunction of term queries (its forms in each field). A
//! conjunction of such disjunctions is an intersection of unions, which tantivy can only
//! walk document by document: two common words cost tens of milliseconds. For the ranked
//! top, [`AllWords`] instead runs block-max WAND over the union of *all* the words' terms —
//! the same sum of term scores — and admits a candidate only when every word (and no
//! excluded word) is in it. Block-max WAND only skips documents whose best possible sum
//! cannot beat the current threshold, and the threshold only ever comes from admitted
//! documents, so the top is exactly the conjunction's top. Everything else (counts, facets,
//! explanations, newest first) goes through the plain conjunction.
use tantivy::{
    DocId, DocSet, Score, SegmentReader, TERMINATED, Term,
    query::{BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight},
};

/// Every word must match, no excluded word may; scored as the sum of the words' term scores.
#[derive(Debug)]
pub struct AllWords {
    /// Each word's term queries (each a possibly boosted `TermQuery`).
    words: Vec<Vec<Box<dyn Query>>>,
    excluded: Vec<Box<dyn Query>>,
}

impl AllWords {
    /// `words`: at least one, each a non-empty list of term queries.
    pub fn new(words: Vec<Vec<Box<dyn Query>>>, excluded: Vec<Box<dyn Query>>) -> AllWords {
        AllWords { words, excluded }
    }

    fn word(terms: &[Box<dyn Query>]) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            terms
                .iter()
                .map(|t| (Occur::Should, t.box_clone()))
                .collect(),
        ))
    }

    /// The same documents and scores as a boolean query.
    fn conjunction(&self) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .words
            .iter()
            .map(|w| (Occur::Must, AllWords::word(w)))
            .collect();
        clauses.extend(
            self.excluded
                .iter()
                .map(|e| (Occur::MustNot, e.box_clone())),
        );
        BooleanQuery::new(clauses)
    }

    /// Every term of every word in one disjunction, which block-max WAND can prune.
    fn flat(&self) -> BooleanQuery {
        BooleanQuery::new(
            self.words
                .iter()
                .flatten()
                .map(|t| (Occur::Should, t.box_clone()))
                .collect(),
        )
    }
}

impl Clone for AllWords {
    fn clone(&self) -> AllWords {
        AllWords {
            words: self
                .words
                .iter()
                .map(|w| w.iter().map(|t| t.box_clone()).collect())
                .collect(),
            excluded: self.excluded.iter().map(|e| e.box_clone()).collect(),
        }
    }
}

impl Query for AllWords {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let conjunction = self.conjunction().weight(enable_scoring)?;
        if !enable_scoring.is_scoring_enabled() {
            return Ok(conjunction);
        }
        // Membership is all the candidates need: no term frequencies.
        let membership = EnableScoring::disabled_from_schema(enable_scoring.schema());
        Ok(Box::new(AllWordsWeight {
            flat: self.flat().weight(enable_scoring)?,
            words: self
                .words
                .iter()
                .map(|w| AllWords::word(w).weight(membership))
                .collect::<tantivy::Result<_>>()?,
            excluded: self
                .excluded
                .iter()
                .map(|e| e.weight(membership))
                .collect::<tantivy::Result<_>>()?,
            conjunction,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in self.words.iter().flatten() {
            term.query_terms(visitor);
        }
        for e in &self.excluded {
            e.query_terms(visitor);
        }
    }
}

struct AllWordsWeight {
    conjunction: Box<dyn Weight>,
    flat: Box<dyn Weight>,
    words: Vec<Box<dyn Weight>>,
    excluded: Vec<Box<dyn Weight>>,
}

/// Whether `docset`, moved forward to `doc` if it is behind, is on `doc`. Candidates come in
/// increasing order, so each docset only ever moves forward.
fn reaches(docset: &mut dyn Scorer, doc: DocId) -> bool {
    if docset.doc() < doc {
        docset.seek(doc);
    }
    docset.doc() == doc
}

impl Weight for AllWordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.conjunction.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.conjunction.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.conjunction.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.conjunction.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.conjunction.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut words = self
            .words
            .iter()
            .map(|w| w.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        // A word missing from the segment: nothing here has every word.
        if words.iter().any(|w| w.doc() == TERMINATED) {
            return Ok(());
        }
        let mut excluded = self
            .excluded
            .iter()
            .map(|e| e.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut current = threshold;
        let mut admit = |doc: DocId, score: Score| -> Score {
            let all = words.iter_mut().all(|w| reaches(w.as_mut(), doc));
            if all && !excluded.iter_mut().any(|e| reaches(e.as_mut(), doc)) {
                current = callback(doc, score);
            }
            current
        };
        self.flat.for_each_pruning(threshold, reader, &mut admit)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::{
        Index, IndexWriter, TantivyDocument,
        collector::TopDocs,
        query::{BoostQuery, TermQuery},
        schema::{IndexRecordOption, Schema, TEXT},
    };

    use super::*;

    /// On random documents over a small vocabulary, the top by `AllWords` is the top by the
    /// plain conjunction, scores and all, with and without an excluded word.
    #[test]
    fn the_top_is_the_conjunctions_top() {
        let mut b = Schema::builder();
        let title = b.add_text_field("title", TEXT);
        let body = b.add_text_field("body", TEXT);
        let index = Index::create_in_ram(b.build());
        let vocabulary = ["aa", "bb", "cc", "dd", "ee", "ff", "gg"];
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        for _ in 0..3000 {
            let mut doc = TantivyDocument::default();
            let words = |n: usize, next: &mut dyn FnMut() -> usize| {
                (0..n)
                    .map(|_| vocabulary[next() % vocabulary.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let t = words(1 + next() % 3, &mut next);
            let bd = words(1 + next() % 30, &mut next);
            doc.add_text(title, t);
            doc.add_text(body, bd);
            writer.add_document(doc).unwrap();
            if next() % 500 == 0 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |field, text: &str, boost: f32| -> Box<dyn Query> {
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(field, text),
                    IndexRecordOption::WithFreqs,
                )),
                boost,
            ))
        };
        let word = |text: &str| vec![term(title, text, 3.0), term(body, text, 1.0)];
        for (words, excluded) in [
            (vec!["aa", "bb"], vec![]),
            (vec!["aa", "bb", "cc"], vec![]),
            (vec!["dd"], vec!["ee"]),
            (vec!["ff", "gg"], vec!["aa"]),
            (vec!["aa", "zz"], vec![]),
        ] {
            let all = AllWords::new(
                words.iter().map(|w| word(w)).collect(),
                excluded.iter().map(|w| AllWords::word(&word(w))).collect(),
            );
            let plain = all.conjunction();
            let top = TopDocs::with_limit(25).order_by_score();
            let ours = searcher.search(&all, &top).unwrap();
            let theirs = searcher.search(&plain, &top).unwrap();
            assert_eq!(ours.len(), theirs.len(), "{words:?} -{excluded:?}");
            for (a, b) in ours.iter().zip(&theirs) {
                assert!((a.0 - b.0).abs() < 1e-4, "{words:?}: {a:?} vs {b:?}");
            }
            assert_eq!(
                all.count(&searcher).unwrap(),
                plain.count(&searcher).unwrap()
            );
            if words.contains(&"zz") {
                assert!(ours.is_empty());
            } else {
                assert!(!ours.is_empty(), "{words:?}");
            }
        }
    }
}
