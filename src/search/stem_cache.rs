//! Tantivy's Snowball stemmer with the stems it made remembered per word: indexing stems
//! every word of every text, and a text's words repeat (a Finnish stem takes about a
//! microsecond; a remembered one a hash look-up). The stems are the stemmer's own, so the
//! index holds the same terms as with `Stemmer` itself.
use std::collections::HashMap;

use foldhash::fast::RandomState;

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
    stems: HashMap<Box<str>, Box<str>, RandomState>,
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
    stems: &'a mut HashMap<Box<str>, Box<str>, RandomState>,
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
        let stem: Box<str> = {
            let mut stream: BoxTokenStream<'_> = self.stemmer.token_stream(&token.text);
            if stream.advance() {
                stream.token().text.as_str().into()
            } else {
                token.text.as_str().into()
            }
        };
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
            let expected = tokens(&mut plain, text);
            // Twice: the second time every stem comes from memory.
            assert_eq!(tokens(&mut cached, text), expected, "{language:?}");
            assert_eq!(tokens(&mut cached, text), expected, "{language:?}");
        }
    }
}
