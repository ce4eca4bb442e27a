//! The tantivy filter that puts Voikko's words in the index: each known word becomes its
//! base form(s) and its compound parts' base forms, at the word's position.
use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::{Voikko, word_bases::push_unique};

/// A tantivy filter for lower-cased Finnish tokens: each word Voikko knows becomes its base
/// form(s) and its compound parts' base forms, all at the word's position; a word it does not
/// know (a name, a code, a typo) passes through unchanged so it still matches itself.
#[derive(Clone, Debug)]
pub struct VoikkoFilter {
    voikko: Arc<Voikko>,
    keep_original: bool,
    parts: bool,
}

impl VoikkoFilter {
    /// Base forms and compound parts, as wanted when indexing.
    pub fn new(voikko: Arc<Voikko>) -> VoikkoFilter {
        VoikkoFilter {
            voikko,
            keep_original: false,
            parts: true,
        }
    }

    /// Also emit the token as written, before its base forms.
    pub fn keep_original(mut self, keep: bool) -> VoikkoFilter {
        self.keep_original = keep;
        self
    }

    /// Whether to emit compound parts; a query usually wants only the base forms, so that
    /// `asiakaspalvelussa` looks for `asiakaspalvelu` and not every `palvelu`.
    pub fn compound_parts(mut self, parts: bool) -> VoikkoFilter {
        self.parts = parts;
        self
    }

    /// The words this filter emits for one lower-cased token, in order.
    fn words_for(&self, token: &str) -> Vec<String> {
        let expansion = self.voikko.expansion(token);
        if expansion.base_forms.is_empty() {
            return Vec::new();
        }
        let mut words = Vec::new();
        if self.keep_original {
            words.push(token.to_owned());
        }
        let parts = if self.parts {
            &expansion.parts[..]
        } else {
            &[]
        };
        for word in expansion.base_forms.iter().chain(parts) {
            push_unique(&mut words, word.clone());
        }
        words
    }
}

impl TokenFilter for VoikkoFilter {
    type Tokenizer<T: Tokenizer> = VoikkoTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> VoikkoTokenizer<T> {
        VoikkoTokenizer {
            filter: self,
            inner: tokenizer,
            pending: Vec::new(),
        }
    }
}

/// The tokenizer [`VoikkoFilter`] wraps around the one before it.
#[derive(Clone, Debug)]
pub struct VoikkoTokenizer<T> {
    filter: VoikkoFilter,
    inner: T,
    pending: Vec<Token>,
}

impl<T: Tokenizer> Tokenizer for VoikkoTokenizer<T> {
    type TokenStream<'a> = VoikkoTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.pending.clear();
        VoikkoTokenStream {
            filter: &self.filter,
            tail: self.inner.token_stream(text),
            pending: &mut self.pending,
        }
    }
}

/// The tokens of [`VoikkoTokenizer`]: `pending` holds the current word's outputs in reverse
/// order, its last element being the current token; when empty the inner token is current.
pub struct VoikkoTokenStream<'a, S> {
    filter: &'a VoikkoFilter,
    tail: S,
    pending: &'a mut Vec<Token>,
}

impl<S: TokenStream> TokenStream for VoikkoTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        self.pending.pop();
        if !self.pending.is_empty() {
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token();
        let words = self.filter.words_for(&token.text);
        for word in words.into_iter().rev() {
            self.pending.push(Token {
                text: word,
                ..token.clone()
            });
        }
        true
    }

    fn token(&self) -> &Token {
        self.pending.last().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        self.pending
            .last_mut()
            .unwrap_or_else(|| self.tail.token_mut())
    }
}
