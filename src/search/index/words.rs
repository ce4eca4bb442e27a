//! The analysis of a document's words for the fields built outside tantivy's analysers (base
//! forms, compound parts, n-grams, word pairs), each distinct word analysed once: a text's
//! fields are then its words' remembered pieces put together, in the same order and the same
//! spelling as `schema::voikko_texts`, `schema::pairs_text` and `schema::grams_text` give
//! them (the unit tests hold them to that).
use std::{collections::HashMap, sync::Mutex};

use foldhash::fast::RandomState;

use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};

use super::super::schema::{self, Analyser, LANGS};
use crate::i18n::Lang;

/// Distinct words remembered per language; a full cache is emptied (between two texts).
const CAPACITY: usize = 1 << 18;

/// What one word adds to its text's fields.
struct Word {
    /// The word in its pairs (`schema::pair_term`): with Voikko, a Finnish word's base forms
    /// (the word itself when Voikko does not know it); otherwise its stem in the language.
    own: Box<[Box<str>]>,
    /// With Voikko, a Finnish compound's heads, for `schema::head_pair_term`.
    heads: Box<[Box<str>]>,
    /// With Voikko, Finnish: its piece of the `base_*` texts (`asiakas `), of `parts`, and of
    /// `grams` (a word Voikko does not know); with the fallback, its n-grams.
    bases: Box<str>,
    parts: Box<str>,
    grams: Box<str>,
}

/// The words of one language met so far: `index` points into `words`.
#[derive(Default)]
struct Known {
    index: HashMap<Box<str>, u32, RandomState>,
    words: Vec<Word>,
}

/// The texts of one title or body for the fields `Words` fills.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Texts {
    /// With Voikko, Finnish: the `base_*` field's text, the compound parts, the n-grams of
    /// words Voikko does not know; with the fallback, `grams` has every word's n-grams.
    pub(super) bases: String,
    pub(super) parts: String,
    pub(super) grams: String,
    /// Every two consecutive words as `pairs_*` terms.
    pub(super) pairs: String,
}

/// Remembered analyses of words, by language, for one indexing thread.
pub(super) struct Words {
    analyser: Analyser,
    known: [Known; 3],
}

impl Words {
    pub(super) fn new(analyser: &Analyser) -> Words {
        Words {
            analyser: analyser.clone(),
            known: Default::default(),
        }
    }

    /// One memory for each of `threads` threads.
    pub(super) fn for_threads(analyser: &Analyser, threads: usize) -> Vec<Mutex<Words>> {
        (0..threads.max(1))
            .map(|_| Mutex::new(Words::new(analyser)))
            .collect()
    }

    /// The texts of `text` in `lang`.
    pub(super) fn texts(&mut self, lang: Lang, text: &str) -> Texts {
        let slot = LANGS.iter().position(|&l| l == lang).unwrap_or(0);
        let voikko = match &self.analyser {
            Analyser::Voikko(voikko) if lang == Lang::Fi => Some(voikko.as_ref()),
            _ => None,
        };
        let grams = voikko.is_some() || matches!(self.analyser, Analyser::Snowball);
        let known = &mut self.known[slot];
        if known.words.len() >= CAPACITY {
            known.index.clear();
            known.words.clear();
        }
        // About as long as the text each (the pairs twice), so they seldom grow.
        let mut out = Texts {
            bases: String::with_capacity(text.len()),
            parts: String::new(),
            grams: String::new(),
            pairs: String::with_capacity(2 * text.len()),
        };
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut previous: Option<(usize, usize)> = None;
        while stream.advance() {
            let token = stream.token();
            if token.text.len() >= schema::LONGEST_WORD {
                continue;
            }
            let at = match known.index.get(token.text.as_str()) {
                Some(&at) => at as usize,
                None => {
                    known.words.push(analyse(voikko, lang, grams, &token.text));
                    let at = known.words.len() - 1;
                    known.index.insert(token.text.as_str().into(), at as u32);
                    at
                }
            };
            let word = &known.words[at];
            out.bases.push_str(&word.bases);
            out.parts.push_str(&word.parts);
            out.grams.push_str(&word.grams);
            if let Some((position, before)) = previous
                && position + 1 == token.position
            {
                push_pairs(&mut out.pairs, lang, &known.words[before], word);
            }
            previous = Some((token.position, at));
        }
        out
    }
}

/// One word (a token of `SimpleTokenizer`, shorter than `schema::LONGEST_WORD`) analysed as
/// `schema::voikko_texts` (with `voikko`), `schema::pairs_text` and `schema::grams_text`
/// analyse it.
fn analyse(
    voikko: Option<&super::super::voikko::Voikko>,
    lang: Lang,
    grams: bool,
    raw: &str,
) -> Word {
    let spaced = |words: &mut dyn Iterator<Item = String>| -> Box<str> {
        let mut out = String::new();
        for word in words {
            out.push_str(&word);
            out.push(' ');
        }
        out.into()
    };
    let boxed =
        |words: &[String]| -> Box<[Box<str>]> { words.iter().map(|w| w.as_str().into()).collect() };
    let Some(voikko) = voikko else {
        let stems = schema::tokens(&mut schema::stemming(lang), raw);
        let grams = if grams {
            spaced(
                &mut schema::tokens(&mut schema::folding(), raw)
                    .iter()
                    .flat_map(|w| schema::word_grams(w)),
            )
        } else {
            Box::default()
        };
        return Word {
            own: boxed(&stems),
            heads: Box::default(),
            bases: Box::default(),
            parts: Box::default(),
            grams,
        };
    };
    let lower = schema::tokens(&mut schema::plain(), raw);
    let Some(lower) = lower.first() else {
        return Word {
            own: Box::default(),
            heads: Box::default(),
            bases: Box::default(),
            parts: Box::default(),
            grams: Box::default(),
        };
    };
    let expansion = voikko.expand_word(lower);
    let known = !expansion.base_forms.is_empty();
    let own = if known {
        expansion.base_forms.clone()
    } else {
        vec![lower.clone()]
    };
    let grams = if known {
        Box::default()
    } else {
        spaced(
            &mut schema::tokens(&mut schema::folding(), lower)
                .iter()
                .flat_map(|w| schema::word_grams(w)),
        )
    };
    Word {
        bases: spaced(&mut own.iter().cloned()),
        parts: spaced(&mut expansion.parts.iter().cloned()),
        own: boxed(&own),
        heads: boxed(&expansion.heads),
        grams,
    }
}

/// The pair terms of two consecutive words, as `schema::pairs_text` and (with heads)
/// `schema::voikko_texts` write them.
fn push_pairs(out: &mut String, lang: Lang, first: &Word, second: &Word) {
    let mut push = |prefix: &str, x: &str, y: &str| {
        schema::push_pair_term(out, prefix, x, y);
        out.push(' ');
    };
    for x in &first.own {
        for y in &second.own {
            push(lang.code(), x, y);
        }
    }
    if first.heads.is_empty() && second.heads.is_empty() {
        return;
    }
    let (a, b) = (first.own.len(), second.own.len());
    for (i, x) in first.own.iter().chain(&first.heads).enumerate() {
        for (j, y) in second.own.iter().chain(&second.heads).enumerate() {
            if i >= a || j >= b {
                push(schema::HEAD_PAIRS, x, y);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::search::voikko::Voikko;

    const TEXTS: &[&str] = &[
        "Uusi asiakaspalvelu palvelee uusia asiakkaita: Kävimme yritysneuvonnassa kolme kertaa.",
        "Haastattelimme loppukäyttäjien edustajia, ja chatbotin qxzvuorkh ab12cd toimii.",
        "Asiakkaiden palvelussa PALVELUSSA palvelussa — e-mail, 2024-12-06, Åland ja Öljy.",
        "",
        "yksi",
    ];

    /// Texts with a word too long to index between others, which breaks the pairs.
    fn texts() -> Vec<String> {
        let long = format!("uusi {} palvelu uusille asiakkaille", "a".repeat(80));
        TEXTS
            .iter()
            .map(|t| (*t).to_owned())
            .chain([long])
            .collect()
    }

    /// What the straightforward analysers in `schema` make of a text.
    fn expected(analyser: &Analyser, lang: Lang, text: &str) -> Texts {
        match analyser {
            Analyser::Voikko(voikko) if lang == Lang::Fi => {
                let t = schema::voikko_texts(voikko, text);
                Texts {
                    bases: t.bases,
                    parts: t.parts,
                    grams: t.unknown_grams,
                    pairs: t.pairs,
                }
            }
            Analyser::Voikko(_) => Texts {
                pairs: schema::pairs_text(lang, text),
                ..Texts::default()
            },
            Analyser::Snowball => Texts {
                grams: schema::grams_text(text),
                pairs: schema::pairs_text(lang, text),
                ..Texts::default()
            },
        }
    }

    fn same_as_schema(analyser: &Analyser) {
        let mut words = Words::new(analyser);
        // Twice: the second time every word is remembered.
        for _ in 0..2 {
            for lang in LANGS {
                for text in texts() {
                    assert_eq!(
                        words.texts(lang, &text),
                        expected(analyser, lang, &text),
                        "{lang:?}: {text}"
                    );
                }
            }
        }
    }

    #[test]
    fn remembered_words_give_the_fallbacks_texts() {
        same_as_schema(&Analyser::Snowball);
    }

    #[test]
    fn remembered_words_give_voikkos_texts() {
        let Some(voikko) = Voikko::load() else {
            assert!(
                std::env::var_os("TEST_REQUIRE_VOIKKO").is_none(),
                "TEST_REQUIRE_VOIKKO is set but Voikko did not load"
            );
            eprintln!("skipped: Voikko is not installed");
            return;
        };
        let analyser = Analyser::Voikko(Arc::new(voikko));
        same_as_schema(&analyser);
        // Compound heads make head pairs; the pieces are not all empty.
        let texts = Words::new(&analyser).texts(Lang::Fi, TEXTS[0]);
        assert!(texts.pairs.contains("fi+:"), "{texts:?}");
        assert!(texts.parts.contains("palvelu "), "{texts:?}");
    }
}
