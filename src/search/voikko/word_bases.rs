//! Reading Voikko's answers: the base forms of a compound's parts from `WORDBASES`, and the
//! lower-cased base forms and parts of all readings of a word.
use super::{Analysis, Expansion};

/// The base forms of a compound's parts from Voikko's `WORDBASES`, in order and without
/// repeats.
///
/// `WORDBASES` joins the word's pieces with `+`, each followed by its base form in brackets:
/// `+asiakas(asiakas)+palvelu(palvelu)`. A derivational suffix has a bracketed form that
/// starts with `+` (`+palvel(palvella)+u(+u)`) and belongs to the part before it, which is
/// then the derived word (`palvelu`, not the verb `palvella`): its pieces' spelling with the
/// last suffix's base form at the end. Pieces without
/// brackets (case endings, hyphens, prefixes such as `yli`) are not parts. Inside brackets,
/// `=` or `|` may mark the part's own parts (`hyvin=vointi`): both the whole and the pieces
/// are returned.
pub fn parse_word_bases(word_bases: &str) -> Vec<String> {
    struct Part<'a> {
        base: &'a str,
        /// The root's and all but the last suffix's spelling: `palvel`, `turvallisu`.
        spelled: String,
        /// The last derivational suffix as (spelling, base form): `("u", "u")`.
        suffix: Option<(&'a str, &'a str)>,
    }
    let mut parts: Vec<Part> = Vec::new();
    for (spelled, base) in pieces(word_bases) {
        match base {
            Some(suffix) if suffix.starts_with('+') => {
                if let Some(part) = parts.last_mut() {
                    if let Some((before, _)) = part.suffix {
                        part.spelled.push_str(before);
                    }
                    part.suffix = Some((spelled, suffix.trim_start_matches('+')));
                }
            }
            Some(base) => parts.push(Part {
                base,
                spelled: spelled.to_owned(),
                suffix: None,
            }),
            None => {}
        }
    }
    let mut out = Vec::new();
    for part in parts {
        if let Some((_, ending)) = part.suffix {
            // The derived word's base form ends in the suffix's base form: `kansa` +
            // `llis(+llinen)` is `kansallinen`.
            push_unique(&mut out, part.spelled + ending);
            continue;
        }
        let inner: Vec<&str> = part
            .base
            .split(['=', '|'])
            .filter(|piece| !piece.is_empty())
            .collect();
        push_unique(&mut out, inner.concat());
        if inner.len() > 1 {
            for piece in inner {
                push_unique(&mut out, piece.to_owned());
            }
        }
    }
    out
}

/// Splits `WORDBASES` at the `+` signs outside brackets into (spelling, bracketed form).
fn pieces(word_bases: &str) -> Vec<(&str, Option<&str>)> {
    let mut pieces = Vec::new();
    let mut rest = word_bases;
    while !rest.is_empty() {
        rest = rest.trim_start_matches('+');
        let end = rest.find(['+', '(']).unwrap_or(rest.len());
        let spelled = &rest[..end];
        rest = &rest[end..];
        let mut base = None;
        if let Some(inside) = rest.strip_prefix('(') {
            let close = inside.find(')').unwrap_or(inside.len());
            base = Some(&inside[..close]);
            rest = inside.get(close + 1..).unwrap_or("");
        }
        if !spelled.is_empty() || base.is_some() {
            pieces.push((spelled, base));
        }
    }
    pieces
}

pub(super) fn push_unique(out: &mut Vec<String>, word: String) {
    if !word.is_empty() && !out.contains(&word) {
        out.push(word);
    }
}

/// Lower-cased base forms and compound parts of all readings, each once.
pub(super) fn expand(analyses: &[Analysis]) -> Expansion {
    let mut expansion = Expansion::default();
    for analysis in analyses {
        push_unique(&mut expansion.base_forms, analysis.base_form.to_lowercase());
    }
    for part in analyses.iter().flat_map(|analysis| &analysis.parts) {
        let part = part.to_lowercase();
        if !expansion.base_forms.contains(&part) {
            push_unique(&mut expansion.parts, part);
        }
    }
    expansion
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_bases_of_a_simple_word_are_its_base_form() {
        assert_eq!(parse_word_bases("+asiakas(asiakas)"), ["asiakas"]);
    }

    #[test]
    fn word_bases_of_a_compound_are_its_parts_in_order() {
        assert_eq!(
            parse_word_bases("+asiakas(asiakas)+palvelu(palvelu)"),
            ["asiakas", "palvelu"]
        );
        assert_eq!(
            parse_word_bases("+rauta(rauta)+tie(tie)+asema(asema)"),
            ["rauta", "tie", "asema"]
        );
    }

    #[test]
    fn a_derivational_suffix_makes_the_derived_word_not_its_root() {
        assert_eq!(
            parse_word_bases("+asiakas(asiakas)+palvel(palvella)+u(+u)"),
            ["asiakas", "palvelu"]
        );
        assert_eq!(
            parse_word_bases("+tieto(tieto)+turva(turva)+llisu(+nen)+us(+us)"),
            ["tieto", "turvallisuus"]
        );
        assert_eq!(
            parse_word_bases("+kansa(kansa)+llis(+llinen)+eepos(eepos)"),
            ["kansallinen", "eepos"]
        );
    }

    #[test]
    fn a_non_nominative_first_part_gives_its_base_form() {
        assert_eq!(
            parse_word_bases("+köyde(köysi)+n+veto(veto)"),
            ["köysi", "veto"]
        );
        assert_eq!(
            parse_word_bases("+kaupungin(kaupunki)+valtuusto(valtuusto)"),
            ["kaupunki", "valtuusto"]
        );
    }

    #[test]
    fn hyphens_endings_and_prefixes_without_a_base_are_not_parts() {
        assert_eq!(
            parse_word_bases("+alkio(Alkio)+-+opisto(opisto)"),
            ["Alkio", "opisto"]
        );
        assert_eq!(parse_word_bases("+yli+opisto(opisto)"), ["opisto"]);
        assert_eq!(parse_word_bases("+2024"), Vec::<String>::new());
    }

    #[test]
    fn marked_parts_inside_a_base_give_the_whole_and_the_pieces() {
        assert_eq!(
            parse_word_bases("+hyvinvointi(hyvin=vointi)+alue(alue)"),
            ["hyvinvointi", "hyvin", "vointi", "alue"]
        );
    }

    #[test]
    fn repeated_parts_are_given_once() {
        assert_eq!(parse_word_bases("+kivi(kivi)+kivi(kivi)"), ["kivi"]);
    }

    #[test]
    fn malformed_word_bases_never_panic() {
        for input in [
            "", "+", "++", "(", ")", "+(", "+a(", "+a(b", "+a)b(", "((x))", "+(+)", "+ä(ö",
        ] {
            let _ = parse_word_bases(input);
        }
        assert_eq!(parse_word_bases("+a(b"), ["b"]);
    }

    #[test]
    fn expansion_lower_cases_and_keeps_parts_apart_from_base_forms() {
        let analyses = [
            Analysis {
                base_form: "Helsinki".to_owned(),
                parts: vec!["Helsinki".to_owned()],
            },
            Analysis {
                base_form: "verkkopalvelu".to_owned(),
                parts: vec!["verkko".to_owned(), "palvelu".to_owned()],
            },
        ];
        assert_eq!(
            expand(&analyses),
            Expansion {
                base_forms: vec!["helsinki".to_owned(), "verkkopalvelu".to_owned()],
                parts: vec!["verkko".to_owned(), "palvelu".to_owned()],
            }
        );
    }
}
