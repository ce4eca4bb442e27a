//! What the reader typed, split into words, "phrases", -excluded words and prefixes*.
use super::super::schema;

/// One part of what the reader typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Word(String),
    Phrase(Vec<String>),
    Exclude(String),
    /// `palvelu*`: words that begin so.
    Prefix(String),
}

/// Split a query into words (all required), "quoted phrases" and -excluded words.
pub fn parse(q: &str) -> Vec<Part> {
    let words = |s: &str| -> Vec<String> { schema::tokens(&mut schema::plain(), s) };
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        if i % 2 == 1 {
            let w = words(chunk);
            match w.len() {
                0 => {}
                1 => parts.extend(w.into_iter().map(Part::Word)),
                _ => parts.push(Part::Phrase(w)),
            }
            continue;
        }
        for item in chunk.split_whitespace() {
            if let Some(rest) = item.strip_prefix('-') {
                parts.extend(words(rest).into_iter().map(Part::Exclude));
            } else if item.ends_with('*') {
                let mut w = words(item);
                let last = w.pop();
                parts.extend(w.into_iter().map(Part::Word));
                parts.extend(last.map(Part::Prefix));
            } else {
                parts.extend(words(item).into_iter().map(Part::Word));
            }
        }
    }
    parts.truncate(32);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_have_words_phrases_and_exclusions() {
        assert_eq!(
            parse(r#"Asiakas "hyvä palvelu" -vero"#),
            [
                Part::Word("asiakas".into()),
                Part::Phrase(vec!["hyvä".into(), "palvelu".into()]),
                Part::Exclude("vero".into()),
            ]
        );
        assert!(parse("  ").is_empty());
        assert_eq!(
            parse("verkko palv*"),
            [Part::Word("verkko".into()), Part::Prefix("palv".into())]
        );
    }
}
