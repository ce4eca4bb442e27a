//! A deterministic corpus of Finnish-like public-service writing, and the benchmark's queries.
//!
//! Words come from small hand-written lists: nouns with a singular and a plural inflection
//! stem (consonant gradation written out: *asiakas* → *asiakkaa-*, *tieto* → *tiedo-*), case
//! endings that follow vowel harmony, adjectives that agree with their noun, compounds made
//! of two nouns (*verkko* + *palvelussa* → *verkkopalvelussa*), verbs, function words, rare
//! place names and some English loanwords. Swedish and English posts use their own lists.
//! Every list is sampled with Zipf-like weights (the n-th entry ∝ 1/n), so a few words are
//! very common and most are rare.

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Zipf-like sampling over a list: entry `r` (from 0) has weight 1/(r+1)^s.
pub struct Zipf(Vec<f64>);

impl Zipf {
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf(cumulative)
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let last = *self.0.last().unwrap_or(&1.0);
        let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * last;
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

/// A Finnish noun: base form, singular inflection stem, plural inflection stem. Most common
/// first.
const NOUNS: &[(&str, &str, &str)] = &[
    ("palvelu", "palvelu", "palvelui"),
    ("asiakas", "asiakkaa", "asiakkai"),
    ("tieto", "tiedo", "tiedoi"),
    ("kunta", "kunna", "kunni"),
    ("hakemus", "hakemukse", "hakemuksi"),
    ("päätös", "päätökse", "päätöksi"),
    ("asiointi", "asioinni", "asiointei"),
    ("verkko", "verko", "verkoi"),
    ("kehitys", "kehitykse", "kehityksi"),
    ("käyttäjä", "käyttäjä", "käyttäji"),
    ("lomake", "lomakkee", "lomakkei"),
    ("ohje", "ohjee", "ohjei"),
    ("kaupunki", "kaupungi", "kaupungei"),
    ("virasto", "virasto", "virastoi"),
    ("projekti", "projekti", "projektei"),
    ("työ", "työ", "töi"),
    ("kansalainen", "kansalaise", "kansalaisi"),
    ("maksu", "maksu", "maksui"),
    ("ajanvaraus", "ajanvaraukse", "ajanvarauksi"),
    ("sivu", "sivu", "sivui"),
    ("neuvonta", "neuvonna", "neuvonnoi"),
    ("palaute", "palauttee", "palauttei"),
    ("tuki", "tue", "tui"),
    ("hanke", "hankkee", "hankkei"),
    ("vero", "vero", "veroi"),
    ("etuus", "etuude", "etuuksi"),
    ("yritys", "yritykse", "yrityksi"),
    ("terveys", "terveyde", "terveyksi"),
    ("sosiaali", "sosiaali", "sosiaalei"),
    ("opas", "oppaa", "oppai"),
    ("tunnistus", "tunnistukse", "tunnistuksi"),
    ("viesti", "viesti", "viestei"),
    ("puhelin", "puhelime", "puhelimi"),
    ("aika", "aja", "aikoi"),
    ("kokous", "kokoukse", "kokouksi"),
    ("asiakirja", "asiakirja", "asiakirjoi"),
    ("sopimus", "sopimukse", "sopimuksi"),
    ("suunnitelma", "suunnitelma", "suunnitelmi"),
    ("toimipiste", "toimipistee", "toimipistei"),
    ("tiimi", "tiimi", "tiimei"),
    ("kysely", "kysely", "kyselyi"),
    ("tutkimus", "tutkimukse", "tutkimuksi"),
    ("osallisuus", "osallisuude", "osallisuuksi"),
    ("saavutettavuus", "saavutettavuude", "saavutettavuuksi"),
    ("tietosuoja", "tietosuoja", "tietosuojai"),
    ("lupa", "luva", "luvi"),
    ("rekisteri", "rekisteri", "rekisterei"),
    ("määräaika", "määräaja", "määräaikoi"),
    ("liite", "liittee", "liittei"),
    ("chat", "chati", "chatei"),
    ("kokeilu", "kokeilu", "kokeilui"),
    ("muutos", "muutokse", "muutoksi"),
    ("keskustelu", "keskustelu", "keskustelui"),
    ("vastaus", "vastaukse", "vastauksi"),
    ("kysymys", "kysymykse", "kysymyksi"),
    ("kartta", "kartta", "karttoi"),
    ("raportti", "raporti", "raportei"),
    ("mittari", "mittari", "mittarei"),
    ("koulutus", "koulutukse", "koulutuksi"),
    ("työpaja", "työpaja", "työpajoi"),
    ("vanhus", "vanhukse", "vanhuksi"),
    ("perhe", "perhee", "perhei"),
    ("lapsi", "lapse", "lapsi"),
    ("nuori", "nuore", "nuori"),
    ("opiskelija", "opiskelija", "opiskelijoi"),
    ("työnhakija", "työnhakija", "työnhakijoi"),
    ("yrittäjä", "yrittäjä", "yrittäji"),
    ("potilas", "potilaa", "potilai"),
    ("ajokortti", "ajokorti", "ajokortei"),
    ("passi", "passi", "passei"),
    ("asunto", "asunno", "asunnoi"),
    ("rakennus", "rakennukse", "rakennuksi"),
    ("kirjasto", "kirjasto", "kirjastoi"),
    ("koulu", "koulu", "koului"),
    ("liikenne", "liikentee", "liikentei"),
    ("ympäristö", "ympäristö", "ympäristöi"),
    ("budjetti", "budjeti", "budjettei"),
    ("hankinta", "hankinna", "hankintoi"),
    ("rajapinta", "rajapinna", "rajapintoi"),
    ("integraatio", "integraatio", "integraatioi"),
];

/// Nouns that appear only as the last part of a compound (*tietosuojaseloste*), so only an
/// engine that finds compound parts finds them by themselves.
const COMPOUND_HEADS: &[(&str, &str, &str)] = &[
    ("seloste", "selostee", "selostei"),
    ("järjestelmä", "järjestelmä", "järjestelmi"),
    ("kanava", "kanava", "kanavi"),
    ("kokemus", "kokemukse", "kokemuksi"),
    ("prosessi", "prosessi", "prosessei"),
    ("alusta", "alusta", "alustoi"),
    ("malli", "malli", "mallei"),
    ("polku", "polu", "polui"),
];

/// Adjectives: base form and singular inflection stem.
const ADJECTIVES: &[(&str, &str)] = &[
    ("uusi", "uude"),
    ("digitaalinen", "digitaalise"),
    ("sähköinen", "sähköise"),
    ("hyvä", "hyvä"),
    ("julkinen", "julkise"),
    ("yhteinen", "yhteise"),
    ("selkeä", "selkeä"),
    ("nopea", "nopea"),
    ("helppo", "helpo"),
    ("tärkeä", "tärkeä"),
    ("paikallinen", "paikallise"),
    ("kansallinen", "kansallise"),
    ("saavutettava", "saavutettava"),
    ("turvallinen", "turvallise"),
    ("avoin", "avoime"),
    ("ensimmäinen", "ensimmäise"),
    ("sujuva", "sujuva"),
    ("vaikea", "vaikea"),
    ("henkilökohtainen", "henkilökohtaise"),
    ("monikanavainen", "monikanavaise"),
];

const VERBS: &[&str] = &[
    "on",
    "ovat",
    "oli",
    "voi",
    "voidaan",
    "pitää",
    "tulee",
    "tarvitaan",
    "kehitetään",
    "käyttää",
    "käyttävät",
    "haluavat",
    "toimii",
    "toimivat",
    "auttaa",
    "löytyy",
    "parannetaan",
    "selvitetään",
    "julkaistaan",
    "kokeillaan",
    "testattiin",
    "kerättiin",
    "ehdotan",
    "mietin",
    "kysyimme",
    "huomasimme",
    "opimme",
    "sovimme",
    "yhdistetään",
    "uudistetaan",
];

const FUNCTION_WORDS: &[&str] = &[
    "ja",
    "että",
    "se",
    "ei",
    "kun",
    "myös",
    "mutta",
    "tai",
    "jos",
    "niin",
    "vain",
    "kuin",
    "sekä",
    "nyt",
    "jo",
    "vielä",
    "hyvin",
    "paljon",
    "koska",
    "miten",
    "mitä",
    "tämä",
    "tässä",
    "tätä",
    "me",
    "meidän",
    "heidän",
    "kaikki",
    "jokainen",
    "esimerkiksi",
    "lisäksi",
    "siksi",
    "sitten",
    "ensi",
    "viime",
];

/// Rare words: small municipalities and narrow terms.
const RARE: &[&str] = &[
    "utsjoki",
    "kuusamo",
    "pudasjärvi",
    "ilomantsi",
    "kemijärvi",
    "savukoski",
    "enontekiö",
    "kittilä",
    "posio",
    "rautavaara",
    "kinnula",
    "luhanka",
    "kustavi",
    "sottunga",
    "hailuoto",
    "siikalatva",
    "pelkosenniemi",
    "merijärvi",
    "kaskinen",
    "pyhäntä",
    "juuka",
    "lestijärvi",
    "taivalkoski",
    "ranua",
    "salla",
    "muonio",
    "kolari",
    "pello",
    "ylitornio",
    "tervola",
    "rajapintakuvaus",
    "valtuutus",
    "palvelutuotanto",
    "asiointitili",
    "viestinvälitys",
    "puolestaasiointi",
    "tunnistusvälineet",
    "yhteentoimivuus",
    "tiedonhallintalaki",
    "kertakirjautuminen",
];

const LOANWORDS: &[&str] = &[
    "feedback", "design", "backlog", "sprint", "roadmap", "api", "ux", "chatbot", "workshop",
    "open", "source", "data",
];

const SWEDISH: &[&str] = &[
    "och",
    "att",
    "det",
    "är",
    "som",
    "för",
    "på",
    "med",
    "vi",
    "har",
    "kan",
    "inte",
    "till",
    "tjänst",
    "tjänsten",
    "tjänster",
    "kund",
    "kunden",
    "kunderna",
    "beslut",
    "beslutet",
    "ansökan",
    "ansökningar",
    "kommun",
    "kommunen",
    "kommuner",
    "invånare",
    "invånarna",
    "blankett",
    "blanketten",
    "information",
    "digitala",
    "digital",
    "myndighet",
    "myndigheten",
    "tidsbokning",
    "rådgivning",
    "utveckling",
    "förslag",
    "respons",
    "tillgänglighet",
    "skärgården",
    "tvåspråkig",
];

const ENGLISH: &[&str] = &[
    "the",
    "and",
    "to",
    "of",
    "a",
    "in",
    "is",
    "for",
    "we",
    "that",
    "it",
    "on",
    "with",
    "are",
    "this",
    "can",
    "service",
    "services",
    "customer",
    "customers",
    "decision",
    "decisions",
    "application",
    "applications",
    "municipality",
    "municipalities",
    "citizen",
    "citizens",
    "form",
    "forms",
    "information",
    "digital",
    "public",
    "agency",
    "feedback",
    "booking",
    "appointments",
    "accessibility",
    "research",
    "prototype",
    "users",
    "interviews",
];

/// Singular and plural case endings, back-vowel spelling (`a`); front words get `ä`.
const SINGULAR_CASES: &[(&str, u32)] = &[
    ("", 28),
    ("n", 22),
    ("ssa", 12),
    ("sta", 8),
    ("lla", 6),
    ("lle", 8),
    ("lta", 3),
    ("ksi", 3),
    ("na", 3),
];
const PLURAL_CASES: &[(&str, u32)] = &[
    ("t", 6),
    ("den", 4),
    ("ssa", 3),
    ("sta", 2),
    ("lla", 2),
    ("lle", 3),
    ("ksi", 1),
];

/// Whether a word takes back-vowel endings (`-ssa`) rather than front (`-ssä`).
fn back_vowels(word: &str) -> bool {
    word.chars().any(|c| matches!(c, 'a' | 'o' | 'u'))
}

fn harmonise(ending: &str, word: &str) -> String {
    if back_vowels(word) {
        ending.to_owned()
    } else {
        ending.replace('a', "ä")
    }
}

/// A noun in one of its forms: the base form, or a stem with a case ending. `plural` picks
/// the plural stem (nominative plural is built on the singular stem: *asiakkaat*).
fn inflect(noun: (&str, &str, &str), case: &str, plural: bool) -> String {
    let (base, singular, plural_stem) = noun;
    if case.is_empty() {
        return base.to_owned();
    }
    let stem = if plural && case != "t" {
        plural_stem
    } else {
        singular
    };
    format!("{stem}{}", harmonise(case, base))
}

fn weighted<'a>(rng: &mut Rng, items: &'a [(&'a str, u32)]) -> (&'a str, usize) {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total as usize) as u32;
    for (i, (item, w)) in items.iter().enumerate() {
        if x < *w {
            return (item, i);
        }
        x -= w;
    }
    (items[0].0, 0)
}

/// The language of a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Fi,
    Sv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::En => "en",
        }
    }
}

/// Makes text; holds the Zipf tables.
pub struct Writer {
    nouns: Zipf,
    heads: Zipf,
    adjectives: Zipf,
    verbs: Zipf,
    function_words: Zipf,
    rare: Zipf,
    loanwords: Zipf,
    swedish: Zipf,
    english: Zipf,
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            nouns: Zipf::new(NOUNS.len(), 1.0),
            heads: Zipf::new(COMPOUND_HEADS.len(), 1.0),
            adjectives: Zipf::new(ADJECTIVES.len(), 1.0),
            verbs: Zipf::new(VERBS.len(), 1.0),
            function_words: Zipf::new(FUNCTION_WORDS.len(), 1.0),
            rare: Zipf::new(RARE.len(), 1.1),
            loanwords: Zipf::new(LOANWORDS.len(), 1.0),
            swedish: Zipf::new(SWEDISH.len(), 1.0),
            english: Zipf::new(ENGLISH.len(), 1.0),
        }
    }

    /// A Finnish noun phrase in one case: maybe an agreeing adjective, maybe a compound.
    fn noun_phrase(&self, rng: &mut Rng, out: &mut Vec<String>) {
        let (case, i) = if rng.chance(0.25) {
            let (c, i) = weighted(rng, PLURAL_CASES);
            (c, i + 100)
        } else {
            weighted(rng, SINGULAR_CASES)
        };
        let plural = i >= 100;
        if rng.chance(0.2) {
            let (adj, stem) = ADJECTIVES[self.adjectives.sample(rng)];
            let form = match (case, plural) {
                ("", false) => adj.to_owned(),
                ("t", true) => format!("{stem}t"),
                // Plural adjective stems are close enough to the singular for this corpus.
                _ => format!("{stem}{}", harmonise(case, adj)),
            };
            out.push(form);
        }
        let compound = rng.chance(0.2);
        let head = if compound && rng.chance(0.3) {
            COMPOUND_HEADS[self.heads.sample(rng)]
        } else {
            NOUNS[self.nouns.sample(rng)]
        };
        let word = inflect(head, case, plural);
        if compound {
            let first = NOUNS[self.nouns.sample(rng)].0;
            out.push(format!("{first}{word}"));
        } else {
            out.push(word);
        }
    }

    /// One Finnish sentence of roughly `5..=14` words.
    fn finnish_sentence(&self, rng: &mut Rng) -> String {
        let target = rng.between(5, 14);
        let mut words: Vec<String> = Vec::with_capacity(target + 2);
        while words.len() < target {
            let roll = rng.below(100);
            match roll {
                0..=34 => self.noun_phrase(rng, &mut words),
                35..=59 => words.push(FUNCTION_WORDS[self.function_words.sample(rng)].to_owned()),
                60..=79 => words.push(VERBS[self.verbs.sample(rng)].to_owned()),
                80..=94 => {
                    let (adj, _) = ADJECTIVES[self.adjectives.sample(rng)];
                    words.push(adj.to_owned());
                }
                95..=97 => words.push(LOANWORDS[self.loanwords.sample(rng)].to_owned()),
                _ => words.push(RARE[self.rare.sample(rng)].to_owned()),
            }
        }
        sentence(words, rng)
    }

    fn list_sentence(&self, rng: &mut Rng, list: &[&str], zipf: &Zipf) -> String {
        let n = rng.between(5, 14);
        let words = (0..n).map(|_| list[zipf.sample(rng)].to_owned()).collect();
        sentence(words, rng)
    }

    fn sentence(&self, rng: &mut Rng, lang: Language) -> String {
        match lang {
            Language::Fi => self.finnish_sentence(rng),
            Language::Sv => self.list_sentence(rng, SWEDISH, &self.swedish),
            Language::En => self.list_sentence(rng, ENGLISH, &self.english),
        }
    }

    /// Paragraphs of sentences, about `words` words in all, as Markdown.
    pub fn body(&self, rng: &mut Rng, lang: Language, words: usize) -> String {
        let mut out = String::new();
        let mut count = 0;
        while count < words {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            for i in 0..rng.between(2, 5) {
                if i > 0 {
                    out.push(' ');
                }
                let s = self.sentence(rng, lang);
                count += s.split(' ').count();
                out.push_str(&s);
            }
        }
        out
    }

    /// A title of a few words, no full stop.
    pub fn title(&self, rng: &mut Rng, lang: Language) -> String {
        let mut s = match lang {
            Language::Fi => {
                let mut words = Vec::new();
                let target = rng.between(3, 6);
                while words.len() < target {
                    self.noun_phrase(rng, &mut words);
                }
                sentence(words, rng)
            }
            other => self.sentence(rng, other),
        };
        s.pop();
        s
    }
}

fn sentence(mut words: Vec<String>, rng: &mut Rng) -> String {
    if let Some(first) = words.first_mut() {
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    let mut s = words.join(" ");
    s.push(if rng.chance(0.1) { '?' } else { '.' });
    s
}

/// What a query is meant to test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QueryKind {
    CommonWord,
    RareWord,
    TwoWords,
    Inflected,
    CompoundPart,
    Phrase,
}

impl QueryKind {
    pub fn name(self) -> &'static str {
        match self {
            QueryKind::CommonWord => "common word",
            QueryKind::RareWord => "rare word",
            QueryKind::TwoWords => "two words",
            QueryKind::Inflected => "inflected form",
            QueryKind::CompoundPart => "compound part",
            QueryKind::Phrase => "phrase",
        }
    }
}

/// One query as a reader types it: words, or one "quoted phrase".
#[derive(Clone, Debug)]
pub struct Query {
    pub kind: QueryKind,
    pub words: Vec<String>,
    pub phrase: bool,
}

impl Query {
    /// What the reader types (Lupa's and PostgreSQL's `websearch_to_tsquery` syntax).
    pub fn text(&self) -> String {
        let joined = self.words.join(" ");
        if self.phrase {
            format!("\"{joined}\"")
        } else {
            joined
        }
    }

    /// The same query in FTS5 syntax: each word quoted (so no word is read as an operator),
    /// words ANDed, or the whole phrase in one pair of quotes.
    pub fn fts5(&self) -> String {
        if self.phrase {
            format!("\"{}\"", self.words.join(" "))
        } else {
            self.words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }
}

/// The benchmark's queries: 40 common words, 30 rare words, 40 two-word ANDs, 35 inflected
/// forms, 30 compound parts and 25 phrases (200 at `count` 200; scaled otherwise).
pub fn queries(seed: u64, count: usize) -> Vec<Query> {
    let mut rng = Rng::new(seed ^ 0x5175_6572_7921);
    let nouns = Zipf::new(NOUNS.len(), 0.7);
    let adjectives = Zipf::new(ADJECTIVES.len(), 0.7);
    let plan = [
        (QueryKind::CommonWord, 40),
        (QueryKind::RareWord, 30),
        (QueryKind::TwoWords, 40),
        (QueryKind::Inflected, 35),
        (QueryKind::CompoundPart, 30),
        (QueryKind::Phrase, 25),
    ];
    let mut out = Vec::new();
    for (kind, per_200) in plan {
        let n = (per_200 * count).div_ceil(200);
        for i in 0..n {
            let single = |w: String| (vec![w], false);
            let (words, phrase) = match kind {
                QueryKind::CommonWord => {
                    if i % 4 == 3 {
                        single(ADJECTIVES[rng.below(8)].0.to_owned())
                    } else {
                        single(NOUNS[rng.below(20)].0.to_owned())
                    }
                }
                QueryKind::RareWord => single(RARE[rng.between(10, RARE.len() - 1)].to_owned()),
                QueryKind::TwoWords => {
                    let a = NOUNS[nouns.sample(&mut rng)].0.to_owned();
                    let b = if i % 3 == 0 {
                        ADJECTIVES[adjectives.sample(&mut rng)].0.to_owned()
                    } else {
                        NOUNS[nouns.sample(&mut rng)].0.to_owned()
                    };
                    (vec![a, b], false)
                }
                QueryKind::Inflected => {
                    let noun = NOUNS[nouns.sample(&mut rng)];
                    let plural = rng.chance(0.4);
                    let cases = if plural { PLURAL_CASES } else { SINGULAR_CASES };
                    let case = cases[rng.between(1, cases.len() - 1)].0;
                    single(inflect(noun, case, plural))
                }
                QueryKind::CompoundPart => {
                    if i % 2 == 0 {
                        single(COMPOUND_HEADS[rng.below(COMPOUND_HEADS.len())].0.to_owned())
                    } else {
                        let head = COMPOUND_HEADS[rng.below(COMPOUND_HEADS.len())];
                        single(inflect(head, "ssa", false))
                    }
                }
                QueryKind::Phrase => {
                    let (adj, stem) = ADJECTIVES[adjectives.sample(&mut rng)];
                    let noun = NOUNS[nouns.sample(&mut rng)];
                    if i % 2 == 0 {
                        (vec![adj.to_owned(), noun.0.to_owned()], true)
                    } else {
                        let case = SINGULAR_CASES[rng.between(1, 5)].0;
                        (
                            vec![
                                format!("{stem}{}", harmonise(case, adj)),
                                inflect(noun, case, false),
                            ],
                            true,
                        )
                    }
                }
            };
            out.push(Query {
                kind,
                words,
                phrase,
            });
        }
    }
    out
}
