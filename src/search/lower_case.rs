//! Tantivy's `LowerCaser` with the same output, cheaper on words with letters outside ASCII
//! (Finnish ä and ö, Swedish å): ASCII and Latin-1 letters are lowered directly, only other
//! letters through Unicode's tables, one character at a time as tantivy does (so without the
//! final-sigma rule of `str::to_lowercase`). The indexer lowers every word of every text
//! several times (one per field), so this shows in a rebuild.
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The token filter: each token's text in lower case.
#[derive(Clone, Debug)]
pub struct LowerCase;

impl TokenFilter for LowerCase {
    type Tokenizer<T: Tokenizer> = LowerCaseFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LowerCaseFilter<T> {
        LowerCaseFilter {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// The tokenizer [`LowerCase`] wraps around the one before it.
#[derive(Clone)]
pub struct LowerCaseFilter<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for LowerCaseFilter<T> {
    type TokenStream<'a> = LowerCaseStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LowerCaseStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The tokens of [`LowerCaseFilter`].
pub struct LowerCaseStream<'a, S> {
    tail: S,
    buffer: &'a mut String,
}

/// Appends `c` in lower case, as `char::to_lowercase` gives it.
fn push_lower(out: &mut String, c: char) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\0'..='\u{7f}' => out.push(c),
        // Latin-1's capitals (× is not one) are 0x20 below their small letters.
        'À'..='Þ' if c != '×' => out.extend(char::from_u32(c as u32 + 0x20)),
        // The rest of Latin-1 is already its own lower case.
        '\u{80}'..='ÿ' => out.push(c),
        _ => out.extend(c.to_lowercase()),
    }
}

impl<S: TokenStream> TokenStream for LowerCaseStream<'_, S> {
    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }

    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let text = &mut self.tail.token_mut().text;
        if text.is_ascii() {
            text.make_ascii_lowercase();
        } else {
            self.buffer.clear();
            for c in text.chars() {
                push_lower(self.buffer, c);
            }
            std::mem::swap(text, self.buffer);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer, WhitespaceTokenizer};

    use super::*;
    use crate::search::stem_cache::tests::tokens;

    #[test]
    fn every_character_is_lowered_as_unicode_lowers_it() {
        let mut out = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            out.clear();
            push_lower(&mut out, c);
            assert_eq!(out, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn tokens_are_tantivys_lower_casers() {
        let text = "Äiti ÖLJYÄ Åland ΣΊΣΥΦΟΣ Straße İstanbul ǅemal ΑΘΗΝΑ päätös KÄYTTÄJÄ x-Ray";
        for simple in [true, false] {
            let build = |lower: bool| {
                let builder = if simple {
                    TextAnalyzer::builder(SimpleTokenizer::default()).dynamic()
                } else {
                    TextAnalyzer::builder(WhitespaceTokenizer::default()).dynamic()
                };
                if lower {
                    builder.filter_dynamic(LowerCase).build()
                } else {
                    builder.filter_dynamic(LowerCaser).build()
                }
            };
            let (mut ours, mut theirs) = (build(true), build(false));
            // Twice: the buffer is reused.
            for _ in 0..2 {
                assert_eq!(tokens(&mut ours, text), tokens(&mut theirs, text));
            }
        }
    }
}
