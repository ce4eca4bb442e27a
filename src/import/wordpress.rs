//! WordPress's export (WXR): an RSS channel with the site's authors (`wp:author`) and one
//! `<item>` per post, page or attachment, each post with its categories and tags and its
//! comments (`wp:comment`, threaded by `wp:comment_parent`).
use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::{
    model::{
        ExportedComment, ExportedPerson, ExportedPost, ImportError, Item, Kind, OldPath, SkipReason,
    },
    xml::{Element, ExportReader},
};

/// WordPress's items, one at a time, with the authors the channel named before them.
pub struct WordPressReader {
    xml: ExportReader,
    /// The site's address, which makes post and comment ids unique across sites.
    site: String,
    /// Authors by login (`dc:creator`) and by user id (`wp:comment_user_id`).
    by_login: HashMap<String, ExportedPerson>,
    by_id: HashMap<String, ExportedPerson>,
}

impl WordPressReader {
    pub fn new(xml: ExportReader) -> WordPressReader {
        WordPressReader {
            xml,
            site: String::new(),
            by_login: HashMap::new(),
            by_id: HashMap::new(),
        }
    }

    pub fn xml(&self) -> &ExportReader {
        &self.xml
    }

    /// The items of the next post (the post and its comments); `None` at the end.
    pub fn next_items(&mut self) -> Result<Option<Vec<Item>>, ImportError> {
        loop {
            let Some(element) =
                self.xml
                    .next_element(&["item", "wp:author", "wp:base_blog_url", "link"])?
            else {
                return Ok(None);
            };
            match element.name.as_str() {
                "wp:base_blog_url" => self.site = element.text.trim().to_owned(),
                // The channel's link comes before any item; an item's own is read with it.
                "link" if self.site.is_empty() => self.site = element.text.trim().to_owned(),
                "wp:author" => self.add_author(&element),
                "item" => return Ok(Some(self.items(&element))),
                _ => {}
            }
        }
    }

    fn add_author(&mut self, author: &Element) {
        let name = author
            .text_of("wp:author_display_name")
            .or_else(|| author.text_of("wp:author_login"))
            .unwrap_or_default();
        let person = ExportedPerson {
            name: name.to_owned(),
            email: author.text_of("wp:author_email").map(str::to_owned),
            account: true,
        };
        if let Some(id) = author.text_of("wp:author_id") {
            self.by_id.insert(id.to_owned(), person.clone());
        }
        if let Some(login) = author.text_of("wp:author_login") {
            self.by_login.insert(login.to_owned(), person);
        }
    }

    fn key(&self, what: &str, id: &str) -> String {
        format!("wordpress:{}:{what}:{id}", self.site.trim_end_matches('/'))
    }

    fn items(&self, item: &Element) -> Vec<Item> {
        if item.oversized {
            return vec![Item::Skipped(Kind::Post, SkipReason::TooLarge)];
        }
        match item.text_of("wp:post_type").unwrap_or("post") {
            "post" => {}
            "page" => return vec![Item::Skipped(Kind::Post, SkipReason::Page)],
            _ => return vec![Item::Skipped(Kind::Post, SkipReason::NotAPost)],
        }
        let draft = match item.text_of("wp:status").unwrap_or("publish") {
            "publish" | "future" => false,
            "trash" | "inherit" => return vec![Item::Skipped(Kind::Post, SkipReason::Trashed)],
            // draft, pending, private, auto-draft: not for the public.
            _ => true,
        };
        let id = item.text_of("wp:post_id").unwrap_or_default();
        let mut old_paths: Vec<OldPath> = [item.text_of("link"), item.text_of("guid")]
            .into_iter()
            .flatten()
            .filter_map(OldPath::from_url)
            .chain(OldPath::from_request("/", Some(&format!("p={id}"))))
            .collect();
        old_paths.dedup();
        let post = ExportedPost {
            key: self.key("post", id),
            title: item.text_of("title").unwrap_or_default().to_owned(),
            html: paragraphs(
                item.child("content:encoded")
                    .map_or("", |c| c.text.as_str()),
            ),
            labels: item
                .children_named("category")
                .filter(|c| matches!(c.attr("domain"), Some("category" | "post_tag")))
                .map(|c| c.text.trim().to_owned())
                .filter(|name| !name.is_empty() && name != "Uncategorized")
                .collect(),
            author: item
                .text_of("dc:creator")
                .and_then(|login| self.by_login.get(login).cloned())
                .unwrap_or_else(|| ExportedPerson {
                    name: item.text_of("dc:creator").unwrap_or_default().to_owned(),
                    email: None,
                    account: true,
                }),
            published: time(item, "wp:post_date_gmt")
                .or_else(|| time(item, "wp:post_date"))
                .or_else(|| {
                    item.text_of("pubDate")
                        .and_then(|t| DateTime::parse_from_rfc2822(t).ok())
                        .map(|t| t.with_timezone(&Utc))
                }),
            updated: time(item, "wp:post_modified_gmt"),
            draft,
            old_paths,
        };
        let post_key = post.key.clone();
        let mut items = vec![Item::Post(post)];
        items.extend(
            item.children_named("wp:comment")
                .map(|c| self.comment(c, &post_key)),
        );
        items
    }

    fn comment(&self, c: &Element, post_key: &str) -> Item {
        if matches!(c.text_of("wp:comment_type"), Some("pingback" | "trackback")) {
            return Item::Skipped(Kind::Comment, SkipReason::Pingback);
        }
        if c.text_of("wp:comment_approved") != Some("1") {
            return Item::Skipped(Kind::Comment, SkipReason::NotApproved);
        }
        let id = c.text_of("wp:comment_id").unwrap_or_default();
        let parent = c.text_of("wp:comment_parent").filter(|p| *p != "0");
        let account = c
            .text_of("wp:comment_user_id")
            .filter(|u| *u != "0")
            .and_then(|u| self.by_id.get(u).cloned());
        let author = account.unwrap_or_else(|| ExportedPerson {
            name: c
                .text_of("wp:comment_author")
                .unwrap_or_default()
                .to_owned(),
            email: c.text_of("wp:comment_author_email").map(str::to_owned),
            account: false,
        });
        Item::Comment(ExportedComment {
            key: self.key("comment", id),
            post_key: post_key.to_owned(),
            parent_key: parent.map(|p| self.key("comment", p)),
            author,
            html: paragraphs(
                c.child("wp:comment_content")
                    .map_or("", |t| t.text.as_str()),
            ),
            published: time(c, "wp:comment_date_gmt").or_else(|| time(c, "wp:comment_date")),
        })
    }
}

/// WordPress stores text with blank lines for paragraphs and adds the `<p>`s when it shows a
/// page; the import adds them once: each block not already an HTML block becomes a paragraph,
/// single line breaks `<br>`.
fn paragraphs(text: &str) -> String {
    const BLOCKS: [&str; 12] = [
        "<p",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<blockquote",
        "<pre",
    ];
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty())
        .map(|block| {
            let lower = block.get(..12).unwrap_or(block).to_ascii_lowercase();
            if BLOCKS.iter().any(|b| lower.starts_with(b)) || lower.starts_with("<table") {
                block.to_owned()
            } else {
                format!("<p>{}</p>", block.replace('\n', "<br>\n"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// WordPress's `2009-12-06 08:00:00` (in UTC for the `_gmt` fields); its "never" is
/// `0000-00-00 00:00:00`.
fn time(element: &Element, name: &str) -> Option<DateTime<Utc>> {
    let text = element.text_of(name)?;
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn blank_lines_become_paragraphs_and_html_blocks_stay() {
        assert_eq!(
            paragraphs("Hei\nmaailma\r\n\r\n<h2>Otsikko</h2>\n\nLoppu"),
            "<p>Hei<br>\nmaailma</p>\n<h2>Otsikko</h2>\n<p>Loppu</p>"
        );
    }
}
