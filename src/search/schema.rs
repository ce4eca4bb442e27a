//! The index schema as a typed `Fields` struct, and the analysers: per-language Snowball
//! stems, ä/ö-folded words, and for Finnish either Voikko's base forms and compound parts or,
//! without Voikko, character n-grams for compound parts.
use std::sync::Arc;

use tantivy::{
    Index,
    schema::{
        FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
        TextOptions,
    },
    tokenizer::{
        AsciiFoldingFilter, Language, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
        TextAnalyzerBuilder, Tokenizer, WhitespaceTokenizer,
    },
};

use super::{
    lower_case::LowerCase,
    outside_ascii::OutsideAscii,
    stem_cache::{CachedStemmer, SharedStemmer},
    voikko::Voikko,
};
use crate::i18n::Lang;

/// Which analyser handles Finnish. Chosen once when the node starts; the index folder's name
/// carries it, so switching (installing Voikko, say) rebuilds the index.
#[derive(Clone, Debug, Default)]
pub enum Analyser {
    /// Snowball stems, with compound parts found by character n-grams at query time.
    #[default]
    Snowball,
    /// Voikko's base forms and compound parts, written into the index.
    Voikko(Arc<Voikko>),
}

impl Analyser {
    /// Voikko when `wanted` and the library and its Finnish dictionary load; Snowball
    /// otherwise.
    pub fn detect(wanted: bool) -> Analyser {
        if !wanted {
            return Analyser::Snowball;
        }
        match Voikko::load() {
            Some(voikko) => Analyser::Voikko(Arc::new(voikko)),
            None => Analyser::Snowball,
        }
    }

    /// Part of the index folder's name.
    pub fn tag(&self) -> &'static str {
        match self {
            Analyser::Snowball => "snowball",
            Analyser::Voikko(_) => "voikko",
        }
    }

    /// The message key naming the analyser, for the search page's footer.
    pub fn message_key(&self) -> &'static str {
        match self {
            Analyser::Snowball => "search-analyser-snowball",
            Analyser::Voikko(_) => "search-analyser-voikko",
        }
    }

    /// The library's own description (`Voikko 4.3.1 …`), or the fallback's name.
    pub fn description(&self) -> &str {
        match self {
            Analyser::Snowball => super::voikko::FALLBACK_DESCRIPTION,
            Analyser::Voikko(v) => v.description(),
        }
    }

    /// Whether Voikko knows the (lower-case) word as Finnish, in some form: then it is spelt
    /// right, whatever the index holds. Never without Voikko.
    pub fn knows(&self, word: &str) -> bool {
        match self {
            Analyser::Voikko(voikko) => !voikko.expand_word(word).base_forms.is_empty(),
            Analyser::Snowball => false,
        }
    }

    /// Voikko's base forms of a (lower-case) word, or the word itself when Voikko does not
    /// know it (a name, a code, a typo); `None` without Voikko.
    pub fn base_forms(&self, word: &str) -> Option<Vec<String>> {
        let Analyser::Voikko(voikko) = self else {
            return None;
        };
        let expansion = voikko.expand_word(word);
        Some(if expansion.base_forms.is_empty() {
            vec![word.to_owned()]
        } else {
            expansion.base_forms.clone()
        })
    }
}

/// Length of the character n-grams that find compound parts (`palvelu` in
/// `asiakaspalvelussa`).
pub const GRAM: usize = 4;

/// Words this long (in bytes, as written) or longer are left out of the index.
pub(crate) const LONGEST_WORD: usize = 64;

const PLAIN: &str = "lupa_plain";
const FOLDED: &str = "lupa_folded";
const PAIRS: &str = "lupa_pairs";

/// Every field of the index, made once with the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// `post:12`, `comment:5`, `workshop:3` or `task:4`: the document's identity.
    pub key: Field,
    /// `post`, `comment`, `minutes` or `task`.
    pub kind: Field,
    /// The post's or comment's database id.
    pub id: Field,
    /// The post (a comment's post), so a post's change reaches its comments.
    pub post_id: Field,
    /// Who may find it: `public`, `members`, later `panel:17`. Filtered inside the query.
    pub scope: Field,
    /// The document's language code.
    pub lang: Field,
    /// Title, label names and body, one of each per language, stemmed for that language.
    pub title: [Field; 3],
    pub labels: [Field; 3],
    pub body: [Field; 3],
    /// Title, labels and body as typed (lower case): exact word forms, and the dictionary
    /// that spelling suggestions come from.
    pub words: Field,
    /// Author's and organisation's names.
    pub byline: Field,
    /// The words of title and body that folding changes (`päätös`, `café`), lower case and
    /// folded (`paatos`, `cafe`), for words typed without their accents. A word that folding
    /// leaves as it is is only in `words`, where a query looks its folded form up too.
    pub folded: Field,
    /// Character n-grams of every word, for compound parts (without Voikko).
    pub grams: Field,
    /// With Voikko, Finnish documents only: the base form of every word of the title and of
    /// the body (*asiakkaiden* → *asiakas*, *asiakaspalvelussa* → *asiakaspalvelu*).
    pub base_title: Field,
    pub base_body: Field,
    /// With Voikko: the base forms of compound words' parts (*asiakas*, *palvelu*).
    pub parts: Field,
    /// Every two consecutive words of the title and of the body as one term, in their
    /// language's stems (`fi:uus_palvelu`): a two-word phrase is one term query, which tantivy
    /// answers without reading positions (see `pair_term`).
    pub pairs_title: Field,
    pub pairs_body: Field,
    /// The scope as a number (`scope_code`), read by the collectors that check it per hit.
    pub scope_code: Field,
    /// Publication (or comment) time, milliseconds since 1970.
    pub date: Field,
    /// The author's organisation's id, the author's id, the post's label ids, and the kind as
    /// a number (`KIND_POST`, `KIND_COMMENT`): filters and their counts.
    pub org: Field,
    pub author: Field,
    pub label: Field,
    pub kind_code: Field,
}

/// `kind_code` of a post.
pub const KIND_POST: u64 = 0;
/// `kind_code` of a comment.
pub const KIND_COMMENT: u64 = 1;
/// `kind_code` of a workshop's minutes.
pub const KIND_MINUTES: u64 = 2;
/// `kind_code` of a panel task (poll or survey).
pub const KIND_TASK: u64 = 3;

impl Fields {
    /// The title and body fields of a language.
    pub fn text_of(&self, lang: Lang) -> (Field, Field) {
        let i = lang_index(lang);
        (self.title[i], self.body[i])
    }

    /// The label-name field of a language.
    pub fn labels_of(&self, lang: Lang) -> Field {
        self.labels[lang_index(lang)]
    }
}

/// Languages in field order.
pub const LANGS: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

/// The language of a post's text (and its comments'), whose fields it is indexed and
/// searched in: the one conversion of the blog's stored language code on search's side.
pub fn post_lang(post: &crate::entities::post::Model) -> Lang {
    post.lang()
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

fn analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "lupa_fi",
        Lang::Sv => "lupa_sv",
        Lang::En => "lupa_en",
    }
}

fn text(tokenizer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let lang_fields = |b: &mut tantivy::schema::SchemaBuilder, part: &str| {
        LANGS.map(|l| {
            b.add_text_field(
                &format!("{part}_{}", l.code()),
                text(analyzer_name(l), positions, true),
            )
        })
    };
    let key = b.add_text_field("key", STRING | STORED);
    let kind = b.add_text_field("kind", STRING | STORED);
    let id = b.add_u64_field("id", INDEXED | STORED | FAST);
    let post_id = b.add_u64_field("post_id", INDEXED | STORED);
    let scope = b.add_text_field("scope", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let title = lang_fields(&mut b, "title");
    let labels = lang_fields(&mut b, "labels");
    let body = lang_fields(&mut b, "body");
    let words = b.add_text_field("words", text(PLAIN, IndexRecordOption::WithFreqs, false));
    // Matched word by word (no phrase looks at them), so without positions.
    let byline = b.add_text_field("byline", text(PLAIN, IndexRecordOption::WithFreqs, false));
    let folded = b.add_text_field("folded", text(FOLDED, IndexRecordOption::WithFreqs, false));
    let grams = b.add_text_field("grams", text(PLAIN, IndexRecordOption::WithFreqs, false));
    let base_title = b.add_text_field(
        "base_title",
        text(PLAIN, IndexRecordOption::WithFreqs, false),
    );
    let base_body = b.add_text_field(
        "base_body",
        text(PLAIN, IndexRecordOption::WithFreqs, false),
    );
    let parts = b.add_text_field("parts", text(PLAIN, IndexRecordOption::WithFreqs, false));
    let pairs_title = b.add_text_field(
        "pairs_title",
        text(PAIRS, IndexRecordOption::WithFreqs, false),
    );
    let pairs_body = b.add_text_field(
        "pairs_body",
        text(PAIRS, IndexRecordOption::WithFreqs, false),
    );
    let scope_code = b.add_u64_field("scope_code", FAST);
    let date = b.add_i64_field("date", INDEXED | STORED | FAST);
    let org = b.add_u64_field("org", INDEXED | FAST);
    let author = b.add_u64_field("author", INDEXED | FAST);
    let label = b.add_u64_field("label", INDEXED | FAST);
    let kind_code = b.add_u64_field("kind_code", INDEXED | FAST);
    let fields = Fields {
        key,
        kind,
        id,
        post_id,
        scope,
        lang,
        title,
        labels,
        body,
        words,
        byline,
        folded,
        grams,
        base_title,
        base_body,
        parts,
        pairs_title,
        pairs_body,
        scope_code,
        date,
        org,
        author,
        label,
        kind_code,
    };
    (b.build(), fields)
}

/// The analyser of a language: words, lower case, that language's Snowball stems.
pub fn stemming(lang: Lang) -> TextAnalyzer {
    lower_case_words()
        .filter(Stemmer::new(language(lang)))
        .build()
}

/// Words, long ones left out, in lower case: what every analyser of text starts with (each
/// language's stemming ones, the index's, the query's and the snippets', must give the same
/// tokens).
fn lower_case_words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCase)
}

fn language(lang: Lang) -> Language {
    match lang {
        Lang::Fi => Language::Finnish,
        Lang::Sv => Language::Swedish,
        Lang::En => Language::English,
    }
}

/// Words in lower case.
pub fn plain() -> TextAnalyzer {
    lower_case_words().build()
}

/// Words in lower case without accents: `päätös` → `paatos`.
pub fn folding() -> TextAnalyzer {
    lower_case_words().filter(AsciiFoldingFilter).build()
}

/// The `folded` field's analyser: of the words `folding` gives, only those it changed (the
/// ones with a character outside ASCII).
pub fn folded_words() -> TextAnalyzer {
    lower_case_words()
        .filter(OutsideAscii)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The language's analyser as an index registers it: the same stems as `stemming`, each
/// word's remembered (see `stem_cache`).
fn stemming_remembered(lang: Lang) -> TextAnalyzer {
    lower_case_words()
        .filter(CachedStemmer::new(language(lang)))
        .build()
}

/// Each language's analyser for snippets: the tokens of the one the index registers, with
/// stems remembered across searches, one memory per language (`stem_cache::SharedStems`).
pub struct SnippetAnalyzers(Vec<TextAnalyzer>);

impl Default for SnippetAnalyzers {
    fn default() -> SnippetAnalyzers {
        SnippetAnalyzers(
            LANGS
                .iter()
                .map(|&lang| {
                    lower_case_words()
                        .filter(SharedStemmer::new(language(lang), Arc::default()))
                        .build()
                })
                .collect(),
        )
    }
}

impl SnippetAnalyzers {
    /// The analyser of `lang` (a copy sharing the memory).
    pub fn of(&self, lang: Lang) -> TextAnalyzer {
        self.0[lang_index(lang)].clone()
    }
}

/// Register Lupa's analysers on an index (they are not stored in it).
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    for lang in LANGS {
        manager.register(analyzer_name(lang), stemming_remembered(lang));
    }
    manager.register(PLAIN, plain());
    manager.register(FOLDED, folded_words());
    manager.register(PAIRS, TextAnalyzer::from(WhitespaceTokenizer::default()));
}

/// The term of two consecutive words, given as their stems in `lang` (with Voikko, Finnish
/// words as their base forms).
pub fn pair_term(lang: Lang, first: &str, second: &str) -> String {
    let mut term = String::new();
    push_pair_term(&mut term, lang.code(), first, second);
    term
}

/// The start of `head_pair_term`'s terms, before the colon.
pub(crate) const HEAD_PAIRS: &str = "fi+";

/// Writes a pair term: `prefix` (a language's code, or `HEAD_PAIRS`), a colon, the two words
/// joined by `_`.
pub(crate) fn push_pair_term(out: &mut String, prefix: &str, first: &str, second: &str) {
    out.push_str(prefix);
    out.push(':');
    out.push_str(first);
    out.push('_');
    out.push_str(second);
}

/// With Voikko, the term of two consecutive Finnish words where one or both are given as a
/// compound's head (`palvelu` for *asiakaspalvelussa*): `fi+:uusi_palvelu`.
pub fn head_pair_term(first: &str, second: &str) -> String {
    let mut term = String::new();
    push_pair_term(&mut term, HEAD_PAIRS, first, second);
    term
}

/// The text of a `pairs_*` field: every two consecutive words of `text` as one term (see
/// `pair_term`), space-separated. Words are consecutive only when nothing was dropped
/// between them (a word longer than 64 letters breaks the chain, as it breaks a phrase).
pub fn pairs_text(lang: Lang, text: &str) -> String {
    let mut out = String::new();
    let mut analyzer = stemming(lang);
    let mut stream = analyzer.token_stream(text);
    let mut previous: Option<(usize, String)> = None;
    while let Some(token) = stream.next() {
        if let Some((position, first)) = &previous
            && position + 1 == token.position
        {
            out.push_str(&pair_term(lang, first, &token.text));
            out.push(' ');
        }
        previous = Some((token.position, token.text.clone()));
    }
    out
}

/// The tokens an analyser makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// With Voikko, the texts for Finnish `text`, space-separated: of the `base_*` fields, each
/// word's base forms (or the word itself when Voikko does not know it); of `parts`, its
/// compound parts' base forms; of `grams`, the n-grams of the words Voikko does not know
/// (loanwords and names inside compounds: *chatbotin*); of `pairs_*`, every two consecutive
/// words as their base forms (`pair_term`) and, where one is a compound, with its heads
/// (`head_pair_term`).
pub struct VoikkoTexts {
    pub bases: String,
    pub parts: String,
    pub unknown_grams: String,
    pub pairs: String,
}

pub fn voikko_texts(voikko: &Voikko, text: &str) -> VoikkoTexts {
    let mut bases = String::new();
    let mut parts = String::new();
    let mut unknown_grams = String::new();
    let mut pairs = String::new();
    let mut analyzer = plain();
    let mut stream = analyzer.token_stream(text);
    let mut previous: Option<(usize, std::sync::Arc<super::voikko::Expansion>, String)> = None;
    while let Some(token) = stream.next() {
        let word = &token.text;
        let expansion = voikko.expand_word(word);
        if expansion.base_forms.is_empty() {
            bases.push_str(word);
            bases.push(' ');
            for folded in tokens(&mut folding(), word) {
                for gram in word_grams(&folded) {
                    unknown_grams.push_str(&gram);
                    unknown_grams.push(' ');
                }
            }
        }
        for base in &expansion.base_forms {
            bases.push_str(base);
            bases.push(' ');
        }
        for part in &expansion.parts {
            parts.push_str(part);
            parts.push(' ');
        }
        if let Some((position, before, before_word)) = &previous
            && position + 1 == token.position
        {
            push_pairs(&mut pairs, (before, before_word), (&expansion, word));
        }
        previous = Some((token.position, expansion, word.clone()));
    }
    VoikkoTexts {
        bases,
        parts,
        unknown_grams,
        pairs,
    }
}

/// The pair terms of two consecutive Finnish words (see `voikko_texts`).
fn push_pairs(
    out: &mut String,
    (first, first_word): (&super::voikko::Expansion, &str),
    (second, second_word): (&super::voikko::Expansion, &str),
) {
    let own = |e: &super::voikko::Expansion, word: &str| -> Vec<String> {
        if e.base_forms.is_empty() {
            vec![word.to_owned()]
        } else {
            e.base_forms.clone()
        }
    };
    let (a, b) = (own(first, first_word), own(second, second_word));
    for x in &a {
        for y in &b {
            out.push_str(&pair_term(Lang::Fi, x, y));
            out.push(' ');
        }
    }
    for (i, x) in a.iter().chain(&first.heads).enumerate() {
        for (j, y) in b.iter().chain(&second.heads).enumerate() {
            if i >= a.len() || j >= b.len() {
                out.push_str(&head_pair_term(x, y));
                out.push(' ');
            }
        }
    }
}

/// The character n-grams of each word of `text` (folded, lower case), space-separated:
/// the text of the `grams` field. Words shorter than `GRAM` are kept whole.
pub fn grams_text(text: &str) -> String {
    let mut out = String::new();
    for word in tokens(&mut folding(), text) {
        for gram in word_grams(&word) {
            out.push_str(&gram);
            out.push(' ');
        }
    }
    out
}

/// The n-grams of one (already folded, lower-case) word.
pub fn word_grams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= GRAM {
        return vec![word.to_owned()];
    }
    chars.windows(GRAM).map(|w| w.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finnish_inflections_share_a_stem() {
        let mut fi = stemming(Lang::Fi);
        assert_eq!(
            tokens(&mut fi, "asiakkaiden"),
            tokens(&mut fi, "asiakkaalle")
        );
        assert_eq!(tokens(&mut fi, "Palvelussa"), tokens(&mut fi, "palvelu"));
        // Snowball leaves the base form whole; `query` adds the inflected stem for it.
        assert_eq!(tokens(&mut fi, "asiakas"), ["asiakas"]);
    }

    #[test]
    fn pairs_are_consecutive_stems() {
        let stem = |w: &str| tokens(&mut stemming(Lang::Fi), w).remove(0);
        let expected: Vec<String> = [
            ("Uusi", "palvelu"),
            ("palvelu", "uusille"),
            ("uusille", "asiakkaille"),
        ]
        .iter()
        .map(|(a, b)| pair_term(Lang::Fi, &stem(a), &stem(b)))
        .collect();
        assert_eq!(
            pairs_text(Lang::Fi, "Uusi palvelu, uusille asiakkaille"),
            format!("{} ", expected.join(" "))
        );
        assert_eq!(expected[0], "fi:uusi_palvelu");
        let long = "a".repeat(80);
        assert_eq!(pairs_text(Lang::En, &format!("new {long} service")), "");
        assert_eq!(pairs_text(Lang::En, "one"), "");
    }

    #[test]
    fn folding_drops_umlauts() {
        assert_eq!(tokens(&mut folding(), "Päätös Åland"), ["paatos", "aland"]);
    }

    #[test]
    fn the_folded_field_keeps_only_the_words_folding_changes() {
        assert_eq!(
            tokens(
                &mut folded_words(),
                "Päätös on selvä, CAFÉ auki ja Åland 2026"
            ),
            ["paatos", "selva", "cafe", "aland"]
        );
    }

    #[test]
    fn compound_parts_are_grams_of_the_whole() {
        let whole = grams_text("asiakaspalvelussa");
        for gram in word_grams("palvelu") {
            assert!(whole.split(' ').any(|g| g == gram), "{gram} in {whole}");
        }
    }
}
