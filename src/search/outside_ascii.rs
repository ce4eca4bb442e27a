//! A token filter that keeps only the words with a character outside ASCII (`päätös`,
//! `café`): the only words ASCII folding can change. The index's `folded` field keeps these
//! alone, folded; a word that folding leaves as it is is in `words` already, and a query
//! looks it up there.
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The token filter: tokens whose text is all ASCII are left out.
#[derive(Clone, Debug)]
pub struct OutsideAscii;

impl TokenFilter for OutsideAscii {
    type Tokenizer<T: Tokenizer> = OutsideAsciiFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> OutsideAsciiFilter<T> {
        OutsideAsciiFilter(tokenizer)
    }
}

/// The tokenizer [`OutsideAscii`] wraps around the one before it.
#[derive(Clone)]
pub struct OutsideAsciiFilter<T>(T);

impl<T: Tokenizer> Tokenizer for OutsideAsciiFilter<T> {
    type TokenStream<'a> = OutsideAsciiStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        OutsideAsciiStream(self.0.token_stream(text))
    }
}

/// The tokens of [`OutsideAsciiFilter`].
pub struct OutsideAsciiStream<S>(S);

impl<S: TokenStream> TokenStream for OutsideAsciiStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if !self.0.token().text.is_ascii() {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}
