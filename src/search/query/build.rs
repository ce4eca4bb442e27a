//! The reader's words as tantivy queries: each word in its stems, base forms, folded form
//! and compound parts, weighted by field; phrases; prefixes; the scope filter.
use std::ops::Bound;

use tantivy::{
    Term,
    query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
    },
    schema::IndexRecordOption,
};

use super::{
    super::{
        conjunction::AllWords,
        schema::{self, Analyser, Fields, LANGS},
        scope::Scope,
    },
    lexicon::{Lexicon, may_lack_umlauts},
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
/// Any word beginning with a prefix, whether or not among the expansions scored by BM25.
const PREFIX_ANY_BOOST: f32 = 0.1;
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
    lex: Lexicon<'_>,
    word: &str,
    with_grams: bool,
) -> Box<dyn Query> {
    if let Some(bases) = voikko_bases(f, analyser, lex, word) {
        return voikko_word_query(f, lex, &bases, word, with_grams);
    }
    let mut terms: Vec<(tantivy::schema::Field, String, f32)> = Vec::new();
    for lang in LANGS {
        let (title, body) = f.text_of(lang);
        let stems = if lang == Lang::Fi {
            finnish_stems(f, lex, word)
        } else {
            schema::tokens(&mut schema::stemming(lang), word)
        };
        for stem in stems {
            terms.push((title, stem.clone(), TITLE_BOOST));
            terms.push((f.labels_of(lang), stem.clone(), LABEL_BOOST));
            terms.push((body, stem, BODY_BOOST));
        }
    }
    for other in restore_stems(f, lex, word, finnish_other_stems(word)) {
        let (title, body) = f.text_of(Lang::Fi);
        terms.push((title, other.clone(), TITLE_BOOST * 0.8));
        terms.push((body, other, BODY_BOOST * 0.8));
    }
    terms.push((f.words, word.to_owned(), EXACT_BOOST));
    terms.push((f.byline, word.to_owned(), BYLINE_BOOST));
    push_folded(&mut terms, f, word);
    let mut should: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .filter(|(field, text, _)| lex.has(*field, text))
        .map(|(field, text, boost)| (Occur::Should, boosted(term_query(field, &text), boost)))
        .collect();
    if with_grams {
        should.extend(grams_clause(f, lex, word, true));
    }
    Box::new(BooleanQuery::new(should))
}

/// The word folded (`paatos` for *päätös*, and for *paatos* typed so), at `FOLDED_BOOST`:
/// in `folded`, where the index keeps the words folding changed, and in `words`, where the
/// others are as they are. Where that is the word itself, already asked of `words` at
/// `EXACT_BOOST`, its boost grows instead, as it scored when `folded` had every word.
fn push_folded(terms: &mut Vec<(tantivy::schema::Field, String, f32)>, f: &Fields, word: &str) {
    for folded in schema::tokens(&mut schema::folding(), word) {
        terms.push((f.folded, folded.clone(), FOLDED_BOOST));
        match terms
            .iter_mut()
            .find(|(field, text, _)| *field == f.words && *text == folded)
        {
            Some((_, _, boost)) => *boost += FOLDED_BOOST,
            None => terms.push((f.words, folded, FOLDED_BOOST)),
        }
    }
}

/// The Finnish Snowball stems a word stands for: its own and those of its inflected forms
/// (`finnish_other_stems`); typed without ä/ö and not in the index as typed, the indexed stems
/// it stands for (`yrittaja` → `yrittäj`).
fn finnish_stems(f: &Fields, lex: Lexicon<'_>, word: &str) -> Vec<String> {
    restore_stems(
        f,
        lex,
        word,
        schema::tokens(&mut schema::stemming(Lang::Fi), word),
    )
}

/// Finnish stems of `word`, with the indexed stems they stand for when the word may have
/// been typed without ä/ö and none of them is in the index as it is.
fn restore_stems(f: &Fields, lex: Lexicon<'_>, word: &str, mut stems: Vec<String>) -> Vec<String> {
    if may_lack_umlauts(word) {
        let (title, body) = f.text_of(Lang::Fi);
        let fields = [title, body];
        if !stems.iter().any(|s| lex.has_any(&fields, s)) {
            let restored: Vec<String> =
                stems.iter().flat_map(|s| lex.restore(&fields, s)).collect();
            stems.extend(restored);
        }
    }
    stems
}

/// Documents whose `grams` field has every n-gram of the (folded) word, or, `with_stems`, of
/// one of its Finnish stems (`neuvon` of *neuvonta* is in *yritysneuvonnassa*, where
/// *neuvonta* itself is not): a compound part. Nothing for a word shorter than an n-gram.
/// Spellings some n-gram of which no document has are left out.
fn grams_clause(
    f: &Fields,
    lex: Lexicon<'_>,
    word: &str,
    with_stems: bool,
) -> Option<(Occur, Box<dyn Query>)> {
    let folded = schema::tokens(&mut schema::folding(), word)
        .into_iter()
        .next()?;
    let mut spellings = vec![folded.clone()];
    if with_stems {
        let stems = schema::tokens(&mut schema::stemming(Lang::Fi), &folded)
            .into_iter()
            .chain(finnish_other_stems(&folded));
        for stem in stems {
            if !spellings.contains(&stem) {
                spellings.push(stem);
            }
        }
    }
    let any: Vec<(Occur, Box<dyn Query>)> = spellings
        .iter()
        .filter(|s| s.chars().count() >= schema::GRAM)
        .map(|s| schema::word_grams(s))
        .filter(|grams| grams.iter().all(|g| lex.has(f.grams, g)))
        .map(|grams| {
            let all: Vec<(Occur, Box<dyn Query>)> = grams
                .iter()
                .map(|g| (Occur::Must, term_query(f.grams, g)))
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
            )
        })
        .collect();
    if any.is_empty() {
        return None;
    }
    Some((
        Occur::Should,
        boosted(Box::new(BooleanQuery::new(any)), GRAMS_BOOST),
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
fn voikko_word_query(
    f: &Fields,
    lex: Lexicon<'_>,
    bases: &[String],
    word: &str,
    with_grams: bool,
) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = voikko_word_terms(f, lex, bases, word)
        .into_iter()
        .map(|q| (Occur::Should, q))
        .collect();
    if with_grams {
        should.extend(grams_clause(f, lex, word, false));
    }
    Box::new(BooleanQuery::new(should))
}

/// With Voikko, the base forms a word stands for (the word itself when Voikko does not know
/// it); typed without ä/ö and found in no base form or compound part of the index as typed,
/// the indexed ones it stands for (`kayttaja` → `käyttäjä`, also as a compound part).
/// `None` without Voikko.
fn voikko_bases(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
    word: &str,
) -> Option<Vec<String>> {
    let bases = analyser.base_forms(word)?;
    if !may_lack_umlauts(word) {
        return Some(bases);
    }
    let fields = [f.base_title, f.base_body, f.parts];
    if bases.iter().any(|b| lex.has_any(&fields, b)) {
        return Some(bases);
    }
    let restored: Vec<String> = bases.iter().flat_map(|b| lex.restore(&fields, b)).collect();
    Some(if restored.is_empty() { bases } else { restored })
}

/// The boosted term queries of `voikko_word_query` without n-grams (only terms some
/// document has: possibly none).
fn voikko_word_terms(
    f: &Fields,
    lex: Lexicon<'_>,
    bases: &[String],
    word: &str,
) -> Vec<Box<dyn Query>> {
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
    push_folded(&mut terms, f, word);
    let mut seen = std::collections::HashSet::new();
    terms
        .into_iter()
        .filter(|(field, text, _)| seen.insert((*field, text.clone())) && lex.has(*field, text))
        .map(|(field, text, boost)| boosted(term_query(field, &text), boost))
        .collect()
}

/// A word or phrase as a flat list of term queries, when it is one: a word with Voikko (and
/// without n-grams), a phrase of two words. `None` for anything else.
fn flat_terms(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
    part: &Part,
    grams: bool,
) -> Option<Vec<Box<dyn Query>>> {
    match part {
        Part::Word(w) if !grams => {
            let bases = voikko_bases(f, analyser, lex, w)?;
            Some(voikko_word_terms(f, lex, &bases, w))
        }
        Part::Phrase(words) => pair_terms(f, analyser, lex, words),
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
fn phrase_query(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
    words: &[String],
    pairs: bool,
) -> Box<dyn Query> {
    if pairs && let Some(terms) = pair_terms(f, analyser, lex, words) {
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
            if !stems.iter().all(|s| lex.has(field, s)) {
                continue;
            }
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
/// bodies; with Voikko, Finnish pairs are of base forms (`fi:uusi_palvelu` also finds *uudessa
/// palvelussa*), and of the words' compound heads, ranked lower (*uudessa
/// asiakaspalvelussa*). `None` for other phrases.
fn pair_terms(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
    words: &[String],
) -> Option<Vec<Box<dyn Query>>> {
    let [first, second] = words else {
        return None;
    };
    let mut seen = std::collections::HashSet::new();
    let mut terms = Vec::new();
    // Whether the words made any pair (some may be in no document, and are left out).
    let mut paired = false;
    let mut push = |field, term: String, boost| {
        paired = true;
        if seen.insert((field, term.clone())) && lex.has(field, &term) {
            terms.push(boosted(term_query(field, &term), boost));
        }
    };
    let voikko = voikko_bases(f, analyser, lex, first).zip(voikko_bases(f, analyser, lex, second));
    for lang in LANGS {
        let pairs: Vec<(String, f32)> = match (lang, &voikko) {
            (Lang::Fi, Some((a, b))) => a
                .iter()
                .flat_map(|x| b.iter().map(move |y| (x, y)))
                .flat_map(|(x, y)| {
                    [
                        (schema::pair_term(lang, x, y), 1.0),
                        (schema::head_pair_term(x, y), PART_BOOST),
                    ]
                })
                .collect(),
            _ => {
                let stems = |w: &str| {
                    if lang == Lang::Fi {
                        finnish_stems(f, lex, w)
                    } else {
                        schema::tokens(&mut schema::stemming(lang), w)
                    }
                };
                let b = stems(second);
                stems(first)
                    .iter()
                    .flat_map(|x| b.iter().map(move |y| (schema::pair_term(lang, x, y), 1.0)))
                    .collect()
            }
        };
        for (term, weight) in pairs {
            push(f.pairs_title, term.clone(), TITLE_BOOST * weight);
            push(f.pairs_body, term, BODY_BOOST * weight);
        }
    }
    paired.then_some(terms)
}

/// Words beginning with `prefix` (folded, so `paat*` finds `päätös`); at least two letters.
/// Every such word is found (the dictionaries of `folded` and `words` read from the prefix
/// on); the most frequent ones (`MAX_EXPANSIONS`) are also scored as words are, by BM25, so a
/// text with them ranks above one where they are only a compound part. With Voikko, base
/// forms that begin so count as whole words (`asiakas*` finds *asiakkaiden*) and compound
/// parts that do are ranked lower (`palvel*` finds *asiakaspalvelussa*); without Voikko,
/// compound parts are found by n-grams.
fn prefix_query(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
    prefix: &str,
) -> Option<Box<dyn Query>> {
    let folded = searchable_prefix(prefix)?;
    // Folded words begin so in `folded` (those folding changed) or in `words` (the others).
    let every: Vec<(Occur, Box<dyn Query>)> = [f.folded, f.words]
        .into_iter()
        .map(|field| {
            (
                Occur::Should,
                Box::new(starting_with(field, &folded)) as Box<dyn Query>,
            )
        })
        .collect();
    let mut should: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Should,
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(every)),
            PREFIX_ANY_BOOST,
        )),
    )];
    let mut expand = |fields: &[tantivy::schema::Field], umlauts, boost| {
        for term in lex.expand_prefix(fields, &folded, umlauts) {
            for &field in fields {
                // A term read from one field's dictionary is in that field.
                if fields.len() == 1 || lex.has(field, &term) {
                    should.push((Occur::Should, boosted(term_query(field, &term), boost)));
                }
            }
        }
    };
    expand(&[f.folded, f.words], false, BODY_BOOST);
    match analyser {
        Analyser::Voikko(_) => {
            expand(&[f.base_title], true, TITLE_BOOST);
            expand(&[f.base_body], true, BODY_BOOST);
            expand(&[f.parts], true, PART_BOOST);
        }
        Analyser::Snowball => should.extend(grams_clause(f, lex, &folded, false)),
    }
    Some(Box::new(BooleanQuery::new(should)))
}

/// A prefix folded (`pää` → `paa`), when it can be searched for: two letters or digits at least.
fn searchable_prefix(prefix: &str) -> Option<String> {
    let folded = schema::tokens(&mut schema::folding(), prefix)
        .into_iter()
        .next()?;
    (folded.chars().count() >= 2 && folded.chars().all(char::is_alphanumeric)).then_some(folded)
}

/// Whether the reader asked for anything `build_match` and `build` can search for: some word,
/// phrase or prefix (not only excluded words), and every prefix long enough. Cheap: no
/// analysis, no dictionary.
pub fn asks_anything(parts: &[Part]) -> bool {
    parts.iter().any(|p| !matches!(p, Part::Exclude(_)))
        && parts.iter().all(|p| match p {
            Part::Prefix(w) => searchable_prefix(w).is_some(),
            _ => true,
        })
}

/// Documents with a term of `field` that begins with `prefix`, each scoring the same: the
/// terms from `prefix` up to the next string that does not begin with it, read from the
/// dictionary in order (what a regular expression `prefix.*` finds, without building one).
fn starting_with(field: tantivy::schema::Field, prefix: &str) -> RangeQuery {
    let from = Bound::Included(Term::from_field_text(field, prefix));
    let mut chars: Vec<char> = prefix.chars().collect();
    // Terms order by their UTF-8 bytes, which is the order of their characters: everything
    // that begins with `prefix` sorts before `prefix` with its last character one higher.
    let to = chars
        .pop()
        .and_then(|last| (last as u32 + 1..=char::MAX as u32).find_map(char::from_u32))
        .map_or(Bound::Unbounded, |next| {
            chars.push(next);
            Bound::Excluded(Term::from_field_text(
                field,
                &chars.iter().collect::<String>(),
            ))
        });
    RangeQuery::new(from, to)
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
    lex: Lexicon<'_>,
    parts: &[Part],
    grams: bool,
) -> Option<Box<dyn Query>> {
    if let Some(all) = all_words(f, analyser, lex, parts, grams) {
        return Some(Box::new(all));
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for part in parts {
        match part {
            Part::Word(w) => clauses.push((Occur::Must, word_query(f, analyser, lex, w, grams))),
            Part::Phrase(words) => {
                clauses.push((Occur::Must, phrase_query(f, analyser, lex, words, true)))
            }
            Part::Exclude(w) => {
                clauses.push((Occur::MustNot, word_query(f, analyser, lex, w, false)));
            }
            Part::Prefix(w) => clauses.push((Occur::Must, prefix_query(f, analyser, lex, w)?)),
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
fn all_words(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
    parts: &[Part],
    grams: bool,
) -> Option<AllWords> {
    let mut words = Vec::new();
    let mut excluded = Vec::new();
    for part in parts {
        match part {
            Part::Exclude(w) => excluded.push(word_query(f, analyser, lex, w, false)),
            // A word no document has in any form: the plain conjunction finds nothing too.
            _ => words
                .push(flat_terms(f, analyser, lex, part, grams).filter(|terms| !terms.is_empty())?),
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
    lex: Lexicon<'_>,
    parts: &[Part],
    scopes: &[Scope],
    grams: bool,
) -> Option<Box<dyn Query>> {
    build_with(f, analyser, lex, parts, scopes, grams, true)
}

/// The query whose terms the snippets highlight: the Snowball form, and phrases as phrase
/// queries on the language fields (a snippet marks the words of its text field only, so
/// n-grams would add nothing but work).
pub(super) fn highlight_query(
    f: &Fields,
    lex: Lexicon<'_>,
    parts: &[Part],
    scopes: &[Scope],
) -> Option<Box<dyn Query>> {
    build_with(f, &Analyser::Snowball, lex, parts, scopes, false, false)
}

fn build_with(
    f: &Fields,
    analyser: &Analyser,
    lex: Lexicon<'_>,
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
                clauses.push((Occur::Must, word_query(f, analyser, lex, w, grams)));
            }
            Part::Phrase(words) => {
                positive = true;
                clauses.push((Occur::Must, phrase_query(f, analyser, lex, words, pairs)));
            }
            Part::Exclude(w) => {
                clauses.push((Occur::MustNot, word_query(f, analyser, lex, w, false)));
            }
            Part::Prefix(w) => {
                positive = true;
                clauses.push((Occur::Must, prefix_query(f, analyser, lex, w)?));
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
    fn asking_anything_is_what_building_a_query_says() {
        let (_, f) = schema::schema();
        for q in [
            "palvelu",
            "-palvelu",
            "-a -b",
            "palv*",
            "p*",
            "p* palvelu",
            "palvelu -vero",
            "\"hyvä palvelu\"",
            "\"hyvä palvelu\" -vero",
            "*",
            "",
            "   ",
            "ää*",
        ] {
            let parts = super::super::parse::parse(q);
            let built =
                build_match(&f, &Analyser::Snowball, Lexicon::none(), &parts, true).is_some();
            assert_eq!(asks_anything(&parts), built, "{q:?}");
        }
    }

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

    #[test]
    fn a_prefix_finds_every_term_that_begins_with_it_and_no_other() {
        use tantivy::{
            Index, IndexWriter, TantivyDocument, collector::DocSetCollector, schema::STRING,
        };
        let mut schema = tantivy::schema::Schema::builder();
        let word = schema.add_text_field("word", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = [
            "pä",
            "pää",
            "pääte",
            "päätös",
            "päå",
            "päb",
            "paa",
            "palvel",
            "palvelu",
            "palvem",
            "palvelz\u{10FFFF}",
            "palvek",
            "\u{10FFFF}",
            "\u{10FFFF}a",
        ];
        for w in words {
            let mut doc = TantivyDocument::new();
            doc.add_text(word, w);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let found = |prefix: &str| -> Vec<&str> {
            let mut out: Vec<&str> = searcher
                .search(&starting_with(word, prefix), &DocSetCollector)
                .unwrap()
                .into_iter()
                .map(|a| words[a.doc_id as usize])
                .collect();
            out.sort_unstable();
            out
        };
        assert_eq!(found("pää"), ["pää", "pääte", "päätös"]);
        assert_eq!(found("palvel"), ["palvel", "palvelu", "palvelz\u{10FFFF}"]);
        assert_eq!(found("\u{10FFFF}"), ["\u{10FFFF}", "\u{10FFFF}a"]);
    }

    #[test]
    fn a_word_and_a_prefix_find_its_folded_form_written_with_or_without_accents() {
        use tantivy::{Index, IndexWriter, TantivyDocument, collector::Count, query::Query};
        let (schema, f) = schema::schema();
        let index = Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Only the fields of the words as written: no stems, base forms or n-grams to find
        // them by another way.
        for text in ["Teksti oli selkea", "Päätös tehtiin"] {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.words, text);
            doc.add_text(f.folded, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let present = super::super::lexicon::PresentFields::default().of(&searcher);
        let lex = Lexicon::of(&searcher, &present);
        let count = |q: Box<dyn Query>| searcher.search(&q, &Count).unwrap();
        let voikko = |word: &str| -> Box<dyn Query> {
            let should = voikko_word_terms(&f, lex, &[word.to_owned()], word)
                .into_iter()
                .map(|q| (Occur::Should, q))
                .collect();
            Box::new(BooleanQuery::new(should))
        };
        // *selkea* is in `words` alone, *päätös* folded in `folded`.
        for word in ["selkeä", "selkea", "paatos", "päätös"] {
            let snowball = word_query(&f, &Analyser::Snowball, lex, word, false);
            assert_eq!(count(snowball), 1, "{word}");
            assert_eq!(count(voikko(word)), 1, "{word}, with Voikko");
        }
        for prefix in ["selkeä", "selk", "paat", "pää"] {
            for analyser in [Analyser::Snowball, Analyser::detect(true)] {
                let query = prefix_query(&f, &analyser, lex, prefix).unwrap();
                assert_eq!(count(query), 1, "{prefix}*");
            }
        }
    }
}
