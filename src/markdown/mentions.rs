//! @mentions in rendered HTML: which handles a text mentions, and the text with each mention
//! shown as one reader may see it. Both read the sanitiser's output, so what notifies a person
//! and what links to them are found by the same rule: `@` after a space or punctuation (not
//! inside an address like `a@b.fi`), then 2–30 of `a-z 0-9 _ -`, in text that is not inside a
//! link, a code span or a code block. Text inside tags (attribute values) is never touched.
use super::SafeHtml;

/// How one mention shows to the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MentionAs {
    /// A link to `href` reading `text`.
    Link { href: String, text: String },
    /// This text instead of what was typed.
    Text(String),
    /// As it was typed.
    Typed,
}

/// The handles `html` mentions, lower-cased, each once, in order.
pub fn mention_handles(html: &SafeHtml) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    walk(html.as_str(), |piece| {
        if let Piece::Mention { handle, .. } = piece
            && !found.contains(&handle)
        {
            found.push(handle);
        }
    });
    found
}

/// `html` with each mention shown as `how` says for its (lower-case) handle.
pub fn show_mentions(html: &SafeHtml, how: impl Fn(&str) -> MentionAs) -> SafeHtml {
    let mut out = String::with_capacity(html.as_str().len() + 64);
    walk(html.as_str(), |piece| match piece {
        Piece::Verbatim(s) => out.push_str(s),
        Piece::Mention { typed, handle } => match how(&handle) {
            MentionAs::Link { href, text } => {
                out.push_str("<a href=\"");
                out.push_str(SafeHtml::escape_text(&href).as_str());
                out.push_str("\">");
                out.push_str(SafeHtml::escape_text(&text).as_str());
                out.push_str("</a>");
            }
            MentionAs::Text(text) => out.push_str(SafeHtml::escape_text(&text).as_str()),
            MentionAs::Typed => out.push_str(typed),
        },
    });
    SafeHtml(out)
}

/// A part of the HTML: copied as it is, or a mention (as typed, and its handle).
enum Piece<'a> {
    Verbatim(&'a str),
    Mention { typed: &'a str, handle: String },
}

/// Cuts sanitised HTML into pieces, in order, so that joining them gives it back. The
/// sanitiser's serialiser escapes `<` in text and quotes every attribute value, so a `<`
/// always opens a tag and a tag ends at the first `>` outside quotes.
fn walk<'a>(html: &'a str, mut each: impl FnMut(Piece<'a>)) {
    // Inside `a`, `code` or `pre`: text there mentions nobody.
    let mut inside = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = tag_end(rest);
            let tag = &rest[..end];
            let closing = tag.starts_with("</");
            let name: String = tag[1 + usize::from(closing)..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(name.as_str(), "a" | "code" | "pre") {
                if closing {
                    inside = inside.saturating_sub(1);
                } else if !tag.ends_with("/>") {
                    inside += 1;
                }
            }
            each(Piece::Verbatim(tag));
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..end];
        if inside > 0 {
            each(Piece::Verbatim(text));
        } else {
            let mut done = 0;
            for (start, stop, handle) in handles_at(text) {
                if start > done {
                    each(Piece::Verbatim(&text[done..start]));
                }
                each(Piece::Mention {
                    typed: &text[start..stop],
                    handle,
                });
                done = stop;
            }
            if done < text.len() {
                each(Piece::Verbatim(&text[done..]));
            }
        }
        rest = &rest[end..];
    }
}

/// The length of the tag `s` starts with: up to and with the first `>` outside quotes (all
/// of `s` when there is none).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            (None, _) => {}
        }
    }
    s.len()
}

/// The mentions in one run of text: (start of the `@`, end of the handle, the handle
/// lower-cased). Escaped characters (`&amp;`) end a handle as the character itself would.
fn handles_at(text: &str) -> Vec<(usize, usize, String)> {
    let is_handle_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c == '@' && !prev.is_some_and(|p| p.is_alphanumeric() || "_.+-@".contains(p)) {
            let rest = &text[i + 1..];
            let len = rest
                .find(|c: char| !is_handle_char(c))
                .unwrap_or(rest.len());
            let typed = rest[..len].trim_end_matches(['-', '_']);
            let first_ok = typed
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if first_ok && (2..=30).contains(&typed.len()) {
                out.push((i, i + 1 + typed.len(), typed.to_ascii_lowercase()));
            }
        }
        prev = Some(c);
    }
    out
}
