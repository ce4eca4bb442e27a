//! A fingerprint of a built index's contents, for checking that a change to the rebuild
//! left the index the same: per field, every (document, term, frequency, positions) posting
//! and every document's stored fields, hashed with the document named by its stored `key`
//! (document numbers and segments differ from one rebuild to the next; keys do not).
use std::{
    collections::BTreeMap,
    hash::{DefaultHasher, Hash, Hasher},
    path::Path,
};

use anyhow::Context;
use tantivy::{
    DocSet, Document, Index, TERMINATED, TantivyDocument,
    postings::Postings,
    schema::{IndexRecordOption, Value},
};

/// Postings and a hash of them, for one field (or the stored documents, under `stored`).
#[derive(Default)]
struct Sum {
    entries: u64,
    hash: u64,
}

impl Sum {
    /// Adds one entry; the sum does not depend on the order entries come in.
    fn add(&mut self, entry: impl Hash) {
        let mut h = DefaultHasher::new();
        entry.hash(&mut h);
        self.entries += 1;
        self.hash = self.hash.wrapping_add(h.finish());
    }
}

/// Prints one line per field (postings, hash) and one for the stored documents.
pub fn print(data_dir: &Path) -> anyhow::Result<()> {
    let index = Index::open_in_dir(super::index_dir(data_dir)?)?;
    let schema = index.schema();
    let key = schema.get_field("key")?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut sums: BTreeMap<String, Sum> = BTreeMap::new();
    let mut positions = Vec::new();
    for segment in searcher.segment_readers() {
        let alive = |doc: u32| segment.alive_bitset().is_none_or(|a| a.is_alive(doc));
        let store = segment.get_store_reader(64)?;
        let mut keys = Vec::with_capacity(segment.max_doc() as usize);
        let stored = sums.entry("(stored)".to_owned()).or_default();
        for doc in 0..segment.max_doc() {
            let d: TantivyDocument = store.get(doc)?;
            let k = d
                .get_first(key)
                .and_then(|v| v.as_str())
                .context("a document without a key")?
                .to_owned();
            if alive(doc) {
                stored.add(d.to_json(&schema));
            }
            keys.push(k);
        }
        for (field, entry) in schema.fields() {
            if !entry.is_indexed() {
                continue;
            }
            let inverted = segment.inverted_index(field)?;
            let sum = sums.entry(entry.name().to_owned()).or_default();
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                let term = terms.key().to_vec();
                let mut postings = inverted.read_postings_from_terminfo(
                    terms.value(),
                    IndexRecordOption::WithFreqsAndPositions,
                )?;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive(doc) {
                        positions.clear();
                        postings.positions(&mut positions);
                        sum.add((&term, &keys[doc as usize], postings.term_freq(), &positions));
                    }
                    doc = postings.advance();
                }
            }
        }
    }
    for (name, sum) in &sums {
        println!("{name}\t{}\t{:016x}", sum.entries, sum.hash);
    }
    Ok(())
}
