//! Plain text as Lupa stores it: without the control characters XML 1.0 forbids (C0 other
//! than tab, line feed and carriage return, and U+FFFE / U+FFFF). Such characters are never
//! typed on purpose, PostgreSQL refuses NUL, and they make feeds invalid XML, so they are
//! dropped silently wherever text comes in (`web::input` for every form and JSON body, the
//! domain parsers for everything else) and again wherever XML goes out (`feeds::atom`).
use std::borrow::Cow;

/// Whether XML 1.0 forbids `c` in a document (a Rust `char` is never a surrogate).
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `raw` without the characters `is_forbidden` names; borrowed when there were none.
pub fn clean(raw: &str) -> Cow<'_, str> {
    if raw.chars().any(is_forbidden) {
        Cow::Owned(raw.chars().filter(|c| !is_forbidden(*c)).collect())
    } else {
        Cow::Borrowed(raw)
    }
}

/// A one-line value (a title, a label, a name): cleaned, each run of other control
/// characters (line breaks, tabs, DEL, C1) turned into one space, and trimmed.
pub fn one_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut in_run = false;
    for c in clean(raw).chars() {
        if c.is_control() {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out.trim().to_owned()
}

/// `raw` on one line, at most `max` characters: cut at the last space before the limit (or
/// at the limit in a word that long), with an ellipsis when anything was cut.
pub fn shorten(raw: &str, max: usize) -> String {
    let line = one_line(raw);
    if line.chars().count() <= max {
        return line;
    }
    let head: String = line.chars().take(max).collect();
    let cut = head.rfind(' ').map_or(head.as_str(), |i| &head[..i]);
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_a_space_and_keeps_short_text_whole() {
        assert_eq!(shorten("Julkaistu.", 20), "Julkaistu.");
        assert_eq!(
            shorten("Ohjeet\njulkaistu verkossa", 18),
            "Ohjeet julkaistu…"
        );
        assert_eq!(shorten("Yrityspalvelupisteessä", 8), "Yrityspa…");
        assert_eq!(shorten("ääää ää", 5), "ääää…");
    }

    #[test]
    fn clean_drops_c0_controls_but_keeps_tab_and_line_breaks() {
        assert_eq!(clean("a\u{0}b\u{1}\u{1b}[1mc\td\r\ne"), "ab[1mc\td\r\ne");
        assert_eq!(clean("x\u{fffe}\u{ffff}y"), "xy");
        assert_eq!(clean("äö\u{7f}\u{85}"), "äö\u{7f}\u{85}");
        assert!(matches!(clean("tavallinen teksti"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_character_xml_forbids_below_space_is_forbidden() {
        for c in (0u8..0x20).map(char::from) {
            assert_eq!(is_forbidden(c), !matches!(c, '\t' | '\n' | '\r'), "{c:?}");
        }
        assert!(!is_forbidden(' '));
        assert!(!is_forbidden('\u{fffd}'));
    }

    #[test]
    fn one_line_turns_line_breaks_and_tabs_into_single_spaces() {
        assert_eq!(
            one_line("  Otsikko\r\n\ttoinen\u{0}rivi\u{85} "),
            "Otsikko toinenrivi"
        );
        assert_eq!(one_line("Otsikko\u{1}"), "Otsikko");
        assert_eq!(one_line("\n\t"), "");
    }
}
