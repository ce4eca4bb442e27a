//! Tantivy's Snowball stemmer with the stems it made remembered per word: indexing stems
//! every word of every text, and a text's words repeat (a Finnish stem takes about a
//! microsecond; a remembered one a hash look-up). The stems are the stemmer's own, so the
//! index holds the same terms as with `Stemmer` itself.
use std::{
    collections::HashMap,
    hash::BuildHasher,
    sync::{Arc, Mutex},
};

use foldhash::fast::{FixedState, RandomState};

use tantivy::tokenizer::{
    BoxTokenStream, Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream,
    Tokenizer,
};

/// Words remembered per analyser; a full one is emptied (between two texts).
const CAPACITY: usize = 1 << 17;

/// A [`Stemmer`] that remembers its stems. Each copy of an analyser (tantivy takes one per
/// segment it writes) has its own memory.
#[derive(Clone, Debug)]
pub struct CachedStemmer(Language);

impl CachedStemmer {
    pub fn new(language: Language) -> CachedStemmer {
        CachedStemmer(language)
    }
}

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.0))
                .build(),
            stems: HashMap::default(),
        }
    }
}

/// The tokenizer [`CachedStemmer`] wraps around the one before it.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    /// The stemmer on one word at a time.
    stemmer: TextAnalyzer,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.stems.len() >= CAPACITY {
            self.stems.clear();
        }
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &mut self.stems,
        }
    }
}

/// The tokens of [`CachedStemmerFilter`]: the inner tokens with their text stemmed.
pub struct CachedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a mut Stems,
}

impl<S: TokenStream> TokenStream for CachedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = stem_of(self.stemmer, &token.text);
        let word = std::mem::replace(&mut token.text, stem.to_string());
        self.stems.insert(word.into(), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Stems remembered for every query-time analyser of an index, shared between threads:
/// snippets stem each word of each hit on every page of results, and the same texts come up
/// page after page. (Indexing keeps its own memory per writer, `CachedStemmer`, with no lock.)
pub struct SharedStems {
    shards: Vec<Mutex<Stems>>,
}

/// Words and their stems.
type Stems = HashMap<Box<str>, Box<str>, RandomState>;

/// Shards of a shared memory (few threads contend for one).
const SHARDS: usize = 16;
/// Words per shard; a full shard is emptied.
const SHARD_CAPACITY: usize = 8192;

impl Default for SharedStems {
    fn default() -> SharedStems {
        SharedStems {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl SharedStems {
    fn shard(
        &self,
        word: &str,
    ) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Box<str>, RandomState>> {
        let hash = FixedState::default().hash_one(word);
        self.shards[(hash % SHARDS as u64) as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// A [`Stemmer`] that remembers its stems in a [`SharedStems`] (one per language).
#[derive(Clone)]
pub struct SharedStemmer {
    language: Language,
    stems: Arc<SharedStems>,
}

impl SharedStemmer {
    pub fn new(language: Language, stems: Arc<SharedStems>) -> SharedStemmer {
        SharedStemmer { language, stems }
    }
}

impl TokenFilter for SharedStemmer {
    type Tokenizer<T: Tokenizer> = SharedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SharedStemmerFilter<T> {
        SharedStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.language))
                .build(),
            stems: self.stems,
        }
    }
}

/// The tokenizer [`SharedStemmer`] wraps around the one before it.
#[derive(Clone)]
pub struct SharedStemmerFilter<T> {
    inner: T,
    stemmer: TextAnalyzer,
    stems: Arc<SharedStems>,
}

impl<T: Tokenizer> Tokenizer for SharedStemmerFilter<T> {
    type TokenStream<'a> = SharedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SharedStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            stems: &self.stems,
        }
    }
}

/// The tokens of [`SharedStemmerFilter`]: the inner tokens with their text stemmed.
pub struct SharedStemmerStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    stems: &'a SharedStems,
}

impl<S: TokenStream> TokenStream for SharedStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.shard(&token.text).get(token.text.as_str()) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = stem_of(self.stemmer, &token.text);
        let word = std::mem::replace(&mut token.text, stem.to_string());
        let mut shard = self.stems.shard(&word);
        if shard.len() >= SHARD_CAPACITY {
            shard.clear();
        }
        shard.insert(word.into(), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The stemmer's stem of one word (the word itself when it gives none).
fn stem_of(stemmer: &mut TextAnalyzer, word: &str) -> Box<str> {
    let mut stream: BoxTokenStream<'_> = stemmer.token_stream(word);
    if stream.advance() {
        stream.token().text.as_str().into()
    } else {
        word.into()
    }
}

#[cfg(test)]
pub(super) mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    use super::*;

    /// Each token of `text` with its position and offsets (also for `lower_case`'s tests).
    pub(in crate::search) fn tokens(
        analyzer: &mut TextAnalyzer,
        text: &str,
    ) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn remembered_stems_are_the_stemmers_own() {
        let text = "Asiakkaiden palvelussa palvelussa asiakkaalle, palvelut ja asiakkaiden \
                    palvelussa; the services serviced";
        for language in [Language::Finnish, Language::Swedish, Language::English] {
            let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(language))
                .build();
            let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedStemmer::new(language))
                .build();
            let mut shared = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(SharedStemmer::new(language, Arc::default()))
                .build();
            let expected = tokens(&mut plain, text);
            // Twice: the second time every stem comes from memory.
            assert_eq!(tokens(&mut cached, text), expected, "{language:?}");
            assert_eq!(tokens(&mut cached, text), expected, "{language:?}");
            assert_eq!(tokens(&mut shared, text), expected, "{language:?}");
            // A copy of the analyser (as a snippet generator takes one per text) shares the
            // memory: the same stems again.
            assert_eq!(tokens(&mut shared.clone(), text), expected, "{language:?}");
        }
    }
}
