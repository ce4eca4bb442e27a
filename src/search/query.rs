//! Searching: the query language (words ANDed, "phrases", -excluded), the reader's access
//! scopes as a filter inside the tantivy query, snippets with safe highlights, and hits read
//! back from the database by id.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tantivy::{
    DocAddress, TantivyDocument, Term,
    collector::{Count, TopDocs},
    query::{
        BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
    },
    schema::{IndexRecordOption, Value},
    snippet::SnippetGenerator,
};

use super::{
    index::{Search, SearchError},
    schema::{self, Fields, LANGS},
};
use crate::{
    auth::permissions::{self, Actor},
    blog::service::readable_by,
    entities::{comment, organization, post, user},
    i18n::Lang,
};

/// An access scope a document carries and a reader holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anyone.
    Public,
    /// Signed-in people of the network.
    Members,
    /// The members of one customer panel (when panels exist).
    Panel(i32),
}

impl Scope {
    pub fn as_str(&self) -> &'static str {
        match self {
            Scope::Public => "public",
            Scope::Members => "members",
            Scope::Panel(_) => "panel",
        }
    }

    /// The term stored in the index: `public`, `members`, `panel:17`.
    pub fn term(&self) -> String {
        match self {
            Scope::Panel(id) => format!("panel:{id}"),
            other => other.as_str().to_owned(),
        }
    }

    /// Every scope this reader may see.
    pub fn of_reader(actor: Option<Actor>) -> Vec<Scope> {
        let mut scopes = vec![Scope::Public];
        if permissions::sees_members_content(actor) {
            scopes.push(Scope::Members);
        }
        scopes
    }
}

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

/// Field weights: the exact language's stems above folded words above compound grams.
const TITLE_BOOST: f32 = 3.0;
const BODY_BOOST: f32 = 1.0;
const BYLINE_BOOST: f32 = 1.0;
const FOLDED_BOOST: f32 = 0.4;
const GRAMS_BOOST: f32 = 0.2;
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
fn word_query(f: &Fields, word: &str, with_grams: bool) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for lang in LANGS {
        let (title, body) = f.text_of(lang);
        for stem in schema::tokens(&mut schema::stemming(lang), word) {
            should.push((
                Occur::Should,
                boosted(term_query(title, &stem), TITLE_BOOST),
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
        boosted(term_query(f.byline, word), BYLINE_BOOST),
    ));
    for folded in schema::tokens(&mut schema::folding(), word) {
        should.push((
            Occur::Should,
            boosted(term_query(f.folded, &folded), FOLDED_BOOST),
        ));
        let grams = schema::word_grams(&folded);
        if with_grams && folded.chars().count() > schema::GRAM {
            let all: Vec<(Occur, Box<dyn Query>)> = grams
                .iter()
                .map(|g| (Occur::Must, term_query(f.grams, g)))
                .collect();
            should.push((
                Occur::Should,
                boosted(Box::new(BooleanQuery::new(all)), GRAMS_BOOST),
            ));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// Stems Snowball gives the inflected forms of a Finnish base form that it leaves whole:
/// consonant gradation makes *asiakas* into *asiakkaan*, *asiakkaiden* (stem *asiak*), and
/// words in *-nen* inflect in *-s-* (*luottamuksellinen*, *luottamuksellisesta*: stem
/// *luottamuksellis*). Voikko would know every word; this covers the two common patterns.
fn finnish_other_stems(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let vowel = |c: char| "aeiouyäö".contains(c);
    let mut out = Vec::new();
    if n >= 5 && chars[n - 1] == 's' && vowel(chars[n - 2]) && !vowel(chars[n - 3]) {
        out.push(chars[..n - 2].iter().collect());
    }
    if n >= 6 && word.ends_with("nen") {
        out.push(format!("{}s", chars[..n - 3].iter().collect::<String>()));
    }
    out
}

/// Documents with these words in this order, in their language's forms.
fn phrase_query(f: &Fields, words: &[String]) -> Box<dyn Query> {
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
fn scope_filter(f: &Fields, scopes: &[Scope]) -> Box<dyn Query> {
    let any: Vec<(Occur, Box<dyn Query>)> = scopes
        .iter()
        .map(|s| (Occur::Should, term_query(f.scope, &s.term())))
        .collect();
    Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0))
}

/// The whole tantivy query, or `None` when nothing positive was asked.
pub fn build(f: &Fields, parts: &[Part], scopes: &[Scope]) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, scope_filter(f, scopes))];
    let mut positive = false;
    for part in parts {
        match part {
            Part::Word(w) => {
                positive = true;
                clauses.push((Occur::Must, word_query(f, w, true)));
            }
            Part::Phrase(words) => {
                positive = true;
                clauses.push((Occur::Must, phrase_query(f, words)));
            }
            Part::Exclude(w) => clauses.push((Occur::MustNot, word_query(f, w, false))),
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
    pub total: u64,
    pub hits: Vec<Hit>,
}

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

impl Search {
    /// Search as `actor` may: `limit` hits from `offset`, best first, and the total.
    #[tracing::instrument(skip(self, actor))]
    pub async fn search(
        &self,
        q: &str,
        actor: Option<Actor>,
        offset: usize,
        limit: usize,
    ) -> Result<Results, SearchError> {
        let parts = parse(q);
        let Some(query) = build(self.fields(), &parts, &Scope::of_reader(actor)) else {
            return Ok(Results::default());
        };
        let found = {
            let search = self.clone();
            tokio::task::spawn_blocking(move || search.run(&*query, offset, limit)).await??
        };
        let total = found.total;
        let hits = self.load(found.docs, actor).await?;
        Ok(Results { total, hits })
    }

    fn run(&self, query: &dyn Query, offset: usize, limit: usize) -> Result<Found, SearchError> {
        let f = self.fields();
        let searcher = self.searcher();
        let (top, total) = searcher.search(
            query,
            &(
                TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        let mut generators = Vec::new();
        for lang in LANGS {
            let (_, body) = f.text_of(lang);
            let mut g = SnippetGenerator::create(&searcher, query, body)?;
            g.set_max_num_chars(SNIPPET_CHARS);
            generators.push((lang, body, g));
        }
        let mut docs = Vec::new();
        for (_, address) in top {
            docs.push(self.found_doc(&searcher, address, &generators)?);
        }
        Ok(Found {
            total: total as u64,
            docs,
        })
    }

    fn found_doc(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        generators: &[(Lang, tantivy::schema::Field, SnippetGenerator)],
    ) -> Result<FoundDoc, SearchError> {
        let f = self.fields();
        let doc: TantivyDocument = searcher.doc(address)?;
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
        Ok(FoundDoc {
            is_post: kind == "post",
            id,
            snippet,
        })
    }

    /// Read the hits back from the database, dropping anything the reader may not open (an
    /// index a moment behind the database never shows more than the database allows).
    async fn load(
        &self,
        docs: Vec<FoundDoc>,
        actor: Option<Actor>,
    ) -> Result<Vec<Hit>, SearchError> {
        let db = self.db();
        let comment_ids: Vec<i32> = docs.iter().filter(|d| !d.is_post).map(|d| d.id).collect();
        let comments: HashMap<i32, comment::Model> = comment::Entity::find()
            .filter(comment::Column::Id.is_in(comment_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut post_ids: Vec<i32> = docs.iter().filter(|d| d.is_post).map(|d| d.id).collect();
        post_ids.extend(comments.values().map(|c| c.post_id));
        let posts: HashMap<i32, post::Model> = post::Entity::find()
            .filter(post::Column::Id.is_in(post_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let mut people_ids: Vec<i32> = posts.values().map(|p| p.author_id).collect();
        people_ids.extend(comments.values().map(|c| c.author_id));
        let people: HashMap<i32, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(people_ids))
            .all(db)
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
            let (post, comment) = if d.is_post {
                (posts.get(&d.id), None)
            } else {
                let c = comments.get(&d.id);
                (c.and_then(|c| posts.get(&c.post_id)), c)
            };
            let Some(post) = post.filter(|p| p.status == "published" && readable_by(actor, p))
            else {
                continue;
            };
            let lang = Lang::parse(&post.language).unwrap_or_default();
            let hit = match comment {
                None => {
                    let (author, organization) = byline(post.author_id);
                    Hit {
                        kind: "post",
                        title: post.title.clone(),
                        url: format!("/posts/{}", post.slug),
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
                        url: format!("/posts/{}#comment-{}", post.slug, c.id),
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

struct Found {
    total: u64,
    docs: Vec<FoundDoc>,
}

struct FoundDoc {
    is_post: bool,
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
