//! "Did you mean": when a query finds little, each of its words that is not a Finnish word
//! Voikko knows (a typo, or a word typed without ä/ö) is looked up in the index's
//! dictionary of word forms (`words`; with Voikko also of base forms and compound parts, so
//! a typo is respelled as the base form, not as one inflection of it) with a Levenshtein
//! automaton, first at distance 1, then 2. A candidate counts only by the documents the reader may find (its term and the
//! reader's scopes, counted inside tantivy), and the rewritten query is run within the same
//! scopes and filters before it is offered, so a suggestion never reveals a word that only
//! appears in content the reader cannot open.
use std::collections::BTreeSet;

use tantivy::{
    Searcher, Term,
    collector::Count,
    query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery},
    schema::{Field, IndexRecordOption},
};

use super::{
    facets::Filters,
    query::{Lexicon, Part, build},
    schema::{Analyser, Fields},
    scope::Scope,
};

/// Offer a suggestion when a query finds fewer hits than this.
pub const FEW: u64 = 3;
/// Candidates looked at per word and distance.
const CANDIDATES: usize = 40;

/// The query written back as text: words, "phrases", -excluded, prefix*.
pub fn to_text(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Word(w) => w.clone(),
            Part::Phrase(ws) => format!("\"{}\"", ws.join(" ")),
            Part::Exclude(w) => format!("-{w}"),
            Part::Prefix(w) => format!("{w}*"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The dictionaries spellings come from: word forms as written, and with Voikko base forms
/// and compound parts.
fn dictionaries(f: &Fields, analyser: &Analyser) -> Vec<Field> {
    match analyser {
        Analyser::Voikko(_) => vec![f.words, f.base_title, f.base_body, f.parts],
        Analyser::Snowball => vec![f.words],
    }
}

/// Terms of the dictionaries within `distance` of `word`.
fn near(
    searcher: &Searcher,
    fields: &[Field],
    word: &str,
    distance: u8,
) -> tantivy::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    let Some(&first) = fields.first() else {
        return Ok(out);
    };
    // The automaton depends on the word and the distance only: built once (building one is
    // most of the cost of a look-up), then run over every field's dictionary in every segment.
    let automaton =
        FuzzyTermQuery::new(Term::from_field_text(first, word), distance, true).automaton()?;
    for &field in fields {
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().search(&automaton).into_stream()?;
            while stream.advance() && out.len() < CANDIDATES {
                if let Ok(term) = std::str::from_utf8(stream.key())
                    && term != word
                {
                    out.insert(term.to_owned());
                }
            }
        }
    }
    Ok(out)
}

/// Documents with this term in one of the dictionaries that the reader may find.
fn visible(searcher: &Searcher, fields: &[Field], word: &str, scope: Box<dyn Query>) -> u64 {
    let any: Vec<(Occur, Box<dyn Query>)> = fields
        .iter()
        .map(|&field| {
            let term: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, term)
        })
        .collect();
    let query = BooleanQuery::new(vec![
        (Occur::Must, scope),
        (Occur::Must, Box::new(BooleanQuery::new(any))),
    ]);
    super::parallel::search(searcher, &query, &Count).unwrap_or(0) as u64
}

/// The best spelling of `word` the reader can find, if any: nearest first, then most found.
fn respell(
    searcher: &Searcher,
    f: &Fields,
    fields: &[Field],
    word: &str,
    scopes: &[Scope],
) -> Option<String> {
    let len = word.chars().count();
    if len < 3 {
        return None;
    }
    let max = if len < 6 { 1 } else { 2 };
    for distance in 1..=max {
        let best = near(searcher, fields, word, distance)
            .ok()?
            .into_iter()
            .map(|c| {
                let n = visible(searcher, fields, &c, super::query::scope_filter(f, scopes));
                (n, c)
            })
            .filter(|(n, _)| *n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        if let Some((_, c)) = best {
            return Some(c);
        }
    }
    None
}

/// A respelled query that finds at least `found` (and some) documents within the reader's
/// scopes and filters, as text; `None` when no word has a better spelling.
#[allow(clippy::too_many_arguments)]
pub fn suggest(
    searcher: &Searcher,
    lex: Lexicon<'_>,
    f: &Fields,
    analyser: &Analyser,
    parts: &[Part],
    scopes: &[Scope],
    filters: &Filters,
    found: u64,
) -> Option<String> {
    let fields = dictionaries(f, analyser);
    let mut changed = false;
    let respelled: Vec<Part> = parts
        .iter()
        .map(|p| match p {
            // A word Voikko knows is spelt right: a text that lacks it is no reason to offer
            // another word (*kokemus*, experience, is not respelt *hakemus*, application).
            Part::Word(w)
                if !analyser.knows(w)
                    && visible(searcher, &fields, w, super::query::scope_filter(f, scopes))
                        == 0 =>
            {
                match respell(searcher, f, &fields, w, scopes) {
                    Some(better) => {
                        changed = true;
                        Part::Word(better)
                    }
                    None => p.clone(),
                }
            }
            other => other.clone(),
        })
        .collect();
    if !changed {
        return None;
    }
    let mut query = build(
        f,
        analyser,
        lex,
        &respelled,
        scopes,
        super::query::grams_first(analyser),
    )?;
    let extra = filters.clauses(f);
    if !extra.is_empty() {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        clauses.extend(extra);
        query = Box::new(BooleanQuery::new(clauses));
    }
    let n = super::parallel::search(searcher, &*query, &Count).ok()? as u64;
    // Offered when it finds at least as much: a typo that stemming forgave still gets the
    // right spelling shown.
    (n > 0 && n >= found).then(|| to_text(&respelled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_written_back_as_typed() {
        let parts = super::super::query::parse(r#"asiakas "hyvä palvelu" -vero palv*"#);
        assert_eq!(to_text(&parts), r#"asiakas "hyvä palvelu" -vero palv*"#);
    }
}
