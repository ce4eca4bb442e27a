//! The blog API's JSON: what clients send (`PostFields`, `CommentFields`, `ListQuery`) and
//! what they get back (`PostOut`, `PostList`, `CommentOut`).
//! `openapi.json` describes the same shapes; keep the two in step.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    auth::CurrentUser,
    blog::{
        model::{PostStatus, Visibility},
        service::PostInput,
        store::PostView,
    },
    comments::model::{CommentView, Shown, Thread},
    entities::comment,
    i18n::{Lang, Tr},
};

// ----- Request bodies -----

/// A post as written: every field optional. Creating fills in what is missing (members only,
/// draft, the site's language); editing keeps the post's value. `null` and `""` count as
/// missing for `language`, `visibility` and `status`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostFields {
    pub title: Option<String>,
    pub body: Option<String>,
    pub labels: Option<Vec<String>>,
    pub language: Option<String>,
    pub visibility: Option<String>,
    pub status: Option<String>,
}

fn given(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

impl PostFields {
    /// Input for a new post; the service's check reports what is wrong or missing.
    pub fn into_new_input(self, site_lang: Lang) -> PostInput {
        PostInput {
            title: self.title.unwrap_or_default(),
            body: self.body.unwrap_or_default(),
            labels: self.labels.unwrap_or_default(),
            language: Some(given(self.language).unwrap_or_else(|| site_lang.code().to_owned())),
            visibility: Some(
                given(self.visibility).unwrap_or_else(|| Visibility::Members.as_str().to_owned()),
            ),
            status: Some(
                given(self.status).unwrap_or_else(|| PostStatus::Draft.as_str().to_owned()),
            ),
        }
    }

    /// Input for an edit of `current`: the fields sent over the post's present values.
    pub fn into_patch_input(self, current: &PostView) -> PostInput {
        let p = &current.post;
        PostInput {
            title: self.title.unwrap_or_else(|| p.title.clone()),
            body: self.body.unwrap_or_else(|| p.body_md.clone()),
            labels: self
                .labels
                .unwrap_or_else(|| current.labels.iter().map(|l| l.name.clone()).collect()),
            language: Some(given(self.language).unwrap_or_else(|| p.language.clone())),
            visibility: Some(given(self.visibility).unwrap_or_else(|| p.visibility.clone())),
            status: Some(given(self.status).unwrap_or_else(|| p.status.clone())),
        }
    }
}

/// A comment as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentFields {
    pub body: Option<String>,
    pub parent_id: Option<i32>,
}

/// The query of `GET /api/v1/posts`. Everything is read leniently: an unreadable page is
/// page 1, and a filter naming nothing that exists matches no posts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub page: Option<String>,
    pub label: Option<String>,
    pub author: Option<String>,
    pub organization: Option<String>,
}

impl ListQuery {
    /// From a raw query string; repeated keys keep their last value.
    pub fn parse(raw: Option<&str>) -> ListQuery {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        let mut q = ListQuery::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "page" => &mut q.page,
                "label" => &mut q.label,
                "author" => &mut q.author,
                "organization" => &mut q.organization,
                _ => continue,
            };
            *slot = Some(value).filter(|v| !v.trim().is_empty());
        }
        q
    }

    /// The page number, from 1 (and at most `MAX_PAGE`, so the offset stays a small number
    /// for the database).
    pub fn page(&self) -> u64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<u64>().ok())
            .filter(|&n| n >= 1)
            .unwrap_or(1)
            .min(Self::MAX_PAGE)
    }

    pub const MAX_PAGE: u64 = 1_000_000_000;
}

// ----- Responses -----

/// A person beside what they wrote.
#[derive(Clone, Debug, Serialize)]
pub struct AuthorOut {
    pub id: i32,
    pub name: String,
}

/// The organisation a post is signed with.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationOut {
    pub short_name: String,
    pub name: String,
}

/// A post as read back.
#[derive(Clone, Debug, Serialize)]
pub struct PostOut {
    pub slug: String,
    /// Absolute URL of the post's page.
    pub url: String,
    pub title: String,
    /// Markdown as written.
    pub body: String,
    /// The sanitised HTML the site shows.
    pub body_html: String,
    /// Label names, alphabetically.
    pub labels: Vec<String>,
    pub language: String,
    pub visibility: String,
    pub status: String,
    pub author: AuthorOut,
    pub organisation: OrganisationOut,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// When the text last changed after publication (the page's "edited" marker).
    pub edited_at: Option<DateTime<Utc>>,
    pub comment_count: i64,
    /// Only when one post is asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<Vec<CommentOut>>,
}

impl PostOut {
    /// `base_url` is the site's public address without a trailing slash.
    /// Names are shown in the reader's language `t` (a removed author's).
    pub fn new(view: PostView, base_url: &str, t: &Tr) -> PostOut {
        let PostView {
            post: p,
            author,
            organization,
            labels,
            comment_count,
        } = view;
        PostOut {
            url: format!(
                "{}{}",
                base_url.trim_end_matches('/'),
                super::visibility::url(&p)
            ),
            slug: p.slug,
            title: p.title,
            body: p.body_md,
            body_html: p.body_html,
            labels: labels.into_iter().map(|l| l.name).collect(),
            language: p.language,
            visibility: p.visibility,
            status: p.status,
            author: AuthorOut {
                id: author.id,
                name: author.name.shown(t),
            },
            organisation: OrganisationOut {
                short_name: organization.short_name,
                name: organization.name,
            },
            published_at: p.published_at,
            updated_at: p.updated_at,
            edited_at: p.edited_at,
            comment_count,
            comments: None,
        }
    }
}

/// One page of posts.
#[derive(Clone, Debug, Serialize)]
pub struct PostList {
    pub posts: Vec<PostOut>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// How a comment shows, as on the post page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentState {
    Visible,
    /// Removed by its author; kept as a placeholder while replies under it are shown.
    Removed,
    /// Hidden by a moderator: a placeholder, except for moderators, who get the text.
    Hidden,
    /// Waiting for a moderator, rejected or hidden by flags: shown to its author and the
    /// moderators only.
    Pending,
}

/// A comment as read back. Placeholders (removed, or hidden from this caller) have no
/// author or text, so that replies under them keep their place.
#[derive(Clone, Debug, Serialize)]
pub struct CommentOut {
    pub id: i32,
    /// The comment this one shows under.
    pub parent_id: Option<i32>,
    pub state: CommentState,
    pub author: Option<AuthorOut>,
    /// Markdown as written.
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
}

impl CommentOut {
    /// A comment just written by `author`.
    pub fn written(saved: comment::Model, author: &CurrentUser) -> CommentOut {
        CommentOut {
            id: saved.id,
            parent_id: saved.parent_id,
            state: if saved.moderation().is_visible() {
                CommentState::Visible
            } else {
                CommentState::Pending
            },
            author: Some(AuthorOut {
                id: author.id,
                name: author.display_name.clone(),
            }),
            body: Some(saved.body_md),
            body_html: Some(saved.body_html),
            created_at: saved.created_at,
            edited_at: saved.edited_at,
        }
    }

    /// A thread as a flat list in reading order (each comment followed by its replies);
    /// `markdown` has the comments' Markdown by id.
    pub fn flatten(thread: Thread, markdown: &HashMap<i32, String>, t: &Tr) -> Vec<CommentOut> {
        fn walk(
            nodes: Vec<CommentView>,
            parent_id: Option<i32>,
            markdown: &HashMap<i32, String>,
            t: &Tr,
            out: &mut Vec<CommentOut>,
        ) {
            for node in nodes {
                let shows_text = node.shows_text();
                let state = match node.shown {
                    Shown::Visible => CommentState::Visible,
                    Shown::Removed => CommentState::Removed,
                    Shown::Hidden | Shown::HiddenForModerator => CommentState::Hidden,
                    Shown::Pending => CommentState::Pending,
                };
                out.push(CommentOut {
                    id: node.id,
                    parent_id,
                    state,
                    author: node.author.filter(|_| shows_text).map(|a| AuthorOut {
                        id: a.id,
                        name: a.name.shown(t),
                    }),
                    body: shows_text.then(|| markdown.get(&node.id).cloned().unwrap_or_default()),
                    body_html: shows_text.then(|| node.body.into_string()),
                    created_at: node.created_at,
                    edited_at: node.edited_at,
                });
                walk(node.replies, Some(node.id), markdown, t, out);
            }
        }
        let mut out = Vec::new();
        walk(thread.roots, None, markdown, t, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_queries_are_read_leniently() {
        let q = ListQuery::parse(Some("page=3&label=verotus&author=&x=1"));
        assert_eq!(q.page(), 3);
        assert_eq!(q.label.as_deref(), Some("verotus"));
        assert_eq!(q.author, None);
        assert_eq!(ListQuery::parse(Some("page=0")).page(), 1);
        assert_eq!(ListQuery::parse(Some("page=abc")).page(), 1);
        assert_eq!(ListQuery::parse(None).page(), 1);
        assert_eq!(ListQuery::parse(Some("page=1&page=2")).page(), 2);
        let huge = ListQuery::parse(Some("page=18446744073709551615")).page();
        assert_eq!(huge, ListQuery::MAX_PAGE);
    }

    #[test]
    fn new_posts_default_to_members_only_drafts_in_the_site_language() {
        let input = PostFields {
            title: Some("Hei".into()),
            status: Some(String::new()),
            ..Default::default()
        }
        .into_new_input(Lang::Sv);
        assert_eq!(input.language.as_deref(), Some("sv"));
        assert_eq!(input.visibility.as_deref(), Some("members"));
        assert_eq!(input.status.as_deref(), Some("draft"));
        assert_eq!(input.body, "");
    }

    fn node(id: i32, shown: Shown, replies: Vec<CommentView>) -> CommentView {
        CommentView {
            id,
            depth: 0,
            shown,
            author: (shown == Shown::Visible).then(|| crate::blog::store::AuthorRef {
                id: 7,
                name: crate::people::model::PersonName::named("Aino"),
            }),
            author_has_page: false,
            organization: None,
            created_at: Utc::now(),
            edited_at: None,
            body: crate::markdown::SafeHtml::from_stored(format!("<p>c{id}</p>")),
            is_own: false,
            moderation: crate::moderation::model::ModerationState::Visible,
            moderation_reason: None,
            replies,
        }
    }

    #[test]
    fn threads_flatten_in_reading_order_with_placeholders_kept_textless() {
        let thread = Thread {
            roots: vec![
                node(1, Shown::Removed, vec![node(2, Shown::Visible, vec![])]),
                node(3, Shown::Hidden, vec![]),
                node(4, Shown::Visible, vec![]),
            ],
            visible_count: 2,
        };
        let markdown: HashMap<i32, String> = (1..=4).map(|i| (i, format!("c{i}"))).collect();
        let flat = CommentOut::flatten(thread, &markdown, &Tr::new(Lang::Fi));
        let outline: Vec<(i32, Option<i32>, CommentState)> =
            flat.iter().map(|c| (c.id, c.parent_id, c.state)).collect();
        assert_eq!(
            outline,
            [
                (1, None, CommentState::Removed),
                (2, Some(1), CommentState::Visible),
                (3, None, CommentState::Hidden),
                (4, None, CommentState::Visible),
            ]
        );
        assert!(flat[0].body.is_none() && flat[0].body_html.is_none() && flat[0].author.is_none());
        assert!(flat[2].body.is_none() && flat[2].author.is_none());
        assert_eq!(flat[3].body.as_deref(), Some("c4"));
        assert_eq!(flat[3].body_html.as_deref(), Some("<p>c4</p>"));
        assert_eq!(flat[3].author.as_ref().map(|a| a.id), Some(7));
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<PostFields>(r#"{"titel": "x"}"#).is_err());
        assert!(serde_json::from_str::<CommentFields>(r#"{"body": "x", "parent_id": 3}"#).is_ok());
    }
}
