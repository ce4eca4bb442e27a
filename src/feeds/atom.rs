//! Atom (RFC 4287) documents for posts and comments, built from already-loaded rows.
//! Everything here is public content: the handlers choose what goes in.
use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text,
};
use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::{
    blog::store::PostView,
    comments::store::Byline,
    entities::{comment, post},
    i18n::Tr,
    markdown,
};

/// The media type feeds are served with.
pub const CONTENT_TYPE: &str = "application/atom+xml; charset=utf-8";
/// Most entries in a feed.
pub const MAX_ENTRIES: u64 = 20;

/// What describes a feed as a whole.
#[derive(Clone, Debug)]
pub struct FeedInfo {
    /// The site's public address without a trailing `/`, e.g. `https://lupa.example.fi`.
    pub base: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Path of the feed itself, e.g. `/labels/verotus/feed.atom`; with `base` it is the
    /// feed's id and `rel="self"` link.
    pub self_path: String,
    /// Path of the page the feed follows, e.g. `/labels/verotus`.
    pub page_path: String,
    /// Language of the feed's own texts.
    pub lang: String,
}

impl FeedInfo {
    /// The feed's texts' translator (names of removed people are shown in it).
    pub fn tr(&self) -> Tr {
        Tr::new(crate::i18n::Lang::parse(&self.lang).unwrap_or(crate::i18n::Lang::Fi))
    }
}

fn at(t: &DateTime<Utc>) -> FixedDateTime {
    t.fixed_offset()
}

fn link(href: String, rel: &str, mime_type: &str) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Default::default()
    }
}

fn text(value: impl Into<String>, lang: &str) -> Text {
    Text {
        lang: Some(lang.to_owned()),
        ..Text::plain(value)
    }
}

fn html_content(html: String, lang: &str) -> Content {
    Content {
        value: Some(html),
        content_type: Some("html".to_owned()),
        lang: Some(lang.to_owned()),
        ..Default::default()
    }
}

fn feed(info: &FeedInfo, entries: Vec<Entry>, updated_if_empty: DateTime<Utc>) -> Feed {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| at(&updated_if_empty));
    let self_href = format!("{}{}", info.base, info.self_path);
    Feed {
        id: self_href.clone(),
        title: text(info.title.clone(), &info.lang),
        subtitle: info.subtitle.clone().map(|s| text(s, &info.lang)),
        updated,
        links: vec![
            link(self_href, "self", "application/atom+xml"),
            link(
                format!("{}{}", info.base, info.page_path),
                "alternate",
                "text/html",
            ),
        ],
        generator: Some(Generator {
            value: "Lupa".to_owned(),
            ..Default::default()
        }),
        lang: Some(info.lang.clone()),
        entries,
        ..Default::default()
    }
}

/// A feed of posts, newest first. `updated` is the newest entry's, or `now` when empty.
pub fn posts_feed(info: &FeedInfo, posts: &[PostView], now: DateTime<Utc>) -> Feed {
    let t = info.tr();
    let entries = posts
        .iter()
        .map(|p| post_entry(&info.base, p, &t))
        .collect();
    feed(info, entries, now)
}

fn post_entry(base: &str, view: &PostView, t: &Tr) -> Entry {
    let p = &view.post;
    let lang = p.language.as_str();
    let href = format!("{base}/posts/{}", p.slug);
    let published = p.published_at.unwrap_or(p.created_at);
    Entry {
        id: href.clone(),
        title: text(p.title.clone(), lang),
        updated: at(&p.edited_at.unwrap_or(published).max(published)),
        published: Some(at(&published)),
        authors: vec![Person {
            name: view.author.name.shown(t),
            uri: Some(format!("{base}/people/{}", view.author.id)),
            ..Default::default()
        }],
        categories: view
            .labels
            .iter()
            .map(|l| Category {
                term: l.slug.clone(),
                scheme: Some(format!("{base}/labels/")),
                label: Some(l.name.clone()),
            })
            .collect(),
        links: vec![link(href, "alternate", "text/html")],
        summary: Some(text(p.excerpt.clone(), lang)),
        content: Some(html_content(p.body_html.clone(), lang)),
        ..Default::default()
    }
}

/// A feed of one post's comments, newest first. `updated` is the newest comment's, or the
/// post's publication time when there are none. A commenter's name links to their page only
/// when they have one for the feed's readers (`with_pages`); otherwise it is the name alone.
pub fn comments_feed(
    info: &FeedInfo,
    t: Tr,
    post: &post::Model,
    comments: &[(comment::Model, Option<Byline>)],
    with_pages: &std::collections::HashSet<i32>,
) -> Feed {
    let lang = post.language.as_str();
    let entries = comments
        .iter()
        .map(|(c, byline)| {
            let href = format!(
                "{}{}",
                info.base,
                crate::comments::visibility::url(&crate::blog::visibility::url(post), c.id)
            );
            let name = byline
                .as_ref()
                .map(|b| b.author.name.shown(&t))
                .unwrap_or_default();
            Entry {
                id: href.clone(),
                title: text(t.arg("feed-comment-title", "name", &name), &info.lang),
                updated: at(&c.edited_at.unwrap_or(c.created_at).max(c.created_at)),
                published: Some(at(&c.created_at)),
                authors: vec![Person {
                    name,
                    uri: with_pages
                        .contains(&c.author_id)
                        .then(|| format!("{}/people/{}", info.base, c.author_id)),
                    ..Default::default()
                }],
                links: vec![link(href, "alternate", "text/html")],
                summary: Some(text(markdown::excerpt(&c.body_md, 300), lang)),
                content: Some(html_content(c.body_html.clone(), lang)),
                ..Default::default()
            }
        })
        .collect();
    feed(info, entries, post.published_at.unwrap_or(post.created_at))
}

/// The feed as an XML document, without any character XML 1.0 forbids. Input is cleaned
/// before it is stored (`crate::text`), but rows written before that, or by hand, may still
/// hold control characters, and one of them would make the whole feed unreadable. The writer
/// only ever puts them inside text, so dropping them from the output is safe.
pub fn to_xml(feed: &Feed) -> Result<Vec<u8>, atom_syndication::Error> {
    let xml = feed.write_to(Vec::new())?;
    if let Ok(s) = std::str::from_utf8(&xml)
        && let Cow::Owned(cleaned) = crate::text::clean(s)
    {
        return Ok(cleaned.into_bytes());
    }
    Ok(xml)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::{
        blog::store::{AuthorRef, LabelRef, OrgRef},
        i18n::Lang,
    };

    fn info() -> FeedInfo {
        FeedInfo {
            base: "https://lupa.example.fi".into(),
            title: "Lupa".into(),
            subtitle: None,
            self_path: "/feed.atom".into(),
            page_path: "/".into(),
            lang: "fi".into(),
        }
    }

    fn view() -> PostView {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        PostView {
            post: post::Model {
                id: 1,
                slug: "verotus-uudistuu".into(),
                title: "Verotus uudistuu".into(),
                body_md: "Hei".into(),
                body_html: "<p>Hei &amp; moi</p>".into(),
                excerpt: "Hei".into(),
                language: "fi".into(),
                visibility: "public".into(),
                status: "published".into(),
                author_id: 3,
                organization_id: 4,
                published_at: Some(t),
                published_month: Some("2026-03".into()),
                created_at: t,
                updated_at: t,
                edited_at: None,
                moderation_state: "visible".into(),
                moderation_reason: None,
            },
            author: AuthorRef {
                id: 3,
                name: crate::people::model::PersonName::named("Aino"),
            },
            organization: OrgRef {
                id: 4,
                name: "Vero".into(),
                short_name: "vero".into(),
            },
            labels: vec![LabelRef {
                name: "Verotus".into(),
                slug: "verotus".into(),
            }],
            comment_count: 0,
        }
    }

    #[test]
    fn a_post_feed_round_trips_with_ids_links_and_html_content() {
        let now = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
        let xml = to_xml(&posts_feed(&info(), &[view()], now)).unwrap();
        let parsed = Feed::read_from(&xml[..]).unwrap();
        assert_eq!(parsed.id(), "https://lupa.example.fi/feed.atom");
        assert!(
            parsed
                .links()
                .iter()
                .any(|l| l.rel() == "self" && l.href() == "https://lupa.example.fi/feed.atom")
        );
        // The newest entry's time, not the time of the request.
        assert_eq!(parsed.updated().to_rfc3339(), "2026-03-01T09:00:00+00:00");
        let entry = &parsed.entries()[0];
        assert_eq!(entry.id(), "https://lupa.example.fi/posts/verotus-uudistuu");
        assert_eq!(
            entry.authors()[0].uri(),
            Some("https://lupa.example.fi/people/3")
        );
        assert_eq!(entry.categories()[0].term(), "verotus");
        let content = entry.content().unwrap();
        assert_eq!(content.content_type(), Some("html"));
        assert_eq!(content.value(), Some("<p>Hei &amp; moi</p>"));
    }

    #[test]
    fn control_characters_in_old_rows_never_reach_the_xml() {
        let now = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
        let mut v = view();
        v.post.title = "Vanha\u{1}\u{b} otsikko\u{fffe}".into();
        v.post.excerpt = "Ote\u{1b}[0m\ttab".into();
        v.post.body_html = "<p>Sisältö\u{0}</p>".into();
        v.author.name = crate::people::model::PersonName::named("Aino\u{7}");
        v.labels[0].name = "Vero\u{1f}".into();
        let xml = to_xml(&posts_feed(&info(), &[v], now)).unwrap();
        let xml = String::from_utf8(xml).unwrap();
        assert!(!xml.chars().any(crate::text::is_forbidden), "{xml}");
        let parsed = Feed::read_from(xml.as_bytes()).unwrap();
        let entry = &parsed.entries()[0];
        assert_eq!(entry.title().as_str(), "Vanha otsikko");
        assert_eq!(entry.summary().unwrap().as_str(), "Ote[0m\ttab");
        assert_eq!(entry.authors()[0].name(), "Aino");
    }

    #[test]
    fn an_empty_feed_is_updated_now() {
        let now = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
        let feed = posts_feed(&info(), &[], now);
        assert_eq!(feed.updated, now.fixed_offset());
    }

    #[test]
    fn comment_entries_are_titled_by_their_author_and_link_to_the_comment() {
        let post = view().post;
        let c = comment::Model {
            id: 9,
            post_id: 1,
            parent_id: None,
            depth: 0,
            author_id: 3,
            body_md: "Hyvä **pointti**".into(),
            body_html: "<p>Hyvä <strong>pointti</strong></p>".into(),
            created_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            edited_at: None,
            deleted_at: None,
            hidden_at: None,
            hidden_by: None,
            moderation_state: "visible".into(),
            moderation_reason: None,
        };
        let byline = Byline {
            author: AuthorRef {
                id: 3,
                name: crate::people::model::PersonName::named("Aino"),
            },
            organization: None,
        };
        let feed = comments_feed(
            &info(),
            Tr::new(Lang::Fi),
            &post,
            &[(c.clone(), Some(byline.clone()))],
            &[3].into(),
        );
        let entry = &feed.entries[0];
        assert_eq!(
            entry.authors[0].uri.as_deref(),
            Some("https://lupa.example.fi/people/3")
        );
        let unlinked = comments_feed(
            &info(),
            Tr::new(Lang::Fi),
            &post,
            &[(c, Some(byline))],
            &Default::default(),
        );
        assert_eq!(unlinked.entries[0].authors[0].uri, None, "no page, no link");
        assert_eq!(entry.title.as_str(), "Aino kommentoi");
        assert_eq!(
            entry.id,
            "https://lupa.example.fi/posts/verotus-uudistuu#comment-9"
        );
        assert_eq!(entry.summary.as_ref().unwrap().as_str(), "Hyvä pointti");
        assert_eq!(feed.updated.to_rfc3339(), "2026-03-02T09:00:00+00:00");
    }
}
