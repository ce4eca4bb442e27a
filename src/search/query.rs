//! Searching: the query language (words ANDed, "phrases", -excluded), the reader's access
//! scopes as a filter inside the tantivy query, snippets with safe highlights, and hits read
//! back from the database by id.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tantivy::{
    DocAddress, TantivyDocument, Term,
    collector::TopDocs,
    query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
    },
    schema::{IndexRecordOption, Value},
    snippet::SnippetGenerator,
};

use super::{
    collect::{CappedCount, ScopedTop},
    conjunction::AllWords,
    facets::{Counts, FacetCollector, Filters},
    index::{Search, SearchError},
    schema::{self, Analyser, Fields, LANGS},
    scope::Scope,
};
use crate::{
    auth::permissions::Actor,
    blog::service::readable_by,
    entities::{comment, label, organization, post, user, workshop},
    i18n::Lang,
};

/// One part of what the reader typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Word(String),
    Phrase(Vec<String>),
    Exclude(String),
    /// `palvelu*`: words that begin so.
    Prefix(String),
}

/// Split a query into words (all required), "quoted phrases" and -excluded words.
pub fn parse(q: &str) -> Vec<Part> {
    let words = |s: &str| -> Vec<String> { schema::tokens(&mut schema::plain(), s) };
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        if i % 2 == 1 {
            let w = words(chunk);
            match w.len() {
                0 => {}
                1 => parts.extend(w.into_iter().map(Part::Word)),
                _ => parts.push(Part::Phrase(w)),
            }
            continue;
        }
        for item in chunk.split_whitespace() {
            if let Some(rest) = item.strip_prefix('-') {
                parts.extend(words(rest).into_iter().map(Part::Exclude));
            } else if item.ends_with('*') {
                let mut w = words(item);
                let last = w.pop();
                parts.extend(w.into_iter().map(Part::Word));
                parts.extend(last.map(Part::Prefix));
            } else {
                parts.extend(words(item).into_iter().map(Part::Word));
            }
        }
    }
    parts.truncate(32);
    parts
}

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
const POST_BOOST: f32 = 0.05;

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
fn highlight_query(f: &Fields, parts: &[Part], scopes: &[Scope]) -> Option<Box<dyn Query>> {
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

/// A piece of a snippet: text, and whether it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub marked: bool,
}

/// One search result as the reader sees it, read from the database.
#[derive(Clone, Debug)]
pub struct Hit {
    /// `post` or `comment`.
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub author: String,
    pub organization: String,
    pub date: DateTime<Utc>,
    pub lang: Lang,
    /// Plain text pieces; the template escapes them and wraps the matches in `<mark>`.
    pub snippet: Vec<SnippetPart>,
}

impl Hit {
    /// The date for `<time datetime>`.
    pub fn iso_date(&self) -> String {
        crate::i18n::iso_datetime(&self.date)
    }
    pub fn date_ref(&self) -> &DateTime<Utc> {
        &self.date
    }
}

/// A page of results and how many there are in all.
#[derive(Clone, Debug, Default)]
pub struct Results {
    /// How many hits there are, counted up to `TOTAL_CAP`.
    pub total: u64,
    /// Whether counting stopped at `TOTAL_CAP` (there are more).
    pub total_capped: bool,
    pub hits: Vec<Hit>,
    /// Counts per filter value (when asked for).
    pub facets: Facets,
    /// A respelled query that finds more, when this one found little.
    pub suggestion: Option<String>,
}

/// How the hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25 with Lupa's weights and a gentle recency boost).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
        }
    }
}

/// A search with its filters, order and page.
#[derive(Clone, Debug)]
pub struct Request {
    pub q: String,
    pub filters: Filters,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
    /// Count the filter values (the results page does; the bare entry point does not).
    pub facets: bool,
}

impl Request {
    /// Just the words, best first.
    pub fn new(q: &str, offset: usize, limit: usize) -> Request {
        Request {
            q: q.to_owned(),
            filters: Filters::default(),
            sort: Sort::Relevance,
            offset,
            limit,
            facets: false,
        }
    }
}

/// One value of a filter with the number of hits it would leave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetValue {
    /// What goes in the URL: an organisation's short name, a person's id, a label's slug,
    /// `post`/`comment`, a year.
    pub key: String,
    pub name: String,
    pub count: u64,
}

/// Filter values with counts, most hits first.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub organizations: Vec<FacetValue>,
    pub authors: Vec<FacetValue>,
    pub labels: Vec<FacetValue>,
    pub kinds: Vec<FacetValue>,
    pub years: Vec<FacetValue>,
}

/// Hits are counted up to this many; beyond, the page says "more than" (as Elasticsearch's
/// `track_total_hits` does), so a common word does not cost a visit to every match.
pub const TOTAL_CAP: u64 = 10_000;
/// How many of the best BM25 matches beyond the page are re-ranked with the recency factor
/// (a rescoring window, as Elasticsearch's `rescore`): a text outside it would need a BM25
/// score within 15 % of the page's to overtake it. A smaller window lets tantivy skip more.
const RERANK_WINDOW: usize = 50;
/// With Voikko, a query with fewer hits than this is run again with n-grams.
const GRAMS_RETRY_BELOW: u64 = 10;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;
/// Values shown per filter.
const FACET_VALUES: usize = 30;
/// The recency boost: a document written today scores `1 + RECENCY` times its match, one
/// `HALF_LIFE_DAYS` old `1 + RECENCY / 2`, and so on; a year-old text loses little.
const RECENCY: f32 = 0.15;
const HALF_LIFE_DAYS: f32 = 180.0;

impl Search {
    /// Search as `actor` may: `limit` hits from `offset`, best first, and the total. (The
    /// simple entry point, also the benchmark's; `find` takes filters and order.)
    #[tracing::instrument(skip(self, actor))]
    pub async fn search(
        &self,
        q: &str,
        actor: Option<Actor>,
        offset: usize,
        limit: usize,
    ) -> Result<Results, SearchError> {
        self.find(&Request::new(q, offset, limit), actor).await
    }

    /// Search with filters, order, counts and a spelling suggestion, as `actor` may.
    #[tracing::instrument(skip(self, actor))]
    pub async fn find(
        &self,
        request: &Request,
        actor: Option<Actor>,
    ) -> Result<Results, SearchError> {
        let parts = parse(&request.q);
        let scopes = Scope::of_reader_in(self.db(), actor).await?;
        let panels: Vec<i32> = scopes
            .iter()
            .filter_map(|s| match s {
                Scope::Panel(id) => Some(*id),
                _ => None,
            })
            .collect();
        if build_match(self.fields(), self.analyser(), &parts, false).is_none() {
            return Ok(Results::default());
        }
        let found = {
            let search = self.clone();
            let request = request.clone();
            tokio::task::spawn_blocking(move || search.run(&parts, &scopes, &request)).await??
        };
        let hits = self.load(found.docs, actor, &panels).await?;
        let facets = match found.counts {
            Some(counts) => self.name_facets(counts).await?,
            None => Facets::default(),
        };
        Ok(Results {
            total: found.total,
            total_capped: found.total_capped,
            hits,
            facets,
            suggestion: found.suggestion,
        })
    }

    fn run(
        &self,
        parts: &[Part],
        scopes: &[Scope],
        request: &Request,
    ) -> Result<Found, SearchError> {
        let f = self.fields();
        let analyser = self.analyser();
        let searcher = self.searcher();
        let grams = grams_first(analyser);
        let (Some(mut scored), Some(mut base)) = (
            build_match(f, analyser, parts, grams),
            build(f, analyser, parts, scopes, grams),
        ) else {
            return Ok(Found::default());
        };
        let codes: Vec<u64> = scopes.iter().map(Scope::code).collect();
        let filters = request.filters.clauses(f);
        let with_filters = |q: &dyn Query| -> Box<dyn Query> {
            if filters.is_empty() {
                q.box_clone()
            } else {
                let mut clauses = vec![(Occur::Must, q.box_clone())];
                clauses.extend(filters.iter().map(|(o, c)| (*o, c.box_clone())));
                Box::new(BooleanQuery::new(clauses))
            }
        };
        let count = |q: &dyn Query| {
            searcher.search(
                &*with_filters(q),
                &CappedCount::new(TOTAL_CAP, codes.clone()),
            )
        };
        let (mut total, mut total_capped) = count(&*scored)?;
        // With Voikko, a query that found little is tried again with the n-grams of the words
        // Voikko did not know (loanwords and names inside compounds).
        if !grams
            && total < GRAMS_RETRY_BELOW
            && let (Some(s), Some(b)) = (
                build_match(f, analyser, parts, true),
                build(f, analyser, parts, scopes, true),
            )
        {
            (scored, base) = (s, b);
            (total, total_capped) = count(&*scored)?;
        }
        let end = request.offset.saturating_add(request.limit.max(1));
        let addresses: Vec<DocAddress> = match request.sort {
            Sort::Relevance => {
                // The best by BM25, which tantivy finds without scoring every match, then
                // re-ranked with the recency factor and the post-over-comment nudge.
                let window = end.saturating_add(RERANK_WINDOW);
                let best = searcher.search(
                    &*with_filters(&*scored),
                    &ScopedTop {
                        limit: window,
                        scopes: codes.clone(),
                    },
                )?;
                let now = Utc::now().timestamp_millis();
                // Each segment's date and kind columns, opened once (opening one reads its
                // header: not something to do per hit).
                let columns: Vec<_> = searcher
                    .segment_readers()
                    .iter()
                    .map(|segment| {
                        let ff = segment.fast_fields();
                        (ff.i64("date").ok(), ff.u64("kind_code").ok())
                    })
                    .collect();
                let mut ranked: Vec<(f32, DocAddress)> = best
                    .into_iter()
                    .map(|(score, address)| {
                        let (dates, kinds) = &columns[address.segment_ord as usize];
                        let date = dates.as_ref().and_then(|d| d.first(address.doc_id));
                        let post = kinds.as_ref().and_then(|k| k.first(address.doc_id))
                            == Some(schema::KIND_POST);
                        let nudge = if post { POST_BOOST } else { 0.0 };
                        (score * recency(now, date) + nudge, address)
                    })
                    .collect();
                ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                ranked
                    .into_iter()
                    .skip(request.offset)
                    .take(request.limit)
                    .map(|(_, a)| a)
                    .collect()
            }
            Sort::Newest => {
                // Newest first; within one millisecond (or second, as the database keeps
                // times), the later-written row first.
                let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
                let top = searcher.search(
                    &*with_filters(&*base),
                    &top.tweak_score(move |segment: &tantivy::SegmentReader| {
                        let ff = segment.fast_fields();
                        let dates = ff.i64("date").ok();
                        let ids = ff.u64("id").ok();
                        move |doc: tantivy::DocId, _: tantivy::Score| {
                            (
                                dates.as_ref().and_then(|d| d.first(doc)).unwrap_or(0),
                                ids.as_ref().and_then(|d| d.first(doc)).unwrap_or(0),
                            )
                        }
                    }),
                )?;
                top.into_iter().map(|(_, a)| a).collect()
            }
        };
        let counts = if request.facets {
            // The words alone (the filters are counted, not applied), the scopes checked per
            // document by the collector.
            Some(searcher.search(
                &*scored,
                &FacetCollector {
                    filters: request.filters.clone(),
                    scopes: codes.clone(),
                },
            )?)
        } else {
            None
        };
        let suggestion = if total < super::suggest::FEW {
            super::suggest::suggest(
                &searcher,
                f,
                self.analyser(),
                parts,
                scopes,
                &request.filters,
                total,
            )
        } else {
            None
        };
        // Highlights come from the stemmed language fields, whose terms the Snowball form of
        // the query names (with Voikko the match itself is on base forms).
        let highlight = highlight_query(f, parts, scopes).unwrap_or(base);
        // Read the hits' stored fields, then make snippet generators only for the languages
        // among them (making one looks up every query term's statistics).
        let stored: Vec<TantivyDocument> = addresses
            .into_iter()
            .map(|a| searcher.doc(a))
            .collect::<Result<_, _>>()?;
        let mut generators = Vec::new();
        for lang in LANGS {
            let lang_code = lang.code();
            let present = stored
                .iter()
                .any(|d| d.get_first(f.lang).and_then(|v| v.as_str()) == Some(lang_code));
            if !present {
                continue;
            }
            let (_, body) = f.text_of(lang);
            let mut g = SnippetGenerator::create(&searcher, &*highlight, body)?;
            g.set_max_num_chars(SNIPPET_CHARS);
            generators.push((lang, body, g));
        }
        let mut docs = Vec::new();
        for doc in stored {
            docs.push(self.found_doc(doc, &generators));
        }
        Ok(Found {
            total,
            total_capped,
            docs,
            counts,
            suggestion,
        })
    }

    /// Names for the counted filter values, read from the database.
    async fn name_facets(&self, counts: Counts) -> Result<Facets, SearchError> {
        let db = self.db();
        let sorted = |mut v: Vec<FacetValue>| {
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
            v.truncate(FACET_VALUES);
            v
        };
        let orgs = organization::Entity::find()
            .filter(organization::Column::Id.is_in(counts.organizations.keys().copied()))
            .all(db)
            .await?;
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(counts.authors.keys().copied()))
            .all(db)
            .await?;
        let labels = label::Entity::find()
            .filter(label::Column::Id.is_in(counts.labels.keys().copied()))
            .all(db)
            .await?;
        let value = |key: String, name: &str, count: Option<&u64>| FacetValue {
            key,
            name: name.to_owned(),
            count: count.copied().unwrap_or(0),
        };
        let mut years: Vec<FacetValue> = counts
            .years
            .iter()
            .map(|(y, n)| value(y.to_string(), &y.to_string(), Some(n)))
            .collect();
        years.sort_by(|a, b| b.key.cmp(&a.key));
        Ok(Facets {
            organizations: sorted(
                orgs.iter()
                    .map(|o| {
                        value(
                            o.short_name.clone(),
                            &o.name,
                            counts.organizations.get(&o.id),
                        )
                    })
                    .collect(),
            ),
            authors: sorted(
                people
                    .iter()
                    .map(|p| value(p.id.to_string(), &p.display_name, counts.authors.get(&p.id)))
                    .collect(),
            ),
            labels: sorted(
                labels
                    .iter()
                    .map(|l| value(l.slug.clone(), &l.name, counts.labels.get(&l.id)))
                    .collect(),
            ),
            kinds: ["post", "comment", "minutes", "task"]
                .into_iter()
                .filter_map(|k| counts.kinds.get(k).map(|n| value(k.to_owned(), k, Some(n))))
                .collect(),
            years,
        })
    }

    fn found_doc(
        &self,
        doc: TantivyDocument,
        generators: &[(Lang, tantivy::schema::Field, SnippetGenerator)],
    ) -> FoundDoc {
        let f = self.fields();
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned()
        };
        let lang = Lang::parse(&text(f.lang)).unwrap_or_default();
        let kind = text(f.kind);
        let id = doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0) as i32;
        let mut snippet = Vec::new();
        if let Some((_, body, g)) = generators.iter().find(|(l, _, _)| *l == lang) {
            let s = g.snippet_from_doc(&doc);
            snippet = split_snippet(s.fragment(), s.highlighted());
            if snippet.is_empty() {
                let plain: String = text(*body).chars().take(SNIPPET_CHARS).collect();
                if !plain.is_empty() {
                    snippet.push(SnippetPart {
                        text: plain,
                        marked: false,
                    });
                }
            }
        }
        FoundDoc {
            kind: super::facets::Kind::parse(&kind).unwrap_or(super::facets::Kind::Post),
            id,
            snippet,
        }
    }

    /// Read the hits back from the database, dropping anything the reader may not open (an
    /// index a moment behind the database never shows more than the database allows).
    /// A panel discussion topic is opened in its panel (`panels`: those the reader may read).
    async fn load(
        &self,
        docs: Vec<FoundDoc>,
        actor: Option<Actor>,
        panels: &[i32],
    ) -> Result<Vec<Hit>, SearchError> {
        use super::facets::Kind;
        let db = self.db();
        let ids_of = |kind: Kind| -> Vec<i32> {
            docs.iter()
                .filter(|d| d.kind == kind)
                .map(|d| d.id)
                .collect()
        };
        let comment_ids = ids_of(Kind::Comment);
        let minutes_ids = ids_of(Kind::Minutes);
        let task_ids = ids_of(Kind::Task);
        // Minutes: of a workshop not cancelled, in a panel the reader may read. (Each query
        // below is skipped when it has nothing to look up.)
        let workshops: HashMap<i32, workshop::Model> =
            rows_by_id::<workshop::Entity, _>(db, workshop::Column::Id, minutes_ids)
                .await?
                .into_iter()
                .filter(|w| w.cancelled_at.is_none() && panels.contains(&w.panel_id))
                .map(|w| (w.id, w))
                .collect();
        let tasks: HashMap<i32, crate::entities::tasks::task::Model> =
            rows_by_id::<crate::entities::tasks::task::Entity, _>(
                db,
                crate::entities::tasks::task::Column::Id,
                task_ids,
            )
            .await?
            .into_iter()
            .filter(|t| panels.contains(&t.panel_id))
            .map(|t| (t.id, t))
            .collect();
        let comments: HashMap<i32, comment::Model> =
            rows_by_id::<comment::Entity, _>(db, comment::Column::Id, comment_ids)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        let mut post_ids = ids_of(Kind::Post);
        post_ids.extend(comments.values().map(|c| c.post_id));
        let posts: HashMap<i32, post::Model> =
            rows_by_id::<post::Entity, _>(db, post::Column::Id, post_ids)
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        // Panel topics: the panel's address, or nothing when the reader may not read the panel.
        let topic_panel: HashMap<i32, i32> = rows_by_id::<crate::entities::panel_topic::Entity, _>(
            db,
            crate::entities::panel_topic::Column::PostId,
            posts.keys().copied().collect(),
        )
        .await?
        .into_iter()
        .map(|t| (t.post_id, t.panel_id))
        .collect();
        let panel_ids: Vec<i32> = topic_panel
            .values()
            .copied()
            .chain(workshops.values().map(|w| w.panel_id))
            .chain(tasks.values().map(|t| t.panel_id))
            .collect();
        let panel_slugs: HashMap<i32, String> = rows_by_id::<crate::entities::panel::Entity, _>(
            db,
            crate::entities::panel::Column::Id,
            panel_ids,
        )
        .await?
        .into_iter()
        .map(|p| (p.id, p.slug))
        .collect();
        // Where a post is read: `/posts/{slug}`, or its panel's topic page.
        let post_url = |post: &post::Model| -> Option<String> {
            match topic_panel.get(&post.id) {
                None => readable_by(actor, post).then(|| format!("/posts/{}", post.slug)),
                Some(panel) if panels.contains(panel) => panel_slugs
                    .get(panel)
                    .map(|slug| format!("/panels/{slug}/topics/{}", post.id)),
                Some(_) => None,
            }
        };
        let minutes_author = |w: &workshop::Model| w.minutes_by.unwrap_or(w.created_by);
        let mut people_ids: Vec<i32> = posts.values().map(|p| p.author_id).collect();
        people_ids.extend(comments.values().map(|c| c.author_id));
        people_ids.extend(workshops.values().map(minutes_author));
        people_ids.extend(tasks.values().map(|t| t.created_by));
        let people: HashMap<i32, user::Model> =
            rows_by_id::<user::Entity, _>(db, user::Column::Id, people_ids)
                .await?
                .into_iter()
                .map(|u| (u.id, u))
                .collect();
        let orgs: HashMap<i32, organization::Model> = organization::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let byline = |author: i32| {
            let person = people.get(&author);
            let org = person
                .and_then(|p| p.organization_id)
                .and_then(|o| orgs.get(&o));
            (
                person.map(|p| p.display_name.clone()).unwrap_or_default(),
                org.map(|o| o.name.clone()).unwrap_or_default(),
            )
        };
        let mut hits = Vec::new();
        for d in docs {
            if d.kind == Kind::Minutes {
                let Some((w, slug)) = workshops
                    .get(&d.id)
                    .and_then(|w| Some((w, panel_slugs.get(&w.panel_id)?)))
                else {
                    continue;
                };
                let (author, organization) = byline(minutes_author(w));
                hits.push(Hit {
                    kind: "minutes",
                    title: w.title.clone(),
                    url: format!("/panels/{slug}/workshops/{}", w.id),
                    author,
                    organization,
                    date: w.starts_at,
                    lang: Lang::Fi,
                    snippet: d.snippet,
                });
                continue;
            }
            if d.kind == Kind::Task {
                let Some((t, slug)) = tasks
                    .get(&d.id)
                    .and_then(|t| Some((t, panel_slugs.get(&t.panel_id)?)))
                else {
                    continue;
                };
                let (author, organization) = byline(t.created_by);
                hits.push(Hit {
                    kind: "task",
                    title: t.title.clone(),
                    url: format!("/panels/{slug}/tasks/{}", t.id),
                    author,
                    organization,
                    date: t.opens_at,
                    lang: Lang::Fi,
                    snippet: d.snippet,
                });
                continue;
            }
            let (post, comment) = if d.kind == Kind::Post {
                (posts.get(&d.id), None)
            } else {
                let c = comments.get(&d.id);
                (c.and_then(|c| posts.get(&c.post_id)), c)
            };
            let Some(post) = post.filter(|p| p.status == "published") else {
                continue;
            };
            let Some(url) = post_url(post) else {
                continue;
            };
            let lang = Lang::parse(&post.language).unwrap_or_default();
            let hit = match comment {
                None => {
                    let (author, organization) = byline(post.author_id);
                    Hit {
                        kind: "post",
                        title: post.title.clone(),
                        url,
                        author,
                        organization,
                        date: post.published_at.unwrap_or(post.created_at),
                        lang,
                        snippet: d.snippet,
                    }
                }
                Some(c) => {
                    if c.deleted_at.is_some() || c.hidden_at.is_some() {
                        continue;
                    }
                    let (author, organization) = byline(c.author_id);
                    Hit {
                        kind: "comment",
                        title: post.title.clone(),
                        url: format!("{url}#comment-{}", c.id),
                        author,
                        organization,
                        date: c.created_at,
                        lang,
                        snippet: d.snippet,
                    }
                }
            };
            hits.push(hit);
        }
        Ok(hits)
    }
}

/// The rows of `E` whose `column` is one of `ids`; no query for no ids.
async fn rows_by_id<E, C>(
    db: &sea_orm::DatabaseConnection,
    column: C,
    mut ids: Vec<i32>,
) -> Result<Vec<E::Model>, sea_orm::DbErr>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    E::find().filter(column.is_in(ids)).all(db).await
}

#[derive(Default)]
struct Found {
    total: u64,
    total_capped: bool,
    docs: Vec<FoundDoc>,
    counts: Option<Counts>,
    suggestion: Option<String>,
}

/// The recency factor of a document dated `date` at `now` (milliseconds).
fn recency(now: i64, date: Option<i64>) -> f32 {
    let Some(date) = date else {
        return 1.0;
    };
    let days = ((now - date).max(0) as f32) / 86_400_000.0;
    1.0 + RECENCY * 0.5f32.powf(days / HALF_LIFE_DAYS)
}

struct FoundDoc {
    kind: super::facets::Kind,
    id: i32,
    snippet: Vec<SnippetPart>,
}

/// Cut a fragment into plain and matched pieces at the highlighted byte ranges.
fn split_snippet(fragment: &str, highlighted: &[std::ops::Range<usize>]) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut at = 0;
    for range in highlighted {
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        let (Some(before), Some(inside)) =
            (fragment.get(at..range.start), fragment.get(range.clone()))
        else {
            continue;
        };
        if !before.is_empty() {
            parts.push(SnippetPart {
                text: before.to_owned(),
                marked: false,
            });
        }
        parts.push(SnippetPart {
            text: inside.to_owned(),
            marked: true,
        });
        at = range.end;
    }
    if let Some(rest) = fragment.get(at..).filter(|r| !r.is_empty()) {
        parts.push(SnippetPart {
            text: rest.to_owned(),
            marked: false,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_have_words_phrases_and_exclusions() {
        assert_eq!(
            parse(r#"Asiakas "hyvä palvelu" -vero"#),
            [
                Part::Word("asiakas".into()),
                Part::Phrase(vec!["hyvä".into(), "palvelu".into()]),
                Part::Exclude("vero".into()),
            ]
        );
        assert!(parse("  ").is_empty());
        assert_eq!(
            parse("verkko palv*"),
            [Part::Word("verkko".into()), Part::Prefix("palv".into())]
        );
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
    fn snippets_split_at_matches() {
        let parts = split_snippet("a <b> c <b>", &[2..5, 8..11]);
        assert_eq!(parts.len(), 4);
        assert_eq!(
            parts[1],
            SnippetPart {
                text: "<b>".into(),
                marked: true
            }
        );
    }
}
