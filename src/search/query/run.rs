//! Running a search in tantivy: counting, ranking (BM25 re-ranked by recency) or newest
//! first, facet counts, a suggestion, and snippets of the page's hits.
use chrono::{DateTime, Utc};
use tantivy::{
    DocAddress, TantivyDocument,
    collector::TopDocs,
    query::{BooleanQuery, Occur, Query},
    schema::Value,
    snippet::SnippetGenerator,
};

use super::{
    super::{
        collect::{CappedCount, ScopedTop},
        columns,
        facets::{Counts, FacetCollector, Kind},
        index::{Search, SearchError},
        parallel,
        schema::{self, LANGS},
        scope::Scope,
    },
    build::{POST_BOOST, asks_anything, build, build_match, grams_first, highlight_query},
    lexicon::Lexicon,
    parse::{Part, parse},
    results::{Facets, Request, Results, SnippetPart, Sort},
};
use crate::{auth::permissions::Actor, i18n::Lang};

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
        // The panels the reader reads, and the aimed tasks they see (`tasks::aim`).
        let (mut panels, mut aimed) = (Vec::new(), Vec::new());
        for scope in &scopes {
            match scope {
                Scope::Panel(id) => panels.push(*id),
                Scope::Task(id) => aimed.push(*id),
                _ => {}
            }
        }
        if !asks_anything(&parts) {
            return Ok(Results::default());
        }
        // Read here: the blocking thread does not carry the app's clock.
        let now = crate::db::now();
        // A small index is searched right here (well under a millisecond: less than the
        // hand-off to a blocking thread and back costs); a large one on a blocking thread.
        let found = if parallel::worth_a_thread(&self.searcher()) {
            let search = self.clone();
            let request = request.clone();
            tokio::task::spawn_blocking(move || search.run(&parts, &scopes, &request, now))
                .await??
        } else {
            self.run(&parts, &scopes, request, now)?
        };
        let hits = self.load(found.docs, actor, &panels, &aimed).await?;
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
        now: DateTime<Utc>,
    ) -> Result<Found, SearchError> {
        let f = self.fields();
        let analyser = self.analyser();
        let searcher = self.searcher();
        let grams = grams_first(analyser);
        let present = self.present_fields().of(&searcher);
        let lex = Lexicon::of(&searcher, &present);
        let Some(mut scored) = build_match(f, analyser, lex, parts, grams) else {
            return Ok(Found::default());
        };
        let mut with_grams = grams;
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
        // The total, and the filters' counts when asked for: one pass over the matches
        // either way (the facet pass counts what passes every filter, which is the total).
        let count = |q: &dyn Query| -> Result<(u64, bool, Option<Counts>), SearchError> {
            if request.facets {
                let counts = parallel::search(
                    &searcher,
                    q,
                    &FacetCollector {
                        filters: request.filters.clone(),
                        scopes: codes.clone(),
                    },
                )?;
                let n = counts.matched;
                Ok((n.min(TOTAL_CAP), n > TOTAL_CAP, Some(counts)))
            } else {
                let (n, capped) = parallel::search(
                    &searcher,
                    &*with_filters(q),
                    &CappedCount::new(TOTAL_CAP, codes.clone()),
                )?;
                Ok((n, capped, None))
            }
        };
        let (mut total, mut total_capped, mut counts) = count(&*scored)?;
        // With Voikko, a query that found little is tried again with the n-grams of the words
        // Voikko did not know (loanwords and names inside compounds).
        if !grams
            && total < GRAMS_RETRY_BELOW
            && let Some(s) = build_match(f, analyser, lex, parts, true)
        {
            (scored, with_grams) = (s, true);
            (total, total_capped, counts) = count(&*scored)?;
        }
        // The whole query with the scope filter as a clause (built only where it is needed:
        // newest first, and snippets when there is no highlight query). Some whenever
        // `scored` is: both need something positive asked.
        let base = || {
            build(f, analyser, lex, parts, scopes, with_grams).unwrap_or_else(|| scored.box_clone())
        };
        let end = request.offset.saturating_add(request.limit.max(1));
        let addresses: Vec<DocAddress> = match request.sort {
            Sort::Relevance => {
                // The best by BM25, which tantivy finds without scoring every match, then
                // re-ranked with the recency factor and the post-over-comment nudge.
                let window = end.saturating_add(RERANK_WINDOW);
                let best = parallel::search(
                    &searcher,
                    &*with_filters(&*scored),
                    &ScopedTop {
                        limit: window,
                        scopes: codes.clone(),
                    },
                )?;
                let now = now.timestamp_millis();
                // Each segment's date and kind columns, opened once (opening one reads its
                // header: not something to do per hit).
                let columns: Vec<_> = searcher
                    .segment_readers()
                    .iter()
                    .map(|segment| {
                        let kept = columns::of(segment);
                        (kept.date.clone(), kept.kind.clone())
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
                let top = parallel::search(
                    &searcher,
                    &*with_filters(&*base()),
                    &top.tweak_score(move |segment: &tantivy::SegmentReader| {
                        let kept = columns::of(segment);
                        let (dates, ids) = (kept.date.clone(), kept.id.clone());
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
        let suggestion = if total < super::super::suggest::FEW {
            super::super::suggest::suggest(
                &searcher,
                lex,
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
        let highlight = highlight_query(f, lex, parts, scopes).unwrap_or_else(base);
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
            let analyzer = self.snippet_analyzers().of(lang);
            generators.push((
                lang,
                body,
                snippets(&searcher, &*highlight, body, analyzer)?,
            ));
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
        let post_id = doc
            .get_first(f.post_id)
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as i32;
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
            kind: Kind::parse(&kind).unwrap_or(Kind::Post),
            id,
            post_id,
            snippet,
        }
    }
}

#[derive(Default)]
struct Found {
    total: u64,
    total_capped: bool,
    docs: Vec<FoundDoc>,
    counts: Option<Counts>,
    suggestion: Option<String>,
}

/// A snippet generator for `field`, marking the terms of `query` in it, as
/// `SnippetGenerator::create` makes one (a term weighs the less the more documents have it),
/// with `analyzer` in place of the index's own (whose stem memory each snippet would start
/// afresh).
fn snippets(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    field: tantivy::schema::Field,
    analyzer: tantivy::tokenizer::TextAnalyzer,
) -> tantivy::Result<SnippetGenerator> {
    let mut terms = std::collections::BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weights = std::collections::BTreeMap::new();
    for term in terms {
        let Some(text) = term.value().as_str().map(str::to_owned) else {
            continue;
        };
        let docs = searcher.doc_freq(&term)?;
        if docs > 0 {
            weights.insert(text, 1.0 / (1.0 + docs as f32));
        }
    }
    Ok(SnippetGenerator::new(
        weights,
        analyzer,
        field,
        SNIPPET_CHARS,
    ))
}

/// The recency factor of a document dated `date` at `now` (milliseconds).
fn recency(now: i64, date: Option<i64>) -> f32 {
    let Some(date) = date else {
        return 1.0;
    };
    let days = ((now - date).max(0) as f32) / 86_400_000.0;
    1.0 + RECENCY * 0.5f32.powf(days / HALF_LIFE_DAYS)
}

/// A hit as the index has it: what kind, which row, and its snippet.
pub(super) struct FoundDoc {
    pub(super) kind: Kind,
    pub(super) id: i32,
    /// The post a comment is on (a post's own id for a post).
    pub(super) post_id: i32,
    pub(super) snippet: Vec<SnippetPart>,
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
