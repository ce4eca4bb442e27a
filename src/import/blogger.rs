//! Blogger's export: an Atom feed of entries. The classic export tells posts from comments
//! by a `kind#…` category, threads comments with `thr:in-reply-to` (and a `related` link to
//! the comment answered) and marks drafts with `app:draft`; the newer one says
//! `blogger:type`, `blogger:status`, `blogger:parent` and `blogger:filename`.
use chrono::{DateTime, Utc};

use super::{
    model::{
        ExportedComment, ExportedPerson, ExportedPost, ImportError, Item, Kind, OldPath, SkipReason,
    },
    xml::{Element, ExportReader},
};

const KIND_SCHEME: &str = "http://schemas.google.com/g/2005#kind";

/// Blogger's entries, one at a time.
pub struct BloggerReader {
    xml: ExportReader,
}

impl BloggerReader {
    pub fn new(xml: ExportReader) -> BloggerReader {
        BloggerReader { xml }
    }

    pub fn xml(&self) -> &ExportReader {
        &self.xml
    }

    /// The items of the next entry; `None` at the end.
    pub fn next_items(&mut self) -> Result<Option<Vec<Item>>, ImportError> {
        let Some(entry) = self.xml.next_element(&["entry"])? else {
            return Ok(None);
        };
        Ok(Some(vec![item(&entry)]))
    }
}

/// What an entry is: `post`, `comment`, `page`, … in lower case.
fn kind_of(entry: &Element) -> String {
    if let Some(kind) = entry.text_of("blogger:type") {
        return kind.to_ascii_lowercase();
    }
    entry
        .children_named("category")
        .find(|c| c.attr("scheme") == Some(KIND_SCHEME))
        .and_then(|c| c.attr("term"))
        .and_then(|term| term.rsplit_once('#'))
        .map(|(_, kind)| kind.to_ascii_lowercase())
        .unwrap_or_default()
}

fn item(entry: &Element) -> Item {
    let kind = kind_of(entry);
    let skip_kind = if kind == "comment" {
        Kind::Comment
    } else {
        Kind::Post
    };
    if entry.oversized {
        return Item::Skipped(skip_kind, SkipReason::TooLarge);
    }
    let status = entry.text_of("blogger:status").map(str::to_ascii_uppercase);
    if matches!(
        status.as_deref(),
        Some("DELETED" | "SOFT_TRASHED" | "TRASHED" | "PURGED")
    ) {
        return Item::Skipped(skip_kind, SkipReason::Trashed);
    }
    match kind.as_str() {
        "post" => Item::Post(post(entry, status.as_deref())),
        "comment" => {
            if status.as_deref().is_some_and(|s| s != "LIVE") {
                return Item::Skipped(Kind::Comment, SkipReason::NotApproved);
            }
            match comment(entry) {
                Some(c) => Item::Comment(c),
                None => Item::Skipped(Kind::Comment, SkipReason::PostMissing),
            }
        }
        "page" => Item::Skipped(Kind::Post, SkipReason::Page),
        _ => Item::Skipped(Kind::Post, SkipReason::NotAPost),
    }
}

fn post(entry: &Element, status: Option<&str>) -> ExportedPost {
    let draft = status == Some("DRAFT")
        || entry
            .child("app:control")
            .and_then(|c| c.text_of("app:draft"))
            .is_some_and(|d| d.eq_ignore_ascii_case("yes"));
    let labels = entry
        .children_named("category")
        .filter(|c| c.attr("scheme") != Some(KIND_SCHEME))
        .filter_map(|c| c.attr("term"))
        .map(str::to_owned)
        .collect();
    let mut old_paths: Vec<OldPath> = entry
        .children_named("link")
        .filter(|l| l.attr("rel") == Some("alternate"))
        .filter_map(|l| l.attr("href"))
        .chain(entry.text_of("blogger:filename"))
        .filter_map(OldPath::from_url)
        .collect();
    old_paths.dedup();
    ExportedPost {
        key: key(entry),
        title: entry.text_of("title").unwrap_or_default().to_owned(),
        html: entry
            .child("content")
            .map(|c| c.text.clone())
            .unwrap_or_default(),
        labels,
        author: ExportedPerson {
            account: true,
            ..author(entry)
        },
        published: time(entry, "published"),
        updated: time(entry, "updated"),
        draft,
        old_paths,
    }
}

fn comment(entry: &Element) -> Option<ExportedComment> {
    let post_id = entry
        .child("thr:in-reply-to")
        .and_then(|r| r.attr("ref"))
        .or_else(|| entry.text_of("blogger:parent"))?;
    let own_id = entry.text_of("id").unwrap_or_default();
    // A reply names the comment it answers: the newer export by id, the classic one by a
    // `related` link ending in that comment's number.
    let parent = entry
        .text_of("blogger:inReplyTo")
        .map(str::to_owned)
        .or_else(|| {
            let href = entry
                .children_named("link")
                .find(|l| l.attr("rel") == Some("related"))?
                .attr("href")?;
            let number = href.trim_end_matches('/').rsplit('/').next()?;
            let (blog, _) = own_id.rsplit_once(".post-")?;
            Some(format!("{blog}.post-{number}"))
        });
    Some(ExportedComment {
        key: key(entry),
        post_key: format!("blogger:{post_id}"),
        parent_key: parent.map(|p| format!("blogger:{p}")),
        author: author(entry),
        html: entry
            .child("content")
            .map(|c| c.text.clone())
            .unwrap_or_default(),
        published: time(entry, "published"),
    })
}

fn key(entry: &Element) -> String {
    format!("blogger:{}", entry.text_of("id").unwrap_or_default())
}

fn author(entry: &Element) -> ExportedPerson {
    let Some(author) = entry.child("author") else {
        return ExportedPerson::default();
    };
    ExportedPerson {
        name: author.text_of("name").unwrap_or_default().to_owned(),
        // Blogger writes this address for everyone who hid theirs.
        email: author
            .text_of("email")
            .filter(|e| !e.eq_ignore_ascii_case("noreply@blogger.com"))
            .map(str::to_owned),
        // A Blogger profile link: they wrote signed in.
        account: author.text_of("uri").is_some(),
    }
}

fn time(entry: &Element, name: &str) -> Option<DateTime<Utc>> {
    entry
        .text_of(name)
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
}
