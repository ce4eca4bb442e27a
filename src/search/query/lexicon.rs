//! The index's dictionaries as a query is built: whether a term is in the index at all, and
//! which indexed terms a word typed without ä, ö or å stands for (`kayttaja` → `käyttäjä`).
use std::collections::BTreeSet;

use tantivy::{Searcher, Term, schema::Field, termdict::TermDictionary};

/// Terms restored for one word at most (a short word can fold many).
const MAX_RESTORED: usize = 8;

/// Looks terms up in the index a query will run on; `none()` looks nothing up (for checking
/// only whether a query has anything to search for).
#[derive(Clone, Copy)]
pub struct Lexicon<'a>(Option<&'a Searcher>);

impl<'a> Lexicon<'a> {
    pub fn of(searcher: &'a Searcher) -> Lexicon<'a> {
        Lexicon(Some(searcher))
    }

    pub fn none() -> Lexicon<'static> {
        Lexicon(None)
    }

    /// Whether some document has `text` in one of `fields`; true without a searcher, so that
    /// nothing is restored then.
    pub fn has_any(&self, fields: &[Field], text: &str) -> bool {
        let Some(searcher) = self.0 else {
            return true;
        };
        fields.iter().any(|&field| {
            searcher
                .doc_freq(&Term::from_field_text(field, text))
                .is_ok_and(|n| n > 0)
        })
    }

    /// The terms of `fields` that are `text` with some of its a's and o's written ä, å or ö,
    /// `text` itself included when indexed; nothing without a searcher.
    pub fn restore(&self, fields: &[Field], text: &str) -> Vec<String> {
        let Some(searcher) = self.0 else {
            return Vec::new();
        };
        let chars: Vec<char> = text.chars().collect();
        let mut found = BTreeSet::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let Ok(index) = segment.inverted_index(field) else {
                    continue;
                };
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
        let Some(searcher) = self.0 else {
            return Vec::new();
        };
        let chars: Vec<char> = prefix.chars().collect();
        let mut counts: std::collections::HashMap<String, u32> = Default::default();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let Ok(index) = segment.inverted_index(field) else {
                    continue;
                };
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
    fn words_with_umlauts_or_without_a_or_o_are_taken_as_typed() {
        assert!(may_lack_umlauts("kayttaja"));
        assert!(!may_lack_umlauts("käyttäjä"));
        assert!(!may_lack_umlauts("kivi"));
    }
}
