//! What an export holds, as the importer reads it: posts, comments, the people named in
//! them, old addresses, and why an item was left out.
use chrono::{DateTime, Utc};

/// The blog software an export comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Blogger's Atom export, classic (`kind#post`) or newer (`blogger:type`).
    Blogger,
    /// WordPress's WXR export (RSS with `wp:` elements).
    WordPress,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Blogger => "Blogger",
            Format::WordPress => "WordPress",
        }
    }
}

/// A person named in an export: a post's author or a comment's writer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportedPerson {
    pub name: String,
    /// Never the export's stand-in address (Blogger's `noreply@blogger.com`).
    pub email: Option<String>,
    /// They had an account on the old blog (a post's author, a signed-in commenter): they
    /// may be the person of the same name here.
    pub account: bool,
}

/// A post as exported.
#[derive(Clone, Debug, Default)]
pub struct ExportedPost {
    /// What the export calls it, unique among all imports: `blogger:tag:blogger.com,…`.
    pub key: String,
    pub title: String,
    /// The body as the old blog stored it (HTML, not yet cleaned).
    pub html: String,
    pub labels: Vec<String>,
    pub author: ExportedPerson,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub draft: bool,
    /// Where the old blog showed it.
    pub old_paths: Vec<OldPath>,
}

/// A comment as exported.
#[derive(Clone, Debug, Default)]
pub struct ExportedComment {
    pub key: String,
    /// The key of the post it is on.
    pub post_key: String,
    /// The key of the comment it answers, if any.
    pub parent_key: Option<String>,
    pub author: ExportedPerson,
    pub html: String,
    pub published: Option<DateTime<Utc>>,
}

/// Posts or comments: which pass of the import handles an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Post,
    Comment,
}

/// One thing read from an export.
#[derive(Clone, Debug)]
pub enum Item {
    Post(ExportedPost),
    Comment(ExportedComment),
    /// Something the import leaves out on purpose.
    Skipped(Kind, SkipReason),
}

/// Why an item was not imported; the summary counts each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    AlreadyImported,
    /// A static page, not a blog post.
    Page,
    /// An attachment, menu item, template or settings entry.
    NotAPost,
    /// In the old blog's trash, or deleted.
    Trashed,
    /// Spam, or never approved.
    NotApproved,
    /// A pingback or trackback.
    Pingback,
    /// A comment on a post that was not imported.
    PostMissing,
    /// Longer or more deeply nested than Lupa accepts in a post or comment.
    TooLarge,
    /// No text left after cleaning.
    Empty,
}

impl SkipReason {
    /// The reason as the summary prints it.
    pub fn describe(self) -> &'static str {
        match self {
            SkipReason::AlreadyImported => "already imported by an earlier run",
            SkipReason::Page => "a static page, not a blog post",
            SkipReason::NotAPost => "not a post or comment (attachment, menu, template, settings)",
            SkipReason::Trashed => "in the old blog's trash or deleted",
            SkipReason::NotApproved => "a comment never approved (spam, pending)",
            SkipReason::Pingback => "a pingback or trackback",
            SkipReason::PostMissing => "a comment on a post that was not imported",
            SkipReason::TooLarge => "too long or nested too deeply for Lupa",
            SkipReason::Empty => "no text after cleaning",
        }
    }
}

/// Why an import stopped. Nothing is written when the file is refused: every problem with
/// the file shows in the first pass, before any write.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error(
        "the file is in {0}, not UTF-8; convert it first (for example `iconv -f {0} -t UTF-8`)"
    )]
    Encoding(String),
    #[error(
        "the file is not valid UTF-8 near byte {at}; convert it first (for example `iconv -f WINDOWS-1252 -t UTF-8`)"
    )]
    NotUtf8 { at: u64 },
    #[error("the file is not well-formed XML near byte {at}: {message}")]
    Xml { at: u64, message: String },
    #[error(
        "the file uses the entity &{name}; near byte {at}, which XML does not define; entities declared in a DOCTYPE are never expanded (that is how entity bombs are refused)"
    )]
    Entity { name: String, at: u64 },
    #[error("this is not a {expected} export: its root element is <{found}>")]
    NotAnExport {
        expected: &'static str,
        found: String,
    },
    #[error("no organisation has the short name {0:?}; create it first with `lupa org create`")]
    UnknownOrganization(String),
    #[error("a person could not be created: {0}")]
    Person(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// An old address of a post, as Lupa keys it: the path lower-cased without a trailing slash
/// (`/2009/12/some-title.html`, `/2009/12/06/some-title`), or a WordPress id query
/// (`/?p=123`). Only these shapes are recorded and answered, so no address of Lupa's own is
/// ever taken over.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OldPath(String);

impl OldPath {
    /// The old address in an export: an absolute URL or a path (`blogger:filename`).
    pub fn from_url(url: &str) -> Option<OldPath> {
        let base = url::Url::parse("http://old.invalid/").ok()?;
        let parsed = base.join(url.trim()).ok()?;
        OldPath::from_request(parsed.path(), parsed.query())
    }

    /// The old address a request asks for, if it has one of the recorded shapes.
    pub fn from_request(path: &str, query: Option<&str>) -> Option<OldPath> {
        if path == "/" {
            let query = query?;
            return query.split('&').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                let id_like = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                (matches!(name, "p" | "page_id") && id_like && value.len() <= 12)
                    .then(|| OldPath(format!("/?{name}={value}")))
            });
        }
        if path.len() > 1000 {
            return None;
        }
        let trimmed = path.strip_suffix('/').unwrap_or(path);
        let parts: Vec<&str> = trimmed.split('/').skip(1).collect();
        let number = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        let dated = match parts.as_slice() {
            [y, m, slug] => number(y, 4) && number(m, 2) && !slug.is_empty(),
            [y, m, d, slug] => number(y, 4) && number(m, 2) && number(d, 2) && !slug.is_empty(),
            _ => false,
        };
        dated.then(|| OldPath(trimmed.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blogger_and_wordpress_addresses_are_keyed_the_same_from_exports_and_requests() {
        let cases = [
            (
                "http://tiimi.blogspot.com/2009/12/some-title.html",
                "/2009/12/some-title.html",
            ),
            ("/2009/12/Some-Title.html", "/2009/12/some-title.html"),
            (
                "https://blogi.example.fi/2009/12/some-title/",
                "/2009/12/some-title",
            ),
            (
                "https://blogi.example.fi/2009/12/06/some-title/",
                "/2009/12/06/some-title",
            ),
            ("https://blogi.example.fi/?p=123", "/?p=123"),
            ("https://blogi.example.fi/?page_id=7&x=1", "/?page_id=7"),
        ];
        for (url, key) in cases {
            assert_eq!(OldPath::from_url(url).unwrap().as_str(), key, "{url}");
        }
        assert_eq!(
            OldPath::from_request("/2009/12/some-title/", None),
            OldPath::from_url("/2009/12/some-title")
        );
    }

    #[test]
    fn lupas_own_addresses_are_never_old_ones() {
        for path in [
            "/posts/x",
            "/archive/2009/12",
            "/labels/vero",
            "/",
            "/2009/1/x",
            "/p/about.html",
        ] {
            assert_eq!(OldPath::from_request(path, None), None, "{path}");
        }
        assert_eq!(OldPath::from_request("/", Some("p=abc")), None);
        assert_eq!(OldPath::from_request("/", Some("q=1")), None);
    }
}
