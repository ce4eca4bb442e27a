//! The reader's words as tantivy queries: each word in its stems, base forms, folded form
//! and compound parts, weighted by field; phrases; prefixes; the scope filter.
use tantivy::{
    Term,
    query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
    },
    schema::IndexRecordOption,
};

use super::{
    super::{
        conjunction::AllWords,
        schema::{self, Analyser, Fields, LANGS},
        scope::Scope,
    },
    parse::Part,
};
use crate::i18n::Lang;

/// Field weights: title above labels above body; the exact word form (`EXACT_BOOST`, added
/// to the stem's score) above the stem alone, above ä/ö-folded words, above compound grams.
const TITLE_BOOST: f32 = 3.0;
const LABEL_BOOST: f32 = 2.0;
const BODY_BOOST: f32 = 1.0;
const EXACT_BOOST: f32 = 0.5;
const BYLINE_BOOST: f32 = 1.0;
const FOLDED_BOOST: f32 = 0.4;
const GRAMS_BOOST: f32 = 0.2;
/// A compound part found by Voikko (*palvelu* in *asiakaspalvelussa*): below the word's own
/// base form, above an n-gram match.
const PART_BOOST: f32 = 0.3;
pub(super) const POST_BOOST: f32 = 0.05;

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// Documents with this word in any of its forms.
pub(crate) fn word_query(
    f: &Fields,
    analyser: &Analyser,
    word: &str,
    with_grams: bool,
) -> Box<dyn Query> {
    if let Some(bases) = analyser.base_forms(word) {
        return voikko_word_query(f, &bases, word, with_grams);
    }
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for lang in LANGS {
        let (title, body) = f.text_of(lang);
        for stem in schema::tokens(&mut schema::stemming(lang), word) {
            should.push((
                Occur::Should,
                boosted(term_query(title, &stem), TITLE_BOOST),
            ));
            should.push((
                Occur::Should,
                boosted(term_query(f.labels_of(lang), &stem), LABEL_BOOST),
            ));
            should.push((Occur::Should, boosted(term_query(body, &stem), BODY_BOOST)));
        }
    }
    for other in finnish_other_stems(word) {
        let (title, body) = f.text_of(Lang::Fi);
        should.push((
            Occur::Should,
            boosted(term_query(title, &other), TITLE_BOOST * 0.8),
        ));
        should.push((
            Occur::Should,
            boosted(term_query(body, &other), BODY_BOOST * 0.8),
        ));
    }
    should.push((
        Occur::Should,
        boosted(term_query(f.words, word), EXACT_BOOST),
    ));
    should.push((
        Occur::Should,
        boosted(term_query(f.byline, word), BYLINE_BOOST),
    ));
    for folded in schema::tokens(&mut schema::folding(), word) {
        should.push((
            Occur::Should,
            boosted(term_query(f.folded, &folded), FOLDED_BOOST),
        ));
    }
    if with_grams {
        should.extend(grams_clause(f, word));
    }
    Box::new(BooleanQuery::new(should))
}

/// Documents whose `grams` field has every n-gram of the (folded) word: a compound part.
/// Nothing for a word shorter than an n-gram.
fn grams_clause(f: &Fields, word: &str) -> Option<(Occur, Box<dyn Query>)> {
    let folded = schema::tokens(&mut schema::folding(), word)
        .into_iter()
        .next()?;
    if folded.chars().count() < schema::GRAM {
        return None;
    }
    let all: Vec<(Occur, Box<dyn Query>)> = schema::word_grams(&folded)
        .iter()
        .map(|g| (Occur::Must, term_query(f.grams, g)))
        .collect();
    Some((
        Occur::Should,
        boosted(Box::new(BooleanQuery::new(all)), GRAMS_BOOST),
    ))
}

/// Whether the first pass of a query looks for compound parts by n-grams: always with
/// Snowball; with Voikko only when it found little (see `GRAMS_RETRY_BELOW`).
pub fn grams_first(analyser: &Analyser) -> bool {
    matches!(analyser, Analyser::Snowball)
}

/// With Voikko: one flat disjunction of boosted term queries (so tantivy can skip blocks
/// that cannot reach the top): the word's Finnish base forms in titles and bodies and as
/// compound parts, its Swedish and English stems, the exact form, the ä/ö-folded form and
/// the byline.
/// With `with_grams`, also the n-grams of words Voikko did not know (the second pass of a
/// query that found little: *botti* in *chatbotin*).
fn voikko_word_query(f: &Fields, bases: &[String], word: &str, with_grams: bool) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = voikko_word_terms(f, bases, word)
        .into_iter()
        .map(|q| (Occur::Should, q))
        .collect();
    if with_grams {
        should.extend(grams_clause(f, word));
    }
    Box::new(BooleanQuery::new(should))
}

/// The boosted term queries of `voikko_word_query` without n-grams.
fn voikko_word_terms(f: &Fields, bases: &[String], word: &str) -> Vec<Box<dyn Query>> {
    let mut terms: Vec<(tantivy::schema::Field, String, f32)> = Vec::new();
    for base in bases {
        terms.push((f.base_title, base.clone(), TITLE_BOOST));
        terms.push((f.base_body, base.clone(), BODY_BOOST));
        terms.push((f.parts, base.clone(), PART_BOOST));
    }
    for stem in schema::tokens(&mut schema::stemming(Lang::Fi), word) {
        terms.push((f.labels_of(Lang::Fi), stem, LABEL_BOOST));
    }
    for lang in [Lang::Sv, Lang::En] {
        let (title, body) = f.text_of(lang);
        for stem in schema::tokens(&mut schema::stemming(lang), word) {
            terms.push((title, stem.clone(), TITLE_BOOST));
            terms.push((f.labels_of(lang), stem.clone(), LABEL_BOOST));
            terms.push((body, stem, BODY_BOOST));
        }
    }
    terms.push((f.words, word.to_owned(), EXACT_BOOST));
    terms.push((f.byline, word.to_owned(), BYLINE_BOOST));
    for folded in schema::tokens(&mut schema::folding(), word) {
        terms.push((f.folded, folded, FOLDED_BOOST));
    }
    let mut seen = std::collections::HashSet::new();
    terms
        .into_iter()
        .filter(|(field, text, _)| seen.insert((*field, text.clone())))
        .map(|(field, text, boost)| boosted(term_query(field, &text), boost))
        .collect()
}

/// A word or phrase as a flat list of term queries, when it is one: a word with Voikko (and
/// without n-grams), a phrase of two words. `None` for anything else.
fn flat_terms(
    f: &Fields,
    analyser: &Analyser,
    part: &Part,
    grams: bool,
) -> Option<Vec<Box<dyn Query>>> {
    match part {
        Part::Word(w) if !grams => {
            let bases = analyser.base_forms(w)?;
            Some(voikko_word_terms(f, &bases, w))
        }
        Part::Phrase(words) => pair_terms(f, words),
        _ => None,
    }
}

/// Stems Snowball gives the inflected forms of a Finnish base form that it leaves whole:
/// consonant gradation makes *asiakas* into *asiakkaan*, *asiakkaiden* (stem *asiak*), and
/// words in *-nen* inflect in *-s-* (*luottamuksellinen*, *luottamuksellisesta*: stem
/// *luottamuksellis*), and words in *-us*/*-ys* in *-ks-*. Voikko would know every word;
/// this covers the common patterns.
fn finnish_other_stems(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let vowel = |c: char| "aeiouyäö".contains(c);
    let mut out = Vec::new();
    if n >= 5 && chars[n - 1] == 's' && vowel(chars[n - 2]) && !vowel(chars[n - 3]) {
        out.push(chars[..n - 2].iter().collect());
    }
    // *kysymys*, *hakemus*: the inflected forms have *-ks-* (*kysymyksiin*, *hakemuksen*).
    if n >= 5 && chars[n - 1] == 's' && "uyoö".contains(chars[n - 2]) {
        out.push(format!("{}ks", chars[..n - 1].iter().collect::<String>()));
    }
    if n >= 6 && word.ends_with("nen") {
        out.push(format!("{}s", chars[..n - 3].iter().collect::<String>()));
    }
    out
}

/// Documents with these words in this order, in their language's forms. Two words are one
/// term of the `pairs_*` fields (`pairs`; tantivy answers it like a single word, without
/// reading positions); longer phrases, and the query that finds the words to highlight, are
/// phrase queries on the language fields.
fn phrase_query(f: &Fields, words: &[String], pairs: bool) -> Box<dyn Query> {
    if pairs && let Some(terms) = pair_terms(f, words) {
        return Box::new(BooleanQuery::new(
            terms.into_iter().map(|t| (Occur::Should, t)).collect(),
        ));
    }
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for lang in LANGS {
        let (title, body) = f.text_of(lang);
        let stems: Vec<String> = words
            .iter()
            .filter_map(|w| {
                schema::tokens(&mut schema::stemming(lang), w)
                    .into_iter()
                    .next()
            })
            .collect();
        if stems.len() < 2 {
            continue;
        }
        for (field, boost) in [(title, TITLE_BOOST), (body, BODY_BOOST)] {
            let terms = stems
                .iter()
                .map(|s| Term::from_field_text(field, s))
                .collect();
            should.push((
                Occur::Should,
                boosted(Box::new(PhraseQuery::new(terms)), boost),
            ));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// A two-word phrase as the term queries of its pair in each language's stems, in titles and
/// bodies; `None` for other phrases.
fn pair_terms(f: &Fields, words: &[String]) -> Option<Vec<Box<dyn Query>>> {
    let [first, second] = words else {
        return None;
    };
    let mut seen = std::collections::HashSet::new();
    let mut terms = Vec::new();
    for lang in LANGS {
        let stem = |w: &str| {
            schema::tokens(&mut schema::stemming(lang), w)
                .into_iter()
                .next()
        };
        let (Some(a), Some(b)) = (stem(first), stem(second)) else {
            continue;
        };
        let term = schema::pair_term(lang, &a, &b);
        if seen.insert(term.clone()) {
            terms.push(boosted(term_query(f.pairs_title, &term), TITLE_BOOST));
            terms.push(boosted(term_query(f.pairs_body, &term), BODY_BOOST));
        }
    }
    (!terms.is_empty()).then_some(terms)
}

/// Words beginning with `prefix` (folded, so `paat*` finds `päätös`); at least two letters.
fn prefix_query(f: &Fields, prefix: &str) -> Option<Box<dyn Query>> {
    let folded = schema::tokens(&mut schema::folding(), prefix)
        .into_iter()
        .next()?;
    if folded.chars().count() < 2 || !folded.chars().all(char::is_alphanumeric) {
        return None;
    }
    let regex = RegexQuery::from_pattern(&format!("{folded}.*"), f.folded).ok()?;
    Some(Box::new(regex))
}

/// The reader's scopes as a filter that adds nothing to the score.
pub(crate) fn scope_filter(f: &Fields, scopes: &[Scope]) -> Box<dyn Query> {
    let any: Vec<(Occur, Box<dyn Query>)> = scopes
        .iter()
        .map(|s| (Occur::Should, term_query(f.scope, &s.term())))
        .collect();
    Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0))
}

/// What the reader typed as a scored tantivy query without the scope filter (the ranked
/// search checks scopes in its collectors), or `None` when nothing positive was asked. A
/// single word is its flat disjunction of terms itself, which tantivy can prune.
pub fn build_match(
    f: &Fields,
    analyser: &Analyser,
    parts: &[Part],
    grams: bool,
) -> Option<Box<dyn Query>> {
    if let Some(all) = all_words(f, analyser, parts, grams) {
        return Some(Box::new(all));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for part in parts {
        match part {
            Part::Word(w) => clauses.push((Occur::Must, word_query(f, analyser, w, grams))),
            Part::Phrase(words) => clauses.push((Occur::Must, phrase_query(f, words, true))),
            Part::Exclude(w) => {
                clauses.push((Occur::MustNot, word_query(f, analyser, w, false)));
            }
            Part::Prefix(w) => clauses.push((Occur::Must, prefix_query(f, w)?)),
        }
    }
    if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
        return None;
    }
    if clauses.len() == 1 {
        return clauses.pop().map(|(_, q)| q);
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// Several words and two-word phrases, maybe with excluded words, all of them flat term lists:
/// the conjunction that tantivy can prune (see `conjunction`). `None` for anything else (one
/// word alone already prunes as it is).
fn all_words(f: &Fields, analyser: &Analyser, parts: &[Part], grams: bool) -> Option<AllWords> {
    let mut words = Vec::new();
    let mut excluded = Vec::new();
    for part in parts {
        match part {
            Part::Exclude(w) => excluded.push(word_query(f, analyser, w, false)),
            _ => words.push(flat_terms(f, analyser, part, grams)?),
        }
    }
    if words.is_empty() || (words.len() == 1 && excluded.is_empty()) {
        return None;
    }
    Some(AllWords::new(words, excluded))
}

/// The whole tantivy query with the scope filter as a required clause, or `None` when
/// nothing positive was asked (facet counts, newest-first and suggestions use it).
pub fn build(
    f: &Fields,
    analyser: &Analyser,
    parts: &[Part],
    scopes: &[Scope],
    grams: bool,
) -> Option<Box<dyn Query>> {
    build_with(f, analyser, parts, scopes, grams, true)
}

/// The query whose terms the snippets highlight: the Snowball form with n-grams, and
/// phrases as phrase queries on the language fields (whose words a snippet marks).
pub(super) fn highlight_query(
    f: &Fields,
    parts: &[Part],
    scopes: &[Scope],
) -> Option<Box<dyn Query>> {
    build_with(f, &Analyser::Snowball, parts, scopes, true, false)
}

fn build_with(
    f: &Fields,
    analyser: &Analyser,
    parts: &[Part],
    scopes: &[Scope],
    grams: bool,
    pairs: bool,
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, scope_filter(f, scopes))];
    let mut positive = false;
    for part in parts {
        match part {
            Part::Word(w) => {
                positive = true;
                clauses.push((Occur::Must, word_query(f, analyser, w, grams)));
            }
            Part::Phrase(words) => {
                positive = true;
                clauses.push((Occur::Must, phrase_query(f, words, pairs)));
            }
            Part::Exclude(w) => {
                clauses.push((Occur::MustNot, word_query(f, analyser, w, false)));
            }
            Part::Prefix(w) => {
                positive = true;
                clauses.push((Occur::Must, prefix_query(f, w)?));
            }
        }
    }
    // A post a little above a comment on it that matches as well.
    clauses.push((
        Occur::Should,
        boosted(
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, "post"),
                IndexRecordOption::Basic,
            )),
            POST_BOOST,
        ),
    ));
    positive.then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_base_forms_reach_their_inflected_stems() {
        assert_eq!(finnish_other_stems("asiakas"), ["asiak"]);
        assert_eq!(
            finnish_other_stems("luottamuksellinen"),
            ["luottamuksellis"]
        );
        assert!(finnish_other_stems("palvelu").is_empty());
        assert!(finnish_other_stems("kas").is_empty());
    }
}
