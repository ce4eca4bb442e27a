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
/// brackets (case endings, hyphens, prefixes such as `yli`) are not parts, except between a
/// root and its suffix, where they are spelled in the derived word (`+neuvo(neuvoa)+n+ta(+ta)`
/// is `neuvonta`). A suffix spelled with more than its base form (`+asioi(asioida)+nti(+ti)`)
/// is taken as spelled (`asiointi`). A part spelled in `-mis` that Voikko gives as a verb
/// (`+oppimis(oppia)`) is also the noun in `-minen` (`oppiminen`). Inside brackets,
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
    // Pieces without brackets since the last bracketed one: part of a derived word's
    // spelling if a suffix follows (`neuvo` `n` `ta`), a case ending if a new part does.
    let mut loose = String::new();
    for (spelled, base) in pieces(word_bases) {
        match base {
            Some(suffix) if suffix.starts_with('+') => {
                if let Some(part) = parts.last_mut() {
                    if let Some((before, _)) = part.suffix {
                        part.spelled.push_str(before);
                    }
                    part.spelled.push_str(&loose);
                    part.suffix = Some((spelled, suffix.trim_start_matches('+')));
                }
                loose.clear();
            }
            Some(base) => {
                parts.push(Part {
                    base,
                    spelled: spelled.to_owned(),
                    suffix: None,
                });
                loose.clear();
            }
            None => loose.push_str(spelled),
        }
    }
    let mut out = Vec::new();
    for part in parts {
        if let Some((spelled, ending)) = part.suffix {
            // The derived word's base form ends in the suffix's base form: `kansa` +
            // `llis(+llinen)` is `kansallinen`; a suffix spelled as its base form with more
            // before it is written as spelled: `asioi` + `nti(+ti)` is `asiointi`.
            let ending = if spelled.ends_with(ending) {
                spelled
            } else {
                ending
            };
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
        if let Some(stem) = part.spelled.strip_suffix("mis")
            && part.base.ends_with(['a', 'ä'])
        {
            // `oppimis(oppia)`: the compound form of the noun `oppiminen`.
            push_unique(&mut out, format!("{stem}minen"));
        }
    }
    out
}

/// The compound's heads: its base form from each boundary between its parts onwards
/// (`kuntaverkkopalvelussa` → `verkkopalvelu`, `palvelu`), from Voikko's `STRUCTURE` of the
/// word as written, where `=` starts each part and every other character stands for one
/// letter. A head is the base form's ending after the same letters as the word's parts before
/// it, so it is a word in its own right even when it is derived (`yritysneuvonnassa` →
/// `neuvonta`). Nothing when the structure does not fit the word, or the base form does not
/// begin with the word's first parts.
pub fn compound_heads(word: &str, base_form: &str, structure: &str) -> Vec<String> {
    let letters: Vec<char> = word.chars().collect();
    let mut starts = Vec::new();
    let mut at = 0;
    for symbol in structure.chars() {
        if symbol == '=' {
            starts.push(at);
        } else {
            at += 1;
        }
    }
    if at != letters.len() {
        return Vec::new();
    }
    let base: Vec<char> = base_form.to_lowercase().chars().collect();
    let mut heads = Vec::new();
    for &start in starts.iter().filter(|&&s| s > 0 && s < letters.len()) {
        let before = letters[..start].iter().flat_map(|c| c.to_lowercase());
        if base.len() > start + 1 && before.eq(base[..start].iter().copied()) {
            push_unique(&mut heads, base[start..].iter().collect());
        }
    }
    heads
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
    for head in analyses.iter().flat_map(|analysis| &analysis.heads) {
        let head = head.to_lowercase();
        if !expansion.base_forms.contains(&head) {
            push_unique(&mut expansion.heads, head);
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
    fn a_derived_part_is_spelled_whole_with_the_letters_between_root_and_suffix() {
        // `yritysneuvonnassa`: the loose `n` belongs to `neuvonta`.
        assert_eq!(
            parse_word_bases("+yrit(yrittää)+ys(+ys)+neuvo(neuvoa)+n+ta(+ta)"),
            ["yritys", "neuvonta"]
        );
        assert_eq!(
            parse_word_bases("+loppu(loppu)+käyttä(käyttää)+jä(+jä)"),
            ["loppu", "käyttäjä"]
        );
        assert_eq!(
            parse_word_bases("+asioi(asioida)+nti(+ti)+palvel(palvella)+u(+u)"),
            ["asiointi", "palvelu"]
        );
        assert_eq!(
            parse_word_bases("+ajan(aika)+vara(varata)+us(+us)+järjestelmä(järjestelmä)"),
            ["aika", "varaus", "järjestelmä"]
        );
    }

    #[test]
    fn a_verb_part_in_mis_is_also_the_noun_in_minen() {
        assert_eq!(
            parse_word_bases("+oppimis(oppia)+ympäristö(ympäristö)"),
            ["oppia", "oppiminen", "ympäristö"]
        );
        assert_eq!(
            parse_word_bases("+kehittämis(kehittää)+hanke(hanke)"),
            ["kehittää", "kehittäminen", "hanke"]
        );
    }

    #[test]
    fn heads_are_the_base_form_from_each_part_boundary_on() {
        assert_eq!(
            compound_heads(
                "kuntaverkkopalvelussa",
                "kuntaverkkopalvelu",
                "=ppppp=pppppp=pppppppppp"
            ),
            ["verkkopalvelu", "palvelu"]
        );
        assert_eq!(
            compound_heads("yritysneuvonnassa", "yritysneuvonta", "=pppppp=ppppppppppp"),
            ["neuvonta"]
        );
        assert_eq!(
            compound_heads("Loppukäyttäjien", "loppukäyttäjä", "=ipppp=pppppppppp"),
            ["käyttäjä"]
        );
        // A simple word, a structure that does not fit, a base form that does not begin
        // with the first part: no heads.
        assert!(compound_heads("asiakkaiden", "asiakas", "=ppppppppppp").is_empty());
        assert!(compound_heads("asiakaspalvelu", "asiakaspalvelu", "=ppp=pp").is_empty());
        assert!(compound_heads("abcdef", "xbcdef", "=ppp=ppp").is_empty());
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
                heads: Vec::new(),
            },
            Analysis {
                base_form: "verkkopalvelu".to_owned(),
                parts: vec!["verkko".to_owned(), "palvelu".to_owned()],
                heads: vec!["palvelu".to_owned()],
            },
        ];
        assert_eq!(
            expand(&analyses),
            Expansion {
                base_forms: vec!["helsinki".to_owned(), "verkkopalvelu".to_owned()],
                parts: vec!["verkko".to_owned(), "palvelu".to_owned()],
                heads: vec!["palvelu".to_owned()],
            }
        );
    }
}
