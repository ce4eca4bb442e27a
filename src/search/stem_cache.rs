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

/// Words and their stems.
type Stems = HashMap<Box<str>, Box<str>, RandomState>;

/// Where a [`RememberingStemmer`] keeps the stems it made.
pub trait Memory: Clone + Send + Sync + 'static {
    /// Before each text.
    fn start_text(&mut self) {}
    /// Replace `word` with the stem remembered for it; false, and `word` as it was, if none is.
    fn recall(&self, word: &mut String) -> bool;
    fn remember(&mut self, word: Box<str>, stem: Box<str>);
}

/// A memory of one analyser's own: indexing, where each copy of an analyser (tantivy takes
/// one per segment it writes) stems on its own thread, so no lock.
#[derive(Clone, Default)]
pub struct OwnStems(Stems);

impl Memory for OwnStems {
    fn start_text(&mut self) {
        if self.0.len() >= CAPACITY {
            self.0.clear();
        }
    }

    fn recall(&self, word: &mut String) -> bool {
        let Some(stem) = self.0.get(word.as_str()) else {
            return false;
        };
        word.clear();
        word.push_str(stem);
        true
    }

    fn remember(&mut self, word: Box<str>, stem: Box<str>) {
        self.0.insert(word, stem);
    }
}

/// Stems remembered for every query-time analyser of an index, shared between threads:
/// snippets stem each word of each hit on every page of results, and the same texts come up
/// page after page (a snippet generator copies the analyser for each text, and each copy
/// shares this memory).
pub struct SharedStems {
    shards: Vec<Mutex<Stems>>,
}

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
    fn shard(&self, word: &str) -> std::sync::MutexGuard<'_, Stems> {
        let hash = FixedState::default().hash_one(word);
        self.shards[(hash % SHARDS as u64) as usize]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }
}

impl Memory for Arc<SharedStems> {
    fn recall(&self, word: &mut String) -> bool {
        let shard = self.shard(word);
        let Some(stem) = shard.get(word.as_str()) else {
            return false;
        };
        word.clear();
        word.push_str(stem);
        true
    }

    fn remember(&mut self, word: Box<str>, stem: Box<str>) {
        let mut shard = self.shard(&word);
        if shard.len() >= SHARD_CAPACITY {
            shard.clear();
        }
        shard.insert(word, stem);
    }
}

/// A [`Stemmer`] that remembers its stems in `M`.
#[derive(Clone)]
pub struct RememberingStemmer<M> {
    language: Language,
    memory: M,
}

/// Indexing's stemmer: a memory per copy of the analyser.
pub type CachedStemmer = RememberingStemmer<OwnStems>;
/// Snippets' stemmer: one memory per language shared by every copy.
pub type SharedStemmer = RememberingStemmer<Arc<SharedStems>>;

impl CachedStemmer {
    pub fn new(language: Language) -> CachedStemmer {
        RememberingStemmer {
            language,
            memory: OwnStems::default(),
        }
    }
}

impl SharedStemmer {
    pub fn new(language: Language, stems: Arc<SharedStems>) -> SharedStemmer {
        RememberingStemmer {
            language,
            memory: stems,
        }
    }
}

impl<M: Memory> TokenFilter for RememberingStemmer<M> {
    type Tokenizer<T: Tokenizer> = RememberingStemmerFilter<T, M>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberingStemmerFilter<T, M> {
        RememberingStemmerFilter {
            inner: tokenizer,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(self.language))
                .build(),
            memory: self.memory,
        }
    }
}

/// The tokenizer [`RememberingStemmer`] wraps around the one before it.
#[derive(Clone)]
pub struct RememberingStemmerFilter<T, M> {
    inner: T,
    /// The stemmer on one word at a time.
    stemmer: TextAnalyzer,
    memory: M,
}

impl<T: Tokenizer, M: Memory> Tokenizer for RememberingStemmerFilter<T, M> {
    type TokenStream<'a> = RememberingStemmerStream<'a, T::TokenStream<'a>, M>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.memory.start_text();
        RememberingStemmerStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            memory: &mut self.memory,
        }
    }
}

/// The tokens of [`RememberingStemmerFilter`]: the inner tokens with their text stemmed.
pub struct RememberingStemmerStream<'a, S, M> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    memory: &'a mut M,
}

impl<S: TokenStream, M: Memory> TokenStream for RememberingStemmerStream<'_, S, M> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if self.memory.recall(&mut token.text) {
            return true;
        }
        let stem = stem_of(self.stemmer, &token.text);
        let word = std::mem::replace(&mut token.text, stem.to_string());
        self.memory.remember(word.into(), stem);
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
