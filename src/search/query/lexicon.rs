//! The index's dictionaries as a query is built: whether a term is in the index at all (a
//! term no document has is left out of the query), and which indexed terms a word typed
//! without ä, ö or å stands for (`kayttaja` → `käyttäjä`).
use std::{
    collections::{BTreeSet, HashMap},
    sync::{Arc, Mutex},
};

use tantivy::{
    Searcher, SegmentReader, Term,
    index::{InvertedIndexReader, SegmentId},
    schema::Field,
    termdict::TermDictionary,
};

/// Terms restored for one word at most (a short word can fold many).
const MAX_RESTORED: usize = 8;

/// Which fields each segment has any term in, kept while the segment lives. Asked for a field
/// a segment lacks, tantivy builds an empty dictionary afresh each time (a fifth of a search's
/// work on a small index, with a field per language); a query skips such fields instead.
#[derive(Default)]
pub struct PresentFields(Mutex<HashMap<SegmentId, Arc<Vec<bool>>>>);

impl PresentFields {
    /// The fields present in each of `searcher`'s segments, by segment ordinal.
    pub fn of(&self, searcher: &Searcher) -> Vec<Arc<Vec<bool>>> {
        let readers = searcher.segment_readers();
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let present = readers
            .iter()
            .map(|r| {
                kept.entry(r.segment_id())
                    .or_insert_with(|| Arc::new(fields_in(r)))
                    .clone()
            })
            .collect();
        // Segments merged away are forgotten now and then (a searcher a moment older may
        // still name some: they are simply read again).
        if kept.len() > 2 * readers.len() + 16 {
            kept.retain(|id, _| readers.iter().any(|r| r.segment_id() == *id));
        }
        present
    }
}

/// By field id: whether the segment has any term in the field.
fn fields_in(reader: &SegmentReader) -> Vec<bool> {
    reader
        .schema()
        .fields()
        .map(|(field, entry)| {
            entry.is_indexed()
                && reader
                    .inverted_index(field)
                    .is_ok_and(|index| index.terms().num_terms() > 0)
        })
        .collect()
}

/// Looks terms up in the index a query will run on; `none()` looks nothing up (for checking
/// only whether a query has anything to search for).
#[derive(Clone, Copy)]
pub struct Lexicon<'a>(Option<(&'a Searcher, &'a [Arc<Vec<bool>>])>);

impl<'a> Lexicon<'a> {
    /// The dictionaries of `searcher`, whose segments have the fields `present`
    /// (`PresentFields::of` the same searcher).
    pub fn of(searcher: &'a Searcher, present: &'a [Arc<Vec<bool>>]) -> Lexicon<'a> {
        Lexicon(Some((searcher, present)))
    }

    pub fn none() -> Lexicon<'static> {
        Lexicon(None)
    }

    /// Each segment's dictionary of `field`, where the segment has the field.
    fn indexes(&self, field: Field) -> impl Iterator<Item = Arc<InvertedIndexReader>> + '_ {
        self.0.into_iter().flat_map(move |(searcher, present)| {
            searcher
                .segment_readers()
                .iter()
                .zip(present.iter())
                .filter(move |(_, p)| p.get(field.field_id() as usize) == Some(&true))
                .filter_map(move |(segment, _)| segment.inverted_index(field).ok())
        })
    }

    /// Whether some document has `text` in one of `fields`; true without a searcher, so that
    /// nothing is restored or left out then.
    pub fn has_any(&self, fields: &[Field], text: &str) -> bool {
        if self.0.is_none() {
            return true;
        }
        fields.iter().any(|&field| {
            let term = Term::from_field_text(field, text);
            self.indexes(field)
                .any(|index| index.doc_freq(&term).is_ok_and(|n| n > 0))
        })
    }

    /// Whether some document has `text` in `field` (a term query that can match).
    pub fn has(&self, field: Field, text: &str) -> bool {
        self.has_any(&[field], text)
    }

    /// The terms of `fields` that are `text` with some of its a's and o's written ä, å or ö,
    /// `text` itself included when indexed; nothing without a searcher.
    pub fn restore(&self, fields: &[Field], text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut found = BTreeSet::new();
        for &field in fields {
            for index in self.indexes(field) {
                let mut prefix = String::new();
                // A dictionary that cannot be read restores nothing: the query goes on with
                // what was typed.
                let _ = spellings_in(index.terms(), &chars, &mut prefix, &mut found, true);
            }
        }
        found.into_iter().take(MAX_RESTORED).collect()
    }

    /// The terms of `fields` that begin with `prefix` (with `umlauts`, also with its a's and
    /// o's written ä, å or ö), most frequent first, at most `MAX_EXPANSIONS`.
    pub fn expand_prefix(&self, fields: &[Field], prefix: &str, umlauts: bool) -> Vec<String> {
        let chars: Vec<char> = prefix.chars().collect();
        let mut counts: std::collections::HashMap<String, u32> = Default::default();
        for &field in fields {
            for index in self.indexes(field) {
                let dict = index.terms();
                let mut beginnings = BTreeSet::new();
                if umlauts {
                    let _ = spellings_in(dict, &chars, &mut String::new(), &mut beginnings, false);
                } else {
                    beginnings.insert(prefix.to_owned());
                }
                for beginning in beginnings {
                    let _ = terms_beginning(dict, &beginning, &mut counts);
                }
            }
        }
        let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
        terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        terms
            .into_iter()
            .take(MAX_EXPANSIONS)
            .map(|(term, _)| term)
            .collect()
    }
}

/// Terms a prefix is expanded to at most (as Elasticsearch's `max_expansions`); a query's
/// words beyond them are still found by a regular expression, only not ranked by frequency.
pub const MAX_EXPANSIONS: usize = 50;
/// Terms read per beginning and segment at most while expanding a prefix.
const MAX_SCANNED: usize = 20_000;

/// Adds the terms of `dict` beginning with `beginning` and their document counts.
fn terms_beginning(
    dict: &TermDictionary,
    beginning: &str,
    counts: &mut std::collections::HashMap<String, u32>,
) -> std::io::Result<()> {
    let mut stream = dict.range().ge(beginning.as_bytes()).into_stream()?;
    let mut scanned = 0;
    while stream.advance() && scanned < MAX_SCANNED {
        if !stream.key().starts_with(beginning.as_bytes()) {
            break;
        }
        scanned += 1;
        if let Ok(term) = std::str::from_utf8(stream.key()) {
            *counts.entry(term.to_owned()).or_default() += stream.value().doc_freq;
        }
    }
    Ok(())
}

/// Whether a (lower-case) word may have been typed without its umlauts: it has no ä, ö or å,
/// and an a or an o that could be one.
pub fn may_lack_umlauts(word: &str) -> bool {
    !word.contains(['ä', 'ö', 'å']) && word.contains(['a', 'o'])
}

/// The letters a typed letter may stand for.
fn variants(c: char) -> &'static [char] {
    match c {
        'a' => &['a', 'ä', 'å'],
        'o' => &['o', 'ö'],
        _ => &[],
    }
}

/// Depth first over the spellings of `rest` after `prefix`, following only prefixes some term
/// of `dict` begins with, collecting the spellings that are whole terms (`whole`) or that
/// some term begins with.
fn spellings_in(
    dict: &TermDictionary,
    rest: &[char],
    prefix: &mut String,
    found: &mut BTreeSet<String>,
    whole: bool,
) -> std::io::Result<()> {
    let Some((&c, rest)) = rest.split_first() else {
        if !whole || dict.get(prefix.as_bytes())?.is_some() {
            found.insert(prefix.clone());
        }
        return Ok(());
    };
    let own = [c];
    let letters = match variants(c) {
        [] => &own[..],
        some => some,
    };
    for &letter in letters {
        let len = prefix.len();
        prefix.push(letter);
        if found.len() < MAX_RESTORED && begins_some_term(dict, prefix)? {
            spellings_in(dict, rest, prefix, found, whole)?;
        }
        prefix.truncate(len);
    }
    Ok(())
}

fn begins_some_term(dict: &TermDictionary, prefix: &str) -> std::io::Result<bool> {
    let mut stream = dict.range().ge(prefix.as_bytes()).into_stream()?;
    Ok(stream.advance() && stream.key().starts_with(prefix.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_or_a_field_no_document_has_is_known_as_such() {
        use tantivy::{Index, IndexWriter, TantivyDocument, schema::STRING};
        let mut schema = tantivy::schema::Schema::builder();
        let used = schema.add_text_field("used", STRING);
        let unused = schema.add_text_field("unused", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (i, word) in ["palvelu", "asiakas"].into_iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(used, word);
            writer.add_document(doc).unwrap();
            if i == 0 {
                // Two segments: the words are in different ones.
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let kept = PresentFields::default();
        let present = kept.of(&searcher);
        assert!(present.iter().all(|p| p[used.field_id() as usize]));
        assert!(present.iter().all(|p| !p[unused.field_id() as usize]));
        let lex = Lexicon::of(&searcher, &present);
        assert!(lex.has(used, "palvelu"));
        assert!(lex.has(used, "asiakas"));
        assert!(!lex.has(used, "vero"));
        assert!(!lex.has(unused, "palvelu"));
        assert!(lex.has_any(&[unused, used], "asiakas"));
        // Without a searcher nothing is left out.
        assert!(Lexicon::none().has(unused, "palvelu"));
    }

    #[test]
    fn words_with_umlauts_or_without_a_or_o_are_taken_as_typed() {
        assert!(may_lack_umlauts("kayttaja"));
        assert!(!may_lack_umlauts("käyttäjä"));
        assert!(!may_lack_umlauts("kivi"));
    }
}
