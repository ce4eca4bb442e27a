//! Return addresses (`next=` after switching language or signing in, and the page a form
//! came from): only a path on this site is followed, anything else returns to the front page.
use url::{Position, Url};

/// Stands in for this site when resolving a return address; it is never shown.
const THIS_SITE: &str = "http://this-site.invalid/";

/// `next` if it is a path on this site, else `/`. The result is re-serialised (characters
/// outside ASCII percent-encoded), so it is always a valid `Location` value.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(same_site_path)
        .unwrap_or_else(|| "/".to_owned())
}

/// Parse `raw` as a URL relative to the site, as a browser would, and keep it only when it
/// stays on the site. Browsers drop tabs and line breaks and read `\` as `/`, so
/// `/<TAB>/evil.example` is `//evil.example` to them: any control or white-space character,
/// written out or percent-encoded, refuses the address before parsing, and so does a
/// percent-encoded `/` or `\` that would make a second leading slash.
fn same_site_path(raw: &str) -> Option<String> {
    let decoded = percent_decoded(raw);
    let suspicious = |s: &str| {
        s.chars().any(|c| c.is_control() || c.is_whitespace())
            || s.starts_with("//")
            || s.starts_with("/\\")
            || !s.starts_with('/')
    };
    if suspicious(raw) || suspicious(&decoded) || raw.contains('\\') {
        return None;
    }
    let base = Url::parse(THIS_SITE).ok()?;
    let url = base.join(raw).ok()?;
    (url.origin() == base.origin()).then(|| url[Position::BeforePath..].to_owned())
}

/// `%XX` sequences decoded (invalid UTF-8 replaced), for looking at, not for use.
fn percent_decoded(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_on_this_site_are_kept_with_their_query_and_fragment() {
        for (given, kept) in [
            ("/", "/"),
            ("/labels?page=2", "/labels?page=2"),
            ("/posts/a#comment-3", "/posts/a#comment-3"),
            ("/haku?q=sää", "/haku?q=s%C3%A4%C3%A4"),
            ("/a/../b", "/b"),
            ("/%C3%A4", "/%C3%A4"),
        ] {
            assert_eq!(safe_next(Some(given)), kept, "{given:?}");
        }
    }

    #[test]
    fn everything_else_returns_to_the_front_page() {
        for evil in [
            "//evil.example",
            "///evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: a=b",
            "/%09/evil.example",
            "/%0d%0aSet-Cookie:%20a=b",
            "/%2F/evil.example",
            "/%5C/evil.example",
            "/\\evil.example",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\u{0}",
            " /x",
            "https://evil.example/",
            "http:evil.example",
            "evil.example",
            "?next=x",
            "",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
