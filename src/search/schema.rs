//! The index schema as a typed `Fields` struct, and the analysers: per-language Snowball
//! stems, ä/ö-folded words and character n-grams for compound parts.
use tantivy::{
    Index,
    schema::{
        FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
        TextOptions,
    },
    tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
        TextAnalyzer,
    },
};

use crate::i18n::Lang;

/// Length of the character n-grams that find compound parts (`palvelu` in
/// `asiakaspalvelussa`).
pub const GRAM: usize = 4;

const PLAIN: &str = "lupa_plain";
const FOLDED: &str = "lupa_folded";

/// Every field of the index, made once with the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    /// `post:12` or `comment:5`: the document's identity, for replacing it.
    pub key: Field,
    /// `post` or `comment`.
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
    /// Title and body lower-cased and folded (ä → a, ö → o), for words typed without them.
    pub folded: Field,
    /// Character n-grams of every word, for compound parts.
    pub grams: Field,
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
    let byline = b.add_text_field("byline", text(PLAIN, positions, false));
    let folded = b.add_text_field("folded", text(FOLDED, positions, false));
    let grams = b.add_text_field("grams", text(PLAIN, IndexRecordOption::WithFreqs, false));
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
    let language = match lang {
        Lang::Fi => Language::Finnish,
        Lang::Sv => Language::Swedish,
        Lang::En => Language::English,
    };
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(Stemmer::new(language))
        .build()
}

/// Words in lower case.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .build()
}

/// Words in lower case without accents: `päätös` → `paatos`.
pub fn folding() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The message key naming the Finnish analyser that runs, for the search page's footer.
pub fn analyser_key() -> &'static str {
    "search-analyser-snowball"
}

/// Register Lupa's analysers on an index (they are not stored in it).
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    for lang in LANGS {
        manager.register(analyzer_name(lang), stemming(lang));
    }
    manager.register(PLAIN, plain());
    manager.register(FOLDED, folding());
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
    fn folding_drops_umlauts() {
        assert_eq!(tokens(&mut folding(), "Päätös Åland"), ["paatos", "aland"]);
    }

    #[test]
    fn compound_parts_are_grams_of_the_whole() {
        let whole = grams_text("asiakaspalvelussa");
        for gram in word_grams("palvelu") {
            assert!(whole.split(' ').any(|g| g == gram), "{gram} in {whole}");
        }
    }
}
